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
};

// What the experiment measured of one model: the base, or a method's last stage. The comparison
// of these (changes against the base, group means, tables and files) is core/report's, built by
// experiment_comparison.
struct MethodResult {
    std::string method;  // "base" for the untouched base model
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
    std::vector<MethodResult> rows;  // base first, then the methods in spec order
    double seconds = 0;
    bool cancelled = false;
    std::filesystem::path comparison_csv, comparison_json;
};

// When the base is a model folder made by a run of the spec's store, that run is the parent of the
// experiment run and of the base's evaluation, analysis, allocation and dense stage 1 (see
// docs/method-notes.md, "Store lineage").
ExperimentResult run_experiment(const ExperimentSpec& spec, bool resume, const ProgressFn& progress = {});

// The rows as core/report's comparison (core/report/compare.h), every run against the base row:
// each run labelled by its method, with its languages in the spec's groups. The CLI's table
// (render_method_table), comparison.csv (render_method_csv) and the workbench's table read it.
Comparison experiment_comparison(const ExperimentResult& result, const ExperimentSpec& spec);
// comparison.json and `layermoe experiment --json`: per row what was measured (bpb per language
// and group, task scores per language with their items and per group) and its mean changes
// against the base (null when there is none).
nlohmann::json comparison_json(const ExperimentResult& result, const ExperimentSpec& spec);

}  // namespace layermoe
