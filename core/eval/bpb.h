#pragma once
// Bits per byte on held-out text: sum of token negative log-likelihoods / ln 2 / UTF-8 bytes.
// Byte-normalised, so it compares fairly across tokenizers and scripts.
#include <cstdint>
#include <string>
#include <vector>

#include "core/common/progress.h"
#include "core/data/tokenizer.h"
#include "core/eval/bpb_result.h"
#include "core/model/model.h"

namespace layermoe {

// docs: language code -> held-out documents. Returns one result per language, in order.
std::vector<BpbResult> evaluate_bpb(LanguageModel& model, const Tokenizer& tokenizer,
                                    const std::vector<std::pair<std::string, const std::vector<std::string>*>>& docs,
                                    const BpbConfig& config, const ProgressFn& progress = {});

}  // namespace layermoe
