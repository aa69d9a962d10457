#include "widgets/comparison_chart.h"
#include "widgets/item_export.h"

#include <QEvent>
#include <QFontMetrics>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "widgets/palette.h"
#include "widgets/plot_util.h"

namespace layermoe {

namespace {

constexpr double kBarWidth = 0.38;
constexpr double kOffset = 0.2;  // old languages left of the run's tick, new ones right of it

QCPBars* make_bars(QCustomPlot* plot, const QColor& colour) {
    return add_bars(plot, kBarWidth, colour, QPen(colour.darker(130)));
}

QCPErrorBars* make_error_bars(QCustomPlot* plot, QCPBars* bars) {
    auto* errors = new QCPErrorBars(plot->xAxis, plot->yAxis);
    errors->removeFromLegend();
    errors->setDataPlottable(bars);
    errors->setPen(QPen(QColor(40, 40, 40), 1.2));
    errors->setWhiskerWidth(6);
    return errors;
}

// Minus and plus errors of value to [low, high]; NaN (no whisker) where there is no interval.
void set_errors(QCPErrorBars* errors, const QVector<double>& values, const QVector<double>& low,
                const QVector<double>& high) {
    QVector<double> minus, plus;
    for (int i = 0; i < values.size(); ++i) {
        const bool has = std::isfinite(values[i]) && std::isfinite(low[i]) && std::isfinite(high[i]);
        minus << (has ? std::max(0.0, values[i] - low[i]) : std::nan(""));
        plus << (has ? std::max(0.0, high[i] - values[i]) : std::nan(""));
    }
    errors->setData(minus, plus);
}

QVector<QPair<double, double>> intervals_of(const QCPErrorBars* errors, const QVector<double>& values) {
    QVector<QPair<double, double>> out;
    for (int i = 0; i < errors->dataCount() && i < values.size(); ++i) {
        const auto& e = errors->data()->at(i);
        out << qMakePair(values[i] - e.errorMinus, values[i] + e.errorPlus);
    }
    return out;
}

// `label` broken at its spaces into lines no wider than `room`; empty when one word alone is wider.
QStringList wrap_at_spaces(const QString& label, double room, const QFontMetrics& metrics) {
    if (label.trimmed().isEmpty()) return {QString()};
    QStringList lines;
    for (const QString& word : label.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (metrics.horizontalAdvance(word) > room) return {};
        const QString joined = lines.isEmpty() ? QString() : lines.last() + QLatin1Char(' ') + word;
        if (!lines.isEmpty() && metrics.horizontalAdvance(joined) <= room)
            lines.last() = joined;
        else
            lines << word;
    }
    return lines;
}

}  // namespace

ComparisonChart::ComparisonChart(QWidget* parent)
    : QWidget(parent), plot_(new QCustomPlot(this)), old_(make_bars(plot_, palette::kOldLanguages)),
      new_(make_bars(plot_, palette::kNewLanguages)), old_errors_(make_error_bars(plot_, old_)),
      new_errors_(make_error_bars(plot_, new_)), message_(show_message(plot_, {})) {
    add_plot_export_menu(plot_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    put_legend_on_top(plot_);
    plot_->xAxis->grid()->setVisible(false);
    plot_->xAxis->setTickLength(0, 0);
    plot_->xAxis->setSubTicks(false);
    retranslate();
    setBars({});
}

void ComparisonChart::setBars(const std::vector<ComparisonBar>& bars) {
    QVector<double> old_keys, new_keys, old_values, new_values, old_low, old_high, new_low, new_high;
    labels_.clear();
    double highest = 0;
    for (size_t i = 0; i < bars.size(); ++i) {
        old_keys << double(i) - kOffset;
        new_keys << double(i) + kOffset;
        old_values << bars[i].old_value;
        new_values << bars[i].new_value;
        old_low << bars[i].old_low;
        old_high << bars[i].old_high;
        new_low << bars[i].new_low;
        new_high << bars[i].new_high;
        labels_ << bars[i].label;
        for (double v : {bars[i].old_value, bars[i].new_value, bars[i].old_high, bars[i].new_high})
            if (std::isfinite(v)) highest = std::max(highest, v);
    }
    old_->setData(old_keys, old_values, /*alreadySorted=*/true);
    new_->setData(new_keys, new_values, /*alreadySorted=*/true);
    set_errors(old_errors_, old_values, old_low, old_high);
    set_errors(new_errors_, new_values, new_low, new_high);
    plot_->xAxis->setRange(-0.6, std::max<double>(double(bars.size()), 1) - 0.4);
    plot_->yAxis->setRange(0, highest > 0 ? highest * 1.1 : 1);
    message_->setVisible(bars.empty());
    show_ticks(plot_, !bars.empty());
    plot_->legend->setVisible(!bars.empty());
    fitTickLabels();
    plot_->replot();
}

void ComparisonChart::setValueLabel(const QString& label) {
    value_label_ = label;
    retranslate();
    plot_->replot();
}

QVector<double> ComparisonChart::oldBars() const { return bar_values(old_); }

QVector<double> ComparisonChart::newBars() const { return bar_values(new_); }

QVector<QPair<double, double>> ComparisonChart::oldIntervals() const { return intervals_of(old_errors_, oldBars()); }

QVector<QPair<double, double>> ComparisonChart::newIntervals() const { return intervals_of(new_errors_, newBars()); }

void ComparisonChart::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        plot_->replot();
    }
    QWidget::changeEvent(event);
}

void ComparisonChart::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    fitTickLabels();
}

void ComparisonChart::retranslate() {
    old_->setName(tr("old languages"));
    new_->setName(tr("new languages"));
    plot_->yAxis->setLabel(value_label_.isEmpty() ? tr("bits per byte") : value_label_);
    message_->setText(empty_text_.isEmpty() ? tr("No runs to compare.") : empty_text_);
}

void ComparisonChart::setEmptyText(const QString& text) {
    empty_text_ = text;
    retranslate();
    plot_->replot();
}

void ComparisonChart::fitTickLabels() {
    // Side by side when they fit; else each broken at its spaces into at most three lines as wide
    // as its run's room; slanted only when even that does not fit. (Slanted, the labels of four
    // runs took most of the plot's height in a small window, leaving the bars a sliver.)
    const QFontMetrics metrics(plot_->xAxis->tickLabelFont());
    const double room = labels_.isEmpty() ? 0 : 0.8 * plot_->width() / labels_.size();
    QStringList shown;
    for (const QString& label : labels_) {
        const QStringList lines = wrap_at_spaces(label, room, metrics);
        if (lines.isEmpty() || lines.size() > 3) break;
        shown << lines.join(QLatin1Char('\n'));
    }
    const bool slant = shown.size() != labels_.size();
    plot_->xAxis->setTicker(text_ticker(slant ? labels_ : shown));
    plot_->xAxis->setTickLabelRotation(slant ? -30 : 0);
}

}  // namespace layermoe
