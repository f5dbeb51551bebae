#include "ccsim/sim/evaluator.hpp"
#include "ccsim/sim/interrupt.hpp"

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "ccsim/sim/process_group.hpp"
#include "ccsim/sim/runner.hpp"
#include "ccsim/sim/replication_bytes.hpp"

namespace ccsim::sim {

StaffingEvaluator::StaffingEvaluator(const Model& model, int replications, int threads)
    : model_(model), replications_(replications) {
  int n = threads > 0 ? threads : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  n = std::max(1, std::min(n, replications));
  results_.resize(static_cast<std::size_t>(replications));
  for (int i = 0; i < n; ++i) pool_.emplace_back([this] { work(); });
}

StaffingEvaluator::~StaffingEvaluator() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : pool_) t.join();
}

void StaffingEvaluator::work() {
  // The engine is made with the first staffing it is given and run with each evaluation's.
  std::unique_ptr<Engine> engine;
  std::uint64_t seen = 0;
  for (;;) {
    const Staffing* staffing = nullptr;
    double step = 0;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || job_ != seen; });
      if (stopping_) return;
      seen = job_;
      staffing = staffing_;
      step = trace_step_;
    }
    if (!engine) engine = std::make_unique<Engine>(model_, *staffing);
    for (;;) {
      int r;
      {
        std::lock_guard lock(mutex_);
        if (failure_) break;  // the evaluation stops: no more replications are started
        if (interrupt_requested()) {
          failure_ = std::make_exception_ptr(RunCancelled());
          break;
        }
        r = counter_ != nullptr ? counter_->take() : next_++;
        if (r >= end_) break;
        if (counter_ != nullptr) taken_.push_back(r);
      }
      try {
        Trace* trace = nullptr;
        if (step > 0) {
          traces_[static_cast<std::size_t>(r)].step = step;
          traces_[static_cast<std::size_t>(r)].snapshots.clear();
          trace = &traces_[static_cast<std::size_t>(r)];
        }
        results_[static_cast<std::size_t>(r)] = engine->run(r, *staffing, trace);
      } catch (...) {
        std::lock_guard lock(mutex_);
        if (!failure_) failure_ = std::current_exception();
      }
    }
    bool last;
    {
      std::lock_guard lock(mutex_);
      last = --working_ == 0;
    }
    if (last) finished_.notify_all();
  }
}

const std::vector<ReplicationResult>& StaffingEvaluator::evaluate(const Staffing& staffing, double trace_step) {
  // Several processes (MPI ranks): each takes replications from their shared counter (a process
  // on a busy core takes fewer), then all exchange results, every result by its replication.
  ProcessGroup* group = process_group();
  const int n = group != nullptr ? group->size() : 1;
  std::unique_ptr<ProcessGroup::Counter> counter;
  if (n > 1) counter = group->shared_counter(0, replications_);
  std::exception_ptr failure;
  {
    std::unique_lock lock(mutex_);
    staffing_ = &staffing;
    trace_step_ = trace_step;
    if (trace_step > 0) traces_.resize(static_cast<std::size_t>(replications_));
    next_ = 0;
    end_ = replications_;
    counter_ = counter.get();
    taken_.clear();
    working_ = static_cast<int>(pool_.size());
    failure_ = nullptr;
    ++job_;
    wake_.notify_all();
    finished_.wait(lock, [&] { return working_ == 0; });
    counter_ = nullptr;
    ++evaluations_;
    failure = failure_;
  }
  counter.reset();  // every process together
  if (n > 1) {
    // Every process learns every result (and whether any process failed, so that none waits).
    std::string mine;
    std::string why;
    if (failure) {
      try {
        std::rethrow_exception(failure);
      } catch (const std::exception& e) {
        why = e.what();
      } catch (...) {
        why = "an evaluation failed";
      }
    }
    append_taken(mine, why, taken_, results_, trace_step > 0 ? &traces_ : nullptr);
    const auto all = group->all_gather(mine);
    std::vector<char> seen(static_cast<std::size_t>(replications_), 0);
    for (int rank = 0; rank < n; ++rank) {
      const std::string other_failure = read_taken(all.part(rank), seen, results_, trace_step > 0 ? &traces_ : nullptr);
      if (!other_failure.empty() && !failure) failure = std::make_exception_ptr(std::runtime_error(other_failure));
    }
    if (!failure && std::find(seen.begin(), seen.end(), 0) != seen.end())
      failure = std::make_exception_ptr(std::runtime_error("no process ran one of the evaluation's replications"));
  }
  if (failure) std::rethrow_exception(failure);
  return results_;
}

}  // namespace ccsim::sim
