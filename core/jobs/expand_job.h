#pragma once
// "Teach a model new languages by one method", shared by the CLI, the experiment pipeline and
// the GUI (docs/method.md §7, §8):
//   layermoe  analyse -> allocate by similarity -> expand -> stage 1 -> stage 2 (+ classifiers)
//   moe-lpr   uniform allocation -> expand -> stage 1 -> stage 2
//   dense     stage 1 and stage 2 data, every weight trained (the forgetting baseline)
// Stage 1 trains the new experts and the routers on new-language text; stage 2 the routers (and
// classifiers) on new-language text plus a replay of old languages. After each stage the model
// is saved and evaluated on held-out text of every language. Each step is a run of the store:
// base -> analyze -> allocate -> stage1 -> stage2.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/allocation.h"
#include "core/analysis/capture_config.h"
#include "core/common/progress.h"
#include "core/common/run_settings.h"
#include "core/data/corpus.h"
#include "core/eval/bpb_result.h"
#include "core/jobs/defaults.h"
#include "core/train/train_config.h"

namespace layermoe {

enum class ExpansionMethod { LayerMoe, MoeLpr, Dense };
std::string method_name(ExpansionMethod method);  // "layermoe", "moe-lpr", "dense"
ExpansionMethod parse_expansion_method(std::string_view name);  // Error naming the known ones

struct ExpandJobConfig {
    std::filesystem::path model_dir;  // the dense base, or an expanded model (lifelong)
    std::filesystem::path corpus;
    std::vector<std::string> old_langs;  // G0, or G0 + G1 for a lifelong expansion
    std::vector<std::string> new_langs;
    ExpansionMethod method = ExpansionMethod::LayerMoe;
    AllocationConfig allocation;  // layermoe: budget, rule, bounds, classifiers; moe-lpr: uniform N
    // layermoe: expand by exactly these experts per layer and classifier layers, with no analysis;
    // `analysis_run` (the store's analyze run it came from, 0 = unknown) is recorded in the runs'
    // config and, when that run is in the store, is the allocate run's parent.
    std::optional<Allocation> fixed_allocation = std::nullopt;
    int64_t analysis_run = 0;
    CaptureConfig analysis;  // layermoe's similarity analysis
    std::string analysis_split = "train";
    int64_t top_k = kTopK;
    bool run_stage1 = true, run_stage2 = true;  // stage 2 alone continues a stage-1 model folder
    TrainConfig stage1 = default_stage1_config(),
                stage2 = default_stage2_config();  // seeds, threads, device from `run`
    double replay_ratio = 0.5;  // stage 2: old documents per old language per new document per new language
    int64_t eval_documents = 0;  // held-out documents per language for the evaluations (0 = all)
    std::filesystem::path out_dir;  // stage1/ and stage2/ model folders go here
    RunSettings run;  // seed: also the new experts' and routers' initialisation, replay
    std::optional<int64_t> experiment_run;  // recorded in every run's config
    std::string name;  // "LayerMoE", shown in tables
    bool resume = false;  // continue interrupted stages; reuse finished ones
    CorpusOptions corpus_options;
    nlohmann::json to_json() const;
    void validate() const;
};

struct StageOutcome {
    bool ran = false;  // false: reused a stage finished before (--resume)
    int64_t run_id = 0;
    int64_t trainable_parameters = 0;
    TrainResult train;
    std::vector<BpbResult> bpb;
    std::vector<GroupMean> means;
    std::filesystem::path model_dir;
};

struct ExpandJobResult {
    int64_t analysis_run = 0, allocation_run = 0;
    std::optional<Allocation> allocation;  // absent for dense
    int64_t new_experts = 0;  // added by this expansion
    int64_t new_parameters = 0;  // added by this expansion (dense: 0)
    StageOutcome stage1, stage2;
    double seconds = 0;
    bool cancelled = false;
};

// Error unless the allocation names layers 0, 1, ... in order, each with at least one expert.
void check_fixed_allocation(const Allocation& allocation);

ExpandJobResult run_expand_job(const ExpandJobConfig& config, const ProgressFn& progress = {});

}  // namespace layermoe
