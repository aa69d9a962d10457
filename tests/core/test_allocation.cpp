// Similarity scores and expert allocation: the paper's worked example, the exact-budget rule on
// random scores, bounds, classifiers, totals, the scores CSV and the config JSON, with their errors.
#include <QtTest>

#include <bit>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <random>

#include <fmt/format.h>

#include "core/analysis/allocation.h"
#include "core/jobs/defaults.h"
#include "core/analysis/scores.h"
#include "core/common/error.h"
#include "core/io/files.h"
#include "data_test_files.h"

using namespace layermoe;
using namespace layermoe::testing;
namespace fs = std::filesystem;

Q_DECLARE_METATYPE(std::string)
Q_DECLARE_METATYPE(std::vector<double>)
Q_DECLARE_METATYPE(layermoe::AllocationConfig)

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Llama-3.2-3B, G1 = el, hu, tr over G0 = en, zh, es (LayerMoE paper, worked example).
const std::vector<std::pair<double, double>> kPaperPairs = {
    {0.03907, 0.03281}, {0.04297, 0.03747}, {0.03817, 0.03227}, {0.05577, 0.04492}, {0.07080, 0.05631},
    {0.07747, 0.06206}, {0.09247, 0.07599}, {0.10380, 0.08822}, {0.10157, 0.08741}, {0.10610, 0.08944},
    {0.11473, 0.09718}, {0.11850, 0.10026}, {0.12710, 0.10579}, {0.12010, 0.09478}, {0.12873, 0.10158},
    {0.12660, 0.09511}, {0.11213, 0.08237}, {0.10350, 0.07797}, {0.09633, 0.06973}, {0.09373, 0.07334},
    {0.08743, 0.06822}, {0.07520, 0.06146}, {0.07387, 0.06307}, {0.05993, 0.04967}, {0.05353, 0.04609},
    {0.05137, 0.04796}, {0.05280, 0.04340}, {0.04993, 0.04076}};
const std::vector<int64_t> kPaperCeil70 = {5, 5, 5, 4, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2,
                                           2, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4};

QString q(const std::string& s) { return QString::fromStdString(s); }

fs::path temp_path(const QTemporaryDir& dir) { return fs::path(dir.path().toStdString()); }

std::vector<LayerScore> paper_scores() {
    std::vector<LayerScore> scores;
    for (size_t i = 0; i < kPaperPairs.size(); ++i)
        scores.push_back(make_layer_score(int64_t(i), kPaperPairs[i].first, kPaperPairs[i].second));
    return scores;
}

// Scores with s = the given values (one new language, so s = s_new_old).
std::vector<LayerScore> scores_of(const std::vector<double>& s) {
    std::vector<LayerScore> scores;
    for (size_t i = 0; i < s.size(); ++i) scores.push_back(make_layer_score(int64_t(i), kNaN, s[i]));
    return scores;
}

std::vector<double> random_scores(std::mt19937& rng, size_t n) {
    std::uniform_real_distribution<double> similarity(0.02, 0.14);
    std::vector<double> s(n);
    for (auto& v : s) v = similarity(rng);
    return s;
}

AllocationConfig config_of(AllocationRule rule, int64_t budget) {
    AllocationConfig c;
    c.rule = rule;
    c.budget = budget;
    return c;
}

std::vector<int64_t> experts_of(const Allocation& a) {
    std::vector<int64_t> n;
    for (const auto& layer : a.layers) n.push_back(layer.experts);
    return n;
}

int64_t sum_of(const std::vector<int64_t>& n) { return std::accumulate(n.begin(), n.end(), int64_t(0)); }

// Comma-separated, so that a failing QCOMPARE prints both lists.
QString text_of(const std::vector<int64_t>& n) {
    QStringList parts;
    for (int64_t v : n) parts << QString::number(v);
    return parts.join(QLatin1Char(','));
}

std::vector<int64_t> classifier_layers(const Allocation& a) {
    std::vector<int64_t> layers;
    for (const auto& layer : a.layers)
        if (layer.classifier) layers.push_back(layer.layer);
    return layers;
}

// The message of the layermoe::Error that f throws, or a note saying what happened instead.
template <class F>
QString error_of(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return q(e.what());
    } catch (const std::exception& e) {
        return QStringLiteral("<not a layermoe::Error: %1>").arg(q(e.what()));
    }
    return QStringLiteral("<no error thrown>");
}

// Every pair of layers: the one with the lower score has at least as many experts.
bool monotone(const std::vector<double>& s, const Allocation& a) {
    for (size_t i = 0; i < s.size(); ++i)
        for (size_t j = 0; j < s.size(); ++j)
            if (s[i] < s[j] && a.layers[i].experts < a.layers[j].experts) return false;
    return true;
}

// A symmetric matrix with 1 on the diagonal and the given off-diagonal pairs.
SimilarityMatrix matrix_of(int64_t layer, std::vector<std::string> langs,
                           const std::map<std::pair<std::string, std::string>, double>& pairs) {
    SimilarityMatrix m;
    m.layer = layer;
    m.languages = std::move(langs);
    m.values.assign(m.size() * m.size(), 1.0);
    for (const auto& [pair, value] : pairs) {
        const size_t a = m.index_of(pair.first), b = m.index_of(pair.second);
        m.values[a * m.size() + b] = m.values[b * m.size() + a] = value;
    }
    return m;
}

SimilarityReport hand_report() {
    SimilarityReport report;
    report.layers.push_back(matrix_of(0, {"en", "el", "zh", "hu"},
                                      {{{"en", "el"}, 0.2},
                                       {{"en", "zh"}, 0.5},
                                       {{"en", "hu"}, 0.1},
                                       {{"el", "zh"}, 0.3},
                                       {{"el", "hu"}, 0.4},
                                       {{"zh", "hu"}, 0.25}}));
    // Another language order, to show that languages are looked up by name.
    report.layers.push_back(matrix_of(1, {"hu", "zh", "el", "en"},
                                      {{{"en", "el"}, 0.6},
                                       {{"en", "zh"}, 0.7},
                                       {{"en", "hu"}, 0.5},
                                       {{"el", "zh"}, 0.8},
                                       {{"el", "hu"}, 0.9},
                                       {{"zh", "hu"}, 0.4}}));
    return report;
}

}  // namespace

