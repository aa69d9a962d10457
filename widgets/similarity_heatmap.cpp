#include "widgets/similarity_heatmap.h"
#include "widgets/item_export.h"

#include <QEvent>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <limits>
#include <qcustomplot.h>

#include "widgets/plot_util.h"

namespace layermoe {

namespace {

bool contains(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

// Group languages that appear in some layer of the report, in the group's order.
std::vector<std::string> present(const std::vector<std::string>& group, const SimilarityReport& report) {
    std::vector<std::string> out;
    for (const auto& lang : group)
        for (const auto& m : report.layers)
            if (contains(m.languages, lang) && !contains(out, lang)) out.push_back(lang);
    return out;
}

}  // namespace

SimilarityHeatmap::SimilarityHeatmap(QWidget* parent)
    : QWidget(parent), plot_(new QCustomPlot(this)), map_(new QCPColorMap(plot_->xAxis, plot_->yAxis)),
      scale_(new QCPColorScale(plot_)) {
    add_plot_export_menu(plot_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    plot_->plotLayout()->addElement(0, 1, scale_);
    scale_->setType(QCPAxis::atRight);
    attach_color_scale(plot_, map_, scale_);
    plot_->yAxis->setRangeReversed(true);
    plot_->yAxis2->setRangeReversed(true);
    plot_->yAxis2->setTickLength(0, 0);
    plot_->yAxis2->setSubTicks(false);
    plot_->setMouseTracking(true);
    connect(plot_, &QCustomPlot::mouseMove, this, &SimilarityHeatmap::onMouseMove);
    connect(plot_, &QCustomPlot::mouseRelease, this, &SimilarityHeatmap::onMouseRelease);
    render();
}

void SimilarityHeatmap::setReport(const SimilarityReport& report, const std::vector<std::string>& old_langs,
                                  const std::vector<std::string>& new_langs) {
    const auto olds = present(old_langs, report), news = present(new_langs, report);
    pairs_.clear();
    for (size_t a = 0; a < news.size(); ++a)
        for (size_t b = a + 1; b < news.size(); ++b) pairs_.push_back({news[a], news[b], true});
    for (const auto& n : news)
        for (const auto& o : olds) pairs_.push_back({n, o, false});
    layer_count_ = int(report.layers.size());
    sentences_ = report.kind == "aligned";
    cells_.clear();
    for (const auto& m : report.layers)
        for (const auto& pair : pairs_) cells_.push_back(cellOf(m, pair));
    has_report_ = true;
    render();
}

SimilarityHeatmap::Cell SimilarityHeatmap::cellOf(const SimilarityMatrix& m, const Pair& pair) {
    // A layer that lacks a language (or a malformed matrix) leaves the cell empty rather than failing.
    const size_t a = size_t(std::find(m.languages.begin(), m.languages.end(), pair.a) - m.languages.begin());
    const size_t b = size_t(std::find(m.languages.begin(), m.languages.end(), pair.b) - m.languages.begin());
    if (a >= m.size() || b >= m.size() || m.values.size() != m.size() * m.size())
        return {std::numeric_limits<double>::quiet_NaN()};
    const bool counted = m.counts.size() == m.size();
    return {m.at(a, b), counted ? m.counts[a] : 0, counted ? m.counts[b] : 0};
}

void SimilarityHeatmap::clear() {
    pairs_.clear();
    cells_.clear();
    layer_count_ = 0;
    has_report_ = false;
    render();
}

QStringList SimilarityHeatmap::pairLabels() const {
    QStringList labels;
    for (const auto& pair : pairs_)
        labels << QStringLiteral("%1\u2013%2").arg(QString::fromStdString(pair.a), QString::fromStdString(pair.b));
    return labels;
}

const SimilarityHeatmap::Cell* SimilarityHeatmap::cellAt(int layer, int pair) const {
    const int pairs = int(pairs_.size());
    if (layer < 0 || layer >= layer_count_ || pair < 0 || pair >= pairs) return nullptr;
    return &cells_[size_t(layer * pairs + pair)];
}

double SimilarityHeatmap::cell(int layer, int pair) const {
    const Cell* c = cellAt(layer, pair);
    return c ? c->value : std::numeric_limits<double>::quiet_NaN();
}

QString SimilarityHeatmap::toolTipAt(int layer, int pair) const {
    const Cell* c = cellAt(layer, pair);
    if (!c) return {};
    const Pair& p = pairs_[size_t(pair)];
    const QString label = pairLabels().at(pair);
    const QString title = p.new_new ? tr("%1 (new–new), layer %2").arg(label).arg(layer)
                                    : tr("%1 (new–old), layer %2").arg(label).arg(layer);
    return similarity_tooltip(title, c->value, QString::fromStdString(p.a), c->count_a, QString::fromStdString(p.b),
                              c->count_b, sentences_);
}

void SimilarityHeatmap::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) render();
    QWidget::changeEvent(event);
}

void SimilarityHeatmap::render() {
    plot_->clearItems();
    const bool empty = layer_count_ == 0 || pairs_.empty();
    map_->setVisible(!empty);
    show_color_scale(plot_, scale_, !empty, 0, 1);
    show_ticks(plot_, !empty);
    renderAxes();
    if (empty) {
        show_message(plot_, has_report_ && layer_count_ > 0 ? tr("Choose at least one new and one old language.")
                                                            : tr("No similarity report to show."));
        plot_->replot();
        return;
    }
    const int pairs = int(pairs_.size());
    set_cells(map_, layer_count_, pairs, [&](int layer, int pair) { return cell(layer, pair); });
    const int new_new = int(std::count_if(pairs_.begin(), pairs_.end(), [](const Pair& p) { return p.new_new; }));
    if (new_new > 0 && new_new < pairs) {
        // A white rule between the two groups of rows.
        auto* rule = new QCPItemLine(plot_);
        rule->start->setCoords(-0.5, new_new - 0.5);
        rule->end->setCoords(layer_count_ - 0.5, new_new - 0.5);
        rule->setPen(QPen(Qt::white, 2));
    }
    plot_->replot();
}

void SimilarityHeatmap::renderAxes() {
    const bool empty = layer_count_ == 0 || pairs_.empty();
    const int pairs = int(pairs_.size());
    plot_->xAxis->setLabel(tr("layer"));
    plot_->xAxis->setTicker(integer_ticker());
    plot_->xAxis->setRange(-0.5, std::max(layer_count_, 1) - 0.5);
    plot_->yAxis->setLabel(empty ? QString() : tr("language pair"));
    plot_->yAxis->setTicker(text_ticker(pairLabels()));
    plot_->yAxis->setRange(-0.5, std::max(pairs, 1) - 0.5);
    scale_->setLabel(sentences_ ? tr("aligned cosine similarity") : tr("mean cosine similarity"));
    // The right axis names the two groups of rows at their middles.
    const int new_new = int(std::count_if(pairs_.begin(), pairs_.end(), [](const Pair& p) { return p.new_new; }));
    QSharedPointer<QCPAxisTickerText> groups(new QCPAxisTickerText);
    if (new_new > 0) groups->addTick((new_new - 1) / 2.0, tr("new–new"));
    if (new_new < pairs) groups->addTick((new_new + pairs - 1) / 2.0, tr("new–old"));
    plot_->yAxis2->setTicker(groups);
    plot_->yAxis2->setRange(plot_->yAxis->range());
    plot_->yAxis2->setVisible(!empty);
}

void SimilarityHeatmap::onMouseMove(QMouseEvent* event) {
    const QPointF pos = event->position();
    const bool inside = plot_->axisRect()->rect().contains(pos.toPoint());
    const int layer = cell_index(plot_->xAxis->pixelToCoord(pos.x()), layer_count_);
    const int pair = cell_index(plot_->yAxis->pixelToCoord(pos.y()), int(pairs_.size()));
    show_tooltip(plot_, event, inside ? toolTipAt(layer, pair) : QString());
}

void SimilarityHeatmap::onMouseRelease(QMouseEvent* event) {
    const QPointF pos = event->position();
    if (event->button() != Qt::LeftButton || pairs_.empty() || !plot_->axisRect()->rect().contains(pos.toPoint()))
        return;
    const int layer = cell_index(plot_->xAxis->pixelToCoord(pos.x()), layer_count_);
    if (layer >= 0) Q_EMIT layerClicked(layer);
}

}  // namespace layermoe
