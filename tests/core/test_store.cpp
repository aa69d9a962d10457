// The experiment store: round trips, migration from schema v1, refusal of files it must not
// touch, readers working while a trainer writes, and crash detection of running runs.
#include "core/common/error.h"
#include "core/store/liveness.h"
#include "core/store/store.h"

#include <QtTest>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <csignal>
#include <fstream>
#include <thread>

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace layermoe;
namespace fs = std::filesystem;

namespace {

// Raw access for building databases the way older programs or other processes would.
class RawDb {
public:
    explicit RawDb(const fs::path& file) { sqlite3_open(file.c_str(), &db_); }
    ~RawDb() { sqlite3_close(db_); }
    void exec(const std::string& sql) {
        char* error = nullptr;
        if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
            const std::string message = error ? error : "?";
            sqlite3_free(error);
            QFAIL(qPrintable(QString::fromStdString(sql + ": " + message)));
        }
    }
    std::string text(const std::string& sql) {
        sqlite3_stmt* stmt = nullptr;
        sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr);
        std::string result;
        if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0))
            result = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
        sqlite3_finalize(stmt);
        return result;
    }

private:
    sqlite3* db_ = nullptr;
};

// Schema v1 as the first release wrote it, copied here on purpose: the migration must work
// from what old files contain, not from whatever the program's v1 step says today.
const char* const kV1Schema = R"sql(
CREATE TABLE runs(id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES runs(id),
  kind TEXT NOT NULL, status TEXT NOT NULL, name TEXT NOT NULL DEFAULT '',
  config_json TEXT NOT NULL DEFAULT '{}', seed INTEGER NOT NULL DEFAULT 0,
  started TEXT NOT NULL, finished TEXT NOT NULL DEFAULT '', code_version TEXT NOT NULL DEFAULT '');
CREATE INDEX runs_parent ON runs(parent_id);
CREATE TABLE metrics(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  stage TEXT NOT NULL, step INTEGER NOT NULL, language TEXT NOT NULL DEFAULT 'all',
  name TEXT NOT NULL, value REAL);
CREATE INDEX metrics_run_name_step ON metrics(run_id, name, step);
CREATE TABLE eval_results(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  task TEXT NOT NULL, language TEXT NOT NULL, metric TEXT NOT NULL, value REAL,
  n INTEGER NOT NULL DEFAULT 0);
CREATE INDEX eval_results_run ON eval_results(run_id);
CREATE TABLE artifacts(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  path TEXT NOT NULL, kind TEXT NOT NULL, sha256 TEXT NOT NULL DEFAULT '');
CREATE INDEX artifacts_run ON artifacts(run_id);
PRAGMA user_version = 1;
)sql";

// Schema v2's step as that release wrote it (v1 plus process ownership and run languages).
const char* const kV2Step = R"sql(
ALTER TABLE runs ADD COLUMN pid INTEGER;
ALTER TABLE runs ADD COLUMN pid_start INTEGER;
ALTER TABLE runs ADD COLUMN boot_id TEXT;
CREATE INDEX runs_status ON runs(status);
CREATE TABLE languages(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL, code TEXT NOT NULL, grp TEXT NOT NULL, PRIMARY KEY(run_id, code));
PRAGMA user_version = 2;
)sql";

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

SimilarityReport sample_similarity(const std::string& kind) {
    SimilarityReport report;
    report.kind = kind;
    for (int64_t layer = 0; layer < 3; ++layer) {
        SimilarityMatrix m;
        m.layer = layer;
        m.languages = {"eng", "spa", "ell"};
        for (int a = 0; a < 3; ++a)
            for (int b = 0; b < 3; ++b)
                m.values.push_back(a == b ? 1.0 : 0.01 * (layer + 1) + 0.001 * (a + b) + 1.0 / 3.0 * 1e-3);
        m.counts = {100 + layer, 200, 300};
        report.layers.push_back(m);
    }
    report.layers[1].values[5] = kNaN;  // a language with no token
    return report;
}

bool same_values(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i])))) return false;
    return true;
}

std::string file_bytes(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_bytes(const fs::path& file, const std::string& bytes) { std::ofstream(file, std::ios::binary) << bytes; }

// Message of the Error `f` throws; fails the test when it throws nothing.
template <typename F>
QString error_of(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return QString::fromUtf8(e.what());
    }
    return QStringLiteral("<no error thrown>");
}

