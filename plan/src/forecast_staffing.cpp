#include "ccsim/sim/forecast_staffing.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>
#include <string>

#include "ccsim/models/limits.hpp"
#include "ccsim/sim/duration.hpp"

namespace ccsim::sim {

std::vector<ForecastStaffingRow> staff_forecast(const Forecast& forecast, const ForecastStaffingOptions& options) {
  if (!options.targets.any()) throw std::invalid_argument("give at least one target to solve each interval for");
  std::vector<ForecastStaffingRow> out;
  out.reserve(forecast.rows.size());
  for (std::size_t i = 0; i < forecast.rows.size(); ++i) {
    const ForecastRow& r = forecast.rows[i];
    ForecastStaffingRow s;
    s.row = i;
    const auto where = [&] { return forecast.name + ":" + std::to_string(r.line); };
    if (r.aht) {
      s.aht = *r.aht;
    } else if (options.aht) {
      s.aht = *options.aht;
    } else if (r.calls > 0) {
      throw std::invalid_argument(where() + ": no AHT (the file has no aht column): give --aht");
    }
    s.figures.answer_within = options.targets.answer_within;
    if (options.lines) s.figures.lines = options.lines;
    if (r.calls == 0) {  // nothing offered: no agents, nobody waits
      s.no_calls = true;
      out.push_back(s);
      continue;
    }
    if (s.aht < limits::min_solver_handle_time)
      throw std::invalid_argument(where() + ": an AHT of " + format_duration(s.aht) + " is shorter than the solvers take (" +
                                  format_duration(limits::min_solver_handle_time) + ")");
    models::Queue q;
    q.handle_time = s.aht;
    q.arrival_rate = r.calls / options.interval;
    q.lines = options.lines;
    if (options.mean_patience) q.mean_patience = *options.mean_patience;
    const double load = q.arrival_rate * q.handle_time;
    if (load > limits::max_load)
      throw std::invalid_argument(where() + ": an offered load of " + std::to_string(load) + " Erlangs is beyond the solvers (at most " +
                                  std::to_string(static_cast<long long>(limits::max_load)) + ")");
    try {
      q.agents = models::agents_for_targets(q, options.targets);
    } catch (const models::TargetsUnreachable& e) {
      throw models::TargetsUnreachable(where() + ": " + e.what());
    }
    s.figures = models::queue_figures(q, options.targets.answer_within);
    out.push_back(s);
  }
  return out;
}

}  // namespace ccsim::sim
