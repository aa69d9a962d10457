#include "core/report/render.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include <fmt/format.h>

#include "core/io/csv.h"

namespace layermoe {

namespace {

constexpr std::string_view kZeroWidthSpace = "\xE2\x80\x8B";

std::vector<std::string> all_langs(const Comparison& c) {
    std::vector<std::string> langs = c.old_langs;
    langs.insert(langs.end(), c.new_langs.begin(), c.new_langs.end());
    return langs;
}

bool is_own_base(const Comparison& c, size_t i) { return c.runs[i].base && *c.runs[i].base == i; }

std::string join(const std::vector<std::string>& items, std::string_view separator) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out.append(separator);
        out.append(items[i]);
    }
    return out;
}

// The tasks of a comparison's task keys ("continuation acc" -> "continuation"), in their order.
std::vector<std::string> task_names(const Comparison& c) {
    std::vector<std::string> names;
    for (const auto& key : c.task_keys) {
        const std::string name = key.substr(0, key.rfind(' '));
        if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
    return names;
}

// {"mean", "low", "high", "level", "units", "verdict"} of an interval of a difference; null for none.
nlohmann::json interval_json(bool higher_is_better, const std::optional<stats::Interval>& i) {
    if (!i) return nullptr;
    return {{"mean", i->mean}, {"low", i->low},
            {"high", i->high}, {"level", stats::kLevel},
            {"units", i->n},   {"verdict", stats::to_string(stats::verdict(*i, higher_is_better))}};
}

// Each run's change per group (d old / d new, or d old / d G1 / d G2) against its base with a 95%
// interval and verdict, then each pair of runs with the same base (the first minus the second),
// under a title; empty when no run has an interval. change(i, group) and difference(i, j, group)
// give the intervals.
std::string
interval_block(const Comparison& c, const std::string& title, bool higher_is_better,
               const std::vector<std::string>& groups,
               const std::function<std::optional<stats::Interval>(size_t, const std::string&)>& change,
               const std::function<std::optional<stats::Interval>(size_t, size_t, const std::string&)>& difference) {
    // One line: the label, then per group its interval and what it says (empty when none has one).
    auto line = [&](const std::string& label,
                    const std::function<std::optional<stats::Interval>(const std::string&)>& of,
                    const char* group_format, const std::function<std::string(stats::Verdict)>& said) {
        std::vector<std::optional<stats::Interval>> found;
        for (const auto& g : groups) found.push_back(of(g));
        if (std::none_of(found.begin(), found.end(), [](const auto& x) { return x.has_value(); })) return std::string();
        std::string out = fmt::format("{:<24}", label.substr(0, 24));
        for (size_t g = 0; g < groups.size(); ++g)
            out += fmt::format(fmt::runtime(group_format), groups[g], format_interval(found[g]),
                               found[g] ? said(stats::verdict(*found[g], higher_is_better)) : std::string());
        while (out.back() == ' ') out.pop_back();
        return out + "\n";
    };
    std::string lines;
    for (size_t i = 0; i < c.runs.size(); ++i)
        lines += line(
            c.runs[i].label, [&](const std::string& g) { return change(i, g); }, " d {:<3} {:<28} {:<22}",
            [](stats::Verdict v) {
                return v == stats::Verdict::NoClearDifference ? std::string("no clear difference")
                                                              : stats::to_string(v) + " than the base";
            });
    if (lines.empty()) return lines;
    for (const auto& [i, j] : c.compared_pairs())
        lines += line(
            c.runs[i].label + " - " + c.runs[j].label,
            [&, i = i, j = j](const std::string& g) { return difference(i, j, g); }, " {:<5} {:<28} {:<22}",
            [&, i = i, j = j](stats::Verdict v) {
                return v == stats::Verdict::NoClearDifference
                           ? std::string("no clear difference")
                           : fmt::format("{} better", (v == stats::Verdict::Better ? c.runs[i] : c.runs[j]).label);
            });
    return "\n" + title + "\n" + lines;
}

// The most seeds any run's values are the mean of.
int max_seeds(const Comparison& c) {
    int n = 1;
    for (const auto& r : c.runs) n = std::max(n, r.seeds);
    return n;
}

// Runs of several seeds: each one's group means with their intervals over the seeds.
std::string seed_block(const Comparison& c) {
    std::string lines;
    for (size_t i = 0; i < c.runs.size(); ++i) {
        if (c.runs[i].seeds < 2) continue;
        const auto o = c.group_interval(i, "old"), n = c.group_interval(i, "G1");
        if (!o && !n) continue;
        lines += fmt::format("{:<24} bpb old {:<28} bpb {} {:<28}",
                             fmt::format("{} ({} seeds)", c.runs[i].label, c.runs[i].seeds).substr(0, 24),
                             format_value_interval(o), c.has_g2() ? "G1" : "new", format_value_interval(n));
        if (c.has_g2()) lines += fmt::format(" bpb G2 {}", format_value_interval(c.group_interval(i, "G2")));
        while (lines.back() == ' ') lines.pop_back();
        lines += "\n";
    }
    if (lines.empty()) return lines;
    return "\nbits per byte, mean over seeds with 95% intervals (Student t over the seeds' means):\n" + lines;
}

// With held-out documents (task items) recorded: the intervals of bits per byte, then of each
// headline task score. Over several seeds the differences resample seeds and units together.
std::string render_intervals(const Comparison& c) {
    const int seeds = max_seeds(c);
    const std::string over = seeds > 1 ? fmt::format("mean over {} seeds; paired bootstrap over the seeds and ", seeds)
                                       : std::string("paired bootstrap over ");
    std::string out = seed_block(c);
    out += interval_block(
        c,
        fmt::format("changes in bits per byte with 95% intervals ({}the held-out documents, {} "
                    "resamples, seed {}; lower is better):",
                    over, stats::kResamples, Comparison::kBootstrapSeed),
        false, c.has_g2() ? std::vector<std::string>{"old", "G1", "G2"} : std::vector<std::string>{"old", "new"},
        [&](size_t i, const std::string& g) { return c.group_change_interval(i, g); },
        [&](size_t i, size_t j, const std::string& g) { return c.group_difference(i, j, g); });
    for (const auto& key : c.headline_task_keys())
        out += interval_block(
            c, fmt::format("changes in {} with 95% intervals ({}the items; higher is better):", key, over), true,
            c.has_g2() ? std::vector<std::string>{"old", "G1", "G2"} : std::vector<std::string>{"old", "new"},
            [&](size_t i, const std::string& g) { return c.task_group_change_interval(i, key, g); },
            [&](size_t i, size_t j, const std::string& g) { return c.task_group_difference(i, j, key, g); });
    return out;
}

}  // namespace

