// ccsim schedule's integer program on a week of 336 half hours around the clock: shifts starting
// every 30 minutes, 8 or 8.5 hours long, a 30-minute break placed 3 to 4.5 hours in (384 shift
// patterns a day, 2,688 columns), a daily requirement of 10 to 60 agents; day by day, and as
// weekly tours of five consecutive days. Counters: the gap to CBC's bound (0: proven optimal).
#include <benchmark/benchmark.h>

#include <cmath>

#include <nlohmann/json.hpp>

#include "ccsim/sim/scenario.hpp"
#include "ccsim/sim/schedule.hpp"

namespace {

void solve_week(benchmark::State& state, bool tours, double gap) {
  nlohmann::json j;
  j["calendar"] = {{"days", 7}, {"open", "00:00"}, {"close", "24:00"}, {"interval", "30m"}};
  j["arrivals"] = {{"rate_per_hour", 10}};
  j["handle_time"] = {{"dist", "exponential"}, {"mean", "3m"}};
  j["staffing"] = {{"agents", 1}};
  nlohmann::json t = {{"name", "shift"}, {"starts", "00:00-23:30/30m"}, {"lengths", {"8h", "8h30m"}},
                      {"breaks", nlohmann::json::array({{{"length", "30m"}, {"after", "3h-4h30m/30m"}}})}, {"cost_per_hour", 18}};
  if (tours) t["days_on"] = 5;
  j["schedule"] = {{"templates", nlohmann::json::array({t})}};
  const auto s = ccsim::sim::parse_scenario(j);
  std::vector<int> need;
  for (int d = 0; d < 7; ++d)
    for (int k = 0; k < 48; ++k)
      need.push_back(static_cast<int>(35 - 25 * std::cos(2 * 3.14159265 * (k - 6) / 48.0) + (d == 0 ? 8 : 0) + (k % 3)));
  ccsim::sim::SchedulePlan plan;
  for (auto _ : state) plan = ccsim::sim::solve_schedule(*s.schedule, s.calendar, {need}, {60, 0, gap});
  state.counters["columns"] = static_cast<double>(ccsim::sim::shift_columns(*s.schedule, s.calendar).size());
  state.counters["gap_percent"] = 100 * plan.solution.gap();
  state.counters["optimal"] = plan.solution.optimal ? 1 : 0;
  state.counters["cost"] = plan.cost;
}

// Within 1 % of optimal (the goal), then proven optimal; tours at the 60 s limit.
void BM_ScheduleWeekDailyGap1(benchmark::State& state) { solve_week(state, false, 0.01); }
void BM_ScheduleWeekDailyOptimal(benchmark::State& state) { solve_week(state, false, 0); }
void BM_ScheduleWeekToursGap1(benchmark::State& state) { solve_week(state, true, 0.01); }
BENCHMARK(BM_ScheduleWeekDailyGap1)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();
BENCHMARK(BM_ScheduleWeekDailyOptimal)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();
BENCHMARK(BM_ScheduleWeekToursGap1)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

}  // namespace
