#pragma once
// A report of chosen runs, as HTML (with its plots as PNG files beside it) and as PDF: the
// comparison (per-group and per-language bits per byte, forgetting against each run's base, found
// automatically when none was chosen, new experts and parameters, a bar chart, multiple-choice
// task scores), each analysis's heatmap and scores, each allocation's chart, each trained run's
// loss curve, and the runs' configs with the keys that differ marked. The PDF is A4 with every
// plot scaled to the printable width, and config keys and values break only after separators
// ('.', '_', '/', ','), never mid-word.
#include <QString>
#include <QStringList>
#include <cstddef>
#include <vector>

namespace layermoe {

class Store;
struct Comparison;

// The task scores of a comparison as a table (the results page and the report show it): per run,
// each task's acc and acc_mutual_info averaged over the old and the new languages, and their
// change against the base. forgets[i][j]: cell j of row i is a drop on the old languages.
struct TaskTable {
    QStringList header;
    std::vector<QStringList> rows;
    std::vector<std::vector<bool>> forgets;
};
TaskTable task_table(const Comparison& c);

// Run i's base for a table cell: "5 eval base", "itself" for a base run, "none" without one.
QString base_cell(const Comparison& c, size_t run);
// How run i's changes were measured, for a tooltip: its base and how it was found, or why there is none.
QString base_description(const Comparison& c, size_t run);
// Notes under the comparison: the bases found automatically (and added to it), and the runs that
// have none (their changes show "-"). Empty when a chosen base covers every run.
QStringList base_notes(const Comparison& c);

// Breaks a key or value may take in a narrow table cell: a zero-width space after each of `after`.
QString breakable(const QString& text, const QString& after);

struct ReportFiles {
    QString html;  // path of the HTML file; its images go to <name>_files/ beside it
    QString pdf;   // empty = no PDF
};

// The PDF page: A4 in CSS pixels (96 per inch), its margin, and the printable width every plot is
// scaled to fit.
constexpr double kReportPageWidth = 793.7, kReportPageHeight = 1122.5, kReportMargin = 56.7;
constexpr double kReportPrintableWidth = kReportPageWidth - 2 * kReportMargin;

// false with a message naming the file that could not be written.
bool write_report(Store& store, const std::vector<int64_t>& runs, const QString& title, const ReportFiles& files,
                  QString* error);

} // namespace layermoe
