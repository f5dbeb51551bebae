// The engine's customers (sim/src/engine/customers.hpp): the day a later contact is scheduled on.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/customers.hpp"

using namespace ccsim::sim::detail;

TEST(FutureDay, IsTheFirstDayWhoseClosingIsAfterTheContact) {
  const double open = 9 * 3600.0;  // open 9 hours a day
  const std::size_t days = 5;
  EXPECT_EQ(future_day(0.0, days, open), 0U);
  EXPECT_EQ(future_day(open - 1, days, open), 0U);
  EXPECT_EQ(future_day(open, days, open), 1U);                   // at closing: tomorrow
  EXPECT_EQ(future_day(seconds_per_day - 1, days, open), 1U);    // in the night: tomorrow's opening
  EXPECT_EQ(future_day(seconds_per_day + 100, days, open), 1U);  // during day 2
  EXPECT_EQ(future_day(4 * seconds_per_day + open - 1, days, open), 4U);
  EXPECT_EQ(future_day(4 * seconds_per_day + open, days, open), days);  // after the last closing
  EXPECT_EQ(future_day(1e12, days, open), days);
}

TEST(FutureDay, AgreesWithTheComparisonMadeAtEachOpeningForEveryMoment) {
  // Brute force: the first d with at < d x day + open, over moments near every boundary.
  const double open = 8.5 * 3600.0;
  const std::size_t days = 4;
  for (std::size_t d = 0; d <= days; ++d) {
    for (double base : {static_cast<double>(d) * seconds_per_day, static_cast<double>(d) * seconds_per_day + open}) {
      for (int k = -3; k <= 3; ++k) {
        const double at = std::nextafter(base, k < 0 ? 0.0 : 1e300) + k;
        if (at < 0) continue;
        std::size_t expected = 0;
        while (expected < days && !(at < static_cast<double>(expected) * seconds_per_day + open)) ++expected;
        EXPECT_EQ(future_day(at, days, open), expected) << at;
      }
    }
  }
}
