// The multi-server retrial queue as a truncated two-dimensional Markov chain.
//
// State (n, m): n calls holding a line (min(n, N) talking, the rest waiting), m callers in the
// orbit. With rates lambda (fresh), mu = 1 / handle, theta = 1 / patience, nu = 1 / delay and
// persistence p, the transitions out of (n, m) are
//   fresh call        lambda       n < K: (n+1, m)     n = K: (n, m+1) w.p. p, else lost
//   retrial           m nu         n < K: (n+1, m-1)   n = K: stays w.p. p, else (n, m-1)
//   end of service    min(n,N) mu  (n-1, m)
//   abandonment       (n-N)+ theta (n-1, m+1) w.p. p, else (n-1, m)
// Without a line limit K is a truncation level, like the orbit's; transitions that would leave
// the grid are dropped, and the probability of the edge states bounds the error. The balance
// equations pi Q = 0 are solved with one of them replaced by pi(ref) = 1 (ref near the mode),
// then normalised. Waiting-time figures follow the tagged caller (tagged_caller.hpp): an
// attempt admitted with j callers waiting is at position j + 1 whatever the orbit holds.
#include <algorithm>
#include <cmath>
#include <sstream>
#include <vector>

#include <Eigen/Sparse>
#include <Eigen/SparseLU>

#include "ccsim/models/retrial.hpp"
#include "ccsim/models/limits.hpp"
#include "tagged_caller.hpp"

