// The covering integer program (models/include/ccsim/models/covering.hpp), solved with CBC: a
// published optimum, brute force on small problems, and an independent check of every answer.
#include <gtest/gtest.h>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <functional>
#include <limits>

#include "ccsim/models/covering.hpp"

using namespace ccsim::models;

namespace {
// Independent of the solver: every row covered (up to the shortfall), bounds kept, the cost summed.
void expect_valid(const CoveringProblem& p, const CoveringSolution& s) {
  ASSERT_TRUE(s.feasible) << s.status;
  ASSERT_EQ(s.units.size(), p.columns.size());
  std::vector<double> covered(p.required.size(), 0.0);
  double cost = 0;
  for (std::size_t j = 0; j < p.columns.size(); ++j) {
    EXPECT_GE(s.units[j], p.columns[j].lower);
    EXPECT_LE(s.units[j], p.columns[j].upper);
    for (int r : p.columns[j].rows) covered[static_cast<std::size_t>(r)] += s.units[j];
    cost += s.units[j] * p.columns[j].cost;
  }
  for (std::size_t r = 0; r < p.required.size(); ++r) {
    const double short_by = s.shortfall.empty() ? 0.0 : s.shortfall[r];
    EXPECT_GE(covered[r] + short_by + 1e-9, p.required[r]) << "row " << r;
    if (!p.most.empty()) {
      EXPECT_LE(covered[r], p.most[r] + 1e-9) << "row " << r;
    }
  }
  EXPECT_NEAR(cost, s.cost, 1e-6);
}
}  // namespace

TEST(Covering, WinstonsPostOfficeNeeds23) {
  // Winston, Operations Research: employees work five consecutive days; demands Monday to Sunday
  // 17, 13, 15, 19, 14, 16, 11; the fewest employees is 23.
  CoveringProblem p;
  p.required = {17, 13, 15, 19, 14, 16, 11};
  for (int start = 0; start < 7; ++start) {
    CoveringColumn c;
    for (int k = 0; k < 5; ++k) c.rows.push_back((start + k) % 7);
    p.columns.push_back(c);
  }
  const auto s = solve_covering(p);
  expect_valid(p, s);
  EXPECT_TRUE(s.optimal) << s.status;
  EXPECT_DOUBLE_EQ(s.cost, 23);
  EXPECT_EQ(s.status, "optimal");
}

TEST(Covering, SmallProblemsMatchBruteForce) {
  boost::random::mt19937 rng(7);
  boost::random::uniform_int_distribution<int> demand(0, 5), coin(0, 1), price(1, 4);
  for (int trial = 0; trial < 30; ++trial) {
    CoveringProblem p;
    for (int r = 0; r < 5; ++r) p.required.push_back(demand(rng));
    for (int j = 0; j < 4; ++j) {
      CoveringColumn c;
      for (int r = 0; r < 5; ++r)
        if (coin(rng)) c.rows.push_back(r);
      if (c.rows.empty()) c.rows.push_back(j);
      c.cost = price(rng);
      c.upper = 6;
      p.columns.push_back(c);
    }
    // Brute force over 0..6 of each column.
    double best = std::numeric_limits<double>::infinity();
    std::vector<int> x(4, 0);
    std::function<void(std::size_t)> search = [&](std::size_t j) {
      if (j == x.size()) {
        std::vector<double> covered(5, 0.0);
        double cost = 0;
        for (std::size_t k = 0; k < x.size(); ++k) {
          for (int r : p.columns[k].rows) covered[static_cast<std::size_t>(r)] += x[k];
          cost += x[k] * p.columns[k].cost;
        }
        for (std::size_t r = 0; r < 5; ++r)
          if (covered[r] < p.required[r]) return;
        best = std::min(best, cost);
        return;
      }
      for (int v = 0; v <= 6; ++v) {
        x[j] = v;
        search(j + 1);
      }
    };
    search(0);
    const auto s = solve_covering(p);
    if (std::isinf(best)) {
      EXPECT_FALSE(s.feasible) << "trial " << trial;
      continue;
    }
    expect_valid(p, s);
    EXPECT_TRUE(s.optimal);
    EXPECT_DOUBLE_EQ(s.cost, best) << "trial " << trial;
  }
}

TEST(Covering, APenaltyGivesTheBestPartialPlanWhenCoverIsImpossible) {
  // One column covering rows 0 and 1, at most 3 units; row 1 needs 5: two units short.
  CoveringProblem p;
  p.required = {2, 5};
  p.columns.push_back({{0, 1}, 1.0, 0, 3});
  EXPECT_FALSE(solve_covering(p).feasible);
  p.shortfall_penalty = 100;
  const auto s = solve_covering(p);
  expect_valid(p, s);
  EXPECT_EQ(s.units[0], 3);
  EXPECT_DOUBLE_EQ(s.shortfall[1], 2);
  EXPECT_DOUBLE_EQ(s.objective, 3 + 200);
}

TEST(Covering, MalformedProblemsAreRefused) {
  CoveringProblem p;
  p.required = {1};
  p.columns.push_back({{1}, 1.0, 0, 1});
  EXPECT_THROW((void)solve_covering(p), std::invalid_argument);
  p.columns = {{{0, 0}, 1.0, 0, 1}};
  EXPECT_THROW((void)solve_covering(p), std::invalid_argument);
  p.columns = {{{0}, 1.0, 2, 1}};
  EXPECT_THROW((void)solve_covering(p), std::invalid_argument);
  p.columns = {{{0}, 1.0, 0, 1}};
  p.required = {-1};
  EXPECT_THROW((void)solve_covering(p), std::invalid_argument);
}
