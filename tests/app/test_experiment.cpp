// Expansion and experiments through the `layermoe` program: an experiment file runs the base and
// every method with one lineage in the store and a comparison; a fixed allocation is trained as
// it is, linked to its analysis and to the base's run; spec errors name the file and the key; a
// killed expansion resumes onto the uninterrupted curve; a second expansion (lifelong) leaves the
// G1 experts bit-identical.
#include <QtTest>

#include <algorithm>
#include <csignal>
#include <fstream>

#include <signal.h>

#include "cli_test_util.h"
#include "core/io/safetensors.h"
#include "core/store/store.h"

using layermoe::RunKind;
using layermoe::RunStatus;

namespace fs = std::filesystem;
using layermoe::SafetensorsFile;

namespace {

QStringList expand_args(const QString& model, const QString& corpus, const QString& out, const QStringList& extra) {
    return QStringList{QStringLiteral("expand"),
                       QStringLiteral("--model"),
                       model,
                       QStringLiteral("--corpus"),
                       corpus,
                       QStringLiteral("--batch"),
                       QStringLiteral("4"),
                       QStringLiteral("--tokens"),
                       QStringLiteral("300"),
                       QStringLiteral("--eval-docs"),
                       QStringLiteral("5"),
                       QStringLiteral("--threads"),
                       QStringLiteral("1"),
                       QStringLiteral("--out"),
                       out + QStringLiteral("/models"),
                       QStringLiteral("--store"),
                       out + QStringLiteral("/runs.sqlite"),
                       QStringLiteral("--json")} +
           extra;
}

const QStringList kLayerMoe = {QStringLiteral("--old"),
                               QStringLiteral("eng,spa"),
                               QStringLiteral("--new"),
                               QStringLiteral("ell,tur"),
                               QStringLiteral("--budget"),
                               QStringLiteral("4"),
                               QStringLiteral("--rule"),
                               QStringLiteral("exact"),
                               QStringLiteral("--min"),
                               QStringLiteral("2"),
                               QStringLiteral("--classifier-top"),
                               QStringLiteral("1"),
                               QStringLiteral("--score-floor"),
                               QStringLiteral("0.01")};

void write_text(const QString& file, const QByteArray& text) {
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

std::vector<std::byte> tensor_bytes(const SafetensorsFile& file, const std::string& name) {
    const auto bytes = file.bytes(file.at(name));
    return {bytes.begin(), bytes.end()};
}

}  // namespace

class TestExperiment : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        write_corpus(corpus_.path());
        auto args = pretrain_args(corpus_.path(), base_.path(), 30);
        args[args.indexOf(QStringLiteral("ell"))] = QStringLiteral("ell,tur");
        args << QStringLiteral("--new2") << QStringLiteral("deu");
        const auto r = run_cli(args);
        QVERIFY2(r.exit_code == 0, qPrintable(describe(r)));
    }

    // An experiment file: the base and three methods on the same data, one lineage in the store,
    // a comparison whose changes are the differences of its own numbers.
    void experiment_runs_every_method() {
        QTemporaryDir work;
        const QString spec = work.path() + QStringLiteral("/spec.json");
        write_text(spec, QStringLiteral(R"({
  "name": "test", "corpus": "%1", "workspace": "ws", "base": "%2",
  "old": ["eng", "spa"], "new": ["ell", "tur"],
  "methods": [
    {"name": "LayerMoE", "method": "layermoe", "budget": 4, "min": 2, "classifier_top": 1, "score_floor": 0.01},
    {"name": "MoE-LPR", "method": "moe-lpr", "uniform": 3},
    {"name": "Dense", "method": "dense"}
  ],
  "stage1": {"steps": 6, "batch": 4}, "stage2": {"steps": 4, "batch": 4},
  "analysis_tokens": 300, "eval_documents": 5, "threads": 1,
  "tasks": ["builtin:continuation"], "task_items": 4
})")
                             .arg(corpus_.path(), base_.path() + QStringLiteral("/model"))
                             .toUtf8());
        const auto r = run_cli({QStringLiteral("experiment"), spec, QStringLiteral("--json")}, 300000);
        QVERIFY2(r.exit_code == 0, qPrintable(describe(r)));
        const QJsonArray rows = r.json().object()[QStringLiteral("rows")].toArray();
        QCOMPARE(rows.size(), 4);
        QCOMPARE(rows[0][QStringLiteral("method")].toString(), QStringLiteral("base"));
        QCOMPARE(rows[1][QStringLiteral("new_experts")].toInt(), 2);  // budget 4 over 2 layers, 2 each
        QCOMPARE(rows[2][QStringLiteral("new_experts")].toInt(), 4);  // 3 per layer
        QCOMPARE(rows[3][QStringLiteral("new_experts")].toInt(), 0);
        for (int i = 1; i < 4; ++i) {
            double change = 0;
            for (const char* l : {"eng", "spa"})
                change += rows[i][QStringLiteral("bpb")][QLatin1String(l)].toDouble() -
                          rows[0][QStringLiteral("bpb")][QLatin1String(l)].toDouble();
            QVERIFY(std::abs(rows[i][QStringLiteral("old_change")].toDouble() - change / 2) < 1e-12);
        }
        QVERIFY(QFileInfo::exists(work.path() + QStringLiteral("/ws/comparison.csv")));
        // Every model scored on the task, per language and group, recorded against its run.
        for (int i = 0; i < 4; ++i) {
            const QJsonObject task = rows[i][QStringLiteral("tasks")][QStringLiteral("continuation")].toObject();
            QCOMPARE(task[QStringLiteral("languages")].toObject().size(), 4);
            QCOMPARE(task[QStringLiteral("languages")][QStringLiteral("tur")][QStringLiteral("items")].toInt(), 4);
            const double old_mi =
                task[QStringLiteral("groups")][QStringLiteral("old")][QStringLiteral("acc_mutual_info")].toDouble(-1);
            QVERIFY(old_mi >= 0 && old_mi <= 1);
        }
        QVERIFY(r.out.contains("continuation"));

        layermoe::Store store((work.path() + QStringLiteral("/ws/runs.sqlite")).toStdString());
        std::map<int64_t, layermoe::RunRecord> runs;
        for (const auto& run : store.list_runs()) {
            QCOMPARE(run.status, RunStatus::Finished);
            runs[run.id] = run;
        }
        // LayerMoE: stage2 -> stage1 -> allocate -> analyze, each the parent of the next.
        const int64_t stage2 = rows[1][QStringLiteral("run_id")].toInt();
        std::vector<std::string> chain;
        for (std::optional<int64_t> id = stage2; id && runs.count(*id); id = runs[*id].parent)
            chain.push_back(std::string(layermoe::to_string(runs[*id].kind)));
        QCOMPARE(chain, (std::vector<std::string>{"stage2", "stage1", "allocate", "analyze"}));
        QCOMPARE(runs.begin()->second.kind, RunKind::Experiment);
        // Every run of the experiment, the base's evaluation included, names it in its config.
        const int64_t base_eval = rows[0][QStringLiteral("run_id")].toInt();
        QCOMPARE(runs[base_eval].kind, RunKind::Eval);
        for (const int64_t id : {base_eval, stage2})
            QCOMPARE(runs[id].config.value("experiment", int64_t{0}), runs.begin()->first);
        int task_rows = 0;
        for (const auto& e : store.eval_results(stage2)) task_rows += e.task == "continuation" && e.metric == "acc";
        QCOMPARE(task_rows, 3 + 3);  // eng, spa, tur (Greek halves do not fit the tiny model), old / G1 / all
    }

    // "seeds": every method runs once per seed on the one base, each run recording its seed, into
    // its own folder; the comparison's row is the mean over the seeds with their runs listed, and
    // the paper's claims are read from LayerMoE against MoE-LPR. --seeds replaces the file's.
    void experiment_runs_every_seed() {
        QTemporaryDir work;
        const QString spec = work.path() + QStringLiteral("/spec.json");
        write_text(spec, QStringLiteral(R"({
  "name": "seeds", "corpus": "%1", "workspace": "ws", "base": "%2",
  "old": ["eng", "spa"], "new": ["ell", "tur"],
  "methods": [
    {"name": "LayerMoE", "method": "layermoe", "budget": 4, "min": 2, "classifier_top": 1, "score_floor": 0.01},
    {"name": "MoE-LPR", "method": "moe-lpr", "uniform": 3}
  ],
  "stage1": {"steps": 4, "batch": 4}, "stage2": {"steps": 2, "batch": 4},
  "analysis_tokens": 300, "eval_documents": 5, "threads": 1, "seeds": [1, 2, 3]
})")
                             .arg(corpus_.path(), base_.path() + QStringLiteral("/model"))
                             .toUtf8());
        const auto r = run_cli({QStringLiteral("experiment"), spec, QStringLiteral("--seeds"), QStringLiteral("3,5"),
                                QStringLiteral("--json")},
                               300000);
        QVERIFY2(r.exit_code == 0, qPrintable(describe(r)));
        const QJsonObject out = r.json().object();
        QCOMPARE(out[QStringLiteral("seeds")].toArray().size(), 2);
        const QJsonArray rows = out[QStringLiteral("rows")].toArray();
        QCOMPARE(rows.size(), 3);  // the base and the two methods, each over its seeds
        QCOMPARE(rows[0][QStringLiteral("seeds")].toArray().size(), 1);
        layermoe::Store store((work.path() + QStringLiteral("/ws/runs.sqlite")).toStdString());
        for (int i = 1; i < 3; ++i) {
            const QJsonArray seeds = rows[i][QStringLiteral("seeds")].toArray();
            QCOMPARE(seeds.size(), 2);
            double mean = 0;
            for (int k = 0; k < 2; ++k) {
                const int seed = k == 0 ? 3 : 5;
                QCOMPARE(seeds[k][QStringLiteral("seed")].toInt(), seed);
                const auto run = store.get_run(seeds[k][QStringLiteral("run_id")].toInt());
                QVERIFY(run);
                QCOMPARE(run->seed, static_cast<uint64_t>(seed));
                QCOMPARE(run->config["stage1"]["seed"].get<int>(), seed);  // as the stages trained
                mean += seeds[k][QStringLiteral("bpb")][QStringLiteral("tur")].toDouble() / 2;
            }
            // Different seeds train differently; the row is their mean.
            QVERIFY(seeds[0][QStringLiteral("bpb")][QStringLiteral("tur")].toDouble() !=
                    seeds[1][QStringLiteral("bpb")][QStringLiteral("tur")].toDouble());
            QVERIFY(std::abs(rows[i][QStringLiteral("bpb")][QStringLiteral("tur")].toDouble() - mean) < 1e-12);
            QCOMPARE(rows[i][QStringLiteral("old_change_interval")][QStringLiteral("units")].toInt(),
                     10);  // 5 a language
            QCOMPARE(rows[i][QStringLiteral("group_intervals")][QStringLiteral("old")][QStringLiteral("n")].toInt(), 2);
        }
        for (const char* folder : {"layermoe-seed3", "layermoe-seed5", "moe-lpr-seed3", "moe-lpr-seed5"})
            QVERIFY2(QFileInfo::exists(work.path() + QStringLiteral("/ws/models/") + QLatin1String(folder) +
                                       QStringLiteral("/stage2/config.json")),
                     folder);
        const QJsonArray claims = out[QStringLiteral("claims")].toArray();
        QCOMPARE(claims.size(), 3);
        QCOMPARE(claims[0][QStringLiteral("verdict")].toString(), QStringLiteral("holds"));  // 2 vs 4 new experts
        for (const auto& claim : claims) QVERIFY(!claim[QStringLiteral("verdict")].toString().isEmpty());
        // A seed listed twice is refused before any work.
        const auto twice =
            run_cli({QStringLiteral("experiment"), spec, QStringLiteral("--seeds"), QStringLiteral("2,2")});
        QCOMPARE(twice.exit_code, 1);
        QVERIFY2(twice.err.contains("\"seeds\" lists a seed twice"), qPrintable(describe(twice)));
    }

    // A method with a fixed allocation (what the workbench's "Use this allocation" hands on) trains
    // exactly its experts per layer and classifier layers, without a second analysis, recorded
    // with the analysis run it came from. The base was made by a run of the same store: that run
    // is the parent of the experiment run, the base's evaluation, the analysis and dense stage 1.
    void fixed_allocation_is_trained_with_its_lineage() {
        QTemporaryDir work;
        const QString store = work.path() + QStringLiteral("/runs.sqlite");
        const QString model = work.path() + QStringLiteral("/model");
        const auto pretrained = run_cli(pretrain_args(corpus_.path(), work.path(), 8));
        QVERIFY2(pretrained.exit_code == 0, qPrintable(describe(pretrained)));
        const auto analysed = run_cli(
            {QStringLiteral("analyze"), QStringLiteral("--model"), model, QStringLiteral("--corpus"), corpus_.path(),
             QStringLiteral("--old"), QStringLiteral("eng,spa"), QStringLiteral("--new"), QStringLiteral("ell,tur"),
             QStringLiteral("--tokens"), QStringLiteral("300"), QStringLiteral("--threads"), QStringLiteral("1"),
             QStringLiteral("--store"), store, QStringLiteral("--json")});
        QVERIFY2(analysed.exit_code == 0, qPrintable(describe(analysed)));
        const int64_t analysis = analysed.json()[QStringLiteral("run_id")].toInteger();
        const auto allocated = run_cli(
            {QStringLiteral("allocate"), QStringLiteral("--run"), QString::number(analysis), QStringLiteral("--store"),
             store, QStringLiteral("--budget"), QStringLiteral("5"), QStringLiteral("--rule"), QStringLiteral("exact"),
             QStringLiteral("--min"), QStringLiteral("2"), QStringLiteral("--classifier-top"), QStringLiteral("1"),
             QStringLiteral("--score-floor"), QStringLiteral("0.01"), QStringLiteral("--json")});
        QVERIFY2(allocated.exit_code == 0, qPrintable(describe(allocated)));
        // Edited so that no allocation by its own config (budget 5) gives it: 4 + 2 experts, the
        // classifier on layer 1. An experiment that allocated again would train something else.
        auto fixed = nlohmann::json::parse(allocated.out.toStdString());
        fixed["layers"][0]["experts"] = 4;
        fixed["layers"][1]["experts"] = 2;
        fixed["layers"][0]["classifier"] = false;
        fixed["layers"][1]["classifier"] = true;
        const nlohmann::json spec_json = {
            {"name", "fixed"},
            {"corpus", corpus_.path().toStdString()},
            {"workspace", "ws"},
            {"store", "runs.sqlite"},
            {"base", "model"},
            {"old", {"eng", "spa"}},
            {"new", {"ell", "tur"}},
            {"methods",
             {{{"name", "LayerMoE"}, {"method", "layermoe"}, {"fixed_allocation", fixed}, {"analysis_run", analysis}},
              {{"name", "Dense"}, {"method", "dense"}}}},
            {"stage1", {{"steps", 3}, {"batch", 4}}},
            {"stage2", {{"steps", 2}, {"batch", 4}}},
            {"eval_documents", 3},
            {"threads", 1}};
        const QString spec = work.path() + QStringLiteral("/spec.json");
        write_text(spec, QByteArray::fromStdString(spec_json.dump(2)));
        const auto r = run_cli({QStringLiteral("experiment"), spec, QStringLiteral("--json")}, 300000);
        QVERIFY2(r.exit_code == 0, qPrintable(describe(r)));
        const QJsonArray rows = r.json().object()[QStringLiteral("rows")].toArray();
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows[1][QStringLiteral("new_experts")].toInt(), 3 + 1);

        // The trained model: experts per layer (original, then G1's) and the classifier layers chosen.
        const auto config = nlohmann::json::parse(
            std::ifstream((work.path() + QStringLiteral("/ws/models/layermoe/stage2/config.json")).toStdString()));
        QVERIFY2(config["moe"]["experts_per_wave"] == nlohmann::json({{1, 3}, {1, 1}}), config["moe"].dump().c_str());
        QVERIFY2(config["moe"]["classifier_layers"] == nlohmann::json({1}), config["moe"].dump().c_str());

        layermoe::Store runs_store(store.toStdString());
        std::map<int64_t, layermoe::RunRecord> runs;
        int analyses = 0;
        for (const auto& run : runs_store.list_runs()) {
            runs[run.id] = run;
            analyses += run.kind == RunKind::Analyze;
        }
        QCOMPARE(analyses, 1);  // the experiment did not analyse again
        const int64_t pretrain = runs.begin()->first;
        QCOMPARE(runs.at(pretrain).kind, RunKind::Pretrain);
        std::vector<std::string> chain;
        std::vector<int64_t> ids;
        for (std::optional<int64_t> id = rows[1][QStringLiteral("run_id")].toInteger(); id && runs.count(*id);
             id = runs[*id].parent) {
            chain.push_back(std::string(layermoe::to_string(runs[*id].kind)));
            ids.push_back(*id);
        }
        QCOMPARE(chain, (std::vector<std::string>{"stage2", "stage1", "allocate", "analyze", "pretrain"}));
        QCOMPARE(ids[3], analysis);
        const auto& stage1 = runs.at(ids[1]);
        QCOMPARE(stage1.config.value("analysis_run", int64_t{0}), analysis);
        QCOMPARE(layermoe::Allocation::from_json(stage1.config.at("fixed_allocation")).layers[0].experts, int64_t{4});
        QCOMPARE(runs.at(ids[2]).config.value("analysis_run", int64_t{0}), analysis);
        QCOMPARE(runs_store.allocation(ids[2]).at(0).experts, int64_t{4});
        // The base's run is the parent of the experiment, of the base's evaluation and of dense stage 1.
        for (const auto& [id, run] : runs)
            if (run.kind == RunKind::Experiment) QCOMPARE(run.parent.value_or(0), pretrain);
        QCOMPARE(runs.at(rows[0][QStringLiteral("run_id")].toInteger()).parent.value_or(0), pretrain);
        std::optional<int64_t> dense = rows[2][QStringLiteral("run_id")].toInteger();
        while (dense && runs.at(*dense).kind != RunKind::Stage1) dense = runs.at(*dense).parent;
        QVERIFY(dense);
        QCOMPARE(runs.at(*dense).parent.value_or(0), pretrain);
    }

    void spec_errors_name_file_and_key_data() {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("error");
        const QString ok =
            QStringLiteral(R"("corpus": "c", "workspace": "w", "base": "b", "old": ["eng"], "new": ["ell"])");
        QTest::newRow("unknown key")
            << QStringLiteral(R"({%1, "methods": [{"method": "layermoe", "budjet": 4}]})").arg(ok)
            << QStringLiteral("methods[0]: unknown key \"budjet\"");
        QTest::newRow("unknown method") << QStringLiteral(R"({%1, "methods": [{"method": "moe"}]})").arg(ok)
                                        << QStringLiteral("unknown method 'moe'");
        QTest::newRow("wrong type")
            << QStringLiteral(R"({%1, "methods": [{"method": "dense"}], "stage1": {"steps": "ten"}})").arg(ok)
            << QStringLiteral("stage1: \"steps\" has the wrong type");
        QTest::newRow("no corpus") << QStringLiteral(R"({"workspace": "w", "base": "b", "old": ["eng"], "new": ["ell"],
                                                        "methods": [{"method": "dense"}]})")
                                   << QStringLiteral("no \"corpus\"");
        QTest::newRow("no methods") << QStringLiteral(R"({%1})").arg(ok) << QStringLiteral("no \"methods\"");
        const QString fixed = QStringLiteral(
            R"({"config": {}, "layers": [{"layer": 0, "s": 0.1, "experts": 2, "new_experts": 1, "classifier": false}]})");
        QTest::newRow("fixed allocation and budget")
            << QStringLiteral(R"({%1, "methods": [{"method": "layermoe", "budget": 4, "fixed_allocation": %2}]})")
                   .arg(ok, fixed)
            << QStringLiteral("methods[0]: give either \"fixed_allocation\" or \"budget\"");
        QTest::newRow("fixed allocation for moe-lpr")
            << QStringLiteral(R"({%1, "methods": [{"method": "moe-lpr", "fixed_allocation": %2}]})").arg(ok, fixed)
            << QStringLiteral("a fixed allocation is for layermoe");
        QTest::newRow("fixed allocation without layers")
            << QStringLiteral(R"({%1, "methods": [{"method": "layermoe", "fixed_allocation": {"config": {}}}]})")
                   .arg(ok)
            << QStringLiteral(
                   "methods[0].fixed_allocation: allocation: expected an object with \"config\" and \"layers\"");
        QTest::newRow("analysis run alone")
            << QStringLiteral(R"({%1, "methods": [{"method": "layermoe", "analysis_run": 3}]})").arg(ok)
            << QStringLiteral("\"analysis_run\" names the analysis a \"fixed_allocation\" came from");
        QTest::newRow("base seeds with a base")
            << QStringLiteral(R"({%1, "methods": [{"method": "dense"}], "seeds": [1, 2], "base_seeds": true})").arg(ok)
            << QStringLiteral("\"base_seeds\" pretrains the base once per seed: give \"pretrain\"");
        QTest::newRow("invalid JSON") << QStringLiteral(R"({"corpus": )") << QStringLiteral("invalid JSON");
        // Both used to end with the JSON library's "[json.exception.type_error.302] type must be
        // number, but is string", naming neither the file nor the key.
        QTest::newRow("classifier threshold as text")
            << QStringLiteral(R"({%1, "methods": [{"method": "layermoe", "classifier_threshold": "high"}]})").arg(ok)
            << QStringLiteral("methods[0]: \"classifier_threshold\" has the wrong type (\"high\")");
        QTest::newRow("classifier top as text")
            << QStringLiteral(R"({%1, "methods": [{"method": "layermoe", "classifier_top": "2"}]})").arg(ok)
            << QStringLiteral("methods[0]: \"classifier_top\" has the wrong type (\"2\")");
    }
    // A bad experiment file ends with one line naming the file and what is wrong in it.
    void spec_errors_name_file_and_key() {
        QFETCH(QString, spec);
        QFETCH(QString, error);
        QTemporaryDir work;
        const QString file = work.path() + QStringLiteral("/bad.json");
        write_text(file, spec.toUtf8());
        const auto r = run_cli({QStringLiteral("experiment"), file});
        QCOMPARE(r.exit_code, 1);
        QVERIFY2(r.err.contains("bad.json") && QString::fromUtf8(r.err).contains(error), qPrintable(describe(r)));
    }

    // An interrupted experiment whose file was edited is not continued under its old record: the
    // resume stops before any work, naming the run and what changed; a change of threads only
    // (where and how fast, not what) continues it.
    void edited_experiment_is_not_resumed() {
        QTemporaryDir work;
        const QString spec = work.path() + QStringLiteral("/spec.json");
        const QString text = QStringLiteral(R"({
  "name": "edited", "corpus": "%1", "workspace": "ws", "base": "%2",
  "old": ["eng", "spa"], "new": ["ell", "tur"], "methods": [{"name": "Dense", "method": "dense"}],
  "stage1": {"steps": %3, "batch": 4}, "stage2": {"steps": 2, "batch": 4}, "eval_documents": 3, "threads": 1
})");
        auto write_spec = [&](int stage1_steps) {
            write_text(spec, text.arg(corpus_.path(), base_.path() + QStringLiteral("/model"))
                                 .arg(stage1_steps)
                                 .toUtf8());
        };
        write_spec(2);
        const auto first = run_cli({QStringLiteral("experiment"), spec}, 300000);
        QVERIFY2(first.exit_code == 0, qPrintable(describe(first)));
        const std::string store_file = (work.path() + QStringLiteral("/ws/runs.sqlite")).toStdString();
        auto runs = [&] { return layermoe::Store(store_file).list_runs(); };
        const auto before = runs();
        QCOMPARE(before.front().kind, RunKind::Experiment);
        const int64_t experiment = before.front().id;
        // As a run cancelled half-way leaves it (its finished parts are reused on resume).
        layermoe::Store(store_file).finish_run(experiment, RunStatus::Cancelled);

        write_spec(3);
        const auto edited = run_cli({QStringLiteral("experiment"), spec, QStringLiteral("--resume")});
        QCOMPARE(edited.exit_code, 1);
        const QString err = QString::fromUtf8(edited.err);
        QVERIFY2(err.contains(QStringLiteral("interrupted run %1").arg(experiment)) &&
                     err.contains(QStringLiteral("stage1.steps 2 -> 3")) && err.contains(QStringLiteral("runs.sqlite")) &&
                     err.count(QLatin1Char('\n')) == 1,
                 qPrintable(describe(edited)));
        const auto after_refusal = runs();
        QCOMPARE(after_refusal.size(), before.size());  // nothing was started
        QCOMPARE(after_refusal.front().status, RunStatus::Cancelled);

        write_spec(2);
        const auto resumed = run_cli(
            {QStringLiteral("experiment"), spec, QStringLiteral("--resume"), QStringLiteral("--threads"), QStringLiteral("2")},
            300000);
        QVERIFY2(resumed.exit_code == 0, qPrintable(describe(resumed)));
        const auto after = runs();
        QCOMPARE(after.front().id, experiment);
        QCOMPARE(after.front().status, RunStatus::Finished);
        QCOMPARE(std::count_if(after.begin(), after.end(), [](const auto& r) { return r.kind == RunKind::Experiment; }),
                 1);
    }

    // An expansion killed in stage 1 and run again with --resume continues its store runs and
    // ends with exactly the losses and results of an expansion never interrupted.
    void killed_expansion_resumes_the_curve() {
        QTemporaryDir whole, broken;
        const QString model = base_.path() + QStringLiteral("/model");
        const QStringList steps = {QStringLiteral("--steps"), QStringLiteral("200"), QStringLiteral("--steps2"),
                                   QStringLiteral("8")};
        const auto reference = run_cli(expand_args(model, corpus_.path(), whole.path(), kLayerMoe + steps), 300000);
        QVERIFY2(reference.exit_code == 0, qPrintable(describe(reference)));

        QProcess p;
        p.start(QStringLiteral(LAYERMOE_CLI), expand_args(model, corpus_.path(), broken.path(), kLayerMoe + steps));
        QVERIFY(p.waitForStarted());
        const QString checkpoint = broken.path() + QStringLiteral("/models/stage1/checkpoints/step-000050");
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(checkpoint) || p.state() == QProcess::NotRunning, 120000);
        QVERIFY2(p.state() == QProcess::Running, "the expansion ended before it could be killed");
        ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
        QVERIFY(p.waitForFinished(30000));

        const auto resumed = run_cli(expand_args(model, corpus_.path(), broken.path(),
                                                 kLayerMoe + steps + QStringList{QStringLiteral("--resume")}),
                                     300000);
        QVERIFY2(resumed.exit_code == 0, qPrintable(describe(resumed)));
        QCOMPARE(resumed.json()[QStringLiteral("stage2")][QStringLiteral("bpb")],
                 reference.json()[QStringLiteral("stage2")][QStringLiteral("bpb")]);
        const QString store = broken.path() + QStringLiteral("/runs.sqlite");
        std::vector<std::string> kinds;
        for (const auto& run : layermoe::Store(store.toStdString()).list_runs())
            kinds.push_back(std::string(layermoe::to_string(run.kind)));
        QCOMPARE(kinds, (std::vector<std::string>{"analyze", "allocate", "stage1", "stage2"}));
        const int stage1 = resumed.json()[QStringLiteral("stage1")][QStringLiteral("run_id")].toInt();
        const QJsonArray got = metrics(store, stage1, QStringLiteral("loss"), QStringLiteral("stage1"));
        const QJsonArray want = metrics(whole.path() + QStringLiteral("/runs.sqlite"), stage1, QStringLiteral("loss"),
                                        QStringLiteral("stage1"));
        QCOMPARE(got.size(), want.size());
        QCOMPARE(got, want);
    }

    // Stage 1, then stage 2 alone on its folder (with the classifiers it planned), ends where
    // --stage both does.
    void stage2_alone_continues_stage1() {
        QTemporaryDir both, split;
        const QString model = base_.path() + QStringLiteral("/model");
        const QStringList steps = {QStringLiteral("--steps"), QStringLiteral("6")};
        const auto whole = run_cli(expand_args(model, corpus_.path(), both.path(), kLayerMoe + steps), 300000);
        QVERIFY2(whole.exit_code == 0, qPrintable(describe(whole)));
        const auto first =
            run_cli(expand_args(model, corpus_.path(), split.path(),
                                kLayerMoe + steps + QStringList{QStringLiteral("--stage"), QStringLiteral("1")}),
                    300000);
        QVERIFY2(first.exit_code == 0, qPrintable(describe(first)));
        QVERIFY(first.json()[QStringLiteral("stage2")][QStringLiteral("bpb")].toArray().isEmpty());
        const auto second =
            run_cli(expand_args(split.path() + QStringLiteral("/models/stage1"), corpus_.path(), split.path(),
                                kLayerMoe + steps + QStringList{QStringLiteral("--stage"), QStringLiteral("2")}),
                    300000);
        QVERIFY2(second.exit_code == 0, qPrintable(describe(second)));
        QCOMPARE(second.json()[QStringLiteral("stage2")][QStringLiteral("bpb")],
                 whole.json()[QStringLiteral("stage2")][QStringLiteral("bpb")]);
        QVERIFY(second.json()[QStringLiteral("stage2")][QStringLiteral("groups")][QStringLiteral("G1")].isDouble());
        const auto config = nlohmann::json::parse(
            std::ifstream((split.path() + QStringLiteral("/models/stage2/config.json")).toStdString()));
        QCOMPARE(config["moe"]["classifier_layers"].size(), size_t(1));
        const auto dense =
            run_cli(expand_args(model, corpus_.path(), split.path(),
                                kLayerMoe + QStringList{QStringLiteral("--stage"), QStringLiteral("2")}));
        QCOMPARE(dense.exit_code, 1);
        QVERIFY2(dense.err.contains("stage 2 alone continues a stage-1 model folder"), qPrintable(describe(dense)));
    }

    // A G1-expanded model expanded again for G2: experts appended after G1's, a third routing
    // class, old = G0 + G1; expert 0 and the G1 experts come out bit-identical.
    void lifelong_expansion_keeps_g1_experts() {
        QTemporaryDir g1, g2;
        const auto first = run_cli(expand_args(base_.path() + QStringLiteral("/model"), corpus_.path(), g1.path(),
                                               kLayerMoe + QStringList{QStringLiteral("--steps"), QStringLiteral("6")}),
                                   300000);
        QVERIFY2(first.exit_code == 0, qPrintable(describe(first)));
        const QString g1_model = g1.path() + QStringLiteral("/models/stage2");
        const auto second =
            run_cli(expand_args(g1_model, corpus_.path(), g2.path(),
                                {QStringLiteral("--old"), QStringLiteral("eng,spa,ell,tur"), QStringLiteral("--new"),
                                 QStringLiteral("deu"), QStringLiteral("--budget"), QStringLiteral("4"),
                                 QStringLiteral("--rule"), QStringLiteral("exact"), QStringLiteral("--min"),
                                 QStringLiteral("2"), QStringLiteral("--classifier-top"), QStringLiteral("2"),
                                 QStringLiteral("--score-floor"), QStringLiteral("0.01"), QStringLiteral("--steps"),
                                 QStringLiteral("6")}),
                    300000);
        QVERIFY2(second.exit_code == 0, qPrintable(describe(second)));
        QVERIFY(second.json()[QStringLiteral("stage2")][QStringLiteral("groups")][QStringLiteral("G2")].isDouble());

        const auto config = nlohmann::json::parse(
            std::ifstream((g2.path() + QStringLiteral("/models/stage2/config.json")).toStdString()));
        QVERIFY2(config["moe"]["experts_per_wave"] == nlohmann::json({{1, 1, 1}, {1, 1, 1}}),
                 config["moe"].dump().c_str());
        QCOMPARE(config["moe"]["classifier_classes"].get<int>(), 3);
        const auto before = SafetensorsFile::open((g1_model + QStringLiteral("/model.safetensors")).toStdString());
        const auto after =
            SafetensorsFile::open((g2.path() + QStringLiteral("/models/stage2/model.safetensors")).toStdString());
        for (int layer = 0; layer < 2; ++layer)
            for (int expert = 0; expert < 2; ++expert)
                for (const char* proj : {"gate_proj", "up_proj", "down_proj"}) {
                    const std::string name = "model.layers." + std::to_string(layer) + ".mlp.experts." +
                                             std::to_string(expert) + "." + proj + ".weight";
                    QVERIFY2(tensor_bytes(before, name) == tensor_bytes(after, name), name.c_str());
                }
        QVERIFY(after.find("model.layers.0.mlp.experts.2.gate_proj.weight"));
    }

    // "waves": each method's G1 model is expanded again to G2 with G0 + G1 as old; the comparison
    // has old, G1 and G2 columns against the base and, per method, the G1 forgetting of its G2
    // expansion, which is its own G1 numbers after G2 minus after G1.
    void lifelong_experiment_compares_every_wave() {
        QTemporaryDir work;
        const QString spec = work.path() + QStringLiteral("/spec.json");
        write_text(spec, QStringLiteral(R"({
  "name": "lifelong", "corpus": "%1", "workspace": "ws", "base": "%2",
  "old": ["eng", "spa"], "waves": [{"new": ["ell", "tur"]}, {"new": ["deu"]}],
  "methods": [
    {"name": "LayerMoE", "method": "layermoe", "budget": 4, "min": 2, "classifier_top": 1, "score_floor": 0.01},
    {"name": "MoE-LPR", "method": "moe-lpr", "uniform": 2}
  ],
  "stage1": {"steps": 4, "batch": 4}, "stage2": {"steps": 2, "batch": 4},
  "analysis_tokens": 300, "eval_documents": 5, "threads": 1
})")
                             .arg(corpus_.path(), base_.path() + QStringLiteral("/model"))
                             .toUtf8());
        const auto r = run_cli({QStringLiteral("experiment"), spec}, 300000);
        QVERIFY2(r.exit_code == 0, qPrintable(describe(r)));
        const QString out = QString::fromUtf8(r.out);
        QVERIFY2(out.contains(QStringLiteral("bpb G1")) && out.contains(QStringLiteral("bpb G2")) &&
                     out.contains(QStringLiteral("d G2")),
                 qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("forgetting of G1 in the G2 expansion")), qPrintable(out));
        const auto j =
            nlohmann::json::parse(std::ifstream((work.path() + QStringLiteral("/ws/comparison.json")).toStdString()));
        QCOMPARE(j["rows"].size(), size_t(3));
        for (size_t i = 0; i < 3; ++i)
            for (const char* g : {"old", "G1", "G2"}) QVERIFY2(j["rows"][i]["groups"][g].is_number(), j.dump().c_str());
        // New experts against the base: both waves', as the G2 model's config lists them per layer
        // and wave (wave 0: expert 0; MoE-LPR: 1 per layer per wave).
        for (const auto& [row, folder] : {std::pair{1, "layermoe-g2"}, std::pair{2, "moe-lpr-g2"}}) {
            const auto config = nlohmann::json::parse(std::ifstream(
                (work.path() + QStringLiteral("/ws/models/%1/stage2/config.json").arg(QLatin1String(folder)))
                    .toStdString()));
            int total = 0;
            for (const auto& layer : config["moe"]["experts_per_wave"]) {
                QCOMPARE(layer.size(), size_t(3));  // expert 0, G1's, G2's
                total += layer[1].get<int>() + layer[2].get<int>();
            }
            QCOMPARE(j["rows"][row]["new_experts"].get<int>(), total);
        }
        QCOMPARE(j["rows"][2]["new_experts"].get<int>(), 4);
        QCOMPARE(j["g1_forgetting"].size(), size_t(2));
        // The G1 model of each method, kept in its own folder, evaluated after its stage 2.
        layermoe::Store store((work.path() + QStringLiteral("/ws/runs.sqlite")).toStdString());
        for (size_t i = 0; i < 2; ++i) {
            const auto& f = j["g1_forgetting"][i];
            QVERIFY(f["interval"]["low"].get<double>() <= f["change"].get<double>());
            const std::string folder = i == 0 ? "layermoe" : "moe-lpr";
            const QString g1 = work.path() + QStringLiteral("/ws/models/") + QString::fromStdString(folder) +
                               QStringLiteral("/stage2");
            const QString g2 = work.path() + QStringLiteral("/ws/models/") + QString::fromStdString(folder) +
                               QStringLiteral("-g2/stage2");
            QVERIFY(QFileInfo::exists(g1 + QStringLiteral("/config.json")));
            QVERIFY(QFileInfo::exists(g2 + QStringLiteral("/config.json")));
            // Forgetting = after G2 minus after G1 on ell and tur, from the store's own numbers.
            double before = 0;
            for (const auto& run : store.list_runs())
                if (run.kind == RunKind::Stage2 &&
                    run.config.value("out_dir", std::string()) ==
                        std::filesystem::absolute(g1.toStdString()).parent_path().string())
                    for (const auto& e : store.eval_results(run.id))
                        if (e.task == "heldout" && e.metric == "bpb" && (e.language == "ell" || e.language == "tur"))
                            before += e.value / 2;
            const double after =
                (j["rows"][i + 1]["bpb"]["ell"].get<double>() + j["rows"][i + 1]["bpb"]["tur"].get<double>()) / 2;
            QVERIFY2(before > 0 && std::abs(f["change"].get<double>() - (after - before)) < 1e-9, f.dump().c_str());
        }
        // A wave without languages, and a third wave, are refused.
        for (const auto& [waves, error] :
             {std::pair{QStringLiteral(R"([{"new": ["ell"]}, {"new": []}])"),
                        QStringLiteral("waves[1]: \"new\" languages are required")},
              std::pair{QStringLiteral(R"([{"new": ["ell"]}, {"new": ["tur"]}, {"new": ["deu"]}])"),
                        QStringLiteral("a list of 1 or 2 waves")}}) {
            const QString bad = work.path() + QStringLiteral("/bad.json");
            write_text(bad,
                       QStringLiteral(R"({"corpus": "c", "workspace": "w", "base": "b", "old": ["eng"], "waves": %1,
                                              "methods": [{"method": "dense"}]})")
                           .arg(waves)
                           .toUtf8());
            const auto e = run_cli({QStringLiteral("experiment"), bad});
            QCOMPARE(e.exit_code, 1);
            QVERIFY2(QString::fromUtf8(e.err).contains(error), qPrintable(describe(e)));
        }
    }

private:
    QTemporaryDir corpus_, base_;
};

QTEST_GUILESS_MAIN(TestExperiment)
#include "test_experiment.moc"
