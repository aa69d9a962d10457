#pragma once
// Small pieces the workbench's plots share: the empty-state message, colour maps with one cell per
// integer coordinate, tick labels and the similarity tooltip.
#include <QSharedPointer>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <functional>

class QColor;
class QCustomPlot;
class QCPAxisTicker;
class QCPBars;
class QCPColorMap;
class QCPColorScale;
class QCPItemText;
class QEvent;
class QMouseEvent;
class QPoint;
class QPen;
class QWidget;
template <typename T>
class QList;

namespace layermoe {

// For a widget's event(): on a tooltip event, shows text_at(the mouse position) as the tooltip,
// or hides it where that is empty, and returns true; any other event returns false.
bool show_cell_tooltip(QWidget* widget, QEvent* event, const std::function<QString(const QPoint&)>& text_at);

// A gray message in the middle of the axis rect, instead of empty axes.
QCPItemText* show_message(QCustomPlot* plot, const QString& text);
// Ticks, tick labels and grid of the bottom and left axes: an empty plot shows none.
void show_ticks(QCustomPlot* plot, bool shown);
// Moves the legend into a row above the axis rect, entries side by side, so it covers no data;
// when the plot is too narrow for one row the entries wrap (refitted on every resize).
void put_legend_on_top(QCustomPlot* plot);
// Wraps the legend's entries onto as few rows as fit the plot's width; call after renaming them.
void fit_legend(QCustomPlot* plot);
// Integer ticks (layers, expert counts) that thin out to multiples when they would crowd.
QSharedPointer<QCPAxisTicker> integer_ticker();
// labels[i] at coordinate i.
QSharedPointer<QCPAxisTicker> text_ticker(const QStringList& labels);

// Whether any plottable (graph, bars, colour map) holds a point: an empty plot is not exported.
bool plot_has_data(QCustomPlot* plot);

// Bars on the bottom and left axes.
QCPBars* add_bars(QCustomPlot* plot, double width, const QColor& fill, const QPen& outline);
// Each bar's value, in key order.
QList<double> bar_values(const QCPBars* bars);

// A colour map's scale: the heatmap gradient, exactly as high as the axis rect, no grid lines and
// no interpolation between cells. The caller places the scale in the plot's layout.
void attach_color_scale(QCustomPlot* plot, QCPColorMap* map, QCPColorScale* scale);

// Cell (x, y) centred on the coordinates (x, y), 1 wide and 1 high, for x < columns, y < rows.
// The colour range spans the finite values.
void set_cells(QCPColorMap* map, int columns, int rows, const std::function<double(int, int)>& value);
// The cell index under a coordinate, -1 when outside 0..count-1.
int cell_index(double coord, int count);
// Takes the colour scale out of the plot's layout (an empty plot) or puts it back at (row, column).
void show_color_scale(QCustomPlot* plot, QCPColorScale* scale, bool shown, int row, int column);
// Shows text at the mouse, or hides the tooltip when text is empty.
void show_tooltip(QWidget* widget, const QMouseEvent* event, const QString& text);

// "title\nsimilarity 0.07234\nell: 1,000 tokens\nhun: 980 tokens" (sentences for an aligned report).
QString similarity_tooltip(const QString& title, double value, const QString& language_a, int64_t count_a,
                           const QString& language_b, int64_t count_b, bool sentences);

}  // namespace layermoe
