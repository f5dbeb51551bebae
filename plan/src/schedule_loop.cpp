#include "ccsim/sim/schedule_loop.hpp"
#include "ccsim/sim/interrupt.hpp"

#include <algorithm>
#include <limits>
#include <string>

#include "ccsim/sim/runner.hpp"
#include "ccsim/sim/scenario.hpp"
#include "ccsim/sim/staffing_search.hpp"

namespace ccsim::sim {

ScheduleRound simulate_plan(const nlohmann::json& document, const std::filesystem::path& directory, const SchedulePlan& plan,
                            const ScheduleRules& rules, const Calendar& c) {
  const Scenario s = parse_scenario(scenario_with_plan(document, plan, rules, c), directory);
  const RunResult r = run_replications(s);
  const int per_day = c.intervals_per_day();
  const std::size_t horizon = static_cast<std::size_t>(c.days) * static_cast<std::size_t>(per_day);
  const std::vector<std::size_t> first = first_groups(s);
  ScheduleRound round;
  round.cost = plan.cost;
  round.service_level = r.summary[static_cast<std::size_t>(Metric::service_level)].mean.value_or(1);
  round.raise_by.assign(s.agent_groups.size(), std::vector<int>(horizon, 0));
  for (std::size_t k = 0; k < horizon && k < r.intervals.size(); ++k) {
    if (!c.interval_open(static_cast<int>(k) / per_day, static_cast<int>(k) % per_day)) continue;
    bool misses = false;
    for (std::size_t t = 0; t < s.call_types.size(); ++t) {
      const auto& rows = s.several_queues ? r.call_types[t].intervals : r.intervals;
      const auto& sl = rows[k][static_cast<std::size_t>(Metric::service_level)];
      if (!sl.mean) continue;
      round.worst_service_level = std::min(round.worst_service_level, *sl.mean);
      const double target = s.call_types[t].service_level.target;
      if (*sl.mean >= target) continue;
      misses = true;
      // 1 to 3 agents, by how far below the target the interval is.
      const double gap = target - *sl.mean;
      int& add = round.raise_by[first[t]][k];
      add = std::max(add, gap > 0.3 ? 3 : gap > 0.1 ? 2 : 1);
    }
    round.missing += misses ? 1 : 0;
  }
  return round;
}

ScheduleLoop schedule_by_simulation(const nlohmann::json& document, const std::filesystem::path& directory, const Scenario& s,
                                    Requirement required, const ScheduleLoopOptions& o) {
  if (!s.schedule) throw ScenarioError("schedule: is missing (the shift templates to schedule from)");
  const ScheduleRules& rules = *s.schedule;
  const Calendar& c = s.calendar;
  ScheduleLoop loop;
  // The most agents an interval's requirement is raised to: three times its Erlang figure and 30
  // (beyond, no staffing the loop could reach meets the target).
  const Requirement erlang = erlang_requirement(s);
  int best_missing = std::numeric_limits<int>::max(), rounds_since_best = 0;
  for (int round = 0; round < o.max_rounds; ++round) {
    if ((o.cancelled && o.cancelled()) || interrupt_requested()) throw RunCancelled();
    loop.plan = solve_schedule(rules, c, required, o.solve);
    ScheduleRound info = simulate_plan(document, directory, loop.plan, rules, c);
    std::vector<std::size_t> unreachable;
    for (std::size_t g = 0; g < required.size(); ++g)
      for (std::size_t k = 0; k < required[g].size(); ++k) {
        if (info.raise_by[g][k] <= 0) continue;
        const int most = 3 * (g < erlang.size() && k < erlang[g].size() ? erlang[g][k] : 0) + 30;
        const int raised = std::max(required[g][k], loop.plan.scheduled[g][k]) + info.raise_by[g][k];
        if (raised > most) unreachable.push_back(k);
        required[g][k] = std::min(raised, most);
      }
    if (!unreachable.empty()) {
      std::string where;
      const int per_day = c.intervals_per_day();
      for (std::size_t k : unreachable) {
        if (where.size() > 150) break;
        const int d = static_cast<int>(k) / per_day;
        where += (where.empty() ? "" : ", ") + (c.start_date ? c.date_text(d) : "day " + std::to_string(d + 1)) + " " +
                 format_time_of_day(c.open + (static_cast<int>(k) % per_day) * c.interval);
      }
      throw ScenarioError("the targets cannot be met in " + std::to_string(unreachable.size()) +
                          " intervals even with three times their Erlang requirement and 30 agents (" + where + "): lower the targets");
    }
    loop.rounds.push_back(std::move(info));
    if (o.progress) o.progress(round + 1, loop.rounds.back());
    if (loop.rounds.back().missing == 0) {
      loop.met = true;
      break;
    }
    if (loop.rounds.back().missing < best_missing) {
      best_missing = loop.rounds.back().missing;
      rounds_since_best = 0;
    } else if (++rounds_since_best >= o.rounds_without_progress) {
      loop.stopped = "stopped: " + std::to_string(o.rounds_without_progress) + " rounds in a row raised the requirement without fewer intervals missing";
      break;
    }
  }
  if (o.compare_two_step) {
    if ((o.cancelled && o.cancelled()) || interrupt_requested()) throw RunCancelled();
    loop.two_step_plan = solve_schedule(rules, c, erlang_requirement(s), o.solve);
    loop.two_step = simulate_plan(document, directory, *loop.two_step_plan, rules, c);
  }
  return loop;
}

}  // namespace ccsim::sim
