#include "widgets/score_plot.h"
#include "widgets/item_export.h"

#include <QEvent>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "widgets/palette.h"
#include "widgets/plot_util.h"

namespace layermoe {

namespace {

constexpr double kGrabPixels = 6;  // how close to the line a press starts a drag

void set_series(QCPGraph* graph, const std::vector<LayerScore>& scores, double LayerScore::*member) {
    QVector<double> keys, values;
    for (const auto& s : scores) {
        keys << double(s.layer);
        values << s.*member;
    }
    graph->setData(keys, values, /*alreadySorted=*/true);
}

}  // namespace

ScorePlot::ScorePlot(QWidget* parent)
    : QWidget(parent), plot_(new QCustomPlot(this)), line_(new QCPItemStraightLine(plot_)),
      line_label_(new QCPItemText(plot_)), message_(show_message(plot_, {})) {
    add_plot_export_menu(plot_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    const QColor colours[] = {palette::kNewLanguages, palette::kOldLanguages, palette::kInk, palette::kAligned};
    for (int i = 0; i < 4; ++i) {
        auto* graph = plot_->addGraph();
        graph->setPen(QPen(colours[i], i == Combined ? 2.5 : 1.5, i == Aligned ? Qt::DashLine : Qt::SolidLine));
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, i == Combined ? 5 : 4));
    }
    plot_->graph(Aligned)->removeFromLegend();
    put_legend_on_top(plot_);
    plot_->legend->setVisible(true);
    plot_->xAxis->setTicker(integer_ticker());
    line_->setPen(QPen(palette::kAccent, 2));
    line_label_->setColor(palette::kAccent);
    line_label_->setBrush(QColor(255, 255, 255, 220));  // readable where it crosses a curve
    line_label_->setPadding(QMargins(3, 1, 3, 1));
    line_label_->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
    line_label_->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
    plot_->setMouseTracking(true);
    connect(plot_, &QCustomPlot::mousePress, this, &ScorePlot::onMousePress);
    connect(plot_, &QCustomPlot::mouseMove, this, &ScorePlot::onMouseMove);
    connect(plot_, &QCustomPlot::mouseRelease, this, &ScorePlot::onMouseRelease);
    retranslate();
    setScores({});
}

void ScorePlot::setScores(const std::vector<LayerScore>& scores) {
    scores_ = scores;
    set_series(plot_->graph(NewNew), scores, &LayerScore::s_new_new);
    set_series(plot_->graph(NewOld), scores, &LayerScore::s_new_old);
    set_series(plot_->graph(Combined), scores, &LayerScore::s);
    message_->setVisible(scores.empty());
    show_ticks(plot_, !scores.empty());
    plot_->legend->setVisible(!scores.empty());
    fitRanges();
    placeThreshold();
    plot_->replot();
}

void ScorePlot::setAlignedScores(const std::vector<LayerScore>& scores) {
    QCPGraph* graph = plot_->graph(Aligned);
    set_series(graph, scores, &LayerScore::s);
    if (scores.empty())
        graph->removeFromLegend();
    else
        graph->addToLegend();
    fitRanges();
    placeThreshold();
    plot_->replot();
}

void ScorePlot::setThreshold(std::optional<double> tau) {
    threshold_ = tau;
    // Keep a programmatic threshold in view; during a drag the range must not move under the mouse.
    if (tau && !dragging_ && !plot_->yAxis->range().contains(*tau)) {
        QCPRange range = plot_->yAxis->range();
        range.expand(*tau);
        plot_->yAxis->setRange(range.lower - 0.05 * range.size(), range.upper + 0.05 * range.size());
    }
    placeThreshold();
    plot_->replot();
}

void ScorePlot::clear() {
    setAlignedScores({});
    threshold_.reset();
    setScores({});
}

QVector<double> ScorePlot::values(int series) const {
    QVector<double> out;
    if (series < 0 || series >= plot_->graphCount()) return out;
    for (const auto& point : *plot_->graph(series)->data()) out << point.value;
    return out;
}

