#pragma once
// The metric table: every figure ccsim reports, its definition, whether it is a count or a
// ratio of sums, where it is reported, and how it is computed from the engine's tallies. The
// runner, the terminal report, the CSV/JSON writers and the visualiser all read it.
#include <string>
#include <vector>

#include "ccsim/sim/engine.hpp"
#include "ccsim/sim/scenario.hpp"

namespace ccsim::sim {

/// The figures ccsim reports, in output order.
enum class Metric {
  offered, blocked, answered, abandoned, abandoned_short, answered_within_target,  // counts
  service_level, service_level_answered, service_level_offered, asa, mean_wait,   // ratios
  abandon_rate, block_rate, occupancy, p_wait, mean_queue, agents,
  wait_p90, max_queue,                                                             // per replication
  // Returning customers, callbacks, IVR: reported for scenarios that follow customers.
  fresh, redials, retries, repeats, reopens, closed, callbacks_placed, contacts, customers,
  contacts_per_customer, first_contact_resolution, resolved, gave_up, pending, self_service, balked,
  customer_service_level, callbacks_offered, callbacks_accepted, callbacks_completed, callbacks_failed,
  promises_kept, promises_broken, promise_kept_rate, callback_wait, wait_estimate_error, wait_estimate_bias,
  // Caller identification: reported for scenarios with a crm block.
  identified_share, crm_hours_saved,
  // Agent groups: calls handled (answered and callbacks reached); callers cleared at closing.
  handled, cleared,
  count_
};
inline constexpr std::size_t metric_count = static_cast<std::size_t>(Metric::count_);

/// Where a metric is reported: for the whole centre, per call type, per agent group (a bit mask).
enum Scope : unsigned { centre = 1, call_type = 2, agent_group = 4 };

/// One row of the metric table: what a figure is called, what it means, and how it is estimated.
/// How it is computed from the tallies is metric_pair().
struct MetricInfo {
  Metric metric;
  const char* name;        ///< the JSON / CSV key
  const char* label;       ///< what people read: "Average speed of answer"
  const char* unit;        ///< "%" (a share), "s", "calls", "agents", "callers", "customers", ...
  const char* definition;  ///< one line for people
  bool ratio;              ///< ratio of sums (delta-method interval) or mean per replication
  bool per_interval;       ///< also reported per interval
  bool returning = false;  ///< a returning-customer measure: reported only when the scenario follows customers
  bool crm = false;        ///< a caller-identification measure: reported only with a crm block
  bool share = false;      ///< a fraction from 0 to 1 (shown as a percentage)
  unsigned scopes = centre | call_type;  ///< Scope bits
};

/// Every metric, in output order (index = Metric value).
const std::vector<MetricInfo>& metric_infos();
/// True when `info` is reported for `scenario` in `scope` (returning-customer measures need
/// follow_customers, caller-identification ones a crm block; call_type and agent_group scopes a
/// scenario with several queues).
bool reported(const MetricInfo& info, const Model& scenario, Scope scope = Scope::centre);
/// True for a metric that is a share (a fraction from 0 to 1, shown as a percentage): the table's `share`.
bool is_share(Metric metric);
/// The definition of the configured service level, e.g. "answered within 20s / (answered + abandoned after 5s)".
std::string service_level_definition(const ServiceLevelSpec& spec);
/// The definition of the whole centre's service level: the top-level one, or, when call types
/// have their own thresholds, each call within its type's T (the types named with their T).
std::string service_level_definition(const Model& model);

/// A mean with the half-width of its 95% confidence interval (none with one replication, or
/// where the figure is undefined, e.g. ASA of an interval in which nobody was answered).
struct Estimate {
  std::optional<double> mean;
  std::optional<double> ci95;
};

/// Numerator and denominator of a ratio metric, or the value of a count, for one tally.
/// For counts the denominator is 1.
struct Pair {
  double x = 0, y = 1;
};
Pair metric_pair(Metric metric, const IntervalTally& tally, const ServiceLevelSpec& spec);

}  // namespace ccsim::sim
