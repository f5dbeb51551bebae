#pragma once
// The subcommands of `ccsim`, one source file each. Each `add_*_command` adds its subcommand
// (options, help, validators) to the app and returns what runs it once the command line is
// parsed; cli::run calls the one chosen. Bad input throws std::invalid_argument (ScenarioError
// included) naming the flag or field and the value.
#include <functional>
#include <iosfwd>

#include <CLI/CLI.hpp>

namespace ccsim::cli {

/// A subcommand: its CLI11 app (parsed() says whether it was chosen) and what runs it, printing
/// results to `out` and warnings to `err`.
struct Subcommand {
  CLI::App* app = nullptr;
  std::function<void(std::ostream& out, std::ostream& err)> run;
};

Subcommand add_erlang_command(CLI::App& app);    ///< `ccsim erlang b|c|a`: the analytic models (erlang_command.cpp)
Subcommand add_run_command(CLI::App& app);       ///< `ccsim run`: simulate a scenario (run_command.cpp)
Subcommand add_staff_command(CLI::App& app);     ///< `ccsim staff`: staffing by simulation (staff_command.cpp)
Subcommand add_schedule_command(CLI::App& app);  ///< `ccsim schedule`: shifts by integer program (schedule_command.cpp)
Subcommand add_compare_command(CLI::App& app);   ///< `ccsim compare`: paired what-if differences (compare_command.cpp)
Subcommand add_sweep_command(CLI::App& app);     ///< `ccsim sweep`: a grid of values (sweep_command.cpp)
Subcommand add_merge_command(CLI::App& app);     ///< `ccsim merge`: results from shards (merge_command.cpp)
Subcommand add_rerun_command(CLI::App& app);     ///< `ccsim rerun`: a results file's run again (merge_command.cpp)

}  // namespace ccsim::cli
