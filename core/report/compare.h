#pragma once
// A comparison of chosen runs of a store (Torch-free): held-out bits per byte per language and
// per group, multiple-choice task scores, new experts and parameters, forgetting (change per old
// language) and gain (per new language) against a base run, and the runs' configs side by side
// with the keys that differ marked. The results page, the report and `layermoe compare` show it.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/store/store.h"

namespace layermoe {

struct RunSummary {
    RunRecord run;
    std::string label;                       // "3 LayerMoE stage 2"
    std::map<std::string, double> bpb;       // language -> held-out bits per byte
    std::map<std::string, double> groups;    // "old", "G1", "G2", "all" -> mean
    std::optional<int64_t> new_experts;      // of an expansion
    std::optional<int64_t> new_parameters;
    // Task scores: "continuation acc_mutual_info" -> language (or "group:old", ...) -> value.
    std::map<std::string, std::map<std::string, double>> tasks;
};

struct ConfigRow {
    std::string key;                         // flattened: "stage1.lr"
    std::vector<std::string> values;         // one per run ("" when absent)
    bool differs = false;
};

struct Comparison {
    std::vector<RunSummary> runs;            // in the order asked
    std::optional<size_t> base;              // the run changes are measured against
    std::vector<std::string> old_langs, new_langs;  // from the runs' language groups
    // old_change[i][j]: run i's bpb minus the base's on old language j (NaN when either is missing).
    std::vector<std::vector<double>> old_change;
    std::vector<std::vector<double>> new_change;  // the same for the new languages
    std::vector<ConfigRow> configs;
    std::vector<std::string> task_keys;      // "TASK METRIC" of any run, sorted (metrics acc, acc_norm, acc_bytes, acc_mutual_info)
    // Run i's task score minus the base's on a language (NaN when either is missing), and its mean
    // over the old or the new languages (NaN when no language has both). The base of a task is
    // the base run when it was scored on it, else the first chosen pretrain or eval run that was.
    double task_change(size_t run, const std::string& key, const std::string& language) const;
    double task_group_change(size_t run, const std::string& key, bool old_langs) const;
    std::optional<size_t> task_base(const std::string& key) const;
    // The task keys tables show: each task's acc and acc_mutual_info.
    std::vector<std::string> headline_task_keys() const;
    nlohmann::json to_json() const;
    std::string to_csv() const;              // one row per run: id, label, groups, per-language bpb and changes, tasks
};

// base: a run id among `runs`; nullopt = the first chosen run that evaluated a model before any
// expansion (kind pretrain or eval), if any. Error naming a run id the store does not have.
Comparison compare_runs(const Store& store, const std::vector<int64_t>& runs, std::optional<int64_t> base = std::nullopt);

} // namespace layermoe
