#pragma once
// Where training blocks come from: fixed-length token blocks, each of one language, addressed
// by index. PackedBlocks (packing.h) holds them in memory; token shards (shards.h) cut them on
// the fly from memory-mapped files. The trainer's batches read through this interface only.
#include <cstdint>
#include <string>
#include <vector>

namespace layermoe {

class BlockSource {
public:
    virtual ~BlockSource() = default;
    virtual int64_t block_length() const = 0;  // tokens per block
    virtual int32_t padding_id() const = 0;  // -1: no padding
    virtual const std::vector<std::string>& language_codes() const = 0;  // language id -> code
    virtual int64_t block_count() const = 0;
    // Copies block b's block_length() tokens into out and returns its language id.
    virtual int16_t copy_block(int64_t b, int32_t* out) const = 0;
};

}  // namespace layermoe
