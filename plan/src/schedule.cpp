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

namespace ccsim::sim {

using nlohmann::json;

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
