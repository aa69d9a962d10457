#include "widgets/metric_plot.h"
#include "widgets/item_export.h"

#include <QVBoxLayout>
#include <map>
#include <qcustomplot.h>

namespace layermoe {

MetricPlot::MetricPlot(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
    add_plot_export_menu(plot_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    plot_->xAxis->setLabel(tr("step"));
    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
}

int MetricPlot::graphCount() const { return plot_->graphCount(); }

void MetricPlot::setSeries(const QString& title, const std::vector<MetricPoint>& points, const QString& empty_text) {
    plot_->clearGraphs();
    plot_->clearItems();
    plot_->yAxis->setLabel(title);
    plot_->legend->setVisible(!points.empty());
    if (points.empty()) {
        auto* text = new QCPItemText(plot_);
        text->position->setType(QCPItemPosition::ptAxisRectRatio);
        text->position->setCoords(0.5, 0.5);
        text->setText(empty_text);
        text->setColor(Qt::gray);
        plot_->replot();
        return;
    }
    std::map<std::string, std::pair<QVector<double>, QVector<double>>> by_language;
    for (const auto& p : points) {
        auto& [xs, ys] = by_language[p.stage + " " + p.language];
        xs.push_back(static_cast<double>(p.step));
        ys.push_back(p.value);
    }
    static const QColor palette[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c),
                                     QColor(0xd6, 0x27, 0x28), QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b)};
    int i = 0;
    for (const auto& [name, series] : by_language) {
        auto* graph = plot_->addGraph();
        graph->setName(QString::fromStdString(name));
        graph->setPen(QPen(palette[i++ % 6], 1.5));
        graph->setData(series.first, series.second, /*alreadySorted=*/true);
    }
    plot_->rescaleAxes();
    plot_->replot();
}

} // namespace layermoe
