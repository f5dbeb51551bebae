#include "ccsim/sim/calendar.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <stdexcept>

#include "ccsim/sim/duration.hpp"

namespace ccsim::sim {

const char* at_close_name(AtClose a) { return a == AtClose::serve ? "serve" : "clear"; }

std::vector<OpenWindow> Calendar::windows(int day) const {
  if (hours.empty()) return {{0.0, open_length()}};
  return hours[static_cast<std::size_t>(day)];
}

bool Calendar::whole_grid(int day) const {
  if (hours.empty()) return true;
  const auto& w = hours[static_cast<std::size_t>(day)];
  return w.size() == 1 && w[0].from == 0 && w[0].to == open_length();
}

bool Calendar::interval_open(int day, int k) const {
  if (hours.empty()) return true;
  const double mid = (k + 0.5) * interval;
  for (const OpenWindow& w : hours[static_cast<std::size_t>(day)]) {
    if (mid > w.from && mid < w.to) return true;
  }
  return false;
}

bool Calendar::runs_into_next_day(int day) const {
  if (!(open == 0 && close == 86400) || day + 1 >= days) return false;
  const auto today = windows(day), tomorrow = windows(day + 1);
  return !today.empty() && !tomorrow.empty() && today.back().to == open_length() && tomorrow.front().from == 0;
}

bool Calendar::round_the_clock() const {
  for (int d = 0; d + 1 < days; ++d) {
    if (runs_into_next_day(d)) return true;
  }
  return false;
}

std::string Calendar::date_text(int day) const { return start_date ? format_date(*start_date + day) : std::string(); }

double Calendar::open_seconds(int day) const {
  double total = 0;
  for (const OpenWindow& w : windows(day)) total += w.to - w.from;
  return total;
}

std::string Calendar::describe() const {
  const auto clock = [](double seconds) {
    const auto total = static_cast<long long>(std::llround(seconds));
    char text[48];
    std::snprintf(text, sizeof text, "%02lld:%02lld", total / 3600, total / 60 % 60);
    return std::string(text);
  };
  std::string out = std::to_string(days) + (days == 1 ? " day" : " days");
  if (start_date) out += " from " + date_text(0) + " (" + weekday_names[first_weekday] + ")";
  out += ", " + format_duration(interval) + " intervals " + clock(open) + "-" + clock(close);
  if (!weekday_hours.empty()) {
    std::vector<std::string> by_weekday(7);
    for (int w = 0; w < 7; ++w) {
      std::string text;
      for (const OpenWindow& win : weekday_hours[static_cast<std::size_t>(w)]) {
        if (!text.empty()) text += " and ";
        text += clock(open + win.from);
        text += '-';
        text += clock(open + win.to > 86400.0 ? open + win.to - 86400.0 : open + win.to);  // (24:00 stays)
      }
      by_weekday[static_cast<std::size_t>(w)] = text.empty() ? "closed" : text;
    }
    std::string list;
    for (int w = 0; w < 7;) {
      int last = w;
      while (last + 1 < 7 && by_weekday[static_cast<std::size_t>(last) + 1] == by_weekday[static_cast<std::size_t>(w)]) ++last;
      if (!by_weekday[static_cast<std::size_t>(w)].empty()) {
        if (!list.empty()) list += ", ";
        list += weekday_names[w];
        if (last > w) {
          list += '-';
          list += weekday_names[last];
        }
        list += ' ';
        list += by_weekday[static_cast<std::size_t>(w)];
      }
      w = last + 1;
    }
    out += "; hours: " + list;
  }
  int holidays = 0;
  for (int d = 0; d < days; ++d) holidays += is_holiday(d) ? 1 : 0;
  if (holidays > 0) out += "; " + std::to_string(holidays) + (holidays == 1 ? " holiday" : " holidays");
  if (round_the_clock()) out += "; round the clock (run through midnight)";
  if (at_close == AtClose::clear) out += "; at closing: waiting callers cleared";
  return out;
}

namespace {
bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}
}  // namespace

std::int32_t parse_date(const std::string& text) {
  const auto bad = [&] { return std::invalid_argument("\"" + text + "\" is not a date (write 2026-12-07)"); };
  int y = 0, m = 0, d = 0;
  // yyyy-mm-dd, yyyy/mm/dd or dd.mm.yyyy
  const auto split = [&](char sep) {
    std::vector<std::string> parts;
    std::string part;
    for (char ch : text) {
      if (ch == sep) {
        parts.push_back(part);
        part.clear();
      } else {
        part += ch;
      }
    }
    parts.push_back(part);
    return parts;
  };
  std::vector<std::string> parts;
  if (text.find('-') != std::string::npos) {
    parts = split('-');
  } else if (text.find('/') != std::string::npos) {
    parts = split('/');
  } else if (text.find('.') != std::string::npos) {
    parts = split('.');
    if (parts.size() == 3) std::swap(parts[0], parts[2]);
  }
  if (parts.size() != 3 || parts[0].size() != 4 || parts[1].empty() || parts[1].size() > 2 || parts[2].empty() ||
      parts[2].size() > 2 || !all_digits(parts[0]) || !all_digits(parts[1]) || !all_digits(parts[2]))
    throw bad();
  y = std::stoi(parts[0]);
  m = std::stoi(parts[1]);
  d = std::stoi(parts[2]);
  const std::chrono::year_month_day date{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                                         std::chrono::day{static_cast<unsigned>(d)}};
  if (y < 1900 || y > 2999)
    throw std::invalid_argument("\"" + text + "\" is outside the years ccsim reads dates in (1900 to 2999)");
  if (!date.ok()) throw bad();
  return static_cast<std::int32_t>(std::chrono::sys_days{date}.time_since_epoch().count());
}

std::string format_date(std::int32_t days_since_epoch) {
  const std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{days_since_epoch}}};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()));
  return text;
}

int weekday_of_date(std::int32_t days_since_epoch) {
  // iso_encoding: Monday = 1 ... Sunday = 7
  const std::chrono::weekday w{std::chrono::sys_days{std::chrono::days{days_since_epoch}}};
  return static_cast<int>(w.iso_encoding()) - 1;
}

int parse_weekday(const std::string& text) {
  std::string lower;
  for (char ch : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  for (int w = 0; w < 7; ++w) {
    const std::string name = weekday_names[w];
    if (lower == name || (lower.size() == 3 && name.compare(0, 3, lower) == 0)) return w;
  }
  return -1;
}

}  // namespace ccsim::sim
