// Stationary figures of M/M/N, M/M/N/K, M/M/N+M and M/M/N/K+M queues.
//
// Time is measured in mean handle times inside this file (mu = 1); results are converted back
// to seconds. With theta = abandonment rate / service rate and a = N / theta:
//   - state N + j (j callers waiting) has weight w_j = prod_{i=1..j} A / (N + i theta) relative
//     to "all agents busy, nobody waiting"; the idle states together weigh S = 1/B(N, A) - 1;
//   - a caller admitted at queue position p (p - 1 ahead) moves up at rate N + (p - 1) theta;
//     its offered wait V is a sum of exponentials with rates theta (a + k), k = 0..p-1, so
//     Y = exp(-theta V) ~ Beta(a, p) (compare the Mellin transforms). Hence, exactly,
//       P(answered | p)            = E[Y]                       = a / (a + p)
//       P(answered within T | p)   = E[Y; Y >= e^{-theta T}]    = a/(a+p) * (1 - I_y(a+1, p))
//       E[wait; answered | p]      = E[Y (-ln Y)] / theta       = a/(a+p) * sum_{k=1..p} 1/(a+k) / theta
//       E[wait | p]                = (1 - E[Y]) / theta         = p / ((a + p) theta)
//     where I_y is the regularised incomplete beta function, built term by term across p with
//     I_y(a+1, p+1) = I_y(a+1, p) + t_p (all terms positive, no cancellation).
//   - without abandonment (theta = 0) the wait at position p is Erlang(p, N):
//       P(wait <= T | p) = P(Poisson(N T) >= p), E[wait | p] = p / N.
// Weights are accumulated in log space with a running reference, so no sum overflows.
#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <string>

#include "ccsim/models/erlang.hpp"
#include "ccsim/models/limits.hpp"
#include "numerics.hpp"
#include "tagged_caller.hpp"

