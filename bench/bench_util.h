#pragma once
// Helpers the benchmark programs share.
#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/data/packing.h"

namespace layermoe::bench {

// The median of values (not empty), for benchmarks that repeat their measurements in rounds: on
// a virtual machine whose speed moves between minutes, one round says little.
inline double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// Blocks of random lowercase text: training throughput does not depend on the text.
inline PackedBlocks synthetic_blocks(const Tokenizer& tok, int64_t block_len, int64_t n_blocks,
                                     const std::string& language = "eng") {
    std::vector<std::string> docs;
    std::mt19937_64 rng(1);
    for (int64_t i = 0; i < n_blocks; ++i) {
        std::string d(static_cast<size_t>(block_len), 'a');
        for (auto& ch : d) ch = static_cast<char>('a' + rng() % 26);
        docs.push_back(d);
    }
    PackOptions opts;
    opts.block_len = block_len;
    return pack_documents({{language, &docs}}, tok, opts);
}

}  // namespace layermoe::bench
