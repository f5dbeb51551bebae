// libFuzzer target: a scenario file's bytes -> strict JSON -> parse_scenario (every check, the
// model built). Bad input must end in ScenarioError (std::invalid_argument); anything else (a
// crash, another exception, a sanitizer report, a timeout) is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ccsim/sim/json_input.hpp"
#include "ccsim/sim/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = ccsim::sim::parse_json(text);
  if (!parsed.value) return 0;
  try {
    const auto scenario = ccsim::sim::parse_scenario(*parsed.value);
    // The model is usable: these read every day's staffing.
    for (int d = 0; d < scenario.calendar.days; ++d) (void)scenario.agents_at_close(d);
  } catch (const ccsim::sim::ScenarioError&) {
  }
  return 0;
}
