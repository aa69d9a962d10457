#include "core/report/report.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>

#include <fmt/format.h>

namespace layermoe {

namespace {

// Config tables hold at most this many runs side by side, so they fit a page's width: more go below.
constexpr size_t kRunsPerTable = 5;
// A key longer than this may break after '.' or '_' (model_config.num_key_value_heads); a value
// after '.', '_', '/', ',', ':' or '-'; a value longer than kLongestValue is cut.
constexpr size_t kLongestWholeKey = 40, kLongestValue = 60;

std::string now_local() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm local{};
    localtime_r(&t, &local);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &local);
    return text;
}

// Characters of UTF-8 text (code points).
size_t characters(const std::string& s) {
    return static_cast<size_t>(
        std::count_if(s.begin(), s.end(), [](char ch) { return (static_cast<unsigned char>(ch) & 0xC0) != 0x80; }));
}

// The first n characters of UTF-8 text.
std::string first_characters(const std::string& s, size_t n) {
    size_t seen = 0;
    for (size_t i = 0; i < s.size(); ++i)
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && seen++ == n) return s.substr(0, i);
    return s;
}

TableStyle first_left() {
    TableStyle style;
    style.first_left = true;
    return style;
}

class Builder {
public:
    Builder(const Store& store, const Wording& words, bool plots) : store_(store), w_(words), plots_(plots) {}

    void heading(std::string text, int level = 2) { add(ReportBlock::Kind::Heading, std::move(text), level); }
    void paragraph(std::string text) { add(ReportBlock::Kind::Paragraph, std::move(text)); }
    void note(std::string text) { add(ReportBlock::Kind::Note, std::move(text)); }
    void table(std::vector<std::string> header, std::vector<std::vector<std::string>> rows,
               std::vector<bool> marked = {}, TableStyle style = {}) {
        ReportBlock b;
        b.kind = ReportBlock::Kind::Table;
        b.table = {std::move(header), std::move(rows), std::move(marked), std::move(style)};
        blocks_.push_back(std::move(b));
    }
    void plot(PlotKind kind, int64_t run, std::string name) {
        if (!plots_) return;
        ReportBlock b;
        b.kind = ReportBlock::Kind::Plot;
        b.plot = {kind, run, std::move(name)};
        blocks_.push_back(std::move(b));
    }

    void comparison(const Comparison& c);
    void intervals(const Comparison& c);
    void analysis(const RunRecord& run);
    void allocation(const RunRecord& run);
    void curve(const RunRecord& run);
    void configs(const Comparison& c);

    std::vector<ReportBlock> take() { return std::move(blocks_); }

private:
    void add(ReportBlock::Kind kind, std::string text, int level = 2) {
        ReportBlock b;
        b.kind = kind;
        b.level = level;
        b.text = std::move(text);
        blocks_.push_back(std::move(b));
    }

    const Store& store_;
    const Wording& w_;
    bool plots_;
    std::vector<ReportBlock> blocks_;
};

// Each change against the base as a 95% interval with its verdict, and each pair of runs with
// the same base, when the runs recorded their held-out documents.
void Builder::intervals(const Comparison& c) {
    auto verdict = [&](const std::optional<stats::Interval>& i) {
        if (!i) return std::string(kMissing);
        switch (stats::verdict(*i, false)) {
        case stats::Verdict::Better: return w_(LAYERMOE_TR("Report", "better"));
        case stats::Verdict::Worse: return w_(LAYERMOE_TR("Report", "worse"));
        case stats::Verdict::NoClearDifference: break;
        }
        return w_(LAYERMOE_TR("Report", "no clear difference"));
    };
    std::vector<std::vector<std::string>> rows;
    auto add = [&](std::string label, const std::optional<stats::Interval>& o,
                   const std::optional<stats::Interval>& n) {
        if (o || n) rows.push_back({std::move(label), format_interval(o), verdict(o), format_interval(n), verdict(n)});
    };
    for (size_t i = 0; i < c.runs.size(); ++i)
        add(c.runs[i].label, c.change_interval(i, true), c.change_interval(i, false));
    if (rows.empty()) return;
    for (const auto& [i, j] : c.compared_pairs())
        add(c.runs[i].label + " - " + c.runs[j].label, c.bpb_difference(i, j, true), c.bpb_difference(i, j, false));
    heading(w_(LAYERMOE_TR("Report", "Changes in bits per byte with 95% intervals")), 3);
    table({w_(LAYERMOE_TR("Report", "Run")), w_(LAYERMOE_TR("Report", "change old")),
           w_(LAYERMOE_TR("Report", "verdict")), w_(LAYERMOE_TR("Report", "change new")),
           w_(LAYERMOE_TR("Report", "verdict"))},
          std::move(rows), {}, first_left());
    int seeds = 1;
    for (const auto& r : c.runs) seeds = std::max(seeds, r.seeds);
    if (seeds > 1)
        note(w_(LAYERMOE_TR("Report",
                            "Rows \"(N seeds)\" are the mean over their seeds. Paired bootstrap over the seeds and "
                            "the held-out documents together (%1 resamples, seed %2); a row \"A - B\" is A minus B, "
                            "its verdict A's."),
                {std::to_string(stats::kResamples), std::to_string(Comparison::kBootstrapSeed)}));
    else
        note(w_(LAYERMOE_TR("Report",
                            "Paired bootstrap over the held-out documents (%1 resamples, seed %2); a row \"A - B\" is "
                            "A minus B, its verdict A's. The intervals cover the held-out sample, not training "
                            "again with another seed."),
                {std::to_string(stats::kResamples), std::to_string(Comparison::kBootstrapSeed)}));
}

