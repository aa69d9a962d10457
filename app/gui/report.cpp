#include "app/gui/report.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QPdfWriter>
#include <QTextDocument>
#include <cmath>
#include <qcustomplot.h>

#include "core/common/error.h"
#include "core/report/compare.h"
#include "core/store/store.h"
#include "widgets/allocation_chart.h"
#include "widgets/comparison_chart.h"
#include "widgets/metric_plot.h"
#include "widgets/score_plot.h"
#include "widgets/similarity_heatmap.h"

namespace layermoe {

namespace {

constexpr int kPlotWidth = 900, kPlotHeight = 420;

QString num(double v, int decimals = 4) { return std::isnan(v) ? QStringLiteral("-") : QString::number(v, 'f', decimals); }
QString signed_num(double v) { return std::isnan(v) ? QStringLiteral("-") : QString::asprintf("%+.4f", v); }

// Builds the report's HTML and renders its plots; the images are named relative to the HTML.
class ReportBuilder {
public:
    ReportBuilder(Store& store, QString files_dir) : store_(store), files_dir_(std::move(files_dir)) {}

    void heading(const QString& text, int level = 2) { body_ += QStringLiteral("<h%1>%2</h%1>\n").arg(level).arg(text.toHtmlEscaped()); }
    void paragraph(const QString& text) { body_ += QStringLiteral("<p>%1</p>\n").arg(text.toHtmlEscaped()); }

    void table(const QStringList& header, const std::vector<QStringList>& rows, const std::vector<bool>& marked = {}) {
        body_ += QStringLiteral("<table><tr>");
        for (const auto& h : header) body_ += QStringLiteral("<th>%1</th>").arg(h.toHtmlEscaped());
        body_ += QStringLiteral("</tr>\n");
        for (size_t i = 0; i < rows.size(); ++i) {
            const bool mark = i < marked.size() && marked[i];
            body_ += mark ? QStringLiteral("<tr class=\"differs\" bgcolor=\"#fff3c4\">") : QStringLiteral("<tr>");
            for (const auto& cell : rows[i]) body_ += QStringLiteral("<td>%1</td>").arg(cell.toHtmlEscaped());
            body_ += QStringLiteral("</tr>\n");
        }
        body_ += QStringLiteral("</table>\n");
    }

    void plot(const QString& name, QCustomPlot* plot) {
        const QString file = QStringLiteral("%1/%2.png").arg(files_dir_, name);
        images_.push_back({file, plot->toPixmap(kPlotWidth, kPlotHeight).toImage()});
        body_ += QStringLiteral("<p><img src=\"%1\" width=\"%2\"></p>\n").arg(file).arg(kPlotWidth);
    }

    void comparison(const Comparison& c);
    void analysis(const RunRecord& run);
    void allocation(const RunRecord& run);
    void curve(const RunRecord& run);
    void configs(const Comparison& c);

