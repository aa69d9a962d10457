#include "widgets/plot_util.h"

#include <QCoreApplication>
#include <QEvent>
#include <QToolTip>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "widgets/palette.h"

namespace layermoe {

namespace {

// The translation context of the tooltip's lines.
struct SimilarityTooltip {
    Q_DECLARE_TR_FUNCTIONS(layermoe::SimilarityTooltip)
};

}  // namespace

namespace {

// Shows text at global_pos for widget, or hides the tooltip when text is empty.
void show_or_hide_tooltip(QWidget* widget, const QPoint& global_pos, const QString& text) {
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(global_pos, text, widget);
}

}  // namespace

bool show_cell_tooltip(QWidget* widget, QEvent* event, const std::function<QString(const QPoint&)>& text_at) {
    if (event->type() != QEvent::ToolTip) return false;
    const auto* help = static_cast<QHelpEvent*>(event);
    show_or_hide_tooltip(widget, help->globalPos(), text_at(help->pos()));
    return true;
}

QCPItemText* show_message(QCustomPlot* plot, const QString& text) {
    auto* item = new QCPItemText(plot);
    item->position->setType(QCPItemPosition::ptAxisRectRatio);
    item->position->setCoords(0.5, 0.5);
    item->setText(text);
    item->setColor(palette::kMessage);
    return item;
}

bool plot_has_data(QCustomPlot* plot) {
    for (int i = 0; i < plot->plottableCount(); ++i) {
        QCPAbstractPlottable* p = plot->plottable(i);
        if (!p->visible()) continue;
        if (auto* map = qobject_cast<QCPColorMap*>(p)) {
            if (map->data()->keySize() > 0 && map->data()->valueSize() > 0) return true;
        } else if (QCPPlottableInterface1D* data = p->interface1D()) {
            if (data->dataCount() > 0) return true;
        }
    }
    return false;
}

QCPBars* add_bars(QCustomPlot* plot, double width, const QColor& fill, const QPen& outline) {
    auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
    bars->setWidth(width);
    bars->setBrush(fill);
    bars->setPen(outline);
    return bars;
}

QList<double> bar_values(const QCPBars* bars) {
    QList<double> out;
    for (const auto& bar : *bars->data()) out << bar.value;
    return out;
}

void attach_color_scale(QCustomPlot* plot, QCPColorMap* map, QCPColorScale* scale) {
    scale->setGradient(palette::heatmap_gradient());
    map->setColorScale(scale);
    map->setInterpolate(false);
    auto* margins = new QCPMarginGroup(plot);
    plot->axisRect()->setMarginGroup(QCP::msTop | QCP::msBottom, margins);
    scale->setMarginGroup(QCP::msTop | QCP::msBottom, margins);
    plot->xAxis->grid()->setVisible(false);
    plot->yAxis->grid()->setVisible(false);
}

void show_ticks(QCustomPlot* plot, bool shown) {
    for (QCPAxis* axis : {plot->xAxis, plot->yAxis}) {
        axis->setTicks(shown);
        axis->setTickLabels(shown);
    }
    plot->layer(QStringLiteral("grid"))->setVisible(shown);
}

namespace {

// Refits the legend of the plot it watches whenever the plot is resized.
class LegendFitter : public QObject {
public:
    using QObject::QObject;
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::Resize) fit_legend(static_cast<QCustomPlot*>(watched));
        return false;
    }
};

}  // namespace

void fit_legend(QCustomPlot* plot) {
    QCPLegend* legend = plot->legend;
    const int items = legend->itemCount();
    if (items == 0 || plot->width() <= 0) return;
    const int available = plot->width() - 24;
    for (int columns = items; columns >= 1; --columns) {
        legend->setWrap(columns == items ? 0 : columns);
        legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);  // re-flows the entries
        if (legend->minimumOuterSizeHint().width() <= available) break;
    }
}

