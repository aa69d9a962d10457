#include "core/model/config.h"

#include <fmt/format.h>

#include <cmath>

#include "core/common/error.h"
#include "core/io/json_fits.h"

namespace layermoe {

namespace {
// Bounds far above any checkpoint this tool is meant for (Llama 3.1 405B: hidden_size 16384,
// intermediate_size 53248, 126 layers), low enough that every size computed from them, such as
// parameter_count(), fits in 64 bits.
constexpr int64_t kMaxLayers = 4096;
constexpr int64_t kMaxHidden = int64_t{1} << 17;
constexpr int64_t kMaxIntermediate = int64_t{1} << 20;
constexpr int64_t kMaxVocab = (int64_t{1} << 31) - 1;  // token ids are stored as 32-bit values
constexpr int64_t kMaxPositions = int64_t{1} << 24;
constexpr int64_t kMaxExpertsPerLayer = 1024;

void require_range(const char* key, int64_t value, int64_t lo, int64_t hi) {
    if (value < lo) throw Error(fmt::format("{}: must be at least {}, got {}", key, lo, value));
    if (value > hi) throw Error(fmt::format("{}: must be at most {}, got {}", key, hi, value));
}
}  // namespace

int64_t MoeLayout::experts(int64_t layer) const {
    int64_t total = 0;
    for (int64_t n : waves[static_cast<size_t>(layer)]) total += n;
    return total;
}

int64_t MoeLayout::total_experts() const {
    int64_t total = 0;
    for (size_t layer = 0; layer < waves.size(); ++layer) total += experts(static_cast<int64_t>(layer));
    return total;
}

void MoeLayout::validate(int64_t n_layers) const {
    auto require = [](bool ok, const std::string& what) {
        if (!ok) throw Error("invalid MoE layout: " + what);
    };
    require(static_cast<int64_t>(waves.size()) == n_layers,
            fmt::format("{} layers of experts for a model of {} layers", waves.size(), n_layers));
    require(static_cast<int64_t>(classifier.size()) == n_layers,
            fmt::format("{} classifier flags for a model of {} layers", classifier.size(), n_layers));
    require(top_k >= 1, fmt::format("num_experts_per_tok = {} must be >= 1", top_k));
    for (size_t i = 0; i < waves.size(); ++i) {
        require(waves[i].size() == waves.front().size() && waves[i].size() >= 2,
                fmt::format("layer {} lists {} expansion waves, layer 0 lists {} (each lists the original "
                            "expert, then one count per expansion)",
                            i, waves[i].size(), waves.front().size()));
        require(waves[i][0] == 1,
                fmt::format("layer {} starts with {} experts; the original FFN is one", i, waves[i][0]));
        for (int64_t n : waves[i])
            require(n >= 0 && n <= kMaxExpertsPerLayer,
                    fmt::format("layer {} has {} experts in one wave (0 to {})", i, n, kMaxExpertsPerLayer));
        require(!classifier[i] || is_moe(static_cast<int64_t>(i)),
                fmt::format("layer {} has a classifier but one expert (a dense layer routes nothing)", i));
    }
}

int64_t ModelConfig::parameter_count() const {
    const int64_t hd = head_dim();
    int64_t attn = d_model * n_heads * hd + 2 * d_model * n_kv_heads * hd + n_heads * hd * d_model;
    if (qkv_bias) attn += n_heads * hd + 2 * n_kv_heads * hd;
    const int64_t ffn = 3 * d_model * ffn_size;
    const int64_t norms = 2 * d_model;
    const int64_t embed = vocab_size * d_model * (tie_embeddings ? 1 : 2);
    int64_t moe_extra = 0;
    for (int64_t layer = 0; !moe.empty() && layer < n_layers; ++layer) {
        if (!moe.is_moe(layer)) continue;
        moe_extra += (moe.experts(layer) - 1) * ffn + d_model * moe.experts(layer);  // new experts, router
        if (moe.classifier[static_cast<size_t>(layer)]) moe_extra += d_model * moe.groups();
    }
    return n_layers * (attn + ffn + norms) + embed + d_model + moe_extra;
}

double ModelConfig::forward_flops_per_token(int64_t seq_len) const {
    const double hd = static_cast<double>(head_dim());
    const double linear =
        static_cast<double>(d_model) * (n_heads * hd + 2 * n_kv_heads * hd + n_heads * hd) + 3.0 * d_model * ffn_size;
    // Causal attention: on average each token attends to (seq_len + 1) / 2 keys; QK^T and AV.
    const double attention = 2.0 * n_heads * hd * (seq_len + 1) / 2.0;
    const double head = static_cast<double>(d_model) * vocab_size;
    return 2.0 * (n_layers * (linear + attention) + head);
}

void ModelConfig::validate() const {
    // Every size in range before anything is derived from it: head_dim() divides by
    // num_attention_heads, and the memory plan multiplies the sizes together.
    require_range("num_hidden_layers", n_layers, 1, kMaxLayers);
    require_range("hidden_size", d_model, 2, kMaxHidden);
    require_range("num_attention_heads", n_heads, 1, d_model);
    require_range("num_key_value_heads", n_kv_heads, 1, n_heads);
    require_range("intermediate_size", ffn_size, 1, kMaxIntermediate);
    require_range("vocab_size", vocab_size, 2, kMaxVocab);
    require_range("max_position_embeddings", max_len, 2, kMaxPositions);
    if (d_model % n_heads != 0)
        throw Error(fmt::format("num_attention_heads: hidden_size {} is not divisible by {}", d_model, n_heads));
    if (head_dim() % 2 != 0)
        throw Error(fmt::format("num_attention_heads: the head dimension hidden_size / num_attention_heads = {} must "
                                "be even for RoPE",
                                head_dim()));
    if (n_heads % n_kv_heads != 0)
        throw Error(
            fmt::format("num_key_value_heads: num_attention_heads {} is not divisible by {}", n_heads, n_kv_heads));
    if (!(rope_theta > 0) || !std::isfinite(rope_theta))
        throw Error(fmt::format("rope_theta: must be a positive number, got {}", rope_theta));
    if (!(norm_eps > 0) || !std::isfinite(norm_eps))
        throw Error(fmt::format("rms_norm_eps: must be a positive number, got {}", norm_eps));
    if (!moe.empty()) {
        moe.validate(n_layers);
        for (size_t layer = 0; layer < moe.waves.size(); ++layer)
            if (moe.experts(static_cast<int64_t>(layer)) > kMaxExpertsPerLayer)
                throw Error(fmt::format("moe.experts_per_wave: layer {} has {} experts, more than {}", layer,
                                        moe.experts(static_cast<int64_t>(layer)), kMaxExpertsPerLayer));
    }
}

ModelConfig model_preset(std::string_view name) {
    ModelConfig c;
    if (name == "tiny") {
        c.n_layers = 2;
        c.d_model = 64;
        c.n_heads = 4;
        c.n_kv_heads = 2;
        c.ffn_size = 128;
        c.max_len = 64;
    } else if (name == "small") {
        c.n_layers = 6;
        c.d_model = 192;
        c.n_heads = 6;
        c.n_kv_heads = 2;
        c.ffn_size = 512;
        c.max_len = 256;
    } else {
        throw Error(fmt::format("unknown model preset '{}' (known: tiny, small)", name));
    }
    return c;
}

std::vector<std::string> model_preset_names() { return {"tiny", "small"}; }

namespace {

constexpr const char* kMoeArchitecture = "LayerMoeForCausalLM";

nlohmann::json moe_json(const MoeLayout& moe) {
    std::vector<int64_t> experts, classifier_layers;
    for (size_t i = 0; i < moe.waves.size(); ++i) {
        experts.push_back(moe.experts(static_cast<int64_t>(i)));
        if (moe.classifier[i]) classifier_layers.push_back(static_cast<int64_t>(i));
    }
    return {{"num_experts_per_layer", experts},
            {"experts_per_wave", moe.waves},
            {"classifier_layers", classifier_layers},
            {"classifier_classes", moe.groups()},
            {"num_experts_per_tok", moe.top_k}};
}

MoeLayout moe_from_json(const nlohmann::json& j, int64_t n_layers, const std::string& source) {
    MoeLayout moe;
    try {
        const auto whole = [&](const char* key, auto fallback) {
            using T = decltype(fallback);
            if (!j.contains(key)) return fallback;
            if (auto read = json_as<T>(j.at(key))) return *std::move(read);
            throw Error(fmt::format("{}: moe.{}: wrong type ({})", source, key, j.at(key).dump()));
        };
        if (!j.contains("experts_per_wave")) throw Error(fmt::format("{}: moe.experts_per_wave is missing", source));
        moe.waves = whole("experts_per_wave", std::vector<std::vector<int64_t>>{});
        moe.top_k = whole("num_experts_per_tok", int64_t{2});
        moe.classifier.assign(static_cast<size_t>(n_layers), false);
        for (int64_t layer : whole("classifier_layers", std::vector<int64_t>{})) {
            if (layer < 0 || layer >= n_layers)
                throw Error(fmt::format("{}: moe.classifier_layers names layer {} of a {}-layer model", source, layer,
                                        n_layers));
            moe.classifier[static_cast<size_t>(layer)] = true;
        }
    } catch (const nlohmann::json::exception& e) {
        throw Error(fmt::format("{}: malformed \"moe\" section ({})", source, e.what()));
    }
    return moe;
}

}  // namespace

nlohmann::json to_hf_config(const ModelConfig& c) {
    auto j = to_hf_dense_config(c);
    if (!c.moe.empty()) {
        j["architectures"] = {kMoeArchitecture};
        j["layermoe_base_architecture"] = c.architecture;
        j["moe"] = moe_json(c.moe);
    }
    return j;
}

namespace {
nlohmann::json rope_scaling_json(const RopeScaling& r) {
    if (r.type.empty()) return nullptr;
    return {{"rope_type", r.type},
            {"factor", r.factor},
            {"low_freq_factor", r.low_freq_factor},
            {"high_freq_factor", r.high_freq_factor},
            {"original_max_position_embeddings", r.original_max_position}};
}
}  // namespace

nlohmann::json to_hf_dense_config(const ModelConfig& c) {
    const bool qwen = c.architecture == "Qwen2ForCausalLM";
    return {
        {"architectures", {c.architecture}},
        {"model_type", qwen ? "qwen2" : "llama"},
        {"hidden_size", c.d_model},
        {"intermediate_size", c.ffn_size},
        {"num_hidden_layers", c.n_layers},
        {"num_attention_heads", c.n_heads},
        {"num_key_value_heads", c.n_kv_heads},
        {"head_dim", c.head_dim()},
        {"vocab_size", c.vocab_size},
        {"max_position_embeddings", c.max_len},
        {"rope_theta", c.rope_theta},
        {"rms_norm_eps", c.norm_eps},
        {"tie_word_embeddings", c.tie_embeddings},
        {"attention_bias", c.qkv_bias},
        {"hidden_act", "silu"},
        {"torch_dtype", "float32"},
        {"rope_scaling", rope_scaling_json(c.rope_scaling)},
    };
}

namespace {
template <typename T>
T required(const nlohmann::json& j, const char* key, const std::string& source) {
    if (!j.contains(key)) throw Error(fmt::format("{}: missing key \"{}\"", source, key));
    const auto& value = j.at(key);
    if (auto read = json_as<T>(value)) return *std::move(read);
    throw Error(fmt::format("{}: key \"{}\" has the wrong type ({})", source, key, value.dump()));
}
}  // namespace

namespace {
RopeScaling rope_scaling_from(const nlohmann::json& j, const std::string& source) {
    RopeScaling r;
    if (!j.contains("rope_scaling") || j.at("rope_scaling").is_null()) return r;
    const auto& s = j.at("rope_scaling");
    if (!s.is_object()) throw Error(fmt::format("{}: rope_scaling must be an object or null", source));
    const std::string type = s.value("rope_type", s.value("type", std::string()));
    if (type == "default") return r;
    if (type != "llama3")
        throw Error(fmt::format("{}: unsupported rope_scaling type '{}' (supported: llama3)", source, type));
    const std::string where = source + " rope_scaling";
    r.type = type;
    r.factor = required<double>(s, "factor", where);
    r.low_freq_factor = required<double>(s, "low_freq_factor", where);
    r.high_freq_factor = required<double>(s, "high_freq_factor", where);
    r.original_max_position = required<int64_t>(s, "original_max_position_embeddings", where);
    if (!(r.factor > 0) || !(r.low_freq_factor > 0) || !(r.high_freq_factor > r.low_freq_factor) ||
        r.original_max_position < 1)
        throw Error(fmt::format("{}: invalid llama3 rope_scaling {}", source, s.dump()));
    return r;
}
}  // namespace

ModelConfig from_hf_config(const nlohmann::json& j, const std::string& source) {
    if (!j.is_object()) throw Error(source + ": config is not a JSON object");
    ModelConfig c;
    std::string arch = "LlamaForCausalLM";
    if (j.contains("architectures")) {
        const auto archs = required<std::vector<std::string>>(j, "architectures", source);
        if (!archs.empty()) arch = archs.front();
    }
    const bool expanded = arch == kMoeArchitecture;
    if (expanded)
        arch = j.contains("layermoe_base_architecture") ? required<std::string>(j, "layermoe_base_architecture", source)
                                                        : std::string("LlamaForCausalLM");
    if (arch != "LlamaForCausalLM" && arch != "Qwen2ForCausalLM")
        throw Error(fmt::format("{}: unsupported architecture '{}' (supported: LlamaForCausalLM, Qwen2ForCausalLM)",
                                source, arch));
    c.architecture = arch;
    c.d_model = required<int64_t>(j, "hidden_size", source);
    c.ffn_size = required<int64_t>(j, "intermediate_size", source);
    c.n_layers = required<int64_t>(j, "num_hidden_layers", source);
    c.n_heads = required<int64_t>(j, "num_attention_heads", source);
    c.n_kv_heads = j.contains("num_key_value_heads") ? required<int64_t>(j, "num_key_value_heads", source) : c.n_heads;
    c.vocab_size = required<int64_t>(j, "vocab_size", source);
    c.max_len = j.contains("max_position_embeddings") ? required<int64_t>(j, "max_position_embeddings", source) : 2048;
    c.rope_theta = j.contains("rope_theta") ? required<double>(j, "rope_theta", source) : 10000.0;
    c.norm_eps = j.contains("rms_norm_eps") ? required<double>(j, "rms_norm_eps", source) : 1e-6;
    c.tie_embeddings = j.contains("tie_word_embeddings") ? required<bool>(j, "tie_word_embeddings", source) : false;
    c.rope_scaling = rope_scaling_from(j, source);
    if (j.contains("hidden_act") && j.at("hidden_act") != "silu")
        throw Error(
            fmt::format("{}: unsupported hidden_act {} (supported: \"silu\")", source, j.at("hidden_act").dump()));
    if (j.contains("use_sliding_window") && !j.at("use_sliding_window").is_null() &&
        required<bool>(j, "use_sliding_window", source))
        throw Error(fmt::format("{}: sliding-window attention (use_sliding_window) is not supported", source));
    c.qkv_bias =
        arch == "Qwen2ForCausalLM" || (j.contains("attention_bias") && required<bool>(j, "attention_bias", source));
    const bool has_head_dim = j.contains("head_dim") && !j.at("head_dim").is_null();
    const int64_t head_dim = has_head_dim ? required<int64_t>(j, "head_dim", source) : 0;
    if (expanded) {
        if (!j.contains("moe"))
            throw Error(fmt::format("{}: a {} config needs a \"moe\" section", source, kMoeArchitecture));
        c.moe = moe_from_json(j.at("moe"), c.n_layers, source);
    }
    try {
        c.validate();
    } catch (const Error& e) {
        throw Error(source + ": " + e.what());
    }
    if (has_head_dim && head_dim != c.head_dim())
        throw Error(fmt::format("{}: head_dim: {} differs from hidden_size / num_attention_heads = {} (not supported)",
                                source, head_dim, c.head_dim()));
    return c;
}

}  // namespace layermoe