class TestAllocation : public QObject {
    Q_OBJECT
private slots:
    void paperExampleCeilGivesThePapersExperts_data();
    void paperExampleCeilGivesThePapersExperts();
    void paperExampleExactSpendsTheBudget();
    void exactSumsToEveryBudget();
    void exactRespectsMinAndMax();
    void exactSolvesBothBoundsAtOnce();
    void exactEqualsCeilWhenCeilSpendsTheBudget();
    void lowerScoreNeverGetsFewerExperts();
    void ceilClampsToMinAndMax();
    void uniformGivesEveryLayerTheSameExperts();
    void classifierLayers_data();
    void classifierLayers();
    void totalsAndParameterCounts();
    void layerScoresFromHandMadeReport();
    void layerScoresWithOneNewLanguage();
    void layerScoresErrors_data();
    void layerScoresErrors();
    void layerScoresRejectsMalformedReport();
    void readScoresCsvToleratesLayout();
    void writeScoresCsvFormat();
    void scoresCsvRoundTripIsBitExact();
    void scoresCsvErrors_data();
    void scoresCsvErrors();
    void readScoresCsvNamesMissingFile();
    void allocationErrors_data();
    void allocationErrors();
    void scoreFloorRaisesLowScores();
    void ruleNames();
    void configJsonRoundTrip();
    void configFromJsonErrors_data();
    void configFromJsonErrors();
    void allocationToJson();
    void allocationFromJsonErrors_data();
    void allocationFromJsonErrors();
    void defaultLayerMoeAllocation_data();
    void defaultLayerMoeAllocation();
    void defaultLayerMoeAllocationErrors();
};

// With a floor, a score at or below zero counts as the floor (the most experts); the measured
// score is still what the allocation reports.
void TestAllocation::scoreFloorRaisesLowScores() {
    AllocationConfig c = config_of(AllocationRule::Ceil, 8);
    c.score_floor = 0.02;
    const Allocation floored = allocate(scores_of({-0.003, 0.05, 0.08, 0.02}), c);
    const Allocation same = allocate(scores_of({0.02, 0.05, 0.08, 0.02}), config_of(AllocationRule::Ceil, 8));
    QCOMPARE(text_of(experts_of(floored)), text_of(experts_of(same)));
    QCOMPARE(floored.layers[0].s, -0.003);
    QCOMPARE(floored.layers[0].experts, floored.layers[3].experts);
    QVERIFY(floored.layers[0].experts > floored.layers[2].experts);
    QCOMPARE(AllocationConfig::from_json(c.to_json()).score_floor, 0.02);
}

void TestAllocation::paperExampleCeilGivesThePapersExperts_data() {
    QTest::addColumn<bool>("via_csv");
    QTest::newRow("make_layer_score") << false;
    QTest::newRow("scores CSV") << true;
}

// The paper's Llama-3.2-3B list for delta = 70: 84 experts, 56 of them new.
void TestAllocation::paperExampleCeilGivesThePapersExperts() {
    QFETCH(bool, via_csv);
    std::vector<LayerScore> scores = paper_scores();
    QTemporaryDir tmp;
    if (via_csv) {
        std::string csv = "layer,s_new_new,s_new_old\n";
        for (size_t i = 0; i < kPaperPairs.size(); ++i)
            csv += fmt::format("{},{:.5f},{:.5f}\n", i, kPaperPairs[i].first, kPaperPairs[i].second);
        write_file(temp_path(tmp) / "scores.csv", csv);
        scores = read_scores_csv(temp_path(tmp) / "scores.csv");
    }
    QCOMPARE(scores.size(), size_t(28));
    QCOMPARE(scores[12].s, (0.12710 + 0.10579) / 2);
    const Allocation a = allocate(scores, config_of(AllocationRule::Ceil, 70));
    QCOMPARE(text_of(experts_of(a)), text_of(kPaperCeil70));
    QCOMPARE(a.total_experts, int64_t(84));
    QCOMPARE(a.new_experts, int64_t(56));
    QCOMPARE(a.uniform_new_experts, int64_t(28 * 5));
    QCOMPARE(a.new_experts_vs_uniform, 56.0 / 140.0);
}

// Largest remainder on the paper's shares: 84 and 70 are met exactly.
void TestAllocation::paperExampleExactSpendsTheBudget() {
    const Allocation a84 = allocate(paper_scores(), config_of(AllocationRule::Exact, 84));
    QCOMPARE(text_of(experts_of(a84)),
             text_of({6, 5, 6, 4, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 4, 4, 4, 4, 4}));
    QCOMPARE(a84.total_experts, int64_t(84));
    const Allocation a70 = allocate(paper_scores(), config_of(AllocationRule::Exact, 70));
    QCOMPARE(text_of(experts_of(a70)),
             text_of({5, 4, 5, 3, 3, 2, 2, 2, 2, 2, 2, 2, 1, 2, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4}));
    QCOMPARE(a70.total_experts, int64_t(70));
}

// Every budget from L to 10 L, on random scores of several depths, is spent exactly.
void TestAllocation::exactSumsToEveryBudget() {
    std::mt19937 rng(20250528);
    for (size_t n_layers : {size_t(1), size_t(2), size_t(7), size_t(28), size_t(40)}) {
        const std::vector<double> s = random_scores(rng, n_layers);
        const auto scores = scores_of(s);
        for (int64_t budget = int64_t(n_layers); budget <= 10 * int64_t(n_layers); ++budget) {
            const Allocation a = allocate(scores, config_of(AllocationRule::Exact, budget));
            QCOMPARE(sum_of(experts_of(a)), budget);
            QCOMPARE(a.total_experts, budget);
            for (const auto& layer : a.layers) QVERIFY(layer.experts >= 1);
            QVERIFY2(monotone(s, a), qPrintable(text_of(experts_of(a))));
        }
    }
}

// Random bounds and budgets: the sum is the budget and no layer leaves [min, max].
void TestAllocation::exactRespectsMinAndMax() {
    std::mt19937 rng(7);
    std::uniform_int_distribution<int64_t> pick_min(1, 3), pick_width(0, 4);
    for (int trial = 0; trial < 300; ++trial) {
        const std::vector<double> s = random_scores(rng, 28);
        AllocationConfig c = config_of(AllocationRule::Exact, 0);
        c.min_experts = pick_min(rng);
        c.max_experts = c.min_experts + pick_width(rng);
        c.budget = std::uniform_int_distribution<int64_t>(28 * c.min_experts, 28 * c.max_experts)(rng);
        const Allocation a = allocate(scores_of(s), c);
        QCOMPARE(a.total_experts, c.budget);
        for (const auto& layer : a.layers) {
            QVERIFY(layer.experts >= c.min_experts);
            QVERIFY(layer.experts <= c.max_experts);
        }
        QVERIFY2(monotone(s, a), qPrintable(text_of(experts_of(a))));
    }
}

