// Issue 12's classes of bad input, one minimal case each: every one ends in exit status 2 and one
// line naming the field (or flag) and the value, within bounded time and memory; plus the
// figures that were wrong (the 90th percentile past an hour, a negligible day-to-day cv).
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "ccsim/models/limits.hpp"
#include "ccsim/sim/engine.hpp"
#include "ccsim/sim/runner.hpp"
#include "ccsim/sim/scenario.hpp"
#include "run_cli.hpp"
#include "test_folder.hpp"

namespace {

using Result = ccsim::testing_support::CliResult;

Result run(std::vector<std::string> args) { return ccsim::testing_support::run_cli(std::move(args)); }

// A small valid scenario, written once to a file.
const char* base_scenario = R"({"calendar": {"days": 1, "open": "08:00", "close": "10:00", "interval": "30m"},
 "arrivals": {"rate_per_hour": 60}, "handle_time": {"dist": "exponential", "mean": "3m"},
 "staffing": {"agents": 5}, "run": {"replications": 2, "seed": 1}})";

std::string write_file(const std::string& name, const std::string& text) {
  // One name per process: ctest runs the cases of this program in parallel processes.
  const auto path =
      (ccsim::testing_support::test_folder().path() / ("ccsim_limits_" + std::to_string(::getpid()) + "_" + name)).string();
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::string base() {
  static const std::string path = write_file("base.json", base_scenario);
  return path;
}

struct Case {
  std::string name;
  std::vector<std::string> args;  // after "ccsim"; "BASE" stands for the base scenario's path
  std::string expected;           // part of the one-line message
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

// GoogleTest names take letters, digits and underscores only.
std::string test_name(const testing::TestParamInfo<Case>& param) {
  std::string name = param.param.name;
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

class RefusedInput : public testing::TestWithParam<Case> {};

TEST_P(RefusedInput, ExitsWithStatus2AndOneLineNamingTheValue) {
  auto args = GetParam().args;
  for (auto& a : args) {
    if (a == "BASE") a = base();
  }
  const auto r = run(args);
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.err.find(GetParam().expected), std::string::npos) << "message: " << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_EQ(r.err.find('\0'), std::string::npos);
  EXPECT_EQ(r.err.rfind("ccsim: ", 0), 0u) << r.err;
}

std::vector<std::string> set(std::initializer_list<std::string> assignments) {
  std::vector<std::string> args{"run", "BASE", "--replications", "1", "--quiet"};
  for (const auto& a : assignments) {
    args.push_back("--set");
    args.push_back(a);
  }
  return args;
}

INSTANTIATE_TEST_SUITE_P(
    Issue12Classes, RefusedInput,
    testing::Values(
        // Silent wrap-around of counts.
        Case{"days_2e32", set({"calendar.days=4294967297"}), "calendar.days: 4294967297 is more than 3660"},
        Case{"lines_2e32", set({"lines=4294967297"}), "lines: 4294967297 is more than 1000000"},
        Case{"agents_2e32", set({"staffing.agents=4294967297"}), "staffing.agents: 4294967297 is more than 200000"},
        Case{"replications_2e32", {"run", "BASE", "--quiet", "--set", "run.replications=4294967296"}, "run.replications: 4294967296 is more than 1000000"},
        Case{"flag_replications_2e32", {"run", "BASE", "--replications", "4294967297"},
             "--replications: \"4294967297\" is more than 1000000"},
        Case{"flag_threads_2e32", {"run", "BASE", "--threads", "4294967297"}, "--threads: \"4294967297\" is more than 1024"},
        Case{"shift_agents_summed",
             set({R"(staffing={"shifts": [{"start": "08:00", "end": "10:00", "agents": 200000},
                                          {"start": "08:00", "end": "10:00", "agents": 200000}]})"}),
             "staffing: puts 400000 agents on duty at once"},
        // Aborts.
        Case{"days_1e12", set({"calendar.days=1e12"}), "calendar.days: 1000000000000.0 is more than 3660"},
        Case{"interval_1e-6", set({"calendar.interval=1e-6"}), "calendar.interval: 1e-06 must be from 1 second to 1 day"},
        Case{"agents_2e9", set({"staffing.agents=2e9"}), "staffing.agents: 2000000000.0 is more than 200000"},
        Case{"weibull_shape_0.01", set({R"(handle_time={"dist": "weibull", "shape": 0.01, "scale": 60})"}),
             "handle_time: {\"dist\":\"weibull\",\"scale\":60,\"shape\":0.01} has a mean longer than ten years"},
        Case{"set_index_huge", set({"staffing.shifts[99999999999999999999].end=1"}),
             "--set staffing.shifts[99999999999999999999].end: index 99999999999999999999 is beyond any list"},
        Case{"set_invalid_utf8", set({"name=\xff\xfe"}), "--set \"name=\\xFF\\xFE\": byte 6 is not UTF-8"},
        Case{"directory_as_scenario", {"run", "/tmp"}, "/tmp: is a directory, not a scenario file"},
        // Hangs and unbounded memory.
        Case{"redial_storm",
             set({R"(patience={"dist": "fixed", "value": 0})", "returns.redial_probability=1",
                  R"(returns.redial_delay={"dist": "fixed", "value": 1e-300})"}),
             "returns.redial_delay: has a mean of 1e-300s; a delay before ringing again must average at least 1s"},
        Case{"redial_storm_one_second",
             set({R"(patience={"dist": "fixed", "value": 0})", "returns.redial_probability=1",
                  R"(returns.redial_delay={"dist": "exponential", "mean": "1s"})", "arrivals.rate_per_hour=1000",
                  "staffing.agents=1", "calendar.days=30"}),
             "more than 1000 each on average, a storm of callers ringing again"},
        Case{"shift_breaks_every_day",
             set({"calendar.days=3660", R"(staffing={"shifts": [{"start": "08:00", "end": "10:00", "agents": 1, "breaks": [)" +
                  [] {
                    std::string b;
                    for (int i = 0; i < 3000; ++i) b += std::string(i ? "," : "") + R"({"start": "08:30", "length": "1m"})";
                    return b;
                  }() + "]}]}"}),
             "brings the staffing changes over the horizon"},
        Case{"calls_per_day_1e308", set({R"(arrivals={"calls_per_day": 1e308})"}),
             "arrivals: expects 1e+308 calls per replication over 1 days; one replication simulates at most 1e9"},
        Case{"queue_without_bound", set({"arrivals.rate_per_hour=32000000", "staffing.agents=3"}),
             "callers are held at once (waiting, in the IVR or for a callback): the queue grows without bound"},
        Case{"erlang_aht_1e-300", {"erlang", "a", "--calls", "100", "--interval", "30m", "--aht", "1e-300", "--patience", "60", "--agents", "3"},
             "--aht: \"1e-300\" is shorter than 0.001s"},
        Case{"erlang_patience_1e308", {"erlang", "a", "--calls", "100", "--interval", "30m", "--aht", "180", "--patience", "1e308", "--agents", "3"},
             "--patience: \"1e308\" is not a duration (it is longer than ten years"},
        // Infinite or absurd values.
        Case{"answer_within_1e308h", set({"service_level.answer_within=1e308h"}),
             "service_level.answer_within: \"1e308h\" is not a duration (it is longer than ten years"},
        Case{"fixed_handle_1e300", set({R"(handle_time={"dist": "fixed", "value": 1e300})"}),
             "handle_time.value: 1e+300 is longer than ten years"},
        Case{"interval_1e14", set({"calendar.interval=1e14"}), "calendar.interval: 100000000000000.0 is longer than ten years"},
        Case{"horizon_intervals", set({"calendar.days=3660", "calendar.interval=60", "calendar.open=\"00:00\"", "calendar.close=\"24:00\""}),
             "makes 5270400 intervals over 3660 days"},
        // Messages.
        Case{"key_with_control_byte", set({"a\x01" "b=3"}), "a\\u0001b: is not a known field"},
        Case{"value_with_newline", set({"service_level.answer_within=2\n0"}), "service_level.answer_within: \"2\\n0\" is not a duration"},
        Case{"duplicate_key_in_set", set({R"(staffing={"agents": 3, "agents": 500})"}),
             "--set staffing: the value: the key \"agents\" appears twice"},
        // ccsim erlang.
        Case{"erlang_retrial_load_1e20",
             {"erlang", "a", "--load", "1e20", "--aht", "180", "--lines", "10", "--agents", "5", "--redial-probability", "0.5",
              "--redial-delay", "10m", "--patience", "60"},
             "the offered load, 1e+20 Erlangs, is more than the solvers' limit of 100000 Erlangs"},
        Case{"erlang_retrial_grid",
             {"erlang", "a", "--load", "99999", "--aht", "180", "--lines", "10", "--agents", "5", "--redial-probability", "0.5",
              "--redial-delay", "10m", "--patience", "60"},
             "the retrial chain needs over 300000 states"},
        Case{"erlang_lines_int64_max", {"erlang", "b", "--load", "5", "--lines", "9223372036854775807"},
             "--lines: \"9223372036854775807\" is more than 1000000"},
        Case{"erlang_agents_int64_max", {"erlang", "c", "--load", "5", "--aht", "180", "--agents", "9223372036854775807", "--table"},
             "--agents: \"9223372036854775807\" is more than 200000"},
        Case{"erlang_load_1e12", {"erlang", "c", "--load", "1e12", "--aht", "180", "--sl-target", "0.8"},
             "the offered load, 1e+12 Erlangs, is more than the solvers' limit"},
        Case{"erlang_load_1e308", {"erlang", "c", "--load", "1e308", "--aht", "180", "--sl-target", "0.8"},
             "the offered load, 1e+308 Erlangs, is more than the solvers' limit"},
        Case{"json_empty_path", {"run", "BASE", "--quiet", "--json", ""}, "--json: \"\" is an empty path"}),
    test_name);

// Documents that break a JSON rule, read from files.
class RefusedFile : public testing::TestWithParam<Case> {};

TEST_P(RefusedFile, ExitsWithStatus2AndOneLine) {
  const auto path = write_file(GetParam().name + ".json", GetParam().args.at(0));
  const auto r = run({"run", path, "--quiet"});
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.err.find(GetParam().expected), std::string::npos) << "message: " << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  std::filesystem::remove(path);
}

