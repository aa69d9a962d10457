#pragma once
// Seeded shuffles that give the same result with every standard library: std::mt19937_64's
// output is fixed by the standard, but std::shuffle and the std distributions are not.
#include <cstdint>
#include <random>
#include <string_view>
#include <utility>
#include <vector>

namespace layermoe {

uint64_t mix_seed(uint64_t seed, uint64_t salt);  // splitmix64 of both: nearby seeds diverge
uint64_t stable_hash(std::string_view s);  // FNV-1a, the same on every platform
uint64_t uniform_below(std::mt19937_64& rng, uint64_t n);  // uniform in [0, n), n > 0

// Fisher-Yates with uniform_below.
template <class T>
void seeded_shuffle(std::vector<T>& items, uint64_t seed) {
    std::mt19937_64 rng(seed);
    for (size_t i = items.size(); i > 1; --i) {
        const size_t j = size_t(uniform_below(rng, i));
        std::swap(items[i - 1], items[j]);
    }
}

std::vector<size_t> seeded_permutation(size_t n, uint64_t seed);

}  // namespace layermoe
