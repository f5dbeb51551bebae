// The background simulation thread of the visualiser.
#include "ccsim/viz/worker.hpp"

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace ccsim::viz {

SimulationWorker::SimulationWorker() : thread_([this] { loop(); }) {}

SimulationWorker::~SimulationWorker() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
    next_.reset();
  }
  wanted_ = ~std::uint64_t{0};  // any run in progress stops at its next replication
  wake_.notify_all();
  thread_.join();
}

std::uint64_t SimulationWorker::submit(sim::Scenario scenario, int threads) {
  std::uint64_t job;
  {
    std::lock_guard lock(mutex_);
    next_ = std::move(scenario);
    next_threads_ = threads;
    job = ++submitted_;
    wanted_ = job;
  }
  wake_.notify_all();
  return job;
}

void SimulationWorker::cancel() {
  std::lock_guard lock(mutex_);
  next_.reset();
  wanted_ = ++submitted_;  // no run has this number: the one in progress stops
}

SimulationWorker::Status SimulationWorker::status() const {
  std::lock_guard lock(mutex_);
  Status s;
  s.running = running_ || next_.has_value();
  s.done = done_;
  s.total = total_;
  s.job = running_job_;
  s.error = error_;
  return s;
}

std::shared_ptr<const Results> SimulationWorker::take() {
  std::lock_guard lock(mutex_);
  return std::exchange(finished_, nullptr);
}

std::uint64_t SimulationWorker::finished_job() const {
  std::lock_guard lock(mutex_);
  return finished_job_;
}

void SimulationWorker::loop() {
#ifdef __linux__
  // Drawing comes first: this thread, and the replication threads it starts (they inherit it),
  // run at a lower priority (nice 10), so on a busy machine the interface keeps its frame rate
  // and the simulation takes the rest of the CPU.
  (void)setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 10);
#endif
  for (;;) {
    sim::Scenario scenario;
    int threads = 0;
    std::uint64_t job = 0;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stop_ || next_.has_value(); });
      if (stop_) return;
      scenario = std::move(*next_);
      next_.reset();
      threads = next_threads_;
      job = submitted_;
      running_job_ = job;
      running_ = true;
      error_.clear();
      done_ = 0;
      total_ = scenario.run.replications;
    }
    std::shared_ptr<const Results> results;
    std::string error;
    try {
      SimulateOptions options;
      options.threads = threads;
      options.progress = [this](int done, int) { done_ = done; };
      options.cancelled = [this, job] { return wanted_.load() != job; };
      results = std::make_shared<const Results>(simulate(scenario, options));
    } catch (const sim::RunCancelled&) {
    } catch (const std::exception& e) {
      error = e.what();
    }
    std::lock_guard lock(mutex_);
    running_ = false;
    error_ = error;
    if (results && wanted_.load() == job) {
      finished_ = std::move(results);
      finished_job_ = job;
    }
  }
}

}  // namespace ccsim::viz
