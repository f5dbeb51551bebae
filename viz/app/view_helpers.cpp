// Helpers the visualiser's views share (view_helpers.hpp).
#include "view_helpers.hpp"

#include <cmath>
#include <cstdio>
#include <memory>

#include <imgui.h>

#include "ccsim/sim/duration.hpp"

namespace ccsim::viz {

using nlohmann::json;
std::vector<double> slice(const std::vector<double>& v, std::size_t from, std::size_t to) {
  if (to > v.size()) return {};
  return {v.begin() + static_cast<std::ptrdiff_t>(from), v.begin() + static_cast<std::ptrdiff_t>(to)};
}

Series slice(const Series& s, std::size_t from, std::size_t to) {
  return {slice(s.mean, from, to), slice(s.low, from, to), slice(s.high, from, to)};
}

// "Mon", or "Mon 21.12" with a start date.
std::string day_text(const sim::Calendar& c, int day) {
  std::string text = weekday_short[c.weekday(day)];
  if (c.start_date) {
    const std::string date = c.date_text(day);  // 2026-12-21
    // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on a chain of string + here.
    text.append(" ").append(date, 8, 2).append(".").append(date, 5, 2).append(".");
  }
  return text;
}

// The day chooser's label: "Mon 21.12. (day 1)", with "holiday: NAME" or "closed".
std::string day_choice(const sim::Calendar& c, int day) {
  std::string text = day_text(c, day) + " (day " + std::to_string(day + 1) + ")";
  if (c.is_holiday(day)) text += c.holiday_of(day).empty() ? ", holiday" : ", " + c.holiday_of(day);
  if (c.closed_day(day)) text += ", closed";
  return text;
}



// The marks of intervals [from, to) of the horizon: each holiday whole (named), each run of closed
// intervals within a day.
std::vector<CalendarMark> calendar_marks(const sim::Calendar& c, std::size_t from, std::size_t to) {
  std::vector<CalendarMark> marks;
  const int per_day = c.intervals_per_day();
  std::size_t k = from;
  while (k < to) {
    const int day = static_cast<int>(k) / per_day;
    const bool open = c.interval_open(day, static_cast<int>(k) % per_day);
    std::size_t end = k + 1;
    while (end < to && static_cast<int>(end) / per_day == day && c.interval_open(day, static_cast<int>(end) % per_day) == open) ++end;
    const double x0 = static_cast<double>(k - from), x1 = static_cast<double>(end - from);
    if (c.is_holiday(day) && (k == from || static_cast<int>(k) % per_day == 0)) {
      const std::size_t day_end = std::min(to, static_cast<std::size_t>(day + 1) * static_cast<std::size_t>(per_day));
      marks.push_back({x0, static_cast<double>(day_end - from), c.holiday_of(day).empty() ? "holiday" : c.holiday_of(day), true});
    }
    if (!open) marks.push_back({x0, x1, x1 - x0 >= 2 && !c.is_holiday(day) ? "closed" : "", false});  // (a holiday's name says it)
    k = end;
  }
  return marks;
}

std::string clock_text(double seconds_since_first_open, const sim::Scenario& s) {
  const int day = static_cast<int>(std::floor(seconds_since_first_open / 86400.0));
  const double tod = s.calendar.open + (seconds_since_first_open - day * 86400.0);
  const int h = static_cast<int>(tod / 3600), m = static_cast<int>(std::fmod(tod, 3600) / 60), sec = static_cast<int>(std::fmod(tod, 60));
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%s %02d:%02d:%02d", day_text(s.calendar, std::min(std::max(day, 0), s.calendar.days - 1)).c_str(), h % 24, m, sec);
  return buffer;
}

// A figure with its 95% half-width; fractions as percentages (a change of one in points).
std::string estimate_text(const sim::Estimate& e, bool percent, bool change) {
  char buffer[64];
  if (!e.mean) return "-";
  const double scale = percent ? 100.0 : 1.0;
  const char* unit = percent ? (change ? " pt" : "%") : "";
  if (e.ci95) std::snprintf(buffer, sizeof buffer, "%.2f%s +/- %.2f", *e.mean * scale, unit, *e.ci95 * scale);
  else std::snprintf(buffer, sizeof buffer, "%.2f%s", *e.mean * scale, unit);
  return buffer;
}

// A number short enough for a table cell: 15158, 284.4, 6.71.
std::string compact(double v) {
  char buffer[32];
  const double a = std::abs(v);
  std::snprintf(buffer, sizeof buffer, a >= 1000 ? "%.0f" : a >= 100 ? "%.1f" : "%.2f", v);
  return buffer;
}

// A metric's figure for a table whose measure cell gives the unit (metric_name_cell): shares as
// percentages (a change in points), others as numbers; with the 95% half-width when known.
std::string figure_text(const sim::Estimate& e, sim::Metric metric, bool change) {
  if (sim::is_share(metric)) return estimate_text(e, true, change);
  if (!e.mean) return "-";
  return e.ci95 ? compact(*e.mean) + " +/- " + compact(*e.ci95) : compact(*e.mean);
}

// A figure for a CSV: full precision, empty when there is none.
std::string number(const std::optional<double>& v) {
  if (!v) return "";
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.17g", *v);
  return buffer;
}

// A metric's readable name and unit in a table cell ("Average speed of answer (s)"; shares show
// "%" in their figures); hovering it shows its key and definition.
void metric_name_cell(sim::Metric metric) {
  const auto& info = sim::metric_infos()[static_cast<std::size_t>(metric)];
  if (info.share) ImGui::TextUnformatted(info.label);
  else ImGui::Text("%s (%s)", info.label, info.unit);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (%s): %s", info.name, info.unit, info.definition);
}



static Derived derive(const Results& r, Focus f) {
  Derived d;
  // A group's views plot its agents and the centre's calls; a type's, its calls and the agents of
  // the groups that serve it.
  const Focus calls = f.scope == sim::Scope::agent_group ? Focus{} : f;
  const Focus agents = f.scope == sim::Scope::call_type ? Focus{} : f;
  d.offered = interval_series(r, sim::Metric::offered, calls);
  d.sl = interval_series(r, sim::Metric::service_level, calls);
  d.asa = interval_series(r, sim::Metric::asa, calls);
  d.abandon = interval_series(r, sim::Metric::abandon_rate, calls);
  d.occupancy = interval_series(r, sim::Metric::occupancy, agents);
  d.queue = interval_series(r, sim::Metric::mean_queue, calls);
  d.agents = interval_series(r, sim::Metric::agents, agents);
  d.staffed = staffed_agents(r.scenario, f);
  d.required = erlang_required_agents(r, f);
  d.layers = contacts_by_kind(r);
  d.cumulative = cumulative_wait_share(r);
  double total = 0;
  for (double v : r.answered_waits) total += v;
  for (double v : r.answered_waits) d.wait_share.push_back(total > 0 ? v / total : nan);
  return d;
}

// One cache entry per results object (current and baseline) and focus.
const Derived& derived(const std::shared_ptr<const Results>& r, Focus f) {
  struct Entry {
    std::weak_ptr<const Results> results;
    sim::Scope scope;
    std::size_t index;
    std::shared_ptr<Derived> derived;
  };
  static std::vector<Entry> cache;
  std::erase_if(cache, [](const Entry& e) { return e.results.expired(); });
  for (const Entry& e : cache)
    if (e.results.lock() == r && e.scope == f.scope && e.index == f.index) return *e.derived;
  cache.push_back({r, f.scope, f.index, std::make_shared<Derived>(derive(*r, f))});
  return *cache.back().derived;
}

json series_json(const Series& s) { return {{"mean", s.mean}, {"low", s.low}, {"high", s.high}}; }

// The service level's definition and target for the focus: a call type's own, or the centre's.
std::pair<std::string, double> service_level_of(const sim::Scenario& s, Focus f) {
  if (f.scope == sim::Scope::call_type && f.index < s.call_types.size())
    return {sim::service_level_definition(s.call_types[f.index].service_level), s.call_types[f.index].service_level.target};
  return {sim::service_level_definition(static_cast<const sim::Model&>(s)), s.service_level.target};
}

}  // namespace ccsim::viz