// Clamping the out-of-bound layers once would strand budget when both bounds bind.
void TestAllocation::exactSolvesBothBoundsAtOnce() {
    AllocationConfig c = config_of(AllocationRule::Exact, 6);
    c.min_experts = 1;
    c.max_experts = 3;
    // w = 1/S = 1, 2, 10: shares 0.46, 0.92, 4.6; the answer is clamp(lambda w) with lambda = 1.
    QCOMPARE(text_of(experts_of(allocate(scores_of({1.0, 0.5, 0.1}), c))), text_of({1, 2, 3}));
    c.budget = 15;
    c.min_experts = 2;
    c.max_experts = 4;
    // w = 10, 10, 2, 1, 1: the first two at max, the last two at min, the middle 3 (lambda = 1.5).
    QCOMPARE(text_of(experts_of(allocate(scores_of({0.1, 0.1, 0.5, 1.0, 1.0}), c))), text_of({4, 4, 3, 2, 2}));
    c.budget = 20;  // = layers x max: every layer at max
    QCOMPARE(text_of(experts_of(allocate(scores_of({0.1, 0.1, 0.5, 1.0, 1.0}), c))), text_of({4, 4, 4, 4, 4}));
    c.budget = 10;  // = layers x min
    QCOMPARE(text_of(experts_of(allocate(scores_of({0.1, 0.1, 0.5, 1.0, 1.0}), c))), text_of({2, 2, 2, 2, 2}));
}

// Shares that are whole numbers: ceil sums to the budget and exact agrees with it.
void TestAllocation::exactEqualsCeilWhenCeilSpendsTheBudget() {
    std::mt19937 rng(42);
    std::uniform_int_distribution<int64_t> pick(1, 9);
    std::uniform_real_distribution<double> scale(0.02, 0.14);
    for (int trial = 0; trial < 200; ++trial) {
        std::vector<int64_t> wanted(size_t(std::uniform_int_distribution<int>(1, 32)(rng)));
        const double c = scale(rng);  // makes the computed shares miss the integers by an ulp or so
        std::vector<double> s;
        for (auto& n : wanted) {
            n = pick(rng);
            s.push_back(c / double(n));  // share of layer i = budget * n_i / sum n = n_i
        }
        const int64_t budget = sum_of(wanted);
        const Allocation ceil = allocate(scores_of(s), config_of(AllocationRule::Ceil, budget));
        const Allocation exact = allocate(scores_of(s), config_of(AllocationRule::Exact, budget));
        QCOMPARE(text_of(experts_of(ceil)), text_of(wanted));
        QCOMPARE(text_of(experts_of(exact)), text_of(wanted));
    }
}

// Higher similarity never buys a layer more experts, under either rule without bounds.
void TestAllocation::lowerScoreNeverGetsFewerExperts() {
    std::mt19937 rng(3);
    for (int trial = 0; trial < 200; ++trial) {
        const std::vector<double> s = random_scores(rng, 28);
        const int64_t budget = std::uniform_int_distribution<int64_t>(28, 200)(rng);
        for (auto rule : {AllocationRule::Ceil, AllocationRule::Exact}) {
            const Allocation a = allocate(scores_of(s), config_of(rule, budget));
            QVERIFY2(monotone(s, a), qPrintable(q(rule_name(rule)) + QStringLiteral(": ") + text_of(experts_of(a))));
        }
    }
}

// ceil clamps each layer to [min, max] and may then miss the budget, as in the paper.
void TestAllocation::ceilClampsToMinAndMax() {
    const auto scores = scores_of({0.1, 0.2, 0.4});  // shares of 7: 4, 2, 1
    AllocationConfig c = config_of(AllocationRule::Ceil, 7);
    QCOMPARE(text_of(experts_of(allocate(scores, c))), text_of({4, 2, 1}));
    c.min_experts = 2;
    c.max_experts = 3;
    QCOMPARE(text_of(experts_of(allocate(scores, c))), text_of({3, 2, 2}));
    c.max_experts = 0;
    c.budget = 8;  // shares 4.57, 2.29, 1.14
    QCOMPARE(text_of(experts_of(allocate(scores, c))), text_of({5, 3, 2}));
}

// MoE-LPR: the same N everywhere, whatever the scores and the budget.
void TestAllocation::uniformGivesEveryLayerTheSameExperts() {
    AllocationConfig c = config_of(AllocationRule::Uniform, 0);
    c.uniform_experts = 6;
    const Allocation a = allocate(paper_scores(), c);
    QCOMPARE(text_of(experts_of(a)), text_of(std::vector<int64_t>(28, 6)));
    QCOMPARE(a.total_experts, int64_t(168));
    QCOMPARE(a.new_experts, int64_t(140));
    QCOMPARE(a.new_experts_vs_uniform, 1.0);
    c.uniform_experts = 1;
    const Allocation dense = allocate(paper_scores(), c);
    QCOMPARE(dense.new_experts, int64_t(0));
    QCOMPARE(dense.new_experts_vs_uniform, 0.0);
}

void TestAllocation::classifierLayers_data() {
    QTest::addColumn<std::vector<double>>("threshold");  // empty or one value
    QTest::addColumn<int>("top");  // -100 = not given
    QTest::addColumn<QString>("expected");
    QTest::newRow("threshold inclusive") << std::vector<double>{0.2} << -100 << QStringLiteral("1,2,3,4");
    QTest::newRow("threshold between") << std::vector<double>{0.25} << -100 << QStringLiteral("1,3");
    QTest::newRow("threshold above all") << std::vector<double>{0.5} << -100 << QString();
    QTest::newRow("top 1, tie to lower layer") << std::vector<double>{} << 1 << QStringLiteral("1");
    QTest::newRow("top 2") << std::vector<double>{} << 2 << QStringLiteral("1,3");
    QTest::newRow("top 3, tie to lower layer") << std::vector<double>{} << 3 << QStringLiteral("1,2,3");
    QTest::newRow("top 0") << std::vector<double>{} << 0 << QString();
    QTest::newRow("top negative clamps to 0") << std::vector<double>{} << -1 << QString();
    QTest::newRow("top above L clamps to L") << std::vector<double>{} << 9 << QStringLiteral("0,1,2,3,4");
    QTest::newRow("neither") << std::vector<double>{} << -100 << QString();
}

