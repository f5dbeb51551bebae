#pragma once
// What an Engine keeps from one replication to the next: the event lists, the pools of callers,
// agents and customers, each call type's queue and draws, each group's agents. Its buffers are
// reused (no allocation per event); a Replication (replication.hpp) resets and fills them.
#include <cstdint>
#include <vector>

#include "ccsim/models/arrival_profile.hpp"
#include "ccsim/models/distribution.hpp"
#include "agents.hpp"
#include "callbacks.hpp"
#include "customers.hpp"
#include "event_queue.hpp"
#include "opening_hours.hpp"
#include "queues.hpp"
#include "wait_histogram.hpp"

namespace ccsim::sim {
struct IntervalTally;
}

namespace ccsim::sim::detail {

/// The state of the centre, kept across replications for its buffers.
struct EngineState {
  /// One call type: its arrivals, its callers' draws, its queue and callback list.
  struct TypeState {
    // What every call reads first, together (the draws' buffers are large and follow).
    IntervalTally* tally = nullptr;  // its tallies, by interval (the centre's with one type)
    WaitingQueue queue;
    CallbackList callbacks;
    double intensity = 0, day_factor = 1;  // the day's arrivals: unit-rate time so far; volume factor
    std::size_t profile_hint = 0;
    const models::ArrivalProfile* profile = nullptr;
    double answer_within = 0, short_abandon = 0;  // its service level's, seconds
    bool has_wrap = false, has_patience = false;  // wrap-up not fixed at 0; patience given
    bool means_vary = false;                      // some mean given per interval
    models::DrawAhead arrival_gaps, handle_times, wrap_times, patience_times, crm_draws;  // arrival gaps: unit exponential
    models::DrawAhead ivr_times, repeat_delays;  // with an IVR; with returning customers
    models::Rng day_rng;  // its own day factor
  };

  EventQueue events;
  // Several types: each type's next arrival (stamped from `events`): with a few types one slot
  // per type and the earliest found by a scan, with more a small heap.
  EventQueue next_arrivals;
  std::vector<Event> arrival_slots;  // per type; `never` when its day's arrivals are over
  std::size_t first_slot = 0;        // the earliest of arrival_slots
  FollowEvents side;  // returning contacts, IVR ends, callback dials and retries
  // Returning contacts scheduled at a day's opening (the night's and the earlier days' due
  // today), sorted by time and sequence: only the next of them waits in the side heap.
  std::vector<Event> morning;
  std::vector<Event> morning_scratch;  // radix_sort's
  std::size_t morning_next = 0;
  std::uint64_t morning_fed = no_event;  // key of the morning contact in the side heap
  bool scheduling_morning = false;
  static constexpr std::uint64_t no_event = ~std::uint64_t{0};
  CallerPool callers;
  std::vector<Promise> promises;  // indexed like callers; used with callbacks only
  std::vector<TypeState> types;
  std::vector<GroupState> groups;
  std::vector<DayEvent> day_changes;  // the days' plans since the opening (opening_hours.hpp); an event's id indexes it
  AgentPool agents;
  WaitHistogram waits;  // answered calls' waits
  CustomerPool customers;
  // Returning contacts due on later days, by the day at whose opening they are scheduled (the
  // first day whose closing is after them); the last list holds those due after the horizon.
  // Those due in the night before a day's opening wait apart, in `future_night`.
  std::vector<std::vector<FutureContact>> future, future_night;
  std::vector<FutureContact> night_scratch;  // radix_sort's

  // Streams that serve one distribution each are drawn a block ahead (models::DrawAhead);
  // the others (several distributions, or draws that depend on earlier ones) one at a time.
  const models::Distribution unit_uniform = models::Distribution::uniform(0.0, 1.0);  // the same draws as uniform01
  const models::Distribution unit_exponential = models::Distribution::exponential(1.0);
  models::DrawAhead self_service_draws, offer_draws, resolution_draws, balk_draws;
  models::Rng common_day_rng, returning_rng, dial_rng, redial_rng, retry_rng, closed_rng;

  // The clock and the day (seconds since the opening of the run's first day).
  double now = 0, last = 0;
  bool counting = false, open = true;
  std::size_t current = 0;  // index of the interval tally the clock is in
  std::size_t day_base = 0;
  // The current day's grid start, when counting starts (after the warm-up), the last closing of
  // the days run through, and the next window's opening while closed in between.
  double day_offset = 0, counting_from = 0, segment_close = 0, next_open = 0;
  // Totals over types and groups (the centre's time-weighted figures and the replay).
  std::uint64_t busy = 0, available = 0, waiting = 0, lines_in_use = 0;
  std::uint64_t callbacks_outstanding = 0;  // accepted and not yet reached or failed
  std::uint64_t in_ivr = 0, on_break = 0;
  double max_queue = 0;
};

}  // namespace ccsim::sim::detail
