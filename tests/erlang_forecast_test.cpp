// `ccsim erlang c|a --forecast FILE`: every interval of a forecast solved, the same answer as one
// `ccsim erlang` per row; intervals without calls need no agents; the CSV output and the errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "run_cli.hpp"
#include "test_folder.hpp"

namespace {
using ccsim::testing_support::run_cli;

std::filesystem::path write(const std::string& name, const std::string& text) {
  const auto path = ccsim::testing_support::test_folder().path() / name;
  std::ofstream(path) << text;
  return path;
}

nlohmann::json run_json(std::vector<std::string> args) {
  args.push_back("--json");
  const auto r = run_cli(args);
  EXPECT_EQ(r.status, 0) << r.err;
  return nlohmann::json::parse(r.out);
}

// A day of half hours with a morning peak, two call types, AHT varying.
std::string day_file() {
  std::ostringstream f;
  f << "date;interval;calls;aht;queue\n";
  for (int k = 0; k < 20; ++k) {
    const double calls = k == 0 ? 0.0 : 5.0 + 9.0 * k - 0.45 * k * k;
    char row[128];
    std::snprintf(row, sizeof row, "2026-12-07;%02d:%02d;%.1f;00:0%d:%02d;billing\n", 8 + k / 2, 30 * (k % 2), calls, 3 + k % 3, 10 * (k % 6));
    f << row;
    std::snprintf(row, sizeof row, "2026-12-07;%02d:%02d;%.1f;240;sales\n", 8 + k / 2, 30 * (k % 2), calls / 2);
    f << row;
  }
  std::string text = f.str();
  for (auto& ch : text) {
    if (ch == '.') ch = ',';  // decimal commas, as a ';' export writes them
  }
  return text;
}
}  // namespace

TEST(ErlangForecast, EachIntervalIsOneErlangCallPerRow) {
  const auto path = write("ccsim-erlang-forecast.csv", day_file());
  for (const bool abandonment : {false, true}) {
    std::vector<std::string> model = {"erlang", abandonment ? "a" : "c"};
    std::vector<std::string> targets = {"--sl-target", "0.8", "--answer-within", "20s"};
    if (abandonment) targets.insert(targets.end(), {"--patience", "3m", "--max-abandon", "0.05"});
    auto args = model;
    args.insert(args.end(), {"--forecast", path.string()});
    args.insert(args.end(), targets.begin(), targets.end());
    const auto all = run_json(args);
    ASSERT_EQ(all["intervals"].size(), 40U);
    EXPECT_EQ(all["interval"], 1800.0);
    for (const auto& row : all["intervals"]) {
      auto one = model;
      char calls[32], aht[32];
      std::snprintf(calls, sizeof calls, "%.17g", row["calls"].get<double>());
      std::snprintf(aht, sizeof aht, "%.17g", row["aht"].get<double>());
      one.insert(one.end(), {"--calls", calls, "--interval", "30m", "--aht", aht});
      one.insert(one.end(), targets.begin(), targets.end());
      const auto single = run_json(one);
      const std::string where = row["start"].get<std::string>() + " " + row["call_type"].get<std::string>();
      EXPECT_EQ(row["agents"], single["agents"]) << where;
      if (row["calls"] == 0.0) {
        EXPECT_EQ(row["agents"], 0) << where;
        EXPECT_TRUE(row["service_level"].is_null());
        EXPECT_TRUE(single["service_level"].is_null());
        continue;
      }
      for (const char* key : {"offered_load", "p_wait", "service_level", "asa", "occupancy"})
        EXPECT_DOUBLE_EQ(row[key].get<double>(), single[key].get<double>()) << where << " " << key;
      if (abandonment) {
        EXPECT_DOUBLE_EQ(row["p_abandon"].get<double>(), single["p_abandon"].get<double>()) << where;
      }
    }
    // Totals: agent-hours are the agents of every half hour, per type.
    double billing_hours = 0;
    for (const auto& row : all["intervals"])
      if (row["call_type"] == "billing") billing_hours += row["agents"].get<double>() / 2;
    EXPECT_EQ(all["totals"][0]["call_type"], "billing");
    EXPECT_DOUBLE_EQ(all["totals"][0]["agent_hours"].get<double>(), billing_hours);
  }
  std::filesystem::remove(path);
}

