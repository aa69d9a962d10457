#pragma once
// Tokenizers turn text into ids and back. The interface is what training, evaluation and
// checkpoints need from any tokenizer (byte-level, or a BPE read from Hugging Face files: see
// bpe_tokenizer.h); describe() is stored in checkpoints and tokenizer_from_description()
// rebuilds the same tokenizer from it (and from files(), copied beside the description).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/data/utf8.h"

namespace layermoe {

class Tokenizer {
public:
    virtual ~Tokenizer() = default;
    virtual std::vector<int32_t> encode(std::string_view text) const = 0;  // no BOS/EOS added
    // Appends the ids of text to out; packing calls this to avoid a vector per document.
    virtual void encode_append(std::string_view text, std::vector<int32_t>& out) const;
    virtual std::string decode(std::span<const int32_t> ids) const = 0;  // special tokens dropped
    virtual int32_t vocab_size() const = 0;
    virtual int32_t bos_id() const = 0;
    virtual int32_t eos_id() const = 0;
    virtual int32_t pad_id() const = 0;
    virtual bool is_special(int32_t id) const;  // BOS, EOS or PAD
    virtual nlohmann::json describe() const = 0;
    // Files the description refers to by name (absolute paths): whoever saves the description
    // copies them into the same folder.
    virtual std::vector<std::filesystem::path> files() const { return {}; }
};

// ids 0..255 are the bytes, 256 BOS, 257 EOS, 258 PAD: any byte string round-trips exactly,
// valid UTF-8 or not, so no corpus can make it fail.
class ByteTokenizer final : public Tokenizer {
public:
    static constexpr int32_t kBos = 256, kEos = 257, kPad = 258, kVocab = 259;
    std::vector<int32_t> encode(std::string_view text) const override;
    void encode_append(std::string_view text, std::vector<int32_t>& out) const override;
    std::string decode(std::span<const int32_t> ids) const override;  // Error on ids outside vocab
    int32_t vocab_size() const override { return kVocab; }
    int32_t bos_id() const override { return kBos; }
    int32_t eos_id() const override { return kEos; }
    int32_t pad_id() const override { return kPad; }
    nlohmann::json describe() const override;  // {"type":"byte","vocab_size":259,"bos_id":256,...}
};

// Error on a missing or unknown "type", or a field that disagrees with that tokenizer. Files a
// description names ("bpe": tokenizer_file, config_file) are read relative to base_dir.
std::unique_ptr<Tokenizer> tokenizer_from_description(const nlohmann::json& description,
                                                      const std::filesystem::path& base_dir = {});

// The tokenizer of a folder: dir/layermoe_tokenizer.json (a description) when present, else a
// Hugging Face dir/tokenizer.json (with dir/tokenizer_config.json when present). Error when it
// has neither, or a file is malformed (the message names it).
std::unique_ptr<Tokenizer> load_tokenizer_dir(const std::filesystem::path& dir);

}  // namespace layermoe
