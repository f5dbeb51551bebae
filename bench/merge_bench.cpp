// Sharded runs (sim/shard_file.hpp): merging 1,000 one-replication shards of the municipal week
// (each a record of ~4,800 estimator pairs) into its results: read every file, then build the
// results in replication order, as `ccsim merge` does. The shards are made once, before timing.
// Also the cost of `ccsim compare` of one variant against one run: two recorded runs and the
// paired differences, against one plain run of the same replications (ratio in the counters).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "ccsim/sim/comparison.hpp"
#include "ccsim/sim/replication_record.hpp"
#include "ccsim/sim/runner.hpp"
#include "ccsim/sim/scenario.hpp"
#include "ccsim/sim/shard_file.hpp"

namespace {

namespace fs = std::filesystem;
using namespace ccsim::sim;

Scenario municipal(int replications) {
  auto j = read_scenario_file(std::string(CCSIM_SCENARIO_DIR) + "/municipal-week.json");
  j["run"]["replications"] = replications;
  return parse_scenario(j, CCSIM_SCENARIO_DIR);
}

void BM_Merge1000Shards(benchmark::State& state) {
  const Scenario s = municipal(1000);
  const fs::path dir = fs::temp_directory_path() / "ccsim-merge-bench";
  fs::create_directories(dir);
  std::vector<fs::path> files;
  RunOptions o;
  o.threads = 2;
  std::vector<std::pair<int, ReplicationRecord>> records;
  run_records(s, o, [&](int r, ReplicationRecord&& rec) { records.emplace_back(r, std::move(rec)); });
  for (auto& [r, rec] : records) {
    files.push_back(dir / ("shard-" + std::to_string(r) + ".ccstats"));
    std::ofstream out(files.back(), std::ios::binary);
    write_shard(out, {{"scenario", nlohmann::json::object()}, {"seed", 1}, {"replications", 1000}, {"first", r}, {"end", r + 1}},
                {{r, rec}});
  }
  records.clear();
  for (auto _ : state) {
    ResultBuilder builder(s);
    for (const auto& f : files) {
      const Shard shard = read_shard(f);
      for (const auto& [r, rec] : shard.records) builder.add(rec);
    }
    benchmark::DoNotOptimize(builder.finish(1, 0));
  }
  state.counters["shards"] = static_cast<double>(files.size());
  fs::remove_all(dir);
}
BENCHMARK(BM_Merge1000Shards)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

// One run, then a compare of one variant (two recorded runs and the differences), alternating.
void BM_CompareCostRatio(benchmark::State& state) {
  const Scenario base = municipal(100);
  auto j = read_scenario_file(std::string(CCSIM_SCENARIO_DIR) + "/municipal-week.json");
  j["run"]["replications"] = 100;
  j["staffing"]["shifts"][0]["agents"] = j["staffing"]["shifts"][0]["agents"].get<int>() + 1;
  const Scenario variant = parse_scenario(j, CCSIM_SCENARIO_DIR);
  RunOptions o;
  o.threads = 1;
  std::vector<double> ratios;
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(run_replications(base, o));
    const auto t1 = std::chrono::steady_clock::now();
    const auto a = run_recorded(base, o), b = run_recorded(variant, o);
    benchmark::DoNotOptimize(compare_records(RecordLayout(base), a.records, b.records));
    const auto t2 = std::chrono::steady_clock::now();
    ratios.push_back(std::chrono::duration<double>(t2 - t1).count() / std::chrono::duration<double>(t1 - t0).count());
  }
  std::sort(ratios.begin(), ratios.end());
  state.counters["compare_over_run_median"] = ratios[ratios.size() / 2];
}
BENCHMARK(BM_CompareCostRatio)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5);

}  // namespace
