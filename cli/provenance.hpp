#pragma once
// What made a results file: ccsim's version, the command line, and the resolved scenario (after
// --set, --replications and --seed; relative paths made absolute), with its seed and
// replications. `ccsim rerun RESULTS.json` runs it again.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ccsim::cli {

/// The version of this ccsim ("0.1.0").
const char* ccsim_version();
/// Remembers the command line (called by cli::run).
void set_command_line(int argc, const char* const* argv);
/// The provenance block of a results file for `resolved_scenario` (its run.seed and
/// run.replications as the run used them).
nlohmann::ordered_json provenance(const nlohmann::json& resolved_scenario, std::uint64_t seed, int replications);

}  // namespace ccsim::cli
