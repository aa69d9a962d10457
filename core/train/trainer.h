#pragma once
// Base pretraining: AdamW, linear warmup + cosine decay, grad-norm clipping, gradient
// accumulation. Deterministic for a given seed, data and thread count, and resumable: a
// checkpoint holds weights, optimiser state, the step (which fixes schedule and data position)
// and the loss history, so a resumed run continues the same curve.
//
// Data-parallel when the process group of distributed.h is joined: config.batch_size is then
// per rank, each rank trains on its slice of every global batch, losses and gradients are those
// of the global batch, and only rank 0 writes checkpoints and calls on_eval; on_step and progress
// are called on every rank with the global step's values. A stop asked on any rank stops all.
#include <filesystem>
#include <memory>
#include <vector>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "core/data/block_source.h"
#include "core/data/tokenizer.h"
#include "core/model/model.h"
#include "core/train/train_config.h"

namespace layermoe {

class ProcessGroup;
class GradientBuckets;

class Trainer {
public:
    Trainer(LanguageModel model, const BlockSource& data, const Tokenizer& tokenizer, TrainConfig config);
    ~Trainer();
    // The group of each language id of the data (0 = old, 1 = G1, 2 = G2): MoE losses need it
    // (LPR acts on old-language tokens, the classifier learns the groups). Default: all 0.
    void set_language_groups(std::vector<int64_t> group_of_language);
    // Continues from a checkpoint folder written by save_checkpoint (weights, optimiser, step).
    void resume_from(const std::filesystem::path& checkpoint_dir);
    // Trains until config.steps or until the progress callback says stop (on any rank). Checkpoints go to
    // checkpoint_root/step-NNNNNN (the last two kept) when checkpoint_every > 0.
    TrainResult run(const TrainCallbacks& callbacks, const std::filesystem::path& checkpoint_root = {});
    // Writes weights, optimiser state and step; config.json's "layermoe" section gets the
    // checkpoint metadata (see set_checkpoint_meta) plus "steps".
    void save_checkpoint(const std::filesystem::path& dir);
    // What every checkpoint records about the job (run id, corpus, ...), for resuming.
    void set_checkpoint_meta(nlohmann::json meta) { checkpoint_meta_ = std::move(meta); }
    int64_t step() const { return step_; }
    int64_t optimized_parameter_count() const;  // elements the optimiser updates (and keeps state for)
    const std::vector<StepRecord>& history() const { return history_; }
    const TrainConfig& config() const { return config_; }
    // The gradient buckets of a data-parallel run (distributed.h); null in a single process.
    const GradientBuckets* gradient_buckets() const { return buckets_.get(); }

private:
    StepRecord train_step();

    LanguageModel model_;
    const BlockSource& data_;
    const Tokenizer& tokenizer_;
    TrainConfig config_;
    torch::Device device_;
    std::unique_ptr<torch::optim::AdamW> optimizer_;
    std::vector<torch::Tensor> trainable_;  // what the optimiser updates; only these are clipped
    int64_t step_ = 0;
    std::vector<StepRecord> history_;
    nlohmann::json checkpoint_meta_ = nlohmann::json::object();
    torch::Tensor group_of_language_;  // [n_languages] int64
    struct SamplerHolder;
    std::unique_ptr<SamplerHolder> sampler_;
    // Data-parallel training (distributed.h): null in a single process.
    ProcessGroup* group_ = nullptr;
    std::unique_ptr<GradientBuckets> buckets_;
};

}  // namespace layermoe
