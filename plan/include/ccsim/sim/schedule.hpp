#pragma once
// Shift scheduling: the shifts the scenario's `schedule` block allows (schedule_rules.hpp) as
// columns of a covering integer program, and the plan that covers a requirement per agent group
// and interval at the least cost (models/covering.hpp, COIN-OR CBC). The requirement's sources are
// in schedule_requirements.hpp, the simulation loop in schedule_loop.hpp. See docs/scheduling.md.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ccsim/models/covering.hpp"
#include "ccsim/sim/calendar.hpp"
#include "ccsim/sim/schedule_rules.hpp"

namespace ccsim::sim {

/// One shift the rules allow: its template, first day, start, length, break starts (seconds
/// after the shift's start), the days it is worked, and the intervals it covers (day-major).
/// On a 7-day calendar the week wraps: a shift past Sunday midnight covers Monday morning (as
/// the engine reads a shift of the day before the first day).
struct ShiftColumn {
  std::size_t template_index = 0;
  int first_day = 0;
  double start = 0, length = 0;
  std::vector<double> break_starts;
  std::vector<int> days;
  std::vector<int> intervals;        ///< day * intervals_per_day + interval, on duty for the whole interval
  std::vector<int> break_intervals;  ///< intervals within the shift but (partly) on break
  double paid_hours = 0;             ///< per person, over all its days
  double cost = 0;                   ///< per person: paid hours at the template's rate, overtime included
};

/// The cost of `paid_hours` (one person's shift or tour) on template `t`, overtime included.
double shift_cost(const ShiftTemplate& t, double paid_hours);

/// Every shift the rules allow on `calendar` (one week at most). Throws ScenarioError past
/// 200,000 shifts.
std::vector<ShiftColumn> shift_columns(const ScheduleRules& rules, const Calendar& calendar);

/// Agents needed per agent group and interval: [group][day * intervals_per_day + interval].
using Requirement = std::vector<std::vector<int>>;

/// How to solve the covering program.
struct ScheduleOptions {
  double time_limit = 60;          ///< seconds; then the best plan found, with its gap
  double shortfall_penalty = 0;    ///< > 0: an interval may stay under cover at this cost per agent-interval
  double relative_gap = 0;         ///< stop once proven within this fraction of optimal (0: optimal)
};

struct SchedulePlan {
  std::vector<ShiftColumn> columns;  ///< the shifts staffed
  std::vector<int> agents;           ///< per staffed column
  /// [group][interval]: the requirement (with min_agents), on duty, on break, under cover.
  Requirement required, scheduled, on_break;
  std::vector<std::vector<double>> shortfall;
  double cost = 0, paid_hours = 0;
  models::CoveringSolution solution;
};

/// The cheapest plan covering `required` (closed intervals need nobody). Throws ScenarioError when
/// the rules cannot cover it (without a shortfall penalty) or no plan is found in the time limit.
SchedulePlan solve_schedule(const ScheduleRules& rules, const Calendar& calendar, const Requirement& required,
                            const ScheduleOptions& options);

/// Group `group`'s shifts of the plan as `staffing.shifts` entries of the scenario format (start,
/// end, agents, breaks, weekdays).
nlohmann::json plan_shifts_json(const SchedulePlan& plan, const ScheduleRules& rules, const Calendar& calendar,
                                std::size_t group = 0);

/// `document` (a scenario's JSON) with the plan as its staffing: `staffing.shifts`, or with
/// several agent groups each group's `staffing.shifts`.
nlohmann::json scenario_with_plan(nlohmann::json document, const SchedulePlan& plan, const ScheduleRules& rules,
                                  const Calendar& calendar);

}  // namespace ccsim::sim
