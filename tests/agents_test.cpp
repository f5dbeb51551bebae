// The engine's agent groups (sim/engine/src/agents.hpp): idle order, departures, time integrals.
#include <gtest/gtest.h>

#include "agents.hpp"

using namespace ccsim::sim::detail;

TEST(GroupState, LongestIdleAgentAnswersFirstAndTheMostRecentLeavesFirst) {
  GroupState g;
  for (std::uint32_t a : {4U, 7U, 1U}) g.idle.push_back(a);  // idle since in this order
  EXPECT_EQ(g.idle.pop_front(), 4U);                          // the next call: longest idle
  EXPECT_EQ(g.idle.pop_back(), 1U);                           // a departure: most recently idle
  EXPECT_EQ(g.idle.size(), 1U);
}

TEST(GroupState, ANewDayStartsWithNobodyAndNoPendingDeparture) {
  GroupState g;
  g.idle.push_back(3);
  g.pending_breaks.push_back(900.0);
  g.pending_permanent_leaves = 2;
  g.busy_change(100.0, true);
  g.available_change(50.0, true);
  g.clear();
  EXPECT_TRUE(g.idle.empty());
  EXPECT_TRUE(g.pending_breaks.empty());
  EXPECT_EQ(g.pending_permanent_leaves, 0U);
  EXPECT_EQ(g.busy + g.available, 0U);
  // The running sums start again at the opening: nobody busy until 60 s gives no area.
  const auto [busy, available] = g.take_areas(60.0);
  EXPECT_EQ(busy, 0.0);
  EXPECT_EQ(available, 0.0);
}

TEST(GroupState, AreasAreTheIntegralsOfBusyAndAvailableAgents) {
  GroupState g;
  // 3 available from 0; 1 busy from 10, 2 busy from 30, 1 from 50; 4 available from 40; the
  // boundary at 60: available 3 x 40 + 4 x 20 = 200, busy 1 x 20 + 2 x 20 + 1 x 10 = 70.
  for (int k = 0; k < 3; ++k) g.available_change(0.0, true);
  g.busy_change(10.0, true);
  g.busy_change(30.0, true);
  g.available_change(40.0, true);
  g.busy_change(50.0, false);
  const auto [busy, available] = g.take_areas(60.0);
  EXPECT_DOUBLE_EQ(busy, 70.0);
  EXPECT_DOUBLE_EQ(available, 200.0);
  EXPECT_EQ(g.busy, 1U);
  EXPECT_EQ(g.available, 4U);
  // The next interval starts from the boundary: 1 busy and 4 available until 90.
  const auto [busy2, available2] = g.take_areas(90.0);
  EXPECT_DOUBLE_EQ(busy2, 30.0);
  EXPECT_DOUBLE_EQ(available2, 120.0);
}
