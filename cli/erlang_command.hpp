#pragma once
// `ccsim erlang b|c|a`: the analytic solvers on the command line.
#include <iosfwd>
#include <memory>

#include <CLI/CLI.hpp>

namespace ccsim::cli {

/// Adds the `erlang` subcommand and its `b`, `c`, `a` subcommands to `app`. The returned
/// callable runs whichever was chosen after parsing, printing to `out`; it throws
/// std::invalid_argument / std::domain_error for bad input.
class ErlangCommand {
public:
  explicit ErlangCommand(CLI::App& app);
  [[nodiscard]] bool chosen() const;
  /// Results to `out`; warnings about implausible values (unless --no-warnings) to `err`.
  void run(std::ostream& out, std::ostream& err) const;

private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace ccsim::cli
