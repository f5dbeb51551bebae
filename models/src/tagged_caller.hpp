#pragma once
// The tagged caller of an M/M/N+M (or M/M/N) FIFO queue (private to ccsim::models): the fate
// of a caller admitted at queue position p = 1, 2, ... (p - 1 callers ahead, all agents busy),
// in units of the mean handle time. The formulas are derived in queue_model.cpp.
#include <algorithm>
#include <cmath>

namespace ccsim::models::detail {

class TaggedCaller {
public:
  struct Position {
    double p_answered;     ///< P(answered)
    double p_within;       ///< P(answered within T)
    double wait_answered;  ///< E[wait; answered], handle times
    double wait_all;       ///< E[wait], abandoners' waits included, handle times
  };

  /// `agents` N, `theta` = abandonment rate / service rate (0: nobody abandons), `tau` = T in
  /// handle times.
  TaggedCaller(double agents, double theta, double tau)
      : n_(agents), theta_(theta), abandons_(theta > 0), a_(abandons_ ? agents / theta : 0.0) {
    if (abandons_) {
      // y = exp(-theta T): t_0 = y^(a+1), t_{q+1} / t_q = (1 - y) (a + 1 + q) / (q + 1).
      log_term_ = -(agents + theta) * tau;
      log_step_factor_ = std::log(-std::expm1(-theta * tau));
    } else {
      // t_q = P(Poisson(N T) = q): t_0 = e^{-N T}, t_{q+1} / t_q = N T / (q + 1).
      log_term_ = -agents * tau;
      log_step_factor_ = std::log(agents * tau);
    }
  }

  /// The next position: 1 on the first call, then 2, 3, ...
  Position next() {
    const double p = ++position_;
    if (cdf_ < 1.0) {
      cdf_ = std::min(1.0, cdf_ + std::exp(log_term_));
      log_term_ += log_step_factor_ + (abandons_ ? std::log((a_ + p) / p) : -std::log(p));
    }
    Position out;
    if (abandons_) {
      out.p_answered = a_ / (a_ + p);
      harmonic_ += 1.0 / (a_ + p);
      out.wait_answered = out.p_answered * harmonic_ / theta_;
      out.wait_all = p / ((a_ + p) * theta_);
    } else {
      out.p_answered = 1.0;
      out.wait_answered = out.wait_all = p / n_;
    }
    out.p_within = out.p_answered * (1.0 - cdf_);
    return out;
  }

private:
  double n_, theta_;
  bool abandons_;
  double a_;
  double log_term_ = 0, log_step_factor_ = 0;
  double cdf_ = 0;       // I_y(a+1, p) or P(Poisson(N T) <= p - 1)
  double harmonic_ = 0;  // sum_{k=1..p} 1 / (a + k)
  double position_ = 0;
};

}  // namespace ccsim::models::detail
