#pragma once
// What-if edits of a scenario, as the visualiser offers them: the knobs a planner turns, read from
// a scenario and written back into its JSON (which `ccsim run` reads unchanged). No GUI code.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ccsim/sim/scenario.hpp"

namespace ccsim::viz {

/// One shift of the shifts list (breaks and weekdays are kept from the scenario as they are).
struct ShiftKnob {
  std::string start = "08:00";  ///< time of day
  std::string end = "17:00";
  int agents = 0;
};

/// The editable parameters of a scenario. Every field starts at the scenario's own value
/// (knobs_from), so applying unchanged knobs gives the same scenario.
struct Knobs {
  /// Scenarios with several queues: the call type whose talk time, wrap-up and patience the knobs
  /// edit, and the agent group whose staffing (bars, shifts) they edit. Volume and staffing
  /// scales apply to every type and group.
  std::size_t call_type = 0;
  std::size_t agent_group = 0;
  double volume_scale = 1.0;       ///< multiplies every day's expected calls (every call type's)
  std::vector<double> day_scale;   ///< per simulated day, multiplies that day's expected calls
  double handle_time = 0;          ///< mean talk time of the call type, seconds (the distribution's shape is kept)
  double wrap_up = 0;              ///< mean after-call work, seconds
  std::optional<double> patience;  ///< mean patience, seconds; none: nobody abandons
  std::optional<int> lines;        ///< trunk lines; none: unlimited
  /// Agents of the agent group per interval, [day][interval], as the bar editor shows them: the
  /// schedule's time-averaged agents, rounded. Written to the scenario only once `bars_edited` is set.
  std::vector<std::vector<int>> bars;
  bool bars_edited = false;
  double staffing_scale = 1.0;     ///< multiplies every agent count of every group (rounded)
  std::vector<ShiftKnob> shifts;   ///< the group's shifts list, when it is staffed by shifts
  bool callback = false;           ///< offer callbacks
  double callback_after = 120;     ///< offer when the expected wait exceeds this, seconds
  double callback_accept = 1.0;    ///< probability a caller accepts the offer
  double self_service = 0;         ///< share of callers resolved in the IVR
  double first_contact_resolution = 1.0;
  double redial_probability = 0;   ///< a caller who abandons rings again
  double answer_within = 20;       ///< service-level threshold T, seconds
  double service_level_target = 0.8;
  double short_abandon = 0;        ///< seconds
  sim::ServiceLevelDefinition definition = sim::ServiceLevelDefinition::excluding_short_abandons;
  int replications = 30;
  std::uint64_t seed = 1;
};

/// The knobs of a scenario (`json` must parse; throws sim::ScenarioError otherwise), for call
/// type `call_type` and agent group `agent_group` (0 for a single queue; clamped to the last).
Knobs knobs_from(const nlohmann::json& json, std::size_t call_type = 0, std::size_t agent_group = 0);

/// `base` with the knobs written into it: fields the knobs do not cover are kept; a knob equal
/// to the base's value leaves the base's field as it was. The result still has to be parsed
/// (sim::parse_scenario), which validates it and names any bad value.
nlohmann::json apply_knobs(const nlohmann::json& base, const Knobs& knobs);

/// Agents per interval of `scenario`'s agent group `agent_group`, [day][interval], rounded from
/// the time-averaged schedule.
std::vector<std::vector<int>> scheduled_bars(const sim::Scenario& scenario, std::size_t agent_group = 0);

/// `scenario` with the forecast file `file` (made absolute) as the arrivals of call type
/// `call_type` (the only one in the single-queue format), its day-to-day cv kept.
nlohmann::json with_forecast(const nlohmann::json& scenario, std::size_t call_type, const std::string& file);

}  // namespace ccsim::viz
