#pragma once
// The results page: every run of the workspace's store (filter, sort, lineage), refreshed while
// the GUI is open; a chosen run's curves; several chosen runs compared (old vs new bars,
// forgetting against the base per old language, new experts and parameters, configs side by
// side with differences marked); and exports: the report (HTML and PDF), the comparison as CSV
// or JSON, a plot as PNG, SVG or PDF, a run's model folder.
#include <QWidget>
#include <optional>
#include <vector>

#include "core/report/compare.h"

class QComboBox;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTableWidget;
class QTabWidget;

namespace layermoe {

class ComparisonChart;
class MetricPlot;
class RunsTableModel;
class Workspace;

class ResultsPage : public QWidget {
    Q_OBJECT
public:
    explicit ResultsPage(Workspace& workspace, QWidget* parent = nullptr);
    RunsTableModel* runs() const { return runs_; }
    QTableView* view() const { return view_; }
    ComparisonChart* comparisonChart() const { return chart_; }
    QTableWidget* forgettingTable() const { return forgetting_; }
    QTableWidget* tasksTable() const { return tasks_; }
    QTableWidget* configTable() const { return configs_; }
    const std::optional<Comparison>& comparison() const { return comparison_; }

    void selectRun(int64_t id);
    void selectRuns(const std::vector<int64_t>& ids);
    std::vector<int64_t> selectedRuns() const;
    bool compareSelected();
    // Shows the comparison's task scores (its "Tasks" tab).
    void showTasksTab();
    // Exports; false with a message in *error.
    bool exportReport(const QString& html, const QString& pdf, QString* error);
    bool exportComparison(const QString& file, QString* error);  // .csv or .json
    bool exportPlot(const QString& file, QString* error);        // the shown tab's plot
    bool exportModel(int64_t run, const QString& folder, QString* error);
    void refresh();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void showSelected();
    void showComparison();
    void askExport(int which);

    Workspace& workspace_;
    RunsTableModel* runs_;
    QSortFilterProxyModel* filtered_;
    QLineEdit* filter_;
    QComboBox* metric_;
    QPushButton *compare_, *export_;
    QTableView* view_;
    QTabWidget* tabs_;
    MetricPlot* plot_;
    ComparisonChart* chart_;
    QTableWidget *forgetting_, *tasks_, *configs_;
    std::optional<Comparison> comparison_;
};

} // namespace layermoe
