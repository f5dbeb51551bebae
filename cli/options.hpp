#pragma once
// The option blocks the commands share, each registered and read in one place, with one help
// text and one bound: the scenario's (--set, --no-warnings, and its warnings printed one way),
// the outputs (--json, --csv, --quiet) and the worker threads (--threads).
#include <iosfwd>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "ccsim/sim/scenario.hpp"

namespace ccsim::cli {

/// --set PATH=VALUE (repeatable) and --no-warnings: the scenario as a command reads it.
struct ScenarioOptions {
  std::vector<std::string> overrides;  ///< PATH=VALUE, applied in order
  bool no_warnings = false;

  /// Adds both to `command`; `set_help` says what --set changes (the base, every point...).
  void add_to(CLI::App& command, const std::string& set_help = "override a scenario value: PATH=VALUE, e.g. staffing.agents=45");
  /// Prints each warning of `scenario`, read from `path`, as one line "ccsim: warning: PATH: ..."
  /// on `err`, unless --no-warnings was given.
  void print_warnings(const sim::Scenario& scenario, const std::string& path, std::ostream& err) const {
    print_warnings(scenario.warnings, path, err);
  }
  void print_warnings(const std::vector<std::string>& warnings, const std::string& path, std::ostream& err) const;
};

/// --json FILE|-, --csv FILE and --quiet.
struct OutputOptions {
  std::string json_path, csv_path;
  bool quiet = false;
  CLI::Option* json_option = nullptr;
  CLI::Option* csv_option = nullptr;

  /// Adds the three to `command`: `json_what` and `csv_what` say what each file holds.
  void add_to(CLI::App& command, const std::string& json_what, const std::string& csv_what);
  /// An output given with an empty path is refused (exit 2, naming the flag).
  void check_paths() const;
};

/// --threads T: worker threads, from 1 to limits::max_threads (default: every core).
struct ThreadOption {
  std::string text;

  void add_to(CLI::App& command);
  /// The threads asked for, 0 when not given (every core); exit 2 naming the flag and the bound
  /// for anything else.
  [[nodiscard]] int threads() const;
};

}  // namespace ccsim::cli
