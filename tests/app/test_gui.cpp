// The workbench's pages driven through their data in a real window (offscreen): the similarity
// heatmap holds a stored analysis; the budget slider gives the core allocation and its totals,
// redrawn within a frame; the allocation page starts at the core's defaults and says what to
// change on the page; the allocation used is the one trained; learning rates take scientific
// notation and Preferences keep what was typed; a run started and cancelled from the experiment
// page is a cancelled run in the store; runs the CLI writes appear while the GUI is open; the
// report's HTML and PDF hold the runs' numbers; the GUI thread stays responsive while a job trains;
// an experiment run as two local processes (ranks of `layermoe experiment --nproc-per-node 2`)
// shows its progress and comparison, cancels into a cancelled run that Resume finishes, and shows
// a failed rank's message.
#include <QtTest>

#include <QCheckBox>
#include <QDirIterator>
#include <QLabel>
#include <QListWidget>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QTableView>
#include <QTableWidget>
#include <algorithm>
#include <cmath>
#include <vector>

#include <nlohmann/json.hpp>

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
#include "gui_test_util.h"
#include "core/common/error.h"
#include "core/io/files.h"
#include "core/jobs/task_job.h"
#include "core/store/store.h"
#include "core/jobs/pretrain_job.h"
#include "core/report/format.h"
#include "widgets/allocation_chart.h"
#include "widgets/runs_table_model.h"
#include "widgets/sci_spin_box.h"
#include "widgets/similarity_heatmap.h"

using namespace layermoe;

namespace {

// A stored analysis of 2 layers and 4 languages whose values encode (layer, a, b).
int64_t store_analysis(Store& store) {
    const int64_t run = store.create_run({RunKind::Analyze,
                                          {{"model_config", {{"hidden_size", 64}, {"intermediate_size", 128}}}},
                                          1,
                                          std::nullopt,
                                          "analysis",
                                          "test"});
    SimilarityReport report;
    const std::vector<std::string> langs = {"eng", "spa", "ell", "tur"};
    for (int64_t layer = 0; layer < 2; ++layer) {
        SimilarityMatrix m;
        m.layer = layer;
        m.languages = langs;
        for (size_t a = 0; a < 4; ++a)
            for (size_t b = 0; b < 4; ++b)
                m.values.push_back(a == b ? 1.0
                                          : 0.01 * static_cast<double>(layer + 1) + 0.001 * static_cast<double>(a + b));
        m.counts = {100, 200, 300, 400};
        report.layers.push_back(m);
    }
    store.save_similarity(run, report);
    store.save_layer_scores(run, "mean", layer_scores(report, {"eng", "spa"}, {"ell", "tur"}));
    store.set_run_languages(run, {{"eng", "old"}, {"spa", "old"}, {"ell", "G1"}, {"tur", "G1"}});
    store.finish_run(run, RunStatus::Finished);
    return run;
}

// The message of the layermoe::Error that f throws, or a note saying there was none.
template <class F>
QString error_of(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return QString::fromUtf8(e.what());
    }
    return QStringLiteral("<no error thrown>");
}

// Whether any progress report in the spy is of `stage` with `done` at least `min_done`.
bool reported(const QSignalSpy& progress, Stage stage, qint64 min_done = 0) {
    for (const auto& p : progress)
        if (p.at(0).value<Stage>() == stage && p.at(1).toLongLong() >= min_done) return true;
    return false;
}

// The files named `name` under `folder`, at any depth.
QStringList files_named(const QString& folder, const QString& name) {
    QStringList out;
    QDirIterator it(folder, {name}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) out << it.next();
    return out;
}

}  // namespace

