#include "core/train/batches.h"

#include <algorithm>
#include <random>

#include "core/common/error.h"

namespace layermoe {

BatchSampler::BatchSampler(const BlockSource& blocks, int32_t pad_id, uint64_t seed)
    : blocks_(blocks), pad_id_(pad_id), seed_(seed) {
    if (blocks.block_count() == 0) throw Error("no training data: the corpus produced no blocks");
}

int64_t BatchSampler::block_at(int64_t index) const {
    const int64_t n = blocks_.block_count();
    const int64_t epoch = index / n;
    if (epoch != cached_epoch_) {
        // Fisher-Yates with our own draws: reproducible across standard libraries.
        order_.resize(static_cast<size_t>(n));
        for (int64_t i = 0; i < n; ++i) order_[static_cast<size_t>(i)] = i;
        std::mt19937_64 rng(seed_ * 0x9E3779B97F4A7C15ULL + static_cast<uint64_t>(epoch) + 1);
        for (int64_t i = n - 1; i > 0; --i) {
            const auto j = static_cast<int64_t>(rng() % static_cast<uint64_t>(i + 1));
            std::swap(order_[static_cast<size_t>(i)], order_[static_cast<size_t>(j)]);
        }
        cached_epoch_ = epoch;
    }
    return order_[static_cast<size_t>(index % n)];
}

Batch BatchSampler::batch(int64_t first, int64_t count) const {
    const int64_t len = blocks_.block_length();
    std::vector<int32_t> block(static_cast<size_t>(len));
    std::vector<int64_t> ids(static_cast<size_t>(count * len));
    std::vector<int64_t> langs(static_cast<size_t>(count * len));
    std::vector<int64_t> block_langs(static_cast<size_t>(count));
    for (int64_t s = 0; s < count; ++s) {
        const int16_t lang = blocks_.copy_block(block_at(first + s), block.data());
        std::copy(block.begin(), block.end(), ids.begin() + s * len);
        std::fill_n(langs.begin() + s * len, len, lang);  // a block holds one language
        block_langs[static_cast<size_t>(s)] = lang;
    }
    auto all = torch::tensor(ids, torch::kInt64).view({count, len});
    auto lang = torch::tensor(langs, torch::kInt64).view({count, len});
    Batch b;
    b.inputs = all.narrow(1, 0, len - 1).contiguous();
    b.targets = all.narrow(1, 1, len - 1).clone();
    b.targets.masked_fill_(b.targets == pad_id_, -100);
    b.token_lang = lang.narrow(1, 1, len - 1).contiguous();
    b.block_lang = torch::tensor(block_langs, torch::kInt64);
    b.real_tokens = (b.targets != -100).sum().item<int64_t>();
    return b;
}

}  // namespace layermoe
