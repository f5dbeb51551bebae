// Paired comparisons (sim/run/include/ccsim/sim/comparison.hpp): the paired interval of counts is the
// Student-t interval of the differences (by hand), the delta-method interval of a ratio covers the
// true difference about 95 % of the time (simulated data with a known answer), pairing narrows the
// interval, and a variant equal to its base differs by exactly nothing.
#include <gtest/gtest.h>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <cmath>

#include "ccsim/sim/comparison.hpp"

using namespace ccsim::sim;

TEST(Comparison, CountsGiveTheTIntervalOfTheDifferences) {
  // Differences 1, 2, 0: mean 1, standard deviation 1; t(0.975, 2 df) = 4.302653 (tables).
  const std::vector<Pair> base = {{1, 1}, {2, 1}, {3, 1}}, variant = {{2, 1}, {4, 1}, {3, 1}};
  const auto d = paired_difference(base, variant);
  ASSERT_TRUE(d.difference && d.ci95);
  EXPECT_DOUBLE_EQ(*d.difference, 1.0);
  EXPECT_NEAR(*d.ci95, 4.302653 / std::sqrt(3.0), 1e-5);
  EXPECT_FALSE(d.clear_of_zero());
}

TEST(Comparison, TheRatioIntervalCoversTheTrueDifferenceNinetyFivePercentOfTheTime) {
  // Per replication: offered ~ Poisson(400) shared by both arms (common random numbers), answered
  // within T a binomial-like share p of it plus a shared day effect; base p = 0.80, variant 0.83:
  // the true difference of the ratios of sums is 0.03.
  boost::random::mt19937 rng(11);
  boost::random::poisson_distribution<int> calls(400);
  boost::random::normal_distribution<double> day(0, 0.03), noise(0, 0.01);
  int covered = 0;
  const int trials = 2000;
  for (int t = 0; t < trials; ++t) {
    std::vector<Pair> b, v;
    for (int r = 0; r < 30; ++r) {
      const double n = calls(rng), shared = day(rng);
      b.push_back({n * (0.80 + shared + noise(rng)), n});
      v.push_back({n * (0.83 + shared + noise(rng)), n});
    }
    const auto d = paired_difference(b, v);
    covered += std::abs(*d.difference - 0.03) <= *d.ci95 ? 1 : 0;
  }
  // 95 % +- 3 binomial standard errors (0.49 % at 2000 trials).
  EXPECT_NEAR(covered / static_cast<double>(trials), 0.95, 0.015);
}

TEST(Comparison, PairingNarrowsTheIntervalAndEqualRunsDifferByNothing) {
  boost::random::mt19937 rng(5);
  boost::random::normal_distribution<double> day(0, 0.05), noise(0, 0.005);
  std::vector<Pair> b, v;
  for (int r = 0; r < 40; ++r) {
    const double shared = day(rng);
    b.push_back({500 * (0.8 + shared + noise(rng)), 500});
    v.push_back({500 * (0.81 + shared + noise(rng)), 500});
  }
  const auto paired = paired_difference(b, v);
  // Independent intervals of each arm (t interval of its per-replication ratio, y constant).
  const auto alone = [](const std::vector<Pair>& p) {
    double mean = 0, var = 0;
    for (const auto& q : p) mean += q.x / q.y;
    mean /= static_cast<double>(p.size());
    for (const auto& q : p) var += (q.x / q.y - mean) * (q.x / q.y - mean);
    return t_quantile_975(p.size()) * std::sqrt(var / static_cast<double>(p.size() - 1) / static_cast<double>(p.size()));
  };
  EXPECT_LT(*paired.ci95 * 5, std::hypot(alone(b), alone(v)));
  EXPECT_TRUE(paired.clear_of_zero());
  const auto same = paired_difference(b, b);
  EXPECT_EQ(*same.difference, 0.0);
  EXPECT_EQ(*same.ci95, 0.0);
  EXPECT_FALSE(same.clear_of_zero());
}
