#pragma once
// The options every verb that runs a job shares (--device, --dtype, --threads, --context,
// --store, --seed), declared once, with the same help everywhere, into a RunSettings.
#include <string>

#include "core/common/run_settings.h"

namespace CLI {
class App;
}  // namespace CLI

namespace layermoe::cli {

enum RunOption : unsigned {
    kDevice = 1u << 0,
    kDtype = 1u << 1,
    kThreads = 1u << 2,
    kContext = 1u << 3,
    kStore = 1u << 4,
    kSeed = 1u << 5,
    kAllRunOptions = kDevice | kDtype | kThreads | kContext | kStore | kSeed,
};

struct RunOptionHelp {
    std::string store = "Experiment store (SQLite file); empty = do not record";
    std::string seed = "Random seed";
    std::string context = "Tokens per window (0 = the model's context, at most 2048)";
};

// Adds the chosen options to `cmd`, writing into `settings` (whose values are the defaults
// shown). The store defaults to runs.sqlite in the current folder.
void add_run_options(CLI::App& cmd, RunSettings& settings, unsigned options, const RunOptionHelp& help = {});

}  // namespace layermoe::cli
