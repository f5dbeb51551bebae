#pragma once
// What the tests check simulated figures against: an exact value inside a 99 % interval (the
// replications' 95 % Student-t interval widened to 99 %). One rule for every test.
#include <gtest/gtest.h>

#include <string>

#include <boost/math/distributions/students_t.hpp>

namespace ccsim::testing_support {

/// The half-width of the 99 % Student-t interval whose 95 % half-width over `replications` is `ci95`.
inline double ci99_from_ci95(double ci95, int replications) {
  const boost::math::students_t_distribution<double> t(replications - 1);
  return ci95 * boost::math::quantile(t, 0.995) / boost::math::quantile(t, 0.975);
}

/// Expects `exact` within the 99 % interval of a mean over `replications` replications whose 95 %
/// half-width is `ci95`; `what` names the figure in the message.
inline void expect_in_99(double mean, double ci95, int replications, double exact, const std::string& what) {
  const double ci99 = ci99_from_ci95(ci95, replications);
  EXPECT_NEAR(mean, exact, ci99) << what << ": simulated " << mean << " +- " << ci99 << " (99%), exact " << exact;
}

}  // namespace ccsim::testing_support
