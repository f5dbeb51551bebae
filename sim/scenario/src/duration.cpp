#include "ccsim/sim/duration.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "ccsim/models/limits.hpp"

namespace ccsim::sim {

namespace {

// A non-negative decimal number filling `text` exactly, or nullopt.
std::optional<double> number_of(std::string_view text) {
  if (text.empty() || text.front() == '-' || text.front() == '+') return std::nullopt;
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

}  // namespace

double parse_duration(std::string_view text) {
  const auto fail = [&](const char* why) -> double {
    throw std::invalid_argument("\"" + std::string(text) + "\" is not a duration (" + why +
                                "; write seconds or a number with a unit: 20, 20s, 3m, 1.5h, 2d, 3m45s, or a clock: 3:45, 00:03:45)");
  };
  if (text.empty()) return fail("it is empty");
  double seconds = 0;
  if (text.find(':') != std::string_view::npos) {
    // A clock, as ACD and WFM exports write durations: h:mm:ss or m:ss (minutes and seconds
    // below 60 after the first part; seconds may have decimals).
    std::vector<std::string_view> parts;
    for (std::size_t from = 0;;) {
      const auto colon = text.find(':', from);
      parts.push_back(text.substr(from, colon == std::string_view::npos ? std::string_view::npos : colon - from));
      if (colon == std::string_view::npos) break;
      from = colon + 1;
    }
    if (parts.size() > 3) return fail("a clock has at most hours, minutes and seconds");
    for (std::size_t i = 0; i < parts.size(); ++i) {
      const auto value = number_of(parts[i]);
      if (!value) return fail(parts[i].empty() ? "a part of the clock is missing" : "a part of the clock is not a number");
      if (i + 1 < parts.size() && *value != std::floor(*value)) return fail("only the seconds may have decimals");
      if (i > 0 && (parts[i].size() < 2 || *value >= 60)) return fail("minutes and seconds after a colon are two digits below 60");
      seconds = seconds * 60 + *value;
    }
  } else {
    // A number, a number with a unit, or several with units from the largest down: 3m45s, 1h30m.
    const char units[] = {'d', 'h', 'm', 's'};
    const double unit_seconds[] = {86400, 3600, 60, 1};
    std::size_t next_unit = 0;  // units must come in this order, each at most once
    std::size_t from = 0;
    int terms = 0;
    while (from < text.size()) {
      std::size_t at = from;
      while (at < text.size() && (std::isdigit(static_cast<unsigned char>(text[at])) || text[at] == '.' || text[at] == 'e' ||
                                  text[at] == 'E' || text[at] == '-' || text[at] == '+'))
        ++at;
      const auto value = number_of(text.substr(from, at - from));
      if (!value) {
        if (at == from) return fail("the number is missing");
        if (text[from] == '-') return fail("it is negative");
        return fail("it is not a number");
      }
      if (at == text.size()) {  // a bare number: seconds, alone or as the last term
        if (terms > 0 && next_unit < 4) return fail("give the last part its unit");
        seconds += *value;
        ++terms;
        break;
      }
      std::size_t u = 0;
      while (u < 4 && units[u] != text[at]) ++u;
      if (u == 4) return fail("it is not a number");
      if (u < next_unit) return fail("write units from the largest down, each once: 1h30m, 3m45s");
      seconds += *value * unit_seconds[u];
      next_unit = u + 1;
      ++terms;
      from = at + 1;
    }
  }
  // (Every part is finite: a sum that overflows is longer than any limit.)
  if (!(seconds <= limits::max_duration)) return fail("it is longer than ten years, the limit of any duration");
  return seconds;
}

std::string format_duration(double seconds) {
  char buffer[64];
  const auto whole_multiple = [&](double unit) {
    const double count = seconds / unit;
    return count >= 1 && std::abs(count * 10 - std::round(count * 10)) < 1e-9;
  };
  if (seconds >= 86400 && whole_multiple(86400)) {
    std::snprintf(buffer, sizeof buffer, "%gd", seconds / 86400);
  } else if (seconds >= 3600 && whole_multiple(3600)) {
    std::snprintf(buffer, sizeof buffer, "%gh", seconds / 3600);
  } else if (seconds >= 60 && whole_multiple(60)) {
    std::snprintf(buffer, sizeof buffer, "%gm", seconds / 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%gs", seconds);
  }
  return buffer;
}

double parse_time_of_day(const std::string& text, bool allow_24) {
  // "08:00" or "8:00": one or two digits of hours, two of minutes.
  const auto colon = text.find(':');
  const auto digits = [&](std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i)
      if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
    return to > from;
  };
  if (colon == std::string::npos || colon < 1 || colon > 2 || text.size() != colon + 3 || !digits(0, colon) ||
      !digits(colon + 1, text.size()))
    throw std::invalid_argument("\"" + text + "\" is not a time of day");
  const int hours = std::stoi(text.substr(0, colon)), minutes = std::stoi(text.substr(colon + 1));
  const bool ok = (hours >= 0 && hours < 24 && minutes >= 0 && minutes < 60) || (allow_24 && hours == 24 && minutes == 0);
  if (!ok) throw std::invalid_argument("\"" + text + "\" is not a time of day");
  return hours * 3600.0 + minutes * 60.0;
}

std::string format_time_of_day(double seconds) {
  const auto total = static_cast<long long>(std::llround(seconds));
  char buffer[32];
  if (total % 60 != 0) {
    std::snprintf(buffer, sizeof buffer, "%02lld:%02lld:%02lld", total / 3600, total / 60 % 60, total % 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%02lld:%02lld", total / 3600, total / 60 % 60);
  }
  return buffer;
}

}  // namespace ccsim::sim
