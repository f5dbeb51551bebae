#pragma once
// Helpers the visualiser's views share: day and clock labels, calendar marks, figures with their
// units for tables and CSV, and the series each result's views plot (computed once per result).
// Internal to viz/app.
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "ccsim/sim/metrics.hpp"
#include "ccsim/sim/scenario.hpp"
#include "ccsim/viz/results.hpp"

namespace ccsim::viz {

inline constexpr double nan = std::numeric_limits<double>::quiet_NaN();
inline constexpr const char* weekday_short[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

/// Elements [from, to) of `v` (empty when `v` is shorter).
std::vector<double> slice(const std::vector<double>& v, std::size_t from, std::size_t to);
Series slice(const Series& s, std::size_t from, std::size_t to);
/// "Mon", or "Mon 21.12." with a start date.
std::string day_text(const sim::Calendar& c, int day);
/// The day chooser's label: "Mon 21.12. (day 1)", with the holiday's name or "closed".
std::string day_choice(const sim::Calendar& c, int day);

// A shaded stretch of the interval charts: closed hours, or a holiday (x in intervals from `from`).
struct CalendarMark {
  double from, to;
  std::string label;
  bool holiday;
};

/// The marks of intervals [from, to) of the horizon: each holiday whole (named), each run of
/// closed intervals within a day.
std::vector<CalendarMark> calendar_marks(const sim::Calendar& c, std::size_t from, std::size_t to);
/// "Mon 10:30:00" for seconds since the first opening.
std::string clock_text(double seconds_since_first_open, const sim::Scenario& s);
/// A figure with its 95% half-width; fractions as percentages (a change of one in points).
std::string estimate_text(const sim::Estimate& e, bool percent, bool change = false);
/// A number short enough for a table cell: 15158, 284.4, 6.71.
std::string compact(double v);
/// A metric's figure for a table whose measure cell gives the unit (metric_name_cell).
std::string figure_text(const sim::Estimate& e, sim::Metric metric, bool change = false);
/// A figure for a CSV: full precision, empty when there is none.
std::string number(const std::optional<double>& v);
/// A metric's readable name and unit in a table cell; hovering it shows its key and definition.
void metric_name_cell(sim::Metric metric);

// What the views plot, computed once per result.
struct Derived {
  Series offered, sl, asa, abandon, occupancy, queue, agents;
  std::vector<double> staffed, required, wait_share, cumulative;
  std::vector<Layer> layers;
};

/// What the views of `r` plot for `f`, computed once per result and focus (a small cache).
const Derived& derived(const std::shared_ptr<const Results>& r, Focus f);
nlohmann::json series_json(const Series& s);
/// The service level's definition and target for the focus: a call type's own, or the centre's.
std::pair<std::string, double> service_level_of(const sim::Scenario& s, Focus f);

}  // namespace ccsim::viz
