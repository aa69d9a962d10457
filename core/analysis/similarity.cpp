#include "core/analysis/similarity.h"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "core/common/error.h"

namespace layermoe {

namespace F = torch::nn::functional;

namespace {

torch::Tensor unit_rows(const torch::Tensor& x /* [N, d] */) {
    // A zero vector has cosine 0 with everything, as torch's cosine_similarity treats it.
    return F::normalize(x.to(torch::kFloat64), F::NormalizeFuncOptions().p(2).dim(1).eps(1e-300));
}

// One forward input: BOS, then up to context - 1 tokens of a document; the first `counted` of
// those tokens are sampled.
struct Window {
    std::vector<int32_t> ids;
    int64_t counted = 0;
};

// Cuts the documents of one language into windows, in order, until more than `limit` tokens have
// been read or `select` tokens are sampled; tokenises one document at a time.
class WindowReader {
public:
    WindowReader(const std::vector<std::string>& docs, const Tokenizer& tokenizer, int64_t context, int64_t select,
                 int64_t limit)
        : docs_(docs), tokenizer_(tokenizer), chunk_(context - 1), select_(select), limit_(limit) {}

    bool next(Window& window) {
        while (pos_ >= ids_.size()) {
            if (doc_ >= docs_.size() || read_ > limit_ || kept_ >= select_) return false;
            ids_ = tokenizer_.encode(docs_[doc_++]);
            pos_ = 0;
            read_ += static_cast<int64_t>(ids_.size());
        }
        if (kept_ >= select_) return false;
        const size_t take = std::min(ids_.size() - pos_, static_cast<size_t>(chunk_));
        window.ids.assign(1, tokenizer_.bos_id());
        window.ids.insert(window.ids.end(), ids_.begin() + static_cast<std::ptrdiff_t>(pos_),
                          ids_.begin() + static_cast<std::ptrdiff_t>(pos_ + take));
        pos_ += take;
        window.counted = std::min<int64_t>(static_cast<int64_t>(take), select_ - kept_);
        kept_ += window.counted;
        return true;
    }
    int64_t kept() const { return kept_; }

private:
    const std::vector<std::string>& docs_;
    const Tokenizer& tokenizer_;
    int64_t chunk_, select_, limit_;
    size_t doc_ = 0, pos_ = 0;
    std::vector<int32_t> ids_;
    int64_t read_ = 0, kept_ = 0;
};

// A sentence as one window, cut to the model's context.
Window sentence_window(const std::string& text, const Tokenizer& tokenizer, int64_t context) {
    Window w;
    w.ids.assign(1, tokenizer.bos_id());
    tokenizer.encode_append(text, w.ids);
    if (static_cast<int64_t>(w.ids.size()) > context) w.ids.resize(static_cast<size_t>(context));
    w.counted = static_cast<int64_t>(w.ids.size()) - 1;
    return w;
}

// Right-padded ids [B, T] and the mask of sampled tokens [B, T] (BOS and padding excluded).
std::pair<torch::Tensor, torch::Tensor> batch_tensors(const std::vector<Window>& windows, int32_t pad,
                                                      const torch::Device& device) {
    size_t len = 0;
    for (const auto& w : windows) len = std::max(len, w.ids.size());
    const auto b = static_cast<int64_t>(windows.size()), t = static_cast<int64_t>(len);
    auto ids = torch::full({b, t}, pad, torch::kInt64);
    auto mask = torch::zeros({b, t}, torch::kBool);
    auto ids_a = ids.accessor<int64_t, 2>();
    auto mask_a = mask.accessor<bool, 2>();
    for (int64_t row = 0; row < b; ++row) {
        const auto& w = windows[static_cast<size_t>(row)];
        for (size_t col = 0; col < w.ids.size(); ++col) ids_a[row][static_cast<int64_t>(col)] = w.ids[col];
        for (int64_t col = 1; col <= w.counted; ++col) mask_a[row][col] = true;
    }
    return {ids.to(device), mask.to(device)};
}

torch::Device device_of(LanguageModel& model) { return model->parameters().front().device(); }

// Runs the model to the last layer's FFN and hands every layer's HSA to `observe`.
void observe_forward(LanguageModel& model, const torch::Tensor& ids, const HsaObserver& observe) {
    ForwardContext ctx;
    ctx.observer = &observe;
    model->hidden_states(ids, ctx);
}

}  // namespace

SimilarityAccumulator::SimilarityAccumulator(int64_t n_layers, int64_t d_model, std::vector<std::string> languages)
    : n_layers_(n_layers), d_model_(d_model), languages_(std::move(languages)),
      counts_(static_cast<size_t>(n_layers) * languages_.size(), 0) {}

void SimilarityAccumulator::add(int64_t layer, size_t language, const torch::Tensor& hsa) {
    if (hsa.dim() != 2 || hsa.size(1) != d_model_)
        throw Error(fmt::format("similarity: expected hidden states [N, {}], got {} dimensions", d_model_, hsa.dim()));
    if (hsa.size(0) == 0) return;
    if (!sums_.defined())
        sums_ = torch::zeros({n_layers_, static_cast<int64_t>(languages_.size()), d_model_},
                             torch::TensorOptions().dtype(torch::kFloat64).device(hsa.device()));
    sums_[layer][static_cast<int64_t>(language)].add_(unit_rows(hsa).sum(0));
    counts_[static_cast<size_t>(layer) * languages_.size() + language] += hsa.size(0);
}

int64_t SimilarityAccumulator::count(int64_t layer, size_t language) const {
    return counts_[static_cast<size_t>(layer) * languages_.size() + language];
}

SimilarityReport SimilarityAccumulator::report() const {
    const auto n = static_cast<int64_t>(languages_.size());
    auto counts = torch::tensor(counts_, torch::kInt64).to(torch::kFloat64).view({n_layers_, n, 1});
    auto sums = sums_.defined() ? sums_.cpu() : torch::zeros({n_layers_, n, d_model_}, torch::kFloat64);
    auto means = sums / counts;  // [L, n, d]; NaN where no token
    auto values = torch::bmm(means, means.transpose(1, 2)).contiguous();  // [L, n, n]
    SimilarityReport report;
    report.kind = "mean";
    for (int64_t layer = 0; layer < n_layers_; ++layer) {
        SimilarityMatrix m;
        m.layer = layer;
        m.languages = languages_;
        const double* v = values[layer].data_ptr<double>();
        m.values.assign(v, v + n * n);
        for (size_t lang = 0; lang < languages_.size(); ++lang) m.counts.push_back(count(layer, lang));
        report.layers.push_back(std::move(m));
    }
    return report;
}

void CaptureConfig::validate() const {
    if (tokens_select < 1) throw Error(fmt::format("tokens per language must be >= 1, got {}", tokens_select));
    if (tokens_limit < 0) throw Error(fmt::format("token limit must be >= 0, got {}", tokens_limit));
    if (batch_size < 1) throw Error(fmt::format("batch size must be >= 1, got {}", batch_size));
    if (aligned_sentences < 0) throw Error(fmt::format("aligned sentences must be >= 0, got {}", aligned_sentences));
}

CaptureResult capture_similarity(LanguageModel& model, const Tokenizer& tokenizer, const LanguageDocs& docs,
                                 const CaptureConfig& config, const ProgressFn& progress) {
    config.validate();
    torch::NoGradGuard no_grad;
    model->eval();
    const auto& mc = model->config();
    const auto device = device_of(model);
    std::vector<std::string> codes;
    for (const auto& [code, texts] : docs) codes.push_back(code);
    SimilarityAccumulator acc(mc.n_layers, mc.d_model, codes);
    const int64_t planned = config.tokens_select * static_cast<int64_t>(docs.size());
    int64_t done = 0;
    CaptureResult result;
    for (size_t lang = 0; lang < docs.size(); ++lang) {
        WindowReader reader(*docs[lang].second, tokenizer, mc.work_len(), config.tokens_select,
                            config.effective_limit());
        torch::Tensor mask;  // [B, T] of the batch being run
        const HsaObserver observe = [&](int64_t layer, const torch::Tensor& hsa) {
            acc.add(layer, lang, hsa.index({mask}));
        };
        std::vector<Window> batch(static_cast<size_t>(config.batch_size));
        for (;;) {
            size_t filled = 0;
            while (filled < batch.size() && reader.next(batch[filled])) ++filled;
            if (filled == 0) break;
            auto [ids, batch_mask] = batch_tensors({batch.begin(), batch.begin() + static_cast<std::ptrdiff_t>(filled)},
                                                   tokenizer.pad_id(), device);
            mask = batch_mask;
            observe_forward(model, ids, observe);
            const Progress p{Stage::Analyze, done + reader.kept(), planned, "token", docs[lang].first};
            if (!report(progress, p)) {
                result.cancelled = true;
                return result;
            }
        }
        if (reader.kept() == 0) throw Error(fmt::format("no text to analyse for language '{}'", docs[lang].first));
        done += config.tokens_select;
    }
    result.report = acc.report();
    return result;
}

CaptureResult capture_aligned_similarity(LanguageModel& model, const Tokenizer& tokenizer, const LanguageDocs& docs,
                                         const CaptureConfig& config, const ProgressFn& progress) {
    config.validate();
    if (docs.empty()) throw Error("aligned similarity: no languages given");
    const size_t available = docs.front().second->size();
    for (const auto& [code, texts] : docs)
        if (texts->size() != available)
            throw Error(fmt::format("aligned similarity needs a parallel corpus: '{}' has {} documents, '{}' has {} "
                                    "(a FLORES folder is parallel)",
                                    docs.front().first, available, code, texts->size()));
    const int64_t sentences = config.aligned_sentences > 0
                                  ? std::min<int64_t>(config.aligned_sentences, static_cast<int64_t>(available))
                                  : static_cast<int64_t>(available);
    if (sentences == 0) throw Error("aligned similarity: the corpus has no sentences");
    torch::NoGradGuard no_grad;
    model->eval();
    const auto& mc = model->config();
    const auto device = device_of(model);
    const auto n_lang = static_cast<int64_t>(docs.size());
    auto sums = torch::zeros({mc.n_layers, n_lang, n_lang}, torch::kFloat64);  // sum over sentences of cosines
    CaptureResult result;
    for (int64_t first = 0; first < sentences; first += config.batch_size) {
        const int64_t count = std::min(config.batch_size, sentences - first);
        std::vector<torch::Tensor> pooled(static_cast<size_t>(mc.n_layers * n_lang));  // [count, d] unit vectors
        for (int64_t lang = 0; lang < n_lang; ++lang) {
            std::vector<Window> windows;
            for (int64_t s = first; s < first + count; ++s) {
                windows.push_back(sentence_window((*docs[static_cast<size_t>(lang)].second)[static_cast<size_t>(s)],
                                                  tokenizer, mc.work_len()));
            }
            auto [ids, mask] = batch_tensors(windows, tokenizer.pad_id(), device);
            auto weights = mask.to(torch::kFloat64).unsqueeze(-1);  // [count, T, 1]
            auto token_counts = weights.sum(1).clamp_min(1.0);  // [count, 1]
            const HsaObserver observe = [&](int64_t layer, const torch::Tensor& hsa) {
                auto mean = (hsa.to(torch::kFloat64) * weights).sum(1) / token_counts;  // [count, d]
                pooled[static_cast<size_t>(layer * n_lang + lang)] = unit_rows(mean);
            };
            observe_forward(model, ids, observe);
        }
        for (int64_t layer = 0; layer < mc.n_layers; ++layer) {
            std::vector<torch::Tensor> per_lang(pooled.begin() + layer * n_lang, pooled.begin() + (layer + 1) * n_lang);
            auto units = torch::stack(per_lang);  // [n_lang, count, d]
            sums[layer] += torch::einsum("asd,bsd->ab", {units, units}).cpu();
        }
        if (!report(progress, {Stage::AnalyzeAligned, first + count, sentences, "sentence", ""})) {
            result.cancelled = true;
            return result;
        }
    }
    auto values = (sums / static_cast<double>(sentences)).contiguous();
    result.report.kind = "aligned";
    for (int64_t layer = 0; layer < mc.n_layers; ++layer) {
        SimilarityMatrix m;
        m.layer = layer;
        for (const auto& [code, texts] : docs) m.languages.push_back(code);
        const double* v = values[layer].data_ptr<double>();
        m.values.assign(v, v + n_lang * n_lang);
        m.counts.assign(static_cast<size_t>(n_lang), sentences);
        result.report.layers.push_back(std::move(m));
    }
    return result;
}

}  // namespace layermoe
