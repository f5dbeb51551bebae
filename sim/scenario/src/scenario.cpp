#include "ccsim/sim/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <charconv>
#include <functional>
#include <limits>
#include <tuple>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

#include "ccsim/models/limits.hpp"
#include "ccsim/sim/duration.hpp"
#include "ccsim/sim/forecast.hpp"
#include "ccsim/sim/json_input.hpp"

namespace ccsim::sim {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& path, const std::string& message) {
  throw ScenarioError(path + ": " + message);
}

// What reading one scenario carries from block to block, passed to the readers that need it:
// where its relative paths are found, and the warnings it collects (the scenario's own list).
struct ParseContext {
  std::filesystem::path directory;  // empty: paths are taken as given
  std::vector<std::string>& warnings;

  void warn(const std::string& path, const std::string& message) const {
    std::string line = path + ": " + message;
    // (Several call types reading one file would say the same of it: once is enough.)
    if (std::find(warnings.begin(), warnings.end(), line) == warnings.end()) warnings.push_back(std::move(line));
  }
  // A duration written as a bare number under `below` seconds, where minutes are the usual unit.
  void warn_if_bare_seconds(const nlohmann::json& value, double seconds, double below, const std::string& path) const {
    if (value.is_number() && seconds > 0 && seconds < below) {
      char text[96];
      std::snprintf(text, sizeof text, "%g seconds (a bare number is seconds); did you mean \"%gm\"?", seconds, seconds);
      warn(path, text);
    }
  }
};

// The value as JSON, shortened to 120 characters (a long list is named, not printed whole).
std::string quote(const json& value) {
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() > 120) text = text.substr(0, 100) + "... (" + std::to_string(text.size()) + " characters)";
  return text;
}

[[noreturn]] void fail(const std::string& path, const json& value, const std::string& why) {
  fail(path, quote(value) + " " + why);
}

