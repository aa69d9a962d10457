// TrainConfig's JSON and checks, and the learning-rate schedule: plain values, no LibTorch, so
// that readers of configuration (experiment files, their fuzz harness) build without it.
#include "core/train/train_config.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include "core/common/error.h"

namespace layermoe {

nlohmann::json TrainConfig::to_json() const {
    return {{"steps", steps},
            {"batch_size", batch_size},
            {"grad_accum", grad_accum},
            {"lr", lr},
            {"min_lr_ratio", min_lr_ratio},
            {"warmup_steps", warmup_steps},
            {"weight_decay", weight_decay},
            {"beta1", beta1},
            {"beta2", beta2},
            {"grad_clip", grad_clip},
            {"eval_every", eval_every},
            {"checkpoint_every", checkpoint_every},
            {"seed", seed},
            {"threads", threads},
            {"device", device},
            {"stage", stage},
            {"balance_coef", balance_coef},
            {"lpr_coef", lpr_coef},
            {"cls_coef", cls_coef},
            {"lpr_reference_form", lpr_reference_form}};
}

TrainConfig TrainConfig::from_json(const nlohmann::json& j) {
    TrainConfig c;
    c.steps = j.value("steps", c.steps);
    c.batch_size = j.value("batch_size", c.batch_size);
    c.grad_accum = j.value("grad_accum", c.grad_accum);
    c.lr = j.value("lr", c.lr);
    c.min_lr_ratio = j.value("min_lr_ratio", c.min_lr_ratio);
    c.warmup_steps = j.value("warmup_steps", c.warmup_steps);
    c.weight_decay = j.value("weight_decay", c.weight_decay);
    c.beta1 = j.value("beta1", c.beta1);
    c.beta2 = j.value("beta2", c.beta2);
    c.grad_clip = j.value("grad_clip", c.grad_clip);
    c.eval_every = j.value("eval_every", c.eval_every);
    c.checkpoint_every = j.value("checkpoint_every", c.checkpoint_every);
    c.seed = j.value("seed", c.seed);
    c.threads = j.value("threads", c.threads);
    c.device = j.value("device", c.device);
    c.stage = j.value("stage", c.stage);
    c.balance_coef = j.value("balance_coef", c.balance_coef);
    c.lpr_coef = j.value("lpr_coef", c.lpr_coef);
    c.cls_coef = j.value("cls_coef", c.cls_coef);
    c.lpr_reference_form = j.value("lpr_reference_form", c.lpr_reference_form);
    return c;
}

void TrainConfig::validate() const {
    auto require = [](bool ok, const std::string& what) {
        if (!ok) throw Error("invalid training config: " + what);
    };
    require(steps >= 1, fmt::format("steps = {} must be >= 1", steps));
    require(batch_size >= 1, fmt::format("batch size = {} must be >= 1", batch_size));
    require(grad_accum >= 1, fmt::format("gradient accumulation = {} must be >= 1", grad_accum));
    require(lr > 0 && std::isfinite(lr), fmt::format("learning rate = {} must be > 0", lr));
    require(min_lr_ratio >= 0 && min_lr_ratio <= 1, "min_lr_ratio must be in [0, 1]");
    require(warmup_steps >= 0, "warmup steps must be >= 0");
    require(grad_clip >= 0, "grad clip must be >= 0 (0 = off)");
    require(threads >= 0, "threads must be >= 0 (0 = all cores)");
}

double learning_rate_at(const TrainConfig& c, int64_t step) {
    if (c.warmup_steps > 0 && step < c.warmup_steps)
        return c.lr * static_cast<double>(step + 1) / static_cast<double>(c.warmup_steps);
    const double span = static_cast<double>(std::max<int64_t>(1, c.steps - c.warmup_steps));
    const double progress = std::min(1.0, static_cast<double>(step - c.warmup_steps) / span);
    const double cosine = 0.5 * (1.0 + std::cos(std::numbers::pi * progress));
    return c.lr * (c.min_lr_ratio + (1.0 - c.min_lr_ratio) * cosine);
}

}  // namespace layermoe
