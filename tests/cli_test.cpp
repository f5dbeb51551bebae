// The `ccsim` command line, run in-process: the contract of flags and JSON keys, and every
// error path (exit status 2 with a one-line message naming the flag and value).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "ccsim/models/erlang.hpp"
#include "ccsim/models/retrial.hpp"
#include "ccsim/sim/scenario.hpp"
#include "run_cli.hpp"
#include "test_folder.hpp"
#include "scenarios.hpp"

namespace {

using Result = ccsim::testing_support::CliResult;

Result run(std::vector<std::string> args) { return ccsim::testing_support::run_cli(std::move(args)); }

nlohmann::json run_json(std::vector<std::string> args) {
  args.push_back("--json");
  const auto r = run(args);
  EXPECT_EQ(r.status, 0) << r.err;
  return nlohmann::json::parse(r.out);
}

const std::vector<std::string> cran{"erlang", "c", "--calls", "100", "--interval", "30m", "--aht", "180"};

std::vector<std::string> with(std::vector<std::string> base, const std::vector<std::string>& more) {
  base.insert(base.end(), more.begin(), more.end());
  return base;
}

}  // namespace

TEST(CliErlangC, CranExampleAsJson) {
  const auto j = run_json(with(cran, {"--agents", "14", "--answer-within", "20"}));
  EXPECT_EQ(j["model"], "erlang_c");
  EXPECT_NEAR(j["offered_load"].get<double>(), 10.0, 1e-12);
  EXPECT_EQ(j["agents"], 14);
  EXPECT_NEAR(j["p_wait"].get<double>(), 0.1741319, 5e-8);
  EXPECT_NEAR(j["service_level"].get<double>(), 0.88835, 5e-6);
  EXPECT_NEAR(j["service_level_answered"].get<double>(), 0.88835, 5e-6);
  EXPECT_NEAR(j["asa"].get<double>(), 7.8359, 5e-5);
  EXPECT_NEAR(j["mean_wait"].get<double>(), 7.8359, 5e-5);
  EXPECT_NEAR(j["occupancy"].get<double>(), 10.0 / 14.0, 1e-12);
  EXPECT_TRUE(j.contains("mean_queue"));
  EXPECT_FALSE(j.contains("p_abandon"));
  EXPECT_FALSE(j.contains("lines"));
}

TEST(CliErlangC, LoadCanBeGivenThreeWays) {
  const auto by_calls = run_json(with(cran, {"--agents", "14"}));
  const auto by_load = run_json({"erlang", "c", "--load", "10", "--aht", "3m", "--agents", "14"});
  const auto by_rate = run_json({"erlang", "c", "--rate", "200", "--aht", "0.05h", "--agents", "14"});
  EXPECT_NEAR(by_load["p_wait"].get<double>(), by_calls["p_wait"].get<double>(), 1e-14);
  EXPECT_NEAR(by_rate["p_wait"].get<double>(), by_calls["p_wait"].get<double>(), 1e-14);
  EXPECT_NEAR(by_rate["asa"].get<double>(), by_calls["asa"].get<double>(), 1e-12);
}

TEST(CliErlangC, SolvesForTheFewestAgentsWithShrinkage) {
  const auto j = run_json(with(cran, {"--answer-within", "20", "--sl-target", "0.8", "--shrinkage", "0.3"}));
  EXPECT_EQ(j["agents"], 14);
  EXPECT_EQ(j["scheduled_agents"], 20);
  EXPECT_EQ(j["targets_met"], true);
  const auto strict = run_json(with(cran, {"--sl-target", "0.8", "--asa-target", "15", "--max-occupancy", "0.85",
                                           "--max-p-wait", "0.1"}));
  EXPECT_LE(strict["p_wait"].get<double>(), 0.1);
  EXPECT_EQ(strict["agents"], 16);  // P(wait) at 15 agents is 0.104 (computed independently below)
  ccsim::models::Queue q;
  q.arrival_rate = 100.0 / 1800.0;
  q.handle_time = 180;
  q.agents = 15;
  EXPECT_GT(ccsim::models::queue_figures(q, 20).p_wait, 0.1);
}

TEST(CliErlangC, StaffingTableBracketsTheAnswer) {
  const auto j = run_json(with(cran, {"--sl-target", "0.8", "--table"}));
  const auto& table = j["table"];
  ASSERT_GE(table.size(), 5u);
  bool found = false;
  double previous_sl = 0;
  for (const auto& r : table) {
    EXPECT_GT(r["agents"].get<double>(), 10.0);  // never an unstable count
    EXPECT_GT(r["service_level"].get<double>(), previous_sl);
    previous_sl = r["service_level"].get<double>();
    if (r["agents"] == 14) found = true;
    if (r["agents"] == 13) { EXPECT_LT(r["service_level"].get<double>(), 0.8); }
  }
  EXPECT_TRUE(found);
  const auto text = run(with(cran, {"--sl-target", "0.8", "--table"}));
  EXPECT_EQ(text.status, 0);
  EXPECT_NE(text.out.find("<- fewest meeting the targets"), std::string::npos);
}