std::string child(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }
std::string element(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

// The staffing of a day as steps (time, change in agents on duty), breaks ending on schedule,
// sorted by time.
std::vector<std::pair<double, std::int64_t>> staffing_steps(const std::vector<StaffingChange>& changes) {
  std::vector<std::pair<double, std::int64_t>> steps;
  for (const auto& ch : changes) {
    steps.emplace_back(ch.time, ch.change);
    if (ch.return_after > 0) steps.emplace_back(ch.time + ch.return_after, -ch.change);
  }
  std::stable_sort(steps.begin(), steps.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return steps;
}

// Agents on duty just before `time` (breaks ending on schedule).
std::int64_t on_duty_before(const std::vector<StaffingChange>& changes, double time) {
  std::int64_t on_duty = 0;
  for (const auto& [at, change] : staffing_steps(changes)) {
    if (at >= time) break;
    on_duty += change;
  }
  return on_duty;
}

// Reads the fields of one JSON object; every field must be read (or it is unknown).
class Fields {
public:
  Fields(const json& object, std::string path) : object_(object), path_(std::move(path)) {
    if (!object.is_object()) fail(path_.empty() ? "scenario" : path_, object, "is not an object");
  }
  const json* get(const std::string& key) {
    known_.insert(key);
    const auto it = object_.find(key);
    return it == object_.end() ? nullptr : &*it;
  }
  const json& require(const std::string& key) {
    const json* value = get(key);
    if (!value) fail(child(path_, key), "is missing");
    return *value;
  }
  [[nodiscard]] std::string path(const std::string& key) const { return child(path_, key); }
  void finish() const {
    for (const auto& [key, value] : object_.items()) {
      if (!known_.count(key)) {
        std::string known;
        for (const auto& k : known_) known += (known.empty() ? "" : ", ") + k;
        fail(child(path_, key), "is not a known field (known here: " + known + ")");
      }
    }
  }

private:
  const json& object_;
  std::string path_;
  std::set<std::string> known_;
};

double number(const json& value, const std::string& path) {
  if (!value.is_number()) fail(path, value, "is not a number");
  const double x = value.get<double>();
  if (!std::isfinite(x)) fail(path, value, "is not finite");
  return x;
}

double positive_number(const json& value, const std::string& path) {
  const double x = number(value, path);
  if (!(x > 0)) fail(path, value, "must be greater than 0");
  return x;
}

double nonnegative_number(const json& value, const std::string& path) {
  const double x = number(value, path);
  if (x < 0) fail(path, value, "must not be negative");
  return x;
}

double fraction(const json& value, const std::string& path) {
  const double x = number(value, path);
  if (x < 0 || x > 1) fail(path, value, "must be a fraction between 0 and 1");
  return x;
}

// A whole number from `least` to `most` (checked before any conversion, so nothing wraps);
// `limit` says what the most is, e.g. "ten years of days".
std::int64_t integer(const json& value, const std::string& path, std::int64_t least, std::int64_t most,
                     const std::string& limit) {
  if (!value.is_number()) fail(path, value, "is not a number");
  const double x = value.get<double>();
  if (!value.is_number_integer() && x != std::floor(x)) fail(path, value, "is not a whole number");
  if (value.is_number_unsigned() ? value.get<std::uint64_t>() > static_cast<std::uint64_t>(most)
                                 : x > static_cast<double>(most)) {
    fail(path, value, "is more than " + std::to_string(most) + " (" + limit + ")");
  }
  if (value.is_number_integer() && !value.is_number_unsigned() ? value.get<std::int64_t>() < least
                                                                 : x < static_cast<double>(least)) {
    fail(path, value, "must be at least " + std::to_string(least));
  }
  return value.is_number_integer() ? value.get<std::int64_t>() : static_cast<std::int64_t>(x);
}

int int_count(const json& value, const std::string& path, std::int64_t least, std::int64_t most,
              const std::string& limit) {
  return static_cast<int>(integer(value, path, least, most, limit));
}

std::string string(const json& value, const std::string& path) {
  if (!value.is_string()) fail(path, value, "is not a string");
  return value.get<std::string>();
}

// A duration: seconds as a number, or a string with a unit ("90s", "3m", "1.5h").
double duration(const json& value, const std::string& path) {
  if (!value.is_number() && !value.is_string())
    fail(path, value, "is not a duration (seconds, or a string like \"90s\", \"3m\", \"1.5h\")");
  double seconds = 0;
  if (value.is_number()) {
    seconds = nonnegative_number(value, path);
  } else {
    try {
      seconds = parse_duration(value.get<std::string>());
    } catch (const std::invalid_argument& e) {
      fail(path, e.what());
    }
  }
  if (seconds > limits::max_duration) fail(path, value, "is longer than ten years, the limit of any duration");
  return seconds;
}

double positive_duration(const json& value, const std::string& path) {
  const double d = duration(value, path);
  if (!(d > 0)) fail(path, value, "must be longer than 0 seconds");
  return d;
}

double time_of_day(const json& value, const std::string& path, bool allow_24) {
  if (!value.is_string()) fail(path, value, "is not a time of day (\"HH:MM\")");
  try {
    return parse_time_of_day(value.get<std::string>(), allow_24);
  } catch (const std::invalid_argument&) {
    fail(path, value, "is not a time of day (\"HH:MM\", 00:00 to " + std::string(allow_24 ? "24:00" : "23:59") + ")");
  }
}

// ---- distributions --------------------------------------------------------------------------

models::Distribution distribution(const json& value, const std::string& path) {
  Fields f(value, path);
  const std::string kind_name = string(f.require("dist"), f.path("dist"));
  models::DistributionKind kind;
  try {
    kind = models::distribution_kind_from_name(kind_name);
  } catch (const std::invalid_argument& e) {
    fail(f.path("dist"), e.what());
  }
  using K = models::DistributionKind;
  const auto build = [&]() -> models::Distribution {
    const json* mean = f.get("mean");
    const json* cv = f.get("cv");
    if (mean || cv) {
      for (const char* n : {"value", "min", "max", "mu", "sigma", "shape", "scale"}) {
        if (f.get(n)) fail(f.path(n), "give either mean and cv, or the distribution's own parameters");
      }
    }
    switch (kind) {
      case K::exponential:
        if (cv && number(*cv, f.path("cv")) != 1.0) fail(f.path("cv"), *cv, "must be 1 for an exponential (or omitted)");
        return models::Distribution::exponential(positive_duration(f.require("mean"), f.path("mean")));
      case K::fixed: {
        if (cv && number(*cv, f.path("cv")) != 0.0) fail(f.path("cv"), *cv, "must be 0 for a fixed duration (or omitted)");
        if (const json* v = f.get("value")) return models::Distribution::fixed(duration(*v, f.path("value")));
        return models::Distribution::fixed(duration(f.require("mean"), f.path("mean")));
      }
      case K::mixture: {
        // {"dist": "mixture", "parts": [{"weight": 0.1, "dist": "fixed", "value": 0}, {"weight": 0.9, ...}]}
        if (mean || cv) fail(mean ? f.path("mean") : f.path("cv"), "a mixture takes only its parts");
        const json& parts = f.require("parts");
        const std::string pp = f.path("parts");
        if (!parts.is_array() || parts.empty()) fail(pp, parts, "is not a non-empty list of {weight, dist, ...}");
        if (parts.size() > 100) fail(pp, "has " + std::to_string(parts.size()) + " parts; at most 100");
        std::vector<models::Distribution> ds;
        std::vector<double> weights;
        double total = 0;
        for (std::size_t i = 0; i < parts.size(); ++i) {
          const std::string ip = element(pp, i);
          if (!parts[i].is_object()) fail(ip, parts[i], "is not an object {weight, dist, ...}");
          if (!parts[i].contains("weight")) fail(child(ip, "weight"), "is missing");
          const double w = number(parts[i]["weight"], child(ip, "weight"));
          if (!(w > 0 && w <= 1)) fail(child(ip, "weight"), parts[i]["weight"], "must be above 0 and at most 1");
          json spec = parts[i];
          spec.erase("weight");
          if (spec.contains("dist") && spec["dist"] == "mixture") fail(child(ip, "dist"), spec["dist"], "a part cannot be a mixture");
          ds.push_back(distribution(spec, ip));
          weights.push_back(w);
          total += w;
        }
        if (std::abs(total - 1.0) > 1e-9) {
          char t[32];
          std::snprintf(t, sizeof t, "%.10g", total);
          fail(pp, std::string("has weights summing to ") + t + "; they must sum to 1");
        }
        return models::Distribution::mixture(std::move(ds), std::move(weights));
      }
      case K::empirical: {
        const json& values = f.require("values");
        if (!values.is_array() || values.empty()) fail(f.path("values"), values, "is not a non-empty list of durations");
        if (static_cast<std::int64_t>(values.size()) > limits::max_list_length)
          fail(f.path("values"), "has " + std::to_string(values.size()) + " values; at most " +
                                     std::to_string(limits::max_list_length));
        std::vector<double> v;
        for (std::size_t i = 0; i < values.size(); ++i) v.push_back(duration(values[i], element(f.path("values"), i)));
        if (mean || cv) fail(mean ? f.path("mean") : f.path("cv"), "an empirical distribution takes only its values");
        return models::Distribution::empirical(std::move(v));
      }
      default: break;
    }
    if (mean || cv) {
      const double m = positive_duration(f.require("mean"), f.path("mean"));
      const double c = nonnegative_number(f.require("cv"), f.path("cv"));
      return models::Distribution::from_mean_cv(kind, m, c);
    }
    switch (kind) {
      case K::uniform:
        return models::Distribution::uniform(duration(f.require("min"), f.path("min")),
                                             duration(f.require("max"), f.path("max")));
      case K::lognormal:
        return models::Distribution::lognormal(number(f.require("mu"), f.path("mu")),
                                               nonnegative_number(f.require("sigma"), f.path("sigma")));
      case K::gamma:
        return models::Distribution::gamma(positive_number(f.require("shape"), f.path("shape")),
                                           positive_duration(f.require("scale"), f.path("scale")));
      case K::weibull:
        return models::Distribution::weibull(positive_number(f.require("shape"), f.path("shape")),
                                             positive_duration(f.require("scale"), f.path("scale")));
      default: fail(path, "unsupported distribution");
    }
  };
  models::Distribution d = models::Distribution::fixed(0.0);
  try {
    d = build();
  } catch (const ScenarioError&) {
    throw;
  } catch (const std::exception& e) {  // invalid_argument from the factories, overflow from special functions
    fail(path, value, std::string("is not a valid distribution: ") + e.what());
  }
  f.finish();
  if (!(d.mean() <= limits::max_duration))
    fail(path, value, "has a mean longer than ten years, the limit of any duration");
  if (!(d.cv() <= limits::max_cv))
    fail(path, value, "has a coefficient of variation over " + std::to_string(static_cast<int>(limits::max_cv)) +
                          " (standard deviation / mean): not a plausible duration");
  return d;
}

// ---- calendar, arrivals, staffing -----------------------------------------------------------

// One day's hours as written: "08:00-20:00", "closed", or a list of such windows; seconds since
// midnight, an overnight window ("22:00-06:00") kept whole (its end before its start).
std::vector<std::pair<double, double>> hours_text(const json& value, const std::string& path) {
  std::vector<std::pair<double, double>> out;
  const auto one = [&](const json& v, const std::string& p) {
    if (!v.is_string()) fail(p, v, "is not opening hours (\"08:00-20:00\" or \"closed\")");
    const std::string text = v.get<std::string>();
    if (text == "closed") return;
    const auto dash = text.find('-');
    try {
      if (dash == std::string::npos) throw std::invalid_argument("");
      const double from = parse_time_of_day(text.substr(0, dash), false);
      const double to = parse_time_of_day(text.substr(dash + 1), true);
      if (from == to) fail(p, v, "opens and closes at the same time");
      out.emplace_back(from, to);
    } catch (const std::invalid_argument&) {
      fail(p, v, "is not opening hours (\"08:00-20:00\", \"22:00-06:00\" overnight, or \"closed\")");
    }
  };
  if (value.is_array()) {
    if (value.empty()) fail(path, value, "is an empty list (write \"closed\")");
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (value[i].is_string() && value[i].get<std::string>() == "closed")
        fail(element(path, i), value[i], "cannot be one of several windows");
      one(value[i], element(path, i));
    }
  } else {
    one(value, path);
  }
  return out;
}

Calendar calendar(const json& value, const std::string& path, const ParseContext& context) {
  Fields f(value, path);
  Calendar c;
  if (const json* v = f.get("days")) c.days = int_count(*v, f.path("days"), 1, limits::max_days, "ten years of days");
  if (const json* v = f.get("start_date")) {
    if (f.get("first_weekday")) fail(f.path("first_weekday"), "give start_date or first_weekday, not both (the date has its weekday)");
    try {
      c.start_date = parse_date(string(*v, f.path("start_date")));
    } catch (const std::invalid_argument&) {
      fail(f.path("start_date"), *v, "is not a date (write \"2026-12-07\")");
    }
    c.first_weekday = weekday_of_date(*c.start_date);
  }
  if (const json* v = f.get("first_weekday")) {
    const std::string name = string(*v, f.path("first_weekday"));
    const auto it = std::find(std::begin(weekday_names), std::end(weekday_names), name);
    if (it == std::end(weekday_names)) fail(f.path("first_weekday"), *v, "is not a weekday (monday ... sunday)");
    c.first_weekday = static_cast<int>(it - std::begin(weekday_names));
  }
  if (const json* v = f.get("interval")) {
    c.interval = positive_duration(*v, f.path("interval"));
    context.warn_if_bare_seconds(*v, c.interval, 60, f.path("interval"));
    if (c.interval < limits::min_interval || c.interval > limits::max_interval)
      fail(f.path("interval"), *v, "must be from 1 second to 1 day");
  }
  const json* hours = f.get("hours");
  const json* holidays = f.get("holidays");
  // Hours as written, per day of the horizon (seconds since midnight; overnight windows whole).
  std::vector<std::vector<std::pair<double, double>>> written;
  std::vector<std::vector<std::pair<double, double>>> weekday_written;  // calendar.hours per weekday, as written
  if (hours) {
    if (f.get("open") || f.get("close"))
      fail(f.get("open") ? f.path("open") : f.path("close"), "give hours or open and close, not both");
    if (!hours->is_object() || hours->empty())
      fail(f.path("hours"), *hours, "is not an object of weekdays (\"monday\": \"08:00-20:00\", \"sunday\": \"closed\")");
    std::vector<std::optional<std::vector<std::pair<double, double>>>> per_weekday(7);
    // "every_day", then "weekdays" (Monday to Friday), then each weekday's own.
    for (const char* group : {"every_day", "weekdays"}) {
      if (const auto it = hours->find(group); it != hours->end()) {
        const auto w = hours_text(*it, child(f.path("hours"), group));
        for (int d = 0; d < (std::string(group) == "weekdays" ? 5 : 7); ++d) per_weekday[static_cast<std::size_t>(d)] = w;
      }
    }
    for (const auto& [key, v] : hours->items()) {
      if (key == "every_day" || key == "weekdays") continue;
      const auto it = std::find(std::begin(weekday_names), std::end(weekday_names), key);
      if (it == std::end(weekday_names))
        fail(child(f.path("hours"), key), "is not a weekday (monday ... sunday, weekdays, every_day)");
      per_weekday[static_cast<std::size_t>(it - std::begin(weekday_names))] = hours_text(v, child(f.path("hours"), key));
    }
    for (int w = 0; w < 7; ++w) {
      if (!per_weekday[static_cast<std::size_t>(w)])
        fail(f.path("hours"), std::string("has no hours for ") + weekday_names[w] + " (write \"closed\" if it is)");
    }
    for (int d = 0; d < c.days; ++d) written.push_back(*per_weekday[static_cast<std::size_t>(c.weekday(d))]);
    for (const auto& w : per_weekday) weekday_written.push_back(*w);
  } else {
    if (const json* v = f.get("open")) c.open = time_of_day(*v, f.path("open"), false);
    if (const json* v = f.get("close")) c.close = time_of_day(*v, f.path("close"), true);
    if (!(c.close > c.open)) fail(f.path("close"), value.value("close", json("17:00")), "must be after the opening time");
  }
  if (holidays) {
    const std::string hp = f.path("holidays");
    if (!c.start_date) fail(hp, "needs calendar.start_date (holidays are dates)");
    if (!holidays->is_array()) fail(hp, *holidays, "is not a list of dates");
    if (written.empty()) {
      for (int d = 0; d < c.days; ++d) written.push_back({{c.open, c.close}});
    }
    c.volume_factor.assign(static_cast<std::size_t>(c.days), 1.0);
    c.holiday.assign(static_cast<std::size_t>(c.days), 0);
    c.holiday_name.assign(static_cast<std::size_t>(c.days), {});
    std::set<std::int32_t> seen;
    for (std::size_t i = 0; i < holidays->size(); ++i) {
      const json& h = (*holidays)[i];
      const std::string p = element(hp, i);
      const json* date_value = &h;
      std::optional<Fields> fields;
      if (h.is_object()) {
        fields.emplace(h, p);
        date_value = &fields->require("date");
      }
      const std::string date_path = h.is_object() ? child(p, "date") : p;
      std::int32_t date = 0;
      try {
        date = parse_date(string(*date_value, date_path));
      } catch (const std::invalid_argument&) {
        fail(date_path, *date_value, "is not a date (write \"2026-12-25\")");
      }
      if (!seen.insert(date).second) fail(date_path, *date_value, "is listed twice");
      const std::int64_t day = static_cast<std::int64_t>(date) - *c.start_date;
      std::vector<std::pair<double, double>> special;  // closed unless hours are given
      double factor = 1.0;
      std::string name;
      bool has_hours = false;
      if (fields) {
        if (const json* v = fields->get("name")) name = string(*v, child(p, "name"));
        if (const json* v = fields->get("hours")) {
          special = hours_text(*v, child(p, "hours"));
          has_hours = true;
        }
        if (const json* v = fields->get("factor")) {
          factor = nonnegative_number(*v, child(p, "factor"));
          if (factor > 100) fail(child(p, "factor"), *v, "is implausibly large (at most 100)");
          if (!has_hours && day >= 0 && day < c.days) special = written[static_cast<std::size_t>(day)];
          has_hours = true;
        }
        fields->finish();
      }
      if (day < 0 || day >= c.days) continue;  // a holiday outside the horizon (a year's list)
      written[static_cast<std::size_t>(day)] = has_hours ? special : std::vector<std::pair<double, double>>{};
      c.volume_factor[static_cast<std::size_t>(day)] = factor;
      c.holiday[static_cast<std::size_t>(day)] = 1;
      c.holiday_name[static_cast<std::size_t>(day)] = name;
    }
  }
  if (const json* v = f.get("at_close")) {
    const std::string a = string(*v, f.path("at_close"));
    if (a != "serve" && a != "clear") fail(f.path("at_close"), *v, "is not serve or clear");
    c.at_close = a == "serve" ? AtClose::serve : AtClose::clear;
  }
  if (!written.empty()) {
    // The grid: from the earliest opening to the latest closing; an overnight window makes it the whole day.
    bool overnight = false;
    double earliest = 86400, latest = 0;
    for (const auto& day : written) {
      for (const auto& [from, to] : day) {
        if (to < from) overnight = true;
        earliest = std::min(earliest, from);
        latest = std::max(latest, to < from ? 86400.0 : to);
      }
    }
    if (overnight) earliest = 0, latest = 86400;
    if (latest <= earliest) earliest = 8 * 3600.0, latest = 17 * 3600.0;  // closed every day: a nominal grid
    c.open = earliest;
    c.close = latest;
  }
  const double count = c.open_length() / c.interval;
  if (std::abs(count - std::round(count)) > 1e-9)
    fail(f.path("interval"), value.value("interval", json("30m")),
         "does not divide the opening hours (" + format_duration(c.open_length()) + ") into whole intervals");
  if (static_cast<std::int64_t>(c.intervals_per_day()) * c.days > limits::max_horizon_intervals) {
    fail(f.path("interval"), value.value("interval", json("30m")),
         "makes " + std::to_string(static_cast<std::int64_t>(c.intervals_per_day()) * c.days) + " intervals over " +
             std::to_string(c.days) + " days; a run keeps statistics for at most " +
             std::to_string(limits::max_horizon_intervals) + " intervals: use longer intervals or split the calendar into several runs");
  }
  if (!written.empty()) {
    // Each day's windows on the grid (seconds since its start), an overnight window's morning on the next day.
    c.hours.assign(static_cast<std::size_t>(c.days), {});
    const std::string where = holidays ? "calendar.hours or calendar.holidays" : "calendar.hours";
    for (int d = 0; d < c.days; ++d) {
      for (const auto& [from, to] : written[static_cast<std::size_t>(d)]) {
        for (double t : {from, to}) {
          const double k = (t - c.open) / c.interval;
          if (std::abs(k - std::round(k)) > 1e-9)
            fail(where, format_time_of_day(t) + " on " + weekday_names[c.weekday(d)] + " is not on the " +
                            format_duration(c.interval) + " interval grid that starts at " + format_time_of_day(c.open));
        }
        if (to > from) {
          c.hours[static_cast<std::size_t>(d)].push_back({from - c.open, to - c.open});
        } else {
          c.hours[static_cast<std::size_t>(d)].push_back({from, 86400.0});
          if (d + 1 < c.days && to > 0) c.hours[static_cast<std::size_t>(d) + 1].push_back({0.0, to});
        }
      }
    }
    for (int d = 0; d < c.days; ++d) {
      auto& w = c.hours[static_cast<std::size_t>(d)];
      std::sort(w.begin(), w.end(), [](const OpenWindow& a, const OpenWindow& b) { return a.from < b.from; });
      std::vector<OpenWindow> merged;
      for (const OpenWindow& x : w) {
        if (!merged.empty() && x.from < merged.back().to)
          fail(where, "the windows of day " + std::to_string(d + 1) + " (" + weekday_names[c.weekday(d)] + ") overlap at " +
                          format_time_of_day(c.open + x.from));
        if (!merged.empty() && x.from == merged.back().to) {
          merged.back().to = x.to;  // back to back: one window
        } else {
          merged.push_back(x);
        }
      }
      w = merged;
    }
    for (const auto& day : weekday_written) {
      c.weekday_hours.emplace_back();
      for (const auto& [from, to] : day) c.weekday_hours.back().push_back({from - c.open, to > from ? to - c.open : 86400.0 + to - c.open});
    }
    bool any_open = false;
    for (const auto& w : c.hours) any_open |= !w.empty();
    if (!any_open) fail(where, "closes the centre on every day of the horizon");
    // The usual day everywhere: no per-day hours at all (the engine's plain path).
    if (std::all_of(c.hours.begin(), c.hours.end(), [&](const auto& w) {
          return w.size() == 1 && w[0].from == 0 && w[0].to == c.open_length();
        }) && std::none_of(c.holiday.begin(), c.holiday.end(), [](std::uint8_t h) { return h != 0; })) {
      c.hours.clear();
      c.weekday_hours.clear();
      c.volume_factor.clear();
      c.holiday.clear();
      c.holiday_name.clear();
    }
  }
  f.finish();
  return c;
}

// A list of values per interval: one day's list (repeated every day) or one list per day;
// `read` reads and checks one entry (its JSON and path).
using EntryReader = std::function<double(const json&, const std::string&)>;
std::vector<std::vector<double>> per_interval_lists(const json& value, const std::string& path, const Calendar& c,
                                                    const EntryReader& read) {
  const auto n = static_cast<std::size_t>(c.intervals_per_day());
  if (!value.is_array() || value.empty()) fail(path, value, "is not a list");
  const auto one_day = [&](const json& list, const std::string& p) {
    if (!list.is_array() || list.size() != n)
      fail(p, "has " + std::to_string(list.is_array() ? list.size() : 0) + " entries; the day has " + std::to_string(n) +
                  " intervals of " + format_duration(c.interval));
    std::vector<double> out;
    for (std::size_t i = 0; i < n; ++i) out.push_back(read(list[i], element(p, i)));
    return out;
  };
  std::vector<std::vector<double>> days;
  if (value[0].is_array()) {
    if (value.size() != static_cast<std::size_t>(c.days))
      fail(path, "has " + std::to_string(value.size()) + " daily lists; the calendar has " + std::to_string(c.days) + " days");
    for (std::size_t d = 0; d < value.size(); ++d) days.push_back(one_day(value[d], element(path, d)));
  } else {
    const auto day = one_day(value, path);
    days.assign(static_cast<std::size_t>(c.days), day);
  }
  return days;
}

// A forecast file's calls per interval of the horizon for call type `type_name` (every row when
// the file has no call-type column), and the calls-weighted AHT of each interval (NaN where the
// file gives none) into `aht`.
std::vector<std::vector<double>> forecast_calls(const json& value, const std::string& path, const Calendar& c,
                                                const std::string& type_name, const std::vector<std::string>& scenario_types,
                                                std::vector<double>& aht, const ParseContext& context) {
  const std::string file = string(value, path);
  std::filesystem::path full = file;
  if (full.is_relative() && !context.directory.empty()) full = context.directory / full;
  Forecast forecast;
  try {
    forecast = read_forecast(full);
  } catch (const ScenarioError& e) {
    fail(path, e.what());
  }
  const auto n = static_cast<std::size_t>(c.intervals_per_day());
  const auto days = static_cast<std::size_t>(c.days);
  std::vector<std::vector<double>> expected(days, std::vector<double>(n, 0.0));
  std::vector<double> aht_sum(days * n, 0.0), aht_calls(days * n, 0.0);
  if (forecast.has_dates && !c.start_date)
    fail(path, "\"" + file + "\" gives dates; set calendar.start_date (the first day of the horizon)");
  // The rows of this call type.
  std::set<std::string> types;
  for (const auto& r : forecast.rows) types.insert(r.call_type);
  const bool by_type = forecast.has_call_type && !type_name.empty();
  if (forecast.has_call_type && type_name.empty() && types.size() > 1)
    fail(path, "\"" + file + "\" has " + std::to_string(types.size()) +
                   " call types; the scenario has one queue (list call_types, each taking its rows by name)");
  if (by_type && !types.count(type_name))
    fail(path, "\"" + file + "\" has no rows of call type \"" + type_name + "\"");
  if (by_type) {  // rows of call types the scenario does not have: said, never dropped silently
    std::size_t unknown_rows = 0;
    const ForecastRow* first_unknown = nullptr;
    for (const auto& r : forecast.rows) {
      if (std::find(scenario_types.begin(), scenario_types.end(), r.call_type) != scenario_types.end()) continue;
      if (unknown_rows++ == 0) first_unknown = &r;
    }
    if (first_unknown != nullptr)
      context.warn("\"" + file + "\"", std::to_string(unknown_rows) + " rows of call types the scenario does not have (the first on line " +
                                   std::to_string(first_unknown->line) + ": \"" + one_line(first_unknown->call_type.substr(0, 40)) +
                                   "\") are not used; add the call type to call_types, or remove its rows");
  }
  // The file's intervals may be finer than the calendar's (they are summed), not coarser.
  const bool every_row_has_its_end =
      std::all_of(forecast.rows.begin(), forecast.rows.end(), [](const ForecastRow& r) { return r.end_since_midnight.has_value(); });
  if (const auto step = forecast_step(forecast); step && *step > c.interval + 1e-9 && !every_row_has_its_end)
    fail(path, "\"" + file + "\" has intervals " + format_duration(*step) + " apart, longer than calendar.interval (" +
                   format_duration(c.interval) + "); set calendar.interval to " + format_duration(*step));
  std::map<std::tuple<std::int64_t, double, std::string>, int> seen;  // (day or weekday, start, type) -> line
  std::size_t outside = 0;
  double off_grid = 0;
  for (const auto& r : forecast.rows) {
    if (by_type && r.call_type != type_name) continue;
    const std::int64_t day_key = r.date ? static_cast<std::int64_t>(*r.date) : -1 - r.weekday;
    const auto [it, fresh] = seen.emplace(std::make_tuple(day_key, r.start_since_midnight, r.call_type), r.line);
    if (!fresh)
      fail(path, forecast.name + ":" + std::to_string(r.line) + ": the interval at " + format_time_of_day(r.start_since_midnight) +
                     " is given again (first on line " + std::to_string(it->second) + ")");
    const double t = r.start_since_midnight - c.open;
    if (t < 0 || t >= c.open_length()) {  // outside the interval grid: not offered
      off_grid += r.calls;
      continue;
    }
    // A row longer than the calendar's interval ("08:00-09:00" in a 30-minute calendar) is spread
    // over the intervals it covers, in proportion to the time of each it covers; a row within one
    // interval goes to that interval.
    const double row_end = r.end_since_midnight ? std::min(*r.end_since_midnight - c.open, c.open_length()) : t;
    const auto first_k = static_cast<std::size_t>(std::floor(t / c.interval + 1e-9));
    const auto add = [&](std::size_t d) {
      const auto put = [&](std::size_t k, double calls) {
        expected[d][k] += calls;
        if (r.aht && calls > 0) {
          aht_sum[d * n + k] += calls * *r.aht;
          aht_calls[d * n + k] += calls;
        }
      };
      if (row_end - t <= c.interval + 1e-9) {
        put(first_k, r.calls);
        return;
      }
      for (std::size_t k = first_k; k < n && static_cast<double>(k) * c.interval < row_end - 1e-9; ++k) {
        const double from = std::max(t, static_cast<double>(k) * c.interval);
        const double to = std::min(row_end, static_cast<double>(k + 1) * c.interval);
        if (to > from) put(k, r.calls * (to - from) / (row_end - t));
      }
    };
    if (r.date) {
      const std::int64_t d = static_cast<std::int64_t>(*r.date) - *c.start_date;
      if (d < 0 || d >= c.days) {
        ++outside;
        continue;
      }
      add(static_cast<std::size_t>(d));
    } else {
      for (std::size_t d = 0; d < days; ++d) {
        if (c.weekday(static_cast<int>(d)) == r.weekday) add(d);
      }
    }
  }
  if (outside > 0)
    context.warn(path, std::to_string(outside) + " rows of \"" + file + "\" fall outside the calendar's " + std::to_string(c.days) +
                   " days from " + c.date_text(0) + " and are not used");
  if (off_grid > 0) {
    char text[200];
    std::snprintf(text, sizeof text, "%.4g calls of \"%s\" fall outside the hours %s-%s and are not offered", off_grid,
                  file.c_str(), format_time_of_day(c.open).c_str(), format_time_of_day(c.close).c_str());
    context.warn(path, text);
  }
  aht.assign(days * n, std::numeric_limits<double>::quiet_NaN());
  if (forecast.has_aht) {
    for (std::size_t k = 0; k < days * n; ++k) {
      if (aht_calls[k] > 0) aht[k] = aht_sum[k] / aht_calls[k];
    }
  } else {
    aht.clear();
  }
  return expected;
}

std::vector<models::ArrivalProfile> arrivals(const json& value, const std::string& path, const Calendar& c,
                                             double& day_to_day_cv, const std::string& type_name,
                                             const std::vector<std::string>& scenario_types, std::vector<double>& aht,
                                             const ParseContext& context) {
  Fields f(value, path);
  const auto n = static_cast<std::size_t>(c.intervals_per_day());
  const json* per_day = f.get("calls_per_day");
  const json* per_hour = f.get("rate_per_hour");
  const json* per_interval = f.get("per_interval");
  const json* forecast = f.get("forecast");
  if (int(per_day != nullptr) + int(per_hour != nullptr) + int(per_interval != nullptr) + int(forecast != nullptr) != 1)
    fail(path, "give exactly one of calls_per_day, rate_per_hour, per_interval, forecast");

  std::vector<std::vector<double>> expected;
  if (forecast) {
    expected = forecast_calls(*forecast, f.path("forecast"), c, type_name, scenario_types, aht, context);
  } else if (per_interval) {
    expected = per_interval_lists(*per_interval, f.path("per_interval"), c, nonnegative_number);
  } else {
    std::vector<double> weights(n, 1.0);
    if (const json* profile = f.get("intraday_profile")) {
      if (!per_day) fail(f.path("intraday_profile"), "only goes with calls_per_day");
      if (!profile->is_array() || profile->size() != n)
        fail(f.path("intraday_profile"), "needs one weight per interval (" + std::to_string(n) + ")");
      for (std::size_t i = 0; i < n; ++i) weights[i] = nonnegative_number((*profile)[i], element(f.path("intraday_profile"), i));
    }
    double total_weight = 0;
    for (double w : weights) total_weight += w;
    if (!(total_weight > 0)) fail(f.path("intraday_profile"), "has no positive weight");
    if (!std::isfinite(total_weight)) fail(f.path("intraday_profile"), "has weights too large to add up");
    std::vector<double> day(n);
    for (std::size_t i = 0; i < n; ++i) {
      day[i] = per_day ? nonnegative_number(*per_day, f.path("calls_per_day")) * weights[i] / total_weight
                       : nonnegative_number(*per_hour, f.path("rate_per_hour")) * c.interval / 3600.0;
    }
    expected.assign(static_cast<std::size_t>(c.days), day);
    if (per_day && !c.hours.empty()) {
      // A day's calls over its own open intervals (a short Saturday takes the day's calls in its hours).
      const double calls = nonnegative_number(*per_day, f.path("calls_per_day"));
      for (int d = 0; d < c.days; ++d) {
        double open_weight = 0;
        for (std::size_t i = 0; i < n; ++i) open_weight += c.interval_open(d, static_cast<int>(i)) ? weights[i] : 0.0;
        for (std::size_t i = 0; i < n; ++i)
          expected[static_cast<std::size_t>(d)][i] =
              c.interval_open(d, static_cast<int>(i)) && open_weight > 0 ? calls * weights[i] / open_weight : 0.0;
      }
    }
  }
  if (const json* factor = f.get("factor")) {
    // One number, or one per day of the horizon.
    const auto one = [&](const json& v, const std::string& p) {
      const double x = nonnegative_number(v, p);
      if (x > 100) fail(p, v, "is implausibly large (at most 100)");
      return x;
    };
    if (factor->is_array()) {
      if (factor->size() != static_cast<std::size_t>(c.days))
        fail(f.path("factor"), "has " + std::to_string(factor->size()) + " entries; the calendar has " + std::to_string(c.days) + " days");
      for (std::size_t d = 0; d < expected.size(); ++d) {
        const double x = one((*factor)[d], element(f.path("factor"), d));
        for (double& e : expected[d]) e *= x;
      }
    } else {
      const double x = one(*factor, f.path("factor"));
      for (auto& day : expected) {
        for (double& e : day) e *= x;
      }
    }
  }
  if (const json* factors = f.get("weekday_factors")) {
    const std::string p = f.path("weekday_factors");
    if (!factors->is_array() || factors->empty() || factors->size() > 7)
      fail(p, *factors, "is not a list of 1 to 7 factors (Monday first)");
    for (int d = 0; d < c.days; ++d) {
      const auto w = static_cast<std::size_t>(c.weekday(d));
      if (w >= factors->size())
        fail(p, "has no factor for " + std::string(weekday_names[w]) + " (day " + std::to_string(d + 1) +
                    "); the list starts on Monday");
      const double factor = nonnegative_number((*factors)[w], element(p, w));
      for (double& e : expected[static_cast<std::size_t>(d)]) e *= factor;
    }
  }
  // Closed intervals take no calls (volume given for them is dropped, with a warning); a
  // holiday's factor scales its day.
  if (!c.hours.empty()) {
    double dropped = 0;
    for (int d = 0; d < c.days; ++d) {
      auto& day = expected[static_cast<std::size_t>(d)];
      for (std::size_t i = 0; i < n; ++i) {
        if (!c.interval_open(d, static_cast<int>(i))) {
          dropped += day[i];
          day[i] = 0;
        }
        day[i] *= c.day_volume_factor(d);
      }
    }
    if (dropped > 0 && (per_interval || forecast)) {
      char text[160];
      std::snprintf(text, sizeof text, "%.4g expected calls fall in closed hours (calendar.hours or holidays) and are not offered",
                    dropped);
      context.warn(path, text);
    }
  }
  // Every interval's expected volume finite, and the horizon's within what one replication can
  // simulate (the closed hours' calls are added by the caller).
  double total = 0;
  for (const auto& day : expected) {
    for (double e : day) total += e;
  }
  if (!(total <= limits::max_expected_calls)) {
    char text[64];
    std::snprintf(text, sizeof text, "%.3g", total);
    fail(path, std::string("expects ") + text + " calls per replication over " + std::to_string(c.days) +
                   " days; one replication simulates at most 1e9: simulate fewer days per run, or a smaller volume");
  }
  if (const json* cv = f.get("day_to_day_cv")) {
    day_to_day_cv = nonnegative_number(*cv, f.path("day_to_day_cv"));
    if (day_to_day_cv > 2) fail(f.path("day_to_day_cv"), *cv, "is implausibly large (at most 2)");
    // A Gamma factor of mean 1 and cv below 1e-6 differs from 1 by less than a millionth: it
    // is 1 (its shape, 1/cv^2, would otherwise overflow for very small cvs).
    if (day_to_day_cv < 1e-6) day_to_day_cv = 0.0;
  }
  f.finish();
  std::vector<models::ArrivalProfile> profiles;
  for (auto& day : expected) profiles.emplace_back(c.interval, std::move(day));
  return profiles;
}

std::vector<std::vector<StaffingChange>> staffing(const json& value, const std::string& path, const Calendar& c) {
  Fields f(value, path);
  const json* agents = f.get("agents");
  const json* per_interval = f.get("per_interval");
  const json* shifts = f.get("shifts");
  if (int(agents != nullptr) + int(per_interval != nullptr) + int(shifts != nullptr) != 1)
    fail(path, "give exactly one of agents, per_interval, shifts");
  std::vector<std::vector<StaffingChange>> days(static_cast<std::size_t>(c.days));
  const double day_length = c.open_length();

  if (agents) {
    const int n = int_count(*agents, f.path("agents"), 1, limits::max_agents, "the most agents");
    for (auto& d : days) d.push_back({0.0, n, 0.0});
  } else if (per_interval) {
    const auto counts = per_interval_lists(*per_interval, f.path("per_interval"), c, [](const json& v, const std::string& p) {
      return static_cast<double>(integer(v, p, 0, limits::max_agents, "the most agents"));
    });
    for (std::size_t d = 0; d < days.size(); ++d) {
      int previous = 0;
      for (std::size_t i = 0; i < counts[d].size(); ++i) {
        const int now = static_cast<int>(counts[d][i]);
        if (now != previous) days[d].push_back({static_cast<double>(i) * c.interval, now - previous, 0.0});
        previous = now;
      }
    }
  } else {
    if (!shifts->is_array() || shifts->empty()) fail(f.path("shifts"), *shifts, "is not a non-empty list of shifts");
    std::int64_t total_changes = 0;
    if (static_cast<std::int64_t>(shifts->size()) > limits::max_list_length)
      fail(f.path("shifts"), "has " + std::to_string(shifts->size()) + " shifts; at most " + std::to_string(limits::max_list_length));
    for (std::size_t s = 0; s < shifts->size(); ++s) {
      const std::string sp = element(f.path("shifts"), s);
      Fields shift((*shifts)[s], sp);
      const double start = time_of_day(shift.require("start"), shift.path("start"), false);
      const double end = time_of_day(shift.require("end"), shift.path("end"), true);
      if (end == start) fail(shift.path("end"), shift.require("end"), "is the shift's start (a shift lasts under 24 hours)");
      // An end before the start runs past midnight: the rest of the shift is on the next day.
      const bool overnight = end < start;
      const double length = overnight ? end + 86400 - start : end - start;
      const int n = int_count(shift.require("agents"), shift.path("agents"), 1, limits::max_agents, "the most agents");
      std::vector<bool> works(7, true);
      if (const json* wd = shift.get("weekdays")) {
        if (!wd->is_array() || wd->empty()) fail(shift.path("weekdays"), *wd, "is not a list of weekdays");
        std::fill(works.begin(), works.end(), false);
        for (std::size_t i = 0; i < wd->size(); ++i) {
          const std::string name = string((*wd)[i], element(shift.path("weekdays"), i));
          const auto it = std::find(std::begin(weekday_names), std::end(weekday_names), name);
          if (it == std::end(weekday_names))
            fail(element(shift.path("weekdays"), i), (*wd)[i], "is not a weekday (monday ... sunday)");
          works[static_cast<std::size_t>(it - std::begin(weekday_names))] = true;
        }
      }
      // The changes on the shift's own day and, overnight, on the next day (times since the
      // grid's start); a change outside the grid is dropped (the agents are on duty from the
      // grid's start, or stay until its end).
      std::vector<StaffingChange> changes, next_day;
      const auto on_grid = [&](std::vector<StaffingChange>& list, double from_midnight, double until_midnight) {
        const double from = std::max(0.0, from_midnight - c.open);
        if (from < day_length && until_midnight > c.open) {
          list.push_back({from, n, 0.0});
          if (until_midnight - c.open < day_length) list.push_back({until_midnight - c.open, -n, 0.0});
        }
      };
      on_grid(changes, start, overnight ? 86400.0 : end);
      if (overnight) on_grid(next_day, 0.0, end);
      if (const json* breaks = shift.get("breaks")) {
        if (!breaks->is_array()) fail(shift.path("breaks"), *breaks, "is not a list of breaks");
        if (static_cast<std::int64_t>(breaks->size()) > limits::max_list_length)
          fail(shift.path("breaks"), "has " + std::to_string(breaks->size()) + " breaks; at most " +
                                         std::to_string(limits::max_list_length));
        for (std::size_t b = 0; b < breaks->size(); ++b) {
          const std::string bp = element(shift.path("breaks"), b);
          Fields brk((*breaks)[b], bp);
          const double at = time_of_day(brk.require("start"), brk.path("start"), false);
          const double break_length = positive_duration(brk.require("length"), brk.path("length"));
          const double into_shift = at >= start ? at - start : at + 86400 - start;
          if (into_shift + break_length > length)
            fail(brk.path("start"), brk.require("start"),
                 "puts the break outside its shift (" + format_time_of_day(start) + " to " + format_time_of_day(end) + ")");
          brk.finish();
          const bool tomorrow = overnight && at < start;
          std::vector<StaffingChange>& list = tomorrow ? next_day : changes;
          if (at >= c.open && at - c.open < day_length && !list.empty()) list.push_back({at - c.open, -n, break_length});
        }
      }
      shift.finish();
      // The night before the horizon: the morning of a shift worked the evening before the first
      // day (the weekday before it), whether or not the shift is worked on the first day itself.
      if (works[static_cast<std::size_t>(c.weekday(6))]) {
        total_changes += static_cast<std::int64_t>(next_day.size());
        days[0].insert(days[0].end(), next_day.begin(), next_day.end());
      }
      for (int d = 0; d < c.days; ++d) {
        if (!works[static_cast<std::size_t>(c.weekday(d))]) continue;
        total_changes += static_cast<std::int64_t>(changes.size() + next_day.size());
        if (total_changes > limits::max_staffing_changes)
          fail(sp, "brings the staffing changes over the horizon (starts, ends and breaks of every shift on every day) past " +
                       std::to_string(limits::max_staffing_changes) + ": fewer shifts or breaks, or fewer days per run");
        days[static_cast<std::size_t>(d)].insert(days[static_cast<std::size_t>(d)].end(), changes.begin(), changes.end());
        if (d + 1 < c.days)
          days[static_cast<std::size_t>(d) + 1].insert(days[static_cast<std::size_t>(d) + 1].end(), next_day.begin(), next_day.end());
      }
    }
  }
  f.finish();

  for (std::size_t d = 0; d < days.size(); ++d) {
    auto& changes = days[d];
    std::stable_sort(changes.begin(), changes.end(),
                     [](const StaffingChange& a, const StaffingChange& b) { return a.time < b.time; });
    // At most limits::max_agents on duty at any moment (summed in 64 bits: nothing wraps).
    std::int64_t at_once = 0;
    for (const auto& [time, change] : staffing_steps(changes)) {
      at_once += change;
      if (at_once > limits::max_agents) {
        fail(path, "puts " + std::to_string(at_once) + " agents on duty at once at " + format_time_of_day(c.open + time) +
                       " on day " + std::to_string(d + 1) + "; at most " + std::to_string(limits::max_agents));
      }
    }
  }
  return days;
}

// A distribution whose `mean` may be a list: one value per interval (one day's list, repeated
// every day, or one list per day), as arrivals.per_interval is. The distribution is built at the
// mean of the values; `factors` gets each interval's value / that mean, day-major over the
// horizon (left empty for a single mean). `positive`: every value must exceed 0.
models::Distribution varying_distribution(const json& value, const std::string& path, const Calendar& c, bool positive,
                                          std::vector<double>& factors) {
  factors.clear();
  if (!value.is_object() || !value.contains("mean") || !value["mean"].is_array()) return distribution(value, path);
  const std::string mean_path = child(path, "mean");
  std::vector<double> means;
  for (const auto& day : per_interval_lists(value["mean"], mean_path, c, [positive](const json& v, const std::string& p) {
         const double d = duration(v, p);
         if (positive && !(d > 0)) fail(p, v, "must be longer than 0 seconds");
         return d;
       })) {
    means.insert(means.end(), day.begin(), day.end());
  }
  double sum = 0;
  for (double m : means) sum += m;
  const double reference = sum / static_cast<double>(means.size());
  if (!(reference > 0)) fail(mean_path, "has no value above 0 seconds");
  json at_reference = value;
  at_reference["mean"] = reference;
  models::Distribution d = distribution(at_reference, path);
  if (d.kind() == models::DistributionKind::empirical || d.kind() == models::DistributionKind::mixture)
    fail(mean_path, "goes with mean and cv, not with observed values or a mixture's parts");
  factors.reserve(means.size());
  for (double m : means) factors.push_back(m / reference);
  return d;
}

ServiceLevelSpec service_level(const json& value, const std::string& path, const ParseContext& context) {
  Fields f(value, path);
  ServiceLevelSpec s;
  if (const json* v = f.get("answer_within")) {
    s.answer_within = duration(*v, f.path("answer_within"));
    context.warn_if_bare_seconds(*v, s.answer_within, 5, f.path("answer_within"));
  }
  if (const json* v = f.get("target")) s.target = fraction(*v, f.path("target"));
  if (const json* v = f.get("short_abandon")) s.short_abandon = duration(*v, f.path("short_abandon"));
  if (const json* v = f.get("definition")) {
    const std::string d = string(*v, f.path("definition"));
    if (d == "excluding_short_abandons") s.definition = ServiceLevelDefinition::excluding_short_abandons;
    else if (d == "answered") s.definition = ServiceLevelDefinition::answered;
    else if (d == "offered") s.definition = ServiceLevelDefinition::offered;
    else fail(f.path("definition"), *v, "is not a definition (excluding_short_abandons, answered, offered)");
  }
  f.finish();
  return s;
}

RunSpec run_spec(const json& value, const std::string& path) {
  Fields f(value, path);
  RunSpec r;
  if (const json* v = f.get("replications"))
    r.replications = int_count(*v, f.path("replications"), 1, limits::max_replications, "the most replications of a run");
  if (const json* v = f.get("seed")) {
    if (!v->is_number_integer() || (!v->is_number_unsigned() && v->get<std::int64_t>() < 0))
      fail(f.path("seed"), *v, "is not a whole number from 0 to 18446744073709551615");
    r.seed = v->get<std::uint64_t>();
  }
  if (const json* v = f.get("warmup")) r.warmup = duration(*v, f.path("warmup"));
  f.finish();
  return r;
}

// ---- returning customers, callbacks, IVR ----------------------------------------------------

IvrSpec ivr_spec(const json& value, const std::string& path) {
  Fields f(value, path);
  IvrSpec s;
  s.time = distribution(f.require("time"), f.path("time"));
  if (const json* v = f.get("self_service")) s.self_service = fraction(*v, f.path("self_service"));
  f.finish();
  return s;
}

CallbackSpec callback_spec(const json& value, const std::string& path) {
  Fields f(value, path);
  CallbackSpec s;
  if (const json* v = f.get("offer_when_wait_exceeds")) s.offer_when_wait_exceeds = duration(*v, f.path("offer_when_wait_exceeds"));
  if (const json* v = f.get("offer_at_position"))
    s.offer_at_position = int_count(*v, f.path("offer_at_position"), 1, limits::max_callers, "the most callers held at once");
  if (!s.offer_when_wait_exceeds && !s.offer_at_position)
    fail(path, "give offer_when_wait_exceeds, offer_at_position or both: when is a callback offered?");
  if (const json* v = f.get("accept_probability")) s.accept_probability = fraction(*v, f.path("accept_probability"));
  const json* window = f.get("window");
  if (const json* v = f.get("mode")) {
    const std::string m = string(*v, f.path("mode"));
    if (m == "keep_place") s.mode = CallbackMode::keep_place;
    else if (m == "window") s.mode = CallbackMode::window;
    else fail(f.path("mode"), *v, "is not a callback mode (keep_place, window)");
  }
  if (s.mode == CallbackMode::window) {
    if (!window) fail(f.path("window"), "is missing: window mode promises a callback within a window, e.g. \"60m\"");
    s.window = positive_duration(*window, f.path("window"));
  } else if (window) {
    fail(f.path("window"), *window, "only goes with \"mode\": \"window\" (keep_place promises expected wait + promise_margin)");
  }
  if (const json* v = f.get("promise_margin")) {
    if (s.mode != CallbackMode::keep_place) fail(f.path("promise_margin"), *v, "only goes with \"mode\": \"keep_place\"");
    s.promise_margin = duration(*v, f.path("promise_margin"));
  }
  if (const json* v = f.get("serve")) {
    const std::string m = string(*v, f.path("serve"));
    if (m == "queue_order") s.serve = CallbackServe::queue_order;
    else if (m == "when_idle") s.serve = CallbackServe::when_idle;
    else fail(f.path("serve"), *v, "is not a callback policy (queue_order, when_idle)");
  }
  if (const json* v = f.get("dial_time")) s.dial_time = distribution(*v, f.path("dial_time"));
  if (const json* v = f.get("reach_probability")) s.reach_probability = fraction(*v, f.path("reach_probability"));
  if (const json* v = f.get("attempts")) s.attempts = int_count(*v, f.path("attempts"), 1, 100, "dials per callback");
  if (const json* v = f.get("retry_delay")) s.retry_delay = distribution(*v, f.path("retry_delay"));
  f.finish();
  return s;
}

// A delay before a caller rings again: a mean under limits::min_return_delay would let a caller
// ring back and forth without the clock moving.
void return_delay(const models::Distribution& d, const std::string& path) {
  if (d.mean() < limits::min_return_delay)
    fail(path, "has a mean of " + format_duration(d.mean()) + "; a delay before ringing again must average at least " +
                   format_duration(limits::min_return_delay));
}

ReturnsSpec returns_spec(const json& value, const std::string& path) {
  Fields f(value, path);
  ReturnsSpec s;
  if (const json* v = f.get("redial_probability")) s.redial_probability = fraction(*v, f.path("redial_probability"));
  if (const json* v = f.get("redial_delay")) s.redial_delay = distribution(*v, f.path("redial_delay"));
  if (const json* v = f.get("retry_probability")) s.retry_probability = fraction(*v, f.path("retry_probability"));
  if (const json* v = f.get("retry_delay")) s.retry_delay = distribution(*v, f.path("retry_delay"));
  if (const json* v = f.get("first_contact_resolution")) {
    s.first_contact_resolution = fraction(*v, f.path("first_contact_resolution"));
    if (s.first_contact_resolution == 0)
      fail(f.path("first_contact_resolution"), *v, "must be greater than 0 (otherwise no problem is ever resolved)");
  }
  if (const json* v = f.get("repeat_delay")) s.repeat_delay = distribution(*v, f.path("repeat_delay"));
  if (const json* v = f.get("max_attempts"))
    s.max_attempts = int_count(*v, f.path("max_attempts"), 0, 1000, "contacts per customer");
  const std::pair<const char*, const models::Distribution*> delays[] = {
      {"redial_delay", &s.redial_delay}, {"retry_delay", &s.retry_delay}, {"repeat_delay", &s.repeat_delay}};
  for (const auto& [name, d] : delays) return_delay(*d, f.path(name));
  f.finish();
  return s;
}

ClosedSpec closed_spec(const json& value, const std::string& path) {
  Fields f(value, path);
  ClosedSpec s;
  if (const json* v = f.get("calls_per_hour")) s.calls_per_hour = nonnegative_number(*v, f.path("calls_per_hour"));
  if (const json* v = f.get("retry_probability")) s.retry_probability = fraction(*v, f.path("retry_probability"));
  if (const json* v = f.get("retry_delay")) s.retry_delay = distribution(*v, f.path("retry_delay"));
  return_delay(s.retry_delay, f.path("retry_delay"));
  f.finish();
  return s;
}

CrmSpec crm_spec(const json& value, const std::string& path) {
  Fields f(value, path);
  CrmSpec s;
  s.identified_share = fraction(f.require("identified_share"), f.path("identified_share"));
  const auto factor = [&](const char* name) {
    const json* v = f.get(name);
    if (!v) return 1.0;
    const double x = number(*v, f.path(name));
    if (!(x > 0 && x <= 1)) fail(f.path(name), *v, "must be a multiplier above 0 and at most 1 (0.85: 15 % faster)");
    return x;
  };
  s.handle_time_factor = factor("handle_time_factor");
  s.returning_handle_time_factor = factor("returning_handle_time_factor");
  f.finish();
  return s;
}

AnnouncementSpec announcement_spec(const json& value, const std::string& path) {
  Fields f(value, path);
  AnnouncementSpec s;
  s.half_balk_wait = positive_duration(f.require("half_balk_wait"), f.path("half_balk_wait"));
  f.finish();
  return s;
}

}  // namespace

