#pragma once
// The calendar of a scenario: the horizon's days and dates, the interval grid, and the hours the
// centre is open on each day (per weekday, holidays, round the clock). See docs/scenario-format.md.
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ccsim::sim {

inline constexpr const char* weekday_names[7] = {"monday", "tuesday", "wednesday", "thursday",
                                                 "friday", "saturday", "sunday"};

/// One stretch of opening hours within a day, in seconds since the grid's start (Calendar::open).
struct OpenWindow {
  double from = 0;
  double to = 0;
};

/// What happens to callers still waiting when the centre closes.
enum class AtClose {
  serve,  ///< the agents on duty stay until every waiting caller is answered or abandons
  clear,  ///< waiting callers hear the closed message (counted as cleared) and may ring again
};
const char* at_close_name(AtClose a);

/// The horizon and its hours. The interval grid is the same every day: from `open` to `close`
/// (seconds since midnight), cut into intervals of `interval` seconds; each day is open in some
/// windows of that grid, on interval boundaries.
struct Calendar {
  int days = 1;
  double open = 8 * 3600.0;   ///< the grid's start, seconds since midnight (the earliest opening)
  double close = 17 * 3600.0; ///< the grid's end, seconds since midnight (the latest closing; 86400 = midnight)
  double interval = 1800.0;   ///< planning interval, seconds; divides close - open
  int first_weekday = 0;      ///< 0 = Monday
  std::optional<std::int32_t> start_date;  ///< the first day, days since 1970-01-01; none: days are numbered only
  /// Per day of the horizon: its open windows, sorted and apart; an empty list is a closed day.
  /// Empty outer list: every day is open on the whole grid.
  std::vector<std::vector<OpenWindow>> hours;
  /// Per weekday (Monday first) as calendar.hours gives it, seconds since the grid's start (an
  /// overnight window runs to 86400); empty when hours are not given. For people (describe()).
  std::vector<std::vector<OpenWindow>> weekday_hours;
  std::vector<double> volume_factor;  ///< per day: a holiday's volume multiplier; empty: 1 every day
  std::vector<std::uint8_t> holiday;  ///< per day: 1 on a holiday listed in calendar.holidays; empty: none
  std::vector<std::string> holiday_name;  ///< per day: the holiday's name (may be empty); empty: none
  AtClose at_close = AtClose::serve;

  [[nodiscard]] int intervals_per_day() const { return static_cast<int>(std::lround((close - open) / interval)); }
  [[nodiscard]] double open_length() const { return close - open; }
  [[nodiscard]] int weekday(int day) const { return (first_weekday + day) % 7; }
  /// The open windows of `day` (the whole grid when hours are not given).
  [[nodiscard]] std::vector<OpenWindow> windows(int day) const;
  /// True when `day` is open on the whole grid, in one window (the usual day).
  [[nodiscard]] bool whole_grid(int day) const;
  /// True when interval `interval` of `day` is open.
  [[nodiscard]] bool interval_open(int day, int interval) const;
  [[nodiscard]] bool closed_day(int day) const { return !hours.empty() && hours[static_cast<std::size_t>(day)].empty(); }
  [[nodiscard]] bool is_holiday(int day) const { return !holiday.empty() && holiday[static_cast<std::size_t>(day)] != 0; }
  [[nodiscard]] std::string holiday_of(int day) const {
    return holiday_name.empty() ? std::string() : holiday_name[static_cast<std::size_t>(day)];
  }
  [[nodiscard]] double day_volume_factor(int day) const {
    return volume_factor.empty() ? 1.0 : volume_factor[static_cast<std::size_t>(day)];
  }
  /// True when `day` is open until midnight and `day + 1` from midnight: the simulation runs on
  /// through that midnight (waiting callers and busy agents carry over).
  [[nodiscard]] bool runs_into_next_day(int day) const;
  /// True when some midnight of the horizon is run through (a round-the-clock centre).
  [[nodiscard]] bool round_the_clock() const;
  /// "2026-12-07" for `day` (0-based), or "" without a start date.
  [[nodiscard]] std::string date_text(int day) const;
  /// One line for people: "7 days from 2026-12-07 (monday), 30m intervals 08:00-20:00; hours:
  /// monday-friday 08:00-20:00, saturday 09:00-13:00, sunday closed; 1 holiday; at closing: serve".
  [[nodiscard]] std::string describe() const;
  /// The seconds the centre is open on `day`.
  [[nodiscard]] double open_seconds(int day) const;
};

/// Parses "2026-12-07" (ISO 8601; also "07.12.2026" and "2026/12/07") to days since 1970-01-01;
/// throws std::invalid_argument naming the text when it is not a real date.
std::int32_t parse_date(const std::string& text);
/// Formats days since 1970-01-01 as "2026-12-07".
std::string format_date(std::int32_t days_since_epoch);
/// The weekday (0 = Monday) of days since 1970-01-01.
int weekday_of_date(std::int32_t days_since_epoch);
/// The weekday named by `text` ("monday", "Mon", "MONDAY"...), 0 = Monday, or -1.
int parse_weekday(const std::string& text);

}  // namespace ccsim::sim
