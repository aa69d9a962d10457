#include "app/cli/run_options.h"

#include <CLI/CLI.hpp>

#include "core/train/process_group.h"

namespace layermoe::cli {

void add_run_options(CLI::App& cmd, RunSettings& s, unsigned options, const RunOptionHelp& help) {
    if (options & kStore) {
        if (s.store_file.empty()) s.store_file = "runs.sqlite";
        cmd.add_option("--store", s.store_file, help.store)->capture_default_str();
    }
    if (options & kSeed) cmd.add_option("--seed", s.seed, help.seed)->capture_default_str();
    if (options & kThreads)
        cmd.add_option("--threads", s.threads, "CPU threads (0 = all cores)")->capture_default_str();
    if (options & kDevice)
        cmd.add_option("--device", s.device, "cpu, cuda or cuda:N (cuda: each rank its own GPU, cuda:LOCAL_RANK)")
            ->capture_default_str()
            ->transform(CLI::Validator(
                [](std::string& device) {
                    device = device_for_rank(device);
                    return std::string();
                },
                "", "device"));
    if (options & kDtype)
        cmd.add_option("--dtype", s.dtype, "Weights in memory: float32, bfloat16 or float16")->capture_default_str();
    if (options & kContext) cmd.add_option("--context", s.context, help.context)->capture_default_str();
}

}  // namespace layermoe::cli