namespace ccsim::models {
namespace {

constexpr double edge_tolerance = 1e-10;
constexpr std::int64_t max_states = 300'000;  // a sparse LU of this size takes seconds, not minutes

struct Grid {
  std::int64_t calls;  // n = 0..calls
  std::int64_t orbit;  // m = 0..orbit
  [[nodiscard]] std::int64_t states() const { return (calls + 1) * (orbit + 1); }
};

// Stationary distribution on `grid`, indexed m * (calls + 1) + n.
Eigen::VectorXd solve(const RetrialQueue& r, const Grid& grid, bool line_limit, double reference_calls,
                      double reference_orbit) {
  const Queue& q = r.queue;
  const double lambda = q.arrival_rate, mu = 1.0 / q.handle_time;
  const double theta = std::isinf(q.mean_patience) ? 0.0 : 1.0 / q.mean_patience;
  const double nu = 1.0 / r.redial_delay, p = r.redial_probability;
  const std::int64_t N = q.agents, K = grid.calls, M = grid.orbit;
  const auto index = [&](std::int64_t n, std::int64_t m) { return m * (K + 1) + n; };
  const std::int64_t ref = index(std::clamp<std::int64_t>(std::llround(reference_calls), 0, K),
                                 std::clamp<std::int64_t>(std::llround(reference_orbit), 0, M));

  std::vector<Eigen::Triplet<double, std::int64_t>> entries;
  entries.reserve(static_cast<std::size_t>(grid.states()) * 6);
  // Column `from` of Q^T: rate into `to`, and out of `from` on the diagonal. Row ref is replaced.
  const auto move = [&](std::int64_t from, std::int64_t to, double rate) {
    if (rate <= 0 || from == to) return;
    if (to != ref) entries.emplace_back(to, from, rate);
    if (from != ref) entries.emplace_back(from, from, -rate);
  };
  for (std::int64_t m = 0; m <= M; ++m) {
    for (std::int64_t n = 0; n <= K; ++n) {
      const std::int64_t s = index(n, m);
      const double retrials = static_cast<double>(m) * nu;
      if (n < K) {
        move(s, index(n + 1, m), lambda);
        if (m > 0) move(s, index(n + 1, m - 1), retrials);
      } else if (line_limit) {
        if (m < M) move(s, index(n, m + 1), lambda * p);
        if (m > 0) move(s, index(n, m - 1), retrials * (1.0 - p));
      }
      if (n > 0) {
        const double serving = static_cast<double>(std::min(n, N)) * mu;
        const double abandoning = static_cast<double>(std::max<std::int64_t>(0, n - N)) * theta;
        move(s, index(n - 1, m), serving + abandoning * (1.0 - p));
        if (m < M) move(s, index(n - 1, m + 1), abandoning * p);
      }
    }
  }
  entries.emplace_back(ref, ref, 1.0);
  Eigen::SparseMatrix<double, Eigen::ColMajor, std::int64_t> a(grid.states(), grid.states());
  a.setFromTriplets(entries.begin(), entries.end());
  entries.clear();
  entries.shrink_to_fit();
  Eigen::SparseLU<decltype(a), Eigen::COLAMDOrdering<std::int64_t>> lu;
  lu.compute(a);
  if (lu.info() != Eigen::Success) throw std::domain_error("the retrial chain could not be factorised: " + lu.lastErrorMessage());
  Eigen::VectorXd b = Eigen::VectorXd::Zero(grid.states());
  b(ref) = 1.0;
  Eigen::VectorXd pi = lu.solve(b);
  if (lu.info() != Eigen::Success || !pi.allFinite()) throw std::domain_error("the retrial chain could not be solved");
  pi = pi.cwiseMax(0.0);  // round-off below zero in states of negligible probability
  pi /= pi.sum();
  return pi;
}

}  // namespace

RetrialFigures retrial_figures(const RetrialQueue& retrial, double answer_within) {
  const Queue& q = retrial.queue;
  // Validates the queue and answers the case without retrials (nobody blocked or abandoning).
  const QueueFigures plain = queue_figures(q, answer_within);
  if (!(retrial.redial_probability >= 0 && retrial.redial_probability <= 1))
    throw std::invalid_argument("redial probability must be between 0 and 1, got " + std::to_string(retrial.redial_probability));
  if (!(retrial.redial_delay >= limits::min_solver_handle_time && retrial.redial_delay <= limits::max_duration))
    throw std::invalid_argument("redial delay must be from 1 ms to ten years, got " + std::to_string(retrial.redial_delay) + " s");
  const double load = q.offered_load();
  const double n_agents = static_cast<double>(q.agents);
  const bool line_limit = q.lines.has_value();
  const bool abandons = !std::isinf(q.mean_patience);
  if (retrial.redial_probability == 1.0 && (line_limit || abandons) && load >= n_agents) {
    std::ostringstream out;
    out << "with every blocked or abandoning caller ringing again (redial probability 1), the fresh load " << load
        << " Erlangs must be below the " << q.agents << " agents, or the callers waiting to ring again grow without bound";
    throw std::domain_error(out.str());
  }

  RetrialFigures f;
  f.offered_load = load;
  if (!line_limit && !abandons) {
    // Erlang C: nobody is blocked or abandons, so nobody rings again.
    f.effective_load = load;
    f.p_wait = plain.p_wait;
    f.service_level = plain.service_level;
    f.service_level_answered = plain.service_level_answered;
    f.asa = plain.asa;
    f.mean_wait = plain.mean_wait;
    f.mean_queue = plain.mean_queue;
    f.occupancy = plain.occupancy;
    f.max_calls = f.max_orbit = 0;
    f.states = 0;
    return f;
  }

  // Starting grid from a fixed point: the orbit M satisfies nu M = p x (attempt rate) x P(fail)
  // with the attempt rate lambda + nu M, P(fail) from the queue without retrials at that rate.
  const double nu = 1.0 / retrial.redial_delay;
  double orbit = 0;
  for (int i = 0; i < 60; ++i) {
    Queue effective = q;
    effective.arrival_rate = q.arrival_rate + nu * orbit;
    QueueFigures e;
    try {
      e = queue_figures(effective, answer_within);
    } catch (const std::exception&) {
      break;
    }
    const double fail = e.p_block + (1.0 - e.p_block) * e.p_abandon;
    const double next = retrial.redial_probability * effective.arrival_rate * fail / nu;
    if (std::abs(next - orbit) < 1e-6 * (1.0 + orbit)) {
      orbit = next;
      break;
    }
    orbit = 0.5 * (orbit + next);
  }
  const double attempt_load = (q.arrival_rate + nu * orbit) * q.handle_time;
  // The starting grid, sized in floating point and checked against the state cap before any
  // conversion to an integer (a huge load or patience must not wrap a count around).
  const double calls_wanted =
      line_limit ? static_cast<double>(*q.lines)
                 : n_agents + 20 + std::ceil(4 * std::sqrt(attempt_load) +
                                             std::max(0.0, attempt_load - n_agents) * q.mean_patience / q.handle_time);
  const double orbit_wanted = 10 + std::ceil(orbit + 8 * std::sqrt(orbit + 1));
  if (!((calls_wanted + 1) * (orbit_wanted + 1) <= static_cast<double>(max_states))) {
    std::ostringstream out;
    out << "the retrial chain needs over " << max_states << " states (about " << calls_wanted + 1 << " x "
        << orbit_wanted + 1 << "); use a shorter redial delay, a lower redial probability or more agents";
    throw std::domain_error(out.str());
  }
  Grid grid;
  grid.calls = static_cast<std::int64_t>(calls_wanted);
  grid.orbit = static_cast<std::int64_t>(orbit_wanted);

  Eigen::VectorXd pi;
  for (;;) {
    if (grid.states() > max_states) {
      std::ostringstream out;
      out << "the retrial chain needs over " << max_states << " states (" << grid.calls + 1 << " x " << grid.orbit + 1
          << "); use a shorter redial delay, a lower redial probability or more agents";
      throw std::domain_error(out.str());
    }
    pi = solve(retrial, grid, line_limit, std::min(attempt_load, static_cast<double>(grid.calls)), orbit);
    double orbit_edge = 0, calls_edge = 0;
    for (std::int64_t n = 0; n <= grid.calls; ++n) orbit_edge += pi(grid.orbit * (grid.calls + 1) + n);
    if (!line_limit) {
      for (std::int64_t m = 0; m <= grid.orbit; ++m) calls_edge += pi(m * (grid.calls + 1) + grid.calls);
    }
    f.truncation_mass = orbit_edge + calls_edge;
    if (f.truncation_mass < edge_tolerance) break;
    if (orbit_edge >= edge_tolerance / 2) grid.orbit += std::max<std::int64_t>(10, grid.orbit / 2);
    if (calls_edge >= edge_tolerance / 2) grid.calls += std::max<std::int64_t>(10, (grid.calls - q.agents) / 2);
  }

  // Sums over the grid: arrival-weighted per calls in the system (fresh lambda, retrials m nu).
  const std::int64_t K = grid.calls, N = q.agents;
  const double lambda = q.arrival_rate;
  std::vector<double> attempts_at(static_cast<std::size_t>(K + 1), 0.0);  // sum_m (lambda + m nu) pi(n, m)
  double mean_orbit = 0, busy = 0, queue = 0, fresh_blocked = 0;
  for (std::int64_t m = 0; m <= grid.orbit; ++m) {
    for (std::int64_t n = 0; n <= K; ++n) {
      const double w = pi(m * (K + 1) + n);
      attempts_at[static_cast<std::size_t>(n)] += (lambda + static_cast<double>(m) * nu) * w;
      mean_orbit += static_cast<double>(m) * w;
      busy += static_cast<double>(std::min(n, N)) * w;
      queue += static_cast<double>(std::max<std::int64_t>(0, n - N)) * w;
      if (line_limit && n == K) fresh_blocked += w;
    }
  }
  const double attempt_rate = lambda + nu * mean_orbit;
  double admitted = 0, waiting = 0, answered = 0, within = 0, wait_answered = 0, wait_all = 0;
  const double theta = abandons ? q.handle_time / q.mean_patience : 0.0;
  detail::TaggedCaller caller(n_agents, theta, answer_within / q.handle_time);
  const std::int64_t last_admitting = line_limit ? K - 1 : K;
  for (std::int64_t n = 0; n <= last_admitting; ++n) {
    const double w = attempts_at[static_cast<std::size_t>(n)];
    admitted += w;
    if (n < N) {
      answered += w;
      within += w;
      continue;
    }
    const auto at = caller.next();  // position n - N + 1
    waiting += w;
    answered += w * at.p_answered;
    within += w * at.p_within;
    wait_answered += w * at.wait_answered;
    wait_all += w * at.wait_all;
  }
  f.mean_orbit = mean_orbit;
  f.retrial_rate = nu * mean_orbit;
  f.effective_load = attempt_rate * q.handle_time;
  f.p_block = line_limit ? attempts_at[static_cast<std::size_t>(K)] / attempt_rate : 0.0;
  f.p_block_fresh = fresh_blocked;
  f.p_wait = waiting / admitted;
  f.p_abandon = 1.0 - answered / admitted;
  f.service_level = within / admitted;
  f.service_level_answered = answered > 0 ? within / answered : 1.0;
  f.asa = answered > 0 ? wait_answered / answered * q.handle_time : 0.0;
  f.mean_wait = wait_all / admitted * q.handle_time;
  f.mean_queue = queue;
  f.occupancy = busy / n_agents;
  f.p_lost = std::max(0.0, 1.0 - busy / q.handle_time / lambda);
  f.max_calls = grid.calls;
  f.max_orbit = grid.orbit;
  f.states = grid.states();
  return f;
}

QueueFigures as_queue_figures(const RetrialQueue& retrial, const RetrialFigures& r, double answer_within) {
  QueueFigures f;
  f.offered_load = r.offered_load;
  f.agents = retrial.queue.agents;
  f.lines = retrial.queue.lines;
  f.answer_within = answer_within;
  f.p_block = r.p_block;
  f.p_wait = r.p_wait;
  f.p_abandon = r.p_abandon;
  f.service_level = r.service_level;
  f.service_level_answered = r.service_level_answered;
  f.asa = r.asa;
  f.mean_wait = r.mean_wait;
  f.mean_queue = r.mean_queue;
  f.occupancy = r.occupancy;
  return f;
}

}  // namespace ccsim::models