TEST(CliErlangA, PyworkforceCaseAndAbandonTarget) {
  const auto j = run_json({"erlang", "a", "--calls", "100", "--interval", "30m", "--aht", "180", "--agents", "14",
                           "--patience", "5m"});
  EXPECT_EQ(j["model"], "erlang_a");
  EXPECT_NEAR(j["p_wait"].get<double>(), 0.14526, 5e-6);
  EXPECT_NEAR(j["p_abandon"].get<double>(), 0.013984, 5e-7);
  EXPECT_NEAR(j["occupancy"].get<double>(), 0.704297, 5e-7);
  const auto solved = run_json({"erlang", "a", "--load", "20", "--aht", "180", "--patience", "2m",
                                "--max-abandon", "0.05"});
  EXPECT_LE(solved["p_abandon"].get<double>(), 0.05);
}

TEST(CliErlangA, FiniteLines) {
  const auto j = run_json({"erlang", "a", "--load", "10", "--aht", "180", "--agents", "14", "--patience", "5m",
                           "--lines", "20"});
  EXPECT_EQ(j["lines"], 20);
  EXPECT_GT(j["p_block"].get<double>(), 0.0);
  EXPECT_LT(j["p_block"].get<double>(), 0.01);
  // Erlang C with as many lines as agents: no queue, pure Erlang B blocking.
  const auto c = run_json({"erlang", "c", "--load", "10", "--aht", "180", "--agents", "14", "--lines", "14"});
  EXPECT_NEAR(c["p_block"].get<double>(), ccsim::models::erlang_b_recurrence(14, 10.0), 1e-14);
  EXPECT_EQ(c["p_wait"].get<double>(), 0.0);
}

TEST(CliErlangB, ThreeQuestions) {
  const auto p = run_json({"erlang", "b", "--load", "10", "--lines", "15"});
  EXPECT_EQ(p["model"], "erlang_b");
  EXPECT_NEAR(p["p_block"].get<double>(), ccsim::models::erlang_b_recurrence(15, 10.0), 1e-15);
  const auto n = run_json({"erlang", "b", "--load", "10", "--block-target", "0.01"});
  EXPECT_EQ(n["lines"], 18);
  const auto a = run_json({"erlang", "b", "--lines", "15", "--block-target", "0.01"});
  EXPECT_NEAR(a["max_load"].get<double>(), 8.108, 5e-4);
  const auto by_calls = run_json({"erlang", "b", "--calls", "200", "--interval", "1h", "--aht", "3m", "--lines", "15"});
  EXPECT_NEAR(by_calls["p_block"].get<double>(), p["p_block"].get<double>(), 1e-15);
}

TEST(CliErlang, ReadableOutputNamesTheDefinitions) {
  const auto r = run(with(cran, {"--agents", "14", "--answer-within", "20s"}));
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("answered within 20s / offered calls"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("88.84%"), std::string::npos) << r.out;
}


// ---- ccsim run ----------------------------------------------------------------------------------