void put_legend_on_top(QCustomPlot* plot) {
    // The legend sits in the middle of the row: empty elements either side take the spare width.
    auto* row = new QCPLayoutGrid;
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, row);
    plot->plotLayout()->setRowStretchFactor(0, 0.001);
    row->addElement(0, 0, new QCPLayoutElement(plot));
    row->addElement(0, 1, plot->legend);  // takes it out of the axis rect's inset layout
    row->addElement(0, 2, new QCPLayoutElement(plot));
    row->setColumnStretchFactors({1, 0.001, 1});
    plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    plot->legend->setBorderPen(Qt::NoPen);
    plot->legend->setBrush(Qt::NoBrush);
    plot->legend->setMargins(QMargins(0, 4, 0, 0));
    plot->installEventFilter(new LegendFitter(plot));
}

QSharedPointer<QCPAxisTicker> integer_ticker() {
    QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
    ticker->setTickStep(1.0);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    return ticker;
}

QSharedPointer<QCPAxisTicker> text_ticker(const QStringList& labels) {
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (int i = 0; i < labels.size(); ++i) ticker->addTick(i, labels[i]);
    return ticker;
}

void set_cells(QCPColorMap* map, int columns, int rows, const std::function<double(int, int)>& value) {
    // QCustomPlot draws a one-cell dimension with zero width: give it two half cells instead.
    const int keys = columns == 1 ? 2 : columns, values = rows == 1 ? 2 : rows;
    const QCPRange key_range = columns == 1 ? QCPRange(-0.25, 0.25) : QCPRange(0, columns - 1);
    const QCPRange value_range = rows == 1 ? QCPRange(-0.25, 0.25) : QCPRange(0, rows - 1);
    map->data()->setSize(keys, values);
    map->data()->setRange(key_range, value_range);
    double low = INFINITY, high = -INFINITY;
    for (int k = 0; k < keys; ++k)
        for (int v = 0; v < values; ++v) {
            const double z = value(columns == 1 ? 0 : k, rows == 1 ? 0 : v);
            map->data()->setCell(k, v, z);
            if (std::isfinite(z)) {
                low = std::min(low, z);
                high = std::max(high, z);
            }
        }
    // A flat map (or one without values) still needs a range of some width to colour.
    if (low > high) low = high = 0.5;
    map->setDataRange(low < high ? QCPRange(low, high) : QCPRange(low - 0.5, high + 0.5));
}

int cell_index(double coord, int count) {
    const double index = std::round(coord);
    return index >= 0 && index < count ? int(index) : -1;
}

void show_color_scale(QCustomPlot* plot, QCPColorScale* scale, bool shown, int row, int column) {
    const bool in_layout = scale->layout() != nullptr;
    if (shown && !in_layout) plot->plotLayout()->addElement(row, column, scale);
    if (!shown && in_layout) {
        plot->plotLayout()->take(scale);
        plot->plotLayout()->simplify();
    }
    scale->setVisible(shown);
}

void show_tooltip(QWidget* widget, const QMouseEvent* event, const QString& text) {
    show_or_hide_tooltip(widget, event->globalPosition().toPoint(), text);
}

QString similarity_tooltip(const QString& title, double value, const QString& language_a, int64_t count_a,
                           const QString& language_b, int64_t count_b, bool sentences) {
    auto count_line = [&](const QString& language, int64_t count) {
        const int n = int(std::min<int64_t>(count, INT32_MAX));
        return sentences ? SimilarityTooltip::tr("%1: %Ln sentences", nullptr, n).arg(language)
                         : SimilarityTooltip::tr("%1: %Ln tokens", nullptr, n).arg(language);
    };
    const QString value_line = std::isnan(value) ? SimilarityTooltip::tr("no similarity value")
                                                 : SimilarityTooltip::tr("similarity %1").arg(value, 0, 'f', 5);
    return QStringList{title, value_line, count_line(language_a, count_a), count_line(language_b, count_b)}.join(
        QLatin1Char('\n'));
}

}  // namespace layermoe
