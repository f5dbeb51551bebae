#include "ccsim/models/arrival_profile.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace ccsim::models {

ArrivalProfile::ArrivalProfile(double interval_length, std::vector<double> expected_calls)
    : interval_length_(interval_length), expected_(std::move(expected_calls)) {
  if (!(interval_length > 0) || !std::isfinite(interval_length))
    throw std::invalid_argument("interval length must be positive");
  if (expected_.empty()) throw std::invalid_argument("an arrival profile needs at least one interval");
  cumulative_.reserve(expected_.size() + 1);
  cumulative_.push_back(0.0);
  for (double e : expected_) {
    if (!(e >= 0) || !std::isfinite(e))
      throw std::invalid_argument("expected calls per interval must be >= 0, got " + std::to_string(e));
    cumulative_.push_back(cumulative_.back() + e);
  }
}

double ArrivalProfile::time_at(double intensity, std::size_t& interval) const {
  while (interval < expected_.size() && cumulative_[interval + 1] <= intensity) ++interval;
  if (interval >= expected_.size()) return -1.0;
  const double into = (intensity - cumulative_[interval]) / expected_[interval];  // fraction of the interval
  return (static_cast<double>(interval) + into) * interval_length_;
}

}  // namespace ccsim::models
