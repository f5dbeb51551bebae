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
  double busy_since = 0, available_since = 0;  // when each last changed, seconds after opening
  double busy_area = 0, available_area = 0;  // agents x seconds since the last interval boundary
  IntervalTally* tally = nullptr;            // several groups: the group's tallies, by interval

  void clear() {
    idle.clear();
    pending_breaks.clear();
    pending_permanent_leaves = 0;
    busy = available = 0;
    busy_since = available_since = busy_area = available_area = 0;
  }  // (the tallies stay: they are the replication's)
  /// Integrates busy agents up to `now` (before `busy` changes).
  void integrate_busy(double now) {
    busy_area += static_cast<double>(busy) * (now - busy_since);
    busy_since = now;
  }
  /// Integrates available agents up to `now` (before `available` changes).
  void integrate_available(double now) {
    available_area += static_cast<double>(available) * (now - available_since);
    available_since = now;
  }
  /// Both, up to `now` (at an interval boundary).
  void integrate(double now) {
    integrate_busy(now);
    integrate_available(now);
  }
  /// Whether an agent of this group who is free now should leave (a break or the end of a
  /// shift was due while it was busy) rather than take work.
  [[nodiscard]] bool departure_pending() const { return !pending_breaks.empty() || pending_permanent_leaves > 0; }
};

}  // namespace ccsim::sim::detail
