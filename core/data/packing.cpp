#include "core/data/packing.h"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "core/common/error.h"
#include "core/data/shuffle.h"

namespace layermoe {

namespace {

struct BlockRef {
    int16_t lang;
    const int32_t* first;  // into that language's stream
    int64_t count;  // real tokens, <= block_len
};

void check_inputs(const std::vector<std::pair<std::string, const std::vector<std::string>*>>& docs,
                  const PackOptions& opts) {
    if (opts.block_len < 1) throw Error(fmt::format("block length must be at least 1, got {}", opts.block_len));
    if (docs.size() > size_t(std::numeric_limits<int16_t>::max()))
        throw Error(
            fmt::format("cannot pack {} languages; at most {}", docs.size(), std::numeric_limits<int16_t>::max()));
    for (size_t i = 0; i < docs.size(); ++i) {
        if (!docs[i].second) throw Error(fmt::format("no documents given for language '{}'", docs[i].first));
        for (size_t j = 0; j < i; ++j)
            if (docs[i].first == docs[j].first)
                throw Error(fmt::format("language '{}' is given twice to packing", docs[i].first));
    }
}

void append_blocks(std::vector<BlockRef>& blocks, int16_t lang, const std::vector<int32_t>& stream, int64_t block_len) {
    const int64_t n = int64_t(stream.size());
    for (int64_t start = 0; start < n; start += block_len)
        blocks.push_back({lang, stream.data() + start, std::min(block_len, n - start)});
}

PackedBlocks assemble(const std::vector<BlockRef>& blocks, const Tokenizer& tok, int64_t block_len) {
    PackedBlocks packed;
    packed.block_len = block_len;
    packed.pad_id = tok.pad_id();
    packed.tokens.assign(blocks.size() * size_t(block_len), tok.pad_id());
    packed.token_lang.resize(packed.tokens.size());
    packed.block_lang.reserve(blocks.size());
    for (size_t b = 0; b < blocks.size(); ++b) {
        const size_t offset = b * size_t(block_len);
        std::copy_n(blocks[b].first, blocks[b].count, packed.tokens.begin() + offset);
        std::fill_n(packed.token_lang.begin() + offset, block_len, blocks[b].lang);
        packed.block_lang.push_back(blocks[b].lang);
    }
    return packed;
}

}  // namespace

int64_t PackedBlocks::n_blocks() const { return block_len > 0 ? int64_t(tokens.size()) / block_len : 0; }

int16_t PackedBlocks::copy_block(int64_t b, int32_t* out) const {
    std::copy_n(tokens.begin() + b * block_len, block_len, out);
    return block_lang[size_t(b)];
}

int64_t PackedBlocks::n_real_tokens() const {
    return int64_t(tokens.size()) - std::count(tokens.begin(), tokens.end(), pad_id);
}

std::vector<int32_t> language_stream(const std::vector<std::string>& docs, const Tokenizer& tok,
                                     const PackOptions& opts, size_t lang_index) {
    const auto order = seeded_permutation(docs.size(), mix_seed(opts.seed, lang_index));
    size_t n_bytes = 0;
    for (const auto& doc : docs) n_bytes += doc.size() + 2;
    std::vector<int32_t> stream;
    stream.reserve(n_bytes);  // exact for bytes, a fair first guess for subword tokenizers
    for (size_t i : order) {
        if (opts.add_bos) stream.push_back(tok.bos_id());
        tok.encode_append(docs[i], stream);
        if (opts.add_eos) stream.push_back(tok.eos_id());
    }
    return stream;
}

PackedBlocks pack_documents(const std::vector<std::pair<std::string, const std::vector<std::string>*>>& docs,
                            const Tokenizer& tok, const PackOptions& opts) {
    check_inputs(docs, opts);
    std::vector<std::vector<int32_t>> streams;
    std::vector<BlockRef> blocks;
    streams.reserve(docs.size());  // BlockRefs point into the streams: no reallocation
    for (size_t i = 0; i < docs.size(); ++i) {
        streams.push_back(language_stream(*docs[i].second, tok, opts, i));
        append_blocks(blocks, int16_t(i), streams.back(), opts.block_len);
    }
    seeded_shuffle(blocks, mix_seed(opts.seed, kBlockOrderSalt));
    PackedBlocks packed = assemble(blocks, tok, opts.block_len);
    for (const auto& [code, texts] : docs) packed.languages.push_back(code);
    return packed;
}

}  // namespace layermoe
