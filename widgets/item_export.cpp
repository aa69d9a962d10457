#include "widgets/item_export.h"

#include <QAbstractItemView>
#include <QDir>
#include <QFileDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>
#include <QStatusBar>
#include <qcustomplot.h>

#include "core/io/csv.h"
#include "widgets/plot_export.h"

namespace layermoe {

namespace {

QStringList header_of(const QAbstractItemModel* model) {
    QStringList header;
    for (int c = 0; c < model->columnCount(); ++c) header << model->headerData(c, Qt::Horizontal).toString();
    return header;
}

// The cells as shown, through the one CSV writer (core/io/csv.h, RFC 4180).
QByteArray as_csv(const QAbstractItemModel* model) {
    std::vector<std::string> header;
    for (const QString& h : header_of(model)) header.push_back(h.toStdString());
    if (header.empty()) return {};
    CsvWriter csv(header);
    for (int r = 0; r < model->rowCount(); ++r) {
        for (int c = 0; c < model->columnCount(); ++c) csv.text(model->index(r, c).data().toString().toStdString());
        csv.end_row();
    }
    return QByteArray::fromStdString(csv.str());
}

QByteArray as_json(const QAbstractItemModel* model) {
    const QStringList header = header_of(model);
    QJsonArray rows;
    for (int r = 0; r < model->rowCount(); ++r) {
        QJsonObject row;
        for (int c = 0; c < model->columnCount(); ++c)
            row.insert(header[c], QJsonValue::fromVariant(model->index(r, c).data()));
        rows.append(row);
    }
    return QJsonDocument(rows).toJson();
}

QStatusBar* status_bar_of(QWidget* source) {
    auto* window = source ? qobject_cast<QMainWindow*>(source->window()) : nullptr;
    return window ? window->statusBar() : nullptr;
}

}  // namespace

ExportNotices* export_notices() {
    static ExportNotices notices;
    return &notices;
}

void notify_saved(QWidget* source, const QString& file, const QString& message) {
    if (QStatusBar* bar = status_bar_of(source)) bar->showMessage(message, 15000);
    Q_EMIT export_notices()->saved(source, file, message);
}

void notify_failed(QWidget* source, const QString& message) {
    Q_EMIT export_notices()->failed(source, message);
    if (qEnvironmentVariableIsSet("LAYERMOE_NO_DIALOGS")) {
        if (QStatusBar* bar = status_bar_of(source))
            bar->showMessage(QObject::tr("Export failed: %1").arg(message), 30000);
        return;
    }
    QMessageBox::warning(source, QObject::tr("Export failed"), message);
}

bool save_table(const QAbstractItemModel* model, const QString& file, QString* error) {
    const bool json = file.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive);
    if (!json && !file.endsWith(QStringLiteral(".csv"), Qt::CaseInsensitive)) {
        if (error) *error = QObject::tr("%1: give a .csv or .json file name").arg(file);
        return false;
    }
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) || out.write(json ? as_json(model) : as_csv(model)) < 0 || !out.commit()) {
        if (error) *error = QObject::tr("Cannot write %1: %2").arg(file, out.errorString());
        return false;
    }
    return true;
}

void add_table_export_menu(QAbstractItemView* view) {
    view->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(view, &QWidget::customContextMenuRequested, view, [view](const QPoint& pos) {
        QMenu menu(view);
        menu.addAction(QObject::tr("Export table as CSV or JSON..."), view, [view] {
            const QString file =
                QFileDialog::getSaveFileName(view, QObject::tr("Export the table"), QStringLiteral("table.csv"),
                                             QObject::tr("CSV (*.csv);;JSON (*.json)"));
            if (file.isEmpty()) return;
            QString error;
            if (save_table(view->model(), file, &error))
                notify_saved(view, file, QObject::tr("Saved the table to %1").arg(QDir::toNativeSeparators(file)));
            else
                notify_failed(view, error);
        });
        menu.exec(view->viewport()->mapToGlobal(pos));
    });
}

void add_plot_export_menu(QCustomPlot* plot) {
    plot->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(plot, &QWidget::customContextMenuRequested, plot, [plot](const QPoint& pos) {
        QMenu menu(plot);
        menu.addAction(QObject::tr("Save plot as PNG, SVG or PDF..."), plot, [plot] {
            const QString file =
                QFileDialog::getSaveFileName(plot, QObject::tr("Save the plot"), QStringLiteral("plot.png"),
                                             QObject::tr("PNG (*.png);;SVG (*.svg);;PDF (*.pdf)"));
            if (file.isEmpty()) return;
            QString error;
            if (save_plot(plot, file, 0, 0, &error))
                notify_saved(plot, file, QObject::tr("Saved the plot to %1").arg(QDir::toNativeSeparators(file)));
            else
                notify_failed(plot, error);
        });
        menu.exec(plot->mapToGlobal(pos));
    });
}

}  // namespace layermoe
