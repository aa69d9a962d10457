#include "core/report/routes.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "core/common/error.h"
#include "core/io/csv.h"
#include "core/store/metric_keys.h"
#include "core/store/store.h"

namespace layermoe {

namespace {

// The number after `prefix` in `name`; nullopt for any other name.
std::optional<int64_t> indexed(std::string_view name, std::string_view prefix) {
    if (name.substr(0, prefix.size()) != prefix || name.size() == prefix.size()) return std::nullopt;
    int64_t index = 0;
    const char* end = name.data() + name.size();
    const auto [ptr, ec] = std::from_chars(name.data() + prefix.size(), end, index);
    if (ec != std::errc() || ptr != end || index < 0 || index > 1'000'000) return std::nullopt;
    return index;
}

template <typename T>
T& at_grown(std::vector<T>& v, int64_t i) {
    if (static_cast<int64_t>(v.size()) <= i) v.resize(static_cast<size_t>(i) + 1);
    return v[static_cast<size_t>(i)];
}

}  // namespace

std::vector<MetricPoint> route_points(const RouteTable& t) {
    std::vector<MetricPoint> out;
    const auto point = [&](int64_t layer, std::string_view language, std::string name, double value) {
        MetricPoint p;
        p.stage = std::string(metric::kRoutesStage);
        p.step = layer;
        p.language = std::string(language);
        p.name = std::move(name);
        p.value = value;
        out.push_back(std::move(p));
    };
    for (const auto& l : t.layers) {
        for (int64_t e = 0; e < l.experts(); ++e)
            point(l.layer, "all", fmt::format("{}{}", metric::kRouteWavePrefix, e), static_cast<double>(l.expert_wave[e]));
        for (size_t i = 0; i < t.languages.size(); ++i) {
            const auto& lang = t.languages[i];
            point(l.layer, lang.code, std::string(metric::kRouteTokens), static_cast<double>(lang.tokens));
            point(l.layer, lang.code, std::string(metric::kRouteSequences), static_cast<double>(lang.sequences));
            for (size_t e = 0; e < l.share[i].size(); ++e)
                point(l.layer, lang.code, fmt::format("{}{}", metric::kRouteSharePrefix, e), l.share[i][e]);
            if (!l.classes.empty())
                for (size_t c = 0; c < l.classes[i].size(); ++c)
                    point(l.layer, lang.code, fmt::format("{}{}", metric::kRouteClassPrefix, c),
                          static_cast<double>(l.classes[i][c]));
        }
    }
    return out;
}

RouteTable load_routes(const Store& store, int64_t run) {
    RouteTable t;
    std::map<std::string, size_t> index;
    for (const auto& [code, group] : store.run_languages(run)) {
        index[code] = t.languages.size();
        t.languages.push_back({code, group, 0, 0});
    }
    std::map<int64_t, RouteLayer> layers;
    for (const auto& p : store.metrics(run)) {
        if (p.stage != metric::kRoutesStage) continue;
        auto& layer = layers[p.step];
        layer.layer = p.step;
        if (const auto e = indexed(p.name, metric::kRouteWavePrefix)) {
            at_grown(layer.expert_wave, *e) = static_cast<int64_t>(p.value);
            continue;
        }
        const auto it = index.find(p.language);
        if (it == index.end()) continue;  // a language the run does not list
        const int64_t li = static_cast<int64_t>(it->second);
        auto& lang = t.languages[it->second];
        if (p.name == metric::kRouteTokens) lang.tokens = static_cast<int64_t>(p.value);
        else if (p.name == metric::kRouteSequences) lang.sequences = static_cast<int64_t>(p.value);
        else if (const auto e = indexed(p.name, metric::kRouteSharePrefix)) at_grown(at_grown(layer.share, li), *e) = p.value;
        else if (const auto c = indexed(p.name, metric::kRouteClassPrefix))
            at_grown(at_grown(layer.classes, li), *c) = static_cast<int64_t>(p.value);
    }
    if (layers.empty()) throw Error(fmt::format("run {} recorded no routes", run));
    for (auto& [_, l] : layers) {
        // Every language has a row of every expert and class (0 where nothing was recorded).
        l.share.resize(t.languages.size());
        for (auto& row : l.share) row.resize(l.expert_wave.size(), 0.0);
        if (!l.classes.empty()) {
            size_t n = 0;
            for (const auto& row : l.classes) n = std::max(n, row.size());
            l.classes.resize(t.languages.size());
            for (auto& row : l.classes) row.resize(n, 0);
        }
        t.layers.push_back(std::move(l));
    }
    return t;
}

std::string routes_csv(const RouteTable& t) {
    CsvWriter csv({"layer", "language", "group", "measure", "index", "wave", "value", "tokens", "sequences"});
    // One row; a class has no wave.
    auto row = [&](int64_t layer, const RouteLanguage& lang, const char* measure, size_t index,
                   std::optional<int64_t> wave, double value) {
        csv.integer(layer).text(lang.code).text(lang.group).text(measure).integer(static_cast<int64_t>(index));
        if (wave)
            csv.integer(*wave);
        else
            csv.empty();
        csv.number(value).integer(lang.tokens).integer(lang.sequences).end_row();
    };
    for (const auto& l : t.layers)
        for (size_t i = 0; i < t.languages.size(); ++i) {
            const auto& lang = t.languages[i];
            for (size_t e = 0; e < l.share[i].size(); ++e) row(l.layer, lang, "share", e, l.expert_wave[e], l.share[i][e]);
            if (l.classes.empty()) continue;
            for (size_t c = 0; c < l.classes[i].size(); ++c)
                row(l.layer, lang, "class_share", c, std::nullopt,
                    lang.sequences > 0 ? static_cast<double>(l.classes[i][c]) / static_cast<double>(lang.sequences)
                                       : NAN);
        }
    return csv.str();
}

nlohmann::json routes_json(const RouteTable& t) {
    nlohmann::json languages = nlohmann::json::array(), layers = nlohmann::json::array();
    for (const auto& l : t.languages)
        languages.push_back({{"code", l.code}, {"group", l.group}, {"tokens", l.tokens}, {"sequences", l.sequences}});
    for (const auto& l : t.layers) {
        nlohmann::json share = nlohmann::json::object(), classes = nlohmann::json::object();
        for (size_t i = 0; i < t.languages.size(); ++i) {
            share[t.languages[i].code] = l.share[i];
            if (!l.classes.empty()) classes[t.languages[i].code] = l.classes[i];
        }
        nlohmann::json layer = {{"layer", l.layer}, {"expert_wave", l.expert_wave}, {"share", share}};
        if (!l.classes.empty()) layer["classes"] = classes;
        layers.push_back(std::move(layer));
    }
    return {{"languages", languages}, {"layers", layers}};
}

}  // namespace layermoe
