#include "core/jobs/generate_job.h"

#include <chrono>

#include "core/common/cpu_threads.h"
#include "core/eval/generate.h"
#include "core/model/checkpoint.h"

namespace layermoe {

GenerateJobResult run_generate_job(const std::filesystem::path& model_dir, const std::vector<std::string>& prompts,
                                   const SamplingOptions& sampling, const RunSettings& run, const TokenFn& on_token,
                                   const ProgressFn& progress) {
    check_sampling(sampling);
    const auto start = std::chrono::steady_clock::now();
    configure_cpu_threads(run.threads);
    const auto options = load_options(run.device, run.dtype, run.context);
    auto loaded = load_for_work(
        model_dir, options,
        [&](const ModelConfig& model) {
            // The prefill of the prompts is the largest pass; the cache adds their keys and values.
            return plan_inference(
                model,
                {static_cast<int64_t>(prompts.size()), 0, static_cast<int64_t>(c10::elementSize(options.dtype)), 4},
                /*logits=*/true, "generation");
        },
        progress);
    GenerateJobResult result;
    result.load_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.generations = generate(loaded.model, *loaded.tokenizer, prompts, sampling, on_token);
    return result;
}

}  // namespace layermoe
