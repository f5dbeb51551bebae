#pragma once
// The scenario format: a JSON description of a contact centre and how to simulate it, parsed and
// validated into a Scenario before the engine sees it. See docs/scenario-format.md.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ccsim/models/arrival_profile.hpp"
#include "ccsim/models/distribution.hpp"
#include "ccsim/sim/calendar.hpp"
#include "ccsim/sim/duration.hpp"
#include "ccsim/sim/input_error.hpp"
#include "ccsim/sim/schedule_rules.hpp"

namespace ccsim::sim {

/// A change of staff during a day, at `time` seconds after opening. Positive `change` brings
/// agents on duty; negative takes them off as soon as they are free (an agent finishes the call
/// in hand first). Removed agents come back after `return_after` seconds (a break) or never (0).
struct StaffingChange {
  double time = 0;
  int change = 0;
  double return_after = 0;
};

/// How the service level is defined: answered within T divided by ...
enum class ServiceLevelDefinition {
  excluding_short_abandons,  ///< answered + abandoned after the short-abandon threshold (default)
  answered,                  ///< answered calls
  offered,                   ///< every offered call, blocked ones included
};
const char* service_level_definition_name(ServiceLevelDefinition d);

struct ServiceLevelSpec {
  double answer_within = 20.0;  ///< T, seconds
  double target = 0.8;
  double short_abandon = 0.0;   ///< abandons within this many seconds are left out of the default SL
  ServiceLevelDefinition definition = ServiceLevelDefinition::excluding_short_abandons;
};

struct RunSpec {
  int replications = 30;
  std::uint64_t seed = 1;
  double warmup = 0.0;  ///< calls arriving this long after each opening are simulated but not counted
};

/// IVR: every admitted call first spends `time` in the IVR (holding its line); a share
/// `self_service` is resolved there and leaves; the rest queue for an agent.
struct IvrSpec {
  models::Distribution time = models::Distribution::fixed(0.0);
  double self_service = 0.0;  ///< fraction of IVR calls resolved without an agent
};

/// Where an accepted callback waits: at the caller's place in the queue, or in a list of
/// callbacks promised within a window.
enum class CallbackMode { keep_place, window };
/// When agents make callbacks: in queue order with the inbound callers, or only when no inbound
/// caller waits.
enum class CallbackServe { queue_order, when_idle };

/// Callback offers (virtual hold). A caller about to queue is offered a callback when its
/// expected wait exceeds `offer_when_wait_exceeds` or its queue position reaches
/// `offer_at_position`; it accepts with `accept_probability`, hangs up (freeing its line) and is
/// called back: an agent dials (`dial_time`), reaches it with `reach_probability`, and retries
/// after `retry_delay` up to `attempts` dials in all.
struct CallbackSpec {
  std::optional<double> offer_when_wait_exceeds;  ///< seconds of expected wait
  std::optional<int> offer_at_position;           ///< 1 = the caller would be first in the queue
  double accept_probability = 1.0;
  CallbackMode mode = CallbackMode::keep_place;
  double window = 3600.0;          ///< window mode: promised within this many seconds of accepting
  double promise_margin = 600.0;   ///< keep_place: promised within expected wait + this margin, seconds
  CallbackServe serve = CallbackServe::queue_order;
  models::Distribution dial_time = models::Distribution::fixed(15.0);
  double reach_probability = 1.0;
  int attempts = 3;                ///< dials per callback, the first included
  models::Distribution retry_delay = models::Distribution::fixed(600.0);
};

/// Returning customers: redials after abandoning or balking, retries after a busy signal, and
/// repeat contacts of customers whose problem was not resolved at first contact.
struct ReturnsSpec {
  double redial_probability = 0.0;  ///< a caller who abandons or balks rings again
  models::Distribution redial_delay = models::Distribution::exponential(600.0);
  double retry_probability = 0.0;   ///< a caller who hears a busy signal rings again
  models::Distribution retry_delay = models::Distribution::exponential(300.0);
  double first_contact_resolution = 1.0;  ///< share of answered contacts that resolve the problem
  models::Distribution repeat_delay = models::Distribution::exponential(86400.0);
  int max_attempts = 0;  ///< contacts per customer at most (then it gives up); 0 = no limit
};

/// Outside opening hours callers hear a closed message; a share rings again after the next
/// opening. `calls_per_hour` fresh calls arrive while closed.
struct ClosedSpec {
  double calls_per_hour = 0.0;
  double retry_probability = 0.7;
  models::Distribution retry_delay = models::Distribution::exponential(1800.0);  ///< after opening
};

/// Announcing the expected wait: a caller told of wait W balks with probability 1 - 2^(-W/h),
/// h = `half_balk_wait` (half the callers balk at an announced wait of h).
struct AnnouncementSpec {
  double half_balk_wait = 600.0;
};

/// Caller identification (CRM): a share of callers is matched to a customer record before an
/// agent answers, and is handled faster; a returning customer's later contacts faster still when
/// the record shows the history.
struct CrmSpec {
  double identified_share = 0.0;              ///< callers identified (fresh contacts; a customer stays identified)
  double handle_time_factor = 1.0;            ///< talk time of an identified caller, x this (0 < f <= 1)
  double returning_handle_time_factor = 1.0;  ///< later contacts of an identified customer, x this too
};

/// One call type (a queue): its demand and its callers' needs. Times are seconds.
struct CallType {
  std::string name;
  std::vector<models::ArrivalProfile> arrivals;  ///< one per day, before the random day factors
  double day_to_day_cv = 0.0;                    ///< cv of this type's own Gamma(mean 1) factor on each day's volume
  /// Handle time (talk, without wrap-up), wrap-up and patience. A distribution whose `mean` is
  /// given per interval is stored at the mean of its values, with the factors below.
  models::Distribution handle_time = models::Distribution::fixed(0.0);
  models::Distribution wrap_up = models::Distribution::fixed(0.0);
  std::optional<models::Distribution> patience;  ///< none: nobody abandons
  /// Means that change through the day: a call arriving in interval k (day-major over the
  /// horizon) draws from the distribution scaled by factor[k] (the interval's mean / the stored
  /// mean; same shape and cv). Empty: the same mean all day.
  std::vector<double> handle_time_factor, wrap_up_factor, patience_factor;
  /// The forecast file whose aht column sets the mean talk time of every interval it gives calls
  /// (talk = AHT - mean wrap-up); empty when handle_time's own mean does.
  std::string talk_time_from_forecast;
  ServiceLevelSpec service_level;  ///< the type's own, or the top-level block
  std::optional<CrmSpec> crm;      ///< the type's own, or the top-level block; none: no caller identification
  // The type's own blocks, or the top-level ones (the single-queue format: the top-level ones).
  std::optional<IvrSpec> ivr;                    ///< none: straight to the agent queue
  std::optional<CallbackSpec> callback;          ///< none: no callback offer
  std::optional<AnnouncementSpec> announcement;  ///< none: no expected-wait announcement
  ReturnsSpec returns;
};

/// A group of agents with the same skills. Its staffing is kept apart, in Staffing.
struct AgentGroup {
  std::string name;
  std::vector<std::size_t> skills;  ///< call types served, in the group's order of priority
  /// Per call type: the talk time of that type when this group serves it, x this (1: as the
  /// type's handle_time). Wrap-up is not scaled.
  std::vector<double> handle_time_factor;
};

/// What an agent who becomes free picks among the waiting callers of the types it serves.
enum class AgentPicks {
  priority,         ///< the first type in the group's skills with someone waiting; first come first served within it
  longest_waiting,  ///< the caller who has waited longest among every type served (ties by the skills order)
};

/// Routing, compiled into flat tables when the scenario is parsed.
struct Routing {
  AgentPicks agent_picks = AgentPicks::priority;
  /// For an arriving call of type t: the groups tried at once, in order (try_order[t]); a group
  /// takes it from the queue only once it has waited delay(t, g) seconds.
  std::vector<std::vector<std::size_t>> try_order;
  /// Per type: the groups that take it only after a wait, with that wait, by increasing wait.
  std::vector<std::vector<std::pair<double, std::size_t>>> overflow;
  /// delay[t * groups + g]: seconds a caller of type t waits before group g may take it; negative:
  /// g does not serve t.
  std::vector<double> delay;
  std::size_t groups = 0;
  [[nodiscard]] double delay_of(std::size_t type, std::size_t group) const { return delay[type * groups + group]; }
};

/// A day's staffing changes of one group, sorted by time; opening staff at time 0.
using DayStaffing = std::vector<StaffingChange>;

/// Staffing as plain data: per agent group, per day, the changes of staff. It can be replaced
/// (an optimiser's candidate) without parsing the scenario again.
struct Staffing {
  std::vector<std::vector<DayStaffing>> groups;  ///< [group][day]

