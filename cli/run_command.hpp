#pragma once
// `ccsim run SCENARIO.json`: batch simulation of a scenario file.
#include <iosfwd>
#include <memory>

#include <CLI/CLI.hpp>

namespace ccsim::cli {

/// Adds the `run` subcommand to `app`; `run` executes it after parsing, printing to `out`.
/// Throws std::invalid_argument (sim::ScenarioError included) for bad input.
class RunCommand {
public:
  explicit RunCommand(CLI::App& app);
  [[nodiscard]] bool chosen() const;
  /// Results to `out`; warnings about implausible values (unless --no-warnings) to `err`.
  void run(std::ostream& out, std::ostream& err) const;

private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace ccsim::cli
