// Widgets over real store and analysis data: the runs table model, the plots and their export.
#include <QMainWindow>
#include <QStatusBar>
#include <QTableView>
#include <QToolTip>
#include <QtTest>
#include <cmath>
#include <qcustomplot.h>

#include "core/analysis/allocation.h"
#include "widgets/allocation_chart.h"
#include "widgets/comparison_chart.h"
#include "widgets/item_export.h"
#include "widgets/language_table_model.h"
#include "widgets/language_matrix.h"
#include "widgets/metric_plot.h"
#include "widgets/plot_export.h"
#include "widgets/plot_util.h"
#include "widgets/runs_table_model.h"
#include "widgets/score_plot.h"
#include "widgets/similarity_heatmap.h"

using namespace layermoe;

namespace {

const std::vector<std::string> kLanguages = {"eng", "ell", "spa", "hun"};
const std::vector<std::string> kOld = {"eng", "spa"};
const std::vector<std::string> kNew = {"ell", "hun"};

// Symmetric, and every off-diagonal pair of a layer has its own value, so a swapped pair shows.
SimilarityMatrix make_matrix(int64_t layer, const std::vector<std::string>& languages) {
    SimilarityMatrix m;
    m.layer = layer;
    m.languages = languages;
    const size_t n = languages.size();
    for (size_t a = 0; a < n; ++a) {
        m.counts.push_back(1000 * int64_t(a + 1) + 7 * layer);
        for (size_t b = 0; b < n; ++b) m.values.push_back(0.1 * double(layer) + 0.01 * double((a + 1) * (b + 1)));
    }
    return m;
}

SimilarityReport make_report(const std::vector<std::string>& languages, int layers) {
    SimilarityReport report;
    for (int layer = 0; layer < layers; ++layer) report.layers.push_back(make_matrix(layer, languages));
    return report;
}

QString pair_label(const std::string& a, const std::string& b) {
    return QStringLiteral("%1\u2013%2").arg(QString::fromStdString(a), QString::fromStdString(b));
}

// Lays the widget out at a realistic size, so that the axes' pixel conversions are meaningful.
void show_sized(QWidget* widget, QCustomPlot* plot) {
    widget->resize(900, 500);
    widget->show();
    QVERIFY(QTest::qWaitForWindowExposed(widget));
    plot->replot();
}

QPoint pixel_of(QCustomPlot* plot, double x, double y) {
    return QPointF(plot->xAxis->coordToPixel(x), plot->yAxis->coordToPixel(y)).toPoint();
}

std::vector<LayerScore> scores_of(const std::vector<double>& s) {
    std::vector<LayerScore> out;
    for (size_t i = 0; i < s.size(); ++i) out.push_back(make_layer_score(int64_t(i), s[i] * 1.1, s[i] * 0.9));
    return out;
}

bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

QByteArray file_head(const QString& file, int bytes) {
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? f.read(bytes) : QByteArray();
}

}  // namespace

