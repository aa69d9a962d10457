// Training throughput of a model preset (tokens/s) and the FLOP/s it achieves, as a fraction of
// this machine's single-precision matmul peak measured in the same program.
//   bench_train [--preset small] [--steps 20] [--batch 16] [--threads 0]
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

#include <fmt/format.h>
#include <torch/torch.h>

#include "core/common/cpu_threads.h"
#include "bench/bench_training.h"
#include "core/data/packing.h"
#include "core/data/tokenizer.h"
#include "core/model/model.h"
#include "core/train/trainer.h"

using namespace layermoe;
using clock_type = std::chrono::steady_clock;

namespace {

double seconds_since(clock_type::time_point t0) {
    return std::chrono::duration<double>(clock_type::now() - t0).count();
}

// Best of several runs of an n x n x n fp32 matmul: 2 n^3 FLOP each.
double matmul_peak_gflops(int64_t n) {
    auto a = torch::randn({n, n}), b = torch::randn({n, n});
    auto c = torch::matmul(a, b);  // warm-up
    double best = 0;
    for (int rep = 0; rep < 5; ++rep) {
        const auto t0 = clock_type::now();
        const int iters = 4;
        for (int i = 0; i < iters; ++i) c = torch::matmul(a, b);
        const double dt = seconds_since(t0);
        best = std::max(best, iters * 2.0 * static_cast<double>(n * n * n) / dt / 1e9);
    }
    return best;
}

}  // namespace

int main(int argc, char** argv) {
    std::string preset = "small";
    int64_t steps = 20, batch = 16;
    int threads = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--preset"))
            preset = argv[i + 1];
        else if (!std::strcmp(argv[i], "--steps"))
            steps = std::stoll(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--batch"))
            batch = std::stoll(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--threads"))
            threads = std::stoi(argv[i + 1]);
    }
    const CpuThreads cpu = configure_cpu_threads(threads);
    const int n_threads = cpu.blas;
    const double peak = matmul_peak_gflops(1024);
    fmt::print("matmul peak (fp32 1024^3, {} threads): {:.1f} GFLOP/s\n", n_threads, peak);

    ByteTokenizer tok;
    ModelConfig config = model_preset(preset);
    config.vocab_size = tok.vocab_size();
    const double tokens_per_s = bench::training_tokens_per_second(config, tok, steps, batch, batch, n_threads);
    // A training step costs about 3x the forward pass (forward + backward of activations and weights).
    const double flops = 3.0 * config.forward_flops_per_token(config.max_len) * tokens_per_s;
    fmt::print("preset {} ({:.2f} M params), batch {} x {} tokens, {} steps\n", preset,
               static_cast<double>(config.parameter_count()) / 1e6, batch, config.max_len, steps);
    fmt::print("training throughput: {:.0f} tokens/s\n", tokens_per_s);
    fmt::print("achieved: {:.1f} GFLOP/s = {:.1f}% of the measured matmul peak\n", flops / 1e9,
               100.0 * flops / peak / 1e9);
    return 0;
}
