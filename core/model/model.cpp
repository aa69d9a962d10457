#include "core/model/model.h"

#include <cmath>

#include <ATen/autocast_mode.h>
#include <fmt/format.h>

#include "core/common/error.h"
#include "core/model/moe.h"

namespace layermoe {

namespace F = torch::nn::functional;

namespace {
thread_local bool g_skip_init = false;
}  // namespace

SkipParameterInit::SkipParameterInit() : previous_(g_skip_init) { g_skip_init = true; }
SkipParameterInit::~SkipParameterInit() { g_skip_init = previous_; }
bool SkipParameterInit::active() { return g_skip_init; }

LinearImpl::LinearImpl(int64_t in_features, int64_t out_features, bool with_bias) {
    weight = register_parameter("weight", torch::empty({out_features, in_features}));
    if (with_bias) bias = register_parameter("bias", torch::empty({out_features}));
    if (g_skip_init) return;
    torch::NoGradGuard no_grad;
    torch::nn::init::kaiming_uniform_(weight, std::sqrt(5.0));
    if (with_bias) {
        const double bound = 1.0 / std::sqrt(static_cast<double>(in_features));
        torch::nn::init::uniform_(bias, -bound, bound);
    }
}

torch::Tensor LinearImpl::forward(const torch::Tensor& x) {
    // One row on the CPU (a decoding step): a matrix-vector product. OpenBLAS's GEMM packs the
    // whole weight matrix on every call, which for one row took longer than the product itself
    // (bench_generate). Not under autocast, whose casts are GEMM's.
    if (x.dim() >= 1 && x.numel() == x.size(-1) && x.is_cpu() && x.scalar_type() == weight.scalar_type() &&
        !at::autocast::is_cpu_enabled()) {
        auto y = torch::mv(weight, x.reshape({-1}));
        if (bias.defined()) y = y + bias;
        auto shape = x.sizes().vec();
        shape.back() = weight.size(0);
        return y.view(shape);
    }
    return torch::linear(x, weight, bias);
}

EmbeddingImpl::EmbeddingImpl(int64_t count, int64_t dim) {
    weight = register_parameter("weight", torch::empty({count, dim}));
    if (g_skip_init) return;
    torch::NoGradGuard no_grad;
    torch::nn::init::normal_(weight);
}

DenseFfn::DenseFfn(int64_t d_model, int64_t ffn_size) {
    auto linear = [](int64_t in, int64_t out) { return Linear(in, out, false); };
    gate_proj = register_module("gate_proj", linear(d_model, ffn_size));
    up_proj = register_module("up_proj", linear(d_model, ffn_size));
    down_proj = register_module("down_proj", linear(ffn_size, d_model));
}

torch::Tensor DenseFfn::forward(const torch::Tensor& x, ForwardContext&) {
    return down_proj(torch::silu(gate_proj(x)) * up_proj(x));
}

RmsNormImpl::RmsNormImpl(int64_t dim, double eps_) : eps(eps_) {
    weight = register_parameter("weight", torch::ones({dim}));
}

torch::Tensor RmsNormImpl::forward(const torch::Tensor& x) {
    // Normalise in fp32 as the reference implementations do, whatever the activation dtype.
    auto xf = x.to(torch::kFloat32);
    auto normed = xf * torch::rsqrt(xf.pow(2).mean(-1, /*keepdim=*/true) + eps);
    return weight * normed.to(x.scalar_type());
}

torch::Tensor rope_inv_freq(int64_t head_dim, double theta, const RopeScaling& scaling) {
    auto exponents = torch::arange(0, head_dim, 2, torch::kFloat64) / static_cast<double>(head_dim);
    auto inv_freq = torch::pow(theta, -exponents);  // [hd/2]
    if (scaling.type == "llama3") {
        // Llama 3.1: long wavelengths slowed by `factor`, short ones kept, a smooth blend between.
        const double old_len = static_cast<double>(scaling.original_max_position);
        const double low_wavelen = old_len / scaling.low_freq_factor;
        const double high_wavelen = old_len / scaling.high_freq_factor;
        auto wavelen = 2.0 * M_PI / inv_freq;
        auto smooth =
            (old_len / wavelen - scaling.low_freq_factor) / (scaling.high_freq_factor - scaling.low_freq_factor);
        auto blended = (1.0 - smooth) * inv_freq / scaling.factor + smooth * inv_freq;
        inv_freq = torch::where(wavelen < high_wavelen, inv_freq,
                                torch::where(wavelen > low_wavelen, inv_freq / scaling.factor, blended));
    }
    return inv_freq;
}

RopeTables make_rope_tables(int64_t max_len, int64_t head_dim, double theta, const RopeScaling& scaling) {
    auto inv_freq = rope_inv_freq(head_dim, theta, scaling);  // [hd/2]
    auto positions = torch::arange(max_len, torch::kFloat64);  // [T]
    auto freqs = torch::outer(positions, inv_freq);  // [T, hd/2]
    auto emb = torch::cat({freqs, freqs}, -1);  // [T, hd]
    return {emb.cos().to(torch::kFloat32), emb.sin().to(torch::kFloat32)};
}

namespace {

// x rotated by the angles whose cosines and sines are given (broadcast against x), "rotate_half".
torch::Tensor rotate(const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin) {
    const int64_t half = x.size(3) / 2;
    auto rotated = torch::cat({-x.narrow(-1, half, half), x.narrow(-1, 0, half)}, -1);
    return x * cos.to(x.scalar_type()) + rotated * sin.to(x.scalar_type());
}

}  // namespace

torch::Tensor apply_rope(const torch::Tensor& x, const RopeTables& rope, int64_t offset) {
    const int64_t t = x.size(2);
    return rotate(x, rope.cos.narrow(0, offset, t), rope.sin.narrow(0, offset, t));  // [T, hd]
}

torch::Tensor apply_rope_at(const torch::Tensor& x, const RopeTables& rope, const torch::Tensor& positions) {
    const int64_t b = x.size(0), t = x.size(2), hd = x.size(3);
    const auto flat = positions.reshape({-1}).to(rope.cos.device());
    return rotate(x, rope.cos.index_select(0, flat).view({b, 1, t, hd}),
                  rope.sin.index_select(0, flat).view({b, 1, t, hd}));
}

AttentionImpl::AttentionImpl(const ModelConfig& c)
    : n_heads(c.n_heads), n_kv_heads(c.n_kv_heads), head_dim(c.head_dim()) {
    auto linear = [](int64_t in, int64_t out, bool bias) { return Linear(in, out, bias); };
    q_proj = register_module("q_proj", linear(c.d_model, n_heads * head_dim, c.qkv_bias));
    k_proj = register_module("k_proj", linear(c.d_model, n_kv_heads * head_dim, c.qkv_bias));
    v_proj = register_module("v_proj", linear(c.d_model, n_kv_heads * head_dim, c.qkv_bias));
    o_proj = register_module("o_proj", linear(n_heads * head_dim, c.d_model, false));
}

// Additive causal mask for grouped queries: row (g, i) may see keys j <= i. [group * T, T]
torch::Tensor causal_bias(int64_t t, int64_t group, const torch::TensorOptions& options) {
    auto bias = torch::full({t, t}, -std::numeric_limits<float>::infinity(), options).triu(1);
    return group == 1 ? bias : bias.repeat({group, 1});
}

torch::Tensor AttentionImpl::forward(const torch::Tensor& x, const RopeTables& rope) {
    return forward(x, rope, ForwardContext{}, 0);
}

torch::Tensor AttentionImpl::forward(const torch::Tensor& x, const RopeTables& rope, const ForwardContext& ctx,
                                     int64_t layer) {
    const int64_t b = x.size(0), t = x.size(1), group = n_heads / n_kv_heads;
    auto q = q_proj(x).view({b, t, n_heads, head_dim}).transpose(1, 2);  // [B, H, T, hd]
    auto k = k_proj(x).view({b, t, n_kv_heads, head_dim}).transpose(1, 2);  // [B, KV, T, hd]
    auto v = v_proj(x).view({b, t, n_kv_heads, head_dim}).transpose(1, 2);
    if (ctx.positions.defined()) {
        q = apply_rope_at(q, rope, ctx.positions);
        k = apply_rope_at(k, rope, ctx.positions);
    } else {
        q = apply_rope(q, rope, ctx.position_offset);
        k = apply_rope(k, rope, ctx.position_offset);
    }
    if (ctx.kv && ctx.kv->record) {
        ctx.kv->layers[layer] = {k, v};
    } else if (ctx.kv) {
        if (!ctx.attention_bias.defined() && t != 1)
            throw Error("continuing from cached keys needs an attention bias (unless one token is added)");
        const auto& [past_k, past_v] = ctx.kv->layers.at(layer);
        const auto& rows = ctx.kv->rows;
        k = torch::cat({rows.defined() ? past_k.index_select(0, rows) : past_k, k}, 2);  // [B, KV, Tpast + T, hd]
        v = torch::cat({rows.defined() ? past_v.index_select(0, rows) : past_v, v}, 2);
        if (ctx.kv->append) ctx.kv->layers[layer] = {k, v};
    }
    const int64_t tk = k.size(2);
    // Grouped-query attention: query head h reads key/value head h / group, so the group's
    // queries stack into one matrix per kv head.
    auto q_grouped = q.reshape({b * n_kv_heads, group * t, head_dim});  // [B*KV, G*T, hd]
    auto k_t = k.reshape({b * n_kv_heads, tk, head_dim}).transpose(1, 2);  // [B*KV, hd, Tk]
    const auto options = torch::TensorOptions().dtype(q.scalar_type()).device(x.device());
    const double scale = 1.0 / std::sqrt(static_cast<double>(head_dim));
    const auto v_flat = v.reshape({b * n_kv_heads, tk, head_dim});
    torch::Tensor out;  // [B*KV, G*T, hd]
    if (ctx.attention_bias.defined()) {
        // A bias per row, added by broadcasting over heads (never copied per head). Rows go in
        // chunks whose scores stay in cache (about 1 MB): softmax over one large score tensor is
        // bound by memory traffic.
        const auto bias = ctx.attention_bias.to(options);
        const int64_t per_row = n_kv_heads * group * t * tk;
        const int64_t chunk = std::max<int64_t>(1, (int64_t{1} << 18) / per_row);
        std::vector<torch::Tensor> parts;
        for (int64_t r = 0; r < b; r += chunk) {
            const int64_t n = std::min(chunk, b - r);
            auto s = torch::bmm(q_grouped.narrow(0, r * n_kv_heads, n * n_kv_heads),
                                k_t.narrow(0, r * n_kv_heads, n * n_kv_heads))
                         .mul_(scale);
            s.view({n, n_kv_heads, group, t, tk}).add_(bias.narrow(0, r, n).view({n, 1, 1, t, tk}));
            auto p = torch::softmax(s.to(torch::kFloat32), -1).to(v.scalar_type());
            parts.push_back(torch::bmm(p, v_flat.narrow(0, r * n_kv_heads, n * n_kv_heads)));
        }
        out = parts.size() == 1 ? parts.front() : torch::cat(parts, 0);
    } else if (tk != t) {
        // One new token after cached ones: it attends to every key.
        auto scores = torch::bmm(q_grouped, k_t).mul_(scale);  // [B*KV, G, Tk]
        auto probs = torch::softmax(scores.to(torch::kFloat32), -1).to(v.scalar_type());
        out = torch::bmm(probs, v_flat);
    } else {
        // Scale and causal mask fused into the GEMM (C = mask + scale * Q K^T): the [T, T] score
        // tensor is written once, instead of once each for scaling and masking (and their backwards).
        const auto mask = causal_bias(t, group, options).expand({b * n_kv_heads, group * t, t});
        auto scores = torch::baddbmm(mask, q_grouped, k_t, /*beta=*/1.0, /*alpha=*/scale);  // [B*KV, G*T, T]
        auto probs = torch::softmax(scores.to(torch::kFloat32), -1).to(v.scalar_type());
        out = torch::bmm(probs, v_flat);
    }
    out = out.view({b, n_heads, t, head_dim}).transpose(1, 2).reshape({b, t, n_heads * head_dim});
    return o_proj(out);
}

BlockImpl::BlockImpl(const ModelConfig& c, int64_t index) : layer_index(index) {
    input_layernorm = register_module("input_layernorm", RmsNorm(c.d_model, c.norm_eps));
    self_attn = register_module("self_attn", Attention(c));
    post_attention_layernorm = register_module("post_attention_layernorm", RmsNorm(c.d_model, c.norm_eps));
    mlp = register_module("mlp", std::make_shared<DenseFfn>(c.d_model, c.ffn_size));
}

void BlockImpl::replace_ffn(std::shared_ptr<FeedForward> ffn) { mlp = replace_module("mlp", std::move(ffn)); }

torch::Tensor BlockImpl::forward(const torch::Tensor& x, const RopeTables& rope, ForwardContext& ctx) {
    auto h = x + self_attn->forward(input_layernorm(x), rope, ctx, layer_index);
    auto hsa = post_attention_layernorm(h);  // [B, T, d]
    if (ctx.observer && *ctx.observer) (*ctx.observer)(layer_index, hsa);
    return h + mlp->forward(hsa, ctx);
}

DecoderImpl::DecoderImpl(const ModelConfig& c) {
    embed_tokens = register_module("embed_tokens", Embedding(c.vocab_size, c.d_model));
    layers = register_module("layers", torch::nn::ModuleList());
    for (int64_t i = 0; i < c.n_layers; ++i) {
        blocks.emplace_back(c, i);
        layers->push_back(blocks.back());
    }
    norm = register_module("norm", RmsNorm(c.d_model, c.norm_eps));
}

LanguageModelImpl::LanguageModelImpl(const ModelConfig& c) : config_(c) {
    config_.validate();
    model = register_module("model", Decoder(c));
    if (!c.tie_embeddings) lm_head = register_module("lm_head", Linear(c.d_model, c.vocab_size, false));
    rope_ = make_rope_tables(c.work_len(), c.head_dim(), c.rope_theta, c.rope_scaling);
    // An expanded model's layers (its weights come from its checkpoint).
    if (!c.moe.empty()) apply_moe_layout(*this, c.moe, /*seed=*/0);
}

void LanguageModelImpl::to_device(const torch::Device& device) {
    to(device);
    rope_.cos = rope_.cos.to(device);
    rope_.sin = rope_.sin.to(device);
}

void LanguageModelImpl::init_weights(uint64_t seed) {
    torch::NoGradGuard no_grad;
    auto gen = at::detail::createCPUGenerator(seed);
    const double std_default = 0.02;
    // Residual projections scaled by depth (GPT-2) so the residual stream does not grow with layers.
    const double std_residual = 0.02 / std::sqrt(2.0 * static_cast<double>(config_.n_layers));
    for (auto& item : named_parameters()) {
        const std::string& name = item.key();
        auto& p = item.value();
        if (name.ends_with("norm.weight") || name.ends_with("layernorm.weight")) {
            p.fill_(1.0);
        } else if (name.ends_with(".bias")) {
            p.zero_();
        } else {
            const bool residual = name.ends_with("o_proj.weight") || name.ends_with("down_proj.weight");
            auto values = at::normal(0.0, residual ? std_residual : std_default, p.sizes(), gen);
            p.copy_(values);
        }
    }
}

AutocastScope::AutocastScope(const torch::Device& device, bool on) : on_(on), cuda_(device.is_cuda()) {
    if (!on_) return;
    previous_ = cuda_ ? at::autocast::is_enabled() : at::autocast::is_cpu_enabled();
    previous_dtype_ = cuda_ ? at::autocast::get_autocast_gpu_dtype() : at::autocast::get_autocast_cpu_dtype();
    if (cuda_) {
        at::autocast::set_autocast_gpu_dtype(torch::kBFloat16);
        at::autocast::set_enabled(true);
    } else {
        at::autocast::set_autocast_cpu_dtype(torch::kBFloat16);
        at::autocast::set_cpu_enabled(true);
    }
    at::autocast::increment_nesting();
}

AutocastScope::~AutocastScope() {
    if (!on_) return;
    if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
    if (cuda_) {
        at::autocast::set_enabled(previous_);
        at::autocast::set_autocast_gpu_dtype(previous_dtype_);
    } else {
        at::autocast::set_cpu_enabled(previous_);
        at::autocast::set_autocast_cpu_dtype(previous_dtype_);
    }
}

AutocastOff::AutocastOff() : gpu_(at::autocast::is_enabled()), cpu_(at::autocast::is_cpu_enabled()) {
    at::autocast::set_enabled(false);
    at::autocast::set_cpu_enabled(false);
}

AutocastOff::~AutocastOff() {
    at::autocast::set_enabled(gpu_);
    at::autocast::set_cpu_enabled(cpu_);
}

torch::Tensor LanguageModelImpl::hidden_states(const torch::Tensor& ids, ForwardContext& ctx) {
    AutocastScope autocast(ids.device(), autocast_on(ids.device()));
    if (ids.dim() != 2) throw Error(fmt::format("model input must be [batch, time], got {} dims", ids.dim()));
    // Packed rows may be longer than max_len; their positions (checked by the caller) may not.
    if (!ctx.positions.defined() && ctx.position_offset + ids.size(1) > config_.work_len())
        throw Error(fmt::format("sequence length {} exceeds the model's context {}", ctx.position_offset + ids.size(1),
                                config_.work_len()));
    auto x = model->embed_tokens(ids);
    for (auto& block : model->blocks) x = block->forward(x, rope_, ctx);
    return model->norm(x);
}

torch::Tensor LanguageModelImpl::lm_head_weight() const {
    return config_.tie_embeddings ? model->embed_tokens->weight : lm_head->weight;
}

torch::Tensor LanguageModelImpl::forward(const torch::Tensor& ids, ForwardContext& ctx) {
    auto hidden = hidden_states(ids, ctx);
    AutocastScope autocast(ids.device(), autocast_on(ids.device()));
    return torch::matmul(hidden, lm_head_weight().t());
}

torch::Tensor LanguageModelImpl::forward(const torch::Tensor& ids) {
    ForwardContext ctx;
    return forward(ids, ctx);
}

torch::Tensor next_token_loss(const torch::Tensor& logits, const torch::Tensor& targets, int64_t ignore_index) {
    return F::cross_entropy(logits.reshape({-1, logits.size(-1)}).to(torch::kFloat32), targets.reshape({-1}),
                            F::CrossEntropyFuncOptions().ignore_index(ignore_index));
}

torch::Device parse_device(const std::string& name) {
    try {
        torch::Device device(name);
        if (device.is_cuda() && !torch::cuda::is_available())
            throw Error(fmt::format("device '{}' requested but this LibTorch has no CUDA device available "
                                    "(build against a CUDA LibTorch, see README)",
                                    name));
        return device;
    } catch (const c10::Error&) {
        throw Error(fmt::format("unknown device '{}' (use cpu, cuda or cuda:N)", name));
    }
}

}  // namespace layermoe
