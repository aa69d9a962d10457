#include "core/data/tokenizer.h"

#include <fmt/format.h>

#include "core/common/error.h"
#include "core/data/bpe_tokenizer.h"

namespace layermoe {

void Tokenizer::encode_append(std::string_view text, std::vector<int32_t>& out) const {
    const auto ids = encode(text);
    out.insert(out.end(), ids.begin(), ids.end());
}

bool Tokenizer::is_special(int32_t id) const { return id == bos_id() || id == eos_id() || id == pad_id(); }

namespace {

void check_field(const nlohmann::json& description, const char* key, int64_t expected) {
    if (!description.contains(key)) return;
    const auto& value = description.at(key);
    if (!value.is_number_integer() || value.get<int64_t>() != expected)
        throw Error(fmt::format("tokenizer description has {} = {}, but the {} tokenizer has {} = {}", key,
                                value.dump(), description.at("type").get<std::string>(), key, expected));
}

void check_fields(const nlohmann::json& description, const Tokenizer& tok) {
    check_field(description, "vocab_size", tok.vocab_size());
    check_field(description, "bos_id", tok.bos_id());
    check_field(description, "eos_id", tok.eos_id());
    check_field(description, "pad_id", tok.pad_id());
}

std::unique_ptr<Tokenizer> byte_tokenizer_from(const nlohmann::json& description) {
    auto tok = std::make_unique<ByteTokenizer>();
    check_fields(description, *tok);
    return tok;
}

std::filesystem::path described_file(const nlohmann::json& description, const char* key,
                                     const std::filesystem::path& base_dir) {
    if (!description[key].is_string() || description[key].get<std::string>().empty())
        throw Error(
            fmt::format("bpe tokenizer description has {} = {}, not a file name", key, description[key].dump()));
    const auto file = base_dir / description[key].get<std::string>();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
        throw Error(fmt::format("bpe tokenizer description names {} {}, which does not exist", key, file.string()));
    return file;
}

std::unique_ptr<Tokenizer> bpe_tokenizer_from(const nlohmann::json& description,
                                              const std::filesystem::path& base_dir) {
    if (!description.contains("tokenizer_file"))
        throw Error("bpe tokenizer description has no field \"tokenizer_file\"");
    const auto tokenizer_file = described_file(description, "tokenizer_file", base_dir);
    const auto config_file = description.contains("config_file") ? described_file(description, "config_file", base_dir)
                                                                 : std::filesystem::path();
    auto tok = BpeTokenizer::from_files(tokenizer_file, config_file);
    check_fields(description, *tok);
    return tok;
}

}  // namespace

std::unique_ptr<Tokenizer> tokenizer_from_description(const nlohmann::json& description,
                                                      const std::filesystem::path& base_dir) {
    if (!description.is_object() || !description.contains("type") || !description["type"].is_string())
        throw Error(fmt::format("tokenizer description {} has no string field \"type\"", description.dump()));
    const auto type = description["type"].get<std::string>();
    if (type == "byte") return byte_tokenizer_from(description);
    if (type == "bpe") return bpe_tokenizer_from(description, base_dir);
    throw Error(fmt::format("unknown tokenizer type '{}' (known: byte, bpe)", type));
}

}  // namespace layermoe
