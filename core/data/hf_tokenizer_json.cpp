#include "core/data/hf_tokenizer_json.h"

#include <fmt/format.h>

#include "core/common/error.h"
#include "core/data/bpe_bytes.h"

namespace layermoe {

nlohmann::json hf_special_token(int32_t id, const std::string& content) {
    return {{"id", id},        {"content", content},  {"single_word", false}, {"lstrip", false},
            {"rstrip", false}, {"normalized", false}, {"special", true}};
}

nlohmann::json hf_byte_level_step() {
    return {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", false}, {"use_regex", false}};
}

HfTokenizerFiles hf_tokenizer_files(const Tokenizer& tokenizer) {
    const auto description = tokenizer.describe();
    if (description.value("type", std::string()) != "byte")
        throw Error(fmt::format("no Hugging Face tokenizer.json form for a tokenizer of type {}",
                                description.value("type", std::string("?"))));
    nlohmann::json vocab = nlohmann::json::object();
    for (int b = 0; b < 256; ++b) vocab[std::string(bpe::byte_char(static_cast<uint8_t>(b)))] = b;
    const nlohmann::json byte_level = hf_byte_level_step();
    HfTokenizerFiles out;
    out.tokenizer = {
        {"version", "1.0"},
        {"truncation", nullptr},
        {"padding", nullptr},
        {"added_tokens",
         {hf_special_token(tokenizer.bos_id(), "<s>"), hf_special_token(tokenizer.eos_id(), "</s>"),
          hf_special_token(tokenizer.pad_id(), "<pad>")}},
        {"normalizer", nullptr},
        {"pre_tokenizer", byte_level},
        {"post_processor", nullptr},
        {"decoder", byte_level},
        {"model",
         {{"type", "BPE"},
          {"dropout", nullptr},
          {"unk_token", nullptr},
          {"continuing_subword_prefix", nullptr},
          {"end_of_word_suffix", nullptr},
          {"fuse_unk", false},
          {"byte_fallback", false},
          {"ignore_merges", false},
          {"vocab", vocab},
          {"merges", nlohmann::json::array()}}},
    };
    out.config = {{"tokenizer_class", "PreTrainedTokenizerFast"},
                  {"bos_token", "<s>"},
                  {"eos_token", "</s>"},
                  {"pad_token", "<pad>"},
                  {"add_bos_token", false},
                  {"add_eos_token", false},
                  {"clean_up_tokenization_spaces", false}};
    return out;
}

}  // namespace layermoe