class TestWidgets : public QObject {
    Q_OBJECT
private slots:
    // Any table exports as CSV (quoted where needed) or JSON (objects keyed by the header).
    void tables_export_as_csv_and_json() {
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));  // counts show as "9,030"
        LanguageTableModel model;
        LanguageGroups groups;
        groups.old_langs = {"eng"};
        model.setLanguages({"eng", "ell"}, groups);
        model.setCounts("eng", 54, 6, 9030);
        QTemporaryDir dir;
        QString error;
        const QString csv = dir.path() + QStringLiteral("/t.csv"), json = dir.path() + QStringLiteral("/t.json");
        QVERIFY2(save_table(&model, csv, &error), qPrintable(error));
        QFile c(csv);
        QVERIFY(c.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(c.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines[0], QStringLiteral("Code,Language,Script,Group,Train docs,Held-out docs,Train bytes"));
        QCOMPARE(lines[1], QStringLiteral("eng,English,Latn,old,54,6,\"9,030\""));
        QVERIFY2(save_table(&model, json, &error), qPrintable(error));
        QFile j(json);
        QVERIFY(j.open(QIODevice::ReadOnly));
        const QJsonArray rows = QJsonDocument::fromJson(j.readAll()).array();
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows[1][QStringLiteral("Code")].toString(), QStringLiteral("ell"));
        QVERIFY(!save_table(&model, dir.path() + QStringLiteral("/t.xls"), &error));
        QVERIFY(error.contains(QStringLiteral("t.xls")));
    }

    void runs_model_shows_store_runs() {
        QTemporaryDir dir;
        Store store((dir.path() + QStringLiteral("/runs.sqlite")).toStdString());
        const int64_t base =
            store.create_run({RunKind::Pretrain, {{"preset", "small"}}, 3, std::nullopt, "base", "test"});
        const int64_t child = store.create_run({RunKind::Eval, {}, 0, base, "eval base", "test"});
        store.finish_run(base, RunStatus::Finished);
        RunsTableModel model;
        model.setRuns(store.list_runs());
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.data(model.index(0, RunsTableModel::Name)).toString(), QStringLiteral("base"));
        QCOMPARE(model.data(model.index(0, RunsTableModel::Status)).toString(), QStringLiteral("finished"));
        QCOMPARE(model.data(model.index(1, RunsTableModel::Parent)).toLongLong(), static_cast<qlonglong>(base));
        QCOMPARE(model.data(model.index(1, RunsTableModel::Status)).toString(), QStringLiteral("running"));
        QVERIFY(model.data(model.index(0, RunsTableModel::Id), Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("small")));
        // A status change keeps the rows and signals the change.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        store.finish_run(child, RunStatus::Cancelled);
        model.setRuns(store.list_runs());
        QCOMPARE(changed.count(), 1);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(model.data(model.index(1, RunsTableModel::Status)).toString(), QStringLiteral("cancelled"));
    }

    void metric_plot_has_one_graph_per_language() {
        std::vector<MetricPoint> points;
        for (int step = 1; step <= 5; ++step) {
            points.push_back({1, "pretrain", step, "eng", "bpb", 8.0 - step});
            points.push_back({1, "pretrain", step, "spa", "bpb", 7.5 - step});
        }
        MetricPlot plot;
        plot.setSeries(QStringLiteral("bpb"), points);
        QCOMPARE(plot.graphCount(), 2);
        QCOMPARE(plot.plot()->graph(0)->dataCount(), 5);
        bool found = false;
        const QCPRange range = plot.plot()->graph(0)->getValueRange(found);
        QVERIFY(found);
        QCOMPARE(range.lower, 3.0);
        QCOMPARE(range.upper, 7.0);
        QVERIFY(plot.plot()->legend->visible());
        QCOMPARE(plot.plot()->itemCount(), 0);
    }

    // A run without points shows a message instead of empty axes and an empty legend.
    void metric_plot_says_when_there_is_no_curve() {
        MetricPlot plot;
        plot.setSeries(QStringLiteral("loss"), {{1, "pretrain", 1, "all", "loss", 2.0}});
        plot.setSeries(QStringLiteral("loss"), {}, QStringLiteral("Run 3 (allocate) has no training curve"));
        QCOMPARE(plot.graphCount(), 0);
        QVERIFY(!plot.plot()->legend->visible());
        QCOMPARE(plot.plot()->itemCount(), 1);
        auto* text = qobject_cast<QCPItemText*>(plot.plot()->item(0));
        QVERIFY(text);
        QCOMPARE(text->text(), QStringLiteral("Run 3 (allocate) has no training curve"));
    }

    // The heatmap shows exactly the report's new-new then new-old pairs, per layer, with their values.
    void heatmap_holds_the_pairs_of_each_layer() {
        const SimilarityReport report = make_report(kLanguages, 2);
        SimilarityHeatmap heatmap;
        heatmap.setReport(report, kOld, kNew);
        const std::vector<std::pair<std::string, std::string>> pairs = {
            {"ell", "hun"}, {"ell", "eng"}, {"ell", "spa"}, {"hun", "eng"}, {"hun", "spa"}};
        QStringList labels;
        for (const auto& [a, b] : pairs) labels << pair_label(a, b);
        QCOMPARE(heatmap.pairLabels(), labels);
        QCOMPARE(heatmap.layerCount(), 2);
        QCOMPARE(heatmap.colorMap()->data()->keySize(), 2);
        QCOMPARE(heatmap.colorMap()->data()->valueSize(), 5);
        for (int layer = 0; layer < 2; ++layer)
            for (int pair = 0; pair < 5; ++pair) {
                const auto& [a, b] = pairs[size_t(pair)];
                const double expected = report.layers[size_t(layer)].at(a, b);
                QCOMPARE(heatmap.cell(layer, pair), expected);
                QCOMPARE(heatmap.colorMap()->data()->data(layer, pair), expected);
            }
        QVERIFY(std::isnan(heatmap.cell(2, 0)));
        QCOMPARE(heatmap.plot()->itemCount(), 1);  // the rule between the groups, no message
    }

    // Languages outside both groups get no row; the rows keep the groups' order.
    void heatmap_leaves_out_languages_in_neither_group() {
        SimilarityHeatmap heatmap;
        heatmap.setReport(make_report({"fra", "hun", "eng", "ell"}, 1), {"eng"}, {"ell", "hun"});
        QCOMPARE(heatmap.pairLabels(),
                 QStringList({pair_label("ell", "hun"), pair_label("ell", "eng"), pair_label("hun", "eng")}));
        QCOMPARE(heatmap.cell(0, 1), 0.01 * 4 * 3);  // ell is language 4, eng language 3
    }

    // The tooltip names the pair and layer and shows the exact value and both token counts.
    void heatmap_tooltip_shows_value_and_counts() {
        const SimilarityReport report = make_report(kLanguages, 2);
        SimilarityHeatmap heatmap;
        heatmap.setReport(report, kOld, kNew);
        const QString tip = heatmap.toolTipAt(1, 3);  // hun-eng in layer 1
        QVERIFY2(tip.contains(pair_label("hun", "eng")), qPrintable(tip));
        QVERIFY2(tip.contains(QString::number(report.layers[1].at("hun", "eng"), 'f', 5)), qPrintable(tip));
        QVERIFY2(tip.contains(QLocale().toString(qlonglong(4000 + 7))), qPrintable(tip));  // hun
        QVERIFY2(tip.contains(QLocale().toString(qlonglong(1000 + 7))), qPrintable(tip));  // eng
        QVERIFY(heatmap.toolTipAt(2, 0).isEmpty());
    }

    // Clicking a column selects that layer.
    void heatmap_click_emits_the_layer() {
        SimilarityHeatmap heatmap;
        heatmap.setReport(make_report(kLanguages, 2), kOld, kNew);
        show_sized(&heatmap, heatmap.plot());
        QSignalSpy clicked(&heatmap, &SimilarityHeatmap::layerClicked);
        QTest::mouseClick(heatmap.plot(), Qt::LeftButton, {}, pixel_of(heatmap.plot(), 1, 2));
        QTest::mouseClick(heatmap.plot(), Qt::LeftButton, {}, pixel_of(heatmap.plot(), 0.2, 4));
        QCOMPARE(clicked.count(), 2);
        QCOMPARE(clicked.at(0).at(0).toInt(), 1);
        QCOMPARE(clicked.at(1).at(0).toInt(), 0);
    }

    // Hovering a cell shows that cell's tooltip.
    void heatmap_hover_shows_the_cell_tooltip() {
        SimilarityHeatmap heatmap;
        heatmap.setReport(make_report(kLanguages, 2), kOld, kNew);
        show_sized(&heatmap, heatmap.plot());
        QTest::mouseMove(heatmap.plot(), pixel_of(heatmap.plot(), 1, 3));
        QTRY_COMPARE(QToolTip::text(), heatmap.toolTipAt(1, 3));
        QTest::mouseMove(heatmap.plot(), pixel_of(heatmap.plot(), 0, 0));
        QTRY_COMPARE(QToolTip::text(), heatmap.toolTipAt(0, 0));
    }

    // Without a report, or without a group, the heatmap says so instead of drawing an empty map.
    void heatmap_says_when_there_is_nothing_to_show() {
        SimilarityHeatmap heatmap;
        heatmap.setReport(make_report(kLanguages, 2), kOld, {});
        QVERIFY(!heatmap.colorMap()->visible());
        QCOMPARE(heatmap.plot()->itemCount(), 1);
        QVERIFY(qobject_cast<QCPItemText*>(heatmap.plot()->item(0)));
        heatmap.setReport(make_report(kLanguages, 2), kOld, kNew);
        QVERIFY(heatmap.colorMap()->visible());
        heatmap.clear();
        QCOMPARE(heatmap.layerCount(), 0);
        QVERIFY(heatmap.pairLabels().isEmpty());
        QVERIFY(qobject_cast<QCPItemText*>(heatmap.plot()->item(0)));
    }

    // The language matrix view holds the layer's full matrix, its labels and its title.
    void language_matrix_holds_the_matrix() {
        const SimilarityMatrix m = make_matrix(3, kLanguages);
        LanguageMatrixView view;
        view.setMatrix(m);
        QCOMPARE(view.labels(), QStringList({QStringLiteral("eng"), QStringLiteral("ell"), QStringLiteral("spa"),
                                             QStringLiteral("hun")}));
        for (int row = 0; row < 4; ++row)
            for (int col = 0; col < 4; ++col) QCOMPARE(view.cell(row, col), m.at(size_t(row), size_t(col)));
        QVERIFY(std::isnan(view.cell(4, 0)));
        auto* title = qobject_cast<QCPTextElement*>(view.plot()->plotLayout()->element(0, 0));
        QVERIFY(title);
        QCOMPARE(title->text(), QStringLiteral("Layer 3"));
        const QString tip = view.toolTipAt(0, 3);
        QVERIFY2(tip.contains(QString::number(m.at(0, 3), 'f', 5)), qPrintable(tip));
        QVERIFY2(tip.contains(QLocale().toString(qlonglong(4000 + 21))), qPrintable(tip));
    }

    // Each curve holds its score per layer; a layer without new-new pairs is a gap (NaN).
    void score_plot_series_equal_the_scores() {
        const std::vector<LayerScore> scores = {
            make_layer_score(0, 0.02, 0.03), make_layer_score(1, std::nan(""), 0.05), make_layer_score(2, 0.09, 0.07)};
        ScorePlot plot;
        plot.setScores(scores);
        for (int series = 0; series < 3; ++series) {
            const QVector<double> values = plot.values(series);
            QCOMPARE(values.size(), 3);
            for (size_t i = 0; i < 3; ++i) {
                const double expected = series == 0   ? scores[i].s_new_new
                                        : series == 1 ? scores[i].s_new_old
                                                      : scores[i].s;
                QVERIFY2(same(values[int(i)], expected), qPrintable(QString::number(values[int(i)])));
            }
        }
        QVERIFY(std::isnan(plot.values(ScorePlot::NewNew)[1]));
        QCOMPARE(plot.values(ScorePlot::Combined)[1], 0.05);
        QVERIFY(plot.values(ScorePlot::Aligned).isEmpty());
        const std::vector<LayerScore> aligned = {make_layer_score(0, 0.2, 0.4), make_layer_score(1, 0.3, 0.5)};
        plot.setAlignedScores(aligned);
        QCOMPARE(plot.values(ScorePlot::Aligned), QVector<double>({aligned[0].s, aligned[1].s}));
        QVERIFY(plot.plot()->graph(ScorePlot::Aligned)->visible());
        plot.setAlignedScores({});
        QVERIFY(plot.values(ScorePlot::Aligned).isEmpty());
    }

    // Dragging the threshold line reports the value under the cursor as it moves; a click elsewhere picks a layer.
    void score_plot_threshold_follows_the_mouse() {
        ScorePlot plot;
        plot.setScores(scores_of({0.03, 0.05, 0.08, 0.1, 0.07}));
        plot.setThreshold(0.06);
        show_sized(&plot, plot.plot());
        QCOMPARE(plot.threshold(), std::optional<double>(0.06));
        QSignalSpy dragged(&plot, &ScorePlot::thresholdDragged);
        QSignalSpy clicked(&plot, &ScorePlot::layerClicked);
        const QPoint start = plot.thresholdPixel(2), end = start + QPoint(15, -60);
        QTest::mousePress(plot.plot(), Qt::LeftButton, {}, start);
        QTest::mouseMove(plot.plot(), start + QPoint(5, -30));
        QTest::mouseMove(plot.plot(), end);
        QTest::mouseRelease(plot.plot(), Qt::LeftButton, {}, end);
        QCOMPARE(dragged.count(), 2);
        const QCPAxis* y = plot.plot()->yAxis;
        const double expected = y->pixelToCoord(end.y()), pixel = std::abs(y->pixelToCoord(end.y() + 1) - expected);
        const double tau = dragged.last().at(0).toDouble();
        QVERIFY2(std::abs(tau - expected) <= pixel, qPrintable(QStringLiteral("%1 vs %2").arg(tau).arg(expected)));
        QVERIFY(tau > 0.06);
        QCOMPARE(*plot.threshold(), tau);
        QCOMPARE(clicked.count(), 0);
        // Far from the line, a press and move do not drag it; the click selects the nearest layer.
        const QPoint away = pixel_of(plot.plot(), 3.3, 0.04);
        QTest::mousePress(plot.plot(), Qt::LeftButton, {}, away);
        QTest::mouseRelease(plot.plot(), Qt::LeftButton, {}, away);
        QCOMPARE(dragged.count(), 2);
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.at(0).at(0).toInt(), 3);
        plot.setThreshold(std::nullopt);
        QCOMPARE(plot.thresholdPixel(2), QPoint(-1, -1));
    }

    // The bars are the allocation's experts beside the uniform baseline; classifier layers are the allocation's.
    void allocation_chart_shows_the_allocation() {
        AllocationConfig config;
        config.budget = 18;
        config.classifier_threshold = 0.075;
        config.compare_uniform_experts = 4;
        const Allocation a = allocate(scores_of({0.03, 0.05, 0.08, 0.1, 0.07, 0.04}), config);
        AllocationChart chart;
        chart.setAllocation(a);
        QVector<double> experts;
        QVector<int> classifiers;
        for (const auto& layer : a.layers) {
            experts << double(layer.experts);
            if (layer.classifier) classifiers << int(layer.layer);
        }
        QCOMPARE(chart.layerMoeBars(), experts);
        QCOMPARE(chart.uniformBars(), QVector<double>(6, 4.0));
        QCOMPARE(chart.classifierLayers(), classifiers);
        QCOMPARE(classifiers, QVector<int>({2, 3}));
        QVERIFY(experts.front() > experts[3]);  // the least similar layer gets more experts
        chart.clear();
        QVERIFY(chart.layerMoeBars().isEmpty());
        QVERIFY(chart.classifierLayers().isEmpty());
    }

    // Following a slider: 32 layers update in place and replot well within a frame (16 ms).
    void allocation_chart_replots_within_a_frame() {
        std::vector<double> s;
        for (int i = 0; i < 32; ++i) s.push_back(0.03 + 0.1 * std::sin(i / 10.0) * std::sin(i / 10.0));
        const auto scores = scores_of(s);
        AllocationChart chart;
        show_sized(&chart, chart.plot());
        AllocationConfig config;
        config.classifier_top = 6;
        config.budget = 64;
        chart.setAllocation(allocate(scores, config));
        QCPAbstractPlottable* first = chart.plot()->plottable(0);
        const int plottables = chart.plot()->plottableCount();
        qint64 best_ns = std::numeric_limits<qint64>::max();
        double best_replot = 1e9;
        for (int step = 1; step <= 8; ++step) {
            config.budget = 64 + 4 * step;
            const Allocation a = allocate(scores, config);
            QElapsedTimer timer;
            timer.start();
            chart.setAllocation(a);
            best_ns = std::min(best_ns, timer.nsecsElapsed());
            best_replot = std::min(best_replot, chart.lastReplotMs());
            QCOMPARE(chart.layerMoeBars().size(), 32);
        }
        qInfo("setAllocation, 32 layers: best %.2f ms (replot %.2f ms)", best_ns / 1e6, best_replot);
        QVERIFY2(best_ns < 16'000'000, qPrintable(QString::number(best_ns / 1e6)));
        QVERIFY(best_replot > 0 && best_replot < 16);
        QCOMPARE(chart.plot()->plottableCount(), plottables);
        QCOMPARE(chart.plot()->plottable(0), first);
    }

    // Each run has its old- and new-language bar, labelled on the x axis.
    void comparison_chart_shows_both_groups_per_run() {
        ComparisonChart chart;
        chart.setBars({{QStringLiteral("base"), 1.1, 2.4},
                       {QStringLiteral("MoE-LPR"), 1.2, 1.5},
                       {QStringLiteral("LayerMoE"), 1.15, 1.45}});
        QCOMPARE(chart.oldBars(), QVector<double>({1.1, 1.2, 1.15}));
        QCOMPARE(chart.newBars(), QVector<double>({2.4, 1.5, 1.45}));
        auto ticker = chart.plot()->xAxis->ticker().dynamicCast<QCPAxisTickerText>();
        QVERIFY(ticker);
        QCOMPARE(ticker->ticks().value(1), QStringLiteral("MoE-LPR"));
        QCOMPARE(chart.plot()->yAxis->label(), QStringLiteral("bits per byte"));
        chart.setValueLabel(QStringLiteral("accuracy"));
        QCOMPARE(chart.plot()->yAxis->label(), QStringLiteral("accuracy"));
        // Intervals become error bars; a bar without one has no whisker (NaN).
        ComparisonBar with{QStringLiteral("LayerMoE"), 1.15, 1.45};
        with.old_low = 1.1;
        with.old_high = 1.25;
        chart.setBars({{QStringLiteral("base"), 1.1, 2.4}, with});
        const auto old_i = chart.oldIntervals(), new_i = chart.newIntervals();
        QCOMPARE(old_i.size(), 2);
        QVERIFY(std::isnan(old_i[0].first) && std::isnan(new_i[1].second));
        QVERIFY(std::abs(old_i[1].first - 1.1) < 1e-12 && std::abs(old_i[1].second - 1.25) < 1e-12);
        chart.setBars({});
        QVERIFY(chart.oldBars().isEmpty());
        QVERIFY(!chart.plot()->legend->visible());
    }

    // Run labels too wide to stand side by side are broken into lines at their spaces, each line
    // within its run's room, and stand upright (slanted, four of them took most of a small plot's
    // height); a word wider than the room leaves them whole and slanted.
    void comparison_chart_wraps_long_run_labels() {
        ComparisonChart chart;
        const QStringList labels = {QStringLiteral("3 eval base"), QStringLiteral("7 LayerMoE stage 2 (3 seeds)"),
                                    QStringLiteral("18 MoE-LPR stage 2 (3 seeds)"),
                                    QStringLiteral("26 Dense stage 2 (3 seeds)")};
        std::vector<ComparisonBar> bars;
        for (const QString& l : labels) bars.push_back({l, 1.0, 2.0});
        chart.resize(640, 260);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.setBars(bars);
        auto ticks = [&] { return chart.plot()->xAxis->ticker().dynamicCast<QCPAxisTickerText>()->ticks(); };
        const QFontMetrics metrics(chart.plot()->xAxis->tickLabelFont());
        const double room = 0.8 * chart.plot()->width() / labels.size();
        QCOMPARE(chart.plot()->xAxis->tickLabelRotation(), 0.0);
        for (int i = 0; i < labels.size(); ++i) {
            const QString shown = ticks().value(i);
            QCOMPARE(QString(shown).replace(QLatin1Char('\n'), QLatin1Char(' ')), labels[i]);
            QVERIFY2(i == 0 || shown.contains(QLatin1Char('\n')), qPrintable(shown));
            for (const QString& line : shown.split(QLatin1Char('\n')))
                QVERIFY2(metrics.horizontalAdvance(line) <= room, qPrintable(line));
        }
        chart.resize(260, 260);  // room for no word of "MoE-LPR" length per run
        QTRY_COMPARE(chart.plot()->xAxis->tickLabelRotation(), -30.0);
        QCOMPARE(ticks().value(2), labels[2]);
    }

    // Export picks the format by extension, and fails with a message that names the file.
    void save_plot_writes_png_svg_and_pdf() {
        QTemporaryDir dir;
        ComparisonChart chart;
        chart.resize(600, 400);
        chart.setBars({{QStringLiteral("base"), 1.1, 2.4}});
        const QString png = dir.filePath(QStringLiteral("plot.png")), svg = dir.filePath(QStringLiteral("plot.svg")),
                      pdf = dir.filePath(QStringLiteral("plot.PDF"));
        QString error;
        QVERIFY2(save_plot(chart.plot(), png, 0, 0, &error), qPrintable(error));
        QCOMPARE(file_head(png, 8), QByteArray("\x89PNG\r\n\x1a\n", 8));
        QVERIFY2(save_plot(chart.plot(), svg, 800, 500, &error), qPrintable(error));
        QVERIFY(file_head(svg, 4096).contains("<svg"));
        QVERIFY2(save_plot(chart.plot(), pdf, 0, 0, &error), qPrintable(error));
        QVERIFY(file_head(pdf, 4).startsWith("%PDF"));
        QVERIFY(!save_plot(chart.plot(), dir.filePath(QStringLiteral("x.bmpx")), 0, 0, &error));
        QVERIFY2(error.contains(QStringLiteral("x.bmpx")), qPrintable(error));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("x.bmpx"))));
        const QString unwritable = dir.filePath(QStringLiteral("missing/plot.svg"));
        error.clear();
        QVERIFY(!save_plot(chart.plot(), unwritable, 0, 0, &error));
        QVERIFY2(error.contains(QStringLiteral("plot.svg")), qPrintable(error));
        error.clear();
        QVERIFY(!save_plot(chart.plot(), dir.filePath(QStringLiteral("missing/plot.png")), 0, 0, &error));
        QVERIFY2(error.contains(QStringLiteral("plot.png")), qPrintable(error));
    }

    // An empty plot is never written; a plot never laid out is saved at a useful size, not 0 x 0.
    void save_plot_refuses_an_empty_plot() {
        QTemporaryDir dir;
        ComparisonChart chart;
        QVERIFY(!plot_has_data(chart.plot()));
        QString error;
        for (const char* name : {"empty.png", "empty.svg", "empty.pdf"}) {
            const QString file = dir.filePath(QString::fromLatin1(name));
            QVERIFY(!save_plot(chart.plot(), file, 0, 0, &error));
            QVERIFY2(error.contains(QString::fromLatin1(name)) && error.contains(QStringLiteral("empty")),
                     qPrintable(error));
            QVERIFY(!QFileInfo::exists(file));
        }
        MetricPlot metric;
        metric.setSeries(QStringLiteral("loss"), {}, QStringLiteral("no curve"));
        QVERIFY(metric.isEmpty());
        QVERIFY(!save_plot(metric.plot(), dir.filePath(QStringLiteral("m.png")), 0, 0, &error));
        metric.setSeries(QStringLiteral("loss"),
                         {{1, "pretrain", 1, "eng", "loss", 2.0}, {1, "pretrain", 2, "eng", "loss", 1.5}});
        QVERIFY(!metric.isEmpty());
        QVERIFY(plot_has_data(metric.plot()));
        metric.plot()->resize(10, 10);  // never laid out on screen
        const QString png = dir.filePath(QStringLiteral("m.png"));
        QVERIFY2(save_plot(metric.plot(), png, 0, 0, &error), qPrintable(error));
        QCOMPARE(QImage(png).size(), QSize(kDefaultPlotWidth, kDefaultPlotHeight));
    }

    // Several runs in one plot: every run's series, named by the run, one colour per run and one
    // line style per series of a run; runs without points get no graph.
    void metric_plot_shows_several_runs() {
        auto points = [](int64_t run, double offset) {
            std::vector<MetricPoint> out;
            for (int step = 1; step <= 4; ++step) {
                out.push_back({run, "stage1", step, "ell", "loss", offset - step});
                out.push_back({run, "stage1", step, "tur", "loss", offset + 1 - step});
            }
            return out;
        };
        MetricPlot plot;
        plot.setRuns(QStringLiteral("loss"), {{3, QStringLiteral("run 3"), points(3, 9)},
                                              {5, QStringLiteral("run 5"), {}},
                                              {7, QStringLiteral("run 7"), points(7, 8)}});
        QCOMPARE(plot.graphCount(), 4);
        QCOMPARE(plot.graphRuns(), (QList<int64_t>{3, 3, 7, 7}));
        QCOMPARE(plot.plot()->graph(0)->name(), QStringLiteral("run 3: stage1 ell"));
        QCOMPARE(plot.plot()->graph(3)->name(), QStringLiteral("run 7: stage1 tur"));
        QCOMPARE(plot.plot()->graph(0)->pen().color(), plot.plot()->graph(1)->pen().color());
        QVERIFY(plot.plot()->graph(0)->pen().color() != plot.plot()->graph(2)->pen().color());
        QVERIFY(plot.plot()->graph(0)->pen().style() != plot.plot()->graph(1)->pen().style());
        QCOMPARE(plot.plot()->graph(2)->dataCount(), 4);
        QVERIFY(plot.plot()->legend->visible());
        // All without points: the message instead.
        plot.setRuns(QStringLiteral("loss"), {{5, QStringLiteral("run 5"), {}}}, QStringLiteral("nothing"));
        QCOMPARE(plot.graphCount(), 0);
        QVERIFY(plot.graphRuns().isEmpty());
        QVERIFY(plot.isEmpty());
    }

    // A table export says where the file went: in the window's status bar and to export_notices().
    void exports_are_confirmed() {
        QMainWindow window;
        QTableView view;
        window.setCentralWidget(&view);
        LanguageTableModel model;
        model.setLanguages({"eng"}, LanguageGroups{});
        view.setModel(&model);
        QSignalSpy saved(export_notices(), &ExportNotices::saved);
        notify_saved(&view, QStringLiteral("/tmp/t.csv"), QStringLiteral("Saved the table to /tmp/t.csv"));
        QCOMPARE(saved.count(), 1);
        QCOMPARE(saved.first().at(0).value<QWidget*>(), static_cast<QWidget*>(&view));
        QCOMPARE(saved.first().at(1).toString(), QStringLiteral("/tmp/t.csv"));
        QCOMPARE(window.statusBar()->currentMessage(), QStringLiteral("Saved the table to /tmp/t.csv"));
        qputenv("LAYERMOE_NO_DIALOGS", "1");
        QSignalSpy failed(export_notices(), &ExportNotices::failed);
        notify_failed(&view, QStringLiteral("Cannot write /x"));  // no modal dialog
        QCOMPARE(failed.count(), 1);
        QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("Cannot write /x")));
        qunsetenv("LAYERMOE_NO_DIALOGS");
        window.takeCentralWidget();
    }

    void runs_model_finds_a_run_by_id() {
        QTemporaryDir dir;
        Store store((dir.path() + QStringLiteral("/runs.sqlite")).toStdString());
        const int64_t a = store.create_run({RunKind::Pretrain, {}, 1, std::nullopt, "a", "test"});
        const int64_t b = store.create_run({RunKind::Eval, {}, 1, a, "b", "test"});
        RunsTableModel model;
        model.setRuns(store.list_runs());
        QCOMPARE(model.rowOf(b), 1);
        QCOMPARE(model.runAt(model.rowOf(a))->id, a);
        QCOMPARE(model.rowOf(999), -1);
    }
};

QTEST_MAIN(TestWidgets)
#include "test_widgets.moc"
