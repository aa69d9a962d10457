#include "core/data/corpus.h"

#include <fmt/format.h>

#include "core/common/error.h"
#include "core/data/corpus_files.h"
#include "core/data/doc_stream.h"
#include "core/data/languages.h"
#include "core/data/shards.h"
#include "core/data/text_util.h"
#include "core/data/udhr_index.h"

namespace fs = std::filesystem;

namespace layermoe {

namespace {

bool has_text_files(const fs::path& dir) {
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.is_regular_file() && !document_file_code(entry.path()).empty()) return true;
    }
    return false;
}

}  // namespace

const LanguageText& Corpus::at(const std::string& code) const {
    auto it = languages.find(code);
    if (it == languages.end())
        throw Error(fmt::format("language '{}' is not in corpus {} (it has: {})", code, path, describe_codes(codes())));
    return it->second;
}

std::vector<std::string> Corpus::codes() const {
    std::vector<std::string> out;
    for (const auto& [code, text] : languages) out.push_back(code);
    return out;
}

std::string describe_codes(const std::vector<std::string>& codes) {
    constexpr size_t kShown = 30;
    if (codes.empty()) return "no languages";
    if (codes.size() <= kShown) return join(codes, ", ");
    std::vector<std::string> head(codes.begin(), codes.begin() + kShown);
    return fmt::format("{}, ... ({} in all)", join(head, ", "), codes.size());
}

std::vector<std::string> resolve_languages(const std::vector<std::string>& langs, LanguageLister offered,
                                           const fs::path& dir) {
    require_directory(dir);
    for (const auto& code : langs) require_known_language(code);
    if (!langs.empty()) return langs;
    auto codes = offered(dir);
    if (codes.empty()) throw Error(fmt::format("corpus folder {} holds no language with a known code", dir.string()));
    return codes;
}

void require_directory(const fs::path& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw Error(fmt::format("corpus folder {} does not exist", dir.string()));
}

std::string detect_corpus_format(const fs::path& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) throw Error(fmt::format("corpus folder {} does not exist", path.string()));
    if (!fs::is_directory(path, ec))
        throw Error(fmt::format("corpus path {} is a file; give the folder that holds the corpus", path.string()));
    if (is_shard_folder(path)) return "shards";
    if (fs::is_directory(path / "dev", ec) && fs::is_directory(path / "devtest", ec)) return "flores";
    if (find_udhr_package(path)) return "udhr";
    if (has_text_files(path)) return "text";
    throw Error(fmt::format("{} is not a corpus folder: expected dev/ and devtest/ (FLORES), index.js and declaration/ "
                            "(UDHR package), <code>.txt / <code>.jsonl[.gz|.zst] files, or shards.json (token shards)",
                            path.string()));
}

Corpus load_corpus(const fs::path& path, const std::vector<std::string>& langs, const CorpusOptions& opts) {
    const std::string format = detect_corpus_format(path);
    if (format == "shards") return read_shard_corpus(path, langs, opts);
    if (format == "flores") return read_flores(path, langs, opts);
    if (format == "udhr") return read_udhr(path, langs, opts);
    return read_text_dir(path, langs, opts);
}

std::vector<std::string> available_languages(const fs::path& path) {
    const std::string format = detect_corpus_format(path);
    if (format == "shards") return shard_languages(path);
    if (format == "flores") return flores_languages(path);
    if (format == "udhr") return udhr_languages(*find_udhr_package(path));
    return text_dir_languages(path);
}

}  // namespace layermoe
