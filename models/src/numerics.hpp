#pragma once
// Small numerical helpers shared by the solvers (private to ccsim::models).
#include <cmath>

#include <boost/math/constants/constants.hpp>
#include <boost/math/special_functions/log1p.hpp>

namespace ccsim::models::detail {

/// log(1 + e^x) without overflow or loss of precision; log1p_exp(-inf) = 0.
inline double log1p_exp(double x) {
  if (x > 35.0) return x + std::exp(-x);
  return std::log1p(std::exp(x));
}

/// log P(Poisson(mean) = n) for n >= 10, accurate to a few ulps of its size and never
/// underflowing: n log(mean/n) - (mean - n) is formed as n log1pmx((mean - n)/n), and
/// log n! by Stirling's series (error below 1e-17 for n >= 10).
inline double log_poisson_pmf_large(double n, double mean) {
  const double inv = 1.0 / n;
  const double inv2 = inv * inv;
  const double stirling_tail = inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 / 1680)));
  return n * boost::math::log1pmx((mean - n) * inv) -
         0.5 * std::log(boost::math::constants::two_pi<double>() * n) - stirling_tail;
}

}  // namespace ccsim::models::detail
