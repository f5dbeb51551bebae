// The engine's day plan (sim/engine/src/opening_hours.hpp): staffing with the opening hours applied.
#include <gtest/gtest.h>

#include "opening_hours.hpp"

using namespace ccsim::sim;
using namespace ccsim::sim::detail;

namespace {
constexpr double h = 3600.0;

Calendar grid_8_to_17(int days) {
  Calendar c;
  c.days = days;
  c.open = 8 * h;
  c.close = 17 * h;
  c.interval = 1800;
  return c;
}

// One group: 5 agents all day, 3 more from 12:30 to 15:00, a 15-minute break of 2 at 10:00.
Staffing one_group(int days) {
  Staffing s;
  s.groups.assign(1, std::vector<DayStaffing>(static_cast<std::size_t>(days),
                                              DayStaffing{{0, 5, 0}, {2 * h, -2, 900}, {4.5 * h, 3, 0}, {7 * h, -3, 0}}));
  return s;
}
}  // namespace

TEST(PlanDay, AUsualDayIsItsChangesAsScheduled) {
  const Calendar c = grid_8_to_17(1);
  std::vector<DayEvent> plan;
  plan_day(plan, one_group(1), c, 0, false);
  ASSERT_EQ(plan.size(), 4U);
  for (const auto& e : plan) EXPECT_EQ(e.kind, DayEventKind::change);
  EXPECT_EQ(plan[1].change.return_after, 900);
}

TEST(PlanDay, ALunchClosingDropsChangesInItAndSetsTheScheduleAtReopening) {
  Calendar c = grid_8_to_17(1);
  c.hours = {{{0, 4 * h}, {5 * h, 9 * h}}};  // 08:00-12:00 and 13:00-17:00
  std::vector<DayEvent> plan;
  plan_day(plan, one_group(1), c, 0, false);
  // 0: +5; 2h: break; 4h: close; 5h: open, set_to 8 (the +3 at 12:30 fell in the closed hour); 7h: -3.
  ASSERT_EQ(plan.size(), 6U);
  EXPECT_EQ(plan[0].kind, DayEventKind::change);
  EXPECT_EQ(plan[1].change.return_after, 900);
  EXPECT_EQ(plan[2].kind, DayEventKind::close);
  EXPECT_EQ(plan[2].change.time, 4 * h);
  EXPECT_EQ(plan[3].kind, DayEventKind::open);
  EXPECT_EQ(plan[4].kind, DayEventKind::set_to);
  EXPECT_EQ(plan[4].change.change, 8);
  EXPECT_EQ(plan[5].change.time, 7 * h);
  EXPECT_EQ(plan[5].change.change, -3);
}

TEST(PlanDay, ALateOpeningStartsClosedAndSetsTheScheduleThen) {
  Calendar c = grid_8_to_17(1);
  c.hours = {{{1 * h, 5 * h}}};  // a short day, 09:00-13:00
  std::vector<DayEvent> plan;
  plan_day(plan, one_group(1), c, 0, false);
  // open at 1h, set_to 5, the break at 2h, close at 5h (the +3 at 4.5h stays: 12:30 is open); -3 at 7h dropped.
  ASSERT_EQ(plan.size(), 5U);
  EXPECT_EQ(plan[0].kind, DayEventKind::open);
  EXPECT_EQ(plan[1].kind, DayEventKind::set_to);
  EXPECT_EQ(plan[1].change.change, 5);
  EXPECT_EQ(plan[2].change.return_after, 900);
  EXPECT_EQ(plan[3].change.time, 4.5 * h);
  EXPECT_EQ(plan[4].kind, DayEventKind::close);
}

TEST(PlanDay, AContinuingDaySetsItsMidnightStaffInOneStep) {
  Calendar c;
  c.days = 2;
  c.open = 0;
  c.close = 24 * h;
  c.interval = h;
  Staffing s;
  s.groups.assign(2, std::vector<DayStaffing>(2, DayStaffing{{0, 4, 0}, {8 * h, 6, 0}, {0, 1, 0}}));
  std::vector<DayEvent> plan;
  plan_day(plan, s, c, 1, true);
  // Per group: set_to 5 at midnight (both time-0 changes in it), then +6 at 08:00.
  ASSERT_EQ(plan.size(), 4U);
  EXPECT_EQ(plan[0].kind, DayEventKind::set_to);
  EXPECT_EQ(plan[0].change.change, 5);
  EXPECT_EQ(plan[1].kind, DayEventKind::set_to);
  EXPECT_EQ(plan[1].group, 1);
  EXPECT_EQ(plan[2].change.change, 6);
  EXPECT_EQ(plan[3].change.change, 6);
}

TEST(DayBounds, ClosedDaysTakeThePreviousClosing) {
  Calendar c = grid_8_to_17(3);
  c.hours = {{}, {{h, 3 * h}}, {}};
  const DayBounds b = day_bounds(c);
  EXPECT_LT(b.closing[0], -1e299);
  EXPECT_EQ(b.opening[1], 86400 + h);
  EXPECT_EQ(b.closing[1], 86400 + 3 * h);
  EXPECT_EQ(b.closing[2], b.closing[1]);
}
