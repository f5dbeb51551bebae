// The engine's customers (sim/engine/src/customers.hpp): the day a later contact is scheduled on,
// from the days' closings (opening_hours.hpp's day_bounds).
#include <gtest/gtest.h>

#include <cmath>

#include "customers.hpp"
#include "opening_hours.hpp"

using namespace ccsim::sim::detail;

namespace {
ccsim::sim::Calendar open_hours(double open_seconds, int days) {
  ccsim::sim::Calendar c;
  c.days = days;
  c.open = 0;
  c.close = open_seconds;
  c.interval = open_seconds / 2;
  return c;
}
}  // namespace

TEST(FutureDay, IsTheFirstDayWhoseClosingIsAfterTheContact) {
  const double open = 9 * 3600.0;  // open 9 hours a day
  const std::size_t days = 5;
  const auto closing = day_bounds(open_hours(open, days)).closing;
  EXPECT_EQ(future_day(0.0, closing), 0U);
  EXPECT_EQ(future_day(open - 1, closing), 0U);
  EXPECT_EQ(future_day(open, closing), 1U);                   // at closing: tomorrow
  EXPECT_EQ(future_day(seconds_per_day - 1, closing), 1U);    // in the night: tomorrow's opening
  EXPECT_EQ(future_day(seconds_per_day + 100, closing), 1U);  // during day 2
  EXPECT_EQ(future_day(4 * seconds_per_day + open - 1, closing), 4U);
  EXPECT_EQ(future_day(4 * seconds_per_day + open, closing), days);  // after the last closing
  EXPECT_EQ(future_day(1e12, closing), days);
}

TEST(FutureDay, AgreesWithTheComparisonMadeAtEachOpeningForEveryMoment) {
  // Brute force: the first d with at < d x day + open, over moments near every boundary.
  const double open = 8.5 * 3600.0;
  const std::size_t days = 4;
  const auto closing = day_bounds(open_hours(open, days)).closing;
  for (std::size_t d = 0; d <= days; ++d) {
    for (double base : {static_cast<double>(d) * seconds_per_day, static_cast<double>(d) * seconds_per_day + open}) {
      for (int k = -3; k <= 3; ++k) {
        const double at = std::nextafter(base, k < 0 ? 0.0 : 1e300) + k;
        if (at < 0) continue;
        std::size_t expected = 0;
        while (expected < days && !(at < static_cast<double>(expected) * seconds_per_day + open)) ++expected;
        EXPECT_EQ(future_day(at, closing), expected) << at;
      }
    }
  }
}

TEST(FutureDay, SkipsClosedDaysToTheNextOpening) {
  // Open 9 hours on days 0 and 3; days 1 and 2 closed (a holiday weekend).
  auto c = open_hours(9 * 3600.0, 4);
  c.hours = {{{0, 9 * 3600.0}}, {}, {}, {{0, 9 * 3600.0}}};
  const auto closing = day_bounds(c).closing;
  EXPECT_EQ(future_day(9 * 3600.0 - 1, closing), 0U);
  EXPECT_EQ(future_day(9 * 3600.0, closing), 3U);                    // after Friday's closing: Monday
  EXPECT_EQ(future_day(2 * seconds_per_day + 100, closing), 3U);     // on the holiday: Monday
  EXPECT_EQ(future_day(3 * seconds_per_day + 9 * 3600.0, closing), 4U);
}
