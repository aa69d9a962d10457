#pragma once
// Bits per byte on held-out text: sum of token negative log-likelihoods / ln 2 / UTF-8 bytes.
// Byte-normalised, so it compares fairly across tokenizers and scripts.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/common/progress.h"
#include "core/data/languages.h"
#include "core/data/tokenizer.h"
#include "core/model/model.h"

namespace layermoe {

struct BpbConfig {
    int64_t max_documents = 0;   // per language; 0 = all
    int64_t batch_size = 32;
    int threads = 0;             // 0 = leave as is
};

struct BpbResult {
    std::string language;
    double bits_per_byte = 0;
    double nll_nats = 0;         // summed
    int64_t bytes = 0;
    int64_t tokens = 0;
    int64_t documents = 0;
};

struct GroupMean {
    std::string group;           // "old", "G1", "G2", "all"
    double bits_per_byte = 0;    // unweighted mean over the group's languages
    int64_t languages = 0;
};

// docs: language code -> held-out documents. Returns one result per language, in order.
std::vector<BpbResult> evaluate_bpb(LanguageModel& model, const Tokenizer& tokenizer,
                                    const std::vector<std::pair<std::string, const std::vector<std::string>*>>& docs,
                                    const BpbConfig& config, const ProgressFn& progress = {});

std::vector<GroupMean> group_means(const std::vector<BpbResult>& results, const LanguageGroups& groups);

} // namespace layermoe
