// The results page of the real window (offscreen), driven through its widgets on a store the CLI
// filled with a real experiment (tiny base pretrained, LayerMoE and dense expansions): every
// selected run's curves in one plot, the selection kept across filtering and store refreshes, a
// method run compared against its base found automatically (absolute bits per byte beside each
// change), a plot exported as drawn and never empty, every export confirmed in the page, the
// PDF report with its plots inside the page and config keys broken only after '.' or '_', and
// `layermoe report` writing the numbers the workbench's report shows.
#include <QtTest>

#include <QCheckBox>
#include <QDirIterator>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>
#include <set>

#include "app/gui/main_window.h"
#include "app/gui/pages/results_page.h"
#include "app/gui/translator.h"
#include "app/gui/workspace.h"
#include "cli_test_util.h"
#include "core/report/compare.h"
#include "core/store/store.h"
#include "widgets/metric_plot.h"
#include "widgets/runs_table_model.h"

using namespace layermoe;

namespace {

// Pixels that are not (near) white.
int ink(const QImage& image, QRect area) {
    area = area.intersected(image.rect());
    int n = 0;
    for (int y = area.top(); y <= area.bottom(); ++y)
        for (int x = area.left(); x <= area.right(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (c.red() < 235 || c.green() < 235 || c.blue() < 235) ++n;
        }
    return n;
}

void copy_folder(const QString& from, const QString& to) {
    QDirIterator it(from, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        const QString target = to + file.mid(from.size());
        QDir().mkpath(QFileInfo(target).absolutePath());
        QFile::copy(file, target);
    }
}

// The text of every table cell (<td>) of a report's HTML, in order: entities and the zero-width
// spaces of breakable keys undone.
QStringList table_cells(const QString& file) {
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) return {};
    const QString html = QString::fromUtf8(f.readAll());
    static const QRegularExpression td(QStringLiteral("<td[^>]*>([^<]*)</td>"));
    QStringList cells;
    for (auto it = td.globalMatch(html); it.hasNext();) {
        QString cell = it.next().captured(1);
        cell.remove(QChar(0x200B));
        cell.replace(QStringLiteral("&quot;"), QStringLiteral("\""))
            .replace(QStringLiteral("&lt;"), QStringLiteral("<"));
        cell.replace(QStringLiteral("&gt;"), QStringLiteral(">")).replace(QStringLiteral("&amp;"), QStringLiteral("&"));
        cells << cell;
    }
    return cells;
}

QString run_tool(const QString& program, const QStringList& args) {
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(60000) || p.exitCode() != 0) return {};
    return QString::fromUtf8(p.readAllStandardOutput());
}

}  // namespace