const char* service_level_definition_name(ServiceLevelDefinition d) {
  switch (d) {
    case ServiceLevelDefinition::excluding_short_abandons: return "excluding_short_abandons";
    case ServiceLevelDefinition::answered: return "answered";
    case ServiceLevelDefinition::offered: return "offered";
  }
  return "?";
}

int Staffing::agents_at_close(std::size_t group, int day, const Calendar& calendar) const {
  // At most limits::max_agents (checked when parsed), so the count fits.
  const auto windows = calendar.windows(day);
  if (windows.empty()) return 0;
  return static_cast<int>(on_duty_before(groups[group][static_cast<std::size_t>(day)], windows.back().to));
}

double Staffing::scheduled_agents(std::size_t group, int day, int interval, const Calendar& calendar) const {
  if (!calendar.interval_open(day, interval)) return 0.0;  // staffing counts in open intervals only
  const double from = interval * calendar.interval;
  const double to = from + calendar.interval;
  const auto steps = staffing_steps(groups[group][static_cast<std::size_t>(day)]);
  double area = 0;
  std::int64_t on_duty = 0;
  double last = from;
  for (const auto& [time, change] : steps) {
    if (time >= to) break;
    if (time > from) {
      area += static_cast<double>(on_duty) * (time - last);
      last = time;
    }
    on_duty += change;
  }
  area += static_cast<double>(on_duty) * (to - last);
  return area / calendar.interval;
}

