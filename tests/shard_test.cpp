// Sharded runs and provenance: `ccsim run --replications-range A:B --stats`, `ccsim merge` and
// `ccsim rerun`. The expectation is exact: results merged from shards, or rerun from a results
// file's provenance, equal one run of every replication bit for bit (apart from the performance
// block and the command recorded).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <limits>
#include <fstream>
#include <nlohmann/json.hpp>

#include "run_cli.hpp"
#include "test_folder.hpp"
#include "scenarios.hpp"

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
  const std::string scenario = ccsim::testing_support::scenario_path("bilingual-helpline.json");
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
  const std::string scenario = ccsim::testing_support::scenario_path("small-team.json");
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

namespace {
std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
}  // namespace

TEST(Shards, ADamagedRecordIsRefusedNamingTheShard) {
  const std::string scenario = ccsim::testing_support::scenario_path("small-team.json");
  const std::string shard = temp("good.ccstats");
  ASSERT_EQ(run_cli({"run", scenario, "--replications", "2", "--replications-range", "0:2", "--stats", shard, "--quiet"}).status, 0);
  const std::string bytes = read_bytes(shard);
  const std::size_t records = bytes.find('\n', bytes.find('\n') + 1) + 1;  // after the magic line and the header
  // The first record: replication number, events, calls, then (x, y) pairs of doubles.
  const auto damaged = [&](std::size_t offset, const void* value, std::size_t size) {
    std::string copy = bytes;
    copy.replace(records + offset, size, static_cast<const char*>(value), size);
    const std::string path = temp("damaged.ccstats");
    std::ofstream(path, std::ios::binary) << copy;
    return run_cli({"merge", path, "--json", temp("merged.json")});
  };
  const double nan = std::numeric_limits<double>::quiet_NaN(), huge = 1e308;
  const std::uint64_t wrapping = ~0ULL;
  for (const auto& r : {damaged(24, &nan, 8), damaged(32, &huge, 8), damaged(8, &wrapping, 8), damaged(16, &wrapping, 8)}) {
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_NE(r.err.find("damaged.ccstats: replication 0"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  EXPECT_FALSE(std::filesystem::exists(temp("merged.json")));
}

TEST(Provenance, RerunRefusesWhatWouldRunSomethingElse) {
  const std::string scenario = ccsim::testing_support::scenario_path("small-team.json");
  const std::string results = temp("results.json");
  ASSERT_EQ(run_cli({"run", scenario, "--replications", "3", "--json", results, "--quiet"}).status, 0);
  const auto original = nlohmann::ordered_json::parse(std::ifstream(results));
  // An edited seed or replication count in the provenance: the file would say one run and rerun another.
  for (const char* key : {"seed", "replications"}) {
    auto edited = original;
    edited["provenance"][key] = edited["provenance"][key].get<std::uint64_t>() + 1;
    const std::string path = temp(std::string("edited-") + key + ".json");
    std::ofstream(path) << edited.dump();
    const auto r = run_cli({"rerun", path, "--json", temp("again.json")});
    EXPECT_EQ(r.status, 2) << key;
    EXPECT_NE(r.err.find(std::string("provenance.") + key), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("differs from provenance.scenario.run." + std::string(key)), std::string::npos) << r.err;
  }
  // A sweep's results hold its base scenario's provenance: not one run to repeat.
  const std::string sweep = temp("sweep.json");
  ASSERT_EQ(run_cli({"sweep", scenario, "--grid", "staffing.agents=4:5", "--set", "run.replications=2", "--json", sweep, "--quiet"}).status, 0);
  const auto r = run_cli({"rerun", sweep});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("the results of ccsim sweep"), std::string::npos) << r.err;
}
