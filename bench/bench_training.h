#pragma once
// Training throughput for the benchmark programs (bench_train, bench_ddp): a preset model on
// synthetic blocks, two warm-up steps, then the timed ones.
#include <chrono>
#include <cstdint>

#include "bench/bench_util.h"
#include "core/data/tokenizer.h"
#include "core/model/model.h"
#include "core/train/trainer.h"

namespace layermoe::bench {

// Trains `config` (initialised with seed 1) for 2 + steps steps of batch_per_rank sequences on
// blocks for a global batch of global_batch, on `threads` BLAS threads; returns the tokens/s of
// the timed steps, counted over every rank (the global step's tokens).
inline double training_tokens_per_second(const ModelConfig& config, const Tokenizer& tok, int64_t steps,
                                         int64_t global_batch, int64_t batch_per_rank, int threads) {
    using clock = std::chrono::steady_clock;
    const auto blocks = synthetic_blocks(tok, config.max_len + 1, global_batch * (steps + 2));
    LanguageModel model(config);
    model->init_weights(1);
    TrainConfig tc;
    tc.steps = steps + 2;
    tc.batch_size = batch_per_rank;
    tc.threads = threads;
    Trainer trainer(model, blocks, tok, tc);
    int64_t tokens = 0;
    clock::time_point t0;
    TrainCallbacks cb;
    cb.on_step = [&](const StepRecord& r) {
        if (r.step == 2)
            t0 = clock::now();  // two warm-up steps
        else if (r.step > 2)
            tokens += r.tokens;
    };
    trainer.run(cb);
    return static_cast<double>(tokens) / std::chrono::duration<double>(clock::now() - t0).count();
}

}  // namespace layermoe::bench
