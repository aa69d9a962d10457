#include "core/report/stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include <fmt/format.h>

#include "core/common/error.h"
#include "core/data/shuffle.h"

namespace layermoe::stats {

namespace {

// Regularized incomplete beta I_x(a, b) by its continued fraction (modified Lentz), using the
// symmetry I_x(a, b) = 1 - I_{1-x}(b, a) where the fraction converges slowly.
double incomplete_beta(double x, double a, double b) {
    if (x <= 0) return 0;
    if (x >= 1) return 1;
    if (x > (a + 1) / (a + b + 2)) return 1 - incomplete_beta(1 - x, b, a);
    const double front =
        std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x)) / a;
    constexpr double tiny = 1e-300;
    double f = 1, c = 1, d = 0;
    for (int i = 0; i <= 400; ++i) {
        const int m = i / 2;
        double numerator;
        if (i == 0)
            numerator = 1;
        else if (i % 2 == 0)
            numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
        else
            numerator = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
        d = 1 + numerator * d;
        if (std::fabs(d) < tiny) d = tiny;
        d = 1 / d;
        c = 1 + numerator / c;
        if (std::fabs(c) < tiny) c = tiny;
        const double step = c * d;
        f *= step;
        if (std::fabs(1 - step) < 1e-15) break;
    }
    return front * (f - 1);
}

double t_cdf(double t, int dof) {
    const double nu = dof;
    const double tail = 0.5 * incomplete_beta(nu / (nu + t * t), nu / 2, 0.5);
    return t >= 0 ? 1 - tail : tail;
}

// Percentile of sorted values at p, interpolating between order statistics (R's type 7).
double percentile(const std::vector<double>& sorted, double p) {
    const double at = p * double(sorted.size() - 1);
    const size_t lo = size_t(std::floor(at));
    const size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (at - double(lo)) * (sorted[hi] - sorted[lo]);
}

void check_level(double level) {
    if (!(level > 0 && level < 1)) throw Error(fmt::format("interval level must be in (0, 1), got {}", level));
}

void check_resamples(int resamples) {
    if (resamples < 100) throw Error(fmt::format("bootstrap resamples must be at least 100, got {}", resamples));
}

Interval from_draws(double mean, std::vector<double> draws, double level, int n) {
    std::sort(draws.begin(), draws.end());
    const double alpha = (1 - level) / 2;
    return {mean, percentile(draws, alpha), percentile(draws, 1 - alpha), n};
}

}  // namespace

double t_quantile(double p, int dof) {
    if (!(p > 0 && p < 1)) throw Error(fmt::format("t quantile: p must be in (0, 1), got {}", p));
    if (dof < 1) throw Error(fmt::format("t quantile: degrees of freedom must be at least 1, got {}", dof));
    if (p < 0.5) return -t_quantile(1 - p, dof);
    // t_cdf is increasing: bracket, then bisect to the last bit.
    double lo = 0, hi = 1;
    while (t_cdf(hi, dof) < p) hi *= 2;
    for (int i = 0; i < 200 && hi - lo > 1e-14 * std::max(1.0, hi); ++i) {
        const double mid = (lo + hi) / 2;
        (t_cdf(mid, dof) < p ? lo : hi) = mid;
    }
    return (lo + hi) / 2;
}

Interval t_interval(std::span<const double> values, double level) {
    check_level(level);
    if (values.empty()) throw Error("an interval needs at least one value");
    const double n = double(values.size());
    const double mean = std::accumulate(values.begin(), values.end(), 0.0) / n;
    if (values.size() == 1) return {mean, mean, mean, 1};
    double ss = 0;
    for (double v : values) ss += (v - mean) * (v - mean);
    const double se = std::sqrt(ss / (n - 1) / n);
    const double half = t_quantile(1 - (1 - level) / 2, int(values.size()) - 1) * se;
    return {mean, mean - half, mean + half, int(values.size())};
}

double Samples::metric(size_t seed) const {
    const double total = std::accumulate(weight.begin(), weight.end(), 0.0);
    return std::accumulate(num.at(seed).begin(), num.at(seed).end(), 0.0) / total;
}

void Samples::check(const std::string& what) const {
    if (num.empty()) throw Error(fmt::format("{}: no seed measured", what));
    if (weight.empty()) throw Error(fmt::format("{}: no document or item measured", what));
    for (size_t s = 0; s < num.size(); ++s)
        if (num[s].size() != weight.size())
            throw Error(fmt::format("{}: seed {} has {} units where the weights have {}", what, s, num[s].size(),
                                    weight.size()));
    double total = 0;
    for (double w : weight) {
        if (!(w >= 0) || !std::isfinite(w)) throw Error(fmt::format("{}: a weight is {}", what, w));
        total += w;
    }
    if (!(total > 0)) throw Error(fmt::format("{}: the weights sum to 0", what));
}

Interval bootstrap(const Samples& s, size_t seed_index, int resamples, uint64_t rng_seed, double level) {
    return bootstrap(std::span<const Samples>(&s, 1), seed_index, resamples, rng_seed, level);
}