TEST(ErlangForecast, NoCallsNeedNoAgents) {
  const auto single = run_json({"erlang", "c", "--calls", "0", "--interval", "30m", "--aht", "3m", "--sl-target", "0.8"});
  EXPECT_EQ(single["agents"], 0);
  EXPECT_EQ(single["p_wait"], 0.0);
  const auto text = run_cli({"erlang", "a", "--rate", "0", "--aht", "3m", "--patience", "2m", "--sl-target", "0.8"});
  EXPECT_EQ(text.status, 0) << text.err;
  EXPECT_NE(text.out.find("no calls offered"), std::string::npos);
  // Erlang B still needs a load.
  EXPECT_EQ(run_cli({"erlang", "b", "--load", "0", "--lines", "3"}).status, 2);
}

TEST(ErlangForecast, CsvOutputHasEveryIntervalAndIsWrittenWhole) {
  const auto path = write("ccsim-erlang-forecast-csv.csv", "weekday,start,volume\nmonday,08:00,10\nmonday,08:15,0\nmonday,08:30,25\n");
  const auto out = ccsim::testing_support::test_folder().path() / "ccsim-erlang-forecast-out.csv";
  std::filesystem::remove(out);
  const auto r = run_cli({"erlang", "c", "--forecast", path.string(), "--aht", "4m", "--sl-target", "0.9", "--csv", out.string(), "--shrinkage", "0.3"});
  ASSERT_EQ(r.status, 0) << r.err;
  std::ifstream in(out);
  std::string header, line;
  std::getline(in, header);
  EXPECT_EQ(header, "date,weekday,start,end,call_type,calls,aht,offered_load,agents,scheduled_agents,p_wait,service_level,asa,occupancy");
  int rows = 0;
  while (std::getline(in, line)) ++rows;
  EXPECT_EQ(rows, 3);
  EXPECT_NE(r.out.find("08:15-08:30"), std::string::npos) << r.out;  // the file's 15-minute step
  // A failing run leaves the old file as it was.
  const auto before = std::filesystem::file_size(out);
  const auto bad = write("ccsim-erlang-forecast-bad.csv", "weekday,start,volume\nmonday,08:00,ten\n");
  const auto failed = run_cli({"erlang", "c", "--forecast", bad.string(), "--aht", "4m", "--sl-target", "0.9", "--csv", out.string()});
  EXPECT_EQ(failed.status, 2);
  EXPECT_NE(failed.err.find(bad.string() + ":2:3 (volume): \"ten\" is not a number of calls"), std::string::npos) << failed.err;
  EXPECT_EQ(std::filesystem::file_size(out), before);
  for (const auto& p : {path, bad, out}) std::filesystem::remove(p);
}

TEST(ErlangForecast, RefusesWhatItCannotAnswer) {
  const auto path = write("ccsim-erlang-forecast-refuse.csv", "date,interval,calls\n2026-12-07,08:00,10\n");
  const auto error = [&](std::vector<std::string> more) {
    std::vector<std::string> args = {"erlang", "c", "--forecast", path.string()};
    args.insert(args.end(), more.begin(), more.end());
    const auto r = run_cli(args);
    EXPECT_EQ(r.status, 2) << r.out;
    return r.err;
  };
  EXPECT_NE(error({"--aht", "3m"}).find("give at least one target"), std::string::npos);
  EXPECT_NE(error({"--sl-target", "0.8"}).find("--aht is missing"), std::string::npos);
  EXPECT_NE(error({"--aht", "3m", "--sl-target", "0.8"}).find("--interval is missing"), std::string::npos);
  EXPECT_NE(error({"--aht", "3m", "--sl-target", "0.8", "--agents", "4"}).find("excludes"), std::string::npos);
  EXPECT_NE(error({"--aht", "3m", "--sl-target", "0.8", "--calls", "4"}).find("excludes"), std::string::npos);
  EXPECT_EQ(run_cli({"erlang", "c", "--calls", "10", "--interval", "30m", "--aht", "3m", "--sl-target", "0.8", "--csv", "x.csv"}).status, 2);
  std::filesystem::remove(path);
}
