#pragma once
// Base pretraining: AdamW, linear warmup + cosine decay, grad-norm clipping, gradient
// accumulation. Deterministic for a given seed, data and thread count, and resumable: a
// checkpoint holds weights, optimiser state, the step (which fixes schedule and data position)
// and the loss history, so a resumed run continues the same curve.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "core/common/progress.h"
#include "core/data/packing.h"
#include "core/data/tokenizer.h"
#include "core/model/model.h"

namespace layermoe {

struct TrainConfig {
    int64_t steps = 600;
    int64_t batch_size = 16;        // sequences per micro-batch
    int64_t grad_accum = 1;         // micro-batches per optimiser step
    double lr = 2e-3;
    double min_lr_ratio = 0.1;      // cosine decays to lr * min_lr_ratio
    int64_t warmup_steps = 30;
    double weight_decay = 0.1;
    double beta1 = 0.9, beta2 = 0.95;
    double grad_clip = 1.0;
    int64_t eval_every = 0;         // 0 = no periodic evaluation
    int64_t checkpoint_every = 0;   // 0 = no periodic checkpoints
    uint64_t seed = 1;
    int threads = 0;                // 0 = all cores
    std::string device = "cpu";

    nlohmann::json to_json() const;
    static TrainConfig from_json(const nlohmann::json& j);
    void validate() const;
};

double learning_rate_at(const TrainConfig& config, int64_t step);  // step counted from 0

struct StepRecord {
    int64_t step = 0;        // 1-based: the number of optimiser steps done
    double loss = 0;
    double lr = 0;
    double grad_norm = 0;
    double tokens_per_s = 0;
    int64_t tokens = 0;      // target tokens in this step
};

struct TrainCallbacks {
    std::function<void(const StepRecord&)> on_step;
    std::function<void(int64_t step)> on_eval;                              // every eval_every steps and at the end
    // Called before a checkpoint is written: make the logs durable, so that a crash never leaves
    // a checkpoint ahead of the logged curve it resumes.
    std::function<void(int64_t step)> before_checkpoint;
    std::function<void(int64_t step, const std::filesystem::path&)> on_checkpoint;
    ProgressFn progress;                                                    // returning false stops the run
};

struct TrainResult {
    int64_t steps_done = 0;
    bool stopped = false;                 // the progress callback asked to stop
    double seconds = 0;
    int64_t tokens = 0;
    std::vector<StepRecord> history;      // the whole curve, including steps before a resume
};

class Trainer {
public:
    Trainer(LanguageModel model, const PackedBlocks& data, const Tokenizer& tokenizer, TrainConfig config);
    ~Trainer();
    // Continues from a checkpoint folder written by save_checkpoint (weights, optimiser, step).
    void resume_from(const std::filesystem::path& checkpoint_dir);
    // Trains until config.steps or until the progress callback says stop. Checkpoints go to
    // checkpoint_root/step-NNNNNN (the last two kept) when checkpoint_every > 0.
    TrainResult run(const TrainCallbacks& callbacks, const std::filesystem::path& checkpoint_root = {});
    // Writes weights, optimiser state and step; config.json's "layermoe" section gets the
    // checkpoint metadata (see set_checkpoint_meta) plus "steps".
    void save_checkpoint(const std::filesystem::path& dir);
    // What every checkpoint records about the job (run id, corpus, ...), for resuming.
    void set_checkpoint_meta(nlohmann::json meta) { checkpoint_meta_ = std::move(meta); }
    int64_t step() const { return step_; }
    const std::vector<StepRecord>& history() const { return history_; }
    const TrainConfig& config() const { return config_; }

private:
    StepRecord train_step();

    LanguageModel model_;
    const PackedBlocks& data_;
    const Tokenizer& tokenizer_;
    TrainConfig config_;
    torch::Device device_;
    std::unique_ptr<torch::optim::AdamW> optimizer_;
    int64_t step_ = 0;
    std::vector<StepRecord> history_;
    nlohmann::json checkpoint_meta_ = nlohmann::json::object();
    struct SamplerHolder;
    std::unique_ptr<SamplerHolder> sampler_;
};

// Latest complete checkpoint under root (step-NNNNNN folders), or empty when none.
std::filesystem::path latest_checkpoint(const std::filesystem::path& root);

inline constexpr const char* kTrainStateFile = "training_state.json";
inline constexpr const char* kOptimizerFile = "optimizer.pt";

} // namespace layermoe
