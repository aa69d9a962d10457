#pragma once
// "Evaluate a saved model on held-out text of some languages", shared by the CLI and the GUI.
#include <filesystem>
#include <string>
#include <vector>

#include "core/common/progress.h"
#include "core/data/corpus.h"
#include "core/eval/bpb.h"

namespace layermoe {

struct EvalJobConfig {
    std::filesystem::path model_dir;
    std::filesystem::path corpus;
    std::vector<std::string> langs;
    std::filesystem::path store_file;   // empty = no store
    int64_t max_documents = 0;          // per language; 0 = all held-out documents
    std::string device = "cpu";
    int threads = 0;
    CorpusOptions corpus_options;
};

struct EvalJobResult {
    int64_t run_id = 0;
    std::vector<BpbResult> results;
    std::vector<GroupMean> means;       // groups from the model's trained languages (old) vs the rest (G1)
    double seconds = 0;
};

EvalJobResult run_eval_job(const EvalJobConfig& config, const ProgressFn& progress = {});

} // namespace layermoe
