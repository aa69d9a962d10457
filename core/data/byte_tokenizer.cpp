#include <fmt/format.h>

#include "core/common/error.h"
#include "core/data/tokenizer.h"

namespace layermoe {

std::vector<int32_t> ByteTokenizer::encode(std::string_view text) const {
    std::vector<int32_t> ids;
    encode_append(text, ids);
    return ids;
}

void ByteTokenizer::encode_append(std::string_view text, std::vector<int32_t>& out) const {
    const size_t start = out.size();
    out.resize(start + text.size());
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    int32_t* dst = out.data() + start;
    for (size_t i = 0; i < text.size(); ++i) dst[i] = bytes[i];
}

std::string ByteTokenizer::decode(std::span<const int32_t> ids) const {
    std::string text;
    text.reserve(ids.size());
    for (size_t i = 0; i < ids.size(); ++i) {
        const int32_t id = ids[i];
        if (id >= 0 && id < 256) {
            text += char(uint8_t(id));
        } else if (id < 0 || id >= kVocab) {
            throw Error(fmt::format("token id {} at position {} is outside the byte tokenizer's "
                                    "vocabulary (0..{})",
                                    id, i, kVocab - 1));
        }
    }
    return text;
}

nlohmann::json ByteTokenizer::describe() const {
    return {{"type", "byte"}, {"vocab_size", kVocab}, {"bos_id", kBos}, {"eos_id", kEos}, {"pad_id", kPad}};
}

}  // namespace layermoe
