#pragma once
// The pre-tokenizer of a byte-level BPE (internal to core/data): Split by regex (behaviour
// Isolated: matches and the text between them are pieces), Digits, then ByteLevel (an optional
// prefix space and GPT-2's regex). Patterns are Oniguruma syntax, as the Rust tokenizers library
// compiles them; they are translated for ICU's regex engine.
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/data/bpe_spec.h"

namespace layermoe::bpe {

// ICU spelling of an Oniguruma pattern, for the constructs tokenizer patterns use; throws Error
// (without a file name) for any other construct, rather than risk a different meaning.
std::string oniguruma_to_icu(std::string_view pattern);

class PreTokenizer {
public:
    // Compiles the patterns; Error naming file for a pattern that is unsupported or invalid.
    PreTokenizer(const std::vector<PreTokenizeStep>& steps, const std::string& file);
    ~PreTokenizer();
    PreTokenizer(const PreTokenizer&) = delete;
    PreTokenizer& operator=(const PreTokenizer&) = delete;

    // Replaces pieces with the pre-tokens of text, in order, none empty. They view text or
    // strings kept in arena (a piece given a prefix space).
    void split(std::string_view text, std::vector<std::string_view>& pieces, std::deque<std::string>& arena) const;

private:
    struct Compiled;
    struct Workspace;  // regex matchers and buffers of one split() at a time
    std::unique_ptr<Workspace> acquire() const;
    void release(std::unique_ptr<Workspace> workspace) const;

    std::vector<std::unique_ptr<Compiled>> steps_;
    mutable std::mutex pool_mutex_;
    mutable std::vector<std::unique_ptr<Workspace>> pool_;  // reused across calls and threads
};

}  // namespace layermoe::bpe
