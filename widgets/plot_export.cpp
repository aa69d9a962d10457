#include "widgets/plot_export.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <QSvgGenerator>
#include <qcustomplot.h>

#include "widgets/plot_util.h"

namespace layermoe {

namespace {

// The translation context of the messages.
struct PlotExport {
    Q_DECLARE_TR_FUNCTIONS(layermoe::PlotExport)
};

bool fail(QString* error, const QString& message) {
    if (error) *error = message;
    return false;
}

bool save_svg(QCustomPlot* plot, const QString& file, int width, int height, QString* error) {
    const QString name = QDir::toNativeSeparators(file);
    // Written through QSaveFile so that a failed export leaves no half-written file behind.
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly))
        return fail(error, PlotExport::tr("Cannot write %1: %2").arg(name, out.errorString()));
    const QSize size(width, height);
    QSvgGenerator generator;
    generator.setOutputDevice(&out);
    generator.setSize(size);
    generator.setViewBox(QRect(QPoint(0, 0), size));
    generator.setTitle(QFileInfo(file).completeBaseName());
    QCPPainter painter;
    if (!painter.begin(&generator)) return fail(error, PlotExport::tr("Cannot draw the plot into %1.").arg(name));
    plot->toPainter(&painter, size.width(), size.height());
    painter.end();
    if (!out.commit()) return fail(error, PlotExport::tr("Cannot write %1: %2").arg(name, out.errorString()));
    return true;
}

}  // namespace

bool save_plot(QCustomPlot* plot, const QString& file, int width, int height, QString* error) {
    const QString suffix = QFileInfo(file).suffix().toLower();
    const QString name = QDir::toNativeSeparators(file);
    if (suffix != QLatin1String("png") && suffix != QLatin1String("pdf") && suffix != QLatin1String("svg"))
        return fail(error, PlotExport::tr("Cannot save %1: the file name should end in .png, .svg or .pdf.").arg(name));
    if (!plot_has_data(plot)) return fail(error, PlotExport::tr("Nothing to save in %1: the plot is empty.").arg(name));
    // A plot that was never laid out on screen has no size of its own to save at.
    const bool laid_out = plot->width() >= 100 && plot->height() >= 80;
    if (width <= 0) width = laid_out ? plot->width() : kDefaultPlotWidth;
    if (height <= 0) height = laid_out ? plot->height() : kDefaultPlotHeight;
    // What is on screen, with the latest data and layout.
    plot->replot(QCustomPlot::rpImmediateRefresh);
    if (suffix == QLatin1String("svg")) return save_svg(plot, file, width, height, error);
    const bool saved =
        suffix == QLatin1String("png") ? plot->savePng(file, width, height) : plot->savePdf(file, width, height);
    return saved || fail(error, PlotExport::tr("Cannot write %1.").arg(name));
}

}  // namespace layermoe
