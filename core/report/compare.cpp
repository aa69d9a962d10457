#include "core/report/compare.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <iterator>
#include <limits>
#include <set>

#include <fmt/format.h>

#include "core/common/error.h"

namespace layermoe {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void flatten(const nlohmann::json& j, const std::string& prefix, std::map<std::string, std::string>& out) {
    if (j.is_object()) {
        for (const auto& [key, value] : j.items())
            flatten(value, prefix.empty() ? key : fmt::format("{}.{}", prefix, key), out);
    } else {
        out[prefix] = j.is_string() ? j.get<std::string>() : j.dump();
    }
}

void add_unique(std::vector<std::string>& list, const std::string& code) {
    if (std::find(list.begin(), list.end(), code) == list.end()) list.push_back(code);
}

// A run that evaluates a model: its numbers can be a base's.
bool is_evaluated_kind(RunKind kind) { return kind == RunKind::Pretrain || kind == RunKind::Eval; }

std::optional<int64_t> config_integer(const nlohmann::json& config, const char* key) {
    if (!config.is_object()) return std::nullopt;
    const auto it = config.find(key);
    return it != config.end() && it->is_number() ? std::optional<int64_t>(it->get<int64_t>()) : std::nullopt;
}

std::vector<double> changes(const RunSummary& run, const RunSummary& base, const std::vector<std::string>& langs) {
    std::vector<double> out;
    for (const auto& l : langs) {
        const auto a = run.bpb.find(l), b = base.bpb.find(l);
        out.push_back(a != run.bpb.end() && b != base.bpb.end() ? a->second - b->second : kNaN);
    }
    return out;
}

// The model folder a run's config names ("model": what an eval run evaluated, what a stage run
// expanded); empty when none.
std::string model_of(const RunRecord& r) {
    if (!r.config.is_object()) return {};
    const auto it = r.config.find("model");
    return it != r.config.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<int64_t> experiment_of(const RunRecord& r) {
    if (!r.config.is_object()) return std::nullopt;
    const auto it = r.config.find("experiment");
    return it != r.config.end() && it->is_number_integer() ? std::optional<int64_t>(it->get<int64_t>()) : std::nullopt;
}

// The store's runs by id, read once, and the questions a base search asks of them.
class Lineage {
public:
    explicit Lineage(const Store& store) : store_(store) {
        for (auto& r : store.list_runs()) runs_.emplace(r.id, std::move(r));
    }

    const RunRecord* get(int64_t id) const {
        const auto it = runs_.find(id);
        return it == runs_.end() ? nullptr : &it->second;
    }

    // The run and its ancestors by parent, nearest first (a damaged store's cycle ends the walk).
    std::vector<const RunRecord*> chain(int64_t id) const {
        std::vector<const RunRecord*> out;
        std::set<int64_t> seen;
        for (const RunRecord* r = get(id); r && seen.insert(r->id).second; r = r->parent ? get(*r->parent) : nullptr)
            out.push_back(r);
        return out;
    }

    bool has_bpb(int64_t id) const {
        const auto cached = bpb_.find(id);
        if (cached != bpb_.end()) return cached->second;
        bool has = false;
        for (const auto& e : store_.eval_results(id))
            if (e.task == "heldout" && e.metric == "bpb" && e.language.rfind("group:", 0) != 0) has = true;
        bpb_[id] = has;
        return has;
    }

    // A stage run, or an evaluation of a model that descends from one: its model is an expansion.
    bool expanded(int64_t id) const {
        const auto runs = chain(id);
        return std::any_of(runs.begin(), runs.end(), [](const RunRecord* r) { return is_stage(r->kind); });
    }

    // An evaluated model before any expansion: a pretrain run or an eval run, with held-out bpb.
    bool is_base(int64_t id) const {
        const RunRecord* r = get(id);
        return r && is_evaluated_kind(r->kind) && !expanded(id) && has_bpb(id);
    }

    BaseLink find(int64_t id) const {
        const RunRecord* run = get(id);
        if (!run) throw Error(fmt::format("{}: no run with id {}", store_.path().string(), id));
        if (is_base(id)) return {};
        const auto runs = chain(id);
        // The folder the nearest stage run (the run itself, or the stage an eval run descends
        // from) expanded, and the experiment that groups the run.
        std::string folder;
        std::optional<int64_t> experiment;
        for (const RunRecord* r : runs) {
            if (folder.empty() && is_stage(r->kind)) folder = model_of(*r);
            if (!experiment) experiment = experiment_of(*r);
        }
        // The latest evaluated base model before the run that `accept` accepts.
        auto latest = [&](const std::function<bool(const RunRecord&)>& accept) -> std::optional<int64_t> {
            for (auto it = std::make_reverse_iterator(runs_.lower_bound(id)); it != runs_.rend(); ++it)
                if (accept(it->second) && is_base(it->first)) return it->first;
            return std::nullopt;
        };
        // 1. The lineage: the nearest ancestor that is a base model; an eval run of it (of the
        // folder the run expanded first: an experiment's base evaluation) before the ancestor's
        // own numbers, since that evaluation is the one an experiment compares with.
        for (size_t i = 1; i < runs.size(); ++i) {
            const RunRecord& a = *runs[i];
            if (!is_evaluated_kind(a.kind) || expanded(a.id)) continue;
            if (!folder.empty())
                if (auto e = latest([&](const RunRecord& r) {
                        return r.kind == RunKind::Eval && r.parent == a.id && model_of(r) == folder;
                    }))
                    return {e, BaseSource::Lineage};
            if (auto e = latest([&](const RunRecord& r) { return r.kind == RunKind::Eval && r.parent == a.id; }))
                return {e, BaseSource::Lineage};
            if (is_base(a.id)) return {a.id, BaseSource::Lineage};
        }
        // 2. An evaluation of the folder it expanded (a base model from elsewhere has no parent).
        if (!folder.empty())
            if (auto e = latest([&](const RunRecord& r) { return r.kind == RunKind::Eval && model_of(r) == folder; }))
                return {e, BaseSource::ModelFolder};
        // 3. The experiment's first evaluated model: its base, evaluated before any method ran.
        if (experiment)
            for (auto it = runs_.upper_bound(*experiment); it != runs_.end() && it->first < id; ++it)
                if (is_base(it->first)) return {it->first, BaseSource::Experiment};
        return {};
    }

private:
    const Store& store_;
    std::map<int64_t, RunRecord> runs_;
    mutable std::map<int64_t, bool> bpb_;
};

}  // namespace

BaseLink find_base_run(const Store& store, int64_t run) { return Lineage(store).find(run); }

const char* base_source_name(BaseSource s) {
    switch (s) {
    case BaseSource::Chosen: return "chosen";
    case BaseSource::Lineage: return "lineage";
    case BaseSource::ModelFolder: return "model_folder";
    case BaseSource::Experiment: return "experiment";
    case BaseSource::None: break;
    }
    return "none";
}

RunSummary summarise_run(const Store& store, int64_t id) {
    const auto run = store.get_run(id);
    if (!run) throw Error(fmt::format("{}: no run with id {}", store.path().string(), id));
    RunSummary s;
    s.run = *run;
    s.label = fmt::format("{} {}", run->id, run->name.empty() ? std::string(to_string(run->kind)) : run->name);
    for (const auto& e : store.eval_results(id)) {
        if (e.task != "heldout" &&
            (e.metric == "acc" || e.metric == "acc_norm" || e.metric == "acc_bytes" || e.metric == "acc_mutual_info")) {
            s.tasks[e.task + " " + e.metric][e.language] = e.value;
            continue;
        }
        if (e.task != "heldout" || e.metric != "bpb") continue;
        if (e.language.rfind("group:", 0) == 0)
            s.groups[e.language.substr(6)] = e.value;
        else
            s.bpb[e.language] = e.value;
    }
    for (auto& u : store.eval_units(id)) {
        if (u.value.empty()) continue;
        if (u.task == "heldout" && u.metric == "bpb")
            s.bpb_units[u.language] = stats::Samples{{std::move(u.value)}, std::move(u.weight)};
        else if (u.task != "heldout")
            s.task_units[u.task + " " + u.metric][u.language] =
                stats::Samples{{std::move(u.value)}, std::move(u.weight)};
    }
    s.new_experts = config_integer(run->config, "new_experts");
    s.new_parameters = config_integer(run->config, "new_parameters");
    s.trainable_parameters = config_integer(run->config, "trainable_parameters");
    if (run->kind == RunKind::Allocate) {
        int64_t added = 0;
        for (const auto& layer : store.allocation(id)) added += layer.new_experts;
        s.new_experts = added;
    }
    s.languages = store.run_languages(id);
    return s;
}

Comparison build_comparison(std::vector<RunSummary> runs, std::optional<size_t> base) {
    Comparison c;
    c.runs = std::move(runs);
    const size_t n = c.runs.size();
    if (base) {
        if (*base >= n) throw Error(fmt::format("the base is run {} of a comparison of {} runs", *base + 1, n));
        for (auto& s : c.runs) {
            s.base = base;
            s.base_source = BaseSource::Chosen;
        }
    }
    for (const auto& s : c.runs)
        if (s.base && *s.base >= n)
            throw Error(fmt::format("run {} has base {}, but the comparison has {} runs", s.label, *s.base + 1, n));
    // The comparison's base: the one every run with a base shares.
    for (const auto& s : c.runs) {
        if (!s.base) continue;
        if (c.base && *c.base != *s.base) {
            c.base.reset();
            break;
        }
        c.base = s.base;
    }
    for (const auto& s : c.runs)
        for (const auto& [code, group] : s.languages) add_unique(group == "old" ? c.old_langs : c.new_langs, code);
    // A language old for one run and new for another (a G1 language in a G2 run) counts as new.
    std::erase_if(c.old_langs, [&](const std::string& l) {
        return std::find(c.new_langs.begin(), c.new_langs.end(), l) != c.new_langs.end();
    });
    for (const auto& s : c.runs) {
        c.old_change.push_back(s.base ? changes(s, c.runs[*s.base], c.old_langs)
                                      : std::vector<double>(c.old_langs.size(), kNaN));
        c.new_change.push_back(s.base ? changes(s, c.runs[*s.base], c.new_langs)
                                      : std::vector<double>(c.new_langs.size(), kNaN));
    }
    for (const auto& r : c.runs)
        for (const auto& [key, values] : r.tasks) add_unique(c.task_keys, key);
    std::sort(c.task_keys.begin(), c.task_keys.end());
    std::vector<std::map<std::string, std::string>> flat(n);
    std::vector<std::string> keys;
    for (size_t i = 0; i < n; ++i) {
        flatten(c.runs[i].run.config, "", flat[i]);
        for (const auto& [key, value] : flat[i]) add_unique(keys, key);
    }
    std::sort(keys.begin(), keys.end());
    for (const auto& key : keys) {
        ConfigRow row{key, {}, false};
        for (const auto& f : flat) {
            const auto it = f.find(key);
            row.values.push_back(it == f.end() ? std::string() : it->second);
        }
        row.differs =
            std::adjacent_find(row.values.begin(), row.values.end(), std::not_equal_to<>()) != row.values.end();
        c.configs.push_back(std::move(row));
    }
    return c;
}

namespace {

// The mean over runs of each key's value, for the keys every run has.
template <class Map>
Map mean_over(const std::vector<const Map*>& maps) {
    Map out;
    for (const auto& [key, value] : *maps[0]) {
        double sum = 0;
        bool all = true;
        for (const Map* m : maps) {
            const auto it = m->find(key);
            if (it == m->end()) {
                all = false;
                break;
            }
            sum += it->second;
        }
        if (all) out[key] = sum / static_cast<double>(maps.size());
    }
    return out;
}

// Each key's samples stacked (rows of the first run, then the next, ...), for the keys every run
// has on the same units.
std::map<std::string, stats::Samples> stacked(const std::vector<const std::map<std::string, stats::Samples>*>& maps) {
    std::map<std::string, stats::Samples> out;
    for (const auto& [key, first] : *maps[0]) {
        stats::Samples all{{}, first.weight};
        bool same = true;
        for (const auto* m : maps) {
            const auto it = m->find(key);
            if (it == m->end() || it->second.weight != first.weight) {
                same = false;
                break;
            }
            all.num.insert(all.num.end(), it->second.num.begin(), it->second.num.end());
        }
        if (same) out[key] = std::move(all);
    }
    return out;
}

// What runs differing only in their seed share: kind, and config without the seed and the
// folders it names. nullopt for a run outside an experiment (nothing says it was one of seeds).
std::optional<std::string> seed_key(const RunSummary& s) {
    if (!s.run.config.is_object() || !s.run.config.contains("experiment")) return std::nullopt;
    nlohmann::json c = s.run.config;
    for (const char* key : {"seed", "model", "out_dir"}) c.erase(key);
    for (const char* stage : {"stage1", "stage2", "train"})
        if (c.contains(stage) && c[stage].is_object()) c[stage].erase("seed");
    return std::string(to_string(s.run.kind)) + c.dump();
}

// The label without " (seed K)".
std::string without_seed(std::string label) {
    const auto open = label.find(" (seed ");
    if (open == std::string::npos) return label;
    const auto close = label.find(')', open);
    return close == std::string::npos ? label : label.erase(open, close - open + 1);
}

}  // namespace

RunSummary pool_seeds(const std::vector<RunSummary>& runs) {
    if (runs.empty()) throw Error("no runs to pool over seeds");
    RunSummary out = runs[0];
    out.seeds = 0;
    std::vector<const std::map<std::string, double>*> bpb, groups;
    std::vector<const std::map<std::string, stats::Samples>*> bpb_units;
    for (const auto& r : runs) {
        out.seeds += r.seeds;
        bpb.push_back(&r.bpb);
        groups.push_back(&r.groups);
        bpb_units.push_back(&r.bpb_units);
    }
    out.bpb = mean_over(bpb);
    out.groups = mean_over(groups);
    out.bpb_units = stacked(bpb_units);
    out.tasks.clear();
    out.task_units.clear();
    for (const auto& [key, values] : runs[0].tasks) {
        std::vector<const std::map<std::string, double>*> per_run;
        for (const auto& r : runs)
            if (const auto it = r.tasks.find(key); it != r.tasks.end()) per_run.push_back(&it->second);
        if (per_run.size() == runs.size()) out.tasks[key] = mean_over(per_run);
    }
    for (const auto& [key, units] : runs[0].task_units) {
        std::vector<const std::map<std::string, stats::Samples>*> per_run;
        for (const auto& r : runs)
            if (const auto it = r.task_units.find(key); it != r.task_units.end()) per_run.push_back(&it->second);
        if (per_run.size() == runs.size()) out.task_units[key] = stacked(per_run);
    }
    return out;
}

namespace {

// compare_runs' pooling: the runs (bases set) with each group of seeds as one, and the index of
// the common base among them.
std::pair<std::vector<RunSummary>, std::optional<size_t>> pooled_runs(std::vector<RunSummary> runs,
                                                                      std::optional<size_t> chosen) {
    std::vector<std::vector<size_t>> groups;
    std::map<std::string, size_t> group_of_key;
    for (size_t i = 0; i < runs.size(); ++i) {
        const auto key = seed_key(runs[i]);
        if (key) {
            const auto it = group_of_key.find(*key);
            if (it != group_of_key.end()) {
                const auto& g = groups[it->second];
                const bool seen =
                    std::any_of(g.begin(), g.end(), [&](size_t j) { return runs[j].run.seed == runs[i].run.seed; });
                if (!seen) {  // the same seed twice is not a seed of the group
                    groups[it->second].push_back(i);
                    continue;
                }
            } else {
                group_of_key[*key] = groups.size();
            }
        }
        groups.push_back({i});
    }
    std::vector<size_t> index(runs.size());
    for (size_t g = 0; g < groups.size(); ++g)
        for (size_t i : groups[g]) index[i] = g;
    std::vector<RunSummary> out;
    for (const auto& g : groups) {
        std::vector<RunSummary> members;
        for (size_t i : g) members.push_back(runs[i]);
        RunSummary s = pool_seeds(members);
        if (g.size() > 1) {
            s.label = fmt::format("{} ({} seeds)", without_seed(s.label), s.seeds);
            s.run.name = without_seed(s.run.name);
        }
        if (s.base) s.base = index[*s.base];
        out.push_back(std::move(s));
    }
    return {std::move(out), chosen ? std::optional<size_t>(index[*chosen]) : std::nullopt};
}

}  // namespace

Comparison compare_runs(const Store& store, const std::vector<int64_t>& ids, std::optional<int64_t> base,
                        bool find_bases, bool pool) {
    std::vector<RunSummary> runs;
    for (int64_t id : ids) runs.push_back(summarise_run(store, id));
    const Lineage lineage(store);
    std::optional<size_t> chosen;
    for (size_t i = 0; i < runs.size() && !chosen; ++i) {
        const auto& s = runs[i];
        if (base ? s.run.id == *base : is_evaluated_kind(s.run.kind) && !s.bpb.empty() && !lineage.expanded(s.run.id))
            chosen = i;
    }
    if (base && !chosen) throw Error(fmt::format("the base run {} is not among the compared runs", *base));
    if (chosen) {
        if (!pool) return build_comparison(std::move(runs), chosen);
        auto [pooled, at] = pooled_runs(std::move(runs), chosen);
        return build_comparison(std::move(pooled), at);
    }
    if (find_bases) {
        const size_t asked = runs.size();
        for (size_t i = 0; i < asked; ++i) {
            const BaseLink link = lineage.find(runs[i].run.id);
            if (!link.run) continue;
            auto at =
                std::find_if(runs.begin(), runs.end(), [&](const RunSummary& s) { return s.run.id == *link.run; });
            if (at == runs.end()) {
                RunSummary added = summarise_run(store, *link.run);
                added.added = true;
                added.base = runs.size();
                added.base_source = link.source;
                runs.push_back(std::move(added));
                at = runs.end() - 1;
            }
            runs[i].base = static_cast<size_t>(at - runs.begin());
            runs[i].base_source = link.source;
            // A chosen run that is the base of another is measured against itself.
            if (!at->base) {
                at->base = runs[i].base;
                at->base_source = link.source;
            }
        }
    }
    if (pool) runs = pooled_runs(std::move(runs), std::nullopt).first;
    return build_comparison(std::move(runs));
}

std::optional<size_t> Comparison::task_base(const std::string& key) const {
    if (base && runs[*base].tasks.count(key)) return base;
    for (size_t i = 0; i < runs.size(); ++i)
        if (is_evaluated_kind(runs[i].run.kind) && runs[i].tasks.count(key)) return i;
    return std::nullopt;
}

std::vector<std::string> Comparison::headline_task_keys() const {
    std::vector<std::string> keys;
    for (const auto& key : task_keys)
        if (key.ends_with(" acc") || key.ends_with(" acc_mutual_info")) keys.push_back(key);
    return keys;
}

double Comparison::group_bpb(size_t run, const std::string& group) const {
    const auto& g = runs.at(run).groups;
    const auto it = g.find(group);
    return it == g.end() ? kNaN : it->second;
}

double Comparison::language_bpb(size_t run, const std::string& language) const {
    const auto& b = runs.at(run).bpb;
    const auto it = b.find(language);
    return it == b.end() ? kNaN : it->second;
}

double Comparison::task_score(size_t run, const std::string& key, const std::string& language) const {
    const auto& tasks = runs.at(run).tasks;
    const auto t = tasks.find(key);
    if (t == tasks.end()) return kNaN;
    const auto v = t->second.find(language);
    return v == t->second.end() ? kNaN : v->second;
}

bool Comparison::has_g2() const {
    return std::any_of(runs.begin(), runs.end(), [](const RunSummary& s) { return s.groups.count("G2") > 0; });
}

double Comparison::task_change(size_t run, const std::string& key, const std::string& language) const {
    const auto own = runs.at(run).base;
    const auto against = own && runs[*own].tasks.count(key) ? own : task_base(key);
    if (!against) return kNaN;
    return task_score(run, key, language) - task_score(*against, key, language);
}

double Comparison::task_group_change(size_t run, const std::string& key, bool old) const {
    double sum = 0;
    int n = 0;
    for (const auto& l : old ? old_langs : new_langs) {
        const double d = task_change(run, key, l);
        if (std::isnan(d)) continue;
        sum += d;
        ++n;
    }
    return n > 0 ? sum / n : kNaN;
}

double Comparison::mean_change(size_t run, bool old) const {
    double sum = 0;
    int n = 0;
    for (double d : (old ? old_change : new_change).at(run)) {
        if (std::isnan(d)) continue;
        sum += d;
        ++n;
    }
    return n > 0 ? sum / n : kNaN;
}

namespace {

// a minus b over the languages both measured on the same units, paired bootstrap.
std::optional<stats::Interval> paired_over_languages(const std::map<std::string, stats::Samples>& a,
                                                     const std::map<std::string, stats::Samples>& b,
                                                     const std::vector<std::string>& langs, uint64_t seed) {
    std::vector<stats::Samples> first, second;
    for (const auto& l : langs) {
        const auto x = a.find(l), y = b.find(l);
        if (x == a.end() || y == b.end()) continue;
        stats::Samples u = x->second, v = y->second;
        // A run of one seed (the base of every seed) pairs with each seed of the other.
        if (u.num.size() == 1 && v.num.size() > 1) u.num.resize(v.num.size(), u.num[0]);
        if (v.num.size() == 1 && u.num.size() > 1) v.num.resize(u.num.size(), v.num[0]);
        if (u.weight != v.weight || u.num.size() != v.num.size()) continue;
        first.push_back(std::move(u));
        second.push_back(std::move(v));
    }
    if (first.empty()) return std::nullopt;
    return stats::paired_difference(first, second, stats::kResamples, seed);
}

}  // namespace

std::optional<stats::Interval> Comparison::bpb_difference(size_t a, size_t b, bool old) const {
    return group_difference(a, b, old ? "old" : "new");
}

std::optional<stats::Interval> Comparison::group_interval(size_t run, const std::string& group) const {
    const RunSummary& s = runs.at(run);
    std::vector<stats::Samples> strata;
    for (const auto& [code, grp] : s.languages) {
        if (grp != group) continue;
        const auto u = s.bpb_units.find(code);
        if (u == s.bpb_units.end()) return std::nullopt;
        strata.push_back(u->second);
    }
    if (strata.empty()) return std::nullopt;
    const size_t seeds = strata[0].num.size();
    if (seeds < 2) return stats::bootstrap(strata, 0, stats::kResamples, kBootstrapSeed);
    std::vector<double> per_seed(seeds, 0.0);
    for (const auto& stratum : strata) {
        if (stratum.num.size() != seeds) return std::nullopt;
        for (size_t k = 0; k < seeds; ++k) per_seed[k] += stratum.metric(k) / static_cast<double>(strata.size());
    }
    return stats::t_interval(per_seed);
}

std::optional<stats::Interval> Comparison::task_difference(size_t a, size_t b, const std::string& key, bool old) const {
    return task_group_difference(a, b, key, old ? "old" : "new");
}

std::optional<stats::Interval> Comparison::task_change_interval(size_t run, const std::string& key, bool old) const {
    return task_group_change_interval(run, key, old ? "old" : "new");
}

std::optional<stats::Interval> Comparison::task_group_difference(size_t a, size_t b, const std::string& key,
                                                                 const std::string& group) const {
    const auto x = runs.at(a).task_units.find(key), y = runs.at(b).task_units.find(key);
    if (x == runs[a].task_units.end() || y == runs[b].task_units.end()) return std::nullopt;
    return paired_over_languages(x->second, y->second, group_langs(group), kBootstrapSeed);
}

std::optional<stats::Interval> Comparison::task_group_change_interval(size_t run, const std::string& key,
                                                                      const std::string& group) const {
    const auto own = runs.at(run).base;
    const auto against = own && runs[*own].tasks.count(key) ? own : task_base(key);
    if (!against || *against == run) return std::nullopt;
    return task_group_difference(run, *against, key, group);
}

std::vector<std::string> Comparison::group_langs(const std::string& group) const {
    if (group == "old") return old_langs;
    if (group == "new") return new_langs;
    std::vector<std::string> out;
    for (const auto& l : new_langs)
        for (const auto& r : runs)
            if (std::find(r.languages.begin(), r.languages.end(), std::pair<std::string, std::string>{l, group}) !=
                r.languages.end()) {
                out.push_back(l);
                break;
            }
    return out;
}

double Comparison::group_change(size_t run, const std::string& group) const {
    const auto langs = group_langs(group);
    double sum = 0;
    int n = 0;
    const bool old = group == "old";
    const auto& own = old ? old_change.at(run) : new_change.at(run);
    const auto& all = old ? old_langs : new_langs;
    for (size_t j = 0; j < all.size(); ++j) {
        if (std::find(langs.begin(), langs.end(), all[j]) == langs.end() || std::isnan(own[j])) continue;
        sum += own[j];
        ++n;
    }
    return n > 0 ? sum / n : kNaN;
}

std::optional<stats::Interval> Comparison::group_difference(size_t a, size_t b, const std::string& group) const {
    return paired_over_languages(runs.at(a).bpb_units, runs.at(b).bpb_units, group_langs(group), kBootstrapSeed);
}

std::optional<stats::Interval> Comparison::group_change_interval(size_t run, const std::string& group) const {
    const auto base = runs.at(run).base;
    if (!base || *base == run) return std::nullopt;
    return group_difference(run, *base, group);
}

std::vector<std::pair<size_t, size_t>> Comparison::compared_pairs() const {
    std::vector<std::pair<size_t, size_t>> out;
    auto own_base = [&](size_t i) { return runs[i].base && *runs[i].base == i; };
    for (size_t i = 0; i < runs.size(); ++i)
        for (size_t j = i + 1; j < runs.size(); ++j)
            if (!own_base(i) && !own_base(j) && runs[i].base && runs[i].base == runs[j].base) out.emplace_back(i, j);
    return out;
}

std::optional<stats::Interval> Comparison::change_interval(size_t run, bool old) const {
    return group_change_interval(run, old ? "old" : "new");
}

}  // namespace layermoe
