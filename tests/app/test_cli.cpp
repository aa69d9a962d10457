// The `layermoe` command line as a user runs it, one real process per command: pretrain,
// evaluate the saved model, list runs and metrics; a run killed or stopped mid-way and resumed
// continues the same loss curve in the same store run; bad input ends with a one-line error.
#include <QtTest>

#include <csignal>

#include <signal.h>
#include <unistd.h>

#include "cli_test_util.h"
#include "store_test_util.h"
#include "core/store/store.h"

using namespace std::chrono_literals;

namespace {

std::map<QString, double> bpb_by_language(const QJsonArray& rows) {
    std::map<QString, double> out;
    for (const auto& row : rows)
        out[row[QStringLiteral("language")].toString()] = row[QStringLiteral("bits_per_byte")].toDouble();
    return out;
}

}  // namespace

class TestCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { write_corpus(corpus_.path()); }

    // Pretrain, then load the saved model and evaluate it: the same numbers; the store has both.
    void pretrain_then_eval_gives_identical_numbers() {
        QTemporaryDir work;
        auto args = pretrain_args(corpus_.path(), work.path(), 40);
        args << QStringLiteral("--json");
        const auto trained = run_cli(args);
        QVERIFY2(trained.exit_code == 0, qPrintable(describe(trained)));
        const QJsonObject result = trained.json().object();
        const auto before = bpb_by_language(result[QStringLiteral("bpb_initial")].toArray());
        const auto after = bpb_by_language(result[QStringLiteral("bpb_final")].toArray());
        QCOMPARE(after.size(), size_t(3));
        QVERIFY2(after.at(QStringLiteral("eng")) < 0.6 * before.at(QStringLiteral("eng")),
                 qPrintable(describe(trained)));
        QVERIFY(result[QStringLiteral("groups")][QStringLiteral("G1")].isDouble());

        const QString store = work.path() + QStringLiteral("/runs.sqlite");
        const auto evaluated =
            run_cli({QStringLiteral("eval"), QStringLiteral("--model"), work.path() + QStringLiteral("/model"),
                     QStringLiteral("--corpus"), corpus_.path(), QStringLiteral("--langs"),
                     QStringLiteral("eng,spa,ell"), QStringLiteral("--threads"), QStringLiteral("1"),
                     QStringLiteral("--store"), store, QStringLiteral("--json")});
        QVERIFY2(evaluated.exit_code == 0, qPrintable(describe(evaluated)));
        const QJsonObject eval = evaluated.json().object();
        QCOMPARE(bpb_by_language(eval[QStringLiteral("languages")].toArray()), after);
        // Groups come from the model folder: eng, spa trained (old), ell new (G1).
        QCOMPARE(eval[QStringLiteral("groups")][QStringLiteral("old")].toDouble(),
                 result[QStringLiteral("groups")][QStringLiteral("old")].toDouble());

        const auto runs = run_cli({QStringLiteral("runs"), QStringLiteral("list"), QStringLiteral("--store"), store,
                                   QStringLiteral("--json")});
        QCOMPARE(runs.exit_code, 0);
        const QJsonArray list = runs.json().array();
        QCOMPARE(list.size(), 2);
        QCOMPARE(list[0][QStringLiteral("status")].toString(), QStringLiteral("finished"));
        QCOMPARE(list[1][QStringLiteral("kind")].toString(), QStringLiteral("eval"));
        QCOMPARE(list[1][QStringLiteral("parent")].toInt(), list[0][QStringLiteral("id")].toInt());
        QCOMPARE(metrics(store, 1, QStringLiteral("loss")).size(), 40);
    }

    void interrupted_run_resumes_the_same_curve_data() {
        QTest::addColumn<int>("signal_number");
        QTest::addColumn<QString>("status_after");
        QTest::addColumn<int>("exit_code");
        QTest::newRow("killed (SIGKILL)") << int(SIGKILL) << QStringLiteral("interrupted") << -1;
        QTest::newRow("stopped (Ctrl-C)") << int(SIGINT) << QStringLiteral("cancelled") << 130;
    }
    // A run killed mid-way (or stopped with Ctrl-C) and resumed with --resume continues the same
    // store run, and its loss curve equals, step by step, that of a run never interrupted.
    void interrupted_run_resumes_the_same_curve() {
        QFETCH(int, signal_number);
        QFETCH(QString, status_after);
        QFETCH(int, exit_code);
        constexpr int kSteps = 300;
        QTemporaryDir whole, broken;
        const auto reference = run_cli(pretrain_args(corpus_.path(), whole.path(), kSteps));
        QVERIFY2(reference.exit_code == 0, qPrintable(describe(reference)));

        QProcess p;
        p.start(QStringLiteral(LAYERMOE_CLI), pretrain_args(corpus_.path(), broken.path(), kSteps));
        QVERIFY(p.waitForStarted());
        const QString first_checkpoint = broken.path() + QStringLiteral("/model/checkpoints/step-000016");
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(first_checkpoint) || p.state() == QProcess::NotRunning, 60000);
        QVERIFY2(p.state() == QProcess::Running, "the run ended before it could be interrupted");
        ::kill(static_cast<pid_t>(p.processId()), signal_number);
        QVERIFY(p.waitForFinished(30000));
        if (exit_code < 0)
            QCOMPARE(p.exitStatus(), QProcess::CrashExit);
        else
            QCOMPARE(p.exitCode(), exit_code);

        const QString store = broken.path() + QStringLiteral("/runs.sqlite");
        QCOMPARE(show_run(store, 1)[QStringLiteral("status")].toString(), status_after);
        const qsizetype logged_before = metrics(store, 1, QStringLiteral("loss")).size();
        QVERIFY(logged_before < kSteps);

        auto args = pretrain_args(corpus_.path(), broken.path(), kSteps);
        args << QStringLiteral("--resume");
        const auto resumed = run_cli(args);
        QVERIFY2(resumed.exit_code == 0, qPrintable(describe(resumed)));
        const QJsonObject run = show_run(store, 1);
        QCOMPARE(run[QStringLiteral("status")].toString(), QStringLiteral("finished"));
        QCOMPARE(run_cli({QStringLiteral("runs"), QStringLiteral("list"), QStringLiteral("--store"), store,
                          QStringLiteral("--json")})
                     .json()
                     .array()
                     .size(),
                 1);

        const QJsonArray expected = metrics(whole.path() + QStringLiteral("/runs.sqlite"), 1, QStringLiteral("loss"));
        const QJsonArray got = metrics(store, 1, QStringLiteral("loss"));
        QCOMPARE(expected.size(), kSteps);
        QCOMPARE(got.size(), kSteps);
        for (int i = 0; i < kSteps; ++i) {
            QCOMPARE(got[i][QStringLiteral("step")].toInt(), i + 1);
            QCOMPARE(got[i][QStringLiteral("value")].toDouble(), expected[i][QStringLiteral("value")].toDouble());
        }
    }

    // --nproc-per-node 2 with batch 2 follows the curve of one process with batch 4 and records
    // one run (rank 0 alone writes); a rank killed mid-way ends the job with a line naming it, and
    // one process with batch 4 resumes the 2 ranks' checkpoint and continues the same curve.
    void data_parallel_ranks_from_the_command_line() {
        constexpr int kSteps = 120;
        QTemporaryDir whole, ranks, broken;
        const auto reference = run_cli(pretrain_args(corpus_.path(), whole.path(), kSteps));
        QVERIFY2(reference.exit_code == 0, qPrintable(describe(reference)));
        auto two = [&](const QString& work) {
            auto args = pretrain_args(corpus_.path(), work, kSteps);
            args[args.indexOf(QStringLiteral("--batch")) + 1] = QStringLiteral("2");
            args << QStringLiteral("--nproc-per-node") << QStringLiteral("2");
            return args;
        };
        const auto parallel = run_cli(two(ranks.path()), 600000);
        QVERIFY2(parallel.exit_code == 0, qPrintable(describe(parallel)));
        QVERIFY(parallel.out.contains("model saved to"));  // rank 0's output, once
        QCOMPARE(parallel.out.count("model saved to"), 1);
        const QString store = ranks.path() + QStringLiteral("/runs.sqlite");
        const QJsonArray runs = run_cli({QStringLiteral("runs"), QStringLiteral("list"), QStringLiteral("--store"),
                                         store, QStringLiteral("--json")})
                                    .json()
                                    .array();
        QCOMPARE(runs.size(), 1);
        QCOMPARE(runs[0][QStringLiteral("status")].toString(), QStringLiteral("finished"));
        const QJsonArray expected = metrics(whole.path() + QStringLiteral("/runs.sqlite"), 1, QStringLiteral("loss"));
        // Two ranks sum their halves of each batch in another order than one process does, and
        // 120 steps carry the rounding on: on one 2-core AMD EPYC the curves drifted apart by
        // 1.2e-5 (relative) at step 91, on other CPUs by less. A gradient averaged wrongly, or a
        // bucket left out, moves the curve by orders of magnitude more than 1e-4.
        auto same_curve = [&](const QJsonArray& got, int from) {
            QCOMPARE(got.size(), kSteps);
            for (int i = from; i < kSteps; ++i) {
                const double e = expected[i][QStringLiteral("value")].toDouble();
                const double g = got[i][QStringLiteral("value")].toDouble();
                QVERIFY2(
                    std::abs(g - e) <= 1e-4 * std::abs(e),
                    qPrintable(QStringLiteral("step %1: %2 vs %3").arg(i + 1).arg(g, 0, 'g', 10).arg(e, 0, 'g', 10)));
            }
        };
        same_curve(metrics(store, 1, QStringLiteral("loss")), 0);

        QProcess p;
        p.start(QStringLiteral(LAYERMOE_CLI), two(broken.path()));
        QVERIFY(p.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(broken.path() + QStringLiteral("/model/checkpoints/step-000016")) ||
                                     p.state() == QProcess::NotRunning,
                                 180000);
        QVERIFY2(p.state() == QProcess::Running, "the run ended before a rank could be killed");
        // The ranks are the launcher's children; rank 1 is the second.
        QFile children(QStringLiteral("/proc/%1/task/%1/children").arg(p.processId()));
        QVERIFY(children.open(QIODevice::ReadOnly));
        const QList<QByteArray> pids = children.readAll().trimmed().split(' ');
        QCOMPARE(pids.size(), 2);
        QElapsedTimer timer;
        timer.start();
        ::kill(static_cast<pid_t>(pids[1].toLongLong()), SIGKILL);
        QVERIFY(p.waitForFinished(60000));
        const QByteArray err = p.readAllStandardError();
        qInfo("the job ended %lld ms after rank 1 was killed", timer.elapsed());
        QVERIFY(p.exitCode() != 0);
        QVERIFY2(err.contains("rank 1 (pid " + pids[1] + ") was killed by signal 9"), err.constData());
        QVERIFY2(err.contains("rank 0: error: rank 1 (pid " + pids[1] + ") is gone"), err.constData());
        const QString broken_store = broken.path() + QStringLiteral("/runs.sqlite");
        QCOMPARE(show_run(broken_store, 1)[QStringLiteral("status")].toString(), QStringLiteral("failed"));

        auto args = pretrain_args(corpus_.path(), broken.path(), kSteps);
        args << QStringLiteral("--resume");
        const auto resumed = run_cli(args);
        QVERIFY2(resumed.exit_code == 0, qPrintable(describe(resumed)));
        QCOMPARE(show_run(broken_store, 1)[QStringLiteral("status")].toString(), QStringLiteral("finished"));
        same_curve(metrics(broken_store, 1, QStringLiteral("loss")), 0);

        // A LayerMoE expansion on 2 ranks: rank 0 analyses and allocates, both train both stages,
        // rank 0 records the same runs as one process does, with the same curves.
        auto expand = [&](const QString& store_file, const QString& out, const QString& batch, bool parallel) {
            QStringList a = {QStringLiteral("expand"),
                             QStringLiteral("--model"),
                             whole.path() + QStringLiteral("/model"),
                             QStringLiteral("--corpus"),
                             corpus_.path(),
                             QStringLiteral("--old"),
                             QStringLiteral("eng,spa"),
                             QStringLiteral("--new"),
                             QStringLiteral("ell"),
                             QStringLiteral("--budget"),
                             QStringLiteral("6"),
                             QStringLiteral("--score-floor"),
                             QStringLiteral("0.01"),
                             QStringLiteral("--steps"),
                             QStringLiteral("12"),
                             QStringLiteral("--steps2"),
                             QStringLiteral("6"),
                             QStringLiteral("--batch"),
                             batch,
                             QStringLiteral("--threads"),
                             QStringLiteral("1"),
                             QStringLiteral("--tokens"),
                             QStringLiteral("2000"),
                             QStringLiteral("--eval-docs"),
                             QStringLiteral("10"),
                             QStringLiteral("--out"),
                             out,
                             QStringLiteral("--store"),
                             store_file};
            if (parallel) a << QStringLiteral("--nproc-per-node") << QStringLiteral("2");
            return run_cli(a, 600000);
        };
        const QString one_store = whole.path() + QStringLiteral("/expand.sqlite");
        const QString two_store = ranks.path() + QStringLiteral("/expand.sqlite");
        const auto one = expand(one_store, whole.path() + QStringLiteral("/expanded"), QStringLiteral("4"), false);
        QVERIFY2(one.exit_code == 0, qPrintable(describe(one)));
        const auto both = expand(two_store, ranks.path() + QStringLiteral("/expanded"), QStringLiteral("2"), true);
        QVERIFY2(both.exit_code == 0, qPrintable(describe(both)));
        auto kinds = [&](const QString& f) {
            QStringList out;
            for (const auto& r : run_cli({QStringLiteral("runs"), QStringLiteral("list"), QStringLiteral("--store"), f,
                                          QStringLiteral("--json")})
                                     .json()
                                     .array())
                out << r[QStringLiteral("kind")].toString() + QStringLiteral(":") +
                           r[QStringLiteral("status")].toString();
            return out;
        };
        QVERIFY2(kinds(two_store) == kinds(one_store),
                 qPrintable(kinds(two_store).join(QStringLiteral(",")) + QStringLiteral("\n") + describe(both)));
        QCOMPARE(kinds(one_store).size(), 4);  // analyze, allocate, stage1, stage2
        for (const auto& [run, stage] :
             {std::pair{3, QStringLiteral("stage1")}, std::pair{4, QStringLiteral("stage2")}}) {
            const QJsonArray e = metrics(one_store, run, QStringLiteral("loss"), stage);
            const QJsonArray g = metrics(two_store, run, QStringLiteral("loss"), stage);
            QCOMPARE(g.size(), e.size());
            QVERIFY(!e.isEmpty());
            for (int i = 0; i < e.size(); ++i)
                QVERIFY(std::abs(g[i][QStringLiteral("value")].toDouble() - e[i][QStringLiteral("value")].toDouble()) <=
                        1e-5 * std::abs(e[i][QStringLiteral("value")].toDouble()));
        }
    }

    // eval --tasks: a builtin task from the corpus and a task file, each scored per language and
    // recorded; a bad task line is one error naming the file and line.
    void eval_scores_multiple_choice_tasks() {
        QTemporaryDir work;
        QVERIFY(run_cli(pretrain_args(corpus_.path(), work.path(), 20)).exit_code == 0);
        const QString model = work.path() + QStringLiteral("/model");
        const QString store = work.path() + QStringLiteral("/runs.sqlite");
        const auto builtin =
            run_cli({QStringLiteral("eval"), QStringLiteral("--model"), model, QStringLiteral("--tasks"),
                     QStringLiteral("builtin:continuation"), QStringLiteral("--corpus"), corpus_.path(),
                     QStringLiteral("--langs"), QStringLiteral("eng,spa,ell"), QStringLiteral("--max-items"),
                     QStringLiteral("5"), QStringLiteral("--store"), store, QStringLiteral("--json")});
        QVERIFY2(builtin.exit_code == 0, qPrintable(describe(builtin)));
        const QJsonObject r = builtin.json().object();
        const QJsonArray results = r[QStringLiteral("results")].toArray();
        QCOMPARE(results.size(), 3);
        for (int i = 0; i < 2; ++i) {  // eng, spa
            QCOMPARE(results[i][QStringLiteral("items")].toInt(), 5);
            const double acc = results[i][QStringLiteral("acc_mutual_info")].toDouble(-1);
            QVERIFY(acc >= 0 && acc <= 1);
        }
        // Greek halves are longer than the tiny model's 64 bytes: left out and counted, no score.
        QCOMPARE(results[2][QStringLiteral("items")].toInt(), 0);
        QCOMPARE(results[2][QStringLiteral("skipped")].toInt(), 5);
        QCOMPARE(r[QStringLiteral("groups")].toArray().size(), 2);  // old (eng, spa), all; G1 has no score
        const QJsonObject run = show_run(store, r[QStringLiteral("run_id")].toInt());
        QVERIFY2(QJsonDocument(run).toJson().contains("acc_mutual_info"),
                 qPrintable(QString::fromUtf8(QJsonDocument(run).toJson())));

        const QString quiz = work.path() + QStringLiteral("/quiz_eng.jsonl");
        {
            std::ofstream out(quiz.toStdString());
            out << R"({"context": "the river runs", "choices": [" north", " 7"], "gold": 0})"
                << "\n"
                << R"({"context": "the old", "choices": [" market", " river"], "gold": 0})"
                << "\n";
        }
        const auto file = run_cli({QStringLiteral("eval"), QStringLiteral("--model"), model, QStringLiteral("--tasks"),
                                   quiz, QStringLiteral("--store"), QString(), QStringLiteral("--no-mutual-info")});
        QVERIFY2(file.exit_code == 0, qPrintable(describe(file)));
        QVERIFY2(file.out.contains("generic") && file.out.contains("eng") && !file.out.contains("acc_mutual_info"),
                 qPrintable(describe(file)));
        {
            std::ofstream out(quiz.toStdString(), std::ios::app);
            out << R"({"context": "x", "choices": [" y"], "gold": 4})"
                << "\n";
        }
        const auto bad =
            run_cli({QStringLiteral("eval"), QStringLiteral("--model"), model, QStringLiteral("--tasks"), quiz});
        QVERIFY(bad.exit_code != 0);
        QVERIFY2(bad.err.contains((quiz + QStringLiteral(":3: the answer 4")).toUtf8()), qPrintable(describe(bad)));
    }

    void errors_are_one_clear_line_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        const QString missing = QStringLiteral("/nonexistent/corpus");
        QTest::newRow("missing corpus") << QStringList{QStringLiteral("pretrain"), QStringLiteral("--corpus"), missing,
                                                       QStringLiteral("--langs"), QStringLiteral("eng")}
                                        << missing;
        QTest::newRow("unknown language")
            << QStringList{QStringLiteral("pretrain"), QStringLiteral("--corpus"), QString(), QStringLiteral("--langs"),
                           QStringLiteral("eng,xxq")}
            << QStringLiteral("xxq");
        QTest::newRow("missing model") << QStringList{QStringLiteral("eval"),
                                                      QStringLiteral("--model"),
                                                      QStringLiteral("/nonexistent/model"),
                                                      QStringLiteral("--corpus"),
                                                      QString(),
                                                      QStringLiteral("--langs"),
                                                      QStringLiteral("eng")}
                                       << QStringLiteral("/nonexistent/model");
        QTest::newRow("missing store") << QStringList{QStringLiteral("runs"), QStringLiteral("list"),
                                                      QStringLiteral("--store"),
                                                      QStringLiteral("/nonexistent/runs.sqlite")}
                                       << QStringLiteral("/nonexistent/runs.sqlite");
        QTest::newRow("not a store") << QStringList{QStringLiteral("runs"), QStringLiteral("list"),
                                                    QStringLiteral("--store"), QString()}
                                     << QStringLiteral("eng.txt");
        QTest::newRow("no such run") << QStringList{QStringLiteral("runs"), QStringLiteral("show"),
                                                    QStringLiteral("99"), QStringLiteral("--store"), QString()}
                                     << QStringLiteral("99");
    }
    // Bad input: a non-zero exit and one line on stderr that names what is wrong.
    void errors_are_one_clear_line() {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        QTemporaryDir work;
        const QString store = work.path() + QStringLiteral("/runs.sqlite");
        layermoe::Store{store.toStdString()};  // an empty store, for "no such run"
        const QString tag = QString::fromLatin1(QTest::currentDataTag());
        for (auto& a : args)
            if (a.isEmpty())
                a = tag == QStringLiteral("not a store")   ? corpus_.path() + QStringLiteral("/eng.txt")
                    : tag == QStringLiteral("no such run") ? store
                                                           : corpus_.path();
        const auto r = run_cli(args);
        QVERIFY2(r.exit_code != 0, qPrintable(describe(r)));
        // Progress lines may come first; the error is the last line, and the only one.
        const QStringList lines = QString::fromUtf8(r.err).trimmed().split(QLatin1Char('\n'));
        const QString err = lines.last();
        QVERIFY2(err.startsWith(QStringLiteral("layermoe: error: ")), qPrintable(describe(r)));
        QCOMPARE(lines.filter(QStringLiteral("error")).size(), 1);
        QVERIFY2(err.contains(mentions), qPrintable(describe(r)));
    }

    // A damaged model folder: one line naming config.json and the key, before any work, whatever
    // the verb. Each case used to end otherwise: SIGFPE (no heads), LibTorch's 25-frame
    // allocation backtrace (export of an absurd vocabulary), the JSON library's "cannot use
    // value() with boolean" after the whole evaluation (a bad "layermoe" section).
    void damaged_model_folder_is_one_line_before_work() {
        QTemporaryDir work;
        const auto trained = run_cli(pretrain_args(corpus_.path(), work.path(), 2));
        QVERIFY2(trained.exit_code == 0, qPrintable(describe(trained)));
        const QString model = work.path() + QStringLiteral("/model");
        const QString config_file = model + QStringLiteral("/config.json");
        QFile in(config_file);
        QVERIFY(in.open(QIODevice::ReadOnly));
        const QJsonObject config = QJsonDocument::fromJson(in.readAll()).object();
        in.close();
        const auto with = [&](const QString& key, const QJsonValue& value) {
            QJsonObject changed = config;
            changed[key] = value;
            QFile out(config_file);
            QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
            out.write(QJsonDocument(changed).toJson());
        };
        const QStringList eval = {QStringLiteral("eval"),
                                  QStringLiteral("--model"),
                                  model,
                                  QStringLiteral("--corpus"),
                                  corpus_.path(),
                                  QStringLiteral("--langs"),
                                  QStringLiteral("eng"),
                                  QStringLiteral("--threads"),
                                  QStringLiteral("1")};
        const QStringList exporting = {QStringLiteral("export"), QStringLiteral("--model"), model,
                                       QStringLiteral("--out"), work.path() + QStringLiteral("/hf")};
        const auto one_line = [&](const QStringList& args, const QString& expected) {
            const auto r = run_cli(args);
            QVERIFY2(r.exit_code == 1, qPrintable(describe(r)));
            const QStringList lines = QString::fromUtf8(r.err).trimmed().split(QLatin1Char('\n'));
            QVERIFY2(lines.size() == 1 && lines[0].startsWith(QStringLiteral("layermoe: error: ")) &&
                         lines[0].contains(expected),
                     qPrintable(describe(r)));
        };
        with(QStringLiteral("num_attention_heads"), 0);
        one_line(eval, QStringLiteral("config.json: num_attention_heads: must be at least 1, got 0"));
        with(QStringLiteral("vocab_size"), double(int64_t{1} << 30));
        one_line(exporting, QStringLiteral("loading needs about"));
        with(QStringLiteral("layermoe"), true);
        one_line(eval, QStringLiteral("config.json: layermoe: must be an object, got true"));
    }

    // A full disk (a file size limit here) while writing a checkpoint, an export or the store:
    // one line saying what failed and that what was there before is intact, which it is, byte
    // for byte; the run then resumes or runs again once there is room.
    void full_disk_keeps_what_was_there() {
        QTemporaryDir work;
        const QString model = work.path() + QStringLiteral("/model");
        const QString store = work.path() + QStringLiteral("/runs.sqlite");
        const auto first = run_cli(pretrain_args(corpus_.path(), work.path(), 16));  // checkpoints at 8 and 16
        QVERIFY2(first.exit_code == 0, qPrintable(describe(first)));
        const auto contents = [](const QString& dir) {
            std::map<QString, QByteArray> files;
            QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                QFile f(it.next());
                if (f.open(QIODevice::ReadOnly)) files[f.fileName()] = f.readAll();
            }
            return files;
        };
        const auto stored = [&] {
            layermoe::Store s(store.toStdString());
            QStringList out;
            for (const auto& run : s.list_runs())
                out << QStringLiteral("%1 %2 %3")
                           .arg(run.id)
                           .arg(QString::fromStdString(std::string(to_string(run.status))))
                           .arg(metrics(store, static_cast<int>(run.id), QStringLiteral("loss")).size());
            return out;
        };
        const auto model_before = contents(model);
        const QStringList runs_before = stored();
        QCOMPARE(runs_before, QStringList{QStringLiteral("1 finished 16")});
        constexpr rlim_t kLimit = 200 * 1024;  // below a checkpoint's weights and optimiser state

        // Checkpoint: step 24 cannot be written; step 16 stays, and --resume continues from it.
        const QStringList resume = pretrain_args(corpus_.path(), work.path(), 40) << QStringLiteral("--resume");
        const auto full = run_cli(resume, 120000, kLimit);
        QCOMPARE(full.exit_code, 1);
        QStringList lines = QString::fromUtf8(full.err).trimmed().split(QLatin1Char('\n'));
        QVERIFY2(lines.last().startsWith(QStringLiteral("layermoe: error: cannot write the checkpoint ")) &&
                     lines.last().contains(QStringLiteral("the previous checkpoint step-000016 is intact")),
                 qPrintable(describe(full)));
        QVERIFY(contents(model) == model_before);  // no .partial folder left, every file as it was
        const QStringList runs_after = stored();
        QCOMPARE(runs_after.first(), runs_before.first());
        QVERIFY2(runs_after.size() == 2 && runs_after[1].startsWith(QStringLiteral("2 failed")),
                 qPrintable(runs_after.join(QLatin1Char(','))));
        const auto resumed = run_cli(resume);
        QVERIFY2(resumed.exit_code == 0, qPrintable(describe(resumed)));

        // Export: nothing at the target, no half folder beside it; then it exports.
        const QString hf = work.path() + QStringLiteral("/hf");
        const QStringList exporting = {QStringLiteral("export"), QStringLiteral("--model"), model,
                                       QStringLiteral("--out"), hf};
        const auto no_room = run_cli(exporting, 120000, kLimit);
        QCOMPARE(no_room.exit_code, 1);
        QVERIFY2(no_room.err.trimmed().endsWith("nothing was written there"), qPrintable(describe(no_room)));
        QVERIFY(!QFileInfo::exists(hf) && !QFileInfo::exists(hf + QStringLiteral(".partial")));
        const auto exported = run_cli(exporting);
        QVERIFY2(exported.exit_code == 0 && QFileInfo::exists(hf + QStringLiteral("/config.json")),
                 qPrintable(describe(exported)));

        // Store: an evaluation (which writes nothing else) cannot grow the store's write-ahead
        // log; the runs it held stay, and it passes SQLite's integrity check.
        const QStringList runs_kept = stored();
        const auto store_full =
            run_cli({QStringLiteral("eval"), QStringLiteral("--model"), model, QStringLiteral("--corpus"),
                     corpus_.path(), QStringLiteral("--langs"), QStringLiteral("eng,spa,ell"),
                     QStringLiteral("--threads"), QStringLiteral("1"), QStringLiteral("--store"), store},
                    120000, 40 * 1024);
        QCOMPARE(store_full.exit_code, 1);
        lines = QString::fromUtf8(store_full.err).trimmed().split(QLatin1Char('\n'));
        QVERIFY2(lines.last().contains(store) && lines.last().contains(QStringLiteral("the store keeps what it held")),
                 qPrintable(describe(store_full)));
        QCOMPARE(stored().mid(0, runs_kept.size()), runs_kept);
        QCOMPARE(QString::fromStdString(integrity(store)), QStringLiteral("ok"));
    }

    // Two jobs writing one model folder: the second stops before any work, in one line naming the
    // folder and the first (its pid); once the first is killed the kernel has released the folder,
    // and a job may write it again.
    void second_writer_of_a_folder_is_refused() {
        QTemporaryDir work;
        QProcess first;
        first.start(QStringLiteral(LAYERMOE_CLI), pretrain_args(corpus_.path(), work.path(), 1000000));
        QVERIFY(first.waitForStarted());
        const auto stop_first = qScopeGuard([&] {
            first.kill();
            first.waitForFinished();
        });
        const QString model = work.path() + QStringLiteral("/model");
        const QString holder = QStringLiteral("pid %1, layermoe pretraining").arg(first.processId());
        auto lock_text = [&] {
            QFile f(model + QStringLiteral("/.layermoe.lock"));
            return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
        };
        QTRY_VERIFY_WITH_TIMEOUT(lock_text().contains(holder), 60000);
        const auto second = run_cli(pretrain_args(corpus_.path(), work.path(), 4));
        QCOMPARE(second.exit_code, 1);
        const QStringList lines = QString::fromUtf8(second.err).trimmed().split(QLatin1Char('\n'));
        QVERIFY2(lines.size() == 1 && lines[0].contains(model + QStringLiteral(" is being written by another process (") +
                                                        holder + QLatin1Char(')')),
                 qPrintable(describe(second)));
        QCOMPARE(first.state(), QProcess::Running);  // the first was not disturbed
        first.kill();
        QVERIFY(first.waitForFinished());
        const auto third = run_cli(pretrain_args(corpus_.path(), work.path(), 4));
        QVERIFY2(third.exit_code == 0, qPrintable(describe(third)));
    }

    // A read-only workspace is refused when its store is opened, in words; nothing is run. As
    // root, permissions do not stop writes: a tmpfs mounted read-only stands in, where allowed.
    void read_only_workspace_is_refused_at_open() {
        QTemporaryDir work;
        const QString folder = work.path() + QStringLiteral("/workspace");
        QVERIFY(QDir().mkpath(folder));
        const QString store = folder + QStringLiteral("/runs.sqlite");
        const bool root = ::geteuid() == 0;
        const auto mount = [&](const QStringList& args) {
            return QProcess::execute(QStringLiteral("mount"), args) == 0;
        };
        if (root && !mount({QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                            QStringLiteral("size=4m"), QStringLiteral("tmpfs"), folder}))
            QSKIP("running as root without permission to mount a tmpfs: no folder here is read-only to this process");
        const auto unmount = qScopeGuard([&] {
            if (root) QProcess::execute(QStringLiteral("umount"), {folder});
        });
        { layermoe::Store created(store.toStdString()); }
        if (root)
            QVERIFY(mount({QStringLiteral("-o"), QStringLiteral("remount,ro"), folder}));
        else
            QVERIFY(QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::ExeOwner));
        const auto restore = qScopeGuard([&] {
            QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        });
        for (const QStringList& args :
             {QStringList{QStringLiteral("runs"), QStringLiteral("list"), QStringLiteral("--store"), store},
              pretrain_args(corpus_.path(), folder, 2)}) {
            const auto r = run_cli(args);
            QCOMPARE(r.exit_code, 1);
            const QStringList lines = QString::fromUtf8(r.err).trimmed().split(QLatin1Char('\n'));
            QVERIFY2(lines.size() == 1 && lines[0].contains(store + QStringLiteral(": its folder ")) &&
                         lines[0].contains(QStringLiteral("is read-only")),
                     qPrintable(describe(r)));
        }
        QVERIFY(!QFileInfo::exists(folder + QStringLiteral("/model")));
    }

    // analyze -> allocate on a trained model: scores in the store and in a CSV, an allocation from
    // either, recorded as a child run of the analysis. (New languages in the trained script: the
    // tiny model's similarity to unseen Greek bytes is negative, which allocation refuses.)
    void analyze_then_allocate() {
        QTemporaryDir work;
        const QString store = work.path() + QStringLiteral("/runs.sqlite"),
                      csv = work.path() + QStringLiteral("/scores.csv");
        QVERIFY(run_cli(pretrain_args(corpus_.path(), work.path(), 20)).exit_code == 0);
        const auto analyzed = run_cli({QStringLiteral("analyze"),
                                       QStringLiteral("--model"),
                                       work.path() + QStringLiteral("/model"),
                                       QStringLiteral("--corpus"),
                                       corpus_.path(),
                                       QStringLiteral("--old"),
                                       QStringLiteral("eng,spa"),
                                       QStringLiteral("--new"),
                                       QStringLiteral("tur,deu"),
                                       QStringLiteral("--tokens"),
                                       QStringLiteral("400"),
                                       QStringLiteral("--split"),
                                       QStringLiteral("all"),
                                       QStringLiteral("--threads"),
                                       QStringLiteral("1"),
                                       QStringLiteral("--store"),
                                       store,
                                       QStringLiteral("--csv"),
                                       csv,
                                       QStringLiteral("--json")});
        QVERIFY2(analyzed.exit_code == 0, qPrintable(describe(analyzed)));
        const QJsonObject analysis = analyzed.json().object();
        const int analysis_run = analysis[QStringLiteral("run_id")].toInt();
        const QJsonArray scores = analysis[QStringLiteral("scores")].toArray();
        QCOMPARE(scores.size(), 2);  // the tiny preset's layers
        for (const auto& s : scores) {
            const double nn = s[QStringLiteral("s_new_new")].toDouble(), no = s[QStringLiteral("s_new_old")].toDouble();
            QCOMPARE(s[QStringLiteral("s")].toDouble(), (nn + no) / 2);
        }
        const QJsonObject layer0 = analysis[QStringLiteral("similarity")].toArray()[0].toObject();
        QCOMPARE(layer0[QStringLiteral("counts")].toArray()[0].toInt(), 400);
        QCOMPARE(show_run(store, analysis_run)[QStringLiteral("parent")].toInt(), 1);
        QVERIFY(QFileInfo::exists(csv));

        auto allocate = [&](const QStringList& source) {
            return run_cli(QStringList{QStringLiteral("allocate")} + source +
                           QStringList{QStringLiteral("--budget"), QStringLiteral("5"), QStringLiteral("--rule"),
                                       QStringLiteral("exact"), QStringLiteral("--classifier-top"), QStringLiteral("1"),
                                       QStringLiteral("--store"), store, QStringLiteral("--json")});
        };
        const auto from_run = allocate({QStringLiteral("--run"), QString::number(analysis_run)});
        const auto from_csv = allocate({QStringLiteral("--similarity"), csv});
        QVERIFY2(from_run.exit_code == 0, qPrintable(describe(from_run)));
        QVERIFY2(from_csv.exit_code == 0, qPrintable(describe(from_csv)));
        const QJsonObject a = from_run.json().object(), b = from_csv.json().object();
        QCOMPARE(a[QStringLiteral("total_experts")].toInt(), 5);
        QCOMPARE(a[QStringLiteral("layers")], b[QStringLiteral("layers")]);
        QCOMPARE(a[QStringLiteral("classifier_layers")].toInt(), 1);
        QVERIFY(a[QStringLiteral("new_parameters")].toDouble() > 0);  // the shape comes from the analysis run
        QCOMPARE(show_run(store, a[QStringLiteral("run_id")].toInt())[QStringLiteral("parent")].toInt(), analysis_run);

        // Bad input: each a one-line error naming the problem.
        const auto small = run_cli({QStringLiteral("allocate"), QStringLiteral("--run"), QString::number(analysis_run),
                                    QStringLiteral("--budget"), QStringLiteral("1"), QStringLiteral("--store"), store});
        QCOMPARE(small.exit_code, 1);
        QVERIFY2(small.err.contains("smaller than the 2 layers"), qPrintable(describe(small)));
        const QString bad_csv = work.path() + QStringLiteral("/bad.csv");
        QFile f(bad_csv);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("layer,s_new_new,s_new_old\n0,0.1,0.05\n2,0.1,0.05\n");
        f.close();
        const auto missing = run_cli({QStringLiteral("allocate"), QStringLiteral("--similarity"), bad_csv,
                                      QStringLiteral("--budget"), QStringLiteral("4")});
        QCOMPARE(missing.exit_code, 1);
        QVERIFY2(missing.err.contains("bad.csv") && missing.err.contains("layer 1"), qPrintable(describe(missing)));
        const auto unknown =
            run_cli({QStringLiteral("analyze"), QStringLiteral("--model"), work.path() + QStringLiteral("/model"),
                     QStringLiteral("--corpus"), corpus_.path(), QStringLiteral("--old"), QStringLiteral("eng"),
                     QStringLiteral("--new"), QStringLiteral("qqq")});
        QCOMPARE(unknown.exit_code, 1);
        QVERIFY2(unknown.err.contains("qqq"), qPrintable(describe(unknown)));
    }

    // A model exported as a Hugging Face checkpoint (shards with an index, tokenizer.json, no file
    // of ours) is analysed exactly as the model folder it came from; `memory` plans for it.
    void analyze_runs_on_an_exported_hf_checkpoint() {
        QTemporaryDir work;
        QVERIFY(run_cli(pretrain_args(corpus_.path(), work.path(), 10)).exit_code == 0);
        const QString model = work.path() + QStringLiteral("/model"), hf = work.path() + QStringLiteral("/hf");
        const auto exported =
            run_cli({QStringLiteral("export"), QStringLiteral("--model"), model, QStringLiteral("--out"), hf,
                     QStringLiteral("--max-shard-size"), QStringLiteral("100KB")});
        QVERIFY2(exported.exit_code == 0, qPrintable(describe(exported)));
        QVERIFY2(exported.out.contains("shards"), qPrintable(describe(exported)));
        QVERIFY(QFileInfo::exists(hf + QStringLiteral("/model.safetensors.index.json")));
        QVERIFY(QFileInfo::exists(hf + QStringLiteral("/tokenizer.json")));
        QVERIFY(!QFileInfo::exists(hf + QStringLiteral("/layermoe_tokenizer.json")));
        QVERIFY(!QFileInfo::exists(hf + QStringLiteral("/model.safetensors")));
        auto analyze = [&](const QString& dir) {
            const auto r =
                run_cli({QStringLiteral("analyze"), QStringLiteral("--model"), dir, QStringLiteral("--corpus"),
                         corpus_.path(), QStringLiteral("--old"), QStringLiteral("eng,spa"), QStringLiteral("--new"),
                         QStringLiteral("tur,deu"), QStringLiteral("--tokens"), QStringLiteral("300"),
                         QStringLiteral("--split"), QStringLiteral("all"), QStringLiteral("--threads"),
                         QStringLiteral("1"), QStringLiteral("--store"), QString(), QStringLiteral("--json")});
            [&] { QVERIFY2(r.exit_code == 0, qPrintable(describe(r))); }();
            return r.json().object();
        };
        const QJsonObject ours = analyze(model), theirs = analyze(hf);
        QVERIFY(!ours[QStringLiteral("scores")].toArray().isEmpty());
        QCOMPARE(theirs[QStringLiteral("scores")], ours[QStringLiteral("scores")]);
        QCOMPARE(theirs[QStringLiteral("similarity")], ours[QStringLiteral("similarity")]);

        const auto again =
            run_cli({QStringLiteral("export"), QStringLiteral("--model"), model, QStringLiteral("--out"), hf});
        QCOMPARE(again.exit_code, 1);
        QVERIFY2(again.err.contains("not an empty folder"), qPrintable(describe(again)));

        const auto plan = run_cli({QStringLiteral("memory"), QStringLiteral("--model"), hf, QStringLiteral("--work"),
                                   QStringLiteral("train"), QStringLiteral("--batch"), QStringLiteral("4")});
        QVERIFY2(plan.exit_code == 0, qPrintable(describe(plan)));
        QVERIFY2(plan.out.contains("gradients and AdamW moments") && plan.out.contains("fits"),
                 qPrintable(describe(plan)));
        const auto huge = run_cli({QStringLiteral("analyze"), QStringLiteral("--model"), hf, QStringLiteral("--corpus"),
                                   corpus_.path(), QStringLiteral("--old"), QStringLiteral("eng"),
                                   QStringLiteral("--new"), QStringLiteral("tur"), QStringLiteral("--batch"),
                                   QStringLiteral("100000000"), QStringLiteral("--store"), QString()});
        QCOMPARE(huge.exit_code, 1);
        QVERIFY2(huge.err.contains("analysis needs about") && huge.err.contains("free"), qPrintable(describe(huge)));
    }

    // A BPE tokenizer trained on the corpus, then a model pretrained with it: the model folder
    // carries the tokenizer files, and evaluation and analysis read them back.
    void trained_bpe_tokenizer_for_pretraining() {
        QTemporaryDir work;
        const QString tok = work.path() + QStringLiteral("/tok");
        const auto trained =
            run_cli({QStringLiteral("tokenizer"), QStringLiteral("--corpus"), corpus_.path(), QStringLiteral("--langs"),
                     QStringLiteral("eng,spa,ell"), QStringLiteral("--vocab"), QStringLiteral("400"),
                     QStringLiteral("--out"), tok, QStringLiteral("--json")});
        QVERIFY2(trained.exit_code == 0, qPrintable(describe(trained)));
        const QJsonObject summary = trained.json().object();
        QCOMPARE(summary[QStringLiteral("vocab_size")].toInt(), 400);
        // Merges compress: more than one byte per token on every language.
        for (const auto& v : summary[QStringLiteral("bytes_per_token")].toObject()) QVERIFY(v.toDouble() > 1.5);
        auto args = pretrain_args(corpus_.path(), work.path(), 6);
        args << QStringLiteral("--tokenizer") << tok;
        const auto pretrained = run_cli(args);
        QVERIFY2(pretrained.exit_code == 0, qPrintable(describe(pretrained)));
        const QString model = work.path() + QStringLiteral("/model");
        QVERIFY(QFileInfo::exists(model + QStringLiteral("/tokenizer.json")));
        QFile description(model + QStringLiteral("/layermoe_tokenizer.json"));
        QVERIFY(description.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(description.readAll()).object()[QStringLiteral("type")].toString(),
                 QStringLiteral("bpe"));
        const auto evaluated =
            run_cli({QStringLiteral("eval"), QStringLiteral("--model"), model, QStringLiteral("--corpus"),
                     corpus_.path(), QStringLiteral("--langs"), QStringLiteral("eng,ell"), QStringLiteral("--store"),
                     QString(), QStringLiteral("--json")});
        QVERIFY2(evaluated.exit_code == 0, qPrintable(describe(evaluated)));
        QVERIFY2(evaluated.out.contains("bits_per_byte"), qPrintable(describe(evaluated)));
        const auto bad = run_cli({QStringLiteral("tokenizer"), QStringLiteral("--corpus"), corpus_.path(),
                                  QStringLiteral("--langs"), QStringLiteral("eng"), QStringLiteral("--vocab"),
                                  QStringLiteral("100"), QStringLiteral("--out"), tok});
        QCOMPARE(bad.exit_code, 1);
        QVERIFY2(bad.err.contains("at least 258"), qPrintable(describe(bad)));
    }

    void every_verb_has_help_data() {
        QTest::addColumn<QStringList>("verb");
        for (const char* v : {"pretrain", "eval", "analyze", "allocate", "demo", "export", "memory", "tokenizer",
                              "runs list", "runs show", "runs metrics"})
            QTest::newRow(v) << QString::fromLatin1(v).split(QLatin1Char(' '));
    }
    void every_verb_has_help() {
        QFETCH(QStringList, verb);
        const auto r = run_cli(verb + QStringList{QStringLiteral("--help")});
        QCOMPARE(r.exit_code, 0);
        QVERIFY2(r.out.contains("Options:") || r.out.contains("OPTIONS:"), qPrintable(describe(r)));
    }

private:
    QTemporaryDir corpus_;
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
