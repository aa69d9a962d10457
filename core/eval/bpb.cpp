#include "core/eval/bpb.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include "core/common/cpu_threads.h"
#include "core/common/error.h"

namespace layermoe {

namespace {

// One scoring window: tokens [BOS, t0 .. tn) predicting t0 .. tn; long documents are split into
// windows of at most max_len inputs, each continuing from the previous window's last token.
struct Window {
    std::vector<int64_t> inputs;
    std::vector<int64_t> targets;
    size_t document = 0;
};

std::vector<Window> windows_of(const std::vector<int32_t>& ids, int32_t bos, int64_t max_len, size_t document) {
    std::vector<Window> out;
    int64_t prev = bos;
    for (size_t begin = 0; begin < ids.size(); begin += static_cast<size_t>(max_len)) {
        const size_t end = std::min(ids.size(), begin + static_cast<size_t>(max_len));
        Window w;
        w.document = document;
        w.inputs.push_back(prev);
        for (size_t i = begin; i < end; ++i) {
            w.targets.push_back(ids[i]);
            if (i + 1 < end) w.inputs.push_back(ids[i]);
        }
        prev = ids[end - 1];
        out.push_back(std::move(w));
    }
    return out;
}

// Summed NLL (nats) of the windows' targets, run as right-padded batches; each window's sum is
// also added to its document's entry of per_document.
double score_windows(LanguageModel& model, std::vector<Window>& windows, int64_t batch_size, int32_t pad,
                     const torch::Device& device, std::vector<double>& per_document) {
    std::sort(windows.begin(), windows.end(),
              [](const Window& a, const Window& b) { return a.inputs.size() < b.inputs.size(); });
    double total = 0;
    for (size_t first = 0; first < windows.size(); first += static_cast<size_t>(batch_size)) {
        const size_t last = std::min(windows.size(), first + static_cast<size_t>(batch_size));
        const int64_t len = static_cast<int64_t>(windows[last - 1].inputs.size());
        const int64_t b = static_cast<int64_t>(last - first);
        auto inputs = torch::full({b, len}, pad, torch::kInt64);
        auto targets = torch::full({b, len}, -100, torch::kInt64);
        for (size_t i = first; i < last; ++i) {
            const auto& w = windows[i];
            const auto n = static_cast<int64_t>(w.inputs.size());
            const auto row = static_cast<int64_t>(i - first);
            inputs[row].narrow(0, 0, n).copy_(torch::tensor(w.inputs, torch::kInt64));
            targets[row].narrow(0, 0, n).copy_(torch::tensor(w.targets, torch::kInt64));
        }
        // Routing classifiers pool over the real tokens of each window, never over padding.
        ForwardContext ctx;
        auto on_device = inputs.to(device);
        ctx.token_mask = on_device != pad;
        auto logits = model->forward(on_device, ctx);
        auto nll = torch::nn::functional::cross_entropy(
            logits.reshape({-1, logits.size(-1)}).to(torch::kFloat32), targets.reshape({-1}).to(device),
            torch::nn::functional::CrossEntropyFuncOptions().ignore_index(-100).reduction(torch::kNone));
        const auto nll64 = nll.to(torch::kFloat64);
        total += nll64.sum().item<double>();  // summed in fp64: many tokens
        const auto rows = nll64.view({b, len}).sum(1).to(torch::kCPU).contiguous();
        const double* row = rows.data_ptr<double>();
        for (size_t i = first; i < last; ++i) per_document[windows[i].document] += row[i - first];
    }
    return total;
}

}  // namespace

std::vector<BpbResult> evaluate_bpb(LanguageModel& model, const Tokenizer& tokenizer,
                                    const std::vector<std::pair<std::string, const std::vector<std::string>*>>& docs,
                                    const BpbConfig& config, const ProgressFn& progress) {
    torch::NoGradGuard no_grad;
    const bool was_training = model->is_training();
    model->eval();
    if (config.threads > 0) configure_cpu_threads(config.threads);
    const auto device = model->parameters().front().device();
    const int64_t max_len = model->config().work_len();
    std::vector<BpbResult> results;
    for (size_t li = 0; li < docs.size(); ++li) {
        const auto& [lang, texts] = docs[li];
        BpbResult r;
        r.language = lang;
        std::vector<Window> windows;
        const size_t limit = config.max_documents > 0
                                 ? std::min(texts->size(), static_cast<size_t>(config.max_documents))
                                 : texts->size();
        for (size_t d = 0; d < limit; ++d) {
            const std::string& text = (*texts)[d];
            if (text.empty()) continue;
            const auto ids = tokenizer.encode(text);
            r.bytes += static_cast<int64_t>(text.size());
            r.tokens += static_cast<int64_t>(ids.size());
            r.document_bytes.push_back(static_cast<int64_t>(text.size()));
            for (auto& w : windows_of(ids, tokenizer.bos_id(), max_len, size_t(r.documents)))
                windows.push_back(std::move(w));
            ++r.documents;
        }
        if (r.bytes == 0) throw Error(fmt::format("no held-out text for language '{}'", lang));
        r.document_nll.assign(size_t(r.documents), 0.0);
        r.nll_nats = score_windows(model, windows, config.batch_size, tokenizer.pad_id(), device, r.document_nll);
        r.bits_per_byte = r.nll_nats / std::numbers::ln2 / static_cast<double>(r.bytes);
        results.push_back(r);
        const Progress p{Stage::Eval, static_cast<int64_t>(li + 1), static_cast<int64_t>(docs.size()), "language",
                         fmt::format("{} {:.4f} bpb", lang, r.bits_per_byte)};
        if (!report(progress, p)) break;
    }
    if (was_training) model->train();
    return results;
}

std::vector<GroupMean> group_means(const std::vector<BpbResult>& results, const LanguageGroups& groups) {
    auto mean_of = [&](const std::string& name, const std::vector<std::string>& langs) {
        GroupMean g{name, 0, 0};
        for (const auto& r : results)
            if (langs.empty() || std::find(langs.begin(), langs.end(), r.language) != langs.end()) {
                g.bits_per_byte += r.bits_per_byte;
                ++g.languages;
            }
        if (g.languages > 0) g.bits_per_byte /= static_cast<double>(g.languages);
        return g;
    };
    std::vector<GroupMean> out;
    for (const auto& [name, langs] :
         {std::pair{std::string("old"), groups.old_langs}, std::pair{std::string("G1"), groups.new1},
          std::pair{std::string("G2"), groups.new2}}) {
        if (langs.empty()) continue;
        auto g = mean_of(name, langs);
        if (g.languages > 0) out.push_back(g);
    }
    out.push_back(mean_of("all", {}));
    return out;
}

}  // namespace layermoe
