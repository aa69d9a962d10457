#pragma once
// The allocation options `allocate` and `expand` share: --budget | --uniform, --rule, --min,
// --max, --classifier-threshold | --classifier-top, --score-floor, --compare-uniform.
#include <cstdint>
#include <string>

#include "core/analysis/allocation.h"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace layermoe::cli {

struct AllocationOptions {
    int64_t budget = 0, uniform = 0, min = 1, max = 0, top = 0, compare = 6;
    double threshold = 0, score_floor = 0;
    std::string rule = "ceil";
    CLI::Option *budget_opt = nullptr, *uniform_opt = nullptr, *threshold_opt = nullptr, *top_opt = nullptr;

    void add_to(CLI::App& cmd);
    // The rule is uniform with --uniform; Error when --rule is given with it.
    AllocationConfig config() const;
};

}  // namespace layermoe::cli
