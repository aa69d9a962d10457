#pragma once
// Where and how a job runs, the same for every job (Torch-free): one struct inside every job
// config, filled by one CLI helper (app/cli/run_options.h), the experiment file's top-level keys
// and the workbench's preferences, and handed on whole from a job to the jobs it runs.
#include <cstdint>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace layermoe {

struct RunSettings {
    std::string device = "cpu";  // cpu, cuda, cuda:N (what compute_devices() lists)
    std::string dtype = "float32";  // weights in memory when a model is only read: float32, bfloat16, float16;
                                    // training keeps float32
    int threads = 0;  // CPU threads; 0 = all cores
    int64_t context = 0;  // tokens per window; 0 = the model's context, at most 2048
    std::filesystem::path store_file;  // the experiment store (SQLite); empty = record nothing
    uint64_t seed = 1;  // initialisation, data order, sampling

    // Recorded in each run's config (the store path is not: the run is in it).
    nlohmann::json to_json() const {
        return {{"device", device}, {"dtype", dtype}, {"threads", threads}, {"context", context}, {"seed", seed}};
    }
};

}  // namespace layermoe
