// Shift scheduling (plan/include/ccsim/sim/schedule.hpp): templates to shifts, the covering plan,
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

TEST(Schedule, TemplateMinimumAndMaximumHold) {
  // 08:00-16:00 needs 10 agents; 8-hour shifts at 08:00 on a cheap template (at most 6 a day) and a
  // dear one (at least 1 a day): 6 cheap + 4 dear, the cheapest plan within the limits.
  const json j = week({{"days", 2}, {"open", "08:00"}, {"close", "16:00"}, {"interval", "1h"}},
                      {{"templates", json::array({{{"name", "cheap"}, {"starts", "08:00"}, {"lengths", {"8h"}}, {"cost_per_hour", 10}, {"max", 6}},
                                                  {{"name", "dear"}, {"starts", "08:00"}, {"lengths", {"8h"}}, {"cost_per_hour", 20}, {"min", 1}}})}});
  const auto s = sim::parse_scenario(j);
  const auto plan = sim::solve_schedule(*s.schedule, s.calendar, {std::vector<int>(16, 10)}, {30, 0, 0});
  ASSERT_TRUE(plan.solution.optimal);
  std::vector<int> per_template(2, 0);
  for (std::size_t k = 0; k < plan.columns.size(); ++k) per_template[plan.columns[k].template_index] += plan.agents[k];
  EXPECT_EQ(per_template[0], 12);  // 6 a day
  EXPECT_EQ(per_template[1], 8);
  EXPECT_DOUBLE_EQ(plan.cost, 2 * (6 * 80 + 4 * 160));
  // Without the maximum: every agent cheap but the one dear the minimum asks for.
  json k = j;
  k["schedule"]["templates"][0].erase("max");
  const auto s2 = sim::parse_scenario(k);
  const auto plan2 = sim::solve_schedule(*s2.schedule, s2.calendar, {std::vector<int>(16, 10)}, {30, 0, 0});
  EXPECT_DOUBLE_EQ(plan2.cost, 2 * (9 * 80 + 1 * 160));
}

TEST(Schedule, OvertimeIsPaidAboveItsHours) {
  // Six-day tours of 8 hours: 48 paid hours a week, the 8 past 40 h at 1.5 x: 18 x (40 + 8 x 1.5)
  // = 936 a tour; five-day tours, no overtime: 720. One agent every day needs two tours: two
  // fives (1440) beat a six and a five (1656). One agent Monday to Saturday: one six (936) beats
  // two fives (1440).
  const json j = week({{"days", 7}, {"first_weekday", "monday"}, {"open", "08:00"}, {"close", "16:00"}, {"interval", "8h"}},
                      {{"templates", json::array({{{"name", "six"}, {"starts", "08:00"}, {"lengths", {"8h"}}, {"days_on", 6}, {"cost_per_hour", 18},
                                                   {"overtime_after", "40h"}, {"overtime_factor", 1.5}},
                                                  {{"name", "five"}, {"starts", "08:00"}, {"lengths", {"8h"}}, {"days_on", 5}, {"cost_per_hour", 18}}})}});
  const auto s = sim::parse_scenario(j);
  const auto columns = sim::shift_columns(*s.schedule, s.calendar);
  ASSERT_EQ(columns.size(), 14U);
  EXPECT_DOUBLE_EQ(columns.front().paid_hours, 48);
  EXPECT_DOUBLE_EQ(columns.front().cost, 936);
  EXPECT_DOUBLE_EQ(columns.back().cost, 720);
  const auto plan = sim::solve_schedule(*s.schedule, s.calendar, {std::vector<int>(7, 1)}, {30, 0, 0});
  EXPECT_DOUBLE_EQ(plan.cost, 1440);
  std::vector<int> six_days(7, 1);
  six_days[6] = 0;
  const auto plan6 = sim::solve_schedule(*s.schedule, s.calendar, {six_days}, {30, 0, 0});
  EXPECT_DOUBLE_EQ(plan6.cost, 936);
}

