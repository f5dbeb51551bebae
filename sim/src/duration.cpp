#include "ccsim/sim/duration.hpp"

#include "ccsim/models/limits.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace ccsim::sim {

double parse_duration(std::string_view text) {
  const auto fail = [&](const char* why) -> double {
    throw std::invalid_argument("\"" + std::string(text) + "\" is not a duration (" + why +
                                "; write seconds or a number with a unit: 20, 20s, 3m, 1.5h, 2d)");
  };
  if (text.empty()) return fail("it is empty");
  double multiplier = 1.0;
  std::string_view number = text;
  switch (text.back()) {
    case 's': multiplier = 1.0; number.remove_suffix(1); break;
    case 'm': multiplier = 60.0; number.remove_suffix(1); break;
    case 'h': multiplier = 3600.0; number.remove_suffix(1); break;
    case 'd': multiplier = 86400.0; number.remove_suffix(1); break;
    default: break;
  }
  if (number.empty()) return fail("the number is missing");
  double value = 0;
  const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (error != std::errc() || end != number.data() + number.size()) return fail("it is not a number");
  if (!std::isfinite(value)) return fail("it is not finite");
  if (value < 0) return fail("it is negative");
  if (!(value * multiplier <= limits::max_duration)) return fail("it is longer than ten years, the limit of any duration");
  return value * multiplier;
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

}  // namespace ccsim::sim