std::string render_text(const Comparison& c, bool configs) {
    std::string out = fmt::format("{:<32} {:>8} {:>8} {:>8}", "run", "bpb old", "bpb G1", "bpb G2");
    for (const auto& l : c.old_langs) out += fmt::format(" {:>10}", "d " + l);
    out += "\n";
    for (size_t i = 0; i < c.runs.size(); ++i) {
        out +=
            fmt::format("{:<32} {:>8} {:>8} {:>8}", c.runs[i].label.substr(0, 32), format_value(c.group_bpb(i, "old")),
                        format_value(c.group_bpb(i, "G1")), format_value(c.group_bpb(i, "G2")));
        for (double d : c.old_change[i]) out += fmt::format(" {:>10}", format_change(d));
        out += fmt::format("{}\n", c.base && *c.base == i ? "  (base)" : "");
    }
    out += render_intervals(c);
    // Each task score as a runs x languages matrix, the change against the task's base last.
    const std::vector<std::string> langs = all_langs(c);
    for (const auto& key : c.headline_task_keys()) {
        out += fmt::format("\n{:<32}", key);
        for (const auto& l : langs) out += fmt::format(" {:>9}", l);
        out += fmt::format(" {:>9} {:>9}\n", "d old", "d new");
        for (size_t i = 0; i < c.runs.size(); ++i) {
            out += fmt::format("{:<32}", c.runs[i].label.substr(0, 32));
            for (const auto& l : langs) out += fmt::format(" {:>9}", format_value(c.task_score(i, key, l)));
            out +=
                fmt::format(" {:>9} {:>9}{}\n", format_change(c.task_group_change(i, key, true)),
                            format_change(c.task_group_change(i, key, false)), c.task_base(key) == i ? "  (base)" : "");
        }
    }
    if (!configs) return out;
    out += "\nconfig keys that differ:\n";
    for (const auto& row : c.configs) {
        if (!row.differs) continue;
        out += fmt::format("  {:<40}", row.key);
        for (const auto& v : row.values) out += fmt::format(" {:<16}", v.substr(0, 16));
        out += "\n";
    }
    return out;
}

