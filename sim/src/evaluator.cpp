#include "ccsim/sim/evaluator.hpp"

#include <algorithm>
#include <memory>

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
    std::uint64_t job = 0;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || job_ != seen; });
      if (stopping_) return;
      job = seen = job_;
      staffing = staffing_;
      step = trace_step_;
    }
    if (!engine) engine = std::make_unique<Engine>(model_, *staffing);
    for (;;) {
      int r;
      {
        // A later job may have started since (its staffing is another): leave this one.
        std::lock_guard lock(mutex_);
        if (job_ != job || next_ >= replications_ || failure_) break;
        r = next_++;
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
        // The evaluation stops: the replications not started count as done.
        std::lock_guard lock(mutex_);
        if (!failure_) failure_ = std::current_exception();
        done_ += replications_ - next_;
        next_ = replications_;
      }
      bool last;
      {
        std::lock_guard lock(mutex_);
        last = ++done_ == replications_;
      }
      if (last) finished_.notify_all();
    }
  }
}

const std::vector<ReplicationResult>& StaffingEvaluator::evaluate(const Staffing& staffing, double trace_step) {
  std::unique_lock lock(mutex_);
  staffing_ = &staffing;
  trace_step_ = trace_step;
  if (trace_step > 0) traces_.resize(static_cast<std::size_t>(replications_));
  next_ = done_ = 0;
  failure_ = nullptr;
  ++job_;
  wake_.notify_all();
  finished_.wait(lock, [&] { return done_ == replications_; });
  ++evaluations_;
  if (failure_) std::rethrow_exception(failure_);
  return results_;
}

}  // namespace ccsim::sim
