#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/cli/verbs.h"
#include "core/common/error.h"
#include "core/io/csv.h"
#include "core/store/store.h"

namespace layermoe::cli {

namespace {
struct RunsArgs {
    std::string store = "runs.sqlite", metric, stage, csv;
    int64_t id = 0;
    bool json = false;
};

nlohmann::json run_json(const RunRecord& r) {
    return {{"id", r.id},
            {"parent", r.parent ? nlohmann::json(*r.parent) : nlohmann::json()},
            {"kind", to_string(r.kind)},
            {"status", to_string(r.status)},
            {"name", r.name},
            {"seed", r.seed},
            {"started", r.started},
            {"ended", r.finished},
            {"code_version", r.code_version},
            {"config", r.config}};
}

Store open_existing(const std::string& path) {
    if (!std::filesystem::exists(path)) throw Error(fmt::format("store {} does not exist", path));
    return Store(path);
}

void list_runs(const RunsArgs& a) {
    Store store = open_existing(a.store);
    const auto runs = store.list_runs();
    if (a.json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& r : runs) out.push_back(run_json(r));
        fmt::print("{}\n", out.dump(2));
        return;
    }
    fmt::print("{:>4} {:>6} {:<10} {:<12} {:<20} {}\n", "id", "parent", "kind", "status", "started", "name");
    for (const auto& r : runs)
        fmt::print("{:>4} {:>6} {:<10} {:<12} {:<20} {}\n", r.id, r.parent ? std::to_string(*r.parent) : "-",
                   to_string(r.kind), to_string(r.status), r.started.substr(0, 19), r.name);
}

void show_run(const RunsArgs& a) {
    Store store = open_existing(a.store);
    const auto run = store.get_run(a.id);
    if (!run) throw Error(fmt::format("{}: no run with id {}", a.store, a.id));
    const auto results = store.eval_results(a.id);
    const auto artifacts = store.artifacts(a.id);
    const auto loss = store.metrics(a.id, "loss");
    if (a.json) {
        nlohmann::json out = run_json(*run);
        for (const auto& e : results)
            out["eval"].push_back(
                {{"task", e.task}, {"language", e.language}, {"metric", e.metric}, {"value", e.value}, {"n", e.n}});
        for (const auto& art : artifacts)
            out["artifacts"].push_back({{"path", art.path}, {"kind", art.kind}, {"sha256", art.sha256}});
        out["loss_points"] = loss.size();
        if (!loss.empty()) out["last_loss"] = loss.back().value;
        fmt::print("{}\n", out.dump(2));
        return;
    }
    fmt::print("run {} ({}), {}\n  status {}  seed {}  started {}  finished {}\n  code {}\n", run->id,
               to_string(run->kind), run->name, to_string(run->status), run->seed, run->started,
               run->finished.empty() ? "-" : run->finished, run->code_version);
    if (run->parent) fmt::print("  parent run {}\n", *run->parent);
    if (!loss.empty())
        fmt::print("  loss: {} points, first {:.4f}, last {:.4f} (step {})\n", loss.size(), loss.front().value,
                   loss.back().value, loss.back().step);
    if (!results.empty())
        fmt::print("  {:<10} {:<14} {:<8} {:>10} {:>6}\n", "task", "language", "metric", "value", "n");
    for (const auto& e : results)
        fmt::print("  {:<10} {:<14} {:<8} {:>10.4f} {:>6}\n", e.task, e.language, e.metric, e.value, e.n);
    for (const auto& art : artifacts) fmt::print("  artifact {} {} sha256 {}\n", art.kind, art.path, art.sha256);
    fmt::print("  config {}\n", run->config.dump());
}
// A NaN or infinite value (a diverged loss) is written as it was logged ("nan", "inf"): a measured
// value, not a missing one.
void write_metrics_csv(const std::vector<MetricPoint>& points, const std::string& file) {
    CsvWriter csv({"stage", "step", "language", "name", "value"});
    for (const auto& m : points) {
        csv.text(m.stage).integer(m.step).text(m.language).text(m.name).text(fmt::format("{}", m.value));
        csv.end_row();
    }
    csv.write(file);
}

void show_metrics(const RunsArgs& a) {
    Store store = open_existing(a.store);
    if (!store.get_run(a.id)) throw Error(fmt::format("{}: no run with id {}", a.store, a.id));
    std::vector<MetricPoint> points;
    for (auto& m : store.metrics(a.id, a.metric))
        if (a.stage.empty() || m.stage == a.stage) points.push_back(std::move(m));
    if (!a.csv.empty()) {
        write_metrics_csv(points, a.csv);
        if (!a.json) fmt::print("{} points written to {}\n", points.size(), a.csv);
    }
    if (a.json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& m : points)
            out.push_back(
                {{"stage", m.stage}, {"step", m.step}, {"language", m.language}, {"name", m.name}, {"value", m.value}});
        fmt::print("{}\n", out.dump(2));
    } else if (a.csv.empty()) {
        fmt::print("{:<10} {:>7} {:<10} {:<14} {:>12}\n", "stage", "step", "language", "name", "value");
        for (const auto& m : points)
            fmt::print("{:<10} {:>7} {:<10} {:<14} {:>12.6g}\n", m.stage, m.step, m.language, m.name, m.value);
    }
}
}  // namespace

void add_runs_verb(CLI::App& app) {
    auto args = std::make_shared<RunsArgs>();
    auto* cmd = app.add_subcommand("runs", "List or show runs of the experiment store");
    cmd->require_subcommand(1);
    auto* list = cmd->add_subcommand("list", "List all runs");
    auto* show = cmd->add_subcommand("show", "Show one run: config, results, artifacts");
    auto* metrics = cmd->add_subcommand("metrics", "A run's metric time series (loss, bpb per language, ...)");
    for (auto* sub : {list, show, metrics}) {
        sub->add_option("--store", args->store, "Experiment store (SQLite file)")->capture_default_str();
        sub->add_flag("--json", args->json, "Print as JSON");
    }
    show->add_option("id", args->id, "Run id")->required();
    metrics->add_option("id", args->id, "Run id")->required();
    metrics->add_option("--name", args->metric, "Only this metric (loss, lr, grad_norm, bpb, ...)");
    metrics->add_option("--stage", args->stage, "Only this stage (pretrain, ...)");
    metrics->add_option("--csv", args->csv, "Write the points to this CSV file");
    metrics->callback([args] { show_metrics(*args); });
    list->callback([args] { list_runs(*args); });
    show->callback([args] { show_run(*args); });
}

}  // namespace layermoe::cli
