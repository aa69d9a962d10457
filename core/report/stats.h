#pragma once
// Uncertainty for comparisons (docs/method.md "Uncertainty"): the mean of a metric over seeds
// with a Student-t interval, a metric of one run with a bootstrap over its documents or items,
// and the paired difference of two methods (same seeds, same documents or items) with a
// bootstrap over seeds and units together, and the verdict it supports. Torch-free; a metric is
// always a ratio of sums over units (bits over bytes for bits per byte; correct items over items
// for accuracy), so that resampling units resamples the metric the way it is computed.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace layermoe::stats {

inline constexpr double kLevel = 0.95;  // every interval the workbench shows
inline constexpr int kResamples = 2000;  // default bootstrap resamples

struct Interval {
    double mean = 0, low = 0, high = 0;
    int n = 0;  // seeds (t-interval) or units (bootstrap) it rests on
    bool contains(double x) const { return low <= x && x <= high; }
};

// Quantile p (0 < p < 1) of Student's t with dof >= 1 degrees of freedom.
double t_quantile(double p, int dof);

// Mean of values with the two-sided Student-t interval at level. One value: low = high = mean
// (nothing to say about spread); none: Error.
Interval t_interval(std::span<const double> values, double level = kLevel);

// Samples of one metric of one method: num[seed][unit] over weight[unit]. The units (held-out
// documents, task items) are the same for every seed, and so are their weights (bytes; 1 for
// an item). The metric of seed s is sum_u num[s][u] / sum_u weight[u].
struct Samples {
    std::vector<std::vector<double>> num;  // [seed][unit]
    std::vector<double> weight;  // [unit], sum > 0
    double metric(size_t seed) const;
    void check(const std::string& what) const;  // Error naming what when shapes disagree
};

// Percentile bootstrap over units of one seed's metric, seeded; resamples >= 100.
Interval bootstrap(const Samples& s, size_t seed_index, int resamples = kResamples, uint64_t rng_seed = 1,
                   double level = kLevel);
// Strata measured alike (the languages of a group): the metric is the unweighted mean of the
// strata's metrics, and a resample draws each stratum's units within it.
Interval bootstrap(std::span<const Samples> strata, size_t seed_index, int resamples = kResamples,
                   uint64_t rng_seed = 1, double level = kLevel);

// Paired difference a - b of two methods measured on the same seeds and units: the mean over
// seeds of (metric_a(s) - metric_b(s)), with a percentile bootstrap that draws the seeds and,
// independently, the units with replacement (the same drawn units for every seed, as the
// methods saw the same documents). One seed: the paired bootstrap over units.
Interval paired_difference(const Samples& a, const Samples& b, int resamples = kResamples, uint64_t rng_seed = 1,
                           double level = kLevel);
// The same over strata (a[k] paired with b[k]): the mean over strata of each one's difference.
Interval paired_difference(std::span<const Samples> a, std::span<const Samples> b, int resamples = kResamples,
                           uint64_t rng_seed = 1, double level = kLevel);

enum class Verdict { Better, Worse, NoClearDifference };
// a vs b from their difference a - b: better when the interval lies wholly on the good side of
// zero (above it when higher is better), worse when wholly on the other, else no clear difference.
Verdict verdict(const Interval& difference, bool higher_is_better);
std::string to_string(Verdict v);  // "better", "worse", "no clear difference"

}  // namespace layermoe::stats
