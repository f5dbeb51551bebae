#pragma once
// Runs `ccsim` in-process for the tests: the exit status and what it printed on each stream.
#include <sstream>
#include <string>
#include <vector>

#include "cli.hpp"

namespace ccsim::testing_support {

struct CliResult {
  int status;
  std::string out, err;
};

/// `ccsim ARGS...` (the program name is added).
inline CliResult run_cli(std::vector<std::string> args) {
  args.insert(args.begin(), "ccsim");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  const int status = ccsim::cli::run(static_cast<int>(argv.size()), argv.data(), out, err);
  return {status, out.str(), err.str()};
}

}  // namespace ccsim::testing_support