  /// Agents of `group` on duty just before closing on `day` (they stay until the day's calls are done).
  [[nodiscard]] int agents_at_close(std::size_t group, int day, const Calendar& calendar) const;
  /// Scheduled agents of `group` on duty in interval `interval` of `day` (breaks deducted), time-averaged.
  [[nodiscard]] double scheduled_agents(std::size_t group, int day, int interval, const Calendar& calendar) const;
};

/// The centre as the engine sees it: validated, JSON-free, immutable once built. Staffing is
/// kept apart (see Staffing).
struct Model {
  Calendar calendar;
  std::vector<CallType> call_types;     ///< at least one; the single-queue format makes one
  std::vector<AgentGroup> agent_groups; ///< at least one; the single-queue format makes one
  Routing routing;
  /// True when the scenario lists call_types and agent_groups (results are then also reported per type and group).
  bool several_queues = false;
  double day_to_day_cv = 0.0;  ///< cv of the Gamma(mean 1) factor shared by every type's volume of a day
  std::optional<int> lines;                      ///< trunk lines shared by every type; none: unlimited
  /// Cost of an agent-hour per agent group (`costs.per_agent_hour`); empty: not given (ccsim staff
  /// then minimises agent-hours).
  std::vector<double> cost_per_agent_hour;
  /// The `schedule` block: shift templates for `ccsim schedule` (none: not given).
  std::optional<ScheduleRules> schedule;
  /// The top-level blocks, which every call type without its own takes (the engine reads the
  /// types' copies, CallType::ivr and so on).
  std::optional<IvrSpec> ivr;                    ///< none: straight to the agent queue
  std::optional<CallbackSpec> callback;          ///< none: no callback offer
  std::optional<AnnouncementSpec> announcement;  ///< none: no expected-wait announcement
  ReturnsSpec returns;
  ClosedSpec closed;
  /// Set when the scenario (or a call type) has any of ivr, callback, announcement, returns,
  /// closed: customers are then followed across contacts and the returning-customer measures are reported.
  bool follow_customers = false;
  ServiceLevelSpec service_level;  ///< the centre's (the top-level block)
  RunSpec run;

