#pragma once
// Text generation from a model folder's model (dense, expanded or Hugging Face): incremental
// decoding with a key/value cache, greedy or sampled (temperature, top-k, top-p, a seed), stopping
// at EOS, a stop string or the context's end, for a batch of prompts. The routing classifier of
// an expanded model decides each sequence's class on its prompt and keeps it while decoding
// (docs/method.md §5); with `routing`, every generated token carries the experts each MoE layer
// chose for it and their weights (docs/generation.md).
#include <string>
#include <vector>

#include "core/data/tokenizer.h"
#include "core/eval/generation.h"
#include "core/model/model.h"

namespace layermoe {

// Error before any work: an empty prompt list, a prompt longer than the working context, bad
// options. The model runs on the device its parameters are on, in eval mode, without gradients.
std::vector<Generation> generate(LanguageModel& model, const Tokenizer& tokenizer, const std::vector<std::string>& prompts,
                                 const SamplingOptions& options, const TokenFn& on_token = {});

}  // namespace layermoe
