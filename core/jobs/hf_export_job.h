#pragma once
// Torch-free front of `layermoe export` and `layermoe memory` (the jobs run in core, where
// LibTorch is): a model folder written as a Hugging Face checkpoint, and the memory plan of work
// on a model read from its config alone.
#include <cstdint>
#include <string>

#include "core/common/progress.h"
#include "core/common/run_settings.h"

namespace layermoe {

struct ExportJobConfig {
    std::string model, out;
    std::string dtype = "float32";  // float32, bfloat16 or float16
    uint64_t max_shard_bytes = 5'000'000'000;
    ProgressFn progress;  // loading, then writing, in MB; false cancels (an Error)
};

struct ExportJobResult {
    size_t tensors = 0, files = 0;  // files: 1 = model.safetensors, else shards with an index
    uint64_t bytes = 0;
};

ExportJobResult run_export_job(const ExportJobConfig& config);

struct MemoryJobConfig {
    std::string model, work = "analysis";  // analysis, eval, train (all weights), stage1, stage2
    RunSettings run;  // device, dtype (weights in memory) and context planned for
    int64_t batch = 16;  // sequences per forward pass, per rank
    // Ranks of a data-parallel run (docs/scaling.md): every rank holds the whole model, its
    // gradients and AdamW state, activations for its own batch, and one all-reduce bucket.
    int64_t world_size = 1;
};

struct MemoryJobResult {
    int64_t parameters = 0, context = 0;
    std::string table;  // MemoryPlan::table()
    bool fits = true;
};

MemoryJobResult run_memory_job(const MemoryJobConfig& config);

}  // namespace layermoe
