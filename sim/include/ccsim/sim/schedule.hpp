#pragma once
// Shift scheduling: the scenario's `schedule` block (shift templates and their rules), the shifts
// they allow (columns of a covering integer program), and the plan that covers a requirement per
// interval at the least cost (models/covering.hpp, COIN-OR CBC). See docs/scheduling.md.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ccsim/models/covering.hpp"
#include "ccsim/sim/calendar.hpp"

namespace ccsim::sim {

/// A break of a template: `length` seconds, starting between `after_from` and `after_to` seconds
/// after the shift's start, on a `after_step` grid; unpaid breaks are not paid hours.
struct BreakRule {
  double length = 1800;
  double after_from = 0, after_to = 0, after_step = 1800;
  bool paid = false;
};

/// A shift template: the shifts it allows and what they cost.
struct ShiftTemplate {
  std::string name;
  std::vector<double> starts;   ///< seconds since midnight
  std::vector<double> lengths;  ///< seconds, breaks included
  std::vector<BreakRule> breaks;
  std::vector<bool> weekdays = std::vector<bool>(7, true);  ///< days it may be worked (days_on = 0)
  int days_on = 0;              ///< > 0: weekly tours of this many consecutive days (rest days together, wrapping)
  int min = 0, max = 100000;    ///< agents on this template (per day, or per tour start)
  double cost_per_hour = 1;     ///< per paid hour
  std::size_t agent_group = 0;
};

/// The `schedule` block.
struct ScheduleRules {
  std::vector<ShiftTemplate> templates;
  int min_agents = 0;             ///< on duty in every open interval
  std::optional<int> max_agents;  ///< on duty in any interval
};

/// Reads the `schedule` block (`path` for messages); throws ScenarioError naming the field and value.
/// `groups`: the scenario's agent group names (a template names its agent_group with several).
ScheduleRules parse_schedule(const nlohmann::json& value, const std::string& path, const Calendar& calendar,
                             const std::vector<std::string>& groups);

/// One shift the rules allow: its template, first day, start, length, break starts (seconds
/// after the shift's start), the days it is worked, and the intervals it covers (day-major).
struct ShiftColumn {
  std::size_t template_index = 0;
  int first_day = 0;
  double start = 0, length = 0;
  std::vector<double> break_starts;
  std::vector<int> days;
  std::vector<int> intervals;  ///< day * intervals_per_day + interval, on duty for the whole interval
  double paid_hours = 0;
};

/// Every shift the rules allow on `calendar` (one week at most).
std::vector<ShiftColumn> shift_columns(const ScheduleRules& rules, const Calendar& calendar);

struct SchedulePlan {
  std::vector<ShiftColumn> columns;  ///< the shifts staffed
  std::vector<int> agents;           ///< per staffed column
  std::vector<int> required, scheduled, on_break;  ///< per interval of the horizon
  std::vector<double> shortfall;     ///< per interval
  double cost = 0, paid_hours = 0;
  models::CoveringSolution solution;
};

/// The cheapest plan covering `required` (per interval, day-major; closed intervals 0).
SchedulePlan solve_schedule(const ScheduleRules& rules, const Calendar& calendar, const std::vector<int>& required,
                            double time_limit, double shortfall_penalty);

/// The plan as `staffing.shifts` entries of the scenario format (start, end, agents, breaks, weekdays).
nlohmann::json plan_shifts_json(const SchedulePlan& plan, const ScheduleRules& rules, const Calendar& calendar);

/// One round of the simulation loop.
struct ScheduleRound {
  double cost = 0;
  int missing = 0;            ///< open intervals whose service level misses its target (mean over replications)
  double worst_service_level = 1;
  double service_level = 0;   ///< the whole horizon's
};

/// The loop: cover the requirement, simulate the plan (its shifts and breaks, as the scenario's
/// staffing, with common random numbers), raise the requirement of every interval whose service
/// level misses the scenario's target above what the plan gave it (by 1 to 3 agents, by how far it
/// misses), re-solve; until none misses or `max_rounds`.
/// `document` is the scenario's JSON (its folder `directory`), whose staffing each round replaces.
struct ScheduleLoop {
  SchedulePlan plan;                 ///< the last round's
  nlohmann::json shifts;             ///< its staffing.shifts
  std::vector<ScheduleRound> rounds;
  bool met = false;                  ///< every interval meets its target in the last round
};
ScheduleLoop schedule_by_simulation(const nlohmann::json& document, const std::filesystem::path& directory, const ScheduleRules& rules,
                                    const Calendar& calendar, std::vector<int> required, double time_limit, double shortfall_penalty,
                                    int max_rounds);

}  // namespace ccsim::sim
