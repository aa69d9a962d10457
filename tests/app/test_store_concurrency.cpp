// One process holding two Store objects on one file (the workbench keeps the workspace's store
// open and every job opens its own), writing, while another process (`layermoe runs list`, as a
// user runs it beside the workbench) opens, reads and closes the same file in a loop.
//
// SQLite's locks are POSIX advisory locks, which belong to a process: closing any descriptor of
// the database file drops every lock the process's connections hold on it. A Store that once
// sniffed the file's header through an std::ifstream did exactly that, so the reader, on
// closing, believed it was the last connection, checkpointed and deleted the WAL and shared
// memory under the writer's open connections: "disk I/O error", then "not a database".
#include <QtTest>

#include <chrono>
#include <set>

#include "cli_test_util.h"
#include "store_test_util.h"
#include "core/store/store.h"

using namespace layermoe;


class TestStoreConcurrency : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void second_store_in_one_process_survives_a_reading_process() {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("runs.sqlite"));
        const QString stop = dir.filePath(QStringLiteral("stop"));
        std::set<int64_t> written;
        auto workspace = std::make_unique<Store>(file.toStdString());  // the workbench's, open throughout
        written.insert(workspace->create_run(
            {RunKind::Pretrain, {{"steps", 1}}, 1, std::nullopt, "opened by the workspace", "test"}));
        workspace->finish_run(*written.begin(), RunStatus::Finished);

        // The reader: a shell loop of real CLI processes until the stop file appears.
        QProcess reader;
        reader.setProgram(QStringLiteral("/bin/sh"));
        reader.setArguments(
            {QStringLiteral("-c"),
             QStringLiteral("n=0; while [ ! -e \"$2\" ]; do \"$0\" runs list --store \"$1\" --json >/dev/null "
                            "|| { echo \"read $n failed\" >&2; exit 3; }; n=$((n+1)); done; echo $n"),
             QStringLiteral(LAYERMOE_CLI), file, stop});
        reader.start();
        QVERIFY(reader.waitForStarted());

        // The writer: jobs open their own Store (as the workbench's jobs do), log and finish runs,
        // while the workspace's Store polls, for a few seconds and at least 12 jobs.
        std::string error;
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(4);
        int jobs = 0;
        try {
            for (; jobs < 12 || std::chrono::steady_clock::now() < until; ++jobs) {
                Store job(file.toStdString());
                const int64_t run = job.create_run({RunKind::Stage1, {{"job", jobs}}, 1, std::nullopt, "job", "test"});
                for (int step = 0; step < 40; ++step) {
                    job.log_metric({run, "stage1", step, "all", "loss", 1.0 / (step + 1)});
                    if (step % 10 == 9) job.flush();
                    QThread::msleep(2);
                }
                job.finish_run(run, RunStatus::Finished);
                written.insert(run);
                workspace->data_version();
                QCOMPARE(static_cast<int64_t>(workspace->list_runs().size()), static_cast<int64_t>(written.size()));
            }
        } catch (const std::exception& e) {
            error = e.what();
        }
        QFile(stop).open(QIODevice::WriteOnly);
        QVERIFY(reader.waitForFinished(60000));
        const QString reads = QString::fromUtf8(reader.readAllStandardOutput()).trimmed();
        const QString reader_error = QString::fromUtf8(reader.readAllStandardError());
        QVERIFY2(error.empty(), error.c_str());
        QVERIFY2(reader.exitCode() == 0, qPrintable(reader_error));
        QVERIFY2(reads.toInt() >= 3, qPrintable(QStringLiteral("the reader read %1 times").arg(reads)));

        // The WAL and its shared memory are still the ones the workspace's Store has open.
        QVERIFY(QFile::exists(file + QStringLiteral("-wal")));
        QVERIFY(QFile::exists(file + QStringLiteral("-shm")));
        workspace.reset();
        QCOMPARE(integrity(file), std::string("ok"));
        Store again(file.toStdString());
        std::set<int64_t> found;
        for (const auto& run : again.list_runs()) {
            found.insert(run.id);
            if (run.kind == RunKind::Stage1) QCOMPARE(again.metric_count(run.id, "loss"), int64_t{40});
        }
        QCOMPARE(found, written);
        qInfo("%d jobs written, %s reads by the CLI", jobs, qPrintable(reads));
    }
};

QTEST_GUILESS_MAIN(TestStoreConcurrency)
#include "test_store_concurrency.moc"
