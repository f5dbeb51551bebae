#include "ccsim/models/distribution.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <sstream>

#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/tools/roots.hpp>

namespace ccsim::models {
namespace {

std::string text(double x) {
  std::ostringstream out;
  out << x;
  return out.str();
}

void require(bool ok, const std::string& message) {
  if (!ok) throw std::invalid_argument(message);
}

bool finite_nonnegative(double x) { return std::isfinite(x) && x >= 0; }
bool finite_positive(double x) { return std::isfinite(x) && x > 0; }

// Weibull shape k with coefficient of variation cv: cv^2 = G(1 + 2/k) / G(1 + 1/k)^2 - 1,
// decreasing in k; solved by TOMS 748 on log k.
double weibull_shape_for_cv(double cv) {
  const auto excess = [cv](double log_k) {
    const double k = std::exp(log_k);
    const double g1 = boost::math::tgamma(1.0 + 1.0 / k);
    const double g2 = boost::math::tgamma(1.0 + 2.0 / k);
    return std::sqrt(g2 / (g1 * g1) - 1.0) - cv;
  };
  double low = std::log(0.05), high = std::log(500.0);
  require(excess(low) > 0 && excess(high) < 0,
          "weibull cv " + text(cv) + " is outside what a Weibull can have (about 0.002 to 300)");
  std::uintmax_t iterations = 200;
  const auto [a, b] = boost::math::tools::toms748_solve(excess, low, high,
                                                         boost::math::tools::eps_tolerance<double>(50), iterations);
  return std::exp(0.5 * (a + b));
}

}  // namespace

DistributionKind distribution_kind_from_name(const std::string& name) {
  if (name == "exponential") return DistributionKind::exponential;
  if (name == "fixed") return DistributionKind::fixed;
  if (name == "uniform") return DistributionKind::uniform;
  if (name == "lognormal") return DistributionKind::lognormal;
  if (name == "gamma") return DistributionKind::gamma;
  if (name == "weibull") return DistributionKind::weibull;
  if (name == "empirical") return DistributionKind::empirical;
  if (name == "mixture") return DistributionKind::mixture;
  throw std::invalid_argument("\"" + name +
                              "\" is not a distribution (exponential, fixed, uniform, lognormal, gamma, weibull, "
                              "empirical, mixture)");
}

const char* distribution_kind_name(DistributionKind kind) {
  switch (kind) {
    case DistributionKind::exponential: return "exponential";
    case DistributionKind::fixed: return "fixed";
    case DistributionKind::uniform: return "uniform";
    case DistributionKind::lognormal: return "lognormal";
    case DistributionKind::gamma: return "gamma";
    case DistributionKind::weibull: return "weibull";
    case DistributionKind::empirical: return "empirical";
    case DistributionKind::mixture: return "mixture";
  }
  return "?";
}

Distribution Distribution::exponential(double mean) {
  require(finite_positive(mean), "exponential mean must be positive, got " + text(mean));
  Distribution d;
  d.kind_ = DistributionKind::exponential;
  d.a_ = mean;
  d.mean_ = mean;
  d.cv_ = 1.0;
  return d;
}

Distribution Distribution::fixed(double value) {
  require(finite_nonnegative(value), "fixed value must be >= 0, got " + text(value));
  Distribution d;
  d.kind_ = DistributionKind::fixed;
  d.a_ = value;
  d.mean_ = value;
  d.cv_ = 0.0;
  return d;
}

Distribution Distribution::uniform(double low, double high) {
  require(finite_nonnegative(low) && std::isfinite(high) && high >= low,
          "uniform needs 0 <= min <= max, got min " + text(low) + ", max " + text(high));
  Distribution d;
  d.kind_ = DistributionKind::uniform;
  d.a_ = low;
  d.b_ = high;
  d.mean_ = 0.5 * (low + high);
  d.cv_ = d.mean_ > 0 ? (high - low) / std::sqrt(12.0) / d.mean_ : 0.0;
  return d;
}

Distribution Distribution::lognormal(double mu, double sigma) {
  require(std::isfinite(mu) && finite_nonnegative(sigma),
          "lognormal needs a finite mu and sigma >= 0, got mu " + text(mu) + ", sigma " + text(sigma));
  Distribution d;
  d.kind_ = DistributionKind::lognormal;
  d.lognormal_ = boost::random::lognormal_distribution<double>(mu, sigma);
  d.mean_ = std::exp(mu + 0.5 * sigma * sigma);
  d.cv_ = std::sqrt(std::expm1(sigma * sigma));
  return d;
}

Distribution Distribution::gamma(double shape, double scale) {
  require(finite_positive(shape) && finite_positive(scale),
          "gamma needs shape > 0 and scale > 0, got shape " + text(shape) + ", scale " + text(scale));
  Distribution d;
  d.kind_ = DistributionKind::gamma;
  d.gamma_ = boost::random::gamma_distribution<double>(shape, scale);
  d.mean_ = shape * scale;
  d.cv_ = 1.0 / std::sqrt(shape);
  return d;
}

Distribution Distribution::weibull(double shape, double scale) {
  require(finite_positive(shape) && finite_positive(scale),
          "weibull needs shape > 0 and scale > 0, got shape " + text(shape) + ", scale " + text(scale));
  Distribution d;
  d.kind_ = DistributionKind::weibull;
  d.weibull_ = boost::random::weibull_distribution<double>(shape, scale);
  // Moments through log-gamma: G(1 + 2/k) overflows a double for shapes below about 0.012.
  const double log_g1 = boost::math::lgamma(1.0 + 1.0 / shape);
  const double log_g2 = boost::math::lgamma(1.0 + 2.0 / shape);
  d.mean_ = scale * std::exp(log_g1);
  d.cv_ = std::sqrt(std::expm1(log_g2 - 2.0 * log_g1));
  require(std::isfinite(d.mean_) && std::isfinite(d.cv_),
          "weibull shape " + text(shape) + " is too small: the mean or spread of the distribution overflows");
  return d;
}

Distribution Distribution::empirical(std::vector<double> values) {
  require(!values.empty(), "empirical needs at least one observed value");
  for (double v : values) require(finite_nonnegative(v), "empirical values must be >= 0, got " + text(v));
  Distribution d;
  d.kind_ = DistributionKind::empirical;
  double sum = 0, sum_sq = 0;
  for (double v : values) {
    sum += v;
    sum_sq += v * v;
  }
  const double n = static_cast<double>(values.size());
  d.mean_ = sum / n;
  const double variance = std::max(0.0, sum_sq / n - d.mean_ * d.mean_);
  d.cv_ = d.mean_ > 0 ? std::sqrt(variance) / d.mean_ : 0.0;
  d.values_ = std::move(values);
  return d;
}

Distribution Distribution::mixture(std::vector<Distribution> parts, std::vector<double> weights) {
  require(!parts.empty() && parts.size() == weights.size(), "a mixture needs its parts, each with a weight");
  double total = 0, mean = 0, second_moment = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    require(parts[i].kind() != DistributionKind::mixture, "a mixture's part cannot be a mixture");
    require(finite_positive(weights[i]), "a mixture's weights must be above 0, got " + text(weights[i]));
    total += weights[i];
    const double m = parts[i].mean(), sd = parts[i].cv() * m;
    mean += weights[i] * m;
    second_moment += weights[i] * (sd * sd + m * m);
  }
  require(std::abs(total - 1.0) <= 1e-9, "a mixture's weights must sum to 1, got " + text(total));
  Distribution d;
  d.kind_ = DistributionKind::mixture;
  d.mean_ = mean;
  d.cv_ = mean > 0 ? std::sqrt(std::max(0.0, second_moment - mean * mean)) / mean : 0.0;
  double cumulative = 0;
  for (double w : weights) d.values_.push_back(cumulative += w);
  d.parts_ = std::move(parts);
  return d;
}

