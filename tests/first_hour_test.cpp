// A newcomer's first hour: every command typed in the folder of its files with bare names (as the
// README shows), and no output that replaces a file the command reads.
//
// Each test copies shipped scenarios into its own fresh folder and works from there.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "run_cli.hpp"
#include "test_folder.hpp"

namespace fs = std::filesystem;
using ccsim::testing_support::run_cli;
using ccsim::testing_support::test_folder;
using ccsim::testing_support::WorkingFolder;

namespace {

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A planner's folder: the forecast week with its forecast CSV, the municipal week (shift
// templates), a small team, and a what-if pair; returns the folder.
fs::path planners_folder() {
  const fs::path folder = test_folder().path() / "centre";
  fs::create_directories(folder);
  const fs::path shipped = CCSIM_SCENARIO_DIR;
  for (const char* name : {"forecast-week.json", "forecast-week.csv", "municipal-week.json", "small-team.json"})
    fs::copy_file(shipped / name, folder / name, fs::copy_options::overwrite_existing);
  for (const char* name : {"callback-none.json", "callback-2m.json"})
    fs::copy_file(shipped / "what-if" / name, folder / name, fs::copy_options::overwrite_existing);
  return folder;
}

double offered(const std::string& results_json) {
  return nlohmann::json::parse(results_json)["summary"]["offered"]["mean"].get<double>();
}

}  // namespace

TEST(FirstHour, EveryCommandRunsFromTheScenariosFolderWithBareNames) {
  const fs::path folder = planners_folder();
  WorkingFolder here(folder);
  const auto ok = [](const std::vector<std::string>& args) {
    const auto r = run_cli(args);
    EXPECT_EQ(r.status, 0) << args[0] << " " << (args.size() > 1 ? args[1] : "") << ": " << r.err;
    return r;
  };
  // run: the forecast CSV beside the scenario is found; --json and --csv are bare names too.
  ok({"run", "forecast-week.json", "--replications", "2", "--quiet", "--json", "week.json", "--csv", "week.csv"});
  const double calls = offered(slurp("week.json"));
  EXPECT_GT(calls, 1000.0);  // the forecast's week, not an empty horizon
  // run --stats shards, merged; rerun of the results.
  ok({"run", "forecast-week.json", "--replications", "4", "--replications-range", "0:2", "--stats", "a.ccstats", "--quiet"});
  ok({"run", "forecast-week.json", "--replications", "4", "--replications-range", "2:4", "--stats", "b.ccstats", "--quiet"});
  ok({"merge", "a.ccstats", "b.ccstats", "--json", "merged.json", "--quiet"});
  ok({"rerun", "week.json", "--json", "again.json", "--quiet"});
  EXPECT_EQ(offered(slurp("again.json")), calls);  // the same run again
  // staff and schedule, each writing a scenario that runs from here.
  ok({"staff", "small-team.json", "--replications", "4", "--quiet", "--json", "staff.json", "--write-scenario", "staffed.json"});
  ok({"run", "staffed.json", "--replications", "2", "--quiet"});
  ok({"schedule", "municipal-week.json", "--erlang", "--quiet", "--json", "plan-result.json", "--write-scenario", "plan.json"});
  ok({"run", "plan.json", "--replications", "2", "--quiet"});
  // compare (a --variant and a --variant-file) and sweep.
  ok({"compare", "callback-none.json", "--variant-file", "callback-2m.json", "--variant", "more:lines=70", "--set", "run.replications=2",
      "--quiet", "--csv", "compare.csv"});
  ok({"sweep", "forecast-week.json", "--grid", "lines=30:40:10", "--set", "run.replications=2", "--quiet", "--csv", "sweep.csv"});
  // Erlang over the forecast file.
  ok({"erlang", "c", "--forecast", "forecast-week.csv", "--sl-target", "0.8", "--json"});
  for (const char* written : {"week.json", "week.csv", "a.ccstats", "b.ccstats", "merged.json", "again.json", "staff.json", "staffed.json",
                              "plan-result.json", "plan.json", "compare.csv", "sweep.csv"})
    EXPECT_TRUE(fs::exists(folder / written)) << written;
}

