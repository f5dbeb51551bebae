// The retrial-queue solver (models/retrial.hpp) against independent expectations: the queues
// without retrials, the closed form of the single-server retrial queue, and conservation laws.
#include <gtest/gtest.h>

#include <cmath>

#include "ccsim/models/erlang.hpp"
#include "ccsim/models/retrial.hpp"

namespace models = ccsim::models;

namespace {

models::RetrialQueue make(double load, double handle, std::int64_t agents, std::optional<std::int64_t> lines,
                          double patience, double p, double delay) {
  models::RetrialQueue r;
  r.queue.arrival_rate = load / handle;
  r.queue.handle_time = handle;
  r.queue.agents = agents;
  r.queue.lines = lines;
  r.queue.mean_patience = patience;
  r.redial_probability = p;
  r.redial_delay = delay;
  return r;
}

}  // namespace

TEST(Retrial, WithoutPersistenceItIsTheQueueWithoutRetrials) {
  // p = 0: nobody returns; every figure is the exact M/M/N/K(+M) one.
  struct Case { double load; std::int64_t agents; std::optional<std::int64_t> lines; double patience; };
  for (const Case& c : {Case{8, 10, 10, models::never}, Case{12, 10, 14, 300.0}, Case{11, 10, std::nullopt, 200.0},
                        Case{25, 20, 30, models::never}}) {
    const auto r = make(c.load, 180, c.agents, c.lines, c.patience, 0.0, 600);
    const auto f = models::retrial_figures(r, 20);
    const auto e = models::queue_figures(r.queue, 20);
    EXPECT_NEAR(f.p_block, e.p_block, 1e-9);
    EXPECT_NEAR(f.p_block_fresh, e.p_block, 1e-9);
    EXPECT_NEAR(f.p_wait, e.p_wait, 1e-9);
    EXPECT_NEAR(f.p_abandon, e.p_abandon, 1e-9);
    EXPECT_NEAR(f.service_level, e.service_level, 1e-9);
    EXPECT_NEAR(f.asa, e.asa, 1e-7 * (1 + e.asa));
    EXPECT_NEAR(f.mean_queue, e.mean_queue, 1e-8 * (1 + e.mean_queue));
    EXPECT_NEAR(f.occupancy, e.occupancy, 1e-9);
    EXPECT_EQ(f.mean_orbit, 0.0);
    EXPECT_EQ(f.effective_load, c.load);
    EXPECT_LT(f.truncation_mass, 1e-10);
  }
}

TEST(Retrial, SingleServerClassicRetrialQueueClosedForm) {
  // M/M/1 with no waiting room, every blocked caller retries (p = 1) at rate nu each:
  // E[orbit] = rho (rho + lambda / nu) / (1 - rho), P(server busy) = rho (Falin & Templeton,
  // Retrial Queues, 1997, section 1.3; M/G/1 with beta_2 = 2 / mu^2).
  for (const double rho : {0.3, 0.6, 0.85}) {
    for (const double delay : {30.0, 300.0}) {
      const double handle = 60;
      const auto r = make(rho, handle, 1, 1, models::never, 1.0, delay);
      const auto f = models::retrial_figures(r, 20);
      const double lambda = rho / handle, nu = 1 / delay;
      const double expected = rho * (rho + lambda / nu) / (1 - rho);
      EXPECT_NEAR(f.mean_orbit, expected, 1e-7 * expected) << "rho " << rho << " delay " << delay;
      EXPECT_NEAR(f.occupancy, rho, 1e-9);
      EXPECT_NEAR(f.p_lost, 0.0, 1e-9);
      EXPECT_NEAR(f.retrial_rate, expected * nu, 1e-7 * expected * nu);
      EXPECT_LT(f.truncation_mass, 1e-10);
    }
  }
}

TEST(Retrial, FlowsBalance) {
  // Fresh calls = served + lost; admitted attempts x P(abandon) = theta x E[waiting] (every
  // waiting caller abandons at rate theta); Little for the queue; into the orbit = out of it.
  for (const auto& r : {make(18, 240, 20, 24, 180.0, 0.7, 300), make(22, 240, 20, std::nullopt, 120.0, 0.8, 600),
                        make(9, 200, 10, 10, models::never, 0.9, 120), make(19, 180, 20, 25, 240.0, 0.95, 900)}) {
    const auto f = models::retrial_figures(r, 20);
    const double lambda = r.queue.arrival_rate, mu = 1 / r.queue.handle_time;
    const double theta = std::isinf(r.queue.mean_patience) ? 0 : 1 / r.queue.mean_patience;
    const double served = f.occupancy * static_cast<double>(r.queue.agents) * mu;
    EXPECT_NEAR(lambda * (1 - f.p_lost), served, 1e-9 * lambda);
    const double attempts = lambda + f.retrial_rate;
    const double admitted = attempts * (1 - f.p_block);
    EXPECT_NEAR(admitted * f.p_abandon, theta * f.mean_queue, 1e-8 * attempts);
    EXPECT_NEAR(admitted * f.mean_wait, f.mean_queue, 1e-8 * (1 + f.mean_queue));
    const double into_orbit = r.redial_probability * (attempts * f.p_block + admitted * f.p_abandon);
    EXPECT_NEAR(into_orbit, f.retrial_rate, 1e-8 * attempts);
    EXPECT_GT(f.mean_orbit, 0);
    EXPECT_NEAR(f.effective_load, attempts * r.queue.handle_time, 1e-9 * f.effective_load);
    EXPECT_LT(f.truncation_mass, 1e-10);
    EXPECT_GE(f.service_level, 0);
    EXPECT_LE(f.service_level, 1 - f.p_abandon + 1e-12);
  }
}

TEST(Retrial, MorePersistenceMoreLoad) {
  double previous_load = 0, previous_lost = 1;
  for (const double p : {0.0, 0.3, 0.6, 0.9}) {
    const auto f = models::retrial_figures(make(19, 240, 20, 22, 150.0, p, 300), 20);
    EXPECT_GT(f.effective_load, previous_load);
    EXPECT_LT(f.p_lost, previous_lost);
    previous_load = f.effective_load;
    previous_lost = f.p_lost;
  }
}

TEST(Retrial, RefusesWhatCannotBeSolved) {
  EXPECT_THROW(models::retrial_figures(make(21, 180, 20, 25, 300.0, 1.0, 300), 20), std::domain_error);
  EXPECT_THROW(models::retrial_figures(make(10, 180, 20, 25, 300.0, 1.5, 300), 20), std::invalid_argument);
  EXPECT_THROW(models::retrial_figures(make(10, 180, 20, 25, 300.0, 0.5, 0), 20), std::invalid_argument);
  EXPECT_THROW(models::retrial_figures(make(21, 180, 20, std::nullopt, models::never, 0.5, 300), 20), models::UnstableQueue);
}

TEST(Retrial, ErlangCHasNoRetrials) {
  const auto f = models::retrial_figures(make(8, 180, 10, std::nullopt, models::never, 0.9, 300), 20);
  EXPECT_EQ(f.retrial_rate, 0.0);
  EXPECT_EQ(f.effective_load, 8.0);
  EXPECT_NEAR(f.p_wait, models::erlang_c(10, 8), 1e-12);
}
