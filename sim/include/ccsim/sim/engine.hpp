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

  // Returning customers, callbacks, IVR (scenarios that follow customers). Contacts are counted
  // in the interval they happen in; customers and their journeys' outcomes in the interval of
  // the customer's first contact.
  double fresh = 0;             ///< offered calls that are a customer's first contact
  double redials = 0;           ///< offered calls of customers who abandoned or balked before
  double retries = 0;           ///< offered calls of customers who heard a busy signal before
  double repeats = 0;           ///< offered calls of customers whose problem was not resolved
  double reopens = 0;           ///< offered calls of customers who heard the closed message before
  double closed = 0;            ///< contacts outside opening hours (they hear the closed message)
  double callbacks_placed = 0;  ///< callback dials made by agents
  double self_service = 0;      ///< calls resolved in the IVR
  double balked = 0;            ///< callers who hung up on hearing the expected wait
  double callbacks_offered = 0;
  double callbacks_accepted = 0;
  double callbacks_completed = 0;  ///< callbacks that reached the customer
  double callbacks_failed = 0;     ///< callbacks not reached after the last dial
  double promises_kept = 0;        ///< callbacks that reached the customer within the promise
  double promises_broken = 0;      ///< reached late, or never
  double callback_wait = 0;        ///< summed seconds from accepting to being reached
  double estimated = 0;            ///< answered calls that were given an expected wait
  double estimate_error = 0;       ///< summed (actual wait - expected wait), seconds
  double estimate_abs_error = 0;   ///< summed |actual wait - expected wait|, seconds
  double customers = 0;            ///< new customers (first contact here)
  double resolved = 0;             ///< journeys ended with the problem resolved
  double resolved_first = 0;       ///< ... at the customer's first contact
  double gave_up = 0;              ///< journeys ended unresolved (no more attempts)
  double pending = 0;              ///< journeys still open at the end of the horizon
  double self_served = 0;          ///< customers resolved in the IVR (they never need an agent)
  double customers_within = 0;     ///< customers first reached by an agent within T of their first contact

  void add(const IntervalTally& other);
};

/// The outcome of one replication: a tally per interval (day-major), and replication-wide figures.
struct ReplicationResult {
  std::vector<IntervalTally> intervals;
  double wait_p90 = 0;      ///< 90th percentile of answered calls' waits, seconds (0.25 s bins)
  double max_queue = 0;
  std::uint64_t events = 0;
  std::uint64_t calls = 0;  ///< inbound contacts simulated (fresh and returning), warm-up included
};

/// Purposes of the independent random streams of a replication.
enum class Stream : std::uint64_t {
  arrivals = 1, handle_time = 2, wrap_up = 3, patience = 4, day_factor = 5,
  returning_needs = 6,  ///< handle, wrap-up and patience of returning contacts
  ivr = 7, self_service = 8, callback_offer = 9, callback_dial = 10, redial = 11, retry = 12,
  resolution = 13, repeat = 14, closed = 15, balk = 16,
};

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
