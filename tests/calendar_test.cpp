// The calendar (sim/scenario/include/ccsim/sim/calendar.hpp): dates, hours per weekday, holidays, round the
// clock and closing rules, as parsed and as simulated.
#include <gtest/gtest.h>

#include <mutex>
#include <nlohmann/json.hpp>

#include "ccsim/models/erlang.hpp"
#include "ccsim/sim/runner.hpp"
#include "ccsim/sim/scenario.hpp"
#include "statistics.hpp"

using namespace ccsim;
using nlohmann::json;
using sim::Metric;

namespace {

json base(json calendar) {
  json j;
  j["calendar"] = std::move(calendar);
  j["arrivals"] = {{"rate_per_hour", 60}};
  j["handle_time"] = {{"dist", "exponential"}, {"mean", "5m"}};
  j["staffing"] = {{"agents", 8}};
  j["run"] = {{"replications", 20}, {"seed", 5}};
  return j;
}

std::string error_of(const json& j) {
  try {
    (void)sim::parse_scenario(j);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no error)";
}

using ccsim::testing_support::expect_in_99;

std::size_t at(Metric m) { return static_cast<std::size_t>(m); }

}  // namespace

// ---- dates -------------------------------------------------------------------------------------

TEST(Dates, ParseFormatAndWeekday) {
  EXPECT_EQ(sim::format_date(sim::parse_date("2026-12-07")), "2026-12-07");
  EXPECT_EQ(sim::parse_date("07.12.2026"), sim::parse_date("2026-12-07"));
  EXPECT_EQ(sim::parse_date("2026/12/07"), sim::parse_date("2026-12-07"));
  EXPECT_EQ(sim::parse_date("1970-01-01"), 0);
  EXPECT_EQ(sim::weekday_of_date(sim::parse_date("2026-12-07")), 0);  // a Monday
  EXPECT_EQ(sim::weekday_of_date(sim::parse_date("2024-02-29")), 3);  // a Thursday, leap day
  for (const char* bad : {"2026-02-29", "2026-13-01", "2026-12-32", "tomorrow", "26-12-07", "2026-12", ""})
    EXPECT_THROW((void)sim::parse_date(bad), std::invalid_argument) << bad;
  EXPECT_EQ(sim::parse_weekday("Mon"), 0);
  EXPECT_EQ(sim::parse_weekday("SUNDAY"), 6);
  EXPECT_EQ(sim::parse_weekday("mo"), -1);
}

TEST(Calendar, StartDateGivesWeekdaysAndDates) {
  const auto s = sim::parse_scenario(base({{"start_date", "2026-12-10"}, {"days", 5}}));
  EXPECT_EQ(s.calendar.first_weekday, 3);  // Thursday
  EXPECT_EQ(s.calendar.date_text(0), "2026-12-10");
  EXPECT_EQ(s.calendar.date_text(4), "2026-12-14");
  EXPECT_EQ(s.calendar.weekday(4), 0);
}

TEST(Calendar, HoursPerWeekdaySetTheGridAndEachDaysWindows) {
  const auto s = sim::parse_scenario(base({{"start_date", "2026-12-07"}, {"days", 7}, {"interval", "30m"},
                                           {"hours", {{"weekdays", "08:00-20:00"},
                                                      {"wednesday", json::array({"08:00-12:00", "13:00-17:00"})},
                                                      {"saturday", "9:00-13:00"}, {"sunday", "closed"}}}}));
  const auto& c = s.calendar;
  EXPECT_EQ(c.open, 8 * 3600.0);
  EXPECT_EQ(c.close, 20 * 3600.0);
  EXPECT_EQ(c.intervals_per_day(), 24);
  EXPECT_TRUE(c.whole_grid(0));
  ASSERT_EQ(c.windows(2).size(), 2U);
  EXPECT_FALSE(c.interval_open(2, 8));  // Wednesday 12:00
  EXPECT_TRUE(c.interval_open(2, 10));  // Wednesday 13:00
  EXPECT_FALSE(c.interval_open(5, 0));  // Saturday 08:00
  EXPECT_TRUE(c.interval_open(5, 2));   // Saturday 09:00
  EXPECT_FALSE(c.interval_open(5, 10)); // Saturday 13:00
  EXPECT_TRUE(c.closed_day(6));
  EXPECT_EQ(c.open_seconds(5), 4 * 3600.0);
  EXPECT_FALSE(c.round_the_clock());
}