QPoint ScorePlot::thresholdPixel(int layer) const {
    if (!threshold_) return {-1, -1};
    return QPointF(plot_->xAxis->coordToPixel(layer), plot_->yAxis->coordToPixel(*threshold_)).toPoint();
}

void ScorePlot::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        placeThreshold();
        plot_->replot();
    }
    QWidget::changeEvent(event);
}

void ScorePlot::retranslate() {
    plot_->graph(NewNew)->setName(tr("S_nn: new–new pairs"));
    plot_->graph(NewOld)->setName(tr("S_no: new–old pairs"));
    plot_->graph(Combined)->setName(tr("S: layer score"));
    plot_->graph(Aligned)->setName(tr("S: aligned sentences"));
    plot_->xAxis->setLabel(tr("layer"));
    plot_->yAxis->setLabel(tr("similarity"));
    message_->setText(tr("No similarity scores to show."));
}

void ScorePlot::fitRanges() {
    QCPRange keys(0, 1);
    if (!scores_.empty()) keys = QCPRange(double(scores_.front().layer), double(scores_.back().layer));
    double low = threshold_.value_or(INFINITY), high = threshold_.value_or(-INFINITY);
    for (int i = 0; i < plot_->graphCount(); ++i)
        for (const auto& point : *plot_->graph(i)->data())
            if (std::isfinite(point.value)) {
                low = std::min(low, point.value);
                high = std::max(high, point.value);
            }
    if (low > high) {
        low = 0;
        high = 1;
    }
    const double pad = high > low ? 0.08 * (high - low) : 0.01;
    plot_->xAxis->setRange(keys.lower - 0.5, keys.upper + 0.5);
    plot_->yAxis->setRange(low - pad, high + pad);
}

void ScorePlot::placeThreshold() {
    const bool shown = threshold_.has_value() && !scores_.empty();
    line_->setVisible(shown);
    line_label_->setVisible(shown);
    if (!shown) return;
    line_->point1->setCoords(0, *threshold_);
    line_->point2->setCoords(1, *threshold_);
    line_label_->position->setCoords(0.99, *threshold_);
    line_label_->setText(tr("classifier threshold %1").arg(*threshold_, 0, 'f', 4));
}

bool ScorePlot::nearThreshold(const QPointF& pos) const {
    return threshold_ && line_->visible() && plot_->axisRect()->rect().contains(pos.toPoint()) &&
           std::abs(pos.y() - plot_->yAxis->coordToPixel(*threshold_)) <= kGrabPixels;
}

void ScorePlot::onMousePress(QMouseEvent* event) {
    dragging_ = event->button() == Qt::LeftButton && nearThreshold(event->position());
}

void ScorePlot::onMouseMove(QMouseEvent* event) {
    if (!dragging_) {
        plot_->setCursor(nearThreshold(event->position()) ? Qt::SizeVerCursor : Qt::ArrowCursor);
        return;
    }
    const QCPRange range = plot_->yAxis->range();
    const double tau = std::clamp(plot_->yAxis->pixelToCoord(event->position().y()), range.lower, range.upper);
    threshold_ = tau;
    placeThreshold();
    plot_->replot(QCustomPlot::rpQueuedReplot);
    Q_EMIT thresholdDragged(tau);
}

void ScorePlot::onMouseRelease(QMouseEvent* event) {
    const bool was_dragging = dragging_;
    dragging_ = false;
    const QPointF pos = event->position();
    if (was_dragging || event->button() != Qt::LeftButton || scores_.empty() ||
        !plot_->axisRect()->rect().contains(pos.toPoint()))
        return;
    const double first = double(scores_.front().layer), last = double(scores_.back().layer);
    Q_EMIT layerClicked(int(std::clamp(std::round(plot_->xAxis->pixelToCoord(pos.x())), first, last)));
}

}  // namespace layermoe
