#pragma once
// One replication's contribution to the results: for every estimator (a metric of the whole
// horizon, an interval, a day; of each call type and agent group), the pair (numerator,
// denominator) the replication adds, in a fixed layout. The runner, sharded runs (`--stats`,
// `ccsim merge`), MPI ranks and paired comparisons all go through these records: results built
// from the same records in replication order are bit-identical, however they were computed.
#include <cstdint>
#include <vector>

#include "ccsim/sim/engine.hpp"
#include "ccsim/sim/metrics.hpp"
#include "ccsim/sim/runner.hpp"
#include "ccsim/sim/scenario.hpp"

namespace ccsim::sim {

/// Where each estimator sits in a record, and which estimators the scenario reports.
class RecordLayout {
public:
  explicit RecordLayout(const Scenario& scenario);
  [[nodiscard]] std::size_t size() const { return active_.size(); }
  [[nodiscard]] bool active(std::size_t slot) const { return active_[slot] != 0; }
  [[nodiscard]] std::size_t summary(std::size_t metric) const { return metric; }
  [[nodiscard]] std::size_t interval(std::size_t i, std::size_t metric) const { return intervals_ + i * metric_count + metric; }
  [[nodiscard]] std::size_t day(std::size_t d, std::size_t metric) const { return days_ + d * metric_count + metric; }
  /// A call type's (scope 0..types-1) or agent group's (scope types..types+groups-1) estimators.
  [[nodiscard]] std::size_t scope_summary(std::size_t scope, std::size_t metric) const { return scopes_ + scope * scope_size_ + metric; }
  [[nodiscard]] std::size_t scope_interval(std::size_t scope, std::size_t i, std::size_t metric) const {
    return scopes_ + scope * scope_size_ + metric_count + i * metric_count + metric;
  }
  /// Calls of type `type` handled by group `group`.
  [[nodiscard]] std::size_t handled(std::size_t group, std::size_t type) const { return handled_ + group * types_ + type; }
  [[nodiscard]] std::size_t interval_count() const { return interval_count_; }
  [[nodiscard]] std::size_t day_count() const { return day_count_; }
  [[nodiscard]] std::size_t types() const { return types_; }
  [[nodiscard]] std::size_t groups() const { return groups_; }

private:
  std::size_t interval_count_ = 0, day_count_ = 0, types_ = 0, groups_ = 0;
  std::size_t intervals_ = 0, days_ = 0, scopes_ = 0, scope_size_ = 0, handled_ = 0;
  std::vector<char> active_;
};

/// One replication's pairs (RecordLayout order; inactive slots hold {0, 1}) and its counts.
struct ReplicationRecord {
  std::vector<Pair> pairs;
  std::uint64_t events = 0, calls = 0;
};

/// The record of `result`, a replication of `scenario`.
ReplicationRecord make_record(const Scenario& scenario, const RecordLayout& layout, const ReplicationResult& result);

/// Builds a RunResult from records given in replication order.
class ResultBuilder {
public:
  explicit ResultBuilder(const Scenario& scenario);
  void add(const ReplicationRecord& record);
  [[nodiscard]] int replications() const { return replications_; }
  /// The results (threads and wall_seconds as given: they describe how the records were made).
  [[nodiscard]] RunResult finish(int threads, double wall_seconds) const;
  [[nodiscard]] const RecordLayout& layout() const { return layout_; }

private:
  const Scenario& scenario_;
  RecordLayout layout_;
  std::vector<RatioEstimator> estimators_;
  std::uint64_t events_ = 0, calls_ = 0;
  int replications_ = 0;
};

}  // namespace ccsim::sim
