#pragma once
// The Coverage view: a schedule's agents on duty and on break against the requirement, per
// interval of a day (or the whole horizon), with its surplus and its shifts.
#include <nlohmann/json.hpp>

#include "ccsim/sim/calendar.hpp"
#include "schedule_job.hpp"

namespace ccsim::viz {

/// Draws the view for agent group `group`, day `day` (-1: every day) into the current window.
void draw_coverage(const ScheduleAnswer& answer, const sim::Scenario& scenario, std::size_t group, int day);

/// The series the view plots (for tests and --dump-series): required, scheduled, on_break per interval.
nlohmann::json coverage_series(const ScheduleAnswer& answer, std::size_t group);

}  // namespace ccsim::viz
