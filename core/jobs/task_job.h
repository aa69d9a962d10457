#pragma once
// "Score a saved model on multiple-choice tasks", shared by `layermoe eval --tasks`, the
// experiment pipeline and the GUI. Results land in the store's eval_results: task (with
// ":K-shot" when K > 0), language, metric (acc, acc_norm, acc_bytes, acc_mutual_info and their
// *_stderr), value, n = items; the group means under language "group:old", "group:G1", ...
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/common/progress.h"
#include "core/common/run_settings.h"
#include "core/data/corpus.h"
#include "core/data/languages.h"
#include "core/eval/tasks.h"

namespace layermoe {

struct TaskJobConfig {
    std::filesystem::path model_dir;
    // A task file, a folder of them, or builtin:NAME (continuation, translation), several
    // separated by commas. Builtin tasks are built from `corpus` for `langs`.
    std::string tasks;
    std::filesystem::path corpus;
    std::vector<std::string> langs;  // builtin: the languages; files: only these (empty = all)
    int shots = 0;
    int64_t max_items = 0;  // per task and language; 0 = all
    std::string pivot = "eng";  // builtin:translation
    RunSettings run;  // seed: builtin tasks and few-shot sampling
    // Record into this run of the store instead of a new "eval" run (the experiment attaches the
    // scores to the run that trained the model).
    std::optional<int64_t> record_run;
    bool packed = true;
    bool mutual_info = true;  // also acc_mutual_info (scores every choice without context)
    int64_t batch_tokens = McScoreConfig{}.batch_tokens;
    CorpusOptions corpus_options;
    // The groups its means are over; none: as the model's folder records them.
    std::optional<LanguageGroups> groups;
};

struct TaskGroupMean {
    std::string task, group;  // group: "old", "G1", "G2", "all"
    double acc = 0, acc_norm = 0, acc_bytes = 0, acc_mutual_info = 0;
    bool has_mutual_info = false;
    int64_t languages = 0;
};

struct TaskJobResult {
    int64_t run_id = 0;
    std::vector<McResult> results;  // per task and language
    std::vector<TaskGroupMean> means;
    int64_t items = 0;
    double seconds = 0;
    double items_per_second = 0;  // scoring only
    bool cancelled = false;
};

// The task name the store records: "continuation", "arc:5-shot".
std::string task_key(const std::string& task, int shots);

TaskJobResult run_task_job(const TaskJobConfig& config, const ProgressFn& progress = {});

}  // namespace layermoe
