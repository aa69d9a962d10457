#pragma once
// "Which experts does each language use?": `layermoe routes` and the workbench's Routes tab. Loads
// a model folder and a corpus, measures the routing per MoE layer and language on held-out text
// (core/eval/route_stats.h), and records it in the store as a run of kind "routes".
#include <filesystem>
#include <string>
#include <vector>

#include "core/common/progress.h"
#include "core/common/run_settings.h"
#include "core/data/corpus.h"
#include "core/eval/route_stats.h"
#include "core/report/routes.h"

namespace layermoe {

struct RoutesJobConfig {
    std::filesystem::path model_dir;
    std::filesystem::path corpus;
    std::vector<std::string> langs;
    RouteOptions routes;
    RunSettings run;
    CorpusOptions corpus_options;
};

struct RoutesJobResult {
    int64_t run_id = 0;  // 0 without a store
    RouteTable table;  // languages: old ones first (the model's groups), then new
    bool cancelled = false;
    double seconds = 0;
};

// Error before any work when the model is dense (nothing is routed), a language is missing, or
// the store cannot be opened.
RoutesJobResult run_routes_job(const RoutesJobConfig& config, const ProgressFn& progress = {});

}  // namespace layermoe