// Layers with S >= tau, or the top-c layers by S with ties to the lower layer.
void TestAllocation::classifierLayers() {
    QFETCH(std::vector<double>, threshold);
    QFETCH(int, top);
    QFETCH(QString, expected);
    AllocationConfig c = config_of(AllocationRule::Ceil, 10);
    if (!threshold.empty()) c.classifier_threshold = threshold.front();
    if (top != -100) c.classifier_top = top;
    const Allocation a = allocate(scores_of({0.1, 0.3, 0.2, 0.3, 0.2}), c);
    QCOMPARE(text_of(classifier_layers(a)), expected);
    QCOMPARE(a.classifier_layers, int64_t(classifier_layers(a).size()));
}

// Totals, parameters and the uniform comparison, computed by hand.
void TestAllocation::totalsAndParameterCounts() {
    AllocationConfig c = config_of(AllocationRule::Ceil, 7);
    c.d_model = 8;
    c.ffn_size = 16;
    c.classifier_top = 1;
    const Allocation a = allocate(scores_of({0.1, 0.2, 0.4}), c);  // experts 4, 2, 1
    QCOMPARE(a.layers[1].experts, int64_t(2));
    QCOMPARE(a.layers[1].new_experts, int64_t(1));
    QCOMPARE(a.layers[2].s, 0.4);
    QCOMPARE(a.total_experts, int64_t(7));
    QCOMPARE(a.new_experts, int64_t(4));
    QCOMPARE(a.new_parameters, int64_t(4 * 3 * 8 * 16));
    QCOMPARE(a.router_parameters, int64_t(8 * 4 + 8 * 2));  // the dense layer has no router
    QCOMPARE(a.classifier_layers, int64_t(1));
    QVERIFY(a.layers[2].classifier);
    QCOMPARE(a.uniform_new_experts, int64_t(3 * 5));
    QCOMPARE(a.uniform_new_parameters, int64_t(15 * 3 * 8 * 16));
    QCOMPARE(a.new_experts_vs_uniform, 4.0 / 15.0);
    c.d_model = 0;
    const Allocation shapeless = allocate(scores_of({0.1, 0.2, 0.4}), c);
    QCOMPARE(shapeless.new_parameters, int64_t(0));
    QCOMPARE(shapeless.router_parameters, int64_t(0));
    QCOMPARE(shapeless.uniform_new_parameters, int64_t(0));
}

// S_nn over unordered new pairs, S_no over every (new, old) pair, S their mean.
void TestAllocation::layerScoresFromHandMadeReport() {
    const SimilarityReport report = hand_report();
    QCOMPARE(report.layers[1].at("el", "hu"), 0.9);
    QCOMPARE(report.layers[1].index_of("en"), size_t(3));
    const auto scores = layer_scores(report, {"en", "zh"}, {"el", "hu"});
    QCOMPARE(scores.size(), size_t(2));
    QCOMPARE(scores[0].layer, int64_t(0));
    QCOMPARE(scores[0].s_new_new, 0.4);
    QCOMPARE(scores[0].s_new_old, (0.2 + 0.3 + 0.1 + 0.25) / 4);
    QCOMPARE(scores[0].s, (0.4 + 0.2125) / 2);
    QCOMPARE(scores[1].layer, int64_t(1));
    QCOMPARE(scores[1].s_new_new, 0.9);
    QCOMPARE(scores[1].s_new_old, (0.6 + 0.8 + 0.5 + 0.4) / 4);
    QCOMPARE(scores[1].s, (0.9 + 0.575) / 2);
    const auto three_new = layer_scores(report, {"en"}, {"el", "hu", "zh"});
    QCOMPARE(three_new[0].s_new_new, (0.4 + 0.3 + 0.25) / 3);
    QCOMPARE(three_new[0].s_new_old, (0.2 + 0.1 + 0.5) / 3);
    QCOMPARE(three_new[0].s, ((0.4 + 0.3 + 0.25) / 3 + (0.2 + 0.1 + 0.5) / 3) / 2);
}

// One new language: no new-new pair, so s_new_new is NaN and S = S_no.
void TestAllocation::layerScoresWithOneNewLanguage() {
    const auto scores = layer_scores(hand_report(), {"en", "zh", "hu"}, {"el"});
    QVERIFY(std::isnan(scores[0].s_new_new));
    QCOMPARE(scores[0].s_new_old, (0.2 + 0.3 + 0.4) / 3);
    QCOMPARE(scores[0].s, scores[0].s_new_old);
    QCOMPARE(scores[1].s, (0.6 + 0.8 + 0.9) / 3);
    const LayerScore made = make_layer_score(5, kNaN, 0.07);
    QCOMPARE(made.layer, int64_t(5));
    QCOMPARE(made.s, 0.07);
}

void TestAllocation::layerScoresErrors_data() {
    QTest::addColumn<QStringList>("old_langs");
    QTest::addColumn<QStringList>("new_langs");
    QTest::addColumn<QString>("error");
    QTest::newRow("unknown new language") << QStringList{QStringLiteral("en")} << QStringList{QStringLiteral("fr")}
                                          << QStringLiteral("layer 0 has no language 'fr' (it has: en, el, zh, hu)");
    QTest::newRow("unknown old language") << QStringList{QStringLiteral("de")} << QStringList{QStringLiteral("el")}
                                          << QStringLiteral("has no language 'de'");
    QTest::newRow("overlap") << QStringList{QStringLiteral("en"), QStringLiteral("el")}
                             << QStringList{QStringLiteral("el"), QStringLiteral("hu")}
                             << QStringLiteral("'el' is in both the old and the new languages");
    QTest::newRow("empty old") << QStringList{} << QStringList{QStringLiteral("el")}
                               << QStringLiteral("no old languages");
    QTest::newRow("empty new") << QStringList{QStringLiteral("en")} << QStringList{}
                               << QStringLiteral("no new languages");
    QTest::newRow("duplicate") << QStringList{QStringLiteral("en")}
                               << QStringList{QStringLiteral("el"), QStringLiteral("el")}
                               << QStringLiteral("'el' is listed twice in the new languages");
}

// Bad language groups name the language and the group at fault.
void TestAllocation::layerScoresErrors() {
    QFETCH(QStringList, old_langs);
    QFETCH(QStringList, new_langs);
    QFETCH(QString, error);
    std::vector<std::string> old_codes, new_codes;
    for (const auto& code : old_langs) old_codes.push_back(code.toStdString());
    for (const auto& code : new_langs) new_codes.push_back(code.toStdString());
    const QString message = error_of([&] { layer_scores(hand_report(), old_codes, new_codes); });
    QVERIFY2(message.contains(error), qPrintable(message));
}

