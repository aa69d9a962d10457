#pragma once
// Hidden-state similarity between languages, layer by layer (docs/method.md §2): run the frozen
// model over samples of each language, observe every layer's FFN input (HSA), and accumulate what
// the similarity needs in memory that does not grow with the number of tokens.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <torch/torch.h>

#include "core/analysis/capture_config.h"
#include "core/analysis/scores.h"
#include "core/common/progress.h"
#include "core/data/tokenizer.h"
#include "core/model/model.h"

namespace layermoe {

// Per (layer, language) the sum of the HSAs' unit vectors, in fp64. The mean over all u in Q_a,
// v in Q_b of cos(u, v) equals dot(mean unit vector of a, mean unit vector of b), so the whole
// N_a x N_b cosine matrix of the reference method is never built: O(N d) time, O(d) memory.
class SimilarityAccumulator {
public:
    SimilarityAccumulator(int64_t n_layers, int64_t d_model, std::vector<std::string> languages);
    // Adds the rows of hsa [N, d] (any floating dtype, any device) as tokens of language index
    // `language` at `layer`.
    void add(int64_t layer, size_t language, const torch::Tensor& hsa);
    int64_t count(int64_t layer, size_t language) const;
    // Every layer's language x language matrix (kind "mean"); counts are tokens. A language with
    // no token has similarity NaN.
    SimilarityReport report() const;

private:
    int64_t n_layers_, d_model_;
    std::vector<std::string> languages_;
    torch::Tensor sums_;  // [L, n_lang, d] fp64, on the device of the first add
    std::vector<int64_t> counts_;  // [L * n_lang]
};

// The paper's similarity: documents of each language in order until more than tokens_limit
// tokens, the first tokens_select token positions per layer. A document longer than the model's
// context is read as consecutive windows, each after a BOS; BOS and padding never count.
CaptureResult capture_similarity(LanguageModel& model, const Tokenizer& tokenizer, const LanguageDocs& docs,
                                 const CaptureConfig& config, const ProgressFn& progress = {});

// Aligned similarity on a parallel corpus (document i of every language is the same sentence):
// per layer, the mean over sentences of cos(mean-pooled HSA of the sentence in a, in b). Pools
// over at most the model's context (longer sentences are cut). Counts are sentences. Error when
// the languages do not have the same number of documents.
CaptureResult capture_aligned_similarity(LanguageModel& model, const Tokenizer& tokenizer, const LanguageDocs& docs,
                                         const CaptureConfig& config, const ProgressFn& progress = {});

}  // namespace layermoe
