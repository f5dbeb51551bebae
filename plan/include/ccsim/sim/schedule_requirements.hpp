#pragma once
// Where `ccsim schedule` takes the agents needed per agent group and interval from: a file
// written by `ccsim staff --json` or `ccsim erlang --forecast --json`, a CSV from a planner's own
// tool, the scenario's own staffing, or the Erlang formulas on the scenario's forecast.
#include <filesystem>

#include "ccsim/sim/scenario.hpp"
#include "ccsim/sim/schedule.hpp"

namespace ccsim::sim {

/// Reads a requirement file for `scenario`'s calendar and agent groups:
/// - a `ccsim staff --json` result: `intervals[]` with day, start and agents (agents_by_group with
///   several groups);
/// - a `ccsim erlang c|a --forecast --json` result: `intervals[]` with date or weekday, start,
///   agents and optionally call_type (types' agents add up in their first agent group);
/// - a CSV (`,`, `;` or tab) with a header: day (1, 2, ...) or date or weekday; start; agents; and
///   optionally agent_group or call_type.
/// A weekday stands for every day of the calendar on that weekday. Intervals not given need 0.
/// Throws ScenarioError naming the file, the line or entry, the column and the value.
Requirement read_requirements(const std::filesystem::path& file, const Scenario& scenario);

/// The scenario's own staffing as the requirement: scheduled agents per group and interval, rounded up.
Requirement requirement_from_scenario(const Scenario& scenario);

}  // namespace ccsim::sim
