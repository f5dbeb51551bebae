#include "ccsim/models/covering.hpp"

#include <Cbc_C_Interface.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <stdexcept>

namespace ccsim::models {

CoveringSolution solve_covering(const CoveringProblem& p) {
  const int rows = static_cast<int>(p.required.size());
  const int columns = static_cast<int>(p.columns.size());
  if (!p.most.empty() && p.most.size() != p.required.size()) throw std::invalid_argument("covering: one maximum per row, or none");
  for (int r = 0; r < rows; ++r) {
    if (!(p.required[static_cast<std::size_t>(r)] >= 0)) throw std::invalid_argument("covering: a requirement is negative");
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

  const std::unique_ptr<Cbc_Model, void (*)(Cbc_Model*)> model(Cbc_newModel(), Cbc_deleteModel);
  Cbc_setLogLevel(model.get(), 0);
  Cbc_loadProblem(model.get(), n, rows, start.data(), index.empty() ? nullptr : index.data(), value.empty() ? nullptr : value.data(),
                  lower.data(), upper.data(), cost.data(), row_lower.data(), row_upper.data());
  Cbc_setObjSense(model.get(), 1.0);  // minimise
  for (int j = 0; j < columns; ++j) Cbc_setInteger(model.get(), j);
  Cbc_setMaximumSeconds(model.get(), p.time_limit);
  if (p.relative_gap > 0) {
    char gap[32];
    std::snprintf(gap, sizeof gap, "%g", p.relative_gap);
    Cbc_setParameter(model.get(), "ratioGap", gap);
  }
  Cbc_setParameter(model.get(), "threads", "1");
  Cbc_solve(model.get());

  CoveringSolution s;
  if (Cbc_isProvenInfeasible(model.get())) {
    s.status = "infeasible: the rules cannot cover every interval (allow a shortfall penalty to see the best partial plan)";
    return s;
  }
  const double* x = Cbc_getColSolution(model.get());
  if (x == nullptr || Cbc_numberPrimalInfeasibilities(model.get()) > 0) {
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
  s.objective = Cbc_getObjValue(model.get());
  s.bound = std::min(s.objective, Cbc_getBestPossibleObjValue(model.get()));
  s.optimal = Cbc_isProvenOptimal(model.get()) != 0;
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
