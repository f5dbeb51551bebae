#include "ccsim/sim/schedule.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <mutex>
#include <cmath>
#include <functional>
#include <map>
#include <set>

#include "ccsim/sim/duration.hpp"
#include "ccsim/sim/input_error.hpp"
#include "ccsim/sim/scenario.hpp"

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

double shift_cost(const ShiftTemplate& t, double paid_hours) {
  const double overtime = std::max(0.0, paid_hours - t.overtime_after_hours);
  return t.cost_per_hour * (paid_hours + (t.overtime_factor - 1) * overtime);
}

std::vector<ShiftColumn> shift_columns(const ScheduleRules& rules, const Calendar& c) {
  // A bound on the program's size: every shift is a column of the integer program.
  constexpr std::size_t max_columns = 200000;
  const auto too_many = [&](const ShiftTemplate& t) {
    throw ScenarioError("schedule: template \"" + t.name + "\" and the ones before it allow over " + std::to_string(max_columns) +
                        " shifts (starts x lengths x break placements x days): use coarser start or break steps");
  };
  // And on its memory: every (shift, interval on duty) pair is a coefficient the solver copies
  // several times over (a one-minute grid of 173,000 shifts reached 2.75 GB and ignored the time
  // limit); a program over this many is refused before it is built, naming the template.
  constexpr std::size_t max_coefficients = 2000000;
  std::size_t coefficients = 0;
  std::size_t template_columns = 0;
  std::vector<ShiftColumn> out;
  const int per_day = c.intervals_per_day();
  for (std::size_t ti = 0; ti < rules.templates.size(); ++ti) {
    const ShiftTemplate& t = rules.templates[ti];
    template_columns = 0;
    // Every placement of the breaks (one start per break rule, in order, apart, within the shift).
    for (double length : t.lengths) {
      std::vector<std::vector<double>> placements;
      std::vector<double> current;
      std::function<void(std::size_t)> place = [&](std::size_t b) {
        if (b == t.breaks.size()) {
          if (placements.size() >= max_columns) too_many(t);
          placements.push_back(current);
          return;
        }
        const BreakRule& r = t.breaks[b];
        for (double at = r.after_from; at <= r.after_to + 1e-9; at += r.after_step) {
          if (at + r.length > length) break;
          if (!current.empty() && at < current.back() + t.breaks[b - 1].length) continue;
          current.push_back(at);
          place(b + 1);
          current.pop_back();
        }
      };
      place(0);
      for (double start : t.starts) {
        for (const auto& breaks : placements) {
          // The days: each allowed weekday, or each tour start.
          std::vector<std::vector<int>> day_sets;
          if (t.days_on > 0) {
            for (int d0 = 0; d0 < c.days; ++d0) {
              std::vector<int> days;
              for (int k = 0; k < t.days_on; ++k) days.push_back((d0 + k) % c.days);
              day_sets.push_back(days);
            }
          } else {
            for (int d = 0; d < c.days; ++d)
              if (t.weekdays[static_cast<std::size_t>(c.weekday(d))]) day_sets.push_back({d});
          }
          for (const auto& days : day_sets) {
            ShiftColumn col;
            col.template_index = ti;
            col.first_day = days.front();
            col.start = start;
            col.length = length;
            col.break_starts = breaks;
            col.days = days;
            double unpaid = 0;
            for (std::size_t b = 0; b < breaks.size(); ++b) unpaid += t.breaks[b].paid ? 0.0 : t.breaks[b].length;
            col.paid_hours = (length - unpaid) / 3600.0 * static_cast<double>(days.size());
            col.cost = shift_cost(t, col.paid_hours);
            // The intervals on duty: the shift's day and the next (a 7-day week wraps).
            std::set<int> covered, resting;
            const bool wraps = c.days == 7;
            for (int d : days) {
              const double from = d * 86400.0 + start, to = from + length;
              for (int e = d; e <= d + 1 && e < c.days + (wraps ? 1 : 0); ++e) {
                const int day = e % c.days;
                for (int k = 0; k < per_day; ++k) {
                  const double a = e * 86400.0 + c.open + k * c.interval, z = a + c.interval;
                  if (a < from - 1e-9 || z > to + 1e-9) continue;
                  bool on_break = false;
                  for (std::size_t b = 0; b < breaks.size(); ++b) {
                    const double ba = from + breaks[b], bz = ba + t.breaks[b].length;
                    on_break = on_break || (a < bz - 1e-9 && z > ba + 1e-9);
                  }
                  (on_break ? resting : covered).insert(day * per_day + k);
                }
              }
            }
            col.intervals.assign(covered.begin(), covered.end());
            col.break_intervals.assign(resting.begin(), resting.end());
            if (out.size() >= max_columns) too_many(t);
            coefficients += col.intervals.size();
            ++template_columns;
            if (coefficients > max_coefficients)
              throw ScenarioError("schedule: the shifts of template \"" + t.name + "\" (over " + std::to_string(template_columns) +
                                  " so far, each on duty in up to " + std::to_string(col.intervals.size()) +
                                  " intervals) and the templates before it make a program of over " + std::to_string(max_coefficients) +
                                  " shift-interval pairs, more than the solver holds in memory: use coarser start or break steps, "
                                  "or a longer calendar.interval");
            out.push_back(std::move(col));
          }
        }
      }
    }
  }
  return out;
}

