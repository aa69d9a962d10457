#include "core/analysis/allocation.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <optional>

#include <fmt/format.h>

#include "core/common/error.h"
#include "core/io/json_fits.h"

namespace layermoe {

namespace {

// Bounds every expert count, so that shares stay exact in a double and sums cannot overflow.
constexpr int64_t kMaxExperts = 1'000'000'000;
constexpr double kInfinity = std::numeric_limits<double>::infinity();

void check_expert_count(int64_t value, std::string_view what) {
    if (value > kMaxExperts) throw Error(fmt::format("{} {} is too large (at most {})", what, value, kMaxExperts));
}

void check_scores(const std::vector<LayerScore>& scores, double floor) {
    if (scores.empty())
        throw Error("no similarity scores to allocate from: run the similarity analysis or load a scores CSV first");
    if (floor < 0 || !std::isfinite(floor)) throw Error(fmt::format("score floor {} must be a number >= 0", floor));
    for (const auto& score : scores) {
        if (!std::isfinite(score.s))
            throw Error(fmt::format("layer {} has similarity score {}; scores must be finite", score.layer, score.s));
        if (score.s <= 0 && floor == 0)
            throw Error(fmt::format("layer {} has similarity score {}; scores must be > 0 (the allocation divides by "
                                    "them). At such a layer the languages share nothing: set a score floor (e.g. "
                                    "--score-floor 0.01) to give it the most experts",
                                    score.layer, score.s));
    }
}

// The scores the rules divide by: the measured ones, raised to the floor.
std::vector<LayerScore> floored(const std::vector<LayerScore>& scores, double floor) {
    std::vector<LayerScore> out = scores;
    for (auto& s : out) s.s = std::max(s.s, floor);
    return out;
}

void check_bounds(const AllocationConfig& c) {
    if (c.min_experts < 1)
        throw Error(
            fmt::format("min experts per layer is {}; it must be at least 1 (the original expert)", c.min_experts));
    if (c.max_experts < 0) throw Error(fmt::format("max experts per layer is {}; use 0 for no maximum", c.max_experts));
    if (c.max_experts > 0 && c.max_experts < c.min_experts)
        throw Error(fmt::format("max experts per layer ({}) is smaller than min experts per layer ({})", c.max_experts,
                                c.min_experts));
    check_expert_count(c.min_experts, "min experts per layer");
    check_expert_count(c.max_experts, "max experts per layer");
}

void check_budget(const AllocationConfig& c, int64_t n_layers) {
    if (c.budget < n_layers)
        throw Error(fmt::format("budget {} is smaller than the {} layers: every layer keeps its original expert, "
                                "so the budget counts at least one expert per layer",
                                c.budget, n_layers));
    check_expert_count(c.budget, "budget");
    if (c.budget < n_layers * c.min_experts)
        throw Error(fmt::format("budget {} is smaller than {} layers x min {} experts = {}; lower the min or "
                                "raise the budget",
                                c.budget, n_layers, c.min_experts, n_layers * c.min_experts));
    if (c.rule == AllocationRule::Exact && c.max_experts > 0 && n_layers * c.max_experts < c.budget)
        throw Error(fmt::format("budget {} is more than {} layers x max {} experts = {}, so the exact rule cannot "
                                "spend it; raise the max or lower the budget",
                                c.budget, n_layers, c.max_experts, n_layers * c.max_experts));
}

void check_config(const std::vector<LayerScore>& scores, const AllocationConfig& c) {
    check_scores(scores, c.score_floor);
    check_bounds(c);
    if (c.rule == AllocationRule::Uniform) {
        if (c.uniform_experts < 1)
            throw Error(fmt::format("uniform experts per layer is {}; it must be at least 1 (the original expert)",
                                    c.uniform_experts));
        check_expert_count(c.uniform_experts, "uniform experts per layer");
    } else {
        check_budget(c, int64_t(scores.size()));
    }
    if (c.classifier_threshold && c.classifier_top)
        throw Error("give either a classifier threshold or a classifier top-c, not both");
    if (c.classifier_threshold && !std::isfinite(*c.classifier_threshold))
        throw Error(fmt::format("classifier threshold {} is not a finite number", *c.classifier_threshold));
    if (c.compare_uniform_experts < 1)
        throw Error(
            fmt::format("compared uniform experts per layer is {}; it must be at least 1", c.compare_uniform_experts));
    check_expert_count(c.compare_uniform_experts, "compared uniform experts per layer");
    if (c.d_model < 0 || c.ffn_size < 0)
        throw Error(fmt::format("model shape d_model {} x ffn_size {} is negative", c.d_model, c.ffn_size));
}

int64_t checked_product(std::initializer_list<int64_t> factors) {
    int64_t product = 1;
    for (int64_t f : factors)
        if (__builtin_mul_overflow(product, f, &product))
            throw Error("parameter count does not fit in 64 bits; check d_model and ffn_size");
    return product;
}

double sum_of_weights(const std::vector<LayerScore>& scores) {
    double sum = 0;
    for (const auto& score : scores) sum += 1 / score.s;
    return sum;
}

void allocate_ceil(const std::vector<LayerScore>& scores, const AllocationConfig& c,
                   std::vector<LayerAllocation>& out) {
    const double weights = sum_of_weights(scores);
    const int64_t max = c.max_experts > 0 ? c.max_experts : kMaxExperts;
    for (size_t i = 0; i < scores.size(); ++i) {
        const double share = double(c.budget) * (1 / scores[i].s) / weights;
        // A share that is an integer in exact arithmetic may round to 3.0000000000000004; ceil must not make it 4.
        const auto experts = int64_t(std::ceil(share - 1e-9 * share));
        out[i].experts = std::clamp(experts, c.min_experts, max);
    }
}

// Exact rule with bounds: N^i = clamp(lambda * w_i, min, max) with w_i = 1/S^i and lambda such that
// the sum is the budget. The sum is piecewise linear and increasing in lambda, with a kink where a
// layer reaches a bound (lambda = bound / w_i); the two kinks around the budget fix which layers sit
// on a bound. Clamping once and spreading the rest (sticky water-filling) fails when both bounds are hit.
double clamped_total(const std::vector<double>& weights, double lambda, double lo, double hi) {
    double total = 0;
    for (double w : weights) total += std::clamp(lambda * w, lo, hi);
    return total;
}

// Turns the weights 1/S^i into the real-valued shares of the budget, in place.
void exact_shares(const AllocationConfig& c, std::vector<double>& weights) {
    const double budget = double(c.budget);
    const double lo = double(c.min_experts);
    const double hi = c.max_experts > 0 ? double(c.max_experts) : kInfinity;
    double below = 0, above = kInfinity;
    auto consider = [&](double kink) {
        const double total = clamped_total(weights, kink, lo, hi);
        if (total <= budget) below = std::max(below, kink);
        if (total >= budget) above = std::min(above, kink);
    };
    for (double w : weights) {
        consider(lo / w);
        if (hi < kInfinity) consider(hi / w);
    }
    auto at_min = [&](double w) { return lo / w >= above; };
    auto at_max = [&](double w) { return hi < kInfinity && hi / w <= below; };
    double on_bounds = 0, free_weights = 0;
    for (double w : weights) {
        if (at_min(w))
            on_bounds += lo;
        else if (at_max(w))
            on_bounds += hi;
        else
            free_weights += w;
    }
    for (double& w : weights) {
        if (at_min(w))
            w = lo;
        else if (at_max(w))
            w = hi;
        else
            w = (budget - on_bounds) * w / free_weights;
    }
}

// Floors every share, then hands the missing experts to the largest remainders (ties: lower layer).
void round_largest_remainder(const AllocationConfig& c, std::vector<double>& shares,
                             std::vector<LayerAllocation>& out) {
    const int64_t max = c.max_experts > 0 ? c.max_experts : kMaxExperts;
    int64_t missing = c.budget;
    for (size_t i = 0; i < out.size(); ++i) {
        out[i].experts = std::clamp(int64_t(std::floor(shares[i])), c.min_experts, max);
        shares[i] -= double(out[i].experts);  // now the remainder
        missing -= out[i].experts;
    }
    for (; missing > 0; --missing) {
        size_t best = out.size();
        for (size_t i = 0; i < out.size(); ++i)
            if (out[i].experts < max && (best == out.size() || shares[i] > shares[best])) best = i;
        if (best == out.size()) break;
        ++out[best].experts;
        shares[best] = -kInfinity;
    }
}

void allocate_exact(const std::vector<LayerScore>& scores, const AllocationConfig& c,
                    std::vector<LayerAllocation>& out) {
    std::vector<double> shares(scores.size());
    for (size_t i = 0; i < scores.size(); ++i) shares[i] = 1 / scores[i].s;
    exact_shares(c, shares);
    round_largest_remainder(c, shares, out);
}

// Rank of a layer by score, highest first, ties to the lower layer index.
size_t score_rank(const std::vector<LayerScore>& scores, size_t i) {
    size_t rank = 0;
    for (size_t j = 0; j < scores.size(); ++j)
        if (scores[j].s > scores[i].s || (scores[j].s == scores[i].s && j < i)) ++rank;
    return rank;
}

void mark_classifiers(const std::vector<LayerScore>& scores, const AllocationConfig& c,
                      std::vector<LayerAllocation>& out) {
    if (c.classifier_threshold) {
        for (size_t i = 0; i < scores.size(); ++i) out[i].classifier = scores[i].s >= *c.classifier_threshold;
    } else if (c.classifier_top) {
        const auto top = size_t(std::clamp<int64_t>(*c.classifier_top, 0, int64_t(scores.size())));
        for (size_t i = 0; i < scores.size(); ++i) out[i].classifier = score_rank(scores, i) < top;
    }
}

void add_totals(Allocation& a) {
    const AllocationConfig& c = a.config;
    for (auto& layer : a.layers) {
        layer.new_experts = layer.experts - 1;
        a.total_experts += layer.experts;
        a.new_experts += layer.new_experts;
        if (layer.experts > 1) a.router_parameters += checked_product({c.d_model, layer.experts});
        if (layer.classifier) ++a.classifier_layers;
    }
    a.new_parameters = checked_product({a.new_experts, 3, c.d_model, c.ffn_size});
    a.uniform_new_experts = int64_t(a.layers.size()) * (c.compare_uniform_experts - 1);
    a.uniform_new_parameters = checked_product({a.uniform_new_experts, 3, c.d_model, c.ffn_size});
    a.new_experts_vs_uniform = a.uniform_new_experts == 0 ? 0.0 : double(a.new_experts) / double(a.uniform_new_experts);
}

template <class T>
T json_field(const nlohmann::json& j, const char* key, T fallback, bool (nlohmann::json::*is_type)() const noexcept,
             std::string_view type_name) {
    const auto it = j.find(key);
    if (it == j.end()) return fallback;
    if (!((*it).*is_type)())
        throw Error(fmt::format("allocation config: '{}' must be {} (got {})", key, type_name, it->dump()));
    return it->get<T>();
}

template <class T>
std::optional<T> optional_json_field(const nlohmann::json& j, const char* key,
                                     bool (nlohmann::json::*is_type)() const noexcept, std::string_view type_name) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return std::nullopt;
    return json_field<T>(j, key, T{}, is_type, type_name);
}

template <class T>
nlohmann::json optional_to_json(const std::optional<T>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace

std::string rule_name(AllocationRule rule) {
    switch (rule) {
    case AllocationRule::Ceil: return "ceil";
    case AllocationRule::Exact: return "exact";
    case AllocationRule::Uniform: return "uniform";
    }
    throw Error(fmt::format("invalid allocation rule {}", int(rule)));
}

AllocationRule parse_allocation_rule(std::string_view name) {
    for (auto rule : {AllocationRule::Ceil, AllocationRule::Exact, AllocationRule::Uniform})
        if (name == rule_name(rule)) return rule;
    throw Error(fmt::format("unknown allocation rule '{}' (known: ceil, exact, uniform)", name));
}

nlohmann::json AllocationConfig::to_json() const {
    return {{"rule", rule_name(rule)},
            {"budget", budget},
            {"uniform_experts", uniform_experts},
            {"min_experts", min_experts},
            {"max_experts", max_experts},
            {"classifier_threshold", optional_to_json(classifier_threshold)},
            {"classifier_top", optional_to_json(classifier_top)},
            {"compare_uniform_experts", compare_uniform_experts},
            {"score_floor", score_floor},
            {"d_model", d_model},
            {"ffn_size", ffn_size}};
}

AllocationConfig AllocationConfig::from_json(const nlohmann::json& j) {
    if (!j.is_object()) throw Error(fmt::format("allocation config must be a JSON object (got {})", j.dump()));
    const AllocationConfig defaults;
    const auto integer = &nlohmann::json::is_number_integer;
    AllocationConfig c;
    c.rule = parse_allocation_rule(
        json_field<std::string>(j, "rule", rule_name(defaults.rule), &nlohmann::json::is_string, "a string"));
    c.budget = json_field<int64_t>(j, "budget", defaults.budget, integer, "an integer");
    c.uniform_experts = json_field<int64_t>(j, "uniform_experts", defaults.uniform_experts, integer, "an integer");
    c.min_experts = json_field<int64_t>(j, "min_experts", defaults.min_experts, integer, "an integer");
    c.max_experts = json_field<int64_t>(j, "max_experts", defaults.max_experts, integer, "an integer");
    c.classifier_threshold =
        optional_json_field<double>(j, "classifier_threshold", &nlohmann::json::is_number, "a number or null");
    c.classifier_top = optional_json_field<int64_t>(j, "classifier_top", integer, "an integer or null");
    c.compare_uniform_experts =
        json_field<int64_t>(j, "compare_uniform_experts", defaults.compare_uniform_experts, integer, "an integer");
    c.score_floor = json_field<double>(j, "score_floor", defaults.score_floor, &nlohmann::json::is_number, "a number");
    c.d_model = json_field<int64_t>(j, "d_model", defaults.d_model, integer, "an integer");
    c.ffn_size = json_field<int64_t>(j, "ffn_size", defaults.ffn_size, integer, "an integer");
    return c;
}

nlohmann::json Allocation::to_json() const {
    nlohmann::json per_layer = nlohmann::json::array();
    for (const auto& l : layers)
        per_layer.push_back({{"layer", l.layer},
                             {"s", l.s},
                             {"experts", l.experts},
                             {"new_experts", l.new_experts},
                             {"classifier", l.classifier}});
    return {{"config", config.to_json()},
            {"layers", std::move(per_layer)},
            {"total_experts", total_experts},
            {"new_experts", new_experts},
            {"new_parameters", new_parameters},
            {"router_parameters", router_parameters},
            {"classifier_layers", classifier_layers},
            {"uniform_new_experts", uniform_new_experts},
            {"uniform_new_parameters", uniform_new_parameters},
            {"new_experts_vs_uniform", new_experts_vs_uniform}};
}

// One key of layers[i] of a stored allocation, checked before it is read: a number too large for
// its type (1e117 experts, as fuzzing found in an experiment file) would convert with undefined
// behaviour.
namespace {
template <class T>
T layer_field(const nlohmann::json& layer, size_t i, const char* key, std::string_view type_name) {
    const auto it = layer.find(key);
    if (it == layer.end()) throw Error(fmt::format("allocation: layers[{}]: \"{}\" is missing", i, key));
    if (auto read = json_as<T>(*it)) return *read;
    throw Error(fmt::format("allocation: layers[{}]: \"{}\" must be {} (got {})", i, key, type_name, it->dump()));
}
}  // namespace

Allocation Allocation::from_json(const nlohmann::json& j) {
    if (!j.is_object() || !j.contains("config") || !j.contains("layers") || !j.at("layers").is_array())
        throw Error("allocation: expected an object with \"config\" and \"layers\"");
    Allocation a;
    a.config = AllocationConfig::from_json(j.at("config"));
    // The totals below sum and multiply these: bounded, they cannot overflow.
    if (a.config.compare_uniform_experts < 1)
        throw Error(fmt::format("allocation: config: \"compare_uniform_experts\" is {}; it must be at least 1",
                                a.config.compare_uniform_experts));
    check_expert_count(a.config.compare_uniform_experts, "allocation: config: \"compare_uniform_experts\"");
    if (a.config.d_model < 0 || a.config.ffn_size < 0)
        throw Error(fmt::format("allocation: config: model shape d_model {} x ffn_size {} is negative",
                                a.config.d_model, a.config.ffn_size));
    const auto& layers = j.at("layers");
    for (size_t i = 0; i < layers.size(); ++i) {
        const auto& l = layers[i];
        if (!l.is_object()) throw Error(fmt::format("allocation: layers[{}] must be an object (got {})", i, l.dump()));
        LayerAllocation layer{layer_field<int64_t>(l, i, "layer", "a whole number"),
                              layer_field<double>(l, i, "s", "a number"),
                              layer_field<int64_t>(l, i, "experts", "a whole number"),
                              layer_field<int64_t>(l, i, "new_experts", "a whole number"),
                              layer_field<bool>(l, i, "classifier", "true or false")};
        if (layer.layer < 0)
            throw Error(fmt::format("allocation: layers[{}]: \"layer\" is {}; it must be at least 0", i, layer.layer));
        if (layer.experts < 1)
            throw Error(
                fmt::format("allocation: layers[{}]: \"experts\" is {}; it must be at least 1 (the original expert)", i,
                            layer.experts));
        check_expert_count(layer.experts, fmt::format("allocation: layers[{}]: \"experts\"", i));
        a.layers.push_back(layer);
    }
    add_totals(a);
    return a;
}

Allocation Allocation::for_shape(int64_t d_model, int64_t ffn_size) const {
    Allocation a;
    a.config = config;
    a.config.d_model = d_model;
    a.config.ffn_size = ffn_size;
    a.layers = layers;
    add_totals(a);
    return a;
}

Allocation allocate(const std::vector<LayerScore>& measured, const AllocationConfig& config) {
    check_config(measured, config);
    const std::vector<LayerScore> scores = config.score_floor > 0 ? floored(measured, config.score_floor) : measured;
    Allocation a;
    a.config = config;
    a.layers.resize(scores.size());
    for (size_t i = 0; i < scores.size(); ++i) {
        a.layers[i].layer = scores[i].layer;
        a.layers[i].s = measured[i].s;
    }
    switch (config.rule) {
    case AllocationRule::Ceil: allocate_ceil(scores, config, a.layers); break;
    case AllocationRule::Exact: allocate_exact(scores, config, a.layers); break;
    case AllocationRule::Uniform:
        for (auto& layer : a.layers) layer.experts = config.uniform_experts;
        break;
    }
    mark_classifiers(scores, config, a.layers);
    add_totals(a);
    return a;
}

}  // namespace layermoe
