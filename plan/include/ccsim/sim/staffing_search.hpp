#pragma once
// `ccsim staff`: the fewest agents per interval (and agent group) that meet the targets, found by
// simulation. Two methods: `search` (from the Erlang requirement, add where targets miss, then
// remove where they still hold, with common random numbers: a local optimum) and `isa` (the
// Iterative Staffing Algorithm of Feldman, Mandelbaum, Massey & Whitt 2008 for a delay-probability
// target). See docs/staffing.md.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ccsim/sim/metrics.hpp"
#include "ccsim/sim/scenario.hpp"

namespace ccsim::sim {

/// Where the targets must hold: in every interval, or over each day's or the whole horizon's calls.
enum class StaffScope { interval, day, week };
enum class StaffMethod { search, isa };

struct StaffOptions {
  StaffMethod method = StaffMethod::search;
  StaffScope scope = StaffScope::interval;
  /// Targets besides each call type's service level (service_level.target within answer_within).
  bool service_level = true;
  std::optional<double> max_abandon_rate;  ///< abandoned / admitted
  std::optional<double> max_asa;           ///< seconds
  std::optional<double> min_occupancy, max_occupancy;
  /// Noise rule: none, the mean over replications meets a target; a level (0.95), its one-sided
  /// bound at that level does.
  std::optional<double> confidence;
  double p_wait = 0.2;           ///< isa: the delay-probability target ALPHA, in (0, 1)
  bool from_scenario = false;    ///< start from the scenario's staffing instead of Erlang
  std::vector<double> cost_per_hour;  ///< per agent group (empty: 1 each: agent-hours)
  int replications = 0;          ///< per evaluation (0: the scenario's run.replications)
  int threads = 0;               ///< 0: every core
  int max_evaluations = 400;     ///< a bound on the work
  /// Also find the fewest trunk lines (the centre's `lines`) with which every open interval's
  /// blocking (blocked / offered) meets this target, under the found staffing.
  std::optional<double> lines_target;
  /// Called after each evaluation: (evaluations so far, intervals still missing, phase).
  std::function<void(int, int, const char*)> progress;
  /// Asked before each evaluation: once it returns true, find_staffing throws RunCancelled.
  std::function<bool()> cancelled;
};

/// One interval's figures under the found staffing (means over replications, with 95% half-widths).
struct IntervalFigures {
  int day = 0, interval = 0;
  bool open = true;
  double offered = 0;
  Estimate service_level, abandon_rate, asa, occupancy, p_wait, block_rate;
  std::vector<Estimate> type_service_level;  ///< per call type
  bool meets = true;
};

struct StaffResult {
  /// [group][day][interval]: agents on duty.
  std::vector<std::vector<std::vector<int>>> agents;
  /// [day * intervals_per_day + interval]: the Erlang requirement of the whole centre (Erlang C, or A with patience).
  std::vector<int> erlang;
  std::vector<IntervalFigures> figures;  ///< per interval, with the found staffing
  Staffing staffing;                     ///< the found staffing, as the engine takes it
  int evaluations = 0;
  int replications = 0;
  double seconds = 0;
  double agent_hours = 0;
  double cost = 0;                       ///< with costs: the money; else agent-hours
  int missing = 0;                       ///< intervals (or days) that miss a target at the end
  std::optional<int> lines;              ///< with StaffOptions::lines_target: the fewest lines found
  double worst_block_rate = 0;           ///< with lines: the highest interval's blocking
  std::string objective;                 ///< what was minimised
  std::string noise_rule;                ///< how a target counts as met
  std::string status;                    ///< optimal / local optimum / converged, and how decided
};

/// Finds the staffing; throws ScenarioError (bad options: no target, p_wait outside (0, 1)...).
StaffResult find_staffing(const Scenario& scenario, const StaffOptions& options);

/// The Erlang requirement of every interval (Erlang C, or A when callers have patience) for
/// `options`' targets, [group][day * intervals_per_day + interval]: each call type's agents go to
/// its first agent group (no pooling across types: an upper bound with several types per group).
std::vector<std::vector<int>> erlang_requirement(const Scenario& scenario, const StaffOptions& options = {});

/// Per call type, the agent group its calls try first.
std::vector<std::size_t> first_groups(const Scenario& scenario);

/// The Staffing of per-interval counts [group][day][interval] on `calendar`'s grid.
Staffing staffing_from_counts(const std::vector<std::vector<std::vector<int>>>& counts, const Calendar& calendar);

}  // namespace ccsim::sim
