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
  std::string path;                 ///< the file as named on the command line

  /// Every file this input reads: the scenario and the files it names (forecasts).
  [[nodiscard]] std::vector<std::string> files_read() const {
    std::vector<std::string> files = sim::files_named(document, directory);
    files.insert(files.begin(), path);
    return files;
  }
};

/// Reads `path`, applies `overrides` (PATH=VALUE) and parses it; throws ScenarioError "PATH: ...".
inline ScenarioInput read_scenario_input(const std::string& path, const std::vector<std::string>& overrides) {
  ScenarioInput in;
  in.document = sim::read_scenario_file(path);
  in.path = path;
  in.directory = sim::scenario_folder(path);
  try {
    for (const auto& assignment : overrides) sim::apply_override(in.document, assignment);
    in.scenario = sim::parse_scenario(in.document, in.directory);
    for (const auto& assignment : overrides)
      if (const auto why = sim::ineffective_override(in.scenario, assignment)) throw sim::ScenarioError(*why);
  } catch (const sim::ScenarioError& e) {
    throw sim::ScenarioError(path + ": " + e.what());
  }
  return in;
}

}  // namespace ccsim::cli
