#pragma once
// The mixture-of-experts FFN of an expanded layer (docs/method.md §5), its routing classifier,
// and what a forward pass records for the MoE losses (§6).
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include <torch/torch.h>

#include "core/model/model.h"

namespace layermoe {

// One MoE layer's contribution to a forward pass, when ForwardContext::moe is set.
struct MoeLayerRecord {
    int64_t layer = 0;
    int64_t experts = 0;
    torch::Tensor balance;  // scalar: N * sum_e f_e * P_e over the real tokens
    // Its parts, so that data-parallel training can form f and P over the global batch: routed
    // (token x top-k) slots per expert [N] (no gradient), the routing probabilities summed over
    // the real tokens [N], and the number of real tokens (scalar float).
    torch::Tensor slot_counts, prob_sum, real_tokens;
    int64_t top_k = 0;
    torch::Tensor lpr_sum;  // scalar: sum of -log p_0 over old-language tokens (0 when none);
                            // old = a group before the layer's newest wave
    torch::Tensor lpr_tokens;  // scalar int64: those tokens
    torch::Tensor classification;  // scalar: cross-entropy of the classifier vs sequence_group; undefined without one
    torch::Tensor class_correct;  // scalar int64: sequences whose predicted class equals sequence_group
    // Routing statistics, no gradient: the summed routing weight of expert 0 (its renormalised
    // top-k weight, 0 when not chosen) and the number of tokens, of old- and new-language tokens.
    torch::Tensor expert0_old, tokens_old, expert0_new, tokens_new;
};

// What each token's routing chose, per MoE layer, when ForwardContext::trace is set (generation's
// routing inspector, `layermoe routes`). No gradient.
struct RoutingTrace {
    struct Layer {
        torch::Tensor experts;  // [B, T, k] int64: the top-k experts, by weight
        torch::Tensor weights;  // [B, T, k] float: their renormalised weights (0 = not allowed by the class)
        torch::Tensor classes;  // [B] int64: the routing class of each sequence; undefined without a classifier
    };
    std::map<int64_t, Layer> layers;  // by layer
};

struct MoeRecorder {
    // LPR as the reference code computes it: cross-entropy over the probabilities taken as logits
    // (a double softmax) instead of the paper's -log p_0.
    bool lpr_reference_form = false;
    std::vector<MoeLayerRecord> layers;
};

// experts[0] is the original FFN module itself (its tensors are the base model's, not a copy);
// experts of later waves start as deep copies of it. Routing: p = softmax(x W_r) in fp32, top-k
// (k = min(top_k, allowed experts)), weights renormalised; tokens are grouped per expert (one
// permutation, one matmul chain per expert over its tokens, one scatter back).
class MoeFfn : public FeedForward {
public:
    // waves: experts per expansion wave, waves[0] == 1. The router (and classifier, if any) are
    // xavier-normal from `seed`.
    MoeFfn(std::shared_ptr<DenseFfn> original, int64_t layer, std::vector<int64_t> waves, int64_t top_k,
           bool classifier, uint64_t seed);
    torch::Tensor forward(const torch::Tensor& x /* [B, T, d] */, ForwardContext& ctx) override;

    // Appends `count` experts as a new wave (copies of expert 0) and re-creates the router and
    // the classifier for the new expert and class counts (lifelong expansion).
    void add_wave(int64_t count, bool classifier, uint64_t seed);
    // Adds (a new, xavier-normal) or removes the routing classifier; the router is kept.
    void set_classifier(bool on, uint64_t seed);

    int64_t n_experts() const { return static_cast<int64_t>(expert_wave_.size()); }
    int64_t n_waves() const { return static_cast<int64_t>(waves_.size()); }
    const std::vector<int64_t>& waves() const { return waves_; }
    std::shared_ptr<DenseFfn> expert(int64_t e) const;
    bool has_classifier() const { return !classifier.is_empty(); }

    torch::nn::ModuleList experts{nullptr};
    Linear router{nullptr};  // [N, d], no bias
    Linear classifier{nullptr};  // [groups, d], no bias; null without a classifier

private:
    struct Dispatch;
    static Dispatch dispatch(const torch::Tensor& top_idx, const torch::Tensor& top_w, int64_t n_experts,
                             bool drop_zero_weights);
    void build_router(uint64_t seed);
    Linear replace_or_register(const std::string& name, Linear module);
    void record_losses(MoeLayerRecord& record, const torch::Tensor& logits, const torch::Tensor& probs,
                       const torch::Tensor& top_idx, const Dispatch& slots, const ForwardContext& ctx) const;
    // Which experts each token may use: [B*T, N] bool, from its sequence's routing class (stored
    // in *classes, [B]).
    torch::Tensor allowed_experts(const torch::Tensor& x, ForwardContext& ctx, MoeLayerRecord* record,
                                  torch::Tensor* classes);

    int64_t layer_, top_k_;
    std::vector<int64_t> waves_;
    std::vector<int64_t> expert_wave_;  // [N] wave of each expert
};

// Turns model's layers into MoE layers as layout says (waves beyond those a layer has are
// appended as copies of its expert 0; routers and classifiers are re-created). Works on a dense
// model (expansion, or loading an expanded checkpoint) and on an expanded one (lifelong).
void apply_moe_layout(LanguageModelImpl& model, const MoeLayout& layout, uint64_t seed);

}  // namespace layermoe
