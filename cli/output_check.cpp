#include "output_check.hpp"

#include "ccsim/sim/output_files.hpp"
#include "flags.hpp"

namespace ccsim::cli {

void check_outputs(const std::vector<std::string>& inputs, const std::vector<OutputPath>& outputs) {
  sim::OutputFiles precheck(inputs);  // checks only; destroyed unwritten
  for (const auto& [flag, path] : outputs) {
    if (path.empty()) continue;
    if (path == "-") {
      if (flag == "--json") continue;
      bad(flag, path, "goes to a file; standard output takes --json -");
    }
    precheck.add(flag, path, {});
  }
}

}  // namespace ccsim::cli