bool Model::has_crm() const {
  return std::any_of(call_types.begin(), call_types.end(), [](const CallType& t) { return t.crm.has_value(); });
}

int Scenario::agents_at_close(int day) const {
  int total = 0;
  for (std::size_t g = 0; g < staffing.groups.size(); ++g) total += staffing.agents_at_close(g, day, calendar);
  return total;
}

double Scenario::scheduled_agents(int day, int interval) const {
  double total = 0;
  for (std::size_t g = 0; g < staffing.groups.size(); ++g) total += staffing.scheduled_agents(g, day, interval, calendar);
  return total;
}

namespace {

// The demand and needs of one call type, read from `f` (a call_types entry, or the top level
// of a single-queue scenario).
void read_demand(Fields& f, const Calendar& calendar, CallType& t, const std::string& type_name,
                 const std::vector<std::string>& scenario_types, const ParseContext& context) {
  std::vector<double> aht;  // a forecast file's AHT per interval (NaN: none given)
  t.arrivals = arrivals(f.require("arrivals"), f.path("arrivals"), calendar, t.day_to_day_cv, type_name, scenario_types, aht, context);
  t.handle_time = varying_distribution(f.require("handle_time"), f.path("handle_time"), calendar, true, t.handle_time_factor);
  if (!(t.handle_time.mean() > 0)) fail(f.path("handle_time"), "must have a positive mean");
  if (t.handle_time.mean() > 4 * 3600.0)
    context.warn(f.path("handle_time"), "a mean talk time of " + format_duration(t.handle_time.mean()) +
                                    " is over 4 hours; were minutes or milliseconds given as seconds?");
  if (const json* v = f.get("wrap_up")) t.wrap_up = varying_distribution(*v, f.path("wrap_up"), calendar, false, t.wrap_up_factor);
  if (!aht.empty()) {
    // The file's AHT is talk + wrap-up: the talk time's mean follows it interval by interval
    // (the handle_time distribution keeps its shape), less the interval's mean wrap-up.
    if (!t.handle_time_factor.empty())
      fail(f.path("handle_time"), "gives its mean per interval, and so does the forecast's aht column; keep one");
    t.handle_time_factor.assign(aht.size(), 1.0);
    t.talk_time_from_forecast = f.require("arrivals").value("forecast", std::string());
    for (std::size_t k = 0; k < aht.size(); ++k) {
      if (std::isnan(aht[k])) continue;
      const double wrap = t.wrap_up.mean() * (t.wrap_up_factor.empty() ? 1.0 : t.wrap_up_factor[k]);
      const double talk = aht[k] - wrap;
      if (!(talk > 0)) {
        const int per_day = calendar.intervals_per_day();
        const int day = static_cast<int>(k) / per_day;
        fail(f.path("arrivals.forecast"),
             "the AHT of " + format_duration(aht[k]) + " at " +
                 format_time_of_day(calendar.open + (static_cast<int>(k) % per_day) * calendar.interval) + " on day " +
                 std::to_string(day + 1) + " is not longer than the mean wrap-up (" + format_duration(wrap) +
                 "); the file's AHT includes wrap-up");
      }
      t.handle_time_factor[k] = talk / t.handle_time.mean();
    }
  }
  if (const json* v = f.get("patience")) {
    t.patience = varying_distribution(*v, f.path("patience"), calendar, true, t.patience_factor);
    if (t.patience->mean() > 86400.0)
      context.warn(f.path("patience"), "a mean patience of " + format_duration(t.patience->mean()) +
                                   " is over a day; to model callers who never hang up, leave patience out");
  }
}

// A service-level block whose absent fields keep the values of `base` (the top-level block).
ServiceLevelSpec service_level_over(const json& value, const std::string& path, const ServiceLevelSpec& base,
                                    const ParseContext& context) {
  json merged = json::object();
  merged["answer_within"] = base.answer_within;
  merged["target"] = base.target;
  merged["short_abandon"] = base.short_abandon;
  merged["definition"] = service_level_definition_name(base.definition);
  if (!value.is_object()) fail(path, value, "is not an object");
  if (value.contains("definition"))
    fail(child(path, "definition"), value["definition"], "is set for the whole centre (the top-level service_level.definition)");
  for (const auto& [key, v] : value.items()) merged[key] = v;
  return service_level(merged, path, context);
}

std::size_t name_index(const std::vector<std::string>& names, const json& value, const std::string& path,
                       const char* what) {
  const std::string name = string(value, path);
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) {
    std::string known;
    for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
    fail(path, value, std::string("is not ") + what + " (known: " + known + ")");
  }
  return static_cast<std::size_t>(it - names.begin());
}

