// The inverse questions: fewest agents for a set of targets, and scheduled staff.
#include <algorithm>
#include <cmath>
#include <string>

#include <boost/math/constants/constants.hpp>

#include "ccsim/models/erlang.hpp"
#include "ccsim/models/limits.hpp"

namespace ccsim::models {
namespace {

void require_fraction(const std::optional<double>& value, const char* name, bool allow_one) {
  if (!value) return;
  const double v = *value;
  if (!(v > 0) || v > 1 || (!allow_one && v == 1)) {
    throw std::invalid_argument(std::string(name) + " must lie in (0, " + (allow_one ? "1]" : "1)") +
                                ", got " + std::to_string(v));
  }
}

double normal_cdf(double x) { return 0.5 * std::erfc(-x * boost::math::constants::one_div_root_two<double>()); }
double normal_pdf(double x) {
  return std::exp(-0.5 * x * x) * boost::math::constants::one_div_root_two_pi<double>();
}

// Square-root-staffing estimate of the answer: the least beta whose Halfin-Whitt approximations
// of P(wait), service level and ASA meet the targets (bisection; the approximations are monotone).
std::int64_t estimated_agents(double load, double handle_time, const StaffingTargets& t) {
  const double root_load = std::sqrt(load);
  const double tau = t.answer_within / handle_time;
  const auto approx_met = [&](double beta) {
    const double p_wait = halfin_whitt_p_wait(beta);
    if (t.max_p_wait && p_wait > *t.max_p_wait) return false;
    if (t.service_level && 1.0 - p_wait * std::exp(-beta * root_load * tau) < *t.service_level) return false;
    if (t.max_asa && p_wait * handle_time > *t.max_asa * beta * root_load) return false;
    return true;
  };
  double low = 0.0, high = 12.0;
  if (approx_met(low)) return static_cast<std::int64_t>(std::ceil(load));
  for (int i = 0; i < 20; ++i) {
    const double mid = 0.5 * (low + high);
    (approx_met(mid) ? high : low) = mid;
  }
  return static_cast<std::int64_t>(std::ceil(square_root_staffing(load, high)));
}

}  // namespace

double square_root_staffing(double load, double beta) { return load + beta * std::sqrt(load); }

double halfin_whitt_p_wait(double beta) {
  if (beta <= 0) return 1.0;
  return 1.0 / (1.0 + beta * normal_cdf(beta) / normal_pdf(beta));
}

bool StaffingTargets::met_by(const QueueFigures& f) const {
  if (service_level && f.service_level < *service_level) return false;
  if (max_asa && f.asa > *max_asa) return false;
  if (max_occupancy && f.occupancy > *max_occupancy) return false;
  if (max_p_wait && f.p_wait > *max_p_wait) return false;
  if (max_abandon && f.p_abandon > *max_abandon) return false;
  return true;
}

std::int64_t agents_for_targets(Queue queue, const StaffingTargets& targets) {
  if (!targets.any()) throw std::invalid_argument("no staffing target given");
  require_fraction(targets.service_level, "service-level target", false);
  require_fraction(targets.max_occupancy, "maximum occupancy", true);
  require_fraction(targets.max_p_wait, "maximum P(wait)", true);
  require_fraction(targets.max_abandon, "maximum P(abandon)", true);
  if (targets.max_asa && !(*targets.max_asa > 0 && std::isfinite(*targets.max_asa)))
    throw std::invalid_argument("ASA target must be positive seconds, got " + std::to_string(*targets.max_asa));

  const double load = queue.offered_load();
  check_solver_load(load);
  const bool erlang_c = !queue.lines && std::isinf(queue.mean_patience);
  // Every count below `lowest` certainly fails; above `highest` nothing changes (no queue forms).
  std::int64_t lowest = 1;
  if (erlang_c) {
    lowest = static_cast<std::int64_t>(std::floor(load)) + 1;
    if (targets.max_occupancy)  // occupancy is exactly load / agents
      lowest = std::max(lowest, static_cast<std::int64_t>(std::ceil(load / *targets.max_occupancy - 1e-9)));
  }
  const std::int64_t highest = std::min(queue.lines ? *queue.lines : limits::max_agents, limits::max_agents);
  if (lowest > highest) lowest = highest;

  const auto meets = [&](std::int64_t agents) {
    queue.agents = agents;
    return targets.met_by(queue_figures(queue, targets.answer_within));
  };

  std::int64_t guess = std::clamp(estimated_agents(load, queue.handle_time, targets), lowest, highest);
  std::int64_t fails, succeeds;  // invariant once set: fails < succeeds, meets(succeeds), !meets(fails)
  if (meets(guess)) {
    succeeds = guess;
    fails = lowest - 1;  // nothing below `lowest` can meet the targets
    for (std::int64_t step = 1; succeeds - step >= lowest; step *= 2) {
      const std::int64_t candidate = succeeds - step;
      if (!meets(candidate)) {
        fails = candidate;
        break;
      }
      succeeds = candidate;
    }
  } else {
    const auto fewest = fewest_meeting(guess, highest, meets);
    if (!fewest) {
      throw TargetsUnreachable(queue.lines && *queue.lines <= limits::max_agents
                                   ? "no agent count meets the targets with " + std::to_string(highest) +
                                         " lines: raise the line count or relax the targets"
                                   : "no agent count up to " + std::to_string(highest) +
                                         " (the solvers' limit) meets the targets: relax them");
    }
    return *fewest;
  }
  while (succeeds - fails > 1) {
    const std::int64_t mid = fails + (succeeds - fails) / 2;
    (meets(mid) ? succeeds : fails) = mid;
  }
  return succeeds;
}

std::optional<std::int64_t> fewest_meeting(std::int64_t fails, std::int64_t highest,
                                           const std::function<bool(std::int64_t)>& meets) {
  std::int64_t succeeds = 0;
  for (std::int64_t step = 1;; step *= 2) {
    if (fails >= highest) return std::nullopt;
    const std::int64_t candidate = std::min(fails + step, highest);
    if (meets(candidate)) {
      succeeds = candidate;
      break;
    }
    fails = candidate;
  }
  while (succeeds - fails > 1) {
    const std::int64_t mid = fails + (succeeds - fails) / 2;
    (meets(mid) ? succeeds : fails) = mid;
  }
  return succeeds;
}

std::int64_t scheduled_agents(std::int64_t required_agents, double shrinkage) {
  if (!(shrinkage >= 0 && shrinkage < 1))
    throw std::invalid_argument("shrinkage must lie in [0, 1), got " + std::to_string(shrinkage));
  if (required_agents < 0) throw std::invalid_argument("required agents must be >= 0");
  // A relative tolerance keeps 14 / (1 - 0.3) = 20.000000000000004 at 20.
  const double exact = static_cast<double>(required_agents) / (1.0 - shrinkage);
  return static_cast<std::int64_t>(std::ceil(exact * (1.0 - 1e-12)));
}

}  // namespace ccsim::models
