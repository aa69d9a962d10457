// Comparing runs of a store: bits per byte per language and group, the base run found among the
// runs, forgetting per old language against it, new experts, configs with their differences.
#include <QtTest>

#include <cmath>

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
        QVERIFY(csv.contains(QStringLiteral(",0.25,0\n")));
        QVERIFY_THROWS_EXCEPTION(Error, compare_runs(store, {moe, 999}));
        QVERIFY_THROWS_EXCEPTION(Error, compare_runs(store, {moe}, dense));
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
        QVERIFY2(csv.contains(QStringLiteral(",0.5,,-0.0625,0.25\n")), qPrintable(csv));
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