std::vector<double> Distribution::weights() const {
  std::vector<double> out;
  double before = 0;
  for (double c : values_) {
    if (kind_ != DistributionKind::mixture) break;
    out.push_back(c - before);
    before = c;
  }
  return out;
}

Distribution Distribution::from_mean_cv(DistributionKind kind, double mean, double cv) {
  require(finite_positive(mean), "mean must be positive, got " + text(mean));
  require(finite_nonnegative(cv), "cv must be >= 0, got " + text(cv));
  switch (kind) {
    case DistributionKind::exponential:
      require(std::abs(cv - 1.0) < 1e-12, "an exponential has cv 1, got " + text(cv));
      return exponential(mean);
    case DistributionKind::fixed:
      require(cv == 0.0, "a fixed duration has cv 0, got " + text(cv));
      return fixed(mean);
    case DistributionKind::uniform: {
      const double half_width = mean * cv * std::sqrt(3.0);
      require(half_width <= mean, "a uniform with mean " + text(mean) + " can have cv at most 0.577, got " + text(cv));
      return uniform(mean - half_width, mean + half_width);
    }
    case DistributionKind::lognormal: {
      const double sigma2 = std::log1p(cv * cv);
      return lognormal(std::log(mean) - 0.5 * sigma2, std::sqrt(sigma2));
    }
    case DistributionKind::gamma:
      require(cv > 0, "a gamma needs cv > 0");
      return gamma(1.0 / (cv * cv), mean * cv * cv);
    case DistributionKind::weibull: {
      require(cv > 0, "a weibull needs cv > 0");
      const double shape = weibull_shape_for_cv(cv);
      return weibull(shape, mean / boost::math::tgamma(1.0 + 1.0 / shape));
    }
    case DistributionKind::empirical:
      throw std::invalid_argument("an empirical distribution is given by its observed values, not by mean and cv");
    case DistributionKind::mixture:
      throw std::invalid_argument("a mixture is given by its parts and weights, not by mean and cv");
  }
  throw std::invalid_argument("unknown distribution");
}

void Distribution::sample_block(Rng& rng, double* out, std::size_t count) const {
  // One loop per kind, its draw inlined (the same values as `sample`, in the same order).
  switch (kind_) {
    case DistributionKind::exponential:
      for (std::size_t k = 0; k < count; ++k) out[k] = a_ * unit_exponential(rng);
      return;
    case DistributionKind::fixed:
      for (std::size_t k = 0; k < count; ++k) out[k] = a_;
      return;
    case DistributionKind::uniform:
      for (std::size_t k = 0; k < count; ++k) out[k] = a_ + (b_ - a_) * uniform01(rng);
      return;
    case DistributionKind::lognormal:
      for (std::size_t k = 0; k < count; ++k) out[k] = std::min(lognormal_(rng), limits::max_duration);
      return;
    case DistributionKind::gamma:
      for (std::size_t k = 0; k < count; ++k) out[k] = std::min(gamma_(rng), limits::max_duration);
      return;
    case DistributionKind::weibull:
      for (std::size_t k = 0; k < count; ++k) out[k] = std::min(weibull_(rng), limits::max_duration);
      return;
    case DistributionKind::empirical:
    case DistributionKind::mixture:
      for (std::size_t k = 0; k < count; ++k) out[k] = sample(rng);
      return;
  }
}

void DrawAhead::refill() {
  distribution_->sample_block(rng_, values_.data(), block);
  next_ = 0;
}

}  // namespace ccsim::models
