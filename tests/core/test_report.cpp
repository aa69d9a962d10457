// Comparing runs of a store: bits per byte per language and group, the base run found among the
// runs, forgetting per old language against it, new experts, configs with their differences.
#include <QtTest>

#include <cmath>

#include <fmt/format.h>

#include "core/common/error.h"
#include "core/report/compare.h"

using namespace layermoe;

namespace {

int64_t add_run(Store& store, const char* kind, const char* name, nlohmann::json config, std::optional<int64_t> parent,
                const std::map<std::string, double>& bpb, const RunLanguages& languages) {
    const int64_t id = store.create_run({kind, std::move(config), 1, parent, name, "test"});
    for (const auto& [lang, value] : bpb) store.add_eval_result({id, "heldout", lang, "bpb", value, 10});
    store.add_eval_result({id, "heldout", "group:old", "bpb", 9.5, 2});
    store.set_run_languages(id, languages);
    store.finish_run(id, "finished");
    return id;
}

} // namespace

class TestReport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // The base is the evaluated model among the runs; changes are each run's bpb minus the base's.
    void forgetting_against_the_base() {
        QTemporaryDir dir;
        Store store((dir.path() + QStringLiteral("/runs.sqlite")).toStdString());
        const RunLanguages langs = {{"eng", "old"}, {"spa", "old"}, {"ell", "G1"}};
        const int64_t base = add_run(store, "eval", "eval base", {{"model", "base"}}, std::nullopt,
                                     {{"eng", 3.0}, {"spa", 2.5}, {"ell", 9.0}}, langs);
        const int64_t moe = add_run(store, "stage2", "LayerMoE stage 2",
                                    {{"method", "layermoe"}, {"new_experts", 12}, {"new_parameters", 3539000}, {"stage2", {{"lr", 0.01}}}},
                                    std::nullopt, {{"eng", 3.25}, {"spa", 2.5}, {"ell", 4.0}}, langs);
        const int64_t dense = add_run(store, "stage2", "Dense stage 2", {{"method", "dense"}, {"stage2", {{"lr", 0.01}}}},
                                      std::nullopt, {{"eng", 4.0}, {"ell", 3.5}}, langs);
        const Comparison c = compare_runs(store, {moe, base, dense});
        QCOMPARE(c.base, std::optional<size_t>(1));
        QCOMPARE(c.old_langs, (std::vector<std::string>{"eng", "spa"}));
        QCOMPARE(c.new_langs, (std::vector<std::string>{"ell"}));
        QCOMPARE(c.old_change[0], (std::vector<double>{0.25, 0.0}));
        QCOMPARE(c.old_change[2][0], 1.0);
        QVERIFY(std::isnan(c.old_change[2][1]));  // dense has no spa result
        QCOMPARE(c.new_change[0][0], -5.0);
        QCOMPARE(c.runs[0].new_experts, std::optional<int64_t>(12));
        QCOMPARE(c.runs[0].groups.at("old"), 9.5);
        // Configs side by side: "method" differs, "stage2.lr" is the same where present.
        auto row = [&](const std::string& key) {
            return *std::find_if(c.configs.begin(), c.configs.end(), [&](const ConfigRow& r) { return r.key == key; });
        };
        QVERIFY(row("method").differs);
        QCOMPARE(row("method").values, (std::vector<std::string>{"layermoe", "", "dense"}));
        QVERIFY(row("stage2.lr").differs);  // absent from the base run
        // An explicit base, and the CSV: one line per run plus the header, labels quoted when needed.
        const Comparison against_dense = compare_runs(store, {moe, dense}, dense);
        QCOMPARE(against_dense.old_change[0][0], -0.75);
        const QString csv = QString::fromStdString(c.to_csv());
        QCOMPARE(csv.count(QLatin1Char('\n')), 4);
        QVERIFY(csv.startsWith(QStringLiteral("run,label,kind,new_experts,new_parameters,bpb_old,bpb_G1,bpb_G2,bpb_eng")));
        QVERIFY2(csv.contains(QStringLiteral(",change_eng,change_spa,change_ell,base_run\n")), qPrintable(csv));
        // moe: +0.25 on eng, 0 on spa, -5 on ell, against the base run.
        QVERIFY2(csv.contains(QStringLiteral(",0.25,0,-5,%1\n").arg(base)), qPrintable(csv));
        QVERIFY_THROWS_EXCEPTION(Error, compare_runs(store, {moe, 999}));
        QVERIFY_THROWS_EXCEPTION(Error, compare_runs(store, {moe}, dense));
        // Without lineage, a method run alone has no base: its changes are NaN, and it says so.
        const Comparison alone = compare_runs(store, {moe});
        QCOMPARE(alone.runs.size(), size_t(1));
        QVERIFY(!alone.runs[0].base);
        QCOMPARE(alone.runs[0].base_source, BaseSource::None);
        QVERIFY(std::isnan(alone.old_change[0][0]));
        QVERIFY(std::isnan(alone.mean_change(0, true)));
    }

    // A label with a comma, a quote and a line break is one quoted CSV cell (RFC 4180).
    void csv_quotes_labels() {
        QTemporaryDir dir;
        Store store((dir.path() + QStringLiteral("/runs.sqlite")).toStdString());
        const int64_t run = add_run(store, "eval", "base, \"v2\"\nsecond line", {}, std::nullopt, {{"eng", 3.0}}, {{"eng", "old"}});
        const std::string csv = compare_runs(store, {run}).to_csv();
        QVERIFY2(csv.find(fmt::format("{},\"{} base, \"\"v2\"\"\nsecond line\",eval,", run, run)) != std::string::npos, csv.c_str());
    }

    // The base of a method run chosen alone is found in the store: through its lineage (the
    // experiment's evaluation of the base model, before the pretrain run's own numbers), the
    // model folder it expanded, or the experiment that groups it; and added to the comparison.
    void base_found_from_the_store() {
        QTemporaryDir dir;
        Store store((dir.path() + QStringLiteral("/runs.sqlite")).toStdString());
        const RunLanguages langs = {{"eng", "old"}, {"ell", "G1"}};
        const int64_t experiment = add_run(store, "experiment", "exp", {}, std::nullopt, {}, {});
        const int64_t pretrain = add_run(store, "pretrain", "base", {}, std::nullopt, {{"eng", 2.0}, {"ell", 9.0}}, langs);
        const int64_t base_eval = add_run(store, "eval", "eval base", {{"model", "/w/models/base"}}, pretrain,
                                          {{"eng", 3.0}, {"ell", 8.0}}, langs);
        const int64_t analysis = add_run(store, "analyze", "analysis", {}, pretrain, {}, langs);
        const int64_t allocation = add_run(store, "allocate", "alloc", {{"experiment", experiment}}, analysis, {}, {});
        const nlohmann::json stage_config = {{"model", "/w/models/base"}, {"experiment", experiment}};
        const int64_t stage1 = add_run(store, "stage1", "LayerMoE stage 1", stage_config, allocation, {{"eng", 3.5}, {"ell", 5.0}}, langs);
        const int64_t stage2 = add_run(store, "stage2", "LayerMoE stage 2", stage_config, stage1, {{"eng", 3.25}, {"ell", 4.0}}, langs);
        // An evaluation of the stage-2 model: an expansion, never a base.
        const int64_t stage2_eval = add_run(store, "eval", "eval stage2", {{"model", "/w/models/layermoe/stage2"}}, stage2,
                                            {{"eng", 3.3}}, langs);
        QCOMPARE(find_base_run(store, stage2).run, std::optional<int64_t>(base_eval));
        QCOMPARE(find_base_run(store, stage2).source, BaseSource::Lineage);
        QCOMPARE(find_base_run(store, stage2_eval).run, std::optional<int64_t>(base_eval));
        QVERIFY(!find_base_run(store, base_eval).run);  // a base has no base
        QVERIFY(!find_base_run(store, pretrain).run);

        const Comparison c = compare_runs(store, {stage1, stage2});
        QCOMPARE(c.runs.size(), size_t(3));
        QVERIFY(c.runs[2].added);
        QCOMPARE(c.runs[2].run.id, base_eval);
        QCOMPARE(c.base, std::optional<size_t>(2));
        QCOMPARE(c.runs[1].base, std::optional<size_t>(2));
        QCOMPARE(c.old_change[1][0], 0.25);   // 3.25 - 3.0
        QCOMPARE(c.new_change[1][0], -4.0);   // 4.0 - 8.0
        QCOMPARE(c.mean_change(1, true), 0.25);
        QCOMPARE(c.old_change[2][0], 0.0);
        QCOMPARE(c.to_json()["runs"][1]["base_run"].get<int64_t>(), base_eval);
        QCOMPARE(c.to_json()["runs"][2]["added_as_base"].get<bool>(), true);
        QVERIFY(QString::fromStdString(c.to_csv()).contains(QStringLiteral(",%1\n").arg(base_eval)));
        // Without automatic bases: the old behaviour, no base and no added run.
        const Comparison plain = compare_runs(store, {stage2}, std::nullopt, false);
        QCOMPARE(plain.runs.size(), size_t(1));
        QVERIFY(std::isnan(plain.old_change[0][0]));
        // A chosen base still wins over the lineage.
        const Comparison chosen = compare_runs(store, {stage2, pretrain});
        QCOMPARE(chosen.runs.size(), size_t(2));
        QCOMPARE(chosen.old_change[0][0], 1.25);  // 3.25 - 2.0

        // No parent (a base model from elsewhere): the evaluation of the folder it expanded.
        const int64_t other_eval = add_run(store, "eval", "eval other", {{"model", "/elsewhere/base"}}, std::nullopt, {{"eng", 2.5}}, langs);
        const int64_t orphan = add_run(store, "stage1", "orphan", {{"model", "/elsewhere/base"}}, std::nullopt, {{"eng", 2.75}}, langs);
        QCOMPARE(find_base_run(store, orphan).run, std::optional<int64_t>(other_eval));
        QCOMPARE(find_base_run(store, orphan).source, BaseSource::ModelFolder);
        // Neither: the experiment's first evaluated model.
        const int64_t experiment2 = add_run(store, "experiment", "exp2", {}, std::nullopt, {}, {});
        const int64_t first_eval = add_run(store, "eval", "eval exp2", {{"model", "/x/base"}}, std::nullopt, {{"eng", 1.5}}, langs);
        const int64_t grouped = add_run(store, "stage1", "grouped", {{"experiment", experiment2}}, std::nullopt, {{"eng", 1.75}}, langs);
        QCOMPARE(find_base_run(store, grouped).run, std::optional<int64_t>(first_eval));
        QCOMPARE(find_base_run(store, grouped).source, BaseSource::Experiment);
        // Nothing at all: none, and its changes stay NaN.
        const int64_t lonely = add_run(store, "stage1", "lonely", {}, std::nullopt, {{"eng", 1.0}}, langs);
        QVERIFY(!find_base_run(store, lonely).run);
        const Comparison mixed = compare_runs(store, {lonely, orphan});
        QCOMPARE(mixed.base, std::optional<size_t>(2));  // the one base of the runs that have one
        QVERIFY(!mixed.runs[0].base);
        QCOMPARE(mixed.runs[1].base, std::optional<size_t>(2));
        QCOMPARE(mixed.old_change[1][0], 0.25);
        QVERIFY(std::isnan(mixed.old_change[0][0]));
    }

    // Task scores per run, and their change against the base per language and group (forgetting
    // on old languages, gain on new ones); the stderr rows are not scores.
    void task_scores_against_the_base() {
        QTemporaryDir dir;
        Store store((dir.path() + QStringLiteral("/runs.sqlite")).toStdString());
        const RunLanguages langs = {{"eng", "old"}, {"spa", "old"}, {"ell", "G1"}};
        const int64_t base = add_run(store, "eval", "base", {}, std::nullopt, {{"eng", 3.0}}, langs);
        const int64_t moe = add_run(store, "stage2", "moe", {}, std::nullopt, {{"eng", 3.1}}, langs);
        auto scores = [&](int64_t run, double eng, double spa, double ell) {
            for (const auto& [lang, v] : {std::pair{"eng", eng}, std::pair{"spa", spa}, std::pair{"ell", ell}}) {
                store.add_eval_result({run, "continuation", lang, "acc_mutual_info", v, 200});
                store.add_eval_result({run, "continuation", lang, "acc_mutual_info_stderr", 0.03, 200});
            }
            store.add_eval_result({run, "continuation", "group:old", "acc_mutual_info", (eng + spa) / 2, 2});
        };
        scores(base, 0.625, 0.5, 0.25);
        scores(moe, 0.5, 0.5, 0.5);
        const Comparison c = compare_runs(store, {base, moe});
        QCOMPARE(c.task_keys, (std::vector<std::string>{"continuation acc_mutual_info"}));
        const std::string key = c.task_keys[0];
        QCOMPARE(c.runs[1].tasks.at(key).at("spa"), 0.5);
        QCOMPARE(c.task_change(1, key, "eng"), -0.125);
        QCOMPARE(c.task_group_change(1, key, true), -0.0625);  // (-0.125 + 0) / 2: forgetting
        QCOMPARE(c.task_group_change(1, key, false), 0.25);    // gain on ell
        QCOMPARE(c.task_change(0, key, "eng"), 0.0);
        QVERIFY(std::isnan(c.task_change(1, key, "tur")));
        const QString csv = QString::fromStdString(c.to_csv());
        QVERIFY2(csv.contains(QStringLiteral("continuation:acc_mutual_info_old,continuation:acc_mutual_info_G1,"
                                             "continuation:acc_mutual_info_change_old,continuation:acc_mutual_info_change_new")),
                 qPrintable(csv));
        QVERIFY2(csv.contains(QStringLiteral(",0.5,,-0.0625,0.25,%1\n").arg(base)), qPrintable(csv));
        QCOMPARE(c.to_json()["runs"][1]["task_change"][key]["ell"].get<double>(), 0.25);
        // A base run without the task: the first evaluated run that has it is the task's base.
        const int64_t plain = add_run(store, "pretrain", "pretrained", {}, std::nullopt, {{"eng", 3.0}}, langs);
        const Comparison mixed = compare_runs(store, {plain, base, moe});
        QCOMPARE(mixed.base, std::optional<size_t>(0));
        QCOMPARE(mixed.task_base(key), std::optional<size_t>(1));
        QCOMPARE(mixed.task_change(2, key, "eng"), -0.125);
    }
};

QTEST_APPLESS_MAIN(TestReport)
#include "test_report.moc"
