#pragma once
// A comparison of runs (Torch-free): held-out bits per byte per language and per group,
// multiple-choice task scores, new experts and parameters, forgetting (change per old language)
// and gain (per new language) against a base run, and the runs' configs side by side with the
// keys that differ marked. The one model of a comparison: the results page, the report (HTML,
// PDF, Markdown), `layermoe compare`, `layermoe report` and the experiment's table all render it
// (core/report/render.h). Built from a store (compare_runs), or from run summaries held in memory
// (build_comparison). When no base is among the chosen runs of a store, each run's base is found
// in the store (its lineage, its model folder, its experiment; docs/file-formats.md, "runs") and
// added to the comparison.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/report/stats.h"
#include "core/store/store.h"

namespace layermoe {

// How a run's base (the evaluated model its changes are measured against) was found.
enum class BaseSource {
    None,  // no base: nothing evaluated before an expansion in its lineage, model folder or experiment
    Chosen,  // a chosen run (--base, or the first chosen pretrain or eval run)
    Lineage,  // an ancestor by parent_id (a pretrain run, or an eval run of that ancestor's model)
    ModelFolder,  // an eval run of the folder the run expanded (its config's "model")
    Experiment,  // the first evaluated model of the experiment run that groups it (config "experiment")
};

// "chosen", "lineage", "model_folder", "experiment", "none" (the JSON's base_source).
const char* base_source_name(BaseSource source);

struct BaseLink {
    std::optional<int64_t> run;
    BaseSource source = BaseSource::None;
};

// The evaluated model run `run` is to be compared against, found in the store; none for a run
// that is itself an evaluation of a model before any expansion (a pretrain run, an eval run of
// such a model). Only runs with held-out bits per byte and older than `run` qualify. Error when
// the store has no run `run`.
BaseLink find_base_run(const Store& store, int64_t run);

// What a comparison knows of one run. A missing value is absent from its map (or nullopt), never 0.
struct RunSummary {
    RunRecord run;  // id, kind, status, name, config (configs are compared)
    std::string label;  // "3 LayerMoE stage 2" (the store's), or a method's name
    std::map<std::string, double> bpb;  // language -> held-out bits per byte
    // The seeds its values are the mean over (an experiment's method run with "seeds"); 1 for a
    // run of a store.
    int seeds = 1;
    // language -> bits per held-out document over its bytes, one row per seed, when the
    // evaluation recorded them; what intervals resample.
    std::map<std::string, stats::Samples> bpb_units;
    std::map<std::string, double> groups;  // "old", "G1", "G2", "all" -> mean
    std::optional<int64_t> new_experts;  // of an expansion
    std::optional<int64_t> new_parameters;
    std::optional<int64_t> trainable_parameters;  // trained in stage 1 (config "trainable_parameters")
    // Task scores: "continuation acc_mutual_info" -> language (or "group:old", ...) -> value.
    std::map<std::string, std::map<std::string, double>> tasks;
    // Task key -> language -> each item right (1) or wrong (0), when recorded (acc and
    // acc_mutual_info).
    std::map<std::string, std::map<std::string, stats::Samples>> task_units;
    RunLanguages languages;  // (code, group) as the run lists them: group "old", "G1", "G2"
    std::optional<size_t> base;  // index of the run its changes are against
    BaseSource base_source = BaseSource::None;
    bool added = false;  // not chosen: added as the base of chosen runs
};

struct ConfigRow {
    std::string key;  // flattened: "stage1.lr"
    std::vector<std::string> values;  // one per run ("" when absent)
    bool differs = false;
};

struct Comparison {
    std::vector<RunSummary> runs;  // in the order asked, then the bases found for them (added)
    // The run every run's changes are measured against, when they share one (runs[i].base is
    // each run's own).
    std::optional<size_t> base;
    std::vector<std::string> old_langs, new_langs;  // from the runs' language groups
    // old_change[i][j]: run i's bpb minus its base's on old language j (NaN when either is missing).
    std::vector<std::vector<double>> old_change;
    std::vector<std::vector<double>> new_change;  // the same for the new languages
    std::vector<ConfigRow> configs;
    std::vector<std::string>
        task_keys;  // "TASK METRIC" of any run, sorted (metrics acc, acc_norm, acc_bytes, acc_mutual_info)

