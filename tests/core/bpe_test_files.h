#pragma once
// Tiny Hugging Face tokenizer.json files for the BPE tests: the 256 byte characters with id =
// byte value, then extra tokens and merges given as raw text, ids 256, 257, ... in the order
// they first appear (tokens first, then the merge results). The byte-level spelling here is
// written from GPT-2's description, independently of core/data/bpe_bytes.cpp.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace layermoe::testing {

inline std::string byte_level_spelling(std::string_view raw) {
    std::string out;
    for (unsigned char b : raw) {
        unsigned cp = b;
        if (!((b >= 33 && b <= 126) || (b >= 161 && b <= 172) || b >= 174)) {
            unsigned n = 0;  // the how-many-th byte outside the printable ranges this is
            for (unsigned k = 0; k < b; ++k)
                if (!((k >= 33 && k <= 126) || (k >= 161 && k <= 172) || k >= 174)) ++n;
            cp = 256 + n;
        }
        if (cp < 0x80) {
            out += char(cp);
        } else {
            out += char(0xC0 | (cp >> 6));
            out += char(0x80 | (cp & 0x3F));
        }
    }
    return out;
}

inline nlohmann::json byte_level(bool add_prefix_space, bool use_regex) {
    return {{"type", "ByteLevel"},
            {"add_prefix_space", add_prefix_space},
            {"trim_offsets", false},
            {"use_regex", use_regex}};
}

// Qwen2's Split pattern, and the Sequence Qwen2/Qwen3 use.
inline constexpr const char* kQwenPattern =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

inline nlohmann::json split_then_byte_level(const std::string& pattern) {
    return {{"type", "Sequence"},
            {"pretokenizers",
             {{{"type", "Split"}, {"pattern", {{"Regex", pattern}}}, {"behavior", "Isolated"}, {"invert", false}},
              byte_level(false, false)}}};
}

inline nlohmann::json added_token(int id, const std::string& content, bool special, bool normalized = false) {
    return {{"id", id},        {"content", content},       {"single_word", false}, {"lstrip", false},
            {"rstrip", false}, {"normalized", normalized}, {"special", special}};
}

struct TinyTokenizer {
    nlohmann::json normalizer = nullptr;
    nlohmann::json pre_tokenizer = byte_level(false, true);  // GPT-2
    std::vector<std::string> tokens;  // raw text
    std::vector<std::pair<std::string, std::string>> merges;  // raw text
    // Loading needs an EOS: without tokenizer_config.json, a known name among the added tokens.
    nlohmann::json added_tokens = nlohmann::json::array({added_token(300, "<|endoftext|>", true)});
    bool ignore_merges = false;
    bool merges_as_pairs = false;  // ["a", "b"] (tokenizers >= 0.20) instead of "a b"

    nlohmann::json json() const {
        nlohmann::json vocab = nlohmann::json::object();
        for (int b = 0; b < 256; ++b) vocab[byte_level_spelling(std::string(1, char(b)))] = b;
        int next = 256;
        auto add = [&](const std::string& raw) {
            const auto spelled = byte_level_spelling(raw);
            if (!vocab.contains(spelled)) vocab[spelled] = next++;
        };
        for (const auto& t : tokens) add(t);
        nlohmann::json merge_list = nlohmann::json::array();
        for (const auto& [a, b] : merges) {
            add(a + b);
            const auto left = byte_level_spelling(a), right = byte_level_spelling(b);
            merge_list.push_back(merges_as_pairs ? nlohmann::json::array({left, right})
                                                 : nlohmann::json(left + " " + right));
        }
        return {{"version", "1.0"},
                {"truncation", nullptr},
                {"padding", nullptr},
                {"added_tokens", added_tokens},
                {"normalizer", normalizer},
                {"pre_tokenizer", pre_tokenizer},
                {"post_processor", byte_level(false, false)},
                {"decoder", byte_level(false, false)},
                {"model",
                 {{"type", "BPE"},
                  {"dropout", nullptr},
                  {"unk_token", nullptr},
                  {"continuing_subword_prefix", ""},
                  {"end_of_word_suffix", ""},
                  {"fuse_unk", false},
                  {"byte_fallback", false},
                  {"ignore_merges", ignore_merges},
                  {"vocab", vocab},
                  {"merges", merge_list}}}};
    }
};

}  // namespace layermoe::testing