NewRun sample_run(const std::string& kind = "pretrain") {
    return NewRun{parse_run_kind(kind), nlohmann::json{{"lr", 3e-4}}, 7, std::nullopt, "run", "abc123"};
}

// A process that has exited, identified as it was while it ran.
ProcessIdentity exited_child() {
    const pid_t child = fork();
    if (child == 0) {
        pause();
        _exit(0);
    }
    const auto start = process_start_ticks(child);
    kill(child, SIGKILL);
    waitpid(child, nullptr, 0);
    return {child, start.value_or(-1), current_process()->boot_id};
}

}  // namespace

class TestStore : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> dir_;
    fs::path db_path(const char* name = "runs.sqlite") const { return fs::path(dir_->path().toStdString()) / name; }

private slots:
    void init() {
        dir_ = std::make_unique<QTemporaryDir>();
        QVERIFY(dir_->isValid());
    }

    void createsWalStoreAtLatestVersion() {
        {
            Store store(db_path());
            QCOMPARE(store.schema_version(), Store::kSchemaVersion);
            QCOMPARE(store.path(), db_path());
            QVERIFY(store.list_runs().empty());
        }
        QVERIFY(fs::exists(db_path()));
        RawDb raw(db_path());
        QCOMPARE(raw.text("PRAGMA journal_mode"), std::string("wal"));
        QCOMPARE(raw.text("PRAGMA user_version"), std::to_string(Store::kSchemaVersion));
    }

    void runRoundTrip_data() {
        QTest::addColumn<QString>("config");
        QTest::addColumn<quint64>("seed");
        QTest::addColumn<QString>("name");
        QTest::newRow("flat") << QStringLiteral(R"({"lr":0.0003,"steps":1000})") << quint64(42)
                              << QStringLiteral("base");
        QTest::newRow("nested unicode") << QStringLiteral(R"({"langs":["de","ru"],"note":"Grüße, 世界",
                "moe":{"experts":[2,4],"topk":1,"aux":null}})")
                                        << quint64(0) << QStringLiteral("G1 expansion");
        QTest::newRow("max seed, empty name") << QStringLiteral("{}") << quint64(UINT64_MAX) << QString();
        QTest::newRow("null config") << QStringLiteral("null") << quint64(1) << QStringLiteral("x");
    }
    void runRoundTrip() {
        QFETCH(QString, config);
        QFETCH(quint64, seed);
        QFETCH(QString, name);
        const auto json = nlohmann::json::parse(config.toStdString());
        int64_t id = 0;
        {
            Store store(db_path());
            id = store.create_run({RunKind::Pretrain, json, seed, std::nullopt, name.toStdString(), "v9"});
            const auto run = store.get_run(id);
            QVERIFY(run);
            QCOMPARE(run->status, RunStatus::Running);
            QVERIFY(run->finished.empty());
            store.finish_run(id, RunStatus::Finished);
        }
        Store reopened(db_path());
        const auto runs = reopened.list_runs();
        QCOMPARE(runs.size(), size_t(1));
        const RunRecord& run = runs[0];
        QCOMPARE(run.id, id);
        QCOMPARE(run.kind, RunKind::Pretrain);
        QCOMPARE(run.config, json);
        QCOMPARE(run.seed, uint64_t(seed));
        QCOMPARE(run.name, name.toStdString());
        QCOMPARE(run.code_version, std::string("v9"));
        QCOMPARE(run.status, RunStatus::Finished);
        QVERIFY(!run.parent);
        const QRegularExpression iso(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$"));
        QVERIFY(iso.match(QString::fromStdString(run.started)).hasMatch());
        QVERIFY(iso.match(QString::fromStdString(run.finished)).hasMatch());
        QVERIFY(run.started <= run.finished);
    }

    void finishRunRejectsBadInput() {
        Store store(db_path());
        const int64_t id = store.create_run(sample_run());
        QVERIFY(
            error_of([&] { store.finish_run(id, RunStatus::Running); }).contains(QStringLiteral("cannot finish run")));
        QVERIFY(error_of([&] { store.finish_run(id + 5, RunStatus::Failed); }).contains(QStringLiteral("no run")));
        QCOMPARE(store.get_run(id)->status, RunStatus::Running);
        QVERIFY(!store.get_run(id + 5));
    }

    void parentLineage() {
        Store store(db_path());
        const int64_t base = store.create_run(sample_run("pretrain"));
        NewRun g1 = sample_run("stage1");
        g1.parent = base;
        const int64_t g1_id = store.create_run(g1);
        NewRun g2 = sample_run("stage2");
        g2.parent = g1_id;
        const int64_t g2_id = store.create_run(g2);

        QCOMPARE(store.get_run(g2_id)->parent, std::optional<int64_t>(g1_id));
        QCOMPARE(store.get_run(g1_id)->parent, std::optional<int64_t>(base));
        QVERIFY(!store.get_run(base)->parent);

        NewRun orphan = sample_run();
        orphan.parent = 999;
        QVERIFY(error_of([&] { store.create_run(orphan); }).contains(QStringLiteral("parent run 999")));
        QCOMPARE(store.list_runs().size(), size_t(3));
    }

    void metricsBufferedThenVisibleAfterFlush() {
        Store writer(db_path());
        writer.set_metric_batching(1000, std::chrono::hours(1));
        const int64_t run = writer.create_run(sample_run());
        Store reader(db_path());
        // Logged out of step order and across stages, as a resumed trainer might.
        writer.log_metric({run, "warmup", 2, "all", "loss", 3.0});
        writer.log_metric({run, "warmup", 1, "all", "loss", 4.0});
        writer.log_metric({run, "stage1", 1, "de", "loss", 2.0});
        writer.log_metric({run, "warmup", 1, "all", "lr", 1e-4});
        writer.log_metric({run, "stage1", 2, "all", "loss", std::nan("")});
        writer.log_metric({run, "stage1", 3, "all", "loss", -kInf});
        QCOMPARE(writer.pending_metrics(), size_t(6));
        QVERIFY(writer.metrics(run).empty());
        QCOMPARE(reader.metric_count(run), int64_t(0));

        writer.flush();
        QCOMPARE(writer.pending_metrics(), size_t(0));
        QCOMPARE(reader.metric_count(run), int64_t(6));
        QCOMPARE(reader.metric_count(run, "loss"), int64_t(5));

        const auto loss = reader.metrics(run, "loss");
        QCOMPARE(loss.size(), size_t(5));
        // Stages in the order first logged (warmup before stage1), steps ascending in each.
        QCOMPARE(loss[0].stage, std::string("warmup"));
        QCOMPARE(loss[0].step, int64_t(1));
        QCOMPARE(loss[0].value, 4.0);
        QCOMPARE(loss[1].step, int64_t(2));
        QCOMPARE(loss[2].stage, std::string("stage1"));
        QCOMPARE(loss[2].language, std::string("de"));
        QVERIFY(std::isnan(loss[3].value));
        QCOMPARE(loss[4].value, -kInf);
        QCOMPARE(loss[4].run, run);
        QCOMPARE(reader.metrics(run).size(), size_t(6));
        QCOMPARE(reader.metrics(run, "lr")[0].value, 1e-4);
    }

    void metricsFlushWhenBatchFullOrOld() {
        Store writer(db_path());
        const int64_t run = writer.create_run(sample_run());
        Store reader(db_path());
        writer.set_metric_batching(3, std::chrono::hours(1));
        writer.log_metric({run, "s", 1, "all", "loss", 1});
        writer.log_metric({run, "s", 2, "all", "loss", 1});
        QCOMPARE(reader.metric_count(run), int64_t(0));
        writer.log_metric({run, "s", 3, "all", "loss", 1});
        QCOMPARE(reader.metric_count(run), int64_t(3));

        writer.set_metric_batching(1000, std::chrono::milliseconds(30));
        writer.log_metric({run, "s", 4, "all", "loss", 1});
        QCOMPARE(reader.metric_count(run), int64_t(3));
        std::this_thread::sleep_for(std::chrono::milliseconds(40));
        writer.log_metric({run, "s", 5, "all", "loss", 1});
        QCOMPARE(reader.metric_count(run), int64_t(5));
    }

    void metricsFlushedByFinishAndDestruction() {
        Store reader(db_path());
        int64_t first = 0, second = 0;
        {
            Store writer(db_path());
            first = writer.create_run(sample_run());
            second = writer.create_run(sample_run());
            writer.log_metric({first, "s", 1, "all", "loss", 1});
            writer.finish_run(first, RunStatus::Finished);
            QCOMPARE(reader.metric_count(first), int64_t(1));
            writer.log_metric({second, "s", 1, "all", "loss", 1});
            QCOMPARE(reader.metric_count(second), int64_t(0));
        }
        QCOMPARE(reader.metric_count(second), int64_t(1));
    }

    void metricForUnknownRunFailsAtLogTime() {
        Store store(db_path());
        QVERIFY(error_of([&] {
                    store.log_metric({41, "s", 1, "all", "loss", 1});
                }).contains(QStringLiteral("run 41 does not exist")));
        QCOMPARE(store.pending_metrics(), size_t(0));
    }

    void evalResultsRoundTrip() {
        Store store(db_path());
        const int64_t run = store.create_run(sample_run("eval"));
        const int64_t other = store.create_run(sample_run("eval"));
        store.add_eval_result({run, "xnli", "de", "accuracy", 0.61, 5010});
        store.add_eval_result({run, "xnli", "ru", "accuracy", 0.58, 5010});
        store.add_eval_result({other, "ppl", "all", "perplexity", 12.5, 100});
        const auto results = store.eval_results(run);
        QCOMPARE(results.size(), size_t(2));
        QCOMPARE(results[1].run, run);
        QCOMPARE(results[1].task, std::string("xnli"));
        QCOMPARE(results[1].language, std::string("ru"));
        QCOMPARE(results[1].metric, std::string("accuracy"));
        QCOMPARE(results[1].value, 0.58);
        QCOMPARE(results[1].n, int64_t(5010));
        QCOMPARE(store.eval_results(other).size(), size_t(1));
        QVERIFY(error_of([&] { store.add_eval_result({77, "t", "l", "m", 1, 1}); }).contains(QStringLiteral("run 77")));
        // Re-recording a task drops only that task of that run.
        store.add_eval_result({run, "arc", "de", "acc", 0.3, 10});
        store.clear_eval_results(run, "xnli");
        QCOMPARE(store.eval_results(run).size(), size_t(1));
        QCOMPARE(store.eval_results(run)[0].task, std::string("arc"));
        QCOMPARE(store.eval_results(other).size(), size_t(1));
    }

    void artifactsRoundTrip() {
        Store store(db_path());
        const int64_t run = store.create_run(sample_run());
        const std::string hash(64, 'a');
        const fs::path inside = db_path("checkpoints/step_1000.safetensors");
        store.add_artifact({run, inside.string(), "checkpoint", hash});
        store.add_artifact({run, "/elsewhere/report.html", "report", ""});
        store.add_artifact({run, "relative/to/the/caller.bin", "model", ""});
        const auto found = store.artifacts(run);
        QCOMPARE(found.size(), size_t(3));
        QCOMPARE(found[0].path, inside.string());
        QCOMPARE(found[0].kind, std::string("checkpoint"));
        QCOMPARE(found[0].sha256, hash);
        QCOMPARE(found[1].path, std::string("/elsewhere/report.html"));
        QCOMPARE(found[1].kind, std::string("report"));
        QCOMPARE(found[2].path, std::string("relative/to/the/caller.bin"));
        QVERIFY(store.artifacts(run + 1).empty());
    }

    // A workspace copied elsewhere finds its own files and its models' runs, not the original's.
    void copiedWorkspaceKeepsItsPathsAndLineage() {
        int64_t run = 0;
        nlohmann::json meta;
        {
            Store store(db_path());
            run = store.create_run(sample_run());
            store.add_artifact({run, db_path("models/base").string(), "model", ""});
            meta = model_run_meta(&store, run);
            QCOMPARE(meta.at("store_id").get<std::string>().size(), size_t(32));
            QCOMPARE(store.run_of_model(meta)->id, run);
        }
        QTemporaryDir copy;
        const fs::path copied = fs::path(copy.path().toStdString()) / "runs.sqlite";
        fs::copy_file(db_path(), copied);
        Store store(copied);
        QCOMPARE(store.artifacts(run).at(0).path, (copied.parent_path() / "models/base").string());
        QCOMPARE(store.run_of_model(meta)->id, run);  // the meta still names the original's path
        Store other(db_path("other.sqlite"));
        QVERIFY(other.id() != store.id());
        QVERIFY(!other.run_of_model(meta));
    }

    void runLanguagesReplaceAndKeepOrder() {
        Store store(db_path());
        const int64_t run = store.create_run(sample_run());
        store.set_run_languages(run, {{"ru", "slavic"}, {"de", "germanic"}, {"uk", "slavic"}});
        store.set_run_languages(run, {{"uk", "slavic"}, {"en", "germanic"}});
        const RunLanguages expected{{"uk", "slavic"}, {"en", "germanic"}};
        QCOMPARE(store.run_languages(run), expected);
        QVERIFY(error_of([&] {
                    store.set_run_languages(run, {{"de", "a"}, {"de", "b"}});
                }).contains(QStringLiteral("listed twice")));
        QCOMPARE(store.run_languages(run), expected);
    }

    void migratesV1Database() {
        {
            RawDb raw(db_path());
            raw.exec(kV1Schema);
            raw.exec(R"sql(
INSERT INTO runs VALUES(1, NULL, 'pretrain', 'finished', 'base', '{"d_model":256}', 11,
  '2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z', 'old1');
INSERT INTO runs VALUES(2, 1, 'stage1', 'running', 'g1', '{"experts":4}', 12,
  '2024-01-03T00:00:00Z', '', 'old1');
INSERT INTO metrics VALUES(1, 'pretrain', 10, 'all', 'loss', 2.5);
INSERT INTO metrics VALUES(1, 'pretrain', 20, 'all', 'loss', 2.25);
INSERT INTO metrics VALUES(2, 'stage1', 5, 'de', 'loss', 1.5);
INSERT INTO eval_results VALUES(1, 'xnli', 'de', 'accuracy', 0.5, 100);)sql");
        }
        Store store(db_path());
        QCOMPARE(store.schema_version(), Store::kSchemaVersion);
        const auto runs = store.list_runs();
        QCOMPARE(runs.size(), size_t(2));
        QCOMPARE(runs[0].config, nlohmann::json({{"d_model", 256}}));
        QCOMPARE(runs[0].finished, std::string("2024-01-02T00:00:00Z"));
        QCOMPARE(runs[1].parent, std::optional<int64_t>(1));
        QCOMPARE(runs[1].seed, uint64_t(12));
        // Its program predates liveness records and cannot be writing to a migrated file.
        QCOMPARE(runs[1].status, RunStatus::Interrupted);
        const auto loss = store.metrics(1, "loss");
        QCOMPARE(loss.size(), size_t(2));
        QCOMPARE(loss[1].value, 2.25);
        QCOMPARE(store.metrics(2)[0].language, std::string("de"));
        QCOMPARE(store.eval_results(1).size(), size_t(1));
        store.set_run_languages(1, {{"de", "germanic"}});
        QCOMPARE(store.run_languages(1).size(), size_t(1));
        const int64_t fresh = store.create_run(sample_run());
        QCOMPARE(fresh, int64_t(3));
    }

    // Another connection's commit changes data_version; one's own writes and reads do not.
    void dataVersionSeesOtherWriters() {
        Store viewer(db_path());
        Store writer(db_path());
        const int64_t before = viewer.data_version();
        QCOMPARE(viewer.data_version(), before);
        viewer.create_run(sample_run());
        QCOMPARE(viewer.data_version(), before);
        writer.create_run(sample_run());
        QVERIFY(viewer.data_version() != before);
    }

    // A v2 store (before analyses were stored) gains the analysis tables, its runs intact.
    void migratesV2Database() {
        {
            RawDb raw(db_path());
            raw.exec(kV1Schema);
            raw.exec(kV2Step);
            raw.exec(R"sql(
INSERT INTO runs VALUES(1, NULL, 'pretrain', 'finished', 'base', '{}', 1,
  '2025-01-01T00:00:00Z', '2025-01-01T01:00:00Z', 'v2', NULL, NULL, NULL);
INSERT INTO languages VALUES(1, 0, 'eng', 'old');)sql");
        }
        Store store(db_path());
        QCOMPARE(store.schema_version(), Store::kSchemaVersion);
        QCOMPARE(store.id().size(), size_t(32));  // v4 gave it an id
        QCOMPARE(store.get_run(1)->status, RunStatus::Finished);
        QCOMPARE(store.run_languages(1).size(), size_t(1));
        store.save_similarity(1, sample_similarity("mean"));
        QVERIFY(store.similarity(1, "mean").has_value());
    }

    // Similarity matrices (NaN included), layer scores and allocations come back exactly.
    void analysisResultsRoundTrip() {
        Store store(db_path());
        const int64_t run = store.create_run(sample_run("analyze"));
        const auto mean = sample_similarity("mean"), aligned = sample_similarity("aligned");
        store.save_similarity(run, mean);
        store.save_similarity(run, aligned);
        store.save_similarity(run, mean);  // saving again replaces
        QCOMPARE(store.similarity_kinds(run), (std::vector<std::string>{"mean", "aligned"}));
        const auto back = store.similarity(run, "mean").value();
        QCOMPARE(back.kind, std::string("mean"));
        QCOMPARE(back.layers.size(), mean.layers.size());
        for (size_t i = 0; i < mean.layers.size(); ++i) {
            QCOMPARE(back.layers[i].layer, mean.layers[i].layer);
            QCOMPARE(back.layers[i].languages, mean.layers[i].languages);
            QCOMPARE(back.layers[i].counts, mean.layers[i].counts);
            QVERIFY(same_values(back.layers[i].values, mean.layers[i].values));
        }
        QVERIFY(!store.similarity(run, "other").has_value());

        const std::vector<LayerScore> scores = {{0, 0.05, 0.04, 0.045}, {1, kNaN, 0.07, 0.07}};
        store.save_layer_scores(run, "mean", scores);
        const auto scores_back = store.layer_scores(run, "mean");
        QCOMPARE(scores_back.size(), size_t(2));
        QCOMPARE(scores_back[0].s, 0.045);
        QVERIFY(std::isnan(scores_back[1].s_new_new));
        QCOMPARE(scores_back[1].s_new_old, 0.07);
        QVERIFY(store.layer_scores(run, "aligned").empty());

        Allocation allocation;
        allocation.layers = {{0, 0.045, 3, 2, false}, {1, 0.07, 1, 0, true}};
        const int64_t alloc_run = store.create_run(sample_run("allocate"));
        store.save_allocation(alloc_run, allocation);
        const auto layers = store.allocation(alloc_run);
        QCOMPARE(layers.size(), size_t(2));
        QCOMPARE(layers[0].experts, int64_t(3));
        QCOMPARE(layers[0].new_experts, int64_t(2));
        QVERIFY(layers[1].classifier);
        QVERIFY(!layers[0].classifier);
        QVERIFY(store.allocation(run).empty());
        QVERIFY_THROWS_EXCEPTION(Error, store.save_similarity(run + 100, mean));
    }

    void refusesNewerSchemaUntouched() {
        {
            RawDb raw(db_path());
            raw.exec("CREATE TABLE runs(id INTEGER PRIMARY KEY, future TEXT);"
                     "INSERT INTO runs VALUES(1, 'x');");
            raw.exec("PRAGMA user_version = " + std::to_string(Store::kSchemaVersion + 5));
        }
        const std::string before = file_bytes(db_path());
        const QString message = error_of([&] { Store store(db_path()); });
        QVERIFY2(message.contains(QStringLiteral("runs.sqlite")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("newer than this program")), qPrintable(message));
        QVERIFY(file_bytes(db_path()) == before);
        QVERIFY(!fs::exists(db_path().string() + "-wal"));
    }

    void refusesNonSqliteFile_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("text") << QStringLiteral("notes.txt") << QByteArray("loss went down, then up\n");
        QTest::newRow("json config") << QStringLiteral("config.json") << QByteArray(R"({"lr": 0.1})");
        QTest::newRow("one byte") << QStringLiteral("x.sqlite") << QByteArray("S");
        QTest::newRow("binary") << QStringLiteral("model.safetensors") << QByteArray(4096, '\x07');
    }
    void refusesNonSqliteFile() {
        QFETCH(QString, file);
        QFETCH(QByteArray, content);
        const fs::path path = db_path(qPrintable(file));
        write_bytes(path, content.toStdString());
        const QString message = error_of([&] { Store store(path); });
        QVERIFY2(message.contains(file), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("not an SQLite database")), qPrintable(message));
        QCOMPARE(file_bytes(path), content.toStdString());
    }

    void refusesForeignSqliteDatabase() {
        RawDb(db_path("photos.db")).exec("CREATE TABLE photos(id INTEGER PRIMARY KEY);");
        const QString message = error_of([&] { Store store(db_path("photos.db")); });
        QVERIFY2(message.contains(QStringLiteral("photos.db")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("not a LayerMoE experiment store")), qPrintable(message));
    }

    void refusesFolderAndMissingFolder() {
        QVERIFY(error_of([&] { Store store(db_path("")); }).contains(QStringLiteral("is a folder")));
        QVERIFY(
            error_of([&] { Store store(db_path("nope") / "runs.sqlite"); }).contains(QStringLiteral("does not exist")));
    }

    void readerQueriesWhileWriterLogs() {
        constexpr int64_t kPoints = 50000;
        const std::array<std::string, 8> kNames{"m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7"};
        const int64_t run = Store(db_path()).create_run(sample_run());
        std::atomic<bool> reader_ready{false}, writer_done{false};
        std::string writer_error, reader_error;
        std::vector<int64_t> seen;

        std::thread writer([&] {
            try {
                Store store(db_path());
                store.set_metric_batching(500, std::chrono::milliseconds(1000));
                while (!reader_ready) std::this_thread::yield();
                for (int64_t i = 0; i < kPoints; ++i) {
                    store.log_metric({run, "pretrain", i / 8, "all", kNames[i % 8], double(i)});
                    if (i % 2000 == 0)  // a slice of training between logging bursts
                        std::this_thread::sleep_for(std::chrono::milliseconds(2));
                }
                store.finish_run(run, RunStatus::Finished);
            } catch (const std::exception& e) {
                writer_error = e.what();
            }
            writer_done = true;
        });
        std::thread reader([&] {
            try {
                Store store(db_path());
                reader_ready = true;
                bool last = false;
                while (!last) {
                    last = writer_done.load();
                    if (store.list_runs().size() != 1) throw std::runtime_error("the reader lost the run");
                    seen.push_back(static_cast<int64_t>(store.metrics(run, "m0").size()) * 8);
                }
            } catch (const std::exception& e) {
                reader_error = e.what();
                reader_ready = true;
            }
        });
        writer.join();
        reader.join();
        QVERIFY2(writer_error.empty(), writer_error.c_str());
        QVERIFY2(reader_error.empty(), reader_error.c_str());
        QVERIFY(std::is_sorted(seen.begin(), seen.end()));
        QCOMPARE(seen.back(), kPoints);
        const auto in_between = std::count_if(seen.begin(), seen.end(), [](int64_t n) { return n > 0 && n < kPoints; });
        QVERIFY2(in_between > 0, "the reader never saw the writer half-way");
        QCOMPARE(Store(db_path()).metric_count(run), kPoints);
    }

    void readersNeverWaitForAnOpenWriteTransaction() {
        Store writer(db_path());
        const int64_t run = writer.create_run(sample_run());
        writer.log_metric({run, "s", 1, "all", "loss", 1});
        writer.flush();
        RawDb trainer(db_path());
        // The strongest lock a writer can hold; with a rollback journal it shuts readers out.
        trainer.exec("BEGIN EXCLUSIVE; INSERT INTO metrics VALUES(1, 's', 2, 'all', 'loss', 2);");
        QElapsedTimer timer;
        timer.start();
        std::optional<Store> reader;
        const QString message = error_of([&] {
            reader.emplace(db_path());
            reader->list_runs();
        });
        QVERIFY2(reader && message.contains(QStringLiteral("no error")), qPrintable(message));
        QCOMPARE(reader->metric_count(run), int64_t(1));  // the uncommitted point is not seen
        QCOMPARE_LT(timer.elapsed(), 2000);
        trainer.exec("COMMIT");
        QCOMPARE(reader->metric_count(run), int64_t(2));
    }

    void twoWritersWaitForEachOther() {
        constexpr int64_t kPoints = 20000;
        int64_t runs[2] = {};
        {
            Store store(db_path());
            runs[0] = store.create_run(sample_run());
            runs[1] = store.create_run(sample_run());
        }
        std::string errors[2];
        const auto write = [&](int w) {
            try {
                Store store(db_path());
                store.set_metric_batching(50, std::chrono::milliseconds(1000));
                for (int64_t i = 0; i < kPoints; ++i) store.log_metric({runs[w], "s", i, "all", "loss", double(i)});
                store.set_run_languages(runs[w], {{"de", "germanic"}});
            } catch (const std::exception& e) {
                errors[w] = e.what();
            }
        };
        std::thread first(write, 0), second(write, 1);
        first.join();
        second.join();
        QVERIFY2(errors[0].empty(), errors[0].c_str());
        QVERIFY2(errors[1].empty(), errors[1].c_str());
        Store store(db_path());
        QCOMPARE(store.metric_count(runs[0]), kPoints);
        QCOMPARE(store.metric_count(runs[1]), kPoints);
    }

    void deadRunsBecomeInterrupted_data() {
        QTest::addColumn<QString>("owner");
        QTest::addColumn<QString>("expected");
        const auto row = [](const char* tag, const char* owner, const char* expected) {
            QTest::newRow(tag) << QString::fromLatin1(owner) << QString::fromLatin1(expected);
        };
        row("this live process", "self", "running");
        row("exited process", "exited", "interrupted");
        row("pid never existed", "no such pid", "interrupted");
        row("pid reused by a later process", "reused", "interrupted");
        row("before a reboot", "other boot", "interrupted");
        row("no process recorded", "none", "interrupted");
    }
    void deadRunsBecomeInterrupted() {
        QFETCH(QString, owner);
        QFETCH(QString, expected);
        const ProcessIdentity self = current_process().value();
        ProcessIdentity recorded = self;
        if (owner == QStringLiteral("exited"))
            recorded = exited_child();
        else if (owner == QStringLiteral("no such pid"))
            recorded.pid = 0x7ffffff0;  // above any pid_max Linux allows
        else if (owner == QStringLiteral("reused"))
            recorded.start_ticks += 1;
        else if (owner == QStringLiteral("other boot"))
            recorded.boot_id = "00000000-0000-0000-0000-000000000000";

        int64_t run = 0, finished = 0;
        {
            Store store(db_path());
            run = store.create_run(sample_run());
            finished = store.create_run(sample_run());
            store.finish_run(finished, RunStatus::Finished);
        }
        {
            RawDb raw(db_path());
            if (owner == QStringLiteral("none"))
                raw.exec("UPDATE runs SET pid = NULL, pid_start = NULL, boot_id = NULL");
            else
                raw.exec(fmt_update(recorded));
        }
        Store store(db_path());
        QCOMPARE(QString::fromUtf8(to_string(store.get_run(run)->status).data()), expected);
        QCOMPARE(store.get_run(finished)->status, RunStatus::Finished);
        QVERIFY(store.get_run(run)->finished.empty());
        QCOMPARE(store.mark_dead_runs_interrupted(), int64_t(0));
    }

    void resumeRunContinuesFromCheckpointStep_data() {
        QTest::addColumn<QString>("status");
        QTest::addColumn<bool>("resumable");
        QTest::newRow("interrupted") << QStringLiteral("interrupted") << true;
        QTest::newRow("cancelled") << QStringLiteral("cancelled") << true;
        QTest::newRow("failed") << QStringLiteral("failed") << true;
        QTest::newRow("finished") << QStringLiteral("finished") << false;
        QTest::newRow("still running") << QStringLiteral("running") << false;
    }
    // A resumed run drops what its dead process logged after the checkpoint and is running again.
    void resumeRunContinuesFromCheckpointStep() {
        QFETCH(QString, status);
        QFETCH(bool, resumable);
        Store store(db_path());
        const int64_t run = store.create_run(sample_run());
        for (int64_t step = 1; step <= 8; ++step) {
            store.log_metric({run, "pretrain", step, "all", "loss", 10.0 - step});
            store.log_metric({run, "other", step, "all", "loss", 1.0});
        }
        if (status != QStringLiteral("running")) store.finish_run(run, *parse_run_status(status.toStdString()));
        store.flush();
        if (!resumable) {
            QVERIFY_THROWS_EXCEPTION(Error, store.resume_run(run, "pretrain", 5));
            QCOMPARE(QString::fromUtf8(to_string(store.get_run(run)->status).data()), status);
            QCOMPARE(store.metric_count(run), int64_t(16));
            return;
        }
        store.resume_run(run, "pretrain", 5);
        const auto record = store.get_run(run).value();
        QCOMPARE(record.status, RunStatus::Running);
        QVERIFY(record.finished.empty());
        int64_t pretrain = 0, last = 0;
        for (const auto& m : store.metrics(run, "loss"))
            if (m.stage == "pretrain") {
                ++pretrain;
                last = m.step;
            }
        QCOMPARE(pretrain, int64_t(5));
        QCOMPARE(last, int64_t(5));
        QCOMPARE(store.metric_count(run), int64_t(13));  // the other stage is untouched
        // Owned by this live process: reopening the store does not mark it interrupted.
        Store again(db_path());
        QCOMPARE(again.get_run(run)->status, RunStatus::Running);
        QVERIFY_THROWS_EXCEPTION(Error, store.resume_run(run + 100, "pretrain", 5));
    }

private:
    static std::string fmt_update(const ProcessIdentity& p) {
        return "UPDATE runs SET pid = " + std::to_string(p.pid) + ", pid_start = " + std::to_string(p.start_ticks) +
               ", boot_id = '" + p.boot_id + "'";
    }
};

QTEST_APPLESS_MAIN(TestStore)
#include "test_store.moc"
