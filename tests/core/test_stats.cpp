// The interval code of comparisons (core/report/stats.h) against answers known without it:
// Student-t quantiles from the tables, a t-interval worked by hand, bootstrap intervals whose
// percentiles follow from counting the possible resamples, the normal approximation on a large
// sample, and the verdicts, a difference of exactly zero giving "no clear difference".
#include <QtTest>

#include <cmath>

#include "core/common/error.h"
#include "core/report/stats.h"

using namespace layermoe;
using namespace layermoe::stats;

namespace {

Samples unit_weights(std::vector<std::vector<double>> num) {
    Samples s;
    s.weight.assign(num.front().size(), 1.0);
    s.num = std::move(num);
    return s;
}

bool near(double a, double b, double tol) { return std::fabs(a - b) <= tol; }

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

}  // namespace

class TestStats : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tQuantiles();
    void tInterval();
    void bootstrapCountedResamples();
    void bootstrapMatchesNormalOnLargeSample();
    void bootstrapWeightsAreRatios();
    void pairedZeroIsNoClearDifference();
    void pairedShiftAndVerdicts();
    void pairedOverSeeds();
    void pairedOneSeedIsPairedBootstrap();
    void strata();
    void seededAndErrors();
};

// Two-sided 95% (and other) quantiles as printed in tables of Student's t (R's qt, 9 digits).
void TestStats::tQuantiles() {
    const struct {
        double p;
        int dof;
        double want;
    } table[] = {{0.975, 1, 12.706204736}, {0.975, 2, 4.302652730},   {0.975, 4, 2.776445105},
                 {0.975, 10, 2.228138852}, {0.975, 30, 2.042272456},  {0.995, 5, 4.032142984},
                 {0.9, 3, 1.637744354},    {0.975, 1000, 1.962339081}};
    for (const auto& row : table) {
        const double got = t_quantile(row.p, row.dof);
        QVERIFY2(near(got, row.want, 1e-8), qPrintable(QStringLiteral("t(%1, %2) = %3, want %4")
                                                           .arg(row.p)
                                                           .arg(row.dof)
                                                           .arg(got, 0, 'g', 12)
                                                           .arg(row.want, 0, 'g', 12)));
    }
    QVERIFY(near(t_quantile(0.025, 4), -2.776445105, 1e-8));
    QVERIFY(near(t_quantile(0.5, 7), 0.0, 1e-12));
}

// 1..5: mean 3, standard error sqrt(2.5 / 5), t(0.975, 4) = 2.776445105.
void TestStats::tInterval() {
    const std::vector<double> v{1, 2, 3, 4, 5};
    const Interval i = t_interval(v);
    const double half = 2.776445105 * std::sqrt(2.5 / 5);
    QCOMPARE(i.n, 5);
    QVERIFY(near(i.mean, 3, 1e-12));
    QVERIFY(near(i.low, 3 - half, 1e-8));
    QVERIFY(near(i.high, 3 + half, 1e-8));
    const Interval one = t_interval(std::vector<double>{0.7});
    QVERIFY(one.low == 0.7 && one.high == 0.7 && one.n == 1);
    const Interval same = t_interval(std::vector<double>{2, 2, 2});
    QVERIFY(same.low == 2 && same.high == 2);
    QVERIFY(error_of([] { t_interval(std::vector<double>{}); }).find("at least one") != std::string::npos);
}

// Units {0, 1, 5}: of the 27 equally likely resamples, 1 has mean 0 and 1 has mean 5 (3.7% each,
// more than the 2.5% in each tail), so the 95% percentile interval is exactly [0, 5].
void TestStats::bootstrapCountedResamples() {
    const Samples s = unit_weights({{0, 1, 5}});
    const Interval i = bootstrap(s, 0, 10000, 7);
    QCOMPARE(i.mean, 2.0);
    QCOMPARE(i.low, 0.0);
    QCOMPARE(i.high, 5.0);
    QCOMPARE(i.n, 3);
    // Units {0, 0, ..., 0, 1} (1 in 40): a resample without the 1 has chance (39/40)^40 = 36%, so
    // the low end is 0; the high end is the 97.5% point of Binomial(40, 1/40) / 40, which is 3/40.
    std::vector<double> rare(40, 0.0);
    rare.back() = 1;
    const Interval r = bootstrap(unit_weights({rare}), 0, 20000, 3);
    QCOMPARE(r.low, 0.0);
    QVERIFY2(near(r.high, 3.0 / 40, 1e-12), qPrintable(QString::number(r.high)));
}

