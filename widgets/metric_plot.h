#pragma once
// A time series of one metric (e.g. training loss per step) of one run, one graph per language.
#include <QWidget>
#include <vector>

#include "core/store/store.h"

class QCustomPlot;

namespace layermoe {

class MetricPlot : public QWidget {
    Q_OBJECT
public:
    explicit MetricPlot(QWidget* parent = nullptr);
    // With no points, shows empty_text in the middle of the plot instead of empty axes.
    void setSeries(const QString& title, const std::vector<MetricPoint>& points, const QString& empty_text = {});
    QCustomPlot* plot() const { return plot_; }
    int graphCount() const;

private:
    QCustomPlot* plot_;
};

} // namespace layermoe
