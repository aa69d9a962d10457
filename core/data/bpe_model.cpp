#include "core/data/bpe_model.h"

#include <algorithm>
#include <bit>

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

BpeModel::CacheStripe& BpeModel::stripe(std::string_view bytes) const {
    return cache_[std::hash<std::string_view>{}(bytes) % kCacheStripes];
}

void BpeModel::encode_word(std::string_view bytes, std::vector<int32_t>& out) const {
    CacheStripe& cache = stripe(bytes);
    {
        std::lock_guard lock(cache.mutex);
        if (auto it = cache.map.find(bytes); it != cache.map.end()) {
            out.insert(out.end(), it->second.begin(), it->second.end());
            return;
        }
    }
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
    std::lock_guard lock(cache.mutex);
    if (cache.map.size() < kCacheEntries / kCacheStripes)
        cache.map.emplace(std::string(bytes), std::vector<int32_t>(out.begin() + std::ptrdiff_t(start), out.end()));
}

void BpeModel::clear_cache() const {
    for (auto& cache : cache_) {
        std::lock_guard lock(cache.mutex);
        cache.map.clear();
    }
}

}  // namespace layermoe::bpe