SchedulePlan solve_schedule(const ScheduleRules& rules, const Calendar& c, const Requirement& required, const ScheduleOptions& o) {
  const int per_day = c.intervals_per_day();
  const auto horizon = static_cast<std::size_t>(c.days) * static_cast<std::size_t>(per_day);
  const std::size_t groups = rules.min_agents.size();
  if (required.size() != groups)
    throw ScenarioError("the requirement has " + std::to_string(required.size()) + " agent groups; the scenario " + std::to_string(groups));
  for (const auto& r : required)
    if (r.size() != horizon) throw ScenarioError("the requirement has " + std::to_string(r.size()) + " intervals; the calendar " + std::to_string(horizon));
  const auto columns = shift_columns(rules, c);
  // Rows: group-major, then the horizon's intervals.
  models::CoveringProblem p;
  p.required.assign(groups * horizon, 0.0);
  bool any_most = false;
  for (std::size_t g = 0; g < groups; ++g) {
    for (std::size_t k = 0; k < horizon; ++k) {
      const bool open = c.interval_open(static_cast<int>(k) / per_day, static_cast<int>(k) % per_day);
      p.required[g * horizon + k] = open ? std::max(required[g][k], rules.min_agents[g]) : 0;
    }
    any_most = any_most || rules.max_agents[g].has_value();
  }
  if (any_most) {
    p.most.assign(groups * horizon, 1e12);
    for (std::size_t g = 0; g < groups; ++g)
      if (rules.max_agents[g]) std::fill(p.most.begin() + static_cast<std::ptrdiff_t>(g * horizon), p.most.begin() + static_cast<std::ptrdiff_t>((g + 1) * horizon),
                                         *rules.max_agents[g]);
  }
  for (const auto& col : columns) {
    models::CoveringColumn cc;
    const std::size_t g = rules.templates[col.template_index].agent_group;
    for (int k : col.intervals) cc.rows.push_back(static_cast<int>(g * horizon) + k);
    cc.cost = col.cost;
    p.columns.push_back(std::move(cc));
  }
  // Template minimum and maximum: per open day (daily templates), in all (tours).
  const auto open_day = [&](int d) {
    for (int i = 0; i < per_day; ++i)
      if (c.interval_open(d, i)) return true;
    return false;
  };
  for (std::size_t ti = 0; ti < rules.templates.size(); ++ti) {
    const ShiftTemplate& t = rules.templates[ti];
    if (t.min == 0 && !t.max) continue;
    std::map<int, models::CoveringLimit> by_day;
    for (std::size_t j = 0; j < columns.size(); ++j) {
      if (columns[j].template_index != ti) continue;
      const int key = t.days_on > 0 ? -1 : columns[j].first_day;
      if (key >= 0 && !open_day(key)) continue;
      by_day[key].columns.push_back(static_cast<int>(j));
    }
    for (auto& [day, limit] : by_day) {
      limit.least = t.min;
      limit.most = t.max ? *t.max : 1e12;
      p.limits.push_back(std::move(limit));
    }
  }
  // With a shortfall penalty, an interval required above its group's max_agents is short by at
  // least the difference whatever the plan: the program covers up to the maximum and that
  // difference is added to the plan's shortfall (the same optimum; a requirement above the
  // maximum made the program infeasible, as rows may not need more than they may hold).
  std::vector<double> beyond_most(p.required.size(), 0.0);
  const std::vector<double> as_required = p.required;
  if (o.shortfall_penalty > 0 && !p.most.empty()) {
    for (std::size_t r = 0; r < p.required.size(); ++r) {
      beyond_most[r] = std::max(0.0, p.required[r] - p.most[r]);
      p.required[r] -= beyond_most[r];
    }
  }
  p.time_limit = o.time_limit;
  p.shortfall_penalty = o.shortfall_penalty;
  p.relative_gap = o.relative_gap;
  SchedulePlan plan;
  {
    // CBC and CLP print some diagnostics ("row inf ...") with printf whatever their log level:
    // standard output carries results (--json -), so it points at /dev/null while they solve.
    static std::mutex solving;
    const std::lock_guard<std::mutex> one_at_a_time(solving);
    std::fflush(stdout);
    const int saved = ::dup(STDOUT_FILENO);
    const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    const bool redirected = saved >= 0 && null >= 0 && ::dup2(null, STDOUT_FILENO) >= 0;
    if (null >= 0) ::close(null);
    struct Restore {
      int saved;
      bool redirected;
      ~Restore() {
        std::fflush(stdout);
        if (redirected) (void)::dup2(saved, STDOUT_FILENO);
        if (saved >= 0) ::close(saved);
      }
    } restore{saved, redirected};
    plan.solution = models::solve_covering(p);
  }
  if (!plan.solution.feasible) throw ScenarioError("schedule: " + plan.solution.status);
  plan.required.assign(groups, std::vector<int>(horizon, 0));
  for (std::size_t g = 0; g < groups; ++g)
    for (std::size_t k = 0; k < horizon; ++k) plan.required[g][k] = static_cast<int>(as_required[g * horizon + k]);
  plan.scheduled.assign(groups, std::vector<int>(horizon, 0));
  plan.on_break.assign(groups, std::vector<int>(horizon, 0));
  plan.shortfall.assign(groups, std::vector<double>(horizon, 0.0));
  for (std::size_t g = 0; g < groups; ++g)
    for (std::size_t k = 0; k < horizon; ++k)
      plan.shortfall[g][k] = plan.solution.shortfall[g * horizon + k] + beyond_most[g * horizon + k];
  for (std::size_t j = 0; j < columns.size(); ++j) {
    const int n = plan.solution.units[j];
    if (n == 0) continue;
    const std::size_t g = rules.templates[columns[j].template_index].agent_group;
    plan.columns.push_back(columns[j]);
    plan.agents.push_back(n);
    for (int k : columns[j].intervals) plan.scheduled[g][static_cast<std::size_t>(k)] += n;
    for (int k : columns[j].break_intervals) plan.on_break[g][static_cast<std::size_t>(k)] += n;
    plan.cost += n * columns[j].cost;
    plan.paid_hours += n * columns[j].paid_hours;
  }
  return plan;
}

