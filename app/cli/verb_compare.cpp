#include <cmath>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/cli/verbs.h"
#include "core/common/error.h"
#include "core/io/files.h"
#include "core/report/compare.h"

namespace layermoe::cli {

namespace {

struct CompareArgs {
    std::vector<int64_t> runs;
    int64_t base = 0;
    std::string store = "runs.sqlite", csv;
    bool json = false, configs = false;
};

std::string cell(double v, const char* format = "{:.4f}") { return std::isnan(v) ? std::string("-") : fmt::format(fmt::runtime(format), v); }

void print(const Comparison& c, bool configs) {
    fmt::print("{:<32} {:>8} {:>8} {:>8}", "run", "bpb old", "bpb G1", "bpb G2");
    for (const auto& l : c.old_langs) fmt::print(" {:>10}", "d " + l);
    fmt::print("\n");
    for (size_t i = 0; i < c.runs.size(); ++i) {
        const auto& s = c.runs[i];
        auto group = [&](const char* g) { return s.groups.count(g) ? cell(s.groups.at(g)) : std::string("-"); };
        fmt::print("{:<32} {:>8} {:>8} {:>8}", s.label.substr(0, 32), group("old"), group("G1"), group("G2"));
        for (double d : c.old_change[i]) fmt::print(" {:>10}", cell(d, "{:+.4f}"));
        fmt::print("{}\n", c.base && *c.base == i ? "  (base)" : "");
    }
    // Each task score as a runs x languages matrix, the change against the task's base last.
    std::vector<std::string> langs = c.old_langs;
    langs.insert(langs.end(), c.new_langs.begin(), c.new_langs.end());
    for (const auto& key : c.headline_task_keys()) {
        fmt::print("\n{:<32}", key);
        for (const auto& l : langs) fmt::print(" {:>9}", l);
        fmt::print(" {:>9} {:>9}\n", "d old", "d new");
        for (size_t i = 0; i < c.runs.size(); ++i) {
            const auto& s = c.runs[i];
            const auto scores = s.tasks.find(key);
            fmt::print("{:<32}", s.label.substr(0, 32));
            for (const auto& l : langs) {
                const bool has = scores != s.tasks.end() && scores->second.count(l);
                fmt::print(" {:>9}", has ? cell(scores->second.at(l)) : std::string("-"));
            }
            fmt::print(" {:>9} {:>9}{}\n", cell(c.task_group_change(i, key, true), "{:+.4f}"),
                       cell(c.task_group_change(i, key, false), "{:+.4f}"), c.task_base(key) == i ? "  (base)" : "");
        }
    }
    if (!configs) return;
    fmt::print("\nconfig keys that differ:\n");
    for (const auto& row : c.configs) {
        if (!row.differs) continue;
        fmt::print("  {:<40}", row.key);
        for (const auto& v : row.values) fmt::print(" {:<16}", v.substr(0, 16));
        fmt::print("\n");
    }
}

} // namespace

void add_compare_verb(CLI::App& app) {
    auto args = std::make_shared<CompareArgs>();
    auto* cmd = app.add_subcommand(
        "compare", "Compare runs: bits per byte and task scores per group and language, forgetting and gain against a base");
    cmd->add_option("runs", args->runs, "Run ids")->required();
    cmd->add_option("--base", args->base, "The base run (default: the first pretrain or eval run among them; with none, each run's base is found in the store "
                    "from its lineage and added, marked (base))");
    cmd->add_option("--store", args->store, "Experiment store")->capture_default_str();
    cmd->add_option("--csv", args->csv, "Also write the comparison to this CSV file");
    cmd->add_flag("--configs", args->configs, "Also list the config keys that differ");
    cmd->add_flag("--json", args->json, "Print as JSON");
    cmd->callback([args] {
        if (!std::filesystem::exists(args->store)) throw Error(fmt::format("store {} does not exist", args->store));
        const Store store(args->store);
        const auto c = compare_runs(store, args->runs, args->base > 0 ? std::optional<int64_t>(args->base) : std::nullopt);
        if (!args->csv.empty()) atomic_write_file(args->csv, c.to_csv());
        if (args->json)
            fmt::print("{}\n", c.to_json().dump(2));
        else
            print(c, args->configs);
    });
}

} // namespace layermoe::cli
