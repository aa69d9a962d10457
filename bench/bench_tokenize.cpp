// What `layermoe tokenize` (docs/file-formats.md "Token shards") achieves on all cores against
// the tokenizer alone on one, and the peak memory it needs, on a large .jsonl.zst
// (bench/make_corpus.py makes one from FLORES-101).
//
//   bench_tokenize CORPUS_DIR [--code eng] [--tokenizer DIR] [--threads N] [--layermoe PATH]
//                  [--out DIR] [--keep] [--rounds K]
//
// 1. The tokenizer alone on one thread, over every document of CORPUS_DIR/<code>.jsonl.zst in
//    file order: documents are read in batches of about 8 MB of text, and only the encoding is
//    timed. This is the reference: the same text, the pre-token cache filling as it does in a
//    real run (a second pass over a small sample, all of it cached, would overstate it by a
//    quarter here).
// 2. The tokenizer alone on N threads, the same way (each batch cut into N parts encoded at once,
//    one cache shared), which is what the machine's cores give this code with no reading or
//    writing around it.
// 3. `layermoe tokenize --threads N --json` on the whole file as a child process: MB/s of
//    document text over the wall-clock seconds it reports (from the corpus's first read to its
//    last file written; the process's start and the tokenizer's load, about 2 s here, are printed
//    beside them) and its peak resident memory (wait4's ru_maxrss).
// Prints the three rates, the ratio 3 / (1 x N) (target >= 0.8), 3 / 2 (what reading, JSON and
// writing cost beside N tokenizer threads) and the peak RSS (target < 300 MB). --rounds K runs
// 1, 2 and 3 K times in turn, each round with its own ratios, then their medians: on a virtual
// machine whose cores give from 1.5x to 2x of one between minutes, one round says little. The tokenizer
// defaults to Qwen3's (third_party/, 151k ids, uint32 shards); the shards go to a temporary
// folder, removed unless --keep.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/bench_util.h"
#include "core/data/bpe_tokenizer.h"
#include "core/data/doc_stream.h"
#include "core/data/tokenizer.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using layermoe::bench::median;

namespace {

struct Args {
    fs::path corpus, out, layermoe = LAYERMOE_CLI;
    fs::path tokenizer = fs::path(LAYERMOE_SOURCE_DIR) / "third_party" / "qwen3-tokenizer" / "package" / "models";
    std::string code = "eng";
    int threads = int(std::max(1u, std::thread::hardware_concurrency()));
    bool keep = false;
    int rounds = 1;
};

Args parse(int argc, char** argv) {
    Args a;
    for (int i = 1; i < argc; ++i) {
        const std::string s = argv[i];
        auto value = [&] {
            if (i + 1 >= argc) throw std::runtime_error(s + " needs a value");
            return std::string(argv[++i]);
        };
        if (s == "--code")
            a.code = value();
        else if (s == "--tokenizer")
            a.tokenizer = value();
        else if (s == "--threads")
            a.threads = std::stoi(value());
        else if (s == "--layermoe")
            a.layermoe = value();
        else if (s == "--out")
            a.out = value();
        else if (s == "--keep")
            a.keep = true;
        else if (s == "--rounds")
            a.rounds = std::max(1, std::stoi(value()));
        else if (a.corpus.empty())
            a.corpus = s;
        else
            throw std::runtime_error("unknown argument " + s);
    }
    if (a.corpus.empty()) throw std::runtime_error("usage: bench_tokenize CORPUS_DIR [options] (see the source)");
    if (a.out.empty()) a.out = fs::temp_directory_path() / fmt::format("bench_tokenize_{}", getpid());
    return a;
}

// Runs argv, returns its stdout; peak_kb gets the child's maximum resident set size.
std::string run_child(const std::vector<std::string>& argv, long& peak_kb, int& status) {
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
    const pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        std::vector<char*> args;
        for (const auto& s : argv) args.push_back(const_cast<char*>(s.c_str()));
        args.push_back(nullptr);
        execv(args[0], args.data());
        _exit(127);
    }
    close(fds[1]);
    std::string out;
    char buf[4096];
    for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) out.append(buf, size_t(n));
    close(fds[0]);
    struct rusage usage {};
    wait4(pid, &status, 0, &usage);
    peak_kb = usage.ru_maxrss;
    return out;
}

struct Rate {
    double bytes = 0, seconds = 0;
    double mb_per_s() const { return seconds > 0 ? bytes / 1e6 / seconds : 0.0; }
};

