// The scenario format: every error path names the JSON path and the value; valid scenarios
// build the expected arrival profiles and staffing; --set overrides; the shipped scenarios parse.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string>

#include "ccsim/sim/scenario.hpp"

using nlohmann::json;
namespace sim = ccsim::sim;

namespace {

json base() {
  return json::parse(R"({
    "name": "test",
    "calendar": {"days": 2, "open": "08:00", "close": "12:00", "interval": "1h", "first_weekday": "monday"},
    "arrivals": {"calls_per_day": 400, "weekday_factors": [1.5, 1.0], "intraday_profile": [1, 2, 3, 2]},
    "handle_time": {"dist": "lognormal", "mean": "4m", "cv": 0.9},
    "patience": {"dist": "exponential", "mean": "3m"},
    "staffing": {"shifts": [
      {"start": "08:00", "end": "12:00", "agents": 5, "breaks": [{"start": "10:00", "length": "15m"}]},
      {"start": "08:00", "end": "10:00", "agents": 3},
      {"start": "09:00", "end": "12:00", "agents": 4}
    ]},
    "run": {"replications": 5, "seed": 9}
  })");
}

std::string error_of(const json& j) {
  try {
    (void)sim::parse_scenario(j);
  } catch (const sim::ScenarioError& e) {
    return e.what();
  }
  return "(accepted)";
}

struct BadScenario {
  std::vector<std::string> sets;  // --set assignments applied to base()
  std::string expected;           // the start of the message, or a fragment of it
};

void PrintTo(const BadScenario& bad, std::ostream* os) {
  for (const auto& a : bad.sets) *os << "--set " << a << ' ';
}

}  // namespace

class ScenarioErrors : public testing::TestWithParam<BadScenario> {};

TEST_P(ScenarioErrors, NamePathAndValue) {
  json j = base();
  for (const auto& s : GetParam().sets) sim::apply_override(j, s);
  const std::string message = error_of(j);
  EXPECT_NE(message.find(GetParam().expected), std::string::npos) << message;
}

