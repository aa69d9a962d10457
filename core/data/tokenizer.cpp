#include "core/data/tokenizer.h"

#include <fmt/format.h>

#include "core/common/error.h"

namespace layermoe {

void Tokenizer::encode_append(std::string_view text, std::vector<int32_t>& out) const {
    const auto ids = encode(text);
    out.insert(out.end(), ids.begin(), ids.end());
}

bool Tokenizer::is_special(int32_t id) const {
    return id == bos_id() || id == eos_id() || id == pad_id();
}

namespace {

void check_field(const nlohmann::json& description, const char* key, int64_t expected) {
    if (!description.contains(key)) return;
    const auto& value = description.at(key);
    if (!value.is_number_integer() || value.get<int64_t>() != expected)
        throw Error(fmt::format("tokenizer description has {} = {}, but the {} tokenizer has {} = {}",
                                key, value.dump(), description.at("type").get<std::string>(), key,
                                expected));
}

std::unique_ptr<Tokenizer> byte_tokenizer_from(const nlohmann::json& description) {
    auto tok = std::make_unique<ByteTokenizer>();
    check_field(description, "vocab_size", tok->vocab_size());
    check_field(description, "bos_id", tok->bos_id());
    check_field(description, "eos_id", tok->eos_id());
    check_field(description, "pad_id", tok->pad_id());
    return tok;
}

} // namespace

std::unique_ptr<Tokenizer> tokenizer_from_description(const nlohmann::json& description) {
    if (!description.is_object() || !description.contains("type") || !description["type"].is_string())
        throw Error(fmt::format("tokenizer description {} has no string field \"type\"",
                                description.dump()));
    const auto type = description["type"].get<std::string>();
    if (type == "byte") return byte_tokenizer_from(description);
    throw Error(fmt::format("unknown tokenizer type '{}' (known: byte)", type));
}

} // namespace layermoe
