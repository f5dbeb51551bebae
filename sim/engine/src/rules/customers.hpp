#pragma once
// Customers followed across contacts (and days): their journeys, returning contacts (redials,
// retries, repeats, reopens), first-contact resolution, and contacts in closed hours. Member
// definitions of Replication (replication.hpp); included by engine.cpp only.
#include <algorithm>
#include <cassert>

#include <boost/random/poisson_distribution.hpp>

#include "../radix_sort.hpp"
#include "../replication.hpp"

namespace ccsim::sim::detail {

template <QueueShape Kind>
std::uint32_t Replication<Kind>::new_customer(double first_contact, std::size_t interval, bool counted, std::size_t type) {
  if (counted) tally_of(type, interval).customers += 1;
  ++customers_created;
  if (s.customers.full(limits::max_callers)) {
    throw limit_reached("over " + std::to_string(limits::max_callers) +
                        " customers are still trying to get through; their contacts grow without bound: add agents, or "
                        "lower the volume or the share of callers who ring again");
  }
  const std::uint32_t id = s.customers.acquire();
  // Field by field: a record built on the stack and copied stalls on store forwarding.
  Customer& c = s.customers[id];
  c.first_contact = first_contact;
  c.menu_time = 0.0;
  c.first_interval = static_cast<std::uint32_t>(interval);
  c.attempts = 0;
  c.type = static_cast<std::uint16_t>(type);
  c.counted = counted;
  c.reached = false;
  c.crm = not_drawn;
  return id;
}

template <QueueShape Kind>
void Replication<Kind>::end_journey(std::uint32_t id, Outcome outcome) {
  const Customer& c = s.customers[id];
  if (c.counted) {
    IntervalTally& tally = tally_of(c.type, c.first_interval);
    switch (outcome) {
      case Outcome::self_served: tally.self_served += 1; [[fallthrough]];
      case Outcome::resolved:
        tally.resolved += 1;
        tally.resolved_first += c.attempts == 1 ? 1.0 : 0.0;
        break;
      case Outcome::gave_up: tally.gave_up += 1; break;
      case Outcome::pending: tally.pending += 1; break;
    }
  }
  s.customers.release(id);
}

// A returning contact of customer `id` at `t` seconds after this run's opening: within today's
// opening hours it rings today; otherwise it waits for its day (or hears the closed message).
template <QueueShape Kind>
void Replication<Kind>::schedule_return(std::uint32_t id, ContactKind kind, double t) {
  check_contacts();
  if (t < s.segment_close) {  // (in closed hours in between, it hears the closed message then)
    const std::uint32_t slot = new_caller();
    Caller& c = s.callers[slot];
    c.customer = id;
    c.type = s.customers[id].type;
    c.kind = kind;
    c.dials = 0;
    const Event e = s.events.make(t, returning, slot);
    if (s.scheduling_morning) {
      s.morning.push_back(e);
    } else {
      s.side.insert(e);
    }
  } else {
    const double at = run_start + t;
    const std::size_t future = future_day(at, bounds.closing);
    const bool night = future < static_cast<std::size_t>(sc.calendar.days) && at < bounds.opening[future];
    (night ? s.future_night : s.future)[future].push_back({at, id, kind});
  }
}

// A contact of customer `id` failed (abandoned, balked, blocked, closed): it rings again with
// `probability` after `delay`, unless it has made its last allowed attempt.
template <QueueShape Kind>
void Replication<Kind>::try_again(std::uint32_t id, double probability, const models::Distribution& delay, models::Rng& rng,
                                  ContactKind kind, double from) {
  const bool again = models::Distribution::uniform01(rng) < probability;
  const ReturnsSpec& returns = type_of(s.customers[id].type).returns;
  const bool allowed = returns.max_attempts == 0 || s.customers[id].attempts < static_cast<std::uint32_t>(returns.max_attempts);
  if (again && allowed) {
    schedule_return(id, kind, from + delay.sample(rng));
  } else {
    end_journey(id, Outcome::gave_up);
  }
}

// A caller of customer `id` (of call type `type`) hung up or was sent away from the queue: it
// may redial.
template <QueueShape Kind>
void Replication<Kind>::redial(std::uint32_t id, std::uint32_t type) {
  const ReturnsSpec& returns = type_of(type).returns;
  try_again(id, returns.redial_probability, returns.redial_delay, s.redial_rng, redial_contact, s.now);
}

// A contact of customer `id` reaches an agent (inbound or callback): the customer service level
// (time since the first contact, menu time excluded) and first-contact resolution; an
// unresolved problem comes back as a repeat contact.
template <QueueShape Kind>
void Replication<Kind>::reached(std::uint32_t id, double talk) {
  Customer& customer = s.customers[id];
  if (!customer.reached) {
    customer.reached = true;
    if (customer.counted &&
        run_start + s.now - customer.first_contact - customer.menu_time <= sc.call_types[customer.type].service_level.answer_within)
      tally_of(customer.type, customer.first_interval).customers_within += 1;
  }
  if (s.resolution_draws.next() < type_of(customer.type).returns.first_contact_resolution) {
    end_journey(id, Outcome::resolved);
  } else {
    schedule_return(id, repeat_contact, s.now + talk + types[tidx(customer.type)].repeat_delays.next());
  }
}

// A contact of customer `id` outside opening hours hears the closed message (counted in
// `interval` if `counted`); the caller may ring again after the next opening, at `reopen`
// seconds after this run's opening.
template <QueueShape Kind>
void Replication<Kind>::closed_contact(std::uint32_t id, bool counted, double reopen, std::size_t interval) {
  if (counted) tally_of(s.customers[id].type, interval).closed += 1;
  ++s.customers[id].attempts;
  try_again(id, sc.closed.retry_probability, sc.closed.retry_delay, s.closed_rng, reopen_contact, reopen);
}

// Fresh calls while closed, in the `length` seconds up to `until` (seconds since the first
// opening), hear the closed message; each of a type drawn in proportion to the types' volumes
// of the day.
template <QueueShape Kind>
void Replication<Kind>::closed_callers(double until, double length, bool counted, double reopen, std::size_t interval) {
  const double mean = sc.closed.calls_per_hour * length / 3600.0;
  const int count = boost::random::poisson_distribution<int, double>(mean)(s.closed_rng);
  if (several_types) {
    closed_weights.clear();
    double sum = 0;
    for (const auto& ts : s.types) closed_weights.push_back(sum += ts.profile->expected_calls());
  }
  for (int k = 0; k < count; ++k) {
    const double at = until - length * models::Distribution::uniform01(s.closed_rng);
    std::size_t type = 0;
    if (several_types && closed_weights.back() > 0) {
      const double u = models::Distribution::uniform01(s.closed_rng) * closed_weights.back();
      type = static_cast<std::size_t>(std::upper_bound(closed_weights.begin(), closed_weights.end(), u) - closed_weights.begin());
      type = std::min(type, type_count - 1);
    }
    closed_contact(new_customer(at, interval, counted, type), counted, reopen, interval);
  }
}

// At a run's opening (day `day`, its first window opening `first_from` seconds after its grid
// start): fresh calls of the night before hear the closed message, as do returning contacts
// due in that night; those due in today's opening hours are sorted into the morning list.
template <QueueShape Kind>
void Replication<Kind>::take_morning_contacts(double first_from) {
  const auto d = static_cast<std::size_t>(day);
  s.scheduling_morning = true;
  // The night since the last open day's closing (before the first, as long as this day's own night).
  const double opening = bounds.opening[d];
  const double night = d > 0 && bounds.closing[d - 1] > -1e299 ? opening - bounds.closing[d - 1]
                       : sc.calendar.hours.empty()            ? seconds_per_day - open_length
                                                              : seconds_per_day - (bounds.closing[d] - opening);
  if (sc.closed.calls_per_hour > 0 && night > 0) closed_callers(run_start + first_from, night, warmup <= 0, first_from, s.day_base);
  // Returning contacts due in the night before this opening hear the closed message, in the
  // order they are due, ties in the order they were scheduled (they draw from the closed
  // stream; what they schedule is due later, so the lists read here stay put).
  std::vector<FutureContact>& night_due = s.future_night[d];
  radix_sort(night_due, s.night_scratch, [](const FutureContact& f) { return ordered_bits(f.at); });
  for (const FutureContact& f : night_due) {
    assert(f.at < bounds.opening[d]);
    closed_contact(f.customer, warmup <= 0, first_from, s.day_base);
  }
  night_due.clear();
  // Those due during opening hours join the morning list, which is sorted below; their order
  // here only decides ties, and it is the order in which they were scheduled.
  std::vector<FutureContact>& due = s.future[d];
  for (const FutureContact& f : due) {
    assert(f.at >= bounds.opening[d] && f.at < bounds.closing[d]);
    schedule_return(f.customer, static_cast<ContactKind>(f.kind), f.at - run_start);
  }
  due.clear();
  s.scheduling_morning = false;
  // By time, then sequence: they were appended in sequence order and the sort is stable.
  radix_sort(s.morning, s.morning_scratch, [](const Event& e) { return e.when; });
}

// The next morning contact goes into the side heap once the one before it is out.
template <QueueShape Kind>
void Replication<Kind>::feed_morning() {
  if (s.morning_next < s.morning.size()) {
    s.side.insert(s.morning[s.morning_next]);
    s.morning_fed = s.morning[s.morning_next++].key;
  } else {
    s.morning_fed = EngineState::no_event;
  }
}

}  // namespace ccsim::sim::detail