std::string render_method_table(const Comparison& c) {
    const std::vector<std::string> langs = all_langs(c);
    // A lifelong comparison has each wave's group: old, G1, G2; else old and new (G1).
    const bool g2 = c.has_g2();
    const std::vector<std::string> groups =
        g2 ? std::vector<std::string>{"old", "G1", "G2"} : std::vector<std::string>{"old", "G1"};
    auto shown = [&](const std::string& g) { return g2 || g == "old" ? g : std::string("new"); };
    std::string out = fmt::format("{:<12} {:>7} {:>9} {:>9}", "method", "new exp", "new par.", "trained");
    for (const auto& g : groups) out += fmt::format(" {:>8}", "bpb " + shown(g));
    for (const auto& g : groups) out += fmt::format(" {:>8}", "d " + shown(g));
    for (const auto& l : langs) out += fmt::format(" {:>9}", l);
    out += "\n";
    for (size_t i = 0; i < c.runs.size(); ++i) {
        const auto& s = c.runs[i];
        const bool base = is_own_base(c, i);
        auto millions = [&](std::optional<int64_t> n) {
            return base || !n ? std::string(kMissing) : format_millions(n) + "M";
        };
        out +=
            fmt::format("{:<12} {:>7} {:>9} {:>9}", s.label, base ? std::string(kMissing) : format_count(s.new_experts),
                        millions(s.new_parameters), millions(s.trainable_parameters));
        for (const auto& g : groups) out += fmt::format(" {:>8}", format_value(c.group_bpb(i, g)));
        for (const auto& g : groups) {
            const double d = g2 ? c.group_change(i, g) : c.mean_change(i, g == "old");
            out += fmt::format(" {:>8}", base ? std::string(kMissing) : format_change(d));
        }
        for (const auto& l : langs) out += fmt::format(" {:>9}", format_value(c.language_bpb(i, l)));
        out += "\n";
    }
    if (g2)
        out += fmt::format(
            "bits per byte on held-out text (lower is better); d old / d G1 / d G2: change against the base, "
            "averaged over the old ({}), G1 ({}) and G2 ({}) languages\n",
            join(c.old_langs, ", "), join(c.group_langs("G1"), ", "), join(c.group_langs("G2"), ", "));
    else
        out += fmt::format(
            "bits per byte on held-out text (lower is better); d old / d new: change against the base, averaged "
            "over the old ({}) and new ({}) languages\n",
            join(c.old_langs, ", "), join(c.new_langs, ", "));
    out += render_intervals(c);
    // Tasks: accuracy per group, and the change of acc_mutual_info against the base.
    const std::vector<std::string> tasks = task_names(c);
    for (const auto& task : tasks) {
        const std::string acc = task + " acc", mi = task + " acc_mutual_info";
        out += fmt::format("\n{:<12}", task);
        for (const auto& g : groups) out += fmt::format(" {:>8}", "acc " + shown(g));
        for (const auto& g : groups) out += fmt::format(" {:>8}", "MI " + shown(g));
        for (const auto& g : groups) out += fmt::format(" {:>9}", "d MI " + shown(g));
        out += "\n";
        for (size_t i = 0; i < c.runs.size(); ++i) {
            const auto base = c.runs[i].base;
            auto change = [&](const std::string& group) {
                return is_own_base(c, i) || !base
                           ? std::string(kMissing)
                           : format_change(c.task_score(i, mi, group) - c.task_score(*base, mi, group));
            };
            out += fmt::format("{:<12}", c.runs[i].label);
            for (const auto& g : groups) out += fmt::format(" {:>8}", format_value(c.task_score(i, acc, "group:" + g)));
            for (const auto& g : groups) out += fmt::format(" {:>8}", format_value(c.task_score(i, mi, "group:" + g)));
            for (const auto& g : groups) out += fmt::format(" {:>9}", change("group:" + g));
            out += "\n";
        }
    }
    if (!tasks.empty())
        out +=
            "accuracy on multiple-choice tasks (chance 0.25 with 4 choices); MI: acc_mutual_info; d: change against the base "
            "(negative on old languages = forgetting)\n";
    return out;
}