TEST(Schedule, AWeekWrapsSundayNightIntoMondayMorning) {
  // Round the clock, hourly; only night shifts 22:00-06:00 exist. Monday 02:00 needs 1 agent: only
  // Sunday's night shift reaches it, as the engine reads a Sunday shift (the night before the
  // first day). The staffing parser, independently, puts that agent on Monday 02:00.
  const json j = week({{"days", 7}, {"first_weekday", "monday"}, {"open", "00:00"}, {"close", "24:00"}, {"interval", "1h"}},
                      {{"templates", json::array({{{"name", "night"}, {"starts", "22:00"}, {"lengths", {"8h"}}}})}});
  const auto s = sim::parse_scenario(j);
  std::vector<int> need(7 * 24, 0);
  need[2] = 1;
  const auto plan = sim::solve_schedule(*s.schedule, s.calendar, {need}, {30, 0, 0});
  ASSERT_EQ(plan.columns.size(), 1U);
  EXPECT_EQ(plan.columns[0].first_day, 6);
  const auto shifts = sim::plan_shifts_json(plan, *s.schedule, s.calendar);
  EXPECT_EQ(shifts[0]["weekdays"][0], "sunday");
  const auto covered = scheduled_by_parser(j, shifts);
  EXPECT_DOUBLE_EQ(covered[2], 1);
  EXPECT_DOUBLE_EQ(covered[6 * 24 + 22], 1);  // and Sunday from 22:00
  for (std::size_t k = 0; k < covered.size(); ++k) EXPECT_EQ(covered[k], plan.scheduled[0][k]) << k;
}

TEST(Schedule, SeveralAgentGroupsArePlannedEachForItsOwnRequirement) {
  // Two call types, each served by its own group; each group's templates cover its requirement,
  // checked by the scenario's staffing parser on the plan written back into the scenario.
  json j;
  j["calendar"] = {{"days", 1}, {"open", "08:00"}, {"close", "18:00"}, {"interval", "30m"}};
  j["call_types"] = json::array({{{"name", "sales"}, {"arrivals", {{"rate_per_hour", 60}}}, {"handle_time", {{"dist", "exponential"}, {"mean", "4m"}}}},
                                 {{"name", "service"}, {"arrivals", {{"rate_per_hour", 30}}}, {"handle_time", {{"dist", "exponential"}, {"mean", "6m"}}}}});
  j["agent_groups"] = json::array({{{"name", "sellers"}, {"skills", {"sales"}}, {"staffing", {{"agents", 1}}}},
                                   {{"name", "helpers"}, {"skills", {"service"}}, {"staffing", {{"agents", 1}}}}});
  j["schedule"] = {{"templates", json::array({{{"name", "sell"}, {"starts", "08:00-10:00/30m"}, {"lengths", {"8h"}}, {"agent_group", "sellers"},
                                               {"breaks", json::array({{{"length", "30m"}, {"after", "3h-4h/30m"}}})}},
                                              {{"name", "help"}, {"starts", "08:00-14:00/1h"}, {"lengths", {"4h"}}, {"agent_group", "helpers"}}})},
                   {"min_agents", {{"helpers", 1}}}};
  const auto s = sim::parse_scenario(j);
  ASSERT_EQ(s.schedule->min_agents, (std::vector<int>{0, 1}));
  sim::Requirement need(2, std::vector<int>(20, 0));
  for (int k = 0; k < 20; ++k) {
    need[0][static_cast<std::size_t>(k)] = 3 + (k >= 4 && k < 12 ? 2 : 0);
    need[1][static_cast<std::size_t>(k)] = k < 6 ? 0 : 2;
  }
  const auto plan = sim::solve_schedule(*s.schedule, s.calendar, need, {30, 0, 0});
  ASSERT_TRUE(plan.solution.optimal);
  const auto parsed = sim::parse_scenario(sim::scenario_with_plan(j, plan, *s.schedule, s.calendar));
  for (std::size_t g = 0; g < 2; ++g)
    for (int k = 0; k < 20; ++k) {
      const double on_duty = parsed.staffing.scheduled_agents(g, 0, k, parsed.calendar);
      EXPECT_GE(on_duty + 1e-9, std::max(need[g][static_cast<std::size_t>(k)], g == 1 ? 1 : 0)) << "group " << g << " interval " << k;
      EXPECT_EQ(on_duty, plan.scheduled[g][static_cast<std::size_t>(k)]) << "group " << g << " interval " << k;
    }
  // Every shift of a group comes from that group's templates.
  for (const auto& col : plan.columns) EXPECT_EQ(s.schedule->templates[col.template_index].agent_group, col.template_index == 0 ? 0U : 1U);
}
