#pragma once
// Paired comparisons: a what-if variant against its base, both run with common random numbers
// (the same seed and replications: replication r of each sees the same arrivals, handle times
// and patience as far as the change allows), so the difference's interval comes from the
// per-replication differences and is far narrower than two independent intervals. Used by
// `ccsim compare` and the visualiser's Compare view.
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "ccsim/sim/metrics.hpp"
#include "ccsim/sim/replication_record.hpp"

namespace ccsim::sim {

/// variant - base of one estimator (a ratio of sums, or a mean when y = 1), with the half-width
/// of its 95 % interval: the delta method on the paired per-replication influences
/// z_r = (xv_r - Rv yv_r) / mean(yv) - (xb_r - Rb yb_r) / mean(yb), Student-t on n - 1 degrees
/// of freedom; for counts this is the t interval of the per-replication differences.
struct Difference {
  std::optional<double> base, variant, difference, ci95;
  /// The interval excludes zero.
  [[nodiscard]] bool clear_of_zero() const { return difference && ci95 && std::abs(*difference) > *ci95; }
};

/// The paired difference of per-replication pairs (the same count in both, replication by replication).
Difference paired_difference(const std::vector<Pair>& base, const std::vector<Pair>& variant);

/// A run whose records are kept (for comparisons): its results and each replication's record.
struct RecordedRun {
  RunResult result;
  std::vector<ReplicationRecord> records;
};
RecordedRun run_recorded(const Scenario& scenario, const RunOptions& options = {});

/// Whether two scenarios' records pair slot by slot (the same days, intervals, call types and
/// agent groups); if not, a sentence saying what differs.
std::optional<std::string> unpaired_reason(const Scenario& base, const Scenario& variant);

/// Every estimator slot's paired difference (inactive slots: empty), in RecordLayout order.
std::vector<Difference> compare_records(const RecordLayout& layout, const std::vector<ReplicationRecord>& base,
                                        const std::vector<ReplicationRecord>& variant);

}  // namespace ccsim::sim
