#include <optional>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/cli/progress_line.h"
#include "app/cli/verbs.h"
#include "core/jobs/experiment_job.h"

namespace layermoe::cli {

namespace {

struct ExperimentArgs {
    std::string spec;
    std::vector<uint64_t> seeds;  // replaces the file's "seeds"
    std::optional<int> threads;  // replaces the file's "threads"
    bool resume = false, json = false;
};

}  // namespace

void run_and_print_experiment(const ExperimentSpec& spec, bool resume, bool json) {
    install_interrupt_handler();
    ProgressLine line(json);
    const auto result = run_experiment(spec, resume, line.callback());
    line.finish();
    if (json) {
        fmt::print("{}\n", comparison_json(result, spec).dump(2));
    } else if (!result.cancelled) {
        print_comparison(result, spec);
    }
    if (result.cancelled) {
        fmt::print(stderr, "stopped; checkpoints were kept: run it again with --resume to continue\n");
        throw CLI::RuntimeError(130);
    }
}

void add_experiment_verb(CLI::App& app) {
    auto args = std::make_shared<ExperimentArgs>();
    auto* cmd =
        app.add_subcommand("experiment", "Run an experiment file: base, then every method, then a comparison table");
    cmd->add_option("spec", args->spec, "Experiment file (JSON; see docs/experiments.md)")->required();
    cmd->add_flag("--resume", args->resume, "Reuse finished parts and continue interrupted ones");
    cmd->add_option("--seeds", args->seeds,
                    "Run each method once per seed (comma-separated), instead of the file's \"seeds\"")
        ->delimiter(',');
    cmd->add_option("--threads", args->threads, "CPU threads of every job, instead of the file's \"threads\" (0 = all cores)")
        ->check(CLI::NonNegativeNumber);
    cmd->add_flag("--json", args->json, "Print the comparison as JSON");
    cmd->callback([args] {
        auto spec = ExperimentSpec::from_file(args->spec);
        if (!args->seeds.empty()) spec.seeds = args->seeds;
        if (args->threads) spec.run.threads = *args->threads;
        if (!args->seeds.empty() || args->threads) spec.validate();
        run_and_print_experiment(spec, args->resume, args->json);
    });
}

}  // namespace layermoe::cli
