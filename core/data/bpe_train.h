#pragma once
// Training a byte-level BPE tokenizer on a corpus, for the built-in model: the Qwen2 pre-tokenizer
// (NFC, its split pattern, byte-level), then merges learned by count, as Hugging Face tokenizers'
// BpeTrainer learns them. The result is a tokenizer.json + tokenizer_config.json that
// BpeTokenizer and Hugging Face tokenizers both read.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/progress.h"

namespace layermoe {

struct BpeTrainOptions {
    int32_t vocab_size = 4096;  // bytes (256) + merges + the special tokens
    int64_t min_frequency = 2;  // a pair seen fewer times is never merged
};

struct BpeTrainResult {
    nlohmann::json tokenizer;  // tokenizer.json
    nlohmann::json config;  // tokenizer_config.json
    int64_t merges = 0;
    int64_t words = 0;  // distinct pre-tokens counted
    bool cancelled = false;
};

// Special tokens, after the merged vocabulary: <|endoftext|> (EOS, and BOS as in Qwen) and <|pad|>.
BpeTrainResult train_bpe(const std::vector<const std::vector<std::string>*>& documents, const BpeTrainOptions& options,
                         const ProgressFn& progress = {});

// Writes tokenizer.json and tokenizer_config.json into dir (created).
void write_bpe_files(const std::filesystem::path& dir, const BpeTrainResult& result);

}  // namespace layermoe
