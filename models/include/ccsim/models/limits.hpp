#pragma once
// Every limit on ccsim's input and on the size of a run, in one place. Input outside a limit is
// refused with a message naming the field (or flag) and the value; a run that would outgrow a
// limit stops with a message saying what to change. docs/scenario-format.md lists them all.
//
// The limits are far beyond any real contact centre; they exist so that no input, however odd,
// makes ccsim wrap a count around, allocate without bound or run for ever.
#include <cstdint>

namespace ccsim::limits {

// ---- Durations and rates ---------------------------------------------------------------------

/// Longest duration anywhere (a handle time, a patience, a delay, a distribution's mean, a
/// threshold): ten years of 365 days, in seconds. Draws of heavy-tailed distributions are capped
/// here too.
inline constexpr double max_duration = 10.0 * 365.0 * 86400.0;
/// Largest coefficient of variation of a duration distribution (standard deviation / mean).
inline constexpr double max_cv = 100.0;
/// Shortest planning interval, seconds.
inline constexpr double min_interval = 1.0;
/// Longest planning interval, seconds (a day).
inline constexpr double max_interval = 86400.0;
/// Shortest mean delay before a caller rings again (redial, retry, repeat, closed-message
/// retry), seconds: below it the clock would barely move between attempts.
inline constexpr double min_return_delay = 1.0;
/// Shortest mean handle time of the analytic solvers, seconds (a millisecond).
inline constexpr double min_solver_handle_time = 1e-3;

// ---- Counts of a scenario --------------------------------------------------------------------

/// Days in a scenario's calendar (ten years).
inline constexpr std::int64_t max_days = 3660;
/// Intervals in a scenario's horizon (days x intervals per day): statistics are kept per
/// interval, so this bounds a run's memory (about 5 KB per interval).
inline constexpr std::int64_t max_horizon_intervals = 200'000;
/// Agents on duty at once, in a scenario and in the analytic solvers.
inline constexpr std::int64_t max_agents = 200'000;
/// Trunk lines, in a scenario and in the analytic solvers.
inline constexpr std::int64_t max_lines = 1'000'000;
/// Replications of one run.
inline constexpr std::int64_t max_replications = 1'000'000;
/// Worker threads of one run.
inline constexpr std::int64_t max_threads = 1024;
/// Entries of any list in a scenario (shifts, breaks, observed values, ...), and the largest
/// index `--set` accepts.
inline constexpr std::int64_t max_list_length = 1'000'000;
/// Call types, and agent groups, of one scenario (routing tables are types x groups).
inline constexpr std::int64_t max_queues = 1'000;
/// Changes of staff over the horizon (each shift's start, end and breaks on every day it works).
inline constexpr std::int64_t max_staffing_changes = 10'000'000;
/// Size of a scenario file, bytes.
inline constexpr std::int64_t max_scenario_bytes = 256LL << 20;
/// Nesting of arrays and objects in a scenario's JSON.
inline constexpr int max_json_depth = 64;

// ---- Size of a simulation --------------------------------------------------------------------

/// Expected fresh calls in one replication (the arrival profile summed over the horizon, closed
/// hours included). A larger run is refused with the advice to split it.
inline constexpr double max_expected_calls = 1e9;
/// Contacts simulated in one replication (fresh and returning together); a run that reaches it
/// stops with a message.
inline constexpr std::uint64_t max_contacts = 1'000'000'000ULL;
/// Contacts per customer on average (fresh, redials, retries, repeats), beyond a first million
/// contacts: past this, returning callers ring in a storm and the run stops.
inline constexpr std::uint64_t max_contacts_per_customer = 1000;
/// Callers held at once (waiting, in the IVR, waiting for a callback), and customers with a
/// contact still to come: beyond this a queue is growing without bound and the run stops.
inline constexpr std::uint64_t max_callers = 10'000'000ULL;
/// Snapshots of one replay trace (the visualiser's live replay).
inline constexpr std::uint64_t max_trace_snapshots = 2'000'000ULL;

// ---- The analytic solvers --------------------------------------------------------------------

/// Largest offered load of the analytic solvers, Erlangs (they are exact up to here).
inline constexpr double max_load = 100'000.0;

}  // namespace ccsim::limits