TEST(FirstHour, AScenarioIsFoundByAnyPath) {
  const fs::path folder = planners_folder();
  const fs::path elsewhere = test_folder().path() / "elsewhere";
  fs::create_directories(elsewhere);
  fs::create_symlink(folder / "forecast-week.json", elsewhere / "linked-week.json");  // the CSV is not beside the link
  fs::create_directory_symlink(folder, test_folder().path() / "centre-link");
  const std::string absolute = (folder / "forecast-week.json").string();
  double expected = 0;
  {
    WorkingFolder here(folder);
    const auto r = run_cli({"run", "forecast-week.json", "--replications", "2", "--quiet", "--json", "-"});
    ASSERT_EQ(r.status, 0) << r.err;
    expected = offered(r.out);
  }
  struct Case {
    fs::path from;
    std::string scenario;
  };
  for (const Case& c : {Case{folder, "./forecast-week.json"}, Case{elsewhere, "../centre/forecast-week.json"}, Case{elsewhere, absolute},
                        Case{elsewhere, "linked-week.json"}, Case{elsewhere, "../centre-link/forecast-week.json"},
                        Case{folder / "..", "centre-link/forecast-week.json"}}) {
    WorkingFolder here(c.from);
    const auto r = run_cli({"run", c.scenario, "--replications", "2", "--quiet", "--json", "-"});
    ASSERT_EQ(r.status, 0) << c.scenario << " from " << c.from << ": " << r.err;
    EXPECT_EQ(offered(r.out), expected) << c.scenario;
  }
}

TEST(FirstHour, NoOutputReplacesAFileTheCommandReads) {
  const fs::path folder = planners_folder();
  WorkingFolder here(folder);
  const std::string forecast_text = slurp("forecast-week.csv");
  fs::create_hard_link("forecast-week.csv", "forecast-hardlink.csv");
  fs::create_symlink("forecast-week.csv", "forecast-symlink.csv");
  std::ofstream("need.csv") << "day,start,agents\n1,08:00,3\n";
  const std::string need_text = slurp("need.csv");
  ASSERT_EQ(run_cli({"run", "forecast-week.json", "--replications", "2", "--quiet", "--json", "results.json"}).status, 0);
  ASSERT_EQ(run_cli({"run", "forecast-week.json", "--replications", "2", "--replications-range", "0:2", "--stats", "all.ccstats", "--quiet"}).status, 0);
  const std::string results_text = slurp("results.json"), shard_text = slurp("all.ccstats");
  struct Case {
    std::vector<std::string> args;
    std::string named;  // the input the message names
  };
  const std::vector<Case> cases = {
      {{"run", "forecast-week.json", "--csv", "forecast-week.csv"}, "forecast-week.csv"},
      {{"run", "forecast-week.json", "--json", "forecast-hardlink.csv"}, "forecast-week.csv"},
      {{"run", "forecast-week.json", "--csv-groups", "forecast-week.csv"}, "forecast-week.csv"},
      {{"run", "forecast-week.json", "--stats", "forecast-week.csv"}, "forecast-week.csv"},
      {{"run", "forecast-week.json", "--set", "arrivals.forecast=forecast-hardlink.csv", "--csv", "forecast-week.csv"}, "forecast-hardlink.csv"},
      {{"staff", "forecast-week.json", "--json", "forecast-week.csv"}, "forecast-week.csv"},
      {{"staff", "forecast-week.json", "--csv", "forecast-week.csv"}, "forecast-week.csv"},
      {{"staff", "forecast-week.json", "--write-scenario", "forecast-week.csv"}, "forecast-week.csv"},
      {{"compare", "forecast-week.json", "--variant", "more:lines=80", "--csv", "forecast-week.csv"}, "forecast-week.csv"},
      {{"sweep", "forecast-week.json", "--grid", "lines=30:40:10", "--csv", "forecast-week.csv"}, "forecast-week.csv"},
      {{"rerun", "results.json", "--json", "forecast-week.csv"}, "forecast-week.csv"},
      {{"rerun", "results.json", "--json", "results.json"}, "results.json"},
      {{"merge", "all.ccstats", "--json", "all.ccstats"}, "all.ccstats"},
      {{"merge", "all.ccstats", "--csv", "forecast-week.csv"}, "forecast-week.csv"},
      {{"schedule", "municipal-week.json", "--requirements", "need.csv", "--json", "need.csv"}, "need.csv"},
      {{"schedule", "municipal-week.json", "--requirements", "need.csv", "--csv", "need.csv"}, "need.csv"},
      {{"schedule", "municipal-week.json", "--requirements", "need.csv", "--write-scenario", "need.csv"}, "need.csv"},
      {{"erlang", "c", "--forecast", "forecast-week.csv", "--sl-target", "0.8", "--csv", "forecast-week.csv"}, "forecast-week.csv"},
  };
  for (const auto& c : cases) {
    const auto r = run_cli(c.args);
    std::string line;
    for (const auto& a : c.args) line += a + " ";
    EXPECT_EQ(r.status, 2) << line << r.err;
    EXPECT_NE(r.err.find("a file this command reads"), std::string::npos) << line << r.err;
    EXPECT_NE(r.err.find(c.named), std::string::npos) << line << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << line << r.err;
  }
  EXPECT_EQ(slurp("forecast-week.csv"), forecast_text);
  EXPECT_EQ(slurp("need.csv"), need_text);
  EXPECT_EQ(slurp("results.json"), results_text);
  EXPECT_EQ(slurp("all.ccstats"), shard_text);
  EXPECT_TRUE(fs::is_symlink("forecast-symlink.csv"));
}

