#include "ccsim/models/covering.hpp"

#include "cbc_library.hpp"


#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <stdexcept>

namespace ccsim::models {

namespace {

// A plan from the LP relaxation `x` (a starting plan for branch and cut): round every column down,
// then add back the fractional columns, largest fraction first, while a row is still short (all of
// them rounded up cover every row, so this ends covered); then drop units no row needs, dearest per
// row first, and swap a unit for a cheaper column covering the rows only it covered. Shift
// covering's LP bound is usually tight but its explicit break placements make many plans alike, so
// CBC's own heuristics find a near-optimal plan late; this finds one at once.
// Returns the units per column, or nothing when the rounding breaks a row maximum or a bound.
std::vector<int> round_lp_solution(const CoveringProblem& p, const std::vector<double>& x) {
  const std::size_t rows = p.required.size(), columns = p.columns.size();
  std::vector<int> units(columns, 0);
  std::vector<double> covered(rows, 0.0);
  const auto add = [&](std::size_t j, int n) {
    units[j] += n;
    for (int r : p.columns[j].rows) covered[static_cast<std::size_t>(r)] += n;
  };
  const auto short_row = [&](std::size_t j) {
    return std::any_of(p.columns[j].rows.begin(), p.columns[j].rows.end(),
                       [&](int r) { return covered[static_cast<std::size_t>(r)] < p.required[static_cast<std::size_t>(r)] - 1e-9; });
  };
  std::vector<std::size_t> fractional;
  for (std::size_t j = 0; j < columns; ++j) {
    const int down = static_cast<int>(std::floor(x[j] + 1e-9));
    if (down > 0) add(j, down);
    if (x[j] - down > 1e-9) fractional.push_back(j);
  }
  std::stable_sort(fractional.begin(), fractional.end(), [&](std::size_t a, std::size_t b) {
    return x[a] - std::floor(x[a] + 1e-9) > x[b] - std::floor(x[b] + 1e-9);
  });
  for (std::size_t j : fractional) {
    if (short_row(j)) add(j, 1);
  }
  // A unit is redundant when every row it covers has more than it needs.
  const auto redundant = [&](std::size_t j) {
    return units[j] > p.columns[j].lower && std::all_of(p.columns[j].rows.begin(), p.columns[j].rows.end(), [&](int r) {
             return covered[static_cast<std::size_t>(r)] - 1 >= p.required[static_cast<std::size_t>(r)] - 1e-9;
           });
  };
  const auto per_row = [&](std::size_t j) { return p.columns[j].cost / static_cast<double>(std::max<std::size_t>(1, p.columns[j].rows.size())); };
  std::vector<std::size_t> order(columns);
  for (std::size_t j = 0; j < columns; ++j) order[j] = j;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return per_row(a) > per_row(b); });
  const auto prune = [&] {
    for (std::size_t j : order)
      while (units[j] > 0 && redundant(j)) add(j, -1);
  };
  prune();
  // Swaps: a unit of j out, one of a cheaper column k in that covers every row j leaves short.
  // Bounded work (columns x units) so that large programs skip it.
  std::size_t used = 0;
  for (int u : units) used += static_cast<std::size_t>(u);
  if (static_cast<double>(columns) * static_cast<double>(used) <= 3e7) {
    std::vector<char> needed(rows, 0);
    for (bool improved = true; improved;) {
      improved = false;
      for (std::size_t j : order) {
        if (units[j] <= p.columns[j].lower) continue;
        std::vector<int> critical;
        for (int r : p.columns[j].rows)
          if (covered[static_cast<std::size_t>(r)] - 1 < p.required[static_cast<std::size_t>(r)] - 1e-9) critical.push_back(r);
        for (int r : critical) needed[static_cast<std::size_t>(r)] = 1;
        std::size_t best = columns;
        for (std::size_t k = 0; k < columns; ++k) {
          if (k == j || units[k] >= p.columns[k].upper || p.columns[k].cost >= (best < columns ? p.columns[best].cost : p.columns[j].cost) - 1e-9) continue;
          std::size_t hit = 0;
          for (int r : p.columns[k].rows) hit += needed[static_cast<std::size_t>(r)];
          if (hit == critical.size()) best = k;
        }
        for (int r : critical) needed[static_cast<std::size_t>(r)] = 0;
        if (best < columns) {
          add(j, -1);
          add(best, 1);
          improved = true;
        }
      }
      prune();
    }
  }
  for (std::size_t j = 0; j < columns; ++j)
    if (units[j] < p.columns[j].lower || units[j] > p.columns[j].upper) return {};
  if (!p.most.empty()) {
    for (std::size_t r = 0; r < rows; ++r)
      if (covered[r] > p.most[r] + 1e-9) return {};
  }
  for (const auto& limit : p.limits) {
    double sum = 0;
    for (int j : limit.columns) sum += units[static_cast<std::size_t>(j)];
    if (sum < limit.least - 1e-9 || sum > limit.most + 1e-9) return {};
  }
  return units;
}

}  // namespace