namespace {
std::string scenario(const char* file) { return ccsim::testing_support::scenario_path(file); }
std::string temp_path(const char* name) {
  return (ccsim::testing_support::test_folder().path() / (std::string("ccsim_cli_test_") + name)).string();
}
std::string slurp(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
}  // namespace

TEST(CliRun, JsonHasTheContractedShape) {
  const auto r = run({"run", scenario("small-team.json"), "--replications", "4", "--json", "-"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["scenario"], "Small team of five");
  EXPECT_EQ(j["replications"], 4);
  EXPECT_EQ(j["seed"], 3);
  for (const char* metric : {"offered", "blocked", "answered", "abandoned", "answered_within_target", "service_level",
                             "service_level_answered", "service_level_offered", "asa", "mean_wait", "wait_p90",
                             "abandon_rate", "block_rate", "occupancy", "p_wait", "mean_queue", "max_queue"}) {
    ASSERT_TRUE(j["summary"].contains(metric)) << metric;
    EXPECT_TRUE(j["summary"][metric]["mean"].is_number()) << metric;
    EXPECT_TRUE(j["summary"][metric]["ci95"].is_number()) << metric;
    EXPECT_TRUE(j["definitions"].contains(metric)) << metric;
  }
  EXPECT_NE(j["definitions"]["service_level"].get<std::string>().find("answered within 30s"), std::string::npos);
  ASSERT_EQ(j["intervals"].size(), 5u * 8u);
  EXPECT_EQ(j["intervals"][0]["day"], 1);
  EXPECT_EQ(j["intervals"][0]["start"], "09:00");
  EXPECT_EQ(j["intervals"][9]["start"], "10:00");
  EXPECT_EQ(j["intervals"][9]["weekday"], "tuesday");
  // Conservation in the summary: offered = answered + abandoned + blocked (means over replications).
  const auto mean = [&](const char* m) { return j["summary"][m]["mean"].get<double>(); };
  EXPECT_NEAR(mean("offered"), mean("answered") + mean("abandoned") + mean("blocked"), 1e-9);
  EXPECT_GT(j["performance"]["events"].get<double>(), 0);
  EXPECT_GT(j["performance"]["events_per_second"].get<double>(), 0);
}

TEST(CliRun, SetOverridesAndSeedChangeTheResults) {
  const auto a = nlohmann::json::parse(run({"run", scenario("small-team.json"), "--replications", "4", "--json", "-"}).out);
  const auto more = nlohmann::json::parse(
      run({"run", scenario("small-team.json"), "--replications", "4", "--set", "staffing.agents=7", "--json", "-"}).out);
  const auto reseeded = nlohmann::json::parse(
      run({"run", scenario("small-team.json"), "--replications", "4", "--seed", "99", "--json", "-"}).out);
  EXPECT_EQ(a["summary"]["offered"], more["summary"]["offered"]);  // common random numbers
  EXPECT_GT(more["summary"]["service_level"]["mean"].get<double>(), a["summary"]["service_level"]["mean"].get<double>());
  EXPECT_NE(a["summary"]["offered"], reseeded["summary"]["offered"]);
  EXPECT_EQ(reseeded["seed"], 99);
}

TEST(CliRun, WritesJsonAndCsvFilesAtomically) {
  const std::string json_path = temp_path("out.json"), csv_path = temp_path("out.csv");
  const auto r = run({"run", scenario("small-team.json"), "--replications", "3", "--quiet", "--json", json_path,
                      "--csv", csv_path});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(r.out.empty());
  const auto j = nlohmann::json::parse(slurp(json_path));
  EXPECT_EQ(j["replications"], 3);
  const std::string csv = slurp(csv_path);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 5 * 8);
  EXPECT_EQ(csv.rfind("day,date,weekday,start,end,call_type,offered_mean,offered_ci95,", 0), 0u) << csv.substr(0, 80);
  for (const auto& entry : std::filesystem::directory_iterator(ccsim::testing_support::test_folder().path())) {
    EXPECT_EQ(entry.path().string().find("ccsim_cli_test_out.json.tmp"), std::string::npos) << "temporary file left";
  }
  std::filesystem::remove(json_path);
  std::filesystem::remove(csv_path);
}

TEST(CliRun, SeveralQueuesAreReportedPerCallTypeAndAgentGroup) {
  const std::string json_path = temp_path("q.json"), csv_path = temp_path("q.csv"), groups_path = temp_path("g.csv");
  const auto r = run({"run", scenario("bilingual-helpline.json"), "--replications", "3", "--json", json_path, "--csv", csv_path,
                      "--csv-groups", groups_path});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("per call type"), std::string::npos);
  EXPECT_NE(r.out.find("answered within 30s"), std::string::npos);  // French's own T
  EXPECT_NE(r.out.find("per agent group"), std::string::npos);
  const auto j = nlohmann::json::parse(slurp(json_path));
  ASSERT_EQ(j["call_types"].size(), 2U);
  ASSERT_EQ(j["agent_groups"].size(), 3U);
  EXPECT_EQ(j["call_types"][1]["name"], "french");
  EXPECT_EQ(j["call_types"][1]["intervals"].size(), j["intervals"].size());
  // The types' offered calls add up to the centre's; the groups' handled calls by type to each type's answered.
  double offered = 0;
  for (const auto& t : j["call_types"]) offered += t["summary"]["offered"]["mean"].get<double>();
  EXPECT_NEAR(offered, j["summary"]["offered"]["mean"].get<double>(), 1e-6 * offered);
  for (const auto& t : j["call_types"]) {
    double handled = 0;
    for (const auto& g : j["agent_groups"]) handled += g["summary"]["handled_by_call_type"][t["name"].get<std::string>()]["mean"].get<double>();
    EXPECT_NEAR(handled, t["summary"]["answered"]["mean"].get<double>(), 1e-6 * handled);
  }
  EXPECT_TRUE(j["agent_groups"][0]["summary"].contains("occupancy"));
  EXPECT_FALSE(j["agent_groups"][0]["summary"].contains("service_level"));
  EXPECT_FALSE(j["call_types"][0]["summary"].contains("occupancy"));
  // CSV: a row per interval for the centre and for each type; the groups' rows apart.
  const std::size_t intervals = j["intervals"].size();
  const std::string csv = slurp(csv_path), groups = slurp(groups_path);
  EXPECT_EQ(static_cast<std::size_t>(std::count(csv.begin(), csv.end(), '\n')), 1 + 3 * intervals);
  EXPECT_NE(csv.find(",french,"), std::string::npos);
  EXPECT_EQ(static_cast<std::size_t>(std::count(groups.begin(), groups.end(), '\n')), 1 + 3 * intervals);
  EXPECT_EQ(groups.rfind("day,date,weekday,start,end,agent_group,occupancy_mean,", 0), 0U) << groups.substr(0, 80);
  // --csv-groups needs agent groups.
  const auto bad = run({"run", scenario("small-team.json"), "--replications", "2", "--csv-groups", groups_path});
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("--csv-groups"), std::string::npos);
  for (const auto& f : {json_path, csv_path, groups_path}) std::filesystem::remove(f);
}