// A report without layers, or a matrix whose values do not match its languages, is refused.
void TestAllocation::layerScoresRejectsMalformedReport() {
    QVERIFY(
        error_of([] { layer_scores(SimilarityReport{}, {"en"}, {"el"}); }).contains(QStringLiteral("has no layers")));
    SimilarityReport report = hand_report();
    report.layers[1].values.pop_back();
    const QString message = error_of([&] { layer_scores(report, {"en"}, {"el"}); });
    QVERIFY2(message.contains(QStringLiteral("layer 1 has 15 similarity values for 4 languages (expected 16)")),
             qPrintable(message));
}

// BOM, CRLF, blank lines, spaces, columns in any order, extra columns and rows out of order.
void TestAllocation::readScoresCsvToleratesLayout() {
    QTemporaryDir tmp;
    const fs::path file = temp_path(tmp) / "scores.csv";
    write_file(file,
               "\xEF\xBB\xBF s_new_old , layer ,note, s_new_new \r\n\r\n 0.2 , 1 , x, \r\n  \r\n0.3,0, y,0.4\r\n");
    const auto scores = read_scores_csv(file);
    QCOMPARE(scores.size(), size_t(2));
    QCOMPARE(scores[0].layer, int64_t(0));
    QCOMPARE(scores[0].s_new_new, 0.4);
    QCOMPARE(scores[0].s_new_old, 0.3);
    QCOMPARE(scores[0].s, (0.4 + 0.3) / 2);
    QCOMPARE(scores[1].layer, int64_t(1));
    QVERIFY(std::isnan(scores[1].s_new_new));
    QCOMPARE(scores[1].s, 0.2);
}

// The header and number format the other tools read.
void TestAllocation::writeScoresCsvFormat() {
    QTemporaryDir tmp;
    const fs::path file = temp_path(tmp) / "out" / "scores.csv";
    fs::create_directories(file.parent_path());
    write_scores_csv(file, {make_layer_score(0, 0.1, 0.2), make_layer_score(1, kNaN, 0.25)});
    QCOMPARE(q(read_text_file(file)),
             QStringLiteral("layer,s_new_new,s_new_old,s\n0,0.1,0.2,0.15000000000000002\n1,,0.25,0.25\n"));
}

// Write then read gives the same doubles bit for bit, NaN s_new_new included.
void TestAllocation::scoresCsvRoundTripIsBitExact() {
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> similarity(1e-6, 1.0);
    std::vector<LayerScore> scores;
    for (int64_t layer = 0; layer < 64; ++layer)
        scores.push_back(make_layer_score(layer, layer % 5 == 3 ? kNaN : similarity(rng), similarity(rng)));
    scores.push_back(make_layer_score(64, 0.1, 1.0 / 3.0));
    scores.push_back(make_layer_score(65, std::numeric_limits<double>::denorm_min(), 1e-300));
    QTemporaryDir tmp;
    const fs::path file = temp_path(tmp) / "scores.csv";
    write_scores_csv(file, scores);
    const auto back = read_scores_csv(file);
    QCOMPARE(back.size(), scores.size());
    for (size_t i = 0; i < scores.size(); ++i) {
        QCOMPARE(back[i].layer, scores[i].layer);
        QCOMPARE(std::isnan(back[i].s_new_new), std::isnan(scores[i].s_new_new));
        if (!std::isnan(scores[i].s_new_new))
            QCOMPARE(std::bit_cast<uint64_t>(back[i].s_new_new), std::bit_cast<uint64_t>(scores[i].s_new_new));
        QCOMPARE(std::bit_cast<uint64_t>(back[i].s_new_old), std::bit_cast<uint64_t>(scores[i].s_new_old));
        QCOMPARE(std::bit_cast<uint64_t>(back[i].s), std::bit_cast<uint64_t>(scores[i].s));
    }
}

void TestAllocation::scoresCsvErrors_data() {
    QTest::addColumn<std::string>("content");
    QTest::addColumn<QString>("error");
    const std::string header = "layer,s_new_new,s_new_old\n";
    QTest::newRow("missing layer") << header + "0,0.1,0.1\n2,0.1,0.1\n"
                                   << QStringLiteral("scores.csv: layer 1 is missing (2 rows must hold layers 0 to 1");
    QTest::newRow("repeated layer") << header + "0,0.1,0.1\n1,0.1,0.1\n1,0.2,0.2\n"
                                    << QStringLiteral("scores.csv:4: layer 1 is repeated (first on line 3)");
    QTest::newRow("not a number") << header + "0,0.1,0.1\n1,0.1,0.1\n2,0.1,abc\n"
                                  << QStringLiteral("scores.csv:4: s_new_old 'abc' is not a number");
    QTest::newRow("trailing junk") << header + "0,0.1x,0.1\n"
                                   << QStringLiteral("scores.csv:2: s_new_new '0.1x' is not a number");
    QTest::newRow("zero score") << header + "0,0.1,0\n"
                                << QStringLiteral("scores.csv:2: s_new_old 0 must be a finite number > 0");
    QTest::newRow("negative score") << header + "0,-0.05,0.1\n"
                                    << QStringLiteral("scores.csv:2: s_new_new -0.05 must be a finite number > 0");
    QTest::newRow("infinite score") << header + "0,0.1,inf\n"
                                    << QStringLiteral("s_new_old inf must be a finite number");
    QTest::newRow("nan score") << header + "0,nan,0.1\n" << QStringLiteral("s_new_new nan must be a finite number");
    QTest::newRow("missing s_new_old column") << std::string("layer,s_new_new,s\n0,0.1,0.1\n")
                                              << QStringLiteral("scores.csv:1: the header has no column 's_new_old'");
    QTest::newRow("no header") << std::string("0,0.1,0.1\n") << QStringLiteral("the header has no column 'layer'");
    QTest::newRow("column twice") << std::string("layer,s_new_new,s_new_old,layer\n")
                                  << QStringLiteral("names column 'layer' twice");
    QTest::newRow("empty file") << std::string() << QStringLiteral("scores.csv is empty");
    QTest::newRow("blank lines only") << std::string("\n  \r\n") << QStringLiteral("scores.csv is empty");
    QTest::newRow("header only") << header << QStringLiteral("has a header but no rows");
    QTest::newRow("too few fields") << header + "0,0.1\n"
                                    << QStringLiteral("scores.csv:2: 2 fields, but the header has 3");
    QTest::newRow("fractional layer") << header + "1.5,0.1,0.1\n"
                                      << QStringLiteral("layer '1.5' is not a whole number");
    QTest::newRow("negative layer") << header + "-1,0.1,0.1\n" << QStringLiteral("layer -1 is negative");
}

