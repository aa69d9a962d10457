#pragma once
// Per-layer language similarity as plain values, and the LayerMoE scores derived from it
// (docs/method.md §3). Torch-free: the analysis produces these, the store keeps them, the GUI
// draws them and the allocation reads the scores.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace layermoe {

// One layer's language x language similarity.
struct SimilarityMatrix {
    int64_t layer = 0;
    std::vector<std::string> languages;  // row and column order
    std::vector<double> values;  // [n * n] row-major, symmetric
    std::vector<int64_t> counts;  // per language: tokens ("mean") or sentences ("aligned")

    size_t size() const { return languages.size(); }
    double at(size_t a, size_t b) const { return values[a * languages.size() + b]; }
    // Error "layer L has no language 'xx' (it has: ...)".
    size_t index_of(std::string_view language) const;
    double at(std::string_view a, std::string_view b) const;
};

// Similarity of one model, one matrix per layer, layers 0..L-1 in order.
struct SimilarityReport {
    // "mean": the paper's mean pairwise cosine of token HSAs; "aligned": mean cosine between
    // mean-pooled HSAs of the same sentence in two languages (parallel corpora only).
    std::string kind = "mean";
    std::vector<SimilarityMatrix> layers;
};

struct LayerScore {
    int64_t layer = 0;
    double s_new_new = 0;  // mean over unordered pairs of new languages; NaN when only one new language
    double s_new_old = 0;  // mean over (new, old) pairs
    double s = 0;  // (s_new_new + s_new_old) / 2, or s_new_old when there is no new-new pair
};

// old_langs: G0 (or G0 + G1 for a lifelong expansion); new_langs: the languages being added.
// Error when a group is empty, the groups overlap, or a language is missing from a layer.
std::vector<LayerScore> layer_scores(const SimilarityReport& report, const std::vector<std::string>& old_langs,
                                     const std::vector<std::string>& new_langs);

// Builds the score of a layer from its two pair means (used by the CSV reader and by tests).
LayerScore make_layer_score(int64_t layer, double s_new_new, double s_new_old);

// CSV with a header naming at least the columns layer, s_new_new, s_new_old (any order; other
// columns, such as s, are ignored), one row per layer, layers 0..L-1 each exactly once (rows in
// any order). An empty s_new_new means "no new-new pair". Error naming the file and line for: a
// missing or unknown header, a missing or repeated layer, a field that is not a number, a
// similarity <= 0 or not finite (allocation divides by it), no rows.
std::vector<LayerScore> read_scores_csv(const std::filesystem::path& file);
// Writes "layer,s_new_new,s_new_old,s" atomically, numbers with round-trip precision.
void write_scores_csv(const std::filesystem::path& file, const std::vector<LayerScore>& scores);

}  // namespace layermoe
