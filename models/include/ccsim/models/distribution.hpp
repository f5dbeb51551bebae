#pragma once
// Probability distributions of durations (handle time, wrap-up, patience, IVR time, delays),
// described by people (mean and cv, or the distribution's own parameters, or observed values)
// and sampled quickly in the simulator's hot loop (no allocation, no virtual call).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/random/gamma_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/weibull_distribution.hpp>

#include "ccsim/models/limits.hpp"

namespace ccsim::models {

/// The random-number generator of every simulation stream.
using Rng = boost::random::mt19937_64;

enum class DistributionKind { exponential, fixed, uniform, lognormal, gamma, weibull, empirical, mixture };

/// Parses "exponential", "fixed", ...; throws std::invalid_argument for other names.
DistributionKind distribution_kind_from_name(const std::string& name);
const char* distribution_kind_name(DistributionKind kind);

/// A non-negative random duration in seconds. Build it with one of the factory functions, which
/// check their arguments (std::invalid_argument with the reason), then sample with `sample`.
class Distribution {
public:
  /// Exponential with the given mean (seconds, > 0).
  static Distribution exponential(double mean);
  /// Always `value` seconds (>= 0).
  static Distribution fixed(double value);
  /// Uniform on [low, high], 0 <= low <= high.
  static Distribution uniform(double low, double high);
  /// Lognormal whose logarithm has mean `mu` and standard deviation `sigma` (>= 0).
  static Distribution lognormal(double mu, double sigma);
  /// Gamma with `shape` > 0 and `scale` > 0 (seconds).
  static Distribution gamma(double shape, double scale);
  /// Weibull with `shape` > 0 and `scale` > 0 (seconds).
  static Distribution weibull(double shape, double scale);
  /// Resamples the observed values (seconds, >= 0, at least one) with equal probability.
  static Distribution empirical(std::vector<double> values);
  /// A mixture: part i with probability weights[i] (each > 0, summing to 1 within 1e-9). A part
  /// may not itself be a mixture. E.g. a tenth of callers who hang up at once and the rest
  /// exponential: mixture({fixed(0), exponential(1000)}, {0.1, 0.9}).
  static Distribution mixture(std::vector<Distribution> parts, std::vector<double> weights);
  /// The distribution of `kind` with the given mean (> 0) and coefficient of variation (>= 0;
  /// exponential requires 1, fixed 0). Uniform requires cv <= 1/sqrt(3) (no negative values).
  static Distribution from_mean_cv(DistributionKind kind, double mean, double cv);

  [[nodiscard]] DistributionKind kind() const { return kind_; }
  [[nodiscard]] double mean() const { return mean_; }
  /// Coefficient of variation: standard deviation / mean.
  [[nodiscard]] double cv() const { return cv_; }

  /// One draw, in seconds (at most limits::max_duration).
  double sample(Rng& rng) const { return kind_ == DistributionKind::mixture ? sample_mixture(rng) : sample_part(rng); }
  /// A mixture's parts and weights (empty otherwise).
  [[nodiscard]] const std::vector<Distribution>& parts() const { return parts_; }
  [[nodiscard]] std::vector<double> weights() const;

  /// `count` draws into `out`: the same values as `count` calls of `sample` in a row.
  void sample_block(Rng& rng, double* out, std::size_t count) const;

  /// A uniform draw in [0, 1) from 53 random bits.
  static double uniform01(Rng& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }
  /// An exponential draw of mean 1: -log(1 - U); 1 - U is exact for 53-bit U and never 0.
  static double unit_exponential(Rng& rng) { return -std::log(1.0 - uniform01(rng)); }

private:
  Distribution() = default;
  // A draw of any kind but a mixture. Kept apart from the mixture's, which draws a part, so that
  // neither is recursive and both inline into the loops that call them (sample_block).
  double sample_part(Rng& rng) const {
    switch (kind_) {
      case DistributionKind::exponential: return a_ * unit_exponential(rng);
      case DistributionKind::fixed: return a_;
      case DistributionKind::uniform: return a_ + (b_ - a_) * uniform01(rng);
      // Heavy tails are capped at the longest duration ccsim accepts (never reached in practice).
      case DistributionKind::lognormal: return std::min(lognormal_(rng), limits::max_duration);
      case DistributionKind::gamma: return std::min(gamma_(rng), limits::max_duration);
      case DistributionKind::weibull: return std::min(weibull_(rng), limits::max_duration);
      case DistributionKind::empirical: {
        const auto i = static_cast<std::size_t>(uniform01(rng) * static_cast<double>(values_.size()));
        return values_[i < values_.size() ? i : values_.size() - 1];
      }
      case DistributionKind::mixture: break;  // (sample_mixture)
    }
    return 0.0;
  }
  // The part from one uniform draw, then the part's draw (a part is never a mixture).
  double sample_mixture(Rng& rng) const {
    const double u = uniform01(rng);
    std::size_t i = 0;
    while (i + 1 < parts_.size() && u >= values_[i]) ++i;  // values_: cumulative weights
    return parts_[i].sample_part(rng);
  }
  DistributionKind kind_ = DistributionKind::fixed;
  double a_ = 0, b_ = 0;  // exponential: mean; fixed: value; uniform: low, high
  double mean_ = 0, cv_ = 0;
  mutable boost::random::lognormal_distribution<double> lognormal_;
  mutable boost::random::gamma_distribution<double> gamma_;
  mutable boost::random::weibull_distribution<double> weibull_;
  std::vector<double> values_;        // empirical: the values; mixture: cumulative weights
  std::vector<Distribution> parts_;  // mixture: its parts
};

/// The draws of one distribution from a stream that serves it alone, made a block ahead: the
/// same values in the same order as calling `Distribution::sample` each time, at a lower cost per
/// draw, since the draws of a block overlap in the processor instead of each waiting its turn in
/// the simulation's chain of work. Draws left in the block at the end are never used.
/// Aligned to a cache line, so that the fields every draw reads share as few lines as possible.
class alignas(64) DrawAhead {
public:
  static constexpr std::size_t block = 64;

  /// Draws `distribution` (which must outlive this object) from `stream` from now on.
  void reset(const Distribution& distribution, const Rng& stream) {
    distribution_ = &distribution;
    rng_ = stream;
    next_ = block;
  }
  /// The next draw, in seconds (or in the distribution's unit).
  double next() {
    if (next_ == block) [[unlikely]] refill();  // once in `block` draws, out of line
    return values_[next_++];
  }

private:
  void refill();
  const Distribution* distribution_ = nullptr;
  Rng rng_;
  std::array<double, block> values_{};
  std::size_t next_ = block;
};

}  // namespace ccsim::models