TEST(FirstHour, DashIsStandardOutputForJsonAndRefusedElsewhere) {
  const fs::path folder = planners_folder();
  WorkingFolder here(folder);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"run", "small-team.json", "--csv", "-"}, {"run", "small-team.json", "--stats", "-"},
        {"staff", "small-team.json", "--csv", "-"}, {"staff", "small-team.json", "--write-scenario", "-"},
        {"schedule", "municipal-week.json", "--erlang", "--csv", "-"}, {"schedule", "municipal-week.json", "--erlang", "--write-scenario", "-"},
        {"compare", "callback-none.json", "--variant", "more:lines=70", "--csv", "-"}, {"sweep", "small-team.json", "--grid", "lines=5:6", "--csv", "-"},
        {"erlang", "c", "--forecast", "forecast-week.csv", "--sl-target", "0.8", "--csv", "-"}}) {
    const auto r = run_cli(args);
    EXPECT_EQ(r.status, 2) << args[0] << " " << args[args.size() - 2] << ": " << r.err;
    EXPECT_NE(r.err.find("standard output takes --json -"), std::string::npos) << r.err;
  }
  EXPECT_FALSE(fs::exists(folder / "-"));
  const auto r = run_cli({"run", "small-team.json", "--replications", "2", "--json", "-"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(nlohmann::json::accept(r.out));
}

namespace {
// RFC 4180 records of `text` (quoted fields with doubled quotes, commas and line breaks inside).
std::vector<std::vector<std::string>> csv_records(const std::string& text) {
  std::vector<std::vector<std::string>> records(1, std::vector<std::string>(1));
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        records.back().back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        records.back().back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      records.back().emplace_back();
    } else if (c == '\n') {
      records.emplace_back(1);
    } else {
      records.back().back() += c;
    }
  }
  if (records.back().size() == 1 && records.back().front().empty()) records.pop_back();
  return records;
}
}  // namespace

