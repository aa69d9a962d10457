#pragma once
// Long work reports through a callback that may ask it to stop (returns false).
#include <cstdint>
#include <functional>
#include <string>

namespace layermoe {

struct Progress {
    std::string stage;      // "pretrain", "eval", "analyze", ...
    int64_t done = 0;       // units finished (steps, documents, tokens)
    int64_t total = 0;      // units planned, 0 when unknown
    std::string unit;       // "step", "doc", "token"
    std::string message;    // short human text, e.g. "loss 2.31"
};

// Return false to ask the work to stop at the next safe point.
using ProgressFn = std::function<bool(const Progress&)>;

inline bool report(const ProgressFn& fn, const Progress& p) { return fn ? fn(p) : true; }

} // namespace layermoe
