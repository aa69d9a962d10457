#pragma once
// What a Hugging Face tokenizer.json asks for, checked against the subset BpeTokenizer implements
// (GPT-2, Qwen2/Qwen3 and LLaMA-3 files; internal to core/data). Every refusal names the file and
// the component: "FILE: unsupported normalizer 'Lowercase'".
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

namespace layermoe::bpe {

struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
// Token string (byte-level characters, as in the file) -> id; looked up with string_view.
using TokenIds = std::unordered_map<std::string, int32_t, StringHash, std::equal_to<>>;

// GPT-2's pattern, which ByteLevel applies when use_regex is true.
inline constexpr std::string_view kGpt2Pattern =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

// Qwen2's split pattern (LLaMA-3's, with single digits); the trained tokenizers use it.
inline constexpr std::string_view kQwen2Pattern =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

enum class StepKind { Split, ByteLevel, Digits };

struct PreTokenizeStep {
    StepKind kind = StepKind::Split;
    std::string pattern;  // Split: its Oniguruma regex; ByteLevel: empty or kGpt2Pattern
    bool add_prefix_space = false;  // ByteLevel
    bool individual_digits = false;  // Digits
};

struct Merge {
    int32_t left = 0, right = 0, merged = 0;  // vocab ids; rank is the position in the list
};

struct AddedTokenSpec {
    int32_t id = 0;
    std::string content;
    bool special = false;
    bool normalized = false;  // matched after normalization rather than on the raw text
};

struct TokenizerSpec {
    bool nfc = false;
    std::vector<PreTokenizeStep> steps;  // ByteLevel is the last one
    TokenIds vocab;  // holds the 256 byte-level characters
    std::vector<Merge> merges;
    bool ignore_merges = false;
    std::vector<AddedTokenSpec> added;
};

// file is the name used in error messages.
TokenizerSpec parse_tokenizer_json(const nlohmann::json& root, const std::string& file);

// Error "FILE does not exist" / "FILE: invalid JSON: ..." rather than a bare parse error.
nlohmann::json read_json_file(const std::filesystem::path& file);

}  // namespace layermoe::bpe
