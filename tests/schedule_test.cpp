// Shift scheduling (sim/include/ccsim/sim/schedule.hpp): templates to shifts, the covering plan,
// and an independent check: the plan written as the scenario's shifts, parsed by the staffing
// parser, covers the requirement in every interval.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "ccsim/sim/scenario.hpp"
#include "ccsim/sim/schedule.hpp"

using namespace ccsim;
using nlohmann::json;

namespace {
json week(json calendar, json schedule) {
  json j;
  j["calendar"] = std::move(calendar);
  j["arrivals"] = {{"rate_per_hour", 10}};
  j["handle_time"] = {{"dist", "exponential"}, {"mean", "3m"}};
  j["staffing"] = {{"agents", 1}};
  j["schedule"] = std::move(schedule);
  return j;
}

// The plan's shifts as the scenario's staffing, scheduled agents per interval by the staffing parser.
std::vector<double> scheduled_by_parser(json scenario, const json& shifts) {
  scenario["staffing"] = {{"shifts", shifts}};
  const auto s = sim::parse_scenario(scenario);
  std::vector<double> out;
  for (int d = 0; d < s.calendar.days; ++d)
    for (int k = 0; k < s.calendar.intervals_per_day(); ++k) out.push_back(s.scheduled_agents(d, k));
  return out;
}
}  // namespace

TEST(Schedule, WinstonsPostOfficeAsWeeklyTours) {
  // Seven days of one 24-hour interval, tours of five consecutive days: the optimum is 23 people.
  const json j = week({{"days", 7}, {"first_weekday", "monday"}, {"open", "00:00"}, {"close", "24:00"}, {"interval", "24h"}},
                      {{"templates", json::array({{{"name", "full week"}, {"starts", "00:00"}, {"lengths", {"24h"}}, {"days_on", 5}}})}});
  const auto s = sim::parse_scenario(j);
  ASSERT_TRUE(s.schedule.has_value());
  EXPECT_EQ(sim::shift_columns(*s.schedule, s.calendar).size(), 7U);
  const std::vector<int> demand = {17, 13, 15, 19, 14, 16, 11};
  const auto plan = sim::solve_schedule(*s.schedule, s.calendar, {demand}, {30, 0, 0});
  EXPECT_TRUE(plan.solution.optimal);
  int people = 0;
  for (int n : plan.agents) people += n;
  EXPECT_EQ(people, 23);
  EXPECT_DOUBLE_EQ(plan.paid_hours, 23 * 5 * 24.0);
  // Independent check: the shifts, parsed as the scenario's staffing, cover every day.
  const auto covered = scheduled_by_parser(j, sim::plan_shifts_json(plan, *s.schedule, s.calendar));
  for (std::size_t d = 0; d < 7; ++d) EXPECT_GE(covered[d], demand[d]) << "day " << d;
}

TEST(Schedule, ShiftsWithBreaksCoverADayCheaply) {
  // 08:00-20:00 in half hours; 8-hour shifts starting 08:00-12:00 with a 30-minute unpaid break
  // 3 to 4.5 hours in, and 4-hour part-time shifts; a peaked requirement.
  const json j = week({{"days", 1}, {"open", "08:00"}, {"close", "20:00"}, {"interval", "30m"}},
                      {{"templates", json::array({{{"name", "full"}, {"starts", "08:00-12:00/30m"}, {"lengths", {"8h", "8h30m"}},
                                                   {"breaks", json::array({{{"length", "30m"}, {"after", "3h-4h30m/30m"}}})},
                                                   {"cost_per_hour", 18}},
                                                  {{"name", "part"}, {"starts", "10:00-16:00/1h"}, {"lengths", {"4h"}}, {"cost_per_hour", 20}}})},
                       {"min_agents", 2}});
  const auto s = sim::parse_scenario(j);
  std::vector<int> need;
  for (int k = 0; k < 24; ++k) need.push_back(static_cast<int>(4 + 8 * std::exp(-std::pow((k - 8) / 5.0, 2))));
  const auto plan = sim::solve_schedule(*s.schedule, s.calendar, {need}, {30, 0, 0});
  EXPECT_TRUE(plan.solution.optimal) << plan.solution.status;
  // The work content (the requirement's agent-hours at the cheapest rate) bounds the cost below.
  double content = 0;
  for (int n : need) content += n * 0.5 * 18;
  EXPECT_GE(plan.cost, content - 1e-6);
  const auto covered = scheduled_by_parser(j, sim::plan_shifts_json(plan, *s.schedule, s.calendar));
  for (std::size_t k = 0; k < need.size(); ++k) {
    EXPECT_GE(covered[k] + 1e-9, std::max(need[k], 2)) << "interval " << k;
    EXPECT_EQ(covered[k], plan.scheduled[0][k]) << "interval " << k;  // breaks where the solver put them
  }
}

