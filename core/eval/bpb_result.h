#pragma once
// Bits-per-byte results as plain values (no LibTorch), and their means per language group.
#include <cstdint>
#include <numbers>
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
    // Per document, in the order given (empty documents skipped): summed NLL (nats) and UTF-8
    // bytes, the units a bootstrap resamples (core/report/stats.h).
    std::vector<double> document_nll;
    std::vector<int64_t> document_bytes;
};

struct GroupMean {
    std::string group;  // "old", "G1", "G2", "all"
    double bits_per_byte = 0;  // unweighted mean over the group's languages
    int64_t languages = 0;
};

// Each document's bits (its NLL over ln 2) and bytes, in document order: what the store keeps as
// the result's units and a bootstrap resamples. Empty when the documents were not recorded.
struct DocumentBits {
    std::vector<double> bits, bytes;
};
inline DocumentBits document_bits(const BpbResult& r) {
    DocumentBits d;
    for (size_t i = 0; i < r.document_nll.size() && i < r.document_bytes.size(); ++i) {
        d.bits.push_back(r.document_nll[i] / std::numbers::ln2);
        d.bytes.push_back(double(r.document_bytes[i]));
    }
    return d;
}

std::vector<GroupMean> group_means(const std::vector<BpbResult>& results, const LanguageGroups& groups);

}  // namespace layermoe
