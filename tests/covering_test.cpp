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
    // Every other trial: columns 0 and 1 together between 1 and 3 (a template's min and max).
    const bool limited = trial % 2 == 1;
    if (limited) p.limits.push_back({{0, 1}, 1, 3});
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
        if (limited && (x[0] + x[1] < 1 || x[0] + x[1] > 3)) return;
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
    if (limited) {
      EXPECT_GE(s.units[0] + s.units[1], 1) << "trial " << trial;
      EXPECT_LE(s.units[0] + s.units[1], 3) << "trial " << trial;
    }
    EXPECT_TRUE(s.optimal);
    EXPECT_DOUBLE_EQ(s.cost, best) << "trial " << trial;
  }
}

TEST(Covering, ShiftsWithoutBreaksMatchTheGreedyOptimum) {
  // Shifts without breaks: 24 rows, columns of 8 consecutive rows (each start that fits), cost 8
  // each, a peaked demand. An interval matrix: the LP optimum is integral, so the rounded start is
  // already optimal.
  CoveringProblem p;
  for (int r = 0; r < 24; ++r) p.required.push_back(3 + (r >= 8 && r < 16 ? 5 : 0) + r % 3);
  for (int start = 0; start + 8 <= 24; ++start) {
    CoveringColumn c;
    for (int k = 0; k < 8; ++k) c.rows.push_back(start + k);
    c.cost = 8;
    p.columns.push_back(c);
  }
  // Independent optimum: row by row, the shortfall of the first short row is covered by the shift
  // starting as late as still covers it (it covers every later row any other such shift does).
  std::vector<int> covered(24, 0);
  double greedy = 0;
  for (int r = 0; r < 24; ++r) {
    const int missing = static_cast<int>(p.required[static_cast<std::size_t>(r)]) - covered[static_cast<std::size_t>(r)];
    if (missing <= 0) continue;
    const int start = std::min(r, 16);
    for (int k = start; k < start + 8; ++k) covered[static_cast<std::size_t>(k)] += missing;
    greedy += 8.0 * missing;
  }
  const auto s = solve_covering(p);
  expect_valid(p, s);
  EXPECT_TRUE(s.optimal);
  EXPECT_DOUBLE_EQ(s.cost, greedy);
}

TEST(Covering, LimitsOnSetsOfColumnsHold) {
  // Two columns covering the same row: the cheap one at most 4 units, the dear one at least 1.
  CoveringProblem p;
  p.required = {10};
  p.columns.push_back({{0}, 1.0, 0, 1000});
  p.columns.push_back({{0}, 3.0, 0, 1000});
  p.limits.push_back({{0}, 0, 4});
  p.limits.push_back({{1}, 1, 1e12});
  const auto s = solve_covering(p);
  expect_valid(p, s);
  EXPECT_EQ(s.units[0], 4);
  EXPECT_EQ(s.units[1], 6);
  EXPECT_DOUBLE_EQ(s.cost, 4 + 18);
  p.limits.push_back({{0, 1}, 0, 9});  // fewer than the 10 needed: no plan
  EXPECT_FALSE(solve_covering(p).feasible);
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
  p.required = {1};
  p.limits = {{{3}, 0, 1}};
  EXPECT_THROW((void)solve_covering(p), std::invalid_argument);
  p.limits = {{{0}, 2, 1}};
  EXPECT_THROW((void)solve_covering(p), std::invalid_argument);
}
