// The engine's router (sim/engine/src/router.hpp): who takes an arriving call, and what a free
// agent takes, against hand-worked cases of each rule.
#include <gtest/gtest.h>

#include <limits>
#include <vector>

#include "router.hpp"

using namespace ccsim::sim::detail;

namespace {
constexpr double none = std::numeric_limits<double>::infinity();
}

TEST(Router, AnArrivingCallGoesToTheFirstGroupInItsOrderWithAnIdleAgent) {
  const std::vector<std::size_t> order = {2, 0, 1};
  std::vector<bool> idle = {true, true, false};
  const auto has_idle = [&](std::size_t g) { return idle[g]; };
  EXPECT_EQ(first_idle_group(order, has_idle), 0U);  // group 2 is busy; 0 comes before 1
  idle[2] = true;
  EXPECT_EQ(first_idle_group(order, has_idle), 2U);
  idle = {false, false, false};
  EXPECT_EQ(first_idle_group(order, has_idle), no_group);
}

TEST(Router, PriorityTakesTheFirstTypeWithWorkLongestWaitingTheOldest) {
  const std::vector<std::size_t> skills = {1, 0, 2};
  // Callers at the front since: type 0 at 5 s, type 1 at 9 s, type 2 none.
  const std::vector<double> front = {5.0, 9.0, none};
  const auto f = [&](std::size_t t) { return front[t]; };
  const auto no_callbacks = [](std::size_t) { return none; };
  const Pick p = pick_work(skills, PickRules{false}, f, no_callbacks, no_callbacks);
  EXPECT_EQ(p.type, 1U);  // the group's first skill, though type 0 has waited longer
  EXPECT_FALSE(p.callback);
  const Pick q = pick_work(skills, PickRules{true}, f, no_callbacks, no_callbacks);
  EXPECT_EQ(q.type, 0U);  // the longest waiting
  // Ties go by the skills order.
  const std::vector<double> tied = {4.0, 4.0, none};
  EXPECT_EQ(pick_work(skills, PickRules{true}, [&](std::size_t t) { return tied[t]; }, no_callbacks, no_callbacks).type, 1U);
  // Nothing to take.
  EXPECT_EQ(pick_work(skills, PickRules{true}, [](std::size_t) { return none; }, no_callbacks, no_callbacks).type, no_group);
}

TEST(Router, CallbacksCompeteInQueueOrderOrWaitForAnIdleMoment) {
  const std::vector<std::size_t> skills = {0, 1};
  const std::vector<double> front = {8.0, none};
  const std::vector<double> callbacks = {none, 3.0};  // type 1 has a callback accepted at 3 s
  const auto f = [&](std::size_t t) { return front[t]; };
  const auto cb = [&](std::size_t t) { return callbacks[t]; };
  const auto no_callbacks = [](std::size_t) { return none; };
  // In queue order, priority: type 0 is first in the skills and has a caller.
  Pick p = pick_work(skills, PickRules{false}, f, cb, no_callbacks);
  EXPECT_EQ(p.type, 0U);
  EXPECT_FALSE(p.callback);
  // In queue order, longest waiting: the callback (3 s) is older than the caller (8 s).
  p = pick_work(skills, PickRules{true}, f, cb, no_callbacks);
  EXPECT_EQ(p.type, 1U);
  EXPECT_TRUE(p.callback);
  // When idle: the caller first, whatever the ages...
  p = pick_work(skills, PickRules{true}, f, no_callbacks, cb);
  EXPECT_EQ(p.type, 0U);
  EXPECT_FALSE(p.callback);
  // ... and the callback once nobody waits.
  p = pick_work(skills, PickRules{true}, [](std::size_t) { return none; }, no_callbacks, cb);
  EXPECT_EQ(p.type, 1U);
  EXPECT_TRUE(p.callback);
  // A callback in queue order of one type against a caller of another: by age under longest waiting.
  const std::vector<double> old_caller = {1.0, none};
  p = pick_work(skills, PickRules{true}, [&](std::size_t t) { return old_caller[t]; }, cb, no_callbacks);
  EXPECT_EQ(p.type, 0U);
  EXPECT_FALSE(p.callback);
}
