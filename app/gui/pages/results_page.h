#pragma once
// The results page: every run of the workspace's store (filter, sort, lineage), refreshed while
// the GUI is open, the chosen runs kept chosen across filtering and refreshes; the chosen runs'
// curves, all in one plot, each graph named by its run; several chosen runs compared (absolute
// bits per byte over the old and new languages and per language, the change against each run's
// base, found automatically from the store when none was chosen, new experts and parameters,
// configs side by side with differences marked); and exports: the report (HTML and PDF), the
// comparison as CSV or JSON, the shown plot as PNG, SVG or PDF (never an empty one), a run's
// model folder. Every export says where its file went in the page's status line.
#include <QWidget>
#include <optional>
#include <vector>

#include "core/report/compare.h"

class QCheckBox;
class QComboBox;
class QCustomPlot;
class QItemSelection;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QSplitter;
class QTableView;
class QTableWidget;
class QTabWidget;

namespace layermoe {

class ComparisonChart;
class RoutesHeatmap;
class MetricPlot;
class RunsTableModel;
class Workspace;

class ResultsPage : public QWidget {
    Q_OBJECT
public:
    explicit ResultsPage(Workspace& workspace, QWidget* parent = nullptr);
    RunsTableModel* runs() const { return runs_; }
    QTableView* view() const { return view_; }
    QLineEdit* filterEdit() const { return filter_; }
    QComboBox* metricBox() const { return metric_; }
    QCheckBox* poolSeedsCheck() const { return pool_seeds_; }
    QTabWidget* tabs() const { return tabs_; }
    MetricPlot* curvesPlot() const { return plot_; }
    ComparisonChart* comparisonChart() const { return chart_; }
    // One row per compared run: its base, new experts and parameters, bits per byte over the old
    // and new languages and per language, each next to its change against the run's base.
    QTableWidget* forgettingTable() const { return forgetting_; }
    QLabel* comparisonNote() const { return comparison_note_; }  // what the changes are against
    QTableWidget* tasksTable() const { return tasks_; }
    QTableWidget* configTable() const { return configs_; }
    // The Routes tab: the first chosen run of kind "routes" (layermoe routes), one layer at a time.
    RoutesHeatmap* routesHeatmap() const { return routes_map_; }
    QComboBox* routesLayerBox() const { return routes_layer_; }
    QLabel* routesNote() const { return routes_note_; }
    void showRoutesTab();
    QLabel* selectionLabel() const { return selection_label_; }
    QLabel* statusLabel() const { return status_; }  // the last export's file, or why it failed
    const std::optional<Comparison>& comparison() const { return comparison_; }

    void selectRun(int64_t id);
    void selectRuns(const std::vector<int64_t>& ids);
    // The chosen runs, by id, including those the filter hides.
    std::vector<int64_t> selectedRuns() const;
    bool compareSelected();
    // Shows the curves (the "Curves" tab), the comparison's task scores (its "Tasks" tab).
    void showCurvesTab();
    void showTasksTab();
    // Exports; false with a message in *error. On success the status line names the file.
    bool exportReport(const QString& html, const QString& pdf, QString* error);
    bool exportComparison(const QString& file, QString* error);  // .csv or .json
    // The plot of the shown tab (Curves or Comparison), as drawn there; refused when it is empty.
    bool exportPlot(const QString& file, QString* error);
    bool exportModel(int64_t run, const QString& folder, QString* error);
    void refresh();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void showSelected();
    void showComparison();
    void showRoutes();
    void askExport(int which);
    // The plot of the shown tab when it has something to export; else null, with the reason.
    QCustomPlot* shownPlot(QString* why) const;
    void applyFilter(const QString& text);
    void restoreSelection();
    void selectionChanged(const QItemSelection& selected, const QItemSelection& deselected);
    void updateSelectionLabel();
    void clearHiddenSelection();
    void saved(const QString& file, const QString& message);
    void showStatus(const QString& message, const QString& file);
    void showError(const QString& title, const QString& message);

    Workspace& workspace_;
    RunsTableModel* runs_;
    QSortFilterProxyModel* filtered_;
    QLineEdit* filter_;
    QComboBox* metric_;
    QPushButton *compare_, *export_;
    QCheckBox* pool_seeds_;  // an experiment's seeds of a method as one run
    QTableView* view_;
    QTabWidget* tabs_;
    QWidget* curves_;
    MetricPlot* plot_;
    QLabel* curves_note_;
    QSplitter* comparison_split_;
    ComparisonChart* chart_;
    QTableWidget *forgetting_, *tasks_, *configs_;
    QWidget* routes_;
    RoutesHeatmap* routes_map_;
    QComboBox* routes_layer_;
    QLabel* routes_note_;
    QLabel* routes_layer_label_;
    int64_t routes_run_ = 0;  // shown in the Routes tab
    QLabel *comparison_note_, *selection_label_, *status_;
    std::optional<Comparison> comparison_;
    std::vector<int64_t> selected_;  // sorted ids; kept while the filter hides them
    bool restoring_ = false;  // the selection model is being set from selected_
};

}  // namespace layermoe
