#pragma once
// Time series of one metric (e.g. training loss per step): one graph per stage and language of a
// run, and the runs side by side when several are shown (one colour per run, one line style per
// series of a run), each graph named after its run.
#include <QList>
#include <QString>
#include <QWidget>
#include <vector>

#include "core/store/store.h"

class QCustomPlot;

namespace layermoe {

// One run's points of the metric, under the name the legend gives the run ("run 7").
struct RunSeries {
    int64_t run = 0;
    QString name;
    std::vector<MetricPoint> points;
};

class MetricPlot : public QWidget {
    Q_OBJECT
public:
    explicit MetricPlot(QWidget* parent = nullptr);
    // With no points, shows empty_text in the middle of the plot instead of empty axes.
    void setSeries(const QString& title, const std::vector<MetricPoint>& points, const QString& empty_text = {});
    // Every run's series; the legend names each graph "<run name>: <stage> <language>". Runs
    // without points get no graph; with none at all, empty_text shows instead.
    void setRuns(const QString& title, const std::vector<RunSeries>& runs, const QString& empty_text = {});
    QCustomPlot* plot() const { return plot_; }
    int graphCount() const;
    QList<int64_t> graphRuns() const;  // the run of each graph, in graph order
    bool isEmpty() const;  // no graph with a point: nothing to export

protected:
    void changeEvent(QEvent* event) override;  // the axis label follows the interface language

private:
    QCustomPlot* plot_;
    QList<int64_t> graph_runs_;
};

}  // namespace layermoe
