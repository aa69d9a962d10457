// Comparing runs of a store: bits per byte per language and group, the base run found among the
// runs, forgetting per old language against it, new experts, configs with their differences.
#include <QtTest>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <regex>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sstream>

#include "core/common/error.h"
#include "core/report/compare.h"
#include "core/report/render.h"
#include "core/report/report.h"
#include "core/io/csv.h"

using namespace layermoe;

namespace {

int64_t add_run(Store& store, RunKind kind, const char* name, nlohmann::json config, std::optional<int64_t> parent,
                const std::map<std::string, double>& bpb, const RunLanguages& languages) {
    const int64_t id = store.create_run({kind, std::move(config), 1, parent, name, "test"});
    for (const auto& [lang, value] : bpb) store.add_eval_result({id, "heldout", lang, "bpb", value, 10});
    store.add_eval_result({id, "heldout", "group:old", "bpb", 9.5, 2});
    store.set_run_languages(id, languages);
    store.finish_run(id, RunStatus::Finished);
    return id;
}

// The cells of every <td> of an HTML file, in order (entities and zero-width spaces undone).
std::vector<std::string> html_cells(const std::string& html) {
    std::vector<std::string> cells;
    static const std::regex td("<td[^>]*>([^<]*)</td>");
    for (auto it = std::sregex_iterator(html.begin(), html.end(), td); it != std::sregex_iterator(); ++it) {
        std::string cell = (*it)[1].str();
        for (const auto& [from, to] : {std::pair<std::string, std::string>{"\xE2\x80\x8B", ""},
                                       {"&quot;", "\""},
                                       {"&lt;", "<"},
                                       {"&gt;", ">"},
                                       {"&amp;", "&"}})
            for (size_t at = cell.find(from); at != std::string::npos; at = cell.find(from, at))
                cell.replace(at, from.size(), to);
        cells.push_back(cell);
    }
    return cells;
}

// The body cells of every Markdown table, in order (bold marks and escapes undone).
std::vector<std::string> markdown_cells(const std::string& md) {
    std::vector<std::string> cells;
    std::istringstream lines(md);
    std::string line;
    bool header = false;
    while (std::getline(lines, line)) {
        if (line.rfind("| ", 0) != 0) {
            header = false;
            continue;
        }
        if (line.find("---") != std::string::npos) continue;  // the rule under the header
        if (!header) {
            header = true;  // a table's first line is its header
            continue;
        }
        std::string cell;
        for (size_t i = 2; i < line.size(); ++i) {
            if (line[i] == '\\' && i + 1 < line.size()) {
                cell.push_back(line[++i]);
            } else if (line[i] == '|') {
                cell.pop_back();  // the space before '|'
                if (cell.size() > 4 && cell.starts_with("**") && cell.ends_with("**"))
                    cell = cell.substr(2, cell.size() - 4);
                cells.push_back(cell);
                cell.clear();
                ++i;  // the space after it
            } else {
                cell.push_back(line[i]);
            }
        }
    }
    return cells;
}

// A method's row as the experiment job holds it (ComparisonRow, core/jobs/experiment_job.h).
struct MethodRow {
    std::string method;
    int64_t run_id = 0, new_experts = 0, new_parameters = 0, trainable = 0;
    std::vector<std::pair<std::string, double>> bpb;
    double old_mean = 0, new_mean = 0, old_change = 0, new_change = 0;
};

// The experiment's table as app/cli/tables.cpp's print_comparison printed it before the model
// was shared (its format strings, kept here as the reference of the layout).
std::string reference_table(const std::vector<MethodRow>& rows, const std::vector<std::string>& old_langs,
                            const std::vector<std::string>& new_langs) {
    std::string out = fmt::format("{:<12} {:>7} {:>9} {:>9} {:>8} {:>8} {:>8} {:>8}", "method", "new exp", "new par.",
                                  "trained", "bpb old", "bpb new", "d old", "d new");
    for (const auto& [l, v] : rows.front().bpb) out += fmt::format(" {:>9}", l);
    out += "\n";
    for (const auto& row : rows) {
        const bool base = row.method == "base";
        auto millions = [&](int64_t n) {
            return base ? std::string("-") : fmt::format("{:.2f}M", static_cast<double>(n) / 1e6);
        };
        out += fmt::format("{:<12} {:>7} {:>9} {:>9} {:>8.4f} {:>8.4f} {:>8} {:>8}", row.method,
                           base ? std::string("-") : std::to_string(row.new_experts), millions(row.new_parameters),
                           millions(row.trainable), row.old_mean, row.new_mean,
                           base ? std::string("-") : fmt::format("{:+.4f}", row.old_change),
                           base ? std::string("-") : fmt::format("{:+.4f}", row.new_change));
        for (const auto& [l, v] : row.bpb) out += fmt::format(" {:>9.4f}", v);
        out += "\n";
    }
    out += fmt::format(
        "bits per byte on held-out text (lower is better); d old / d new: change against the base, averaged "
        "over the old ({}) and new ({}) languages\n",
        fmt::join(old_langs, ", "), fmt::join(new_langs, ", "));
    return out;
}

}  // namespace

