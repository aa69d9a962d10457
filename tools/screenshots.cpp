// Screenshots of every page of the workbench, from its real window with real data: a copy of a
// demo workspace (layermoe demo), the built-in corpus, its analysis, allocation, experiment and
// runs, at each window size and in each interface language asked for; the report's PDF pages
// (pdftoppm); the preferences and the getting-started guide; the experiment page while a run
// trains (with --processes N, as N local processes, at each size); with --experiment-done, a short
// LayerMoE vs MoE-LPR experiment of 2 seeds run to its end and its comparison table, at each size.
// Run under xvfb-run; the README
// shows the results. Any message box that appears (an
// error a user would see) is reported and makes it exit non-zero.
//   layermoe-screenshots WORKSPACE CORPUS OUT_DIR [--sizes 800x560,1400x900] [--languages en,zh_CN]
//                        [--no-experiment] [--processes N] [--experiment-done]
// With --playground PROMPT it shoots only the playground (the workspace's default three models
// generating from PROMPT, greedy, 48 tokens) and the Results page's Routes tab of the workspace's
// last routes run (layermoe routes ... --store WORKSPACE/runs.sqlite), at each size, in English.
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QMessageBox>
#include <QProcess>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <algorithm>
#include <cstdio>

#include "app/gui/guide_dialog.h"
#include "app/gui/job_runner.h"
#include "app/gui/main_window.h"
#include "app/gui/pages/allocation_page.h"
#include "app/gui/pages/data_page.h"
#include "app/gui/pages/experiment_page.h"
#include "app/gui/pages/playground_page.h"
#include "app/gui/pages/results_page.h"
#include "app/gui/pages/similarity_page.h"
#include "app/gui/session.h"
#include "app/gui/settings_dialog.h"
#include "app/gui/translator.h"
#include "app/gui/workspace.h"
#include "core/store/store.h"

using namespace layermoe;

namespace {

void wait(int ms, const std::function<bool()>& until = {}) {
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms && !(until && until())) QApplication::processEvents(QEventLoop::AllEvents, 20);
}

bool save(QWidget& widget, const QString& file) {
    wait(300);
    const bool ok = widget.grab().save(file);
    std::printf("%s %s\n", ok ? "saved" : "FAILED", qPrintable(file));
    return ok;
}

int64_t last_run_of(Store& store, RunKind kind) {
    int64_t id = 0;
    for (const auto& r : store.list_runs())
        if (r.kind == kind) id = r.id;
    return id;
}

