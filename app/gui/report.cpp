#include "app/gui/report.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QPageLayout>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QAbstractTextDocumentLayout>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextTable>
#include <algorithm>
#include <cmath>
#include <map>
#include <qcustomplot.h>

#include "core/common/error.h"
#include "core/report/compare.h"
#include "core/store/store.h"
#include "widgets/allocation_chart.h"
#include "widgets/comparison_chart.h"
#include "widgets/metric_plot.h"
#include "widgets/plot_util.h"
#include "widgets/score_plot.h"
#include "widgets/similarity_heatmap.h"

namespace layermoe {

namespace {

// Plots are drawn at this size (CSS pixels) and saved at twice it, so they stay sharp when a
// browser or the PDF scales them.
constexpr int kPlotWidth = 900, kPlotHeight = 420;
constexpr double kPlotScale = 2.0;
const QString kWidthToken = QStringLiteral("@PLOT_WIDTH@"), kHeightToken = QStringLiteral("@PLOT_HEIGHT@");

QString num(double v, int decimals = 4) { return std::isnan(v) ? QStringLiteral("-") : QString::number(v, 'f', decimals); }
QString signed_num(double v) { return std::isnan(v) ? QStringLiteral("-") : QString::asprintf("%+.4f", v); }

bool is_number(const QString& text) {
    static const QRegularExpression number(QStringLiteral("^[-+]?[0-9][0-9.]*([eE][-+]?[0-9]+)?$"));
    return number.match(text).hasMatch();
}

// Lays a plot widget out at the report's plot size before it is given data (tick labels and the
// legend fit themselves to the size).
template <typename W> void size_for_report(W& widget) {
    widget.resize(kPlotWidth, kPlotHeight);
    widget.plot()->resize(kPlotWidth, kPlotHeight);
}

struct TableStyle {
    QString cell_class;         // the CSS class of every cell (e.g. "cfg": a smaller font)
    bool first_left = false;    // the first column's cells are left-aligned
    QString first_width;        // its share of the table's width, e.g. "30%"
    bool first_nowrap = false;  // its cells never wrap (a key broken on its separators is ZWSP-marked instead)
};

TableStyle first_left() {
    TableStyle style;
    style.first_left = true;
    return style;
}

// Builds the report's HTML and renders its plots; the images are named relative to the HTML.
class ReportBuilder {
public:
    ReportBuilder(Store& store, QString files_dir) : store_(store), files_dir_(std::move(files_dir)) {}

    void heading(const QString& text, int level = 2) { body_ += QStringLiteral("<h%1>%2</h%1>\n").arg(level).arg(text.toHtmlEscaped()); }
    void paragraph(const QString& text, const QString& cls = {}) {
        body_ += (cls.isEmpty() ? QStringLiteral("<p>") : QStringLiteral("<p class=\"%1\">").arg(cls)) + text.toHtmlEscaped() +
                 QStringLiteral("</p>\n");
    }

    // A table of many columns spans the page's width, so its cells wrap between words; numbers
    // never wrap.
    void table(const QStringList& header, const std::vector<QStringList>& rows, const std::vector<bool>& marked = {},
               const TableStyle& style = TableStyle()) {
        auto cell = [&](const char* tag, const QString& text, bool first) {
            QStringList classes;
            if (!style.cell_class.isEmpty()) classes << style.cell_class;
            if (first && style.first_left) classes << QStringLiteral("key");
            if ((first && style.first_nowrap && !text.contains(QChar(0x200B))) || is_number(text))
                classes << QStringLiteral("nw");  // never "5." and "8446", never "stage1." and "lr"
            QString attr = classes.isEmpty() ? QString() : QStringLiteral(" class=\"%1\"").arg(classes.join(QLatin1Char(' ')));
            if (first && !style.first_width.isEmpty()) attr += QStringLiteral(" width=\"%1\"").arg(style.first_width);
            return QStringLiteral("<%1%2>%3</%1>").arg(QString::fromLatin1(tag), attr, text.toHtmlEscaped());
        };
        body_ += header.size() > 5 ? QStringLiteral("<table width=\"100%\"><thead><tr>") : QStringLiteral("<table><thead><tr>");
        for (int j = 0; j < header.size(); ++j) body_ += cell("th", header[j], j == 0);
        body_ += QStringLiteral("</tr></thead>\n");
        for (size_t i = 0; i < rows.size(); ++i) {
            const bool mark = i < marked.size() && marked[i];
            body_ += mark ? QStringLiteral("<tr class=\"differs\" bgcolor=\"#fff3c4\">") : QStringLiteral("<tr>");
            for (int j = 0; j < rows[i].size(); ++j) body_ += cell("td", rows[i][j], j == 0);
            body_ += QStringLiteral("</tr>\n");
        }
        body_ += QStringLiteral("</table>\n");
    }