TEST(Calendar, HolidaysCloseOrScaleTheirDay) {
  const auto s = sim::parse_scenario(base({{"start_date", "2026-12-23"}, {"days", 4}, {"open", "08:00"}, {"close", "18:00"},
                                           {"holidays", json::array({"2026-12-25", {{"date", "2026-12-24"}, {"hours", "08:00-12:00"}},
                                                                     {{"date", "2026-12-23"}, {"factor", 1.5}, {"name", "rush"}},
                                                                     "2027-01-01"})}}));
  const auto& c = s.calendar;
  EXPECT_TRUE(c.is_holiday(0));
  EXPECT_EQ(c.day_volume_factor(0), 1.5);
  EXPECT_TRUE(c.whole_grid(0));
  EXPECT_EQ(c.open_seconds(1), 4 * 3600.0);
  EXPECT_TRUE(c.closed_day(2));
  EXPECT_FALSE(c.is_holiday(3));
  EXPECT_DOUBLE_EQ(s.call_types[0].arrivals[0].expected_calls(), 1.5 * 60 * 10);
  EXPECT_DOUBLE_EQ(s.call_types[0].arrivals[1].expected_calls(), 60 * 4);
  EXPECT_DOUBLE_EQ(s.call_types[0].arrivals[2].expected_calls(), 0);
}

TEST(Calendar, OvernightHoursAndShiftsRunPastMidnight) {
  json j = base({{"days", 3}, {"interval", "1h"}, {"hours", {{"every_day", "20:00-04:00"}}}});
  j["staffing"] = {{"shifts", json::array({{{"start", "20:00"}, {"end", "04:00"}, {"agents", 6},
                                            {"breaks", json::array({{{"start", "01:00"}, {"length", "30m"}}})}}})}};
  const auto s = sim::parse_scenario(j);
  const auto& c = s.calendar;
  EXPECT_EQ(c.open, 0.0);
  EXPECT_EQ(c.close, 86400.0);
  EXPECT_TRUE(c.runs_into_next_day(0));
  EXPECT_TRUE(c.runs_into_next_day(1));
  EXPECT_TRUE(c.interval_open(1, 2));    // 02:00, the night from day 1
  EXPECT_FALSE(c.interval_open(1, 12));  // noon
  EXPECT_DOUBLE_EQ(s.scheduled_agents(1, 1), 3.0);   // 01:00-02:00: half the hour 6 on break
  EXPECT_DOUBLE_EQ(s.scheduled_agents(1, 3), 6.0);   // 03:00
  EXPECT_DOUBLE_EQ(s.scheduled_agents(1, 22), 6.0);  // 22:00
  EXPECT_DOUBLE_EQ(s.scheduled_agents(1, 12), 0.0);  // closed
}

TEST(Calendar, ErrorsNameTheFieldAndValue) {
  const auto cal = [](json c) { return error_of(base(std::move(c))); };
  EXPECT_NE(cal({{"hours", {{"weekdays", "08:00-17:00"}, {"saturday", "closed"}}}}).find("calendar.hours: has no hours for sunday"), std::string::npos);
  EXPECT_NE(cal({{"hours", {{"every_day", "08:00-17:00"}, {"funday", "closed"}}}}).find("calendar.hours.funday: is not a weekday"), std::string::npos);
  EXPECT_NE(cal({{"hours", {{"every_day", json::array({"08:00-12:15", "13:00-17:00"})}}}}).find("calendar.hours: 12:15 on monday is not on the 30m interval grid that starts at 08:00"), std::string::npos);
  EXPECT_NE(cal({{"hours", {{"every_day", json::array({"08:00-12:00", "11:00-17:00"})}}}}).find("overlap at 11:00"), std::string::npos);
  EXPECT_NE(cal({{"hours", {{"every_day", "8-17"}}}}).find("calendar.hours.every_day: \"8-17\" is not opening hours"), std::string::npos);
  EXPECT_NE(cal({{"hours", {{"every_day", "closed"}}}}).find("closes the centre on every day"), std::string::npos);
  EXPECT_NE(cal({{"hours", {{"every_day", "08:00-17:00"}}}, {"open", "08:00"}}).find("give hours or open and close"), std::string::npos);
  EXPECT_NE(cal({{"holidays", json::array({"2026-12-25"})}}).find("calendar.holidays: needs calendar.start_date"), std::string::npos);
  EXPECT_NE(cal({{"start_date", "2026-12-07"}, {"first_weekday", "monday"}}).find("give start_date or first_weekday"), std::string::npos);
  EXPECT_NE(cal({{"start_date", "2026-02-30"}}).find("calendar.start_date: \"2026-02-30\" is not a date"), std::string::npos);
  EXPECT_NE(cal({{"start_date", "2026-12-07"}, {"holidays", json::array({"2026-12-25", "2026-12-25"})}}).find("calendar.holidays[1]: \"2026-12-25\" is listed twice"), std::string::npos);
  EXPECT_NE(cal({{"start_date", "2026-12-07"}, {"holidays", json::array({{{"date", "2026-12-25"}, {"factor", -1}}})}}).find("calendar.holidays[0].factor: -1"), std::string::npos);
  EXPECT_NE(cal({{"start_date", "2026-12-07"}, {"holidays", json::array({{{"day", "2026-12-25"}}})}}).find("calendar.holidays[0].date: is missing"), std::string::npos);
  EXPECT_NE(cal({{"at_close", "drop"}}).find("calendar.at_close: \"drop\" is not serve or clear"), std::string::npos);
}

