// Generation with the key/value cache against recomputing the whole sequence at every step
// (target: at least 5x the tokens/s, for 200 new tokens on the `small` preset).
//
//   bench_generate [--new 200] [--threads 2] [--repeats 3] [--model DIR] [--cache-only]
//
// Both ways decode greedily from the same prompt and must pick the same tokens (the program
// fails otherwise). Measured on the dense `small` model and on it expanded as LayerMoE would (two
// new experts in every layer, top-2, a classifier on the upper half), or on a model folder.
// Each way runs `repeats` times; the fastest is reported (the machine's speed varies).
#include <algorithm>
#include <chrono>
#include <cstring>
#include <string>

#include <fmt/format.h>

#include "core/common/cpu_threads.h"
#include "core/eval/generate.h"
#include "core/model/checkpoint.h"
#include "core/model/moe.h"

using namespace layermoe;

namespace {

struct Timed {
    double tokens_per_second = 0;
    std::vector<int32_t> ids;
};

Timed run(LanguageModel& model, const Tokenizer& tok, const std::string& prompt, int64_t new_tokens, bool cache,
          int repeats) {
    SamplingOptions o;
    o.max_new = new_tokens;
    o.cache = cache;
    o.stop = {};
    Timed best;
    for (int r = 0; r < repeats; ++r) {
        const auto g = generate(model, tok, {prompt}, o).front();
        // Greedy decoding of a random model can end early at EOS; what is timed is what was made.
        const double tps = static_cast<double>(g.tokens.size()) / g.seconds;
        if (tps > best.tokens_per_second) best.tokens_per_second = tps;
        best.ids.clear();
        for (const auto& t : g.tokens) best.ids.push_back(t.id);
    }
    return best;
}

bool g_cache_only = false;  // --cache-only: time the cache alone (for profiling)

int compare(const std::string& label, LanguageModel& model, const Tokenizer& tok, int64_t new_tokens, int repeats) {
    const std::string prompt = "The river runs north through the old market";
    const auto cached = run(model, tok, prompt, new_tokens, true, repeats);
    if (g_cache_only) {
        fmt::print("{:<34} {:>6} {:>14.1f}\n", label, cached.ids.size(), cached.tokens_per_second);
        return 0;
    }
    const auto full = run(model, tok, prompt, new_tokens, false, repeats);
    const bool same = cached.ids == full.ids;
    fmt::print("{:<34} {:>6} {:>14.1f} {:>18.1f} {:>8.2f}x {}\n", label, cached.ids.size(), cached.tokens_per_second,
               full.tokens_per_second, cached.tokens_per_second / full.tokens_per_second,
               same ? "same tokens" : "DIFFERENT TOKENS");
    return same ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    int64_t new_tokens = 200;
    int threads = 2, repeats = 3;
    std::string model_dir;
    for (int i = 1; i < argc; ++i)
        if (!std::strcmp(argv[i], "--cache-only")) g_cache_only = true;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--new")) new_tokens = std::stoll(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--threads")) threads = std::stoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--repeats")) repeats = std::stoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--model")) model_dir = argv[i + 1];
    }
    try {
        configure_cpu_threads(threads);
        fmt::print("generation: {} new tokens, greedy, {} threads, best of {}\n", new_tokens, threads, repeats);
        fmt::print("{:<34} {:>6} {:>14} {:>18} {:>9}\n", "model", "tokens", "cache tok/s", "recompute tok/s",
                   "ratio");
        int failures = 0;
        if (!model_dir.empty()) {
            auto loaded = load_model_dir(model_dir);
            failures += compare(model_dir, loaded.model, *loaded.tokenizer, new_tokens, repeats);
            return failures;
        }
        ByteTokenizer tok;
        ModelConfig c = model_preset("small");
        c.vocab_size = ByteTokenizer::kVocab;
        LanguageModel dense(c);
        dense->init_weights(1);
        failures += compare("small, dense", dense, tok, new_tokens, repeats);
        MoeLayout layout;
        layout.waves.assign(static_cast<size_t>(c.n_layers), {1, 2});
        layout.classifier.assign(static_cast<size_t>(c.n_layers), false);
        for (int64_t l = c.n_layers / 2; l < c.n_layers; ++l) layout.classifier[static_cast<size_t>(l)] = true;
        apply_moe_layout(*dense, layout, 2);
        failures += compare("small, expanded (+2 experts/layer)", dense, tok, new_tokens, repeats);
        return failures;
    } catch (const std::exception& e) {
        fmt::print(stderr, "bench_generate: {}\n", e.what());
        return 2;
    }
}
