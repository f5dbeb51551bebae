#include "ccsim/sim/schedule_rules.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>

#include "ccsim/sim/duration.hpp"
#include "ccsim/sim/input_error.hpp"

namespace ccsim::sim {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& path, const std::string& message) { throw ScenarioError(path + ": " + message); }
std::string text_of(const json& v) { return v.dump(); }

std::string string_at(const json& v, const std::string& path) {
  if (!v.is_string()) fail(path, text_of(v) + " is not a string");
  return v.get<std::string>();
}
double duration_at(const json& v, const std::string& path) {
  try {
    if (v.is_number()) {
      const double x = v.get<double>();
      if (!(x >= 0) || !std::isfinite(x)) throw std::invalid_argument("");
      return x;
    }
    return parse_duration(string_at(v, path));
  } catch (const std::invalid_argument&) {
    fail(path, text_of(v) + " is not a duration (\"8h\", \"8h30m\", \"30m\")");
  }
}
// Checks that every key of `object` is one of `known`.
void known_fields(const json& object, const std::string& path, std::initializer_list<const char*> known) {
  if (!object.is_object()) fail(path, text_of(object) + " is not an object");
  for (const auto& item : object.items()) {
    const std::string key = item.key();  // (not a structured binding: Clang 14 cannot capture one)
    if (std::none_of(known.begin(), known.end(), [&](const char* k) { return key == k; })) {
      std::string list;
      for (const char* k : known) list += (list.empty() ? "" : ", ") + std::string(k);
      fail(path + "." + key, "is not a known field (known here: " + list + ")");
    }
  }
}
// "07:00-11:00/30m" (every 30 minutes from 07:00 to 11:00), or a list of times; `times` when a
// time of day, else durations ("3h-4h30m/30m").
std::vector<double> window_at(const json& v, const std::string& path, bool times) {
  const auto one = [&](const std::string& t, const std::string& p) {
    try {
      return times ? parse_time_of_day(t, false) : parse_duration(t);
    } catch (const std::invalid_argument&) {
      fail(p, "\"" + t + "\" is not a " + std::string(times ? "time of day" : "duration"));
    }
  };
  std::vector<double> out;
  if (v.is_array()) {
    for (std::size_t i = 0; i < v.size(); ++i) out.push_back(one(string_at(v[i], path + "[" + std::to_string(i) + "]"), path));
  } else {
    const std::string text = string_at(v, path);
    const auto dash = text.find('-'), slash = text.find('/');
    if (dash == std::string::npos) {
      out.push_back(one(text, path));
    } else {
      const double from = one(text.substr(0, dash), path);
      const double to = one(text.substr(dash + 1, slash == std::string::npos ? std::string::npos : slash - dash - 1), path);
      double step = 1800;
      if (slash != std::string::npos) {
        try {
          step = parse_duration(text.substr(slash + 1));
        } catch (const std::invalid_argument&) {
          fail(path, "\"" + text + "\": the step after / is not a duration");
        }
      }
      if (!(step > 0)) fail(path, "\"" + text + "\": the step must be longer than 0");
      if (to < from) fail(path, "\"" + text + "\": the window ends before it starts");
      if ((to - from) / step > 1000) fail(path, "\"" + text + "\" makes over 1000 values");
      for (double t = from; t <= to + 1e-9; t += step) out.push_back(t);
    }
  }
  if (out.empty()) fail(path, "is empty");
  return out;
}

}  // namespace

