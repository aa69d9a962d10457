#include "core/data/shuffle.h"

#include <numeric>

namespace layermoe {

namespace {
uint64_t splitmix64(uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}
}  // namespace

uint64_t mix_seed(uint64_t seed, uint64_t salt) { return splitmix64(splitmix64(seed) ^ salt); }

uint64_t stable_hash(std::string_view s) {
    uint64_t h = 0xCBF29CE484222325ULL;
    for (unsigned char c : s) h = (h ^ c) * 0x100000001B3ULL;
    return h;
}

uint64_t uniform_below(std::mt19937_64& rng, uint64_t n) {
    // Reject the low 2^64 mod n draws so that every residue is equally likely.
    const uint64_t threshold = (0 - n) % n;
    for (;;) {
        const uint64_t r = rng();
        if (r >= threshold) return r % n;
    }
}

std::vector<size_t> seeded_permutation(size_t n, uint64_t seed) {
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t{0});
    seeded_shuffle(order, seed);
    return order;
}

}  // namespace layermoe