void Builder::comparison(const Comparison& c) {
    heading(w_(LAYERMOE_TR("Report", "Runs")));
    const bool g2 = c.has_g2();
    std::vector<std::vector<std::string>> rows;
    for (size_t i = 0; i < c.runs.size(); ++i) {
        const auto& s = c.runs[i];
        std::vector<std::string> row = {std::to_string(s.run.id),
                                        s.run.name,
                                        std::string(to_string(s.run.kind)),
                                        std::string(to_string(s.run.status)),
                                        base_cell(c, i, w_),
                                        format_count(s.new_experts),
                                        format_millions(s.new_parameters),
                                        format_value(c.group_bpb(i, "old")),
                                        format_value(c.group_bpb(i, "G1"))};
        if (g2) row.push_back(format_value(c.group_bpb(i, "G2")));
        row.push_back(format_change(c.mean_change(i, true)));
        row.push_back(format_change(c.mean_change(i, false)));
        rows.push_back(std::move(row));
    }
    std::vector<std::string> header = {w_(LAYERMOE_TR("Report", "Run")),
                                       w_(LAYERMOE_TR("Report", "Name")),
                                       w_(LAYERMOE_TR("Report", "Kind")),
                                       w_(LAYERMOE_TR("Report", "Status")),
                                       w_(LAYERMOE_TR("Report", "Base")),
                                       w_(LAYERMOE_TR("Report", "New experts")),
                                       w_(LAYERMOE_TR("Report", "New parameters (M)")),
                                       w_(LAYERMOE_TR("Report", "bpb old")),
                                       w_(LAYERMOE_TR("Report", "bpb G1"))};
    if (g2) header.push_back(w_(LAYERMOE_TR("Report", "bpb G2")));
    header.push_back(w_(LAYERMOE_TR("Report", "change old")));
    header.push_back(w_(LAYERMOE_TR("Report", "change new")));
    table(std::move(header), std::move(rows));
    for (auto& text : base_notes(c, w_)) note(std::move(text));
    if (std::any_of(c.runs.begin(), c.runs.end(), [](const RunSummary& s) { return !s.groups.empty(); }))
        plot(PlotKind::Comparison, 0, "comparison");
    intervals(c);
    std::vector<std::string> langs = c.old_langs;
    langs.insert(langs.end(), c.new_langs.begin(), c.new_langs.end());
    if (langs.empty()) return;
    heading(w_(LAYERMOE_TR("Report", "Bits per byte per language (held-out text)")), 3);
    header = {w_(LAYERMOE_TR("Report", "Run"))};
    header.insert(header.end(), langs.begin(), langs.end());
    rows.clear();
    for (size_t i = 0; i < c.runs.size(); ++i) {
        std::vector<std::string> row = {c.runs[i].label};
        for (const auto& l : langs) row.push_back(format_value(c.language_bpb(i, l)));
        rows.push_back(std::move(row));
    }
    table(std::move(header), std::move(rows), {}, first_left());
    TaskTable tasks = task_table(c, w_);
    if (!tasks.rows.empty()) {
        heading(w_(LAYERMOE_TR("Report",
                               "Multiple-choice tasks: accuracy over the old and the new languages, and its change "
                               "against the base (below zero on the old languages = forgetting)")),
                3);
        std::vector<bool> marked;
        for (const auto& f : tasks.forgets) marked.push_back(std::find(f.begin(), f.end(), true) != f.end());
        table(std::move(tasks.header), std::move(tasks.rows), std::move(marked), first_left());
    }
    const bool any_base =
        std::any_of(c.runs.begin(), c.runs.end(), [](const RunSummary& s) { return s.base.has_value(); });
    if (!any_base) return;
    heading(c.base ? w_(LAYERMOE_TR("Report", "Change against run %1 per language"),
                        {std::to_string(c.runs[*c.base].run.id)})
                   : w_(LAYERMOE_TR("Report", "Change against each run's base per language (column Base above)")),
            3);
    note(w_(LAYERMOE_TR("Report", "Old languages: above zero = forgetting; new languages: below zero = learnt.")));
    header = {w_(LAYERMOE_TR("Report", "Run"))};
    header.insert(header.end(), langs.begin(), langs.end());
    rows.clear();
    std::vector<bool> forgot;
    for (size_t i = 0; i < c.runs.size(); ++i) {
        std::vector<std::string> row = {c.runs[i].label};
        for (double d : c.old_change[i]) row.push_back(format_change(d));
        for (double d : c.new_change[i]) row.push_back(format_change(d));
        rows.push_back(std::move(row));
        forgot.push_back(c.mean_change(i, true) > 0);
    }
    table(std::move(header), std::move(rows), std::move(forgot), first_left());
}

