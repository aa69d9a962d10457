#include "app/gui/report.h"

#include <QAbstractTextDocumentLayout>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QPageLayout>
#include <QPdfWriter>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextTable>
#include <algorithm>
#include <cmath>
#include <map>
#include <qcustomplot.h>

#include <fmt/format.h>

#include "core/common/error.h"
#include "core/report/render.h"
#include "core/report/report.h"
#include "core/store/store.h"
#include "widgets/allocation_chart.h"
#include "widgets/comparison_chart.h"
#include "widgets/metric_plot.h"
#include "widgets/plot_util.h"
#include "widgets/score_plot.h"
#include "widgets/similarity_heatmap.h"

namespace layermoe {

std::vector<ComparisonBar> comparison_bars(const Comparison& c) {
    std::vector<ComparisonBar> bars;
    for (size_t i = 0; i < c.runs.size(); ++i) {
        if (c.runs[i].groups.empty()) continue;
        ComparisonBar bar{QString::fromStdString(c.runs[i].label), c.group_bpb(i, "old"), c.group_bpb(i, "G1")};
        if (const auto o = c.group_interval(i, "old")) {
            bar.old_low = o->low;
            bar.old_high = o->high;
        }
        if (const auto n = c.group_interval(i, "G1")) {
            bar.new_low = n->low;
            bar.new_high = n->high;
        }
        bars.push_back(bar);
    }
    return bars;
}

Wording report_wording() {
    return Wording([](const char* source) { return QCoreApplication::translate("Report", source).toStdString(); });
}

namespace {

// Plots are drawn at this size (CSS pixels) and saved at twice it, so they stay sharp when a
// browser or the PDF scales them.
constexpr int kPlotWidth = 900, kPlotHeight = 420;
constexpr double kPlotScale = 2.0;

// Lays a plot widget out at the report's plot size before it is given data (tick labels and the
// legend fit themselves to the size).
template <typename W>
void size_for_report(W& widget) {
    widget.resize(kPlotWidth, kPlotHeight);
    widget.plot()->resize(kPlotWidth, kPlotHeight);
}

QImage image_of(QCustomPlot* plot) {
    plot->resize(kPlotWidth, kPlotHeight);
    fit_legend(plot);
    return plot->toPixmap(kPlotWidth, kPlotHeight, kPlotScale).toImage();
}

// The plot at one of the report's places, drawn from the store (and the report's comparison) by
// the widgets the workbench's pages show it with.
QImage draw(const ReportPlot& place, const Report& report, Store& store) {
    switch (place.kind) {
    case PlotKind::Comparison: {
        ComparisonChart chart;
        size_for_report(chart);
        chart.setBars(comparison_bars(report.comparison));
        return image_of(chart.plot());
    }
    case PlotKind::Similarity: {
        const auto similarity = store.similarity(place.run, "mean");
        if (!similarity) throw Error(fmt::format("run {} has no similarity to plot", place.run));
        std::vector<std::string> old_langs, new_langs;
        for (const auto& [code, group] : store.run_languages(place.run))
            (group == "old" ? old_langs : new_langs).push_back(code);
        SimilarityHeatmap heatmap;
        size_for_report(heatmap);
        heatmap.setReport(*similarity, old_langs, new_langs);
        return image_of(heatmap.plot());
    }
    case PlotKind::Scores: {
        ScorePlot curves;
        size_for_report(curves);
        curves.setScores(store.layer_scores(place.run, "mean"));
        return image_of(curves.plot());
    }
    case PlotKind::Allocation: {
        const auto run = store.get_run(place.run);
        Allocation a;
        a.config = AllocationConfig::from_json(run && run->config.is_object() ? run->config : nlohmann::json::object());
        a.layers = store.allocation(place.run);
        AllocationChart chart;
        size_for_report(chart);
        chart.setAllocation(a);
        return image_of(chart.plot());
    }
    case PlotKind::Loss: {
        auto points = store.metrics(place.run, "loss");
        std::erase_if(points, [](const MetricPoint& p) { return p.language == "all"; });
        if (points.empty()) points = store.metrics(place.run, "loss");
        MetricPlot metric;
        size_for_report(metric);
        metric.setSeries(QObject::tr("loss"), points);
        return image_of(metric.plot());
    }
    }
    return {};
}

// The HTML of the report with its plots (images named `images`, relative to the HTML) shown at
// plot_width (their height keeps the aspect ratio); paged: for the PDF, whose page margins are
// the document's (a browser centres the body instead).
QString html_of(const Report& report, const std::map<std::string, QString>& images, double plot_width, bool paged) {
    const double width = std::floor(std::min<double>(plot_width, kPlotWidth));
    const double height = std::floor(std::min<double>(plot_width, kPlotWidth) * kPlotHeight / kPlotWidth);
    HtmlOptions options;
    options.paged = paged;
    options.plot = [&](const ReportPlot& place) {
        const auto it = images.find(place.name);
        if (it == images.end()) return std::string();
        return fmt::format("<p><img src=\"{}\" width=\"{}\" height=\"{}\"></p>\n",
                           html_escaped(it->second.toStdString()), width, height);
    };
    return QString::fromStdString(render_html(report, options));
}

bool write_file(const QString& path, const QByteArray& bytes, QString* error) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size()) {
        if (error) *error = QObject::tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), f.errorString());
        return false;
    }
    return true;
}

