// `layermoe export`: a model folder as a Hugging Face checkpoint; `layermoe memory`: what work on
// a model will need, before it is loaded.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/cli/progress_line.h"
#include "app/cli/run_options.h"
#include "app/cli/verbs.h"
#include "core/common/error.h"
#include "core/jobs/hf_export_job.h"
#include "core/io/safetensors_shards.h"
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
    const double scale = unit.empty() || unit == "B" ? 1.0
                         : unit == "KB"              ? 1e3
                         : unit == "MB"              ? 1e6
                         : unit == "GB"              ? 1e9
                                                     : -1.0;
    if (used == 0 || scale < 0 || !(value > 0))
        throw Error(fmt::format("--max-shard-size '{}' is not a size such as 5GB, 500MB or 100KB", text));
    return static_cast<uint64_t>(value * scale);
}

void run_export(const ExportArgs& a) {
    ProgressLine line;
    ExportJobConfig config;
    config.model = a.model;
    config.out = a.out;
    config.dtype = a.dtype;
    config.max_shard_bytes = parse_size(a.max_shard);  // checked before the model is loaded
    config.progress = line.callback();
    const auto result = run_export_job(config);
    line.finish();
    fmt::print("exported {} to {}: {} tensors, {} in {}, {}\n", a.model, a.out, result.tensors,
               format_bytes(result.bytes),
               result.files == 1 ? std::string(kWeightsFile) : fmt::format("{} shards", result.files), a.dtype);
}

void run_memory(const MemoryJobConfig& a) {
    const auto result = run_memory_job(a);
    fmt::print("{} ({:.1f}M parameters, context {})\n{}", a.model, static_cast<double>(result.parameters) / 1e6,
               result.context, result.table);
    fmt::print("{}\n", result.fits ? "fits" : "does not fit");
}

}  // namespace

void add_export_verb(CLI::App& app) {
    auto args = std::make_shared<ExportArgs>();
    auto* cmd =
        app.add_subcommand("export", "Write a model folder as a Hugging Face checkpoint (config, shards, tokenizer)");
    cmd->add_option("--model", args->model, "Model folder")->required();
    cmd->add_option("--out", args->out, "New folder to write")->required();
    cmd->add_option("--dtype", args->dtype, "Tensor type: float32, bfloat16 or float16")->capture_default_str();
    cmd->add_option("--max-shard-size", args->max_shard,
                    "Largest shard (5GB, 500MB, 100KB); larger models are split, with an index")
        ->capture_default_str();
    cmd->callback([args] { run_export(*args); });

    auto margs = std::make_shared<MemoryJobConfig>();
    auto* mem = app.add_subcommand("memory", "Memory that analysis, evaluation or training of a model needs");
    mem->add_option("--model", margs->model, "Model folder")->required();
    mem->add_option("--work", margs->work,
                    "analysis, eval, train (all weights), stage1 or stage2 (of an expanded model folder)")
        ->capture_default_str();
    mem->add_option("--batch", margs->batch, "Sequences per forward pass (per rank)")->capture_default_str();
    mem->add_option("--world-size", margs->world_size,
                    "Ranks of a data-parallel run: print the plan of each (docs/scaling.md)")
        ->capture_default_str();
    add_run_options(*mem, margs->run, kContext | kDtype | kDevice,
                    {.context = "Tokens per sequence (0 = the model's context, at most 2048)"});
    mem->callback([margs] { run_memory(*margs); });
}

}  // namespace layermoe::cli
