#pragma once
// The whole "pretrain a base model" job, shared by the CLI and the GUI: read the corpus, pack,
// initialise, train with periodic held-out evaluation and checkpoints, save the model folder,
// evaluate every language, and record everything in the store.
#include <filesystem>
#include <string>
#include <vector>

#include "core/common/progress.h"
#include "core/common/run_settings.h"
#include "core/data/corpus.h"
#include "core/data/languages.h"
#include "core/eval/bpb_result.h"
#include "core/train/train_config.h"

namespace layermoe {

struct PretrainJobConfig {
    std::filesystem::path corpus;
    // old: the languages trained on; G1 and G2 (new languages) are only evaluated, so the run
    // shows where the base model stands on the languages a later expansion teaches it.
    LanguageGroups groups;
    std::string preset = "small";
    std::filesystem::path tokenizer_dir;  // a tokenizer folder (layermoe tokenizer); empty = bytes
    TrainConfig train;  // its seed, threads and device come from `run`
    RunSettings run;
    std::filesystem::path out_dir;  // model folder; checkpoints under out_dir/checkpoints
    bool resume = false;  // continue from the latest checkpoint in out_dir
    int64_t eval_documents = 200;  // held-out documents per language for periodic evaluation
    int64_t final_eval_documents = 0;  // for the final evaluation; 0 = all
    CorpusOptions corpus_options;
    std::string name;  // run name in the store
    nlohmann::json to_json() const;
};

struct PretrainJobResult {
    int64_t run_id = 0;  // 0 without a store
    TrainResult train;
    std::vector<BpbResult> initial;  // the model before training (after a resume: at the resumed step)
    std::vector<BpbResult> final;
    std::vector<GroupMean> final_means;
    std::filesystem::path model_dir;
    double wall_seconds = 0;
    bool cancelled = false;
};

PretrainJobResult run_pretrain_job(const PretrainJobConfig& config, const ProgressFn& progress = {});

}  // namespace layermoe