std::vector<Claim> paper_claims(const Comparison& c, size_t layermoe, size_t moe_lpr) {
    const RunSummary &a = c.runs.at(layermoe), &b = c.runs.at(moe_lpr);
    std::vector<Claim> out;
    Claim experts{"fewer new experts", "", "not measured", false};
    if (a.new_experts && b.new_experts) {
        experts.holds = *a.new_experts < *b.new_experts;
        experts.evidence =
            *b.new_experts > 0
                ? fmt::format("{} vs {} ({:.0f}% fewer)", *a.new_experts, *b.new_experts,
                              100.0 * static_cast<double>(*b.new_experts - *a.new_experts) / *b.new_experts)
                : fmt::format("{} vs {}", *a.new_experts, *b.new_experts);
        experts.verdict = experts.holds ? "holds" : "does not hold";
    }
    out.push_back(experts);
    for (const bool old : {false, true}) {
        Claim claim{old ? "forgets the old languages less" : "learns the new languages as well", "", "not measured",
                    false};
        if (const auto d = c.bpb_difference(layermoe, moe_lpr, old)) {
            claim.evidence = fmt::format("{} {}", old ? "old" : "new", format_interval(d));
            const auto v = stats::verdict(*d, false);
            if (old) {
                claim.holds = v == stats::Verdict::Better;
                claim.verdict = claim.holds                  ? "holds"
                                : v == stats::Verdict::Worse ? fmt::format("does not hold ({} forgets less)", b.label)
                                                             : "not shown (no clear difference)";
            } else {
                claim.holds = v != stats::Verdict::Worse;
                claim.verdict = v == stats::Verdict::Better ? fmt::format("holds ({} better)", a.label)
                                : claim.holds               ? "holds (no clear difference)"
                                                            : fmt::format("does not hold ({} better)", b.label);
            }
        }
        out.push_back(claim);
    }
    return out;
}

std::string render_claims(const Comparison& c, size_t layermoe, size_t moe_lpr) {
    std::string out =
        fmt::format("\nthe paper's claims for {} against {}, here (bits per byte, {} minus {}, 95% intervals):\n",
                    c.runs.at(layermoe).label, c.runs.at(moe_lpr).label, c.runs[layermoe].label, c.runs[moe_lpr].label);
    for (const auto& claim : paper_claims(c, layermoe, moe_lpr))
        out += fmt::format("  {:<34} {:<34} {}\n", claim.claim,
                           claim.evidence.empty() ? std::string(kMissing) : claim.evidence, claim.verdict);
    return out;
}

std::string render_csv(const Comparison& c) {
    const std::vector<std::string> langs = all_langs(c);
    std::vector<std::string> header = {"run",     "label",  "kind",  "new_experts", "new_parameters",
                                       "bpb_old", "bpb_G1", "bpb_G2"};
    for (const auto& l : langs) header.push_back("bpb_" + l);
    for (const auto& l : c.old_langs) header.push_back("change_" + l);
    for (const auto& l : c.new_langs) header.push_back("change_" + l);
    for (const auto& key : c.task_keys) {
        std::string column = key;
        std::replace(column.begin(), column.end(), ' ', ':');
        for (const char* suffix : {"_old", "_G1", "_change_old", "_change_new"}) header.push_back(column + suffix);
    }
    header.push_back("base_run");
    CsvWriter csv(header);
    for (size_t i = 0; i < c.runs.size(); ++i) {
        const auto& s = c.runs[i];
        csv.integer(s.run.id).text(s.label).text(to_string(s.run.kind));
        if (s.new_experts)
            csv.integer(*s.new_experts);
        else
            csv.empty();
        if (s.new_parameters)
            csv.integer(*s.new_parameters);
        else
            csv.empty();
        for (const char* g : {"old", "G1", "G2"}) csv.number(c.group_bpb(i, g));
        for (const auto& l : langs) csv.number(c.language_bpb(i, l));
        for (double d : c.old_change[i]) csv.number(d);
        for (double d : c.new_change[i]) csv.number(d);
        for (const auto& key : c.task_keys)
            csv.number(c.task_score(i, key, "group:old"))
                .number(c.task_score(i, key, "group:G1"))
                .number(c.task_group_change(i, key, true))
                .number(c.task_group_change(i, key, false));
        if (s.base)
            csv.integer(c.runs[*s.base].run.id);
        else
            csv.empty();
        csv.end_row();
    }
    return csv.str();
}