  /// True when some call type has caller identification.
  [[nodiscard]] bool has_crm() const;
};

/// A validated scenario, ready for the engine: the model, its staffing, and where it came from.
struct Scenario : Model {
  std::string name;
  std::string description;
  Staffing staffing;
  nlohmann::json source;  ///< the scenario JSON as validated (overrides applied)
  std::filesystem::path directory;  ///< where its relative file paths (arrivals.forecast) are found
  /// Values that are valid but implausible, one line each naming the field and the likely intent
  /// (a bare number of seconds that was probably meant as minutes, a handle time over 4 hours...).
  /// The front ends print them; nothing is changed.
  std::vector<std::string> warnings;

  /// Agents on duty just before closing on `day`, every group.
  [[nodiscard]] int agents_at_close(int day) const;
  /// Scheduled agents on duty in interval `interval` of `day` (breaks deducted), time-averaged, every group.
  [[nodiscard]] double scheduled_agents(int day, int interval) const;
};

/// Validates `json` and builds the Scenario; throws ScenarioError naming the path and value.
/// Relative file paths in it (arrivals.forecast) are found from the current directory.
Scenario parse_scenario(const nlohmann::json& json);
/// The same, finding relative file paths from `directory` (the scenario file's own).
Scenario parse_scenario(const nlohmann::json& json, const std::filesystem::path& directory);

/// Reads a JSON file strictly (see json_input.hpp); throws ScenarioError naming the file for
/// I/O and syntax errors, duplicate keys, deep nesting and numbers out of range.
nlohmann::json read_scenario_file(const std::filesystem::path& path);

/// The folder that relative file paths in the scenario file `scenario_file` are found from: the
/// absolute folder of the file itself, with symbolic links followed (a link to a scenario finds the
/// files beside the scenario it points to). A bare name (`week.json`), `./x`, `../x` and absolute
/// paths all work; the one rule every front end uses. Throws ScenarioError when there is no
/// current directory to start from.
std::filesystem::path scenario_folder(const std::filesystem::path& scenario_file);

/// Reads and parses the scenario file at `path` (relative file paths in it found from its folder).
Scenario load_scenario(const std::filesystem::path& path);

/// The files the scenario JSON names (arrivals.forecast), relative ones found from `directory`:
/// what a command reads besides the scenario, so that no output may replace one of them.
std::vector<std::string> files_named(const nlohmann::json& scenario, const std::filesystem::path& directory);

/// Makes the relative file paths of `scenario` (arrivals.forecast) absolute from `directory`, so
/// that the JSON can be parsed from anywhere (the visualiser edits a copy of it).
void resolve_relative_paths(nlohmann::json& scenario, const std::filesystem::path& directory);

/// Applies a `--set PATH=VALUE` override: PATH like `staffing.agents` or `staffing.shifts[2].end`;
/// VALUE is read as JSON when it parses as JSON, otherwise as a string ("4m"). Indexes must
/// exist (at most limits::max_list_length); the text must be UTF-8. Throws ScenarioError.
void apply_override(nlohmann::json& json, const std::string& assignment);

/// Why the override `assignment` (PATH=VALUE, already applied) cannot change a run of `scenario`,
/// or nothing when it can: `handle_time.mean` of a call type whose talk time follows a forecast's
/// aht column. The front ends refuse such a setting rather than ignore it.
std::optional<std::string> ineffective_override(const Scenario& scenario, const std::string& assignment);

}  // namespace ccsim::sim
