#pragma once
// Packs documents into fixed-length training blocks: [BOS] doc [EOS] [BOS] doc [EOS] ... per
// language, cut every block_len tokens, the last block of a language padded with PAD. Each
// block holds one language, because the routing classifier learns one language per sequence.
// Document order within a language and the order of all blocks are seeded shuffles.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/data/block_source.h"
#include "core/data/tokenizer.h"

namespace layermoe {

// Salt of the final block shuffle, apart from every per-language salt (the language index);
// token shards (shards.h) shuffle their block list with it too.
inline constexpr uint64_t kBlockOrderSalt = 0xB10C0BDE5A17ULL;

struct PackOptions {
    int64_t block_len = 257;
    uint64_t seed = 1;
    bool add_bos = true;
    bool add_eos = true;
};

struct PackedBlocks : BlockSource {
    int64_t block_len = 0;
    int32_t pad_id = -1;  // -1: no padding, every token is real
    std::vector<std::string> languages;  // language id i -> code
    std::vector<int32_t> tokens;  // [n_blocks * block_len]
    std::vector<int16_t> token_lang;  // [n_blocks * block_len], language id of each token (also on padding)
    std::vector<int16_t> block_lang;  // [n_blocks], language of the block
    int64_t n_blocks() const;
    int64_t n_real_tokens() const;  // tokens that are not PAD

    int64_t block_length() const override { return block_len; }
    int32_t padding_id() const override { return pad_id; }
    const std::vector<std::string>& language_codes() const override { return languages; }
    int64_t block_count() const override { return n_blocks(); }
    int16_t copy_block(int64_t b, int32_t* out) const override;
};

// The token stream of one language before it is cut: its documents in seeded order, each as
// [BOS] ids [EOS]. lang_index salts the seed, as in pack_documents.
std::vector<int32_t> language_stream(const std::vector<std::string>& docs, const Tokenizer& tok,
                                     const PackOptions& opts, size_t lang_index);

// docs: (language code, documents) in the order given; ids follow that order.
PackedBlocks pack_documents(const std::vector<std::pair<std::string, const std::vector<std::string>*>>& docs,
                            const Tokenizer& tok, const PackOptions& opts);

}  // namespace layermoe
