#pragma once
// The shipped scenarios (scenarios/), as the tests read them: by name, from CCSIM_SCENARIO_DIR.
#include <string>

#include <nlohmann/json.hpp>

#include "ccsim/sim/scenario.hpp"

namespace ccsim::testing_support {

/// The path of shipped scenario `name` (e.g. "municipal-week.json", "what-if/crm-80.json").
inline std::string scenario_path(const std::string& name) { return std::string(CCSIM_SCENARIO_DIR) + "/" + name; }

/// Shipped scenario `name` as JSON (its relative paths resolved), to change before parsing.
inline nlohmann::json scenario_json(const std::string& name) { return sim::read_scenario_file(scenario_path(name)); }

/// Shipped scenario `name`, parsed.
inline sim::Scenario shipped_scenario(const std::string& name) { return sim::load_scenario(scenario_path(name)); }

}  // namespace ccsim::testing_support
