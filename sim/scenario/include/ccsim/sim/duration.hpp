#pragma once
// Durations and times of day as written by people in scenario files and on the command line.
#include <string>
#include <string_view>

namespace ccsim::sim {

/// Parses a duration: plain seconds ("20", "12.5"); a number with a unit, "s", "m" (minutes), "h"
/// (hours) or "d" (days): "20s", "3m", "1.5h"; several from the largest unit down: "3m45s",
/// "1h30m"; or a clock as ACD exports write it: "3:45" (m:ss), "00:03:45" (h:mm:ss). Returns seconds. Throws std::invalid_argument, naming
/// the text, for anything else, for negative values, NaN, infinity and durations over ten years
/// (limits::max_duration).
double parse_duration(std::string_view text);

/// Formats seconds compactly for people: 20 -> "20s", 180 -> "3m", 5400 -> "1.5h", 7.25 -> "7.25s".
std::string format_duration(double seconds);

/// Parses "08:00" (or "24:00" when `allow_24` is set) to seconds since midnight.
double parse_time_of_day(const std::string& text, bool allow_24);
/// Formats seconds since midnight as "08:30" (or "08:30:15" when seconds remain).
std::string format_time_of_day(double seconds);

}  // namespace ccsim::sim
