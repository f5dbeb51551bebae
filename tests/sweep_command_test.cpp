// `ccsim sweep`: the grid in order, each point equal to `ccsim run` of the scenario with that
// point's values (common random numbers), shards of points that concatenate to the whole sweep,
// and refusals naming the axis or the point.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "run_cli.hpp"
#include "test_folder.hpp"
#include "scenarios.hpp"

namespace {
using ccsim::testing_support::run_cli;
const std::string team = ccsim::testing_support::scenario_path("small-team.json");
using ccsim::testing_support::temp;
std::vector<std::string> lines_of(const std::string& file) {
  std::ifstream in(file);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}
}  // namespace

TEST(SweepCommand, EveryPointIsTheRunOfItsValues) {
  const auto r = run_cli({"sweep", team, "--grid", "staffing.agents=4:7", "--grid", "service_level.answer_within=[20s, 30s]", "--set",
                          "run.replications=12", "--json", "-"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["points"].size(), 8U);
  EXPECT_EQ(j["points"][1]["values"]["staffing.agents"], 4);  // the last axis varies fastest
  EXPECT_EQ(j["points"][1]["values"]["service_level.answer_within"], "30s");
  for (int p : {0, 5}) {
    const auto& point = j["points"][static_cast<std::size_t>(p)];
    const auto run = run_cli({"run", team, "--set", "run.replications=12", "--set", "staffing.agents=" + point["values"]["staffing.agents"].dump(),
                              "--set", "service_level.answer_within=" + point["values"]["service_level.answer_within"].get<std::string>(), "--json", "-"});
    ASSERT_EQ(run.status, 0) << run.err;
    const auto one = nlohmann::json::parse(run.out);
    for (const auto& [metric, e] : point["summary"].items()) EXPECT_EQ(e, one["summary"][metric]) << p << " " << metric;
  }
  // Common random numbers: more agents, shorter waits, point by point.
  for (std::size_t p = 2; p < 8; p += 2)
    EXPECT_LT(j["points"][p]["summary"]["asa"]["mean"].get<double>(), j["points"][p - 2]["summary"]["asa"]["mean"].get<double>()) << p;
}

TEST(SweepCommand, ShardsOfPointsConcatenateToTheWholeSweep) {
  const std::string whole = temp("ccsim-sweep-whole.csv"), a = temp("ccsim-sweep-a.csv"), b = temp("ccsim-sweep-b.csv");
  const std::vector<std::string> common = {"sweep", team, "--grid", "staffing.agents=[4,5,6]", "--grid", "lines=8:12:2", "--set", "run.replications=6", "--quiet"};
  auto args = common;
  args.insert(args.end(), {"--csv", whole});
  ASSERT_EQ(run_cli(args).status, 0);
  args = common;
  args.insert(args.end(), {"--points", "0:4", "--csv", a});
  ASSERT_EQ(run_cli(args).status, 0);
  args = common;
  args.insert(args.end(), {"--points", "4:9", "--csv", b});
  ASSERT_EQ(run_cli(args).status, 0);
  auto all = lines_of(whole), first = lines_of(a), second = lines_of(b);
  ASSERT_EQ(all.size(), 10U);  // header and 9 points
  first.insert(first.end(), second.begin() + 1, second.end());
  EXPECT_EQ(first, all);
  for (const auto& f : {whole, a, b}) std::filesystem::remove(f);
}

TEST(SweepCommand, RefusesBadAxesAndPoints) {
  auto syntax = run_cli({"sweep", team, "--grid", "staffing.agents"});
  EXPECT_EQ(syntax.status, 2);
  EXPECT_NE(syntax.err.find("--grid: \"staffing.agents\" is not PATH=a:b[:step]"), std::string::npos) << syntax.err;
  auto range = run_cli({"sweep", team, "--grid", "staffing.agents=9:4"});
  EXPECT_EQ(range.status, 2);
  EXPECT_NE(range.err.find("ends before it starts"), std::string::npos) << range.err;
  auto point = run_cli({"sweep", team, "--grid", "staffing.agents=[3,0]"});
  EXPECT_EQ(point.status, 2);
  EXPECT_NE(point.err.find("--grid point 1 (staffing.agents=0): "), std::string::npos) << point.err;
  auto huge = run_cli({"sweep", team, "--grid", "staffing.agents=1:1000", "--grid", "lines=1:1000"});
  EXPECT_EQ(huge.status, 2);
  EXPECT_NE(huge.err.find("over 100000 points"), std::string::npos) << huge.err;
  auto outside = run_cli({"sweep", team, "--grid", "staffing.agents=4:5", "--points", "1:3"});
  EXPECT_EQ(outside.status, 2);
  EXPECT_NE(outside.err.find("--points: \"1:3\" is not within the 2 points of the grid (0:2)"), std::string::npos) << outside.err;
  auto trailing = run_cli({"sweep", team, "--grid", "staffing.agents=4:5", "--points", "0:1x"});
  EXPECT_EQ(trailing.status, 2);
  EXPECT_NE(trailing.err.find("--points: \"0:1x\" is not A:B"), std::string::npos) << trailing.err;
}

TEST(SweepCommand, RefusesGridsThatWouldRepeatLoopOrWrap) {
  const std::string small = ccsim::testing_support::scenario_path("small-team.json");
  const auto error = [&](std::vector<std::string> grid) {
    std::vector<std::string> args = {"sweep", small, "--set", "run.replications=2"};
    for (const auto& g : grid) args.insert(args.end(), {"--grid", g});
    const auto r = ccsim::testing_support::run_cli(args);
    EXPECT_EQ(r.status, 2) << r.out;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    return r.err;
  };
  // The same path on two axes: points labelled differently would be the same run.
  EXPECT_NE(error({"staffing.agents=4:5", "staffing.agents=[6]"}).find("give each path one axis"), std::string::npos);
  // Huge ranges end (they looped to bad_alloc) and whole numbers past 2^53 never wrap to negatives.
  EXPECT_NE(error({"lines=1e308:1e308"}).find("1e+308 is more than"), std::string::npos);
  const std::string wrap = error({"staffing.agents=1e20:1e20"});
  EXPECT_NE(wrap.find("1e+20 is more than"), std::string::npos) << wrap;
  EXPECT_EQ(wrap.find("-9223372036854775808"), std::string::npos) << wrap;
  EXPECT_NE(error({"lines=1e17:1e17:1"}).find("1e+17"), std::string::npos);
  EXPECT_NE(error({"lines=1e17:1.00000000000001e17:1"}).find("too small for values this large"), std::string::npos);
}

TEST(SweepCommand, ASettingThatCannotChangeTheRunIsRefused) {
  // The forecast week's talk time follows its file's AHT: sweeping handle_time.mean would give
  // the same figures at every point.
  const std::string week = ccsim::testing_support::scenario_path("forecast-week.json");
  const auto r = ccsim::testing_support::run_cli({"sweep", week, "--grid", "handle_time.mean=[4m,6m]", "--set", "run.replications=2"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("cannot change the run: the talk time follows the aht column of \""), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("forecast-week.csv\" in every interval with calls"), std::string::npos) << r.err;
  for (const auto& args : {std::vector<std::string>{"run", week, "--set", "handle_time.mean=10m"},
                           std::vector<std::string>{"compare", week, "--variant", "long:handle_time.mean=10m"},
                           std::vector<std::string>{"staff", week, "--set", "handle_time.mean=10m"}}) {
    const auto refused = ccsim::testing_support::run_cli(args);
    EXPECT_EQ(refused.status, 2) << args[0];
    EXPECT_NE(refused.err.find("cannot change the run"), std::string::npos) << refused.err;
  }
  // Its shape does change the run, and is taken.
  EXPECT_EQ(ccsim::testing_support::run_cli({"run", week, "--set", "handle_time.dist=lognormal", "--set", "handle_time.cv=1.2",
                                              "--replications", "2", "--quiet"}).status, 0);
}
