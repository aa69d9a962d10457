#include "core/data/bpe_tokenizer.h"

#include <algorithm>
#include <deque>
#include <optional>

#include <fmt/format.h>

#include "core/common/error.h"
#include "core/data/bpe_added_tokens.h"
#include "core/data/bpe_bytes.h"
#include "core/data/bpe_model.h"
#include "core/data/bpe_pretokenizer.h"
#include "core/data/bpe_spec.h"
#include "core/data/unicode_nfc.h"

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace layermoe {

namespace {

enum class IdKind : uint8_t { None, Vocab, Added, Special };

}  // namespace

struct BpeTokenizer::Impl {
    fs::path tokenizer_file, config_file;  // absolute; config_file empty when none was read
    bool nfc = false;
    bpe::AddedTokenSplitter raw_added, normalized_added;
    std::unique_ptr<bpe::PreTokenizer> pre_tokenizer;
    std::unique_ptr<bpe::BpeModel> model;
    bpe::TokenIds added_ids;
    std::vector<IdKind> kinds;  // by id
    std::vector<std::string> decoded;  // by id: the bytes it decodes to
    int32_t bos = -1, eos = -1, pad = -1;

    int32_t find(std::string_view token) const {
        if (auto it = added_ids.find(token); it != added_ids.end()) return it->second;
        const auto& vocab = model->vocab();
        auto it = vocab.find(token);
        return it == vocab.end() ? -1 : it->second;
    }
};

namespace {

void build_id_tables(BpeTokenizer::Impl& impl, const bpe::TokenizerSpec& spec) {
    int32_t size = 0;
    for (const auto& [token, id] : spec.vocab) size = std::max(size, id + 1);
    for (const auto& token : spec.added) size = std::max(size, token.id + 1);
    impl.kinds.assign(size_t(size), IdKind::None);
    impl.decoded.assign(size_t(size), std::string());
    for (const auto& [token, id] : spec.vocab) {
        impl.kinds[size_t(id)] = IdKind::Vocab;
        impl.decoded[size_t(id)] = bpe::token_bytes(token);
    }
    for (const auto& token : spec.added) {
        impl.kinds[size_t(token.id)] = token.special ? IdKind::Special : IdKind::Added;
        impl.decoded[size_t(token.id)] = token.content;
        impl.added_ids[token.content] = token.id;
        std::string normalized;
        if (!token.normalized)
            impl.raw_added.add(token.content, token.id);
        else if (spec.nfc && nfc_if_needed(token.content, normalized))
            impl.normalized_added.add(normalized, token.id);
        else
            impl.normalized_added.add(token.content, token.id);
    }
}

// A token named in tokenizer_config.json: absent (nullopt), null (""), or its content.
std::optional<std::string> config_token(const json* config, const char* key, const fs::path& file) {
    if (!config || !config->contains(key)) return std::nullopt;
    const auto& value = (*config)[key];
    if (value.is_null()) return std::string();
    if (value.is_string()) return value.get<std::string>();
    if (value.is_object() && value.contains("content") && value["content"].is_string())
        return value["content"].get<std::string>();
    throw Error(
        fmt::format("{}: {} is {}, neither a string, {{\"content\": ...}} nor null", file.string(), key, value.dump()));
}

int32_t resolve(const BpeTokenizer::Impl& impl, const std::string& token, const char* key, const fs::path& config) {
    const int32_t id = impl.find(token);
    if (id < 0)
        throw Error(fmt::format("{}: {} '{}' is neither an added token nor in the vocab of {}", config.string(), key,
                                token, impl.tokenizer_file.string()));
    return id;
}

int32_t first_added(const BpeTokenizer::Impl& impl, std::initializer_list<const char*> names) {
    for (const char* name : names)
        if (auto it = impl.added_ids.find(std::string_view(name)); it != impl.added_ids.end()) return it->second;
    return -1;
}

void resolve_special_ids(BpeTokenizer::Impl& impl, const json* config, const fs::path& config_path) {
    const auto eos = config_token(config, "eos_token", config_path);
    if (eos && !eos->empty())
        impl.eos = resolve(impl, *eos, "eos_token", config_path);
    else
        impl.eos = first_added(impl, {"<|endoftext|>", "<|end_of_text|>", "</s>"});
    if (impl.eos < 0)
        throw Error(fmt::format("{}: no EOS token: {} and no added token is <|endoftext|>, <|end_of_text|> or </s>",
                                impl.tokenizer_file.string(),
                                config ? config_path.string() + " names no eos_token"
                                       : std::string("there is no tokenizer_config.json")));
    const auto bos = config_token(config, "bos_token", config_path);
    if (bos && !bos->empty())
        impl.bos = resolve(impl, *bos, "bos_token", config_path);
    else if (bos)
        impl.bos = impl.eos;  // null, as in Qwen: the EOS token doubles as a prefix
    else
        impl.bos = first_added(impl, {"<|begin_of_text|>", "<s>"});
    if (impl.bos < 0) impl.bos = impl.eos;
    const auto pad = config_token(config, "pad_token", config_path);
    impl.pad = pad && !pad->empty() ? resolve(impl, *pad, "pad_token", config_path) : impl.eos;
}

}  // namespace

BpeTokenizer::BpeTokenizer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
BpeTokenizer::~BpeTokenizer() = default;

std::unique_ptr<BpeTokenizer> BpeTokenizer::from_files(const fs::path& tokenizer_json,
                                                       const fs::path& tokenizer_config_json) {
    auto spec = bpe::parse_tokenizer_json(bpe::read_json_file(tokenizer_json), tokenizer_json.string());
    auto impl = std::make_unique<Impl>();
    impl->tokenizer_file = fs::absolute(tokenizer_json);
    impl->nfc = spec.nfc;
    impl->pre_tokenizer = std::make_unique<bpe::PreTokenizer>(spec.steps, tokenizer_json.string());
    build_id_tables(*impl, spec);
    impl->model = std::make_unique<bpe::BpeModel>(std::move(spec.vocab), spec.merges, spec.ignore_merges);
    std::optional<json> config;
    std::error_code ec;
    if (!tokenizer_config_json.empty() && fs::exists(tokenizer_config_json, ec)) {
        config = bpe::read_json_file(tokenizer_config_json);
        if (!config->is_object()) throw Error(fmt::format("{}: not a JSON object", tokenizer_config_json.string()));
        impl->config_file = fs::absolute(tokenizer_config_json);
    }
    resolve_special_ids(*impl, config ? &*config : nullptr, tokenizer_config_json);
    return std::unique_ptr<BpeTokenizer>(new BpeTokenizer(std::move(impl)));
}

std::vector<int32_t> BpeTokenizer::encode(std::string_view text) const {
    std::vector<int32_t> ids;
    encode_append(text, ids);
    return ids;
}

void BpeTokenizer::encode_append(std::string_view text, std::vector<int32_t>& out) const {
    // Per thread, so that encoding a short text allocates nothing once warm.
    thread_local std::vector<std::string_view> pieces;
    thread_local std::deque<std::string> arena;
    arena.clear();
    auto on_token = [&](int32_t id) { out.push_back(id); };
    auto on_plain = [&](std::string_view plain) {
        impl_->pre_tokenizer->split(plain, pieces, arena);
        impl_->model->encode_words(pieces, out);
    };
    // Added tokens not marked normalized are cut from the raw text, the others after NFC.
    impl_->raw_added.split(
        text,
        [&](std::string_view segment) {
            std::string normalized;
            if (impl_->nfc && nfc_if_needed(segment, normalized)) segment = normalized;
            if (impl_->normalized_added.empty())
                on_plain(segment);
            else
                impl_->normalized_added.split(segment, on_plain, on_token);
        },
        on_token);
}

std::string BpeTokenizer::decode(std::span<const int32_t> ids) const {
    std::string text;
    for (size_t i = 0; i < ids.size(); ++i) {
        const int32_t id = ids[i];
        const auto kind = id >= 0 && id < vocab_size() ? impl_->kinds[size_t(id)] : IdKind::None;
        if (kind == IdKind::None)
            throw Error(fmt::format("token id {} at position {} is not in the vocabulary of {} (0..{})", id, i,
                                    impl_->tokenizer_file.string(), vocab_size() - 1));
        if (kind != IdKind::Special) text += impl_->decoded[size_t(id)];
    }
    return text;
}

int32_t BpeTokenizer::vocab_size() const { return int32_t(impl_->kinds.size()); }
int32_t BpeTokenizer::bos_id() const { return impl_->bos; }
int32_t BpeTokenizer::eos_id() const { return impl_->eos; }
int32_t BpeTokenizer::pad_id() const { return impl_->pad; }

bool BpeTokenizer::is_special(int32_t id) const {
    return id >= 0 && id < vocab_size() && impl_->kinds[size_t(id)] == IdKind::Special;
}

json BpeTokenizer::describe() const {
    json d = {{"type", "bpe"},
              {"tokenizer_file", impl_->tokenizer_file.filename().string()},
              {"vocab_size", vocab_size()},
              {"bos_id", bos_id()},
              {"eos_id", eos_id()},
              {"pad_id", pad_id()}};
    if (!impl_->config_file.empty()) d["config_file"] = impl_->config_file.filename().string();
    return d;
}

std::vector<fs::path> BpeTokenizer::files() const {
    std::vector<fs::path> out{impl_->tokenizer_file};
    if (!impl_->config_file.empty()) out.push_back(impl_->config_file);
    return out;
}

int32_t BpeTokenizer::token_id(std::string_view token) const { return impl_->find(token); }

void BpeTokenizer::clear_cache() const { impl_->model->clear_cache(); }

}  // namespace layermoe
