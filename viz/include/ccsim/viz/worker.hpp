#pragma once
// The visualiser's background simulation: one thread that runs the newest submitted scenario,
// cancels a run made stale by a newer edit, and hands finished results to the interface. The
// interface thread never waits for it.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "ccsim/viz/results.hpp"

namespace ccsim::viz {

/// Waits for a pause in editing: `due` turns true once `pause` seconds passed since the last edit.
class Debouncer {
public:
  explicit Debouncer(double pause = 0.25) : pause_(pause) {}
  /// An edit at time `now` (seconds, any monotonic clock).
  void edit(double now) { last_edit_ = now; pending_ = true; }
  /// True once, when an edit is pending and the pause has passed; then pending is cleared.
  bool due(double now) {
    if (!pending_ || now - last_edit_ < pause_) return false;
    pending_ = false;
    return true;
  }
  [[nodiscard]] bool pending() const { return pending_; }

private:
  double pause_;
  double last_edit_ = 0;
  bool pending_ = false;
};

class SimulationWorker {
public:
  SimulationWorker();
  ~SimulationWorker();  ///< cancels and joins
  SimulationWorker(const SimulationWorker&) = delete;
  SimulationWorker& operator=(const SimulationWorker&) = delete;

  /// Runs `scenario` next; a run in progress is cancelled. Returns the job's number.
  std::uint64_t submit(sim::Scenario scenario, int threads = 0);
  /// Cancels the run in progress (its results never arrive).
  void cancel();

  struct Status {
    bool running = false;
    int done = 0, total = 0;     ///< replications of the run in progress
    std::uint64_t job = 0;       ///< the job running, or the last one started
    std::string error;           ///< the last run's failure, if it failed
  };
  [[nodiscard]] Status status() const;

  /// The newest finished results not taken yet (older finished ones are dropped).
  std::shared_ptr<const Results> take();
  /// The job number of the newest finished results (0: none yet).
  [[nodiscard]] std::uint64_t finished_job() const;

private:
  void loop();
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::optional<sim::Scenario> next_;
  int next_threads_ = 0;
  std::uint64_t submitted_ = 0, running_job_ = 0, finished_job_ = 0;
  std::atomic<std::uint64_t> wanted_{0};  // the newest job number: a run of an older one stops
  std::atomic<int> done_{0}, total_{0};
  bool running_ = false, stop_ = false;
  std::string error_;
  std::shared_ptr<const Results> finished_;
  std::thread thread_;
};

}  // namespace ccsim::viz
