#pragma once
// Closing the scheduling loop by simulation: simulate a shift plan (its shifts and breaks as the
// scenario's staffing, common random numbers from round to round), raise the requirement where an
// interval misses its service-level target, re-solve; and the two-step plan (Erlang requirement,
// then cover) to compare with. See docs/scheduling.md.
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ccsim/sim/scenario.hpp"
#include "ccsim/sim/schedule.hpp"

namespace ccsim::sim {

/// A plan, simulated.
struct ScheduleRound {
  double cost = 0;
  int missing = 0;                 ///< open intervals where some call type's service level (mean over replications) misses its target
  double worst_service_level = 1;  ///< the lowest interval's (any call type)
  double service_level = 0;        ///< the whole horizon's, every call type
  /// [group][interval]: agents to add where the interval misses (1 to 3, by how far), else 0.
  Requirement raise_by;
};

/// Simulates `plan` as the staffing of `document` (a scenario's JSON, relative paths from
/// `directory`), with the scenario's replications and seed.
ScheduleRound simulate_plan(const nlohmann::json& document, const std::filesystem::path& directory, const SchedulePlan& plan,
                            const ScheduleRules& rules, const Calendar& calendar);

struct ScheduleLoopOptions {
  ScheduleOptions solve;
  int max_rounds = 10;
  int rounds_without_progress = 3;
  bool compare_two_step = true;  ///< also cover the Erlang requirement and simulate that plan
  /// Called after each round (rounds so far, the round).
  std::function<void(int, const ScheduleRound&)> progress;
  /// Asked before each round: once it returns true, the loop throws RunCancelled.
  std::function<bool()> cancelled;
};

struct ScheduleLoop {
  SchedulePlan plan;                  ///< the last round's
  std::vector<ScheduleRound> rounds;
  bool met = false;                   ///< every interval meets its target in the last round
  /// Why the loop ended before meeting every target: "" (met, or max_rounds), or that rounds
  /// stopped bringing fewer intervals below target.
  std::string stopped;
  /// The two-step plan: the Erlang requirement of every interval, covered; and its simulation.
  std::optional<SchedulePlan> two_step_plan;
  std::optional<ScheduleRound> two_step;
};

/// The loop: cover `required`, simulate, raise the requirement of every interval (and the first
/// agent group of every call type) that misses above what the plan gave it, re-solve; until none
/// misses, max_rounds, or `rounds_without_progress` rounds in a row leave as many intervals
/// missing as the best round did. An interval is never raised above three times its Erlang
/// requirement plus 30 agents: one that would be is unreachable, and the loop throws
/// ScenarioError ("cannot be met") naming it. `scenario` is `document` parsed.
ScheduleLoop schedule_by_simulation(const nlohmann::json& document, const std::filesystem::path& directory, const Scenario& scenario,
                                    Requirement required, const ScheduleLoopOptions& options);

}  // namespace ccsim::sim