std::string unique_name(const json& value, const std::string& path, std::vector<std::string>& names) {
  const std::string name = string(value, path);
  if (name.empty()) fail(path, value, "is empty: give a name");
  if (name == "all") fail(path, value, "is reserved for the whole centre in the results");
  if (std::find(names.begin(), names.end(), name) != names.end()) fail(path, value, "is used twice");
  names.push_back(name);
  return name;
}

// call_types, agent_groups and routing of a scenario with several queues.
void read_queues(Fields& f, Scenario& s, const std::optional<CrmSpec>& top_crm, bool& own_blocks, const ParseContext& context) {
  const json& types = f.require("call_types");
  const json& groups = f.require("agent_groups");
  for (const char* single : {"arrivals", "handle_time", "wrap_up", "patience", "staffing"}) {
    if (const json* v = f.get(single))
      fail(single, *v, "belongs inside each call type (or agent group, for staffing) when the scenario lists call_types");
  }
  const auto list = [](const json& v, const std::string& path, const char* what) {
    if (!v.is_array() || v.empty()) fail(path, v, std::string("is not a non-empty list of ") + what);
    if (static_cast<std::int64_t>(v.size()) > limits::max_queues)
      fail(path, "has " + std::to_string(v.size()) + " entries; at most " + std::to_string(limits::max_queues));
  };
  list(types, "call_types", "call types");
  list(groups, "agent_groups", "agent groups");
  std::vector<std::string> type_names, group_names;
  std::vector<const json*> type_groups(types.size(), nullptr);
  std::vector<std::string> every_type_name;  // (the names as given, for forecast rows by call type)
  for (const auto& type : types)
    if (type.is_object() && type.contains("name") && type["name"].is_string()) every_type_name.push_back(type["name"].get<std::string>());
  for (std::size_t i = 0; i < types.size(); ++i) {
    Fields t(types[i], element("call_types", i));
    CallType type;
    type.name = unique_name(t.require("name"), t.path("name"), type_names);
    read_demand(t, s.calendar, type, type.name, every_type_name, context);
    type.service_level = s.service_level;
    if (const json* v = t.get("service_level")) type.service_level = service_level_over(*v, t.path("service_level"), s.service_level, context);
    type.crm = top_crm;
    if (const json* v = t.get("crm")) type.crm = crm_spec(*v, t.path("crm"));
    type.ivr = s.ivr;
    type.callback = s.callback;
    type.announcement = s.announcement;
    type.returns = s.returns;
    if (const json* v = t.get("ivr")) type.ivr = ivr_spec(*v, t.path("ivr"));
    if (const json* v = t.get("callback")) type.callback = callback_spec(*v, t.path("callback"));
    if (const json* v = t.get("announcement")) type.announcement = announcement_spec(*v, t.path("announcement"));
    if (const json* v = t.get("returns")) type.returns = returns_spec(*v, t.path("returns"));
    own_blocks |= t.get("ivr") || t.get("callback") || t.get("announcement") || t.get("returns");
    type_groups[i] = t.get("agent_groups");
    t.finish();
    s.call_types.push_back(std::move(type));
  }
  const std::size_t type_count = s.call_types.size();
  for (std::size_t i = 0; i < groups.size(); ++i) {
    Fields g(groups[i], element("agent_groups", i));
    AgentGroup group;
    group.name = unique_name(g.require("name"), g.path("name"), group_names);
    const json& skills = g.require("skills");
    if (!skills.is_array() || skills.empty()) fail(g.path("skills"), skills, "is not a non-empty list of call types");
    for (std::size_t k = 0; k < skills.size(); ++k) {
      const std::size_t t = name_index(type_names, skills[k], element(g.path("skills"), k), "a call type");
      if (std::find(group.skills.begin(), group.skills.end(), t) != group.skills.end())
        fail(element(g.path("skills"), k), skills[k], "is listed twice");
      group.skills.push_back(t);
    }
    group.handle_time_factor.assign(type_count, 1.0);
    if (const json* v = g.get("handle_time_factor")) {
      const std::string p = g.path("handle_time_factor");
      if (!v->is_object()) fail(p, *v, "is not an object (call type -> multiplier of its handle time)");
      for (const auto& [key, factor] : v->items()) {
        const std::string kp = child(p, key);
        const std::size_t t = name_index(type_names, json(key), kp, "a call type");
        if (std::find(group.skills.begin(), group.skills.end(), t) == group.skills.end())
          fail(kp, json(key), "is not among this group's skills");
        const double x = number(factor, kp);
        if (!(x > 0 && x <= 100)) fail(kp, factor, "must be a multiplier above 0 and at most 100 (1.2: 20 % slower)");
        group.handle_time_factor[t] = x;
      }
    }
    s.staffing.groups.push_back(staffing(g.require("staffing"), g.path("staffing"), s.calendar));
    g.finish();
    s.agent_groups.push_back(std::move(group));
  }
  const std::size_t group_count = s.agent_groups.size();
  Routing& r = s.routing;
  r.groups = group_count;
  r.delay.assign(type_count * group_count, -1.0);
  for (std::size_t g = 0; g < group_count; ++g) {
    for (std::size_t t : s.agent_groups[g].skills) r.delay[t * group_count + g] = 0.0;
  }
  for (std::size_t t = 0; t < type_count; ++t) {
    if (std::none_of(s.agent_groups.begin(), s.agent_groups.end(), [&](const AgentGroup& g) {
          return std::find(g.skills.begin(), g.skills.end(), t) != g.skills.end();
        }))
      fail(element("call_types", t), json(type_names[t]), "is served by no agent group (add it to some group's skills)");
  }
  if (const json* v = f.get("routing")) {
    Fields rf(*v, "routing");
    if (const json* picks = rf.get("agent_picks")) {
      const std::string p = string(*picks, rf.path("agent_picks"));
      if (p == "priority") r.agent_picks = AgentPicks::priority;
      else if (p == "longest_waiting") r.agent_picks = AgentPicks::longest_waiting;
      else fail(rf.path("agent_picks"), *picks, "is not a rule (priority, longest_waiting)");
    }
    if (const json* overflow = rf.get("overflow")) {
      const std::string op = rf.path("overflow");
      if (!overflow->is_array()) fail(op, *overflow, "is not a list of {call_type, agent_group, after}");
      if (static_cast<std::int64_t>(overflow->size()) > limits::max_queues * limits::max_queues)
        fail(op, "has " + std::to_string(overflow->size()) + " entries; at most one per call type and agent group");
      std::set<std::pair<std::size_t, std::size_t>> seen;
      for (std::size_t k = 0; k < overflow->size(); ++k) {
        Fields o((*overflow)[k], element(op, k));
        const std::size_t t = name_index(type_names, o.require("call_type"), o.path("call_type"), "a call type");
        const std::size_t g = name_index(group_names, o.require("agent_group"), o.path("agent_group"), "an agent group");
        const double after = duration(o.require("after"), o.path("after"));
        if (r.delay[t * group_count + g] < 0)
          fail(o.path("agent_group"), o.require("agent_group"), "does not serve call type \"" + type_names[t] + "\" (add it to its skills)");
        if (!seen.insert({t, g}).second) fail(element(op, k), "repeats call type \"" + type_names[t] + "\" and agent group \"" + group_names[g] + "\"");
        o.finish();
        r.delay[t * group_count + g] = after;
      }
    }
    rf.finish();
  }
  // Arrival order: the type's agent_groups as listed, then the other groups with the skill
  // (fewest skills first, then file order); those with an overflow wait are left to it.
  r.try_order.assign(type_count, {});
  r.overflow.assign(type_count, {});
  std::vector<std::size_t> by_skills(group_count);
  for (std::size_t g = 0; g < group_count; ++g) by_skills[g] = g;
  std::stable_sort(by_skills.begin(), by_skills.end(), [&](std::size_t a, std::size_t b) {
    return s.agent_groups[a].skills.size() < s.agent_groups[b].skills.size();
  });
  for (std::size_t t = 0; t < type_count; ++t) {
    std::vector<std::size_t> order;
    if (const json* listed = type_groups[t]) {
      const std::string p = child(element("call_types", t), "agent_groups");
      if (!listed->is_array() || listed->empty()) fail(p, *listed, "is not a non-empty list of agent groups");
      for (std::size_t k = 0; k < listed->size(); ++k) {
        const std::size_t g = name_index(group_names, (*listed)[k], element(p, k), "an agent group");
        if (r.delay[t * group_count + g] < 0) fail(element(p, k), (*listed)[k], "does not have this call type among its skills");
        if (std::find(order.begin(), order.end(), g) != order.end()) fail(element(p, k), (*listed)[k], "is listed twice");
        order.push_back(g);
      }
    }
    for (std::size_t g : by_skills) {
      if (r.delay[t * group_count + g] >= 0 && std::find(order.begin(), order.end(), g) == order.end()) order.push_back(g);
    }
    for (std::size_t g : order) {
      const double after = r.delay[t * group_count + g];
      if (after == 0) r.try_order[t].push_back(g);
      else r.overflow[t].push_back({after, g});
    }
    std::stable_sort(r.overflow[t].begin(), r.overflow[t].end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  }
  // Expected volume of every type together within what one replication simulates.
  double total = 0;
  for (const CallType& t : s.call_types) {
    for (const auto& day : t.arrivals) total += day.expected_calls();
  }
  if (!(total <= limits::max_expected_calls))
    fail("call_types", "expect over 1e9 calls per replication together; simulate fewer days per run, or a smaller volume");
}

// Every call type has an agent on duty at closing on every day, to finish the day's calls;
// at most limits::max_agents on duty at once, every group together.
void check_staffing(const Scenario& s) {
  const Calendar& c = s.calendar;
  for (int d = 0; d < c.days; ++d) {
    std::vector<StaffingChange> all;
    for (const auto& group : s.staffing.groups) {
      const auto& day = group[static_cast<std::size_t>(d)];
      all.insert(all.end(), day.begin(), day.end());
    }
    std::int64_t at_once = 0;
    for (const auto& [time, change] : staffing_steps(all)) {
      at_once += change;
      if (at_once > limits::max_agents)
        fail(s.several_queues ? "agent_groups" : "staffing",
             "puts " + std::to_string(at_once) + " agents on duty at once at " + format_time_of_day(c.open + time) +
                 " on day " + std::to_string(d + 1) + "; at most " + std::to_string(limits::max_agents));
    }
    // At each closing (a window's end that is not run through into the next day) someone
    // serves each type, unless waiting callers are cleared then.
    if (c.at_close == AtClose::clear) continue;
    const auto windows = c.windows(d);
    for (std::size_t w = 0; w < windows.size(); ++w) {
      if (w + 1 == windows.size() && c.runs_into_next_day(d)) continue;
      const double end = windows[w].to;
      for (std::size_t t = 0; t < s.call_types.size(); ++t) {
        std::int64_t on_duty = 0;
        for (std::size_t g = 0; g < s.agent_groups.size(); ++g) {
          if (s.routing.delay_of(t, g) >= 0) on_duty += on_duty_before(s.staffing.groups[g][static_cast<std::size_t>(d)], end);
        }
        if (on_duty < 1) {
          const std::string what = s.several_queues ? "call type \"" + s.call_types[t].name + "\": " : "";
          const std::string date = c.start_date ? ", " + c.date_text(d) : "";
          fail(s.several_queues ? element("call_types", t) : "staffing",
               what + "no agent is on duty at closing time (" + format_time_of_day(c.open + end) + ") on day " +
                   std::to_string(d + 1) + " (" + weekday_names[c.weekday(d)] + date +
                   "): callers still waiting then would never be answered (or set calendar.at_close to \"clear\")");
        }
      }
    }
  }
}

}  // namespace

