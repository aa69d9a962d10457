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
    else
        throw Error(fmt::format("unknown --work '{}' (use analysis, eval or train)", c.work));
    plan.device = c.run.device;
    plan.available = device_free_memory(c.run.device);
    return {config.parameter_count(), config.work_len(), plan.table(), plan.fits()};
}

}  // namespace layermoe
