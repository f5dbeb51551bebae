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

namespace detail {
struct EngineCore;  // sim/engine/src/engine.cpp
}

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
  double wait_all = 0;          ///< summed waits of answered, abandoned and cleared calls
  double cleared = 0;           ///< still waiting at closing, told the centre is closed (calendar.at_close clear)
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
  // Caller identification (scenarios with a crm block):
  double identified = 0;           ///< offered calls whose caller was identified
  double crm_time_saved = 0;       ///< agent-seconds of talk saved on answered identified calls

  /// Adds every field (max_queue: the larger).
  void add(const IntervalTally& other);
  /// Adds the counts of calls and customers, not the time-weighted fields (busy_time,
  /// available_time, queue_time, elapsed) nor max_queue.
  void add_counts(const IntervalTally& other);
};

/// Width of a bin of ReplicationResult::answered_waits, seconds.
inline constexpr double wait_histogram_bin = 5.0;
/// Bins of ReplicationResult::answered_waits (the last one also holds every longer wait).
inline constexpr std::size_t wait_histogram_bins = 120;

/// The outcome of one replication: a tally per interval (day-major), and replication-wide figures.
struct ReplicationResult {
  std::vector<IntervalTally> intervals;
  /// Answered calls (after the warm-up) by wait: bin k holds waits in [k, k + 1) x
  /// wait_histogram_bin seconds; the last bin holds every longer wait too.
  std::vector<double> answered_waits;
  double wait_p90 = 0;      ///< 90th percentile of answered calls' waits, seconds (0.25 s bins)
  double max_queue = 0;
  std::uint64_t events = 0;
  std::uint64_t calls = 0;  ///< inbound contacts simulated (fresh and returning), warm-up included

  // Scenarios with several queues (Model::several_queues) only:
  /// [call type][interval]: the type's calls and customers; queue_time, elapsed and max_queue of its queue.
  std::vector<std::vector<IntervalTally>> call_types;
  /// [agent group][interval]: busy_time, available_time, elapsed; `answered` and
  /// `callbacks_completed` count the calls the group handled (in the interval they arrived in).
  std::vector<std::vector<IntervalTally>> agent_groups;
  /// [group * call types + type]: calls of each type the group handled (answered and callbacks reached).
  std::vector<double> handled_by_type;
  std::vector<double> call_type_max_queue;  ///< per call type: most of its callers waiting at once
};

/// The state of the centre at one moment of a replication, for the live replay.
struct Snapshot {
  double time = 0;                  ///< seconds since the first day's opening (day d opens at d x 86400)
  std::uint32_t waiting = 0;        ///< callers queued for an agent
  std::uint32_t in_ivr = 0;         ///< callers in the IVR menu
  std::uint32_t talking = 0;        ///< agents talking (inbound calls, callbacks and callback dials)
  std::uint32_t wrapping = 0;       ///< agents in after-call work
  std::uint32_t idle = 0;           ///< agents on duty and free
  std::uint32_t on_break = 0;       ///< agents on a break
  std::uint32_t lines_in_use = 0;   ///< trunk lines held (IVR, waiting, talking)
  std::uint32_t callbacks_pending = 0;  ///< accepted callbacks not yet reached or failed
  bool open = true;                 ///< within opening hours (false while the day's last calls drain)
};

/// Snapshots of one replication every `step` seconds of simulated time, from each opening until
/// the day's last call is done. Recording does not change the replication.
struct Trace {
  double step = 10.0;  ///< seconds between snapshots
  std::vector<Snapshot> snapshots;
};

/// Purposes of the independent random streams of a replication.
enum class Stream : std::uint64_t {
  arrivals = 1, handle_time = 2, wrap_up = 3, patience = 4, day_factor = 5,
  returning_needs = 6,  ///< handle, wrap-up and patience of returning contacts
  ivr = 7, self_service = 8, callback_offer = 9, callback_dial = 10, redial = 11, retry = 12,
  resolution = 13, repeat = 14, closed = 15, balk = 16,
  crm = 17,  ///< caller identification
  common_day_factor = 18,  ///< the day factor shared by every call type
};

/// The generator of stream `purpose` of call type `call_type` (0 for streams shared by every
/// type) of replication `replication` under `seed`: independent of every other (seed,
/// replication, purpose, call type) by SplitMix64 hashing of the four.
models::Rng make_stream(std::uint64_t seed, std::uint64_t replication, Stream purpose, std::size_t call_type = 0);

/// Simulates replications of one scenario. Reuses its buffers from one replication to the next
/// (no allocation per event); one Engine per thread.
class Engine {
public:
  /// An engine for `model`, run with `staffing` unless run() is given another; both must
  /// outlive the engine.
  Engine(const Model& model, const Staffing& staffing);
  explicit Engine(const Scenario& scenario) : Engine(scenario, scenario.staffing) {}
  /// The engine keeps references: a temporary scenario, model or staffing would dangle.
  explicit Engine(Scenario&&) = delete;
  Engine(Model&&, const Staffing&) = delete;
  Engine(const Model&, Staffing&&) = delete;
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  /// Runs replication `replication` (0-based) with the scenario's seed; with a `trace`, also
  /// records its snapshots (appended to trace->snapshots).
  ReplicationResult run(int replication, Trace* trace = nullptr) { return run(replication, staffing_, trace); }
  /// Runs replication `replication` with `staffing` (one entry per agent group, one list per day,
  /// as Staffing holds): an optimiser's candidate, without parsing the scenario again.
  ReplicationResult run(int replication, const Staffing& staffing, Trace* trace = nullptr);

private:
  const Model& model_;
  const Staffing& staffing_;
  detail::EngineCore* core_;  // the replication of the model's shape, its buffers reused from one replication to the next
};

}  // namespace ccsim::sim
