// One MoE layer, forward + backward, at the small model's size and at a 1.8B model's layer size
// (d 2048, ffn 5504, 8 experts, top-2, 4096 tokens):
//   - against the FLOP-equivalent dense computation, one FFN over tokens x top-k rows (target <= 1.25x);
//   - against the reference implementation style, a Python loop over experts with torch.where and
//     index_add_ (bench/moe_reference.py, Debian's python3-torch; target >= 1.5x faster);
// and the tokens/s of a whole stage-1 training step of the small model expanded to 4 experts per
// layer, beside its dense pretraining step.
//   bench_moe [--sizes small,1.8b] [--reps 3] [--threads 0] [--no-python]
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/common/cpu_threads.h"
#include "bench/bench_util.h"
#include "core/data/packing.h"
#include "core/moe/expansion.h"
#include "core/model/moe.h"
#include "core/train/trainer.h"

using namespace layermoe;
using clock_type = std::chrono::steady_clock;

namespace {

struct Size {
    std::string name;
    int64_t d, ffn, experts, top_k, tokens;
};

double seconds_since(clock_type::time_point t0) {
    return std::chrono::duration<double>(clock_type::now() - t0).count();
}

// Best time of `reps` runs of f (after one warm-up run).
template <class F>
double best_of(int reps, F&& f) {
    f();
    double best = 1e300;
    for (int i = 0; i < reps; ++i) {
        const auto t0 = clock_type::now();
        f();
        best = std::min(best, seconds_since(t0));
    }
    return best;
}

double moe_seconds(const Size& s, int reps) {
    MoeFfn moe(std::make_shared<DenseFfn>(s.d, s.ffn), 0, {1, s.experts - 1}, s.top_k, false, 1);
    auto x = torch::randn({1, s.tokens, s.d}, torch::requires_grad());
    auto g = torch::randn({1, s.tokens, s.d});
    return best_of(reps, [&] {
        ForwardContext ctx;
        (moe.forward(x, ctx) * g).sum().backward();
    });
}

// The same expert FLOPs as one dense FFN over tokens x top-k rows.
double dense_seconds(const Size& s, int reps) {
    DenseFfn ffn(s.d, s.ffn);
    auto x = torch::randn({s.tokens * s.top_k, s.d}, torch::requires_grad());
    auto g = torch::randn({s.tokens * s.top_k, s.d});
    return best_of(reps, [&] {
        ForwardContext ctx;
        (ffn.forward(x, ctx) * g).sum().backward();
    });
}

// bench/moe_reference.py under Debian's Python, with the same BLAS threads; < 0 when unavailable.
double python_seconds(const Size& s, int reps, int threads, std::string& version) {
    const std::string command = fmt::format(
        "OPENBLAS_NUM_THREADS={} /usr/bin/python3 '{}/bench/moe_reference.py' --d {} --ffn {} --experts {} --top-k {} "
        "--tokens {} --reps {} --threads 1 2>/dev/null",
        threads, LAYERMOE_SOURCE_DIR, s.d, s.ffn, s.experts, s.top_k, s.tokens, reps);
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return -1;
    std::string out;
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, pipe)) out += buffer;
    if (pclose(pipe) != 0) return -1;
    const auto j = nlohmann::json::parse(out, nullptr, false);
    if (j.is_discarded() || !j.contains("seconds")) return -1;
    version = j.value("torch", std::string("?"));
    return j.at("seconds").get<double>();
}

// Tokens/s of training steps of the small model, dense (pretraining) or expanded (stage 1).
double training_tokens_per_s(bool expanded, int threads) {
    ByteTokenizer tok;
    ModelConfig config = model_preset("small");
    config.vocab_size = tok.vocab_size();
    constexpr int64_t kBatch = 16, kSteps = 8, kWarmup = 2;
    const auto blocks = bench::synthetic_blocks(tok, config.max_len + 1, kBatch * (kSteps + kWarmup + 1), "ell");
    LanguageModel model(config);
    model->init_weights(1);
    TrainConfig tc;
    tc.steps = kSteps + kWarmup;
    tc.batch_size = kBatch;
    tc.threads = threads;
    if (expanded) {
        MoeLayout layout;
        layout.waves.assign(static_cast<size_t>(config.n_layers), {1, 3});
        layout.classifier.assign(static_cast<size_t>(config.n_layers), false);
        apply_moe_layout(*model, layout, 1);
        set_trainable(*model, TrainableSet::NewExperts);
        tc.stage = "stage1";
        tc.balance_coef = 0.01;
    }
    Trainer trainer(model, blocks, tok, tc);
    if (expanded) trainer.set_language_groups({1});
    int64_t tokens = 0;
    clock_type::time_point t0;
    TrainCallbacks cb;
    cb.on_step = [&](const StepRecord& r) {
        if (r.step == kWarmup)
            t0 = clock_type::now();
        else if (r.step > kWarmup)
            tokens += r.tokens;
    };
    trainer.run(cb);
    return static_cast<double>(tokens) / seconds_since(t0);
}

}  // namespace

int main(int argc, char** argv) {
    std::string sizes = "small,1.8b";
    int reps = 3, threads = 0;
    bool python = true;
    for (int i = 1; i < argc; ++i) {
        const bool value = i + 1 < argc;
        if (!std::strcmp(argv[i], "--sizes") && value)
            sizes = argv[++i];
        else if (!std::strcmp(argv[i], "--reps") && value)
            reps = std::stoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--threads") && value)
            threads = std::stoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--no-python"))
            python = false;
    }
    const CpuThreads cpu = configure_cpu_threads(threads);
    torch::manual_seed(0);
    fmt::print("one MoE layer, forward + backward, fp32, {} BLAS threads\n", cpu.blas);
    for (const Size& s : {Size{"small", 192, 512, 8, 2, 4096}, Size{"1.8b", 2048, 5504, 8, 2, 4096}}) {
        if (sizes.find(s.name) == std::string::npos) continue;
        const double moe = moe_seconds(s, reps), dense = dense_seconds(s, reps);
        fmt::print("{:<6} d {} ffn {} {} experts top-{} {} tokens: MoE {:.4f} s, FLOP-equivalent dense {:.4f} s: "
                   "{:.3f}x (target <= 1.25)\n",
                   s.name, s.d, s.ffn, s.experts, s.top_k, s.tokens, moe, dense, moe / dense);
        std::string version;
        const double reference = python ? python_seconds(s, reps, cpu.blas, version) : -1;
        if (reference > 0)
            fmt::print("{:<6} reference style (Python loop, torch.where, index_add_; torch {}): {:.4f} s: ours is "
                       "{:.2f}x faster (target >= 1.5)\n",
                       s.name, version, reference, reference / moe);
        else if (python)
            fmt::print("{:<6} reference style: /usr/bin/python3 with torch not available (scripts/setup.sh installs "
                       "python3-torch)\n",
                       s.name);
    }
    const double dense_step = training_tokens_per_s(false, threads), stage1_step = training_tokens_per_s(true, threads);
    fmt::print("small model training: dense pretraining {:.0f} tokens/s, stage 1 with 4 experts per layer (top-2) "
               "{:.0f} tokens/s ({:.2f}x the dense step's time)\n",
               dense_step, stage1_step, dense_step / stage1_step);
    return 0;
}
