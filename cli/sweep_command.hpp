#pragma once
// `ccsim sweep SCENARIO.json --grid 'PATH=a:b[:step]' --grid 'PATH=[v1,v2,...]' ...`: the scenario at
// every point of the cartesian grid, each with the same seed and replications (common random
// numbers across points), one row per point (and per interval with --intervals).
#include <iosfwd>
#include <memory>

#include <CLI/CLI.hpp>

namespace ccsim::cli {

class SweepCommand {
public:
  explicit SweepCommand(CLI::App& app);
  [[nodiscard]] bool chosen() const;
  void run(std::ostream& out, std::ostream& err) const;

private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace ccsim::cli