bool has_image(const QTextBlock& block) {
    for (auto it = block.begin(); !it.atEnd(); ++it)
        if (it.fragment().charFormat().isImageFormat()) return true;
    return false;
}

// Keeps each heading on the page of what it introduces (its plot, or its table's first row, with
// a note between them): a heading that would end a page without it starts the next page.
void keep_headings_with_content(QTextDocument& doc) {
    const qreal page = doc.pageSize().height();
    QAbstractTextDocumentLayout* layout = doc.documentLayout();
    auto page_of = [&](qreal y) { return static_cast<int>(std::floor(y / page)); };
    for (int pass = 0; pass < 1000; ++pass) {
        // The layout is lazy: finish it, or the blocks after a change have no height yet.
        doc.pageCount();
        bool moved = false;
        for (QTextBlock b = doc.begin(); b.isValid() && !moved; b = b.next()) {
            if (b.blockFormat().headingLevel() == 0 ||
                b.blockFormat().pageBreakPolicy() & QTextFormat::PageBreak_AlwaysBefore)
                continue;
            QRectF kept = layout->blockBoundingRect(b);
            QTextBlock next = b.next();
            for (int k = 0; k < 2 && next.isValid(); ++k, next = next.next()) {
                kept = kept.united(layout->blockBoundingRect(next));
                const bool note = !has_image(next) && !next.text().isEmpty() && !QTextCursor(next).currentTable();
                if (!note || next.blockFormat().headingLevel() > 0) break;
            }
            if (page_of(kept.top()) != page_of(kept.bottom() - 1) && kept.height() < page) {
                QTextBlockFormat format;
                format.setPageBreakPolicy(QTextFormat::PageBreak_AlwaysBefore);
                QTextCursor(b).mergeBlockFormat(format);
                moved = true;
            }
        }
        if (!moved) return;
    }
}

// The PDF: an A4 document laid out in CSS pixels with the plots at the printable width, printed
// page by page scaled to the paper (QTextDocument::print scales a paginated document to the page).
bool write_pdf(const QString& file, const QString& html, const std::vector<std::pair<QString, QImage>>& images,
               const QString& title, QString* error) {
    QTextDocument doc;
    for (const auto& [name, image] : images) doc.addResource(QTextDocument::ImageResource, QUrl(name), image);
    QFont font = doc.defaultFont();
    font.setPixelSize(13);
    doc.setDefaultFont(font);
    // Lines break between words only (the default also breaks inside a word that does not fit).
    QTextOption wrap = doc.defaultTextOption();
    wrap.setWrapMode(QTextOption::WordWrap);
    doc.setDefaultTextOption(wrap);
    doc.setDocumentMargin(kReportMargin);
    doc.setPageSize(QSizeF(kReportPageWidth, kReportPageHeight));
    doc.setHtml(html);
    keep_headings_with_content(doc);
    QPdfWriter pdf(file);
    pdf.setResolution(150);
    pdf.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(0, 0, 0, 0)));
    pdf.setTitle(title);
    pdf.setCreator(QStringLiteral("LayerMoE Workbench"));
    doc.print(&pdf);
    if (!QFileInfo(file).exists() || QFileInfo(file).size() == 0) {
        if (error) *error = QObject::tr("Cannot write %1").arg(QDir::toNativeSeparators(file));
        return false;
    }
    return true;
}

}  // namespace

bool write_report(Store& store, const std::vector<int64_t>& runs, const QString& title, const ReportFiles& files,
                  QString* error, std::optional<int64_t> base, bool pool_seeds) {
    const QFileInfo html_info(files.html.isEmpty() ? files.pdf : files.html);
    const QString files_dir = html_info.completeBaseName() + QStringLiteral("_files");
    Report report;
    std::vector<std::pair<QString, QImage>> images;  // file name relative to the HTML, image
    std::map<std::string, QString> names;  // plot -> its file name
    try {
        ReportOptions options;
        options.title = title.toStdString();
        options.base = base;
        options.pool_seeds = pool_seeds;
        options.plots = true;
        report = build_report(store, runs, options, report_wording());
        for (const auto& block : report.blocks) {
            if (block.kind != ReportBlock::Kind::Plot) continue;
            const QString file = QStringLiteral("%1/%2.png").arg(files_dir, QString::fromStdString(block.plot.name));
            images.emplace_back(file, draw(block.plot, report, store));
            names[block.plot.name] = file;
        }
    } catch (const Error& e) {
        if (error) *error = QString::fromUtf8(e.what());
        return false;
    }
    if (!files.html.isEmpty()) {
        const QDir dir = html_info.absoluteDir();
        if (!dir.mkpath(files_dir)) {
            if (error)
                *error =
                    QObject::tr("Cannot create the folder %1").arg(QDir::toNativeSeparators(dir.filePath(files_dir)));
            return false;
        }
        for (const auto& [name, image] : images)
            if (!image.save(dir.filePath(name))) {
                if (error) *error = QObject::tr("Cannot write %1").arg(QDir::toNativeSeparators(dir.filePath(name)));
                return false;
            }
        if (!write_file(files.html, html_of(report, names, kPlotWidth, false).toUtf8(), error)) return false;
    }
    if (files.pdf.isEmpty()) return true;
    return write_pdf(files.pdf, html_of(report, names, kReportPrintableWidth, true), images,
                     QString::fromStdString(report.title), error);
}

}  // namespace layermoe