// 4000 units: the bootstrap's percentiles are the normal interval mean +- 1.96 s / sqrt(n) to
// within a few percent of its half-width.
void TestStats::bootstrapMatchesNormalOnLargeSample() {
    std::vector<double> v(4000);
    for (size_t i = 0; i < v.size(); ++i) v[i] = std::sin(double(i) * 12.9898) * 3 + std::cos(double(i) * 0.37);
    double mean = 0, ss = 0;
    for (double x : v) mean += x / double(v.size());
    for (double x : v) ss += (x - mean) * (x - mean);
    const double half = 1.959964 * std::sqrt(ss / double(v.size() - 1) / double(v.size()));
    const Interval i = bootstrap(unit_weights({v}), 0, 4000, 11);
    QVERIFY(near(i.mean, mean, 1e-12));
    QVERIFY2(near(i.low, mean - half, 0.06 * half) && near(i.high, mean + half, 0.06 * half),
             qPrintable(
                 QStringLiteral("[%1, %2] against [%3, %4]").arg(i.low).arg(i.high).arg(mean - half).arg(mean + half)));
}

// Bits per byte: the metric is total bits over total bytes, and a resample drawing only one
// document gives that document's own ratio. Two documents: bits {10, 30}, bytes {10, 10}: the
// resamples are {1, 2, 2, 3} bits per byte, each equally likely.
void TestStats::bootstrapWeightsAreRatios() {
    Samples s;
    s.num = {{10, 30}};
    s.weight = {10, 10};
    QCOMPARE(s.metric(0), 2.0);
    const Interval i = bootstrap(s, 0, 10000, 5);
    QCOMPARE(i.low, 1.0);
    QCOMPARE(i.high, 3.0);
    // Unequal bytes: {bits 10 / 5 bytes, bits 10 / 20 bytes} = 20 / 25 overall; resamples give
    // 2, 0.5 or 20 / 25.
    s.weight = {5, 20};
    s.num = {{10, 10}};
    const Interval w = bootstrap(s, 0, 10000, 5);
    QVERIFY(near(w.mean, 0.8, 1e-12));
    QCOMPARE(w.low, 0.5);
    QCOMPARE(w.high, 2.0);
}

// The same measurements for both methods: every resampled difference is exactly zero.
void TestStats::pairedZeroIsNoClearDifference() {
    const Samples a = unit_weights({{0.3, 1.2, 0.8, 2.5}, {0.4, 1.0, 0.9, 2.0}, {0.1, 1.1, 0.7, 2.2}});
    const Interval d = paired_difference(a, a);
    QCOMPARE(d.mean, 0.0);
    QCOMPARE(d.low, 0.0);
    QCOMPARE(d.high, 0.0);
    QCOMPARE(verdict(d, true), Verdict::NoClearDifference);
    QCOMPARE(verdict(d, false), Verdict::NoClearDifference);
    QCOMPARE(to_string(verdict(d, true)), std::string("no clear difference"));
}

// a = b + 0.25 per unit: the difference is 0.25 in every resample, whatever the spread of b.
void TestStats::pairedShiftAndVerdicts() {
    Samples b = unit_weights({{0.0, 3.0, 1.0, 7.0, 2.0}});
    Samples a = b;
    for (auto& x : a.num[0]) x += 0.25;
    const Interval d = paired_difference(a, b);
    QVERIFY(near(d.mean, 0.25, 1e-12) && near(d.low, 0.25, 1e-12) && near(d.high, 0.25, 1e-12));
    QCOMPARE(verdict(d, true), Verdict::Better);  // accuracy: higher is better
    QCOMPARE(verdict(d, false), Verdict::Worse);  // bits per byte: lower is better
    const Interval reverse = paired_difference(b, a);
    QCOMPARE(verdict(reverse, false), Verdict::Better);
    QCOMPARE(verdict(Interval{0.1, 0.0, 0.2, 3}, true), Verdict::NoClearDifference);  // touches zero
    QCOMPARE(verdict(Interval{0.1, 1e-9, 0.2, 3}, true), Verdict::Better);
}