class TestResultsGui : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        qputenv("LAYERMOE_NO_DIALOGS", "1");
        QCoreApplication::setOrganizationName(QStringLiteral("LayerMoE-test-results"));
        write_corpus(corpus_.path());
        // An experiment with its base pretrained in the same store: one lineage from every stage
        // run back to the pretrain run, and the base's evaluation as the pretrain run's child.
        const QString spec = experiment_.path() + QStringLiteral("/spec.json");
        QFile f(spec);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QStringLiteral(R"({
  "name": "results", "corpus": "%1", "workspace": "ws",
  "pretrain": {"preset": "tiny", "steps": 12, "batch": 4, "warmup": 2, "eval_every": 6, "checkpoint_every": 12},
  "old": ["eng", "spa"], "new": ["ell", "tur"],
  "methods": [
    {"name": "LayerMoE", "method": "layermoe", "budget": 4, "min": 2, "classifier_top": 1, "score_floor": 0.01},
    {"name": "Dense", "method": "dense"}
  ],
  "stage1": {"steps": 4, "batch": 4}, "stage2": {"steps": 3, "batch": 4},
  "analysis_tokens": 300, "eval_documents": 5, "threads": 1
})")
                    .arg(corpus_.path())
                    .toUtf8());
        f.close();
        const auto r = run_cli({QStringLiteral("experiment"), spec, QStringLiteral("--json")}, 300000);
        QVERIFY2(r.exit_code == 0, qPrintable(describe(r)));
        Store store(store_file().toStdString());
        for (const auto& run : store.list_runs()) {
            if (run.kind == RunKind::Pretrain) pretrain_ = run.id;
            if (run.kind == RunKind::Eval) base_eval_ = run.id;
            if (run.kind == RunKind::Analyze) analysis_ = run.id;
            if (run.kind == RunKind::Allocate) allocation_ = run.id;
            const bool layermoe = run.name.rfind("LayerMoE", 0) == 0;
            if (run.kind == RunKind::Stage1) (layermoe ? moe_stage1_ : dense_stage1_) = run.id;
            if (run.kind == RunKind::Stage2) (layermoe ? moe_stage2_ : dense_stage2_) = run.id;
        }
        QVERIFY(pretrain_ && base_eval_ && analysis_ && allocation_ && moe_stage1_ && moe_stage2_ && dense_stage1_ &&
                dense_stage2_);
    }

    // Each test opens its own copy of the store in a fresh workspace.
    void init() {
        workspace_ = std::make_unique<QTemporaryDir>();
        QVERIFY(QFile::copy(store_file(), workspace_->filePath(QStringLiteral("runs.sqlite"))));
        // Artifacts in the store's folder are recorded relative to it: the models come along.
        copy_folder(experiment_.path() + QStringLiteral("/ws/models"), workspace_->filePath(QStringLiteral("models")));
        window_ = std::make_unique<MainWindow>();
        window_->resize(1280, 860);
        QVERIFY(window_->openWorkspace(workspace_->path()));
        window_->workspace().setPollInterval(50);
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
        window_->showPage(MainWindow::Results);
        page_ = window_->resultsPage();
        page_->refresh();
        QTRY_VERIFY(page_->runs()->rowCount() >= 9);
    }
    void cleanup() {
        window_.reset();
        workspace_.reset();
    }

    // Several runs selected by Ctrl+click: the curves plot has graphs of every one, each named by
    // its run; a selected run without the curve is named under the plot.
    void curves_show_every_selected_run() {
        click(pretrain_, Qt::NoModifier);
        click(moe_stage1_);
        click(dense_stage1_);
        QCOMPARE(page_->selectedRuns(), (std::vector<int64_t>{pretrain_, moe_stage1_, dense_stage1_}));
        page_->showCurvesTab();
        MetricPlot* plot = page_->curvesPlot();
        const QList<int64_t> runs = plot->graphRuns();
        QCOMPARE(std::set<int64_t>(runs.begin(), runs.end()),
                 (std::set<int64_t>{pretrain_, moe_stage1_, dense_stage1_}));
        QCOMPARE(plot->graphCount(), runs.size());
        for (int i = 0; i < plot->graphCount(); ++i) {
            QVERIFY(plot->plot()->graph(i)->dataCount() > 0);
            QVERIFY2(plot->plot()->graph(i)->name().startsWith(QStringLiteral("run %1:").arg(runs[i])),
                     qPrintable(plot->plot()->graph(i)->name()));
        }
        // Different runs, different colours.
        std::set<QRgb> colours;
        for (int i = 0; i < plot->graphCount(); ++i) colours.insert(plot->plot()->graph(i)->pen().color().rgb());
        QCOMPARE(colours.size(), size_t(3));
        keep(QString(), QStringLiteral("results-curves.png"));
        click(analysis_);  // no loss curve
        const QList<int64_t> still = plot->graphRuns();
        QCOMPARE(std::set<int64_t>(still.begin(), still.end()),
                 (std::set<int64_t>{pretrain_, moe_stage1_, dense_stage1_}));
        bool named = false;
        for (QLabel* label : page_->findChildren<QLabel*>())
            named |= label->isVisible() &&
                     label->text().contains(QStringLiteral("No loss curve for runs %1").arg(analysis_));
        QVERIFY(named);
    }

    // The filter hides runs without unselecting them; clearing it shows them selected again, and
    // so does a refresh after the CLI wrote a new run into the store.
    void filter_and_refresh_keep_the_selection() {
        click(base_eval_, Qt::NoModifier);
        click(moe_stage2_);
        const std::vector<int64_t> chosen = {base_eval_, moe_stage2_};
        QCOMPARE(page_->selectedRuns(), chosen);
        QTest::keyClicks(page_->filterEdit(), QStringLiteral("stage 2"));
        QVERIFY(page_->view()->model()->rowCount() < page_->runs()->rowCount());
        QCOMPARE(page_->selectedRuns(), chosen);
        QCOMPARE(page_->view()->selectionModel()->selectedRows().size(), 1);  // the shown one
        QVERIFY2(page_->selectionLabel()->text().contains(
                     QStringLiteral("Hidden by the filter but still selected: %1").arg(base_eval_)),
                 qPrintable(page_->selectionLabel()->text()));
        keep(QString(), QStringLiteral("results-filtered.png"));
        // Adding a shown run to the selection keeps the hidden one.
        click(dense_stage2_);
        QCOMPARE(page_->selectedRuns(), (std::vector<int64_t>{base_eval_, moe_stage2_, dense_stage2_}));
        page_->filterEdit()->clear();
        QCOMPARE(shown_selection(), (std::set<int64_t>{base_eval_, moe_stage2_, dense_stage2_}));
        // A new run written by the CLI (an evaluation of the base) resets the runs table.
        const int rows = page_->runs()->rowCount();
        const auto r = run_cli(
            {QStringLiteral("eval"), QStringLiteral("--model"), experiment_.path() + QStringLiteral("/ws/models/base"),
             QStringLiteral("--corpus"), corpus_.path(), QStringLiteral("--langs"), QStringLiteral("eng"),
             QStringLiteral("--max-docs"), QStringLiteral("3"), QStringLiteral("--threads"), QStringLiteral("1"),
             QStringLiteral("--store"), workspace_->filePath(QStringLiteral("runs.sqlite"))});
        QVERIFY2(r.exit_code == 0, qPrintable(describe(r)));
        QTRY_COMPARE_WITH_TIMEOUT(page_->runs()->rowCount(), rows + 1, 10000);
        QCOMPARE(page_->selectedRuns(), (std::vector<int64_t>{base_eval_, moe_stage2_, dense_stage2_}));
        QCOMPARE(shown_selection(), (std::set<int64_t>{base_eval_, moe_stage2_, dense_stage2_}));
    }

    // Two method runs without their base: Compare finds the base in the store (the experiment's
    // evaluation of the base model), adds it, and every change is a number equal to the stored
    // bits per byte minus the base's; absolute bits per byte stand beside the changes.
    void comparison_finds_the_base() {
        click(moe_stage2_, Qt::NoModifier);
        click(dense_stage2_);
        QPushButton* compare = nullptr;
        for (QPushButton* b : page_->findChildren<QPushButton*>())
            if (b->text() == QStringLiteral("Compare selected")) compare = b;
        QVERIFY(compare);
        QTest::mouseClick(compare, Qt::LeftButton);
        QVERIFY(page_->comparison().has_value());
        QTableWidget* table = page_->forgettingTable();
        QStringList header;
        for (int j = 0; j < table->columnCount(); ++j) header << table->horizontalHeaderItem(j)->text();
        for (const QString& column :
             {QStringLiteral("Base"), QStringLiteral("bpb old"), QStringLiteral("bpb new"),
              QStringLiteral("change old"), QStringLiteral("bpb eng"), QStringLiteral("change eng"),
              QStringLiteral("bpb ell"), QStringLiteral("change ell")})
            QVERIFY2(header.contains(column), qPrintable(header.join(QLatin1Char('|'))));
        QCOMPARE(table->rowCount(), 3);  // the two runs and their base
        Store store(workspace_->filePath(QStringLiteral("runs.sqlite")).toStdString());
        auto stored = [&](int64_t run, const std::string& language) {
            for (const auto& e : store.eval_results(run))
                if (e.task == "heldout" && e.metric == "bpb" && e.language == language) return e.value;
            return std::nan("");
        };
        auto cell = [&](int row, const QString& column) {
            return table->item(row, static_cast<int>(header.indexOf(column)))->text();
        };
        for (int row = 0; row < 2; ++row) {
            const int64_t run = row == 0 ? moe_stage2_ : dense_stage2_;
            QVERIFY(cell(row, QStringLiteral("Run")).startsWith(QString::number(run)));
            QVERIFY(cell(row, QStringLiteral("Base")).startsWith(QString::number(base_eval_)));
            for (const char* l : {"eng", "spa", "ell", "tur"}) {
                const QString lang = QString::fromLatin1(l);
                bool ok = false;
                const double d = cell(row, QStringLiteral("change %1").arg(lang)).toDouble(&ok);
                QVERIFY2(ok, qPrintable(cell(row, QStringLiteral("change %1").arg(lang))));
                QVERIFY(std::abs(d - (stored(run, l) - stored(base_eval_, l))) < 6e-5);
                QCOMPARE(cell(row, QStringLiteral("bpb %1").arg(lang)).toDouble(),
                         std::round(stored(run, l) * 1e4) / 1e4);
            }
            bool ok = false;
            cell(row, QStringLiteral("bpb old")).toDouble(&ok);
            QVERIFY(ok);
            cell(row, QStringLiteral("change old")).toDouble(&ok);
            QVERIFY(ok);
        }
        QVERIFY(cell(2, QStringLiteral("Run")).contains(QStringLiteral("base")));
        QVERIFY2(page_->comparisonNote()->text().contains(QString::number(base_eval_)),
                 qPrintable(page_->comparisonNote()->text()));
        keep(QString(), QStringLiteral("results-comparison.png"));
        // A run with no base anywhere (no parent, model folder or experiment): "-", and it says why.
        const int64_t lonely = store.create_run({RunKind::Stage1, {}, 1, std::nullopt, "lonely", "test"});
        store.add_eval_result({lonely, "heldout", "eng", "bpb", 3.0, 5});
        store.set_run_languages(lonely, {{"eng", "old"}, {"ell", "G1"}});
        store.finish_run(lonely, RunStatus::Finished);
        QTRY_VERIFY(page_->runs()->rowOf(lonely) >= 0);
        click(lonely, Qt::NoModifier);
        QVERIFY(page_->compareSelected());
        header.clear();
        for (int j = 0; j < table->columnCount(); ++j) header << table->horizontalHeaderItem(j)->text();
        QCOMPARE(cell(0, QStringLiteral("change eng")), QStringLiteral("-"));
        QVERIFY(!table->item(0, static_cast<int>(header.indexOf(QStringLiteral("change eng"))))->toolTip().isEmpty());
        QVERIFY2(page_->comparisonNote()->text().contains(QStringLiteral("No base run for runs %1").arg(lonely)),
                 qPrintable(page_->comparisonNote()->text()));
    }

    // Pool seeds: the experiment's LayerMoE run and a second seed of it (the same config but its
    // seed and folder) compare as one run, the mean over the two; unticked, as two again.
    void pool_seeds_joins_an_experiments_seeds() {
        Store store(workspace_->filePath(QStringLiteral("runs.sqlite")).toStdString());
        const auto first = store.get_run(moe_stage2_);
        QVERIFY(first);
        nlohmann::json config = first->config;
        config["seed"] = 2;
        config["out_dir"] = config.value("out_dir", std::string()) + "-seed2";
        const int64_t second =
            store.create_run({RunKind::Stage2, config, 2, first->parent, "LayerMoE (seed 2) stage 2", "test"});
        for (auto e : store.eval_results(moe_stage2_)) {
            e.run = second;
            e.value += 0.01;
            store.add_eval_result(e);
        }
        for (auto u : store.eval_units(moe_stage2_)) {
            for (auto& v : u.value) v += 0.01;
            store.add_eval_units(second, u);
        }
        store.set_run_languages(second, store.run_languages(moe_stage2_));
        store.finish_run(second, RunStatus::Finished);
        QTRY_VERIFY(page_->runs()->rowOf(second) >= 0);
        click(moe_stage2_, Qt::NoModifier);
        click(second);
        click(dense_stage2_);
        QVERIFY(page_->compareSelected());
        QCOMPARE(page_->comparison()->runs.size(), size_t(4));  // two seeds, dense, their base
        QTest::mouseClick(page_->poolSeedsCheck(), Qt::LeftButton, {},
                          QPoint(4, page_->poolSeedsCheck()->height() / 2));
        QVERIFY(page_->poolSeedsCheck()->isChecked());
        const auto& pooled = *page_->comparison();
        QCOMPARE(pooled.runs.size(), size_t(3));
        QCOMPARE(pooled.runs[0].seeds, 2);
        QVERIFY2(QString::fromStdString(pooled.runs[0].label).endsWith(QStringLiteral("(2 seeds)")),
                 pooled.runs[0].label.c_str());
        double eng = 0;
        for (const auto& e : store.eval_results(moe_stage2_))
            if (e.task == "heldout" && e.metric == "bpb" && e.language == "eng") eng = e.value;
        QVERIFY(std::abs(pooled.language_bpb(0, "eng") - (eng + 0.005)) < 1e-9);
        QTableWidget* table = page_->forgettingTable();
        QCOMPARE(table->rowCount(), 3);
        QTest::mouseClick(page_->poolSeedsCheck(), Qt::LeftButton, {},
                          QPoint(4, page_->poolSeedsCheck()->height() / 2));
        QCOMPARE(page_->comparison()->runs.size(), size_t(4));
    }

    // The plot export saves the shown plot as drawn (its on-screen size, every run's colour in
    // it), says where it went, and refuses an empty plot or a tab without one, writing nothing.
    void plot_export_is_what_is_shown_and_never_empty() {
        click(moe_stage1_, Qt::NoModifier);
        click(dense_stage1_);
        page_->showCurvesTab();
        QCustomPlot* plot = page_->curvesPlot()->plot();
        QTRY_VERIFY(plot->isVisible() && plot->width() > 300);
        const QString png = workspace_->filePath(QStringLiteral("curves.png"));
        QString error;
        QVERIFY2(page_->exportPlot(png, &error), qPrintable(error));
        QImage image(png);
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), plot->size());
        QVERIFY(ink(image, image.rect()) > image.width() * image.height() / 200);
        // Each run's colour is drawn (curves and legend are antialiased: near the pen's colour).
        for (int i = 0; i < plot->graphCount(); ++i) {
            const QColor want = plot->graph(i)->pen().color();
            int near = 0;
            for (int y = 0; y < image.height(); ++y)
                for (int x = 0; x < image.width(); ++x) {
                    const QColor c = image.pixelColor(x, y);
                    near += std::abs(c.red() - want.red()) + std::abs(c.green() - want.green()) +
                                std::abs(c.blue() - want.blue()) <
                            40;
                }
            QVERIFY2(near > 20, qPrintable(plot->graph(i)->name()));
        }
        QVERIFY2(page_->statusLabel()->text().contains(png), qPrintable(page_->statusLabel()->text()));
        // Nothing to plot: the analysis run has no loss curve.
        click(analysis_, Qt::NoModifier);
        const QString empty = workspace_->filePath(QStringLiteral("empty.png"));
        QVERIFY(!page_->exportPlot(empty, &error));
        QVERIFY2(error.contains(QStringLiteral("Nothing to export")), qPrintable(error));
        QVERIFY(!QFileInfo::exists(empty));
        page_->showTasksTab();
        QVERIFY(!page_->exportPlot(empty, &error));
        QVERIFY(!QFileInfo::exists(empty));
        // The comparison chart, and the comparison as CSV: both confirmed with their path.
        click(moe_stage2_, Qt::NoModifier);
        QVERIFY(page_->compareSelected());
        const QString svg = workspace_->filePath(QStringLiteral("comparison.svg"));
        QVERIFY2(page_->exportPlot(svg, &error), qPrintable(error));
        QVERIFY(QFileInfo(svg).size() > 1000);
        QVERIFY(page_->statusLabel()->text().contains(svg));
        keep(svg, QStringLiteral("comparison.svg"));
        keep(png, QStringLiteral("curves.png"));
        const QString csv = workspace_->filePath(QStringLiteral("comparison.csv"));
        QVERIFY2(page_->exportComparison(csv, &error), qPrintable(error));
        QVERIFY(page_->statusLabel()->text().contains(csv));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);  // header, the run, its base
        QVERIFY(lines[0].endsWith(QStringLiteral(",base_run")));
        QVERIFY(lines[1].endsWith(QStringLiteral(",%1").arg(base_eval_)));
        // The model folder.
        const QString models = workspace_->filePath(QStringLiteral("copied"));
        QVERIFY(QDir().mkpath(models));
        QVERIFY2(page_->exportModel(moe_stage2_, models, &error), qPrintable(error));
        QVERIFY(QFileInfo::exists(models + QStringLiteral("/stage2/model.safetensors")));
        QVERIFY(page_->statusLabel()->text().contains(models));
    }

    // The PDF report: every plot inside the page (nothing drawn in the right margin of any page)
    // and every config key whole in the text, broken, if at all, only after '.' or '_'.
    void pdf_report_fits_the_page() {
        for (int64_t run : {pretrain_, analysis_, allocation_, moe_stage1_, moe_stage2_, dense_stage2_}) click(run);
        QCOMPARE(page_->selectedRuns().size(), size_t(6));
        const QString html = workspace_->filePath(QStringLiteral("report.html")),
                      pdf = workspace_->filePath(QStringLiteral("report.pdf"));
        QString error;
        QVERIFY2(page_->exportReport(html, pdf, &error), qPrintable(error));
        QVERIFY(page_->statusLabel()->text().contains(html) && page_->statusLabel()->text().contains(pdf));
        keep(pdf, QStringLiteral("report.pdf"));
        // Text: join the lines a key was broken into after '.' or '_'; every key is then whole.
        QString text = run_tool(QStringLiteral("pdftotext"), {QStringLiteral("-raw"), pdf, QStringLiteral("-")});
        QVERIFY(!text.isEmpty());
        text = text.normalized(QString::NormalizationForm_KC);  // the "fi" ligature is "fi"
        text.remove(QChar(0x200B));
        text.replace(QRegularExpression(QStringLiteral("([._])[ \\t]*\\n[ \\t]*")), QStringLiteral("\\1"));
        const Comparison c = compare_runs(*window_->workspace().store(), page_->selectedRuns());
        QVERIFY(c.configs.size() > 20);
        int long_keys = 0;
        for (const auto& row : c.configs) {
            const QString key = QString::fromStdString(row.key);
            long_keys += key.size() > 20;
            QVERIFY2(text.contains(key),
                     qPrintable(QStringLiteral("config key %1 is broken in the PDF text").arg(key)));
        }
        QVERIFY(long_keys > 5);
        // Pages: nothing is drawn in the right margin (15 mm of 210; checked on the outer 5%).
        QTemporaryDir pages;
        QProcess render;
        render.start(QStringLiteral("pdftoppm"), {QStringLiteral("-r"), QStringLiteral("50"), QStringLiteral("-png"),
                                                  pdf, pages.filePath(QStringLiteral("page"))});
        QVERIFY(render.waitForFinished(60000) && render.exitCode() == 0);
        const QStringList files = QDir(pages.path()).entryList({QStringLiteral("*.png")}, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 2);
        int plotted = 0;
        for (const QString& name : files) {
            const QImage page(pages.filePath(name));
            QVERIFY(!page.isNull());
            const int margin = page.width() * 5 / 100;
            const int right = ink(page, QRect(page.width() - margin, 0, margin, page.height()));
            QVERIFY2(right == 0,
                     qPrintable(QStringLiteral("%1: %2 pixels drawn in the right margin").arg(name).arg(right)));
            plotted += ink(page, page.rect()) > 0;
        }
        QCOMPARE(plotted, files.size());
    }

    // `layermoe report` on the same store and runs writes the numbers the workbench's report shows:
    // every table cell of the CLI's HTML equals the workbench's (exported through the Results
    // page), and the bits per byte in them are the store's; its Markdown has the same cells, its
    // PDF (this build has the workbench) is printed by the workbench's report code. Errors are one
    // line naming what is at fault.
    void cli_report_matches_the_workbench() {
        std::vector<int64_t> runs = {pretrain_, base_eval_, analysis_, allocation_, moe_stage2_, dense_stage2_};
        std::sort(runs.begin(), runs.end());
        for (int64_t run : runs) click(run);
        QCOMPARE(page_->selectedRuns(), runs);
        const QString gui_html = workspace_->filePath(QStringLiteral("gui.html"));
        QString error;
        QVERIFY2(page_->exportReport(gui_html, QString(), &error), qPrintable(error));
        QStringList ids;
        for (int64_t run : runs) ids << QString::number(run);
        const QString store = workspace_->filePath(QStringLiteral("runs.sqlite"));
        auto report = [&](const QString& out, const QStringList& more = {}) {
            return run_cli(QStringList{QStringLiteral("report"), QStringLiteral("--store"), store,
                                       QStringLiteral("--runs"), ids.join(QLatin1Char(',')), QStringLiteral("--out"),
                                       out} +
                           more);
        };
        const QString cli_html = workspace_->filePath(QStringLiteral("cli.html"));
        const auto r = report(cli_html);
        QVERIFY2(r.exit_code == 0, qPrintable(describe(r)));
        QVERIFY2(r.out.contains(cli_html.toUtf8()), qPrintable(describe(r)));
        const QStringList gui = table_cells(gui_html), cli = table_cells(cli_html);
        QVERIFY(gui.size() > 100);
        QCOMPARE(cli, gui);
        // The numbers in them: every per-language bits per byte of every run, as the store has it.
        Store s(store.toStdString());
        // A run's label in the tables: "5 LayerMoE stage 2". It starts the run's rows of the
        // per-language table and, last, of the table of changes (the runs table starts with the
        // bare id, and names a run's base by its label).
        auto label = [&](int64_t run) {
            const auto r = s.get_run(run);
            return QStringLiteral("%1 %2").arg(run).arg(
                QString::fromStdString(r->name.empty() ? std::string(to_string(r->kind)) : r->name));
        };
        int numbers = 0, found = 0;
        static const QRegularExpression number(QStringLiteral("^[-+]?[0-9]+\\.[0-9]+$"));
        for (const QString& cell : cli) numbers += number.match(cell).hasMatch();
        for (int64_t run : runs) {
            for (const auto& e : s.eval_results(run)) {
                if (e.task != "heldout" || e.metric != "bpb" || e.language.rfind("group:", 0) == 0) continue;
                // The per-language table's row of the run: its label, then one cell per language.
                const int row = static_cast<int>(cli.lastIndexOf(label(run), cli.lastIndexOf(label(run)) - 1));
                QVERIFY2(row >= 0, qPrintable(label(run)));
                const QString want = QString::number(e.value, 'f', 4);
                bool in_row = false;
                for (int j = row + 1; j < cli.size() && j <= row + 4; ++j) in_row |= cli[j] == want;
                QVERIFY2(
                    in_row,
                    qPrintable(QStringLiteral("%1: %2 %3").arg(label(run), QString::fromStdString(e.language), want)));
                ++found;
            }
        }
        QVERIFY2(found >= 3 * 4,
                 qPrintable(QString::number(found)));  // the base's and the two methods' 4 languages at least
        QVERIFY2(numbers > 60, qPrintable(QString::number(numbers)));
        // Markdown: the same cells.
        const QString md = workspace_->filePath(QStringLiteral("cli.md"));
        const auto m = report(md);
        QVERIFY2(m.exit_code == 0, qPrintable(describe(m)));
        QFile md_file(md);
        QVERIFY(md_file.open(QIODevice::ReadOnly));
        const QString markdown = QString::fromUtf8(md_file.readAll());
        QVERIFY(markdown.startsWith(QStringLiteral("# LayerMoE Workbench report\n")));
        for (const QString& cell : cli)
            if (number.match(cell).hasMatch())
                QVERIFY2(markdown.contains(QStringLiteral("| %1 |").arg(cell)), qPrintable(cell));
        // PDF: the workbench's report, plots and all, from the command line.
        const QString pdf = workspace_->filePath(QStringLiteral("cli.pdf"));
        const auto p = report(pdf);
        QVERIFY2(p.exit_code == 0 && p.err.isEmpty(), qPrintable(describe(p)));  // no Qt chatter either
        QFile pdf_file(pdf);
        QVERIFY(pdf_file.open(QIODevice::ReadOnly));
        QVERIFY(pdf_file.read(5) == "%PDF-");
        const QString text = run_tool(QStringLiteral("pdftotext"), {QStringLiteral("-raw"), pdf, QStringLiteral("-")});
        QVERIFY(text.contains(QStringLiteral("Bits per byte per language")));
        // The base's bpb on the first language, in the PDF's text too.
        const QString base_first = cli[cli.lastIndexOf(label(base_eval_), cli.lastIndexOf(label(base_eval_)) - 1) + 1];
        QVERIFY2(number.match(base_first).hasMatch() && text.contains(base_first), qPrintable(base_first));
        QVERIFY2(pdf_file.size() > 50000, qPrintable(QString::number(pdf_file.size())));  // with its plots
        // In German, the workbench's report has its words translated and the same numbers.
        QVERIFY(set_interface_language(QStringLiteral("de")));
        const QString german = workspace_->filePath(QStringLiteral("de.html"));
        const bool exported = page_->exportReport(german, QString(), &error);
        QVERIFY(set_interface_language(QStringLiteral("en")));
        QVERIFY2(exported, qPrintable(error));
        QFile german_file(german);
        QVERIFY(german_file.open(QIODevice::ReadOnly));
        QVERIFY(QString::fromUtf8(german_file.readAll()).contains(QStringLiteral("<h2>Läufe</h2>")));
        const QStringList translated = table_cells(german);
        QCOMPARE(translated.size(), cli.size());
        for (int i = 0; i < cli.size(); ++i)
            if (number.match(cli[i]).hasMatch()) QCOMPARE(translated[i], cli[i]);
        // Errors: one line each, naming what is at fault; nothing written.
        const auto missing = run_cli({QStringLiteral("report"), QStringLiteral("--store"),
                                      workspace_->filePath(QStringLiteral("none.sqlite")), QStringLiteral("--runs"),
                                      ids.join(QLatin1Char(',')), QStringLiteral("--out"),
                                      workspace_->filePath(QStringLiteral("x.html"))});
        QCOMPARE(missing.exit_code, 1);
        QVERIFY2(missing.err.contains("none.sqlite") && missing.err.count('\n') == 1, qPrintable(describe(missing)));
        const auto unknown = run_cli({QStringLiteral("report"), QStringLiteral("--store"), store,
                                      QStringLiteral("--runs"), QStringLiteral("%1,999").arg(pretrain_),
                                      QStringLiteral("--out"), workspace_->filePath(QStringLiteral("x.html"))});
        QCOMPARE(unknown.exit_code, 1);
        QVERIFY2(unknown.err.contains("no run with id 999") && unknown.err.count('\n') == 1,
                 qPrintable(describe(unknown)));
        const auto format = report(workspace_->filePath(QStringLiteral("x.docx")));
        QCOMPARE(format.exit_code, 1);
        QVERIFY2(format.err.contains("'.docx'") && format.err.contains(".html") && format.err.count('\n') == 1,
                 qPrintable(describe(format)));
        QVERIFY(!QFileInfo::exists(workspace_->filePath(QStringLiteral("x.html"))));
        QVERIFY(!QFileInfo::exists(workspace_->filePath(QStringLiteral("x.docx"))));
    }

