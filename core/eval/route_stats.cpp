#include "core/eval/route_stats.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/common/error.h"
#include "core/model/moe.h"

namespace layermoe {

namespace {

// Sums of one layer, per language.
struct LayerSums {
    std::vector<torch::Tensor> weight;  // [language] -> [experts] float64
    std::vector<std::vector<int64_t>> classes;  // [language][class]
};

}  // namespace

void check_route_options(const RouteOptions& options) {
    if (options.max_tokens < 2) throw Error(fmt::format("tokens: {} must be at least 2", options.max_tokens));
    if (options.sequence_len < 2) throw Error(fmt::format("sequence-len: {} must be at least 2", options.sequence_len));
    if (options.batch_size < 1) throw Error(fmt::format("batch: {} must be at least 1", options.batch_size));
}

RouteTable measure_routes(LanguageModel& model, const Tokenizer& tokenizer, const std::vector<RouteDocs>& languages,
                          const RouteOptions& options, const ProgressFn& progress, bool* cancelled) {
    check_route_options(options);
    if (cancelled) *cancelled = false;
    RouteTable table;
    std::map<int64_t, std::vector<int64_t>> waves;  // expert waves per MoE layer
    for (const auto& block : model->model->blocks)
        if (auto moe = std::dynamic_pointer_cast<MoeFfn>(block->mlp)) {
            auto& w = waves[block->layer_index];
            for (int64_t wave = 0; wave < moe->n_waves(); ++wave)
                w.insert(w.end(), static_cast<size_t>(moe->waves()[static_cast<size_t>(wave)]), wave);
        }
    if (waves.empty()) return table;

    torch::NoGradGuard no_grad;
    model->eval();
    const auto device = model->parameters().front().device();
    const int64_t seq_len = std::min(options.sequence_len, model->config().work_len());
    const int64_t total = options.max_tokens * static_cast<int64_t>(languages.size());
    std::map<int64_t, LayerSums> sums;
    for (const auto& [layer, w] : waves) {
        auto& s = sums[layer];
        for (size_t i = 0; i < languages.size(); ++i)
            s.weight.push_back(torch::zeros({static_cast<int64_t>(w.size())}, torch::kFloat64));
        s.classes.resize(languages.size());
    }

    int64_t done = 0;
    for (size_t li = 0; li < languages.size(); ++li) {
        const auto& lang = languages[li];
        RouteLanguage out{lang.code, lang.group, 0, 0};
        // The language's sequences, until max_tokens.
        std::vector<std::vector<int32_t>> sequences;
        int64_t tokens = 0;
        for (const auto& doc : *lang.documents) {
            if (tokens >= options.max_tokens) break;
            std::vector<int32_t> ids{tokenizer.bos_id()};
            tokenizer.encode_append(doc, ids);
            const int64_t room = std::min(seq_len, options.max_tokens - tokens);  // BOS counts: it is routed too
            if (static_cast<int64_t>(ids.size()) > room) ids.resize(static_cast<size_t>(std::max<int64_t>(room, 0)));
            if (ids.size() < 2) continue;
            tokens += static_cast<int64_t>(ids.size());
            sequences.push_back(std::move(ids));
        }
        if (sequences.empty())
            throw Error(fmt::format("{}: no text to route (its held-out documents are empty)", lang.code));
        for (size_t first = 0; first < sequences.size(); first += static_cast<size_t>(options.batch_size)) {
            const size_t n = std::min(sequences.size() - first, static_cast<size_t>(options.batch_size));
            size_t longest = 0;
            for (size_t i = 0; i < n; ++i) longest = std::max(longest, sequences[first + i].size());
            // Right padding: no real token attends to it under the causal mask; the mask keeps it
            // out of the classifier's pooling and out of the counts.
            auto ids = torch::full({static_cast<int64_t>(n), static_cast<int64_t>(longest)}, tokenizer.bos_id(),
                                   torch::kInt64);
            auto mask = torch::zeros({static_cast<int64_t>(n), static_cast<int64_t>(longest)}, torch::kBool);
            for (size_t i = 0; i < n; ++i) {
                const auto& s = sequences[first + i];
                const auto row = static_cast<int64_t>(i);
                const auto len = static_cast<int64_t>(s.size());
                ids[row].narrow(0, 0, len).copy_(torch::tensor(std::vector<int64_t>(s.begin(), s.end()), torch::kInt64));
                mask[row].narrow(0, 0, len).fill_(true);
            }
            RoutingTrace trace;
            ForwardContext ctx;
            ctx.trace = &trace;
            ctx.token_mask = mask.to(device);
            model->hidden_states(ids.to(device), ctx);
            const auto real = mask.reshape({-1});
            const int64_t real_count = real.sum().item<int64_t>();
            for (const auto& [layer, t] : trace.layers) {
                auto& s = sums.at(layer);
                const int64_t k = t.experts.size(-1);
                const auto experts = t.experts.reshape({-1, k}).cpu().index({real}).reshape({-1});
                const auto weights = t.weights.reshape({-1, k}).to(torch::kFloat64).cpu().index({real}).reshape({-1});
                s.weight[li].index_add_(0, experts, weights);
                if (t.classes.defined()) {
                    const auto classes = t.classes.cpu();
                    auto& counts = s.classes[li];
                    for (int64_t i = 0; i < classes.size(0); ++i) {
                        const auto c = static_cast<size_t>(classes[i].item<int64_t>());
                        if (counts.size() <= c) counts.resize(c + 1, 0);
                        ++counts[c];
                    }
                }
            }
            out.tokens += real_count;
            out.sequences += static_cast<int64_t>(n);
            done += real_count;
            if (!report(progress, {Stage::Routes, std::min(done, total), total, "token",
                                   fmt::format("{} {}/{} tokens", lang.code, out.tokens, tokens)})) {
                if (cancelled) *cancelled = true;
                return {};
            }
        }
        table.languages.push_back(std::move(out));
    }
    for (const auto& [layer, w] : waves) {
        const auto& s = sums.at(layer);
        RouteLayer l;
        l.layer = layer;
        l.expert_wave = w;
        size_t classes = 0;
        for (const auto& c : s.classes) classes = std::max(classes, c.size());
        for (size_t li = 0; li < languages.size(); ++li) {
            const auto share = s.weight[li] / static_cast<double>(std::max<int64_t>(table.languages[li].tokens, 1));
            const auto* p = share.data_ptr<double>();
            l.share.emplace_back(p, p + share.numel());
            if (classes > 0) {
                auto row = s.classes[li];
                row.resize(std::max(classes, static_cast<size_t>(w.back() + 1)), 0);
                l.classes.push_back(std::move(row));
            }
        }
        table.layers.push_back(std::move(l));
    }
    return table;
}

}  // namespace layermoe
