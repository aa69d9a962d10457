#pragma once
// Export from any view: a table model as CSV or JSON, a plot as PNG, SVG or PDF, through a
// right-click menu on the table or the plot.
#include <QString>

class QAbstractItemModel;
class QAbstractItemView;
class QCustomPlot;

namespace layermoe {

// By the file's extension: .csv (header row, then one row per model row) or .json (an array of
// objects keyed by the header). false with a message naming the file.
bool save_table(const QAbstractItemModel* model, const QString& file, QString* error = nullptr);

// Adds "Export table as CSV or JSON..." to the view's context menu.
void add_table_export_menu(QAbstractItemView* view);
// Adds "Save plot as PNG, SVG or PDF..." to the plot's context menu.
void add_plot_export_menu(QCustomPlot* plot);

} // namespace layermoe
