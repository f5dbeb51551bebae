#pragma once
// Processes that share one run (MPI ranks under `mpirun`; cli/mpi_main.cpp provides them). The
// processes take a run's replications one at a time from a shared counter (a process slowed by a
// busy core or a slower node takes fewer), and every process receives every replication's
// record, so that all of them build the same results, bit for bit, and take the same decisions
// afterwards (the sweep's next point, the comparison). The library itself has no MPI dependency:
// it only sees this interface.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ccsim::sim {

class ProcessGroup {
public:
  virtual ~ProcessGroup() = default;
  [[nodiscard]] virtual int rank() const = 0;
  [[nodiscard]] virtual int size() const = 0;
  /// Every process's bytes, one after another in rank order.
  struct Gathered {
    std::unique_ptr<char[]> bytes;
    std::vector<std::size_t> starts;  // rank r's bytes are [starts[r], starts[r + 1])
    [[nodiscard]] std::string_view part(int rank) const {
      const auto r = static_cast<std::size_t>(rank);
      return {bytes.get() + starts[r], starts[r + 1] - starts[r]};
    }
  };
  /// Every process's bytes (each process calls it with its own).
  virtual Gathered all_gather(std::string_view mine) = 0;

  /// Numbers handed out across the processes, first come, first served.
  class Counter {
  public:
    virtual ~Counter() = default;
    /// The next number not yet taken by any process, or the counter's end once all are taken.
    /// Called by one thread of a process at a time.
    virtual int take() = 0;
  };
  /// A counter over [first, end). Every process calls it, and destroys the counter, together.
  virtual std::unique_ptr<Counter> shared_counter(int first, int end) = 0;
};

/// The group runs use (nullptr, the default: this process alone). Not owned.
void set_process_group(ProcessGroup* group);
[[nodiscard]] ProcessGroup* process_group();

}  // namespace ccsim::sim
