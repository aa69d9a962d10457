#pragma once
// Export from any view: a table model as CSV or JSON, a plot as PNG, SVG or PDF, through a
// right-click menu on the table or the plot. Every export says where its file went (or why it
// failed) without a modal dialog for a success: in the window's status bar, and through
// export_notices() so that a page can show it too.
#include <QObject>
#include <QString>

class QAbstractItemModel;
class QAbstractItemView;
class QCustomPlot;
class QWidget;

namespace layermoe {

// By the file's extension: .csv (header row, then one row per model row) or .json (an array of
// objects keyed by the header). false with a message naming the file.
bool save_table(const QAbstractItemModel* model, const QString& file, QString* error = nullptr);

// Adds "Export table as CSV or JSON..." to the view's context menu.
void add_table_export_menu(QAbstractItemView* view);
// Adds "Save plot as PNG, SVG or PDF..." to the plot's context menu.
void add_plot_export_menu(QCustomPlot* plot);

// The outcome of every export made through these menus (and of any page that reports its own).
class ExportNotices : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
Q_SIGNALS:
    // source: the widget exported from; message: what was written where, or why not.
    void saved(QWidget* source, const QString& file, const QString& message);
    void failed(QWidget* source, const QString& message);
};
ExportNotices* export_notices();

// "Saved <file>" in the status bar of source's window (for 15 s) and export_notices()->saved.
void notify_saved(QWidget* source, const QString& file, const QString& message);
// The failure: export_notices()->failed, and a warning dialog unless LAYERMOE_NO_DIALOGS is set
// (then the window's status bar).
void notify_failed(QWidget* source, const QString& message);

}  // namespace layermoe