std::string render_method_csv(const Comparison& c) {
    const std::vector<std::string> langs = all_langs(c);
    const std::vector<std::string> tasks = task_names(c);
    std::vector<std::string> header = {"method",  "run_id",  "new_experts", "new_parameters", "trainable_parameters",
                                       "bpb_old", "bpb_new", "old_change",  "new_change"};
    header.insert(header.end(), langs.begin(), langs.end());
    for (const auto& task : tasks)
        for (const char* metric : {"acc", "acc_mutual_info"})
            for (const char* group : {"old", "G1"}) header.push_back(fmt::format("{}_{}_{}", task, metric, group));
    // Then the seeds each row is the mean of and the 95% intervals of its changes (empty without
    // recorded documents); a lifelong comparison adds G2 and the change per wave.
    const bool g2 = c.has_g2();
    header.push_back("seeds");
    for (const char* g : {"old", "new"})
        for (const char* end : {"low", "high"}) header.push_back(fmt::format("{}_change_{}", g, end));
    if (g2) {
        header.push_back("bpb_G2");
        for (const char* g : {"G1", "G2"})
            for (const char* part : {"", "_low", "_high"}) header.push_back(fmt::format("{}_change{}", g, part));
    }
    CsvWriter csv(header);
    for (size_t i = 0; i < c.runs.size(); ++i) {
        const auto& s = c.runs[i];
        csv.text(s.label).integer(s.run.id);
        for (const auto& n : {s.new_experts, s.new_parameters, s.trainable_parameters})
            if (n)
                csv.integer(*n);
            else
                csv.empty();
        csv.number(c.group_bpb(i, "old"))
            .number(c.group_bpb(i, "G1"))
            .number(c.mean_change(i, true))
            .number(c.mean_change(i, false));
        for (const auto& l : langs) csv.number(c.language_bpb(i, l));
        for (const auto& task : tasks)
            for (const char* metric : {"acc", "acc_mutual_info"})
                for (const char* group : {"group:old", "group:G1"})
                    csv.number(c.task_score(i, task + " " + metric, group));
        csv.integer(s.seeds);
        auto interval = [&](const std::optional<stats::Interval>& x) {
            if (x)
                csv.number(x->low).number(x->high);
            else
                csv.empty().empty();
        };
        interval(c.change_interval(i, true));
        interval(c.change_interval(i, false));
        if (g2) {
            csv.number(c.group_bpb(i, "G2"));
            for (const char* g : {"G1", "G2"}) {
                csv.number(is_own_base(c, i) ? std::nan("") : c.group_change(i, g));
                interval(c.group_change_interval(i, g));
            }
        }
        csv.end_row();
    }
    return csv.str();
}

