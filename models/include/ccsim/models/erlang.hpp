#pragma once
// Analytic queueing solvers for contact centres: Erlang B, Erlang C, Erlang A and finite
// trunk lines (M/M/N/K, M/M/N/K+M), their inverse (staffing) questions, and shrinkage.
//
// Conventions: times are seconds; rates are per second; a load is in Erlangs
// (arrival rate x mean handle time). Every function is exact in double precision for loads up
// to 1e5 Erlangs and 2e5 agents: no factorial is ever formed, only ratios and logarithms.

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <stdexcept>

namespace ccsim::models {

/// Raised when an Erlang C system without abandonment or line limit has load >= agents.
/// `least_stable_agents` is the fewest agents for which the queue is stable.
class UnstableQueue : public std::domain_error {
public:
  UnstableQueue(double offered_load, std::int64_t agents);
  double offered_load;
  std::int64_t agents;
  std::int64_t least_stable_agents;
};

/// Throws std::invalid_argument when `load` (Erlangs) is over limits::max_load, the largest load
/// the solvers answer (queue_figures, agents_for_targets, lines_for_blocking check it).
void check_solver_load(double load);

// ---------------------------------------------------------------------------------------------
// Erlang B: N lines (or servers), no waiting room, blocked calls lost.

/// Probability that a call is blocked: B(lines, load). 0 <= lines <= limits::max_lines, load > 0.
double erlang_b(std::int64_t lines, double load);

/// Natural logarithm of B(lines, load); finite even where B itself underflows to 0.
double log_erlang_b(std::int64_t lines, double load);

/// Reference B(lines, load) by the classic recurrence B(n) = A B(n-1) / (n + A B(n-1)); O(lines).
double erlang_b_recurrence(std::int64_t lines, double load);

/// Reference log B(lines, load) from the direct sum 1/B = sum_k N!/(k! A^(N-k)) evaluated in log
/// space (log-sum-exp over the terms); O(lines).
double log_erlang_b_direct_sum(std::int64_t lines, double load);

/// log of sum_{k<N} (A^k/k!) / (A^N/N!): the stationary mass of the states with an idle server
/// relative to the mass of the state "all N busy" in M/M/N-type systems. Equals log(1/B - 1).
double log_idle_to_busy_ratio(std::int64_t servers, double load);

/// Fewest lines whose blocking probability is at most `max_blocking` (0 < max_blocking < 1).
std::int64_t lines_for_blocking(double load, double max_blocking);

/// Largest load (Erlangs) that `lines` lines carry with blocking probability `max_blocking`.
double max_load_for_blocking(std::int64_t lines, double max_blocking);

// ---------------------------------------------------------------------------------------------
// Queues with N agents: Erlang C (M/M/N), Erlang A (M/M/N+M) and their finite-line versions.

inline constexpr double never = std::numeric_limits<double>::infinity();

/// A stationary inbound queue. Poisson arrivals, exponential handle times, one FIFO queue.
struct Queue {
  double arrival_rate = 0;     ///< calls per second
  double handle_time = 0;      ///< mean handle time (talk + after-call work), seconds
  std::int64_t agents = 0;     ///< agents answering calls
  std::optional<std::int64_t> lines;  ///< trunk lines (a line is held while waiting and talking); none = unlimited
  double mean_patience = never;       ///< mean of exponential patience, seconds; `never` = nobody abandons

  /// Offered load in Erlangs: arrival rate x mean handle time.
  [[nodiscard]] double offered_load() const { return arrival_rate * handle_time; }
};

/// Stationary figures of a Queue. Everything except p_block refers to admitted calls (calls that
/// got a line); without a line limit every call is admitted and p_block is 0.
struct QueueFigures {
  double offered_load = 0;        ///< Erlangs
  std::int64_t agents = 0;
  std::optional<std::int64_t> lines;
  double answer_within = 0;       ///< service-level threshold T, seconds
  double p_block = 0;             ///< probability that an arriving call finds every line taken
  double p_wait = 0;              ///< probability that an admitted call has to wait (finds all agents busy)
  double p_abandon = 0;           ///< probability that an admitted call abandons
  double service_level = 0;       ///< answered within T / admitted calls
  double service_level_answered = 0;  ///< answered within T / answered calls
  double asa = 0;                 ///< average speed of answer: mean wait of answered calls, seconds
  double mean_wait = 0;           ///< mean wait of all admitted calls, abandoners included, seconds
  double mean_queue = 0;          ///< time-average number of callers waiting
  double occupancy = 0;           ///< carried load / agents: the fraction of agent time spent handling calls
};

/// Exact stationary figures of `queue` for service-level threshold `answer_within` (seconds).
/// Erlang C (no patience, no lines) throws UnstableQueue when load >= agents. The waiting-time
/// figures of Erlang A follow the tagged caller through the queue (position k advances at rate
/// N mu + k theta), in closed form through the regularised incomplete beta function.
QueueFigures queue_figures(const Queue& queue, double answer_within);

/// Erlang C probability of waiting, C(agents, load); requires load < agents.
double erlang_c(std::int64_t agents, double load);

// ---------------------------------------------------------------------------------------------
// Staffing: the inverse questions.

/// Targets that a staffing level must meet all at once; unset targets are ignored.
struct StaffingTargets {
  double answer_within = 20;              ///< service-level threshold T, seconds
  std::optional<double> service_level;    ///< least fraction of admitted calls answered within T
  std::optional<double> max_asa;          ///< largest average speed of answer, seconds
  std::optional<double> max_occupancy;    ///< largest occupancy (0..1]
  std::optional<double> max_p_wait;       ///< largest probability of waiting
  std::optional<double> max_abandon;      ///< largest probability of abandoning (Erlang A)

  [[nodiscard]] bool any() const {
    return service_level || max_asa || max_occupancy || max_p_wait || max_abandon;
  }
  /// True when `figures` meets every set target.
  [[nodiscard]] bool met_by(const QueueFigures& figures) const;
};

/// Raised when no agent count meets the targets (possible only with a line limit).
class TargetsUnreachable : public std::domain_error {
  using std::domain_error::domain_error;
};

/// Fewest agents for `queue` (its `agents` field is ignored) that meet every target in `targets`.
/// Exact: every candidate is checked with queue_figures; a square-root-staffing estimate only
/// chooses where the search starts.
std::int64_t agents_for_targets(Queue queue, const StaffingTargets& targets);

/// The fewest n in (`fails`, `highest`] for which `meets(n)` holds, for a `meets` that stays
/// true once true (more agents or lines never hurt): gallops up from `fails` (steps 1, 2, 4, ...)
/// then bisects, so it asks O(log) times. None when not even `highest` meets.
std::optional<std::int64_t> fewest_meeting(std::int64_t fails, std::int64_t highest,
                                           const std::function<bool(std::int64_t)>& meets);

/// Square-root staffing (Halfin-Whitt) approximation, named as such: agents ~ load + beta sqrt(load).
double square_root_staffing(double load, double beta);

/// Halfin-Whitt approximation of the Erlang C probability of waiting for quality-of-service beta:
/// [1 + beta Phi(beta) / phi(beta)]^-1.
double halfin_whitt_p_wait(double beta);

/// Scheduled staff (agents on the schedule) needed for `required_agents` on the phones when a
/// fraction `shrinkage` (0 <= shrinkage < 1) of paid time goes to breaks, training, absence.
std::int64_t scheduled_agents(std::int64_t required_agents, double shrinkage);

}  // namespace ccsim::models
