#include "core/data/bpe_model.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <functional>

#include "core/data/bpe_bytes.h"

namespace layermoe::bpe {

MergeTable::MergeTable(const std::vector<Merge>& merges) {
    const size_t capacity = std::bit_ceil(std::max<size_t>(16, merges.size() * 2));
    slots_.resize(capacity);
    mask_ = capacity - 1;
    for (size_t rank = 0; rank < merges.size(); ++rank) {
        const auto& m = merges[rank];
        const uint64_t k = key(m.left, m.right);
        for (uint64_t i = hash(k) & mask_;; i = (i + 1) & mask_) {
            if (slots_[i].key == kEmpty || slots_[i].key == k) {
                slots_[i] = {k, int32_t(rank), m.merged};
                break;
            }
        }
    }
}

uint64_t MergeTable::hash(uint64_t k) {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return k;
}

const MergeTable::Slot* MergeTable::find(int32_t left, int32_t right) const {
    const uint64_t k = key(left, right);
    for (uint64_t i = hash(k) & mask_;; i = (i + 1) & mask_) {
        if (slots_[i].key == k) return &slots_[i];
        if (slots_[i].key == kEmpty) return nullptr;
    }
}

BpeModel::BpeModel(TokenIds vocab, const std::vector<Merge>& merges, bool ignore_merges)
    : vocab_(std::move(vocab)), merges_(merges), ignore_merges_(ignore_merges) {
    for (int b = 0; b < 256; ++b) byte_ids_[size_t(b)] = vocab_.find(byte_char(uint8_t(b)))->second;
}

namespace {

struct Symbol {
    int32_t id, prev, next;
    bool alive;
};

struct Candidate {
    int32_t rank, pos, merged;
    // std heaps pop the largest: the lowest rank, then the leftmost position, is the largest.
    bool operator<(const Candidate& o) const { return rank != o.rank ? rank > o.rank : pos > o.pos; }
};

}  // namespace

void BpeModel::merge(std::string_view bytes, std::vector<int32_t>& out) const {
    thread_local std::vector<Symbol> symbols;
    thread_local std::vector<Candidate> heap;
    const auto n = int32_t(bytes.size());
    symbols.resize(size_t(n));
    heap.clear();
    for (int32_t i = 0; i < n; ++i)
        symbols[size_t(i)] = {byte_ids_[static_cast<unsigned char>(bytes[size_t(i)])], i - 1, i + 1 < n ? i + 1 : -1,
                              true};
    auto push_pair = [&](int32_t pos) {
        const auto& s = symbols[size_t(pos)];
        if (const auto* m = merges_.find(s.id, symbols[size_t(s.next)].id)) {
            heap.push_back({m->rank, pos, m->merged});
            std::push_heap(heap.begin(), heap.end());
        }
    };
    for (int32_t i = 0; i + 1 < n; ++i) push_pair(i);
    while (!heap.empty()) {
        std::pop_heap(heap.begin(), heap.end());
        const Candidate top = heap.back();
        heap.pop_back();
        Symbol& s = symbols[size_t(top.pos)];
        if (!s.alive || s.next < 0) continue;
        Symbol& right = symbols[size_t(s.next)];
        const auto* now = merges_.find(s.id, right.id);
        if (!now || now->merged != top.merged) continue;  // an entry made stale by an earlier merge
        s.id = top.merged;
        right.alive = false;
        s.next = right.next;
        if (s.next >= 0) symbols[size_t(s.next)].prev = top.pos;
        if (s.prev >= 0) push_pair(s.prev);
        if (s.next >= 0) push_pair(top.pos);
    }
    for (int32_t i = 0; i >= 0 && n > 0; i = symbols[size_t(i)].next) out.push_back(symbols[size_t(i)].id);
}

WordCache::WordCache() : slots_(new std::atomic<uint64_t>[kSlots]), arena_(new char[kArenaBytes]) {
    for (size_t i = 0; i < kSlots; ++i) slots_[i].store(0, std::memory_order_relaxed);
}

const WordCache::Entry* WordCache::entry(uint64_t slot) const {
    const uint64_t offset = ((slot & ((uint64_t(1) << kTagShift) - 1)) - 1) * 8;
    return reinterpret_cast<const Entry*>(arena_.get() + offset);
}

bool WordCache::find(std::string_view bytes, uint64_t hash, std::vector<int32_t>& out) const {
    for (size_t i = hash & (kSlots - 1);; i = (i + 1) & (kSlots - 1)) {
        const uint64_t slot = slots_[i].load(std::memory_order_acquire);
        if (slot == 0) return false;
        if ((slot >> kTagShift) != tag(hash)) continue;
        const Entry* e = entry(slot);
        const char* text = reinterpret_cast<const char*>(e + 1);
        if (e->bytes != bytes.size() || std::memcmp(text, bytes.data(), bytes.size()) != 0) continue;
        const size_t at = (sizeof(Entry) + e->bytes + 3) & ~size_t(3);
        const auto* ids = reinterpret_cast<const int32_t*>(reinterpret_cast<const char*>(e) + at);
        out.insert(out.end(), ids, ids + e->ids);
        return true;
    }
}

void WordCache::insert(std::string_view bytes, uint64_t hash, const int32_t* ids, size_t count) {
    if (entries_.load(std::memory_order_relaxed) >= kMaxEntries) return;
    const size_t at = (sizeof(Entry) + bytes.size() + 3) & ~size_t(3);
    const size_t size = (at + count * sizeof(int32_t) + 7) & ~size_t(7);
    const size_t offset = used_.fetch_add(size, std::memory_order_relaxed);
    if (offset + size > kArenaBytes) return;  // full: the space claimed is simply not used
    char* base = arena_.get() + offset;
    Entry e{uint32_t(bytes.size()), uint32_t(count)};
    std::memcpy(base, &e, sizeof e);
    std::memcpy(base + sizeof e, bytes.data(), bytes.size());
    std::memcpy(base + at, ids, count * sizeof(int32_t));
    const uint64_t slot = (tag(hash) << kTagShift) | (offset / 8 + 1);
    for (size_t i = hash & (kSlots - 1);; i = (i + 1) & (kSlots - 1)) {
        uint64_t seen = 0;
        if (slots_[i].compare_exchange_strong(seen, slot, std::memory_order_release, std::memory_order_relaxed)) {
            entries_.fetch_add(1, std::memory_order_relaxed);
            return;
        }
        // Taken: go on probing (a copy of the same pre-token there is harmless).
    }
}

void WordCache::prefetch_slot(uint64_t hash) const { __builtin_prefetch(&slots_[hash & (kSlots - 1)]); }

void WordCache::prefetch_entry(uint64_t hash) const {
    const uint64_t slot = slots_[hash & (kSlots - 1)].load(std::memory_order_acquire);
    if (slot != 0 && (slot >> kTagShift) == tag(hash)) __builtin_prefetch(entry(slot));
}

void WordCache::clear() {
    for (size_t i = 0; i < kSlots; ++i) slots_[i].store(0, std::memory_order_relaxed);
    used_ = 0;
    entries_ = 0;
}

void BpeModel::encode_words(const std::vector<std::string_view>& words, std::vector<int32_t>& out) const {
    thread_local std::vector<uint64_t> hashes;
    hashes.resize(words.size());
    for (size_t i = 0; i < words.size(); ++i) {
        hashes[i] = std::hash<std::string_view>{}(words[i]);
        cache_.prefetch_slot(hashes[i]);
    }
    for (uint64_t h : hashes) cache_.prefetch_entry(h);
    for (size_t i = 0; i < words.size(); ++i) encode_word(words[i], hashes[i], out);
}

void BpeModel::encode_word(std::string_view bytes, uint64_t hash, std::vector<int32_t>& out) const {
    if (cache_.find(bytes, hash, out)) return;
    const size_t start = out.size();
    bool whole = false;
    if (ignore_merges_) {
        thread_local std::string spelled;
        spelled.clear();
        for (char b : bytes) spelled.append(byte_char(static_cast<unsigned char>(b)));
        if (auto it = vocab_.find(spelled); it != vocab_.end()) {
            out.push_back(it->second);
            whole = true;
        }
    }
    if (!whole) merge(bytes, out);
    cache_.insert(bytes, hash, out.data() + start, out.size() - start);
}

void BpeModel::clear_cache() const { cache_.clear(); }

}  // namespace layermoe::bpe
