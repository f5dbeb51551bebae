#pragma once
// The day: its demand (arrival profiles and volume factors), the start of a run at an opening,
// each type's next arrival, interval boundaries, the warm-up's end, closing, the next day when
// the calendar runs through midnight, and the limits a run checks as it goes. Member
// definitions of Replication (replication.hpp); included by engine.cpp only.
#include <algorithm>
#include <cmath>

#include <boost/random/gamma_distribution.hpp>

#include "../replication.hpp"

namespace ccsim::sim::detail {

// A run that outgrows a limit of ccsim::limits stops, saying where and what to change.
template <QueueShape Kind>
SimulationLimit Replication<Kind>::limit_reached(const std::string& what) const {
  // (After closing a day's last calls may run past midnight: the clock then names the next day.)
  const double since_midnight = sc.calendar.open + s.now;
  const double past_days = std::max(0.0, std::floor(since_midnight / 86400.0));
  return SimulationLimit("replication " + std::to_string(replication + 1) + ", day " +
                         std::to_string(day + 1 + static_cast<int>(past_days)) + " at " +
                         format_time_of_day(since_midnight - past_days * 86400.0) + ": " + what);
}

// Contacts are counted against limits::max_contacts at every interval boundary and every
// returning contact, off the fresh-arrival path.
template <QueueShape Kind>
void Replication<Kind>::check_contacts() {
  // (Customers are counted only where they are followed: without returns every contact is fresh.)
  if (follow && calls > 1'000'000 && calls > limits::max_contacts_per_customer * customers_created) {
    throw limit_reached(std::to_string(calls) + " contacts from " + std::to_string(customers_created) +
                        " customers: more than " + std::to_string(limits::max_contacts_per_customer) +
                        " each on average, a storm of callers ringing again; lower the redial or retry probability, "
                        "lengthen their delays, or set returns.max_attempts");
  }
  if (s.events.made() > (std::uint64_t{3} << 30)) {
    throw limit_reached("over 3.2e9 events in one day, more than the engine can order: simulate a smaller volume");
  }
  if (calls > limits::max_contacts) {
    throw limit_reached("over " + std::to_string(limits::max_contacts) +
                        " contacts simulated in one replication: simulate fewer days per run, or check the volume "
                        "and the share of callers who ring again");
  }
}

// A day's demand: its arrival profiles, and its volume factors (drawn for every day, closed ones
// too, so that closing a day leaves the other days' factors alone).
template <QueueShape Kind>
void Replication<Kind>::begin_day_demand(int d) {
  const double common_factor = sc.day_to_day_cv > 0 ? [&] {
    const double shape = 1.0 / (sc.day_to_day_cv * sc.day_to_day_cv);
    return boost::random::gamma_distribution<double>(shape, 1.0 / shape)(s.common_day_rng);
  }() : 1.0;
  for (std::size_t t = 0; t < type_count; ++t) {
    TypeState& ts = s.types[t];
    const CallType& type = sc.call_types[t];
    ts.intensity = 0;
    ts.profile_hint = 0;
    ts.profile = &type.arrivals[static_cast<std::size_t>(d)];
    ts.day_factor = 1.0;
    if (type.day_to_day_cv > 0) {
      const double shape = 1.0 / (type.day_to_day_cv * type.day_to_day_cv);
      ts.day_factor = boost::random::gamma_distribution<double>(shape, 1.0 / shape)(ts.day_rng);
    }
    ts.day_factor *= common_factor;
  }
}

// The next arrival of type `type`. The next arrival of a single call type waits outside the
// heap (half of all heap traffic otherwise); it is stamped with a sequence number like any
// event, so the order of events is unchanged. With several types each type's next arrival
// waits in a slot of its own (a few types) or a small heap (id = type).
template <QueueShape Kind>
void Replication<Kind>::schedule_next_arrival(std::size_t type) {
  TypeState& ts = types[type];
  ts.intensity += ts.arrival_gaps.next();
  const double in_day = ts.day_factor > 0 ? ts.profile->time_at(ts.intensity / ts.day_factor, ts.profile_hint) : -1.0;
  const double t = in_day < 0 ? in_day : in_day + s.day_offset;
  if (several_types) {
    if (scan_arrivals) {
      s.arrival_slots[type] = t >= 0 ? s.events.make(t, arrival, static_cast<std::uint32_t>(type)) : never;
      // The earliest slot, without a branch (which type comes next is random: a mispredicted
      // branch would cost more than the selects). Simultaneous arrivals of several types, all
      // but impossible with continuous times, go in type order.
      const Event* slots = s.arrival_slots.data();
      std::size_t first = 0;
      std::uint64_t earliest = slots[0].when;
      for (std::size_t k = 1; k < type_count; ++k) {
        const std::uint64_t when = slots[k].when;
        const std::uint64_t mask = 0 - static_cast<std::uint64_t>(when < earliest);  // all ones when earlier
        first = (k & mask) | (first & ~mask);
        earliest = (when & mask) | (earliest & ~mask);
      }
      s.first_slot = first;
    } else if (t >= 0) {
      s.next_arrivals.insert(s.events.make(t, arrival, static_cast<std::uint32_t>(type)));
    }
  } else {
    arrival_pending = t >= 0;
    if (arrival_pending) next_arrival = s.events.make(t, arrival, 0);
  }
}

// Day `d` opens a run: the centre starts empty; the day's plan, arrivals, boundaries and the
// customers due today are scheduled.
template <QueueShape Kind>
void Replication<Kind>::start_run(int d) {
  day = d;
  s.events.clear();
  s.side.clear();
  s.morning.clear();
  s.morning_next = 0;
  s.morning_fed = EngineState::no_event;
  s.callers.clear();
  s.agents.clear();
  s.now = s.last = 0;
  const double first_from = sc.calendar.windows(d).front().from;
  s.open = first_from == 0;
  s.counting = s.open && warmup <= 0;
  s.counting_from = first_from + warmup;
  s.day_offset = 0;
  s.next_open = first_from;
  {
    int last_day = d;
    while (sc.calendar.runs_into_next_day(last_day)) ++last_day;
    s.segment_close = static_cast<double>(last_day - d) * seconds_per_day + sc.calendar.windows(last_day).back().to;
  }
  s.day_base = static_cast<std::size_t>(d) * static_cast<std::size_t>(per_day);
  s.current = s.day_base;
  s.busy = s.available = s.waiting = s.lines_in_use = 0;
  s.callbacks_outstanding = 0;
  s.in_ivr = s.on_break = 0;
  for (std::size_t t = 0; t < type_count; ++t) {
    types[t].queue.clear();
    types[t].callbacks.clear();
  }
  begin_day_demand(d);
  for (std::size_t g = 0; g < group_count; ++g) groups[g].clear();
  s.day_changes.clear();
  plan_day(s.day_changes, *staffing, sc.calendar, d, false);
  run_start = static_cast<double>(d) * seconds_per_day;
  s.next_arrivals.clear();
  s.arrival_slots.assign(type_count, never);
  arrival_pending = false;
  next_snapshot = 0;

  for (std::size_t t = 0; t < type_count; ++t) schedule_next_arrival(t);
  for (std::size_t i = 0; i < s.day_changes.size(); ++i)
    s.events.push(s.day_changes[i].change.time, staffing_change, static_cast<std::uint32_t>(i));
  s.events.push(interval_length, boundary, 1);  // each boundary schedules the next: a smaller heap
  if (warmup > 0) s.events.push(s.counting_from, warmup_end, 0);
  if (follow) take_morning_contacts(first_from);
  feed_morning();
}

// Midnight run through: the next day starts without emptying the centre (waiting callers, busy
// agents and calls in progress carry over); its agents on duty are set to its schedule.
template <QueueShape Kind>
void Replication<Kind>::next_day() {
  ++day;
  const auto d = static_cast<std::size_t>(day);
  s.day_base = d * static_cast<std::size_t>(per_day);
  s.current = s.day_base;
  s.day_offset += seconds_per_day;
  begin_day_demand(day);
  const std::size_t planned = s.day_changes.size();
  plan_day(s.day_changes, *staffing, sc.calendar, day, true);
  for (std::size_t i = planned; i < s.day_changes.size(); ++i)
    s.events.push(s.day_offset + s.day_changes[i].change.time, staffing_change, static_cast<std::uint32_t>(i));
  for (std::size_t t = 0; t < type_count; ++t) schedule_next_arrival(t);
  s.events.push(s.day_offset + interval_length, boundary, 1);
  if (follow) {  // contacts due today from before this run began
    for (const FutureContact& f : s.future_night[d]) closed_contact(f.customer, true, s.day_offset, s.day_base);
    s.future_night[d].clear();
    for (const FutureContact& f : s.future[d]) schedule_return(f.customer, static_cast<ContactKind>(f.kind), f.at - run_start);
    s.future[d].clear();
  }
}

// The opening of the first window of the current day after `t` seconds since its grid start
// (the grid's end when none).
template <QueueShape Kind>
double Replication<Kind>::next_window_after(double t) const {
  for (const OpenWindow& w : sc.calendar.windows(day)) {
    if (w.from > t) return w.from;
  }
  return open_length;
}

// The centre closes (a window's end, or the day's): no more arrivals; waiting callers are sent
// away (at_close: clear); idle agents go home; time-weighted figures stop.
template <QueueShape Kind>
void Replication<Kind>::close_centre() {
  flush_all();
  s.open = false;
  s.counting = false;
  if (clear_at_close) clear_queues();
  send_idle_home();
}

// An interval boundary: the tallies move to the next interval; after the day's last, the next
// day (run through midnight) or the closing.
template <QueueShape Kind>
inline void Replication<Kind>::on_boundary(std::uint32_t index) {
  check_contacts();
  flush_all();  // several types or groups: their time-weighted figures up to the boundary
  if (static_cast<int>(index) < per_day) {
    s.current = s.day_base + index;
    s.events.push(s.day_offset + (index + 1) * interval_length, boundary, index + 1);
  } else if (sc.calendar.runs_into_next_day(day)) {
    next_day();
  } else {
    close_centre();  // (its flush finds nothing left since the one above)
  }
}

template <QueueShape Kind>
inline void Replication<Kind>::on_warmup_end() {
  flush_all();
  s.counting = s.open;
}

// After the last day: journeys still open at the horizon are pending; with several queues, the
// centre's counts are the sum of its types', and each type's and group's elapsed time the centre's.
template <QueueShape Kind>
void Replication<Kind>::finish() {
  for (const auto& f : s.future.back()) end_journey(f.customer, Outcome::pending);
  s.future.back().clear();
  const std::size_t interval_count = result.intervals.size();
  if (sc.several_queues) {
    if (several_types) {
      for (std::size_t t = 0; t < type_count; ++t) {
        for (std::size_t k = 0; k < interval_count; ++k) {
          result.intervals[k].add_counts(result.call_types[t][k]);
          result.call_types[t][k].elapsed = result.intervals[k].elapsed;
        }
      }
    } else {
      result.call_types.assign(1, result.intervals);
      result.call_type_max_queue.assign(1, s.max_queue);
    }
    if (several_groups) {
      for (auto& group : result.agent_groups) {
        for (std::size_t k = 0; k < interval_count; ++k) group[k].elapsed = result.intervals[k].elapsed;
      }
    } else {
      result.agent_groups.assign(1, std::vector<IntervalTally>(interval_count));
      result.handled_by_type.assign(type_count, 0.0);
      for (std::size_t k = 0; k < interval_count; ++k) {
        const IntervalTally& whole = result.intervals[k];
        IntervalTally& group = result.agent_groups[0][k];
        group.busy_time = whole.busy_time;
        group.available_time = whole.available_time;
        group.elapsed = whole.elapsed;
        group.answered = whole.answered;
        group.callbacks_completed = whole.callbacks_completed;
        for (std::size_t t = 0; t < type_count; ++t) {
          const IntervalTally& own = result.call_types[t][k];
          result.handled_by_type[t] += own.answered + own.callbacks_completed;
        }
      }
    }
  }
  result.wait_p90 = s.waits.quantile(0.9);
  result.answered_waits = s.waits.coarse(wait_histogram_bin, wait_histogram_bins);
  result.max_queue = s.max_queue;
  result.events = events;
  result.calls = calls;
}

}  // namespace ccsim::sim::detail
