#pragma once
// What generation takes and gives (core/eval/generate.h generates; core/jobs/generate_job.h loads a
// model folder and generates): Torch-free, so that the workbench includes it.
#include <cstdint>
#include <functional>
#include <map>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace layermoe {

struct SamplingOptions {
    int64_t max_new = 64;  // new tokens per prompt, at most
    double temperature = 0.0;  // 0 = greedy (the most likely token)
    int64_t top_k = 0;  // sample among the k most likely tokens; 0 = all
    double top_p = 1.0;  // ... and among the fewest whose probabilities reach p (nucleus); 1 = all
    uint64_t seed = 0;  // prompt i of a batch samples from seed + i
    std::vector<std::string> stop;  // stop strings: the text ends before the first one made
    bool routing = false;  // record each generated token's routing (GeneratedToken::routing)
    // false: recompute the whole sequence at every step instead of continuing from cached keys and
    // values (the reference the benchmark and the tests compare the cache with).
    bool cache = true;
};

// Error naming the option when a value is out of range (before any work).
void check_sampling(const SamplingOptions& options);

// One MoE layer's routing of one token: the experts it used (weight > 0), by weight.
struct TokenRouting {
    int64_t layer = 0;
    std::vector<int64_t> experts;
    std::vector<float> weights;
    int64_t routing_class = -1;  // the sequence's class at a classifier layer; -1 without a classifier
};

struct GeneratedToken {
    int32_t id = 0;
    // The text this token completes, in order: the pieces of a prompt's tokens concatenate to its
    // Generation::text. Empty while a character is cut between tokens (it comes with a later one).
    std::string text;
    std::vector<TokenRouting> routing;  // per MoE layer, by layer, when SamplingOptions::routing
};

enum class StopReason {
    Length,  // max_new tokens made
    Eos,  // the model ended the text
    StopString,  // a stop string was made
    Context,  // the sequence reached the model's working context
    Cancelled,  // the caller asked to stop
};
std::string_view to_string(StopReason reason);

struct Generation {
    std::vector<int32_t> prompt_ids;  // BOS, then the prompt's tokens
    std::vector<GeneratedToken> tokens;  // EOS not included
    std::string text;  // the generated text, without the stop string
    StopReason stop = StopReason::Length;
    std::map<int64_t, int64_t> classes;  // routing class per classifier layer, decided on the prompt
    double seconds = 0;  // wall time of the whole batch, prefill included
    double prefill_seconds = 0;  // of the prompt's forward pass
    double tokens_per_second() const;  // generated tokens (and EOS) per second of decoding
};

// Called for every token as it is made (row = the prompt's index); false stops the whole batch.
using TokenFn = std::function<bool(size_t row, const GeneratedToken& token)>;

// One draw from logits: the argmax when options.temperature is 0 (the first on a tie), otherwise
// a sample of softmax(logits / temperature) restricted by top-k then top-p.
int32_t sample_token(std::span<const float> logits, const SamplingOptions& options, std::mt19937_64& rng);

}  // namespace layermoe
