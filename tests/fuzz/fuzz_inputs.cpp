// libFuzzer target: the files a scenario and `ccsim schedule` read besides the scenario itself.
// The first byte picks what the rest is: (even) a forecast CSV read through a scenario (the
// shipped forecast week's calendar: dates, hours, holidays; a single queue, or two call types
// taking rows by name), exercising ranges spread over intervals, call types the scenario lacks,
// weekdays against dates, line ends; (odd) a requirements file (CSV or JSON) for the municipal
// week's agent groups. Bad input must end in ScenarioError (std::invalid_argument); anything else
// is a bug.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "ccsim/sim/input_error.hpp"
#include "ccsim/sim/scenario.hpp"
#include "ccsim/sim/schedule_requirements.hpp"

namespace {

const std::string& folder() {
  static const std::string path = [] {
    char pattern[] = "/tmp/ccsim-fuzz-inputs-XXXXXX";
    const char* made = ::mkdtemp(pattern);
    return std::string(made != nullptr ? made : "/tmp");
  }();
  return path;
}

nlohmann::json forecast_scenario(bool two_types) {
  nlohmann::json j;
  j["calendar"] = {{"start_date", "2026-12-21"}, {"days", 7}, {"open", "08:00"}, {"close", "18:00"}, {"interval", "30m"},
                   {"holidays", {"2026-12-25"}}};
  const nlohmann::json demand = {{"arrivals", {{"forecast", "input.csv"}}}, {"handle_time", {{"dist", "exponential"}, {"mean", "5m"}}}};
  if (!two_types) {
    j.update(demand);
    j["staffing"] = {{"agents", 10}};
  } else {
    j["call_types"] = nlohmann::json::array();
    for (const char* name : {"a", "b"}) {
      nlohmann::json t = demand;
      t["name"] = name;
      j["call_types"].push_back(t);
    }
    j["agent_groups"] = nlohmann::json::array({{{"name", "team"}, {"skills", {"a", "b"}}, {"staffing", {{"agents", 10}}}}});
  }
  j["run"] = {{"replications", 1}, {"seed", 1}};
  return j;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const int mode = data[0];
  const std::string file = folder() + ((mode & 1) != 0 ? ((mode & 2) != 0 ? "/need.json" : "/need.csv") : "/input.csv");
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
  }
  try {
    if ((mode & 1) == 0) {
      (void)ccsim::sim::parse_scenario(forecast_scenario((mode & 2) != 0), folder());
    } else {
      static const ccsim::sim::Scenario municipal = ccsim::sim::load_scenario(CCSIM_SCENARIO_DIR "/municipal-week.json");
      (void)ccsim::sim::read_requirements(file, municipal);
    }
  } catch (const std::invalid_argument&) {  // ScenarioError and the solvers' own refusals
  }
  return 0;
}
