#pragma once
// The engine's day plan: a day's staffing changes with the calendar's opening hours applied,
// and the moments a window opens and closes. Staffing counts in open hours only: at a window's
// opening the agents on duty are set to the schedule's count (agents still serving from before
// count); changes in closed hours are dropped; at a window's close the centre closes (agents
// finish the queue, or it is cleared, and go home). Tested in tests/opening_hours_test.cpp.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "ccsim/sim/scenario.hpp"

namespace ccsim::sim::detail {

enum class DayEventKind : std::uint8_t {
  close,   ///< a window closes (not the grid's end)
  open,    ///< a window opens (not at the grid's start of a fresh day)
  set_to,  ///< the group's agents on duty become change.change (scheduled count at a window's opening)
  change,  ///< a staffing change as scheduled
};

/// One event of a day's plan; `time` is seconds since the day's grid start.
struct DayEvent {
  StaffingChange change;
  std::uint16_t group = 0;
  DayEventKind kind = DayEventKind::change;
};

/// Appends day `day`'s plan to `out`, in the order its events must happen (by time; at equal
/// times closes, opens, set_to, then changes). `continuing`: the day follows a midnight that is
/// run through (its agents on duty are set to the schedule at 00:00). A usual day (open on the
/// whole grid, not continuing) is its changes as they are, group by group.
inline void plan_day(std::vector<DayEvent>& out, const Staffing& staffing, const Calendar& calendar, int day, bool continuing) {
  const auto d = static_cast<std::size_t>(day);
  const std::size_t first = out.size();
  if (!continuing && calendar.whole_grid(day)) {
    for (std::size_t g = 0; g < staffing.groups.size(); ++g) {
      for (const StaffingChange& ch : staffing.groups[g][d]) out.push_back({ch, static_cast<std::uint16_t>(g), DayEventKind::change});
    }
    return;
  }
  const double length = calendar.open_length();
  for (const OpenWindow& w : calendar.windows(day)) {
    const bool set = w.from > 0 || continuing;
    if (w.from > 0) out.push_back({{w.from, 0, 0.0}, 0, DayEventKind::open});
    if (w.to < length) out.push_back({{w.to, 0, 0.0}, 0, DayEventKind::close});
    for (std::size_t g = 0; g < staffing.groups.size(); ++g) {
      const auto& changes = staffing.groups[g][d];
      if (set) {
        std::int64_t n = 0;  // on duty by the schedule at the opening (breaks not counted)
        for (const StaffingChange& ch : changes) {
          if (ch.return_after == 0 && ch.time <= w.from) n += ch.change;
        }
        out.push_back({{w.from, static_cast<int>(std::max<std::int64_t>(n, 0)), 0.0}, static_cast<std::uint16_t>(g), DayEventKind::set_to});
      }
      for (const StaffingChange& ch : changes) {
        if (ch.time < w.from || ch.time >= w.to) continue;          // in closed hours
        if (set && ch.return_after == 0 && ch.time == w.from) continue;  // in the set_to
        out.push_back({ch, static_cast<std::uint16_t>(g), DayEventKind::change});
      }
    }
  }
  std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(), [](const DayEvent& a, const DayEvent& b) {
    if (a.change.time != b.change.time) return a.change.time < b.change.time;
    return static_cast<int>(a.kind) < static_cast<int>(b.kind);
  });
}

/// Per day, the first opening and the last closing, seconds since the first day's grid start;
/// a closed day takes the closing of the day before (or -1e300 before any open day), so the
/// closings never decrease.
struct DayBounds {
  std::vector<double> opening, closing;
};
inline DayBounds day_bounds(const Calendar& calendar) {
  DayBounds b;
  double last_close = -1e300;
  for (int d = 0; d < calendar.days; ++d) {
    const double start = static_cast<double>(d) * 86400.0;
    const auto w = calendar.windows(d);
    if (w.empty()) {
      b.opening.push_back(1e300);
      b.closing.push_back(last_close);
    } else {
      b.opening.push_back(start + w.front().from);
      last_close = start + w.back().to;
      b.closing.push_back(last_close);
    }
  }
  return b;
}

}  // namespace ccsim::sim::detail