INSTANTIATE_TEST_SUITE_P(
    Issue12Classes, RefusedFile,
    testing::Values(
        Case{"number_1e400", {R"({"calendar": {"days": 1e400}})"}, "calendar.days: number overflow parsing '1e400'"},
        Case{"nested_100000", {std::string(100000, '[') + std::string(100000, ']')}, "nested deeper than 64 levels"},
        Case{"duplicate_key", {R"({"staffing": {"agents": 3, "agents": 500}})"}, "staffing: the key \"agents\" appears twice"},
        Case{"nul_in_key", {std::string(R"({"x\u0000y": 1, )") + (base_scenario + 1)}, "x\\u0000y: is not a known field"},
        Case{"invalid_utf8", {"{\"name\": \"\xc3\x28\"}"}, "line 1, column 11: byte \\xC3 is not UTF-8"}),
    test_name);

// The 90th percentile of waits is right however long the waits: a day whose only agent comes at
// the last interval makes every caller wait hours (it was capped at one hour).
TEST(WaitPercentile, ExactBeyondOneHour) {
  auto j = nlohmann::json::parse(base_scenario);
  j["calendar"] = {{"days", 1}, {"open", "08:00"}, {"close", "16:00"}, {"interval", "1h"}};
  j["arrivals"] = {{"per_interval", {10, 0, 0, 0, 0, 0, 0, 0}}};
  j["handle_time"] = {{"dist", "fixed"}, {"value", 1}};
  j["staffing"] = {{"per_interval", {0, 0, 0, 0, 0, 0, 0, 1}}};
  j["run"] = {{"replications", 1}, {"seed", 5}};
  const auto scenario = ccsim::sim::parse_scenario(j);
  ccsim::sim::Engine engine(scenario);
  const auto result = engine.run(0);
  // About ten calls arrive in [0, 1h) and are answered one after another from 7 h on (each
  // takes 1 s): the k-th arrival (time a_k) waits 7h - a_k + (k - 1) s, between 6 h and 7 h.
  double answered = 0;
  for (const auto& t : result.intervals) answered += t.answered;
  ASSERT_GE(answered, 3);
  EXPECT_GT(result.wait_p90, 6 * 3600.0);
  EXPECT_LT(result.wait_p90, 7 * 3600.0 + answered);
}

