#include "cli.hpp"

#include <filesystem>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "ccsim/sim/input_error.hpp"
#include "ccsim/sim/runner.hpp"
#include "commands.hpp"
#include "provenance.hpp"

namespace ccsim::cli {

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"ccsim: contact-centre queue and workforce solver and simulator", "ccsim"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("ccsim ") + ccsim_version());
  set_command_line(argc, argv);
  const std::vector<Subcommand> commands = {add_erlang_command(app),   add_run_command(app),     add_staff_command(app),
                                            add_schedule_command(app), add_compare_command(app), add_sweep_command(app),
                                            add_merge_command(app),    add_rerun_command(app)};

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    out << app.help("", CLI::AppFormatMode::All);
    return 0;
  } catch (const CLI::CallForVersion&) {
    out << "ccsim " << ccsim_version() << "\n";
    return 0;
  } catch (const CLI::ParseError& e) {
    err << "ccsim: " << sim::one_line(e.what()) << " (see ccsim --help)\n";
    return exit_bad_input;
  }

  try {
    for (const auto& command : commands)
      if (command.app->parsed()) command.run(out, err);
    // Results that did not reach their reader (a closed pipe, a full disk) are a failure.
    out.flush();
    if (!out) {
      err << "ccsim: standard output: the results could not be written completely (closed pipe or full disk?)\n";
      return exit_bad_input;
    }
    return 0;
  } catch (const std::invalid_argument& e) {  // ScenarioError, OutputError, flags, solver input
    err << "ccsim: " << sim::one_line(e.what()) << "\n";
  } catch (const std::domain_error& e) {  // unstable queues, unreachable targets, SimulationLimit
    err << "ccsim: " << sim::one_line(e.what()) << "\n";
  } catch (const std::filesystem::filesystem_error& e) {  // the file system refused: a path, permissions, a vanished folder
    err << "ccsim: " << sim::one_line(e.path1().empty() ? e.code().message() : e.path1().string() + ": " + e.code().message()) << "\n";
  } catch (const sim::RunCancelled&) {  // an interrupt asked for (the Python module's Ctrl-C)
    err << "ccsim: interrupted\n";
    return exit_interrupted;
  } catch (const std::bad_alloc&) {
    err << "ccsim: out of memory: the run is too large for this machine; use fewer days, intervals or replications\n";
  } catch (const std::exception& e) {
    // Anything else is a bug in ccsim, not bad input: said as such, with its own exit status.
    err << "ccsim: internal error (please report it with the command): " << sim::one_line(e.what()) << "\n";
    return exit_internal_error;
  }
  return exit_bad_input;
}

}  // namespace ccsim::cli
