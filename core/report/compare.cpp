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
        for (const auto& [key, value] : j.items()) flatten(value, prefix.empty() ? key : fmt::format("{}.{}", prefix, key), out);
    } else {
        out[prefix] = j.is_string() ? j.get<std::string>() : j.dump();
    }
}

void add_unique(std::vector<std::string>& list, const std::string& code) {
    if (std::find(list.begin(), list.end(), code) == list.end()) list.push_back(code);
}

RunSummary summarise(const Store& store, int64_t id) {
    const auto run = store.get_run(id);
    if (!run) throw Error(fmt::format("{}: no run with id {}", store.path().string(), id));
    RunSummary s;
    s.run = *run;
    s.label = fmt::format("{} {}", run->id, run->name.empty() ? run->kind : run->name);
    for (const auto& e : store.eval_results(id)) {
        if (e.task != "heldout" && (e.metric == "acc" || e.metric == "acc_norm" || e.metric == "acc_bytes" || e.metric == "acc_mutual_info")) {
            s.tasks[e.task + " " + e.metric][e.language] = e.value;
            continue;
        }
        if (e.task != "heldout" || e.metric != "bpb") continue;
        if (e.language.rfind("group:", 0) == 0)
            s.groups[e.language.substr(6)] = e.value;
        else
            s.bpb[e.language] = e.value;
    }
    if (run->config.contains("new_experts")) s.new_experts = run->config.value("new_experts", int64_t{0});
    if (run->config.contains("new_parameters")) s.new_parameters = run->config.value("new_parameters", int64_t{0});
    if (run->kind == "allocate") {
        int64_t added = 0;
        for (const auto& layer : store.allocation(id)) added += layer.new_experts;
        s.new_experts = added;
    }
    return s;
}

std::vector<double> changes(const RunSummary& run, const RunSummary& base, const std::vector<std::string>& langs) {
    std::vector<double> out;
    for (const auto& l : langs) {
        const auto a = run.bpb.find(l), b = base.bpb.find(l);
        out.push_back(a != run.bpb.end() && b != base.bpb.end() ? a->second - b->second : kNaN);
    }
    return out;
}

std::string number(double v) { return std::isnan(v) ? std::string() : fmt::format("{}", v); }

bool is_stage(const RunRecord& r) { return r.kind == "stage1" || r.kind == "stage2"; }

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
        for (const RunRecord* r = get(id); r && seen.insert(r->id).second; r = r->parent ? get(*r->parent) : nullptr) out.push_back(r);
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
        return std::any_of(runs.begin(), runs.end(), [](const RunRecord* r) { return is_stage(*r); });
    }

    // An evaluated model before any expansion: a pretrain run or an eval run, with held-out bpb.
    bool is_base(int64_t id) const {
        const RunRecord* r = get(id);
        return r && (r->kind == "pretrain" || r->kind == "eval") && !expanded(id) && has_bpb(id);
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
            if (folder.empty() && is_stage(*r)) folder = model_of(*r);
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
            if ((a.kind != "pretrain" && a.kind != "eval") || expanded(a.id)) continue;
            if (!folder.empty())
                if (auto e = latest([&](const RunRecord& r) { return r.kind == "eval" && r.parent == a.id && model_of(r) == folder; }))
                    return {e, BaseSource::Lineage};
            if (auto e = latest([&](const RunRecord& r) { return r.kind == "eval" && r.parent == a.id; })) return {e, BaseSource::Lineage};
            if (is_base(a.id)) return {a.id, BaseSource::Lineage};
        }
        // 2. An evaluation of the folder it expanded (a base model from elsewhere has no parent).
        if (!folder.empty())
            if (auto e = latest([&](const RunRecord& r) { return r.kind == "eval" && model_of(r) == folder; }))
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

} // namespace

BaseLink find_base_run(const Store& store, int64_t run) { return Lineage(store).find(run); }

