#include "core/report/compare.h"

#include <algorithm>
#include <cmath>
#include <limits>

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

} // namespace

Comparison compare_runs(const Store& store, const std::vector<int64_t>& runs, std::optional<int64_t> base) {
    Comparison c;
    for (int64_t id : runs) c.runs.push_back(summarise(store, id));
    for (const auto& s : c.runs)
        for (const auto& [code, group] : store.run_languages(s.run.id)) add_unique(group == "old" ? c.old_langs : c.new_langs, code);
    // A language old for one run and new for another (a G1 language in a G2 run) counts as new.
    std::erase_if(c.old_langs, [&](const std::string& l) {
        return std::find(c.new_langs.begin(), c.new_langs.end(), l) != c.new_langs.end();
    });
    for (size_t i = 0; i < c.runs.size(); ++i) {
        const auto& run = c.runs[i].run;
        const bool chosen = base ? run.id == *base : (run.kind == "pretrain" || run.kind == "eval") && !c.runs[i].bpb.empty();
        if (chosen && !c.base) c.base = i;
    }
    if (base && !c.base) throw Error(fmt::format("the base run {} is not among the compared runs", *base));
    for (const auto& s : c.runs) {
        c.old_change.push_back(c.base ? changes(s, c.runs[*c.base], c.old_langs) : std::vector<double>(c.old_langs.size(), kNaN));
        c.new_change.push_back(c.base ? changes(s, c.runs[*c.base], c.new_langs) : std::vector<double>(c.new_langs.size(), kNaN));
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
    const auto against = task_base(key);
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

nlohmann::json Comparison::to_json() const {
    nlohmann::json out = {{"old_langs", old_langs}, {"new_langs", new_langs}, {"runs", nlohmann::json::array()}};
    if (base) out["base_run"] = runs[*base].run.id;
    for (size_t i = 0; i < runs.size(); ++i) {
        const auto& s = runs[i];
        nlohmann::json r = {{"id", s.run.id}, {"label", s.label}, {"kind", s.run.kind}, {"bpb", s.bpb}, {"groups", s.groups}};
        if (s.new_experts) r["new_experts"] = *s.new_experts;
        if (s.new_parameters) r["new_parameters"] = *s.new_parameters;
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
    for (const auto& key : task_keys) {
        std::string column = key;
        std::replace(column.begin(), column.end(), ' ', ':');
        csv.append(fmt::format(",{0}_old,{0}_G1,{0}_change_old,{0}_change_new", column));
    }
    csv.push_back('\n');
    auto quoted = [](const std::string& s) {
        if (s.find_first_of(",\"\n") == std::string::npos) return s;
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
        csv += fmt::format("{},{},{},{},{},{},{},{}", s.run.id, quoted(s.label), s.run.kind,
                           s.new_experts ? std::to_string(*s.new_experts) : "", s.new_parameters ? std::to_string(*s.new_parameters) : "",
                           group("old"), group("G1"), group("G2"));
        for (const auto& l : langs) csv.append(fmt::format(",{}", s.bpb.count(l) ? number(s.bpb.at(l)) : std::string()));
        for (double d : old_change[i]) csv.append(fmt::format(",{}", number(d)));
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
        csv.push_back('\n');
    }
    return csv;
}

} // namespace layermoe