    void plot(const QString& name, QCustomPlot* plot) {
        const QString file = QStringLiteral("%1/%2.png").arg(files_dir_, name);
        plot->resize(kPlotWidth, kPlotHeight);
        fit_legend(plot);
        images_.push_back({file, plot->toPixmap(kPlotWidth, kPlotHeight, kPlotScale).toImage()});
        // The size is filled in per output: the HTML's and the PDF's printable width.
        body_ += QStringLiteral("<p><img src=\"%1\" width=\"%2\" height=\"%3\"></p>\n").arg(file, kWidthToken, kHeightToken);
    }

    void comparison(const Comparison& c);
    void analysis(const RunRecord& run);
    void allocation(const RunRecord& run);
    void curve(const RunRecord& run);
    void configs(const Comparison& c);

    // plot_width: the width the plots are shown at (their height keeps the aspect ratio); paged:
    // for the PDF, whose page margins are the document's (a browser centres the body instead).
    QString html(const QString& title, double plot_width, bool paged) const {
        const double width = std::min<double>(plot_width, kPlotWidth);
        QString body = body_;
        body.replace(kWidthToken, QString::number(std::floor(width)));
        body.replace(kHeightToken, QString::number(std::floor(width * kPlotHeight / kPlotWidth)));
        return QStringLiteral("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%1</title><style>"
                              "body{font-family:sans-serif;font-size:13px%3}"
                              "h1{font-size:22px}h2{font-size:17px}h3{font-size:14px}"
                              "img{max-width:100%;height:auto}"
                              "table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #bbb;padding:3px 6px;"
                              "text-align:right;font-size:11px}th{background:#eee}td.key,th.key{text-align:left}"
                              "td.cfg,th.cfg{font-size:10px}td.nw,th.nw{white-space:nowrap}tr.differs{background:#fff3c4}p.note{color:#555}"
                              "</style></head><body>\n<h1>%1</h1>\n%2</body></html>\n")
            .arg(title.toHtmlEscaped(), body, paged ? QString() : QStringLiteral(";max-width:1000px;margin:auto"));
    }
    const std::vector<std::pair<QString, QImage>>& images() const { return images_; }

private:
    Store& store_;
    QString files_dir_;
    QString body_;
    std::vector<std::pair<QString, QImage>> images_;
};

QString group_cell(const RunSummary& s, const char* g) { return s.groups.count(g) ? num(s.groups.at(g)) : QStringLiteral("-"); }

QString run_name(const RunSummary& s) { return QString::fromStdString(s.label); }

QString id_list(const std::vector<int64_t>& ids) {
    QStringList out;
    for (int64_t id : ids) out << QString::number(id);
    return out.join(QStringLiteral(", "));
}

} // namespace

TaskTable task_table(const Comparison& c) {
    TaskTable t;
    t.header << QObject::tr("Run");
    const std::vector<std::string> keys = c.headline_task_keys();
    for (const auto& key : keys) {
        const QString k = QString::fromStdString(key);
        t.header << QObject::tr("%1 old").arg(k) << QObject::tr("%1 new").arg(k) << QObject::tr("change old")
                 << QObject::tr("change new");
    }
    if (keys.empty()) return t;
    for (size_t i = 0; i < c.runs.size(); ++i) {
        const auto& s = c.runs[i];
        QStringList row = {QString::fromStdString(s.label)};
        std::vector<bool> forgets(1, false);
        for (const auto& key : keys) {
            const auto scores = s.tasks.find(key);
            auto group = [&](const char* g) {
                if (scores == s.tasks.end()) return QStringLiteral("-");
                const auto v = scores->second.find(std::string("group:") + g);
                return v == scores->second.end() ? QStringLiteral("-") : num(v->second);
            };
            const double old_change = c.task_group_change(i, key, true), new_change = c.task_group_change(i, key, false);
            row << group("old") << group("G1") << signed_num(old_change) << signed_num(new_change);
            forgets.insert(forgets.end(), {false, false, old_change < 0, false});
        }
        t.rows.push_back(row);
        t.forgets.push_back(forgets);
    }
    return t;
}

QString base_cell(const Comparison& c, size_t run) {
    const auto& s = c.runs.at(run);
    if (!s.base) return QObject::tr("none");
    if (*s.base == run) return QObject::tr("itself");
    return run_name(c.runs[*s.base]);
}

QString base_description(const Comparison& c, size_t run) {
    const auto& s = c.runs.at(run);
    if (!s.base)
        return QObject::tr("Run %1 has no base: nothing evaluated before an expansion was found in its lineage, the "
                           "model folder it expanded or its experiment. Select a pretrain or eval run to compare it "
                           "against.")
            .arg(s.run.id);
    const QString base = run_name(c.runs[*s.base]);
    if (*s.base == run)
        return s.added ? QObject::tr("Run %1 is the base of the compared runs (not selected: found automatically and added).").arg(s.run.id)
                       : QObject::tr("Run %1 is the base of the compared runs.").arg(s.run.id);
    switch (s.base_source) {
    case BaseSource::Chosen: return QObject::tr("Changes against run %1, the chosen base.").arg(base);
    case BaseSource::Lineage: return QObject::tr("Changes against run %1, found from the run's lineage.").arg(base);
    case BaseSource::ModelFolder: return QObject::tr("Changes against run %1, an evaluation of the model folder the run expanded.").arg(base);
    case BaseSource::Experiment: return QObject::tr("Changes against run %1, the base model of the run's experiment.").arg(base);
    case BaseSource::None: break;
    }
    return QObject::tr("Changes against run %1.").arg(base);
}

QStringList base_notes(const Comparison& c) {
    QStringList notes;
    std::map<size_t, std::vector<int64_t>> found;  // base -> the runs measured against it, found automatically
    std::vector<int64_t> without;
    for (size_t i = 0; i < c.runs.size(); ++i) {
        const auto& s = c.runs[i];
        if (!s.base)
            without.push_back(s.run.id);
        else if (*s.base != i && s.base_source != BaseSource::Chosen)
            found[*s.base].push_back(s.run.id);
    }
    for (const auto& [base, runs] : found) {
        const auto& b = c.runs[base];
        notes << (b.added ? QObject::tr("Changes of runs %1 are against run %2, found automatically (lineage, model folder or "
                                        "experiment) and added to the comparison.")
                          : QObject::tr("Changes of runs %1 are against run %2, found automatically (lineage, model folder or "
                                        "experiment)."))
                     .arg(id_list(runs), run_name(b));
    }
    if (!without.empty())
        notes << QObject::tr("No base run for runs %1: nothing evaluated before an expansion was found in their lineage, "
                             "model folder or experiment, so their changes show \"-\". Select a pretrain or eval run to "
                             "compare against.")
                     .arg(id_list(without));
    return notes;
}

QString breakable(const QString& text, const QString& after) {
    QString out;
    out.reserve(text.size() + text.size() / 4);
    for (const QChar ch : text) {
        out += ch;
        if (after.contains(ch)) out += QChar(0x200B);
    }
    return out;
}

namespace {

void ReportBuilder::comparison(const Comparison& c) {
    heading(QObject::tr("Runs"));
    const bool g2 = std::any_of(c.runs.begin(), c.runs.end(), [](const RunSummary& s) { return s.groups.count("G2") > 0; });
    std::vector<QStringList> rows;
    for (size_t i = 0; i < c.runs.size(); ++i) {
        const auto& s = c.runs[i];
        QStringList row = {QString::number(s.run.id), QString::fromStdString(s.run.name), QString::fromStdString(s.run.kind),
                           QString::fromStdString(s.run.status), base_cell(c, i),
                           s.new_experts ? QString::number(*s.new_experts) : QStringLiteral("-"),
                           s.new_parameters ? num(static_cast<double>(*s.new_parameters) / 1e6, 2) : QStringLiteral("-"),
                           group_cell(s, "old"), group_cell(s, "G1")};
        if (g2) row << group_cell(s, "G2");
        row << signed_num(c.mean_change(i, true)) << signed_num(c.mean_change(i, false));
        rows.push_back(row);
    }
    QStringList header = {QObject::tr("Run"), QObject::tr("Name"), QObject::tr("Kind"), QObject::tr("Status"), QObject::tr("Base"),
                          QObject::tr("New experts"), QObject::tr("New parameters (M)"), QObject::tr("bpb old"), QObject::tr("bpb G1")};
    if (g2) header << QObject::tr("bpb G2");
    header << QObject::tr("change old") << QObject::tr("change new");
    table(header, rows);
    for (const QString& note : base_notes(c)) paragraph(note, QStringLiteral("note"));
    std::vector<ComparisonBar> bars;
    for (const auto& s : c.runs) {
        auto group = [&](const char* g) { return s.groups.count(g) ? s.groups.at(g) : std::nan(""); };
        if (!s.groups.empty()) bars.push_back({QString::fromStdString(s.label), group("old"), group("G1")});
    }
    if (!bars.empty()) {
        ComparisonChart chart;
        size_for_report(chart);
        chart.setBars(bars);
        plot(QStringLiteral("comparison"), chart.plot());
    }
    std::vector<std::string> langs = c.old_langs;
    langs.insert(langs.end(), c.new_langs.begin(), c.new_langs.end());
    if (langs.empty()) return;
    heading(QObject::tr("Bits per byte per language (held-out text)"), 3);
    header = {QObject::tr("Run")};
    for (const auto& l : langs) header << QString::fromStdString(l);
    rows.clear();
    for (const auto& s : c.runs) {
        QStringList row = {QString::fromStdString(s.label)};
        for (const auto& l : langs) row << (s.bpb.count(l) ? num(s.bpb.at(l)) : QStringLiteral("-"));
        rows.push_back(row);
    }
    table(header, rows, {}, first_left());
    const TaskTable tasks = task_table(c);
    if (!tasks.rows.empty()) {
        heading(QObject::tr("Multiple-choice tasks: accuracy over the old and the new languages, and its change "
                            "against the base (below zero on the old languages = forgetting)"),
                3);
        std::vector<bool> marked;
        for (const auto& f : tasks.forgets) marked.push_back(std::find(f.begin(), f.end(), true) != f.end());
        table(tasks.header, tasks.rows, marked, first_left());
    }
    const bool any_base = std::any_of(c.runs.begin(), c.runs.end(), [](const RunSummary& s) { return s.base.has_value(); });
    if (!any_base) return;
    heading(c.base ? QObject::tr("Change against run %1 per language").arg(c.runs[*c.base].run.id)
                   : QObject::tr("Change against each run's base per language (column Base above)"),
            3);
    paragraph(QObject::tr("Old languages: above zero = forgetting; new languages: below zero = learnt."), QStringLiteral("note"));
    header = {QObject::tr("Run")};
    for (const auto& l : c.old_langs) header << QString::fromStdString(l);
    for (const auto& l : c.new_langs) header << QString::fromStdString(l);
    rows.clear();
    std::vector<bool> forgot;
    for (size_t i = 0; i < c.runs.size(); ++i) {
        QStringList row = {QString::fromStdString(c.runs[i].label)};
        for (double d : c.old_change[i]) row << signed_num(d);
        for (double d : c.new_change[i]) row << signed_num(d);
        rows.push_back(row);
        forgot.push_back(c.mean_change(i, true) > 0);
    }
    table(header, rows, forgot, first_left());
}

void ReportBuilder::analysis(const RunRecord& run) {
    const auto report = store_.similarity(run.id, "mean");
    if (!report) return;
    heading(QObject::tr("Similarity of run %1").arg(run.id));
    std::vector<std::string> old_langs, new_langs;
    for (const auto& [code, group] : store_.run_languages(run.id)) (group == "old" ? old_langs : new_langs).push_back(code);
    SimilarityHeatmap heatmap;
    size_for_report(heatmap);
    heatmap.setReport(*report, old_langs, new_langs);
    plot(QStringLiteral("similarity-%1").arg(run.id), heatmap.plot());
    const auto scores = store_.layer_scores(run.id, "mean");
    ScorePlot curves;
    size_for_report(curves);
    curves.setScores(scores);
    plot(QStringLiteral("scores-%1").arg(run.id), curves.plot());
    std::vector<QStringList> rows;
    for (const auto& s : scores) rows.push_back({QString::number(s.layer), num(s.s_new_new, 5), num(s.s_new_old, 5), num(s.s, 5)});
    table({QObject::tr("Layer"), QStringLiteral("S_nn"), QStringLiteral("S_no"), QStringLiteral("S")}, rows);
}

void ReportBuilder::allocation(const RunRecord& run) {
    const auto layers = store_.allocation(run.id);
    if (layers.empty()) return;
    heading(QObject::tr("Allocation of run %1").arg(run.id));
    Allocation a;
    a.config = AllocationConfig::from_json(run.config.is_object() ? run.config : nlohmann::json::object());
    a.layers = layers;
    AllocationChart chart;
    size_for_report(chart);
    chart.setAllocation(a);
    plot(QStringLiteral("allocation-%1").arg(run.id), chart.plot());
    std::vector<QStringList> rows;
    for (const auto& l : layers)
        rows.push_back({QString::number(l.layer), num(l.s, 5), QString::number(l.experts), QString::number(l.new_experts),
                        l.classifier ? QObject::tr("yes") : QString()});
    table({QObject::tr("Layer"), QStringLiteral("S"), QObject::tr("Experts"), QObject::tr("New"), QObject::tr("Classifier")}, rows);
}

void ReportBuilder::curve(const RunRecord& run) {
    auto points = store_.metrics(run.id, "loss");
    std::erase_if(points, [](const MetricPoint& p) { return p.language == "all"; });
    if (points.empty()) points = store_.metrics(run.id, "loss");
    if (points.empty()) return;
    heading(QObject::tr("Training loss of run %1 (%2)").arg(run.id).arg(QString::fromStdString(run.name)), 3);
    MetricPlot metric;
    size_for_report(metric);
    metric.setSeries(QObject::tr("loss"), points);
    plot(QStringLiteral("loss-%1").arg(run.id), metric.plot());
}

void ReportBuilder::configs(const Comparison& c) {
    heading(QObject::tr("Configurations (keys that differ are marked)"));
    // A key stays on one line; one too long for its column breaks only after '.' or '_'
    // (model_config.num_key_value_heads), a value also after '/', ',', ':' or '-'. At most
    // kRunsPerTable runs side by side, so the table fits the page's width: more go below.
    constexpr size_t kRunsPerTable = 5;
    constexpr int kLongestWholeKey = 40;
    const QString key_breaks = QStringLiteral("._"), value_breaks = QStringLiteral("._/,:-");
    for (size_t first = 0; first < c.runs.size(); first += kRunsPerTable) {
        const size_t last = std::min(c.runs.size(), first + kRunsPerTable);
        QStringList header = {QObject::tr("Key")};
        for (size_t r = first; r < last; ++r) header << QString::number(c.runs[r].run.id);
        std::vector<QStringList> rows;
        std::vector<bool> marked;
        for (const auto& row : c.configs) {
            const QString key = QString::fromStdString(row.key);
            QStringList cells = {key.size() > kLongestWholeKey ? breakable(key, key_breaks) : key};
            for (size_t r = first; r < last; ++r) {
                const QString value = QString::fromStdString(row.values[r]);
                cells << (is_number(value) ? value
                                           : breakable(value.size() > 60 ? value.left(57) + QStringLiteral("...") : value, value_breaks));
            }
            rows.push_back(cells);
            marked.push_back(row.differs);
        }
        TableStyle style = first_left();
        style.cell_class = QStringLiteral("cfg");
        style.first_width = QStringLiteral("30%");
        style.first_nowrap = true;
        table(header, rows, marked, style);
    }
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
            if (b.blockFormat().headingLevel() == 0 || b.blockFormat().pageBreakPolicy() & QTextFormat::PageBreak_AlwaysBefore) continue;
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

} // namespace

bool write_report(Store& store, const std::vector<int64_t>& runs, const QString& title, const ReportFiles& files,
                  QString* error) {
    const QFileInfo html_info(files.html);
    const QString files_dir = html_info.completeBaseName() + QStringLiteral("_files");
    ReportBuilder builder(store, files_dir);
    try {
        const Comparison c = compare_runs(store, runs);
        builder.paragraph(QObject::tr("%1 runs of %2, %3")
                              .arg(runs.size())
                              .arg(QString::fromStdString(store.path().string()), QDateTime::currentDateTime().toString(Qt::ISODate)));
        builder.comparison(c);
        for (const auto& s : c.runs) {
            if (s.run.kind == "analyze") builder.analysis(s.run);
            if (s.run.kind == "allocate") builder.allocation(s.run);
            if (s.run.kind == "pretrain" || s.run.kind == "stage1" || s.run.kind == "stage2") builder.curve(s.run);
        }
        builder.configs(c);
    } catch (const Error& e) {
        if (error) *error = QString::fromUtf8(e.what());
        return false;
    }
    const QDir dir = html_info.absoluteDir();
    if (!dir.mkpath(files_dir)) {
        if (error) *error = QObject::tr("Cannot create the folder %1").arg(QDir::toNativeSeparators(dir.filePath(files_dir)));
        return false;
    }
    for (const auto& [name, image] : builder.images())
        if (!image.save(dir.filePath(name))) {
            if (error) *error = QObject::tr("Cannot write %1").arg(QDir::toNativeSeparators(dir.filePath(name)));
            return false;
        }
    if (!write_file(files.html, builder.html(title, kPlotWidth, false).toUtf8(), error)) return false;
    if (files.pdf.isEmpty()) return true;
    return write_pdf(files.pdf, builder.html(title, kReportPrintableWidth, true), builder.images(), title, error);
}

} // namespace layermoe