// Encodes every document of file on `threads` threads, timing only the encoding: batches of
// about 8 MB of text per thread are read first, untimed, then cut into `threads` contiguous parts.
Rate tokenizer_alone(const fs::path& file, const layermoe::Tokenizer& tok, int threads) {
    Rate r;
    layermoe::LineReader reader(file);
    std::string line;
    bool more = true;
    std::vector<std::vector<int32_t>> ids(static_cast<size_t>(threads));
    while (more) {
        std::vector<std::string> batch;
        size_t bytes = 0;
        while (bytes < size_t(threads) * (8u << 20) && (more = reader.next(line))) {
            auto doc = layermoe::line_document(file, layermoe::DocFormat::Jsonl, reader.line_number(), line,
                                               reader.line_number() == 1);
            if (!doc) continue;
            bytes += doc->size();
            batch.push_back(std::move(*doc));
        }
        auto encode = [&](size_t t) {
            ids[t].clear();
            const size_t begin = batch.size() * t / size_t(threads), end = batch.size() * (t + 1) / size_t(threads);
            for (size_t i = begin; i < end; ++i) tok.encode_append(batch[i], ids[t]);
        };
        const auto t0 = Clock::now();
        if (threads == 1) {
            encode(0);
        } else {
            std::vector<std::thread> pool;
            for (int t = 0; t < threads; ++t) pool.emplace_back(encode, size_t(t));
            for (auto& th : pool) th.join();
        }
        r.seconds += std::chrono::duration<double>(Clock::now() - t0).count();
        r.bytes += double(bytes);
    }
    return r;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const Args a = parse(argc, argv);
        const fs::path file = a.corpus / (a.code + ".jsonl.zst");
        const auto tok = layermoe::load_tokenizer_dir(a.tokenizer);
        const auto* bpe = dynamic_cast<const layermoe::BpeTokenizer*>(tok.get());
        fmt::print("tokenizer  {} ({} ids)\n", a.tokenizer.string(), tok->vocab_size());
        std::vector<double> ratios, pipelines, scalings;
        double peak_mb = 0;
        for (int round = 1; round <= a.rounds; ++round) {
            // 1 and 2. The tokenizer alone, on 1 and on N threads, each over the whole file from a
            // cold cache.
            if (bpe) bpe->clear_cache();
            const Rate one = tokenizer_alone(file, *tok, 1);
            if (bpe) bpe->clear_cache();
            const Rate many = tokenizer_alone(file, *tok, a.threads);

            // 3. The whole file through `layermoe tokenize` on every core, as its own process.
            long peak_kb = 0;
            int status = 0;
            const auto started = Clock::now();
            const std::string out = run_child(
                {a.layermoe.string(), "tokenize", "--corpus", a.corpus.string(), "--langs", a.code, "--tokenizer",
                 a.tokenizer.string(), "--out", a.out.string(), "--threads", std::to_string(a.threads), "--json"},
                peak_kb, status);
            if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw std::runtime_error("layermoe tokenize failed");
            const double process_seconds = std::chrono::duration<double>(Clock::now() - started).count();
            const auto j = nlohmann::json::parse(out.substr(out.find('{')));
            const double seconds = j.at("seconds").get<double>();
            const double text_mb = double(j.at("text_bytes").get<uint64_t>()) / 1e6;
            const double read_mb = double(j.at("read_bytes").get<uint64_t>()) / 1e6;
            const double full = text_mb / seconds;
            const double ratio = full / (one.mb_per_s() * a.threads);
            if (round == 1)
                fmt::print("corpus     {} ({:.1f} MB compressed, {:.1f} MB of JSONL, {:.1f} MB of text, {} documents)\n",
                           file.string(), double(fs::file_size(file)) / 1e6, read_mb, text_mb,
                           j.at("documents").get<uint64_t>());
            if (a.rounds > 1) fmt::print("round {} of {}\n", round, a.rounds);
            fmt::print("1 thread   tokenizer alone: {:.1f} s of encoding, {:.2f} MB/s\n", one.seconds, one.mb_per_s());
            fmt::print("{} threads  tokenizer alone: {:.1f} s of encoding, {:.2f} MB/s ({:.2f} x one thread)\n",
                       a.threads, many.seconds, many.mb_per_s(), many.mb_per_s() / one.mb_per_s());
            fmt::print("{} threads  layermoe tokenize: {:.1f} s, {:.2f} MB/s of text ({:.2f} MB/s of JSONL); the "
                       "process took {:.1f} s with its start and the tokenizer's load\n",
                       a.threads, seconds, full, read_mb / seconds, process_seconds);
            fmt::print("ratio      {:.2f} of {} x the single-thread rate (target >= 0.8): {}\n", ratio, a.threads,
                       ratio >= 0.8 ? "met" : "NOT met");
            fmt::print("pipeline   {:.2f} of the tokenizer alone on {} threads\n", full / many.mb_per_s(), a.threads);
            fmt::print("peak RSS   {:.1f} MB (target < 300 MB): {}\n", double(peak_kb) / 1024.0,
                       double(peak_kb) / 1024.0 < 300 ? "met" : "NOT met");
            std::fflush(stdout);
            ratios.push_back(ratio);
            pipelines.push_back(full / many.mb_per_s());
            scalings.push_back(many.mb_per_s() / one.mb_per_s());
            peak_mb = std::max(peak_mb, double(peak_kb) / 1024.0);
        }
        if (a.rounds > 1) {
            const double r = median(ratios);
            fmt::print("medians of {} rounds: ratio {:.2f} (target >= 0.8): {}; pipeline {:.2f} of the tokenizer "
                       "alone; tokenizer alone on {} threads {:.2f} x one; highest peak RSS {:.1f} MB\n",
                       a.rounds, r, r >= 0.8 ? "met" : "NOT met", median(pipelines), a.threads, median(scalings),
                       peak_mb);
        }
        if (!a.keep) fs::remove_all(a.out);
        return 0;
    } catch (const std::exception& e) {
        fmt::print(stderr, "bench_tokenize: {}\n", e.what());
        return 1;
    }
}