TEST(Calendar, NoAgentAtAClosingIsRefusedUnlessCallersAreCleared) {
  json j = base({{"hours", {{"every_day", json::array({"08:00-12:00", "13:00-17:00"})}}}});
  j["staffing"] = {{"shifts", json::array({{{"start", "08:00"}, {"end", "11:00"}, {"agents", 5}}, {{"start", "13:00"}, {"end", "17:00"}, {"agents", 5}}})}};
  EXPECT_NE(error_of(j).find("no agent is on duty at closing time (12:00) on day 1"), std::string::npos) << error_of(j);
  j["calendar"]["at_close"] = "clear";
  EXPECT_EQ(error_of(j), "(no error)");
}

// ---- as simulated ------------------------------------------------------------------------------

TEST(CalendarSim, ClosedIntervalsAndDaysTakeNoCallsAndOpenOnesTheirRate) {
  json j = base({{"start_date", "2026-12-07"}, {"days", 7}, {"interval", "30m"},
                 {"hours", {{"weekdays", "08:00-17:00"}, {"wednesday", json::array({"08:00-12:00", "13:00-17:00"})},
                            {"saturday", "09:00-13:00"}, {"sunday", "closed"}}}});
  j["run"]["replications"] = 40;
  const auto s = sim::parse_scenario(j);
  const auto r = sim::run_replications(s);
  const int per_day = s.calendar.intervals_per_day();
  for (int d = 0; d < 7; ++d) {
    for (int k = 0; k < per_day; ++k) {
      const auto& e = r.intervals[static_cast<std::size_t>(d * per_day + k)];
      if (!s.calendar.interval_open(d, k)) {
        EXPECT_EQ(e[at(Metric::offered)].mean.value_or(-1), 0.0) << "day " << d << " interval " << k;
      } else {
        EXPECT_NEAR(*e[at(Metric::agents)].mean, 8.0, 1e-9) << "day " << d << " interval " << k;
      }
    }
    const auto& day = r.days[static_cast<std::size_t>(d)];
    const double expected = 60 * s.calendar.open_seconds(d) / 3600;
    if (expected == 0) {
      EXPECT_EQ(day[at(Metric::offered)].mean.value_or(-1), 0.0);
    } else {
      expect_in_99(*day[at(Metric::offered)].mean, *day[at(Metric::offered)].ci95, r.replications, expected, "offered on day " + std::to_string(d));
    }
  }
}

TEST(CalendarSim, AHolidayIsClosedAndAFactorScalesItsVolume) {
  json j = base({{"start_date", "2026-12-24"}, {"days", 3}, {"open", "08:00"}, {"close", "16:00"},
                 {"holidays", json::array({"2026-12-25", {{"date", "2026-12-26"}, {"factor", 1.5}}})}});
  j["staffing"] = {{"agents", 12}};
  j["run"]["replications"] = 60;
  const auto r = sim::run_replications(sim::parse_scenario(j));
  expect_in_99(*r.days[0][at(Metric::offered)].mean, *r.days[0][at(Metric::offered)].ci95, r.replications, 480, "Christmas Eve");
  EXPECT_EQ(r.days[1][at(Metric::offered)].mean.value_or(-1), 0.0);
  expect_in_99(*r.days[2][at(Metric::offered)].mean, *r.days[2][at(Metric::offered)].ci95, r.replications, 720, "x 1.5");
}

