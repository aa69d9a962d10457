// Screenshots of every page of the workbench, from its real window with real data: a copy of a
// demo workspace (layermoe demo), the built-in corpus, its analysis, allocation, experiment and
// runs. Run under xvfb-run; the README shows the results.
//   layermoe-screenshots WORKSPACE CORPUS OUT_DIR
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QSlider>
#include <QSpinBox>
#include <QTimer>
#include <cstdio>

#include "app/gui/job_runner.h"
#include "app/gui/main_window.h"
#include "app/gui/pages/allocation_page.h"
#include "app/gui/pages/data_page.h"
#include "app/gui/pages/experiment_page.h"
#include "app/gui/pages/results_page.h"
#include "app/gui/pages/similarity_page.h"
#include "app/gui/session.h"
#include "app/gui/settings_dialog.h"
#include "app/gui/workspace.h"
#include "core/store/store.h"

using namespace layermoe;

namespace {

void wait(int ms, const std::function<bool()>& until = {}) {
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms && !(until && until())) QApplication::processEvents(QEventLoop::AllEvents, 20);
}

bool shoot(MainWindow& window, int page, const QString& file) {
    window.showPage(page);
    wait(300);
    const bool ok = window.grab().save(file);
    std::printf("%s %s\n", ok ? "saved" : "FAILED", qPrintable(file));
    return ok;
}

int64_t last_run_of(Store& store, const std::string& kind) {
    int64_t id = 0;
    for (const auto& r : store.list_runs())
        if (r.kind == kind) id = r.id;
    return id;
}

} // namespace

int main(int argc, char** argv) {
    qputenv("LAYERMOE_NO_DIALOGS", "1");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("LayerMoE-screenshots"));
    if (argc != 4) {
        std::fprintf(stderr, "usage: layermoe-screenshots WORKSPACE CORPUS OUT_DIR\n");
        return 2;
    }
    const QString workspace = QString::fromLocal8Bit(argv[1]), corpus = QString::fromLocal8Bit(argv[2]);
    const QDir out(QString::fromLocal8Bit(argv[3]));
    QDir().mkpath(out.path());
    MainWindow window;
    window.resize(1280, 800);
    if (!window.openWorkspace(workspace)) return 1;
    window.show();
    Store& store = *window.workspace().store();
    bool ok = true;

    window.dataPage()->setModelFolder(QDir(workspace).filePath(QStringLiteral("models/base")));
    window.dataPage()->setCorpus(corpus);
    wait(20000, [&] { return !window.dataPage()->countsPending(); });
    ok &= shoot(window, MainWindow::Data, out.filePath(QStringLiteral("data.png")));

    window.similarityPage()->showRun(last_run_of(store, "analyze"));
    window.similarityPage()->showLayer(2);
    ok &= shoot(window, MainWindow::Similarity, out.filePath(QStringLiteral("similarity.png")));

    auto* allocation = window.allocationPage();
    allocation->setMinExperts(2);
    allocation->setScoreFloor(0.01);
    allocation->setClassifierTop(2);
    allocation->budgetSpin()->setValue(18);
    ok &= shoot(window, MainWindow::Allocation, out.filePath(QStringLiteral("allocation.png")));

    std::vector<int64_t> compared;
    for (const auto& r : store.list_runs())
        if (r.kind == "eval" || r.kind == "stage2") compared.push_back(r.id);
    window.resultsPage()->refresh();
    window.resultsPage()->selectRuns(compared);
    window.resultsPage()->compareSelected();
    ok &= shoot(window, MainWindow::Results, out.filePath(QStringLiteral("results.png")));
    window.resultsPage()->showTasksTab();
    ok &= shoot(window, MainWindow::Results, out.filePath(QStringLiteral("tasks.png")));

    {
        // Preferences: the device list (each CUDA device this build sees), threads, language.
        SettingsDialog preferences(&window);
        preferences.show();
        wait(300);
        const QString file = out.filePath(QStringLiteral("preferences.png"));
        const bool saved = preferences.grab().save(file);
        std::printf("%s %s\n", saved ? "saved" : "FAILED", qPrintable(file));
        ok &= saved;
    }
    // The experiment page while a run trains: LayerMoE with the allocation above, short stages.
    allocation->useAllocation();
    window.experimentPage()->setSteps(60, 30, 120);
    if (!window.experimentPage()->start(false)) return 1;
    wait(600000, [&] {
        const auto runs = store.list_runs();
        return !runs.empty() && runs.back().kind == "stage1" && store.metric_count(runs.back().id, "loss") > 150;
    });
    wait(1500);
    ok &= shoot(window, MainWindow::Experiment, out.filePath(QStringLiteral("experiment.png")));
    window.jobs().cancel();
    window.jobs().waitForFinished(-1);
    return ok ? 0 : 1;
}
