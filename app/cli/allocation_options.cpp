#include "app/cli/allocation_options.h"

#include <CLI/CLI.hpp>

#include "core/common/error.h"

namespace layermoe::cli {

void AllocationOptions::add_to(CLI::App& cmd) {
    budget_opt =
        cmd.add_option("--budget", budget, "LayerMoE: total experts over all layers, originals included (delta)");
    uniform_opt = cmd.add_option("--uniform", uniform, "MoE-LPR: the same N experts in every layer, original included");
    budget_opt->excludes(uniform_opt);
    cmd.add_option("--rule", rule, "ceil (the paper) or exact (sums to --budget exactly)")->capture_default_str();
    cmd.add_option("--min", min, "Fewest experts per layer")->capture_default_str();
    cmd.add_option("--max", max, "Most experts per layer (0 = no limit)")->capture_default_str();
    threshold_opt = cmd.add_option("--classifier-threshold", threshold, "Classifier on layers with S >= TAU");
    top_opt = cmd.add_option("--classifier-top", top, "Classifier on the C layers of highest S");
    threshold_opt->excludes(top_opt);
    cmd.add_option("--score-floor", score_floor,
                   "Count scores below F as F (a layer with S <= 0 gets the most experts)")
        ->capture_default_str();
    cmd.add_option("--compare-uniform", compare, "MoE-LPR experts per layer to compare with")->capture_default_str();
}

AllocationConfig AllocationOptions::config() const {
    AllocationConfig cfg;
    if (uniform > 0 && rule != "ceil" && rule != "uniform") throw Error("--rule applies to --budget, not to --uniform");
    cfg.rule = uniform > 0 ? AllocationRule::Uniform : parse_allocation_rule(rule);
    cfg.budget = budget;
    cfg.uniform_experts = uniform;
    cfg.min_experts = min;
    cfg.max_experts = max;
    cfg.score_floor = score_floor;
    cfg.compare_uniform_experts = compare;
    if (threshold_opt && threshold_opt->count() > 0) cfg.classifier_threshold = threshold;
    if (top_opt && top_opt->count() > 0) cfg.classifier_top = top;
    return cfg;
}

}  // namespace layermoe::cli
