#include <algorithm>

#include <fmt/format.h>

#include "core/common/error.h"
#include "core/data/corpus.h"
#include "core/data/corpus_files.h"
#include "core/data/languages.h"

namespace fs = std::filesystem;

namespace layermoe {

namespace {

// The one file holding code's documents; two candidates would make the choice a guess.
fs::path text_file_for(const fs::path& dir, const std::string& code) {
    std::error_code ec;
    const fs::path txt = dir / (code + ".txt"), jsonl = dir / (code + ".jsonl");
    const bool has_txt = fs::is_regular_file(txt, ec), has_jsonl = fs::is_regular_file(jsonl, ec);
    if (has_txt && has_jsonl)
        throw Error(
            fmt::format("corpus folder {} has both {}.txt and {}.jsonl; keep one of them", dir.string(), code, code));
    if (!has_txt && !has_jsonl)
        throw Error(fmt::format("corpus folder {} has no {}.txt or {}.jsonl for language '{}' (it has: {})",
                                dir.string(), code, code, code, describe_codes(text_dir_languages(dir))));
    return has_txt ? txt : jsonl;
}

}  // namespace

std::vector<std::string> text_dir_languages(const fs::path& dir) {
    std::vector<std::string> codes;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const auto ext = entry.path().extension();
        const std::string code = entry.path().stem().string();
        if ((ext == ".txt" || ext == ".jsonl") && entry.is_regular_file() && find_language(code) &&
            std::find(codes.begin(), codes.end(), code) == codes.end())
            codes.push_back(code);
    }
    std::sort(codes.begin(), codes.end());
    return codes;
}

Corpus read_text_dir(const fs::path& dir, const std::vector<std::string>& langs, const CorpusOptions& opts) {
    check_options(opts);
    Corpus corpus{dir.string(), "text", {}};
    for (const auto& code : resolve_languages(langs, text_dir_languages, dir)) {
        const fs::path file = text_file_for(dir, code);
        auto docs = file.extension() == ".jsonl" ? read_documents_jsonl(file) : read_documents_txt(file);
        auto split = split_documents(std::move(docs), code, opts);
        corpus.languages[code] = {code, std::move(split.train), std::move(split.heldout), file.string()};
    }
    return corpus;
}

}  // namespace layermoe
