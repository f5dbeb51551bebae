#pragma once
// The covering integer program behind shift scheduling: choose how many of each column (a shift
// with its breaks, or a weekly tour) to staff so that every row (an interval of the horizon) is
// covered at least its requirement, at the least cost. Solved with COIN-OR CBC (branch and cut);
// the answer says whether it is proven optimal, and otherwise its lower bound and gap. No I/O.
#include <cstdint>
#include <string>
#include <vector>

namespace ccsim::models {

/// One column: a pattern of work, the rows it covers (each once), its cost per unit staffed, and
/// how many units may be staffed.
struct CoveringColumn {
  std::vector<int> rows;  ///< rows covered, each at most once
  double cost = 1;
  int lower = 0;
  int upper = 1000000;
};

/// A side rule on a set of columns: their units together between `least` and `most` (a template's
/// minimum and maximum agents).
struct CoveringLimit {
  std::vector<int> columns;
  double least = 0;
  double most = 1e12;
};

struct CoveringProblem {
  std::vector<double> required;  ///< per row: units needed (>= 0)
  /// Per row, at most this many units (empty: no limit).
  std::vector<double> most;
  std::vector<CoveringColumn> columns;
  std::vector<CoveringLimit> limits;
  /// Cost per unit of a row left under its requirement (0: cover is a hard constraint). With a
  /// penalty, rules that cannot cover a row still give a plan, with its shortfall reported.
  double shortfall_penalty = 0;
  double time_limit = 60;        ///< seconds; the best plan found by then is returned, with its gap
  double relative_gap = 0;       ///< stop when proven within this fraction of optimal (0: optimal)
};

struct CoveringSolution {
  std::vector<int> units;        ///< per column
  std::vector<double> shortfall; ///< per row, units under the requirement (only with a penalty)
  double cost = 0;               ///< the columns' cost (penalties apart)
  double objective = 0;          ///< cost plus penalties
  double bound = 0;              ///< a proven lower bound on the objective
  bool optimal = false;          ///< proven optimal (within relative_gap)
  bool feasible = false;         ///< a plan was found
  [[nodiscard]] double gap() const { return objective > 0 ? (objective - bound) / objective : 0.0; }
  std::string status;            ///< "optimal", "stopped at the time limit with gap ...", "infeasible"
};

/// Solves `problem` with CBC, from a plan rounded from the LP relaxation (a starting incumbent).
/// Throws std::invalid_argument for a malformed problem (a row index out of range, a negative
/// requirement, lower > upper, a limit naming a column that does not exist).
CoveringSolution solve_covering(const CoveringProblem& problem);

}  // namespace ccsim::models
