#include "widgets/metric_plot.h"
#include "widgets/item_export.h"

#include <QEvent>
#include <QVBoxLayout>
#include <map>
#include <qcustomplot.h>

#include "widgets/plot_util.h"

namespace layermoe {

namespace {

// Tableau's ten categorical colours: one per series of a single run, one per run of several.
const QColor kSeriesColours[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c),
                                 QColor(0xd6, 0x27, 0x28), QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
                                 QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f), QColor(0xbc, 0xbd, 0x22),
                                 QColor(0x17, 0xbe, 0xcf)};
constexpr int kColours = sizeof(kSeriesColours) / sizeof(kSeriesColours[0]);
const Qt::PenStyle kStyles[] = {Qt::SolidLine, Qt::DashLine, Qt::DotLine, Qt::DashDotLine, Qt::DashDotDotLine};
constexpr int kStylesCount = sizeof(kStyles) / sizeof(kStyles[0]);

}  // namespace

MetricPlot::MetricPlot(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
    add_plot_export_menu(plot_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    plot_->xAxis->setLabel(tr("step"));
    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    put_legend_on_top(plot_);
}

void MetricPlot::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        plot_->xAxis->setLabel(tr("step"));
        plot_->replot();
    }
    QWidget::changeEvent(event);
}

int MetricPlot::graphCount() const { return plot_->graphCount(); }

QList<int64_t> MetricPlot::graphRuns() const { return graph_runs_; }

bool MetricPlot::isEmpty() const {
    for (int i = 0; i < plot_->graphCount(); ++i)
        if (plot_->graph(i)->dataCount() > 0) return false;
    return true;
}

void MetricPlot::setSeries(const QString& title, const std::vector<MetricPoint>& points, const QString& empty_text) {
    setRuns(title, {RunSeries{points.empty() ? 0 : points.front().run, QString(), points}}, empty_text);
}

void MetricPlot::setRuns(const QString& title, const std::vector<RunSeries>& runs, const QString& empty_text) {
    plot_->clearGraphs();
    plot_->clearItems();
    graph_runs_.clear();
    plot_->yAxis->setLabel(title);
    size_t with_points = 0;
    for (const auto& r : runs) with_points += r.points.empty() ? 0 : 1;
    plot_->legend->setVisible(with_points > 0);
    show_ticks(plot_, with_points > 0);
    if (with_points == 0) {
        show_message(plot_, empty_text);
        plot_->replot();
        return;
    }
    const bool several = with_points > 1;
    int run_index = 0;
    for (const auto& r : runs) {
        if (r.points.empty()) continue;
        std::map<std::string, std::pair<QVector<double>, QVector<double>>> by_series;
        for (const auto& p : r.points) {
            auto& [xs, ys] = by_series[p.stage + " " + p.language];
            xs.push_back(static_cast<double>(p.step));
            ys.push_back(p.value);
        }
        int series_index = 0;
        for (const auto& [name, series] : by_series) {
            auto* graph = plot_->addGraph();
            const QString series_name = QString::fromStdString(name);
            graph->setName(r.name.isEmpty() ? series_name : tr("%1: %2").arg(r.name, series_name));
            QPen pen(kSeriesColours[(several ? run_index : series_index) % kColours], 1.5);
            if (several) pen.setStyle(kStyles[series_index % kStylesCount]);
            graph->setPen(pen);
            graph->setData(series.first, series.second, /*alreadySorted=*/true);
            // A single point draws no line: a dot shows it.
            if (series.first.size() == 1) graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 5));
            graph_runs_ << r.run;
            ++series_index;
        }
        ++run_index;
    }
    plot_->rescaleAxes();
    fit_legend(plot_);
    plot_->replot();
}

}  // namespace layermoe
