#pragma once
// How the similarity analysis samples a language, and what it returns, as plain values (no
// LibTorch). The capture itself is in similarity.h.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/analysis/scores.h"

namespace layermoe {

// (language code, its documents in the order they are read).
using LanguageDocs = std::vector<std::pair<std::string, const std::vector<std::string>*>>;

struct CaptureConfig {
    int64_t tokens_select = 20000;  // HSAs kept per language and layer (paper: 100,000)
    int64_t tokens_limit = 0;  // read documents until more than this; 0 = 1.5 x tokens_select (paper: 150,000)
    int64_t batch_size = 16;  // sequences per forward pass
    int64_t aligned_sentences = 200;  // aligned similarity: sentences per language; 0 = all
    int64_t effective_limit() const { return tokens_limit > 0 ? tokens_limit : tokens_select + tokens_select / 2; }
    void validate() const;
};

struct CaptureResult {
    SimilarityReport report;
    bool cancelled = false;  // the progress callback asked to stop; report is empty
};

}  // namespace layermoe
