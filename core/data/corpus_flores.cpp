#include <algorithm>

#include <fmt/format.h>

#include "core/common/error.h"
#include "core/data/corpus.h"
#include "core/data/corpus_files.h"
#include "core/data/languages.h"

namespace fs = std::filesystem;

namespace layermoe {

namespace {

fs::path dev_file(const fs::path& dir, const std::string& code) { return dir / "dev" / (code + ".dev"); }
fs::path devtest_file(const fs::path& dir, const std::string& code) { return dir / "devtest" / (code + ".devtest"); }

LanguageText read_flores_language(const fs::path& dir, const std::string& code, const CorpusOptions& opts) {
    std::error_code ec;
    for (const auto& file : {dev_file(dir, code), devtest_file(dir, code)})
        if (!fs::is_regular_file(file, ec))
            throw Error(fmt::format("FLORES corpus {} has no {}/{} for language '{}' (it has: {})", dir.string(),
                                    file.parent_path().filename().string(), file.filename().string(), code,
                                    describe_codes(flores_languages(dir))));
    LanguageText text{code, read_documents_txt(dev_file(dir, code)), read_documents_txt(devtest_file(dir, code)),
                      dev_file(dir, code).string() + ", " + devtest_file(dir, code).string()};
    truncate_documents(text.train, opts.max_documents);
    truncate_documents(text.heldout, opts.max_documents);
    return text;
}

}  // namespace

std::vector<std::string> flores_languages(const fs::path& dir) {
    std::vector<std::string> codes;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir / "dev", ec)) {
        const std::string code = entry.path().stem().string();
        if (entry.path().extension() == ".dev" && find_language(code) &&
            fs::is_regular_file(devtest_file(dir, code), ec))
            codes.push_back(code);
    }
    std::sort(codes.begin(), codes.end());
    return codes;
}

Corpus read_flores(const fs::path& dir, const std::vector<std::string>& langs, const CorpusOptions& opts) {
    check_options(opts);
    Corpus corpus{dir.string(), "flores", {}};
    for (const auto& code : resolve_languages(langs, flores_languages, dir))
        corpus.languages[code] = read_flores_language(dir, code, opts);
    return corpus;
}

}  // namespace layermoe
