#pragma once
// What training takes and gives, as plain values (no LibTorch): the configuration of a run or
// stage, the record of each step, the callbacks, the result. The Trainer is in trainer.h.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/progress.h"
#include "core/common/run_settings.h"

namespace layermoe {

struct TrainConfig {
    int64_t steps = 600;
    int64_t batch_size = 16;  // sequences per micro-batch
    int64_t grad_accum = 1;  // micro-batches per optimiser step
    double lr = 2e-3;
    double min_lr_ratio = 0.1;  // cosine decays to lr * min_lr_ratio
    int64_t warmup_steps = 30;
    double weight_decay = 0.1;
    double beta1 = 0.9, beta2 = 0.95;
    double grad_clip = 1.0;
    int64_t eval_every = 0;  // 0 = no periodic evaluation
    int64_t checkpoint_every = 0;  // 0 = no periodic checkpoints
    uint64_t seed = 1;
    int threads = 0;  // 0 = all cores
    std::string device = "cpu";
    std::string stage = "pretrain";  // names the progress, logs and checkpoints
    // MoE losses (docs/method.md §6), each times its coefficient; 0 turns it off.
    double balance_coef = 0;  // load balancing (stage 1: 0.01)
    double lpr_coef = 0;  // language-prior routing (stage 2: 0.1)
    double cls_coef = 0;  // routing classifier (stage 2: 0.1)
    bool lpr_reference_form = false;

    nlohmann::json to_json() const;
    static TrainConfig from_json(const nlohmann::json& j);
    void validate() const;
};

// `t` run where and as `settings` say: their seed, threads and device.
inline TrainConfig with_run_settings(TrainConfig t, const RunSettings& settings) {
    t.seed = settings.seed;
    t.threads = settings.threads;
    t.device = settings.device;
    return t;
}

// The progress stage of a training stage name: stage1, stage2, else pretrain.
inline Stage progress_stage(const std::string& stage) {
    return stage == "stage1" ? Stage::Stage1 : stage == "stage2" ? Stage::Stage2 : Stage::Pretrain;
}

double learning_rate_at(const TrainConfig& config, int64_t step);  // step counted from 0

// Routing of one MoE layer in a step: the mean routing weight of expert 0 per token.
struct LayerRouting {
    int64_t layer = 0;
    double expert0_old = std::numeric_limits<double>::quiet_NaN();  // of old-language tokens; NaN: none
    double expert0_new = std::numeric_limits<double>::quiet_NaN();  // of new-language tokens
};

struct StepRecord {
    int64_t step = 0;  // 1-based: the number of optimiser steps done
    double loss = 0;  // next-token cross-entropy per target token (the MoE losses are apart)
    double lr = 0;
    double grad_norm = 0;
    double tokens_per_s = 0;
    int64_t tokens = 0;  // target tokens in this step
    // MoE losses before their coefficients; NaN when the model has no MoE layer or the term is off.
    double balance = std::numeric_limits<double>::quiet_NaN();
    double lpr = std::numeric_limits<double>::quiet_NaN();
    double classification = std::numeric_limits<double>::quiet_NaN();
    double class_accuracy = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> language_loss;  // per language id of the data; NaN for a language absent from the step
    std::vector<LayerRouting> routing;  // per MoE layer
};

struct TrainCallbacks {
    std::function<void(const StepRecord&)> on_step;
    std::function<void(int64_t step)> on_eval;  // every eval_every steps and at the end
    // Called before a checkpoint is written: make the logs durable, so that a crash never leaves
    // a checkpoint ahead of the logged curve it resumes.
    std::function<void(int64_t step)> before_checkpoint;
    std::function<void(int64_t step, const std::filesystem::path&)> on_checkpoint;
    ProgressFn progress;  // returning false stops the run
};

struct TrainResult {
    int64_t steps_done = 0;
    bool stopped = false;  // the progress callback asked to stop
    double seconds = 0;
    int64_t tokens = 0;
    std::vector<StepRecord> history;  // the whole curve, including steps before a resume
};

// Latest complete checkpoint under root (step-NNNNNN folders), or empty when none.
std::filesystem::path latest_checkpoint(const std::filesystem::path& root);

inline constexpr const char* kTrainStateFile = "training_state.json";
inline constexpr const char* kOptimizerFile = "optimizer.pt";

}  // namespace layermoe
