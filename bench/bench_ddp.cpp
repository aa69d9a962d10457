// Data-parallel training throughput (docs/scaling.md): tokens/s of pretraining a preset as
// 2 ranks x 1 thread (c10d Gloo over loopback, real processes) against 1 process x 1 thread
// (target at least 1.8x) and against 1 process x 2 threads, the same global batch in each, in
// one run of this program. It also runs the 2 ranks with one gradient bucket, summed only after
// the backward pass, to measure what overlapping the sums with the backward pass gives; and 2
// independent single-thread processes at once (no communication), the most 2 ranks could give
// on this machine: where 2 cores do not give twice one core's speed to any two processes, the
// 1.8x target measures the machine, not the ranks.
//   bench_ddp [--preset small] [--steps 12] [--batch 8] [--rounds 1]
// (batch: global sequences a step). --rounds K runs the five configurations K times in turn and
// prints the medians of the ratios: this machine's speed moves between minutes, and one round's
// configurations, run one after another, meet different speeds.
// Internally it runs itself once per configuration: `bench_ddp --child OUT --threads T ...`,
// with RANK / WORLD_SIZE / MASTER_* set for the ranks.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <fmt/format.h>
#include <torch/torch.h>

#include "bench/bench_training.h"
#include "core/common/cpu_threads.h"
#include "core/data/tokenizer.h"
#include "core/train/distributed.h"

using namespace layermoe;

namespace {

struct Args {
    std::string preset = "small", child_out;
    int64_t steps = 12, batch = 8;
    int threads = 1, rounds = 1;
};

// One configuration: trains steps + 2 (two warm-up steps, not timed) and writes the global
// tokens/s of the timed steps to out (rank 0).
int run_child(const Args& a) {
    init_distributed(distributed_settings_from_env());
    const int world = current_world_size();
    ByteTokenizer tok;
    ModelConfig config = model_preset(a.preset);
    config.vocab_size = tok.vocab_size();
    const double tokens_per_s =
        bench::training_tokens_per_second(config, tok, a.steps, a.batch, a.batch / world, a.threads);
    if (is_rank0()) std::ofstream(a.child_out) << tokens_per_s << "\n";
    shutdown_distributed();
    return 0;
}

// rank_env: variables set for each rank (as "NAME=VALUE ...").
double measure(const std::string& self, const Args& a, int world, int threads, const std::string& rank_env = {}) {
    const std::string out = fmt::format("/tmp/bench_ddp.{}.{}x{}", ::getpid(), world, threads);
    const std::string common = fmt::format("'{}' --child '{}' --threads {} --preset {} --steps {} --batch {}", self,
                                           out, threads, a.preset, a.steps, a.batch);
    std::string cmd;
    if (world == 1) {
        cmd = "env -u RANK -u WORLD_SIZE " + common;
    } else {
        const int port = free_loopback_port();
        for (int r = 0; r < world; ++r)
            cmd += fmt::format("{} GLOO_SOCKET_IFNAME=lo RANK={} LOCAL_RANK={} WORLD_SIZE={} MASTER_ADDR=127.0.0.1 "
                               "MASTER_PORT={} {} & ",
                               rank_env, r, r, world, port, common);
        cmd += "wait";
    }
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("a configuration failed: " + cmd);
    std::ifstream in(out);
    double tps = 0;
    in >> tps;
    std::remove(out.c_str());
    if (!(tps > 0)) throw std::runtime_error("no result from: " + cmd);
    return tps;
}

// The machine's ceiling for 2 ranks: two independent single-thread processes, each training on
// half the global batch at the same time, with no communication; their tokens/s summed.
double measure_independent(const std::string& self, const Args& a) {
    std::string cmd;
    std::vector<std::string> outs;
    for (int p = 0; p < 2; ++p) {
        outs.push_back(fmt::format("/tmp/bench_ddp.{}.independent{}", ::getpid(), p));
        cmd +=
            fmt::format("env -u RANK -u WORLD_SIZE '{}' --child '{}' --threads 1 --preset {} --steps {} --batch {} & ",
                        self, outs.back(), a.preset, a.steps, a.batch / 2);
    }
    cmd += "wait";
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("a configuration failed: " + cmd);
    double total = 0;
    for (const auto& out : outs) {
        std::ifstream in(out);
        double tps = 0;
        in >> tps;
        std::remove(out.c_str());
        if (!(tps > 0)) throw std::runtime_error("no result from: " + cmd);
        total += tps;
    }
    return total;
}

}  // namespace

