// The statistics of replications: ratio-of-sums estimates with delta-method intervals, checked
// against a direct two-pass computation of the same formulas, and Student-t quantiles.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <string>
#include <vector>

#include "ccsim/sim/runner.hpp"
#include "scenarios.hpp"

using ccsim::sim::RatioEstimator;

TEST(RatioEstimator, MatchesTwoPassDeltaMethod) {
  const std::vector<double> x{812, 790, 845, 801, 777, 830, 795, 820};
  const std::vector<double> y{1000, 980, 1030, 995, 960, 1012, 990, 1008};
  RatioEstimator e;
  for (std::size_t i = 0; i < x.size(); ++i) e.add(x[i], y[i]);
  const double n = static_cast<double>(x.size());
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    mx += x[i] / n;
    my += y[i] / n;
  }
  double sxx = 0, syy = 0, sxy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxx += (x[i] - mx) * (x[i] - mx) / (n - 1);
    syy += (y[i] - my) * (y[i] - my) / (n - 1);
    sxy += (x[i] - mx) * (y[i] - my) / (n - 1);
  }
  const double r = mx / my;
  const double half = 2.364624251592785 * std::sqrt((sxx - 2 * r * sxy + r * r * syy) / (n * my * my));  // t(0.975, 7)
  const auto est = e.estimate();
  ASSERT_TRUE(est.mean && est.ci95);
  EXPECT_NEAR(*est.mean, r, 1e-15);
  EXPECT_NEAR(*est.ci95, half, 1e-12);
}

TEST(RatioEstimator, CountsAreStudentTMeans) {
  RatioEstimator e;
  for (double v : {10.0, 12.0, 14.0}) e.add(v, 1.0);
  const auto est = e.estimate();
  EXPECT_DOUBLE_EQ(*est.mean, 12.0);
  EXPECT_NEAR(*est.ci95, 4.302652729749462 * 2.0 / std::sqrt(3.0), 1e-12);  // t(0.975, 2) s / sqrt(n)
}

TEST(RatioEstimator, UndefinedAndSingleReplication) {
  RatioEstimator none;
  EXPECT_FALSE(none.estimate().mean);
  RatioEstimator zero_denominator;
  zero_denominator.add(0, 0);
  zero_denominator.add(0, 0);
  EXPECT_FALSE(zero_denominator.estimate().mean);
  RatioEstimator one;
  one.add(3, 4);
  EXPECT_DOUBLE_EQ(*one.estimate().mean, 0.75);
  EXPECT_FALSE(one.estimate().ci95);
  EXPECT_NEAR(ccsim::sim::t_quantile_975(1000001), 1.959966, 1e-5);
}

TEST(Runner, CancelStopsStartingReplications) {
  auto j = ccsim::sim::read_scenario_file(ccsim::testing_support::scenario_path("small-team.json"));
  j["run"]["replications"] = 40;
  const auto scenario = ccsim::sim::parse_scenario(j);
  for (int threads : {1, 2}) {
    std::atomic<int> started{0};
    ccsim::sim::RunOptions options;
    options.threads = threads;
    options.cancelled = [&] { return ++started > 5; };
    EXPECT_THROW((void)ccsim::sim::run_replications(scenario, options), ccsim::sim::RunCancelled);
    EXPECT_LE(started.load(), 5 + 2 * threads + 1);
  }
  ccsim::sim::RunOptions never;
  never.cancelled = [] { return false; };
  EXPECT_EQ(ccsim::sim::run_replications(scenario, never).replications, 40);
}
