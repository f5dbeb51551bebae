#include "provenance.hpp"

namespace ccsim::cli {
namespace {
std::vector<std::string>& command_line() {
  static std::vector<std::string> words;
  return words;
}
}  // namespace

const char* ccsim_version() { return CCSIM_VERSION; }

void set_command_line(int argc, const char* const* argv) {
  command_line().assign(argv, argv + argc);
  if (!command_line().empty()) command_line().front() = "ccsim";
}

nlohmann::ordered_json provenance(const nlohmann::json& resolved_scenario, std::uint64_t seed, int replications) {
  nlohmann::ordered_json p;
  p["ccsim_version"] = ccsim_version();
  p["command"] = command_line();
  p["seed"] = seed;
  p["replications"] = replications;
  p["scenario"] = resolved_scenario;
  return p;
}

}  // namespace ccsim::cli
