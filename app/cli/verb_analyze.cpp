#include <cmath>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/cli/progress_line.h"
#include "app/cli/run_options.h"
#include "app/cli/verbs.h"
#include "core/jobs/defaults.h"
#include "core/jobs/analysis_job.h"
#include "core/data/languages.h"

namespace layermoe::cli {

namespace {

struct AnalyzeArgs {
    std::string model, corpus, old_langs, new_langs, split = "heldout", csv;
    RunSettings run;
    int64_t tokens = CaptureConfig{}.tokens_select, token_limit = 0, batch = 16,
            aligned_sentences = CaptureConfig{}.aligned_sentences;
    bool aligned = false, json = false;
};

std::string number_or_dash(double v) { return std::isnan(v) ? std::string("-") : fmt::format("{:.5f}", v); }

nlohmann::json scores_json(const std::vector<LayerScore>& scores) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& s : scores)
        out.push_back({{"layer", s.layer},
                       {"s_new_new", std::isnan(s.s_new_new) ? nlohmann::json() : nlohmann::json(s.s_new_new)},
                       {"s_new_old", s.s_new_old},
                       {"s", s.s}});
    return out;
}

nlohmann::json matrices_json(const SimilarityReport& report) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& m : report.layers)
        out.push_back({{"layer", m.layer}, {"languages", m.languages}, {"values", m.values}, {"counts", m.counts}});
    return out;
}

void print_scores(const AnalysisJobResult& r) {
    const bool aligned = !r.aligned_scores.empty();
    fmt::print("{:>5} {:>9} {:>9} {:>9}", "layer", "S_nn", "S_no", "S");
    if (aligned) fmt::print(" {:>11}", "aligned S");
    fmt::print("\n");
    for (size_t i = 0; i < r.scores.size(); ++i) {
        const auto& s = r.scores[i];
        fmt::print("{:>5} {:>9} {:>9.5f} {:>9.5f}", s.layer, number_or_dash(s.s_new_new), s.s_new_old, s.s);
        if (aligned) fmt::print(" {:>11.5f}", r.aligned_scores[i].s);
        fmt::print("\n");
    }
    const auto& first = r.similarity.layers.front();
    fmt::print("tokens per language:");
    for (size_t l = 0; l < first.size(); ++l) fmt::print(" {} {}", first.languages[l], first.counts[l]);
    fmt::print("\n");
}

void run_analyze(const AnalyzeArgs& a) {
    AnalysisJobConfig cfg;
    cfg.model_dir = a.model;
    cfg.corpus = a.corpus;
    cfg.old_langs = parse_language_list(a.old_langs);
    cfg.new_langs = parse_language_list(a.new_langs);
    cfg.split = a.split;
    cfg.capture.tokens_select = a.tokens;
    cfg.capture.tokens_limit = a.token_limit;
    cfg.capture.batch_size = a.batch;
    cfg.capture.aligned_sentences = a.aligned_sentences;
    cfg.aligned = a.aligned;
    cfg.run = a.run;
    cfg.csv_file = a.csv;
    install_interrupt_handler();
    ProgressLine line(a.json);
    const auto r = run_analysis_job(cfg, line.callback());
    line.finish();
    if (r.cancelled) {
        fmt::print(stderr, "analysis stopped; nothing was recorded but the cancelled run\n");
        throw CLI::RuntimeError(130);
    }
    if (a.json) {
        nlohmann::json out = {{"run_id", r.run_id},
                              {"seconds", r.seconds},
                              {"scores", scores_json(r.scores)},
                              {"similarity", matrices_json(r.similarity)}};
        if (r.aligned) {
            out["aligned_scores"] = scores_json(r.aligned_scores);
            out["aligned_similarity"] = matrices_json(*r.aligned);
        }
        fmt::print("{}\n", out.dump(2));
        return;
    }
    print_scores(r);
    if (!a.csv.empty()) fmt::print("scores written to {}\n", a.csv);
    if (r.run_id > 0) {
        const std::string store = a.run.store_file.string();
        fmt::print("recorded as run {} in {} ({:.1f} s)\n", r.run_id, store, r.seconds);
        fmt::print("next: layermoe allocate --run {} --store {} --budget {}\n", r.run_id, store,
                   default_layermoe_allocation(static_cast<int64_t>(r.scores.size())).budget);
    } else {
        fmt::print("took {:.1f} s\n", r.seconds);
    }
}

}  // namespace

void add_analyze_verb(CLI::App& app) {
    auto args = std::make_shared<AnalyzeArgs>();
    auto* cmd = app.add_subcommand("analyze", "Per-layer language similarity of a model, and the LayerMoE scores");
    cmd->add_option("--model", args->model, "Model folder")->required();
    cmd->add_option("--corpus", args->corpus, "Corpus with text of every language")->required();
    cmd->add_option("--old", args->old_langs, "Old languages, e.g. eng,spa,zho_simpl")->required();
    cmd->add_option("--new", args->new_langs, "New languages, e.g. ell,hun,tur")->required();
    cmd->add_option("--tokens", args->tokens, "HSAs per language and layer (paper: 100000)")->capture_default_str();
    cmd->add_option("--token-limit", args->token_limit,
                    "Read documents until more tokens than this (0 = 1.5 x --tokens)")
        ->capture_default_str();
    cmd->add_option("--split", args->split, "Documents to read: heldout, train or all")->capture_default_str();
    cmd->add_flag("--aligned", args->aligned, "Also the aligned similarity (parallel corpora such as FLORES)");
    cmd->add_option("--aligned-sentences", args->aligned_sentences, "Sentences for --aligned (0 = all)")
        ->capture_default_str();
    cmd->add_option("--batch", args->batch, "Sequences per forward pass")->capture_default_str();
    cmd->add_option("--csv", args->csv, "Write layer,s_new_new,s_new_old,s to this file (and -aligned.csv)");
    add_run_options(*cmd, args->run, kDevice | kDtype | kContext | kThreads | kStore);
    cmd->add_flag("--json", args->json, "Print scores and matrices as JSON");
    cmd->callback([args] { run_analyze(*args); });
}

}  // namespace layermoe::cli
