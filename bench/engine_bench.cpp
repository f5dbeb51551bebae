// Simulator throughput (issue 3): single-thread events per second with all statistics on, for a
// long stationary M/M/50 at 90% occupancy and for the municipal week; replications on 1 and 2
// threads. Targets: >= 12 million events/s on M/M/50; 2 threads >= 1.8 x one thread.
// Returning customers (issue 4): cost per call of the municipal week with every behaviour on
// (IVR, redials, retries, repeats, closed message, callbacks, announcement) against the core
// model of the same week. Target: within 1.5 x; the paired benchmark gives the ratio, per call
// offered in opening hours (`ratio`, the stricter count) and per call of any kind the engine
// simulates: offered, answered by the closed message, or dialled back (`ratio_all_calls`).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "ccsim/sim/engine.hpp"
#include "ccsim/sim/runner.hpp"

namespace {

ccsim::sim::Scenario mm50(int days) {
  nlohmann::json j;
  j["calendar"] = {{"days", days}, {"open", "00:00"}, {"close", "24:00"}, {"interval", "30m"}};
  j["arrivals"] = {{"rate_per_hour", 45.0 / 180.0 * 3600.0}};  // 45 Erlangs on 50 agents: 90% occupancy
  j["handle_time"] = {{"dist", "exponential"}, {"mean", 180}};
  j["staffing"] = {{"agents", 50}};
  j["run"] = {{"replications", 1}, {"seed", 1}};
  return ccsim::sim::parse_scenario(j);
}

ccsim::sim::Scenario municipal() {
  return ccsim::sim::parse_scenario(ccsim::sim::read_scenario_file(std::string(CCSIM_SCENARIO_DIR) + "/municipal-week.json"));
}

// The municipal week as the core model: no IVR, returning customers or callbacks.
ccsim::sim::Scenario municipal_core() {
  auto j = ccsim::sim::read_scenario_file(std::string(CCSIM_SCENARIO_DIR) + "/municipal-week.json");
  for (const char* key : {"ivr", "callback", "announcement", "returns", "closed"}) j.erase(key);
  return ccsim::sim::parse_scenario(j);
}

// The municipal week with every behaviour on: the callback what-if plus a wait announcement.
ccsim::sim::Scenario municipal_everything() {
  auto j = ccsim::sim::read_scenario_file(std::string(CCSIM_SCENARIO_DIR) + "/what-if/callback-2m.json");
  j["announcement"] = {{"half_balk_wait", "15m"}};
  return ccsim::sim::parse_scenario(j);
}

// Returning customers (redials, retries, repeats, closed message) and callbacks, without the
// IVR stage (which adds one event to every call by construction).
ccsim::sim::Scenario municipal_returning_and_callbacks() {
  auto j = ccsim::sim::read_scenario_file(std::string(CCSIM_SCENARIO_DIR) + "/what-if/callback-2m.json");
  j.erase("ivr");
  return ccsim::sim::parse_scenario(j);
}

void run_engine(benchmark::State& state, const ccsim::sim::Scenario& scenario) {
  ccsim::sim::Engine engine(scenario);
  std::uint64_t events = 0, calls = 0;
  int replication = 0;
  for (auto _ : state) {
    const auto result = engine.run(replication++);
    events += result.events;
    calls += result.calls;
    benchmark::DoNotOptimize(result.intervals.data());
  }
  state.counters["events_per_s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["calls_per_s"] = benchmark::Counter(static_cast<double>(calls), benchmark::Counter::kIsRate);
  state.counters["events_per_call"] = static_cast<double>(events) / static_cast<double>(std::max<std::uint64_t>(calls, 1));
  state.counters["ns_per_call"] = benchmark::Counter(static_cast<double>(calls) * 1e-9,
                                                     benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void mm50_seven_days_single_thread(benchmark::State& state) { run_engine(state, mm50(7)); }
BENCHMARK(mm50_seven_days_single_thread)->Unit(benchmark::kMillisecond)->UseRealTime();

void municipal_week_single_thread(benchmark::State& state) { run_engine(state, municipal()); }
BENCHMARK(municipal_week_single_thread)->Unit(benchmark::kMillisecond)->UseRealTime();

void municipal_core_model(benchmark::State& state) { run_engine(state, municipal_core()); }
BENCHMARK(municipal_core_model)->Unit(benchmark::kMillisecond)->UseRealTime();

void municipal_returning_and_callbacks_only(benchmark::State& state) { run_engine(state, municipal_returning_and_callbacks()); }
BENCHMARK(municipal_returning_and_callbacks_only)->Unit(benchmark::kMillisecond)->UseRealTime();

void municipal_every_behaviour(benchmark::State& state) { run_engine(state, municipal_everything()); }
BENCHMARK(municipal_every_behaviour)->Unit(benchmark::kMillisecond)->UseRealTime();

double median(std::vector<double> values) {
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2), values.end());
  return values[values.size() / 2];
}

// Runs the same replication of two engines in each iteration, in alternating order, and gives
// `each(first, second)` their costs (whatever `cost(engine, replication)` measures).
template <class Cost, class Each>
void in_pairs(benchmark::State& state, ccsim::sim::Engine& first, ccsim::sim::Engine& second, Cost cost, Each each) {
  int replication = 0;
  for (auto _ : state) {
    if (replication % 2 == 0) {
      const auto a = cost(first, replication);
      each(a, cost(second, replication));
    } else {
      const auto b = cost(second, replication);
      each(cost(first, replication), b);
    }
    ++replication;
  }
}

// The cost ratio per call, measured in pairs: each iteration runs one replication of the core
// model and the same replication of the model with more behaviour (in alternating order) and
// times each. Both runs of a pair see the same machine, so the median of the per-pair ratios
// stands still on a noisy host where separate benchmarks drift by 10 % and more.
// Arg 0: every behaviour; arg 1: returning customers and callbacks without the IVR.
void municipal_cost_ratio_paired(benchmark::State& state) {
  const auto core_scenario = municipal_core();
  const auto rich_scenario = state.range(0) == 0 ? municipal_everything() : municipal_returning_and_callbacks();
  if (core_scenario.run.warmup > 0 || rich_scenario.run.warmup > 0) {
    state.SkipWithError("the call counts below assume no warm-up");  // tallies skip warm-up calls
    return;
  }
  ccsim::sim::Engine core(core_scenario), rich(rich_scenario);
  struct Cost {
    double per_offered;  // ns per call offered in opening hours (ReplicationResult::calls)
    double per_call;     // ns per call of any kind: offered, closed message, callback dial
  };
  const auto cost = [](ccsim::sim::Engine& engine, int replication) {
    const auto start = std::chrono::steady_clock::now();
    const auto result = engine.run(replication);
    const auto stop = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(result.intervals.data());
    const double ns = std::chrono::duration<double, std::nano>(stop - start).count();
    double calls = 0;  // the `contacts` measure: the scenarios have no warm-up, so every call counts
    for (const auto& t : result.intervals) calls += t.offered + t.closed + t.callbacks_placed;
    return Cost{ns / static_cast<double>(result.calls), ns / calls};
  };
  std::vector<double> core_ns, rich_ns, ratios, all_call_ratios;
  in_pairs(state, core, rich, cost, [&](const Cost& c, const Cost& r) {
    core_ns.push_back(c.per_offered);
    rich_ns.push_back(r.per_offered);
    ratios.push_back(r.per_offered / c.per_offered);
    all_call_ratios.push_back(r.per_call / c.per_call);
  });
  state.counters["core_ns_per_call"] = median(core_ns);
  state.counters["ns_per_call"] = median(rich_ns);
  state.counters["ratio"] = median(ratios);
  state.counters["ratio_all_calls"] = median(all_call_ratios);
}
BENCHMARK(municipal_cost_ratio_paired)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);

// Several call types and agent groups (issue 13): cost per call of a centre with skill-based
// routing against one queue of the same size (agents and load, 90 % occupancy, exponential
// handle times, a week around the clock), measured in pairs as above. Arg 0: 3 types x 2 groups
// of 25 agents, priority routing (target: at most 1.3 x); arg 1: 20 types x 30 groups of 10 agents,
// each with three skills, longest-waiting routing (target: at most 2 x).
ccsim::sim::Scenario one_queue(int agents, double load) {
  nlohmann::json j;
  j["calendar"] = {{"days", 7}, {"open", "00:00"}, {"close", "24:00"}, {"interval", "30m"}};
  j["arrivals"] = {{"rate_per_hour", load / 180.0 * 3600.0}};
  j["handle_time"] = {{"dist", "exponential"}, {"mean", 180}};
  j["staffing"] = {{"agents", agents}};
  j["run"] = {{"replications", 1}, {"seed", 1}};
  return ccsim::sim::parse_scenario(j);
}

std::string numbered(const char* prefix, int i) {
  std::string name = prefix;
  name += std::to_string(i);
  return name;
}

ccsim::sim::Scenario several_queues(int types, int groups, int agents_per_group, bool longest_waiting) {
  const double load = 0.9 * groups * agents_per_group;
  nlohmann::json j;
  j["calendar"] = {{"days", 7}, {"open", "00:00"}, {"close", "24:00"}, {"interval", "30m"}};
  for (int t = 0; t < types; ++t) {
    j["call_types"].push_back({{"name", numbered("t", t)},
                               {"arrivals", {{"rate_per_hour", load / types / 180.0 * 3600.0}}},
                               {"handle_time", {{"dist", "exponential"}, {"mean", 180}}}});
  }
  for (int g = 0; g < groups; ++g) {
    std::vector<std::string> skills;
    if (types == 3) {
      skills = {numbered("t", g), numbered("t", g + 1)};  // t1 is shared
    } else {
      for (int k : {0, 7, 13}) skills.push_back(numbered("t", (g + k) % types));
    }
    j["agent_groups"].push_back({{"name", numbered("g", g)}, {"skills", skills}, {"staffing", {{"agents", agents_per_group}}}});
  }
  j["routing"] = {{"agent_picks", longest_waiting ? "longest_waiting" : "priority"}};
  j["run"] = {{"replications", 1}, {"seed", 1}};
  return ccsim::sim::parse_scenario(j);
}

void routing_cost_ratio_paired(benchmark::State& state) {
  const bool big = state.range(0) == 1;
  const auto single_scenario = big ? one_queue(300, 270) : one_queue(50, 45);
  const auto routed_scenario = big ? several_queues(20, 30, 10, true) : several_queues(3, 2, 25, false);
  ccsim::sim::Engine single(single_scenario), routed(routed_scenario);
  const auto cost = [](ccsim::sim::Engine& engine, int replication) {
    const auto start = std::chrono::steady_clock::now();
    const auto result = engine.run(replication);
    const auto stop = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(result.intervals.data());
    return std::chrono::duration<double, std::nano>(stop - start).count() / static_cast<double>(result.calls);
  };
  std::vector<double> single_ns, routed_ns, ratios;
  in_pairs(state, single, routed, cost, [&](double a, double b) {
    single_ns.push_back(a);
    routed_ns.push_back(b);
    ratios.push_back(b / a);
  });
  state.counters["single_queue_ns_per_call"] = median(single_ns);
  state.counters["ns_per_call"] = median(routed_ns);
  state.counters["ratio"] = median(ratios);
}
BENCHMARK(routing_cost_ratio_paired)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);

// 32 replications of the M/M/50 week through the runner, on 1 or 2 threads.
void mm50_replications(benchmark::State& state) {
  auto scenario = mm50(7);
  scenario.run.replications = 32;
  ccsim::sim::RunOptions options;
  options.threads = static_cast<int>(state.range(0));
  std::uint64_t events = 0;
  for (auto _ : state) {
    const auto result = ccsim::sim::run_replications(scenario, options);
    events += result.events;
  }
  state.counters["events_per_s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}
BENCHMARK(mm50_replications)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
