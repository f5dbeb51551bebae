#pragma once
// The time-weighted figures: agents busy and available, callers waiting, integrated over the
// clock (the centre's totals always; each type's and group's with several), and the calls each
// group handled. Member definitions of Replication (replication.hpp); included by engine.cpp only.
#include "../replication.hpp"

namespace ccsim::sim::detail {

// A caller joins (`join`) or leaves type `ts`'s queue. (A type's own count is kept only with
// several types: with one it is the centre's; it is integrated at each change.)
template <QueueShape Kind>
void Replication<Kind>::type_waiting(TypeState& ts, bool join) {
  if (several_types) {
    ts.queue.integrate(s.now);
    join ? ++ts.queue.waiting : --ts.queue.waiting;
  }
  join ? ++s.waiting : --s.waiting;
}

// An agent of `group` becomes busy (`up`) or free. (A group's own counts are kept only with
// several groups: with one they are the centre's; they are integrated at each change.)
template <QueueShape Kind>
void Replication<Kind>::busy_change(std::uint32_t group, bool up) {
  if (several_groups) groups[group].busy_change(s.now, up);
  up ? ++s.busy : --s.busy;
}

// An agent of `group` comes on duty or back (`up`), or goes off duty or on a break.
template <QueueShape Kind>
void Replication<Kind>::available_change(std::uint32_t group, bool up) {
  if (several_groups) groups[group].available_change(s.now, up);
  up ? ++s.available : --s.available;
}

// At a boundary (or when counting starts or stops): the areas of every type and group since
// the last one go into the current interval's tallies if it counts, and start again from 0.
template <QueueShape Kind>
void Replication<Kind>::flush_all() {
  if (several_types) {
    for (auto& ts : s.types) {
      ts.queue.integrate(s.now);
      const double area = ts.queue.take_area();
      if (s.counting) ts.tally[s.current].queue_time += area;
    }
  }
  if (several_groups) {
    for (auto& g : s.groups) {
      const auto [busy_area, available_area] = g.take_areas(s.now);
      if (s.counting) {
        g.tally[s.current].busy_time += busy_area;
        g.tally[s.current].available_time += available_area;
      }
    }
  }
}

// A call of type `type` that arrived in `interval` was handled by `group` (several groups).
template <QueueShape Kind>
void Replication<Kind>::handled(std::uint32_t group, std::size_t type, std::size_t interval, bool callback) {
  IntervalTally& tally = groups[group].tally[interval];
  (callback ? tally.callbacks_completed : tally.answered) += 1;
  result.handled_by_type[group * type_count + type] += 1;
}

// The centre's time-weighted tallies up to `t`, and the clock moved to `t`.
template <QueueShape Kind>
void Replication<Kind>::advance(double t) {
  if (trace != nullptr) take_snapshots(t);
  if (s.counting) {
    const double dt = t - s.last;
    IntervalTally& tally = result.intervals[s.current];
    tally.busy_time += static_cast<double>(s.busy) * dt;
    tally.available_time += static_cast<double>(s.available) * dt;
    tally.queue_time += static_cast<double>(s.waiting) * dt;
    tally.elapsed += dt;
  }
  s.last = s.now = t;
}

// Snapshots of the replay: the state holds from the last event until `t`.
template <QueueShape Kind>
void Replication<Kind>::take_snapshots(double t) {
  for (; next_snapshot < t; next_snapshot += trace->step) {
    if (trace->snapshots.size() >= limits::max_trace_snapshots) {
      throw limit_reached("the replay would hold over " + std::to_string(limits::max_trace_snapshots) +
                          " snapshots (the day lasts too long, or the snapshot step is too short): replay fewer days "
                          "or a longer step");
    }
    Snapshot snap;
    snap.time = run_start + next_snapshot;
    snap.waiting = static_cast<std::uint32_t>(s.waiting);
    snap.in_ivr = static_cast<std::uint32_t>(s.in_ivr);
    const WorkCounts work = work_at(s.agents.items(), next_snapshot);
    snap.talking = work.talking;
    snap.wrapping = work.wrapping;
    for (const auto& g : s.groups) snap.idle += static_cast<std::uint32_t>(g.idle.size());
    snap.on_break = static_cast<std::uint32_t>(s.on_break);
    snap.lines_in_use = static_cast<std::uint32_t>(s.lines_in_use);
    snap.callbacks_pending = static_cast<std::uint32_t>(s.callbacks_outstanding);
    snap.open = s.open;
    trace->snapshots.push_back(snap);
  }
}

}  // namespace ccsim::sim::detail