class TestGui : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        qputenv("LAYERMOE_NO_DIALOGS", "1");
        QCoreApplication::setOrganizationName(QStringLiteral("LayerMoE-test"));
        write_corpus(corpus_.path());
    }

    void init() {
        workspace_dir_ = std::make_unique<QTemporaryDir>();
        window_ = std::make_unique<MainWindow>();
        QVERIFY(window_->openWorkspace(workspace_dir_->path()));
        window_->workspace().setPollInterval(50);
        window_->show();
    }
    void cleanup() {
        window_->jobs().cancel();
        window_->jobs().waitForFinished(-1);
        window_.reset();
    }

    // The similarity page shows a stored analysis: every heatmap cell is the stored value.
    void heatmap_holds_the_stored_matrix() {
        const int64_t run = store_analysis(*window_->workspace().store());
        auto* page = window_->similarityPage();
        page->showRun(run);
        const auto report = window_->workspace().store()->similarity(run, "mean").value();
        auto* heatmap = page->heatmap();
        QCOMPARE(heatmap->layerCount(), 2);
        const QStringList pairs = heatmap->pairLabels();
        QCOMPARE(pairs.size(), 5);  // ell-tur, then each new x old
        for (int layer = 0; layer < 2; ++layer)
            for (int p = 0; p < pairs.size(); ++p) {
                const QStringList langs =
                    pairs[p].split(QRegularExpression(QStringLiteral("[^a-z_]+")), Qt::SkipEmptyParts);
                QCOMPARE(langs.size(), 2);
                const double want =
                    report.layers[static_cast<size_t>(layer)].at(langs[0].toStdString(), langs[1].toStdString());
                QCOMPARE(heatmap->cell(layer, p), want);
            }
        QCOMPARE(window_->session().analysisRun(), run);
        QCOMPARE(window_->session().scores().size(), size_t(2));
    }

    // Each move of the budget slider gives the core allocation and its totals, redrawn within 16 ms.
    void budget_slider_gives_the_core_allocation() {
        const int64_t run = store_analysis(*window_->workspace().store());
        window_->similarityPage()->showRun(run);
        auto* page = window_->allocationPage();
        page->setClassifierTop(1);
        page->setMinExperts(1);  // budgets from 2 experts (1 per layer) up
        double slowest_ms = 0;
        for (int budget = 2; budget <= 12; ++budget) {
            QElapsedTimer timer;
            timer.start();
            page->budgetSlider()->setValue(budget);
            slowest_ms = std::max(slowest_ms, static_cast<double>(timer.nsecsElapsed()) / 1e6);
            QCOMPARE(page->budgetSpin()->value(), budget);
            const Allocation want = allocate(window_->session().scores(), page->config());
            QVERIFY(page->allocation().has_value());
            QCOMPARE(page->allocation()->total_experts, want.total_experts);
            QVector<double> bars;
            for (const auto& l : want.layers) bars << static_cast<double>(l.experts);
            QCOMPARE(page->chart()->layerMoeBars(), bars);
            QVERIFY(page->totalsLabel()->text().contains(QStringLiteral("%1 new").arg(want.new_experts)));
            QCOMPARE(page->chart()->classifierLayers().size(), 1);
        }
        qInfo("slowest slider move to redrawn chart: %.2f ms", slowest_ms);
        QVERIFY2(slowest_ms < 16, qPrintable(QStringLiteral("slowest redraw %1 ms").arg(slowest_ms)));
        // 3 * 64 * 128 parameters per new expert, from the analysis run's model shape.
        QCOMPARE(page->allocation()->new_parameters, page->allocation()->new_experts * 3 * 64 * 128);
        // A budget below the layer count is a message, not a crash.
        page->budgetSpin()->setValue(1);
        QVERIFY(!page->allocation().has_value() || page->budgetSpin()->value() >= 2);
    }

    // The allocation page opens at the core's defaults (those of the demo and of the experiment
    // page), follows them for a new analysis until the user changes a control, and says what to
    // change on the page, never a CLI flag.
    void allocation_page_starts_at_the_defaults() {
        window_->dataPage()->usePreset(QStringLiteral("tiny"));
        window_->dataPage()->setCorpus(corpus_.path());
        LanguageGroups groups;
        groups.old_langs = {"eng", "spa"};
        groups.new1 = {"ell", "tur"};
        window_->session().setGroups(groups);
        const int64_t run = store_analysis(*window_->workspace().store());
        window_->similarityPage()->showRun(run);
        auto* page = window_->allocationPage();
        const AllocationConfig want = default_layermoe_allocation(2, 6);
        auto same = [](const AllocationConfig& a, const AllocationConfig& b) {
            return a.rule == b.rule && a.budget == b.budget && a.min_experts == b.min_experts &&
                   a.max_experts == b.max_experts && a.classifier_top == b.classifier_top &&
                   a.classifier_threshold == b.classifier_threshold && a.score_floor == b.score_floor &&
                   a.compare_uniform_experts == b.compare_uniform_experts;
        };
        QVERIFY(same(page->config(), want));
        QVERIFY2(page->allocation().has_value(), qPrintable(page->totalsLabel()->text()));
        QCOMPARE(page->allocation()->total_experts, want.budget);
        QVERIFY(page->useButton()->isEnabled());
        // The experiment page trains the same defaults when no allocation is chosen.
        ExperimentSpec spec;
        try {
            spec = window_->experimentPage()->spec();
        } catch (const Error& e) {
            QFAIL(e.what());
        }
        QCOMPARE(spec.methods.front().name, std::string("LayerMoE"));
        QVERIFY(same(spec.methods.front().allocation, want));
        QVERIFY(!spec.methods.front().fixed_allocation);

        // A control the user changed stays when new scores arrive; Defaults brings the defaults back.
        page->budgetSpin()->setValue(5);
        QVERIFY(page->controlsChanged());
        window_->similarityPage()->showRun(store_analysis(*window_->workspace().store()));
        QCOMPARE(page->budgetSpin()->value(), 5);
        page->resetToDefaults();
        QVERIFY(same(page->config(), want));
        QVERIFY(!page->controlsChanged());

        // A layer whose languages share nothing: the message names the page's Score floor.
        std::vector<LayerScore> scores = window_->session().scores();
        scores[0].s = -0.05;
        window_->session().setAnalysis(run, scores);
        QVERIFY(page->allocation().has_value());  // the default floor takes it
        page->setScoreFloor(0);
        QVERIFY(!page->allocation().has_value());
        QString text = page->totalsLabel()->text();
        QVERIFY2(text.contains(QStringLiteral("Score floor")) && !text.contains(QStringLiteral("--")),
                 qPrintable(text));
        QVERIFY(!page->useButton()->isEnabled());
        page->setScoreFloor(0.01);
        QVERIFY(page->allocation().has_value());
        // A budget the minimum cannot meet: the message names Budget and Min per layer.
        page->setMinExperts(4);
        text = page->totalsLabel()->text();
        QVERIFY(!page->allocation().has_value());
        QVERIFY2(text.contains(QStringLiteral("Budget")) && text.contains(QStringLiteral("Min per layer")) &&
                     !text.contains(QStringLiteral("--")),
                 qPrintable(text));
    }

    // "Use this allocation" decides what is trained: the experiment trains exactly the experts per
    // layer and classifier layers on screen, without a new analysis, recorded with the analysis
    // run they came from; every run of it descends from the base model's run.
    void used_allocation_is_the_one_trained() {
        PretrainJobConfig base;
        base.corpus = corpus_.path().toStdString();
        base.groups.old_langs = {"eng", "spa"};
        base.preset = "tiny";
        base.train.steps = 6;
        base.train.batch_size = 4;
        base.run.threads = 1;
        base.out_dir = (workspace_dir_->path() + QStringLiteral("/models/base")).toStdString();
        base.run.store_file = window_->workspace().storePath().toStdString();
        const int64_t base_run = run_pretrain_job(base).run_id;
        window_->dataPage()->setCorpus(corpus_.path());
        window_->dataPage()->setModelFolder(QString::fromStdString(base.out_dir.string()));
        QVERIFY(window_->session().modelConfig().has_value());
        LanguageGroups groups;
        groups.old_langs = {"eng", "spa"};
        groups.new1 = {"ell", "tur"};
        window_->session().setGroups(groups);
        const int64_t analysis = store_analysis(*window_->workspace().store());
        window_->similarityPage()->showRun(analysis);
        auto* allocation_page = window_->allocationPage();
        allocation_page->setMinExperts(1);
        allocation_page->budgetSpin()->setValue(7);
        allocation_page->setClassifierTop(1);
        QVERIFY2(allocation_page->allocation().has_value(), qPrintable(allocation_page->totalsLabel()->text()));
        const Allocation chosen = *allocation_page->allocation();
        allocation_page->useAllocation();
        QCOMPARE(window_->session().chosenAnalysisRun(), analysis);
        auto* page = window_->experimentPage();
        const QString described = page->allocationLabel()->text();
        QVERIFY2(described.contains(QStringLiteral("analysis run %1").arg(analysis)) &&
                     described.contains(
                         QStringLiteral("%1, %2").arg(chosen.layers[0].experts).arg(chosen.layers[1].experts)),
                 qPrintable(described));
        page->setMethods(true, false, false);
        page->setSteps(2, 1, 1);
        QSignalSpy finished(&window_->jobs(), &JobRunner::finished);
        QVERIFY2(page->start(false), qPrintable(page->statusLabel()->text()));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 180000);
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(page->statusLabel()->text()));

        Store store(window_->workspace().storePath().toStdString());
        std::map<int64_t, RunRecord> runs;
        int analyses = 0;
        for (const auto& run : store.list_runs()) {
            runs[run.id] = run;
            analyses += run.kind == RunKind::Analyze;
        }
        QCOMPARE(analyses, 1);  // the stored analysis only: the experiment did not analyse again
        auto only = [&](const char* kind_name) {
            const RunKind kind = parse_run_kind(kind_name);
            std::vector<int64_t> ids;
            for (const auto& [id, run] : runs)
                if (run.kind == kind) ids.push_back(id);
            return ids;
        };
        QCOMPARE(only("stage2").size(), size_t(1));
        const RunRecord& stage2 = runs.at(only("stage2").front());
        const RunRecord& stage1 = runs.at(stage2.parent.value());
        const RunRecord& allocate_run = runs.at(stage1.parent.value());
        QCOMPARE(allocate_run.kind, RunKind::Allocate);
        QCOMPARE(allocate_run.parent.value_or(0), analysis);
        QCOMPARE(stage1.config.value("analysis_run", int64_t{0}), analysis);
        QCOMPARE(runs.at(only("experiment").front()).parent.value_or(0), base_run);
        // The trained model has the chosen experts per layer (original, then G1's) and classifiers.
        const auto artifacts = store.artifacts(stage2.id);
        QCOMPARE(artifacts.size(), size_t(1));
        const auto config_file = std::filesystem::path(artifacts.front().path).parent_path() / "config.json";
        const auto config = nlohmann::json::parse(std::ifstream(config_file));
        nlohmann::json waves = nlohmann::json::array(), classifiers = nlohmann::json::array();
        for (const auto& l : chosen.layers) {
            waves.push_back({1, l.experts - 1});
            if (l.classifier && l.experts > 1) classifiers.push_back(l.layer);
        }
        QVERIFY2(config["moe"]["experts_per_wave"] == waves, config["moe"].dump().c_str());
        QVERIFY2(config["moe"]["classifier_layers"] == classifiers, config["moe"].dump().c_str());
        QCOMPARE(store.allocation(allocate_run.id).size(), chosen.layers.size());
        for (size_t i = 0; i < chosen.layers.size(); ++i)
            QCOMPARE(store.allocation(allocate_run.id)[i].experts, chosen.layers[i].experts);
    }

    // Learning rates take scientific and plain notation with every digit; a replay ratio of 99 is
    // 99; a value outside the accepted range stays as typed and the form says which field.
    void numbers_are_taken_as_typed() {
        choose_tiny_preset_and_groups();
        auto* page = window_->experimentPage();
        type_into(page->learningRateSpin(1), QStringLiteral("3e-4"));
        type_into(page->learningRateSpin(2), QStringLiteral("0.000003"));
        type_into(page->replaySpin(), QStringLiteral("99"));
        ExperimentSpec spec;
        try {
            spec = page->spec();
        } catch (const Error& e) {
            QFAIL(e.what());
        }
        QCOMPARE(spec.stage1.lr, 3e-4);
        QCOMPARE(spec.stage2.lr, 3e-6);
        QCOMPARE(spec.replay_ratio, 99.0);
        type_into(page->learningRateSpin(2), QStringLiteral("1.5E-2"));
        QCOMPARE(page->spec().stage2.lr, 1.5e-2);
        type_into(page->learningRateSpin(1), QStringLiteral("50"));
        QCOMPARE(page->learningRateSpin(1)->value(), 50.0);  // kept, not clamped or refused
        QVERIFY(!page->learningRateSpin(1)->isAccepted());
        QVERIFY2(page->learningRateSpin(1)->toolTip().contains(QStringLiteral("outside")),
                 qPrintable(page->learningRateSpin(1)->toolTip()));
        const QString error = error_of([&] { page->spec(); });
        QVERIFY2(error.startsWith(QStringLiteral("Stage 1 learning rate: 50 is outside")), qPrintable(error));
        QVERIFY(!page->start(false));
        QCOMPARE(page->statusLabel()->text(), error);
    }

    // A job's failure reaches the window as the line the CLI prints (core/common/error_boundary.h),
    // not the library's own text: here the JSON library's code and LibTorch-free out of memory.
    void failed_job_shows_the_clis_line() {
        const auto failure_text = [&](JobRunner::Job job) {
            QSignalSpy finished(&window_->jobs(), &JobRunner::finished);
            if (!window_->jobs().start(QStringLiteral("Broken"), std::move(job))) return QString();
            if (!finished.wait(10000) && finished.isEmpty()) return QString();
            QStringList shown;
            for (const auto* label : window_->findChildren<QLabel*>())
                if (label->text().startsWith(QStringLiteral("The job failed: "))) shown << label->text();
            return shown.size() == 1 &&
                           shown[0] == QStringLiteral("The job failed: ") + finished.first().at(2).toString()
                       ? finished.first().at(2).toString()
                       : shown.join(QStringLiteral(" | "));
        };
        QCOMPARE(failure_text([](const ProgressFn&) { (void)nlohmann::json(true).value("x", 1); }),
                 QStringLiteral("invalid JSON value: cannot use value() with boolean"));
        const QString oom = failure_text([](const ProgressFn&) { throw std::bad_alloc(); });
        QVERIFY2(oom.startsWith(QStringLiteral("out of memory: ")) && oom.contains(QStringLiteral("layermoe memory")),
                 qPrintable(oom));
    }

    // Seeds: the experiment the form describes runs every method with seeds 1..N; lifelong (ticked)
    // expands to the data page's G2, and without G2 languages says where to give them.
    void seeds_and_lifelong_from_the_form() {
        choose_tiny_preset_and_groups();
        auto* page = window_->experimentPage();
        QVERIFY(page->spec().seeds.empty());
        type_into(page->seedsSpin(), QStringLiteral("3"));
        QCOMPARE(page->spec().seeds, (std::vector<uint64_t>{1, 2, 3}));
        QCOMPARE(page->spec().method_seeds().size(), size_t(3));
        QTest::mouseClick(page->lifelongCheck(), Qt::LeftButton, {}, QPoint(4, page->lifelongCheck()->height() / 2));
        QVERIFY(page->lifelongCheck()->isChecked());
        const QString error = error_of([&] { page->spec(); });
        QVERIFY2(error.contains(QStringLiteral("give G2 languages on the data page")), qPrintable(error));
        LanguageGroups groups = window_->session().groups();
        groups.new2 = {"deu"};
        window_->session().setGroups(groups);
        QCOMPARE(page->spec().g2_langs, (std::vector<std::string>{"deu"}));
        // The file the workbench writes for `layermoe experiment` carries both.
        const auto file = ExperimentSpec::from_json(page->spec().to_file_json(), "form.json");
        QCOMPARE(file.seeds, (std::vector<uint64_t>{1, 2, 3}));
        QCOMPARE(file.g2_langs, (std::vector<std::string>{"deu"}));
        QTest::mouseClick(page->lifelongCheck(), Qt::LeftButton, {}, QPoint(4, page->lifelongCheck()->height() / 2));
        type_into(page->seedsSpin(), QStringLiteral("1"));
        QVERIFY(page->spec().g2_langs.empty() && page->spec().seeds.empty());
    }

    // Preferences > OK changes a field only when its preference changed and the field still shows
    // the previous one: steps and threads typed on the page stay.
    void preferences_keep_what_was_typed() {
        choose_tiny_preset_and_groups();
        auto* page = window_->experimentPage();
        const WorkbenchSettings before = WorkbenchSettings::load();  // what the window applied
        const int steps = before.stage1_steps == 10 ? 11 : 10, threads = before.threads == 2 ? 3 : 2;
        type_into(page->stepsSpin(1), QString::number(steps));
        type_into(page->threadsSpin(), QString::number(threads));
        page->applySettings(before);  // OK with nothing changed
        QCOMPARE(page->spec().stage1.steps, int64_t(steps));
        QCOMPARE(page->spec().run.threads, threads);
        WorkbenchSettings after = before;
        after.stage1_steps = before.stage1_steps + 5;
        after.stage2_steps = before.stage2_steps + 7;
        after.threads = threads + 1;
        after.processes = before.processes + 1;
        page->applySettings(after);
        const ExperimentSpec spec = page->spec();
        QCOMPARE(spec.stage1.steps, int64_t(steps));  // typed: kept
        QCOMPARE(spec.run.threads, threads);  // typed: kept
        QCOMPARE(spec.stage2.steps, int64_t(before.stage2_steps + 7));  // not typed: follows its preference
        QCOMPARE(page->processesSpin()->value(), before.processes + 1);  // not typed: follows
    }

    // The CLI's progress lines, as a process's standard error brings them.
    void progress_lines_are_read() {
        auto p = parse_progress_line(QStringLiteral("[stage1] 12/200   6% 3.10 step/s ETA 1m02s loss 2.3100"));
        QVERIFY(p);
        QCOMPARE(p->stage, Stage::Stage1);
        QCOMPARE(p->done, int64_t(12));
        QCOMPARE(p->total, int64_t(200));
        QCOMPARE(p->unit, std::string("step"));
        QCOMPARE(p->message, std::string("loss 2.3100"));
        p = parse_progress_line(QStringLiteral("[analyze aligned] 3/10  30% 1.00 batch/s ETA 7s"));
        QVERIFY(p);
        QCOMPARE(p->stage, Stage::AnalyzeAligned);
        QCOMPARE(p->message, std::string());
        p = parse_progress_line(QStringLiteral("[load] reading corpus /data/my corpus"));
        QVERIFY(p);
        QCOMPARE(p->stage, Stage::Load);
        QCOMPARE(p->total, int64_t(0));
        QCOMPARE(p->message, std::string("reading corpus /data/my corpus"));
        QVERIFY(!parse_progress_line(QStringLiteral("layermoe: rank 1 (pid 4711) exited with status 1")));
        QVERIFY(!parse_progress_line(QStringLiteral("[nonsense] 1/2  50% 1.00 step/s ETA 1s")));
        // The build's own CLI is found from the test's folder (build/tests/app -> build/app/cli).
        QString error;
        QCOMPARE(QFileInfo(find_cli_program(&error)).canonicalFilePath(),
                 QFileInfo(QStringLiteral(LAYERMOE_CLI)).canonicalFilePath());
    }

    // Processes = 2: the experiment runs as two ranks of the CLI; its stages move the bars, and
    // the comparison the ranks wrote is the page's table.
    void experiment_runs_as_two_processes() {
        choose_tiny_preset_and_groups();
        auto* page = window_->experimentPage();
        type_into(page->processesSpin(), QStringLiteral("2"));
        page->setSteps(6, 4, 12);
        QSignalSpy progress(&window_->jobs(), &JobRunner::progress);
        QSignalSpy finished(&window_->jobs(), &JobRunner::finished);
        QVERIFY2(page->start(false), qPrintable(page->statusLabel()->text()));
        QVERIFY(window_->jobs().isProcess());
        QVERIFY(page->statusLabel()->text().contains(QStringLiteral("2 processes")));
        QTRY_VERIFY_WITH_TIMEOUT(reported(progress, Stage::Pretrain, 1), 120000);
        QTRY_VERIFY_WITH_TIMEOUT(page->stageBar()->value() > 0, 60000);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 300000);
        QVERIFY2(finished.first().at(0).toBool(),
                 qPrintable(finished.first().at(2).toString() + QStringLiteral(" / ") + page->statusLabel()->text()));
        for (Stage stage : {Stage::Pretrain, Stage::Analyze, Stage::Stage1, Stage::Stage2, Stage::Eval})
            QVERIFY2(reported(progress, stage), to_string(stage).data());
        QCOMPARE(page->overallBar()->value(), page->overallBar()->maximum());
        QVERIFY(page->statusLabel()->text().startsWith(QStringLiteral("Finished")));

        // The experiment file the ranks ran is the page's experiment.
        const ExperimentSpec shown = page->spec();
        const QStringList files =
            files_named(QString::fromStdString(shown.workspace.string()), QStringLiteral("experiment-*.json"));
        QCOMPARE(files.size(), 1);
        ExperimentSpec ran = ExperimentSpec::from_file(files.first().toStdString());
        QVERIFY(ran.run.threads >= 1);  // all cores, shared among the ranks
        ran.run.threads = shown.run.threads;
        QCOMPARE(QString::fromStdString(ran.to_json().dump(1)), QString::fromStdString(shown.to_json().dump(1)));

        // The table holds comparison.json's rows: the base, then each method.
        const auto json = nlohmann::json::parse(read_text_file(shown.workspace / "comparison.json"));
        QTableWidget* table = page->comparisonTable();
        QVERIFY(table->isVisibleTo(page));
        QCOMPARE(table->rowCount(), static_cast<int>(json.at("rows").size()));
        QCOMPARE(table->rowCount(), 4);
        int ell = -1;
        for (int c = 0; c < table->columnCount(); ++c)
            if (table->horizontalHeaderItem(c)->text() == QStringLiteral("ell")) ell = c;
        QVERIFY(ell > 0);
        for (int r = 0; r < table->rowCount(); ++r) {
            const auto& row = json.at("rows")[static_cast<size_t>(r)];
            QCOMPARE(table->item(r, 0)->text().toStdString(), row.at("method").get<std::string>());
            QCOMPARE(table->item(r, ell)->text().toStdString(), format_value(row.at("bpb").at("ell").get<double>()));
        }
        // Each method's change over the old languages with its 95% interval, its verdict a tooltip.
        int change_old = -1;
        for (int c = 0; c < table->columnCount(); ++c)
            if (table->horizontalHeaderItem(c)->text() == QStringLiteral("Change old (95%)")) change_old = c;
        QVERIFY(change_old > 0);
        for (int r = 1; r < table->rowCount(); ++r) {
            const auto& i = json.at("rows")[static_cast<size_t>(r)].at("old_change_interval");
            QCOMPARE(table->item(r, change_old)->text().toStdString(),
                     format_interval(stats::Interval{i.at("mean").get<double>(), i.at("low").get<double>(),
                                                     i.at("high").get<double>(), i.at("units").get<int>()}));
            QVERIFY(table->item(r, change_old)->toolTip().contains(QStringLiteral("95% interval")));
        }
        // Rank 0 recorded every run in the workspace's store; all of them finished.
        Store store(window_->workspace().storePath().toStdString());
        const auto runs = store.list_runs();
        QVERIFY(runs.size() > 5);
        for (const auto& run : runs) QCOMPARE(run.status, RunStatus::Finished);
    }

    // Processes = 2, cancelled while pretraining: the ranks stop with a checkpoint of both ranks,
    // the store says cancelled, and Resume finishes the experiment.
    void two_process_experiment_cancels_and_resumes() {
        choose_tiny_preset_and_groups();
        auto* page = window_->experimentPage();
        page->setMethods(false, true, true);
        type_into(page->processesSpin(), QStringLiteral("2"));
        page->setSteps(6, 4, 400);
        QSignalSpy progress(&window_->jobs(), &JobRunner::progress);
        QSignalSpy finished(&window_->jobs(), &JobRunner::finished);
        QVERIFY2(page->start(false), qPrintable(page->statusLabel()->text()));
        QTRY_VERIFY_WITH_TIMEOUT(reported(progress, Stage::Pretrain, 5), 120000);
        click_cancel(page);
        QVERIFY(page->statusLabel()->text().startsWith(QStringLiteral("Stopping")));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
        QCOMPARE(finished.first().at(0).toBool(), false);
        QCOMPARE(finished.first().at(1).toBool(), true);  // cancelled, not failed
        QVERIFY(page->statusLabel()->text().contains(QStringLiteral("Resume")));
        QVERIFY(!page->comparisonTable()->isVisibleTo(page));
        const QString experiment = QString::fromStdString(page->spec().workspace.string());
        const QStringList states = files_named(experiment, QStringLiteral("training_state.json"));
        QVERIFY(!states.isEmpty());
        QCOMPARE(nlohmann::json::parse(read_text_file(states.first().toStdString())).at("world_size").get<int>(), 2);
        int64_t experiment_run = 0;
        {
            Store store(window_->workspace().storePath().toStdString());
            for (const auto& run : store.list_runs()) {
                if (run.kind == RunKind::Experiment) experiment_run = run.id;
                if (run.kind == RunKind::Experiment || run.kind == RunKind::Pretrain)
                    QCOMPARE(run.status, RunStatus::Cancelled);
            }
        }
        QVERIFY(experiment_run > 0);

        finished.clear();
        progress.clear();
        click(page, QStringLiteral("Resume"));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 300000);
        QVERIFY2(finished.first().at(0).toBool(),
                 qPrintable(finished.first().at(2).toString() + QStringLiteral(" / ") + page->statusLabel()->text()));
        // Pretraining continued from its checkpoint rather than starting again at step 1.
        for (const auto& p : progress)
            if (p.at(0).value<Stage>() == Stage::Pretrain && p.at(2).toLongLong() > 0) {
                QVERIFY2(p.at(1).toLongLong() > 5, qPrintable(QString::number(p.at(1).toLongLong())));
                break;
            }
        QCOMPARE(page->comparisonTable()->rowCount(), 3);
        Store store(window_->workspace().storePath().toStdString());
        QCOMPARE(store.get_run(experiment_run)->status, RunStatus::Finished);  // the same run, resumed
        for (const auto& run : store.list_runs()) QCOMPARE(run.status, RunStatus::Finished);
    }

    // A run of processes that fails shows the ranks' message where a failed job's message goes.
    void failed_ranks_show_their_message() {
        choose_tiny_preset_and_groups();
        window_->dataPage()->setCorpus(workspace_dir_->path() + QStringLiteral("/no-such-corpus"));
        LanguageGroups groups;  // the data page found no languages there
        groups.old_langs = {"eng", "spa"};
        groups.new1 = {"ell"};
        window_->session().setGroups(groups);
        auto* page = window_->experimentPage();
        type_into(page->processesSpin(), QStringLiteral("2"));
        page->setSteps(6, 4, 10);
        QSignalSpy finished(&window_->jobs(), &JobRunner::finished);
        QVERIFY2(page->start(false), qPrintable(page->statusLabel()->text()));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
        QCOMPARE(finished.first().at(0).toBool(), false);
        QCOMPARE(finished.first().at(1).toBool(), false);
        const QString status = page->statusLabel()->text();
        QVERIFY2(status.startsWith(QStringLiteral("The experiment failed")), qPrintable(status));
        QVERIFY2(status.contains(QStringLiteral("no-such-corpus")), qPrintable(status));
        QVERIFY2(status.contains(QRegularExpression(QStringLiteral("rank \\d \\(pid \\d+\\) exited with status"))),
                 qPrintable(status));
    }

    // Start an experiment from its page, cancel it: its run is "cancelled" in the store, and Resume works.
    void cancelled_run_is_stored_as_cancelled() {
        choose_tiny_preset_and_groups();
        auto* page = window_->experimentPage();
        page->setSteps(20, 10, 400);
        QSignalSpy progress(&window_->jobs(), &JobRunner::progress);
        QVERIFY2(page->start(false), qPrintable(page->statusLabel()->text()));
        QTRY_VERIFY_WITH_TIMEOUT(progress.count() > 5, 30000);
        QSignalSpy finished(&window_->jobs(), &JobRunner::finished);
        window_->jobs().cancel();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
        QCOMPARE(finished.first().at(1).toBool(), true);
        Store store(window_->workspace().storePath().toStdString());
        std::vector<RunStatus> statuses;
        for (const auto& run : store.list_runs()) statuses.push_back(run.status);
        QVERIFY(std::find(statuses.begin(), statuses.end(), RunStatus::Cancelled) != statuses.end());
        QVERIFY(page->statusLabel()->text().contains(QStringLiteral("Resume")));
    }

    // Runs the CLI writes into the workspace's store appear in the results page while it is open.
    void runs_written_by_the_cli_appear() {
        auto* results = window_->resultsPage();
        QCOMPARE(results->runs()->rowCount(), 0);
        auto args = pretrain_args(corpus_.path(), workspace_dir_->path(), 10);
        args[args.indexOf(workspace_dir_->path() + QStringLiteral("/runs.sqlite"))] = window_->workspace().storePath();
        QProcess cli;
        cli.start(QStringLiteral(LAYERMOE_CLI), args);
        QTRY_VERIFY_WITH_TIMEOUT(results->runs()->rowCount() == 1, 30000);
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(results->runs()->runAt(0)->status, RunStatus::Finished, 5000);
    }

    // The report of two runs: its HTML and its PDF's text hold their held-out bits per byte.
    void report_holds_the_runs_numbers() {
        PretrainJobConfig cfg;
        cfg.corpus = corpus_.path().toStdString();
        cfg.groups.old_langs = {"eng", "spa"};
        cfg.groups.new1 = {"ell"};
        cfg.preset = "tiny";
        cfg.train.steps = 8;
        cfg.train.batch_size = 4;
        cfg.run.threads = 1;
        cfg.out_dir = (workspace_dir_->path() + QStringLiteral("/models/base")).toStdString();
        cfg.run.store_file = window_->workspace().storePath().toStdString();
        const auto trained = run_pretrain_job(cfg);
        TaskJobConfig tasks;
        tasks.model_dir = cfg.out_dir;
        tasks.tasks = "builtin:continuation";
        tasks.corpus = cfg.corpus;
        tasks.langs = {"eng", "spa", "ell"};
        tasks.max_items = 4;
        tasks.run.store_file = cfg.run.store_file;
        tasks.record_run = trained.run_id;
        tasks.run.threads = 1;
        const auto scored = run_task_job(tasks);
        const int64_t analysis = store_analysis(*window_->workspace().store());
        auto* results = window_->resultsPage();
        results->refresh();
        results->selectRuns({trained.run_id, analysis});
        QCOMPARE(results->selectedRuns().size(), size_t(2));
        QVERIFY(results->compareSelected());
        // The task table: the trained run's mean over the old languages, as the job computed it.
        const auto old_mi = std::find_if(scored.means.begin(), scored.means.end(),
                                         [](const TaskGroupMean& m) { return m.group == "old"; });
        QVERIFY(old_mi != scored.means.end());
        const QString task_value = QString::number(old_mi->acc_mutual_info, 'f', 4);
        QTableWidget* task_rows = results->tasksTable();
        QCOMPARE(task_rows->rowCount(), 2);
        QStringList headers;
        for (int j = 0; j < task_rows->columnCount(); ++j) headers << task_rows->horizontalHeaderItem(j)->text();
        const int mi_old = static_cast<int>(headers.indexOf(QStringLiteral("continuation acc_mutual_info old")));
        QVERIFY2(mi_old > 0, qPrintable(headers.join(QLatin1Char('|'))));
        QCOMPARE(task_rows->item(0, mi_old)->text(), task_value);
        const QString html = workspace_dir_->path() + QStringLiteral("/report.html"),
                      pdf = workspace_dir_->path() + QStringLiteral("/report.pdf");
        QString error;
        QVERIFY2(results->exportReport(html, pdf, &error), qPrintable(error));
        QFile f(html);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(f.readAll());
        const QString eng = QString::number(trained.final.front().bits_per_byte, 'f', 4);
        QVERIFY2(text.contains(eng), qPrintable(eng));
        QVERIFY2(text.contains(QStringLiteral("Multiple-choice tasks")) && text.contains(task_value),
                 qPrintable(task_value));
        QVERIFY(QFileInfo::exists(workspace_dir_->path() +
                                  QStringLiteral("/report_files/similarity-%1.png").arg(analysis)));
        QProcess pdftotext;
        pdftotext.start(QStringLiteral("pdftotext"), {pdf, QStringLiteral("-")});
        QVERIFY(pdftotext.waitForFinished(30000));
        const QString pdf_text = QString::fromUtf8(pdftotext.readAllStandardOutput());
        QVERIFY2(pdf_text.contains(eng), qPrintable(pdf_text.left(500)));
        QVERIFY(pdf_text.contains(QStringLiteral("S_nn")));
        QVERIFY2(results->exportComparison(workspace_dir_->path() + QStringLiteral("/c.csv"), &error),
                 qPrintable(error));
        QVERIFY2(results->exportPlot(workspace_dir_->path() + QStringLiteral("/c.svg"), &error), qPrintable(error));
    }

    // The interface language switches at run time: the compiled translations are found and
    // every page re-translates.
    void interface_language_switches() {
        auto nav_text = [&] { return window_->findChild<QListWidget*>()->item(0)->text(); };
        QCOMPARE(nav_text(), QStringLiteral("Data and model"));
        QVERIFY(set_interface_language(QStringLiteral("de")));
        QTRY_COMPARE(nav_text(), QStringLiteral("Daten und Modell"));  // LanguageChange is posted
        QVERIFY(set_interface_language(QStringLiteral("zh_CN")));
        QTRY_COMPARE(nav_text(), QStringLiteral("数据与模型"));
        QVERIFY(set_interface_language(QStringLiteral("es")));
        QTRY_VERIFY(nav_text() != QStringLiteral("数据与模型") && nav_text() != QStringLiteral("Data and model"));
        QVERIFY(set_interface_language(QStringLiteral("en")));
        QTRY_COMPARE(nav_text(), QStringLiteral("Data and model"));
        QVERIFY(!set_interface_language(QStringLiteral("xx")));
    }

    // While a job trains, the GUI thread's timers fire on time. A user sees a freeze, not one late
    // tick: 95 % of the 10 ms ticks come at most 50 ms late and none more than 250 ms late. The
    // worst single tick alone measured the machine (a shared 2-core VM once gave 54 ms while nothing
    // in the workbench held the GUI thread); training on the GUI thread, or a progress handler that
    // redraws for each step, fails both bounds.
    void gui_thread_stays_responsive_while_training() {
        PretrainJobConfig cfg;
        cfg.corpus = corpus_.path().toStdString();
        cfg.groups.old_langs = {"eng", "spa"};
        cfg.preset = "small";
        cfg.train.steps = 6;
        cfg.train.batch_size = 8;
        cfg.out_dir = (workspace_dir_->path() + QStringLiteral("/models/busy")).toStdString();
        QVERIFY(
            window_->jobs().start(QStringLiteral("busy"), [cfg](const ProgressFn& p) { run_pretrain_job(cfg, p); }));
        QElapsedTimer clock;
        clock.start();
        qint64 last = -1;
        std::vector<qint64> late;  // per tick, nanoseconds beyond the 10 ms interval
        QTimer timer;
        connect(&timer, &QTimer::timeout, [&] {
            const qint64 now = clock.nsecsElapsed();
            if (last >= 0) late.push_back(std::max<qint64>(0, now - last - 10'000'000));
            last = now;
        });
        timer.start(10);
        QTRY_VERIFY_WITH_TIMEOUT(!window_->jobs().isRunning(), 120000);
        timer.stop();
        QVERIFY(late.size() > 20);
        std::sort(late.begin(), late.end());
        const double p95 = static_cast<double>(late[late.size() * 95 / 100]) / 1e6,
                     worst = static_cast<double>(late.back()) / 1e6;
        qInfo("event-loop latency while training: 95th percentile %.1f ms, worst %.1f ms over %zu ticks", p95, worst,
              late.size());
        QVERIFY2(p95 <= 50.0, qPrintable(QStringLiteral("95th percentile of event loop latency %1 ms").arg(p95)));
        QVERIFY2(worst <= 250.0, qPrintable(QStringLiteral("event loop stalled %1 ms").arg(worst)));
    }

private:
    // Cancel on the experiment page, as a user clicks it.
    static void click_cancel(ExperimentPage* page) { click(page, QStringLiteral("Cancel")); }
    static void click(QWidget* root, const QString& text) {
        for (QPushButton* b : root->findChildren<QPushButton*>())
            if (b->text() == text && b->isEnabled()) {
                QTest::mouseClick(b, Qt::LeftButton);
                return;
            }
        QFAIL(qPrintable(QStringLiteral("no enabled button ") + text));
    }

    // The data page's choices of an experiment that pretrains the tiny preset: eng, spa old; ell G1.
    void choose_tiny_preset_and_groups() {
        window_->dataPage()->usePreset(QStringLiteral("tiny"));
        window_->dataPage()->setCorpus(corpus_.path());
        LanguageGroups groups;
        groups.old_langs = {"eng", "spa"};
        groups.new1 = {"ell"};
        window_->session().setGroups(groups);
    }

    QTemporaryDir corpus_;
    std::unique_ptr<QTemporaryDir> workspace_dir_;
    std::unique_ptr<MainWindow> window_;
};

QTEST_MAIN(TestGui)
#include "test_gui.moc"
