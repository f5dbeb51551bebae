#pragma once
// The discrete-event engine of the inbound contact-centre model: one replication at a time.
//
// Each day starts empty at opening; arrivals stop at closing; callers still in the system are
// served (agents on duty at closing stay until the work is done, then leave) and counted in
// that day. Calls are tallied in the interval they arrived in; time-weighted figures (agent
// time, queue length) in the interval the clock is in, over the opening hours only (as in
// ContactCenters: the drain after closing is not part of the planned day).
#include <cstdint>
#include <vector>

#include "ccsim/models/distribution.hpp"
#include "ccsim/sim/scenario.hpp"

namespace ccsim::sim {

/// Everything counted in one interval of one replication. Counts are of calls that arrived in
/// the interval (after the warm-up); times are seconds.
struct IntervalTally {
  double offered = 0;           ///< every arrival, blocked ones included
  double blocked = 0;           ///< found every line taken
  double answered = 0;
  double abandoned = 0;
  double abandoned_short = 0;   ///< abandoned within the short-abandon threshold
  double answered_within = 0;   ///< answered with wait <= answer_within
  double waited = 0;            ///< admitted calls that found no agent free
  double wait_answered = 0;     ///< summed waits of answered calls
  double wait_all = 0;          ///< summed waits of answered and abandoned calls
  // Time-weighted, over the interval's clock time (after the warm-up, before closing):
  double busy_time = 0;         ///< agent-seconds handling calls (talk + wrap-up)
  double available_time = 0;    ///< agent-seconds on duty and not on break
  double queue_time = 0;        ///< integral of the number of callers waiting
  double elapsed = 0;           ///< seconds of clock time counted
  double max_queue = 0;         ///< most callers waiting at once

  void add(const IntervalTally& other);
};

/// The outcome of one replication: a tally per interval (day-major), and replication-wide figures.
struct ReplicationResult {
  std::vector<IntervalTally> intervals;
  double wait_p90 = 0;      ///< 90th percentile of answered calls' waits, seconds (0.25 s bins)
  double max_queue = 0;
  std::uint64_t events = 0;
  std::uint64_t calls = 0;  ///< arrivals simulated, warm-up included
};

/// Purposes of the independent random streams of a replication.
enum class Stream : std::uint64_t { arrivals = 1, handle_time = 2, wrap_up = 3, patience = 4, day_factor = 5 };

/// The generator of stream `purpose` of replication `replication` under `seed`: independent
/// of every other (seed, replication, purpose) by SplitMix64 hashing of the three.
models::Rng make_stream(std::uint64_t seed, std::uint64_t replication, Stream purpose);

/// Simulates replications of one scenario. Reuses its buffers from one replication to the next
/// (no allocation per event); one Engine per thread.
class Engine {
public:
  explicit Engine(const Scenario& scenario);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  /// Runs replication `replication` (0-based) with the scenario's seed.
  ReplicationResult run(int replication);

private:
  struct State;
  const Scenario& scenario_;
  State* state_;
};

}  // namespace ccsim::sim
