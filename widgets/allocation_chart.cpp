#include "widgets/allocation_chart.h"
#include "widgets/item_export.h"

#include <QEvent>
#include <QVBoxLayout>
#include <algorithm>
#include <qcustomplot.h>

#include "widgets/palette.h"
#include "widgets/plot_util.h"

namespace layermoe {

namespace {

constexpr double kBarWidth = 0.38;
constexpr double kOffset = 0.2;  // LayerMoE left of the layer's tick, MoE-LPR right of it

QCPBars* make_bars(QCustomPlot* plot, const QColor& fill, const QPen& outline) {
    return add_bars(plot, kBarWidth, fill, outline);
}

}  // namespace

AllocationChart::AllocationChart(QWidget* parent)
    : QWidget(parent), plot_(new QCustomPlot(this)),
      layermoe_(make_bars(plot_, palette::kLayerMoE, QPen(palette::kLayerMoE.darker(130)))),
      uniform_(make_bars(plot_, palette::kMoELpr, QPen(palette::kMoELpr.darker(130)))),
      classifier_bars_(make_bars(plot_, palette::kLayerMoE, QPen(palette::kAccent, 2.5))),
      classifier_marks_(plot_->addGraph()), message_(show_message(plot_, {})) {
    add_plot_export_menu(plot_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    classifier_bars_->removeFromLegend();
    classifier_marks_->setLineStyle(QCPGraph::lsNone);
    classifier_marks_->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssTriangleInverted, palette::kAccent, palette::kAccent, 9));
    put_legend_on_top(plot_);
    plot_->xAxis->setTicker(integer_ticker());
    plot_->yAxis->setTicker(integer_ticker());
    plot_->xAxis->grid()->setVisible(false);
    retranslate();
    setAllocation({});
}

void AllocationChart::setAllocation(const Allocation& a) {
    allocation_ = a;
    render();
    plot_->replot(QCustomPlot::rpImmediateRefresh);
    last_replot_ms_ = plot_->replotTime();
}

void AllocationChart::clear() { setAllocation({}); }

void AllocationChart::render() {
    QVector<double> keys, experts, uniform, classifier_keys, classifier_experts, mark_heights;
    for (const auto& layer : allocation_.layers) {
        keys << double(layer.layer) - kOffset;
        experts << double(layer.experts);
        uniform << double(allocation_.config.compare_uniform_experts);
        if (layer.classifier) {
            classifier_keys << keys.back();
            classifier_experts << experts.back();
            mark_heights << experts.back() + 0.45;
        }
    }
    layermoe_->setData(keys, experts, /*alreadySorted=*/true);
    classifier_bars_->setData(classifier_keys, classifier_experts, /*alreadySorted=*/true);
    classifier_marks_->setData(classifier_keys, mark_heights, /*alreadySorted=*/true);
    for (double& key : keys) key += 2 * kOffset;
    uniform_->setData(keys, uniform, /*alreadySorted=*/true);
    const bool empty = keys.isEmpty();
    message_->setVisible(empty);
    show_ticks(plot_, !empty);
    plot_->legend->setVisible(!empty);
    retranslate();
    const double highest = std::max({1.0, experts.isEmpty() ? 0 : *std::max_element(experts.begin(), experts.end()),
                                     uniform.isEmpty() ? 0 : uniform.front()});
    plot_->xAxis->setRange(-0.7, std::max<double>(double(keys.size()), 1) - 0.3);
    plot_->yAxis->setRange(0, highest + 1);  // room for the classifier marks
}

QVector<double> AllocationChart::layerMoeBars() const { return bar_values(layermoe_); }

QVector<double> AllocationChart::uniformBars() const { return bar_values(uniform_); }

QVector<int> AllocationChart::classifierLayers() const {
    QVector<int> out;
    for (const auto& layer : allocation_.layers)
        if (layer.classifier) out << int(layer.layer);
    return out;
}

void AllocationChart::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        plot_->replot();
    }
    QWidget::changeEvent(event);
}

void AllocationChart::retranslate() {
    const int layermoe_new = int(allocation_.new_experts), uniform_new = int(allocation_.uniform_new_experts);
    const int per_layer = int(allocation_.config.compare_uniform_experts);
    layermoe_->setName(tr("LayerMoE: %Ln new experts", nullptr, layermoe_new));
    uniform_->setName(tr("MoE-LPR, %1 per layer: %Ln new experts", nullptr, uniform_new).arg(per_layer));
    classifier_marks_->setName(tr("routing classifier"));
    fit_legend(plot_);
    plot_->xAxis->setLabel(tr("layer"));
    plot_->yAxis->setLabel(tr("experts per layer"));
    message_->setText(tr("No allocation to show."));
}

}  // namespace layermoe
