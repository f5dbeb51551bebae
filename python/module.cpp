// ccsim._ccsim: runs ccsim's commands in-process for the Python package (python/ccsim), with the
// GIL released, so that the module's results are the command line's, bit for bit. A command runs
// in a thread of its own while the caller's thread waits with the GIL released, looking every
// 50 ms for Python's signals: on Ctrl-C the command is asked to stop at its next check (between
// replications, evaluations, rounds or items; sim/interrupt.hpp) and KeyboardInterrupt follows.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <chrono>
#include <functional>
#include <future>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "ccsim/sim/interrupt.hpp"
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

// Runs `work` in a thread of its own; the GIL is held only to look for signals. A Python signal
// handler that raises (KeyboardInterrupt) stops the work and its exception propagates.
template <class Result>
Result interruptible(std::function<Result()> work) {
  ccsim::sim::clear_interrupt();
  std::future<Result> done = std::async(std::launch::async, std::move(work));
  for (;;) {
    {
      py::gil_scoped_release release;
      if (done.wait_for(std::chrono::milliseconds(50)) == std::future_status::ready) break;
    }
    if (PyErr_CheckSignals() != 0) {
      ccsim::sim::request_interrupt();
      {
        py::gil_scoped_release release;
        done.wait();
      }
      ccsim::sim::clear_interrupt();
      throw py::error_already_set();
    }
  }
  return done.get();
}

}  // namespace

PYBIND11_MODULE(_ccsim, m) {
  m.doc() = "ccsim's commands, run in-process (use the ccsim package rather than this module)";
  m.def(
      "command", [](const std::vector<std::string>& args) { return interruptible<Outcome>([args] { return run_command(args); }); },
      py::arg("args"), "Runs `ccsim ARGS...`; returns (exit status, standard output, standard error).");
  m.def(
      "commands",
      [](const std::vector<std::vector<std::string>>& many) {
        return interruptible<std::vector<Outcome>>([many] {
          std::vector<Outcome> outcomes;
          outcomes.reserve(many.size());
          for (const auto& args : many) {
            if (ccsim::sim::interrupt_requested()) break;  // (the caller raises KeyboardInterrupt)
            outcomes.push_back(run_command(args));
          }
          return outcomes;
        });
      },
      py::arg("many"), "Runs each argument list in turn (one release of the GIL for all).");
}
