#pragma once
// Replications of a scenario, run in parallel, and their statistics: means with 95% intervals.
//
// A ratio (service level, abandon rate, occupancy, ASA, ...) is estimated as a ratio of sums over
// replications, with a delta-method interval; a count as the mean per replication with a
// Student-t interval. Replications are merged in replication order whatever the thread count,
// so the same seed gives bit-identical results with 1 or 32 threads.
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
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
  count_
};
inline constexpr std::size_t metric_count = static_cast<std::size_t>(Metric::count_);

struct MetricInfo {
  Metric metric;
  const char* name;        ///< the JSON / CSV key
  const char* definition;  ///< one line for people
  bool ratio;              ///< ratio of sums (delta-method interval) or mean per replication
  bool per_interval;       ///< also reported per interval
  bool returning = false;  ///< a returning-customer measure: reported only when the scenario follows customers
  bool crm = false;        ///< a caller-identification measure: reported only with a crm block
};

/// Every metric, in output order (index = Metric value).
const std::vector<MetricInfo>& metric_infos();
/// True when `info` is reported for `scenario` (returning-customer measures need follow_customers,
/// caller-identification ones a crm block).
bool reported(const MetricInfo& info, const Scenario& scenario);
/// True for a metric that is a share (a fraction from 0 to 1, shown as a percentage).
bool is_share(Metric metric);
/// The definition of the configured service level, e.g. "answered within 20s / (answered + abandoned after 5s)".
std::string service_level_definition(const ServiceLevelSpec& spec);

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

/// Streaming estimator of a ratio of sums, E[X]/E[Y], over replications (Welford updates).
class RatioEstimator {
public:
  void add(double x, double y);
  [[nodiscard]] Estimate estimate() const;
  [[nodiscard]] std::uint64_t count() const { return n_; }

private:
  std::uint64_t n_ = 0;
  double mean_x_ = 0, mean_y_ = 0, m2x_ = 0, m2y_ = 0, cxy_ = 0;
};

/// Half-width factor of a two-sided 95% Student-t interval with `n` - 1 degrees of freedom.
double t_quantile_975(std::uint64_t n);

struct RunResult {
  int replications = 0;
  std::uint64_t seed = 0;
  int threads = 1;  ///< worker threads used
  std::vector<Estimate> summary;                 ///< indexed by Metric
  std::vector<std::vector<Estimate>> intervals;  ///< [day * intervals_per_day + i][Metric]
  std::vector<std::vector<Estimate>> days;       ///< [day][Metric], per-interval metrics over whole days
  std::uint64_t events = 0;
  std::uint64_t calls = 0;
  double wall_seconds = 0;
};

struct RunOptions {
  int threads = 0;  ///< 0: every core
  /// Called from worker threads as replications finish: (done, total). May be empty.
  std::function<void(int, int)> progress;
  /// Called for every replication, in replication order, before it is merged. May be empty.
  std::function<void(int, const ReplicationResult&)> on_replication;
  /// Asked before each replication starts; once it returns true, run_replications stops
  /// starting replications and throws RunCancelled. May be empty.
  std::function<bool()> cancelled;
};

/// Thrown by run_replications when RunOptions::cancelled asked it to stop.
class RunCancelled : public std::runtime_error {
public:
  RunCancelled() : std::runtime_error("run cancelled") {}
};

/// Runs `scenario.run.replications` replications with seed `scenario.run.seed`.
RunResult run_replications(const Scenario& scenario, const RunOptions& options = {});

}  // namespace ccsim::sim