    QString html(const QString& title) const {
        return QStringLiteral("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%1</title><style>"
                              "body{font-family:sans-serif;max-width:1000px;margin:auto}"
                              "table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #bbb;padding:3px 6px;"
                              "text-align:right}th{background:#eee}tr.differs{background:#fff3c4}"
                              "</style></head><body>\n<h1>%1</h1>\n%2</body></html>\n")
            .arg(title.toHtmlEscaped(), body_);
    }
    const std::vector<std::pair<QString, QImage>>& images() const { return images_; }

private:
    Store& store_;
    QString files_dir_;
    QString body_;
    std::vector<std::pair<QString, QImage>> images_;
};

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

namespace {

void ReportBuilder::comparison(const Comparison& c) {
    heading(QObject::tr("Runs"));
    std::vector<QStringList> rows;
    for (const auto& s : c.runs) {
        auto group = [&](const char* g) { return s.groups.count(g) ? num(s.groups.at(g)) : QStringLiteral("-"); };
        rows.push_back({QString::number(s.run.id), QString::fromStdString(s.run.name), QString::fromStdString(s.run.kind),
                        QString::fromStdString(s.run.status), s.new_experts ? QString::number(*s.new_experts) : QStringLiteral("-"),
                        s.new_parameters ? num(static_cast<double>(*s.new_parameters) / 1e6, 2) : QStringLiteral("-"),
                        group("old"), group("G1"), group("G2")});
    }
    table({QObject::tr("Run"), QObject::tr("Name"), QObject::tr("Kind"), QObject::tr("Status"), QObject::tr("New experts"),
           QObject::tr("New parameters (M)"), QObject::tr("bpb old"), QObject::tr("bpb G1"), QObject::tr("bpb G2")},
          rows);
    std::vector<ComparisonBar> bars;
    for (const auto& s : c.runs) {
        auto group = [&](const char* g) { return s.groups.count(g) ? s.groups.at(g) : std::nan(""); };
        if (!s.groups.empty()) bars.push_back({QString::fromStdString(s.label), group("old"), group("G1")});
    }
    if (!bars.empty()) {
        ComparisonChart chart;
        chart.setBars(bars);
        plot(QStringLiteral("comparison"), chart.plot());
    }
    std::vector<std::string> langs = c.old_langs;
    langs.insert(langs.end(), c.new_langs.begin(), c.new_langs.end());
    if (langs.empty()) return;
    heading(QObject::tr("Bits per byte per language (held-out text)"), 3);
    QStringList header = {QObject::tr("Run")};
    for (const auto& l : langs) header << QString::fromStdString(l);
    rows.clear();
    for (const auto& s : c.runs) {
        QStringList row = {QString::fromStdString(s.label)};
        for (const auto& l : langs) row << (s.bpb.count(l) ? num(s.bpb.at(l)) : QStringLiteral("-"));
        rows.push_back(row);
    }
    table(header, rows);
    const TaskTable tasks = task_table(c);
    if (!tasks.rows.empty()) {
        heading(QObject::tr("Multiple-choice tasks: accuracy over the old and the new languages, and its change "
                            "against the base (below zero on the old languages = forgetting)"),
                3);
        std::vector<bool> marked;
        for (const auto& f : tasks.forgets) marked.push_back(std::find(f.begin(), f.end(), true) != f.end());
        table(tasks.header, tasks.rows, marked);
    }
    if (!c.base) return;
    heading(QObject::tr("Forgetting: change against run %1 on the old languages (above zero = worse)")
                .arg(c.runs[*c.base].run.id),
            3);
    header = {QObject::tr("Run")};
    for (const auto& l : c.old_langs) header << QString::fromStdString(l);
    rows.clear();
    for (size_t i = 0; i < c.runs.size(); ++i) {
        QStringList row = {QString::fromStdString(c.runs[i].label)};
        for (double d : c.old_change[i]) row << signed_num(d);
        rows.push_back(row);
    }
    table(header, rows);
}

void ReportBuilder::analysis(const RunRecord& run) {
    const auto report = store_.similarity(run.id, "mean");
    if (!report) return;
    heading(QObject::tr("Similarity of run %1").arg(run.id));
    std::vector<std::string> old_langs, new_langs;
    for (const auto& [code, group] : store_.run_languages(run.id)) (group == "old" ? old_langs : new_langs).push_back(code);
    SimilarityHeatmap heatmap;
    heatmap.setReport(*report, old_langs, new_langs);
    plot(QStringLiteral("similarity-%1").arg(run.id), heatmap.plot());
    const auto scores = store_.layer_scores(run.id, "mean");
    ScorePlot curves;
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
    metric.setSeries(QObject::tr("loss"), points);
    plot(QStringLiteral("loss-%1").arg(run.id), metric.plot());
}

void ReportBuilder::configs(const Comparison& c) {
    heading(QObject::tr("Configurations (keys that differ are marked)"));
    QStringList header = {QObject::tr("Key")};
    for (const auto& s : c.runs) header << QString::number(s.run.id);
    std::vector<QStringList> rows;
    std::vector<bool> marked;
    for (const auto& row : c.configs) {
        QStringList cells = {QString::fromStdString(row.key)};
        for (const auto& v : row.values) {
            const QString value = QString::fromStdString(v);
            cells << (value.size() > 60 ? value.left(57) + QStringLiteral("...") : value);
        }
        rows.push_back(cells);
        marked.push_back(row.differs);
    }
    table(header, rows, marked);
}

bool write_file(const QString& path, const QByteArray& bytes, QString* error) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size()) {
        if (error) *error = QObject::tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), f.errorString());
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
    const QString html = builder.html(title);
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
    if (!write_file(files.html, html.toUtf8(), error)) return false;
    if (files.pdf.isEmpty()) return true;
    QTextDocument doc;
    for (const auto& [name, image] : builder.images()) doc.addResource(QTextDocument::ImageResource, QUrl(name), image);
    doc.setHtml(html);
    QPdfWriter pdf(files.pdf);
    pdf.setResolution(150);
    pdf.setPageSize(QPageSize(QPageSize::A4));
    pdf.setTitle(title);
    pdf.setCreator(QStringLiteral("LayerMoE Workbench"));
    doc.print(&pdf);
    if (!QFileInfo(files.pdf).exists() || QFileInfo(files.pdf).size() == 0) {
        if (error) *error = QObject::tr("Cannot write %1").arg(QDir::toNativeSeparators(files.pdf));
        return false;
    }
    return true;
}

} // namespace layermoe