// The percentile against the waits themselves: a day of long waits, compared with the sorted
// waits to the stated resolution (0.27 % of the wait beyond an hour).
TEST(WaitPercentile, MatchesTheSortedWaitsToTheStatedResolution) {
  auto j = nlohmann::json::parse(base_scenario);
  j["calendar"] = {{"days", 1}, {"open", "00:00"}, {"close", "24:00"}, {"interval", "1h"}};
  std::vector<int> calls(24, 0), agents(24, 0);
  calls[0] = 200;
  agents[5] = agents[6] = agents[7] = agents[8] = 1;
  for (int h = 9; h < 24; ++h) agents[static_cast<std::size_t>(h)] = 1;
  j["arrivals"] = {{"per_interval", calls}};
  j["handle_time"] = {{"dist", "fixed"}, {"value", 60}};
  j["staffing"] = {{"per_interval", agents}};
  const auto scenario = ccsim::sim::parse_scenario(j);
  ccsim::sim::Engine engine(scenario);
  const auto result = engine.run(0);
  // Nobody is answered before 05:00 and one agent answers a call a minute, in arrival order: the
  // answered caller of rank k (0-based) waited 5h + k min - its arrival, within [4h, 5h + k min].
  double answered = 0;
  for (const auto& t : result.intervals) answered += t.answered;
  ASSERT_GT(answered, 100);
  const double rank90 = 0.9 * answered;
  EXPECT_GT(result.wait_p90, 5 * 3600.0 + (rank90 - 1) * 60 - 3600 - 1);
  EXPECT_LT(result.wait_p90, 5 * 3600.0 + rank90 * 60 + 1);
}

