// The record of answered waits: its quantile against the sorted waits themselves, to the stated
// resolution (0.25 s up to an hour, 0.27 % beyond), for waits from zero to years.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "wait_histogram.hpp"

namespace {

using ccsim::sim::detail::WaitHistogram;

// The q quantile of `waits` as WaitHistogram defines it: the value at rank q n.
double exact_quantile(std::vector<double> waits, double q) {
  std::sort(waits.begin(), waits.end());
  const auto k = static_cast<std::size_t>(std::ceil(q * static_cast<double>(waits.size()))) - 1;
  return waits[k];
}

TEST(WaitHistogram, QuantilesMatchTheSortedWaitsToTheResolution) {
  std::mt19937_64 rng(17);
  for (double scale : {5.0, 600.0, 3000.0, 86400.0, 3.0e7}) {
    std::exponential_distribution<double> draw(1.0 / scale);
    WaitHistogram h;
    std::vector<double> waits;
    for (int i = 0; i < 20000; ++i) {
      const double w = i % 4 == 0 ? 0.0 : draw(rng);  // a quarter answered at once
      waits.push_back(w);
      h.record(w);
    }
    EXPECT_EQ(h.count(), waits.size());
    for (double q : {0.5, 0.8, 0.9, 0.99}) {
      const double exact = exact_quantile(waits, q);
      const double resolution = exact < WaitHistogram::linear_end ? WaitHistogram::bin : exact * 0.0028;
      EXPECT_NEAR(h.quantile(q), exact, resolution + 1e-9) << "scale " << scale << ", q " << q;
    }
  }
}

TEST(WaitHistogram, ZeroWhenEnoughDidNotWait) {
  WaitHistogram h;
  for (int i = 0; i < 95; ++i) h.record(0.0);
  for (int i = 0; i < 5; ++i) h.record(100.0);
  EXPECT_EQ(h.quantile(0.9), 0.0);
  EXPECT_GT(h.quantile(0.99), 99.0);
  WaitHistogram empty;
  EXPECT_EQ(empty.quantile(0.9), 0.0);
}

TEST(WaitHistogram, CoarseBinsKeepEveryCall) {
  WaitHistogram h;
  const std::vector<double> waits{0, 0, 3, 4.99, 5, 12, 599, 600, 7200, 1e8};
  for (double w : waits) h.record(w);
  const auto coarse = h.coarse(5.0, 120);
  double total = 0;
  for (double c : coarse) total += c;
  EXPECT_EQ(total, static_cast<double>(waits.size()));
  EXPECT_EQ(coarse[0], 4);    // 0, 0, 3, 4.99
  EXPECT_EQ(coarse[1], 1);    // 5
  EXPECT_EQ(coarse[2], 1);    // 12
  EXPECT_EQ(coarse[119], 4);  // 599 and everything from 600 s on
}

TEST(WaitHistogram, BinsAreContiguousAndCoverAnyWait) {
  for (std::size_t b = 0; b + 1 < WaitHistogram::bins; ++b) {
    ASSERT_LT(WaitHistogram::bin_start(b), WaitHistogram::bin_start(b + 1));
    const double inside = 0.5 * (WaitHistogram::bin_start(b) + WaitHistogram::bin_start(b + 1));
    ASSERT_EQ(WaitHistogram::bin_of(inside), b);
  }
  EXPECT_GT(WaitHistogram::bin_start(WaitHistogram::bins), 10 * 365 * 86400.0);
}

}  // namespace
