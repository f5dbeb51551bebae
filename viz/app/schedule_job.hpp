#pragma once
// The visualiser's "Schedule shifts" action: ccsim schedule's covering program (and, if asked, its
// simulation loop) on the edited scenario, in a background thread; the answer's coverage for the
// Coverage view and the scenario with the plan as its staffing, for what-if.
#include <atomic>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "ccsim/sim/scenario.hpp"
#include "ccsim/sim/schedule_loop.hpp"

namespace ccsim::viz {

/// A finished schedule: the plan, the loop's rounds (when simulated) and the scenario with the plan.
struct ScheduleAnswer {
  sim::SchedulePlan plan;
  std::optional<sim::ScheduleLoop> loop;
  nlohmann::json scenario;  ///< the edited scenario with the plan as its staffing
  std::string requirement;  ///< where the requirement came from
  std::string summary;      ///< one line: status, cost, paid hours, rounds
};

class ScheduleJob {
public:
  ~ScheduleJob();
  /// Starts on `document` (the edited scenario's JSON, relative paths from `directory`) parsed as
  /// `scenario`; the requirement is each interval's Erlang staffing when `erlang`, else the
  /// scenario's staffing. Nothing happens while a job runs.
  void start(const nlohmann::json& document, const std::filesystem::path& directory, const sim::Scenario& scenario, bool erlang,
             bool simulate);
  void cancel() { cancel_ = true; }
  [[nodiscard]] bool running() const { return running_; }
  [[nodiscard]] int rounds() const { return rounds_; }
  /// The answer once finished (taken once), or nothing; `error` gets a failure's message.
  std::optional<ScheduleAnswer> take(std::string& error);

private:
  std::thread thread_;
  std::atomic<bool> running_{false}, cancel_{false};
  std::atomic<int> rounds_{0};
  std::mutex mutex_;
  std::optional<ScheduleAnswer> answer_;
  std::string error_;
};

}  // namespace ccsim::viz
