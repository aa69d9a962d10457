#pragma once
// An experiment: one base model (given, or pretrained here), evaluated, then expanded to the new
// languages by every listed method with the same data and steps, each evaluated after its stages,
// and a comparison table (docs/method.md §7 and §9). Everything lands in one store under one
// "experiment" run; `layermoe experiment SPEC.json` and the demo run it.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/common/progress.h"
#include "core/common/run_settings.h"
#include "core/jobs/task_job.h"
#include "core/jobs/expand_job.h"
#include "core/jobs/pretrain_job.h"
#include "core/report/compare.h"

namespace layermoe {

struct ExperimentMethod {
    std::string name;  // "LayerMoE", shown in tables; also the model folder name
    ExpansionMethod method = ExpansionMethod::LayerMoe;
    AllocationConfig allocation;  // budget / rule / bounds / classifiers, or uniform N
    // layermoe only: train exactly this allocation (experts per layer, classifier layers) instead
    // of analysing the base and allocating by `allocation` (which then is its config). The
    // workbench's "Use this allocation" hands it on; `analysis_run` is the store's analyze run it
    // was made from (0 = unknown), recorded in the expansion's runs (docs/experiments.md).
    std::optional<Allocation> fixed_allocation = std::nullopt;
    int64_t analysis_run = 0;
};

struct ExperimentSpec {
    std::string name = "experiment";
    std::filesystem::path corpus;
    std::filesystem::path workspace;  // models/, runs.sqlite, comparison.csv / .json
    RunSettings run;  // its store_file defaults to workspace/runs.sqlite
    std::filesystem::path base_model;  // a model folder; empty = pretrain one (below)
    std::optional<PretrainJobConfig> pretrain;
    std::vector<std::string> old_langs, new_langs;
    // Lifelong expansion (the file's "waves"): a second wave of new languages (G2) that every
    // method's G1 model is expanded to in turn, with old = G0 + G1; empty = one expansion.
    std::vector<std::string> g2_langs;
    std::vector<ExperimentMethod> methods;
    TrainConfig stage1 = default_stage1_config(), stage2 = default_stage2_config();
    double replay_ratio = 0.5;
    CaptureConfig analysis;
    std::string analysis_split = "train";
    int64_t eval_documents = 200;
    // Multiple-choice tasks every model is scored on after its evaluation: builtin:NAME or task
    // files / folders (relative to the spec's folder), with items per task and language.
    std::vector<std::string> tasks;
    int64_t task_items = 200;
    int task_shots = 0;
    int64_t top_k = kTopK;
    // Each method's stages run once per seed (data order, new experts' and routers'
    // initialisation, replay draw), every seed on the same base; empty = once, with run.seed.
    // base_seeds: pretrain the base once per seed too (needs "pretrain"), seed k's methods then
    // expand seed k's base. Held-out documents and task items are the same for every seed, so
    // seeds pair (docs/method.md, "Uncertainty").
    std::vector<uint64_t> seeds;
    bool base_seeds = false;
    // The seeds the methods run with: `seeds`, or run.seed alone.
    std::vector<uint64_t> method_seeds() const;

    // Paths in the file are relative to the file's folder. Error naming the file and the key.
    static ExperimentSpec from_json(const nlohmann::json& j, const std::filesystem::path& source);
    static ExperimentSpec from_file(const std::filesystem::path& file);
    // Every setting, as the experiment run records its config.
    nlohmann::json to_json() const;
    // The experiment as an experiment file (docs/experiments.md), in the keys from_json reads:
    // from_json gives this spec back (the workbench writes it for `layermoe experiment` to run it
    // as several processes). Paths are written as they are; relative ones are read against the
    // file's folder.
    nlohmann::json to_file_json() const;
    void validate() const;
    // The language groups: G0 old, the first wave G1, the second G2.
    LanguageGroups groups() const;
};

// The folder name a method's models get under models/: its name lower-cased, every character
// other than a letter or digit a '-'.
std::string experiment_folder_name(const std::string& name);

// What the experiment measured of one model: the base, or a method's last stage. The comparison
// of these (changes against the base, group means, tables and files) is core/report's, built by
// experiment_comparison.
struct MethodResult {
    std::string method;  // "base" for the untouched base model
    int wave = 0;  // the expansions its model has been through: 0 base, 1 G1, 2 G2
    uint64_t seed = 0;  // the seed of its stages (of its pretraining, for a base)
    int64_t run_id = 0;  // the run its numbers come from
    int64_t new_experts = 0, new_parameters = 0;
    int64_t trainable_parameters = 0;  // trained in stage 1
    std::vector<BpbResult> bpb;  // per language, old then new
    std::vector<GroupMean> means;
    std::vector<McResult> tasks;  // per task and language (spec.tasks)
    std::vector<TaskGroupMean> task_means;
};

struct ExperimentResult {
    int64_t experiment_run = 0;
    // The base (one row, or one per seed with base_seeds) first, then the methods in spec order,
    // each with one row per seed in the order of method_seeds().
    std::vector<MethodResult> rows;
    double seconds = 0;
    bool cancelled = false;
    std::filesystem::path comparison_csv, comparison_json;
};

// When the base is a model folder made by a run of the spec's store, that run is the parent of the
// experiment run and of the base's evaluation, analysis, allocation and dense stage 1 (see
// docs/method-notes.md, "Store lineage").
ExperimentResult run_experiment(const ExperimentSpec& spec, bool resume, const ProgressFn& progress = {});

// The rows as core/report's comparison (core/report/compare.h), every run against the base row:
// one run per method, labelled by it, its seeds' rows together (values the mean over seeds, the
// held-out documents' and items' samples one row per seed), with its languages in the spec's
// groups. The CLI's table
// (render_method_table), comparison.csv (render_method_csv) and the workbench's table read it.
Comparison experiment_comparison(const ExperimentResult& result, const ExperimentSpec& spec);
// Lifelong experiments: how much each method forgot of G1 in the G2 expansion, its G1 bpb after
// G2 minus after G1 (the mean over the G1 languages, and over seeds), with the paired interval
// over seeds and G1's held-out documents. One entry per method, in spec order; empty without G2.
struct Forgetting {
    std::string method;
    double change = 0;
    std::optional<stats::Interval> interval;
};
std::vector<Forgetting> g1_forgetting(const ExperimentResult& result, const ExperimentSpec& spec);

// The comparison's runs of the spec's first layermoe and first moe-lpr method, the pair the
// paper's claims compare (core/report/render.h, paper_claims); nullopt without both.
std::optional<std::pair<size_t, size_t>> claim_pair(const ExperimentSpec& spec);
// comparison.json and `layermoe experiment --json`: per method (the base first) what was
// measured (bpb per language and group, task scores per language with their items and per group,
// the means over seeds), its mean changes against the base (null when there is none) with their
// intervals, and per seed its run and bpb ("seeds").
nlohmann::json comparison_json(const ExperimentResult& result, const ExperimentSpec& spec);

}  // namespace layermoe
