#pragma once
// What `layermoe routes` measures of an expanded model, per MoE layer and language: the share of
// the language's tokens routed to each expert (top-k counted by weight, so a layer's shares sum to
// 1 per language) and how the routing classifier classed its sequences. Recorded in the store as
// a run of kind "routes" (docs/file-formats.md, "routes"); read back, written as CSV and JSON here.
// Torch-free: the workbench's Routes tab reads it.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace layermoe {

class Store;
struct MetricPoint;

struct RouteLanguage {
    std::string code;
    std::string group;  // "old", "G1", "G2" (group_name)
    int64_t tokens = 0;  // routed tokens counted
    int64_t sequences = 0;
};

struct RouteLayer {
    int64_t layer = 0;
    std::vector<int64_t> expert_wave;  // [experts]: the expansion wave of each expert (0 = the original FFN)
    std::vector<std::vector<double>> share;  // [language][expert], each row summing to 1
    // [language][class]: sequences the classifier put in each class; empty without a classifier.
    std::vector<std::vector<int64_t>> classes;
    int64_t experts() const { return static_cast<int64_t>(expert_wave.size()); }
};

struct RouteTable {
    std::vector<RouteLanguage> languages;  // old languages first, in the order measured
    std::vector<RouteLayer> layers;  // MoE layers, by layer
    bool empty() const { return layers.empty(); }
};

// The table as metric points (stage "routes", step = layer; the run is left 0); the run's
// languages (Store::set_run_languages) carry the groups.
std::vector<MetricPoint> route_points(const RouteTable& table);
// Error when the run has no routes.
RouteTable load_routes(const Store& store, int64_t run);

// One row per (layer, language, measure, index): measure "share" (index = expert) or
// "class_share" (index = class, value = share of the language's sequences).
std::string routes_csv(const RouteTable& table);
nlohmann::json routes_json(const RouteTable& table);

}  // namespace layermoe