Interval bootstrap(std::span<const Samples> strata, size_t seed_index, int resamples, uint64_t rng_seed, double level) {
    if (strata.empty()) throw Error("bootstrap: nothing measured");
    size_t units = 0;
    for (const auto& s : strata) {
        s.check("bootstrap");
        if (seed_index >= s.num.size())
            throw Error(fmt::format("bootstrap: seed {} of {} measured", seed_index, s.num.size()));
        units += s.weight.size();
    }
    check_level(level);
    check_resamples(resamples);
    double mean = 0;
    for (const auto& s : strata) mean += s.metric(seed_index) / double(strata.size());
    std::mt19937_64 rng(rng_seed);
    std::vector<double> draws(static_cast<size_t>(resamples));
    for (auto& draw : draws) {
        draw = 0;
        for (const auto& s : strata) {
            const auto& num = s.num[seed_index];
            const size_t n = s.weight.size();
            double top = 0, bottom = 0;
            for (size_t i = 0; i < n; ++i) {
                const size_t u = size_t(uniform_below(rng, n));
                top += num[u];
                bottom += s.weight[u];
            }
            // All drawn units weigh nothing (possible only with zero weights): the metric is unchanged.
            draw += (bottom > 0 ? top / bottom : s.metric(seed_index)) / double(strata.size());
        }
    }
    return from_draws(mean, std::move(draws), level, int(units));
}

Interval paired_difference(const Samples& a, const Samples& b, int resamples, uint64_t rng_seed, double level) {
    return paired_difference(std::span<const Samples>(&a, 1), std::span<const Samples>(&b, 1), resamples, rng_seed,
                             level);
}

Interval paired_difference(std::span<const Samples> a, std::span<const Samples> b, int resamples, uint64_t rng_seed,
                           double level) {
    if (a.empty() || a.size() != b.size())
        throw Error(fmt::format("paired difference: {} strata against {}", a.size(), b.size()));
    size_t units = 0;
    for (size_t k = 0; k < a.size(); ++k) {
        a[k].check("paired difference, first method");
        b[k].check("paired difference, second method");
        if (a[k].num.size() != b[k].num.size() || a[k].weight != b[k].weight || a[k].num.size() != a[0].num.size())
            throw Error(fmt::format("paired difference: the methods were measured on different seeds or units ({} "
                                    "seeds x {} units against {} x {})",
                                    a[k].num.size(), a[k].weight.size(), b[k].num.size(), b[k].weight.size()));
        units += a[k].weight.size();
    }
    check_level(level);
    check_resamples(resamples);
    const size_t seeds = a[0].num.size(), strata = a.size();
    double mean = 0;
    for (size_t k = 0; k < strata; ++k)
        for (size_t s = 0; s < seeds; ++s) mean += (a[k].metric(s) - b[k].metric(s)) / double(seeds) / double(strata);
    // Per stratum, seed and unit, the difference of numerators: both methods share the weights.
    std::vector<std::vector<std::vector<double>>> diff(strata);
    for (size_t k = 0; k < strata; ++k) {
        diff[k].assign(seeds, std::vector<double>(a[k].weight.size()));
        for (size_t s = 0; s < seeds; ++s)
            for (size_t u = 0; u < a[k].weight.size(); ++u) diff[k][s][u] = a[k].num[s][u] - b[k].num[s][u];
    }
    std::mt19937_64 rng(rng_seed);
    std::vector<double> draws(static_cast<size_t>(resamples));
    std::vector<size_t> drawn_seeds(seeds);
    std::vector<double> per_seed(seeds);
    for (auto& draw : draws) {
        for (auto& s : drawn_seeds) s = seeds == 1 ? 0 : size_t(uniform_below(rng, seeds));
        draw = 0;
        for (size_t k = 0; k < strata; ++k) {
            const size_t n = a[k].weight.size();
            std::fill(per_seed.begin(), per_seed.end(), 0.0);
            double bottom = 0;
            for (size_t i = 0; i < n; ++i) {
                const size_t u = size_t(uniform_below(rng, n));
                bottom += a[k].weight[u];
                for (size_t s = 0; s < seeds; ++s) per_seed[s] += diff[k][s][u];
            }
            double total = 0;
            for (size_t s : drawn_seeds) total += per_seed[s];
            double stratum = 0;
            if (bottom > 0) {
                stratum = total / bottom / double(seeds);
            } else {
                for (size_t s : drawn_seeds) stratum += (a[k].metric(s) - b[k].metric(s)) / double(seeds);
            }
            draw += stratum / double(strata);
        }
    }
    return from_draws(mean, std::move(draws), level, int(units));
}

Verdict verdict(const Interval& difference, bool higher_is_better) {
    if (difference.low > 0) return higher_is_better ? Verdict::Better : Verdict::Worse;
    if (difference.high < 0) return higher_is_better ? Verdict::Worse : Verdict::Better;
    return Verdict::NoClearDifference;
}

std::string to_string(Verdict v) {
    switch (v) {
    case Verdict::Better: return "better";
    case Verdict::Worse: return "worse";
    case Verdict::NoClearDifference: return "no clear difference";
    }
    return "no clear difference";
}

}  // namespace layermoe::stats