    // Run i's task score minus the base's on a language (NaN when either is missing), and its mean
    // over the old or the new languages (NaN when no language has both). The base of a task is
    // the base run when it was scored on it, else the first chosen pretrain or eval run that was.
    double task_change(size_t run, const std::string& key, const std::string& language) const;
    double task_group_change(size_t run, const std::string& key, bool old_langs) const;
    // The mean of run i's changes over the old (or new) languages that have one; NaN when none.
    double mean_change(size_t run, bool old_langs) const;
    std::optional<size_t> task_base(const std::string& key) const;
    // The task keys tables show: each task's acc and acc_mutual_info.
    std::vector<std::string> headline_task_keys() const;
    // The values of run i, NaN when missing: a group's mean bpb ("old", "G1", "G2"), a language's
    // bpb, a task score on a language or group ("group:old").
    double group_bpb(size_t run, const std::string& group) const;
    double language_bpb(size_t run, const std::string& language) const;
    double task_score(size_t run, const std::string& key, const std::string& language) const;
    // Run a minus run b in mean bits per byte over the old (or new) languages that both measured
    // on the same documents, with a paired bootstrap over seeds and those documents
    // (stats::paired_difference, stats::kResamples resamples, seeded with kBootstrapSeed); a run
    // of one seed (a base) pairs with every seed of the other. nullopt when no language has that.
    std::optional<stats::Interval> bpb_difference(size_t a, size_t b, bool old_langs) const;
    // mean_change's interval: bpb_difference(run, its base); nullopt without a base.
    std::optional<stats::Interval> change_interval(size_t run, bool old_langs) const;
    // The same for a task score (higher is better): run a minus run b, mean over the old (new)
    // languages both scored on the same number of items, paired bootstrap over the items; and
    // task_group_change's interval (against the task's base as task_change finds it).
    std::optional<stats::Interval> task_difference(size_t a, size_t b, const std::string& key, bool old_langs) const;
    std::optional<stats::Interval> task_change_interval(size_t run, const std::string& key, bool old_langs) const;
    // A group's mean bpb ("old", "G1", "G2") of one run with its interval: over seeds (Student t
    // on each seed's group mean) when the run has several, else a bootstrap over the held-out
    // documents of the group's languages (as the run lists them); nullopt when a language of the
    // group has no recorded documents.
    std::optional<stats::Interval> group_interval(size_t run, const std::string& group) const;
    // The same per language group ("old", "new" = every new language, or a group the runs tag
    // their languages with: "G1", "G2"): the group's languages in comparison order, run i's mean
    // change over them against its base (NaN when none has one), its interval, and a minus b.
    std::vector<std::string> group_langs(const std::string& group) const;
    double group_change(size_t run, const std::string& group) const;
    std::optional<stats::Interval> group_change_interval(size_t run, const std::string& group) const;
    std::optional<stats::Interval> group_difference(size_t a, size_t b, const std::string& group) const;
    // The same for a task score (task_difference and task_change_interval over a group).
    std::optional<stats::Interval> task_group_difference(size_t a, size_t b, const std::string& key,
                                                         const std::string& group) const;
    std::optional<stats::Interval> task_group_change_interval(size_t run, const std::string& key,
                                                              const std::string& group) const;
    static constexpr uint64_t kBootstrapSeed = 1;
    // The pairs (i, j), i < j, of runs compared with each other: neither is its own base and both
    // have the same base. The tables, JSON and report list their differences.
    std::vector<std::pair<size_t, size_t>> compared_pairs() const;
    // Whether any run has a G2 group mean (tables then show its column).
    bool has_g2() const;
};

// Runs of one method that differ only in their seed, as one run: the first's record and
// experts, `seeds` their count, each value the mean over the runs that have it on every run (a
// value one run lacks is left out), and each per-unit sample the runs' rows stacked in order
// (kept only when every run has it on the same units), so that intervals resample the seeds.
// Error when `runs` is empty.
RunSummary pool_seeds(const std::vector<RunSummary>& runs);

// The comparison of runs held in memory (an experiment's, before or without reading a store).
// base: an index into `runs`, the base of every run (BaseSource::Chosen); nullopt: each run keeps
// its own `base` (an index into `runs`) and `base_source`, as compare_runs sets them. The
// languages come from the runs' `languages` (a language old for one run and new for another
// counts as new), the configs from their `run.config`. Error when an index is out of range.
Comparison build_comparison(std::vector<RunSummary> runs, std::optional<size_t> base = std::nullopt);

// One run of a store as a comparison sees it: its held-out bpb per language and group, task
// scores, new experts and parameters (its config's, or an allocation's), languages. Error naming
// a run id the store does not have.
RunSummary summarise_run(const Store& store, int64_t run);

// Runs of a store, read with summarise_run and compared with build_comparison. base: a run id
// among `runs`, the base of every run; nullopt = the first chosen run that evaluated a model
// before any expansion (a pretrain run, an eval run of such a model), the base of every run; when
// none is chosen and find_bases, each run's base from find_base_run, added to the comparison when
// not chosen. Error naming a run id the store does not have.
// pool: runs that differ only in their seed (the same kind and experiment, and the same
// config once the seed and the folders it names are left out: "seed", "model", "out_dir", each
// stage's "seed") become one run (pool_seeds), labelled "<label> (N seeds)" with " (seed K)"
// taken out of it, in the place of the first.
Comparison compare_runs(const Store& store, const std::vector<int64_t>& runs,
                        std::optional<int64_t> base = std::nullopt, bool find_bases = true, bool pool = false);

}  // namespace layermoe
