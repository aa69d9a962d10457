#include "core/eval/multiple_choice.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <limits>
#include <map>
#include <mutex>
#include <numeric>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "core/common/cpu_threads.h"
#include "core/common/error.h"

namespace layermoe {

namespace {

// A copy of v as an int64 tensor (torch::tensor(vector) fills element by element).
torch::Tensor int64_tensor(const std::vector<int64_t>& v) {
    return torch::from_blob(const_cast<int64_t*>(v.data()), {static_cast<int64_t>(v.size())}, torch::kInt64).clone();
}

// An item's ids: BOS + context (start dropped when too long), and each choice.
struct Encoded {
    std::vector<int64_t> context;
    std::vector<std::vector<int64_t>> choices;
    // Tokens it puts through the model: the context, then each choice without its last token (a
    // last token is only predicted, never an input).
    int64_t row_length() const {
        int64_t n = static_cast<int64_t>(context.size());
        for (const auto& c : choices) n += static_cast<int64_t>(c.size()) - 1;
        return n;
    }
};

Encoded encode_item(const Tokenizer& tokenizer, const std::string& context, const McItem& item, int64_t max_len,
                    size_t index, const std::string& label) {
    Encoded e;
    size_t longest = 0;
    for (size_t c = 0; c < item.choices.size(); ++c) {
        const auto ids = tokenizer.encode(item.choices[c]);
        if (ids.empty()) throw Error(fmt::format("{}: item {}: choice {} is empty", label, index + 1, c + 1));
        if (static_cast<int64_t>(ids.size()) > max_len - 2)
            throw Error(fmt::format("{}: item {}: choice {} has {} tokens, more than the model's max_len {} allows",
                                    label, index + 1, c + 1, ids.size(), max_len));
        e.choices.emplace_back(ids.begin(), ids.end());
        longest = std::max(longest, ids.size());
    }
    // Inputs: BOS + context + choice without its last token, at most max_len.
    const auto ids = tokenizer.encode(context);
    const size_t keep = static_cast<size_t>(max_len) - longest;  // context tokens after BOS, >= 2
    const size_t drop = ids.size() > keep ? ids.size() - keep : 0;
    e.context.push_back(tokenizer.bos_id());
    e.context.insert(e.context.end(), ids.begin() + static_cast<std::ptrdiff_t>(drop), ids.end());
    return e;
}

// One batch: the items' contexts in one pass that keeps their keys and values, then every choice
// of every item in a second pass that attends to its item's cached context and to its own earlier
// tokens. Fills scores[item] for the batch's items.
void score_shared_batch(LanguageModel& model, const std::vector<Encoded>& enc, const std::vector<size_t>& batch,
                        int32_t pad, const torch::Device& device, std::vector<ChoiceScores>& scores) {
    const auto i64 = torch::TensorOptions().dtype(torch::kInt64);
    auto as_tensor = [&](const std::vector<int64_t>& v, std::vector<int64_t> shape) {
        return int64_tensor(v).view(shape).to(device);
    };
    const int64_t b = static_cast<int64_t>(batch.size());
    int64_t tc = 0, tq = 0, rows = 0;
    for (size_t i : batch) {
        tc = std::max(tc, static_cast<int64_t>(enc[i].context.size()));
        for (const auto& c : enc[i].choices) tq = std::max(tq, static_cast<int64_t>(c.size()) - 1);
        rows += static_cast<int64_t>(enc[i].choices.size());
    }
    // Pass 1: contexts, right-padded (causal attention keeps padding out of real tokens).
    std::vector<int64_t> ctx_ids(static_cast<size_t>(b * tc), pad), ctx_len(static_cast<size_t>(b));
    for (int64_t r = 0; r < b; ++r) {
        const auto& c = enc[batch[static_cast<size_t>(r)]].context;
        std::copy(c.begin(), c.end(), ctx_ids.begin() + r * tc);
        ctx_len[static_cast<size_t>(r)] = static_cast<int64_t>(c.size());
    }
    const auto lengths = as_tensor(ctx_len, {b});
    const auto key_index = torch::arange(tc, i64.device(device));
    KvCache cache;
    cache.record = true;
    std::map<int64_t, torch::Tensor> classes;  // routing classifiers decide on the context
    ForwardContext first;
    first.kv = &cache;
    first.routing_classes = &classes;
    first.token_mask = key_index.unsqueeze(0) < lengths.unsqueeze(1);
    const auto ctx_hidden = model->hidden_states(as_tensor(ctx_ids, {b, tc}), first);  // [B, Tc, d]

    // Pass 2: one row per choice, its tokens but the last (a last token is only predicted).
    std::vector<int64_t> ids(static_cast<size_t>(rows * std::max<int64_t>(tq, 1)), pad), pos(ids.size(), 0), owner,
        real(ids.size(), 0);
    std::vector<int64_t> from_context, from_choice, context_target, choice_target, context_slot, choice_slot;
    int64_t row = 0;
    for (int64_t r = 0; r < b; ++r) {
        const Encoded& e = enc[batch[static_cast<size_t>(r)]];
        const int64_t lc = static_cast<int64_t>(e.context.size());
        for (const auto& choice : e.choices) {
            owner.push_back(r);
            from_context.push_back(r * tc + lc - 1);  // token 0 is predicted by the last context token
            context_target.push_back(choice[0]);
            context_slot.push_back(row);
            for (size_t j = 1; j < choice.size(); ++j) {  // token j by choice token j - 1
                const auto at = static_cast<size_t>(row * tq) + j - 1;
                ids[at] = choice[j - 1];
                pos[at] = lc + static_cast<int64_t>(j) - 1;
                real[at] = 1;
                from_choice.push_back(static_cast<int64_t>(at));
                choice_target.push_back(choice[j]);
                choice_slot.push_back(row);
            }
            ++row;
        }
    }
    const auto lm_head = model->lm_head_weight().t();
    auto logp_of = [&](const torch::Tensor& hidden, const std::vector<int64_t>& at,
                       const std::vector<int64_t>& target) {
        const auto n = static_cast<int64_t>(at.size());
        const auto picked = hidden.reshape({-1, hidden.size(-1)}).index_select(0, as_tensor(at, {n}));
        return torch::log_softmax(torch::matmul(picked, lm_head).to(torch::kFloat32), -1)
            .gather(1, as_tensor(target, {n, 1}))
            .squeeze(1)
            .to(torch::kCPU)
            .to(torch::kFloat64);
    };
    auto sums = torch::zeros({rows}, torch::kFloat64);
    sums.index_add_(0, int64_tensor(context_slot), logp_of(ctx_hidden, from_context, context_target));
    if (tq > 0) {
        const auto owners = as_tensor(owner, {rows});
        cache.record = false;
        cache.rows = owners;
        ForwardContext second;
        second.kv = &cache;
        second.positions = as_tensor(pos, {rows, tq});
        const auto real_t = as_tensor(real, {rows, tq}).to(torch::kBool);
        second.token_mask = real_t;
        std::map<int64_t, torch::Tensor> row_classes;
        for (const auto& [layer, c] : classes) row_classes[layer] = c.index_select(0, owners);
        second.routing_classes = &row_classes;
        // Cached keys: the owner's real context tokens. Own keys: causal. Padding queries see the
        // context too (a row with nothing to attend to would give NaN).
        const auto past_ok =
            (key_index.unsqueeze(0) < lengths.index_select(0, owners).unsqueeze(1)).unsqueeze(1);  // [R, 1, Tc]
        const auto q_index = torch::arange(tq, i64.device(device));
        const auto own_ok =
            (q_index.unsqueeze(1) >= q_index.unsqueeze(0)).unsqueeze(0) & real_t.unsqueeze(1);  // [R, Tq, Tq]
        const auto allowed = torch::cat({past_ok.expand({rows, tq, tc}), own_ok}, 2);  // [R, Tq, Tc + Tq]
        second.attention_bias =
            torch::zeros(allowed.sizes(), torch::TensorOptions().dtype(torch::kFloat32).device(device))
                .masked_fill(allowed.logical_not(), -std::numeric_limits<float>::infinity());
        const auto hidden = model->hidden_states(as_tensor(ids, {rows, tq}), second);  // [R, Tq, d]
        if (!from_choice.empty())
            sums.index_add_(0, int64_tensor(choice_slot), logp_of(hidden, from_choice, choice_target));
    }
    const auto* s = sums.data_ptr<double>();
    for (size_t i : batch) {
        auto& out = scores[i].loglik;
        out.assign(s, s + enc[i].choices.size());
        s += enc[i].choices.size();
    }
}

// The reference: each choice on its own, context + choice (without its last token) in one row.
void score_separately(LanguageModel& model, const Encoded& e, const torch::Device& device, ChoiceScores& out) {
    const int64_t lc = static_cast<int64_t>(e.context.size());
    out.loglik.clear();
    for (const auto& choice : e.choices) {
        std::vector<int64_t> row = e.context;
        row.insert(row.end(), choice.begin(), choice.end() - 1);
        const int64_t n = static_cast<int64_t>(row.size()), l = static_cast<int64_t>(choice.size());
        const auto ids = torch::tensor(row, torch::kInt64).view({1, n}).to(device);
        ForwardContext ctx;
        ctx.token_mask = (torch::arange(n, torch::TensorOptions().device(device)) < lc).view({1, n});
        const auto logits = model->forward(ids, ctx)[0].narrow(0, lc - 1, l);  // [L, V]
        const auto logp = torch::log_softmax(logits.to(torch::kFloat32), -1)
                              .gather(1, torch::tensor(choice, torch::kInt64).view({l, 1}).to(device));
        out.loglik.push_back(logp.to(torch::kFloat64).sum().item<double>());
    }
}

}  // namespace

std::vector<ChoiceScores> score_choices(LanguageModel& model, const Tokenizer& tokenizer,
                                        const std::vector<std::string>& contexts, const std::vector<McItem>& items,
                                        const McScoreConfig& config, const ProgressFn& progress,
                                        const std::string& label) {
    if (contexts.size() != items.size()) throw Error("score_choices: one context per item expected");
    torch::NoGradGuard no_grad;
    const bool was_training = model->is_training();
    model->eval();
    const auto device = model->parameters().front().device();
    const int64_t max_len = model->config().work_len();
    std::vector<Encoded> enc;
    enc.reserve(items.size());
    for (size_t i = 0; i < items.size(); ++i)
        enc.push_back(encode_item(tokenizer, contexts[i], items[i], max_len, i, label));

    std::vector<ChoiceScores> scores(items.size());
    const auto total = static_cast<int64_t>(items.size());
    bool stopped = false;
    if (config.packed) {
        std::vector<size_t> order(items.size());
        std::iota(order.begin(), order.end(), size_t{0});
        std::stable_sort(order.begin(), order.end(),
                         [&](size_t a, size_t b) { return enc[a].row_length() < enc[b].row_length(); });
        std::vector<std::vector<size_t>> batches;
        for (size_t first = 0; first < order.size();) {
            // Sorted by length, so the batch's last row is its longest.
            size_t last = first + 1;
            while (last < order.size() &&
                   static_cast<int64_t>(last - first + 1) * enc[order[last]].row_length() <= config.batch_tokens)
                ++last;
            batches.emplace_back(order.begin() + static_cast<std::ptrdiff_t>(first),
                                 order.begin() + static_cast<std::ptrdiff_t>(last));
            first = last;
        }
        // On the CPU the batches go to several workers, each with one BLAS thread (cpu_threads.h):
        // on 2 cores this scored 1.3x to 1.6x the items/s of one batch at a time on both BLAS threads
        // (bench_tasks). Only this thread reports progress, so a caller's progress function stays
        // on its thread; a stop or an error ends every worker after its current batch.
        const int workers = device.is_cpu() && config.parallel_batches
                                ? std::min<int>(blas_parallel_workers(), static_cast<int>(batches.size()))
                                : 1;
        std::optional<SingleThreadedBlas> one_blas_thread;
        if (workers > 1) one_blas_thread.emplace();
        std::atomic<size_t> next{0};
        std::atomic<int64_t> scored{0};
        std::atomic<bool> stop{false};
        std::exception_ptr failure;
        std::mutex failure_mutex;
        // Scores the next batch; false when none is left, or on a stop or an error.
        auto score_next = [&] {
            const size_t k = stop ? batches.size() : next++;
            if (k >= batches.size()) return false;
            try {
                score_shared_batch(model, enc, batches[k], tokenizer.pad_id(), device, scores);
            } catch (...) {
                const std::lock_guard lock(failure_mutex);
                if (!failure) failure = std::current_exception();
                stop = true;
                return false;
            }
            scored += static_cast<int64_t>(batches[k].size());
            return true;
        };
        {
            // Joins the workers however this block is left (a progress function may throw).
            struct Workers {
                std::atomic<bool>& stop;
                std::vector<std::thread> threads;
                ~Workers() {
                    stop = stop || std::uncaught_exceptions() > 0;
                    for (auto& t : threads) t.join();
                }
            } pool{stop, {}};
            for (int w = 1; w < workers; ++w)
                pool.threads.emplace_back([&] {
                    torch::NoGradGuard worker_no_grad;  // grad mode is per thread
                    while (score_next()) {}
                });
            while (score_next())
                if (!report(progress, {Stage::Tasks, scored, total, "item", label})) stopped = stop = true;
        }
        if (failure) std::rethrow_exception(failure);
        if (!stopped && workers > 1) stopped = !report(progress, {Stage::Tasks, scored, total, "item", label});
    } else {
        int64_t done = 0;
        for (size_t i = 0; i < items.size() && !stopped; ++i) {
            score_separately(model, enc[i], device, scores[i]);
            ++done;
            if (done % 16 == 0 || done == total)
                stopped = !report(progress, {Stage::Tasks, done, total, "item", label});
        }
    }
    if (!stopped && config.mutual_info) {
        // Every distinct choice once, with an empty context, as items of up to 8 choices.
        std::map<std::string, size_t> slot;
        std::vector<McItem> alone;
        for (const auto& item : items)
            for (const auto& c : item.choices) {
                if (slot.count(c)) continue;
                if (alone.empty() || alone.back().choices.size() == 8) alone.emplace_back();
                slot[c] = (alone.size() - 1) * 8 + alone.back().choices.size();
                alone.back().choices.push_back(c);
            }
        McScoreConfig plain = config;
        plain.mutual_info = false;
        const auto uncond = score_choices(
            model, tokenizer, std::vector<std::string>(alone.size()), alone, plain,
            [&](const Progress& p) {
                return report(progress, {Stage::Tasks, total, total, "item",
                                         fmt::format("{} (without context {}/{})", label, p.done, p.total)});
            },
            label);
        stopped = uncond.size() != alone.size();
        for (size_t i = 0; i < items.size() && !stopped; ++i)
            for (const auto& c : items[i].choices) {
                const size_t at = slot.at(c);
                scores[i].unconditional.push_back(uncond[at / 8].loglik[at % 8]);
            }
    }
    if (was_training) model->train();
    if (stopped) return {};
    return scores;
}

McResult evaluate_task(LanguageModel& model, const Tokenizer& tokenizer, const McTask& task,
                       const McScoreConfig& config, const ProgressFn& progress) {
    const auto start = std::chrono::steady_clock::now();
    McResult result;
    result.task = task.name;
    result.language = task.language;
    result.shots = config.shots;
    const int64_t max_choice = model->config().work_len() - 2;
    std::vector<std::string> contexts;
    std::vector<McItem> items;
    for (size_t i = 0; i < task.items.size(); ++i) {
        const McItem& item = task.items[i];
        const bool fits = std::all_of(item.choices.begin(), item.choices.end(), [&](const std::string& c) {
            return static_cast<int64_t>(tokenizer.encode(c).size()) <= max_choice;
        });
        if (!fits) {
            ++result.skipped;
            continue;
        }
        contexts.push_back(fewshot_context(task, i, config.shots, config.seed));
        items.push_back(item);
    }
    std::vector<ChoiceScores> scores;
    try {
        scores = score_choices(model, tokenizer, contexts, items, config, progress,
                               fmt::format("{} {}", task.name, task.language));
    } catch (const Error& e) {
        throw Error(fmt::format("{}: {}", task.source, e.what()));
    }
    result.complete = scores.size() == items.size();
    if (result.complete) result.metrics = mc_metrics(items, scores);
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

}  // namespace layermoe
