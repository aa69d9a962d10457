#pragma once
// Byte-level BPE read from a Hugging Face tokenizer.json, for the GPT-2, Qwen2/Qwen3 and LLaMA-3
// families: normalizer NFC (or none), pre-tokenizer Split (regex, Isolated) / Digits / ByteLevel,
// BPE merges by rank (ignore_merges honoured), added tokens cut out first, ByteLevel decoding.
// encode() gives the ids the Hugging Face `tokenizers` library gives with add_special_tokens
// off (no BOS/EOS, no post-processor, no truncation or padding); any text round-trips through
// decode(), invalid UTF-8 included. Anything else in the files is refused with an Error naming
// the file and the component.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/data/tokenizer.h"

namespace layermoe {

class BpeTokenizer final : public Tokenizer {
public:
    // tokenizer_config_json may be empty or missing. BOS/EOS/PAD come from its bos_token,
    // eos_token, pad_token (a string or {"content": ...}), looked up among the added tokens,
    // then the vocab. bos_token null gives bos = eos (Qwen); without the file, EOS is the first
    // added token of <|endoftext|>, <|end_of_text|>, </s>, BOS <|begin_of_text|> or <s>, else
    // EOS, and PAD is EOS. Error when no EOS is found.
    static std::unique_ptr<BpeTokenizer> from_files(const std::filesystem::path& tokenizer_json,
                                                    const std::filesystem::path& tokenizer_config_json);
    ~BpeTokenizer() override;

    std::vector<int32_t> encode(std::string_view text) const override;
    void encode_append(std::string_view text, std::vector<int32_t>& out) const override;
    // Special added tokens are dropped, other added tokens written as their content; Error for an
    // id that is neither in the vocab nor an added token.
    std::string decode(std::span<const int32_t> ids) const override;
    int32_t vocab_size() const override;  // largest id + 1, vocab and added tokens
    int32_t bos_id() const override;
    int32_t eos_id() const override;
    int32_t pad_id() const override;
    bool is_special(int32_t id) const override;  // an added token marked special
    // {"type":"bpe","tokenizer_file":"tokenizer.json","config_file":"tokenizer_config.json",
    //  "vocab_size":...,"bos_id":...,"eos_id":...,"pad_id":...}; config_file only when read.
    nlohmann::json describe() const override;
    std::vector<std::filesystem::path> files() const override;

    int32_t token_id(std::string_view token) const;  // added content or vocab string; -1 if none
    void clear_cache() const;  // benchmarks: the next encode starts cold

    struct Impl;  // defined in bpe_tokenizer.cpp

private:
    explicit BpeTokenizer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace layermoe
