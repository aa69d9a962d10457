#include "core/model/moe.h"

#include <limits>

#include <fmt/format.h>

#include "core/common/error.h"

namespace layermoe {

namespace F = torch::nn::functional;

namespace {

std::shared_ptr<DenseFfn> copy_of(const DenseFfn& original) {
    const int64_t d = original.gate_proj->weight.size(1), ffn = original.gate_proj->weight.size(0);
    auto copy = std::make_shared<DenseFfn>(d, ffn);
    torch::NoGradGuard no_grad;
    copy->gate_proj->weight.copy_(original.gate_proj->weight);
    copy->up_proj->weight.copy_(original.up_proj->weight);
    copy->down_proj->weight.copy_(original.down_proj->weight);
    copy->to(original.gate_proj->weight.device());
    return copy;
}

// Linear(d, out, no bias), xavier-normal from seed, on the device of `like`'s weights.
Linear xavier_linear(const DenseFfn& like, int64_t out, uint64_t seed) {
    const auto& w0 = like.gate_proj->weight;  // [ffn, d]
    Linear l(w0.size(1), out, false);
    torch::NoGradGuard no_grad;
    const double fan_in = static_cast<double>(w0.size(1)), fan_out = static_cast<double>(out);
    auto gen = at::detail::createCPUGenerator(seed);
    l->weight.copy_(at::normal(0.0, std::sqrt(2.0 / (fan_in + fan_out)), l->weight.sizes(), gen));
    l->to(w0.device());
    return l;
}

// Mean of x over each sequence's real tokens: [B, d].
torch::Tensor pooled_over_tokens(const torch::Tensor& x /* [B, T, d] */,
                                 const torch::Tensor& mask /* [B, T] or undefined */) {
    if (!mask.defined()) return x.mean(1);
    auto w = mask.to(x.scalar_type()).unsqueeze(-1);  // [B, T, 1]
    return (x * w).sum(1) / w.sum(1).clamp_min(1.0);
}

}  // namespace

// Slots of the dispatch: for each (token, choice), its token, expert and weight, sorted by expert.
struct MoeFfn::Dispatch {
    torch::Tensor token;  // [S] int64
    torch::Tensor weight;  // [S] float
    std::vector<int64_t> per_expert;  // [N] slots of each expert, in order
};

MoeFfn::Dispatch MoeFfn::dispatch(const torch::Tensor& top_idx /* [T, k] */, const torch::Tensor& top_w /* [T, k] */,
                                  int64_t n_experts, bool drop_zero_weights) {
    const int64_t tokens = top_idx.size(0), k = top_idx.size(1);
    auto expert = top_idx.reshape({-1});
    auto weight = top_w.reshape({-1});
    auto token = torch::arange(tokens, top_idx.options()).repeat_interleave(k);
    if (drop_zero_weights) {
        // Experts a routing class does not allow carry weight 0: they are not run at all.
        auto keep = (weight > 0).nonzero().squeeze(1);
        expert = expert.index_select(0, keep);
        weight = weight.index_select(0, keep);
        token = token.index_select(0, keep);
    }
    auto order = std::get<1>(torch::sort(expert, /*stable=*/true, /*dim=*/0, /*descending=*/false));
    auto counts = torch::bincount(expert, {}, n_experts).cpu();
    Dispatch d;
    d.token = token.index_select(0, order);
    d.weight = weight.index_select(0, order);
    const auto* c = counts.data_ptr<int64_t>();
    d.per_expert.assign(c, c + n_experts);
    return d;
}

MoeFfn::MoeFfn(std::shared_ptr<DenseFfn> original, int64_t layer, std::vector<int64_t> waves, int64_t top_k,
               bool classifier, uint64_t seed)
    : layer_(layer), top_k_(top_k), waves_{1} {
    if (waves.empty() || waves.front() != 1)
        throw Error(fmt::format("layer {}: the first expert wave must be the original FFN", layer));
    if (top_k < 1) throw Error(fmt::format("layer {}: top-k must be >= 1", layer));
    experts = register_module("experts", torch::nn::ModuleList());
    experts->push_back(original);  // the base model's module itself
    expert_wave_.push_back(0);
    for (size_t w = 1; w < waves.size(); ++w) {
        for (int64_t i = 0; i < waves[w]; ++i) {
            experts->push_back(copy_of(*original));
            expert_wave_.push_back(static_cast<int64_t>(w));
        }
        waves_.push_back(waves[w]);
    }
    build_router(seed);
    set_classifier(classifier, seed);
}

std::shared_ptr<DenseFfn> MoeFfn::expert(int64_t e) const { return experts->ptr<DenseFfn>(static_cast<size_t>(e)); }

void MoeFfn::add_wave(int64_t count, bool with_classifier, uint64_t seed) {
    const auto original = expert(0);
    for (int64_t i = 0; i < count; ++i) {
        experts->push_back(copy_of(*original));
        expert_wave_.push_back(static_cast<int64_t>(waves_.size()));
    }
    waves_.push_back(count);
    build_router(seed);
    if (has_classifier()) set_classifier(false, seed);
    set_classifier(with_classifier, seed);
}

void MoeFfn::build_router(uint64_t seed) {
    router = replace_or_register("router", xavier_linear(*expert(0), n_experts(), seed));
}

void MoeFfn::set_classifier(bool on, uint64_t seed) {
    if (on && !has_classifier()) {
        classifier = replace_or_register("classifier", xavier_linear(*expert(0), n_waves(), seed ^ 0x5bd1e995ULL));
    } else if (!on && has_classifier()) {
        unregister_module("classifier");
        classifier = Linear{nullptr};
    }
}

Linear MoeFfn::replace_or_register(const std::string& name, Linear module) {
    if (named_children().contains(name)) return replace_module(name, module);
    return register_module(name, module);
}

torch::Tensor MoeFfn::allowed_experts(const torch::Tensor& x, ForwardContext& ctx, MoeLayerRecord* record,
                                      torch::Tensor* decided) {
    if (classifier.is_empty()) return {};
    torch::Tensor classes;
    if (ctx.routing_classes && ctx.routing_classes->count(layer_)) {
        classes = ctx.routing_classes->at(layer_);
    } else {
        torch::Tensor logits;  // [B, groups]
        {
            AutocastOff fp32;
            logits = classifier(pooled_over_tokens(x, ctx.token_mask).to(classifier->weight.scalar_type()))
                         .to(torch::kFloat32);
        }
        classes = logits.argmax(-1);
        if (record && ctx.sequence_group.defined()) {
            record->classification = F::cross_entropy(logits, ctx.sequence_group);
            record->class_correct = (classes == ctx.sequence_group).sum();
        }
        if (ctx.routing_classes) (*ctx.routing_classes)[layer_] = classes;
    }
    *decided = classes;
    auto wave = torch::tensor(expert_wave_, torch::TensorOptions().dtype(torch::kInt64).device(x.device()));
    auto allowed = wave.unsqueeze(0) <= classes.unsqueeze(1);  // [B, N]
    return allowed.unsqueeze(1).expand({x.size(0), x.size(1), n_experts()}).reshape({-1, n_experts()});
}

torch::Tensor MoeFfn::forward(const torch::Tensor& x, ForwardContext& ctx) {
    const int64_t d = x.size(-1);
    auto flat = x.reshape({-1, d});  // [T, d]
    MoeLayerRecord record;
    MoeLayerRecord* rec = ctx.moe ? &record : nullptr;
    torch::Tensor logits;  // [T, N]
    {
        AutocastOff fp32;  // routing decides in full precision, whatever the experts run in
        logits = router(flat.to(router->weight.scalar_type())).to(torch::kFloat32);
    }
    auto probs = torch::softmax(logits, -1);
    torch::Tensor classes;
    auto allowed = allowed_experts(x, ctx, rec, &classes);
    auto routing = probs;
    if (allowed.defined()) {
        const auto barred = allowed.logical_not();
        routing = probs.masked_fill(barred, 0.0);
        // A router that prefers a barred expert by about 100 logits or more leaves every allowed
        // probability 0 in fp32, and the token would get no FFN output at all. Such rows take the
        // softmax over the allowed experts alone, which ranks and weighs them the same way; other
        // rows keep their numbers bit for bit.
        const auto alone = torch::softmax(logits.masked_fill(barred, -std::numeric_limits<float>::infinity()), -1);
        routing = torch::where(routing.sum(-1, true) > 0, routing, alone);
    }
    const int64_t k = std::min(top_k_, n_experts());
    auto [top_w, top_idx] = routing.topk(k, -1);  // [T, k]
    top_w = top_w / top_w.sum(-1, true).clamp_min(std::numeric_limits<float>::min());
    const Dispatch slots = dispatch(top_idx, top_w, n_experts(), allowed.defined());

    // Expert by expert: gather its tokens, run it, add its weighted output back. Each step works on
    // one expert's rows, which stay in cache; one gather and one scatter over all slots at once
    // made the small model's layer 15% slower.
    const auto weight = slots.weight.to(x.scalar_type()).unsqueeze(1);  // [S, 1]
    auto y = torch::zeros_like(flat);
    int64_t start = 0;
    for (int64_t e = 0; e < n_experts(); ++e) {
        const int64_t n = slots.per_expert[static_cast<size_t>(e)];
        if (n > 0) {
            const auto tokens = slots.token.narrow(0, start, n);
            const auto out = expert(e)->forward(flat.index_select(0, tokens), ctx) * weight.narrow(0, start, n);
            y.index_add_(0, tokens, out.to(y.scalar_type()));  // bf16 under autocast
        }
        start += n;
    }
    if (ctx.trace) {
        const auto shape = std::vector<int64_t>{x.size(0), x.size(1), k};
        ctx.trace->layers[layer_] = {top_idx.view(shape).detach(), top_w.view(shape).detach(), classes};
    }
    if (rec) record_losses(*rec, logits, probs, top_idx, slots, ctx);
    if (rec) ctx.moe->layers.push_back(std::move(record));
    return y.view(x.sizes());
}

void MoeFfn::record_losses(MoeLayerRecord& rec, const torch::Tensor& logits, const torch::Tensor& probs,
                           const torch::Tensor& top_idx, const Dispatch& slots, const ForwardContext& ctx) const {
    const int64_t n = n_experts();
    rec.layer = layer_;
    rec.experts = n;
    auto real = ctx.token_mask.defined() ? ctx.token_mask.reshape({-1})
                                         : torch::ones({probs.size(0)}, torch::kBool).to(probs.device());
    auto real_f = real.to(torch::kFloat32);
    const auto real_count = real_f.sum().clamp_min(1.0);
    // Load balancing: N * sum_e f_e P_e, f_e the share of routed (token x top-k) slots.
    auto slot_counts = torch::zeros({n}, probs.options())
                           .index_add(0, top_idx.reshape({-1}), real_f.repeat_interleave(top_idx.size(1)));
    rec.slot_counts = slot_counts.detach();
    rec.prob_sum = (probs * real_f.unsqueeze(1)).sum(0);
    rec.real_tokens = real_f.sum().detach();
    rec.top_k = top_idx.size(1);
    auto f = slot_counts / (real_count * static_cast<double>(rec.top_k));
    auto p = rec.prob_sum / real_count;
    rec.balance = static_cast<double>(n) * (f * p).sum();
    // LPR: push old-language tokens to the frozen expert 0. Old means a group before the newest
    // wave: G0 for the first expansion, G0 + G1 for the second (docs/method.md §6, §8).
    if (ctx.token_group.defined()) {
        const int64_t newest = n_waves() - 1;
        auto group = ctx.token_group.reshape({-1});
        auto old = (group < newest) & real;
        auto log_p0 = ctx.moe->lpr_reference_form ? torch::log_softmax(probs, -1).select(1, 0)
                                                  : torch::log_softmax(logits, -1).select(1, 0);
        rec.lpr_sum = -(log_p0 * old.to(torch::kFloat32)).sum();
        rec.lpr_tokens = old.sum();
        torch::NoGradGuard no_grad;
        // Slots are sorted by expert: expert 0's come first.
        const int64_t expert0_slots = slots.per_expert[0];
        auto weight0 =
            torch::zeros({probs.size(0)}, probs.options())
                .index_add(0, slots.token.narrow(0, 0, expert0_slots), slots.weight.narrow(0, 0, expert0_slots));
        auto is_new = (group >= newest) & real;
        rec.expert0_old = (weight0 * old.to(torch::kFloat32)).sum();
        rec.tokens_old = old.sum();
        rec.expert0_new = (weight0 * is_new.to(torch::kFloat32)).sum();
        rec.tokens_new = is_new.sum();
    }
}

}  // namespace layermoe