private:
    // With LAYERMOE_TEST_ARTIFACTS=FOLDER, a file (a report) or the window (name.png) is kept there
    // to look at: run under xvfb-run with QT_QPA_PLATFORM=xcb for screenshots of the real window.
    void keep(const QString& file, const QString& name) {
        const QString folder = qEnvironmentVariable("LAYERMOE_TEST_ARTIFACTS");
        if (folder.isEmpty()) return;
        QDir().mkpath(folder);
        const QString target = QDir(folder).filePath(name);
        QFile::remove(target);
        if (file.isEmpty()) {
            QTest::qWait(300);
            QVERIFY(window_->grab().save(target));
        } else {
            QVERIFY(QFile::copy(file, target));
        }
    }

    QString store_file() const { return experiment_.path() + QStringLiteral("/ws/runs.sqlite"); }

    // A click on the run's row in the runs table, as a user makes it (Ctrl adds to the selection).
    void click(int64_t run, Qt::KeyboardModifiers modifiers = Qt::ControlModifier) {
        QTableView* view = page_->view();
        auto* proxy = qobject_cast<QSortFilterProxyModel*>(view->model());
        QVERIFY(proxy);
        const QModelIndex index = proxy->mapFromSource(page_->runs()->index(page_->runs()->rowOf(run), 0));
        QVERIFY2(index.isValid(), qPrintable(QStringLiteral("run %1 is not shown").arg(run)));
        view->scrollTo(index);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, modifiers, view->visualRect(index).center());
    }

    // The runs the table shows selected.
    std::set<int64_t> shown_selection() const {
        std::set<int64_t> ids;
        auto* proxy = qobject_cast<QSortFilterProxyModel*>(page_->view()->model());
        for (const QModelIndex& index : page_->view()->selectionModel()->selectedRows())
            ids.insert(page_->runs()->runAt(proxy->mapToSource(index).row())->id);
        return ids;
    }

    QTemporaryDir corpus_, experiment_;
    int64_t pretrain_ = 0, base_eval_ = 0, analysis_ = 0, allocation_ = 0, moe_stage1_ = 0, moe_stage2_ = 0,
            dense_stage1_ = 0, dense_stage2_ = 0;
    std::unique_ptr<QTemporaryDir> workspace_;
    std::unique_ptr<MainWindow> window_;
    ResultsPage* page_ = nullptr;
};

QTEST_MAIN(TestResultsGui)
#include "test_results_gui.moc"
