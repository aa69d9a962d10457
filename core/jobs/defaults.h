#pragma once
// The method's defaults, in one place: the CLI, the workbench and the demo start from these
// (docs/method.md §4 and §7; the paper's values where it gives them, else sized for the small
// built-in models on a CPU). Torch-free and header-only, so Torch-free tests use it too.
#include <algorithm>
#include <cstdint>

#include <fmt/format.h>

#include "core/analysis/allocation.h"
#include "core/common/error.h"
#include "core/train/train_config.h"

namespace layermoe {

// MoE-LPR's experts per layer, original included (the paper's N = 6).
inline constexpr int64_t kMoeLprExperts = 6;
// LayerMoE's budget of new experts as a share of MoE-LPR's: 40% (numerator / denominator).
inline constexpr int64_t kLayerMoeShareNumerator = 2, kLayerMoeShareDenominator = 5;
// Routing classifiers go on this many of the most similar layers.
inline constexpr int64_t kClassifierLayers = 2;
// A floor under the similarity scores: a model that never saw a script's bytes can give a layer
// S <= 0 there, which the paper's 1/S cannot take (docs/method-notes.md).
inline constexpr double kScoreFloor = 0.01;
// Experts each token is routed to.
inline constexpr int64_t kTopK = 2;

// LayerMoE's default allocation for a model of `layers` layers against MoE-LPR's `uniform_experts`
// per layer: a budget of layers + floor(40% x layers x (uniform_experts - 1)) experts, the exact
// rule, at least 2 experts per layer (1 when that budget cannot give every layer 2), classifiers
// on the kClassifierLayers most similar layers, score floor kScoreFloor. For the small model's 6
// layers against 6: budget 18, 12 new experts (MoE-LPR adds 30). Error when layers < 1 or
// uniform_experts < 1.
inline AllocationConfig default_layermoe_allocation(int64_t layers, int64_t uniform_experts = kMoeLprExperts) {
    constexpr int64_t kMax = 1'000'000'000;  // as allocate() bounds expert counts
    if (layers < 1 || layers > kMax)
        throw Error(fmt::format("the default allocation needs a model with 1 to {} layers (got {})", kMax, layers));
    if (uniform_experts < 1 || uniform_experts > kMax)
        throw Error(fmt::format("MoE-LPR's experts per layer is {}; it must be 1 to {}", uniform_experts, kMax));
    AllocationConfig c;
    c.rule = AllocationRule::Exact;
    c.budget = layers + (layers * (uniform_experts - 1) * kLayerMoeShareNumerator) / kLayerMoeShareDenominator;
    c.min_experts = c.budget >= 2 * layers ? 2 : 1;
    c.classifier_top = kClassifierLayers;
    c.compare_uniform_experts = uniform_experts;
    c.score_floor = kScoreFloor;
    return c;
}

// MoE-LPR's allocation: the same experts in every layer.
inline AllocationConfig default_moe_lpr_allocation(int64_t uniform_experts = kMoeLprExperts) {
    AllocationConfig c;
    c.rule = AllocationRule::Uniform;
    c.uniform_experts = uniform_experts;
    return c;
}

// A checkpoint every quarter of a stage's steps: a stop or crash loses at most a quarter.
inline int64_t default_checkpoint_every(int64_t steps) { return std::max<int64_t>(1, steps / 4); }

// Stage 1: the new experts (and routers) on new-language text, with the paper's load balancing
// coefficient 0.01; 200 steps at lr 1e-3 for a small model on a CPU.
inline TrainConfig default_stage1_config() {
    TrainConfig t;
    t.steps = 200;
    t.lr = 1e-3;
    t.warmup_steps = 10;
    t.balance_coef = 0.01;
    t.stage = "stage1";
    return t;
}

// Stage 2: routers and classifiers on new text plus a replay of old text, with the paper's LPR
// and classification coefficients 0.1. It trains small linear layers from scratch (classifiers)
// or near it (routers): at 1e-3 a classifier of the small model stayed at chance for 60 steps, at
// 1e-2 it was exact by 40.
inline TrainConfig default_stage2_config() {
    TrainConfig t;
    t.steps = 100;
    t.lr = 1e-2;
    t.warmup_steps = 10;
    t.lpr_coef = 0.1;
    t.cls_coef = 0.1;
    t.stage = "stage2";
    return t;
}

// Pretraining a base model for `steps` steps: warmup a tenth, a held-out evaluation every sixth,
// checkpoints every quarter.
inline TrainConfig default_pretrain_config(int64_t steps) {
    TrainConfig t;
    t.steps = steps;
    t.warmup_steps = std::max<int64_t>(1, steps / 10);
    t.eval_every = std::max<int64_t>(1, steps / 6);
    t.checkpoint_every = default_checkpoint_every(steps);
    return t;
}

}  // namespace layermoe
