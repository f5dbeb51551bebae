// Distributions of durations: each kind reproduces its mean and cv (sample moments against the
// analytic values, within 5 standard errors), parameters are validated, arrival profiles invert
// the cumulative intensity exactly.
#include <bit>
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "ccsim/models/arrival_profile.hpp"
#include "ccsim/models/distribution.hpp"

using ccsim::models::ArrivalProfile;
using ccsim::models::Distribution;
using ccsim::models::DistributionKind;
using ccsim::models::Rng;

namespace {

struct Moments {
  double mean, cv;
};

Moments sample_moments(const Distribution& d, int n, std::uint64_t seed) {
  Rng rng(seed);
  double sum = 0, sum_sq = 0;
  for (int i = 0; i < n; ++i) {
    const double x = d.sample(rng);
    EXPECT_GE(x, 0.0);
    sum += x;
    sum_sq += x * x;
  }
  const double mean = sum / n;
  return {mean, std::sqrt(sum_sq / n - mean * mean) / mean};
}

}  // namespace

TEST(Distribution, MeanAndCvReproducedByEveryKind) {
  const int n = 400000;
  for (auto kind : {DistributionKind::exponential, DistributionKind::uniform, DistributionKind::lognormal,
                    DistributionKind::gamma, DistributionKind::weibull}) {
    for (double cv : {0.3, 0.5, 1.0, 1.5}) {
      if (kind == DistributionKind::exponential && cv != 1.0) continue;
      if (kind == DistributionKind::uniform && cv > 0.57) continue;
      const auto d = Distribution::from_mean_cv(kind, 240.0, cv);
      EXPECT_NEAR(d.mean(), 240.0, 1e-9);
      EXPECT_NEAR(d.cv(), cv, 1e-9);
      const auto m = sample_moments(d, n, 42);
      SCOPED_TRACE(testing::Message() << ccsim::models::distribution_kind_name(kind) << " cv " << cv);
      // standard error of the sample mean: cv * mean / sqrt(n)
      EXPECT_NEAR(m.mean, 240.0, 5 * cv * 240.0 / std::sqrt(n));
      EXPECT_NEAR(m.cv, cv, 0.03 * cv + 0.01);
    }
  }
}

TEST(Distribution, OwnParametersGiveTheirMoments) {
  // Gamma(shape 4, scale 30): mean 120, cv 0.5. Weibull(shape 1) is exponential. Lognormal(mu, s).
  EXPECT_NEAR(Distribution::gamma(4.0, 30.0).mean(), 120.0, 1e-12);
  EXPECT_NEAR(Distribution::gamma(4.0, 30.0).cv(), 0.5, 1e-12);
  EXPECT_NEAR(Distribution::weibull(1.0, 90.0).mean(), 90.0, 1e-9);
  EXPECT_NEAR(Distribution::weibull(1.0, 90.0).cv(), 1.0, 1e-9);
  EXPECT_NEAR(Distribution::lognormal(std::log(100.0), 0.0).mean(), 100.0, 1e-9);
  EXPECT_NEAR(Distribution::uniform(20, 60).mean(), 40.0, 1e-12);
  const auto m = sample_moments(Distribution::weibull(2.0, 100.0), 200000, 7);
  EXPECT_NEAR(m.mean, 100.0 * std::tgamma(1.5), 0.5);
}

TEST(Distribution, FixedAndEmpirical) {
  Rng rng(1);
  EXPECT_EQ(Distribution::fixed(30.0).sample(rng), 30.0);
  const auto e = Distribution::empirical({10.0, 20.0, 60.0});
  EXPECT_NEAR(e.mean(), 30.0, 1e-12);
  std::vector<int> seen(3, 0);
  for (int i = 0; i < 30000; ++i) {
    const double x = e.sample(rng);
    seen[x == 10.0 ? 0 : x == 20.0 ? 1 : 2]++;
  }
  for (int count : seen) EXPECT_NEAR(count, 10000, 5 * std::sqrt(30000 * (1.0 / 3) * (2.0 / 3)));
}

TEST(Distribution, RejectsImpossibleParameters) {
  EXPECT_THROW((void)Distribution::exponential(0), std::invalid_argument);
  EXPECT_THROW((void)Distribution::exponential(-1), std::invalid_argument);
  EXPECT_THROW((void)Distribution::fixed(-1), std::invalid_argument);
  EXPECT_THROW((void)Distribution::uniform(50, 40), std::invalid_argument);
  EXPECT_THROW((void)Distribution::gamma(0, 1), std::invalid_argument);
  EXPECT_THROW((void)Distribution::empirical({}), std::invalid_argument);
  EXPECT_THROW((void)Distribution::from_mean_cv(DistributionKind::exponential, 60, 0.5), std::invalid_argument);
  EXPECT_THROW((void)Distribution::from_mean_cv(DistributionKind::uniform, 60, 0.9), std::invalid_argument);
  EXPECT_THROW((void)Distribution::from_mean_cv(DistributionKind::lognormal, 60, std::nan("")), std::invalid_argument);
  EXPECT_THROW((void)ccsim::models::distribution_kind_from_name("normal"), std::invalid_argument);
}

