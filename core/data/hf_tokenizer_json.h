#pragma once
// Hugging Face tokenizer files (tokenizer.json + tokenizer_config.json) for our own tokenizers,
// so an exported model folder is complete for Hugging Face tools. The byte tokenizer becomes a
// byte-level BPE without merges: every byte is its own token with the same id, and BOS, EOS and
// PAD are special added tokens with ids 256, 257 and 258.
#include <string>

#include <nlohmann/json.hpp>

#include "core/data/tokenizer.h"

namespace layermoe {

struct HfTokenizerFiles {
    nlohmann::json tokenizer;  // tokenizer.json
    nlohmann::json config;  // tokenizer_config.json
};

// Pieces of a tokenizer.json: a special added token, and the ByteLevel step (pre-tokenizer or
// decoder) without a prefix space or GPT-2's regex.
nlohmann::json hf_special_token(int32_t id, const std::string& content);
nlohmann::json hf_byte_level_step();

// Error for a tokenizer that has no such form (a BPE tokenizer is exported by copying its files).
HfTokenizerFiles hf_tokenizer_files(const Tokenizer& tokenizer);

}  // namespace layermoe
