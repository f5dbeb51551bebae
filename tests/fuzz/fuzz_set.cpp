// libFuzzer target: `--set PATH=VALUE` overrides (one per line of the input) applied to a
// shipped scenario, then parsed. The first byte picks the scenario. Bad input must end in
// ScenarioError; anything else is a bug.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "ccsim/sim/scenario.hpp"

namespace {
const std::vector<nlohmann::json>& seeds() {
  static const std::vector<nlohmann::json> all = [] {
    std::vector<nlohmann::json> v;
    for (const char* name : {"municipal-week.json", "small-team.json", "bank-helpline.json", "retail-peak.json",
                             "what-if/callback-2m.json", "what-if/fcr-70.json"}) {
      v.push_back(ccsim::sim::read_scenario_file(std::string(CCSIM_SCENARIO_DIR) + "/" + name));
    }
    return v;
  }();
  return all;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  nlohmann::json document = seeds()[data[0] % seeds().size()];
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    std::size_t start = 0;
    while (start <= text.size()) {
      const auto end = text.find('\n', start);
      const std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
      if (!line.empty()) ccsim::sim::apply_override(document, line);
      if (end == std::string::npos) break;
      start = end + 1;
    }
    (void)ccsim::sim::parse_scenario(document);
  } catch (const ccsim::sim::ScenarioError&) {
  }
  return 0;
}
