#include "core/jobs/hf_export_job.h"

#include <fmt/format.h>

#include "core/common/error.h"
#include "core/model/checkpoint.h"
#include "core/model/memory_plan.h"

namespace layermoe {

ExportJobResult run_export_job(const ExportJobConfig& config) {
    LoadOptions load = load_options("cpu", config.dtype);
    load.context = 0;
    load.progress = config.progress;
    auto loaded = load_model_dir(config.model, load);
    ExportOptions options;
    options.dtype = load.dtype;
    options.max_shard_bytes = config.max_shard_bytes;
    options.progress = config.progress;
    export_model_dir(config.out, loaded.model, *loaded.tokenizer, options, loaded.meta);
    const auto weights = WeightFiles::open_dir(config.out);
    return {weights.tensors().size(), weights.files().size(), weights.total_bytes()};
}

namespace {

// What an expansion stage trains of an expanded model (docs/method.md §7): stage 1 the newest
// wave's experts and every router, stage 2 the routers and classifiers.
int64_t stage_trainable(const ModelConfig& config, const std::string& work, const std::string& model) {
    const MoeLayout& moe = config.moe;
    if (moe.empty())
        throw Error(fmt::format("--work {}: {} is a dense model; plan a stage on an expanded model folder (stage 1's "
                                "or stage 2's output)",
                                work, model));
    const int64_t expert = 3 * config.d_model * config.ffn_size;
    int64_t n = 0;
    for (int64_t layer = 0; layer < config.n_layers; ++layer) {
        if (!moe.is_moe(layer)) continue;
        n += config.d_model * moe.experts(layer);  // router
        const auto& waves = moe.waves[static_cast<size_t>(layer)];
        if (work == "stage1") n += waves.back() * expert;
        if (work == "stage2" && moe.classifier[static_cast<size_t>(layer)]) n += config.d_model * moe.groups();
    }
    return n;
}

}  // namespace

MemoryJobResult run_memory_job(const MemoryJobConfig& c) {
    LoadOptions options = load_options(c.run.device, c.run.dtype, c.run.context);
    const ModelConfig config = read_model_config(c.model, options);
    const Workload load{c.batch, 0, static_cast<int64_t>(c10::elementSize(options.dtype)), 4};
    MemoryPlan plan;
    if (c.work == "analysis")
        plan = plan_inference(config, load, false, "analysis");
    else if (c.work == "eval")
        plan = plan_inference(config, load, true, "evaluation");
    else if (c.work == "train")
        plan = plan_training(config, {c.batch, 0, 4, 4}, config.parameter_count(), "training (all weights)");
    else if (c.work == "stage1" || c.work == "stage2")
        plan = plan_training(config, {c.batch, 0, 4, 4}, stage_trainable(config, c.work, c.model),
                             "training (" + c.work + ")");
    else
        throw Error(fmt::format("unknown --work '{}' (use analysis, eval, train, stage1 or stage2)", c.work));
    if (c.world_size < 1) throw Error(fmt::format("--world-size {}: must be at least 1", c.world_size));
    if (c.world_size > 1) {
        plan.work = fmt::format("{}, per rank of {} (global batch {} x {} = {} sequences)", plan.work, c.world_size,
                                c.world_size, c.batch, c.world_size * c.batch);
        // The one flat bucket being summed (distributed.h: GradientBuckets, 25 MiB) and its flags.
        if (c.work == "train" || c.work == "stage1" || c.work == "stage2")
            plan.lines.push_back(
                {"gradient all-reduce bucket",
                 std::min<uint64_t>(uint64_t{25} << 20, static_cast<uint64_t>(config.parameter_count()) * 4)});
    }
    plan.device = c.run.device;
    plan.available = device_free_memory(c.run.device);
    return {config.parameter_count(), config.work_len(), plan.table(), plan.fits()};
}

}  // namespace layermoe
