#pragma once
// Erlang C or A over a forecast file: the fewest agents of each interval (and call type) that
// meet the targets, with its waiting figures. The same solve as one `ccsim erlang c|a` per row.
#include <cstdint>
#include <optional>
#include <vector>

#include "ccsim/models/erlang.hpp"
#include "ccsim/sim/forecast.hpp"

namespace ccsim::sim {

/// What every interval is solved with.
struct ForecastStaffingOptions {
  double interval = 1800;              ///< seconds each row's calls arrive in
  std::optional<double> aht;           ///< mean handle time for rows without one (talk + wrap-up), seconds
  std::optional<double> mean_patience; ///< Erlang A: mean patience, seconds; none: Erlang C
  std::optional<std::int64_t> lines;   ///< trunk lines; none: unlimited
  models::StaffingTargets targets;     ///< at least one target
};

/// One row's answer. An interval without calls needs no agents (its figures are all 0 and
/// `no_calls` is set).
struct ForecastStaffingRow {
  std::size_t row = 0;        ///< index into Forecast::rows
  double aht = 0;             ///< the handle time used, seconds
  bool no_calls = false;
  models::QueueFigures figures;
};

/// Solves every row of `forecast`, in file order. Throws std::invalid_argument naming the file
/// and line of a row that needs an AHT and has none, or whose load is beyond the solvers, and
/// models::TargetsUnreachable for a row no agent count serves (with a line limit).
std::vector<ForecastStaffingRow> staff_forecast(const Forecast& forecast, const ForecastStaffingOptions& options);

}  // namespace ccsim::sim
