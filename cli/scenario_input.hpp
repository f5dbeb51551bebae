#pragma once
// A scenario file as the commands read it: the JSON (overrides applied), its folder (for relative
// paths) and the parsed scenario; errors name the file.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ccsim/sim/scenario.hpp"

namespace ccsim::cli {

struct ScenarioInput {
  nlohmann::json document;          ///< as read, `--set` overrides applied
  std::filesystem::path directory;  ///< the file's folder
  sim::Scenario scenario;
};

/// Reads `path`, applies `overrides` (PATH=VALUE) and parses it; throws ScenarioError "PATH: ...".
inline ScenarioInput read_scenario_input(const std::string& path, const std::vector<std::string>& overrides) {
  ScenarioInput in;
  in.document = sim::read_scenario_file(path);
  in.directory = std::filesystem::path(path).parent_path();
  try {
    for (const auto& assignment : overrides) sim::apply_override(in.document, assignment);
    in.scenario = sim::parse_scenario(in.document, in.directory);
  } catch (const sim::ScenarioError& e) {
    throw sim::ScenarioError(path + ": " + e.what());
  }
  return in;
}

}  // namespace ccsim::cli
