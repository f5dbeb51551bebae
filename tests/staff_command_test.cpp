// `ccsim staff`: its outputs (the written scenario runs and meets its targets; JSON and CSV rows
// per interval) and its refusals (exit status 2, one line).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "run_cli.hpp"
#include "test_folder.hpp"
#include "scenarios.hpp"

namespace {
using ccsim::testing_support::run_cli;
const std::string small_team = ccsim::testing_support::scenario_path("small-team.json");
using ccsim::testing_support::temp;
}  // namespace

TEST(StaffCommand, WritesAScenarioThatRunsWithTheFoundStaffing) {
  const std::string out = temp("ccsim-staff-found.json"), csv = temp("ccsim-staff.csv"), json = temp("ccsim-staff-result.json");
  const auto r = run_cli({"staff", small_team, "--replications", "40", "--write-scenario", out, "--csv", csv, "--json", json});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("objective: fewest agent-hours"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("noise rule: a target counts as met when its mean over 40 replications meets it"), std::string::npos);
  EXPECT_NE(r.out.find("local optimum"), std::string::npos);
  std::ifstream in(json);
  const auto result = nlohmann::json::parse(in);
  // The written scenario has the found agents per interval, and ccsim run reproduces the search's figures.
  const auto run = run_cli({"run", out, "--replications", "40", "--json", "-"});
  ASSERT_EQ(run.status, 0) << run.err;
  const auto j = nlohmann::json::parse(run.out);
  ASSERT_EQ(j["intervals"].size(), result["intervals"].size());
  for (std::size_t k = 0; k < j["intervals"].size(); ++k) {
    EXPECT_DOUBLE_EQ(j["intervals"][k]["agents"]["mean"].get<double>(), result["intervals"][k]["agents"].get<double>()) << k;
    EXPECT_DOUBLE_EQ(j["intervals"][k]["service_level"]["mean"].get<double>(), result["intervals"][k]["service_level"]["mean"].get<double>()) << k;
    EXPECT_GE(j["intervals"][k]["service_level"]["mean"].get<double>(), 0.8) << k;
  }
  std::ifstream c(csv);
  std::string header;
  std::getline(c, header);
  EXPECT_EQ(header.rfind("day,date,weekday,start,open,agent_group,erlang_agents,agents,", 0), 0U);
  for (const auto& f : {out, csv, json}) std::filesystem::remove(f);
}

TEST(StaffCommand, RefusesWhatItCannotDo) {
  const auto error = [](std::vector<std::string> args) {
    const auto r = run_cli(args);
    EXPECT_EQ(r.status, 2) << r.out;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    return r.err;
  };
  EXPECT_NE(error({"staff", small_team, "--set", "service_level.target=1", "--set", "service_level.answer_within=0"})
                .find("100 % answered within 0 s cannot be met"),
            std::string::npos);
  EXPECT_NE(error({"staff", small_team, "--method", "isa", "--p-wait", "1.5"}).find("--p-wait: \"1.5\""), std::string::npos);
  EXPECT_NE(error({"staff", small_team, "--method", "isa"}).find("--p-wait is missing"), std::string::npos);
  EXPECT_NE(error({"staff", small_team, "--p-wait", "0.2"}).find("is for --method isa"), std::string::npos);
  EXPECT_NE(error({"staff", small_team, "--no-service-level"}).find("no target to staff for"), std::string::npos);
  EXPECT_NE(error({"staff", small_team, "--cost", "20", "--cost", "30"}).find("the scenario has 1 agent groups"), std::string::npos);
  EXPECT_NE(error({"staff", small_team, "--confidence", "0.3"}).find("--confidence"), std::string::npos);
  EXPECT_NE(error({"staff", small_team, "--scope", "month"}).find("--scope"), std::string::npos);
  const std::string bilingual = ccsim::testing_support::scenario_path("bilingual-helpline.json");
  EXPECT_NE(error({"staff", bilingual, "--set", "costs={\"per_agent_hour\": {\"english\": 24}}"})
                .find("costs.per_agent_hour: has no cost for agent group \"french\""),
            std::string::npos);
  EXPECT_NE(error({"staff", bilingual, "--set", "costs={\"per_agent_hour\": {\"german\": 24}}"}).find("costs.per_agent_hour.german: is not an agent group"),
            std::string::npos);
  // With costs, the objective is money.
  const auto money = run_cli({"staff", small_team, "--replications", "10", "--set", "costs={\"per_agent_hour\": 30}"});
  ASSERT_EQ(money.status, 0) << money.err;
  EXPECT_NE(money.out.find("objective: least cost"), std::string::npos) << money.out;
}

TEST(StaffCommand, ManySmallQueuesAreStaffedNotRefused) {
  // 40 call types of 3 calls an hour, each with a group of its own: together 40 x 0.15 = 6 Erlangs,
  // yet each group needs two agents for 95 % within 10 s, so the start (80) is far above three times the load plus 30
  // (the search's cap once, which refused this as "cannot be met"). Every interval must meet 95/10.
  nlohmann::json j;
  j["calendar"] = {{"days", 1}, {"open", "09:00"}, {"close", "11:00"}, {"interval", "1h"}};
  j["service_level"] = {{"answer_within", "10s"}, {"target", 0.95}};
  j["call_types"] = nlohmann::json::array();
  j["agent_groups"] = nlohmann::json::array();
  for (int t = 0; t < 40; ++t) {
    const std::string name = "queue" + std::to_string(t);
    j["call_types"].push_back({{"name", name}, {"arrivals", {{"rate_per_hour", 3}}}, {"handle_time", {{"dist", "exponential"}, {"mean", "3m"}}}});
    j["agent_groups"].push_back({{"name", "team" + std::to_string(t)}, {"skills", {name}}, {"staffing", {{"agents", 1}}}});
  }
  j["run"] = {{"replications", 20}, {"seed", 3}};
  const std::string path = temp("forty-queues.json");
  std::ofstream(path) << j.dump();
  const auto r = run_cli({"staff", path, "--json", "-", "--max-evaluations", "40"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto result = nlohmann::json::parse(r.out);
  for (const auto& row : result["intervals"]) {
    if (!row["service_level"]["mean"].is_null()) {
      EXPECT_GE(row["service_level"]["mean"].get<double>(), 0.95);
    }
  }
}

TEST(StaffCommand, AbsurdCostsAndShortIsaIntervalsAreRefusedByName) {
  const auto cost = run_cli({"staff", small_team, "--cost", "1e308"});
  EXPECT_EQ(cost.status, 2);
  EXPECT_NE(cost.err.find("--cost: \"1e308\" is over 1,000,000 an agent-hour"), std::string::npos) << cost.err;
  const auto isa = run_cli({"staff", small_team, "--method", "isa", "--p-wait", "0.2", "--set", "calendar.interval=1s"});
  EXPECT_EQ(isa.status, 2);
  EXPECT_NE(isa.err.find("--method isa: 5 days of 1s intervals need about"), std::string::npos) << isa.err;
  EXPECT_EQ(isa.err.find("replay"), std::string::npos) << isa.err;
}
