// What an edit in ccsim-gui costs, apart from the 0.25 s pause after the last keystroke: the
// edited scenario written and validated, 50 replications of the municipal week (with every
// returning-customer behaviour), and the replay trace of replication 1; on 1 and 2 threads.
#include <benchmark/benchmark.h>

#include <string>

#include "ccsim/viz/whatif.hpp"
#include "ccsim/viz/results.hpp"

namespace {

void municipal_edit_to_results(benchmark::State& state) {
  auto base = ccsim::sim::read_scenario_file(std::string(CCSIM_SCENARIO_DIR) + "/municipal-week.json");
  base["run"]["replications"] = 50;
  ccsim::viz::Knobs knobs = ccsim::viz::knobs_from(base);
  ccsim::viz::SimulateOptions options;
  options.threads = static_cast<int>(state.range(0));
  int edit = 0;
  for (auto _ : state) {
    knobs.volume_scale = edit++ % 2 == 0 ? 1.1 : 1.0;
    const auto scenario = ccsim::sim::parse_scenario(ccsim::viz::apply_knobs(base, knobs));
    const auto results = ccsim::viz::simulate(scenario, options);
    benchmark::DoNotOptimize(results.run.summary.data());
  }
}
BENCHMARK(municipal_edit_to_results)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