class TestReport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Held-out documents recorded in the store give each change an interval and a verdict, and
    // each pair of runs with the same base its paired difference. Documents of 10 bytes: the
    // base's bits {10, 20, 30, 40} on eng and {50, 60, 70, 80} on ell; A forgets exactly 1 bit a
    // document on eng (+0.1 bpb in every resample) and both A and B gain 5 bits on ell; B keeps
    // eng as it was (a change of exactly zero: no clear difference).
    void intervals_from_recorded_documents() {
        QTemporaryDir dir;
        Store store((dir.path() + QStringLiteral("/runs.sqlite")).toStdString());
        const RunLanguages langs = {{"eng", "old"}, {"ell", "G1"}};
        const std::vector<double> bytes(4, 10.0), eng{10, 20, 30, 40}, ell{50, 60, 70, 80};
        auto shifted = [](std::vector<double> v, double by) {
            for (auto& x : v) x += by;
            return v;
        };
        auto run_with = [&](RunKind kind, const char* name, const std::vector<double>& e,
                            const std::vector<double>& l) {
            auto bpb = [&](const std::vector<double>& v) { return (v[0] + v[1] + v[2] + v[3]) / 40; };
            const int64_t id =
                add_run(store, kind, name, {{"method", name}}, std::nullopt, {{"eng", bpb(e)}, {"ell", bpb(l)}}, langs);
            store.add_eval_units(id, {"heldout", "eng", "bpb", e, bytes});
            store.add_eval_units(id, {"heldout", "ell", "bpb", l, bytes});
            return id;
        };
        const int64_t base = run_with(RunKind::Eval, "base", eng, ell);
        const int64_t a = run_with(RunKind::Stage2, "A", shifted(eng, 1), shifted(ell, -5));
        const int64_t b = run_with(RunKind::Stage2, "B", eng, shifted(ell, -5));
        const Comparison c = compare_runs(store, {base, a, b});
        QCOMPARE(c.base, std::optional<size_t>(0));
        QVERIFY(!c.change_interval(0, true));  // the base against itself
        const auto a_old = c.change_interval(1, true), a_new = c.change_interval(1, false);
        QVERIFY(a_old && a_new);
        QVERIFY(std::abs(a_old->low - 0.1) < 1e-12 && std::abs(a_old->high - 0.1) < 1e-12);
        QCOMPARE(stats::verdict(*a_old, false), stats::Verdict::Worse);
        QVERIFY(std::abs(a_new->mean + 0.5) < 1e-12);
        QCOMPARE(stats::verdict(*a_new, false), stats::Verdict::Better);
        const auto b_old = c.change_interval(2, true);
        QCOMPARE(b_old->low, 0.0);
        QCOMPARE(b_old->high, 0.0);
        QCOMPARE(stats::verdict(*b_old, false), stats::Verdict::NoClearDifference);
        const std::string text = render_text(c);
        QVERIFY2(text.find("d old +0.1000 [+0.1000, +0.1000]   worse than the base") != std::string::npos,
                 text.c_str());
        QVERIFY2(text.find("2 A - 3 B") != std::string::npos && text.find("3 B better") != std::string::npos,
                 text.c_str());
        const auto json = render_json(c);
        QCOMPARE(json["runs"][1]["old_change_interval"]["verdict"].get<std::string>(), std::string("worse"));
        QCOMPARE(json["runs"][2]["old_change_interval"]["verdict"].get<std::string>(),
                 std::string("no clear difference"));
        QVERIFY(json["runs"][0]["old_change_interval"].is_null());
        QCOMPARE(json["pairs"].size(), size_t(1));
        QCOMPARE(json["pairs"][0]["old"]["verdict"].get<std::string>(), std::string("worse"));  // A against B
        QCOMPARE(json["pairs"][0]["new"]["verdict"].get<std::string>(), std::string("no clear difference"));
        QCOMPARE(json["bootstrap"]["resamples"].get<int>(), stats::kResamples);
        // Task items: A right on all 8 eng items where the base and B are right on half.
        const std::vector<double> half{1, 0, 1, 0, 1, 0, 1, 0}, all(8, 1.0), ones(8, 1.0);
        for (const auto& [id, items] : {std::pair{base, half}, std::pair{a, all}, std::pair{b, half}}) {
            store.add_eval_result({id, "continuation", "eng", "acc", items == all ? 1.0 : 0.5, 8});
            store.add_eval_units(id, {"continuation", "eng", "acc", items, ones});
        }
        const Comparison t = compare_runs(store, {base, a, b});
        const auto a_task = t.task_change_interval(1, "continuation acc", true);
        QVERIFY(a_task);
        QCOMPARE(a_task->mean, 0.5);
        QCOMPARE(stats::verdict(*a_task, true), stats::Verdict::Better);
        QVERIFY(!t.task_change_interval(1, "continuation acc", false));  // no new-language items
        const std::string task_text = render_text(t);
        QVERIFY2(task_text.find("changes in continuation acc with 95% intervals") != std::string::npos,
                 task_text.c_str());
        QCOMPARE(
            render_json(t)["runs"][1]["task_change_interval"]["continuation acc"]["old"]["verdict"].get<std::string>(),
            std::string("better"));
        // Runs without recorded documents show no interval block.
        Store other((dir.path() + QStringLiteral("/other.sqlite")).toStdString());
        const int64_t x = add_run(other, RunKind::Eval, "x", {{"model", "x"}}, std::nullopt, {{"eng", 1.0}}, langs);
        const int64_t y = add_run(other, RunKind::Stage2, "y", {{"method", "y"}}, std::nullopt, {{"eng", 2.0}}, langs);
        QVERIFY(render_text(compare_runs(other, {x, y})).find("95% intervals") == std::string::npos);
    }

    // Runs of several seeds (an experiment's methods): a group's interval is Student's t over the
    // seeds' means, the base of one seed pairs with every seed of a method, and the paper's claims
    // read the paired differences. Documents of 10 bytes on eng (old) and ell (new).
    void seeds_pair_with_one_base_and_claims_follow() {
        const std::vector<double> bytes(4, 10.0);
        auto summary = [&](const char* label, std::vector<std::vector<double>> eng,
                           std::vector<std::vector<double>> ell, std::optional<int64_t> experts) {
            RunSummary s;
            s.label = s.run.name = label;
            s.run.kind = experts ? RunKind::Stage2 : RunKind::Eval;
            s.seeds = static_cast<int>(eng.size());
            s.languages = {{"eng", "old"}, {"ell", "G1"}};
            s.bpb_units["eng"] = stats::Samples{std::move(eng), bytes};
            s.bpb_units["ell"] = stats::Samples{std::move(ell), bytes};
            for (const auto& [l, u] : s.bpb_units) {
                double sum = 0;
                for (size_t k = 0; k < u.num.size(); ++k) sum += u.metric(k);
                s.bpb[l] = sum / static_cast<double>(u.num.size());
            }
            s.groups["old"] = s.bpb["eng"];
            s.groups["G1"] = s.bpb["ell"];
            s.new_experts = experts;
            return s;
        };
        const std::vector<double> eng{10, 20, 30, 40}, ell{50, 60, 70, 80};
        auto plus = [](std::vector<double> v, double by) {
            for (auto& x : v) x += by;
            return v;
        };
        // LayerMoE forgets 1 bit a document on seed 1 and 3 on seed 2 (+0.1, +0.3 bpb); MoE-LPR 4
        // and 6 (+0.4, +0.6). Both gain exactly 5 bits a document on ell with every seed.
        const Comparison c =
            build_comparison({summary("base", {eng}, {ell}, std::nullopt),
                              summary("LayerMoE", {plus(eng, 1), plus(eng, 3)}, {plus(ell, -5), plus(ell, -5)}, 12),
                              summary("MoE-LPR", {plus(eng, 4), plus(eng, 6)}, {plus(ell, -5), plus(ell, -5)}, 30)},
                             0);
        // LayerMoE's old group: seeds 2.6 and 2.8 bpb, t-interval 2.7 +- 12.706 * 0.1.
        const auto g = c.group_interval(1, "old");
        QVERIFY(g);
        QCOMPARE(g->n, 2);
        QVERIFY(std::abs(g->mean - 2.7) < 1e-12);
        QVERIFY(std::abs(g->high - 2.7 - stats::t_quantile(0.975, 1) * 0.1) < 1e-9);
        // The base's one seed: a bootstrap over its documents, as before.
        QCOMPARE(c.group_interval(0, "old")->n, 4);
        // Against the base: the mean over seeds of each seed's change.
        const auto d = c.change_interval(1, true);
        QVERIFY(d);
        QVERIFY(std::abs(d->mean - 0.2) < 1e-12);
        QVERIFY(d->low >= 0.1 - 1e-12 && d->high <= 0.3 + 1e-12);
        QCOMPARE(stats::verdict(*d, false), stats::Verdict::Worse);
        // LayerMoE - MoE-LPR: exactly -0.3 on every seed and document; exactly 0 on ell.
        const auto claims = paper_claims(c, 1, 2);
        QCOMPARE(claims.size(), size_t(3));
        QCOMPARE(claims[0].verdict, std::string("holds"));
        QCOMPARE(claims[0].evidence, std::string("12 vs 30 (60% fewer)"));
        QCOMPARE(claims[1].verdict, std::string("holds (no clear difference)"));
        QCOMPARE(claims[2].verdict, std::string("holds"));
        QCOMPARE(claims[2].evidence, std::string("old -0.3000 [-0.3000, -0.3000]"));
        // Swapped, MoE-LPR forgets more: the claim does not hold.
        const auto swapped = paper_claims(c, 2, 1);
        QCOMPARE(swapped[0].verdict, std::string("does not hold"));
        QCOMPARE(swapped[2].verdict, std::string("does not hold (LayerMoE forgets less)"));
        const std::string text = render_method_table(c) + render_claims(c, 1, 2);
        QVERIFY2(text.find("mean over 2 seeds; paired bootstrap over the seeds and the held-out documents") !=
                     std::string::npos,
                 text.c_str());
        QVERIFY2(text.find("LayerMoE (2 seeds)") != std::string::npos, text.c_str());
        QVERIFY2(text.find("forgets the old languages less") != std::string::npos, text.c_str());
        // The CSV's row ends with its seeds and the ends of its changes' intervals.
        const std::string csv = render_method_csv(c);
        const auto n = c.change_interval(1, false);
        QVERIFY2(csv.find(fmt::format(",2,{},{},{},{}\n", csv_number(d->low), csv_number(d->high), csv_number(n->low),
                                      csv_number(n->high))) != std::string::npos,
                 csv.c_str());
        QCOMPARE(render_json(c)["runs"][1]["seeds"].get<int>(), 2);
        QCOMPARE(render_json(c)["runs"][1]["group_intervals"]["old"]["n"].get<int>(), 2);
    }

    // A store's runs of an experiment that differ only in their seed, pooled: one row per method,
    // the mean over its seeds, its documents one row per seed; runs outside an experiment and a
    // seed seen twice stay apart.
    void store_runs_pooled_over_seeds() {
        QTemporaryDir dir;
        Store store((dir.path() + QStringLiteral("/runs.sqlite")).toStdString());
        const RunLanguages langs = {{"eng", "old"}, {"ell", "G1"}};
        const std::vector<double> bytes(4, 10.0), eng{10, 20, 30, 40}, ell{50, 60, 70, 80};
        auto plus = [](std::vector<double> v, double by) {
            for (auto& x : v) x += by;
            return v;
        };
        auto run_with = [&](RunKind kind, const std::string& name, nlohmann::json config, uint64_t seed,
                            const std::vector<double>& e, const std::vector<double>& l) {
            const int64_t id = store.create_run({kind, config, seed, std::nullopt, name, "test"});
            auto bpb = [](const std::vector<double>& v) { return (v[0] + v[1] + v[2] + v[3]) / 40; };
            store.add_eval_result({id, "heldout", "eng", "bpb", bpb(e), 4});
            store.add_eval_result({id, "heldout", "ell", "bpb", bpb(l), 4});
            store.add_eval_units(id, {"heldout", "eng", "bpb", e, bytes});
            store.add_eval_units(id, {"heldout", "ell", "bpb", l, bytes});
            store.set_run_languages(id, langs);
            store.finish_run(id, RunStatus::Finished);
            return id;
        };
        auto stage = [&](const char* method, uint64_t seed) {
            return nlohmann::json{{"experiment", 1},
                                  {"method", method},
                                  {"seed", seed},
                                  {"out_dir", fmt::format("models/{}-seed{}", method, seed)},
                                  {"stage1", {{"lr", 0.001}, {"seed", seed}}}};
        };
        const int64_t base = run_with(RunKind::Eval, "eval base", {{"experiment", 1}, {"model", "base"}}, 1, eng, ell);
        const int64_t a1 = run_with(RunKind::Stage2, "LayerMoE (seed 1) stage 2", stage("layermoe", 1), 1, plus(eng, 1),
                                    plus(ell, -5));
        const int64_t a2 = run_with(RunKind::Stage2, "LayerMoE (seed 2) stage 2", stage("layermoe", 2), 2, plus(eng, 3),
                                    plus(ell, -5));
        const int64_t b1 =
            run_with(RunKind::Stage2, "MoE-LPR (seed 1) stage 2", stage("moe-lpr", 1), 1, plus(eng, 4), plus(ell, -5));
        const int64_t b2 =
            run_with(RunKind::Stage2, "MoE-LPR (seed 2) stage 2", stage("moe-lpr", 2), 2, plus(eng, 6), plus(ell, -5));
        const Comparison apart = compare_runs(store, {base, a1, a2, b1, b2});
        QCOMPARE(apart.runs.size(), size_t(5));
        const Comparison c = compare_runs(store, {base, a1, a2, b1, b2}, std::nullopt, true, true);
        QCOMPARE(c.runs.size(), size_t(3));
        QCOMPARE(c.runs[1].label, fmt::format("{} LayerMoE stage 2 (2 seeds)", a1));
        QCOMPARE(c.runs[1].seeds, 2);
        QCOMPARE(c.runs[1].bpb_units.at("eng").num.size(), size_t(2));
        QVERIFY(std::abs(c.runs[1].bpb.at("eng") - 2.7) < 1e-12);  // seeds 2.6 and 2.8
        // The pooled run against the one base: the mean over seeds of the changes, +0.1 and +0.3.
        const auto d = c.change_interval(1, true);
        QVERIFY(d && std::abs(d->mean - 0.2) < 1e-12);
        // LayerMoE minus MoE-LPR: exactly -0.3 for every seed and document.
        const auto claims = paper_claims(c, 1, 2);
        QCOMPARE(claims[2].evidence, std::string("old -0.3000 [-0.3000, -0.3000]"));
        QVERIFY(render_text(c).find("mean over 2 seeds") != std::string::npos);
        // A run outside an experiment is never pooled, nor a second run of the same seed.
        const int64_t again = run_with(RunKind::Stage2, "LayerMoE (seed 1) stage 2", stage("layermoe", 1), 1,
                                       plus(eng, 2), plus(ell, -5));
        QCOMPARE(compare_runs(store, {base, a1, a2, again}, std::nullopt, true, true).runs.size(), size_t(3));
    }

    // The base is the evaluated model among the runs; changes are each run's bpb minus the base's.
    void forgetting_against_the_base() {
        QTemporaryDir dir;
        Store store((dir.path() + QStringLiteral("/runs.sqlite")).toStdString());
        const RunLanguages langs = {{"eng", "old"}, {"spa", "old"}, {"ell", "G1"}};
        const int64_t base = add_run(store, RunKind::Eval, "eval base", {{"model", "base"}}, std::nullopt,
                                     {{"eng", 3.0}, {"spa", 2.5}, {"ell", 9.0}}, langs);
        const int64_t moe = add_run(
            store, RunKind::Stage2, "LayerMoE stage 2",
            {{"method", "layermoe"}, {"new_experts", 12}, {"new_parameters", 3539000}, {"stage2", {{"lr", 0.01}}}},
            std::nullopt, {{"eng", 3.25}, {"spa", 2.5}, {"ell", 4.0}}, langs);
        const int64_t dense =
            add_run(store, RunKind::Stage2, "Dense stage 2", {{"method", "dense"}, {"stage2", {{"lr", 0.01}}}},
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
        const QString csv = QString::fromStdString(render_csv(c));
        QCOMPARE(csv.count(QLatin1Char('\n')), 4);
        QVERIFY(
            csv.startsWith(QStringLiteral("run,label,kind,new_experts,new_parameters,bpb_old,bpb_G1,bpb_G2,bpb_eng")));
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
        const int64_t run = add_run(store, RunKind::Eval, "base, \"v2\"\nsecond line", {}, std::nullopt, {{"eng", 3.0}},
                                    {{"eng", "old"}});
        const std::string csv = render_csv(compare_runs(store, {run}));
        QVERIFY2(csv.find(fmt::format("{},\"{} base, \"\"v2\"\"\nsecond line\",eval,", run, run)) != std::string::npos,
                 csv.c_str());
    }

    // An experiment's comparison built in memory (no store), rendered as the experiment's table:
    // the layout and the numbers of the table `layermoe experiment` and the demo printed before
    // (reference_table), every number computed from the per-language results.
    void experiment_table_keeps_its_layout() {
        const std::vector<std::string> old_langs = {"eng", "spa", "zho_simpl"}, new_langs = {"ell", "hun", "tur"};
        RunLanguages languages;
        for (const auto& l : old_langs) languages.emplace_back(l, "old");
        for (const auto& l : new_langs) languages.emplace_back(l, "G1");
        const std::vector<std::tuple<std::string, int64_t, int64_t, int64_t>> methods = {
            {"base", 0, 0, 0},
            {"LayerMoE", 12, 3539712, 3539712},
            {"MoE-LPR", 30, 8849280, 8849280},
            {"Dense", 0, 0, 2408448}};
        std::vector<MethodRow> rows;
        std::vector<RunSummary> summaries;
        for (size_t m = 0; m < methods.size(); ++m) {
            const auto& [name, experts, params, trainable] = methods[m];
            MethodRow row{name, static_cast<int64_t>(10 + m), experts, params, trainable, {}};
            RunSummary s;
            s.run.id = row.run_id;
            s.run.kind = m == 0 ? RunKind::Eval : RunKind::Stage2;
            s.label = name;
            s.languages = languages;
            if (m > 0) {
                s.new_experts = experts;
                s.new_parameters = params;
                s.trainable_parameters = trainable;
            }
            double old_sum = 0, new_sum = 0;
            for (size_t j = 0; j < languages.size(); ++j) {
                const double v = 2.5 + std::sin(1.7 * static_cast<double>(m + 1) + 0.9 * static_cast<double>(j)) *
                                           (j < 3 ? 1.0 : 3.0);
                row.bpb.emplace_back(languages[j].first, v);
                s.bpb[languages[j].first] = v;
                (j < 3 ? old_sum : new_sum) += v;
            }
            row.old_mean = s.groups["old"] = old_sum / 3;
            row.new_mean = s.groups["G1"] = new_sum / 3;
            // The experiment's mean change: over each group's languages, bpb minus the base's.
            if (m > 0)
                for (int group = 0; group < 2; ++group) {
                    double sum = 0;
                    for (size_t j = 0; j < 3; ++j)
                        sum += row.bpb[group * 3 + j].second - rows.front().bpb[group * 3 + j].second;
                    (group == 0 ? row.old_change : row.new_change) = sum / 3;
                }
            rows.push_back(row);
            summaries.push_back(std::move(s));
        }
        const Comparison c = build_comparison(summaries, 0);
        QCOMPARE(c.base, std::optional<size_t>(0));
        QCOMPARE(c.old_langs, old_langs);
        QCOMPARE(c.new_langs, new_langs);
        for (size_t i = 1; i < rows.size(); ++i) {
            QCOMPARE(c.mean_change(i, true), rows[i].old_change);
            QCOMPARE(c.mean_change(i, false), rows[i].new_change);
        }
        const std::string table = render_method_table(c), reference = reference_table(rows, old_langs, new_langs);
        QVERIFY2(table == reference, ("\n" + table + "\nexpected\n" + reference).c_str());
        // The same model gives the experiment's CSV, names quoted when they need it.
        summaries[1].label = "LayerMoE, 40%";
        const std::string csv = render_method_csv(build_comparison(summaries, 0));
        QVERIFY2(
            csv.starts_with(
                "method,run_id,new_experts,new_parameters,trainable_parameters,bpb_old,bpb_new,old_change,new_change,"
                "eng,spa,zho_simpl,ell,hun,tur,seeds,old_change_low,old_change_high,new_change_low,new_change_high\n"),
            csv.c_str());
        QVERIFY2(csv.find(fmt::format("\n\"LayerMoE, 40%\",11,12,3539712,3539712,{},{},{},{},",
                                      csv_number(rows[1].old_mean), csv_number(rows[1].new_mean),
                                      csv_number(rows[1].old_change), csv_number(rows[1].new_change))) !=
                     std::string::npos,
                 csv.c_str());
        // Out of range: an error, not a comparison.
        QVERIFY_THROWS_EXCEPTION(Error, build_comparison(summaries, 4));
        summaries[2].base = 9;
        QVERIFY_THROWS_EXCEPTION(Error, build_comparison(summaries));
    }

    // A value a run lacks reads the same in every rendering: "-" in text, Markdown and HTML, an
    // empty CSV field, null in JSON; never 0.
    void missing_values_are_the_same_everywhere() {
        QTemporaryDir dir;
        Store store((dir.path() + QStringLiteral("/runs.sqlite")).toStdString());
        const RunLanguages langs = {{"eng", "old"}, {"ell", "G1"}};
        const int64_t base =
            add_run(store, RunKind::Eval, "base", {}, std::nullopt, {{"eng", 3.0}, {"ell", 9.0}}, langs);
        store.add_eval_result({base, "heldout", "group:G1", "bpb", 9.0, 1});
        // No ell result and no G1 mean.
        const int64_t moe = add_run(store, RunKind::Stage2, "moe", {}, std::nullopt, {{"eng", 3.5}}, langs);
        const Comparison c = compare_runs(store, {base, moe});
        QVERIFY(std::isnan(c.group_bpb(1, "G1")));
        QVERIFY(std::isnan(c.language_bpb(1, "ell")));
        QVERIFY(std::isnan(c.new_change[1][0]));

        const std::string text = render_text(c);
        const std::string moe_line = text.substr(text.find(fmt::format("\n{} moe", moe)) + 1);
        QVERIFY2(moe_line.substr(0, moe_line.find('\n')) == fmt::format("{:<32} {:>8} {:>8} {:>8} {:>10}",
                                                                        std::to_string(moe) + " moe", "9.5000", "-",
                                                                        "-", "+0.5000"),
                 text.c_str());
        const nlohmann::json json = render_json(c);
        QVERIFY(json["runs"][1]["groups"]["G1"].is_null());
        QVERIFY(json["runs"][1]["bpb"]["ell"].is_null());
        QVERIFY(json["runs"][1]["new_change"]["ell"].is_null());
        QVERIFY(json["runs"][1]["new_experts"].is_null());
        QCOMPARE(json["runs"][1]["old_change"]["eng"].get<double>(), 0.5);
        QCOMPARE(json["runs"][0]["groups"]["G1"].get<double>(), 9.0);
        const std::string csv = render_csv(c);
        // run,label,kind,new_experts,new_parameters,bpb_old,bpb_G1,bpb_G2,bpb_eng,bpb_ell,change_eng,change_ell,base_run
        QVERIFY2(csv.find(fmt::format("\n{0},{0} moe,stage2,,,9.5,,,3.5,,0.5,,{1}\n", moe, base)) != std::string::npos,
                 csv.c_str());

        const Report report = build_report(store, {base, moe});
        const auto cells = html_cells(render_html(report));
        QCOMPARE(markdown_cells(render_markdown(report)), cells);
        // The per-language table's row of moe: its label, eng, ell.
        const std::vector<std::string> bpb_row = {std::to_string(moe) + " moe", "3.5000", "-"};
        QVERIFY(std::search(cells.begin(), cells.end(), bpb_row.begin(), bpb_row.end()) != cells.end());
        const std::vector<std::string> change_row = {std::to_string(moe) + " moe", "+0.5000", "-"};
        QVERIFY(std::search(cells.begin(), cells.end(), change_row.begin(), change_row.end()) != cells.end());
    }

    // The report: the same tables, cell for cell, in HTML and Markdown; analyses' scores and
    // allocations as tables; plots only where a renderer draws them; the words translated by the
    // wording given, with its arguments in place.
    void report_formats_agree() {
        QTemporaryDir dir;
        Store store((dir.path() + QStringLiteral("/runs.sqlite")).toStdString());
        const RunLanguages langs = {{"eng", "old"}, {"spa", "old"}, {"ell", "G1"}};
        const int64_t pretrain = add_run(store, RunKind::Pretrain, "base", {{"steps", 12}}, std::nullopt,
                                         {{"eng", 3.0}, {"spa", 2.75}, {"ell", 9.0}}, langs);
        for (int step = 1; step <= 3; ++step) store.log_metric({pretrain, "pretrain", step, "all", "loss", 5.0 / step});
        store.flush();
        const int64_t analysis = add_run(store, RunKind::Analyze, "analysis", {}, pretrain, {}, langs);
        SimilarityReport similarity;
        std::vector<LayerScore> scores;
        for (int64_t layer = 0; layer < 2; ++layer) {
            SimilarityMatrix m;
            m.layer = layer;
            m.languages = {"eng", "spa", "ell"};
            m.values = {1, 0.5,   0.25 + 0.125 * static_cast<double>(layer), 0.5,
                        1, 0.375, 0.25 + 0.125 * static_cast<double>(layer), 0.375,
                        1};
            m.counts = {10, 10, 10};
            similarity.layers.push_back(m);
        }
        store.save_similarity(analysis, similarity);
        scores = layer_scores(similarity, {"eng", "spa"}, {"ell"});
        store.save_layer_scores(analysis, "mean", scores);
        const int64_t stage =
            add_run(store, RunKind::Stage2, "LayerMoE, \"v2\" stage 2",
                    {{"model_config", {{"num_key_value_heads", 2}}}, {"steps", 7}, {"new_experts", 2}}, analysis,
                    {{"eng", 3.25}, {"spa", 2.5}, {"ell", 4.0}}, langs);
        for (int step = 1; step <= 3; ++step) store.log_metric({stage, "stage2", step, "ell", "loss", 4.0 / step});
        store.flush();

        const std::vector<int64_t> ids = {pretrain, analysis, stage};
        const Report plain = build_report(store, ids);
        const std::string html = render_html(plain), md = render_markdown(plain);
        const auto cells = html_cells(html);
        QVERIFY(cells.size() > 40);
        QCOMPARE(markdown_cells(md), cells);
        // The analysis's scores, 5 decimals, as the store has them.
        for (const auto& s : scores) {
            QVERIFY(std::isnan(s.s_new_new));  // one new language: no pair of new ones
            const std::vector<std::string> row = {std::to_string(s.layer), "-", fmt::format("{:.5f}", s.s_new_old),
                                                  fmt::format("{:.5f}", s.s)};
            QVERIFY(std::search(cells.begin(), cells.end(), row.begin(), row.end()) != cells.end());
        }
        // The stage's change against its base (the pretrain run, chosen): +0.2500 on eng.
        QVERIFY(html.find("<td class=\"nw\">+0.2500</td>") != std::string::npos);
        QVERIFY(md.find("LayerMoE, \"v2\" stage 2") != std::string::npos);
        QVERIFY(html.find("LayerMoE, &quot;v2&quot; stage 2") != std::string::npos);
        QVERIFY(html.find("<h1>LayerMoE Workbench report</h1>") != std::string::npos);
        // Without plots: no places for them and no loss section; with them, every one in place.
        QVERIFY(html.find("Training loss") == std::string::npos);
        ReportOptions with_plots;
        with_plots.plots = true;
        with_plots.created = "2024-05-01T13:45:00";
        const Report drawn = build_report(store, ids, with_plots);
        std::vector<std::string> places;
        for (const auto& b : drawn.blocks)
            if (b.kind == ReportBlock::Kind::Plot) places.push_back(b.plot.name);
        QCOMPARE(places, (std::vector<std::string>{"comparison", fmt::format("loss-{}", pretrain),
                                                   fmt::format("similarity-{}", analysis),
                                                   fmt::format("scores-{}", analysis), fmt::format("loss-{}", stage)}));
        HtmlOptions options;
        options.plot = [](const ReportPlot& p) { return "<p><img src=\"" + p.name + ".png\"></p>\n"; };
        const std::string with_images = render_html(drawn, options);
        QVERIFY(with_images.find(fmt::format("<p><img src=\"loss-{}.png\"></p>", stage)) != std::string::npos);
        QVERIFY(with_images.find(fmt::format("3 runs of {}, 2024-05-01T13:45:00", store.path().string())) !=
                std::string::npos);
        QCOMPARE(html_cells(with_images), cells);
        // A config key of at most 40 characters stays whole.
        QVERIFY(html.find(">model_config.num_key_value_heads<") != std::string::npos);
        QVERIFY(md.find("| **model_config.num_key_value_heads** |") != std::string::npos);  // marked: it differs
        // The wording: each text looked up, its %1, %2 filled after.
        const Wording upper([](const char* source) {
            std::string t = source;
            std::transform(t.begin(), t.end(), t.begin(),
                           [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
            return t;
        });
        QCOMPARE(upper("%1 runs of %2, %3", {"3", "x", "y"}), std::string("3 RUNS OF x, y"));
        QCOMPARE(Wording()("%2 before %1, %1 again", {"a", "b"}), std::string("b before a, a again"));
        const std::string shouted = render_html(build_report(store, ids, {}, upper));
        QVERIFY(shouted.find("<h2>RUNS</h2>") != std::string::npos);
        QVERIFY(shouted.find("<h1>LAYERMOE WORKBENCH REPORT</h1>") != std::string::npos);
        QCOMPARE(html_cells(shouted).size(), cells.size());
    }

    // The base of a method run chosen alone is found in the store: through its lineage (the
    // experiment's evaluation of the base model, before the pretrain run's own numbers), the
    // model folder it expanded, or the experiment that groups it; and added to the comparison.
    void base_found_from_the_store() {
        QTemporaryDir dir;
        Store store((dir.path() + QStringLiteral("/runs.sqlite")).toStdString());
        const RunLanguages langs = {{"eng", "old"}, {"ell", "G1"}};
        const int64_t experiment = add_run(store, RunKind::Experiment, "exp", {}, std::nullopt, {}, {});
        const int64_t pretrain =
            add_run(store, RunKind::Pretrain, "base", {}, std::nullopt, {{"eng", 2.0}, {"ell", 9.0}}, langs);
        const int64_t base_eval = add_run(store, RunKind::Eval, "eval base", {{"model", "/w/models/base"}}, pretrain,
                                          {{"eng", 3.0}, {"ell", 8.0}}, langs);
        const int64_t analysis = add_run(store, RunKind::Analyze, "analysis", {}, pretrain, {}, langs);
        const int64_t allocation =
            add_run(store, RunKind::Allocate, "alloc", {{"experiment", experiment}}, analysis, {}, {});
        const nlohmann::json stage_config = {{"model", "/w/models/base"}, {"experiment", experiment}};
        const int64_t stage1 = add_run(store, RunKind::Stage1, "LayerMoE stage 1", stage_config, allocation,
                                       {{"eng", 3.5}, {"ell", 5.0}}, langs);
        const int64_t stage2 = add_run(store, RunKind::Stage2, "LayerMoE stage 2", stage_config, stage1,
                                       {{"eng", 3.25}, {"ell", 4.0}}, langs);
        // An evaluation of the stage-2 model: an expansion, never a base.
        const int64_t stage2_eval = add_run(store, RunKind::Eval, "eval stage2",
                                            {{"model", "/w/models/layermoe/stage2"}}, stage2, {{"eng", 3.3}}, langs);
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
        QCOMPARE(c.old_change[1][0], 0.25);  // 3.25 - 3.0
        QCOMPARE(c.new_change[1][0], -4.0);  // 4.0 - 8.0
        QCOMPARE(c.mean_change(1, true), 0.25);
        QCOMPARE(c.old_change[2][0], 0.0);
        QCOMPARE(render_json(c)["runs"][1]["base_run"].get<int64_t>(), base_eval);
        QCOMPARE(render_json(c)["runs"][2]["added_as_base"].get<bool>(), true);
        QVERIFY(QString::fromStdString(render_csv(c)).contains(QStringLiteral(",%1\n").arg(base_eval)));
        // Without automatic bases: the old behaviour, no base and no added run.
        const Comparison plain = compare_runs(store, {stage2}, std::nullopt, false);
        QCOMPARE(plain.runs.size(), size_t(1));
        QVERIFY(std::isnan(plain.old_change[0][0]));
        // A chosen base still wins over the lineage.
        const Comparison chosen = compare_runs(store, {stage2, pretrain});
        QCOMPARE(chosen.runs.size(), size_t(2));
        QCOMPARE(chosen.old_change[0][0], 1.25);  // 3.25 - 2.0

        // No parent (a base model from elsewhere): the evaluation of the folder it expanded.
        const int64_t other_eval = add_run(store, RunKind::Eval, "eval other", {{"model", "/elsewhere/base"}},
                                           std::nullopt, {{"eng", 2.5}}, langs);
        const int64_t orphan = add_run(store, RunKind::Stage1, "orphan", {{"model", "/elsewhere/base"}}, std::nullopt,
                                       {{"eng", 2.75}}, langs);
        QCOMPARE(find_base_run(store, orphan).run, std::optional<int64_t>(other_eval));
        QCOMPARE(find_base_run(store, orphan).source, BaseSource::ModelFolder);
        // Neither: the experiment's first evaluated model.
        const int64_t experiment2 = add_run(store, RunKind::Experiment, "exp2", {}, std::nullopt, {}, {});
        const int64_t first_eval =
            add_run(store, RunKind::Eval, "eval exp2", {{"model", "/x/base"}}, std::nullopt, {{"eng", 1.5}}, langs);
        const int64_t grouped = add_run(store, RunKind::Stage1, "grouped", {{"experiment", experiment2}}, std::nullopt,
                                        {{"eng", 1.75}}, langs);
        QCOMPARE(find_base_run(store, grouped).run, std::optional<int64_t>(first_eval));
        QCOMPARE(find_base_run(store, grouped).source, BaseSource::Experiment);
        // Nothing at all: none, and its changes stay NaN.
        const int64_t lonely = add_run(store, RunKind::Stage1, "lonely", {}, std::nullopt, {{"eng", 1.0}}, langs);
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
        const int64_t base = add_run(store, RunKind::Eval, "base", {}, std::nullopt, {{"eng", 3.0}}, langs);
        const int64_t moe = add_run(store, RunKind::Stage2, "moe", {}, std::nullopt, {{"eng", 3.1}}, langs);
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
        QCOMPARE(c.task_group_change(1, key, false), 0.25);  // gain on ell
        QCOMPARE(c.task_change(0, key, "eng"), 0.0);
        QVERIFY(std::isnan(c.task_change(1, key, "tur")));
        const QString csv = QString::fromStdString(render_csv(c));
        QVERIFY2(csv.contains(
                     QStringLiteral("continuation:acc_mutual_info_old,continuation:acc_mutual_info_G1,"
                                    "continuation:acc_mutual_info_change_old,continuation:acc_mutual_info_change_new")),
                 qPrintable(csv));
        QVERIFY2(csv.contains(QStringLiteral(",0.5,,-0.0625,0.25,%1\n").arg(base)), qPrintable(csv));
        QCOMPARE(render_json(c)["runs"][1]["task_change"][key]["ell"].get<double>(), 0.25);
        // A base run without the task: the first evaluated run that has it is the task's base.
        const int64_t plain = add_run(store, RunKind::Pretrain, "pretrained", {}, std::nullopt, {{"eng", 3.0}}, langs);
        const Comparison mixed = compare_runs(store, {plain, base, moe});
        QCOMPARE(mixed.base, std::optional<size_t>(0));
        QCOMPARE(mixed.task_base(key), std::optional<size_t>(1));
        QCOMPARE(mixed.task_change(2, key, "eng"), -0.125);
    }
};

QTEST_APPLESS_MAIN(TestReport)
#include "test_report.moc"
