// ccsim._ccsim: runs ccsim's commands in-process for the Python package (python/ccsim), with the
// GIL released, so that the module's results are the command line's, bit for bit.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "cli.hpp"

namespace py = pybind11;

namespace {

// One command: its exit status, what it printed (results) and its messages (errors, warnings).
using Outcome = std::tuple<int, std::string, std::string>;

Outcome run_command(const std::vector<std::string>& args) {
  std::vector<const char*> argv{"ccsim"};
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  const int status = ccsim::cli::run(static_cast<int>(argv.size()), argv.data(), out, err);
  return {status, out.str(), err.str()};
}

}  // namespace

PYBIND11_MODULE(_ccsim, m) {
  m.doc() = "ccsim's commands, run in-process (use the ccsim package rather than this module)";
  m.def(
      "command",
      [](const std::vector<std::string>& args) {
        py::gil_scoped_release release;
        return run_command(args);
      },
      py::arg("args"), "Runs `ccsim ARGS...`; returns (exit status, standard output, standard error).");
  m.def(
      "commands",
      [](const std::vector<std::vector<std::string>>& many) {
        py::gil_scoped_release release;
        std::vector<Outcome> outcomes;
        outcomes.reserve(many.size());
        for (const auto& args : many) outcomes.push_back(run_command(args));
        return outcomes;
      },
      py::arg("many"), "Runs each argument list in turn (one release of the GIL for all).");
}
