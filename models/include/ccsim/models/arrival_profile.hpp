#pragma once
// One day's arrival intensity: a Poisson process whose rate is constant within each interval.
#include <cstddef>
#include <vector>

namespace ccsim::models {

/// Piecewise-constant arrival rate over a day of equal intervals. Arrivals are generated
/// exactly by inverting the cumulative intensity: if E_1, E_2, ... are unit exponentials, the
/// arrival times are Lambda^-1(E_1), Lambda^-1(E_1 + E_2), ... (a volume factor f scales Lambda,
/// which is the same as dividing the targets by f, so what-if variants share random numbers).
class ArrivalProfile {
public:
  /// `expected_calls[i]` calls are expected in interval i (each `interval_length` seconds long).
  ArrivalProfile(double interval_length, std::vector<double> expected_calls);

  /// Expected calls over the whole day.
  [[nodiscard]] double expected_calls() const { return cumulative_.back(); }
  [[nodiscard]] std::size_t intervals() const { return expected_.size(); }
  [[nodiscard]] double interval_length() const { return interval_length_; }
  [[nodiscard]] double expected_calls(std::size_t interval) const { return expected_[interval]; }

  /// Seconds from the start of the day at which the cumulative intensity reaches `intensity`
  /// (expected calls since the start), or a negative number when the day ends first. `interval`
  /// is a search hint, advanced in place: pass 0 at the start of a day and increasing targets.
  [[nodiscard]] double time_at(double intensity, std::size_t& interval) const;

private:
  double interval_length_;
  std::vector<double> expected_;
  std::vector<double> cumulative_;  // cumulative_[i] = expected calls before interval i; size + 1
};

}  // namespace ccsim::models
