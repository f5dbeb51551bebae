#pragma once
// The engine's agents and agent groups: each agent's work in hand, and per group the idle agents
// (longest idle first), breaks and departures waiting for an agent to be free, and the
// time-integrals of its busy and available agents. Tested in tests/agents_test.cpp.
#include <cstdint>

#include "ring.hpp"
#include "slot_pool.hpp"

namespace ccsim::sim {
struct IntervalTally;
}

namespace ccsim::sim::detail {

struct Agent {
  double wrap = 0;           // wrap-up of the call in hand, seconds
  double talk_until = 0;     // traced replications only: end of the talk (or dial) in hand
  double busy_until = 0;     // traced replications only: end of the work in hand
  std::uint32_t slot = 0;    // callback being dialled
  std::uint16_t group = 0;
  bool callback = false;     // the work in hand is a callback (it holds no inbound line)
};

using AgentPool = SlotPool<Agent>;

struct GroupState {
  Ring<std::uint32_t> idle;     // longest idle at the front
  Ring<double> pending_breaks;  // break lengths of agents to send on break once free
  std::uint64_t pending_permanent_leaves = 0;
  std::uint64_t busy = 0, available = 0;     // kept with several groups
  double since = 0;                          // when busy or available last changed, seconds after opening
  double busy_area = 0, available_area = 0;  // agents x seconds since the last interval boundary
  IntervalTally* tally = nullptr;            // several groups: the group's tallies, by interval

  void clear() {
    idle.clear();
    pending_breaks.clear();
    pending_permanent_leaves = 0;
    busy = available = 0;
    since = busy_area = available_area = 0;
  }  // (the tallies stay: they are the replication's)
  /// Integrates busy and available agents up to `now` (before either changes).
  void integrate(double now) {
    const double dt = now - since;
    busy_area += static_cast<double>(busy) * dt;
    available_area += static_cast<double>(available) * dt;
    since = now;
  }
  /// Whether an agent of this group who is free now should leave (a break or the end of a
  /// shift was due while it was busy) rather than take work.
  [[nodiscard]] bool departure_pending() const { return !pending_breaks.empty() || pending_permanent_leaves > 0; }
};

}  // namespace ccsim::sim::detail