TEST(Schedule, RulesAreCheckedWithPaths) {
  const auto error = [](json schedule) {
    try {
      (void)sim::parse_scenario(week({{"days", 1}, {"open", "08:00"}, {"close", "20:00"}, {"interval", "30m"}}, std::move(schedule)));
    } catch (const sim::ScenarioError& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  EXPECT_NE(error({{"templates", json::array()}}).find("schedule.templates: is missing or not a non-empty list"), std::string::npos);
  EXPECT_NE(error({{"templates", json::array({{{"starts", "08:15"}, {"lengths", {"8h"}}}})}}).find("schedule.templates[0].starts: 08:15 is not on the 30m interval grid"),
            std::string::npos);
  EXPECT_NE(error({{"templates", json::array({{{"starts", "08:00"}, {"lengths", {"25h"}}}})}}).find("schedule.templates[0].lengths[0]"), std::string::npos);
  EXPECT_NE(error({{"templates", json::array({{{"starts", "08:00"}, {"lengths", {"8h"}}, {"maximum", 3}}})}}).find("schedule.templates[0].maximum: is not a known field"),
            std::string::npos);
  EXPECT_NE(error({{"templates", json::array({{{"starts", "08:00"}, {"lengths", {"8h"}}, {"min", 4}, {"max", 3}}})}}).find("schedule.templates[0].max: 3 is below min 4"),
            std::string::npos);
  EXPECT_NE(error({{"templates", json::array({{{"starts", "08:00"}, {"lengths", {"8h"}}, {"overtime_factor", 1.5}}})}}).find("needs overtime_after"),
            std::string::npos);
  EXPECT_NE(error({{"templates", json::array({{{"starts", "08:00"}, {"lengths", {"8h"}}, {"overtime_after", "40h"}, {"overtime_factor", 0.5}}})}})
                .find("schedule.templates[0].overtime_factor: 0.5 is not a factor from 1 to 10"),
            std::string::npos);
  EXPECT_NE(error({{"templates", json::array({{{"starts", "08:00"}, {"lengths", {"8h"}}}})}, {"min_agents", {{"nobody", 2}}}}).find("schedule.min_agents.nobody: is not an agent group"),
            std::string::npos);
  EXPECT_NE(error({{"templates", json::array({{{"starts", "08:00"}, {"lengths", {"8h"}}, {"days_on", 5}}})}}).find("weekly tours need a calendar of 7 days"),
            std::string::npos);
  EXPECT_NE(error({{"templates", json::array({{{"starts", "11:00-08:00/1h"}, {"lengths", {"8h"}}}})}}).find("ends before it starts"), std::string::npos);
  // Absurd rules are refused before the solver sees them: five breaks of 200 placements each.
  json breaks = json::array();
  for (int b = 0; b < 5; ++b) breaks.push_back({{"length", "1m"}, {"after", "0s-200m/1m"}});
  const auto s = sim::parse_scenario(week({{"days", 1}, {"open", "00:00"}, {"close", "24:00"}, {"interval", "30m"}},
                                          {{"templates", json::array({{{"starts", "08:00"}, {"lengths", {"12h"}}, {"breaks", breaks}}})}}));
  try {
    (void)sim::shift_columns(*s.schedule, s.calendar);
    ADD_FAILURE() << "no error";
  } catch (const sim::ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("allow over 200000 shifts"), std::string::npos) << e.what();
  }
}
