#include "core/data/bpe_spec.h"

#include <fstream>

#include <fmt/format.h>

#include "core/common/error.h"
#include "core/data/bpe_bytes.h"

using json = nlohmann::json;

namespace layermoe::bpe {

namespace {

// Errors of one file: each message starts with the file's name.
struct Reader {
    const std::string& file;

    [[noreturn]] void fail(const std::string& what) const { throw Error(fmt::format("{}: {}", file, what)); }

    std::string type_of(const json& node, const char* component) const {
        if (!node.is_object() || !node.contains("type") || !node["type"].is_string())
            fail(fmt::format("{} {} is not an object with a string \"type\"", component, node.dump()));
        return node["type"].get<std::string>();
    }

    bool flag(const json& node, const char* key, bool fallback, const char* component) const {
        if (!node.contains(key) || node[key].is_null()) return fallback;
        if (!node[key].is_boolean()) fail(fmt::format("{} field \"{}\" is not true or false", component, key));
        return node[key].get<bool>();
    }

    // An optional string field that must be empty when given.
    void require_empty(const json& node, const char* key, const char* component) const {
        if (!node.contains(key) || node[key].is_null()) return;
        if (!node[key].is_string() || !node[key].get<std::string>().empty())
            fail(fmt::format("unsupported {} {} = {} (only empty is supported)", component, key, node[key].dump()));
    }
};

void parse_normalizer(const Reader& r, const json& node, TokenizerSpec& spec) {
    if (node.is_null()) return;
    const auto type = r.type_of(node, "normalizer");
    if (type == "NFC") {
        spec.nfc = true;
    } else if (type == "Sequence") {
        if (!node.contains("normalizers") || !node["normalizers"].is_array())
            r.fail("normalizer Sequence has no array \"normalizers\"");
        for (const auto& child : node["normalizers"]) parse_normalizer(r, child, spec);
    } else {
        r.fail(fmt::format("unsupported normalizer '{}' (supported: NFC, Sequence)", type));
    }
}

PreTokenizeStep parse_split(const Reader& r, const json& node) {
    const auto& pattern = node.contains("pattern") ? node["pattern"] : json();
    if (!pattern.is_object() || !pattern.contains("Regex") || !pattern["Regex"].is_string())
        r.fail(fmt::format("unsupported Split pattern {} (only {{\"Regex\": ...}})", pattern.dump()));
    const auto behavior = node.value("behavior", json()).is_string() ? node["behavior"].get<std::string>() : "";
    if (behavior != "Isolated") r.fail(fmt::format("unsupported Split behavior '{}' (only Isolated)", behavior));
    if (!node.contains("invert") || !node["invert"].is_boolean() || node["invert"].get<bool>())
        r.fail("unsupported Split invert (only false)");
    return {StepKind::Split, pattern["Regex"].get<std::string>(), false, false};
}

void parse_pre_tokenizer(const Reader& r, const json& node, TokenizerSpec& spec) {
    if (node.is_null()) r.fail("pre_tokenizer is null, but a byte-level BPE needs ByteLevel");
    const auto type = r.type_of(node, "pre_tokenizer");
    if (type == "Sequence") {
        if (!node.contains("pretokenizers") || !node["pretokenizers"].is_array())
            r.fail("pre_tokenizer Sequence has no array \"pretokenizers\"");
        for (const auto& child : node["pretokenizers"]) parse_pre_tokenizer(r, child, spec);
    } else if (type == "Split") {
        spec.steps.push_back(parse_split(r, node));
    } else if (type == "ByteLevel") {
        if (!node.contains("add_prefix_space") || !node["add_prefix_space"].is_boolean())
            r.fail("pre_tokenizer ByteLevel has no true/false \"add_prefix_space\"");
        const bool use_regex = r.flag(node, "use_regex", true, "pre_tokenizer ByteLevel");
        spec.steps.push_back({StepKind::ByteLevel, use_regex ? std::string(kGpt2Pattern) : std::string(),
                              node["add_prefix_space"].get<bool>(), false});
    } else if (type == "Digits") {
        spec.steps.push_back({StepKind::Digits, {}, false, r.flag(node, "individual_digits", false, "Digits")});
    } else {
        r.fail(fmt::format("unsupported pre_tokenizer '{}' (supported: ByteLevel, Split, Digits, Sequence)", type));
    }
}

void check_steps(const Reader& r, const std::vector<PreTokenizeStep>& steps) {
    for (size_t i = 0; i < steps.size(); ++i) {
        const bool last = i + 1 == steps.size();
        if ((steps[i].kind == StepKind::ByteLevel) != last)
            r.fail("unsupported pre_tokenizer: ByteLevel must be the last (and only) ByteLevel step");
    }
    if (steps.empty()) r.fail("pre_tokenizer has no ByteLevel step");
}

void parse_vocab(const Reader& r, const json& model, TokenizerSpec& spec) {
    if (!model.contains("vocab") || !model["vocab"].is_object()) r.fail("model has no object \"vocab\"");
    spec.vocab.reserve(model["vocab"].size());
    for (const auto& [token, id] : model["vocab"].items()) {
        if (!id.is_number_integer() || id.get<int64_t>() < 0 || id.get<int64_t>() >= INT32_MAX)
            r.fail(fmt::format("vocab token '{}' has id {}, not an integer in 0..{}", token, id.dump(), INT32_MAX - 1));
        spec.vocab[token] = int32_t(id.get<int64_t>());
    }
    for (int b = 0; b < 256; ++b) {
        if (!spec.vocab.contains(byte_char(uint8_t(b))))
            r.fail(fmt::format("vocab lacks '{}', the token of byte 0x{:02X}; a byte-level BPE needs all 256",
                               byte_char(uint8_t(b)), b));
    }
}

int32_t merge_id(const Reader& r, const TokenizerSpec& spec, size_t rank, const std::string& token) {
    const auto it = spec.vocab.find(token);
    if (it == spec.vocab.end()) r.fail(fmt::format("merge {} names '{}', which is not in the vocab", rank, token));
    return it->second;
}

void parse_merges(const Reader& r, const json& model, TokenizerSpec& spec) {
    if (!model.contains("merges") || !model["merges"].is_array()) r.fail("model has no array \"merges\"");
    spec.merges.reserve(model["merges"].size());
    size_t rank = 0;
    for (const auto& item : model["merges"]) {
        std::string left, right;
        if (item.is_string()) {
            const auto& line = item.get_ref<const std::string&>();
            const auto space = line.find(' ');
            if (space == std::string::npos || line.find(' ', space + 1) != std::string::npos)
                r.fail(fmt::format("merge {} \"{}\" is not two tokens separated by one space", rank, line));
            left = line.substr(0, space);
            right = line.substr(space + 1);
        } else if (item.is_array() && item.size() == 2 && item[0].is_string() && item[1].is_string()) {
            left = item[0].get<std::string>();
            right = item[1].get<std::string>();
        } else {
            r.fail(fmt::format("merge {} {} is neither \"a b\" nor [\"a\", \"b\"]", rank, item.dump()));
        }
        spec.merges.push_back(
            {merge_id(r, spec, rank, left), merge_id(r, spec, rank, right), merge_id(r, spec, rank, left + right)});
        ++rank;
    }
}

void parse_model(const Reader& r, const json& root, TokenizerSpec& spec) {
    if (!root.contains("model") || !root["model"].is_object()) r.fail("no object \"model\"");
    const auto& model = root["model"];
    const auto type = model.value("type", json("BPE"));
    if (type != "BPE") r.fail(fmt::format("unsupported model {} (only BPE)", type.dump()));
    const auto dropout = model.value("dropout", json());
    if (!dropout.is_null() && !(dropout.is_number() && dropout.get<double>() == 0.0))
        r.fail(fmt::format("unsupported model dropout {} (only null)", dropout.dump()));
    if (r.flag(model, "byte_fallback", false, "model")) r.fail("unsupported model byte_fallback true");
    r.require_empty(model, "continuing_subword_prefix", "model");
    r.require_empty(model, "end_of_word_suffix", "model");
    spec.ignore_merges = r.flag(model, "ignore_merges", false, "model");
    parse_vocab(r, model, spec);
    parse_merges(r, model, spec);
}

void parse_added_tokens(const Reader& r, const json& root, TokenizerSpec& spec) {
    if (!root.contains("added_tokens") || root["added_tokens"].is_null()) return;
    if (!root["added_tokens"].is_array()) r.fail("\"added_tokens\" is not an array");
    for (const auto& item : root["added_tokens"]) {
        if (!item.is_object() || !item.value("content", json()).is_string() ||
            !item.value("id", json()).is_number_integer())
            r.fail(fmt::format("added token {} has no string \"content\" and integer \"id\"", item.dump()));
        AddedTokenSpec token;
        token.content = item["content"].get<std::string>();
        const auto id = item["id"].get<int64_t>();
        if (token.content.empty() || id < 0 || id >= INT32_MAX)
            r.fail(fmt::format("added token {} has empty content or an id outside 0..{}", item.dump(), INT32_MAX - 1));
        token.id = int32_t(id);
        for (const char* key : {"lstrip", "rstrip", "single_word"}) {
            if (r.flag(item, key, false, "added token"))
                r.fail(fmt::format("added token '{}' sets {}, which is not supported", token.content, key));
        }
        token.special = r.flag(item, "special", false, "added token");
        token.normalized = r.flag(item, "normalized", !token.special, "added token");
        spec.added.push_back(std::move(token));
    }
}

}  // namespace

nlohmann::json read_json_file(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) throw Error(fmt::format("{} does not exist", file.string()));
    std::ifstream in(file, std::ios::binary);
    std::string bytes(size_t(std::filesystem::file_size(file, ec)), '\0');
    if (ec || !in.read(bytes.data(), std::streamsize(bytes.size())))
        throw Error(fmt::format("{}: cannot be read", file.string()));
    try {
        return json::parse(bytes);
    } catch (const json::exception& e) {
        throw Error(fmt::format("{}: invalid JSON: {}", file.string(), e.what()));
    }
}

TokenizerSpec parse_tokenizer_json(const json& root, const std::string& file) {
    const Reader r{file};
    if (!root.is_object()) r.fail("not a JSON object");
    TokenizerSpec spec;
    parse_normalizer(r, root.value("normalizer", json()), spec);
    parse_pre_tokenizer(r, root.value("pre_tokenizer", json()), spec);
    check_steps(r, spec.steps);
    const auto decoder = root.value("decoder", json());
    if (decoder.is_null() || r.type_of(decoder, "decoder") != "ByteLevel")
        r.fail(fmt::format("unsupported decoder {} (only ByteLevel)",
                           decoder.is_null() ? "null" : decoder["type"].dump()));
    parse_model(r, root, spec);
    parse_added_tokens(r, root, spec);
    return spec;
}

}  // namespace layermoe::bpe
