#pragma once
// The engine's agents and agent groups: each agent's work in hand, and per group the idle agents
// (longest idle first), breaks and departures waiting for an agent to be free, and the
// time-integrals of its busy and available agents. Tested in tests/agents_test.cpp.
#include <cstdint>
#include <utility>

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
  // Agents x seconds since the last interval boundary, kept as a running sum: an agent who
  // becomes busy at t subtracts t, one who stops adds t, and at a boundary B the agents still
  // busy add B (then the sum restarts at -busy x B). One addition per change, no multiplication.
  double busy_area = 0, available_area = 0;
  IntervalTally* tally = nullptr;            // several groups: the group's tallies, by interval

  void clear() {
    idle.clear();
    pending_breaks.clear();
    pending_permanent_leaves = 0;
    busy = available = 0;
    busy_area = available_area = 0;
  }  // (the tallies stay: they are the replication's)
  /// One more (`up`) or one fewer busy agent at `now`.
  void busy_change(double now, bool up) { change(busy, busy_area, now, up); }
  /// One more or one fewer available agent at `now`.
  void available_change(double now, bool up) { change(available, available_area, now, up); }
  /// The busy and available agent-seconds since the last boundary up to the boundary `now`;
  /// the sums restart from `now`.
  std::pair<double, double> take_areas(double now) {
    const double b = static_cast<double>(busy) * now, a = static_cast<double>(available) * now;
    const std::pair<double, double> areas{busy_area + b, available_area + a};
    busy_area = -b;
    available_area = -a;
    return areas;
  }
  /// An agent who starts at `now` subtracts it from the running sum, one who stops adds it.
  static void change(std::uint64_t& count, double& area, double now, bool up) {
    if (up) {
      ++count;
      area -= now;
    } else {
      --count;
      area += now;
    }
  }
};

}  // namespace ccsim::sim::detail
