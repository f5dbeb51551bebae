// The engine's agent groups (sim/src/engine/agents.hpp): idle order, departures, time integrals.
#include <gtest/gtest.h>

#include "engine/agents.hpp"

using namespace ccsim::sim::detail;

TEST(GroupState, LongestIdleAgentAnswersFirstAndTheMostRecentLeavesFirst) {
  GroupState g;
  for (std::uint32_t a : {4U, 7U, 1U}) g.idle.push_back(a);  // idle since in this order
  EXPECT_EQ(g.idle.pop_front(), 4U);                          // the next call: longest idle
  EXPECT_EQ(g.idle.pop_back(), 1U);                           // a departure: most recently idle
  EXPECT_EQ(g.idle.size(), 1U);
}

TEST(GroupState, DeparturesWaitForAFreeAgent) {
  GroupState g;
  EXPECT_FALSE(g.departure_pending());
  g.pending_breaks.push_back(900.0);
  EXPECT_TRUE(g.departure_pending());
  EXPECT_DOUBLE_EQ(g.pending_breaks.pop_front(), 900.0);
  g.pending_permanent_leaves = 2;
  EXPECT_TRUE(g.departure_pending());
  g.clear();
  EXPECT_FALSE(g.departure_pending());
}

TEST(GroupState, AreasAreTheIntegralsOfBusyAndAvailableAgents) {
  GroupState g;
  // 3 available from 0; 1 busy from 10, 2 busy from 30; 4 available from 40; at 60:
  // available 3 x 40 + 4 x 20 = 200, busy 1 x 20 + 2 x 30 = 80.
  g.available = 3;
  g.integrate_busy(10.0);  // each count is integrated when it changes, the other left alone
  g.busy = 1;
  g.integrate_busy(30.0);
  g.busy = 2;
  g.integrate_available(40.0);
  g.available = 4;
  g.integrate(60.0);
  EXPECT_DOUBLE_EQ(g.available_area, 200.0);
  EXPECT_DOUBLE_EQ(g.busy_area, 80.0);
  EXPECT_LE(g.busy_area, g.available_area);
}
