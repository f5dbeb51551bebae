#pragma once
// The multi-server retrial queue: callers who are blocked or abandon come back.
//
// N agents, K lines (waiting room K - N, possibly none; or unlimited), exponential handle time
// and patience, Poisson fresh calls. A caller who finds every line taken, or abandons, joins the
// orbit with the persistence probability p and rings again after an exponential delay (mean
// `redial_delay`); otherwise it is lost. The state (calls in the system, callers in the orbit)
// is a two-dimensional Markov chain, solved numerically on a truncated grid with Eigen's sparse
// LU; the grid grows until the probability at its edges is below 1e-10.
#include <cstdint>
#include <optional>
#include <stdexcept>

#include "ccsim/models/erlang.hpp"

namespace ccsim::models {

/// A stationary inbound queue whose blocked and abandoning callers ring again.
struct RetrialQueue {
  Queue queue;                     ///< fresh calls, agents, lines, patience (seconds, per second)
  double redial_probability = 0;   ///< persistence: a blocked or abandoning caller rings again (0..1)
  double redial_delay = 600;       ///< mean seconds before it does (exponential)
};

/// Stationary figures of a RetrialQueue. "Attempts" are fresh calls and retrials together.
struct RetrialFigures {
  double offered_load = 0;      ///< fresh load, Erlangs: fresh rate x handle time
  double retrial_rate = 0;      ///< retrials per second: mean orbit / redial delay
  double effective_load = 0;    ///< Erlangs offered by fresh calls and retrials together
  double mean_orbit = 0;        ///< time-average number of callers waiting to ring again
  double p_block = 0;           ///< probability that an attempt finds every line taken
  double p_block_fresh = 0;     ///< probability that a fresh call does (PASTA: time-average)
  double p_wait = 0;            ///< admitted attempts that find every agent busy
  double p_abandon = 0;         ///< admitted attempts that abandon
  double service_level = 0;     ///< admitted attempts answered within T / admitted attempts
  double service_level_answered = 0;  ///< answered within T / answered attempts
  double asa = 0;               ///< mean wait of answered attempts, seconds
  double mean_wait = 0;         ///< mean wait of admitted attempts, abandoners included, seconds
  double mean_queue = 0;        ///< time-average number of callers waiting for an agent
  double occupancy = 0;         ///< busy agents / agents
  double p_lost = 0;            ///< fresh callers never served (given up after failed attempts)
  double truncation_mass = 0;   ///< stationary probability on the edges of the truncated grid
  std::int64_t max_calls = 0;   ///< truncation: calls in the system (= lines when limited)
  std::int64_t max_orbit = 0;   ///< truncation: callers in the orbit
  std::int64_t states = 0;      ///< states of the solved chain
};

/// Exact (to the truncation, below 1e-10) stationary figures of `retrial` for service-level
/// threshold `answer_within` seconds. Throws UnstableQueue for an unstable Erlang C,
/// std::domain_error when every failed caller returns (p = 1) and the fresh load is at least
/// the agents (the orbit grows without bound), or when the chain would exceed 300,000 states (a solve of seconds);
/// std::invalid_argument for bad parameters.
RetrialFigures retrial_figures(const RetrialQueue& retrial, double answer_within);

/// The figures a QueueFigures has (p_block of attempts, p_wait, SL, ASA, ...), for checking
/// StaffingTargets and printing alongside queues without retrials.
QueueFigures as_queue_figures(const RetrialQueue& retrial, const RetrialFigures& figures, double answer_within);

}  // namespace ccsim::models