// A negligible day-to-day cv is no factor at all: the same calls as without it.
TEST(DayToDayCv, NegligibleIsZero) {
  auto with = nlohmann::json::parse(base_scenario);
  auto without = with;
  with["arrivals"]["day_to_day_cv"] = 1e-300;
  const auto a = ccsim::sim::run_replications(ccsim::sim::parse_scenario(with));
  const auto b = ccsim::sim::run_replications(ccsim::sim::parse_scenario(without));
  const auto offered = static_cast<std::size_t>(ccsim::sim::Metric::offered);
  ASSERT_TRUE(a.summary[offered].mean.has_value());
  EXPECT_GT(*a.summary[offered].mean, 50);
  EXPECT_EQ(*a.summary[offered].mean, *b.summary[offered].mean);
}

// A draw of a heavy-tailed distribution never passes the longest duration.
TEST(Distributions, HeavyTailsAreCappedAtTenYears) {
  const auto d = ccsim::models::Distribution::lognormal(15.0, 5.0);  // median 3.3e6 s, huge tail
  ccsim::models::Rng rng(7);
  double most = 0;
  for (int i = 0; i < 100000; ++i) most = std::max(most, d.sample(rng));
  EXPECT_EQ(most, ccsim::limits::max_duration);
}

}  // namespace

namespace {

// The visualiser's replay of a day whose last call lasts years stops at the snapshot limit
// instead of allocating for ever.
TEST(ReplayTrace, StopsAtTheSnapshotLimit) {
  auto j = nlohmann::json::parse(base_scenario);
  j["handle_time"] = {{"dist", "fixed"}, {"value", "3000d"}};
  const auto scenario = ccsim::sim::parse_scenario(j);
  ccsim::sim::Engine engine(scenario);
  ccsim::sim::Trace trace;
  trace.step = 10.0;
  try {
    (void)engine.run(0, &trace);
    FAIL() << "no limit reached";
  } catch (const ccsim::sim::SimulationLimit& e) {
    EXPECT_NE(std::string(e.what()).find("the replay would hold over 2000000 snapshots"), std::string::npos) << e.what();
  }
  EXPECT_EQ(trace.snapshots.size(), ccsim::limits::max_trace_snapshots);
  // Without the replay the same day runs to its end: the limit is the replay's alone.
  EXPECT_NO_THROW((void)engine.run(0));
}

}  // namespace

namespace {

// The storm rule (contacts per customer) applies where customers are followed: a core scenario
// with over a million fresh calls in a replication runs to its end, every call accounted for.
TEST(ContactLimits, AMillionFreshCallsAreNoStorm) {
  auto j = nlohmann::json::parse(base_scenario);
  j["calendar"] = {{"days", 46}, {"open", "00:00"}, {"close", "24:00"}, {"interval", "1h"}};
  j["arrivals"] = {{"rate_per_hour", 1000}};
  j["staffing"] = {{"agents", 60}};
  const auto scenario = ccsim::sim::parse_scenario(j);
  ccsim::sim::Engine engine(scenario);
  const auto result = engine.run(0);
  ASSERT_GT(result.calls, 1'000'000u);
  double offered = 0, answered = 0;
  for (const auto& t : result.intervals) {
    offered += t.offered;
    answered += t.answered;
  }
  EXPECT_EQ(offered, static_cast<double>(result.calls));
  EXPECT_EQ(answered, offered);  // no patience, no lines: everyone is answered
}

}  // namespace