namespace ccsim::models {
namespace {

using namespace detail;

// Longest queue (in callers) whose states general_figures will sum: under a second of work.
constexpr double max_queue_states = 1e7;

std::string least_stable_message(double load, std::int64_t agents) {
  std::ostringstream out;
  out << "Erlang C is unstable: offered load " << load << " Erlangs with " << agents
      << " agents (load must be below agents); use at least "
      << static_cast<std::int64_t>(std::floor(load)) + 1
      << " agents, or add patience (Erlang A) or a line limit";
  return out.str();
}

void validate(const Queue& q, double answer_within) {
  const auto positive_finite = [](double x) { return x > 0 && std::isfinite(x); };
  if (!positive_finite(q.arrival_rate))
    throw std::invalid_argument("arrival rate must be a positive number of calls per second, got " +
                                std::to_string(q.arrival_rate));
  if (!positive_finite(q.handle_time))
    throw std::invalid_argument("handle time must be a positive number of seconds, got " +
                                std::to_string(q.handle_time));
  if (q.handle_time < limits::min_solver_handle_time || q.handle_time > limits::max_duration)
    throw std::invalid_argument("handle time must be from 1 ms to ten years, got " + std::to_string(q.handle_time) + " s");
  if (q.agents < 1) throw std::invalid_argument("agents must be at least 1, got " + std::to_string(q.agents));
  if (q.agents > limits::max_agents)
    throw std::invalid_argument("agents must be at most " + std::to_string(limits::max_agents) + ", got " + std::to_string(q.agents));
  if (q.lines && *q.lines < 1)
    throw std::invalid_argument("lines must be at least 1, got " + std::to_string(*q.lines));
  if (q.lines && *q.lines > limits::max_lines)
    throw std::invalid_argument("lines must be at most " + std::to_string(limits::max_lines) + ", got " + std::to_string(*q.lines));
  if (!(q.mean_patience > 0))
    throw std::invalid_argument("mean patience must be positive seconds, got " + std::to_string(q.mean_patience));
  if (!std::isinf(q.mean_patience) && (q.mean_patience < limits::min_solver_handle_time || q.mean_patience > limits::max_duration))
    throw std::invalid_argument("mean patience must be from 1 ms to ten years (or never), got " +
                                std::to_string(q.mean_patience) + " s");
  if (!(answer_within >= 0) || !std::isfinite(answer_within))
    throw std::invalid_argument("answer-within threshold must be >= 0 seconds, got " +
                                std::to_string(answer_within));
  if (!positive_finite(q.offered_load()))
    throw std::invalid_argument("offered load must be a positive finite number of Erlangs");
  check_solver_load(q.offered_load());
}

QueueFigures erlang_c_figures(QueueFigures f, double handle_time, double tau) {
  const double load = f.offered_load;
  const double n = static_cast<double>(f.agents);
  const double p_wait = erlang_c(f.agents, load);
  f.p_wait = p_wait;
  f.service_level = 1.0 - p_wait * std::exp(-(n - load) * tau);
  f.service_level_answered = f.service_level;
  f.asa = p_wait * handle_time / (n - load);
  f.mean_wait = f.asa;
  f.mean_queue = p_wait * load / (n - load);
  f.occupancy = load / n;
  return f;
}

QueueFigures loss_figures(QueueFigures f, std::int64_t lines) {
  // Lines <= agents: nobody ever waits, extra agents are idle; Erlang B with `lines` servers.
  f.p_block = erlang_b(lines, f.offered_load);
  f.service_level = 1.0;
  f.service_level_answered = 1.0;
  f.occupancy = f.offered_load * (1.0 - f.p_block) / static_cast<double>(f.agents);
  return f;
}

// Sums over the states "all agents busy, j waiting", weighted relative to a running reference
// exp(reference) so that neither huge nor tiny weights overflow or vanish prematurely.
struct ScaledSums {
  double reference = 0;
  double total = 0;       // every state
  double admitting = 0;   // states in which an arrival gets a line
  double waiting = 0;     // admitting states with every agent busy
  double answered = 0;    // admitting-state weight x P(answered)
  double abandoning = 0;  // admitting-state weight x P(abandon)
  double within = 0;      // admitting-state weight x P(answered within T)
  double wait_answered = 0;  // admitting-state weight x E[wait; answered]
  double wait_all = 0;       // admitting-state weight x E[wait]
  double queue = 0;          // every state, weight x callers waiting
  double blocking = 0;       // the full state (all lines taken)