// Each bad file names the file, the line where there is one, and the problem.
void TestAllocation::scoresCsvErrors() {
    QFETCH(std::string, content);
    QFETCH(QString, error);
    QTemporaryDir tmp;
    const fs::path file = temp_path(tmp) / "scores.csv";
    write_file(file, content);
    const QString message = error_of([&] { read_scores_csv(file); });
    QVERIFY2(message.contains(error), qPrintable(message));
    QVERIFY2(message.contains(q(file.string())), qPrintable(message));
}

// A missing scores file is named in the error.
void TestAllocation::readScoresCsvNamesMissingFile() {
    QTemporaryDir tmp;
    const fs::path file = temp_path(tmp) / "nowhere.csv";
    const QString message = error_of([&] { read_scores_csv(file); });
    QVERIFY2(message.contains(q(file.string())), qPrintable(message));
}

void TestAllocation::allocationErrors_data() {
    QTest::addColumn<std::vector<double>>("scores");
    QTest::addColumn<AllocationConfig>("config");
    QTest::addColumn<QString>("error");
    const std::vector<double> six(6, 0.1), three{0.1, 0.2, 0.3};
    auto with = [](AllocationConfig c, auto change) {
        change(c);
        return c;
    };
    const AllocationConfig ceil7 = config_of(AllocationRule::Ceil, 7);
    QTest::newRow("no scores") << std::vector<double>{} << ceil7 << QStringLiteral("no similarity scores");
    QTest::newRow("zero score") << std::vector<double>{0.1, 0.0} << ceil7
                                << QStringLiteral("layer 1 has similarity score 0; scores must be > 0");
    QTest::newRow("nan score with a floor")
        << std::vector<double>{0.1, kNaN} << with(ceil7, [](auto& c) { c.score_floor = 0.01; })
        << QStringLiteral("layer 1 has similarity score nan");
    QTest::newRow("negative floor") << std::vector<double>{0.1, 0.2} << with(ceil7, [](auto& c) { c.score_floor = -1; })
                                    << QStringLiteral("score floor -1 must be a number >= 0");
    QTest::newRow("negative score") << std::vector<double>{-0.1, 0.1} << ceil7
                                    << QStringLiteral("layer 0 has similarity score -0.1");
    QTest::newRow("nan score") << std::vector<double>{0.1, kNaN} << ceil7
                               << QStringLiteral("layer 1 has similarity score nan");
    QTest::newRow("uniform checks scores too")
        << std::vector<double>{0.0}
        << with(config_of(AllocationRule::Uniform, 0), [](auto& c) { c.uniform_experts = 6; })
        << QStringLiteral("layer 0 has similarity score 0");
    QTest::newRow("budget below layers")
        << six << config_of(AllocationRule::Ceil, 5)
        << QStringLiteral("budget 5 is smaller than the 6 layers: every layer keeps its original expert, so the "
                          "budget counts at least one expert per layer");
    QTest::newRow("exact budget below layers")
        << six << config_of(AllocationRule::Exact, 0) << QStringLiteral("budget 0 is smaller than the 6 layers");
    QTest::newRow("budget below layers x min")
        << three << with(ceil7, [](auto& c) { c.min_experts = 3; })
        << QStringLiteral("budget 7 is smaller than 3 layers x min 3 experts = 9");
    QTest::newRow("min 0") << three << with(ceil7, [](auto& c) { c.min_experts = 0; })
                           << QStringLiteral("min experts per layer is 0; it must be at least 1");
    QTest::newRow("max below min") << three << with(ceil7, [](auto& c) {
        c.min_experts = 3;
        c.max_experts = 2;
    }) << QStringLiteral("max experts per layer (2) is smaller than min experts per layer (3)");
    QTest::newRow("max negative") << three << with(ceil7, [](auto& c) { c.max_experts = -1; })
                                  << QStringLiteral("use 0 for no maximum");
    QTest::newRow("exact infeasible max")
        << three << with(config_of(AllocationRule::Exact, 7), [](auto& c) { c.max_experts = 2; })
        << QStringLiteral("budget 7 is more than 3 layers x max 2 experts = 6, so the exact rule cannot spend it");
    QTest::newRow("uniform N 0") << three << config_of(AllocationRule::Uniform, 0)
                                 << QStringLiteral("uniform experts per layer is 0; it must be at least 1");
    QTest::newRow("both classifier rules") << three << with(ceil7, [](auto& c) {
        c.classifier_threshold = 0.1;
        c.classifier_top = 2;
    }) << QStringLiteral("either a classifier threshold or a classifier top-c, not both");
    QTest::newRow("threshold nan") << three << with(ceil7, [](auto& c) { c.classifier_threshold = kNaN; })
                                   << QStringLiteral("classifier threshold nan is not a finite number");
    QTest::newRow("compare uniform 0") << three << with(ceil7, [](auto& c) { c.compare_uniform_experts = 0; })
                                       << QStringLiteral("compared uniform experts per layer is 0");
    QTest::newRow("negative d_model") << three << with(ceil7, [](auto& c) { c.d_model = -8; })
                                      << QStringLiteral("d_model -8 x ffn_size 0 is negative");
    QTest::newRow("huge budget") << three << config_of(AllocationRule::Ceil, int64_t(1) << 40)
                                 << QStringLiteral("budget 1099511627776 is too large");
    QTest::newRow("parameter overflow") << three << with(ceil7, [](auto& c) {
        c.d_model = 4'000'000'000;
        c.ffn_size = 4'000'000'000;
    }) << QStringLiteral("does not fit in 64 bits");
}

// Each invalid request is refused with a message that says what to change.
void TestAllocation::allocationErrors() {
    QFETCH(std::vector<double>, scores);
    QFETCH(AllocationConfig, config);
    QFETCH(QString, error);
    const QString message = error_of([&] { allocate(scores_of(scores), config); });
    QVERIFY2(message.contains(error), qPrintable(message));
}

