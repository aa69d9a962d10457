#pragma once
// Byte-level BPE merges (internal to core/data): a pre-token's bytes start as the ids of their
// byte characters, then the adjacent pair of lowest merge rank (leftmost on ties) merges until
// none is left, as the Rust tokenizers library does. Results are cached per pre-token.
#include <array>
#include <atomic>
#include <memory>
#include <cstdint>
#include <string>
#include <string_view>
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

// Pre-token bytes -> ids, shared by every thread encoding with one model (`layermoe tokenize`
// runs several). Insert-only, open addressing over 64-bit slots that point into an append-only
// arena: a lookup takes no lock and writes nothing, so threads reading the same entries do not
// pull cache lines from each other's cores, and it touches two lines (slot, entry) where a
// node-based map touched four. An entry is written whole before its slot is published with a
// release store; a reader that sees the slot (acquire) sees the entry. Two threads missing the
// same pre-token at once may both insert it; lookups return either copy, which are equal. Once
// kMaxEntries are stored (or the arena is full) the cache stops growing, as the Rust library's
// does.
class WordCache {
public:
    static constexpr size_t kMaxEntries = size_t(1) << 18;
    WordCache();
    // Appends the cached ids of bytes (hash: std::hash<string_view> of bytes); false if absent.
    bool find(std::string_view bytes, uint64_t hash, std::vector<int32_t>& out) const;
    void insert(std::string_view bytes, uint64_t hash, const int32_t* ids, size_t count);
    // Hints for a run of lookups: first the slots of every hash, then the entries they hold, so
    // that their cache misses overlap instead of following one another.
    void prefetch_slot(uint64_t hash) const;
    void prefetch_entry(uint64_t hash) const;
    void clear();  // not while another thread uses the cache

private:
    static constexpr size_t kSlots = kMaxEntries * 2;  // at most half full: short probes
    static constexpr size_t kArenaBytes = size_t(64) << 20;
    // Slot: 0 empty, else (hash's top 24 bits << 40) | (entry offset / 8 + 1).
    static constexpr int kTagShift = 40;
    struct Entry {
        uint32_t bytes, ids;  // then the bytes, padded to 4, then the ids
    };
    const Entry* entry(uint64_t slot) const;
    static uint64_t tag(uint64_t hash) { return hash >> kTagShift; }

    std::unique_ptr<std::atomic<uint64_t>[]> slots_;
    std::unique_ptr<char[]> arena_;  // pages become resident as entries are written
    std::atomic<size_t> used_{0}, entries_{0};
};

class BpeModel {
public:
    // vocab must hold every byte character (parse_tokenizer_json checks it).
    BpeModel(TokenIds vocab, const std::vector<Merge>& merges, bool ignore_merges);
    const TokenIds& vocab() const { return vocab_; }
    // Appends the ids of each pre-token, in order, given as raw bytes (before the byte-level
    // mapping); the cache lookups are prefetched ahead.
    void encode_words(const std::vector<std::string_view>& words, std::vector<int32_t>& out) const;
    void clear_cache() const;

private:
    void merge(std::string_view bytes, std::vector<int32_t>& out) const;
    void encode_word(std::string_view bytes, uint64_t hash, std::vector<int32_t>& out) const;  // hash: of bytes

    TokenIds vocab_;
    MergeTable merges_;
    std::array<int32_t, 256> byte_ids_{};
    bool ignore_merges_ = false;

    mutable WordCache cache_;
};

}  // namespace layermoe::bpe
