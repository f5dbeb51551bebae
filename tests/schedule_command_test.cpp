// `ccsim schedule`: a requirement from a CSV or a ccsim staff result covered by shifts, written as
// a scenario that ccsim run reads; refusals with exit status 2.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "run_cli.hpp"
#include "test_folder.hpp"

namespace {
using ccsim::testing_support::run_cli;
using ccsim::testing_support::temp;

// Winston's post office as a scenario: seven days of one 24-hour interval, five-day tours.
std::string post_office() {
  nlohmann::json j;
  j["calendar"] = {{"days", 7}, {"open", "00:00"}, {"close", "24:00"}, {"interval", "24h"}};
  j["arrivals"] = {{"rate_per_hour", 1}};
  j["handle_time"] = {{"dist", "exponential"}, {"mean", "3m"}};
  j["staffing"] = {{"agents", 1}};
  j["schedule"] = {{"templates", nlohmann::json::array({{{"name", "tour"}, {"starts", "00:00"}, {"lengths", {"24h"}}, {"days_on", 5}}})}};
  const std::string path = temp("ccsim-post-office.json");
  std::ofstream(path) << j.dump();
  return path;
}
}  // namespace

TEST(ScheduleCommand, CoversACsvRequirementAndWritesARunnableScenario) {
  const std::string scenario = post_office(), csv = temp("ccsim-post-office.csv"), out = temp("ccsim-post-office-plan.json");
  std::ofstream(csv) << "day,start,agents\n1,00:00,17\n2,00:00,13\n3,00:00,15\n4,00:00,19\n5,00:00,14\n6,00:00,16\n7,00:00,11\n";
  const auto r = run_cli({"schedule", scenario, "--requirements", csv, "--json", "-", "--write-scenario", out});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["status"], "optimal");
  int people = 0;
  for (const auto& s : j["shifts"]) people += s["agents"].get<int>();
  EXPECT_EQ(people, 23);
  for (const auto& row : j["coverage"]) EXPECT_GE(row["scheduled"].get<int>(), row["required"].get<int>());
  const auto run = run_cli({"run", out, "--replications", "2", "--json", "-"});
  ASSERT_EQ(run.status, 0) << run.err;
  const auto result = nlohmann::json::parse(run.out);
  const int demand[7] = {17, 13, 15, 19, 14, 16, 11};
  for (int d = 0; d < 7; ++d) EXPECT_GE(result["intervals"][d]["agents"]["mean"].get<double>() + 1e-6, demand[d]) << d;
  for (const auto& f : {scenario, csv, out}) std::filesystem::remove(f);
}

TEST(ScheduleCommand, RefusesWhatItCannotDo) {
  const std::string scenario = post_office(), csv = temp("ccsim-post-office-bad.csv");
  std::ofstream(csv) << "day,start,agents\n9,00:00,17\n";
  const auto bad = run_cli({"schedule", scenario, "--requirements", csv});
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find(":2:1 (day): day 9 is not a day of the calendar (1 to 7)"), std::string::npos) << bad.err;
  // A malformed requirements JSON: named, exit 2, not an internal error.
  const std::string json_need = temp("ccsim-post-office-bad.json");
  for (const std::string& text : {std::string(R"({"intervals": [{"day": "one", "start": "00:00", "agents": 3}]})"),
                                  std::string(R"({"intervals": [{"day": 1, "start": "25:00", "agents": 3}]})"),
                                  std::string(R"({"intervals": {"day": 1}})")}) {
    std::ofstream(json_need) << text;
    const auto r = run_cli({"schedule", scenario, "--requirements", json_need});
    EXPECT_EQ(r.status, 2) << text << ": " << r.err;
    EXPECT_EQ(r.err.rfind("ccsim: " + json_need + ": ", 0), 0U) << r.err;
  }
  std::filesystem::remove(json_need);
  const auto none = run_cli({"schedule", std::string(CCSIM_SCENARIO_DIR) + "/small-team.json"});
  EXPECT_EQ(none.status, 2);
  EXPECT_NE(none.err.find("schedule: is missing"), std::string::npos) << none.err;
  for (const auto& f : {scenario, csv}) std::filesystem::remove(f);
}

TEST(ScheduleCommand, TheSimulationLoopRaisesTheRequirementUntilEveryIntervalMeetsItsTarget) {
  // The small team's day with 8-hour shifts (a placed break) and 4-hour part-timers, starting from
  // a requirement of one agent an hour: each round simulates the plan and raises the requirement
  // where the service level misses, until none does; the cost rises round by round.
  nlohmann::json j = nlohmann::json::parse(std::ifstream(std::string(CCSIM_SCENARIO_DIR) + "/small-team.json"));
  j["calendar"]["days"] = 1;
  j["run"]["replications"] = 40;
  j["schedule"] = {{"templates", nlohmann::json::array({{{"name", "full"}, {"starts", "09:00"}, {"lengths", {"8h"}},
                                                          {"breaks", nlohmann::json::array({{{"length", "1h"}, {"after", "3h-4h/1h"}}})}},
                                                         {{"name", "part"}, {"starts", "09:00-13:00/1h"}, {"lengths", {"4h"}}}})}};
  const std::string scenario = temp("ccsim-small-schedule.json"), csv = temp("ccsim-small-need.csv");
  std::ofstream(scenario) << j.dump();
  std::ofstream need(csv);
  need << "day,start,agents\n";
  for (int h = 9; h < 17; ++h) need << "1," << h << ":00,1\n";
  need.close();
  const auto r = run_cli({"schedule", scenario, "--requirements", csv, "--simulate", "--json", "-"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto result = nlohmann::json::parse(r.out);
  ASSERT_GE(result["rounds"].size(), 2U);
  EXPECT_TRUE(result["targets_met"].get<bool>());
  EXPECT_EQ(result["rounds"].back()["intervals_missing"], 0);
  EXPECT_GE(result["rounds"].back()["worst_service_level"].get<double>(), 0.8);
  EXPECT_GT(result["rounds"][0]["intervals_missing"].get<int>(), 0);
  for (std::size_t k = 1; k < result["rounds"].size(); ++k)
    EXPECT_GE(result["rounds"][k]["cost"].get<double>(), result["rounds"][k - 1]["cost"].get<double>());
  for (const auto& f : {scenario, csv}) std::filesystem::remove(f);
}