Comparison compare_runs(const Store& store, const std::vector<int64_t>& runs, std::optional<int64_t> base, bool find_bases) {
    Comparison c;
    for (int64_t id : runs) c.runs.push_back(summarise(store, id));
    const Lineage lineage(store);
    std::optional<size_t> chosen;
    for (size_t i = 0; i < c.runs.size() && !chosen; ++i) {
        const auto& s = c.runs[i];
        if (base ? s.run.id == *base : (s.run.kind == "pretrain" || s.run.kind == "eval") && !s.bpb.empty() && !lineage.expanded(s.run.id))
            chosen = i;
    }
    if (base && !chosen) throw Error(fmt::format("the base run {} is not among the compared runs", *base));
    if (chosen) {
        for (auto& s : c.runs) {
            s.base = chosen;
            s.base_source = BaseSource::Chosen;
        }
    } else if (find_bases) {
        const size_t asked = c.runs.size();
        for (size_t i = 0; i < asked; ++i) {
            const BaseLink link = lineage.find(c.runs[i].run.id);
            if (!link.run) continue;
            auto at = std::find_if(c.runs.begin(), c.runs.end(), [&](const RunSummary& s) { return s.run.id == *link.run; });
            if (at == c.runs.end()) {
                RunSummary added = summarise(store, *link.run);
                added.added = true;
                added.base = c.runs.size();
                added.base_source = link.source;
                c.runs.push_back(std::move(added));
                at = c.runs.end() - 1;
            }
            c.runs[i].base = static_cast<size_t>(at - c.runs.begin());
            c.runs[i].base_source = link.source;
            // A chosen run that is the base of another is measured against itself.
            if (!at->base) {
                at->base = c.runs[i].base;
                at->base_source = link.source;
            }
        }
    }
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
        for (const auto& [code, group] : store.run_languages(s.run.id)) add_unique(group == "old" ? c.old_langs : c.new_langs, code);
    // A language old for one run and new for another (a G1 language in a G2 run) counts as new.
    std::erase_if(c.old_langs, [&](const std::string& l) {
        return std::find(c.new_langs.begin(), c.new_langs.end(), l) != c.new_langs.end();
    });
    for (const auto& s : c.runs) {
        c.old_change.push_back(s.base ? changes(s, c.runs[*s.base], c.old_langs) : std::vector<double>(c.old_langs.size(), kNaN));
        c.new_change.push_back(s.base ? changes(s, c.runs[*s.base], c.new_langs) : std::vector<double>(c.new_langs.size(), kNaN));
    }
    for (const auto& r : c.runs)
        for (const auto& [key, values] : r.tasks) add_unique(c.task_keys, key);
    std::sort(c.task_keys.begin(), c.task_keys.end());
    std::vector<std::map<std::string, std::string>> flat(c.runs.size());
    std::vector<std::string> keys;
    for (size_t i = 0; i < c.runs.size(); ++i) {
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
        row.differs = std::adjacent_find(row.values.begin(), row.values.end(), std::not_equal_to<>()) != row.values.end();
        c.configs.push_back(std::move(row));
    }
    return c;
}

std::optional<size_t> Comparison::task_base(const std::string& key) const {
    if (base && runs[*base].tasks.count(key)) return base;
    for (size_t i = 0; i < runs.size(); ++i)
        if ((runs[i].run.kind == "pretrain" || runs[i].run.kind == "eval") && runs[i].tasks.count(key)) return i;
    return std::nullopt;
}

std::vector<std::string> Comparison::headline_task_keys() const {
    std::vector<std::string> keys;
    for (const auto& key : task_keys)
        if (key.ends_with(" acc") || key.ends_with(" acc_mutual_info")) keys.push_back(key);
    return keys;
}

double Comparison::task_change(size_t run, const std::string& key, const std::string& language) const {
    const auto own = runs.at(run).base;
    const auto against = own && runs[*own].tasks.count(key) ? own : task_base(key);
    if (!against) return kNaN;
    auto value = [&](const RunSummary& r) {
        const auto t = r.tasks.find(key);
        if (t == r.tasks.end()) return kNaN;
        const auto v = t->second.find(language);
        return v == t->second.end() ? kNaN : v->second;
    };
    return value(runs.at(run)) - value(runs.at(*against));
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

const char* source_name(BaseSource s) {
    switch (s) {
    case BaseSource::Chosen: return "chosen";
    case BaseSource::Lineage: return "lineage";
    case BaseSource::ModelFolder: return "model_folder";
    case BaseSource::Experiment: return "experiment";
    case BaseSource::None: break;
    }
    return "none";
}

} // namespace