TEST(CalendarSim, ClearingAtClosingConservesCallers) {
  // Overloaded late in the day (A = 12 erlangs on 10 agents): a queue is waiting at 12:00 and 17:00.
  json j = base({{"hours", {{"every_day", json::array({"08:00-12:00", "13:00-17:00"})}}}, {"at_close", "clear"}});
  j["arrivals"] = {{"rate_per_hour", 144}};
  j["staffing"] = {{"agents", 10}};
  j["patience"] = {{"dist", "exponential"}, {"mean", "20m"}};
  j["run"] = {{"replications", 20}, {"seed", 3}};
  const auto s = sim::parse_scenario(j);
  double cleared = 0;
  std::mutex m;
  sim::RunOptions options;
  options.on_replication = [&](int, const sim::ReplicationResult& rep) {
    double offered = 0, answered = 0, abandoned = 0, cleared_here = 0;
    for (const auto& t : rep.intervals) {
      offered += t.offered;
      answered += t.answered;
      abandoned += t.abandoned;
      cleared_here += t.cleared;
    }
    EXPECT_EQ(offered, answered + abandoned + cleared_here);  // every caller is answered, abandons or is cleared
    std::lock_guard lock(m);
    cleared += cleared_here;
  };
  const auto r = sim::run_replications(s, options);
  EXPECT_GT(cleared / r.replications, 5.0);
  // With serve, the same callers are all answered or abandon.
  j["calendar"]["at_close"] = "serve";
  options.on_replication = [&](int, const sim::ReplicationResult& rep) {
    double offered = 0, done = 0;
    for (const auto& t : rep.intervals) {
      offered += t.offered;
      done += t.answered + t.abandoned;
      EXPECT_EQ(t.cleared, 0);
    }
    EXPECT_EQ(offered, done);
  };
  (void)sim::run_replications(sim::parse_scenario(j), options);
}

TEST(CalendarSim, RoundTheClockHasNoDipAtMidnightAndLosesNoCaller) {
  // M/M/10 at A = 9 erlangs, 7 days around the clock, warmed up once (2 h); the queue relaxes in
  // hours, so a centre restarting empty at midnight would wait far less in the hour after it.
  const int c = 10, days = 7;
  const double per_hour = 90, aht = 360;
  json j = base({{"days", days}, {"open", "00:00"}, {"close", "24:00"}, {"interval", "1h"}});
  j["arrivals"] = {{"rate_per_hour", per_hour}};
  j["handle_time"] = {{"dist", "exponential"}, {"mean", aht}};
  j["staffing"] = {{"agents", c}};
  j["run"] = {{"replications", 60}, {"seed", 11}, {"warmup", "2h"}};
  const auto s = sim::parse_scenario(j);
  ASSERT_TRUE(s.calendar.round_the_clock());
  sim::RatioEstimator after_midnight, all_days;
  std::mutex m;
  sim::RunOptions options;
  options.on_replication = [&](int, const sim::ReplicationResult& rep) {
    double offered = 0, answered = 0;
    double waited_night = 0, calls_night = 0, waited = 0, calls = 0;
    for (int d = 0; d < days; ++d) {
      for (int k = 0; k < 24; ++k) {
        const auto& t = rep.intervals[static_cast<std::size_t>(d * 24 + k)];
        offered += t.offered;
        answered += t.answered;
        if (d > 0 && k == 0) waited_night += t.waited, calls_night += t.answered;
        waited += t.waited, calls += t.answered;
      }
    }
    EXPECT_EQ(offered, answered);  // nobody abandons: every counted caller is answered, midnight or not
    std::lock_guard lock(m);
    after_midnight.add(waited_night, calls_night);
    all_days.add(waited, calls);
  };
  (void)sim::run_replications(s, options);
  const double exact = models::erlang_c(c, per_hour / 3600 * aht);
  const auto night = after_midnight.estimate(), whole = all_days.estimate();
  expect_in_99(*night.mean, *night.ci95, 60, exact, "P(wait) in the hour after midnight");
  expect_in_99(*whole.mean, *whole.ci95, 60, exact, "P(wait) over the week");
}

TEST(CalendarSim, NightShiftsCarryAgentsThroughMidnight) {
  // Three 8-hour shifts around the clock, the night one from 22:00 to 06:00.
  json j = base({{"days", 3}, {"open", "00:00"}, {"close", "24:00"}, {"interval", "1h"}});
  j["staffing"] = {{"shifts", json::array({{{"start", "06:00"}, {"end", "14:00"}, {"agents", 9}},
                                           {{"start", "14:00"}, {"end", "22:00"}, {"agents", 7}},
                                           {{"start", "22:00"}, {"end", "06:00"}, {"agents", 4}}})}};
  j["run"] = {{"replications", 4}, {"seed", 2}};
  const auto s = sim::parse_scenario(j);
  const auto r = sim::run_replications(s);
  for (int d = 1; d < 3; ++d) {
    for (int k = 0; k < 24; ++k) {
      const double scheduled = s.scheduled_agents(d, k);
      EXPECT_EQ(scheduled, k < 6 || k >= 22 ? 4.0 : k < 14 ? 9.0 : 7.0);
      // Agents leave when they finish the call in hand: within an interval's average, a little over.
      const double simulated = *r.intervals[static_cast<std::size_t>(d * 24 + k)][at(Metric::agents)].mean;
      EXPECT_GE(simulated, scheduled - 1e-9) << "day " << d << " hour " << k;
      EXPECT_LT(simulated, scheduled + 0.5) << "day " << d << " hour " << k;
    }
  }
}
