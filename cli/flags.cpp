#include "flags.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>

#include "ccsim/sim/duration.hpp"
#include "ccsim/sim/input_error.hpp"

namespace ccsim::cli {

[[noreturn]] void bad(const std::string& flag, const std::string& text, const std::string& why) {
  throw std::invalid_argument(sim::one_line(flag + ": \"" + text + "\" " + why));
}

double number(const std::string& flag, const std::string& text) {
  double value = 0;
  const char* first = text.data();
  const char* last = first + text.size();
  const auto [end, error] = std::from_chars(first, last, value);
  if (text.empty() || error != std::errc() || end != last) bad(flag, text, "is not a number");
  if (!std::isfinite(value)) bad(flag, text, "is not a finite number");
  return value;
}

double positive(const std::string& flag, const std::string& text) {
  const double value = number(flag, text);
  if (!(value > 0)) bad(flag, text, "must be greater than 0");
  return value;
}

double nonnegative(const std::string& flag, const std::string& text) {
  const double value = number(flag, text);
  if (!(value >= 0)) bad(flag, text, "must not be negative");
  return value;
}

double fraction(const std::string& flag, const std::string& text, bool allow_zero, bool allow_one) {
  const double value = number(flag, text);
  const bool ok = (allow_zero ? value >= 0 : value > 0) && (allow_one ? value <= 1 : value < 1);
  if (!ok) {
    bad(flag, text,
        std::string("must be a fraction in ") + (allow_zero ? "[0" : "(0") + ", 1" + (allow_one ? "]" : ")") +
            " (e.g. 0.8 for 80%)");
  }
  return value;
}

std::int64_t count(const std::string& flag, const std::string& text, std::int64_t most, const std::string& limit) {
  std::int64_t value = 0;
  const char* first = text.data();
  const char* last = first + text.size();
  const auto [end, error] = std::from_chars(first, last, value);
  if (text.empty() || end != last || error == std::errc::invalid_argument) bad(flag, text, "is not a whole number");
  if (error == std::errc::result_out_of_range || value > most)
    bad(flag, text, "is more than " + std::to_string(most) + " (" + limit + ")");
  if (value < 1) bad(flag, text, "must be at least 1");
  return value;
}

std::pair<std::int64_t, std::int64_t> index_range(const std::string& flag, const std::string& text, std::int64_t total, const std::string& what) {
  const auto colon = text.find(':');
  std::int64_t a = 0, b = 0;
  const auto whole = [](const char* first, const char* last, std::int64_t& v) {
    const auto [end, error] = std::from_chars(first, last, v);
    return first != last && end == last && error == std::errc();
  };
  if (colon == std::string::npos || !whole(text.data(), text.data() + colon, a) || !whole(text.data() + colon + 1, text.data() + text.size(), b))
    bad(flag, text, "is not A:B (" + what + " A to B-1, e.g. 0:100)");
  if (a < 0 || b > total || a >= b)
    bad(flag, text, "is not within the " + std::to_string(total) + " " + what + " (0:" + std::to_string(total) + ") or is empty");
  return {a, b};
}

double duration(const std::string& flag, const std::string& text, bool allow_zero) {
  double seconds = 0;
  try {
    seconds = sim::parse_duration(text);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(flag + ": " + e.what());
  }
  if (!allow_zero && seconds == 0) bad(flag, text, "must be longer than 0 seconds");
  return seconds;
}

}  // namespace ccsim::cli
