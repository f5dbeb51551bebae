#pragma once
// `ccsim schedule SCENARIO.json`: shifts from the scenario's templates that cover a requirement per
// interval at the least cost (sim/include/ccsim/sim/schedule.hpp, COIN-OR CBC).
#include <iosfwd>
#include <memory>

#include <CLI/CLI.hpp>

namespace ccsim::cli {

class ScheduleCommand {
public:
  explicit ScheduleCommand(CLI::App& app);
  [[nodiscard]] bool chosen() const;
  void run(std::ostream& out, std::ostream& err) const;

private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace ccsim::cli
