// What metric logging costs a trainer: N points, `per_step` per training step, through
// Store::log_metric, once with the default batching and once with one transaction per point.
// Usage: bench_store [points=200000] [per_step=8] [folder=system temp]
#include "core/store/store.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <unistd.h>

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

struct Result {
    double seconds = 0;  // all logging, final flush included
    std::vector<double> step_us;  // time spent in log_metric per training step
    double points_per_s = 0;
};

double percentile(std::vector<double> values, double q) {
    std::sort(values.begin(), values.end());
    return values[static_cast<size_t>(q * static_cast<double>(values.size() - 1))];
}

double mean(const std::vector<double>& values) {
    double sum = 0;
    for (double v : values) sum += v;
    return sum / static_cast<double>(values.size());
}

Result run_mode(const fs::path& file, int64_t points, int per_step, size_t batch_points) {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(file.string() + suffix);
    layermoe::Store store(file);
    const int64_t run = store.create_run({layermoe::RunKind::Pretrain, {{"points", points}}, 0, {}, "bench", ""});
    store.set_metric_batching(batch_points, layermoe::Store::kDefaultBatchAge);
    std::vector<std::string> names;
    for (int k = 0; k < per_step; ++k) names.push_back(fmt::format("metric_{}", k));

    Result result;
    const auto start = Clock::now();
    for (int64_t step = 0; step * per_step < points; ++step) {
        const auto step_start = Clock::now();
        for (int k = 0; k < per_step; ++k)
            store.log_metric({run, "pretrain", step, "all", names[k], 1.0 / double(step + k + 1)});
        result.step_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - step_start).count());
    }
    store.finish_run(run, layermoe::RunStatus::Finished);  // flushes what is still buffered
    result.seconds = std::chrono::duration<double>(Clock::now() - start).count();

    const int64_t written = store.metric_count(run);
    if (written != (points + per_step - 1) / per_step * per_step)
        throw std::runtime_error(fmt::format("{} points written, expected {}", written, points));
    result.points_per_s = double(written) / result.seconds;
    return result;
}

void print(const char* label, const Result& r, int per_step) {
    fmt::print("{:<22} {:>9.3f} s {:>12.0f} points/s   per step of {}: mean {:>8.2f} us, "
               "p99 {:>8.2f} us, max {:>9.1f} us\n",
               label, r.seconds, r.points_per_s, per_step, mean(r.step_us), percentile(r.step_us, 0.99),
               *std::max_element(r.step_us.begin(), r.step_us.end()));
}

}  // namespace

int main(int argc, char** argv) {
    const int64_t points = argc > 1 ? std::atoll(argv[1]) : 200000;
    const int per_step = argc > 2 ? std::atoi(argv[2]) : 8;
    const fs::path folder = argc > 3 ? fs::path(argv[3]) : fs::temp_directory_path();
    if (points <= 0 || per_step <= 0)
        return std::fprintf(stderr, "usage: bench_store [points>0] [per_step>0] [folder]\n"), 2;
    const fs::path file = folder / fmt::format("bench_store_{}.sqlite", getpid());
    try {
        fmt::print("store bench: {} points, {} per step, file {}\n", points, per_step, file.string());
        const Result batched = run_mode(file, points, per_step, layermoe::Store::kDefaultBatchPoints);
        print(fmt::format("batched ({} points)", layermoe::Store::kDefaultBatchPoints).c_str(), batched, per_step);
        const Result single = run_mode(file, points, per_step, 1);
        print("one transaction/point", single, per_step);
        fmt::print("summary: batching logs {:.0f} points/s vs {:.0f} ({:.1f}x); a training step "
                   "of {} metrics spends {:.2f} us in logging (p99 {:.2f} us) instead of "
                   "{:.2f} us\n",
                   batched.points_per_s, single.points_per_s, batched.points_per_s / single.points_per_s, per_step,
                   mean(batched.step_us), percentile(batched.step_us, 0.99), mean(single.step_us));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_store: %s\n", e.what());
        return 1;
    }
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(file.string() + suffix);
    return 0;
}
