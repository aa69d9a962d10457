#pragma once
// The renderings of a comparison and of a report, one function per format, all over the one model
// (core/report/compare.h) and the same cell formats (core/report/format.h). A missing value is
// kMissing ("-") in text, Markdown and HTML, an empty field in CSV, null in JSON; never 0.
#include <functional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/report/compare.h"
#include "core/report/report.h"

namespace layermoe {

// `layermoe compare`'s table: per run the group means and the change per old language, "(base)"
// on the base; each headline task as a runs x languages matrix with the change over the old and
// the new languages; with configs, the config keys that differ.
std::string render_text(const Comparison& c, bool configs = false);

// An experiment's table (`layermoe experiment`, the demo): one row per method, the base first,
// labelled by the runs' labels (the method names); new experts, new and trained parameters, bpb
// over the old and the new (G1) languages, their mean change against the base, and bpb per
// language; "-" for what a row lacks and for the base's own changes. A footnote naming the
// languages; then, when the runs were scored on tasks, each task's accuracy and acc_mutual_info
// over the old and new languages and the change of acc_mutual_info against the base. Both tables
// end, when the runs recorded their held-out documents, with each run's d old / d new as a 95%
// interval and verdict (paired bootstrap, core/report/stats.h), and each pair of runs with the
// same base compared the same way.
std::string render_method_table(const Comparison& c);

// The paper's claims for LayerMoE against MoE-LPR (docs/method.md, "Uncertainty"), as this
// comparison tests them: run `layermoe` against run `moe_lpr` (indices, same base).
struct Claim {
    std::string claim;  // "forgets the old languages less"
    std::string evidence;  // "12 vs 30 new experts", "old -0.0681 [-0.1179, -0.0264]"
    std::string verdict;  // "holds", "does not hold", "not shown (no clear difference)", "not measured"
    bool holds = false;
};
// 1. Fewer new experts: holds when LayerMoE adds fewer. 2. Learns the new languages as well: the
// paired difference in new-language bpb is not worse (better or no clear difference). 3. Forgets
// the old languages less: the paired difference in old-language bpb is better; no clear
// difference does not show it.
std::vector<Claim> paper_claims(const Comparison& c, size_t layermoe, size_t moe_lpr);
// The claims as text lines under a title; each line "  claim  evidence  verdict".
std::string render_claims(const Comparison& c, size_t layermoe, size_t moe_lpr);

// One row per run: id, label, kind, new experts and parameters, group means, per-language bpb,
// per-language changes, tasks (group means and changes), base run (RFC 4180, core/io/csv.h).
std::string render_csv(const Comparison& c);
// An experiment's comparison.csv: method, run_id, new experts, new and trained parameters, bpb
// old and new, the mean changes, bpb per language, each task's acc and acc_mutual_info over the
// old and the new languages.
std::string render_method_csv(const Comparison& c);

// The comparison as JSON: languages, the common base, and per run its values, base and changes;
// a value a run lacks is null. With held-out documents recorded, each run's mean changes have
// intervals ("old_change_interval", "new_change_interval") and "pairs" holds every two runs with
// the same base, a minus b in bpb with its interval (the verdict is a's against b); with task items
// recorded, "task_change_interval" holds each task score's; "bootstrap" says how they were drawn.
nlohmann::json render_json(const Comparison& c);

// A report as Markdown (GitHub's tables; marked rows have their first cell in bold). Plots are
// left out.
std::string render_markdown(const Report& report);

struct HtmlOptions {
    // The HTML of a plot's place (e.g. "<p><img ...></p>\n"); none: plots are left out.
    std::function<std::string(const ReportPlot&)> plot;
    // For printing: the page's margins are the document's, so the body is not centred at a width.
    bool paged = false;
};
// A report as one HTML file: the title, the blocks in order, tables styled so that numbers never
// wrap, marked rows highlighted, config keys and values broken only after separators.
std::string render_html(const Report& report, const HtmlOptions& options = {});

// Text for HTML: & < > " escaped.
std::string html_escaped(std::string_view text);

}  // namespace layermoe
