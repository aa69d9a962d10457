// Multiple-choice scoring throughput on the continuation task: packed scoring (each item's
// context once, all its choices in one row, many items a batch) against the reference of one
// forward pass per choice. Target: at least 2x the reference's items/s. Both score the same
// items; the largest difference of their log-likelihoods is printed as a check. Packed scoring is
// also timed one batch at a time on all BLAS threads (McScoreConfig::parallel_batches = false), to
// show what sharing the context gives alone and what running batches on parallel workers adds.
//
//   bench_tasks [--model DIR] [--corpus PATH] [--lang eng] [--items 200] [--threads N] [--batch-tokens N]
//               [--shots K] [--rounds 3] [--dump K]
//
// Without --model a freshly initialised `small` model is used (speed does not depend on the
// weights); without --corpus, FLORES-101 beside the project when present, else generated text.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <random>

#include <fmt/format.h>

#include "core/common/cpu_threads.h"
#include "core/data/corpus.h"
#include "core/data/tokenizer.h"
#include "core/eval/multiple_choice.h"
#include "core/eval/tasks.h"
#include "core/model/checkpoint.h"

using namespace layermoe;
namespace fs = std::filesystem;

namespace {

struct Options {
    std::string model, corpus, lang = "eng";
    int64_t items = 200;
    int threads = 0, dump = 0;
    int64_t batch_tokens = McScoreConfig{}.batch_tokens;
    int shots = 0, rounds = 3;
};

LanguageText generated_text(const std::string& lang) {
    static const char* words[] = {"the",    "river",  "people", "light",  "house",   "water",
                                  "north",  "market", "song",   "city",   "early",   "winter",
                                  "bridge", "stone",  "garden", "letter", "evening", "window"};
    LanguageText t;
    t.code = lang;
    t.source = "generated text";
    std::mt19937_64 rng(7);
    for (int i = 0; i < 1200; ++i) {
        std::string s;
        const int n = 12 + static_cast<int>(rng() % 14);
        for (int w = 0; w < n; ++w) s += std::string(w ? " " : "") + words[rng() % 18];
        (i < 1000 ? t.train : t.heldout).push_back(s + ".");
    }
    return t;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const bool has_value = i + 1 < argc;
        if (!std::strcmp(argv[i], "--model") && has_value)
            o.model = argv[++i];
        else if (!std::strcmp(argv[i], "--corpus") && has_value)
            o.corpus = argv[++i];
        else if (!std::strcmp(argv[i], "--lang") && has_value)
            o.lang = argv[++i];
        else if (!std::strcmp(argv[i], "--items") && has_value)
            o.items = std::stoll(argv[++i]);
        else if (!std::strcmp(argv[i], "--threads") && has_value)
            o.threads = std::stoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--dump") && has_value)
            o.dump = std::stoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--batch-tokens") && has_value)
            o.batch_tokens = std::stoll(argv[++i]);
        else if (!std::strcmp(argv[i], "--shots") && has_value)
            o.shots = std::stoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--rounds") && has_value)
            o.rounds = std::max(1, std::stoi(argv[++i]));
        else {
            fmt::print(
                stderr,
                "usage: bench_tasks [--model DIR] [--corpus PATH] [--lang CODE] [--items N] [--threads N] [--batch-tokens N] [--shots K] [--rounds R] [--dump K]\n");
            return 2;
        }
    }
    try {
        configure_cpu_threads(o.threads);
        LanguageModel model{nullptr};
        std::unique_ptr<Tokenizer> tokenizer;
        if (o.model.empty()) {
            torch::manual_seed(1);
            model = LanguageModel(model_preset("small"));
            model->init_weights(1);
            tokenizer = std::make_unique<ByteTokenizer>();
        } else {
            auto loaded = load_model_dir(o.model);
            model = loaded.model;
            tokenizer = std::move(loaded.tokenizer);
        }
        if (o.corpus.empty() && fs::exists(LAYERMOE_SOURCE_DIR "/../shared/data/flores101"))
            o.corpus = LAYERMOE_SOURCE_DIR "/../shared/data/flores101";
        LanguageText text;
        if (o.corpus.empty()) {
            text = generated_text(o.lang);
        } else {
            const Corpus corpus = load_corpus(o.corpus, {o.lang});
            text = corpus.at(o.lang);
        }
        BuiltinTaskOptions options;
        options.max_items = o.items;
        const McTask task = continuation_task(text, options);
        std::vector<std::string> contexts;
        for (size_t i = 0; i < task.items.size(); ++i) contexts.push_back(fewshot_context(task, i, o.shots, 1));
        fmt::print("model {} (max_len {}), continuation task, {}-shot, {} items of {} from {}\n",
                   o.model.empty() ? "small (initialised)" : o.model, model->config().max_len, o.shots,
                   task.items.size(), o.lang, text.source);

        McScoreConfig packed, reference;
        reference.packed = false;
        packed.batch_tokens = o.batch_tokens;
        McScoreConfig serial = packed;
        serial.parallel_batches = false;
        score_choices(model, *tokenizer, {contexts.front()}, {task.items.front()}, packed);  // warm-up
        // Alternating rounds, the best time of each: this machine's speed drifts within seconds.
        double t_packed = 1e300, t_reference = 1e300, t_serial = 1e300;
        std::vector<ChoiceScores> a, b, c;
        for (int round = 0; round < o.rounds; ++round) {
            auto start = std::chrono::steady_clock::now();
            b = score_choices(model, *tokenizer, contexts, task.items, reference);
            t_reference = std::min(t_reference, seconds_since(start));
            start = std::chrono::steady_clock::now();
            a = score_choices(model, *tokenizer, contexts, task.items, packed);
            t_packed = std::min(t_packed, seconds_since(start));
            start = std::chrono::steady_clock::now();
            c = score_choices(model, *tokenizer, contexts, task.items, serial);
            t_serial = std::min(t_serial, seconds_since(start));
        }

        double max_diff = 0;
        for (size_t i = 0; i < a.size(); ++i)
            for (size_t j = 0; j < a[i].loglik.size(); ++j)
                max_diff = std::max(
                    {max_diff, std::abs(a[i].loglik[j] - b[i].loglik[j]), std::abs(c[i].loglik[j] - b[i].loglik[j])});
        const auto n = static_cast<double>(task.items.size());
        // Tokens each path puts through the model (BOS + context, choices without their last token).
        double tokens_reference = 0, tokens_shared = 0;
        for (size_t i = 0; i < task.items.size(); ++i) {
            const double context = 1.0 + static_cast<double>(tokenizer->encode(contexts[i]).size());
            tokens_shared += context;
            for (const auto& c : task.items[i].choices) {
                const double l = static_cast<double>(tokenizer->encode(c).size()) - 1.0;
                tokens_reference += context + l;
                tokens_shared += l;
            }
        }
        McScoreConfig with_mi = packed;
        with_mi.mutual_info = true;
        auto start = std::chrono::steady_clock::now();
        const auto scored = score_choices(model, *tokenizer, contexts, task.items, with_mi);
        const double t_mi = seconds_since(start);
        const McMetrics m = mc_metrics(task.items, scored);
        fmt::print("reference (one forward pass per choice):      {:6.1f} items/s ({:.2f} s, best of {})\n",
                   n / t_reference, t_reference, o.rounds);
        fmt::print(
            "shared context (context once, choices batched): {:4.1f} items/s ({:.2f} s, best of {}; {} batch workers)\n",
            n / t_packed, t_packed, o.rounds, blas_parallel_workers());
        fmt::print(
            "shared context, one batch at a time:            {:4.1f} items/s ({:.2f} s, best of {}; {:.2f}x the reference)\n",
            n / t_serial, t_serial, o.rounds, t_reference / t_serial);
        fmt::print("tokens through the model per item: reference {:.0f}, shared context {:.0f} ({:.2f}x fewer)\n",
                   tokens_reference / n, tokens_shared / n, tokens_reference / tokens_shared);
        fmt::print("speed-up {:.2f}x (target >= 2x); largest log-likelihood difference {:.2e} nats\n",
                   t_reference / t_packed, max_diff);
        fmt::print("with unconditional scores for acc_mutual_info: {:.1f} items/s\n", n / t_mi);
        fmt::print("acc {:.4f}  acc_norm {:.4f}  acc_bytes {:.4f}  acc_mutual_info {:.4f} (chance {:.2f})\n", m.acc,
                   m.acc_norm, m.acc_bytes, m.acc_mutual_info, 1.0 / options.choices);
        for (int i = 0; i < o.dump && i < static_cast<int>(task.items.size()); ++i) {
            const auto& it = task.items[static_cast<size_t>(i)];
            fmt::print("\n[{}] {}\n", i, contexts[static_cast<size_t>(i)]);
            for (size_t c = 0; c < it.choices.size(); ++c)
                fmt::print("  {} {:9.3f} {:7.4f}/byte |{}|\n", static_cast<int>(c) == it.gold ? '*' : ' ',
                           a[static_cast<size_t>(i)].loglik[c],
                           a[static_cast<size_t>(i)].loglik[c] / static_cast<double>(it.choices[c].size()),
                           it.choices[c]);
        }
        return t_reference / t_packed >= 2.0 ? 0 : 1;
    } catch (const std::exception& e) {
        fmt::print(stderr, "bench_tasks: {}\n", e.what());
        return 1;
    }
}
