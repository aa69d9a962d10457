#pragma once
// Byte-level BPE merges (internal to core/data): a pre-token's bytes start as the ids of their
// byte characters, then the adjacent pair of lowest merge rank (leftmost on ties) merges until
// none is left, as the Rust tokenizers library does. Results are cached per pre-token.
#include <array>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/data/bpe_spec.h"

namespace layermoe::bpe {

// (left id, right id) -> (rank, merged id), open addressing over pairs packed in 64 bits.
class MergeTable {
public:
    struct Slot {
        uint64_t key = kEmpty;
        int32_t rank = 0, merged = 0;
    };
    explicit MergeTable(const std::vector<Merge>& merges);  // a later duplicate pair wins
    const Slot* find(int32_t left, int32_t right) const;

private:
    static constexpr uint64_t kEmpty = ~uint64_t(0);
    static uint64_t key(int32_t left, int32_t right) { return (uint64_t(uint32_t(left)) << 32) | uint32_t(right); }
    static uint64_t hash(uint64_t k);
    std::vector<Slot> slots_;
    uint64_t mask_ = 0;
};

class BpeModel {
public:
    // vocab must hold every byte character (parse_tokenizer_json checks it).
    BpeModel(TokenIds vocab, const std::vector<Merge>& merges, bool ignore_merges);
    const TokenIds& vocab() const { return vocab_; }
    // Appends the ids of one pre-token given as raw bytes (before the byte-level mapping).
    void encode_word(std::string_view bytes, std::vector<int32_t>& out) const;
    void clear_cache() const;

private:
    void merge(std::string_view bytes, std::vector<int32_t>& out) const;

    TokenIds vocab_;
    MergeTable merges_;
    std::array<int32_t, 256> byte_ids_{};
    bool ignore_merges_ = false;

    static constexpr size_t kCacheEntries = 1 << 18;  // then the cache stops growing, as in Rust
    // Striped by the pre-token's hash: threads encoding at once (`layermoe tokenize`) take a lock
    // per pre-token, and one lock for all made two threads slower than one.
    static constexpr size_t kCacheStripes = 64;
    struct alignas(64) CacheStripe {
        std::mutex mutex;
        std::unordered_map<std::string, std::vector<int32_t>, StringHash, std::equal_to<>> map;
    };
    CacheStripe& stripe(std::string_view bytes) const;
    mutable std::array<CacheStripe, kCacheStripes> cache_;
};

}  // namespace layermoe::bpe
