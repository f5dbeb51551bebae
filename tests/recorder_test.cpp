// The engine's recorder helpers (sim/engine/src/recorder.hpp).
#include <gtest/gtest.h>

#include <limits>

#include "recorder.hpp"

using namespace ccsim::sim::detail;

TEST(Recorder, IntervalInDayClampsAfterClosing) {
  const double per = 1.0 / 1800.0;  // half-hours
  EXPECT_EQ(interval_in_day(0.0, per, 18), 0U);
  EXPECT_EQ(interval_in_day(1799.9, per, 18), 0U);
  EXPECT_EQ(interval_in_day(1800.0, per, 18), 1U);
  EXPECT_EQ(interval_in_day(18 * 1800.0 - 1, per, 18), 17U);
  EXPECT_EQ(interval_in_day(18 * 1800.0 + 5000, per, 18), 17U);  // the drain after closing: the last interval
  EXPECT_EQ(interval_in_day(1e300, per, 18), 17U);                 // no overflow in the conversion
}

TEST(Recorder, WorkAtCountsTalkThenWrapUp) {
  std::vector<Agent> agents(4);
  agents[0].talk_until = 10;
  agents[0].busy_until = 20;  // talking until 10, wrapping until 20
  agents[1].talk_until = 5;
  agents[1].busy_until = 5;  // talking until 5, no wrap-up
  // agents 2 and 3 idle (0, 0)
  const auto at = [&](double t) { return work_at(agents, t); };
  EXPECT_EQ(at(0).talking, 2U);
  EXPECT_EQ(at(0).wrapping, 0U);
  EXPECT_EQ(at(7).talking, 1U);
  EXPECT_EQ(at(12).talking, 0U);
  EXPECT_EQ(at(12).wrapping, 1U);
  EXPECT_EQ(at(20).wrapping, 0U);
}
