#pragma once
// The scenario's `schedule` block: shift templates and their rules, read with the scenario
// (scenario.hpp holds them). The shifts they allow and the plan that covers a requirement are in
// schedule.hpp. See docs/scheduling.md.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

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
  /// Agents on this template: per open day for daily templates, in all for weekly tours (people).
  int min = 0;
  std::optional<int> max;
  double cost_per_hour = 1;     ///< per paid hour
  /// Paid hours of one person's shift (daily templates) or tour (weekly tours) beyond this are
  /// paid at `overtime_factor` x cost_per_hour (infinity: no overtime).
  double overtime_after_hours = std::numeric_limits<double>::infinity();
  double overtime_factor = 1.5;
  std::size_t agent_group = 0;
};

/// The `schedule` block.
struct ScheduleRules {
  std::vector<ShiftTemplate> templates;
  std::vector<int> min_agents;                 ///< per agent group: on duty in every open interval
  std::vector<std::optional<int>> max_agents;  ///< per agent group: on duty in any interval
};

/// Reads the `schedule` block (`path` for messages); throws ScenarioError naming the field and value.
/// `groups`: the scenario's agent group names (a template names its agent_group with several;
/// min_agents and max_agents are a number for every group or an object by group).
ScheduleRules parse_schedule(const nlohmann::json& value, const std::string& path, const Calendar& calendar,
                             const std::vector<std::string>& groups);

}  // namespace ccsim::sim
