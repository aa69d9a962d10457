#include <algorithm>

#include <fmt/format.h>

#include "core/common/error.h"
#include "core/data/corpus.h"
#include "core/data/corpus_files.h"
#include "core/data/doc_stream.h"
#include "core/data/languages.h"
#include "core/data/text_util.h"

namespace fs = std::filesystem;

namespace layermoe {

// The one file holding code's documents; two candidates would make the choice a guess.
fs::path text_corpus_file(const fs::path& dir, const std::string& code) {
    std::error_code ec;
    std::vector<std::string> found;
    for (const auto& suffix : document_file_suffixes())
        if (fs::is_regular_file(dir / (code + suffix), ec)) found.push_back(code + suffix);
    if (found.size() > 1)
        throw Error(fmt::format("corpus folder {} has {} for language '{}'; keep one of them", dir.string(),
                                join(found, " and "), code));
    if (found.empty())
        throw Error(fmt::format("corpus folder {} has no {}.txt or {}.jsonl for language '{}' (it has: {})",
                                dir.string(), code, code, code, describe_codes(text_dir_languages(dir))));
    return dir / found.front();
}

std::vector<std::string> text_dir_languages(const fs::path& dir) {
    std::vector<std::string> codes;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string code = document_file_code(entry.path());
        if (!code.empty() && entry.is_regular_file() && find_language(code) &&
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
        const fs::path file = text_corpus_file(dir, code);
        // The compressed ones are streamed; the others keep their whole-file readers.
        auto docs = file.extension() == ".jsonl" ? read_documents_jsonl(file)
                    : file.extension() == ".txt" ? read_documents_txt(file)
                                                 : read_documents_stream(file);
        auto split = split_documents(std::move(docs), code, opts);
        corpus.languages[code] = {code, std::move(split.train), std::move(split.heldout), file.string()};
    }
    return corpus;
}

}  // namespace layermoe
