#include "core/report/format.h"

#include <cmath>
#include <map>

#include <fmt/format.h>

namespace layermoe {

std::string Wording::operator()(const char* source, std::initializer_list<std::string_view> args) const {
    const std::string text = (*this)(source);
    std::string out;
    out.reserve(text.size() + 16);
    for (size_t i = 0; i < text.size(); ++i) {
        const char next = i + 1 < text.size() ? text[i + 1] : '\0';
        const size_t n = static_cast<size_t>(next - '0');
        if (text[i] == '%' && next >= '1' && next <= '9' && n <= args.size()) {
            out.append(*(args.begin() + (n - 1)));
            ++i;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

std::string format_value(double v, int decimals) {
    return std::isnan(v) ? std::string(kMissing) : fmt::format("{:.{}f}", v, decimals);
}

std::string format_change(double v) { return std::isnan(v) ? std::string(kMissing) : fmt::format("{:+.4f}", v); }

std::string format_count(std::optional<int64_t> n) { return n ? std::to_string(*n) : std::string(kMissing); }

std::string format_millions(std::optional<int64_t> n) {
    return n ? fmt::format("{:.2f}", static_cast<double>(*n) / 1e6) : std::string(kMissing);
}

std::string format_interval(const std::optional<stats::Interval>& i) {
    if (!i) return std::string(kMissing);
    return fmt::format("{} [{}, {}]", format_change(i->mean), format_change(i->low), format_change(i->high));
}

std::string format_value_interval(const std::optional<stats::Interval>& i) {
    if (!i) return std::string(kMissing);
    return fmt::format("{} [{}, {}]", format_value(i->mean), format_value(i->low), format_value(i->high));
}

// ^[-+]?[0-9][0-9.]*([eE][-+]?[0-9]+)?$
bool is_number(std::string_view t) {
    size_t i = 0;
    if (i < t.size() && (t[i] == '-' || t[i] == '+')) ++i;
    if (i >= t.size() || t[i] < '0' || t[i] > '9') return false;
    while (i < t.size() && ((t[i] >= '0' && t[i] <= '9') || t[i] == '.')) ++i;
    if (i == t.size()) return true;
    if (t[i] != 'e' && t[i] != 'E') return false;
    ++i;
    if (i < t.size() && (t[i] == '-' || t[i] == '+')) ++i;
    if (i >= t.size()) return false;
    for (; i < t.size(); ++i)
        if (t[i] < '0' || t[i] > '9') return false;
    return true;
}

namespace {

std::string id_list(const std::vector<int64_t>& ids) {
    std::string out;
    for (int64_t id : ids) out += (out.empty() ? "" : ", ") + std::to_string(id);
    return out;
}

}  // namespace

std::string base_cell(const Comparison& c, size_t run, const Wording& words) {
    const auto& s = c.runs.at(run);
    if (!s.base) return words(LAYERMOE_TR("Report", "none"));
    if (*s.base == run) return words(LAYERMOE_TR("Report", "itself"));
    return c.runs[*s.base].label;
}

std::string base_description(const Comparison& c, size_t run, const Wording& words) {
    const auto& s = c.runs.at(run);
    const std::string id = std::to_string(s.run.id);
    if (!s.base)
        return words(
            LAYERMOE_TR("Report",
                        "Run %1 has no base: nothing evaluated before an expansion was found in its lineage, the "
                        "model folder it expanded or its experiment. Select a pretrain or eval run to compare it "
                        "against."),
            {id});
    const std::string& base = c.runs[*s.base].label;
    if (*s.base == run)
        return s.added
                   ? words(
                         LAYERMOE_TR(
                             "Report",
                             "Run %1 is the base of the compared runs (not selected: found automatically and added)."),
                         {id})
                   : words(LAYERMOE_TR("Report", "Run %1 is the base of the compared runs."), {id});
    switch (s.base_source) {
    case BaseSource::Chosen: return words(LAYERMOE_TR("Report", "Changes against run %1, the chosen base."), {base});
    case BaseSource::Lineage:
        return words(LAYERMOE_TR("Report", "Changes against run %1, found from the run's lineage."), {base});
    case BaseSource::ModelFolder:
        return words(
            LAYERMOE_TR("Report", "Changes against run %1, an evaluation of the model folder the run expanded."),
            {base});
    case BaseSource::Experiment:
        return words(LAYERMOE_TR("Report", "Changes against run %1, the base model of the run's experiment."), {base});
    case BaseSource::None: break;
    }
    return words(LAYERMOE_TR("Report", "Changes against run %1."), {base});
}

std::vector<std::string> base_notes(const Comparison& c, const Wording& words) {
    std::vector<std::string> notes;
    std::map<size_t, std::vector<int64_t>> found;  // base -> the runs measured against it, found automatically
    std::vector<int64_t> without;
    for (size_t i = 0; i < c.runs.size(); ++i) {
        const auto& s = c.runs[i];
        if (!s.base)
            without.push_back(s.run.id);
        else if (*s.base != i && s.base_source != BaseSource::Chosen)
            found[*s.base].push_back(s.run.id);
    }
    for (const auto& [base, runs] : found) {
        const auto& b = c.runs[base];
        notes.push_back(
            b.added ? words(LAYERMOE_TR("Report",
                                        "Changes of runs %1 are against run %2, found automatically (lineage, model "
                                        "folder or experiment) and added to the comparison."),
                            {id_list(runs), b.label})
                    : words(LAYERMOE_TR("Report",
                                        "Changes of runs %1 are against run %2, found automatically (lineage, model "
                                        "folder or experiment)."),
                            {id_list(runs), b.label}));
    }
    if (!without.empty())
        notes.push_back(
            words(LAYERMOE_TR("Report",
                              "No base run for runs %1: nothing evaluated before an expansion was found in their "
                              "lineage, model folder or experiment, so their changes show \"-\". Select a pretrain or "
                              "eval run to compare against."),
                  {id_list(without)}));
    return notes;
}

TaskTable task_table(const Comparison& c, const Wording& words) {
    TaskTable t;
    t.header.push_back(words(LAYERMOE_TR("Report", "Run")));
    const std::vector<std::string> keys = c.headline_task_keys();
    for (const auto& key : keys) {
        t.header.push_back(words(LAYERMOE_TR("Report", "%1 old"), {key}));
        t.header.push_back(words(LAYERMOE_TR("Report", "%1 new"), {key}));
        t.header.push_back(words(LAYERMOE_TR("Report", "change old")));
        t.header.push_back(words(LAYERMOE_TR("Report", "change new")));
    }
    if (keys.empty()) return t;
    for (size_t i = 0; i < c.runs.size(); ++i) {
        std::vector<std::string> row = {c.runs[i].label};
        std::vector<bool> forgets(1, false);
        for (const auto& key : keys) {
            const double old_change = c.task_group_change(i, key, true),
                         new_change = c.task_group_change(i, key, false);
            row.push_back(format_value(c.task_score(i, key, "group:old")));
            row.push_back(format_value(c.task_score(i, key, "group:G1")));
            row.push_back(format_change(old_change));
            row.push_back(format_change(new_change));
            forgets.insert(forgets.end(), {false, false, old_change < 0, false});
        }
        t.rows.push_back(std::move(row));
        t.forgets.push_back(std::move(forgets));
    }
    return t;
}

}  // namespace layermoe