void Builder::analysis(const RunRecord& run) {
    if (!store_.similarity(run.id, "mean")) return;
    const std::string id = std::to_string(run.id);
    heading(w_(LAYERMOE_TR("Report", "Similarity of run %1"), {id}));
    plot(PlotKind::Similarity, run.id, "similarity-" + id);
    plot(PlotKind::Scores, run.id, "scores-" + id);
    std::vector<std::vector<std::string>> rows;
    for (const auto& s : store_.layer_scores(run.id, "mean"))
        rows.push_back({std::to_string(s.layer), format_value(s.s_new_new, 5), format_value(s.s_new_old, 5),
                        format_value(s.s, 5)});
    table({w_(LAYERMOE_TR("Report", "Layer")), "S_nn", "S_no", "S"}, std::move(rows));
}

void Builder::allocation(const RunRecord& run) {
    const auto layers = store_.allocation(run.id);
    if (layers.empty()) return;
    const std::string id = std::to_string(run.id);
    heading(w_(LAYERMOE_TR("Report", "Allocation of run %1"), {id}));
    plot(PlotKind::Allocation, run.id, "allocation-" + id);
    std::vector<std::vector<std::string>> rows;
    for (const auto& l : layers)
        rows.push_back({std::to_string(l.layer), format_value(l.s, 5), std::to_string(l.experts),
                        std::to_string(l.new_experts),
                        l.classifier ? w_(LAYERMOE_TR("Report", "yes")) : std::string()});
    table({w_(LAYERMOE_TR("Report", "Layer")), "S", w_(LAYERMOE_TR("Report", "Experts")),
           w_(LAYERMOE_TR("Report", "New")), w_(LAYERMOE_TR("Report", "Classifier"))},
          std::move(rows));
}

// A loss curve is only a plot: left out of a report without plots.
void Builder::curve(const RunRecord& run) {
    if (!plots_ || store_.metric_count(run.id, "loss") == 0) return;
    heading(w_(LAYERMOE_TR("Report", "Training loss of run %1 (%2)"), {std::to_string(run.id), run.name}), 3);
    plot(PlotKind::Loss, run.id, fmt::format("loss-{}", run.id));
}

void Builder::configs(const Comparison& c) {
    heading(w_(LAYERMOE_TR("Report", "Configurations (keys that differ are marked)")));
    TableStyle style = first_left();
    style.cell_class = "cfg";
    style.first_width = "30%";
    style.first_nowrap = true;
    style.first_breaks = "._";
    style.first_break_over = kLongestWholeKey;
    style.value_breaks = "._/,:-";
    for (size_t first = 0; first < c.runs.size(); first += kRunsPerTable) {
        const size_t last = std::min(c.runs.size(), first + kRunsPerTable);
        std::vector<std::string> header = {w_(LAYERMOE_TR("Report", "Key"))};
        for (size_t r = first; r < last; ++r) header.push_back(std::to_string(c.runs[r].run.id));
        std::vector<std::vector<std::string>> rows;
        std::vector<bool> marked;
        for (const auto& row : c.configs) {
            std::vector<std::string> cells = {row.key};
            for (size_t r = first; r < last; ++r) {
                const std::string& value = row.values[r];
                cells.push_back(!is_number(value) && characters(value) > kLongestValue
                                    ? first_characters(value, kLongestValue - 3) + "..."
                                    : value);
            }
            rows.push_back(std::move(cells));
            marked.push_back(row.differs);
        }
        table(std::move(header), std::move(rows), std::move(marked), style);
    }
}

}  // namespace

Report build_report(const Store& store, const std::vector<int64_t>& runs, const ReportOptions& options,
                    const Wording& words) {
    Report report;
    report.title = options.title.empty() ? words(LAYERMOE_TR("Report", "LayerMoE Workbench report")) : options.title;
    report.comparison = compare_runs(store, runs, options.base, true, options.pool_seeds);
    const Comparison& c = report.comparison;
    Builder b(store, words, options.plots);
    b.paragraph(
        words(LAYERMOE_TR("Report", "%1 runs of %2, %3"), {std::to_string(runs.size()), store.path().string(),
                                                           options.created.empty() ? now_local() : options.created}));
    b.comparison(c);
    for (const auto& s : c.runs) {
        if (s.run.kind == RunKind::Analyze) b.analysis(s.run);
        if (s.run.kind == RunKind::Allocate) b.allocation(s.run);
        if (is_training(s.run.kind)) b.curve(s.run);
    }
    b.configs(c);
    report.blocks = b.take();
    return report;
}

}  // namespace layermoe