// Drawing a block ahead must not change a single draw: the engine relies on it for common random
// numbers and reproducible results.
TEST(Distribution, MixtureHasItsPartsMomentsAndWeights) {
  // A tenth hang up at once, the rest exponential with mean 1000 s: mean 900, second moment
  // 0.9 x 2 x 1000^2 = 1.8e6, so sd = sqrt(1.8e6 - 810000) = sqrt(990000).
  const auto d = Distribution::mixture({Distribution::fixed(0.0), Distribution::exponential(1000.0)}, {0.1, 0.9});
  EXPECT_EQ(d.kind(), DistributionKind::mixture);
  EXPECT_NEAR(d.mean(), 900.0, 1e-9);
  EXPECT_NEAR(d.cv(), std::sqrt(990000.0) / 900.0, 1e-12);
  ASSERT_EQ(d.weights().size(), 2U);
  EXPECT_NEAR(d.weights()[0], 0.1, 1e-15);
  const int n = 400000;
  const auto m = sample_moments(d, n, 7);
  EXPECT_NEAR(m.mean, 900.0, 5 * d.cv() * 900.0 / std::sqrt(n));
  EXPECT_NEAR(m.cv, d.cv(), 0.02 * d.cv());
  // The share of zeros is the first weight (binomial: within 5 standard errors).
  Rng rng(3);
  int zeros = 0;
  for (int i = 0; i < n; ++i) zeros += d.sample(rng) == 0.0 ? 1 : 0;
  EXPECT_NEAR(zeros / static_cast<double>(n), 0.1, 5 * std::sqrt(0.09 / n));
  // Blocks give the draws one at a time gives.
  std::vector<double> block(100);
  Rng a(11), b(11);
  d.sample_block(a, block.data(), block.size());
  for (double v : block) EXPECT_EQ(v, d.sample(b));
  // Weights must sum to 1; a part cannot be a mixture.
  EXPECT_THROW((void)Distribution::mixture({Distribution::fixed(1.0)}, {0.9}), std::invalid_argument);
  EXPECT_THROW((void)Distribution::mixture({Distribution::fixed(1.0), Distribution::fixed(2.0)}, {0.5, -0.5}), std::invalid_argument);
  EXPECT_THROW((void)Distribution::mixture({d}, {1.0}), std::invalid_argument);
  EXPECT_THROW((void)Distribution::from_mean_cv(DistributionKind::mixture, 10, 1), std::invalid_argument);
}

TEST(DrawAhead, GivesTheDrawsOfSamplingOneAtATime) {
  const std::vector<Distribution> kinds = {
      Distribution::exponential(180.0), Distribution::fixed(30.0),      Distribution::uniform(10.0, 30.0),
      Distribution::lognormal(3.5, 0.4), Distribution::gamma(2.5, 40.0), Distribution::weibull(1.5, 90.0),
      Distribution::empirical({5.0, 50.0, 500.0}), Distribution::uniform(0.0, 1.0)};
  for (const Distribution& d : kinds) {
    Rng one_at_a_time(2024);
    ccsim::models::DrawAhead ahead;
    ahead.reset(d, Rng(2024));
    const std::size_t n = 3 * ccsim::models::DrawAhead::block + 5;  // across block boundaries
    for (std::size_t i = 0; i < n; ++i) {
      const double expected = d.sample(one_at_a_time);
      ASSERT_EQ(std::bit_cast<std::uint64_t>(ahead.next()), std::bit_cast<std::uint64_t>(expected))
          << ccsim::models::distribution_kind_name(d.kind()) << " draw " << i;
    }
  }
  // The unit uniform the engine draws decisions from is uniform01 itself, bit for bit.
  Rng direct(7);
  ccsim::models::DrawAhead unit;
  const auto unit_uniform = Distribution::uniform(0.0, 1.0);
  unit.reset(unit_uniform, Rng(7));
  for (int i = 0; i < 200; ++i) ASSERT_EQ(unit.next(), Distribution::uniform01(direct));
  // And the unit exponential is unit_exponential.
  const auto unit_exponential = Distribution::exponential(1.0);
  unit.reset(unit_exponential, Rng(8));
  Rng direct_exponential(8);
  for (int i = 0; i < 200; ++i) ASSERT_EQ(unit.next(), Distribution::unit_exponential(direct_exponential));
}

TEST(ArrivalProfile, InvertsTheCumulativeIntensityExactly) {
  // Intervals of 1800 s expecting 90, 0, 180 calls.
  const ArrivalProfile p(1800.0, {90.0, 0.0, 180.0});
  EXPECT_DOUBLE_EQ(p.expected_calls(), 270.0);
  std::size_t hint = 0;
  EXPECT_DOUBLE_EQ(p.time_at(45.0, hint), 900.0);     // halfway through the first interval
  EXPECT_DOUBLE_EQ(p.time_at(90.0, hint), 3600.0);    // the empty interval is skipped
  EXPECT_DOUBLE_EQ(p.time_at(180.0, hint), 3600.0 + 900.0);
  EXPECT_LT(p.time_at(270.0, hint), 0.0);             // the day is over
  EXPECT_THROW(ArrivalProfile(1800.0, {-1.0}), std::invalid_argument);
}