int main(int argc, char** argv) try {
    Args a;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i], v = argv[i + 1];
        if (k == "--preset")
            a.preset = v;
        else if (k == "--steps")
            a.steps = std::stoll(v);
        else if (k == "--batch")
            a.batch = std::stoll(v);
        else if (k == "--threads")
            a.threads = std::stoi(v);
        else if (k == "--rounds")
            a.rounds = std::max(1, std::stoi(v));
        else if (k == "--child")
            a.child_out = v;
    }
    if (!a.child_out.empty()) return run_child(a);
    if (a.batch % 2) throw std::runtime_error("--batch must be even (it is split over 2 ranks)");
    const std::string self = "/proc/" + std::to_string(::getpid()) + "/exe";
    char path[4096] = {};
    const ssize_t n = ::readlink("/proc/self/exe", path, sizeof path - 1);
    const std::string exe = n > 0 ? std::string(path, static_cast<size_t>(n)) : self;
    fmt::print("preset {}, global batch {} sequences, {} timed steps (+2 warm-up) per configuration, {} cores\n",
               a.preset, a.batch, a.steps, std::thread::hardware_concurrency());
    std::vector<double> vs_one, vs_two_threads, overlap, machine, of_machine;
    for (int round = 1; round <= a.rounds; ++round) {
        if (a.rounds > 1) fmt::print("round {} of {}\n", round, a.rounds);
        const double one = measure(exe, a, 1, 1);
        fmt::print("1 process x 1 thread:  {:8.0f} tokens/s\n", one);
        const double two_threads = measure(exe, a, 1, 2);
        fmt::print("1 process x 2 threads: {:8.0f} tokens/s\n", two_threads);
        const double ranks = measure(exe, a, 2, 1);
        fmt::print("2 ranks x 1 thread:    {:8.0f} tokens/s\n", ranks);
        // One bucket larger than the model: its sum starts only once the backward pass is over.
        const double serial = measure(exe, a, 2, 1, "LAYERMOE_DIST_BUCKET_KB=16777216");
        fmt::print("2 ranks x 1 thread, gradients summed after the backward pass (one bucket): {:8.0f} tokens/s\n",
                   serial);
        const double ceiling = measure_independent(exe, a);
        fmt::print("2 independent processes x 1 thread, half the batch each, no communication: {:8.0f} tokens/s\n",
                   ceiling);
        fmt::print("2 ranks x 1 thread / 1 process x 1 thread:  {:.2f}x (target >= 1.8x)\n", ranks / one);
        fmt::print("2 ranks x 1 thread / 1 process x 2 threads: {:.2f}x\n", ranks / two_threads);
        fmt::print("buckets summed during the backward pass / after it: {:.3f}x\n", ranks / serial);
        fmt::print("machine: 2 independent processes / 1 process x 1 thread: {:.2f}x; 2 ranks reach {:.2f} of that\n",
                   ceiling / one, ranks / ceiling);
        std::fflush(stdout);
        vs_one.push_back(ranks / one);
        vs_two_threads.push_back(ranks / two_threads);
        overlap.push_back(ranks / serial);
        machine.push_back(ceiling / one);
        of_machine.push_back(ranks / ceiling);
    }
    if (a.rounds > 1) {
        using bench::median;
        fmt::print("medians of {} rounds: 2 ranks / 1 process x 1 thread {:.2f}x (target >= 1.8x); / 1 process x 2 "
                   "threads {:.2f}x; during / after the backward pass {:.3f}x; machine (2 independent processes) "
                   "{:.2f}x, reached to {:.2f}\n",
                   a.rounds, median(vs_one), median(vs_two_threads), median(overlap), median(machine),
                   median(of_machine));
    }
    return 0;
} catch (const std::exception& e) {
    std::fprintf(stderr, "bench_ddp: %s\n", e.what());
    return 1;
}
