#include <algorithm>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/cli/progress_line.h"
#include "app/cli/run_options.h"
#include "app/cli/verbs.h"
#include "core/data/languages.h"
#include "core/jobs/eval_job.h"
#include "core/jobs/task_job.h"
#include "core/store/run_kind.h"

namespace layermoe::cli {

namespace {
struct EvalArgs {
    std::string model, corpus, langs;
    RunSettings run;
    std::string tasks, pivot = "eng";
    int64_t max_docs = 0, max_items = 0, batch_tokens = TaskJobConfig{}.batch_tokens;
    int shots = 0;
    bool json = false, reference = false, no_mutual_info = false;
};

nlohmann::json tasks_json(const TaskJobResult& r) {
    nlohmann::json results = nlohmann::json::array(), groups = nlohmann::json::array();
    for (const auto& t : r.results) {
        const auto& m = t.metrics;
        results.push_back({{"task", task_key(t.task, t.shots)},
                           {"language", t.language},
                           {"items", m.items},
                           {"acc", m.acc},
                           {"acc_stderr", m.acc_stderr},
                           {"acc_norm", m.acc_norm},
                           {"acc_norm_stderr", m.acc_norm_stderr},
                           {"acc_bytes", m.acc_bytes},
                           {"acc_bytes_stderr", m.acc_bytes_stderr},
                           {"skipped", t.skipped},
                           {"seconds", t.seconds}});
        if (m.has_mutual_info) {
            results.back()["acc_mutual_info"] = m.acc_mutual_info;
            results.back()["acc_mutual_info_stderr"] = m.acc_mutual_info_stderr;
        }
    }
    for (const auto& g : r.means) {
        groups.push_back({{"task", g.task},
                          {"group", g.group},
                          {"languages", g.languages},
                          {"acc", g.acc},
                          {"acc_norm", g.acc_norm},
                          {"acc_bytes", g.acc_bytes}});
        if (g.has_mutual_info) groups.back()["acc_mutual_info"] = g.acc_mutual_info;
    }
    return {{"run_id", r.run_id},
            {"seconds", r.seconds},
            {"items", r.items},
            {"items_per_second", r.items_per_second},
            {"status", to_string(r.cancelled ? RunStatus::Cancelled : RunStatus::Finished)},
            {"results", results},
            {"groups", groups}};
}

void print_tasks(const TaskJobResult& r) {
    const bool mi =
        std::any_of(r.results.begin(), r.results.end(), [](const McResult& t) { return t.metrics.has_mutual_info; });
    fmt::print("{:<18} {:<10} {:>6} {:>15} {:>15} {:>15}{}\n", "task", "language", "items", "acc", "acc_norm",
               "acc_bytes", mi ? fmt::format(" {:>15}", "acc_mutual_info") : "");
    auto cell = [](double v, double se) { return fmt::format("{:.4f}±{:.4f}", v, se); };
    for (const auto& t : r.results) {
        const auto& m = t.metrics;
        if (m.items == 0) {
            fmt::print("{:<18} {:<10} {:>6} {:>15} {:>15} {:>15}{}  (all {} items too long for the model, left out)\n",
                       task_key(t.task, t.shots), t.language, 0, "-", "-", "-", mi ? fmt::format(" {:>15}", "-") : "",
                       t.skipped);
            continue;
        }
        fmt::print("{:<18} {:<10} {:>6} {:>15} {:>15} {:>15}{}{}\n", task_key(t.task, t.shots), t.language, m.items,
                   cell(m.acc, m.acc_stderr), cell(m.acc_norm, m.acc_norm_stderr),
                   cell(m.acc_bytes, m.acc_bytes_stderr),
                   mi ? fmt::format(" {:>15}", cell(m.acc_mutual_info, m.acc_mutual_info_stderr)) : "",
                   t.skipped > 0 ? fmt::format("  ({} items too long for the model, left out)", t.skipped) : "");
    }
    for (const auto& g : r.means)
        fmt::print("{:<18} {:<10} {:>6} {:>15.4f} {:>15.4f} {:>15.4f}{}\n", g.task, "mean " + g.group,
                   fmt::format("{}L", g.languages), g.acc, g.acc_norm, g.acc_bytes,
                   g.has_mutual_info ? fmt::format(" {:>15.4f}", g.acc_mutual_info) : "");
    fmt::print("{} items in {:.1f} s ({:.1f} items/s scoring)\n", r.items, r.seconds, r.items_per_second);
}
}  // namespace

void add_eval_verb(CLI::App& app) {
    auto args = std::make_shared<EvalArgs>();
    auto* cmd = app.add_subcommand(
        "eval",
        "Evaluate a saved model: bits per byte on held-out text per language, or multiple-choice tasks (--tasks)");
    cmd->add_option("--model", args->model, "Model folder (model.safetensors + config.json)")->required();
    cmd->add_option("--corpus", args->corpus, "Corpus with held-out text (bits per byte, builtin tasks)");
    cmd->add_option("--langs", args->langs, "Languages, e.g. eng,spa,zho_simpl,ell (task files: only these)");
    cmd->add_option("--tasks", args->tasks,
                    "Multiple-choice tasks: a .jsonl file (Belebele, ARC, HellaSwag, MMLU or generic), a folder of "
                    "them, or builtin:continuation / builtin:translation (built from --corpus); comma-separated");
    cmd->add_option("--shots", args->shots, "Few-shot examples per prompt")->capture_default_str();
    cmd->add_option("--max-items", args->max_items, "Items per task and language (0 = all)")->capture_default_str();
    cmd->add_option("--pivot", args->pivot, "builtin:translation: the language of the choices")->capture_default_str();
    cmd->add_option("--batch-tokens", args->batch_tokens, "Tokens per scoring batch")->capture_default_str();
    cmd->add_flag("--reference", args->reference, "Score every choice with its own forward pass (slow; for checking)");
    cmd->add_flag("--no-mutual-info", args->no_mutual_info,
                  "Skip acc_mutual_info (scoring every choice without its context too)");
    cmd->add_option("--max-docs", args->max_docs, "Held-out documents per language (0 = all)")->capture_default_str();
    add_run_options(*cmd, args->run, kAllRunOptions, {.seed = "Seed of builtin tasks and few-shot sampling"});
    cmd->add_flag("--json", args->json, "Print the result as JSON");
    cmd->callback([args] {
        install_interrupt_handler();
        if (!args->tasks.empty()) {
            TaskJobConfig cfg;
            cfg.model_dir = args->model;
            cfg.tasks = args->tasks;
            cfg.corpus = args->corpus;
            cfg.langs = parse_language_list(args->langs);
            cfg.shots = args->shots;
            cfg.max_items = args->max_items;
            cfg.run = args->run;
            cfg.pivot = args->pivot;
            cfg.packed = !args->reference;
            cfg.mutual_info = !args->no_mutual_info;
            cfg.batch_tokens = args->batch_tokens;
            ProgressLine line(args->json);
            const auto r = run_task_job(cfg, line.callback());
            line.finish();
            if (args->json) {
                fmt::print("{}\n", tasks_json(r).dump(2));
                return;
            }
            print_tasks(r);
            if (r.cancelled) fmt::print("cancelled\n");
            if (r.run_id > 0) fmt::print("recorded as run {} in {}\n", r.run_id, args->run.store_file.string());
            return;
        }
        if (args->corpus.empty() || args->langs.empty())
            throw CLI::ValidationError("eval", "bits per byte needs --corpus and --langs (or give --tasks)");
        EvalJobConfig cfg;
        cfg.model_dir = args->model;
        cfg.corpus = args->corpus;
        cfg.langs = parse_language_list(args->langs);
        cfg.max_documents = args->max_docs;
        cfg.run = args->run;
        ProgressLine line(args->json);
        const auto r = run_eval_job(cfg, line.callback());
        line.finish();
        if (args->json) {
            nlohmann::json out = {{"run_id", r.run_id}, {"seconds", r.seconds}, {"languages", bpb_json(r.results)}};
            for (const auto& g : r.means) out["groups"][g.group] = g.bits_per_byte;
            fmt::print("{}\n", out.dump(2));
            return;
        }
        print_bpb_table({}, r.results, r.means);
        if (r.run_id > 0) fmt::print("recorded as run {} in {}\n", r.run_id, args->run.store_file.string());
    });
}

}  // namespace layermoe::cli
