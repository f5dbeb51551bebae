#include "schedule_job.hpp"

#include <cstdio>

#include "ccsim/sim/runner.hpp"
#include "ccsim/sim/schedule_requirements.hpp"
#include "ccsim/sim/staffing_search.hpp"

namespace ccsim::viz {

ScheduleJob::~ScheduleJob() {
  cancel_ = true;
  if (thread_.joinable()) thread_.join();
}

void ScheduleJob::start(const nlohmann::json& document, const std::filesystem::path& directory, const sim::Scenario& scenario, bool erlang,
                        bool simulate) {
  if (running_) return;
  if (thread_.joinable()) thread_.join();
  cancel_ = false;
  running_ = true;
  rounds_ = 0;
  thread_ = std::thread([this, document, directory, s = scenario, erlang, simulate] {
    try {
      if (!s.schedule) throw sim::ScenarioError("the scenario has no schedule block (shift templates): see docs/scheduling.md");
      ScheduleAnswer a;
      a.requirement = erlang ? "the Erlang requirement" : "the scenario's staffing";
      const sim::Requirement required = erlang ? sim::erlang_requirement(s) : sim::requirement_from_scenario(s);
      sim::ScheduleLoopOptions o;
      o.solve.time_limit = 30;
      o.solve.relative_gap = 0.005;
      o.compare_two_step = false;
      o.progress = [this](int round, const sim::ScheduleRound&) { rounds_ = round; };
      o.cancelled = [this] { return cancel_.load(); };
      if (simulate) {
        a.loop = sim::schedule_by_simulation(document, directory, s, required, o);
        a.plan = a.loop->plan;
      } else {
        a.plan = sim::solve_schedule(*s.schedule, s.calendar, required, o.solve);
      }
      a.scenario = sim::scenario_with_plan(document, a.plan, *s.schedule, s.calendar);
      char line[256];
      std::snprintf(line, sizeof line, "%s: cost %.0f, %.0f paid hours", a.plan.solution.optimal ? "within 0.5 % of optimal" : "best found",
                    a.plan.cost, a.plan.paid_hours);
      a.summary = line;
      if (a.loop) {
        std::snprintf(line, sizeof line, "; %zu simulation rounds, %s", a.loop->rounds.size(),
                      a.loop->met ? "every interval meets its target" : "some intervals still miss");
        a.summary += line;
      }
      std::lock_guard lock(mutex_);
      answer_ = std::move(a);
    } catch (const sim::RunCancelled&) {
      std::lock_guard lock(mutex_);
      error_ = "stopped";
    } catch (const std::exception& e) {
      std::lock_guard lock(mutex_);
      error_ = e.what();
    }
    running_ = false;
  });
}

std::optional<ScheduleAnswer> ScheduleJob::take(std::string& error) {
  if (running_) return std::nullopt;
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mutex_);
  error = std::move(error_);
  error_.clear();
  std::optional<ScheduleAnswer> out;
  out.swap(answer_);
  return out;
}

}  // namespace ccsim::viz
