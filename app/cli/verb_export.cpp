// `layermoe export`: a model folder as a Hugging Face checkpoint; `layermoe memory`: what work on
// a model will need, before it is loaded.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/cli/progress_line.h"
#include "app/cli/verbs.h"
#include "core/common/error.h"
#include "core/io/checkpoint.h"
#include "core/model/memory_plan.h"

namespace layermoe::cli {

namespace {

struct ExportArgs {
    std::string model, out, dtype = "float32", max_shard = "5GB";
};

// "5GB", "500MB", "100KB" (powers of 1000, as Hugging Face writes them) or a number of bytes.
uint64_t parse_size(const std::string& text) {
    size_t used = 0;
    double value = 0;
    try {
        value = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    std::string unit = text.substr(used);
    for (auto& ch : unit) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    const double scale = unit.empty() || unit == "B" ? 1.0 : unit == "KB" ? 1e3 : unit == "MB" ? 1e6 : unit == "GB" ? 1e9 : -1.0;
    if (used == 0 || scale < 0 || !(value > 0))
        throw Error(fmt::format("--max-shard-size '{}' is not a size such as 5GB, 500MB or 100KB", text));
    return static_cast<uint64_t>(value * scale);
}

void run_export(const ExportArgs& a) {
    ProgressLine line;
    const uint64_t max_shard = parse_size(a.max_shard);  // checked before the model is loaded
    LoadOptions load = load_options("cpu", a.dtype);
    load.context = 0;
    load.progress = line.callback();
    auto loaded = load_model_dir(a.model, load);
    ExportOptions options;
    options.dtype = load.dtype;
    options.max_shard_bytes = max_shard;
    options.progress = line.callback();
    export_model_dir(a.out, loaded.model, *loaded.tokenizer, options, loaded.meta);
    line.finish();
    const auto weights = WeightFiles::open_dir(a.out);
    fmt::print("exported {} to {}: {} tensors, {} in {}, {}\n", a.model, a.out, weights.tensors().size(),
               format_bytes(weights.total_bytes()), weights.files().size() == 1 ? std::string(kWeightsFile)
                                                                                : fmt::format("{} shards", weights.files().size()),
               a.dtype);
}

struct MemoryArgs {
    std::string model, work = "analysis", dtype = "float32", device = "cpu";
    int64_t batch = 16, context = 0;
};

void run_memory(const MemoryArgs& a) {
    LoadOptions options = load_options(a.device, a.dtype, a.context);
    const ModelConfig config = read_model_config(a.model, options);
    const Workload load{a.batch, 0, static_cast<int64_t>(c10::elementSize(options.dtype)), 4};
    MemoryPlan plan;
    if (a.work == "analysis") plan = plan_inference(config, load, false, "analysis");
    else if (a.work == "eval") plan = plan_inference(config, load, true, "evaluation");
    else if (a.work == "train") plan = plan_training(config, {a.batch, 0, 4, 4}, config.parameter_count(), "training (all weights)");
    else throw Error(fmt::format("unknown --work '{}' (use analysis, eval or train)", a.work));
    plan.device = a.device;
    plan.available = device_free_memory(a.device);
    fmt::print("{} ({:.1f}M parameters, context {})\n{}", a.model, static_cast<double>(config.parameter_count()) / 1e6,
               config.work_len(), plan.table());
    fmt::print("{}\n", plan.fits() ? "fits" : "does not fit");
}

} // namespace

void add_export_verb(CLI::App& app) {
    auto args = std::make_shared<ExportArgs>();
    auto* cmd = app.add_subcommand("export", "Write a model folder as a Hugging Face checkpoint (config, shards, tokenizer)");
    cmd->add_option("--model", args->model, "Model folder")->required();
    cmd->add_option("--out", args->out, "New folder to write")->required();
    cmd->add_option("--dtype", args->dtype, "Tensor type: float32, bfloat16 or float16")->capture_default_str();
    cmd->add_option("--max-shard-size", args->max_shard, "Largest shard (5GB, 500MB, 100KB); larger models are split, with an index")
        ->capture_default_str();
    cmd->callback([args] { run_export(*args); });

    auto margs = std::make_shared<MemoryArgs>();
    auto* mem = app.add_subcommand("memory", "Memory that analysis, evaluation or training of a model needs");
    mem->add_option("--model", margs->model, "Model folder")->required();
    mem->add_option("--work", margs->work, "analysis, eval or train")->capture_default_str();
    mem->add_option("--batch", margs->batch, "Sequences per forward pass")->capture_default_str();
    mem->add_option("--context", margs->context, "Tokens per sequence (0 = the model's context, at most 2048)")
        ->capture_default_str();
    mem->add_option("--dtype", margs->dtype, "Weights in memory: float32, bfloat16 or float16")->capture_default_str();
    mem->add_option("--device", margs->device, "cpu, cuda or cuda:N")->capture_default_str();
    mem->callback([margs] { run_memory(*margs); });
}

} // namespace layermoe::cli
