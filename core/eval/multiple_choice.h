#pragma once
// Multiple-choice scoring with a model: the log-likelihood of each choice given its context, as
// lm-evaluation-harness computes it, and the task metrics (core/eval/tasks.h).
//
// Shared-context scoring (the default, `packed`) runs an item's context once, keeping its keys
// and values; then each choice is one row that attends to its item's cached context and its own
// earlier tokens, with RoPE positions continuing where the context ends (ForwardContext::kv,
// positions, attention_bias). Many items form one batch. The reference path scores each choice
// with its own forward pass over context + choice. Both give the same numbers
// (tests/core/test_tasks.cpp).
//
// MoE routing classifiers decide on the context alone in both paths, as in generation, where the
// class decided on the prompt is kept.
#include <cstdint>
#include <string>
#include <vector>

#include "core/common/progress.h"
#include "core/data/tokenizer.h"
#include "core/eval/tasks.h"
#include "core/model/model.h"

namespace layermoe {

// Per item, per choice log-likelihood (nats), for the given prompts (one per item). A context
// too long for the model loses tokens at its start (after BOS), as the harness truncates; a
// choice longer than max_len - 2 tokens is an Error. false from progress stops early: the
// result is then empty.
std::vector<ChoiceScores> score_choices(LanguageModel& model, const Tokenizer& tokenizer,
                                        const std::vector<std::string>& contexts, const std::vector<McItem>& items,
                                        const McScoreConfig& config, const ProgressFn& progress = {},
                                        const std::string& label = {});

// Items with a choice longer than the model's max_len - 2 tokens are left out and counted in
// McResult::skipped.
McResult evaluate_task(LanguageModel& model, const Tokenizer& tokenizer, const McTask& task,
                       const McScoreConfig& config, const ProgressFn& progress = {});

}  // namespace layermoe