TEST(CliRun, TerminalSummaryNamesDefinitionsAndShowsIntervals) {
  const auto r = run({"run", scenario("small-team.json"), "--replications", "3", "--day", "5"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("Small team of five"), std::string::npos);
  EXPECT_NE(r.out.find("answered within 30s / (answered + abandoned after 0s) (target 80%)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("per day"), std::string::npos);
  EXPECT_NE(r.out.find("per interval of day 5 fri"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\n  16:00-17:00 "), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("per interval of day 4"), std::string::npos);  // one day only
  EXPECT_EQ(run({"run", scenario("small-team.json"), "--day", "6"}).status, 2);  // past the calendar
}

TEST(CliRun, TerminalLinesFitOneHundredColumns) {
  // Every shipped scenario, every day's intervals: no line over 100 columns.
  for (const char* name : {"municipal-week.json", "bilingual-helpline.json", "forecast-week.json", "emergency-line-24x7.json", "retail-peak.json"}) {
    const auto r = run({"run", scenario(name), "--replications", "2", "--all-days"});
    ASSERT_EQ(r.status, 0) << name << r.err;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) EXPECT_LE(line.size(), 100U) << name << ": " << line;
  }
}

TEST(CliRun, EveryShippedScenarioRuns) {
  int count = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(CCSIM_SCENARIO_DIR)) {
    if (entry.path().extension() != ".json") continue;
    const auto r = run({"run", entry.path().string(), "--replications", "2", "--json", "-"});
    ASSERT_EQ(r.status, 0) << entry.path() << ": " << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_GT(j["summary"]["offered"]["mean"].get<double>(), 0) << entry.path();
    ++count;
  }
  EXPECT_GE(count, 13);
}

TEST(CliErlang, RedialsAddTheRetrialFigures) {
  const std::vector<std::string> base{"erlang", "a", "--calls", "200", "--interval", "30m", "--aht", "4m", "--agents", "28",
                                      "--lines", "34", "--patience", "3m"};
  const auto plain = run_json(base);
  const auto j = run_json(with(base, {"--redial-probability", "0.6", "--redial-delay", "10m"}));
  ccsim::models::RetrialQueue r;
  r.queue = {200.0 / 1800.0, 240.0, 28, 34, 180.0};
  r.redial_probability = 0.6;
  r.redial_delay = 600;
  const auto f = ccsim::models::retrial_figures(r, 20);
  EXPECT_DOUBLE_EQ(j["retrial_rate"].get<double>(), f.retrial_rate);
  EXPECT_DOUBLE_EQ(j["effective_load"].get<double>(), f.effective_load);
  EXPECT_DOUBLE_EQ(j["mean_orbit"].get<double>(), f.mean_orbit);
  EXPECT_DOUBLE_EQ(j["service_level"].get<double>(), f.service_level);
  EXPECT_GT(j["effective_load"].get<double>(), j["offered_load"].get<double>());
  EXPECT_LT(j["service_level"].get<double>(), plain["service_level"].get<double>()) << "returning callers add load";
  EXPECT_FALSE(plain.contains("retrial_rate"));
  // Solving for agents counts the returning load: at least as many as without it.
  const std::vector<std::string> solve{"erlang", "a", "--calls", "200", "--interval", "30m", "--aht", "4m", "--lines", "34",
                                       "--patience", "3m", "--sl-target", "0.8"};
  const auto without = run_json(solve);
  const auto with_redials = run_json(with(solve, {"--redial-probability", "0.6", "--redial-delay", "10m"}));
  EXPECT_GE(with_redials["agents"].get<int>(), without["agents"].get<int>());
  EXPECT_GE(with_redials["service_level"].get<double>(), 0.8);
  // ... and it is the fewest: one agent fewer misses the target.
  ccsim::models::RetrialQueue fewer = r;
  fewer.queue.agents = with_redials["agents"].get<int>() - 1;
  const auto g = ccsim::models::retrial_figures(fewer, 20);
  EXPECT_LT(ccsim::models::as_queue_figures(fewer, g, 20).service_level, 0.8);
}

// Every error path: exit status 2, one line on stderr that names what is wrong, nothing on stdout.
struct BadInput {
  std::vector<std::string> args;
  std::string expected;  // a fragment of the message
};

// Shown by GoogleTest and ctest instead of the parameter's bytes.
void PrintTo(const BadInput& bad, std::ostream* os) {
  *os << "ccsim";
  for (const auto& a : bad.args) *os << ' ' << a;
}

class CliBadInput : public testing::TestWithParam<BadInput> {};

TEST_P(CliBadInput, ExitsWithStatus2AndOneLine) {
  const auto& bad = GetParam();
  const auto r = run(bad.args);
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.err.find(bad.expected), std::string::npos) << "message: " << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

INSTANTIATE_TEST_SUITE_P(
    AllPaths, CliBadInput,
    testing::Values(
        BadInput{{}, "subcommand"},
        BadInput{{"erlang"}, "subcommand"},
        BadInput{{"erlang", "x"}, "subcommand is required"},
        BadInput{{"erlang", "c", "--load", "10", "--aht", "180", "--agents", "14", "--bogus"}, "--bogus"},
        BadInput{{"erlang", "c", "--aht", "180", "--agents", "14"}, "give the load"},
        BadInput{{"erlang", "c", "--load", "10", "--rate", "5", "--aht", "180", "--agents", "14"}, "only once"},
        BadInput{{"erlang", "c", "--load", "10", "--agents", "14"}, "--aht is missing"},
        BadInput{{"erlang", "c", "--calls", "100", "--aht", "180", "--agents", "14"}, "--interval is missing"},
        BadInput{{"erlang", "c", "--load", "10", "--interval", "30m", "--aht", "180", "--agents", "14"},
                 "--interval: only meaningful"},
        BadInput{{"erlang", "c", "--load", "-3", "--aht", "180", "--agents", "14"}, "--load: \"-3\" must not be negative"},
        BadInput{{"erlang", "b", "--load", "0", "--lines", "14"}, "--load: \"0\""},
        BadInput{{"erlang", "c", "--load", "nan", "--aht", "180", "--agents", "14"}, "--load: \"nan\""},
        BadInput{{"erlang", "c", "--load", "ten", "--aht", "180", "--agents", "14"}, "--load: \"ten\" is not a number"},
        BadInput{{"erlang", "c", "--calls", "100", "--interval", "0", "--aht", "180", "--agents", "14"},
                 "--interval: \"0\""},
        BadInput{{"erlang", "c", "--load", "10", "--aht", "3x", "--agents", "14"}, "--aht: \"3x\" is not a duration"},
        BadInput{{"erlang", "c", "--load", "10", "--aht", "-180", "--agents", "14"}, "--aht: \"-180\""},
        BadInput{{"erlang", "c", "--load", "10", "--aht", "180", "--agents", "0"}, "--agents: \"0\" must be at least 1"},
        BadInput{{"erlang", "c", "--load", "10", "--aht", "180", "--agents", "12.5"}, "--agents: \"12.5\" is not a whole"},
        BadInput{{"erlang", "c", "--load", "10", "--aht", "180", "--agents", "10"}, "unstable"},
        BadInput{{"erlang", "c", "--load", "10.5", "--aht", "180", "--agents", "9"}, "at least 11 agents"},
        BadInput{{"erlang", "c", "--load", "10", "--aht", "180"}, "give --agents, or at least one target"},
        BadInput{{"erlang", "c", "--load", "10", "--aht", "180", "--sl-target", "1.2"}, "--sl-target: \"1.2\""},
        BadInput{{"erlang", "c", "--load", "10", "--aht", "180", "--sl-target", "1"}, "--sl-target: \"1\""},
        BadInput{{"erlang", "c", "--load", "10", "--aht", "180", "--asa-target", "0"}, "--asa-target: \"0\""},
        BadInput{{"erlang", "c", "--load", "10", "--aht", "180", "--max-occupancy", "0"}, "--max-occupancy: \"0\""},
        BadInput{{"erlang", "c", "--load", "10", "--aht", "180", "--max-p-wait", "-1"}, "--max-p-wait: \"-1\""},
        BadInput{{"erlang", "c", "--load", "10", "--aht", "180", "--agents", "14", "--shrinkage", "1"},
                 "--shrinkage: \"1\""},
        BadInput{{"erlang", "c", "--load", "10", "--aht", "180", "--agents", "14", "--answer-within", "-1"},
                 "--answer-within: \"-1\""},
        BadInput{{"erlang", "c", "--load", "10", "--aht", "180", "--agents", "14", "--lines", "0"}, "--lines: \"0\""},
        BadInput{{"erlang", "c", "--load", "10", "--aht", "180", "--agents", "14", "--patience", "5m"}, "--patience"},
        BadInput{{"erlang", "c", "--load", "10", "--aht", "180", "--max-occupancy", "0.5", "--lines", "12"},
                 "no agent count meets the targets with 12 lines"},
        BadInput{{"erlang", "a", "--load", "10", "--aht", "180", "--agents", "14"}, "--patience"},
        BadInput{{"erlang", "a", "--load", "100", "--aht", "180", "--agents", "15", "--patience", "3000d"},
                 "waiting callers"},
        BadInput{{"erlang", "a", "--load", "20", "--aht", "180", "--agents", "15", "--patience", "1e10"},
                 "--patience: \"1e10\" is not a duration (it is longer than ten years"},
        BadInput{{"erlang", "a", "--load", "10", "--aht", "180", "--agents", "14", "--patience", "0"},
                 "--patience: \"0\""},
        BadInput{{"erlang", "a", "--load", "10", "--aht", "180", "--patience", "5m", "--max-abandon", "2"},
                 "--max-abandon: \"2\""},
        BadInput{{"erlang", "a", "--load", "10", "--aht", "180", "--agents", "14", "--patience", "5m", "--redial-delay", "5m"},
                 "--redial-delay: only meaningful with --redial-probability"},
        BadInput{{"erlang", "a", "--load", "10", "--aht", "180", "--agents", "14", "--patience", "5m", "--redial-probability", "0.5"},
                 "--redial-delay is missing"},
        BadInput{{"erlang", "a", "--load", "10", "--aht", "180", "--agents", "14", "--patience", "5m", "--redial-probability",
                  "1.5", "--redial-delay", "5m"},
                 "--redial-probability: \"1.5\""},
        BadInput{{"erlang", "a", "--load", "10", "--aht", "180", "--agents", "14", "--patience", "5m", "--redial-probability",
                  "0.5", "--redial-delay", "0"},
                 "--redial-delay: \"0\""},
        BadInput{{"erlang", "a", "--load", "25", "--aht", "180", "--agents", "20", "--patience", "2m", "--redial-probability",
                  "1", "--redial-delay", "10m"},
                 "grow without bound"},
        BadInput{{"erlang", "b", "--load", "10"}, "exactly two of"},
        BadInput{{"erlang", "b", "--load", "10", "--lines", "15", "--block-target", "0.01"}, "exactly two of"},
        BadInput{{"erlang", "b", "--load", "10", "--block-target", "0"}, "--block-target: \"0\""},
        BadInput{{"erlang", "b", "--lines", "-2", "--block-target", "0.01"}, "--lines: \"-2\""},
        BadInput{{"erlang", "b", "--calls", "100", "--lines", "15"}, "--aht is missing"},
        BadInput{{"run"}, "scenario is required"},
        BadInput{{"run", "/nonexistent/scenario.json"}, "/nonexistent/scenario.json: cannot be opened"},
        BadInput{{"run", CCSIM_SCENARIO_DIR "/README.md"}, "is not valid JSON"},
        BadInput{{"run", CCSIM_SCENARIO_DIR "/small-team.json", "--set", "staffing.agents=0"},
                 "small-team.json: staffing.agents: 0 must be at least 1"},
        BadInput{{"run", CCSIM_SCENARIO_DIR "/small-team.json", "--set", "handle_time.mean=fast"},
                 "handle_time.mean: \"fast\" is not a duration"},
        BadInput{{"run", CCSIM_SCENARIO_DIR "/small-team.json", "--set", "lines"}, "write PATH=VALUE"},
        BadInput{{"run", CCSIM_SCENARIO_DIR "/small-team.json", "--set", "shifts.x=1"}, "shifts: is not a known field"},
        BadInput{{"run", CCSIM_SCENARIO_DIR "/municipal-week.json", "--set", "returns.redial_probability=1.2"},
                 "returns.redial_probability: 1.2 must be a fraction"},
        BadInput{{"run", CCSIM_SCENARIO_DIR "/municipal-week.json", "--set", "returns.redial_chance=0.2"},
                 "returns.redial_chance: is not a known field"},
        BadInput{{"run", CCSIM_SCENARIO_DIR "/municipal-week.json", "--set", "ivr.self_service=-0.1"},
                 "ivr.self_service: -0.1 must be a fraction"},
        BadInput{{"run", CCSIM_SCENARIO_DIR "/municipal-week.json", "--set", "returns.repeat_delay.mean=soon"},
                 "returns.repeat_delay.mean: \"soon\" is not a duration"},
        BadInput{{"run", CCSIM_SCENARIO_DIR "/what-if/callback-2m.json", "--set", "callback.mode=later"},
                 "callback.mode: \"later\" is not a callback mode"},
        BadInput{{"run", CCSIM_SCENARIO_DIR "/what-if/callback-2m.json", "--set", "callback.mode=window"},
                 "callback.window: is missing"},
        BadInput{{"run", CCSIM_SCENARIO_DIR "/what-if/callback-2m.json", "--set", "callback.attempts=0"},
                 "callback.attempts: 0 must be at least 1"},
        BadInput{{"run", CCSIM_SCENARIO_DIR "/small-team.json", "--set", "callback.accept_probability=0.5"},
                 "callback: give offer_when_wait_exceeds, offer_at_position or both"},
        BadInput{{"run", CCSIM_SCENARIO_DIR "/small-team.json", "--set", "announcement.half_balk_wait=0"},
                 "announcement.half_balk_wait: 0 must be longer than 0 seconds"},
        BadInput{{"run", CCSIM_SCENARIO_DIR "/small-team.json", "--replications", "0"}, "--replications: \"0\" must be at least 1"},
        BadInput{{"run", CCSIM_SCENARIO_DIR "/small-team.json", "--seed", "-4"}, "--seed: \"-4\""},
        BadInput{{"run", CCSIM_SCENARIO_DIR "/small-team.json", "--threads", "two"}, "--threads: \"two\""},
        BadInput{{"run", CCSIM_SCENARIO_DIR "/small-team.json", "--replications", "1", "--json", "/nonexistent/dir/out.json"},
                 "--json: \"/nonexistent/dir/out.json\" cannot be written"}),
    [](const testing::TestParamInfo<BadInput>& param_info) {
      std::string name = "case" + std::to_string(param_info.index) + "_";
      for (char ch : param_info.param.expected) name += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
      return name;
    });

TEST(CliWarnings, ImplausibleValuesAreNamedButNotChanged) {
  // A bare --interval 30 is 30 seconds: said on stderr, before the error it leads to.
  auto r = run({"erlang", "c", "--calls", "100", "--interval", "30", "--aht", "180", "--agents", "14"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("warning: --interval 30: 30 seconds (a bare number is seconds); did you mean 30m?"), std::string::npos) << r.err;
  EXPECT_LT(r.err.find("warning"), r.err.find("unstable"));
  r = run({"erlang", "c", "--calls", "100", "--interval", "30", "--aht", "180", "--agents", "14", "--no-warnings"});
  EXPECT_EQ(r.err.find("warning"), std::string::npos);
  r = run({"erlang", "c", "--calls", "100", "--interval", "30m", "--aht", "180", "--agents", "14"});
  EXPECT_EQ(r.status, 0);
  EXPECT_TRUE(r.err.empty()) << r.err;  // "30m" is what was meant: nothing to say
  // A scenario: each implausible value named with its field; --quiet keeps them, --no-warnings drops them.
  const std::string path = temp_path("warn.json");
  std::ofstream(path) << R"({"calendar": {"days": 1, "open": "08:00", "close": "10:00", "interval": 30},
    "arrivals": {"rate_per_hour": 100}, "handle_time": {"dist": "exponential", "mean": "5h"},
    "patience": {"dist": "exponential", "mean": "2d"}, "staffing": {"agents": 200},
    "service_level": {"answer_within": 3}, "run": {"replications": 2}})";
  r = run({"run", path, "--quiet"});
  EXPECT_EQ(r.status, 0);
  for (const char* field : {"calendar.interval: 30 seconds", "service_level.answer_within: 3 seconds", "handle_time: a mean talk time of 5h",
                            "patience: a mean patience of 2d"})
    EXPECT_NE(r.err.find(field), std::string::npos) << field << "\n" << r.err;
  r = run({"run", path, "--quiet", "--no-warnings"});
  EXPECT_TRUE(r.err.empty()) << r.err;
  // The shipped scenarios are plausible: no warning.
  for (const char* file : {"municipal-week.json", "bank-helpline.json", "bilingual-helpline.json", "retail-peak.json"}) {
    const auto s = ccsim::sim::parse_scenario(ccsim::sim::read_scenario_file(scenario(file)));
    EXPECT_TRUE(s.warnings.empty()) << file << ": " << (s.warnings.empty() ? "" : s.warnings[0]);
  }
  std::filesystem::remove(path);
}

TEST(CliOptions, EveryCommandThatReadsAScenarioSaysItsWarningsOnce) {
  // One set of shared options (cli/options.hpp): run, staff, schedule, compare and sweep each
  // print the scenario's warnings once, with --quiet too, and none with --no-warnings.
  const std::string path = temp_path("warn-every.json");
  std::ofstream(path) << R"({"calendar": {"days": 1, "open": "08:00", "close": "10:00", "interval": "30m"},
    "arrivals": {"rate_per_hour": 20}, "handle_time": {"dist": "exponential", "mean": "5h"},
    "staffing": {"agents": 120}, "run": {"replications": 2},
    "schedule": {"templates": [{"name": "day", "starts": ["08:00"], "lengths": ["2h"]}]}})";
  const std::string warning = "handle_time: a mean talk time of 5h";
  const std::vector<std::vector<std::string>> commands = {
      {"run", path, "--quiet"},
      {"staff", path, "--quiet", "--max-evaluations", "3", "--replications", "2"},
      {"schedule", path, "--quiet"},
      {"compare", path, "--variant", "more:staffing.agents=121", "--quiet"},
      {"sweep", path, "--grid", "staffing.agents=[120,121]", "--quiet"},
  };
  for (auto args : commands) {
    auto r = run(args);
    const auto first = r.err.find(warning);
    EXPECT_NE(first, std::string::npos) << args[0] << ": " << r.err;
    EXPECT_EQ(r.err.find(warning, first + 1), std::string::npos) << args[0] << " said it twice: " << r.err;
    args.push_back("--no-warnings");
    r = run(args);
    EXPECT_EQ(r.err.find("warning"), std::string::npos) << args[0] << ": " << r.err;
  }
  std::filesystem::remove(path);
}

