#include "widgets/item_export.h"

#include <QAbstractItemView>
#include <QFileDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>
#include <qcustomplot.h>

#include "widgets/plot_export.h"

namespace layermoe {

namespace {

QString csv_cell(QString text) {
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n'))) return text;
    text.replace(QStringLiteral("\""), QStringLiteral("\"\""));
    return QStringLiteral("\"%1\"").arg(text);
}

QStringList header_of(const QAbstractItemModel* model) {
    QStringList header;
    for (int c = 0; c < model->columnCount(); ++c) header << model->headerData(c, Qt::Horizontal).toString();
    return header;
}

QByteArray as_csv(const QAbstractItemModel* model) {
    QStringList lines;
    QStringList cells;
    for (const QString& h : header_of(model)) cells << csv_cell(h);
    lines << cells.join(QLatin1Char(','));
    for (int r = 0; r < model->rowCount(); ++r) {
        cells.clear();
        for (int c = 0; c < model->columnCount(); ++c) cells << csv_cell(model->index(r, c).data().toString());
        lines << cells.join(QLatin1Char(','));
    }
    return (lines.join(QLatin1Char('\n')) + QLatin1Char('\n')).toUtf8();
}

QByteArray as_json(const QAbstractItemModel* model) {
    const QStringList header = header_of(model);
    QJsonArray rows;
    for (int r = 0; r < model->rowCount(); ++r) {
        QJsonObject row;
        for (int c = 0; c < model->columnCount(); ++c) row.insert(header[c], QJsonValue::fromVariant(model->index(r, c).data()));
        rows.append(row);
    }
    return QJsonDocument(rows).toJson();
}

void warn(QWidget* parent, const QString& error) {
    QMessageBox::warning(parent, QObject::tr("Export failed"), error);
}

} // namespace

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
            const QString file = QFileDialog::getSaveFileName(view, QObject::tr("Export the table"), QStringLiteral("table.csv"),
                                                              QObject::tr("CSV (*.csv);;JSON (*.json)"));
            QString error;
            if (!file.isEmpty() && !save_table(view->model(), file, &error)) warn(view, error);
        });
        menu.exec(view->viewport()->mapToGlobal(pos));
    });
}

void add_plot_export_menu(QCustomPlot* plot) {
    plot->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(plot, &QWidget::customContextMenuRequested, plot, [plot](const QPoint& pos) {
        QMenu menu(plot);
        menu.addAction(QObject::tr("Save plot as PNG, SVG or PDF..."), plot, [plot] {
            const QString file = QFileDialog::getSaveFileName(plot, QObject::tr("Save the plot"), QStringLiteral("plot.png"),
                                                              QObject::tr("PNG (*.png);;SVG (*.svg);;PDF (*.pdf)"));
            QString error;
            if (!file.isEmpty() && !save_plot(plot, file, 0, 0, &error)) warn(plot, error);
        });
        menu.exec(plot->mapToGlobal(pos));
    });
}

} // namespace layermoe
