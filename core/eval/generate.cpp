#include "core/eval/generate.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>

#include <ATen/autocast_mode.h>
#include <fmt/format.h>

#include "core/common/cpu_threads.h"
#include "core/common/error.h"
#include "core/data/utf8.h"
#include "core/model/moe.h"

namespace layermoe {

namespace {

using Clock = std::chrono::steady_clock;

// Decoding steps of at most this many prompts run their BLAS calls on one thread.
constexpr int64_t kSingleThreadRows = 16;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// A uniform double in [0, 1) from the top 53 bits: the same on every standard library.
double uniform01(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

// The longest prefix of `text` that does not end inside a UTF-8 character (a byte-level token
// may carry half of one).
size_t complete_prefix(const std::string& text) {
    size_t bad = 0;
    if (is_valid_utf8(text, &bad)) return text.size();
    // Only a sequence cut short at the very end is held back; invalid bytes inside stay.
    return text.size() - bad <= 3 ? bad : text.size();
}

// How much of the decoded text can be handed out, and whether a stop string ends it: not a
// character cut at the end, nothing from a stop string on, and not an end that may be the start
// of one.
size_t text_ready(const std::string& decoded, const std::vector<std::string>& stops, bool& stopped) {
    size_t ready = complete_prefix(decoded);
    stopped = false;
    for (const auto& s : stops) {
        const size_t at = decoded.find(s);
        if (at != std::string::npos && at <= ready) {
            ready = at;
            stopped = true;
        }
    }
    if (stopped) return ready;
    size_t keep = ready;
    for (const auto& s : stops)
        for (size_t len = std::min(s.size() - 1, ready); len > 0; --len)
            if (decoded.compare(ready - len, len, s, 0, len) == 0) {
                keep = std::min(keep, ready - len);
                break;
            }
    return keep;
}

// The routing of row `row`, position `t` of a traced pass, by layer.
std::vector<TokenRouting> routing_at(const RoutingTrace& trace, int64_t row, int64_t t) {
    std::vector<TokenRouting> out;
    for (const auto& [layer, l] : trace.layers) {
        const auto experts = l.experts.select(0, row).select(0, t).cpu();
        const auto weights = l.weights.select(0, row).select(0, t).to(torch::kFloat32).cpu();
        TokenRouting r;
        r.layer = layer;
        for (int64_t i = 0; i < experts.size(0); ++i) {
            const float w = weights[i].item<float>();
            if (w <= 0.0f) continue;  // an expert the routing class does not allow
            r.experts.push_back(experts[i].item<int64_t>());
            r.weights.push_back(w);
        }
        if (l.classes.defined()) r.routing_class = l.classes[row].item<int64_t>();
        out.push_back(std::move(r));
    }
    return out;
}

// One prompt's state while decoding.
struct Row {
    std::vector<int32_t> ids;  // prompt then generated
    size_t prompt_len = 0;
    std::mt19937_64 rng;
    std::vector<int32_t> generated;
    size_t emitted = 0;  // bytes of the decoded text already handed out
    bool done = false;
};

}  // namespace

std::string_view to_string(StopReason reason) {
    switch (reason) {
    case StopReason::Length: return "length";
    case StopReason::Eos: return "eos";
    case StopReason::StopString: return "stop";
    case StopReason::Context: return "context";
    case StopReason::Cancelled: return "cancelled";
    }
    return "?";
}

double Generation::tokens_per_second() const {
    const double decode = seconds - prefill_seconds;
    const auto made = static_cast<double>(tokens.size() + (stop == StopReason::Eos ? 1 : 0));
    return decode > 0 ? made / decode : 0.0;
}

void check_sampling(const SamplingOptions& o) {
    if (o.max_new < 0) throw Error(fmt::format("max-new: {} is negative", o.max_new));
    if (!std::isfinite(o.temperature) || o.temperature < 0)
        throw Error(fmt::format("temperature: {} must be 0 (greedy) or positive", o.temperature));
    if (o.top_k < 0) throw Error(fmt::format("top-k: {} must be 0 (all tokens) or positive", o.top_k));
    if (!(o.top_p > 0 && o.top_p <= 1)) throw Error(fmt::format("top-p: {} must be in (0, 1]", o.top_p));
    for (const auto& s : o.stop)
        if (s.empty()) throw Error("stop: an empty stop string would stop before the first token");
}

int32_t sample_token(std::span<const float> logits, const SamplingOptions& o, std::mt19937_64& rng) {
    const auto n = static_cast<int64_t>(logits.size());
    if (n == 0) throw Error("sampling from an empty vocabulary");
    if (o.temperature == 0.0)
        return static_cast<int32_t>(std::max_element(logits.begin(), logits.end()) - logits.begin());
    // Candidates by logit, descending (ties by id, so that the order is the same everywhere).
    std::vector<int32_t> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    const auto by_logit = [&](int32_t a, int32_t b) { return logits[a] > logits[b] || (logits[a] == logits[b] && a < b); };
    const int64_t k = o.top_k > 0 ? std::min(o.top_k, n) : n;
    std::partial_sort(order.begin(), order.begin() + k, order.end(), by_logit);
    order.resize(static_cast<size_t>(k));
    std::vector<double> p(order.size());
    const double top = logits[order.front()];
    double sum = 0;
    for (size_t i = 0; i < order.size(); ++i) sum += p[i] = std::exp((logits[order[i]] - top) / o.temperature);
    size_t keep = order.size();
    if (o.top_p < 1.0) {
        double mass = 0;
        for (size_t i = 0; i < order.size(); ++i) {
            mass += p[i] / sum;
            if (mass >= o.top_p) {
                keep = i + 1;
                break;
            }
        }
    }
    const double kept = std::accumulate(p.begin(), p.begin() + static_cast<std::ptrdiff_t>(keep), 0.0);
    double u = uniform01(rng) * kept;
    for (size_t i = 0; i < keep; ++i) {
        u -= p[i];
        if (u < 0) return order[i];
    }
    return order[keep - 1];  // rounding left u at or just above 0
}

std::vector<Generation> generate(LanguageModel& model, const Tokenizer& tokenizer, const std::vector<std::string>& prompts,
                                 const SamplingOptions& options, const TokenFn& on_token) {
    check_sampling(options);
    if (prompts.empty()) throw Error("generation needs at least one prompt");
    const int64_t context = model->config().work_len();
    const int64_t vocab = model->config().vocab_size;
    const int64_t batch = static_cast<int64_t>(prompts.size());
    std::vector<Row> rows(prompts.size());
    for (size_t i = 0; i < prompts.size(); ++i) {
        auto& r = rows[i];
        r.ids.push_back(tokenizer.bos_id());
        tokenizer.encode_append(prompts[i], r.ids);
        r.prompt_len = r.ids.size();
        if (static_cast<int64_t>(r.prompt_len) > context)
            throw Error(fmt::format("prompt {}: {} tokens do not fit the model's context of {}", i + 1, r.prompt_len,
                                    context));
        for (int32_t id : r.ids)
            if (id < 0 || id >= vocab)
                throw Error(fmt::format("prompt {}: token id {} is outside the model's vocabulary of {} (is the "
                                        "tokenizer the model's?)",
                                        i + 1, id, vocab));
        r.rng.seed(options.seed + i);
    }

    const auto start = Clock::now();
    torch::NoGradGuard no_grad;
    model->eval();
    const auto device = model->parameters().front().device();
    const auto i64 = torch::TensorOptions().dtype(torch::kInt64);

    // Prompts of different lengths are padded on the left; the padding is masked from every real
    // token (each padding token sees itself only, so that no softmax row is empty) and the real
    // tokens take positions 0, 1, ... from their first.
    size_t longest = 0;
    for (const auto& r : rows) longest = std::max(longest, r.prompt_len);
    std::vector<int64_t> pad(rows.size());
    bool padded = false;
    for (size_t i = 0; i < rows.size(); ++i) padded |= (pad[i] = static_cast<int64_t>(longest - rows[i].prompt_len)) > 0;
    const auto pad_t = torch::tensor(pad, i64);
    const auto filler = static_cast<int64_t>(tokenizer.bos_id());
    torch::Tensor key_real;  // [B, Tk] bool: real (not padding) keys so far
    {
        const auto j = torch::arange(static_cast<int64_t>(longest), i64).unsqueeze(0);
        key_real = j >= pad_t.unsqueeze(1);
    }
    const float neg_inf = -std::numeric_limits<float>::infinity();

    std::map<int64_t, torch::Tensor> classes;
    KvCache cache;
    RoutingTrace trace;
    std::vector<Generation> out(rows.size());

    // A forward pass over all rows: the whole sequences (prefill, or every step without the cache)
    // or the newest token of each (with the cache). Returns the last position's logits [B, V] on
    // the CPU in fp32.
    const auto forward = [&](bool whole) {
        ForwardContext ctx;
        ctx.routing_classes = &classes;
        if (options.routing) {
            trace.layers.clear();
            ctx.trace = &trace;
        }
        const int64_t total = static_cast<int64_t>(rows.front().ids.size() + pad.front());
        const int64_t t = whole ? total : 1;
        std::vector<int64_t> flat;
        flat.reserve(static_cast<size_t>(batch * t));
        for (size_t i = 0; i < rows.size(); ++i) {
            const auto& ids = rows[i].ids;
            if (whole) flat.insert(flat.end(), static_cast<size_t>(pad[i]), filler);
            flat.insert(flat.end(), ids.end() - (whole ? static_cast<std::ptrdiff_t>(ids.size()) : 1), ids.end());
        }
        const auto ids = torch::tensor(flat, i64).view({batch, t}).to(device);
        if (whole && padded) ctx.token_mask = key_real.to(device);  // the classifier pools real tokens
        if (!padded && !whole) {
            ctx.position_offset = total - 1;  // one token per row after the cached ones: no mask needed
        } else if (padded) {
            const auto key_pos = torch::arange(total, i64).unsqueeze(0);  // [1, Tk]
            const auto query_pos = key_pos.narrow(1, total - t, t);  // [1, T]
            ctx.positions = (query_pos - pad_t.unsqueeze(1)).clamp_min(0).to(device);  // [B, T]
            auto allowed = (key_pos.unsqueeze(1) <= query_pos.unsqueeze(2)) & key_real.unsqueeze(1);  // [B, T, Tk]
            allowed = allowed | (key_pos.unsqueeze(1) == query_pos.unsqueeze(2));
            ctx.attention_bias =
                torch::zeros(allowed.sizes()).masked_fill(allowed.logical_not(), neg_inf).to(device);
        }
        if (options.cache) {
            ctx.kv = &cache;
            cache.record = whole;
            cache.append = !whole;
        }
        // A decoding step's products have a row per prompt: splitting them between BLAS threads
        // costs more than it saves (bench_generate, docs/generation.md "Speed").
        std::optional<SingleThreadedBlas> one_thread;
        if (!whole && batch <= kSingleThreadRows) one_thread.emplace();
        const auto hidden = model->hidden_states(ids, ctx);  // [B, T, d]
        const auto last = hidden.select(1, t - 1);  // [B, d]
        AutocastScope autocast(device, model->autocast_on(device));
        const auto head = model->lm_head_weight();
        const bool one_row = batch == 1 && last.is_cpu() && last.scalar_type() == head.scalar_type() &&
                             !at::autocast::is_cpu_enabled();  // as LinearImpl::forward
        const auto next = one_row ? torch::mv(head, last[0]).unsqueeze(0) : torch::matmul(last, head.t());
        return next.to(torch::kFloat32).cpu().contiguous();
    };

    auto logits = forward(/*whole=*/true);
    const double prefill = seconds_since(start);
    for (const auto& [layer, c] : classes) {
        const auto decided = c.cpu();
        for (size_t i = 0; i < out.size(); ++i) out[i].classes[layer] = decided[static_cast<int64_t>(i)].item<int64_t>();
    }

    const auto finish = [&](size_t i, StopReason reason) {
        rows[i].done = true;
        out[i].stop = reason;
    };
    bool cancelled = false;
    for (int64_t step = 0; step < options.max_new && !cancelled; ++step) {
        // Draw each row's next token.
        std::vector<int32_t> drawn(rows.size(), -1);
        const float* data = logits.data_ptr<float>();
        for (size_t i = 0; i < rows.size(); ++i) {
            if (rows[i].done) continue;
            drawn[i] = sample_token({data + static_cast<int64_t>(i) * vocab, static_cast<size_t>(vocab)}, options,
                                    rows[i].rng);
            if (drawn[i] == tokenizer.eos_id()) {
                finish(i, StopReason::Eos);
                drawn[i] = -1;
            }
        }
        if (std::all_of(rows.begin(), rows.end(), [](const Row& r) { return r.done; })) break;
        // Feed them: their routing is that of this pass, and its logits give the next draw. A
        // sequence at the end of the context cannot be fed (its token is kept, without routing);
        // the last token is fed only for its routing.
        const bool room = static_cast<int64_t>(longest) + step < context;
        const bool feed = room && (options.routing || step + 1 < options.max_new);
        for (size_t i = 0; i < rows.size(); ++i) rows[i].ids.push_back(drawn[i] >= 0 ? drawn[i] : static_cast<int32_t>(filler));
        int64_t traced_t = 0;  // the position of the fed tokens in the trace
        if (feed) {
            key_real = torch::cat({key_real, torch::ones({batch, 1}, torch::kBool)}, 1);
            logits = forward(/*whole=*/!options.cache);
            if (!trace.layers.empty()) traced_t = trace.layers.begin()->second.experts.size(1) - 1;
        }
        for (size_t i = 0; i < rows.size() && !cancelled; ++i) {
            if (drawn[i] < 0) continue;
            auto& r = rows[i];
            auto& g = out[i];
            r.generated.push_back(drawn[i]);
            GeneratedToken token;
            token.id = drawn[i];
            if (options.routing && room) token.routing = routing_at(trace, static_cast<int64_t>(i), traced_t);
            // The text so far, held back inside a character and where a stop string may begin.
            const std::string decoded = tokenizer.decode(r.generated);
            bool stopped = false;
            const size_t ready = text_ready(decoded, options.stop, stopped);
            if (ready > r.emitted) token.text = decoded.substr(r.emitted, ready - r.emitted);
            r.emitted = std::max(r.emitted, ready);
            g.text = decoded.substr(0, r.emitted);
            g.tokens.push_back(token);
            if (stopped) finish(i, StopReason::StopString);
            else if (!room) finish(i, StopReason::Context);
            if (on_token && !on_token(i, g.tokens.back())) cancelled = true;
        }
        if (std::all_of(rows.begin(), rows.end(), [](const Row& r) { return r.done; })) break;
    }
    for (size_t i = 0; i < rows.size(); ++i) {
        auto& g = out[i];
        if (!rows[i].done) g.stop = cancelled ? StopReason::Cancelled : StopReason::Length;
        // What was held back for a stop string that never came is text: it joins the last token.
        if (g.stop == StopReason::StopString || g.tokens.empty()) continue;
        const std::string decoded = tokenizer.decode(rows[i].generated);
        const size_t complete = complete_prefix(decoded);
        if (complete > rows[i].emitted) {
            g.tokens.back().text += decoded.substr(rows[i].emitted, complete - rows[i].emitted);
            g.text = decoded.substr(0, complete);
        }
    }
    const double seconds = seconds_since(start);
    for (size_t i = 0; i < rows.size(); ++i) {
        out[i].prompt_ids.assign(rows[i].ids.begin(), rows[i].ids.begin() + static_cast<std::ptrdiff_t>(rows[i].prompt_len));
        out[i].seconds = seconds;
        out[i].prefill_seconds = prefill;
    }
    return out;
}

}  // namespace layermoe