CoveringSolution solve_covering(const CoveringProblem& p) {
  const int rows = static_cast<int>(p.required.size());
  const int columns = static_cast<int>(p.columns.size());
  if (!p.most.empty() && p.most.size() != p.required.size()) throw std::invalid_argument("covering: one maximum per row, or none");
  // Every number handed to the solver stays where CLP's assertions allow (|cost| < 1e25 aborts
  // the process): costs, penalties and requirements up to 1e12.
  constexpr double largest = 1e12;
  if (!(p.shortfall_penalty >= 0 && p.shortfall_penalty <= largest)) throw std::invalid_argument("covering: the shortfall penalty is not from 0 to 1e12");
  for (int r = 0; r < rows; ++r) {
    const double need = p.required[static_cast<std::size_t>(r)];
    if (!(need >= 0)) throw std::invalid_argument("covering: a requirement is negative");
    if (!(need <= largest)) throw std::invalid_argument("covering: a requirement is over 1e12");
  }
  for (const auto& c : p.columns)
    if (!(std::abs(c.cost) <= largest)) throw std::invalid_argument("covering: a column's cost is over 1e12");
  for (const auto& limit : p.limits) {
    if (limit.least > limit.most) throw std::invalid_argument("covering: a limit's least is above its most");
    for (int j : limit.columns)
      if (j < 0 || j >= columns) throw std::invalid_argument("covering: a limit names a column that does not exist");
  }
  // Columns: the patterns, then (with a penalty) one shortfall variable per row.
  const bool soft = p.shortfall_penalty > 0;
  const int n = columns + (soft ? rows : 0);
  std::vector<CoinBigIndex> start{0};
  std::vector<int> index;
  std::vector<double> value, lower, upper, cost;
  for (const auto& c : p.columns) {
    if (c.lower > c.upper || c.lower < 0) throw std::invalid_argument("covering: a column's bounds are not 0 <= lower <= upper");
    std::vector<bool> seen(static_cast<std::size_t>(rows), false);
    for (int r : c.rows) {
      if (r < 0 || r >= rows) throw std::invalid_argument("covering: a column covers a row that does not exist");
      if (seen[static_cast<std::size_t>(r)]) throw std::invalid_argument("covering: a column covers a row twice");
      seen[static_cast<std::size_t>(r)] = true;
      index.push_back(r);
      value.push_back(1.0);
    }
    start.push_back(static_cast<CoinBigIndex>(index.size()));
    lower.push_back(c.lower);
    upper.push_back(c.upper);
    cost.push_back(c.cost);
  }
  if (soft) {
    for (int r = 0; r < rows; ++r) {
      index.push_back(r);
      value.push_back(1.0);
      start.push_back(static_cast<CoinBigIndex>(index.size()));
      lower.push_back(0);
      upper.push_back(p.required[static_cast<std::size_t>(r)]);
      cost.push_back(p.shortfall_penalty);
    }
  }
  std::vector<double> row_lower(p.required.begin(), p.required.end());
  std::vector<double> row_upper(static_cast<std::size_t>(rows), std::numeric_limits<double>::max());
  if (!p.most.empty()) {
    for (int r = 0; r < rows; ++r) row_upper[static_cast<std::size_t>(r)] = p.most[static_cast<std::size_t>(r)];
  }

  const detail::CbcLibrary& cbc = detail::cbc_library();  // CBC is loaded here, the first time
  // The program, loaded into a CBC model: the columns and rows, and the side rules on sets of
  // columns as rows of their own. Made twice: for the LP relaxation and for the integer program.
  using Model = std::unique_ptr<Cbc_Model, void (*)(Cbc_Model*)>;
  const auto make_model = [&] {
    Model m(cbc.newModel(), cbc.deleteModel);
    cbc.setLogLevel(m.get(), 0);
    cbc.loadProblem(m.get(), n, rows, start.data(), index.empty() ? nullptr : index.data(), value.empty() ? nullptr : value.data(),
                    lower.data(), upper.data(), cost.data(), row_lower.data(), row_upper.data());
    for (std::size_t l = 0; l < p.limits.size(); ++l) {
      const CoveringLimit& limit = p.limits[l];
      const std::vector<double> ones(limit.columns.size(), 1.0);
      const std::string name = "limit" + std::to_string(l);
      const int count = static_cast<int>(limit.columns.size());
      if (limit.least > 0) cbc.addRow(m.get(), (name + "least").c_str(), count, limit.columns.data(), ones.data(), 'G', limit.least);
      if (limit.most < 1e11) cbc.addRow(m.get(), (name + "most").c_str(), count, limit.columns.data(), ones.data(), 'L', limit.most);
    }
    cbc.setObjSense(m.get(), 1.0);  // minimise
    return m;
  };
  const Model model = make_model();
  for (int j = 0; j < columns; ++j) cbc.setInteger(model.get(), j);
  // The LP relaxation first (no integer columns: CBC solves the LP), rounded into a starting plan.
  // One time limit for both solves: the LP takes at most half, the integer program what is left.
  const auto started = std::chrono::steady_clock::now();
  if (!soft && columns > 0) {
    const Model lp = make_model();
    cbc.setMaximumSeconds(lp.get(), p.time_limit / 2);
    cbc.solve(lp.get());
    const double* x = cbc.getColSolution(lp.get());
    if (cbc.isProvenOptimal(lp.get()) && x != nullptr) {
      const auto units = round_lp_solution(p, std::vector<double>(x, x + columns));
      if (!units.empty()) {
        std::vector<int> which;
        std::vector<double> values;
        for (int j = 0; j < columns; ++j) {
          if (units[static_cast<std::size_t>(j)] == 0) continue;
          which.push_back(j);
          values.push_back(units[static_cast<std::size_t>(j)]);
        }
        cbc.setMIPStartI(model.get(), static_cast<int>(which.size()), which.data(), values.data());
      }
    }
  }
  const double spent = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  cbc.setMaximumSeconds(model.get(), std::max(0.1, p.time_limit - spent));
  if (p.relative_gap > 0) {
    char gap[32];
    std::snprintf(gap, sizeof gap, "%g", p.relative_gap);
    cbc.setParameter(model.get(), "ratioGap", gap);
  }
  cbc.setParameter(model.get(), "threads", "1");
  cbc.solve(model.get());

  CoveringSolution s;
  if (cbc.isProvenInfeasible(model.get())) {
    s.status = "infeasible: the rules cannot cover every interval (allow a shortfall penalty to see the best partial plan)";
    return s;
  }
  const double* x = cbc.getColSolution(model.get());
  if (x == nullptr || cbc.numberPrimalInfeasibilities(model.get()) > 0) {
    s.status = "no plan found within the time limit";
    return s;
  }
  s.feasible = true;
  s.units.resize(static_cast<std::size_t>(columns));
  for (int j = 0; j < columns; ++j) {
    s.units[static_cast<std::size_t>(j)] = static_cast<int>(std::lround(x[j]));
    s.cost += s.units[static_cast<std::size_t>(j)] * p.columns[static_cast<std::size_t>(j)].cost;
  }
  s.shortfall.assign(static_cast<std::size_t>(rows), 0.0);
  if (soft) {
    for (int r = 0; r < rows; ++r) s.shortfall[static_cast<std::size_t>(r)] = std::max(0.0, x[columns + r]);
  }
  s.objective = cbc.getObjValue(model.get());
  s.bound = std::min(s.objective, cbc.getBestPossibleObjValue(model.get()));
  s.optimal = cbc.isProvenOptimal(model.get()) != 0;
  // Proven optimal (CBC also prunes with the objective's granularity, e.g. whole shifts' costs,
  // so its last bound may sit below an optimum it has proven): the optimum is its own bound.
  if (s.optimal && p.relative_gap == 0) s.bound = s.objective;
  if (s.optimal) {
    s.status = p.relative_gap > 0 ? "within the requested gap of optimal" : "optimal";
  } else {
    char text[96];
    std::snprintf(text, sizeof text, "stopped at the time limit: the best plan found, %.2f%% above the lower bound", 100 * s.gap());
    s.status = text;
  }
  return s;
}

}  // namespace ccsim::models
