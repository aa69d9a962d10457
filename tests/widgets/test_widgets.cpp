// Widgets over real store data: the runs table model and the metric plot.
#include <QtTest>
#include <qcustomplot.h>

#include "widgets/metric_plot.h"
#include "widgets/runs_table_model.h"

using namespace layermoe;

class TestWidgets : public QObject {
    Q_OBJECT
private slots:
    void runs_model_shows_store_runs() {
        QTemporaryDir dir;
        Store store((dir.path() + QStringLiteral("/runs.sqlite")).toStdString());
        const int64_t base = store.create_run({"pretrain", {{"preset", "small"}}, 3, std::nullopt, "base", "test"});
        const int64_t child = store.create_run({"eval", {}, 0, base, "eval base", "test"});
        store.finish_run(base, "finished");
        RunsTableModel model;
        model.setRuns(store.list_runs());
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.data(model.index(0, RunsTableModel::Name)).toString(), QStringLiteral("base"));
        QCOMPARE(model.data(model.index(0, RunsTableModel::Status)).toString(), QStringLiteral("finished"));
        QCOMPARE(model.data(model.index(1, RunsTableModel::Parent)).toLongLong(), static_cast<qlonglong>(base));
        QCOMPARE(model.data(model.index(1, RunsTableModel::Status)).toString(), QStringLiteral("running"));
        QVERIFY(model.data(model.index(0, RunsTableModel::Id), Qt::ToolTipRole).toString().contains(QStringLiteral("small")));
        // A status change keeps the rows and signals the change.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        store.finish_run(child, "cancelled");
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
};

QTEST_MAIN(TestWidgets)
#include "test_widgets.moc"
