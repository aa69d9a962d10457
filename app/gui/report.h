#pragma once
// The workbench's report of chosen runs: core's report (core/report/report.h: the comparison, each
// analysis's scores, each allocation's experts per layer, the configs with the keys that differ
// marked; rendered by core/report/render.h) with its plots drawn by the workbench's widgets (the
// comparison's bars, each analysis's heatmap and scores, each allocation's chart, each trained
// run's loss curve), as HTML (with its plots as PNG files beside it) and as PDF. The PDF is A4
// with every plot scaled to the printable width, and config keys and values break only after
// separators ('.', '_', '/', ','), never mid-word. `layermoe report --out FILE.pdf` prints
// through it too.
#include <QString>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/report/format.h"

namespace layermoe {

class Store;
struct Comparison;
struct ComparisonBar;

// The comparison chart's bars (the results page's, the report's): per run with group means, bits
// per byte over the old and the G1 languages, each with its 95% bootstrap interval over the
// held-out documents when the run recorded them (Comparison::group_interval).
std::vector<ComparisonBar> comparison_bars(const Comparison& c);

// The report's words in the interface language: the translations' context "Report".
Wording report_wording();

struct ReportFiles {
    QString html;  // path of the HTML file, its images in <name>_files/ beside it; empty = no HTML
    QString pdf;  // empty = no PDF
};

// The PDF page: A4 in CSS pixels (96 per inch), its margin, and the printable width every plot is
// scaled to fit.
constexpr double kReportPageWidth = 793.7, kReportPageHeight = 1122.5, kReportMargin = 56.7;
constexpr double kReportPrintableWidth = kReportPageWidth - 2 * kReportMargin;

// title: empty = the report's default ("LayerMoE Workbench report", translated). base: as
// compare_runs' (none: the first evaluated base among the runs, else each run's own, found in the
// store). Needs a QApplication (plots are widgets). false with a message naming the file that
// could not be written, or the run at fault.
bool write_report(Store& store, const std::vector<int64_t>& runs, const QString& title, const ReportFiles& files,
                  QString* error, std::optional<int64_t> base = std::nullopt, bool pool_seeds = false);

}  // namespace layermoe
