#pragma once
// `ccsim staff SCENARIO.json`: the fewest agents per interval that meet the targets, found by
// simulation (sim/include/ccsim/sim/staffing_search.hpp).
#include <iosfwd>
#include <memory>

#include <CLI/CLI.hpp>

namespace ccsim::cli {

class StaffCommand {
public:
  explicit StaffCommand(CLI::App& app);
  [[nodiscard]] bool chosen() const;
  /// Results to `out`; progress and warnings to `err`. Throws std::invalid_argument for bad input.
  void run(std::ostream& out, std::ostream& err) const;

private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace ccsim::cli
