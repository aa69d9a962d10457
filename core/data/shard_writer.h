#pragma once
// `layermoe tokenize`: a corpus folder (FLORES, text/JSONL, compressed JSONL, UDHR) written as
// token shards (shards.h; docs/file-formats.md "Token shards"). Documents stream through the
// tokenizer on worker threads in chunks and are written in file order, so memory stays bounded
// by the chunks in flight whatever the corpus size; the held-out split is the seeded choice
// load_corpus makes, so the train documents are Corpus::train's.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/common/progress.h"
#include "core/data/corpus.h"
#include "core/data/tokenizer.h"

namespace layermoe {

struct TokenizeOptions {
    std::filesystem::path corpus;
    std::vector<std::string> langs;  // empty = every language the corpus offers
    std::filesystem::path out;  // a new or empty folder, or a shard folder to replace
    CorpusOptions split;  // seed and held-out fraction (text and UDHR corpora); max_documents unused
    int threads = 0;  // tokenizer threads; 0 = every core
    size_t chunk_bytes = size_t(1) << 20;  // text per work item
};

struct TokenizeResult {
    uint64_t documents = 0, tokens = 0;
    uint64_t bytes = 0;  // document text (UTF-8)
    uint64_t read_bytes = 0;  // decompressed bytes read, lines and JSON included
    double seconds = 0;
    bool cancelled = false;
};

// The files a language of a corpus folder is read from (FLORES: dev and devtest; text: its one
// document file; UDHR: its declaration), for keys of tokenized caches. Error as load_corpus.
std::vector<std::filesystem::path> corpus_source_files(const std::filesystem::path& corpus, const std::string& code);

// Writes the shard folder; every file goes to a temporary name and is renamed when complete,
// shards.json last, so a folder with shards.json is whole. Errors name the file and line.
TokenizeResult tokenize_corpus(const TokenizeOptions& options, const Tokenizer& tokenizer,
                               const ProgressFn& progress = {});

}  // namespace layermoe
