#include "options.hpp"

#include <ostream>

#include "ccsim/models/limits.hpp"
#include "flags.hpp"

namespace ccsim::cli {

void ScenarioOptions::add_to(CLI::App& command, const std::string& set_help) {
  command.add_option("--set", overrides, set_help)->type_name("PATH=VALUE")->allow_extra_args(false);
  command.add_flag("--no-warnings", no_warnings, "do not print warnings about implausible values");
}

void ScenarioOptions::print_warnings(const std::vector<std::string>& warnings, const std::string& path, std::ostream& err) const {
  if (no_warnings) return;
  for (const auto& w : warnings) err << "ccsim: warning: " << path << ": " << sim::one_line(w) << "\n";
}

void OutputOptions::add_to(CLI::App& command, const std::string& json_what, const std::string& csv_what) {
  json_option = command.add_option("--json", json_path, "write " + json_what + " as JSON to FILE, or - for standard output")->type_name("FILE|-");
  csv_option = command.add_option("--csv", csv_path, "write " + csv_what + " as CSV to FILE")->type_name("FILE");
  command.add_flag("--quiet", quiet, "print nothing on the terminal but errors and warnings");
}

void OutputOptions::check_paths() const {
  if (json_option != nullptr && json_option->count() > 0 && json_path.empty())
    bad("--json", json_path, "is an empty path: give a file name, or - for standard output");
  if (csv_option != nullptr && csv_option->count() > 0 && csv_path.empty()) bad("--csv", csv_path, "is an empty path: give a file name");
}

void ThreadOption::add_to(CLI::App& command) {
  command.add_option("--threads", text, "worker threads (default: every core)")->type_name("T");
}

int ThreadOption::threads() const {
  return text.empty() ? 0 : static_cast<int>(count("--threads", text, limits::max_threads, "the most threads of a run"));
}

}  // namespace ccsim::cli