Scenario parse_scenario(const json& json_in) { return parse_scenario(json_in, {}); }

Scenario parse_scenario(const json& json_in, const std::filesystem::path& directory) {
  Scenario s;
  s.directory = directory;
  const ParseContext context{directory, s.warnings};
  Fields f(json_in, "");
  if (const json* v = f.get("$schema")) (void)string(*v, "$schema");  // for editors; ignored
  if (const json* v = f.get("name")) s.name = string(*v, "name");
  if (const json* v = f.get("description")) s.description = string(*v, "description");
  if (const json* v = f.get("calendar")) s.calendar = calendar(*v, "calendar", context);
  if (const json* v = f.get("service_level")) s.service_level = service_level(*v, "service_level", context);
  std::optional<CrmSpec> crm;
  if (const json* v = f.get("crm")) crm = crm_spec(*v, "crm");
  if (const json* v = f.get("day_to_day_cv")) {
    s.day_to_day_cv = nonnegative_number(*v, "day_to_day_cv");
    if (s.day_to_day_cv > 2) fail("day_to_day_cv", *v, "is implausibly large (at most 2)");
    if (s.day_to_day_cv < 1e-6) s.day_to_day_cv = 0.0;  // as arrivals.day_to_day_cv
  }
  // The blocks every call type takes unless it has its own.
  if (const json* v = f.get("ivr")) s.ivr = ivr_spec(*v, "ivr");
  if (const json* v = f.get("callback")) s.callback = callback_spec(*v, "callback");
  if (const json* v = f.get("announcement")) s.announcement = announcement_spec(*v, "announcement");
  if (const json* v = f.get("returns")) s.returns = returns_spec(*v, "returns");
  bool own_blocks = false;  // some call type has its own ivr, callback, announcement or returns
  s.several_queues = json_in.contains("call_types") || json_in.contains("agent_groups");
  if (s.several_queues) {
    read_queues(f, s, crm, own_blocks, context);
  } else {
    if (const json* v = f.get("routing")) fail("routing", *v, "needs call_types and agent_groups");
    CallType type;
    type.name = "calls";
    read_demand(f, s.calendar, type, "", {}, context);
    type.service_level = s.service_level;
    type.crm = crm;
    type.ivr = s.ivr;
    type.callback = s.callback;
    type.announcement = s.announcement;
    type.returns = s.returns;
    s.call_types.push_back(std::move(type));
    s.agent_groups.push_back({"agents", {0}, {1.0}});
    s.staffing.groups.push_back(staffing(f.require("staffing"), "staffing", s.calendar));
    s.routing.groups = 1;
    s.routing.delay = {0.0};
    s.routing.try_order = {{0}};
    s.routing.overflow = {{}};
  }
  if (const json* v = f.get("lines")) s.lines = int_count(*v, "lines", 1, limits::max_lines, "the most trunk lines");
  if (const json* v = f.get("schedule")) {
    std::vector<std::string> group_names;
    for (const auto& g : s.agent_groups) group_names.push_back(g.name);
    s.schedule = parse_schedule(*v, "schedule", s.calendar, group_names);
  }
  if (const json* v = f.get("costs")) {
    // Cost of an agent-hour: one number for every group, or per group by name.
    Fields costs(*v, "costs");
    const json& per = costs.require("per_agent_hour");
    const auto amount = [&](const json& x, const std::string& p) {
      const double c = nonnegative_number(x, p);
      if (c > 1e6) fail(p, x, "is implausibly large (at most 1e6 per agent-hour)");
      return c;
    };
    if (per.is_object()) {
      s.cost_per_agent_hour.assign(s.agent_groups.size(), 0.0);
      std::vector<bool> given(s.agent_groups.size(), false);
      for (const auto& item : per.items()) {
        const std::string name = item.key();  // (not a structured binding: Clang 14 cannot capture one)
        const json& x = item.value();
        const auto it = std::find_if(s.agent_groups.begin(), s.agent_groups.end(), [&](const AgentGroup& g) { return g.name == name; });
        if (it == s.agent_groups.end()) fail(child("costs.per_agent_hour", name), "is not an agent group");
        const auto g = static_cast<std::size_t>(it - s.agent_groups.begin());
        s.cost_per_agent_hour[g] = amount(x, child("costs.per_agent_hour", name));
        given[g] = true;
      }
      for (std::size_t g = 0; g < given.size(); ++g)
        if (!given[g]) fail("costs.per_agent_hour", "has no cost for agent group \"" + s.agent_groups[g].name + "\"");
    } else {
      s.cost_per_agent_hour.assign(s.agent_groups.size(), amount(per, "costs.per_agent_hour"));
    }
    costs.finish();
  }
  if (const json* v = f.get("closed")) {
    s.closed = closed_spec(*v, "closed");
    double closed_seconds = 0;
    for (int d = 0; d < s.calendar.days; ++d) closed_seconds += 86400 - s.calendar.open_seconds(d);
    if (s.closed.calls_per_hour > 0 && closed_seconds <= 0)
      fail("closed.calls_per_hour", (*v)["calls_per_hour"], "needs closing hours, but the centre is open 24 hours");
    const double closed_calls = s.closed.calls_per_hour * closed_seconds / 3600;
    if (!(closed_calls <= limits::max_expected_calls))
      fail("closed.calls_per_hour", (*v)["calls_per_hour"],
           "makes over 1e9 calls in closed hours per replication; simulate fewer days per run, or a smaller volume");
  }
  s.follow_customers = s.ivr || s.callback || s.announcement || f.get("returns") || f.get("closed") || own_blocks;
  check_staffing(s);
  if (const json* v = f.get("run")) s.run = run_spec(*v, "run");
  if (s.run.warmup >= s.calendar.open_length())
    fail("run.warmup", format_duration(s.run.warmup) + " is not shorter than the opening hours");
  f.finish();
  s.source = json_in;
  return s;
}