nlohmann::json render_json(const Comparison& c) {
    using nlohmann::json;
    auto value = [](double v) { return std::isnan(v) ? json() : json(v); };
    auto optional = [](const std::optional<int64_t>& n) { return n ? json(*n) : json(); };
    const std::vector<std::string> langs = all_langs(c);
    std::vector<std::string> groups = {"old", "G1"};
    if (c.has_g2()) groups.push_back("G2");
    for (const auto& s : c.runs)
        for (const auto& [g, v] : s.groups)
            if (std::find(groups.begin(), groups.end(), g) == groups.end()) groups.push_back(g);
    json out = {{"old_langs", c.old_langs},
                {"new_langs", c.new_langs},
                {"task_keys", c.task_keys},
                {"base_run", c.base ? json(c.runs[*c.base].run.id) : json()},
                {"runs", json::array()}};
    for (size_t i = 0; i < c.runs.size(); ++i) {
        const auto& s = c.runs[i];
        json r = {{"id", s.run.id},
                  {"label", s.label},
                  {"kind", to_string(s.run.kind)},
                  {"status", to_string(s.run.status)},
                  {"name", s.run.name}};
        r["bpb"] = json::object();
        for (const auto& l : langs) r["bpb"][l] = value(c.language_bpb(i, l));
        for (const auto& [l, v] : s.bpb) r["bpb"][l] = v;  // languages outside the comparison's groups too
        r["groups"] = json::object();
        for (const auto& g : groups) r["groups"][g] = value(c.group_bpb(i, g));
        r["new_experts"] = optional(s.new_experts);
        r["new_parameters"] = optional(s.new_parameters);
        r["trainable_parameters"] = optional(s.trainable_parameters);
        r["base_run"] = s.base ? json(c.runs[*s.base].run.id) : json();
        r["base_source"] = base_source_name(s.base_source);
        if (s.added) r["added_as_base"] = true;
        r["old_change"] = json::object();
        for (size_t j = 0; j < c.old_langs.size(); ++j) r["old_change"][c.old_langs[j]] = value(c.old_change[i][j]);
        r["new_change"] = json::object();
        for (size_t j = 0; j < c.new_langs.size(); ++j) r["new_change"][c.new_langs[j]] = value(c.new_change[i][j]);
        r["mean_old_change"] = value(c.mean_change(i, true));
        r["mean_new_change"] = value(c.mean_change(i, false));
        r["seeds"] = s.seeds;
        for (const char* g : {"old", "G1", "G2"})
            if (const auto gi = c.group_interval(i, g))
                r["group_intervals"][g] = {{"mean", gi->mean}, {"low", gi->low}, {"high", gi->high}, {"n", gi->n}};
        r["old_change_interval"] = interval_json(false, c.change_interval(i, true));
        r["new_change_interval"] = interval_json(false, c.change_interval(i, false));
        for (const auto& key : c.task_keys) {
            const auto o = c.task_change_interval(i, key, true), n = c.task_change_interval(i, key, false);
            if (o || n)
                r["task_change_interval"][key] = {{"old", interval_json(true, o)}, {"new", interval_json(true, n)}};
        }
        if (!s.tasks.empty()) r["tasks"] = s.tasks;
        for (const auto& key : c.task_keys)
            for (const auto& l : langs) r["task_change"][key][l] = value(c.task_change(i, key, l));
        out["runs"].push_back(std::move(r));
    }
    out["bootstrap"] = {
        {"resamples", stats::kResamples}, {"seed", Comparison::kBootstrapSeed}, {"level", stats::kLevel}};
    out["pairs"] = json::array();
    for (const auto& [i, j] : c.compared_pairs()) {
        const auto old_d = c.bpb_difference(i, j, true), new_d = c.bpb_difference(i, j, false);
        if (!old_d && !new_d) continue;
        out["pairs"].push_back({{"a", c.runs[i].run.id},
                                {"b", c.runs[j].run.id},
                                {"a_label", c.runs[i].label},
                                {"b_label", c.runs[j].label},
                                {"old", interval_json(false, old_d)},
                                {"new", interval_json(false, new_d)}});
    }
    return out;
}

std::string html_escaped(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char ch : text) {
        switch (ch) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out.push_back(ch);
        }
    }
    return out;
}

namespace {

// A zero-width space after each of `after` in the text.
std::string breakable(const std::string& text, const std::string& after) {
    std::string out;
    out.reserve(text.size() + text.size() / 4);
    for (char ch : text) {
        out.push_back(ch);
        if (after.find(ch) != std::string::npos) out.append(kZeroWidthSpace);
    }
    return out;
}

size_t characters(const std::string& s) {
    return static_cast<size_t>(
        std::count_if(s.begin(), s.end(), [](char ch) { return (static_cast<unsigned char>(ch) & 0xC0) != 0x80; }));
}

// A table of many columns spans the page's width, so its cells wrap between words; numbers
// never wrap ("5." and "8446"), nor the first column when it asks (never "stage1." and "lr").
std::string html_table(const ReportTable& t) {
    const TableStyle& style = t.style;
    auto cell = [&](const char* tag, std::string text, bool first, bool body) {
        if (body && first && !style.first_breaks.empty() && characters(text) > style.first_break_over)
            text = breakable(text, style.first_breaks);
        else if (body && !first && !style.value_breaks.empty() && !is_number(text))
            text = breakable(text, style.value_breaks);
        std::vector<std::string> classes;
        if (!style.cell_class.empty()) classes.push_back(style.cell_class);
        if (first && style.first_left) classes.push_back("key");
        if ((first && style.first_nowrap && text.find(kZeroWidthSpace) == std::string::npos) || is_number(text))
            classes.push_back("nw");
        std::string attr = classes.empty() ? std::string() : fmt::format(" class=\"{}\"", join(classes, " "));
        if (first && !style.first_width.empty()) attr += fmt::format(" width=\"{}\"", style.first_width);
        return fmt::format("<{0}{1}>{2}</{0}>", tag, attr, html_escaped(text));
    };
    std::string out = t.header.size() > 5 ? "<table width=\"100%\"><thead><tr>" : "<table><thead><tr>";
    for (size_t j = 0; j < t.header.size(); ++j) out += cell("th", t.header[j], j == 0, false);
    out += "</tr></thead>\n";
    for (size_t i = 0; i < t.rows.size(); ++i) {
        const bool mark = i < t.marked.size() && t.marked[i];
        out += mark ? "<tr class=\"differs\" bgcolor=\"#fff3c4\">" : "<tr>";
        for (size_t j = 0; j < t.rows[i].size(); ++j) out += cell("td", t.rows[i][j], j == 0, true);
        out += "</tr>\n";
    }
    out += "</table>\n";
    return out;
}

// Markdown table cells: one line, '|' and Markdown's own marks escaped.
std::string markdown_cell(std::string_view text) {
    std::string out;
    for (char ch : text) {
        if (ch == '\n' || ch == '\r') {
            out.push_back(' ');
            continue;
        }
        if (ch == '|' || ch == '\\' || ch == '*' || ch == '`' || ch == '<') out.push_back('\\');
        out.push_back(ch);
    }
    return out;
}

std::string markdown_table(const ReportTable& t) {
    auto line = [](const std::vector<std::string>& cells) { return fmt::format("| {} |\n", join(cells, " | ")); };
    std::vector<std::string> header, rule;
    for (size_t j = 0; j < t.header.size(); ++j) {
        header.push_back(markdown_cell(t.header[j]));
        rule.push_back(j == 0 && t.style.first_left ? ":---" : "---:");
    }
    std::string out = line(header) + line(rule);
    for (size_t i = 0; i < t.rows.size(); ++i) {
        std::vector<std::string> cells;
        for (const auto& text : t.rows[i]) cells.push_back(markdown_cell(text));
        if (i < t.marked.size() && t.marked[i] && !cells.empty() && !cells[0].empty())
            cells[0] = fmt::format("**{}**", cells[0]);
        out += line(cells);
    }
    return out;
}

}  // namespace

