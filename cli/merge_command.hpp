#pragma once
// `ccsim merge SHARDS...`: the results of a run spread over shards (`ccsim run --replications-range
// A:B --stats FILE`), bit-identical to one run of every replication; and `ccsim rerun
// RESULTS.json`: the run a results file records (its provenance), again.
#include <iosfwd>
#include <memory>

#include <CLI/CLI.hpp>

namespace ccsim::cli {

class MergeCommand {
public:
  explicit MergeCommand(CLI::App& app);
  [[nodiscard]] bool chosen() const;
  void run(std::ostream& out, std::ostream& err) const;

private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

class RerunCommand {
public:
  explicit RerunCommand(CLI::App& app);
  [[nodiscard]] bool chosen() const;
  void run(std::ostream& out, std::ostream& err) const;

private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace ccsim::cli
