// `ccsim staff` on the municipal week (5 days x 18 half hours, returning customers, IVR, patience):
// the whole search at 100 replications per evaluation on every core (the target: under
// 30 s on 2 cores); its counters say how many evaluations it used and the seconds per evaluation.
#include <benchmark/benchmark.h>

#include <string>

#include "ccsim/sim/scenario.hpp"
#include "ccsim/sim/staffing_search.hpp"

namespace {

void BM_StaffMunicipalWeek(benchmark::State& state) {
  const auto scenario = ccsim::sim::load_scenario(std::string(CCSIM_SCENARIO_DIR) + "/municipal-week.json");
  ccsim::sim::StaffOptions options;
  options.replications = 100;
  ccsim::sim::StaffResult result;
  for (auto _ : state) result = ccsim::sim::find_staffing(scenario, options);
  state.counters["evaluations"] = result.evaluations;
  state.counters["seconds_per_evaluation"] = result.seconds / result.evaluations;
  state.counters["agent_hours"] = result.agent_hours;
}
BENCHMARK(BM_StaffMunicipalWeek)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

}  // namespace