std::string render_markdown(const Report& report) {
    std::string out = fmt::format("# {}\n", markdown_cell(report.title));
    for (const auto& b : report.blocks) {
        switch (b.kind) {
        case ReportBlock::Kind::Heading:
            out += fmt::format("\n{} {}\n", std::string(static_cast<size_t>(std::max(1, b.level)), '#'),
                               markdown_cell(b.text));
            break;
        // fmt::format, not "\n" + ...: GCC 12 takes that operator+ for an overlapping memcpy (-Wrestrict).
        case ReportBlock::Kind::Paragraph: out += fmt::format("\n{}\n", markdown_cell(b.text)); break;
        case ReportBlock::Kind::Note: out += fmt::format("\n> {}\n", markdown_cell(b.text)); break;
        case ReportBlock::Kind::Table: out += fmt::format("\n{}", markdown_table(b.table)); break;
        case ReportBlock::Kind::Plot: break;
        }
    }
    return out;
}

std::string render_html(const Report& report, const HtmlOptions& options) {
    std::string body;
    for (const auto& b : report.blocks) {
        switch (b.kind) {
        case ReportBlock::Kind::Heading:
            body += fmt::format("<h{0}>{1}</h{0}>\n", b.level, html_escaped(b.text));
            break;
        case ReportBlock::Kind::Paragraph: body += fmt::format("<p>{}</p>\n", html_escaped(b.text)); break;
        case ReportBlock::Kind::Note: body += fmt::format("<p class=\"note\">{}</p>\n", html_escaped(b.text)); break;
        case ReportBlock::Kind::Table: body += html_table(b.table); break;
        case ReportBlock::Kind::Plot:
            if (options.plot) body += options.plot(b.plot);
            break;
        }
    }
    const std::string title = html_escaped(report.title);
    return fmt::format(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{0}</title><style>"
        "body{{font-family:sans-serif;font-size:13px{2}}}"
        "h1{{font-size:22px}}h2{{font-size:17px}}h3{{font-size:14px}}"
        "img{{max-width:100%;height:auto}}"
        "table{{border-collapse:collapse;margin:8px 0}}td,th{{border:1px solid #bbb;padding:3px 6px;"
        "text-align:right;font-size:11px}}th{{background:#eee}}td.key,th.key{{text-align:left}}"
        "td.cfg,th.cfg{{font-size:10px}}td.nw,th.nw{{white-space:nowrap}}tr.differs{{background:#fff3c4}}p.note{{color:#555}}"
        "</style></head><body>\n<h1>{0}</h1>\n{1}</body></html>\n",
        title, body, options.paged ? "" : ";max-width:1000px;margin:auto");
}

}  // namespace layermoe
