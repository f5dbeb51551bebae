#pragma once
// The engine's recorder helpers: the interval a moment of the day falls in, and what the replay
// counts from the agents' work in hand. (The tallies are IntervalTally, engine.hpp; the wait
// histogram is wait_histogram.hpp; time-integrals of queues and groups live with them.) Tested
// in tests/recorder_test.cpp.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "agents.hpp"

namespace ccsim::sim::detail {

/// The interval (0-based, within the day) of a moment `t` seconds after opening, for a day of
/// `per_day` intervals of 1 / `per_interval_length` seconds. After closing, the last interval:
/// clamped before the conversion, since `t` may then lie any number of intervals out.
inline std::size_t interval_in_day(double t, double per_interval_length, int per_day) {
  return static_cast<std::size_t>(static_cast<int>(std::min(t * per_interval_length, static_cast<double>(per_day - 1))));
}

/// Agents talking and in wrap-up at `t`, from each agent's work in hand (traced replications).
struct WorkCounts {
  std::uint32_t talking = 0, wrapping = 0;
};
inline WorkCounts work_at(const std::vector<Agent>& agents, double t) {
  WorkCounts w;
  for (const Agent& agent : agents) {
    if (t < agent.talk_until) ++w.talking;
    else if (t < agent.busy_until) ++w.wrapping;
  }
  return w;
}

}  // namespace ccsim::sim::detail
