#pragma once
// Evaluations of one model under staffing after staffing, as an optimiser needs them: a pool of
// threads with one Engine each, kept for the evaluator's life; every evaluation runs the same
// replications (hence the same random numbers: a difference between two staffings is the effect
// of the change), and gives its results in replication order whatever the thread count.
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "ccsim/sim/engine.hpp"
#include "ccsim/sim/process_group.hpp"
#include "ccsim/sim/scenario.hpp"

namespace ccsim::sim {

class StaffingEvaluator {
public:
  /// `replications` replications (seed model.run.seed) per evaluation on `threads` threads (0:
  /// every core). `model` must outlive the evaluator.
  StaffingEvaluator(const Model& model, int replications, int threads);
  ~StaffingEvaluator();
  StaffingEvaluator(const StaffingEvaluator&) = delete;
  StaffingEvaluator& operator=(const StaffingEvaluator&) = delete;

  /// The replications' results with `staffing`, in replication order (valid until the next call).
  /// With `trace_step` > 0 each replication also records snapshots every `trace_step` seconds
  /// (traces()). Rethrows what a replication threw.
  const std::vector<ReplicationResult>& evaluate(const Staffing& staffing, double trace_step = 0);
  /// The last evaluation's traces (one per replication), when it asked for them.
  [[nodiscard]] const std::vector<Trace>& traces() const { return traces_; }
  [[nodiscard]] int evaluations() const { return evaluations_; }
  [[nodiscard]] int replications() const { return replications_; }
  [[nodiscard]] int threads() const { return static_cast<int>(pool_.size()); }

private:
  void work();
  const Model& model_;
  const int replications_;
  std::vector<std::thread> pool_;
  std::mutex mutex_;
  std::condition_variable wake_, finished_;
  const Staffing* staffing_ = nullptr;
  double trace_step_ = 0;
  std::uint64_t job_ = 0;  // increases with each evaluation
  // Replications are taken one at a time: from next_ in one process, from the processes' shared
  // counter (process_group.hpp) under MPI, where taken_ lists this process's. working_ counts
  // the pool's threads still on the current evaluation.
  int next_ = 0, end_ = 0, working_ = 0;
  ProcessGroup::Counter* counter_ = nullptr;
  std::vector<int> taken_;
  bool stopping_ = false;
  std::exception_ptr failure_;
  std::vector<ReplicationResult> results_;
  std::vector<Trace> traces_;
  int evaluations_ = 0;
};

}  // namespace ccsim::sim
