#pragma once
// The results the visualiser shows, and the series its charts plot: computed from a run of
// replications, with no GUI code, so that what is plotted is unit-tested without a window.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ccsim/sim/runner.hpp"

namespace ccsim::viz {

/// Everything the views need from one run of a scenario.
struct Results {
  sim::Scenario scenario;  ///< what was simulated
  sim::RunResult run;      ///< estimates with 95% intervals (summary, per interval, per day)
  /// Numerator and denominator of every metric over the whole horizon, [metric][replication]
  /// (counts: value and 1), for paired comparisons.
  std::vector<std::vector<sim::Pair>> per_replication;
  /// Scenarios with several queues: the same per call type and per agent group,
  /// [type or group][metric][replication].
  std::vector<std::vector<std::vector<sim::Pair>>> per_replication_types, per_replication_groups;
  /// The configured service level of each day of each replication, [replication x days + day]
  /// (NaN for a day with no call in the denominator).
  std::vector<double> daily_service_level;
  /// Answered calls by wait, summed over replications, in bins of sim::wait_histogram_bin seconds.
  std::vector<double> answered_waits;
  sim::Trace replay;  ///< replication 0, for the live replay
  double seconds = 0; ///< wall-clock seconds the run took
};

struct SimulateOptions {
  int threads = 0;                          ///< 0: every core
  std::function<void(int, int)> progress;   ///< (replications done, total), from worker threads
  std::function<bool()> cancelled;          ///< asked between replications; true stops (sim::RunCancelled)
  double replay_step = 10.0;                ///< seconds between replay snapshots
};

/// Runs `scenario`'s replications (and replication 0 once more with a replay trace).
Results simulate(const sim::Scenario& scenario, const SimulateOptions& options = {});

/// What part of the centre a view shows: the whole centre, one call type or one agent group
/// (`index` into the scenario's call_types or agent_groups).
struct Focus {
  sim::Scope scope = sim::Scope::centre;
  std::size_t index = 0;
};

/// The estimates of `view` per interval, [interval][Metric] (the centre's, a type's or a group's).
const std::vector<std::vector<sim::Estimate>>& view_intervals(const Results& results, Focus view);
/// The whole-horizon estimates of `view`, by Metric.
const std::vector<sim::Estimate>& view_summary(const Results& results, Focus view);
/// The name of `view`: "all", or the type's or group's name.
std::string view_name(const sim::Scenario& scenario, Focus view);

/// A per-interval series with its 95% band: one value per interval of the horizon (day-major);
/// NaN where undefined. `low`/`high` are mean -/+ the interval's half-width (NaN without one).
struct Series {
  std::vector<double> mean, low, high;
};

/// `metric` in every interval of the horizon, for `view` (NaN where the metric is not reported for it).
Series interval_series(const Results& results, sim::Metric metric, Focus view = {});

/// Scheduled agents (on duty, not on break, time-averaged) in every interval of the horizon: of
/// every group, of the groups that serve a call type, or of one group.
std::vector<double> staffed_agents(const sim::Scenario& scenario, Focus view = {});

/// Erlang-required agents in every interval: the fewest agents meeting the service-level
/// target (answered within T / admitted) for the interval's simulated offered calls (mean over
/// replications; IVR self-service removed), mean talk + wrap-up, Erlang A when callers have
/// patience (its mean), Erlang C otherwise; unlimited lines. NaN when no agent count suffices.
/// For a call type, its own calls, needs and target; for the whole centre with several types, the
/// sum of the types' (each as its own pool: what dedicated groups would need); for a group, NaN.
std::vector<double> erlang_required_agents(const Results& results, Focus view = {});
/// The model erlang_required_agents uses for `view`: "Erlang A" (callers abandon), "Erlang C", or
/// "Erlang A and C" (call types of both kinds added up); lines are not modelled.
std::string erlang_required_model(const Results& results, Focus view = {});

/// A stacked series: named layers of one value per interval.
struct Layer {
  std::string name;
  std::vector<double> values;
};
/// Contacts by kind per interval (mean over replications): fresh, redial, busy retry, repeat,
/// after the closed message, callback dials. Empty for scenarios that do not follow customers.
std::vector<Layer> contacts_by_kind(const Results& results);

/// Share of answered calls answered within each bin's upper edge (cumulative, 0..1), per bin.
std::vector<double> cumulative_wait_share(const Results& results);

/// Risk of missing the target: the share of simulated days (replications x days) whose
/// service level is below `target` (days without calls left out); NaN with no day.
double share_of_days_below(const Results& results, double target);

/// The difference current - baseline of one metric over the horizon, with the half-width of
/// its 95% interval.
struct Delta {
  sim::Metric metric;
  std::optional<double> baseline, current, difference, ci95;
  bool paired = false;  ///< paired by replication (same seed and replications: common random numbers)
};

/// Every reported metric of `current` against `baseline`. With common random numbers (same seed
/// and replication count) the interval comes from the paired per-replication differences: for
/// counts a Student-t interval of the differences, for ratios the delta method on the paired
/// ratio-of-sums estimators. Otherwise the runs are independent and the half-widths add in
/// quadrature.
/// With a `view`, the metrics of that call type or agent group (both runs must have it).
std::vector<Delta> compare(const Results& baseline, const Results& current, Focus view = {});

/// About `target_count` round tick positions (1, 2, 2.5 or 5 x 10^k apart) covering [low, high].
std::vector<double> nice_ticks(double low, double high, int target_count);

/// A tick label: "1200", "0.25", "1.5k", "2M" (enough digits for the spacing `step`).
std::string format_tick(double value, double step);

}  // namespace ccsim::viz
