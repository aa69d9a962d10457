#pragma once
// Turns packed blocks into training batches in a seeded, resumable order: the batch of a
// given step depends only on (seed, step), so a resumed run sees exactly the data it would
// have seen.
#include <cstdint>
#include <vector>

#include <torch/torch.h>

#include "core/data/block_source.h"

namespace layermoe {

struct Batch {
    torch::Tensor inputs;  // [B, T] int64
    torch::Tensor targets;  // [B, T] int64, pad positions = ignore index (-100)
    torch::Tensor token_lang;  // [B, T] int64 language id of each target token
    torch::Tensor block_lang;  // [B] int64
    int64_t real_tokens = 0;  // targets that count
};

class BatchSampler {
public:
    BatchSampler(const BlockSource& blocks, int32_t pad_id, uint64_t seed);
    // Sequences [first, first + count) of the endless seeded stream of blocks.
    Batch batch(int64_t first, int64_t count) const;
    int64_t block_at(int64_t index) const;  // block id of stream position index

private:
    const BlockSource& blocks_;
    int32_t pad_id_;
    uint64_t seed_;
    mutable int64_t cached_epoch_ = -1;
    mutable std::vector<int64_t> order_;
};

}  // namespace layermoe