nlohmann::json read_scenario_file(const std::filesystem::path& path) { return read_json_file(path); }

std::filesystem::path scenario_folder(const std::filesystem::path& scenario_file) {
  std::error_code error;
  const std::filesystem::path absolute = std::filesystem::absolute(scenario_file.empty() ? "." : scenario_file, error);
  if (error) throw ScenarioError("\"" + scenario_file.string() + "\": its folder cannot be found: " + error.message());
  // Links followed (a link to a scenario finds the files beside the scenario itself); a path that
  // does not exist yet is resolved as far as it exists.
  std::filesystem::path real = std::filesystem::weakly_canonical(absolute, error);
  if (error) real = absolute.lexically_normal();
  return real.parent_path();
}

Scenario load_scenario(const std::filesystem::path& path) { return parse_scenario(read_scenario_file(path), scenario_folder(path)); }

namespace {
// Calls `visit` with each file path the scenario names (arrivals.forecast, at the top and per call type).
template <class Json, class Visit>
void for_each_file_path(Json& scenario, Visit visit) {
  const auto one = [&](Json& demand) {
    if (!demand.is_object()) return;
    const auto arrivals = demand.find("arrivals");
    if (arrivals == demand.end() || !arrivals->is_object()) return;
    const auto forecast = arrivals->find("forecast");
    if (forecast == arrivals->end() || !forecast->is_string()) return;
    visit(*forecast);
  };
  one(scenario);
  if (scenario.is_object() && scenario.contains("call_types") && scenario["call_types"].is_array())
    for (auto& type : scenario["call_types"]) one(type);
}
}  // namespace