nlohmann::json Comparison::to_json() const {
    nlohmann::json out = {{"old_langs", old_langs}, {"new_langs", new_langs}, {"runs", nlohmann::json::array()}};
    if (base) out["base_run"] = runs[*base].run.id;
    for (size_t i = 0; i < runs.size(); ++i) {
        const auto& s = runs[i];
        nlohmann::json r = {{"id", s.run.id}, {"label", s.label}, {"kind", s.run.kind}, {"bpb", s.bpb}, {"groups", s.groups}};
        if (s.new_experts) r["new_experts"] = *s.new_experts;
        if (s.new_parameters) r["new_parameters"] = *s.new_parameters;
        if (s.base) r["base_run"] = runs[*s.base].run.id;
        r["base_source"] = source_name(s.base_source);
        if (s.added) r["added_as_base"] = true;
        for (size_t j = 0; j < old_langs.size(); ++j)
            if (!std::isnan(old_change[i][j])) r["old_change"][old_langs[j]] = old_change[i][j];
        for (size_t j = 0; j < new_langs.size(); ++j)
            if (!std::isnan(new_change[i][j])) r["new_change"][new_langs[j]] = new_change[i][j];
        if (!s.tasks.empty()) r["tasks"] = s.tasks;
        for (const auto& key : task_keys)
            for (const auto* langs : {&old_langs, &new_langs})
                for (const auto& l : *langs) {
                    const double d = task_change(i, key, l);
                    if (!std::isnan(d)) r["task_change"][key][l] = d;
                }
        out["runs"].push_back(r);
    }
    return out;
}

std::string Comparison::to_csv() const {
    std::vector<std::string> langs = old_langs;
    langs.insert(langs.end(), new_langs.begin(), new_langs.end());
    std::string csv = "run,label,kind,new_experts,new_parameters,bpb_old,bpb_G1,bpb_G2";
    for (const auto& l : langs) csv.append(fmt::format(",bpb_{}", l));
    for (const auto& l : old_langs) csv.append(fmt::format(",change_{}", l));
    for (const auto& l : new_langs) csv.append(fmt::format(",change_{}", l));
    for (const auto& key : task_keys) {
        std::string column = key;
        std::replace(column.begin(), column.end(), ' ', ':');
        csv.append(fmt::format(",{0}_old,{0}_G1,{0}_change_old,{0}_change_new", column));
    }
    csv.append(",base_run\n");
    auto quoted = [](const std::string& s) {
        if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
        std::string q(1, '"');
        for (char ch : s) {
            if (ch == '"') q.push_back('"');
            q.push_back(ch);
        }
        q.push_back('"');
        return q;
    };
    for (size_t i = 0; i < runs.size(); ++i) {
        const auto& s = runs[i];
        auto group = [&](const char* g) { return s.groups.count(g) ? number(s.groups.at(g)) : std::string(); };
        csv += fmt::format("{},{},{},{},{},{},{},{}", s.run.id, quoted(s.label), quoted(s.run.kind),
                           s.new_experts ? std::to_string(*s.new_experts) : "", s.new_parameters ? std::to_string(*s.new_parameters) : "",
                           group("old"), group("G1"), group("G2"));
        for (const auto& l : langs) csv.append(fmt::format(",{}", s.bpb.count(l) ? number(s.bpb.at(l)) : std::string()));
        for (double d : old_change[i]) csv.append(fmt::format(",{}", number(d)));
        for (double d : new_change[i]) csv.append(fmt::format(",{}", number(d)));
        for (const auto& key : task_keys) {
            const auto t = s.tasks.find(key);
            auto group = [&](const char* g) {
                if (t == s.tasks.end()) return std::string();
                const auto v = t->second.find(std::string("group:") + g);
                return v == t->second.end() ? std::string() : number(v->second);
            };
            csv.append(fmt::format(",{},{},{},{}", group("old"), group("G1"), number(task_group_change(i, key, true)),
                                   number(task_group_change(i, key, false))));
        }
        csv.append(fmt::format(",{}\n", s.base ? std::to_string(runs[*s.base].run.id) : std::string()));
    }
    return csv;
}

} // namespace layermoe
