#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/cli/verbs.h"
#include "core/common/error.h"
#include "core/io/files.h"
#include "core/report/compare.h"
#include "core/report/render.h"

namespace layermoe::cli {

namespace {

struct CompareArgs {
    std::vector<int64_t> runs;
    int64_t base = 0;
    std::string store = "runs.sqlite", csv;
    bool json = false, configs = false, pool_seeds = false;
};

}  // namespace

void add_compare_verb(CLI::App& app) {
    auto args = std::make_shared<CompareArgs>();
    auto* cmd = app.add_subcommand(
        "compare",
        "Compare runs: bits per byte and task scores per group and language, forgetting and gain against a base");
    cmd->add_option("runs", args->runs, "Run ids")->required();
    cmd->add_option(
        "--base", args->base,
        "The base run (default: the first pretrain or eval run among them; with none, each run's base is found in the store "
        "from its lineage and added, marked (base))");
    cmd->add_option("--store", args->store, "Experiment store")->capture_default_str();
    cmd->add_option("--csv", args->csv, "Also write the comparison to this CSV file");
    cmd->add_flag("--configs", args->configs, "Also list the config keys that differ");
    cmd->add_flag("--pool-seeds", args->pool_seeds,
                  "Show runs of an experiment that differ only in their seed as one row: the mean over the seeds, "
                  "with intervals over the seeds and the held-out documents");
    cmd->add_flag("--json", args->json, "Print as JSON");
    cmd->callback([args] {
        if (!std::filesystem::exists(args->store)) throw Error(fmt::format("store {} does not exist", args->store));
        const Store store(args->store);
        const auto c =
            compare_runs(store, args->runs, args->base > 0 ? std::optional<int64_t>(args->base) : std::nullopt, true,
                         args->pool_seeds);
        if (!args->csv.empty()) atomic_write_file(args->csv, render_csv(c));
        if (args->json)
            fmt::print("{}\n", render_json(c).dump(2));
        else
            fmt::print("{}", render_text(c, args->configs));
    });
}

}  // namespace layermoe::cli