INSTANTIATE_TEST_SUITE_P(
    EveryPath, ScenarioErrors,
    testing::Values(
        BadScenario{{"stafing={}"}, "stafing: is not a known field"},
        BadScenario{{"staffing.shifts[2].end=25:00"}, "staffing.shifts[2].end: \"25:00\" is not a time of day"},
        BadScenario{{R"(patience={"dist": "mixture", "parts": [{"weight": 0.2, "dist": "fixed", "value": 0}, {"weight": 0.7, "dist": "exponential", "mean": "16m40s"}]})"},
                    "patience.parts: has weights summing to 0.9; they must sum to 1"},
        BadScenario{{R"(patience={"dist": "mixture", "parts": [{"dist": "fixed", "value": 0}]})"}, "patience.parts[0].weight: is missing"},
        BadScenario{{R"(patience={"dist": "mixture", "parts": [{"weight": 1, "dist": "mixture", "parts": []}]})"},
                    "patience.parts[0].dist: \"mixture\" a part cannot be a mixture"},
        BadScenario{{R"(patience={"dist": "mixture", "mean": 60, "parts": [{"weight": 1, "dist": "fixed", "value": 0}]})"},
                    "patience.mean: a mixture takes only its parts"},
        BadScenario{{"calendar.close=7pm"}, "calendar.close: \"7pm\" is not a time of day"},
        BadScenario{{"calendar.close=08:00"}, "calendar.close: \"08:00\" must be after the opening time"},
        BadScenario{{"calendar.interval=7m"}, "calendar.interval: \"7m\" does not divide the opening hours"},
        BadScenario{{"calendar.days=0"}, "calendar.days: 0 must be at least 1"},
        BadScenario{{"calendar.first_weekday=funday"}, "calendar.first_weekday: \"funday\" is not a weekday"},
        BadScenario{{"calendar.colour=1"}, "calendar.colour: is not a known field"},
        BadScenario{{"arrivals.calls_per_day=-5"}, "arrivals.calls_per_day: -5 must not be negative"},
        BadScenario{{"arrivals.calls_per_day=\"many\""}, "arrivals.calls_per_day: \"many\" is not a number"},
        BadScenario{{"arrivals.rate_per_hour=40"}, "arrivals: give exactly one of calls_per_day, rate_per_hour, per_interval"},
        BadScenario{{"arrivals.intraday_profile=[1,2]"}, "arrivals.intraday_profile: needs one weight per interval (4)"},
        BadScenario{{"arrivals.intraday_profile=[0,0,0,0]"}, "arrivals.intraday_profile: has no positive weight"},
        BadScenario{{"arrivals.weekday_factors=[1.0]"}, "arrivals.weekday_factors: has no factor for tuesday"},
        BadScenario{{"arrivals.day_to_day_cv=-0.1"}, "arrivals.day_to_day_cv: -0.1 must not be negative"},
        BadScenario{{"arrivals={\"per_interval\": [1, 2, 3]}"}, "arrivals.per_interval: has 3 entries; the day has 4 intervals"},
        BadScenario{{"arrivals={\"per_interval\": [[1, 2, 3, 4]]}"}, "arrivals.per_interval: has 1 daily lists; the calendar has 2 days"},
        BadScenario{{"handle_time.dist=normal"}, "handle_time.dist: \"normal\" is not a distribution"},
        BadScenario{{"handle_time.mean=abc"}, "handle_time.mean: \"abc\" is not a duration"},
        BadScenario{{"handle_time.mean=-4"}, "handle_time.mean: -4 must not be negative"},
        BadScenario{{"handle_time={\"dist\": \"exponential\", \"mean\": 60, \"cv\": 0.5}"}, "handle_time.cv: 0.5 must be 1"},
        BadScenario{{"handle_time.mu=4"}, "handle_time.mu: give either mean and cv"},
        BadScenario{{"handle_time={\"dist\": \"uniform\", \"mean\": 60, \"cv\": 0.9}"}, "handle_time: {\"cv\":0.9,\"dist\":\"uniform\",\"mean\":60} is not a valid distribution"},
        BadScenario{{"handle_time={\"dist\": \"empirical\", \"values\": []}"}, "handle_time.values: [] is not a non-empty list"},
        BadScenario{{"handle_time={\"dist\": \"gamma\", \"shape\": 0, \"scale\": 60}"}, "handle_time.shape: 0 must be greater than 0"},
        BadScenario{{"patience.meen=3"}, "patience.meen: is not a known field"},
        BadScenario{{"lines=0"}, "lines: 0 must be at least 1"},
        BadScenario{{"lines=2.5"}, "lines: 2.5 is not a whole number"},
        BadScenario{{"staffing={}"}, "staffing: give exactly one of agents, per_interval, shifts"},
        BadScenario{{"staffing={\"agents\": -1}"}, "staffing.agents: -1 must be at least 1"},
        BadScenario{{"staffing={\"per_interval\": [1, 2]}"}, "staffing.per_interval: has 2 entries"},
        BadScenario{{"staffing={\"per_interval\": [3, 3, 3, 0]}"}, "staffing: no agent is on duty at closing time (12:00) on day 1"},
        BadScenario{{"staffing.shifts[1].end=08:00"}, "staffing.shifts[1].end: \"08:00\" is the shift's start"},
        BadScenario{{"staffing.shifts[1].end=07:00", "staffing.shifts[1].breaks=[{\"start\": \"07:30\", \"length\": \"1h\"}]"},
                    "staffing.shifts[1].breaks[0].start: \"07:30\" puts the break outside its shift (08:00 to 07:00)"},
        BadScenario{{"staffing.shifts[0].breaks[0].start=13:00"}, "staffing.shifts[0].breaks[0].start: \"13:00\" puts the break outside its shift"},
        BadScenario{{"staffing.shifts[0].breaks[0].length=0"}, "staffing.shifts[0].breaks[0].length: 0 must be longer than 0 seconds"},
        BadScenario{{"staffing.shifts[0].weekdays=[\"mon\"]"}, "staffing.shifts[0].weekdays[0]: \"mon\" is not a weekday"},
        BadScenario{{"staffing.shifts[0].end=11:00", "staffing.shifts[0].breaks=[]", "staffing.shifts[2].end=11:30"},
                    "no agent is on duty at closing time"},
        BadScenario{{"service_level={\"target\": 1.5}"}, "service_level.target: 1.5 must be a fraction between 0 and 1"},
        BadScenario{{"service_level={\"definition\": \"bogus\"}"}, "service_level.definition: \"bogus\" is not a definition"},
        BadScenario{{"run.replications=0"}, "run.replications: 0 must be at least 1"},
        BadScenario{{"run.seed=-1"}, "run.seed: -1 is not a whole number from 0 to 18446744073709551615"},
        BadScenario{{"run.warmup=4h"}, "run.warmup: 4h is not shorter than the opening hours"},
        BadScenario{{"arrivals=null"}, "arrivals: null is not an object"},
        BadScenario{{"handle_time=5"}, "handle_time: 5 is not an object"}),
    [](const testing::TestParamInfo<BadScenario>& param_info) {
      std::string name = "case" + std::to_string(param_info.index);
      return name;
    });

TEST(Scenario, MissingRequiredFieldsAreNamed) {
  json j = base();
  j.erase("arrivals");
  EXPECT_EQ(error_of(j), "arrivals: is missing");
  j = base();
  j.erase("handle_time");
  EXPECT_EQ(error_of(j), "handle_time: is missing");
  EXPECT_NE(error_of(json::array()).find("is not an object"), std::string::npos);
}

