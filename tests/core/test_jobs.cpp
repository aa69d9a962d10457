// The run lifecycle every job goes through (RecordedRun, core/jobs/recorded_run.h), against a
// real store file: a run is finished, cancelled after its metrics and checkpoint, failed when the
// job throws; without a store nothing is written; a checkpoint's unfinished run is resumed.
#include <QtTest>

#include <numbers>

#include <fstream>
#include <stdexcept>

#include "core/common/error.h"
#include "core/jobs/recorded_run.h"
#include "core/store/metric_keys.h"
#include "core/store/store.h"

using namespace layermoe;

namespace {

NewRun pretrain_run(std::optional<int64_t> parent = std::nullopt) {
    return new_run(RunKind::Pretrain, "base", {{"steps", 10}}, parent, 3);
}

StepRecord step(int64_t n, double loss) {
    StepRecord r;
    r.step = n;
    r.loss = loss;
    r.lr = 1e-3;
    r.grad_norm = 0.5;
    r.tokens_per_s = 100;
    return r;
}

}  // namespace

class TestJobs : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::filesystem::path store_file() const { return (dir_.path() + QStringLiteral("/ws/runs.sqlite")).toStdString(); }

private Q_SLOTS:
    void init() { std::filesystem::remove_all((dir_.path() + QStringLiteral("/ws")).toStdString()); }

    // Without a store: a null record, every call does nothing, no file appears.
    void nullRecordWritesNothing() {
        RecordedRun run = RecordedRun::create(std::filesystem::path(), pretrain_run());
        QVERIFY(!run);
        QCOMPARE(run.id(), int64_t(0));
        run.set_languages({{"eng"}, {"ell"}, {}});
        run.log_step("pretrain", step(1, 2.0));
        run.add_bpb_results({{"eng", 1.5, 10, 12, 1, 1, {}, {}}}, {});
        run.add_model(store_file());  // not read: there is no store to record it in
        QCOMPARE(run.model_meta().value("run_id", int64_t(-1)), int64_t(0));
        run.cancel([] {});
        run.finish();
        QVERIFY(!std::filesystem::exists(store_file()));
        QVERIFY(!find_model_run({}, run.model_meta()));
        QVERIFY(!find_run({}, 1));
    }

    // A job that succeeds: its groups, step metrics (NaN ones left out), results and model file
    // with its SHA-256, then finished.
    void finishedRunHoldsWhatWasRecorded() {
        int64_t id = 0;
        const auto weights = std::filesystem::path(dir_.path().toStdString()) / "model.safetensors";
        std::ofstream(weights) << "abc";
        {
            RecordedRun run = RecordedRun::create(store_file(), pretrain_run());
            QVERIFY(run);
            id = run.id();
            run.set_languages({{"eng", "spa"}, {"ell"}, {}});
            run.log_step("pretrain", step(1, 2.0));
            run.log_bpb("pretrain", 1, {{"eng", 3.0, 10, 12, 1, 1, {}, {}}});
            // ell's two documents: 10 and 20 bits over 4 and 8 bytes.
            const double ln2 = std::numbers::ln2;
            run.add_bpb_results(
                {{"eng", 1.5, 10, 12, 1, 1, {}, {}}, {"ell", 4.5, 30 * ln2, 12, 5, 2, {10 * ln2, 20 * ln2}, {4, 8}}},
                {{"old", 1.5, 1}, {"G1", 4.5, 1}});
            run.add_model(weights);
            QCOMPARE(Store(store_file()).get_run(id)->status, RunStatus::Running);
            run.finish();
        }
        Store store(store_file());
        const auto record = store.get_run(id);
        QCOMPARE(record->status, RunStatus::Finished);
        QCOMPARE(record->kind, RunKind::Pretrain);
        QCOMPARE(record->seed, uint64_t(3));
        QVERIFY(!record->code_version.empty());
        QCOMPARE(store.run_languages(id).size(), size_t(3));
        QCOMPARE(store.metric_count(id, metric::kLoss), int64_t(1));
        QCOMPARE(store.metric_count(id, metric::kBalance), int64_t(0));  // NaN: the term is off
        QCOMPARE(store.metric_count(id, metric::kBpb), int64_t(1));
        int groups = 0;
        for (const auto& e : store.eval_results(id)) groups += e.language.rfind(metric::kGroupPrefix, 0) == 0;
        QCOMPARE(store.eval_results(id).size(), size_t(4));
        QCOMPARE(groups, 2);
        const auto units = store.eval_units(id);  // only ell recorded its documents
        QCOMPARE(units.size(), size_t(1));
        QCOMPARE(units[0].language, std::string("ell"));
        QCOMPARE(units[0].metric, std::string("bpb"));
        QCOMPARE(units[0].weight, (std::vector<double>{4, 8}));
        QVERIFY(std::abs(units[0].value[0] - 10) < 1e-12 && std::abs(units[0].value[1] - 20) < 1e-12);
        QCOMPARE(store.artifacts(id).at(0).sha256,
                 std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));  // SHA-256 of "abc"
    }

    // Stopped on request: the metrics are in the store before the checkpoint is written (so the
    // checkpoint is never ahead of the curve), and the run is cancelled after it.
    void cancelWritesMetricsThenCheckpointThenStatus() {
        RecordedRun run = RecordedRun::create(store_file(), pretrain_run());
        for (int64_t s = 1; s <= 5; ++s) run.log_step("pretrain", step(s, 3.0 - 0.1 * double(s)));
        bool checkpointed = false;
        run.cancel([&] {
            Store reader(store_file());  // another connection sees only what was written
            QCOMPARE(reader.metric_count(run.id(), metric::kLoss), int64_t(5));
            QCOMPARE(reader.get_run(run.id())->status, RunStatus::Running);
            checkpointed = true;
        });
        QVERIFY(checkpointed);
        QCOMPARE(Store(store_file()).get_run(run.id())->status, RunStatus::Cancelled);
        run.finish();  // closed already: nothing changes
        QCOMPARE(Store(store_file()).get_run(run.id())->status, RunStatus::Cancelled);
    }

    // A job that throws: the run is failed by the record's destructor, and the job's own error
    // is the one that reaches the caller.
    void exceptionMarksTheRunFailed() {
        int64_t id = 0;
        try {
            RecordedRun run = RecordedRun::create(store_file(), pretrain_run());
            id = run.id();
            run.log_step("pretrain", step(1, 2.0));
            throw Error("the corpus is empty");
        } catch (const Error& e) {
            QCOMPARE(QString::fromUtf8(e.what()), QStringLiteral("the corpus is empty"));
        }
        Store store(store_file());
        QCOMPARE(store.get_run(id)->status, RunStatus::Failed);
        QCOMPARE(store.metric_count(id, metric::kLoss), int64_t(1));  // written before it was closed
    }

    // Resuming a checkpoint: its unfinished run continues (metrics after the step dropped); a
    // finished one becomes the parent of a new run.
    void resumeOrCreateFollowsTheCheckpointsRun() {
        nlohmann::json meta;
        int64_t first = 0;
        {
            RecordedRun run = RecordedRun::create(store_file(), pretrain_run());
            first = run.id();
            for (int64_t s = 1; s <= 8; ++s) run.log_step("pretrain", step(s, 1.0));
            meta = run.model_meta();
            run.cancel();
        }
        QCOMPARE(find_model_run(store_file(), meta)->id, first);
        int made = 0;
        auto make = [&](const std::optional<RunRecord>& previous) {
            ++made;
            return pretrain_run(previous ? std::optional<int64_t>(previous->id) : std::nullopt);
        };
        {
            RecordedRun resumed = resume_or_create(store_file(), meta, "pretrain", 5, make);
            QCOMPARE(resumed.id(), first);
            QCOMPARE(Store(store_file()).get_run(first)->status, RunStatus::Running);
            QCOMPARE(Store(store_file()).metric_count(first, metric::kLoss), int64_t(5));
            resumed.finish();
        }
        RecordedRun further = resume_or_create(store_file(), meta, "pretrain", 8, make);
        QVERIFY(further.id() != first);
        QCOMPARE(Store(store_file()).get_run(further.id())->parent.value_or(0), first);
        further.finish();
        RecordedRun fresh = resume_or_create(store_file(), nlohmann::json(), "pretrain", 0, make);
        QVERIFY(!Store(store_file()).get_run(fresh.id())->parent);
        fresh.finish();
        QCOMPARE(made, 3);
        QVERIFY(!resume_or_create({}, meta, "pretrain", 0, make));
    }

    // Recording into a run another job made (tasks scored onto a training run) leaves its status.
    void attachLeavesTheRunsStatus() {
        int64_t id = 0;
        {
            RecordedRun run = RecordedRun::create(store_file(), pretrain_run());
            id = run.id();
            run.finish();
        }
        {
            RecordedRun attached = RecordedRun::attach(store_file(), id);
            attached.add_result({0, "continuation", "eng", "acc", 0.5, 4});
        }
        Store store(store_file());
        QCOMPARE(store.get_run(id)->status, RunStatus::Finished);
        QCOMPARE(store.eval_results(id).at(0).run, id);
        QVERIFY_THROWS_EXCEPTION(Error, RecordedRun::attach(store_file(), id + 10));
    }

    // The one table of kinds and statuses reads back what it writes; unknown text is caught.
    void kindAndStatusText() {
        for (RunStatus s :
             {RunStatus::Running, RunStatus::Finished, RunStatus::Failed, RunStatus::Cancelled, RunStatus::Interrupted})
            QCOMPARE(parse_run_status(to_string(s)), std::optional<RunStatus>(s));
        QVERIFY(!parse_run_status("done"));
        for (RunKind k : {RunKind::Pretrain, RunKind::Eval, RunKind::Analyze, RunKind::Allocate, RunKind::Stage1,
                          RunKind::Stage2, RunKind::Experiment})
            QCOMPARE(parse_run_kind(to_string(k)), k);
        QCOMPARE(parse_run_kind("distill"), RunKind::Unknown);
        QCOMPARE(metric::expert0_weight_layer(metric::expert0_weight(11)), std::optional<int64_t>(11));
        QVERIFY(!metric::expert0_weight_layer("expert0_weight.layer"));
        QVERIFY(!metric::expert0_weight_layer("expert0_weight.layer3x"));
        QVERIFY(!metric::expert0_weight_layer("loss"));
    }
};

QTEST_GUILESS_MAIN(TestJobs)
#include "test_jobs.moc"
