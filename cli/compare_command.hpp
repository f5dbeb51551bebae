#pragma once
// `ccsim compare BASE.json --variant NAME:'PATH=VALUE;...' --variant-file OTHER.json ...`: the base
// and each variant run with common random numbers; every metric's paired difference (whole
// centre, per interval, per call type and agent group) with its 95 % interval.
#include <iosfwd>
#include <memory>

#include <CLI/CLI.hpp>

namespace ccsim::cli {

class CompareCommand {
public:
  explicit CompareCommand(CLI::App& app);
  [[nodiscard]] bool chosen() const;
  void run(std::ostream& out, std::ostream& err) const;

private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace ccsim::cli
