#pragma once
// Sums of an engine's tallies, as the tests compare them.
#include <vector>

#include "ccsim/sim/engine.hpp"

namespace ccsim::testing_support {

/// Every field of `intervals` added up (max_queue: the largest).
inline sim::IntervalTally sum(const std::vector<sim::IntervalTally>& intervals) {
  sim::IntervalTally t;
  for (const auto& i : intervals) t.add(i);
  return t;
}

/// The centre's tallies of replication `r`, over every interval.
inline sim::IntervalTally total(const sim::ReplicationResult& r) { return sum(r.intervals); }

}  // namespace ccsim::testing_support