  // Makes `log_weight` representable relative to the reference, rescaling everything if needed.
  double weight(double log_weight) {
    if (log_weight > reference) {
      const double shrink = std::exp(reference - log_weight);
      for (double* sum : {&total, &admitting, &waiting, &answered, &abandoning, &within, &wait_answered,
                          &wait_all, &queue, &blocking}) {
        *sum *= shrink;
      }
      reference = log_weight;
    }
    return std::exp(log_weight - reference);
  }
};

QueueFigures general_figures(QueueFigures f, double theta, double tau, double handle_time) {
  const double load = f.offered_load;
  const double n = static_cast<double>(f.agents);
  const std::int64_t last_state = f.lines ? *f.lines - f.agents : std::numeric_limits<std::int64_t>::max();

  // The weights peak near j = (A - N) / theta (or at the line limit without abandonment); the sum
  // must reach past the peak. Refuse queues so long that summing them would take minutes.
  const bool abandons = theta > 0;
  const double peak = abandons ? std::max(0.0, (load - n) / theta)
                               : (load >= n ? static_cast<double>(last_state) : 0.0);
  if (std::min(peak, static_cast<double>(last_state)) > max_queue_states) {
    std::ostringstream out;
    out << "the queue would hold about " << std::min(peak, static_cast<double>(last_state))
        << " waiting callers (offered load " << load << " Erlangs on " << f.agents
        << " agents); exact figures are summed over at most " << max_queue_states
        << " queue states: add agents, shorten the patience or limit the lines";
    throw std::domain_error(out.str());
  }

  ScaledSums sums;
  {
    // Idle states: P(answered) = P(within T) = 1, wait 0.
    const double w = sums.weight(log_idle_to_busy_ratio(f.agents, load));
    sums.total += w;
    sums.admitting += w;
    sums.answered += w;
    sums.within += w;
  }

  TaggedCaller caller(n, theta, tau);
  double log_w = 0.0;  // log w_j

  for (std::int64_t j = 0;; ++j) {
    const double w = sums.weight(log_w);
    const double jd = static_cast<double>(j);
    sums.total += w;
    sums.queue += jd * w;
    if (j == last_state) {
      sums.blocking += w;
      break;
    }
    // The admitted caller takes position j + 1.
    const TaggedCaller::Position at = caller.next();
    sums.admitting += w;
    sums.waiting += w;
    sums.answered += w * at.p_answered;
    sums.abandoning += w * (1.0 - at.p_answered);
    sums.within += w * at.p_within;
    sums.wait_answered += w * at.wait_answered;
    sums.wait_all += w * at.wait_all;

    // Next state's weight: ratio A / (N + (j+1) theta) is non-increasing in j, so once it is
    // below 1 the remaining weights form a tail bounded by w_{j+1} / (1 - ratio).
    const double ratio = load / (n + (jd + 1.0) * theta);
    log_w += std::log(ratio);
    if (ratio < 1.0 && log_w - sums.reference - std::log1p(-ratio) < std::log(1e-20 * sums.total)) break;
  }

  f.p_block = sums.blocking / sums.total;
  f.p_wait = sums.waiting / sums.admitting;
  f.p_abandon = sums.abandoning / sums.admitting;
  f.service_level = sums.within / sums.admitting;
  f.service_level_answered = sums.within / sums.answered;
  f.asa = sums.wait_answered / sums.answered * handle_time;
  f.mean_wait = sums.wait_all / sums.admitting * handle_time;
  f.mean_queue = sums.queue / sums.total;
  // Carried load / agents; below 1 mathematically, but in deep overload it may round to 1 + ulp.
  f.occupancy = std::min(1.0, load * (1.0 - f.p_block) * (sums.answered / sums.admitting) / n);
  return f;
}

}  // namespace

UnstableQueue::UnstableQueue(double load, std::int64_t agent_count)
    : std::domain_error(least_stable_message(load, agent_count)),
      offered_load(load),
      agents(agent_count),
      least_stable_agents(static_cast<std::int64_t>(std::floor(load)) + 1) {}

double erlang_c(std::int64_t agents, double load) {
  if (agents < 1) throw std::invalid_argument("agents must be at least 1");
  if (!(load < static_cast<double>(agents))) throw UnstableQueue(load, agents);
  // C = 1 / (1 + (1 - rho) S), S = 1/B - 1.
  const double rho = load / static_cast<double>(agents);
  return 1.0 / (1.0 + std::exp(std::log1p(-rho) + log_idle_to_busy_ratio(agents, load)));
}

QueueFigures queue_figures(const Queue& queue, double answer_within) {
  validate(queue, answer_within);
  QueueFigures f;
  f.offered_load = queue.offered_load();
  f.agents = queue.agents;
  f.lines = queue.lines;
  f.answer_within = answer_within;
  const double theta = std::isinf(queue.mean_patience) ? 0.0 : queue.handle_time / queue.mean_patience;
  const double tau = answer_within / queue.handle_time;

  if (queue.lines && *queue.lines <= queue.agents) return loss_figures(f, *queue.lines);
  if (!queue.lines && theta == 0.0) return erlang_c_figures(f, queue.handle_time, tau);
  return general_figures(f, theta, tau, queue.handle_time);
}

}  // namespace ccsim::models
