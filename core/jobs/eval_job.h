#pragma once
// "Evaluate a saved model on held-out text of some languages", shared by the CLI and the GUI.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/common/progress.h"
#include "core/common/run_settings.h"
#include "core/data/corpus.h"
#include "core/data/languages.h"
#include "core/eval/bpb_result.h"

namespace layermoe {

struct EvalJobConfig {
    std::filesystem::path model_dir;
    std::filesystem::path corpus;
    std::vector<std::string> langs;
    RunSettings run;
    std::optional<int64_t> experiment_run;  // recorded in the run's config as "experiment"
    int64_t max_documents = 0;  // per language; 0 = all held-out documents
    CorpusOptions corpus_options;
};

struct EvalJobResult {
    int64_t run_id = 0;
    std::vector<BpbResult> results;
    std::vector<GroupMean> means;  // per group, see eval_groups
    double seconds = 0;
};

// The group of each language, as the model's config.json records them (old = trained); a
// language the model has no group for counts as new (G1).
LanguageGroups eval_groups(const std::vector<std::string>& langs, const nlohmann::json& model_meta,
                           const std::string& source);

EvalJobResult run_eval_job(const EvalJobConfig& config, const ProgressFn& progress = {});

}  // namespace layermoe
