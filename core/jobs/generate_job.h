#pragma once
// Loads a model folder and generates (`layermoe generate`, the workbench's Playground), with the
// device, dtype, threads and context of the run settings and a memory plan for the prompts.
// Torch-free: front ends include it.
#include <filesystem>
#include <string>
#include <vector>

#include "core/common/progress.h"
#include "core/common/run_settings.h"
#include "core/eval/generation.h"

namespace layermoe {

struct GenerateJobResult {
    std::vector<Generation> generations;  // one per prompt
    double load_seconds = 0;
};

// Errors (a bad option, a missing folder, a prompt too long) come before any generation.
// `progress` reports the load (false cancels it); `on_token` every token (false stops).
GenerateJobResult run_generate_job(const std::filesystem::path& model_dir, const std::vector<std::string>& prompts,
                                   const SamplingOptions& sampling, const RunSettings& run, const TokenFn& on_token = {},
                                   const ProgressFn& progress = {});

}  // namespace layermoe
