// The engine allocates nothing per event (issue 27, gate 3): after a warm-up replication has
// sized its pools, a replication's allocations (its result's tallies, the day plans) do not grow
// with the number of events (a list of returning contacts may still grow now and then). Counted by replacing the global operator new.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>

#include <nlohmann/json.hpp>

#include "ccsim/sim/engine.hpp"
#include "ccsim/sim/scenario.hpp"
#include "scenarios.hpp"

namespace {
std::atomic<std::uint64_t> allocations{0};
}  // namespace

// (GCC takes these replacements' free() for a mismatch with the library's operator new.)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
// Every replaceable form but the aligned ones (which keep the library's pair): what one form
// allocates, another may free (std::stable_sort's buffer comes from the nothrow form).
namespace {
void* counted(std::size_t size) noexcept {
  allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size == 0 ? 1 : size);
}
}  // namespace
void* operator new(std::size_t size) {
  if (void* p = counted(size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  if (void* p = counted(size)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return counted(size); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return counted(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
#pragma GCC diagnostic pop

namespace {

using nlohmann::json;
namespace sim = ccsim::sim;

struct Count {
  std::uint64_t allocations = 0, events = 0;
};

// Replication 2 of `scenario` on an engine warmed by replications 0 and 1.
Count count_replication(const json& scenario_json) {
  const sim::Scenario scenario = sim::parse_scenario(scenario_json, CCSIM_SCENARIO_DIR);
  sim::Engine engine(scenario);
  (void)engine.run(0);
  (void)engine.run(1);
  const std::uint64_t before = allocations.load();
  const sim::ReplicationResult result = engine.run(2);
  return {allocations.load() - before, result.events};
}


// The scenario with `factor` times the calls of every call type.
json scaled(json j, double factor) {
  if (j.contains("call_types")) {
    for (auto& type : j["call_types"]) type["arrivals"]["calls_per_day"] = type["arrivals"]["calls_per_day"].get<double>() * factor;
  } else {
    j["arrivals"]["calls_per_day"] = j["arrivals"]["calls_per_day"].get<double>() * factor;
  }
  return j;
}

TEST(EngineAllocation, NoneGrowsWithTheNumberOfEvents) {
  // One queue (the municipal week with every behaviour: IVR, callbacks, returning customers),
  // and two types served by three groups with overflow (the bilingual helpline).
  for (const char* file : {"what-if/callback-2m.json", "bilingual-helpline.json", "municipal-week.json"}) {
    const json base = ccsim::testing_support::scenario_json(file);
    const Count low = count_replication(base);
    const Count high = count_replication(scaled(base, 3.0));
    ASSERT_GT(high.events, 2 * low.events) << file;
    // (A list of later days' contacts may still grow once in a while: a few, never per event.)
    EXPECT_LE(high.allocations, low.allocations + 16) << file << ": " << low.events << " events made " << low.allocations
                                                 << " allocations, " << high.events << " made " << high.allocations;
    EXPECT_LT(low.allocations, 200U) << file;  // the result's vectors, the days' plans
  }
}

}  // namespace