const char* const kPageNames[] = {"data", "similarity", "allocation", "experiment", "results"};

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("LayerMoE-screenshots"));
    QStringList args = QApplication::arguments().mid(1);
    QStringList sizes = {QStringLiteral("800x560"), QStringLiteral("1400x900")};
    QStringList languages = {QStringLiteral("en"), QStringLiteral("zh_CN")};
    bool experiment = true, experiment_done = false;
    QString playground;
    int processes = 1;
    for (int i = 0; i < args.size();) {
        if (args[i] == QStringLiteral("--sizes") && i + 1 < args.size()) {
            sizes = args[i + 1].split(QLatin1Char(','));
            args.remove(i, 2);
        } else if (args[i] == QStringLiteral("--languages") && i + 1 < args.size()) {
            languages = args[i + 1].split(QLatin1Char(','));
            args.remove(i, 2);
        } else if (args[i] == QStringLiteral("--processes") && i + 1 < args.size()) {
            processes = std::max(1, args[i + 1].toInt());
            args.remove(i, 2);
        } else if (args[i] == QStringLiteral("--playground") && i + 1 < args.size()) {
            playground = args[i + 1];
            args.remove(i, 2);
        } else if (args[i] == QStringLiteral("--no-experiment")) {
            experiment = false;
            args.remove(i);
        } else if (args[i] == QStringLiteral("--experiment-done")) {
            experiment_done = true;
            args.remove(i);
        } else {
            ++i;
        }
    }
    if (args.size() != 3) {
        std::fprintf(stderr, "usage: layermoe-screenshots WORKSPACE CORPUS OUT_DIR [--sizes 800x560,1400x900] "
                             "[--languages en,zh_CN] [--no-experiment] [--processes N] [--experiment-done] "
                             "[--playground PROMPT]\n");
        return 2;
    }
    const QString workspace = args[0], corpus = args[1];
    const QDir out(args[2]);
    QDir().mkpath(out.path());

    // Every message box is an error a user would have seen: note it, close it, fail at the end.
    QStringList errors;
    QTimer watch;
    QObject::connect(&watch, &QTimer::timeout, [&errors] {
        for (QWidget* w : QApplication::topLevelWidgets())
            if (auto* box = qobject_cast<QMessageBox*>(w); box && box->isVisible()) {
                errors << box->windowTitle() + QStringLiteral(": ") + box->text();
                std::fprintf(stderr, "message box: %s\n", qPrintable(errors.back()));
                box->done(QMessageBox::Cancel);
            }
    });
    watch.start(50);

    MainWindow window;
    window.resize(1400, 900);
    if (!window.openWorkspace(workspace)) return 1;
    window.show();
    Store& store = *window.workspace().store();
    bool ok = true;

    if (!playground.isEmpty()) {
        auto* page = window.playgroundPage();
        window.showPage(MainWindow::Playground);
        page->promptEdit()->setPlainText(playground);
        page->maxNewSpin()->setValue(48);
        if (!page->generate()) {
            std::fprintf(stderr, "playground: %s\n", qPrintable(page->statusLabel()->text()));
            return 1;
        }
        wait(600000, [&] { return !page->isGenerating(); });
        for (int c = 0; c < PlaygroundPage::kColumns; ++c)
            std::printf("column %d: %s: %s\n", c, qPrintable(page->modelBox(c)->currentText()),
                        qPrintable(page->speedLabel(c)->text().replace(QLatin1Char('\n'), QLatin1String("; "))));
        for (const QString& size : sizes) {
            const QStringList wh = size.split(QLatin1Char('x'));
            window.resize(wh.value(0).toInt(), wh.value(1).toInt());
            ok &= save(window, out.filePath(QStringLiteral("playground-en-%1.png").arg(size)));
        }
        const int64_t routes = last_run_of(store, RunKind::Routes);
        if (routes == 0) {
            std::fprintf(stderr, "routes: the workspace has no routes run (layermoe routes ... --store)\n");
            return 1;
        }
        window.showPage(MainWindow::Results);
        window.resultsPage()->refresh();
        window.resultsPage()->selectRuns({routes});
        window.resultsPage()->showRoutesTab();
        auto* layers = window.resultsPage()->routesLayerBox();
        for (const QString& size : sizes) {
            const QStringList wh = size.split(QLatin1Char('x'));
            window.resize(wh.value(0).toInt(), wh.value(1).toInt());
            layers->setCurrentIndex(0);  // every layer
            ok &= save(window, out.filePath(QStringLiteral("routes-en-%1.png").arg(size)));
            layers->setCurrentIndex(layers->count() - 1);  // the top layer, with its classifier when it has one
            ok &= save(window, out.filePath(QStringLiteral("routes-layer-en-%1.png").arg(size)));
        }
        return ok && errors.isEmpty() ? 0 : 1;
    }

    window.dataPage()->setModelFolder(QDir(workspace).filePath(QStringLiteral("models/base")));
    window.dataPage()->setCorpus(corpus);
    wait(20000, [&] { return !window.dataPage()->countsPending(); });
    window.similarityPage()->showRun(last_run_of(store, RunKind::Analyze));
    window.similarityPage()->showLayer(2);
    std::vector<int64_t> compared;
    for (const auto& r : store.list_runs())
        if (r.kind == RunKind::Eval || r.kind == RunKind::Stage2) compared.push_back(r.id);
    window.resultsPage()->refresh();
    window.resultsPage()->selectRuns(compared);
    // A workspace of several seeds (the demo's) compares each method over its seeds.
    window.resultsPage()->poolSeedsCheck()->setChecked(true);
    window.resultsPage()->compareSelected();

    for (const QString& language : languages) {
        set_interface_language(language);
        for (const QString& size : sizes) {
            const QStringList wh = size.split(QLatin1Char('x'));
            window.resize(wh.value(0).toInt(), wh.value(1).toInt());
            for (int page = MainWindow::Data; page <= MainWindow::Results; ++page) {
                window.showPage(page);
                if (page == MainWindow::Results)  // the comparison, not the tab shot last
                    window.resultsPage()->findChild<QTabWidget*>()->setCurrentIndex(1);
                ok &= save(
                    window,
                    out.filePath(QStringLiteral("%1-%2-%3.png").arg(QLatin1String(kPageNames[page]), language, size)));
            }
            window.resultsPage()->showTasksTab();
            ok &= save(window, out.filePath(QStringLiteral("tasks-%1-%2.png").arg(language, size)));
        }
        SettingsDialog preferences(&window);
        preferences.show();
        ok &= save(preferences, out.filePath(QStringLiteral("preferences-%1.png").arg(language)));
        GuideDialog guide(&window);
        guide.show();
        ok &= save(guide, out.filePath(QStringLiteral("guide-%1.png").arg(language)));
    }
    set_interface_language(QStringLiteral("en"));
    window.resize(1400, 900);

    // The report of the compared runs, and its PDF pages as images.
    QString error;
    const QString pdf = out.filePath(QStringLiteral("report.pdf"));
    if (!window.resultsPage()->exportReport(out.filePath(QStringLiteral("report.html")), pdf, &error)) {
        std::fprintf(stderr, "report: %s\n", qPrintable(error));
        ok = false;
    } else {
        const int rc = QProcess::execute(QStringLiteral("pdftoppm"),
                                         {QStringLiteral("-png"), QStringLiteral("-r"), QStringLiteral("60"), pdf,
                                          out.filePath(QStringLiteral("report-page"))});
        std::printf("%s report pages (pdftoppm exit %d)\n", rc == 0 ? "saved" : "FAILED", rc);
        ok &= rc == 0;
    }

    if (experiment) {
        // The experiment page while a run trains: LayerMoE with the allocation of the page, short stages.
        window.allocationPage()->useAllocation();
        window.experimentPage()->setSteps(60, 30, 120);
        window.experimentPage()->processesSpin()->setValue(processes);
        if (!window.experimentPage()->start(false)) {
            std::fprintf(stderr, "experiment: %s\n", qPrintable(window.experimentPage()->statusLabel()->text()));
            return 1;
        }
        wait(600000, [&] {
            const auto runs = store.list_runs();
            return !runs.empty() && runs.back().kind == RunKind::Stage1 &&
                   store.metric_count(runs.back().id, "loss") > 150;
        });
        wait(1500);
        window.showPage(MainWindow::Experiment);
        if (processes == 1) {
            ok &= save(window, out.filePath(QStringLiteral("experiment-running-en-1400x900.png")));
        } else {
            for (const QString& size : sizes) {
                const QStringList wh = size.split(QLatin1Char('x'));
                window.resize(wh.value(0).toInt(), wh.value(1).toInt());
                ok &=
                    save(window,
                         out.filePath(QStringLiteral("experiment-running-%1proc-en-%2.png").arg(processes).arg(size)));
            }
        }
        window.jobs().cancel();
        window.jobs().waitForFinished(-1);
        wait(500);
    }
    if (experiment_done) {
        // A finished experiment's table: the means over 2 seeds with each change's 95% interval.
        auto* page = window.experimentPage();
        page->setSteps(8, 4, 120);
        page->seedsSpin()->setValue(2);
        page->processesSpin()->setValue(1);
        page->denseCheck()->setChecked(false);
        if (!page->start(false)) {
            std::fprintf(stderr, "experiment: %s\n", qPrintable(page->statusLabel()->text()));
            return 1;
        }
        wait(900000, [&] { return !window.jobs().isRunning() && page->comparisonTable()->rowCount() > 0; });
        wait(500);
        window.showPage(MainWindow::Experiment);
        for (const QString& size : sizes) {
            const QStringList wh = size.split(QLatin1Char('x'));
            window.resize(wh.value(0).toInt(), wh.value(1).toInt());
            wait(300);
            ok &= save(window, out.filePath(QStringLiteral("experiment-done-en-%1.png").arg(size)));
        }
    }
    if (!errors.isEmpty()) std::fprintf(stderr, "%lld message boxes appeared\n", static_cast<long long>(errors.size()));
    return ok && errors.isEmpty() ? 0 : 1;
}
