#pragma once
// Token shards: a corpus tokenized once, read through mmap (docs/file-formats.md "Token
// shards"). A shard folder holds shards.json and per language a token file (documents
// concatenated, uint16 or uint32 little-endian, no BOS/EOS), an index (one 32-byte record per
// document), and the held-out documents' text. ShardBlocks cuts the training blocks of
// pack_documents (packing.h) from it on the fly: the same blocks in the same order, with memory
// in documents and blocks, never in tokens.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/data/block_source.h"
#include "core/data/corpus.h"
#include "core/data/packing.h"
#include "core/data/tokenizer.h"

namespace layermoe {

inline constexpr const char* kShardsFile = "shards.json";
inline constexpr const char* kShardsFormat = "layermoe-token-shards";
inline constexpr int kShardsVersion = 1;

// One document of the index file, as stored (little-endian).
struct ShardDocRecord {
    uint64_t token_offset = 0;  // first token in the language's token file
    uint64_t source_line = 0;  // 1-based line in its source file (UDHR: paragraph number)
    uint32_t token_count = 0;
    uint32_t byte_count = 0;  // UTF-8 bytes of its text
    uint8_t heldout = 0;  // 1 held out, 0 train
    uint8_t source = 0;  // index into the language's "sources"
    uint8_t reserved[6] = {};
};
static_assert(sizeof(ShardDocRecord) == 32);

// What the tokens were made with: shards made by another tokenizer are refused.
struct TokenizerIdentity {
    std::string kind;  // "byte", "bpe"
    std::string sha256;  // "byte" for bytes; else SHA-256 of the files' digests, in files() order
    std::vector<std::pair<std::string, std::string>> files;  // file name, its SHA-256
    int32_t vocab_size = 0, bos_id = 0, eos_id = 0, pad_id = 0;
    nlohmann::json to_json() const;
    bool same_as(const TokenizerIdentity& other) const;  // kind, hash, vocabulary and special ids
    std::string describe() const;  // "bpe tokenizer 1a2b3c4d5e6f (vocab 4096)"
};
TokenizerIdentity tokenizer_identity(const Tokenizer& tokenizer);

struct ShardSource {
    std::string path;
    uint64_t size = 0;
    int64_t mtime_ns = 0;  // nanoseconds since the epoch
    static ShardSource of(const std::filesystem::path& file);  // Error when it cannot be stat'ed
    nlohmann::json to_json() const;
};

struct ShardLanguageInfo {
    std::string code;
    std::string tokens_file, index_file, heldout_file;  // names in the shard folder
    int dtype_bytes = 2;  // 2: uint16, 4: uint32
    uint64_t documents[2] = {0, 0};  // train, held out
    uint64_t tokens[2] = {0, 0};
    uint64_t bytes[2] = {0, 0};
    std::vector<ShardSource> sources;
    nlohmann::json to_json() const;
};

struct ShardManifest {
    TokenizerIdentity tokenizer;
    uint64_t split_seed = 0;
    double heldout_fraction = 0;
    std::string corpus_path, corpus_format;
    std::vector<ShardLanguageInfo> languages;
    nlohmann::json to_json() const;
    // Errors "FILE: key 'languages[1].dtype': ..." for what is missing or wrong.
    static ShardManifest from_json(const nlohmann::json& j, const std::string& file);
};

// uint16 when every id fits, else uint32.
int shard_dtype_bytes(int32_t vocab_size);

class MappedFile;

// One language of an open shard folder.
class ShardLanguage {
public:
    ShardLanguage(const std::filesystem::path& dir, const ShardLanguageInfo& info);
    ~ShardLanguage();
    const ShardLanguageInfo& info() const { return info_; }
    uint64_t documents() const { return info_.documents[0] + info_.documents[1]; }
    ShardDocRecord record(uint64_t row) const;  // from the mapped index
    // count tokens from offset, widened to int32.
    void copy_tokens(uint64_t offset, uint64_t count, int32_t* out) const;
    // Rows of the train documents in file order, at most max_documents (0 = all), with their
    // token counts. Read with read(2), not through the mapping, so a pass over a large index
    // does not stay resident in the process.
    void train_documents(size_t max_documents, std::vector<uint32_t>& rows, std::vector<uint32_t>& counts) const;
    std::vector<std::string> heldout_text(size_t max_documents) const;  // 0 = all

private:
    std::filesystem::path dir_;
    ShardLanguageInfo info_;
    std::unique_ptr<MappedFile> tokens_, index_;
};

class ShardSet {
public:
    explicit ShardSet(const std::filesystem::path& dir);  // reads and checks shards.json, maps the files
    ~ShardSet();
    const std::filesystem::path& dir() const { return dir_; }
    const ShardManifest& manifest() const { return manifest_; }
    std::vector<std::string> codes() const;
    bool has(const std::string& code) const;
    const ShardLanguage& language(const std::string& code) const;  // Error listing the codes it has
    // Error naming this folder and `whose` when the tokens were made by another tokenizer.
    void check_tokenizer(const TokenizerIdentity& expected, const std::string& whose) const;
    // Error naming this folder and the source when a source file still there changed since.
    void check_sources() const;

private:
    std::filesystem::path dir_;
    ShardManifest manifest_;
    std::vector<std::unique_ptr<ShardLanguage>> languages_;
};

bool is_shard_folder(const std::filesystem::path& dir);  // has shards.json
std::vector<std::string> shard_languages(const std::filesystem::path& dir);
// A shard folder as a Corpus (load_corpus): its held-out text, truncated to max_documents;
// train is left empty (training reads the tokens). The split is the one the shards record.
Corpus read_shard_corpus(const std::filesystem::path& dir, const std::vector<std::string>& langs,
                         const CorpusOptions& opts);

// The documents of one language to pack, as pack_documents would be given them.
struct ShardDocs {
    std::string code;
    const ShardLanguage* language = nullptr;
    std::vector<uint32_t> rows;  // index rows, in the order given to packing
    std::vector<uint32_t> counts;  // their token counts
};

// The blocks of pack_documents(docs, tokenizer, opts) over the same documents, cut on the fly.
// Memory: 12 bytes a document (its row and where it starts in the language's stream) and
// 4 bytes a block (the shuffled block list).
class ShardBlocks final : public BlockSource {
public:
    ShardBlocks(std::vector<ShardDocs> docs, const TokenizerIdentity& tokenizer, const PackOptions& opts);
    int64_t block_length() const override { return block_len_; }
    int32_t padding_id() const override { return pad_id_; }
    const std::vector<std::string>& language_codes() const override { return codes_; }
    int64_t block_count() const override { return int64_t(order_.size()); }
    int16_t copy_block(int64_t b, int32_t* out) const override;
    int64_t real_token_count() const { return real_tokens_; }  // tokens that are not padding

private:
    struct Stream {
        const ShardLanguage* language = nullptr;
        std::vector<uint32_t> rows;  // in stream order
        std::vector<uint64_t> starts;  // [rows + 1]: where each document starts in the stream
        uint64_t first_block = 0;  // global number of its first block
    };
    std::vector<Stream> streams_;
    std::vector<std::string> codes_;
    std::vector<uint32_t> order_;  // block b -> global block number
    int64_t block_len_ = 0;
    int32_t pad_id_ = -1, bos_id_ = -1, eos_id_ = -1;
    bool add_bos_ = true, add_eos_ = true;
    int64_t real_tokens_ = 0;
};

}  // namespace layermoe
