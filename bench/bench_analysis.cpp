// The cost of the similarity analysis: capture time over T tokens per language divided by a plain
// forward pass over the same windows (target <= 1.15), and the peak resident memory of a process
// analysing 10k vs 100k tokens per language (target: equal within 5%), each size in its own process.
//   bench_analysis [--preset small] [--tokens 20000] [--langs 3] [--threads 0]
// Documents are synthetic, 120 bytes each (one window each): cost does not depend on the text.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>

#include <fmt/format.h>
#include <sys/resource.h>

#include "core/analysis/similarity.h"
#include "core/common/cpu_threads.h"

using namespace layermoe;
using clock_type = std::chrono::steady_clock;

namespace {

constexpr int64_t kDocBytes = 120;
constexpr int64_t kBatch = 16;

struct Options {
    std::string preset = "small";
    int64_t tokens = 20000;
    int langs = 3;
    int threads = 0;
    bool child = false;  // measure memory of one analysis and print it
};

std::vector<std::vector<std::string>> synthetic_languages(int langs, int64_t tokens) {
    std::mt19937_64 rng(7);
    std::vector<std::vector<std::string>> out(static_cast<size_t>(langs));
    for (auto& docs : out)
        for (int64_t t = 0; t < tokens; t += kDocBytes) {
            std::string d(static_cast<size_t>(kDocBytes), ' ');
            for (auto& ch : d) ch = static_cast<char>('a' + rng() % 27);
            docs.push_back(d);
        }
    return out;
}

LanguageDocs as_language_docs(const std::vector<std::vector<std::string>>& langs) {
    LanguageDocs docs;
    for (size_t i = 0; i < langs.size(); ++i) docs.emplace_back(fmt::format("l{:02d}", i), &langs[i]);
    return docs;
}

LanguageModel make_model(const std::string& preset) {
    ModelConfig c = model_preset(preset);
    c.vocab_size = ByteTokenizer::kVocab;
    LanguageModel m(c);
    m->init_weights(1);
    m->eval();
    return m;
}

double seconds_since(clock_type::time_point t0) {
    return std::chrono::duration<double>(clock_type::now() - t0).count();
}

// The same windows the capture runs ([BOS] + one document each), batch by batch, no observer.
double plain_forward_seconds(LanguageModel& model, const Tokenizer& tok, const LanguageDocs& docs) {
    torch::NoGradGuard ng;
    const auto t0 = clock_type::now();
    for (const auto& [code, texts] : docs)
        for (size_t first = 0; first < texts->size(); first += kBatch) {
            const size_t last = std::min(texts->size(), first + kBatch);
            std::vector<int64_t> ids;
            for (size_t i = first; i < last; ++i) {
                ids.push_back(tok.bos_id());
                for (int32_t id : tok.encode((*texts)[i])) ids.push_back(id);
            }
            auto batch = torch::tensor(ids, torch::kInt64).view({static_cast<int64_t>(last - first), kDocBytes + 1});
            ForwardContext ctx;
            model->hidden_states(batch, ctx);
        }
    return seconds_since(t0);
}

long peak_rss_kib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

CaptureConfig capture_config(int64_t tokens) {
    CaptureConfig cfg;
    cfg.tokens_select = tokens;
    cfg.tokens_limit = tokens;
    cfg.batch_size = kBatch;
    return cfg;
}

long child_peak_rss_kib(const Options& o, int64_t tokens) {
    // Resolved here: inside popen's shell, /proc/self/exe would be the shell.
    const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
    const std::string command = fmt::format("'{}' --child --preset {} --tokens {} --langs {} --threads {}", self,
                                            o.preset, tokens, o.langs, o.threads);
    FILE* pipe = popen(command.c_str(), "r");
    long kib = -1;
    if (pipe) {
        if (std::fscanf(pipe, "%ld", &kib) != 1) kib = -1;
        pclose(pipe);
    }
    return kib;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const bool has_value = i + 1 < argc;
        if (!std::strcmp(argv[i], "--child"))
            o.child = true;
        else if (!std::strcmp(argv[i], "--preset") && has_value)
            o.preset = argv[++i];
        else if (!std::strcmp(argv[i], "--tokens") && has_value)
            o.tokens = std::stoll(argv[++i]);
        else if (!std::strcmp(argv[i], "--langs") && has_value)
            o.langs = std::stoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--threads") && has_value)
            o.threads = std::stoi(argv[++i]);
    }
    configure_cpu_threads(o.threads);
    ByteTokenizer tok;
    auto model = make_model(o.preset);
    const auto langs = synthetic_languages(o.langs, o.tokens);
    const auto docs = as_language_docs(langs);
    if (o.child) {
        capture_similarity(model, tok, docs, capture_config(o.tokens));
        fmt::print("{}\n", peak_rss_kib());
        return 0;
    }
    plain_forward_seconds(model, tok, docs);  // warm-up
    double forward = 1e300, analysis = 1e300;
    for (int rep = 0; rep < 3; ++rep) {  // best of three each, interleaved
        forward = std::min(forward, plain_forward_seconds(model, tok, docs));
        const auto t0 = clock_type::now();
        const auto result = capture_similarity(model, tok, docs, capture_config(o.tokens));
        analysis = std::min(analysis, seconds_since(t0));
        if (result.report.layers.front().counts.front() != o.tokens) {
            fmt::print(stderr, "captured {} tokens, expected {}\n", result.report.layers.front().counts.front(),
                       o.tokens);
            return 1;
        }
    }
    fmt::print("preset {}, {} languages x {} tokens ({} tokens/s plain forward)\n", o.preset, o.langs, o.tokens,
               static_cast<int64_t>(static_cast<double>(o.langs * o.tokens) / forward));
    fmt::print("plain forward {:.3f} s, analysis {:.3f} s: ratio {:.3f} (target <= 1.15)\n", forward, analysis,
               analysis / forward);
    const long small = child_peak_rss_kib(o, 10000), large = child_peak_rss_kib(o, 100000);
    if (small <= 0 || large <= 0) {
        fmt::print(stderr, "could not measure the peak memory of the child processes\n");
        return 1;
    }
    fmt::print("peak RSS: 10k tokens/language {:.1f} MiB, 100k tokens/language {:.1f} MiB: ratio {:.3f} "
               "(target within 5%)\n",
               small / 1024.0, large / 1024.0, static_cast<double>(large) / static_cast<double>(small));
    return 0;
}