ScheduleRules parse_schedule(const json& value, const std::string& path, const Calendar& c, const std::vector<std::string>& groups) {
  known_fields(value, path, {"templates", "min_agents", "max_agents"});
  ScheduleRules rules;
  if (c.days > 7) fail(path, "the calendar has " + std::to_string(c.days) + " days; scheduling plans one week (at most 7 days)");
  const auto count = [&](const json& v, const std::string& p, int least) {
    if (!v.is_number_integer() || v.get<std::int64_t>() < least || v.get<std::int64_t>() > 100000)
      fail(p, text_of(v) + " is not a whole number from " + std::to_string(least) + " to 100000");
    return static_cast<int>(v.get<std::int64_t>());
  };
  const std::size_t group_count = std::max<std::size_t>(1, groups.size());
  rules.min_agents.assign(group_count, 0);
  rules.max_agents.assign(group_count, std::nullopt);
  // A number (every group) or an object by group name.
  const auto per_group = [&](const char* key, int least, auto&& store) {
    if (!value.contains(key)) return;
    const json& v = value[key];
    const std::string p = path + "." + key;
    if (v.is_object()) {
      for (const auto& item : v.items()) {
        const std::string g = item.key();
        const auto it = std::find(groups.begin(), groups.end(), g);
        if (it == groups.end()) fail(p + "." + g, "is not an agent group");
        store(static_cast<std::size_t>(it - groups.begin()), count(item.value(), p + "." + g, least));
      }
    } else {
      const int n = count(v, p, least);
      for (std::size_t g = 0; g < group_count; ++g) store(g, n);
    }
  };
  per_group("min_agents", 0, [&](std::size_t g, int n) { rules.min_agents[g] = n; });
  per_group("max_agents", 1, [&](std::size_t g, int n) { rules.max_agents[g] = n; });
  for (std::size_t g = 0; g < group_count; ++g)
    if (rules.max_agents[g] && *rules.max_agents[g] < rules.min_agents[g])
      fail(path + ".max_agents", std::to_string(*rules.max_agents[g]) + " is below min_agents " + std::to_string(rules.min_agents[g]));
  if (!value.contains("templates") || !value["templates"].is_array() || value["templates"].empty())
    fail(path + ".templates", "is missing or not a non-empty list of shift templates");
  std::set<std::string> names;
  for (std::size_t i = 0; i < value["templates"].size(); ++i) {
    const json& t = value["templates"][i];
    const std::string p = path + ".templates[" + std::to_string(i) + "]";
    known_fields(t, p, {"name", "starts", "lengths", "breaks", "weekdays", "days_on", "min", "max", "cost_per_hour", "overtime_after",
                        "overtime_factor", "agent_group"});
    ShiftTemplate st;
    st.name = t.contains("name") ? string_at(t["name"], p + ".name") : "template " + std::to_string(i + 1);
    if (!names.insert(st.name).second) fail(p + ".name", "\"" + st.name + "\" is used twice");
    if (!t.contains("starts")) fail(p + ".starts", "is missing");
    st.starts = window_at(t["starts"], p + ".starts", true);
    for (double s : st.starts) {
      const double k = (s - c.open) / c.interval;
      if (std::abs(k - std::round(k)) > 1e-9 && c.open_length() < 86400)
        fail(p + ".starts", format_time_of_day(s) + " is not on the " + format_duration(c.interval) + " interval grid from " + format_time_of_day(c.open));
      if (std::abs(s / c.interval - std::round(s / c.interval)) > 1e-9 && c.open_length() >= 86400)
        fail(p + ".starts", format_time_of_day(s) + " is not on the " + format_duration(c.interval) + " interval grid");
    }
    if (!t.contains("lengths")) fail(p + ".lengths", "is missing");
    const json& lengths = t["lengths"];
    if (!lengths.is_array() || lengths.empty()) fail(p + ".lengths", text_of(lengths) + " is not a list of shift lengths");
    for (std::size_t k = 0; k < lengths.size(); ++k) {
      const double L = duration_at(lengths[k], p + ".lengths[" + std::to_string(k) + "]");
      if (!(L > 0) || L > 86400) fail(p + ".lengths[" + std::to_string(k) + "]", text_of(lengths[k]) + " must be longer than 0 and at most 24h");
      st.lengths.push_back(L);
    }
    if (t.contains("breaks")) {
      if (!t["breaks"].is_array()) fail(p + ".breaks", "is not a list");
      for (std::size_t b = 0; b < t["breaks"].size(); ++b) {
        const json& br = t["breaks"][b];
        const std::string bp = p + ".breaks[" + std::to_string(b) + "]";
        known_fields(br, bp, {"length", "after", "paid"});
        BreakRule rule;
        if (!br.contains("length") || !br.contains("after")) fail(bp, "needs length and after");
        rule.length = duration_at(br["length"], bp + ".length");
        if (!(rule.length > 0)) fail(bp + ".length", "must be longer than 0");
        const auto after = window_at(br["after"], bp + ".after", false);
        rule.after_from = after.front();
        rule.after_to = after.back();
        rule.after_step = after.size() > 1 ? after[1] - after[0] : c.interval;
        if (br.contains("paid")) {
          if (!br["paid"].is_boolean()) fail(bp + ".paid", text_of(br["paid"]) + " is not true or false");
          rule.paid = br["paid"].get<bool>();
        }
        st.breaks.push_back(rule);
      }
    }
    if (t.contains("weekdays")) {
      const json& wd = t["weekdays"];
      if (!wd.is_array() || wd.empty()) fail(p + ".weekdays", text_of(wd) + " is not a list of weekdays");
      std::fill(st.weekdays.begin(), st.weekdays.end(), false);
      for (std::size_t k = 0; k < wd.size(); ++k) {
        const int w = parse_weekday(string_at(wd[k], p + ".weekdays"));
        if (w < 0) fail(p + ".weekdays[" + std::to_string(k) + "]", text_of(wd[k]) + " is not a weekday");
        st.weekdays[static_cast<std::size_t>(w)] = true;
      }
    }
    if (t.contains("days_on")) {
      if (t.contains("weekdays")) fail(p + ".days_on", "give weekdays or days_on, not both");
      st.days_on = count(t["days_on"], p + ".days_on", 1);
      if (st.days_on > 7) fail(p + ".days_on", text_of(t["days_on"]) + " is more than the 7 days of a week");
      if (c.days != 7) fail(p + ".days_on", "weekly tours need a calendar of 7 days (it has " + std::to_string(c.days) + ")");
    }
    if (t.contains("cost_per_hour")) {
      const json& v = t["cost_per_hour"];
      if (!v.is_number() || !(v.get<double>() >= 0) || v.get<double>() > 1e6) fail(p + ".cost_per_hour", text_of(v) + " is not an amount from 0 to 1e6");
      st.cost_per_hour = v.get<double>();
    }
    if (t.contains("min")) st.min = count(t["min"], p + ".min", 0);
    if (t.contains("max")) {
      st.max = count(t["max"], p + ".max", 0);
      if (*st.max < st.min) fail(p + ".max", text_of(t["max"]) + " is below min " + std::to_string(st.min));
    }
    if (t.contains("overtime_after")) {
      const double after = duration_at(t["overtime_after"], p + ".overtime_after");
      if (after > 7 * 86400.0) fail(p + ".overtime_after", text_of(t["overtime_after"]) + " is longer than a week");
      st.overtime_after_hours = after / 3600.0;
    }
    if (t.contains("overtime_factor")) {
      const json& v = t["overtime_factor"];
      if (!v.is_number() || !(v.get<double>() >= 1) || v.get<double>() > 10) fail(p + ".overtime_factor", text_of(v) + " is not a factor from 1 to 10");
      if (!t.contains("overtime_after")) fail(p + ".overtime_factor", "needs overtime_after (the paid hours after which it applies)");
      st.overtime_factor = v.get<double>();
    }
    if (t.contains("agent_group")) {
      const std::string g = string_at(t["agent_group"], p + ".agent_group");
      const auto it = std::find(groups.begin(), groups.end(), g);
      if (it == groups.end()) fail(p + ".agent_group", "\"" + g + "\" is not an agent group");
      st.agent_group = static_cast<std::size_t>(it - groups.begin());
    } else if (groups.size() > 1) {
      fail(p + ".agent_group", "is missing: with several agent groups a template names its group");
    }
    rules.templates.push_back(std::move(st));
  }
  return rules;
}

}  // namespace ccsim::sim
