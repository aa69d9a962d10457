// What a user does in the workbench, in one journey through the real window, by its widgets and
// actions: open a workspace, choose the model, corpus and languages, analyze, drag the budget,
// use the allocation, run an experiment of all three methods, cancel and resume it, check that
// the allocation trained is the one on screen, compare runs, export the report and a table,
// switch the interface to Chinese and back in the preferences, open a second workspace and see
// nothing of the first. Any message box that appears (an error a user would see) fails it.
//
// Layout: every page at 640x480, 800x560 and 1920x1080 shows no label or button cut short (the
// page scrolls instead), and the window never grows by itself while a job runs.
#include <QtTest>

#include <QAbstractButton>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDirIterator>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QSlider>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTableView>

#include <nlohmann/json.hpp>

#include "app/gui/guide_dialog.h"
#include "app/gui/job_runner.h"
#include "app/gui/main_window.h"
#include "app/gui/pages/allocation_page.h"
#include "app/gui/pages/data_page.h"
#include "app/gui/pages/experiment_page.h"
#include "app/gui/pages/results_page.h"
#include "app/gui/pages/similarity_page.h"
#include "app/gui/session.h"
#include "app/gui/settings_dialog.h"
#include "app/gui/translator.h"
#include "app/gui/workspace.h"
#include "cli_test_util.h"
#include "core/io/files.h"
#include "core/model/config.h"
#include "core/store/store.h"
#include "widgets/allocation_chart.h"
#include "widgets/runs_table_model.h"
#include "widgets/similarity_heatmap.h"

using namespace layermoe;

