// Forecast files (sim/scenario/include/ccsim/sim/forecast.hpp): ACD/WFM exports parsed, their errors named
// by file, line and column, and a forecast simulated back to its volumes.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "ccsim/sim/forecast.hpp"
#include "ccsim/sim/runner.hpp"
#include "ccsim/sim/scenario.hpp"
#include "test_folder.hpp"
#include "statistics.hpp"

using namespace ccsim;
using nlohmann::json;

namespace {
std::string error_of(const std::string& text) {
  try {
    (void)sim::parse_forecast(text, "f.csv");
  } catch (const sim::ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}
}  // namespace

TEST(Forecast, CommaFileWithDatesAndAht) {
  const auto f = sim::parse_forecast("date,interval,calls,aht\n2026-12-07,08:00,12,180\n2026-12-07,08:30,20.5,3m30s\n", "f.csv");
  ASSERT_EQ(f.rows.size(), 2U);
  EXPECT_EQ(f.separator, ',');
  EXPECT_TRUE(f.has_dates);
  EXPECT_TRUE(f.has_aht);
  EXPECT_EQ(f.rows[1].line, 3);
  EXPECT_EQ(f.rows[1].start_since_midnight, 8.5 * 3600);
  EXPECT_EQ(f.rows[1].calls, 20.5);
  EXPECT_EQ(*f.rows[1].aht, 210);
  EXPECT_EQ(sim::format_date(*f.rows[0].date), "2026-12-07");
}

TEST(Forecast, SemicolonsDecimalCommasClocksQuotesSynonymsBomAndCrlf) {
  const std::string text =
      "\xEF\xBB\xBF"
      "Datum;Interval Start;Offered;Handle Time;Queue\r\n"
      "07.12.2026;08:00:00;12,5;00:03:05;\"Billing; Premium\"\r\n"
      "\"07.12.2026\";\"08:15\";3;0:02:30,5;Sales\r\n"
      "\r\n";
  const auto f = sim::parse_forecast(text, "f.csv");
  ASSERT_EQ(f.rows.size(), 2U);
  EXPECT_EQ(f.separator, ';');
  EXPECT_EQ(f.rows[0].calls, 12.5);
  EXPECT_EQ(*f.rows[0].aht, 185);
  EXPECT_EQ(f.rows[0].call_type, "Billing; Premium");
  EXPECT_DOUBLE_EQ(*f.rows[1].aht, 150.5);
  EXPECT_EQ(f.rows[1].start_since_midnight, 8.25 * 3600);
}

TEST(Forecast, WeekdaysAndDatesInTheIntervalColumn) {
  const auto w = sim::parse_forecast("weekday\ttime\tvolume\nMon\t8:00\t4\nsaturday\t09:00\t2\n", "f.tsv");
  EXPECT_EQ(w.separator, '\t');
  EXPECT_EQ(w.rows[0].weekday, 0);
  EXPECT_EQ(w.rows[1].weekday, 5);
  EXPECT_TRUE(w.has_weekdays);
  const auto d = sim::parse_forecast("interval,calls\n2026-12-07 08:00,4\n2026-12-08T09:30:00,2\n", "f.csv");
  EXPECT_EQ(sim::format_date(*d.rows[1].date), "2026-12-08");
  EXPECT_EQ(d.rows[1].start_since_midnight, 9.5 * 3600);
}

TEST(Forecast, EveryMalformedRowNamesItsLineAndColumn) {
  const std::string head = "date,interval,calls,aht\n";
  EXPECT_EQ(error_of(head + "2026-12-07,08:00,12x,180\n"), "f.csv:2:3 (calls): \"12x\" is not a number of calls");
  EXPECT_EQ(error_of(head + "2026-12-07,08:00,4,180\n2026-12-07,08:30,-1,180\n"), "f.csv:3:3 (calls): \"-1\" is negative");
  EXPECT_EQ(error_of(head + "2026-12-07,8h,4,180\n"), "f.csv:2:2 (interval): \"8h\" is not a time of day (08:00 or 08:00:00)");
  EXPECT_EQ(error_of(head + "2026-12-07,25:00,4,180\n"), "f.csv:2:2 (interval): \"25:00\" is not a time of day (08:00 or 08:00:00)");
  EXPECT_EQ(error_of(head + "2026-02-30,08:00,4,180\n"), "f.csv:2:1 (date): \"2026-02-30\" is not a date (2026-12-07) or a weekday (monday)");
  EXPECT_EQ(error_of(head + "2026-12-07,08:00,4\n"), "f.csv:2: has 3 fields; the header has 4 (separator ',')");
  EXPECT_EQ(error_of(head + "2026-12-07,08:00,4,3 minutes\n"), "f.csv:2:4 (aht): \"3 minutes\" is not a handle time (seconds, 3m45s or 00:03:45)");
  EXPECT_EQ(error_of(head + "2026-12-07,08:00,4,\n"), "f.csv:2:4 (aht): is empty, but the interval has calls");
  EXPECT_EQ(error_of(head + "2026-12-07,08:00,4,0\n"), "f.csv:2:4 (aht): \"0\" must be more than 0 when calls are offered");
  EXPECT_EQ(error_of(head + "2026-12-07,\"08:00,4,180\n"), "f.csv:2: malformed CSV: a quoted field is not closed");
  EXPECT_EQ(error_of(head + "2026-12-07,08\"00,4,180\n").substr(0, 28), "f.csv:2: malformed CSV (erro");
  EXPECT_EQ(error_of("date,interval,calls,agents\n"), "f.csv:1:4: \"agents\" is not a known column (date or weekday, interval, calls, and optionally aht and call_type, with synonyms such as volume, offered, start, time, handle_time, queue)");
  EXPECT_EQ(error_of("date,interval,aht\n"), "f.csv:1: has no calls column (calls, volume or offered)");
  EXPECT_EQ(error_of("date,interval,calls,volume\n"), "f.csv:1:4: \"volume\" is a second calls column");
  EXPECT_EQ(error_of("interval,calls\n08:00,4\n"), "f.csv:2: has no date or weekday (a date or weekday column, or the date in the interval)");
  EXPECT_EQ(error_of("day,interval,calls\nmonday,08:00,4\n2026-12-08,08:00,4\n"), "f.csv:3: mixes rows by date and rows by weekday; give one or the other");
  EXPECT_EQ(error_of("date,interval,calls\n"), "f.csv: has a header but no rows");
  EXPECT_EQ(error_of(""), "f.csv: is empty (it needs a header and rows)");
}

namespace {
std::filesystem::path write(const std::string& name, const std::string& text) {
  const auto path = ccsim::testing_support::test_folder().path() / name;
  std::ofstream(path) << text;
  return path;
}
json scenario_with(const std::string& file) {
  json j;
  j["calendar"] = {{"start_date", "2026-12-07"}, {"days", 2}, {"open", "08:00"}, {"close", "10:00"}, {"interval", "30m"}};
  j["arrivals"] = {{"forecast", file}};
  j["handle_time"] = {{"dist", "exponential"}, {"mean", "4m"}};
  j["staffing"] = {{"agents", 12}};
  j["run"] = {{"replications", 80}, {"seed", 4}};
  return j;
}
std::string scenario_error(const json& j, const std::filesystem::path& dir) {
  try {
    (void)sim::parse_scenario(j, dir);
  } catch (const sim::ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}
}  // namespace

TEST(ForecastScenario, SimulatedOfferedMatchesTheFileIntervalByInterval) {
  // 15-minute rows summed into the calendar's 30-minute intervals; the file's AHT drives the talk time.
  std::string text = "date;interval;calls;aht\n";
  std::vector<double> expected(8, 0.0);
  const char* dates[2] = {"2026-12-07", "2026-12-08"};
  for (int d = 0; d < 2; ++d) {
    for (int q = 0; q < 8; ++q) {
      const double calls = 10 + 7 * q + 13 * d;
      char row[96];
      std::snprintf(row, sizeof row, "%s;%02d:%02d;%g,5;00:0%d:00\n", dates[d], 8 + q / 4, 15 * (q % 4), calls, 3 + q % 2);
      text += row;
      expected[static_cast<std::size_t>(d * 4 + q / 2)] += calls + 0.5;
    }
  }
  text += "2026-12-09;08:00;99;00:03:00\n";  // outside the horizon: not used, with a warning
  const auto path = write("ccsim-forecast-round-trip.csv", text);
  const auto s = sim::parse_scenario(scenario_with(path.filename().string()), path.parent_path());
  ASSERT_EQ(s.warnings.size(), 1U);
  EXPECT_NE(s.warnings[0].find("1 rows of"), std::string::npos) << s.warnings[0];
  // The talk time follows the file's AHT: 3 and 4 minutes alternate by quarter hour, calls-weighted in each half hour.
  ASSERT_EQ(s.call_types[0].handle_time_factor.size(), 8U);
  const double first = (10.5 * 180 + 17.5 * 240) / 28.0;
  EXPECT_NEAR(s.call_types[0].handle_time_factor[0] * 240, first, 1e-9);
  const auto r = sim::run_replications(s);
  for (std::size_t k = 0; k < 8; ++k) {
    const auto& e = r.intervals[k][static_cast<std::size_t>(sim::Metric::offered)];
    ccsim::testing_support::expect_in_99(*e.mean, *e.ci95, r.replications, expected[k], "interval " + std::to_string(k));
  }
  std::filesystem::remove(path);
}

TEST(ForecastScenario, ErrorsNameTheScenarioFieldAndTheFile) {
  const auto dir = ccsim::testing_support::test_folder().path();
  const auto coarse = write("ccsim-forecast-coarse.csv", "date,interval,calls\n2026-12-07,08:00,4\n2026-12-07,09:00,4\n");
  EXPECT_EQ(scenario_error(scenario_with(coarse.filename().string()), dir),
            "arrivals.forecast: \"ccsim-forecast-coarse.csv\" has intervals 1h apart, longer than calendar.interval (30m); set calendar.interval to 1h");
  const auto twice = write("ccsim-forecast-twice.csv", "date,interval,calls\n2026-12-07,08:00,4\n2026-12-07,08:30,4\n2026-12-07,08:00,5\n");
  EXPECT_NE(scenario_error(scenario_with(twice.filename().string()), dir).find(":4: the interval at 08:00 is given again (first on line 2)"), std::string::npos);
  json no_date = scenario_with(twice.filename().string());
  no_date["calendar"].erase("start_date");
  EXPECT_EQ(scenario_error(no_date, dir), "arrivals.forecast: \"ccsim-forecast-twice.csv\" gives dates; set calendar.start_date (the first day of the horizon)");
  EXPECT_NE(scenario_error(scenario_with("no-such-file.csv"), dir).find("arrivals.forecast: " + (dir / "no-such-file.csv").string() + ": cannot open the forecast file"), std::string::npos);
  const auto types = write("ccsim-forecast-types.csv", "date,interval,calls,queue\n2026-12-07,08:00,4,a\n2026-12-07,08:00,4,b\n");
  EXPECT_NE(scenario_error(scenario_with(types.filename().string()), dir).find("has 2 call types; the scenario has one queue"), std::string::npos);
  EXPECT_EQ(scenario_error(scenario_with("/dev/zero"), dir), "arrivals.forecast: /dev/zero: is not a regular file (a forecast is read whole: no devices, pipes or folders)");
  EXPECT_NE(scenario_error(scenario_with(dir.string()), dir).find("is not a regular file"), std::string::npos);
  for (const auto& p : {coarse, twice, types}) std::filesystem::remove(p);
}

// ---- issue 26: the newer input surface, each class with its minimal input -------------------------

TEST(ForecastHardening, PositionsAreRightWithCrOnlyAndCrLfLineEnds) {
  // Line 4 holds the bad value, whatever ends the lines.
  for (const std::string end : {"\n", "\r\n", "\r"}) {
    const std::string text = "date,interval,calls" + end + "2026-12-07,08:00,1" + end + "2026-12-07,08:30,2" + end + "2026-12-07,09:00,x" + end;
    EXPECT_EQ(error_of(text).rfind("f.csv:4:3 (calls): \"x\" is not a number of calls", 0), 0U) << error_of(text);
  }
  const auto f = sim::parse_forecast("date,interval,calls\r2026-12-07,08:00,1\r2026-12-07,08:30,2\r", "f.csv");
  ASSERT_EQ(f.rows.size(), 2U);
  EXPECT_EQ(f.rows[1].line, 3);
}

TEST(ForecastHardening, AWeekdayThatContradictsTheDateIsRefused) {
  // 2026-12-22 is a Tuesday.
  EXPECT_EQ(error_of("weekday;date;interval;calls\nmonday;2026-12-22;08:00;3\n"),
            "f.csv:2:1 (weekday): \"monday\" contradicts the date 2026-12-22, a tuesday");
  EXPECT_EQ(sim::parse_forecast("weekday;date;interval;calls\ntuesday;2026-12-22;08:00;3\n", "f.csv").rows.size(), 1U);
}

TEST(ForecastHardening, DatesOutsideTheSupportedYearsSayTheRange) {
  EXPECT_EQ(error_of("date,interval,calls\n1850-01-01,08:00,3\n"),
            "f.csv:2:1 (date): \"1850-01-01\" is outside the years ccsim reads dates in (1900 to 2999)");
  EXPECT_NE(error_of("date,interval,calls\n3026-01-01,08:00,3\n").find("(1900 to 2999)"), std::string::npos);
}

TEST(ForecastHardening, AHugeValueIsShortenedInTheMessage) {
  const std::string huge(10 << 20, '7');
  const std::string message = error_of("date,interval,calls\n2026-12-07,08:00," + huge + "x\n");
  EXPECT_LT(message.size(), 300U) << message.substr(0, 400);
  EXPECT_NE(message.find("(10485761 bytes)"), std::string::npos) << message.substr(0, 400);
  const std::string long_header(5000, 'h');
  EXPECT_LT(error_of(long_header + ",interval,calls\n").size(), 300U);
  EXPECT_LT(error_of("date,interval,calls\n" + std::string(100000, 'd') + ",08:00,3\n").size(), 300U);
}

TEST(ForecastHardening, ARangeGivesItsEnd) {
  const auto f = sim::parse_forecast("date;interval;calls\n07.12.2026;07:00 - 07:15;3\n07.12.2026;23:45-24:00;1\n", "f.csv");
  ASSERT_EQ(f.rows.size(), 2U);
  EXPECT_EQ(f.rows[0].start_since_midnight, 7 * 3600.0);
  EXPECT_EQ(*f.rows[0].end_since_midnight, 7.25 * 3600.0);
  EXPECT_EQ(*f.rows[1].end_since_midnight, 86400.0);
  EXPECT_NE(error_of("date,interval,calls\n2026-12-07,09:00-08:00,3\n").find("ends before it starts"), std::string::npos);
}

TEST(ForecastHardening, ARowCoarserThanTheIntervalIsSpreadOverItsIntervals) {
  // 100 calls in 08:00-09:00 of a 30-minute calendar: 50 in each half hour (never 100 and 0).
  const auto dir = ccsim::testing_support::test_folder().path();
  const auto coarse = write("coarse-row.csv", "date,interval,calls\n2026-12-07,08:00-09:00,100\n2026-12-07,09:00-09:30,30\n");
  const sim::Scenario s = sim::parse_scenario(scenario_with(coarse.filename().string()), dir);
  const auto& day = s.call_types.front().arrivals;
  ASSERT_EQ(day.size(), 2U);
  EXPECT_DOUBLE_EQ(day[0].expected_calls(0), 50.0);
  EXPECT_DOUBLE_EQ(day[0].expected_calls(1), 50.0);
  EXPECT_DOUBLE_EQ(day[0].expected_calls(2), 30.0);
  // Hourly rows throughout, as ranges: spread too; the total is kept.
  const auto hourly = write("hourly.csv", "date,interval,calls\n2026-12-07,08:00-09:00,10\n2026-12-07,09:00-10:00,20\n");
  const sim::Scenario h = sim::parse_scenario(scenario_with(hourly.filename().string()), dir);
  const auto& hours = h.call_types.front().arrivals[0];
  EXPECT_DOUBLE_EQ(hours.expected_calls(0) + hours.expected_calls(1), 10.0);
  EXPECT_DOUBLE_EQ(hours.expected_calls(3), 10.0);
}

TEST(ForecastHardening, RowsOfACallTypeTheScenarioLacksAreSaid) {
  const auto dir = ccsim::testing_support::test_folder().path();
  const auto file = write("by-type.csv", "date,interval,calls,queue\n2026-12-07,08:00,4,a\n2026-12-07,08:00,5,b\n2026-12-07,08:30,6,c\n");
  json j = scenario_with(file.filename().string());
  j.erase("arrivals");
  j.erase("handle_time");
  j.erase("staffing");
  j["call_types"] = json::array();
  for (const char* name : {"a", "b"})
    j["call_types"].push_back({{"name", name}, {"arrivals", {{"forecast", file.filename().string()}}}, {"handle_time", {{"dist", "exponential"}, {"mean", "4m"}}}});
  j["agent_groups"] = json::array({{{"name", "team"}, {"skills", {"a", "b"}}, {"staffing", {{"agents", 5}}}}});
  const sim::Scenario s = sim::parse_scenario(j, dir);
  ASSERT_EQ(s.warnings.size(), 1U);  // once, though both call types read the file
  EXPECT_NE(s.warnings[0].find("1 rows of call types the scenario does not have (the first on line 4: \"c\") are not used"), std::string::npos)
      << s.warnings[0];
}
