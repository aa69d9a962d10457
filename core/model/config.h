#pragma once
// Shape of a decoder-only transformer of the LLaMA / Qwen2 family.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace layermoe {

struct ModelConfig {
    int64_t n_layers = 2;
    int64_t d_model = 64;
    int64_t n_heads = 4;
    int64_t n_kv_heads = 2;
    int64_t ffn_size = 128;
    int64_t vocab_size = 259;
    int64_t max_len = 64;
    double rope_theta = 10000.0;
    double norm_eps = 1e-5;
    bool qkv_bias = false;          // Qwen2 has q/k/v biases, LLaMA does not
    bool tie_embeddings = true;
    std::string architecture = "LlamaForCausalLM";

    int64_t head_dim() const { return d_model / n_heads; }
    int64_t parameter_count() const;
    // Multiply-accumulate FLOPs of one forward pass per token at sequence length seq_len
    // (matmuls only; the usual 6N + attention estimate for a training step is 3x this).
    double forward_flops_per_token(int64_t seq_len) const;
    void validate() const;  // throws Error naming the bad field
};

ModelConfig model_preset(std::string_view name);  // "tiny", "small"
std::vector<std::string> model_preset_names();

// Hugging Face config.json keys (hidden_size, num_hidden_layers, ...).
nlohmann::json to_hf_config(const ModelConfig& config);
ModelConfig from_hf_config(const nlohmann::json& json, const std::string& source);

} // namespace layermoe