json plan_shifts_json(const SchedulePlan& plan, const ScheduleRules& rules, const Calendar& c, std::size_t group) {
  json shifts = json::array();
  for (std::size_t j = 0; j < plan.columns.size(); ++j) {
    const ShiftColumn& col = plan.columns[j];
    const ShiftTemplate& t = rules.templates[col.template_index];
    if (t.agent_group != group) continue;
    json s;
    s["start"] = format_time_of_day(col.start);
    s["end"] = format_time_of_day(std::fmod(col.start + col.length, 86400.0) == 0 && col.start + col.length >= 86400 ? 86400.0
                                                                                                              : std::fmod(col.start + col.length, 86400.0));
    s["agents"] = plan.agents[j];
    json breaks = json::array();
    for (std::size_t b = 0; b < col.break_starts.size(); ++b)
      breaks.push_back({{"start", format_time_of_day(std::fmod(col.start + col.break_starts[b], 86400.0))}, {"length", format_duration(t.breaks[b].length)}});
    if (!breaks.empty()) s["breaks"] = breaks;
    json weekdays = json::array();
    for (int d : col.days) weekdays.push_back(weekday_names[c.weekday(d)]);
    s["weekdays"] = weekdays;
    shifts.push_back(s);
  }
  return shifts;
}

json scenario_with_plan(json document, const SchedulePlan& plan, const ScheduleRules& rules, const Calendar& c) {
  if (document.contains("agent_groups") && document["agent_groups"].is_array()) {
    for (std::size_t g = 0; g < document["agent_groups"].size(); ++g) {
      json shifts = plan_shifts_json(plan, rules, c, g);
      // A group without shifts keeps nobody: one shift of 0 agents is not allowed, so agents: 0.
      document["agent_groups"][g]["staffing"] = shifts.empty() ? json{{"agents", 0}} : json{{"shifts", shifts}};
    }
  } else {
    json shifts = plan_shifts_json(plan, rules, c, 0);
    document["staffing"] = shifts.empty() ? json{{"agents", 0}} : json{{"shifts", shifts}};
  }
  return document;
}

}  // namespace ccsim::sim