namespace {

// Closes and records every message box that appears: the journey must show none.
class DialogWatch : public QObject {
public:
    DialogWatch() {
        timer_.setInterval(30);
        connect(&timer_, &QTimer::timeout, this, [this] {
            for (QWidget* w : QApplication::topLevelWidgets())
                if (auto* box = qobject_cast<QMessageBox*>(w); box && box->isVisible()) {
                    seen << box->windowTitle() + QStringLiteral(": ") + box->text();
                    box->done(QMessageBox::Cancel);
                }
        });
        timer_.start();
    }
    QStringList seen;

private:
    QTimer timer_;
};

template <typename T>
T* find_by_text(QWidget* root, const QString& text) {
    for (T* w : root->findChildren<T*>())
        if (w->text() == text) return w;
    return nullptr;
}

// The first visible push button with this text under `root`.
QPushButton* button(QWidget* root, const QString& text) {
    for (QPushButton* b : root->findChildren<QPushButton*>())
        if (b->text() == text && b->isVisibleTo(root)) return b;
    return nullptr;
}

void click(QAbstractButton* b) {
    QVERIFY(b);
    QVERIFY2(b->isEnabled(), qPrintable(b->text()));
    QTest::mouseClick(b, Qt::LeftButton);
}

// Widgets of the current page whose text is cut: a label or button narrower (or, when it wraps,
// lower) than its text needs.
QStringList truncated(MainWindow& window) {
    QStringList out;
    auto* pages = window.findChild<QStackedWidget*>();
    QWidget* page = pages->currentWidget();
    for (QWidget* w : page->findChildren<QWidget*>()) {
        if (!w->isVisibleTo(&window) || w->size().isEmpty()) continue;
        QString text;
        bool cut = false;
        if (auto* label = qobject_cast<QLabel*>(w)) {
            text = label->text();
            if (text.isEmpty() || !label->pixmap().isNull()) continue;
            if (label->wordWrap()) {
                cut = label->height() < label->heightForWidth(label->width()) - 1;
            } else {
                cut = label->width() < label->sizeHint().width() - 1;
            }
        } else if (auto* b = qobject_cast<QAbstractButton*>(w)) {
            text = b->text();
            if (text.isEmpty()) continue;
            cut = b->width() < b->minimumSizeHint().width() - 1;
        }
        if (cut)
            out << QStringLiteral("%1 \"%2\" %3x%4")
                       .arg(QString::fromLatin1(w->metaObject()->className()), text)
                       .arg(w->width())
                       .arg(w->height());
    }
    return out;
}

int64_t layer_count(const QString& model_dir) {
    const auto file = std::filesystem::path(model_dir.toStdString()) / "config.json";
    return from_hf_config(nlohmann::json::parse(read_text_file(file)), file.string()).n_layers;
}

// The final model folder an experiment wrote for a method: …/models/<method, lower case>/ and
// its last stage's folder when it has stages.
QString method_model(const QString& workspace, const QString& method) {
    QDirIterator it(workspace, {QStringLiteral("config.json")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        for (const QString& tail :
             {QStringLiteral("/models/%1/stage2/config.json"), QStringLiteral("/models/%1/config.json")})
            if (file.endsWith(tail.arg(method.toLower()))) return QFileInfo(file).path();
    }
    return {};
}

}  // namespace

class TestJourney : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QCoreApplication::setOrganizationName(QStringLiteral("LayerMoE-journey"));
        QSettings().clear();
        write_corpus(corpus_.path());
        // The user's existing model: a tiny base pretrained by the CLI in another folder.
        const auto r = run_cli(pretrain_args(corpus_.path(), models_.path(), 30));
        QVERIFY2(r.exit_code == 0, qPrintable(describe(r)));
        base_ = models_.filePath(QStringLiteral("model"));
    }

    void the_whole_journey() {
        DialogWatch dialogs;
        MainWindow window;
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QString first = root_.filePath(QStringLiteral("first"));
        const QString second = root_.filePath(QStringLiteral("second"));

        // Open: a folder that does not exist yet becomes a workspace.
        QVERIFY(window.openWorkspace(first));
        window.workspace().setPollInterval(100);
        QVERIFY(QFile::exists(first + QStringLiteral("/runs.sqlite")));

        // Data: a model folder, the corpus, the paper's groups; the language search filters.
        auto* data = window.dataPage();
        window.showPage(MainWindow::Data);
        data->setModelFolder(base_);  // what Browse... does with the chosen folder
        data->setCorpus(corpus_.path());
        QTRY_VERIFY_WITH_TIMEOUT(!data->countsPending(), 20000);
        click(button(data, QStringLiteral("Paper's groups")));
        QCOMPARE(window.session().groups().old_langs, (std::vector<std::string>{"eng", "spa"}));
        QCOMPARE(window.session().groups().new1, (std::vector<std::string>{"ell", "tur"}));
        QTest::keyClicks(data->languageSearch(), QStringLiteral("ell"));
        QCOMPARE(data->languageTable()->model()->rowCount(), 1);
        data->languageSearch()->clear();
        QCOMPARE(data->languageTable()->model()->rowCount(), 5);

        // Similarity: Analyze runs the analysis job; its heatmap has every layer.
        window.showPage(MainWindow::Similarity);
        QSignalSpy finished(&window.jobs(), &JobRunner::finished);
        click(button(window.similarityPage(), QStringLiteral("Analyze")));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
        QVERIFY2(finished.takeFirst().at(0).toBool(), qPrintable(window.similarityPage()->statusLabel()->text()));
        const int64_t layers = layer_count(base_);
        QCOMPARE(window.similarityPage()->heatmap()->layerCount(), static_cast<int>(layers));
        const int64_t analysis = window.session().analysisRun();
        QVERIFY(analysis > 0);

        // Allocation: it opens with an allocation, not an error; drag the budget; use it.
        window.showPage(MainWindow::Allocation);
        auto* allocation = window.allocationPage();
        QVERIFY2(allocation->allocation().has_value(), qPrintable(allocation->totalsLabel()->text()));
        const int budget = allocation->budgetSpin()->value();
        allocation->budgetSlider()->setFocus();
        QTest::keyClick(allocation->budgetSlider(), Qt::Key_Right);
        QTest::keyClick(allocation->budgetSlider(), Qt::Key_Right);
        QCOMPARE(allocation->budgetSpin()->value(), budget + 2);
        QVERIFY2(allocation->allocation().has_value(), qPrintable(allocation->totalsLabel()->text()));
        const Allocation on_screen = *allocation->allocation();
        click(button(allocation, QStringLiteral("Use this allocation")));
        QCOMPARE(window.findChild<QListWidget*>()->currentRow(), static_cast<int>(MainWindow::Experiment));

        // Experiment: all three methods, a few steps; Start, Cancel once it trains, Resume.
        auto* experiment = window.experimentPage();
        experiment->setSteps(8, 4, 10);
        const QSize before_run = window.size();
        QSize largest = before_run;  // the window's size whenever the running job reports
        connect(&window.jobs(), &JobRunner::progress, &window, [&] { largest = largest.expandedTo(window.size()); });
        QSignalSpy progress(&window.jobs(), &JobRunner::progress);
        click(button(experiment, QStringLiteral("Start")));
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const auto& p : progress)
                    if (p.at(0).value<Stage>() == Stage::Stage1) return true;
                return false;
            }(),
            120000);
        click(button(experiment, QStringLiteral("Cancel")));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
        QCOMPARE(finished.takeFirst().at(1).toBool(), true);  // cancelled
        QCOMPARE(window.size(), before_run);
        click(button(experiment, QStringLiteral("Resume")));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 600000);
        QVERIFY2(finished.takeFirst().at(0).toBool(), qPrintable(experiment->statusLabel()->text()));
        QCOMPARE(largest, before_run);  // the window never grew while it ran
        QCOMPARE(window.size(), before_run);

        // The LayerMoE model has exactly the experts per layer that were on screen.
        const QString layermoe = method_model(first, QStringLiteral("LayerMoE"));
        QVERIFY2(!layermoe.isEmpty(), "no LayerMoE model folder");
        const auto file = std::filesystem::path(layermoe.toStdString()) / "config.json";
        const ModelConfig trained = from_hf_config(nlohmann::json::parse(read_text_file(file)), file.string());
        QCOMPARE(static_cast<size_t>(trained.n_layers), on_screen.layers.size());
        for (int64_t layer = 0; layer < trained.n_layers; ++layer)
            QCOMPARE(trained.moe.experts(layer), on_screen.layers[static_cast<size_t>(layer)].experts);
        QVERIFY(method_model(first, QStringLiteral("MoE-LPR")).size() > 0);
        QVERIFY(method_model(first, QStringLiteral("Dense")).size() > 0);

        // Results: compare the methods' final runs; export the report and the table.
        window.showPage(MainWindow::Results);
        auto* results = window.resultsPage();
        results->refresh();
        Store& store = *window.workspace().store();
        // The runs the experiment's comparison came from: the base's evaluation, each method's last stage.
        std::vector<int64_t> compared;
        QDirIterator comparisons(first, {QStringLiteral("comparison.json")}, QDir::Files, QDirIterator::Subdirectories);
        QVERIFY(comparisons.hasNext());
        const auto comparison = nlohmann::json::parse(read_text_file(comparisons.next().toStdString()));
        for (const auto& row : comparison.at("rows")) compared.push_back(row.at("run_id").get<int64_t>());
        QCOMPARE(compared.size(), size_t(4));
        for (const int64_t id : compared) QCOMPARE(store.get_run(id)->status, RunStatus::Finished);
        results->selectRuns(compared);
        QVERIFY(results->compareSelected());
        QVERIFY(results->comparison().has_value());
        QString error;
        const QString reports = root_.filePath(QStringLiteral("reports"));
        QDir().mkpath(reports);
        QVERIFY2(results->exportReport(reports + QStringLiteral("/report.html"),
                                       reports + QStringLiteral("/report.pdf"), &error),
                 qPrintable(error));
        QVERIFY2(results->exportComparison(reports + QStringLiteral("/comparison.csv"), &error), qPrintable(error));
        for (const char* name : {"report.html", "report.pdf", "comparison.csv"})
            QVERIFY2(QFileInfo(reports + QStringLiteral("/") + QString::fromLatin1(name)).size() > 100, name);
        QProcess pdftotext;
        pdftotext.start(QStringLiteral("pdftotext"), {reports + QStringLiteral("/report.pdf"), QStringLiteral("-")});
        QVERIFY(pdftotext.waitForFinished(30000));
        QVERIFY(QString::fromUtf8(pdftotext.readAllStandardOutput()).contains(QStringLiteral("LayerMoE")));

        // Help > Getting Started opens the guide.
        QAction* guide = nullptr;
        for (QAction* a : window.menuBar()->actions())
            for (QAction* item : a->menu() ? a->menu()->actions() : QList<QAction*>{})
                if (item->text().contains(QStringLiteral("Getting Started"))) guide = item;
        QVERIFY(guide);
        guide->trigger();
        QVERIFY(window.guide() && window.guide()->isVisible());
        QVERIFY(window.guide()->text().contains(QStringLiteral("Allocation")));
        QVERIFY(window.guide()->text().contains(QStringLiteral("Playground")));

        // Preferences: switch to Chinese and back; what the experiment page holds stays.
        const ExperimentSpec spec_before = experiment->spec();
        for (const QString& language : {QStringLiteral("zh_CN"), QStringLiteral("en")}) {
            QTimer::singleShot(300, [language] {
                auto* dialog = qobject_cast<SettingsDialog*>(QApplication::activeModalWidget());
                if (!dialog) return;
                for (QComboBox* combo : dialog->findChildren<QComboBox*>()) {
                    const int index = combo->findData(language);
                    if (index >= 0) combo->setCurrentIndex(index);
                }
                dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
            });
            QAction* preferences = nullptr;
            for (QAction* a : window.menuBar()->actions())
                for (QAction* item : a->menu() ? a->menu()->actions() : QList<QAction*>{})
                    if (item->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_Comma)) preferences = item;
            QVERIFY(preferences);
            preferences->trigger();
            QCOMPARE(current_interface_language(), language);
            // Widgets retranslate on the LanguageChange event that installing a translator posts.
            QTRY_COMPARE(window.findChild<QListWidget*>()->item(0)->text() == QStringLiteral("Data and model"),
                         language == QStringLiteral("en"));
        }
        const ExperimentSpec spec_after = experiment->spec();
        QCOMPARE(spec_after.stage1.steps, spec_before.stage1.steps);
        QCOMPARE(spec_after.stage2.steps, spec_before.stage2.steps);
        QCOMPARE(spec_after.run.threads, spec_before.run.threads);

        // A second workspace shows nothing of the first.
        QVERIFY(window.openWorkspace(second));
        QCOMPARE(window.workspace().folder(), QDir(second).absolutePath());
        QCOMPARE(window.session().analysisRun(), int64_t{0});
        QVERIFY(!window.session().chosenAllocation().has_value());
        QCOMPARE(window.similarityPage()->heatmap()->layerCount(), 0);
        QVERIFY(!window.allocationPage()->allocation().has_value());
        QVERIFY(window.allocationPage()->chart()->layerMoeBars().isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(window.resultsPage()->runs()->rowCount(), 0, 5000);
        QVERIFY(!window.resultsPage()->comparison().has_value());

        // A folder holding other files is not silently made a workspace.
        const QString other = root_.filePath(QStringLiteral("not-a-workspace"));
        QDir().mkpath(other);
        QFile(other + QStringLiteral("/notes.txt")).open(QIODevice::WriteOnly);
        qputenv("LAYERMOE_NO_DIALOGS", "1");  // answers "no" to the question without a person
        QVERIFY(!window.openWorkspace(other));
        qunsetenv("LAYERMOE_NO_DIALOGS");
        QVERIFY(!QFile::exists(other + QStringLiteral("/runs.sqlite")));
        QCOMPARE(window.workspace().folder(), QDir(second).absolutePath());

        // The next start (a new window, as main() makes it) remembers the model folder and corpus.
        MainWindow again;
        again.dataPage()->restoreLast();
        QCOMPARE(again.session().modelFolder(), base_);
        QCOMPARE(again.session().corpus(), corpus_.path());

        QVERIFY2(dialogs.seen.isEmpty(), qPrintable(dialogs.seen.join(QStringLiteral("\n"))));
    }

    // Every page at a small and a large size, in English and Chinese: nothing cut short.
    void no_page_cuts_its_labels_data() {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<QString>("language");
        for (const QString& language : {QStringLiteral("en"), QStringLiteral("zh_CN")}) {
            QTest::addRow("640x480 %s", qPrintable(language)) << QSize(640, 480) << language;
            QTest::addRow("800x560 %s", qPrintable(language)) << QSize(800, 560) << language;
            QTest::addRow("1920x1080 %s", qPrintable(language)) << QSize(1920, 1080) << language;
        }
    }
    void no_page_cuts_its_labels() {
        QFETCH(QSize, size);
        QFETCH(QString, language);
        QVERIFY(set_interface_language(language));
        MainWindow window;
        window.resize(size);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.openWorkspace(root_.filePath(QStringLiteral("layout"))));
        window.dataPage()->setModelFolder(base_);
        window.dataPage()->setCorpus(corpus_.path());
        QTRY_VERIFY_WITH_TIMEOUT(!window.dataPage()->countsPending(), 20000);
        QStringList problems;
        for (int page = MainWindow::Data; page <= MainWindow::Results; ++page) {
            window.showPage(page);
            QTest::qWait(100);
            QCOMPARE(window.size(), size);
            for (const QString& p : truncated(window)) problems << QStringLiteral("page %1: %2").arg(page).arg(p);
        }
        set_interface_language(QStringLiteral("en"));
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QStringLiteral("\n"))));
    }

private:
    QTemporaryDir corpus_, models_, root_;
    QString base_;
};

QTEST_MAIN(TestJourney)
#include "test_journey.moc"
