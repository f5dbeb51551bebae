// Erlang B and the ratio at its heart, evaluated without ever forming A^N or N!.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/tools/roots.hpp>

#include "ccsim/models/erlang.hpp"
#include "ccsim/models/limits.hpp"
#include "numerics.hpp"

namespace ccsim::models {
namespace {

using namespace detail;

// Below this many servers the log-space recurrence is cheaper than the incomplete gamma route.
constexpr std::int64_t small_server_count = 32;

void check_load(double load) {
  if (!(load > 0) || !std::isfinite(load)) {
    throw std::invalid_argument("offered load must be a positive finite number of Erlangs, got " +
                                std::to_string(load));
  }
}

}  // namespace

void check_solver_load(double load) {
  if (!(load <= limits::max_load)) {
    throw std::invalid_argument("offered load " + std::to_string(load) + " Erlangs is more than the solvers' limit of " +
                                std::to_string(static_cast<long long>(limits::max_load)) + " Erlangs");
  }
}

double log_idle_to_busy_ratio(std::int64_t servers, double load) {
  check_load(load);
  if (servers < 0) throw std::invalid_argument("servers must be >= 0");
  if (servers > limits::max_lines)
    throw std::invalid_argument("servers must be at most " + std::to_string(limits::max_lines) + ", got " + std::to_string(servers));
  if (servers == 0) return -std::numeric_limits<double>::infinity();
  const double n = static_cast<double>(servers);

  if (servers <= small_server_count) {
    // S_n = (n / A) (1 + S_{n-1}), S_0 = 0, in logs so that tiny loads cannot overflow.
    double log_ratio = -std::numeric_limits<double>::infinity();
    for (std::int64_t k = 1; k <= servers; ++k) {
      log_ratio = std::log(static_cast<double>(k) / load) + log1p_exp(log_ratio);
    }
    return log_ratio;
  }

  // S = P(Poisson(A) <= N-1) / P(Poisson(A) = N) = Q(N, A) / (A^N e^-A / N!). Boost's default
  // policy evaluates Q in long double: in the far tails the double-only evaluation drifts by
  // ~1e-11 (relative), the promoted one stays within ~1e-15.
  // The pmf likewise comes from Boost in long double while it is a normal double; beyond that
  // its logarithm is formed directly (accurate to the ulp of a log of several hundred).
  const double q = boost::math::gamma_q(n, load);
  if (q > 1e-280) {
    const double pmf = boost::math::gamma_p_derivative(n + 1.0, load);
    return std::log(q) - (pmf > 1e-290 ? std::log(pmf) : log_poisson_pmf_large(n, load));
  }

  // Load far above the server count: S = sum_{j=1..N} prod_{i<j} (N-i)/A converges in a few
  // hundred terms at most, because Q(N, A) < 1e-280 means N/A < 1 - 30/sqrt(A).
  double term = 1.0;
  double sum = 0.0;
  for (std::int64_t j = 1; j <= servers; ++j) {
    term *= static_cast<double>(servers - j + 1) / load;
    sum += term;
    if (term < 1e-18 * sum) break;
  }
  return std::log(sum);
}

double log_erlang_b(std::int64_t lines, double load) {
  check_load(load);
  if (lines < 0) throw std::invalid_argument("lines must be >= 0");
  if (lines == 0) return 0.0;
  // B = 1 / (1 + S)
  return -log1p_exp(log_idle_to_busy_ratio(lines, load));
}

double erlang_b(std::int64_t lines, double load) { return std::exp(log_erlang_b(lines, load)); }

double erlang_b_recurrence(std::int64_t lines, double load) {
  check_load(load);
  if (lines < 0) throw std::invalid_argument("lines must be >= 0");
  double b = 1.0;
  for (std::int64_t n = 1; n <= lines; ++n) {
    b = load * b / (static_cast<double>(n) + load * b);
  }
  return b;
}

double log_erlang_b_direct_sum(std::int64_t lines, double load) {
  check_load(load);
  if (lines < 0) throw std::invalid_argument("lines must be >= 0");
  // 1/B = sum_{k=0..N} t_k with t_N = 1 and t_{k-1} = t_k * k / A; log-sum-exp in one pass.
  double log_term = 0.0;
  double max_log = 0.0;
  double scaled_sum = 1.0;  // sum of exp(log t - max_log)
  const double log_load = std::log(load);
  for (std::int64_t k = lines; k >= 1; --k) {
    log_term += std::log(static_cast<double>(k)) - log_load;
    if (log_term > max_log) {
      scaled_sum = scaled_sum * std::exp(max_log - log_term) + 1.0;
      max_log = log_term;
    } else {
      scaled_sum += std::exp(log_term - max_log);
    }
  }
  return -(max_log + std::log(scaled_sum));
}

std::int64_t lines_for_blocking(double load, double max_blocking) {
  check_load(load);
  check_solver_load(load);
  if (!(max_blocking > 0 && max_blocking < 1)) {
    throw std::invalid_argument("blocking target must lie strictly between 0 and 1, got " +
                                std::to_string(max_blocking));
  }
  const double log_target = std::log(max_blocking);
  const auto meets = [&](std::int64_t n) { return log_erlang_b(n, load) <= log_target; };
  // B(n, A) >= 1 - n/A, so every n below A (1 - target) blocks too much.
  std::int64_t fails = std::max<std::int64_t>(0, static_cast<std::int64_t>(std::ceil(load * (1 - max_blocking))) - 1);
  auto step = std::max<std::int64_t>(1, static_cast<std::int64_t>(std::sqrt(load)));
  std::int64_t succeeds = fails + step;
  while (!meets(succeeds)) {
    fails = succeeds;
    step *= 2;
    succeeds = fails + step;
  }
  while (succeeds - fails > 1) {
    const std::int64_t mid = fails + (succeeds - fails) / 2;
    (meets(mid) ? succeeds : fails) = mid;
  }
  return succeeds;
}

double max_load_for_blocking(std::int64_t lines, double max_blocking) {
  if (lines < 1) throw std::invalid_argument("lines must be at least 1");
  if (lines > limits::max_lines)
    throw std::invalid_argument("lines must be at most " + std::to_string(limits::max_lines) + ", got " + std::to_string(lines));
  if (!(max_blocking > 0 && max_blocking < 1)) {
    throw std::invalid_argument("blocking target must lie strictly between 0 and 1, got " +
                                std::to_string(max_blocking));
  }
  const double n = static_cast<double>(lines);
  const double log_target = std::log(max_blocking);
  const auto excess = [&](double load) { return log_erlang_b(lines, load) - log_target; };
  // B <= A^N / N! <= A^N, so A = target^(1/N) blocks at most the target;
  // B >= 1 - N/A, so A = N / (1 - target) blocks at least the target.
  double low = std::pow(max_blocking, 1.0 / n);
  double high = n / (1.0 - max_blocking);
  if (excess(low) >= 0) return low;
  if (excess(high) <= 0) return high;
  std::uintmax_t iterations = 200;
  const auto [left, right] = boost::math::tools::toms748_solve(
      excess, low, high, boost::math::tools::eps_tolerance<double>(52), iterations);
  return 0.5 * (left + right);
}

}  // namespace ccsim::models
