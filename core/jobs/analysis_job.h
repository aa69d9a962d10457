#pragma once
// "Measure a model's per-layer language similarity", shared by the CLI and the GUI: load the
// model and the corpus, capture HSAs, compute the similarity matrices and the LayerMoE scores for
// the given old and new languages, and record them in the store as an "analyze" run.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/scores.h"
#include "core/analysis/capture_config.h"
#include "core/common/progress.h"
#include "core/common/run_settings.h"
#include "core/data/corpus.h"
#include "core/model/config.h"

namespace layermoe {

struct AnalysisJobConfig {
    std::filesystem::path model_dir;
    std::filesystem::path corpus;
    std::vector<std::string> old_langs;  // G0, or G0 + G1 for a lifelong expansion
    std::vector<std::string> new_langs;
    std::string split = "heldout";  // which documents are read: heldout, train or all
    CaptureConfig capture;
    bool aligned = false;  // also the aligned similarity (parallel corpora)
    RunSettings run;
    std::filesystem::path csv_file;  // empty = no CSV; else layer,s_new_new,s_new_old,s
    CorpusOptions corpus_options;
    std::string name;  // run name in the store; empty = "analyze FOLDER"
    std::optional<int64_t> experiment_run;  // recorded in the run's config as "experiment"
    nlohmann::json to_json() const;
};

struct AnalysisJobResult {
    int64_t run_id = 0;  // 0 without a store
    ModelConfig model;  // the analysed model's shape (allocation counts parameters with it)
    SimilarityReport similarity;  // kind "mean"
    std::vector<LayerScore> scores;
    std::optional<SimilarityReport> aligned;
    std::vector<LayerScore> aligned_scores;
    double seconds = 0;
    bool cancelled = false;
};

AnalysisJobResult run_analysis_job(const AnalysisJobConfig& config, const ProgressFn& progress = {});

}  // namespace layermoe
