#pragma once
// Forecast files as ACD and WFM tools export them: a CSV of date (or weekday), interval start,
// calls, and optionally AHT and call type. Read with libcsv (quoting as RFC 4180); every bad row
// is an error naming the file, line, column and value. See docs/scenario-format.md.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ccsim::sim {

/// One row of a forecast file.
struct ForecastRow {
  int line = 0;                        ///< line in the file (1-based; the header is line 1)
  std::optional<std::int32_t> date;    ///< days since 1970-01-01, when the file has dates
  int weekday = -1;                    ///< 0 = Monday, when the file has weekdays instead of dates
  double start_since_midnight = 0;     ///< the interval's start, seconds since midnight
  std::optional<double> end_since_midnight;  ///< its end, when the row gives a range ("08:00-09:00"; 24:00 is 86400)
  double calls = 0;                    ///< calls offered (forecast) in the interval
  std::optional<double> aht;           ///< average handle time (talk + wrap-up), seconds
  std::string call_type;               ///< empty when the file has no call-type column
};

/// A forecast file, parsed: its rows in file order and which optional columns it has.
struct Forecast {
  std::string name;  ///< the file as named in messages
  std::vector<ForecastRow> rows;
  char separator = ',';
  bool has_dates = false, has_weekdays = false, has_aht = false, has_call_type = false;
};

/// Parses forecast CSV `text` (the file's name `name` for messages). The separator is `;` when the
/// header has one (numbers may then use a decimal comma), else tab or `,`. Header names are
/// matched case-insensitively with their usual synonyms: date (`date`, `day`), weekday
/// (`weekday`, `day_of_week`), interval (`interval`, `start`, `time`, `interval_start`, `period`),
/// calls (`calls`, `volume`, `offered`, `contacts`, `calls_offered`), aht (`aht`, `handle_time`,
/// `average_handle_time`), call type (`call_type`, `queue`, `skill`, `type`). An interval may
/// carry its date ("2026-12-07 08:00"). AHT is seconds or a duration ("3m45s", "00:03:45").
/// Throws ScenarioError "FILE:LINE:COLUMN (NAME): \"VALUE\" ..." for any bad row or header.
Forecast parse_forecast(const std::string& text, const std::string& name);

/// Reads and parses the forecast file at `path` (named as given in messages).
Forecast read_forecast(const std::filesystem::path& path);

/// The interval between consecutive starts of the file (the smallest gap), seconds; none when
/// every row starts at the same time of day.
std::optional<double> forecast_step(const Forecast& forecast);

}  // namespace ccsim::sim