// Two seeds whose differences are 1 and 3 on every unit: the resampled seed pairs give 1, 2, 2, 3
// (a quarter each), so the interval is exactly [1, 3] around the mean 2. When both seeds differ
// by 5/3 on average but their units vary (1, 3, 1 and 3, 3, -1), the seeds alone would give
// [5/3, 5/3]: the units' spread is what widens it.
void TestStats::pairedOverSeeds() {
    const Samples b = unit_weights({{5, 6, 7}, {1, 2, 3}});
    const Samples a = unit_weights({{6, 7, 8}, {4, 5, 6}});
    const Interval d = paired_difference(a, b, 10000, 9);
    QCOMPARE(d.mean, 2.0);
    QCOMPARE(d.low, 1.0);
    QCOMPARE(d.high, 3.0);
    const Samples a2 = unit_weights({{6, 9, 8}, {4, 5, 2}});
    const Interval wide = paired_difference(a2, b, 10000, 9);
    QVERIFY(near(wide.mean, 5.0 / 3, 1e-12));
    QVERIFY2(wide.low < 5.0 / 3 - 0.5 && wide.high > 5.0 / 3 + 0.5,
             qPrintable(QStringLiteral("[%1, %2]").arg(wide.low).arg(wide.high)));
}

// With one seed the paired difference is the bootstrap of the per-unit differences, draw for draw.
void TestStats::pairedOneSeedIsPairedBootstrap() {
    Samples a, b, d;
    a.weight = b.weight = d.weight = {3, 1, 4, 1, 5, 9};
    a.num = {{1.0, 0.2, 2.1, 0.7, 2.0, 4.4}};
    b.num = {{1.2, 0.1, 2.0, 0.4, 2.5, 4.0}};
    d.num = {{}};
    for (size_t u = 0; u < a.weight.size(); ++u) d.num[0].push_back(a.num[0][u] - b.num[0][u]);
    const Interval paired = paired_difference(a, b, 3000, 42), direct = bootstrap(d, 0, 3000, 42);
    QVERIFY(near(paired.mean, direct.mean, 1e-12));
    QVERIFY(near(paired.low, direct.low, 1e-12));
    QVERIFY(near(paired.high, direct.high, 1e-12));
}

// A group of languages: the metric is the mean of the languages' metrics, each resampled within
// itself. Language A as above ({0, 1, 5}: resamples from 0 to 5), language B always 2: the group's
// interval is exactly [(0 + 2) / 2, (5 + 2) / 2]. Paired, with A shifted by 0.2 and B by 0.6, the
// difference is their mean 0.4 in every resample.
void TestStats::strata() {
    const std::vector<Samples> group = {unit_weights({{0, 1, 5}}), unit_weights({{2, 2}})};
    const Interval g = bootstrap(group, 0, 10000, 4);
    QCOMPARE(g.mean, 2.0);
    QCOMPARE(g.low, 1.0);
    QCOMPARE(g.high, 3.5);
    QCOMPARE(g.n, 5);
    std::vector<Samples> shifted = group;
    for (auto& x : shifted[0].num[0]) x += 0.2;
    for (auto& x : shifted[1].num[0]) x += 0.6;
    const Interval d = paired_difference(shifted, group);
    QVERIFY(near(d.mean, 0.4, 1e-12) && near(d.low, 0.4, 1e-12) && near(d.high, 0.4, 1e-12));
    QVERIFY(error_of([&] { paired_difference(shifted, std::vector<Samples>{group[0]}); }).find("2 strata against 1") !=
            std::string::npos);
}

void TestStats::seededAndErrors() {
    const Samples a = unit_weights({{0.3, 1.2, 0.8, 2.5, 0.1, 0.9}});
    const Samples b = unit_weights({{0.2, 1.0, 0.9, 2.0, 0.4, 0.5}});
    const Interval x = paired_difference(a, b, 500, 1), y = paired_difference(a, b, 500, 1),
                   z = paired_difference(a, b, 500, 2);
    QVERIFY(x.low == y.low && x.high == y.high);
    QVERIFY(x.low != z.low || x.high != z.high);
    const Samples shorter = unit_weights({{0.3, 1.2}});
    QVERIFY(error_of([&] { paired_difference(a, shorter); }).find("different seeds or units") != std::string::npos);
    Samples ragged = a;
    ragged.num.push_back({1.0});
    QVERIFY(error_of([&] { bootstrap(ragged, 0); }).find("seed 1 has 1 units") != std::string::npos);
    QVERIFY(error_of([&] { bootstrap(a, 0, 10); }).find("at least 100") != std::string::npos);
    QVERIFY(error_of([&] { bootstrap(a, 3); }).find("seed 3 of 1") != std::string::npos);
    QVERIFY(error_of([] { t_quantile(1.0, 3); }).find("p must be") != std::string::npos);
    QVERIFY(error_of([] { t_quantile(0.9, 0); }).find("degrees of freedom") != std::string::npos);
}

QTEST_GUILESS_MAIN(TestStats)
#include "test_stats.moc"