// Rule names parse back; an unknown name lists the known ones.
void TestAllocation::ruleNames() {
    for (auto rule : {AllocationRule::Ceil, AllocationRule::Exact, AllocationRule::Uniform})
        QCOMPARE(parse_allocation_rule(rule_name(rule)), rule);
    QCOMPARE(rule_name(AllocationRule::Exact), std::string("exact"));
    const QString message = error_of([] { parse_allocation_rule("largest"); });
    QVERIFY2(message.contains(QStringLiteral("unknown allocation rule 'largest' (known: ceil, exact, uniform)")),
             qPrintable(message));
}

// Every field survives to_json -> from_json; missing keys take the defaults.
void TestAllocation::configJsonRoundTrip() {
    AllocationConfig c;
    c.rule = AllocationRule::Exact;
    c.budget = 84;
    c.uniform_experts = 4;
    c.min_experts = 2;
    c.max_experts = 6;
    c.classifier_threshold = 0.115;
    c.compare_uniform_experts = 8;
    c.d_model = 3072;
    c.ffn_size = 8192;
    c.score_floor = 0.01;
    const nlohmann::json j = c.to_json();
    QCOMPARE(q(j.dump()), QStringLiteral("{\"budget\":84,\"classifier_threshold\":0.115,\"classifier_top\":null,"
                                         "\"compare_uniform_experts\":8,\"d_model\":3072,\"ffn_size\":8192,"
                                         "\"max_experts\":6,\"min_experts\":2,\"rule\":\"exact\",\"score_floor\":0.01,"
                                         "\"uniform_experts\":4}"));
    const AllocationConfig back = AllocationConfig::from_json(nlohmann::json::parse(j.dump()));
    QCOMPARE(q(back.to_json().dump()), q(j.dump()));
    QCOMPARE(back.rule, AllocationRule::Exact);
    QCOMPARE(*back.classifier_threshold, 0.115);
    QVERIFY(!back.classifier_top);
    c.classifier_threshold.reset();
    c.classifier_top = 5;
    const AllocationConfig top = AllocationConfig::from_json(c.to_json());
    QCOMPARE(*top.classifier_top, int64_t(5));
    QVERIFY(!top.classifier_threshold);
    const AllocationConfig defaults = AllocationConfig::from_json(nlohmann::json::object());
    QCOMPARE(q(defaults.to_json().dump()), q(AllocationConfig{}.to_json().dump()));
    QCOMPARE(defaults.compare_uniform_experts, int64_t(6));
    QCOMPARE(defaults.min_experts, int64_t(1));
}

void TestAllocation::configFromJsonErrors_data() {
    QTest::addColumn<std::string>("json");
    QTest::addColumn<QString>("error");
    QTest::newRow("not an object") << std::string("[1]") << QStringLiteral("must be a JSON object");
    QTest::newRow("budget string") << std::string(R"({"budget":"70"})")
                                   << QStringLiteral("'budget' must be an integer (got \"70\")");
    QTest::newRow("budget fractional") << std::string(R"({"budget":70.5})")
                                       << QStringLiteral("'budget' must be an integer");
    QTest::newRow("rule number") << std::string(R"({"rule":1})") << QStringLiteral("'rule' must be a string");
    QTest::newRow("rule unknown") << std::string(R"({"rule":"round"})")
                                  << QStringLiteral("unknown allocation rule 'round'");
    QTest::newRow("threshold string") << std::string(R"({"classifier_threshold":"high"})")
                                      << QStringLiteral("'classifier_threshold' must be a number or null");
    QTest::newRow("top fractional") << std::string(R"({"classifier_top":2.5})")
                                    << QStringLiteral("'classifier_top' must be an integer or null");
    QTest::newRow("d_model bool") << std::string(R"({"d_model":true})")
                                  << QStringLiteral("'d_model' must be an integer");
}

// Wrong JSON types name the key and the expected type.
void TestAllocation::configFromJsonErrors() {
    QFETCH(std::string, json);
    QFETCH(QString, error);
    const QString message = error_of([&] { AllocationConfig::from_json(nlohmann::json::parse(json)); });
    QVERIFY2(message.contains(error), qPrintable(message));
}

// The allocation's JSON holds the config, every layer and the totals under the field names.
void TestAllocation::allocationToJson() {
    AllocationConfig c = config_of(AllocationRule::Ceil, 7);
    c.d_model = 8;
    c.ffn_size = 16;
    c.classifier_threshold = 0.4;
    const nlohmann::json j = allocate(scores_of({0.1, 0.2, 0.4}), c).to_json();
    QCOMPARE(q(j.at("config").dump()), q(c.to_json().dump()));
    QCOMPARE(j.at("layers").size(), size_t(3));
    QCOMPARE(q(j.at("layers")[0].dump()),
             QStringLiteral(R"({"classifier":false,"experts":4,"layer":0,"new_experts":3,"s":0.1})"));
    QCOMPARE(q(j.at("layers")[2].dump()),
             QStringLiteral(R"({"classifier":true,"experts":1,"layer":2,"new_experts":0,"s":0.4})"));
    QCOMPARE(j.at("total_experts").get<int64_t>(), int64_t(7));
    QCOMPARE(j.at("new_experts").get<int64_t>(), int64_t(4));
    QCOMPARE(j.at("new_parameters").get<int64_t>(), int64_t(4 * 3 * 8 * 16));
    QCOMPARE(j.at("router_parameters").get<int64_t>(), int64_t(48));
    QCOMPARE(j.at("classifier_layers").get<int64_t>(), int64_t(1));
    QCOMPARE(j.at("uniform_new_experts").get<int64_t>(), int64_t(15));
    QCOMPARE(j.at("uniform_new_parameters").get<int64_t>(), int64_t(15 * 3 * 8 * 16));
    QCOMPARE(j.at("new_experts_vs_uniform").get<double>(), 4.0 / 15.0);
    QCOMPARE(j.size(), size_t(10));
}

