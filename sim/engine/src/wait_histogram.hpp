#pragma once
// The engine's record of answered calls' waits, behind the 90th percentile and the wait
// distribution: exact counts in 0.25 s bins up to one hour, then bins 2^(1/256) times wider each
// (0.27 % of the wait) up to 2^24 hours, beyond any wait a run can have. Part of the recorder.
// Tested in tests/wait_histogram_test.cpp.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ccsim::sim::detail {

class WaitHistogram {
public:
  static constexpr double bin = 0.25;              ///< seconds, up to one hour
  static constexpr std::size_t linear_bins = 14400;  // one hour
  static constexpr double linear_end = static_cast<double>(linear_bins) * bin;
  static constexpr double bins_per_doubling = 256.0;  // beyond an hour
  static constexpr std::size_t bins = linear_bins + 24 * 256;

  void clear() {
    std::fill(counts_.begin(), counts_.end(), 0U);
    zero_ = 0;
  }
  /// Records one answered call's wait, seconds (>= 0).
  void record(double wait) {
    if (wait > 0) {
      ++counts_[bin_of(wait)];
    } else {
      ++zero_;
    }
  }
  /// Waits recorded.
  [[nodiscard]] std::uint64_t count() const {
    std::uint64_t total = zero_;
    for (auto c : counts_) total += c;
    return total;
  }
  /// The `q` quantile of the recorded waits (0 < q < 1), seconds: 0 when at least a share q did
  /// not wait, otherwise interpolated linearly within its bin. 0 with nothing recorded.
  [[nodiscard]] double quantile(double q) const {
    const std::uint64_t total = count();
    const double rank = q * static_cast<double>(total);
    if (total == 0 || !(rank > static_cast<double>(zero_))) return 0.0;
    double below = static_cast<double>(zero_);
    for (std::size_t b = 0; b < bins; ++b) {
      const double here = counts_[b];
      if (below + here >= rank) {
        const double from = bin_start(b);
        return from + (here > 0 ? (rank - below) / here : 0.0) * (bin_start(b + 1) - from);
      }
      below += here;
    }
    return bin_start(bins);
  }
  /// Waits in bins of `width` seconds (a multiple of `bin`), `coarse_bins` of them: bin 0 holds
  /// the calls that did not wait and waits under `width`; the last also every longer wait.
  [[nodiscard]] std::vector<double> coarse(double width, std::size_t coarse_bins) const {
    std::vector<double> out(coarse_bins, 0.0);
    out[0] = static_cast<double>(zero_);
    const auto per_coarse = static_cast<std::size_t>(width / bin);
    for (std::size_t b = 0; b < bins; ++b) out[std::min(b / per_coarse, coarse_bins - 1)] += counts_[b];
    return out;
  }

  /// The bin of a positive wait (seconds).
  static std::size_t bin_of(double wait) {
    const double scaled = wait * (1.0 / bin);
    if (scaled < static_cast<double>(linear_bins)) return static_cast<std::size_t>(scaled);
    const double steps = std::floor(std::log2(wait / linear_end) * bins_per_doubling);
    return linear_bins + static_cast<std::size_t>(std::min(steps, static_cast<double>(bins - linear_bins - 1)));
  }
  /// Where bin `b` starts, seconds.
  static double bin_start(std::size_t b) {
    if (b < linear_bins) return static_cast<double>(b) * bin;
    return linear_end * std::exp2(static_cast<double>(b - linear_bins) / bins_per_doubling);
  }

private:
  std::vector<std::uint32_t> counts_ = std::vector<std::uint32_t>(bins, 0U);  // positive waits
  std::uint64_t zero_ = 0;
};

}  // namespace ccsim::sim::detail
