// Where ccsim schedule's requirement comes from (plan/include/ccsim/sim/schedule_requirements.hpp):
// each file form lands on the right group, day and interval; weekdays spread over the calendar;
// call types add up in their first group; every malformed row is named with its place and value.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "ccsim/sim/input_error.hpp"
#include "ccsim/sim/schedule_requirements.hpp"
#include "ccsim/sim/staffing_search.hpp"
#include "test_folder.hpp"

using namespace ccsim;
using nlohmann::json;

namespace {
// One week from Monday 2026-12-07, 08:00-12:00 in hours; two call types, each
// with its own group.
sim::Scenario two_groups() {
  json j;
  j["calendar"] = {{"days", 7}, {"start_date", "2026-12-07"}, {"open", "08:00"}, {"close", "12:00"}, {"interval", "1h"}};
  j["call_types"] = json::array({{{"name", "english"}, {"arrivals", {{"rate_per_hour", 60}}}, {"handle_time", {{"dist", "exponential"}, {"mean", "4m"}}}},
                                 {{"name", "french"}, {"arrivals", {{"rate_per_hour", 20}}}, {"handle_time", {{"dist", "exponential"}, {"mean", "4m"}}}}});
  j["agent_groups"] = json::array({{{"name", "en"}, {"skills", {"english"}}, {"staffing", {{"agents", 5}}}},
                                   {{"name", "fr"}, {"skills", {"french"}}, {"staffing", {{"agents", 2}}}}});
  return sim::parse_scenario(j);
}
std::string file(const std::string& name, const std::string& text) {
  const auto path = ccsim::testing_support::test_folder().path() / name;
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}
std::string error_of(const std::string& path, const sim::Scenario& s) {
  try {
    (void)sim::read_requirements(path, s);
  } catch (const sim::ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}
}  // namespace

TEST(ScheduleRequirements, ACsvByDateAndGroupLandsWhereItSays) {
  const auto s = two_groups();
  const auto path = file("ccsim-need-dates.csv", "date;start;agent_group;agents\r\n2026-12-08;09:00;fr;3\r\n2026-12-13;11:00;en;7\r\n");
  const auto need = sim::read_requirements(path, s);
  ASSERT_EQ(need.size(), 2U);
  ASSERT_EQ(need[0].size(), 28U);
  EXPECT_EQ(need[1][1 * 4 + 1], 3);  // Tuesday 09:00
  EXPECT_EQ(need[0][6 * 4 + 3], 7);  // Sunday 11:00
  int total = 0;
  for (const auto& g : need)
    for (int n : g) total += n;
  EXPECT_EQ(total, 10);  // nothing else
  std::filesystem::remove(path);
}

TEST(ScheduleRequirements, AWeekdayStandsForEveryDayOnIt) {
  const auto s = two_groups();
  const auto path = file("ccsim-need-weekday.csv", "weekday,start,agents,group\nMonday,08:00,4,en\nsaturday,10:00,2,fr\n");
  const auto need = sim::read_requirements(path, s);
  EXPECT_EQ(need[0][0], 4);
  EXPECT_EQ(need[1][5 * 4 + 2], 2);
  std::filesystem::remove(path);
}

TEST(ScheduleRequirements, ErlangForecastResultsAddCallTypesInTheirFirstGroup) {
  // A ccsim erlang --forecast --json result: rows per call type; each type's agents go to its group.
  auto s = two_groups();
  const json result = {{"intervals", json::array({{{"date", "2026-12-07"}, {"start", "08:00"}, {"call_type", "english"}, {"agents", 6}},
                                                  {{"date", "2026-12-07"}, {"start", "08:00"}, {"call_type", "french"}, {"agents", 3}},
                                                  {{"date", "2026-12-07"}, {"start", "09:00"}, {"call_type", "english"}, {"agents", 2.2}}})}};
  const auto path = file("ccsim-need-erlang.json", result.dump());
  const auto need = sim::read_requirements(path, s);
  EXPECT_EQ(need[0][0], 6);
  EXPECT_EQ(need[1][0], 3);
  EXPECT_EQ(need[0][1], 3);  // 2.2 agents: 3 whole agents
  std::filesystem::remove(path);
}

TEST(ScheduleRequirements, StaffResultsWithAgentsByGroup) {
  const auto s = two_groups();
  const json result = {{"intervals", json::array({{{"day", 3}, {"start", "10:00"}, {"agents", 9}, {"agents_by_group", {{"en", 6}, {"fr", 3}}}}})}};
  const auto path = file("ccsim-need-staff.json", result.dump());
  const auto need = sim::read_requirements(path, s);
  EXPECT_EQ(need[0][2 * 4 + 2], 6);
  EXPECT_EQ(need[1][2 * 4 + 2], 3);
  std::filesystem::remove(path);
}

TEST(ScheduleRequirements, TheScenarioAndErlangAreRequirementsToo) {
  const auto s = two_groups();
  const auto own = sim::requirement_from_scenario(s);
  EXPECT_EQ(own[0][5], 5);
  EXPECT_EQ(own[1][5], 2);
  // Erlang C at 80 % within 20 s, by hand: English A = 4 (60 calls an hour of 4 minutes): 6 agents
  // give C = 0.285, SL = 1 - 0.285 e^(-2 x 20/240) = 0.759; 7 give 0.909. French A = 1.33: 2 agents
  // give SL 0.496, 3 give 1 - 0.181 e^(-1.67 x 20/240) = 0.842. Each type to its own group.
  const auto erlang = sim::erlang_requirement(s);
  EXPECT_EQ(erlang[0][0], 7);
  EXPECT_EQ(erlang[1][0], 3);
}

TEST(ScheduleRequirements, MalformedFilesAreNamedWithTheirPlace) {
  const auto s = two_groups();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"date,start,agent_group,agents\n2026-12-20,08:00,en,3\n", ":2:1 (date): 2026-12-20 is not a day of the calendar (2026-12-07 to 2026-12-13)"},
      {"day,start,agent_group,agents\n1,08:30,en,3\n", ":2:2 (start): 08:30 is not the start of an interval"},
      {"day,start,agent_group,agents\n1,08:00,en,-3\n", ":2:4 (agents): \"-3\" is not a number of agents from 0 to 1000000"},
      {"day,start,agent_group,agents\n1,08:00,en,many\n", ":2:4 (agents): \"many\" is not a number of agents"},
      {"day,start,agent_group,agents\n1,08:00,de,3\n", ":2:3 (agent_group): \"de\" is not an agent group"},
      {"day,start,agents\n1,08:00,3\n", ":2: names no agent group; the scenario has 2"},
      {"day,start,agent_group,agents\n1,08:00,en,3\n1,08:00,en,4\n", ":3: gives 2026-12-07 08:00 again (first at 2)"},
      {"day,when,agents\n1,08:00,3\n", ":1: the header needs day (or date, or weekday), start and agents"},
      {"day,start,agent_group,agents\n1,08:00\n", ":2:4 (agents): is missing (the line has 2 fields)"},
      {"{\"intervals\": [{\"date\": \"2026-12-07\", \"start\": \"08:00\", \"call_type\": \"german\", \"agents\": 3}]}",
       ": intervals[0].call_type: \"german\" is not a call type"},
  };
  for (const auto& [text, expected] : cases) {
    const auto path = file("ccsim-need-bad.csv", text);
    const std::string e = error_of(path, s);
    EXPECT_EQ(e.rfind(path, 0), 0U) << e;
    EXPECT_NE(e.find(expected), std::string::npos) << text << "\n→ " << e;
    std::filesystem::remove(path);
  }
  EXPECT_NE(error_of("/nonexistent/need.csv", s).find("is not a readable file"), std::string::npos);
}