void resolve_relative_paths(nlohmann::json& scenario, const std::filesystem::path& directory) {
  for_each_file_path(scenario, [&](nlohmann::json& forecast) {
    const std::filesystem::path file = forecast.get<std::string>();
    if (file.is_relative()) forecast = (directory / file).lexically_normal().string();
  });
}

std::vector<std::string> files_named(const nlohmann::json& scenario, const std::filesystem::path& directory) {
  std::vector<std::string> files;
  for_each_file_path(scenario, [&](const nlohmann::json& forecast) {
    const std::filesystem::path file = forecast.get<std::string>();
    files.push_back((file.is_relative() ? directory / file : file).string());
  });
  return files;
}

std::optional<std::string> ineffective_override(const Scenario& scenario, const std::string& assignment) {
  const std::string path = assignment.substr(0, assignment.find('='));
  std::size_t type = 0;
  if (path == "handle_time.mean" && !scenario.several_queues) {
    type = 0;
  } else if (path.rfind("call_types[", 0) == 0 && path.size() >= 30 && path.compare(path.size() - 18, 18, "].handle_time.mean") == 0) {
    const std::string index = path.substr(11, path.size() - 11 - 18);
    if (index.empty() || index.size() > 6 || index.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    type = static_cast<std::size_t>(std::stoul(index));
  } else {
    return std::nullopt;
  }
  if (type >= scenario.call_types.size() || scenario.call_types[type].talk_time_from_forecast.empty()) return std::nullopt;
  return one_line(assignment.substr(0, 200)) + " cannot change the run: the talk time follows the aht column of \"" +
         scenario.call_types[type].talk_time_from_forecast +
         "\" in every interval with calls (AHT less the mean wrap-up); change the file's AHT, or set handle_time's dist and cv only";
}

void apply_override(nlohmann::json& root, const std::string& assignment) {
  std::size_t bad_byte = 0;
  if (!valid_utf8(assignment, bad_byte))
    throw ScenarioError("--set \"" + assignment + "\": byte " + std::to_string(bad_byte + 1) + " is not UTF-8");
  const auto equals = assignment.find('=');
  if (equals == std::string::npos || equals == 0)
    throw ScenarioError("--set \"" + assignment + "\": write PATH=VALUE, e.g. staffing.agents=45");
  const std::string path = assignment.substr(0, equals);
  const std::string text = assignment.substr(equals + 1);
  JsonParse parsed = parse_json(text, "the value");
  if (!parsed.value && !parsed.syntax) throw ScenarioError("--set " + path + ": " + parsed.error);
  nlohmann::json value = parsed.value ? std::move(*parsed.value) : nlohmann::json(text);

  nlohmann::json* node = &root;
  std::string walked;
  std::size_t i = 0;
  int depth = 0;
  while (i < path.size()) {
    if (++depth > limits::max_json_depth)
      throw ScenarioError("--set " + path + ": the path is deeper than " + std::to_string(limits::max_json_depth) + " levels");
    if (path[i] == '[') {
      const auto close = path.find(']', i);
      const std::string index_text = close == std::string::npos ? "" : path.substr(i + 1, close - i - 1);
      std::int64_t index = -1;
      const auto [end, error] = std::from_chars(index_text.data(), index_text.data() + index_text.size(), index);
      if (index_text.empty() || error == std::errc::invalid_argument || end != index_text.data() + index_text.size() ||
          index_text[0] == '-' || index_text[0] == '+')
        throw ScenarioError("--set " + path + ": malformed index after \"" + walked + "\"");
      if (error == std::errc::result_out_of_range || index >= limits::max_list_length)
        throw ScenarioError("--set " + path + ": index " + index_text + " is beyond any list (at most " +
                            std::to_string(limits::max_list_length) + " entries)");
      if (!node->is_array() || static_cast<std::size_t>(index) >= node->size())
        throw ScenarioError("--set " + path + ": " + walked + " has no element " + index_text);
      node = &(*node)[static_cast<std::size_t>(index)];
      walked += "[" + index_text + "]";
      i = close + 1;
    } else {
      if (path[i] == '.') {
        if (walked.empty()) throw ScenarioError("--set " + path + ": a path cannot start with '.'");
        ++i;
      }
      const auto end = path.find_first_of(".[", i);
      const std::string key = path.substr(i, end == std::string::npos ? std::string::npos : end - i);
      if (key.empty()) throw ScenarioError("--set " + path + ": empty field name after \"" + walked + "\"");
      if (!node->is_object()) {
        if (!node->is_null()) throw ScenarioError("--set " + path + ": " + walked + " is not an object");
        *node = nlohmann::json::object();
      }
      node = &(*node)[key];
      walked = child(walked, key);
      i = end == std::string::npos ? path.size() : end;
    }
  }
  *node = value;
}

}  // namespace ccsim::sim
