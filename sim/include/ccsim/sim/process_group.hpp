#pragma once
// Processes that share one run (MPI ranks under `mpirun`; cli/mpi_main.cpp provides them). Each
// process runs a contiguous share of a run's replications, and every process receives every
// replication's record, so that all of them build the same results, bit for bit, and take the
// same decisions afterwards (the sweep's next point, the comparison). The library itself has no
// MPI dependency: it only sees this interface.
#include <string>
#include <vector>

namespace ccsim::sim {

class ProcessGroup {
public:
  virtual ~ProcessGroup() = default;
  [[nodiscard]] virtual int rank() const = 0;
  [[nodiscard]] virtual int size() const = 0;
  /// Every process's bytes, in rank order (each process calls it with its own).
  virtual std::vector<std::string> all_gather(const std::string& mine) = 0;
};

/// The group runs use (nullptr, the default: this process alone). Not owned.
void set_process_group(ProcessGroup* group);
[[nodiscard]] ProcessGroup* process_group();

}  // namespace ccsim::sim
