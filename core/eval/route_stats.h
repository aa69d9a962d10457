#pragma once
// Measures a model's routing per MoE layer and language (core/report/routes.h): each language's
// documents are cut into sequences of at most `sequence_len` tokens (BOS first), up to
// `max_tokens` tokens per language, and run through the model in batches; every token's top-k
// weights are summed per expert, and every sequence's routing class is counted.
#include <cstdint>
#include <string>
#include <vector>

#include "core/common/progress.h"
#include "core/data/tokenizer.h"
#include "core/model/model.h"
#include "core/report/routes.h"

namespace layermoe {

struct RouteDocs {
    std::string code;
    std::string group;  // "old", "G1", "G2"
    const std::vector<std::string>* documents = nullptr;
};

struct RouteOptions {
    int64_t max_tokens = 20000;  // per language
    int64_t sequence_len = 256;  // tokens per sequence, at most (and at most the model's context)
    int64_t batch_size = 8;  // sequences per forward pass
};

// Error naming the option when a value is out of range (before any work).
void check_route_options(const RouteOptions& options);

// An empty table for a dense model (it has no MoE layer). Progress: Stage::Routes, in tokens;
// false cancels (an Error is not thrown: the table measured so far is returned with
// `cancelled` set).
RouteTable measure_routes(LanguageModel& model, const Tokenizer& tokenizer, const std::vector<RouteDocs>& languages,
                          const RouteOptions& options, const ProgressFn& progress, bool* cancelled = nullptr);

}  // namespace layermoe
