#include "core/model/config.h"

#include <fmt/format.h>

#include "core/common/error.h"

namespace layermoe {

int64_t ModelConfig::parameter_count() const {
    const int64_t hd = head_dim();
    int64_t attn = d_model * n_heads * hd + 2 * d_model * n_kv_heads * hd + n_heads * hd * d_model;
    if (qkv_bias) attn += n_heads * hd + 2 * n_kv_heads * hd;
    const int64_t ffn = 3 * d_model * ffn_size;
    const int64_t norms = 2 * d_model;
    const int64_t embed = vocab_size * d_model * (tie_embeddings ? 1 : 2);
    return n_layers * (attn + ffn + norms) + embed + d_model;
}

double ModelConfig::forward_flops_per_token(int64_t seq_len) const {
    const double hd = static_cast<double>(head_dim());
    const double linear = static_cast<double>(d_model) * (n_heads * hd + 2 * n_kv_heads * hd + n_heads * hd) +
                          3.0 * d_model * ffn_size;
    // Causal attention: on average each token attends to (seq_len + 1) / 2 keys; QK^T and AV.
    const double attention = 2.0 * n_heads * hd * (seq_len + 1) / 2.0;
    const double head = static_cast<double>(d_model) * vocab_size;
    return 2.0 * (n_layers * (linear + attention) + head);
}

void ModelConfig::validate() const {
    auto require = [](bool ok, const std::string& what) {
        if (!ok) throw Error("invalid model config: " + what);
    };
    require(n_layers >= 1, fmt::format("num_hidden_layers = {} must be >= 1", n_layers));
    require(d_model >= 2, fmt::format("hidden_size = {} must be >= 2", d_model));
    require(n_heads >= 1 && d_model % n_heads == 0,
            fmt::format("hidden_size {} is not divisible by num_attention_heads {}", d_model, n_heads));
    require(head_dim() % 2 == 0, fmt::format("head dimension {} must be even for RoPE", head_dim()));
    require(n_kv_heads >= 1 && n_heads % n_kv_heads == 0,
            fmt::format("num_attention_heads {} is not divisible by num_key_value_heads {}", n_heads, n_kv_heads));
    require(ffn_size >= 1, fmt::format("intermediate_size = {} must be >= 1", ffn_size));
    require(vocab_size >= 2, fmt::format("vocab_size = {} must be >= 2", vocab_size));
    require(max_len >= 2, fmt::format("max_position_embeddings = {} must be >= 2", max_len));
    require(rope_theta > 0, "rope_theta must be > 0");
    require(norm_eps > 0, "rms_norm_eps must be > 0");
}

ModelConfig model_preset(std::string_view name) {
    ModelConfig c;
    if (name == "tiny") {
        c.n_layers = 2; c.d_model = 64; c.n_heads = 4; c.n_kv_heads = 2; c.ffn_size = 128; c.max_len = 64;
    } else if (name == "small") {
        c.n_layers = 6; c.d_model = 192; c.n_heads = 6; c.n_kv_heads = 2; c.ffn_size = 512; c.max_len = 256;
    } else {
        throw Error(fmt::format("unknown model preset '{}' (known: tiny, small)", name));
    }
    return c;
}

std::vector<std::string> model_preset_names() { return {"tiny", "small"}; }

nlohmann::json to_hf_config(const ModelConfig& c) {
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
    };
}

namespace {
template <typename T>
T required(const nlohmann::json& j, const char* key, const std::string& source) {
    if (!j.contains(key)) throw Error(fmt::format("{}: missing key \"{}\"", source, key));
    try {
        return j.at(key).get<T>();
    } catch (const nlohmann::json::exception&) {
        throw Error(fmt::format("{}: key \"{}\" has the wrong type ({})", source, key, j.at(key).dump()));
    }
}
} // namespace

ModelConfig from_hf_config(const nlohmann::json& j, const std::string& source) {
    if (!j.is_object()) throw Error(source + ": config is not a JSON object");
    ModelConfig c;
    std::string arch = "LlamaForCausalLM";
    if (j.contains("architectures")) {
        const auto archs = required<std::vector<std::string>>(j, "architectures", source);
        if (!archs.empty()) arch = archs.front();
    }
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
    c.qkv_bias = arch == "Qwen2ForCausalLM" ||
                 (j.contains("attention_bias") && required<bool>(j, "attention_bias", source));
    if (j.contains("head_dim") && !j.at("head_dim").is_null() &&
        required<int64_t>(j, "head_dim", source) != c.head_dim())
        throw Error(fmt::format("{}: head_dim {} differs from hidden_size / num_attention_heads = {} (not supported)",
                                source, j.at("head_dim").dump(), c.head_dim()));
    try {
        c.validate();
    } catch (const Error& e) {
        throw Error(source + ": " + e.what());
    }
    return c;
}

} // namespace layermoe
