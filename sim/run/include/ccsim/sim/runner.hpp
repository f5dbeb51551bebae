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
#include "ccsim/sim/metrics.hpp"
#include "ccsim/sim/scenario.hpp"

namespace ccsim::sim {

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

/// The results of one call type or one agent group (scenarios with several queues).
struct ScopeResult {
  std::string name;
  std::vector<Estimate> summary;                 ///< indexed by Metric (those reported for the scope)
  std::vector<std::vector<Estimate>> intervals;  ///< [day * intervals_per_day + i][Metric]
  std::vector<Estimate> handled_by_call_type;    ///< agent groups: calls of each type handled per replication
};

struct RunResult {
  int replications = 0;
  std::uint64_t seed = 0;
  int threads = 1;  ///< worker threads used
  std::vector<Estimate> summary;                 ///< indexed by Metric
  std::vector<std::vector<Estimate>> intervals;  ///< [day * intervals_per_day + i][Metric]
  std::vector<std::vector<Estimate>> days;       ///< [day][Metric], per-interval metrics over whole days
  std::vector<ScopeResult> call_types;           ///< scenarios with several queues: per call type
  std::vector<ScopeResult> agent_groups;         ///< scenarios with several queues: per agent group
  std::uint64_t events = 0;
  std::uint64_t calls = 0;
  double wall_seconds = 0;
};

struct ReplicationRecord;

struct RunOptions {
  int threads = 0;  ///< 0: every core
  /// Called from worker threads as replications finish: (done, total). May be empty.
  std::function<void(int, int)> progress;
  /// Called for every replication, in replication order, before it is merged. May be empty.
  std::function<void(int, const ReplicationResult&)> on_replication;
  /// run_replications: called with every replication's record (replication_record.hpp), in
  /// replication order, as it is added to the results. May be empty.
  std::function<void(int, const ReplicationRecord&)> on_record;
  /// Asked before each replication starts; once it returns true, run_replications stops
  /// starting replications and throws RunCancelled. May be empty.
  std::function<bool()> cancelled;
  /// run_records only: replications first_replication to end_replication - 1 (0-based; end 0:
  /// to the last), with the same random streams as in a run of them all.
  int first_replication = 0, end_replication = 0;
};


/// Thrown by run_replications when RunOptions::cancelled asked it to stop.
class RunCancelled : public std::runtime_error {
public:
  RunCancelled() : std::runtime_error("run cancelled") {}
};

/// Runs `scenario.run.replications` replications with seed `scenario.run.seed`.
RunResult run_replications(const Scenario& scenario, const RunOptions& options = {});

/// Runs the replications of `options`' range and passes each one's record (replication_record.hpp)
/// to `sink` in replication order; returns the threads used. Throws std::invalid_argument for a
/// range outside the run.
int run_records(const Scenario& scenario, const RunOptions& options, const std::function<void(int, ReplicationRecord&&)>& sink);

}  // namespace ccsim::sim
