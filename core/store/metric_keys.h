#pragma once
// The names of what runs record, shared by the jobs that write them and the front ends that
// read them (docs/file-formats.md, "metrics" and "eval_results").
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace layermoe::metric {

// Per step of a training stage (language "all"; "loss" also per language).
inline constexpr std::string_view kLoss = "loss";
inline constexpr std::string_view kLearningRate = "lr";
inline constexpr std::string_view kGradNorm = "grad_norm";
inline constexpr std::string_view kTokensPerSecond = "tokens_per_s";
inline constexpr std::string_view kBalance = "balance";
inline constexpr std::string_view kLpr = "lpr";
inline constexpr std::string_view kClassification = "cls";
inline constexpr std::string_view kClassAccuracy = "cls_accuracy";
// Held-out bits per byte: a metric of the periodic evaluation and of eval_results.
inline constexpr std::string_view kBpb = "bpb";
// The eval_results task of held-out bits per byte, and the prefix of a group's "language".
inline constexpr std::string_view kHeldoutTask = "heldout";
inline constexpr std::string_view kGroupPrefix = "group:";

// The mean routing weight of expert 0 in a layer (languages "old" and "new").
inline std::string expert0_weight(int64_t layer) { return "expert0_weight.layer" + std::to_string(layer); }
// The layer of an expert0_weight name; nullopt for any other name.
inline std::optional<int64_t> expert0_weight_layer(std::string_view name) {
    constexpr std::string_view prefix = "expert0_weight.layer";
    if (name.substr(0, prefix.size()) != prefix) return std::nullopt;
    int64_t layer = 0;
    const char* end = name.data() + name.size();
    const auto [ptr, ec] = std::from_chars(name.data() + prefix.size(), end, layer);
    if (ec != std::errc() || ptr != end) return std::nullopt;
    return layer;
}
// What `layermoe routes` records (core/report/routes.h): stage "routes", step = the layer.
inline constexpr std::string_view kRoutesStage = "routes";
inline constexpr std::string_view kRouteTokens = "tokens";  // per language
inline constexpr std::string_view kRouteSequences = "sequences";  // per language
inline constexpr std::string_view kRouteSharePrefix = "share.expert";  // + expert, per language
inline constexpr std::string_view kRouteClassPrefix = "class";  // + class: sequences, per language
inline constexpr std::string_view kRouteWavePrefix = "wave.expert";  // + expert: its wave (language "all")

inline std::string group_language(std::string_view group) { return std::string(kGroupPrefix) + std::string(group); }

}  // namespace layermoe::metric
