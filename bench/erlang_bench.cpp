// Erlang C staffing at 80/20 (AHT 180 s) for 100 to 100,000 Erlangs.
// Target (issue 2): 10,000 Erlangs in under 10 microseconds.
#include <benchmark/benchmark.h>

#include "ccsim/models/erlang.hpp"

namespace {

void erlang_c_staffing_80_20(benchmark::State& state) {
  ccsim::models::Queue queue;
  queue.handle_time = 180.0;
  queue.arrival_rate = static_cast<double>(state.range(0)) / queue.handle_time;
  ccsim::models::StaffingTargets targets;
  targets.answer_within = 20.0;
  targets.service_level = 0.8;
  std::int64_t agents = 0;
  for (auto _ : state) {
    agents = ccsim::models::agents_for_targets(queue, targets);
    benchmark::DoNotOptimize(agents);
  }
  state.counters["agents"] = static_cast<double>(agents);
}
BENCHMARK(erlang_c_staffing_80_20)->Arg(100)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMicrosecond);

void erlang_b_blocking(benchmark::State& state) {
  const double load = static_cast<double>(state.range(0));
  const auto lines = static_cast<std::int64_t>(load * 1.05);
  for (auto _ : state) benchmark::DoNotOptimize(ccsim::models::erlang_b(lines, load));
}
BENCHMARK(erlang_b_blocking)->Arg(100)->Arg(10000)->Arg(100000)->Unit(benchmark::kMicrosecond);

void erlang_a_figures(benchmark::State& state) {
  ccsim::models::Queue queue;
  queue.handle_time = 180.0;
  queue.arrival_rate = static_cast<double>(state.range(0)) / queue.handle_time;
  queue.agents = state.range(0);  // load = agents: stable only thanks to abandonment
  queue.mean_patience = 300.0;
  for (auto _ : state) benchmark::DoNotOptimize(ccsim::models::queue_figures(queue, 20.0));
}
BENCHMARK(erlang_a_figures)->Arg(100)->Arg(10000)->Arg(100000)->Unit(benchmark::kMicrosecond);

}  // namespace