void TestAllocation::allocationFromJsonErrors_data() {
    QTest::addColumn<std::string>("layer");
    QTest::addColumn<std::string>("config");
    QTest::addColumn<QString>("error");
    const std::string config = R"({"rule":"exact","budget":4})";
    // What fuzzing found in an experiment's "fixed_allocation": 1e117 experts was converted to
    // int64 with undefined behaviour (UBSan), then summed and multiplied.
    QTest::newRow("experts 1e117") << std::string(
                                          R"({"layer":0,"s":0.1,"experts":1e117,"new_experts":1,"classifier":false})")
                                   << config
                                   << QStringLiteral(R"(layers[0]: "experts" must be a whole number (got 1e+117))");
    QTest::newRow("new_experts 1e117")
        << std::string(R"({"layer":0,"s":0.1,"experts":2,"new_experts":1e117,"classifier":false})") << config
        << QStringLiteral(R"(layers[0]: "new_experts" must be a whole number)");
    QTest::newRow("experts 2^64")
        << std::string(R"({"layer":0,"s":0.1,"experts":18446744073709551615,"new_experts":1,"classifier":false})")
        << config << QStringLiteral(R"(layers[0]: "experts" must be a whole number)");
    QTest::newRow("experts 2.5") << std::string(
                                        R"({"layer":0,"s":0.1,"experts":2.5,"new_experts":1,"classifier":false})")
                                 << config
                                 << QStringLiteral(R"(layers[0]: "experts" must be a whole number (got 2.5))");
    QTest::newRow("experts too many")
        << std::string(R"({"layer":0,"s":0.1,"experts":9000000000000000000,"new_experts":1,"classifier":false})")
        << config << QStringLiteral(R"(layers[0]: "experts" 9000000000000000000 is too large)");
    QTest::newRow("experts 0") << std::string(R"({"layer":0,"s":0.1,"experts":0,"new_experts":-1,"classifier":false})")
                               << config << QStringLiteral(R"(layers[0]: "experts" is 0; it must be at least 1)");
    QTest::newRow("layer negative") << std::string(
                                           R"({"layer":-1,"s":0.1,"experts":2,"new_experts":1,"classifier":false})")
                                    << config << QStringLiteral(R"(layers[0]: "layer" is -1)");
    QTest::newRow("s string") << std::string(R"({"layer":0,"s":"low","experts":2,"new_experts":1,"classifier":false})")
                              << config << QStringLiteral(R"(layers[0]: "s" must be a number (got "low"))");
    QTest::newRow("classifier missing") << std::string(R"({"layer":0,"s":0.1,"experts":2,"new_experts":1})") << config
                                        << QStringLiteral(R"(layers[0]: "classifier" is missing)");
    QTest::newRow("layer not an object") << std::string("[1]") << config
                                         << QStringLiteral("layers[0] must be an object (got [1])");
    QTest::newRow("compare_uniform_experts minimum")
        << std::string(R"({"layer":0,"s":0.1,"experts":2,"new_experts":1,"classifier":false})")
        << std::string(R"({"compare_uniform_experts":-9223372036854775808})")
        << QStringLiteral(R"("compare_uniform_experts" is -9223372036854775808; it must be at least 1)");
}

// A stored allocation (an experiment's "fixed_allocation", an expansion being resumed) is checked
// key by key before anything is summed; errors name the layer and the key.
void TestAllocation::allocationFromJsonErrors() {
    QFETCH(std::string, layer);
    QFETCH(std::string, config);
    QFETCH(QString, error);
    const auto j = nlohmann::json::parse(R"({"config":)" + config + R"(,"layers":[)" + layer + "]}");
    const QString message = error_of([&] { Allocation::from_json(j); });
    QVERIFY2(message.startsWith(QStringLiteral("allocation: ")) && message.contains(error), qPrintable(message));
    // The same allocation with a good layer reads.
    const auto good = nlohmann::json::parse(
        R"({"config":{"rule":"exact","budget":4},"layers":[{"layer":0,"s":0.1,"experts":2,"new_experts":1,"classifier":true}]})");
    QCOMPARE(Allocation::from_json(good).new_experts, int64_t{1});
}

void TestAllocation::defaultLayerMoeAllocation_data() {
    QTest::addColumn<int64_t>("layers");
    QTest::addColumn<int64_t>("uniform");
    QTest::addColumn<int64_t>("budget");
    QTest::addColumn<int64_t>("min");
    // The demo's small model: 6 layers, 12 new experts = 40% of MoE-LPR's 30.
    QTest::newRow("demo, 6 layers") << int64_t(6) << int64_t(6) << int64_t(18) << int64_t(2);
    QTest::newRow("2 layers") << int64_t(2) << int64_t(6) << int64_t(6) << int64_t(2);
    // The paper's Llama-3.2-3B: 28 layers, 56 of MoE-LPR's 140 new experts.
    QTest::newRow("28 layers") << int64_t(28) << int64_t(6) << int64_t(84) << int64_t(2);
    // 40% of 2 new experts per layer cannot give every layer a second expert: min 1.
    QTest::newRow("MoE-LPR N = 3") << int64_t(6) << int64_t(3) << int64_t(10) << int64_t(1);
    QTest::newRow("MoE-LPR N = 1") << int64_t(4) << int64_t(1) << int64_t(4) << int64_t(1);
}

// The paper-default LayerMoE allocation the demo and the workbench start from, and that it
// allocates: exact rule, the budget spent, classifiers on the 2 most similar layers, the floor
// taking a layer whose S <= 0.
void TestAllocation::defaultLayerMoeAllocation() {
    QFETCH(int64_t, layers);
    QFETCH(int64_t, uniform);
    QFETCH(int64_t, budget);
    QFETCH(int64_t, min);
    const AllocationConfig c = default_layermoe_allocation(layers, uniform);
    QCOMPARE(c.rule, AllocationRule::Exact);
    QCOMPARE(c.budget, budget);
    QCOMPARE(c.min_experts, min);
    QCOMPARE(c.max_experts, int64_t(0));
    QCOMPARE(c.classifier_top.value_or(-1), int64_t(2));
    QVERIFY(!c.classifier_threshold);
    QCOMPARE(c.compare_uniform_experts, uniform);
    QCOMPARE(c.score_floor, 0.01);
    std::vector<double> s(size_t(layers), 0.05);
    s[0] = -0.02;
    for (size_t i = 1; i < s.size(); ++i) s[i] = 0.02 * double(i);
    const Allocation a = allocate(scores_of(s), c);
    QCOMPARE(a.total_experts, budget);
    QCOMPARE(a.classifier_layers, std::min<int64_t>(2, layers));
    for (const auto& l : a.layers) QVERIFY(l.experts >= min);
    if (layers > 1) QVERIFY(a.layers.front().experts >= a.layers.back().experts);
}

void TestAllocation::defaultLayerMoeAllocationErrors() {
    QVERIFY(error_of([] { default_layermoe_allocation(0); }).contains(QStringLiteral("layers")));
    QVERIFY(error_of([] {
                default_layermoe_allocation(6, 0);
            }).contains(QStringLiteral("MoE-LPR's experts per layer is 0")));
}

QTEST_APPLESS_MAIN(TestAllocation)
#include "test_allocation.moc"