TEST(Scenario, ArrivalsFollowWeekdayFactorsAndNormalisedProfile) {
  const auto s = sim::parse_scenario(base());
  ASSERT_EQ(s.call_types[0].arrivals.size(), 2u);
  EXPECT_NEAR(s.call_types[0].arrivals[0].expected_calls(), 600.0, 1e-9);  // Monday x 1.5
  EXPECT_NEAR(s.call_types[0].arrivals[1].expected_calls(), 400.0, 1e-9);
  EXPECT_NEAR(s.call_types[0].arrivals[1].expected_calls(2), 400.0 * 3 / 8, 1e-9);
  EXPECT_NEAR(s.call_types[0].handle_time.mean(), 240.0, 1e-9);
  EXPECT_FALSE(s.lines.has_value());
}

TEST(Scenario, ShiftsAndBreaksGiveTheScheduledAgents) {
  const auto s = sim::parse_scenario(base());
  // 08-09: 5 + 3; 09-10: 5 + 3 + 4; 10-11: 5 on a 15-minute break for a quarter, + 4; 11-12: 9.
  EXPECT_DOUBLE_EQ(s.scheduled_agents(0, 0), 8.0);
  EXPECT_DOUBLE_EQ(s.scheduled_agents(0, 1), 12.0);
  EXPECT_DOUBLE_EQ(s.scheduled_agents(0, 2), 9.0 - 5.0 * 0.25);
  EXPECT_DOUBLE_EQ(s.scheduled_agents(0, 3), 9.0);
  EXPECT_EQ(s.agents_at_close(1), 9);
}

TEST(Scenario, PerIntervalListsAndRatePerHour) {
  json j = base();
  j["arrivals"] = json::parse(R"({"per_interval": [[10, 20, 30, 40], [1, 2, 3, 4]]})");
  j["staffing"] = json::parse(R"({"per_interval": [2, 4, 4, 3]})");
  auto s = sim::parse_scenario(j);
  EXPECT_DOUBLE_EQ(s.call_types[0].arrivals[0].expected_calls(), 100.0);
  EXPECT_DOUBLE_EQ(s.call_types[0].arrivals[1].expected_calls(), 10.0);
  EXPECT_DOUBLE_EQ(s.scheduled_agents(1, 1), 4.0);
  EXPECT_EQ(s.agents_at_close(0), 3);
  j["arrivals"] = json::parse(R"({"rate_per_hour": 90})");
  s = sim::parse_scenario(j);
  EXPECT_DOUBLE_EQ(s.call_types[0].arrivals[0].expected_calls(0), 90.0);
}

TEST(Scenario, OverridesSetNestedValuesAndParseJson) {
  json j = base();
  sim::apply_override(j, "staffing={\"agents\": 7}");
  sim::apply_override(j, "lines=12");
  sim::apply_override(j, "handle_time.mean=5m");
  sim::apply_override(j, "service_level.answer_within=30s");
  sim::apply_override(j, "arrivals.weekday_factors[1]=2");
  const auto s = sim::parse_scenario(j);
  EXPECT_EQ(*s.lines, 12);
  EXPECT_NEAR(s.call_types[0].handle_time.mean(), 300.0, 1e-9);
  EXPECT_DOUBLE_EQ(s.service_level.answer_within, 30.0);
  EXPECT_NEAR(s.call_types[0].arrivals[1].expected_calls(), 800.0, 1e-9);
  EXPECT_EQ(s.agents_at_close(0), 7);
  for (const char* bad : {"lines", "=5", "a..b=1", "arrivals.weekday_factors[9]=1", "arrivals.weekday_factors[x]=1",
                          "name.first=1"}) {
    json k = base();
    EXPECT_THROW(sim::apply_override(k, bad), sim::ScenarioError) << bad;
  }
}

TEST(Scenario, TimesOfDay) {
  EXPECT_DOUBLE_EQ(sim::parse_time_of_day("08:30", false), 8.5 * 3600);
  EXPECT_DOUBLE_EQ(sim::parse_time_of_day("24:00", true), 86400);
  EXPECT_THROW((void)sim::parse_time_of_day("24:00", false), std::invalid_argument);
  EXPECT_DOUBLE_EQ(sim::parse_time_of_day("8:30", false), 8.5 * 3600);  // one digit of hours, as people write it
  for (const char* bad : {"8:3", "08:60", "0830", "ab:cd", "08:30:00", "-1:00", "108:00", ":30", "8:", "+8:00", "8:0x"})
    EXPECT_THROW((void)sim::parse_time_of_day(bad, true), std::invalid_argument) << bad;
  EXPECT_EQ(sim::format_time_of_day(8.5 * 3600), "08:30");
}

TEST(Scenario, ShippedScenariosParse) {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(CCSIM_SCENARIO_DIR)) {
    if (entry.path().extension() != ".json") continue;
    SCOPED_TRACE(entry.path().string());
    const auto s = sim::load_scenario(entry.path());
    EXPECT_TRUE(s.warnings.empty()) << s.warnings.front();
    EXPECT_FALSE(s.name.empty());
    EXPECT_FALSE(s.description.empty());
    ++count;
  }
  EXPECT_GE(count, 5);
  EXPECT_THROW((void)sim::read_scenario_file("/nonexistent.json"), sim::ScenarioError);
}
