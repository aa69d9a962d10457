#pragma once
// A report of chosen runs, as HTML (with its plots as PNG files beside it) and as PDF: the
// comparison (per-group and per-language bits per byte, forgetting against the base, new
// experts and parameters, a bar chart, multiple-choice task scores), each analysis's heatmap and
// scores, each allocation's chart, each trained run's loss curve, and the runs' configs with the
// keys that differ marked.
#include <QString>
#include <QStringList>
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

struct ReportFiles {
    QString html;  // path of the HTML file; its images go to <name>_files/ beside it
    QString pdf;   // empty = no PDF
};

// false with a message naming the file that could not be written.
bool write_report(Store& store, const std::vector<int64_t>& runs, const QString& title, const ReportFiles& files,
                  QString* error);

} // namespace layermoe