TEST(CliRun, DatesHoursAndClosedIntervalsInEveryOutput) {
  // The shipped Christmas week: dates, a short Saturday, a closed Sunday and holidays.
  const std::string scenario = ccsim::testing_support::scenario_path("forecast-week.json");
  const auto csv = ccsim::testing_support::test_folder().path() / "ccsim-cli-dates.csv";
  const auto r = run({"run", scenario, "--replications", "2", "--json", "-", "--csv", csv.string()});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;  // no warnings
  const auto j = nlohmann::json::parse(r.out);
  const auto& rows = j["intervals"];
  ASSERT_EQ(rows.size(), 7U * 20U);
  EXPECT_EQ(rows[0]["date"], "2026-12-21");
  EXPECT_EQ(rows[0]["start"], "08:00");
  EXPECT_EQ(rows[0]["end"], "08:30");
  EXPECT_EQ(rows[0]["open"], true);
  const auto& christmas_eve_afternoon = rows[3 * 20 + 10];  // Thursday 13:00: closed at noon
  EXPECT_EQ(christmas_eve_afternoon["date"], "2026-12-24");
  EXPECT_EQ(christmas_eve_afternoon["open"], false);
  EXPECT_EQ(christmas_eve_afternoon["offered"]["mean"], 0.0);
  EXPECT_EQ(rows[5 * 20 + 0]["open"], false);  // Saturday 08:00 (opens at 09:00)
  EXPECT_EQ(rows[5 * 20 + 2]["open"], true);   // Saturday 09:00
  EXPECT_EQ(rows[6 * 20 + 8]["weekday"], "sunday");
  EXPECT_EQ(rows[6 * 20 + 8]["open"], false);
  std::ifstream in(csv);
  std::string header, first;
  std::getline(in, header);
  std::getline(in, first);
  EXPECT_EQ(header.rfind("day,date,weekday,start,end,call_type,", 0), 0U) << header;
  EXPECT_EQ(first.rfind("1,2026-12-21,monday,08:00,08:30,all,", 0), 0U) << first;
  std::filesystem::remove(csv);
  // The terminal names the hours, the holidays and the closed days.
  const auto t = run({"run", scenario, "--replications", "2"});
  EXPECT_NE(t.out.find("7 days from 2026-12-21 (monday), 30m intervals 08:00-18:00; hours: monday-friday 08:00-18:00,\n"
                       "  saturday 09:00-13:00, sunday closed; 2 holidays"),
            std::string::npos)
      << t.out;
  EXPECT_NE(t.out.find("5 2026-12-25 fri     closed"), std::string::npos) << t.out;
}
