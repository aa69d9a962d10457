#pragma once
// Shape of a decoder-only transformer of the LLaMA / Qwen2 family.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace layermoe {

// The mixture-of-experts layout of an expanded model (docs/method.md §1, §5); empty for a dense
// model.
struct MoeLayout {
    // waves[i]: layer i's experts by expansion wave. waves[i][0] = 1 is the original FFN (expert
    // 0), waves[i][1] the experts added for G1, waves[i][2] those added for G2; experts are
    // numbered in that order. A layer with one expert in all stays dense.
    std::vector<std::vector<int64_t>> waves;
    std::vector<bool> classifier;  // [n_layers] a routing classifier on this (MoE) layer
    int64_t top_k = 2;

    bool empty() const { return waves.empty(); }
    int64_t n_waves() const { return waves.empty() ? 0 : static_cast<int64_t>(waves.front().size()); }
    int64_t experts(int64_t layer) const;
    bool is_moe(int64_t layer) const { return !empty() && experts(layer) > 1; }
    // Classifier classes: 0 = old languages, then one per expansion wave.
    int64_t groups() const { return n_waves(); }
    int64_t total_experts() const;
    int64_t new_experts() const { return total_experts() - static_cast<int64_t>(waves.size()); }
    void validate(int64_t n_layers) const;  // throws Error naming the bad field
};

// RoPE frequency scaling. "llama3" is Llama 3.1/3.2's (rope_scaling.rope_type = "llama3");
// other kinds are refused when a config is read.
struct RopeScaling {
    std::string type;  // empty = none
    double factor = 1.0;
    double low_freq_factor = 1.0;
    double high_freq_factor = 4.0;
    int64_t original_max_position = 8192;
    bool operator==(const RopeScaling&) const = default;
};

struct ModelConfig {
    int64_t n_layers = 2;
    int64_t d_model = 64;
    int64_t n_heads = 4;
    int64_t n_kv_heads = 2;
    int64_t ffn_size = 128;
    int64_t vocab_size = 259;
    int64_t max_len = 64;  // max_position_embeddings
    // The working context: windows, packed blocks and RoPE tables are at most this long. Set when
    // a model is loaded (real checkpoints allow 32k or 128k positions, far more than analysis or
    // training here needs); never saved. 0 = max_len.
    int64_t context_len = 0;
    double rope_theta = 10000.0;
    RopeScaling rope_scaling;
    double norm_eps = 1e-5;
    bool qkv_bias = false;  // Qwen2 has q/k/v biases, LLaMA does not
    bool tie_embeddings = true;
    std::string architecture = "LlamaForCausalLM";  // of the dense model; an expanded one keeps it
    MoeLayout moe;

    int64_t head_dim() const { return d_model / n_heads; }
    int64_t work_len() const { return context_len > 0 ? std::min(context_len, max_len) : max_len; }
    int64_t parameter_count() const;
    // Multiply-accumulate FLOPs of one forward pass per token at sequence length seq_len
    // (matmuls only; the usual 6N + attention estimate for a training step is 3x this).
    double forward_flops_per_token(int64_t seq_len) const;
    void validate() const;  // throws Error naming the bad field
};

ModelConfig model_preset(std::string_view name);  // "tiny", "small"
std::vector<std::string> model_preset_names();

// Hugging Face config.json keys (hidden_size, num_hidden_layers, ...). An expanded model's
// architecture is "LayerMoeForCausalLM" (so Hugging Face refuses it rather than loading it wrong),
// with its dense architecture in "layermoe_base_architecture" and its layout under "moe".
nlohmann::json to_hf_config(const ModelConfig& config);
nlohmann::json to_hf_dense_config(const ModelConfig& config);  // the keys of the dense model only
ModelConfig from_hf_config(const nlohmann::json& json, const std::string& source);

}  // namespace layermoe
