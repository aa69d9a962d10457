#pragma once
// Expert allocation (docs/method.md §4): how many experts each layer gets from its similarity
// score, and which layers get a routing classifier. A pure function over values that runs in
// microseconds, so the GUI's slider can call it on every move.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/analysis/scores.h"

namespace layermoe {

enum class AllocationRule {
    Ceil,  // the paper: N^i = ceil(delta * (1/S^i) / sum_j 1/S^j)
    Exact,  // N^i = clamp(lambda / S^i, min, max) with lambda such that the sum is delta (without
            // bounds: ceil's shares), rounded by largest remainder so that sum N^i == delta exactly
    Uniform,  // MoE-LPR: the same N in every layer
};
std::string rule_name(AllocationRule rule);  // "ceil", "exact", "uniform"
AllocationRule parse_allocation_rule(std::string_view name);  // Error naming the known rules

struct AllocationConfig {
    AllocationRule rule = AllocationRule::Ceil;
    int64_t budget = 0;  // delta (ceil, exact): experts over all layers, originals included
    int64_t uniform_experts = 0;  // N per layer, original included (uniform)
    int64_t min_experts = 1;  // per layer, original included; >= 1
    int64_t max_experts = 0;  // per layer; 0 = no maximum
    std::optional<double> classifier_threshold;  // layers with S^i >= tau get a classifier
    std::optional<int64_t> classifier_top;  // or the c layers with the highest S^i
    int64_t compare_uniform_experts = 6;  // the MoE-LPR allocation compared with (paper: 6)
    // Scores below the floor count as the floor: a layer whose languages share nothing (S <= 0,
    // which the paper's 1/S cannot take) is treated as the least similar one. 0 = off, and then a
    // score <= 0 is an error.
    double score_floor = 0;
    // Model shape, for parameter counts: an expert is a SwiGLU FFN of 3 x d_model x ffn_size.
    int64_t d_model = 0;
    int64_t ffn_size = 0;

    nlohmann::json to_json() const;
    static AllocationConfig from_json(const nlohmann::json& j);  // Error on bad fields
};

struct LayerAllocation {
    int64_t layer = 0;
    double s = 0;  // the layer's score
    int64_t experts = 1;  // N^i, the original expert included; 1 = the layer stays dense
    int64_t new_experts = 0;  // N^i - 1
    bool classifier = false;  // gets a routing classifier
};

struct Allocation {
    AllocationConfig config;
    std::vector<LayerAllocation> layers;
    int64_t total_experts = 0;  // sum N^i
    int64_t new_experts = 0;  // sum (N^i - 1)
    int64_t new_parameters = 0;  // new_experts x 3 x d_model x ffn_size
    int64_t router_parameters = 0;  // d_model x N^i for every layer with N^i > 1
    int64_t classifier_layers = 0;
    // The uniform allocation with compare_uniform_experts in every layer.
    int64_t uniform_new_experts = 0;
    int64_t uniform_new_parameters = 0;
    double new_experts_vs_uniform = 0;  // new_experts / uniform_new_experts (0 when that is 0)

    nlohmann::json to_json() const;
    static Allocation from_json(const nlohmann::json& j);  // what to_json wrote; Error on bad fields
    // The same experts per layer and classifier layers, with the totals counted for another
    // model shape (a chosen allocation applied to the model being expanded).
    Allocation for_shape(int64_t d_model, int64_t ffn_size) const;
};

// Error with a message a user can act on when: there are no scores; a score is not finite or
// <= 0 (ceil and exact divide by it) and no score_floor is set; the budget is smaller than the number of layers (each
// layer keeps its original expert) or than layers x min; for exact, a budget that the min/max
// bounds cannot meet; min < 1, max < min, uniform N < 1; both classifier rules are given.
Allocation allocate(const std::vector<LayerScore>& scores, const AllocationConfig& config);

}  // namespace layermoe