TEST(FirstHour, EveryCsvQuotesNamesWithCommasAndQuotes) {
  const std::string type_a = "orders, \"express\"", type_b = "returns", group_a = "team, north", group_b = "team \"south\"";
  nlohmann::json j;
  j["calendar"] = {{"days", 1}, {"open", "09:00"}, {"close", "11:00"}, {"interval", "1h"}};
  j["call_types"] = nlohmann::json::array();
  for (const auto& name : {type_a, type_b})
    j["call_types"].push_back({{"name", name}, {"arrivals", {{"rate_per_hour", 30}}}, {"handle_time", {{"dist", "exponential"}, {"mean", "4m"}}}});
  j["agent_groups"] = nlohmann::json::array({{{"name", group_a}, {"skills", {type_a}}, {"staffing", {{"agents", 3}}}},
                                             {{"name", group_b}, {"skills", {type_b, type_a}}, {"staffing", {{"agents", 3}}}}});
  j["schedule"] = {{"templates", nlohmann::json::array({{{"name", "a"}, {"starts", "09:00"}, {"lengths", {"2h"}}, {"agent_group", group_a}},
                                                         {{"name", "b"}, {"starts", "09:00"}, {"lengths", {"2h"}}, {"agent_group", group_b}}})}};
  j["run"] = {{"replications", 4}, {"seed", 2}};
  WorkingFolder here(test_folder().path());
  std::ofstream("names.json") << j.dump();
  const std::vector<std::vector<std::string>> commands = {
      {"run", "names.json", "--csv", "run.csv", "--csv-groups", "groups.csv", "--quiet"},
      {"staff", "names.json", "--csv", "staff.csv", "--replications", "4", "--quiet"},
      {"schedule", "names.json", "--erlang", "--csv", "schedule.csv", "--quiet"},
      {"compare", "names.json", "--variant", "more, please:agent_groups[0].staffing.agents=4", "--csv", "compare.csv", "--quiet"},
      {"sweep", "names.json", "--grid", "description=[\"a, b\",c]", "--csv", "sweep.csv", "--quiet"}};
  for (const auto& args : commands) {
    const auto r = run_cli(args);
    ASSERT_EQ(r.status, 0) << args[0] << ": " << r.err;
  }
  // Every file: each record as many fields as its header; the names come back whole.
  const auto column = [](const std::vector<std::vector<std::string>>& records, const std::string& name) {
    const auto& header = records.front();
    const auto at = std::find(header.begin(), header.end(), name);
    EXPECT_NE(at, header.end()) << name;
    std::vector<std::string> values;
    for (std::size_t r = 1; r < records.size(); ++r) values.push_back(records[r][static_cast<std::size_t>(at - header.begin())]);
    return values;
  };
  std::map<std::string, std::vector<std::vector<std::string>>> files;
  for (const char* file : {"run.csv", "groups.csv", "staff.csv", "schedule.csv", "compare.csv", "sweep.csv"}) {
    files[file] = csv_records(slurp(file));
    ASSERT_GT(files[file].size(), 1U) << file;
    for (const auto& record : files[file]) EXPECT_EQ(record.size(), files[file].front().size()) << file;
  }
  const auto has = [](const std::vector<std::string>& values, const std::string& name) {
    return std::find(values.begin(), values.end(), name) != values.end();
  };
  EXPECT_TRUE(has(column(files["run.csv"], "call_type"), type_a));
  EXPECT_TRUE(has(column(files["groups.csv"], "agent_group"), group_a));
  EXPECT_TRUE(has(column(files["groups.csv"], "agent_group"), group_b));
  EXPECT_TRUE(has(column(files["staff.csv"], "agent_group"), group_b));
  EXPECT_TRUE(has(column(files["schedule.csv"], "agent_group"), group_a));
  EXPECT_TRUE(has(column(files["compare.csv"], "variant"), "more, please"));
  EXPECT_TRUE(has(column(files["compare.csv"], "name"), type_a));
  EXPECT_TRUE(has(column(files["sweep.csv"], "description"), "a, b"));
}

TEST(FirstHour, AVanishedWorkingFolderIsBadInputNotAnInternalError) {
  const fs::path gone = test_folder().path() / "gone";
  fs::create_directories(gone);
  WorkingFolder here(gone);
  fs::remove(gone);
  for (const std::vector<std::string>& args : {std::vector<std::string>{"run", "week.json"}, {"merge", "a.ccstats"},
                                               {"rerun", "results.json"}, {"staff", "week.json"}}) {
    const auto r = run_cli(args);
    EXPECT_EQ(r.status, 2) << args[0] << ": " << r.err;
    EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err;
  }
}
