#pragma once
// Bits-per-byte results as plain values (no LibTorch), and their means per language group.
#include <cstdint>
#include <string>
#include <vector>

#include "core/data/languages.h"

namespace layermoe {

struct BpbConfig {
    int64_t max_documents = 0;  // per language; 0 = all
    int64_t batch_size = 32;
    int threads = 0;  // 0 = leave as is
};

struct BpbResult {
    std::string language;
    double bits_per_byte = 0;
    double nll_nats = 0;  // summed
    int64_t bytes = 0;
    int64_t tokens = 0;
    int64_t documents = 0;
};

struct GroupMean {
    std::string group;  // "old", "G1", "G2", "all"
    double bits_per_byte = 0;  // unweighted mean over the group's languages
    int64_t languages = 0;
};

std::vector<GroupMean> group_means(const std::vector<BpbResult>& results, const LanguageGroups& groups);

}  // namespace layermoe
