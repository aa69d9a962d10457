// What one allocate() call costs on the paper's 28-layer example, per rule: the GUI's budget
// slider calls it on every move, so it must stay in microseconds.
// Usage: bench_allocation [iterations=200000]
#include "core/analysis/allocation.h"

#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include <fmt/format.h>

using Clock = std::chrono::steady_clock;

namespace {

// Llama-3.2-3B (s_new_new, s_new_old) per layer, from the LayerMoE paper's worked example.
const double kPaperPairs[][2] = {{0.03907, 0.03281}, {0.04297, 0.03747}, {0.03817, 0.03227}, {0.05577, 0.04492},
                                 {0.07080, 0.05631}, {0.07747, 0.06206}, {0.09247, 0.07599}, {0.10380, 0.08822},
                                 {0.10157, 0.08741}, {0.10610, 0.08944}, {0.11473, 0.09718}, {0.11850, 0.10026},
                                 {0.12710, 0.10579}, {0.12010, 0.09478}, {0.12873, 0.10158}, {0.12660, 0.09511},
                                 {0.11213, 0.08237}, {0.10350, 0.07797}, {0.09633, 0.06973}, {0.09373, 0.07334},
                                 {0.08743, 0.06822}, {0.07520, 0.06146}, {0.07387, 0.06307}, {0.05993, 0.04967},
                                 {0.05353, 0.04609}, {0.05137, 0.04796}, {0.05280, 0.04340}, {0.04993, 0.04076}};

struct Case {
    std::string name;
    layermoe::AllocationConfig config;
};

std::vector<Case> cases() {
    using layermoe::AllocationRule;
    layermoe::AllocationConfig ceil;
    ceil.budget = 70;
    layermoe::AllocationConfig exact;
    exact.rule = AllocationRule::Exact;
    exact.budget = 84;
    layermoe::AllocationConfig uniform;
    uniform.rule = AllocationRule::Uniform;
    uniform.uniform_experts = 6;
    layermoe::AllocationConfig ceil_top = ceil;
    ceil_top.classifier_top = 4;
    return {{"ceil, delta 70", ceil},
            {"exact, delta 84", exact},
            {"uniform 6", uniform},
            {"ceil, delta 70, top-4 classifier", ceil_top}};
}

}  // namespace

int main(int argc, char** argv) {
    const long iterations = argc > 1 ? std::atol(argv[1]) : 200000;
    if (iterations <= 0) {
        fmt::print(stderr, "iterations must be a positive number\n");
        return 1;
    }
    std::vector<layermoe::LayerScore> scores;
    for (int64_t i = 0; i < 28; ++i)
        scores.push_back(layermoe::make_layer_score(i, kPaperPairs[i][0], kPaperPairs[i][1]));

    fmt::print("allocate() on 28 layers, {} iterations per rule\n", iterations);
    for (const auto& c : cases()) {
        int64_t checksum = 0;  // keeps the calls from being optimised away
        const auto start = Clock::now();
        for (long k = 0; k < iterations; ++k) checksum += layermoe::allocate(scores, c.config).total_experts;
        const double us = std::chrono::duration<double, std::micro>(Clock::now() - start).count();
        fmt::print("{:<34} {:8.3f} us/call  (total experts {})\n", c.name, us / double(iterations),
                   checksum / iterations);
    }
    return 0;
}
