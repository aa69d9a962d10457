#pragma once
// Decoder-only transformer (LLaMA / Qwen2 family). Module names follow Hugging Face, so
// named_parameters() yields "model.layers.0.self_attn.q_proj.weight" and so on.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include <torch/torch.h>

#include "core/model/config.h"

namespace layermoe {

// Sees every layer's FFN input (post-attention-norm hidden state, "HSA"). The tensor is the
// live activation, not a copy: copy it if you keep it.
using HsaObserver = std::function<void(int64_t layer, const torch::Tensor& hsa /* [B, T, d_model] */)>;

struct MoeRecorder;
struct RoutingTrace;

// Passed down through one forward pass; MoE layers read the masks and groups and record their
// routing here.
struct ForwardContext {
    torch::Tensor token_mask;  // [B, T] bool, true for real tokens; undefined = all real
    torch::Tensor token_group;  // [B, T] int64 group of each token's language (0 = G0, 1 = G1, 2 = G2)
    torch::Tensor sequence_group;  // [B] int64 group of each sequence (the classifier's target)
    const HsaObserver* observer = nullptr;
    MoeRecorder* moe = nullptr;  // when set, MoE layers record losses and routing statistics
    // Routing class per classifier layer, [B] int64. A classifier layer that finds its layer here
    // routes with it; otherwise it decides and stores its decision, so step-by-step decoding keeps
    // the class decided on the prompt.
    std::map<int64_t, torch::Tensor>* routing_classes = nullptr;
    // Continuing from cached keys and values (core/eval/multiple_choice: choices after a shared
    // context): the RoPE position of each token [B, T] int64, and an additive attention bias
    // [B, T, Tpast + T] over the cached keys then this pass's (0 = may attend, -inf = may not).
    // Undefined = positions 0..T-1 and the causal mask.
    torch::Tensor positions;
    torch::Tensor attention_bias;
    // Without `positions`: the position of the first token (decoding one token after `offset`
    // cached ones, where that token may attend to every cached key: no bias is needed).
    int64_t position_offset = 0;
    struct KvCache* kv = nullptr;
    RoutingTrace* trace = nullptr;  // when set, MoE layers record each token's experts (core/model/moe.h)
};

// Keys and values of an earlier forward pass, per layer: a pass with `record` stores them; a later
// pass reads them, row i of it continuing cached row rows[i] (undefined rows: row i continues row
// i). With `append`, that later pass stores the keys and values it attended to (the cached ones
// then its own), so that decoding adds one step at a time (core/eval/generate.h).
struct KvCache {
    bool record = false;
    bool append = false;
    std::map<int64_t, std::pair<torch::Tensor, torch::Tensor>> layers;  // [Bc, KV, Tc, hd], after RoPE
    torch::Tensor rows;  // [B] int64, or undefined
};

// Linear and embedding layers with LibTorch's parameter names and initialisation, except that
// while a SkipParameterInit guard lives on this thread they leave their parameters uninitialised:
// loading a checkpoint overwrites every parameter, and initialising 1.8B values first took 13 s.
class SkipParameterInit {
public:
    SkipParameterInit();
    ~SkipParameterInit();
    SkipParameterInit(const SkipParameterInit&) = delete;
    SkipParameterInit& operator=(const SkipParameterInit&) = delete;
    static bool active();

private:
    bool previous_;
};

class LinearImpl : public torch::nn::Module {
public:
    LinearImpl(int64_t in_features, int64_t out_features, bool bias);
    torch::Tensor forward(const torch::Tensor& x);
    torch::Tensor weight;  // [out, in], kaiming-uniform(a = sqrt 5) as torch::nn::Linear
    torch::Tensor bias;  // [out] or undefined
};
TORCH_MODULE(Linear);

class EmbeddingImpl : public torch::nn::Module {
public:
    EmbeddingImpl(int64_t count, int64_t dim);
    torch::Tensor forward(const torch::Tensor& ids) { return torch::embedding(weight, ids); }
    torch::Tensor weight;  // [count, dim], normal(0, 1) as torch::nn::Embedding
};
TORCH_MODULE(Embedding);

// The FFN of a block is replaceable (the MoE layer replaces it).
class FeedForward : public torch::nn::Module {
public:
    virtual torch::Tensor forward(const torch::Tensor& x /* [B, T, d] */, ForwardContext& ctx) = 0;
};

class DenseFfn : public FeedForward {
public:
    DenseFfn(int64_t d_model, int64_t ffn_size);
    torch::Tensor forward(const torch::Tensor& x, ForwardContext& ctx) override;
    Linear gate_proj{nullptr}, up_proj{nullptr}, down_proj{nullptr};
};

class RmsNormImpl : public torch::nn::Module {
public:
    RmsNormImpl(int64_t dim, double eps);
    torch::Tensor forward(const torch::Tensor& x);
    torch::Tensor weight;  // [dim]
    double eps;
};
TORCH_MODULE(RmsNorm);

// Rotary position tables, HF "rotate_half" convention.
struct RopeTables {
    torch::Tensor cos, sin;  // [max_len, head_dim]
};
// Inverse frequencies [head_dim / 2] (float64), with the config's scaling applied.
torch::Tensor rope_inv_freq(int64_t head_dim, double theta, const RopeScaling& scaling = {});
RopeTables make_rope_tables(int64_t max_len, int64_t head_dim, double theta, const RopeScaling& scaling = {});
torch::Tensor apply_rope(const torch::Tensor& x /* [B, H, T, hd] */, const RopeTables& rope, int64_t offset);
// The same with a position per token: positions [B, T] int64.
torch::Tensor apply_rope_at(const torch::Tensor& x /* [B, H, T, hd] */, const RopeTables& rope,
                            const torch::Tensor& positions);

class AttentionImpl : public torch::nn::Module {
public:
    explicit AttentionImpl(const ModelConfig& config);
    // ctx.positions and ctx.attention_bias, when defined, replace 0..T-1 and the causal mask;
    // ctx.kv records or prepends the keys and values of `layer`.
    torch::Tensor forward(const torch::Tensor& x /* [B, T, d] */, const RopeTables& rope, const ForwardContext& ctx,
                          int64_t layer);
    torch::Tensor forward(const torch::Tensor& x, const RopeTables& rope);
    Linear q_proj{nullptr}, k_proj{nullptr}, v_proj{nullptr}, o_proj{nullptr};
    int64_t n_heads, n_kv_heads, head_dim;
};
TORCH_MODULE(Attention);

class BlockImpl : public torch::nn::Module {
public:
    BlockImpl(const ModelConfig& config, int64_t layer_index);
    torch::Tensor forward(const torch::Tensor& x, const RopeTables& rope, ForwardContext& ctx);
    void replace_ffn(std::shared_ptr<FeedForward> ffn);
    RmsNorm input_layernorm{nullptr}, post_attention_layernorm{nullptr};
    Attention self_attn{nullptr};
    std::shared_ptr<FeedForward> mlp;
    int64_t layer_index;
};
TORCH_MODULE(Block);

class DecoderImpl : public torch::nn::Module {
public:
    explicit DecoderImpl(const ModelConfig& config);
    Embedding embed_tokens{nullptr};
    torch::nn::ModuleList layers{nullptr};
    std::vector<Block> blocks;  // the same modules as `layers`, typed
    RmsNorm norm{nullptr};
};
TORCH_MODULE(Decoder);

class LanguageModelImpl : public torch::nn::Module {
public:
    explicit LanguageModelImpl(const ModelConfig& config);
    // Logits [B, T, vocab] for token ids [B, T] (int64).
    torch::Tensor forward(const torch::Tensor& ids, ForwardContext& ctx);
    torch::Tensor forward(const torch::Tensor& ids);
    // Final hidden states [B, T, d] (before the LM head).
    torch::Tensor hidden_states(const torch::Tensor& ids, ForwardContext& ctx);
    torch::Tensor lm_head_weight() const;  // [vocab, d]; the embedding when tied
    void init_weights(uint64_t seed);
    const ModelConfig& config() const { return config_; }
    // Records the MoE layout the layers now have (apply_moe_layout calls this).
    void set_moe_layout(const MoeLayout& layout) { config_.moe = layout; }
    Decoder model{nullptr};
    Linear lm_head{nullptr};  // null when tied
    void to_device(const torch::Device& device);
    // Mixed precision: forward passes run under bf16 autocast (matmuls in bf16; norms, softmax,
    // router and losses in fp32). Default: on for CUDA, off on the CPU, where bf16 matmuls are slow.
    void set_autocast(std::optional<bool> on) { autocast_ = on; }
    bool autocast_on(const torch::Device& device) const { return autocast_.value_or(device.is_cuda()); }

private:
    std::optional<bool> autocast_;
    ModelConfig config_;
    RopeTables rope_;
};
TORCH_MODULE(LanguageModel);

// Runs the enclosed forward computation under bf16 autocast on the given device type (when `on`),
// restoring the previous state after.
class AutocastScope {
public:
    AutocastScope(const torch::Device& device, bool on);
    ~AutocastScope();
    AutocastScope(const AutocastScope&) = delete;
    AutocastScope& operator=(const AutocastScope&) = delete;

private:
    bool on_, cuda_, previous_ = false;
    torch::ScalarType previous_dtype_ = torch::kFloat32;
};

// Suspends autocast for a computation that must stay in fp32 (the MoE router and classifier).
class AutocastOff {
public:
    AutocastOff();
    ~AutocastOff();
    AutocastOff(const AutocastOff&) = delete;
    AutocastOff& operator=(const AutocastOff&) = delete;

private:
    bool gpu_, cpu_;
};

// Mean next-token cross-entropy over targets != ignore_index.
torch::Tensor next_token_loss(const torch::Tensor& logits /* [B, T, V] */, const torch::Tensor& targets /* [B, T] */,
                              int64_t ignore_index);

torch::Device parse_device(const std::string& name);  // "cpu", "cuda", "cuda:1"; Error when unavailable

}  // namespace layermoe
