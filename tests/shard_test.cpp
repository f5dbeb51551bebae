// Sharded runs and provenance: `ccsim run --replications-range A:B --stats`, `ccsim merge` and
// `ccsim rerun`. The expectation is exact: results merged from shards, or rerun from a results
// file's provenance, equal one run of every replication bit for bit (apart from the performance
// block and the command recorded).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "run_cli.hpp"
#include "test_folder.hpp"

namespace {
using ccsim::testing_support::run_cli;
using ccsim::testing_support::temp;
// The results text as a reader compares it: everything but timing and the command line.
std::string comparable(const std::string& file) {
  auto j = nlohmann::ordered_json::parse(std::ifstream(file));
  j.erase("performance");
  j["provenance"].erase("command");
  return j.dump(1);
}
}  // namespace

TEST(Shards, MergedShardsEqualOneRunBitForBit) {
  // Several queues (per type and group estimators too), shards of uneven size given out of order.
  const std::string scenario = std::string(CCSIM_SCENARIO_DIR) + "/bilingual-helpline.json";
  const std::string full = temp("ccsim-full.json"), merged = temp("ccsim-merged.json"), csv_full = temp("ccsim-full.csv"), csv_merged = temp("ccsim-merged.csv");
  ASSERT_EQ(run_cli({"run", scenario, "--replications", "12", "--threads", "2", "--json", full, "--csv", csv_full, "--quiet"}).status, 0);
  const std::vector<std::pair<std::string, std::string>> ranges = {{"0:5", "a"}, {"5:6", "b"}, {"6:12", "c"}};
  std::vector<std::string> files;
  for (const auto& [range, name] : ranges) {
    files.push_back(temp("ccsim-shard-" + name + ".ccstats"));
    const auto r = run_cli({"run", scenario, "--replications", "12", "--threads", "1", "--replications-range", range, "--stats", files.back(), "--quiet"});
    ASSERT_EQ(r.status, 0) << r.err;
  }
  const auto m = run_cli({"merge", files[2], files[0], files[1], "--json", merged, "--csv", csv_merged, "--quiet"});
  ASSERT_EQ(m.status, 0) << m.err;
  EXPECT_TRUE(comparable(full) == comparable(merged));  // (not EXPECT_EQ: the texts are long)
  std::ifstream a(csv_full), b(csv_merged);
  EXPECT_TRUE(std::string(std::istreambuf_iterator<char>(a), {}) == std::string(std::istreambuf_iterator<char>(b), {}));
  // The recorded command is the merge's.
  const auto j = nlohmann::json::parse(std::ifstream(merged));
  EXPECT_EQ(j["provenance"]["command"][1], "merge");
  EXPECT_EQ(j["provenance"]["replications"], 12);

  // Refusals: a replication twice, one missing, another run's shard, a truncated file.
  auto overlap = run_cli({"merge", files[0], files[0], files[1], files[2]});
  EXPECT_EQ(overlap.status, 2);
  EXPECT_NE(overlap.err.find("replication 0 is also in"), std::string::npos) << overlap.err;
  auto missing = run_cli({"merge", files[0], files[2]});
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("replication 5 of 12 is in none of the shards"), std::string::npos) << missing.err;
  const std::string other = temp("ccsim-shard-other.ccstats");
  ASSERT_EQ(run_cli({"run", scenario, "--replications", "12", "--seed", "7", "--replications-range", "5:6", "--stats", other, "--quiet"}).status, 0);
  auto foreign = run_cli({"merge", files[0], other, files[2]});
  EXPECT_EQ(foreign.status, 2);
  EXPECT_NE(foreign.err.find("a shard of another run"), std::string::npos) << foreign.err;
  {
    std::ifstream in(files[2], std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    std::ofstream(other, std::ios::binary) << bytes.substr(0, bytes.size() - 100);
  }
  auto cut = run_cli({"merge", files[0], files[1], other});
  EXPECT_EQ(cut.status, 2);
  EXPECT_NE(cut.err.find("truncated at replication 11"), std::string::npos) << cut.err;
  auto range = run_cli({"run", scenario, "--replications", "12", "--replications-range", "5:13", "--stats", other});
  EXPECT_EQ(range.status, 2);
  EXPECT_NE(range.err.find("--replications-range: \"5:13\" is not within the 12 replications of the run (0:12)"), std::string::npos) << range.err;
  EXPECT_EQ(run_cli({"run", scenario, "--replications-range", "0:2"}).status, 2);  // needs --stats
  for (const auto& f : files) std::filesystem::remove(f);
  for (const auto& f : {full, merged, csv_full, csv_merged, other}) std::filesystem::remove(f);
}

TEST(Provenance, AResultsFileRecordsItsRunAndRerunReproducesIt) {
  const std::string scenario = std::string(CCSIM_SCENARIO_DIR) + "/small-team.json";
  const std::string first = temp("ccsim-provenance.json"), again = temp("ccsim-rerun.json");
  ASSERT_EQ(run_cli({"run", scenario, "--replications", "9", "--seed", "42", "--set", "staffing.agents=6", "--json", first, "--quiet"}).status, 0);
  const auto j = nlohmann::json::parse(std::ifstream(first));
  const auto& p = j["provenance"];
  EXPECT_FALSE(p["ccsim_version"].get<std::string>().empty());
  EXPECT_EQ(p["seed"], 42);
  EXPECT_EQ(p["replications"], 9);
  EXPECT_EQ(p["scenario"]["staffing"]["agents"], 6);  // the override, resolved into the scenario
  EXPECT_EQ(p["command"][1], "run");
  // The rerun (another directory, another thread count) gives the same file, provenance included.
  const auto r = run_cli({"rerun", first, "--json", again, "--quiet"});
  ASSERT_EQ(r.status, 0) << r.err;
  auto a = nlohmann::ordered_json::parse(std::ifstream(first)), b = nlohmann::ordered_json::parse(std::ifstream(again));
  a.erase("performance");
  b.erase("performance");
  EXPECT_TRUE(a.dump(1) == b.dump(1));
  // A file without provenance is refused by name.
  std::ofstream(again) << R"({"summary": {}})";
  const auto bad = run_cli({"rerun", again});
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("provenance.scenario is missing"), std::string::npos) << bad.err;
  for (const auto& f : {first, again}) std::filesystem::remove(f);
}
