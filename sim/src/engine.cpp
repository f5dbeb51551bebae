#include "ccsim/sim/engine.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <string>

#include <boost/random/gamma_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>

#include "ccsim/models/limits.hpp"
#include "engine/agents.hpp"
#include "engine/callbacks.hpp"
#include "engine/customers.hpp"
#include "engine/event_queue.hpp"
#include "engine/opening_hours.hpp"
#include "engine/queues.hpp"
#include "engine/radix_sort.hpp"
#include "engine/recorder.hpp"
#include "engine/ring.hpp"
#include "engine/router.hpp"
#include "engine/wait_histogram.hpp"

namespace ccsim::sim {

// The engine's parts (sim/src/engine/, each with its test): the event list (event_queue.hpp),
// agents and groups (agents.hpp), waiting queues (queues.hpp) and the router (router.hpp),
// customers and returns (customers.hpp), callbacks (callbacks.hpp), the recorder's helpers
// (recorder.hpp, wait_histogram.hpp), and the containers they use (ring.hpp, slot_pool.hpp,
// radix_sort.hpp). This file is the event loop and the model's rules: one translation unit, so
// the parts' inline helpers compile into the loop.
using namespace detail;

void IntervalTally::add(const IntervalTally& o) {
  add_counts(o);
  busy_time += o.busy_time;
  available_time += o.available_time;
  queue_time += o.queue_time;
  elapsed += o.elapsed;
  max_queue = std::max(max_queue, o.max_queue);
}

void IntervalTally::add_counts(const IntervalTally& o) {
  offered += o.offered;
  blocked += o.blocked;
  answered += o.answered;
  abandoned += o.abandoned;
  abandoned_short += o.abandoned_short;
  answered_within += o.answered_within;
  waited += o.waited;
  wait_answered += o.wait_answered;
  wait_all += o.wait_all;
  cleared += o.cleared;
  fresh += o.fresh;
  redials += o.redials;
  retries += o.retries;
  repeats += o.repeats;
  reopens += o.reopens;
  closed += o.closed;
  callbacks_placed += o.callbacks_placed;
  self_service += o.self_service;
  balked += o.balked;
  callbacks_offered += o.callbacks_offered;
  callbacks_accepted += o.callbacks_accepted;
  callbacks_completed += o.callbacks_completed;
  callbacks_failed += o.callbacks_failed;
  promises_kept += o.promises_kept;
  promises_broken += o.promises_broken;
  callback_wait += o.callback_wait;
  estimated += o.estimated;
  estimate_error += o.estimate_error;
  estimate_abs_error += o.estimate_abs_error;
  customers += o.customers;
  resolved += o.resolved;
  resolved_first += o.resolved_first;
  gave_up += o.gave_up;
  pending += o.pending;
  self_served += o.self_served;
  customers_within += o.customers_within;
  identified += o.identified;
  crm_time_saved += o.crm_time_saved;
}

namespace {

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

models::Rng make_stream(std::uint64_t seed, std::uint64_t replication, Stream purpose, std::size_t call_type) {
  std::uint64_t mixed =
      splitmix64(splitmix64(splitmix64(seed) ^ (replication + 0x632be59bd9b4e019ULL)) ^ static_cast<std::uint64_t>(purpose));
  // Call type 0 keeps the streams of the single-queue engine (its results stay bit for bit).
  if (call_type > 0) mixed = splitmix64(mixed ^ (static_cast<std::uint64_t>(call_type) * 0xd1b54a32d192ed03ULL));
  return models::Rng(mixed);
}

struct Engine::State {
  // One call type: its arrivals, its callers' draws, its queue and callback list.
  struct TypeState {
    // What every call reads first, together (the draws' buffers are large and follow).
    IntervalTally* tally = nullptr;  // its tallies, by interval (the centre's with one type)
    WaitingQueue queue;
    CallbackList callbacks;
    double intensity = 0, day_factor = 1;
    std::size_t profile_hint = 0;
    const models::ArrivalProfile* profile = nullptr;
    double answer_within = 0, short_abandon = 0;  // its service level's
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
  detail::WaitHistogram waits;  // answered calls' waits
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

  // Per-day state
  double now = 0, last = 0;
  bool counting = false, open = true;
  std::size_t current = 0;  // index of the interval tally the clock is in
  std::size_t day_base = 0;
  // Times since this opening (the grid's start of the first day run through): the current day's
  // grid start, when counting starts (after the warm-up), the last closing of the days run
  // through, and the next window's opening while closed in between.
  double day_offset = 0, counting_from = 0, segment_close = 0, next_open = 0;
  // Totals over types and groups (the centre's time-weighted figures and the replay).
  std::uint64_t busy = 0, available = 0, waiting = 0, lines_in_use = 0;
  std::uint64_t callbacks_outstanding = 0;  // accepted and not yet reached or failed
  std::uint64_t in_ivr = 0, on_break = 0;
  double max_queue = 0;
};


Engine::Engine(const Model& model, const Staffing& staffing) : model_(model), staffing_(staffing), state_(new State) {}
Engine::~Engine() { delete state_; }

ReplicationResult Engine::run(int replication, const Staffing& staffing, Trace* trace) {
  // One queue served by one group is compiled apart: every routing branch drops out of it, and
  // the single-queue engine keeps its speed. So is the usual centre of several types and
  // several groups, whose checks of "several" are then constants; one type with several
  // groups, or several types with one group, take the version that checks at run time.
  const bool types = model_.call_types.size() > 1, groups = model_.agent_groups.size() > 1;
  if (types && groups) return run_queues<Queues::several>(replication, staffing, trace);
  if (types || groups) return run_queues<Queues::mixed>(replication, staffing, trace);
  return run_queues<Queues::single>(replication, staffing, trace);
}

template <Engine::Queues Kind>
ReplicationResult Engine::run_queues(int replication, const Staffing& staffing, Trace* trace) {
  constexpr bool SeveralQueues = Kind != Queues::single;
  const Model& sc = model_;
  State& s = *state_;
  const std::size_t type_count = sc.call_types.size();
  const std::size_t group_count = sc.agent_groups.size();
  if (staffing.groups.size() != group_count)
    throw std::invalid_argument("staffing: has " + std::to_string(staffing.groups.size()) + " agent groups; the model has " +
                                std::to_string(group_count));
  for (const auto& group : staffing.groups) {
    if (group.size() != static_cast<std::size_t>(sc.calendar.days))
      throw std::invalid_argument("staffing: a group has " + std::to_string(group.size()) + " days; the calendar has " +
                                  std::to_string(sc.calendar.days));
  }
  const bool several_types = Kind == Queues::several || (SeveralQueues && type_count > 1);
  const bool several_groups = Kind == Queues::several || (SeveralQueues && group_count > 1);
  const bool scan_arrivals = type_count <= 8;  // several types: next arrivals in slots rather than a heap
  const bool single = !several_types && !several_groups;
  const Routing& routing = sc.routing;
  const bool longest_waiting = routing.agent_picks == AgentPicks::longest_waiting;
  const auto seed = sc.run.seed;
  const auto rep = static_cast<std::uint64_t>(replication);
  s.types.resize(type_count);
  s.groups.resize(group_count);
  for (std::size_t t = 0; t < type_count; ++t) {
    const CallType& type = sc.call_types[t];
    State::TypeState& ts = s.types[t];
    ts.arrival_gaps.reset(s.unit_exponential, make_stream(seed, rep, Stream::arrivals, t));
    ts.handle_times.reset(type.handle_time, make_stream(seed, rep, Stream::handle_time, t));
    ts.wrap_times.reset(type.wrap_up, make_stream(seed, rep, Stream::wrap_up, t));
    if (type.patience) ts.patience_times.reset(*type.patience, make_stream(seed, rep, Stream::patience, t));
    ts.day_rng = make_stream(seed, rep, Stream::day_factor, t);
    if (type.crm) ts.crm_draws.reset(s.unit_uniform, make_stream(seed, rep, Stream::crm, t));
    ts.has_wrap = !(type.wrap_up.kind() == models::DistributionKind::fixed && type.wrap_up.mean() == 0);
    ts.has_patience = type.patience.has_value();
    ts.means_vary = !type.handle_time_factor.empty() || !type.wrap_up_factor.empty() || !type.patience_factor.empty();
    ts.answer_within = type.service_level.answer_within;
    ts.short_abandon = type.service_level.short_abandon;
  }
  if (sc.day_to_day_cv > 0) s.common_day_rng = make_stream(seed, rep, Stream::common_day_factor);
  const bool follow = sc.follow_customers;
  if (follow) {
    s.returning_rng = make_stream(seed, rep, Stream::returning_needs);
    for (std::size_t t = 0; t < type_count; ++t) {
      const CallType& type = sc.call_types[t];
      if (type.ivr) s.types[t].ivr_times.reset(type.ivr->time, make_stream(seed, rep, Stream::ivr, t));
      s.types[t].repeat_delays.reset(type.returns.repeat_delay, make_stream(seed, rep, Stream::repeat, t));
    }
    s.self_service_draws.reset(s.unit_uniform, make_stream(seed, rep, Stream::self_service));
    s.offer_draws.reset(s.unit_uniform, make_stream(seed, rep, Stream::callback_offer));
    s.dial_rng = make_stream(seed, rep, Stream::callback_dial);
    s.redial_rng = make_stream(seed, rep, Stream::redial);
    s.retry_rng = make_stream(seed, rep, Stream::retry);
    s.resolution_draws.reset(s.unit_uniform, make_stream(seed, rep, Stream::resolution));
    s.closed_rng = make_stream(seed, rep, Stream::closed);
    s.balk_draws.reset(s.unit_uniform, make_stream(seed, rep, Stream::balk));
  }
  s.waits.clear();
  s.customers.clear();
  s.future.resize(static_cast<std::size_t>(sc.calendar.days) + 1);
  s.future_night.resize(static_cast<std::size_t>(sc.calendar.days));
  for (auto& day : s.future) day.clear();
  for (auto& night : s.future_night) night.clear();

  const int per_day = sc.calendar.intervals_per_day();
  const double interval_length = sc.calendar.interval;
  const double per_interval_length = 1.0 / interval_length;
  const double open_length = sc.calendar.open_length();
  const double warmup = sc.run.warmup;
  const bool has_lines = sc.lines.has_value();
  const std::uint64_t lines = has_lines ? static_cast<std::uint64_t>(*sc.lines) : 0;
  // Some call type has an IVR, a callback offer, an announcement (each type's own, or the top-level block).
  const auto any_type = [&](auto has) { return std::any_of(sc.call_types.begin(), sc.call_types.end(), has); };
  const bool has_ivr = any_type([](const CallType& t) { return t.ivr.has_value(); });
  const bool has_callback = any_type([](const CallType& t) { return t.callback.has_value(); });
  const bool has_announcement = any_type([](const CallType& t) { return t.announcement.has_value(); });
  const bool estimates = has_callback || has_announcement;  // callers are told or offered by their expected wait
  // Callbacks of call type t compete with its callers in queue order (else: served when no caller waits).
  const auto in_queue_order = [&](std::size_t t) {
    const auto& cb = sc.call_types[t].callback;
    return cb.has_value() && cb->serve == CallbackServe::queue_order;
  };
  const bool serve_callbacks_in_order = in_queue_order(0);  // one call type: its rule
  const bool has_crm = sc.has_crm();
  // Some group handles some type faster or slower than the type's handle_time.
  bool group_factors = false;
  for (const AgentGroup& g : sc.agent_groups) {
    for (double f : g.handle_time_factor) group_factors |= SeveralQueues && f != 1.0;
  }
  const bool has_overflow = SeveralQueues && std::any_of(routing.overflow.begin(), routing.overflow.end(), [](const auto& o) { return !o.empty(); });

  ReplicationResult result;
  const std::size_t interval_count = static_cast<std::size_t>(sc.calendar.days) * static_cast<std::size_t>(per_day);
  result.intervals.assign(interval_count, {});
  if (several_types) {
    result.call_types.assign(type_count, std::vector<IntervalTally>(interval_count));
    for (std::size_t t = 0; t < type_count; ++t) s.types[t].tally = result.call_types[t].data();
  } else {
    s.types[0].tally = result.intervals.data();
  }
  if (several_groups) {
    result.agent_groups.assign(group_count, std::vector<IntervalTally>(interval_count));
    for (std::size_t g = 0; g < group_count; ++g) s.groups[g].tally = result.agent_groups[g].data();
    result.handled_by_type.assign(group_count * type_count, 0.0);
  }
  if (several_types) result.call_type_max_queue.assign(type_count, 0.0);
  s.max_queue = 0;
  std::uint64_t events = 0, calls = 0;
  int current_day = 0;  // for messages
  // A run that outgrows a limit of ccsim::limits stops, saying where and what to change.
  const auto limit_reached = [&](const std::string& what) {
    // (After closing a day's last calls may run past midnight: the clock then names the next day.)
    const double since_midnight = sc.calendar.open + s.now;
    const double past_days = std::max(0.0, std::floor(since_midnight / 86400.0));
    return SimulationLimit("replication " + std::to_string(replication + 1) + ", day " +
                           std::to_string(current_day + 1 + static_cast<int>(past_days)) + " at " +
                           format_time_of_day(since_midnight - past_days * 86400.0) + ": " + what);
  };
  // Contacts are counted against limits::max_contacts at every interval boundary and every
  // returning contact, off the fresh-arrival path.
  std::uint64_t customers_created = 0;
  const auto check_contacts = [&] {
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
  };

  // ---- tallies ----
  // The tally of interval `interval` of call type `type` (the centre's with one type).
  IntervalTally* const centre = result.intervals.data();
  State::TypeState* const types = s.types.data();  // (neither vector changes size during the run)
  GroupState* const groups = s.groups.data();
  // A caller's call type (0 with one type: its field is not read).
  const auto tidx = [&](std::uint32_t type) -> std::size_t { return several_types ? type : 0; };
  // The blocks of a call type (its own or the top-level ones).
  const auto type_of = [&](std::uint32_t type) -> const CallType& { return sc.call_types[tidx(type)]; };
  // The service level's thresholds of a caller's type (locals with one type: one load fewer per call).
  const double answer_within0 = sc.call_types[0].service_level.answer_within;
  const double short_abandon0 = sc.call_types[0].service_level.short_abandon;
  const State::TypeState& first_type = s.types[0];
  const bool has_wrap0 = first_type.has_wrap, has_patience0 = first_type.has_patience, means_vary0 = first_type.means_vary;
  const auto has_wrap = [&](const State::TypeState& ts) { return several_types ? ts.has_wrap : has_wrap0; };
  const auto has_patience = [&](const State::TypeState& ts) { return several_types ? ts.has_patience : has_patience0; };
  const auto means_vary = [&](const State::TypeState& ts) { return several_types ? ts.means_vary : means_vary0; };
  const auto answer_within_of = [&](std::uint32_t type) { return several_types ? types[type].answer_within : answer_within0; };
  const auto short_abandon_of = [&](std::uint32_t type) { return several_types ? types[type].short_abandon : short_abandon0; };
  const auto tally_of = [&](std::size_t type, std::size_t interval) -> IntervalTally& {
    return several_types ? types[type].tally[interval] : centre[interval];
  };
  // Several types: a type's queue length is integrated at each change (and at each boundary).
  // (Areas since the last boundary, moved into the interval's tally at each boundary.)
  const auto flush_type = [&](State::TypeState& ts) { ts.queue.integrate(s.now); };
  // (A type's own count is kept only with several types: with one it is the centre's.)
  const auto type_waiting = [&](State::TypeState& ts, bool join) {
    if (several_types) {
      flush_type(ts);
      join ? ++ts.queue.waiting : --ts.queue.waiting;
    }
    join ? ++s.waiting : --s.waiting;
  };
  // Several groups: a group's busy and available agents are integrated at each change.
  // (A group's own counts are kept only with several groups: with one they are the centre's.)
  const auto busy_change = [&](std::uint32_t group, bool up) {
    if (several_groups) {
      groups[group].busy_change(s.now, up);
    }
    up ? ++s.busy : --s.busy;
  };
  const auto available_change = [&](std::uint32_t group, bool up) {
    if (several_groups) {
      groups[group].available_change(s.now, up);
    }
    up ? ++s.available : --s.available;
  };
  // At a boundary (or when counting starts or stops): the areas go into the current interval's
  // tallies if it counts, and start again from 0.
  const auto flush_all = [&] {
    if (several_types) {
      for (auto& ts : s.types) {
        flush_type(ts);
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
  };
  // A call of type `type` that arrived in `interval` was handled by `group` (several groups).
  const auto handled = [&](std::uint32_t group, std::size_t type, std::size_t interval, bool callback) {
    IntervalTally& tally = groups[group].tally[interval];
    (callback ? tally.callbacks_completed : tally.answered) += 1;
    result.handled_by_type[group * type_count + type] += 1;
  };

  // ---- customers (followed across contacts, days included) ----
  const auto new_customer = [&](double first_contact, std::size_t interval, bool counted, std::size_t type) -> std::uint32_t {
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
  };
  // The list of State::future a contact due at `at` (seconds since the first opening) goes to:
  // the first day whose closing is after it, or the last list (after the horizon).
  const detail::DayBounds bounds = detail::day_bounds(sc.calendar);
  const auto future_day = [&](double at) { return detail::future_day(at, bounds.closing); };
  enum class Outcome { resolved, self_served, gave_up, pending };
  const auto end_journey = [&](std::uint32_t id, Outcome outcome) {
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
  };
  // Closed-hours callers of several types: a type drawn in proportion to its volume of the day.
  std::vector<double> closed_weights;
  const bool clear_at_close = sc.calendar.at_close == AtClose::clear;

  // A day's demand: its arrival profiles, and its volume factors (drawn for every day, closed
  // ones too, so that closing a day leaves the other days' factors alone).
  const auto begin_day_demand = [&](int day) {
    const double common_factor = sc.day_to_day_cv > 0 ? [&] {
      const double shape = 1.0 / (sc.day_to_day_cv * sc.day_to_day_cv);
      return boost::random::gamma_distribution<double>(shape, 1.0 / shape)(s.common_day_rng);
    }() : 1.0;
    for (std::size_t t = 0; t < type_count; ++t) {
      State::TypeState& ts = s.types[t];
      const CallType& type = sc.call_types[t];
      ts.intensity = 0;
      ts.profile_hint = 0;
      ts.profile = &type.arrivals[static_cast<std::size_t>(day)];
      ts.day_factor = 1.0;
      if (type.day_to_day_cv > 0) {
        const double shape = 1.0 / (type.day_to_day_cv * type.day_to_day_cv);
        ts.day_factor = boost::random::gamma_distribution<double>(shape, 1.0 / shape)(ts.day_rng);
      }
      ts.day_factor *= common_factor;
    }
  };

  // Each day that opens starts a run: the centre starts empty, and runs on through every
  // midnight that the calendar keeps open (the run's later days start inside the event loop).
  for (int d = 0; d < sc.calendar.days; ++d) {
    if (sc.calendar.closed_day(d)) {
      begin_day_demand(d);
      continue;
    }
    current_day = d;
    // ---- reset the day ----
    s.events.clear();
    s.side.clear();
    s.morning.clear();
    s.morning_next = 0;
    s.morning_fed = State::no_event;
    s.callers.clear();
    s.agents.clear();
    s.now = s.last = 0;
    const std::vector<OpenWindow> first_windows = sc.calendar.windows(d);
    const double first_from = first_windows.front().from;
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
    detail::plan_day(s.day_changes, staffing, sc.calendar, d, false);
    const double day_start = static_cast<double>(d) * seconds_per_day;  // this opening, since the first

    // The next arrival of a single call type waits outside the heap (half of all heap traffic
    // otherwise); it is stamped with a sequence number like any event, so the order of events
    // is unchanged. With several types each type's next arrival waits in a small heap of its
    // own (id = type), one entry per type.
    s.next_arrivals.clear();
    s.arrival_slots.assign(type_count, never);
    bool arrival_pending = false;
    Event next_arrival{};
    const auto schedule_next_arrival = [&](std::size_t type) __attribute__((always_inline)) {
      State::TypeState& ts = types[type];
      ts.intensity += ts.arrival_gaps.next();
      const double in_day = ts.day_factor > 0 ? ts.profile->time_at(ts.intensity / ts.day_factor, ts.profile_hint) : -1.0;
      const double t = in_day < 0 ? in_day : in_day + s.day_offset;
      if (several_types) {
        if (scan_arrivals) {
          s.arrival_slots[type] = t >= 0 ? s.events.make(t, arrival, static_cast<std::uint32_t>(type)) : never;
          // The earliest slot, without a branch (which type comes next is random: a mispredicted
          // branch would cost more than the selects). Simultaneous arrivals of several types,
          // all but impossible with continuous times, go in type order.
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
    };

    // Snapshots of the replay: the state holds from the last event until `t`.
    double next_snapshot = 0;
    const auto take_snapshots = [&](double t) {
      for (; next_snapshot < t; next_snapshot += trace->step) {
        if (trace->snapshots.size() >= limits::max_trace_snapshots) {
          throw limit_reached("the replay would hold over " + std::to_string(limits::max_trace_snapshots) +
                              " snapshots (the day lasts too long, or the snapshot step is too short): replay fewer days "
                              "or a longer step");
        }
        Snapshot snap;
        snap.time = day_start + next_snapshot;
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
    };

    // Time-weighted tallies of the centre up to `t`.
    const auto advance = [&](double t) {
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
    };

    const auto interval_of = [&](double t) {
      return static_cast<std::uint32_t>(s.day_base + interval_in_day(t - s.day_offset, per_interval_length, per_day));
    };

    // A caller arriving now draws from its interval's distributions (means given per interval).
    const auto scale_needs = [&](Caller& c, const CallType& type) {
      const std::uint32_t k = interval_of(s.now);
      if (!type.handle_time_factor.empty()) c.handle *= type.handle_time_factor[k];
      if (!type.wrap_up_factor.empty()) c.wrap *= type.wrap_up_factor[k];
      if (!type.patience_factor.empty()) c.patience *= type.patience_factor[k];
    };

    const auto new_agent_id = [&](std::uint16_t group) -> std::uint32_t {
      const std::uint32_t id = s.agents.acquire();
      s.agents[id].group = group;
      return id;
    };

    // A caller slot (its generation kept); the caller fills the fields in place, since a
    // record built on the stack and copied in stalls on store forwarding.
    const auto new_caller = [&]() -> std::uint32_t {
      if (s.callers.full(limits::max_callers)) {
        throw limit_reached("over " + std::to_string(limits::max_callers) +
                            " callers are held at once (waiting, in the IVR or for a callback): the queue grows without "
                            "bound; add agents or lines, or lower the volume");
      }
      return s.callers.acquire();  // a new slot has generation 0
    };

    const auto release_caller = [&](std::uint32_t slot) {
      detail::release_caller(s.callers, slot);
    };

    // The first group in `type`'s arrival order with an idle agent, or no_group.
    const auto idle_group = [&](std::size_t type) -> std::uint32_t {
      if (single) return groups[0].idle.empty() ? no_group : 0;
      return first_idle_group(routing.try_order[type], [&](std::size_t g) { return !groups[g].idle.empty(); });
    };

    // A returning contact of customer `id` at `t` seconds after this opening: within today's
    // opening hours it rings today; otherwise it waits for its day (or hears the closed message).
    const auto schedule_return = [&](std::uint32_t id, ContactKind kind, double t) {
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
        const double at = day_start + t;
        const std::size_t day = future_day(at);
        const bool night = day < static_cast<std::size_t>(sc.calendar.days) && at < bounds.opening[day];
        (night ? s.future_night : s.future)[day].push_back({at, id, kind});
      }
    };

    // A contact of customer `id` failed (abandoned, balked, blocked, closed): it rings again with
    // `probability` after `delay`, unless it has made its last allowed attempt.
    const auto try_again = [&](std::uint32_t id, double probability, const models::Distribution& delay,
                               models::Rng& rng, ContactKind kind, double from) {
      const bool again = models::Distribution::uniform01(rng) < probability;
      const ReturnsSpec& returns = type_of(s.customers[id].type).returns;
      const bool allowed = returns.max_attempts == 0 || s.customers[id].attempts < static_cast<std::uint32_t>(returns.max_attempts);
      if (again && allowed) {
        schedule_return(id, kind, from + delay.sample(rng));
      } else {
        end_journey(id, Outcome::gave_up);
      }
    };

    // A contact of customer `id` reaches an agent (inbound or callback): the customer service
    // level (time since the first contact, menu time excluded) and first-contact resolution; an unresolved problem comes back as a repeat contact.
    const auto reached = [&](std::uint32_t id, double talk) {
      Customer& customer = s.customers[id];
      if (!customer.reached) {
        customer.reached = true;
        if (customer.counted &&
            day_start + s.now - customer.first_contact - customer.menu_time <= sc.call_types[customer.type].service_level.answer_within)
          tally_of(customer.type, customer.first_interval).customers_within += 1;
      }
      if (s.resolution_draws.next() < type_of(customer.type).returns.first_contact_resolution) {
        end_journey(id, Outcome::resolved);
      } else {
        schedule_return(id, repeat_contact, s.now + talk + types[tidx(customer.type)].repeat_delays.next());
      }
    };

    // The group of agent `a` (not read from the agent with one group: a cache miss saved per call).
    const auto group_of = [&](std::uint32_t a) -> std::uint32_t { return several_groups ? s.agents[a].group : 0U; };

    // The talk time of caller `c` with an agent of `group`.
    const auto talk_time = [&](const Caller& c, std::uint32_t group) {
      return group_factors ? c.handle * sc.agent_groups[group].handle_time_factor[c.type] : c.handle;
    };

    // Agent `a` of `group` starts talking to caller `c`, who waited `wait` seconds.
    const auto answer = [&](std::uint32_t a, std::uint32_t group, const Caller& c, double wait) {
      const double talk = talk_time(c, group);
      if (c.counted) {
        IntervalTally& tally = tally_of(c.type, c.interval);
        tally.answered += 1;
        tally.answered_within += wait <= answer_within_of(c.type) ? 1.0 : 0.0;
        tally.waited += wait > 0 ? 1.0 : 0.0;
        tally.wait_answered += wait;
        tally.wait_all += wait;
        s.waits.record(wait);
        if (has_crm && c.crm != not_identified) {
          const CrmSpec& crm = *sc.call_types[tidx(c.type)].crm;
          const double factor = c.crm == identified_first ? crm.handle_time_factor
                                                          : crm.handle_time_factor * crm.returning_handle_time_factor;
          tally.crm_time_saved += talk / factor - talk;
        }
        if (estimates && c.estimate >= 0) {
          tally.estimated += 1;
          tally.estimate_error += wait - c.estimate;
          tally.estimate_abs_error += std::abs(wait - c.estimate);
        }
        if (several_groups) handled(group, c.type, c.interval, false);
      }
      busy_change(group, true);
      if (has_callback) s.agents[a].callback = false;
      if (trace != nullptr) {
        Agent& agent = s.agents[a];
        agent.talk_until = s.now + talk;
        agent.busy_until = s.now + talk + c.wrap;
      }
      if (has_lines) {
        s.agents[a].wrap = c.wrap;
        s.events.push(s.now + talk, talk_end, a);
      } else {
        // Without a line limit the end of talk changes nothing: one event for talk + wrap-up.
        s.events.push(s.now + talk + c.wrap, work_end, a);
      }
      if (follow) reached(c.customer, talk);
    };

    // Agent `a` dials the callback in caller slot `slot`.
    const auto dial = [&](std::uint32_t a, std::uint32_t slot) {
      Caller& c = s.callers[slot];
      ++c.dials;
      if (c.counted) tally_of(c.type, s.current).callbacks_placed += 1;
      Agent& agent = s.agents[a];
      busy_change(group_of(a), true);
      agent.callback = true;
      agent.slot = slot;
      const double dialled = s.now + type_of(c.type).callback->dial_time.sample(s.dial_rng);
      if (trace != nullptr) agent.talk_until = agent.busy_until = dialled;
      s.side.insert(s.events.make(dialled, dial_end, a));
    };

    // What an agent of `group` who is free takes (router.hpp): a type's front caller or first
    // callback; no_group as the type when there is nothing it may take.
    const PickRules rules{longest_waiting};
    const auto pick = [&](std::uint32_t group) -> Pick {
      if (single) {  // one queue: its front caller, or the callback ahead of it
        State::TypeState& ts = types[0];
        const Caller* head = ts.queue.head(s.callers);
        const bool callback = callback_first(ts.callbacks, head != nullptr, head != nullptr ? head->arrival : 0.0, serve_callbacks_in_order);
        return {head != nullptr || callback ? 0U : no_group, callback};
      }
      constexpr double none = std::numeric_limits<double>::infinity();
      const auto front = [&](std::size_t t) {
        const Caller* head = types[t].queue.head(s.callers);
        if (head == nullptr) return none;
        if (has_overflow) {
          const double delay = routing.delay_of(t, group);
          if (delay > 0 && s.now < head->arrival + delay) return none;  // not yet this group's
        }
        return head->arrival;
      };
      // Callbacks in queue order compete with the callers; the others wait for no caller to wait.
      const auto queued_callback = [&](std::size_t t) {
        const CallbackList& list = types[t].callbacks;
        return list.empty() || !in_queue_order(t) ? none : list.front().since;
      };
      const auto idle_callback = [&](std::size_t t) {
        const CallbackList& list = types[t].callbacks;
        return list.empty() || in_queue_order(t) ? none : list.front().since;
      };
      if (!has_callback) {  // no callback list to look at
        const auto no_callback = [&](std::size_t) { return none; };
        return pick_work(sc.agent_groups[group].skills, rules, front, no_callback, no_callback);
      }
      return pick_work(sc.agent_groups[group].skills, rules, front, queued_callback, idle_callback);
    };

    // After closing, an idle agent goes home unless a callback is outstanding or a caller it
    // may take later (after its overflow wait) is waiting.
    const auto may_go_home = [&](std::uint32_t group) {
      if (s.callbacks_outstanding != 0) return false;
      if (!has_overflow) return true;
      for (const std::size_t t : sc.agent_groups[group].skills) {
        if ((several_types ? types[t].queue.waiting : s.waiting) > 0) return false;
      }
      return true;
    };

    // Agent `a` of `group` has just become available (free after a call, back from a break, or new).
    const auto agent_free = [&](std::uint32_t a, std::uint32_t group) {
      GroupState& g = groups[group];
      if (!g.pending_breaks.empty()) {
        available_change(group, false);
        ++s.on_break;
        s.events.push(s.now + g.pending_breaks.pop_front(), agent_back, a);
        return;
      }
      if (g.pending_permanent_leaves > 0) {
        --g.pending_permanent_leaves;
        available_change(group, false);
        s.agents.release(a);
        return;
      }
      const Pick p = pick(group);
      if (p.type != no_group) {
        State::TypeState& ts = types[p.type];
        if (p.callback) {
          dial(a, ts.callbacks.pop_front().slot);
          return;
        }
        const Queued q = ts.queue.entries.pop_front();
        Caller& c = s.callers[q.slot];
        c.waiting = false;
        type_waiting(ts, false);
        const bool timers = c.timers > 0;
        answer(a, group, c, s.now - c.arrival);  // may grow the caller pool: `c` is not used after it
        if (!timers) release_caller(q.slot);
        return;
      }
      if (!s.open && may_go_home(group)) {  // after closing, an agent with nothing to do goes home
        available_change(group, false);
        s.agents.release(a);
        return;
      }
      g.idle.push_back(a);
    };

    const auto send_idle_home = [&] {
      for (std::uint32_t group = 0; group < group_count; ++group) {
        GroupState& g = groups[group];
        if (g.idle.empty() || !may_go_home(group)) continue;
        while (!g.idle.empty()) {
          const std::uint32_t a = g.idle.pop_front();
          available_change(group, false);
          s.agents.release(a);
        }
      }
    };

    // Agents available to callers of `type` (every group that serves it).
    const auto agents_for = [&](std::size_t type) -> std::uint64_t {
      if (!several_groups) return s.available;
      std::uint64_t n = 0;
      for (std::size_t g = 0; g < group_count; ++g) {
        if (routing.delay_of(type, g) >= 0) n += groups[g].available;
      }
      return n;
    };

    // Caller `slot`, holding a line, is ready for an agent (straight away, or after the IVR).
    const auto to_agents = [&](std::uint32_t slot) {
      Caller& c = s.callers[slot];
      c.arrival = s.now;
      const std::uint32_t group = idle_group(c.type);
      if (group != no_group) {
        const std::uint32_t a = groups[group].idle.pop_front();
        answer(a, group, c, 0.0);
        release_caller(slot);
        return;
      }
      if (clear_at_close && !s.open) {  // out of the IVR after closing: the closed message, as the queue heard
        --s.lines_in_use;
        if (c.counted) {
          IntervalTally& tally = tally_of(c.type, c.interval);
          tally.cleared += 1;
          tally.waited += 1;
        }
        const std::uint32_t id = c.customer, type = c.type;
        release_caller(slot);
        if (follow) {
          const ReturnsSpec& returns = type_of(type).returns;
          try_again(id, returns.redial_probability, returns.redial_delay, s.redial_rng, redial_contact, s.now);
        }
        return;
      }
      State::TypeState& ts = types[tidx(c.type)];
      c.estimate = -1;
      if (estimates) {
        // Expected wait from the queue ahead (Whitt's queue-length predictor for M/M/N):
        // (callers ahead + 1) x mean handle time / agents available.
        const CallType& type = sc.call_types[tidx(c.type)];
        const std::uint64_t ahead =
            (several_types ? ts.queue.waiting : s.waiting) + (in_queue_order(tidx(c.type)) ? ts.callbacks.size() : 0);
        const double agents = static_cast<double>(std::max<std::uint64_t>(agents_for(c.type), 1));
        c.estimate = static_cast<double>(ahead + 1) * (type.handle_time.mean() + type.wrap_up.mean()) / agents;
        if (type.callback) {
          const CallbackSpec& cb = *type.callback;
          const bool offer = (cb.offer_when_wait_exceeds && c.estimate > *cb.offer_when_wait_exceeds) ||
                             (cb.offer_at_position && ahead + 1 >= static_cast<std::uint64_t>(*cb.offer_at_position));
          if (offer) {
            if (c.counted) tally_of(c.type, c.interval).callbacks_offered += 1;
            if (s.offer_draws.next() < cb.accept_probability) {
              --s.lines_in_use;  // hangs up; keeps its place or its promise
              if (s.promises.size() < s.callers.size()) s.promises.resize(s.callers.size());
              s.promises[slot] = {s.now, s.now + (cb.mode == CallbackMode::keep_place ? c.estimate + cb.promise_margin : cb.window)};
              c.dials = 0;
              if (c.counted) tally_of(c.type, c.interval).callbacks_accepted += 1;
              ++s.callbacks_outstanding;
              ts.callbacks.push_back({slot, s.now});
              return;
            }
          }
        }
        if (type.announcement &&
            s.balk_draws.next() < 1.0 - std::exp2(-c.estimate / type.announcement->half_balk_wait)) {
          --s.lines_in_use;
          if (c.counted) tally_of(c.type, c.interval).balked += 1;
          const std::uint32_t id = c.customer;
          release_caller(slot);
          try_again(id, type.returns.redial_probability, type.returns.redial_delay, s.redial_rng, redial_contact, s.now);
          return;
        }
      }
      c.waiting = true;
      ts.queue.entries.push_back({slot, c.generation});
      type_waiting(ts, true);
      if (c.counted) {
        IntervalTally& tally = result.intervals[s.current];
        tally.max_queue = std::max(tally.max_queue, static_cast<double>(s.waiting));
        s.max_queue = std::max(s.max_queue, static_cast<double>(s.waiting));
        if (several_types) {
          IntervalTally& own = ts.tally[s.current];
          own.max_queue = std::max(own.max_queue, static_cast<double>(ts.queue.waiting));
          double& most = result.call_type_max_queue[c.type];
          most = std::max(most, static_cast<double>(ts.queue.waiting));
        }
      }
      if (has_patience(ts)) {
        ++c.timers;
        s.events.push(s.now + c.patience, abandon, slot);
      }
      if (has_overflow && !routing.overflow[c.type].empty()) {
        c.overflow_next = 0;
        ++c.timers;
        s.events.push(s.now + routing.overflow[c.type][0].first, overflow, slot);
      }
    };

    // An inbound contact rings now: `c` carries its needs; with `has_slot`, `c` is caller slot
    // `slot` (otherwise a record on the stack, answered at once by an agent of `group`).
    const auto ring = [&](Caller& c, std::uint32_t slot, bool has_slot, std::uint32_t group) __attribute__((always_inline)) {
      ++calls;
      const std::uint32_t interval = interval_of(s.now);
      const bool counted = s.now >= s.counting_from;
      c.arrival = s.now;
      c.interval = interval;
      c.counted = counted;
      c.waiting = false;
      c.timers = 0;
      c.estimate = -1;
      if (counted) {
        IntervalTally& tally = tally_of(c.type, interval);
        tally.offered += 1;
        if (has_crm && c.crm != not_identified) tally.identified += 1;
        if (follow) {
          switch (c.kind) {
            case fresh_contact: tally.fresh += 1; break;
            case redial_contact: tally.redials += 1; break;
            case retry_contact: tally.retries += 1; break;
            case repeat_contact: tally.repeats += 1; break;
            default: tally.reopens += 1; break;
          }
        }
      }
      if (follow) ++s.customers[c.customer].attempts;
      if (has_lines && s.lines_in_use >= lines) {
        if (counted) tally_of(c.type, interval).blocked += 1;
        if (has_slot) release_caller(slot);
        if (follow) {
          const ReturnsSpec& returns = type_of(c.type).returns;
          try_again(c.customer, returns.retry_probability, returns.retry_delay, s.retry_rng, retry_contact, s.now);
        }
        return;
      }
      ++s.lines_in_use;
      const bool via_ivr = has_ivr && (!several_types || type_of(c.type).ivr.has_value());
      if (!via_ivr && group != no_group) {  // the common case, without touching the caller pool
        const std::uint32_t a = groups[group].idle.pop_front();
        answer(a, group, c, 0.0);
        if (has_slot) release_caller(slot);
        return;
      }
      assert(has_slot);  // the arrival gave the call a slot: it cannot be answered at once
      if (via_ivr) {
        ++s.in_ivr;
        s.side.insert_ivr_end(s.events.make(s.now + types[tidx(c.type)].ivr_times.next(), ivr_end, slot));
      } else {
        to_agents(slot);
      }
    };

    // A contact of customer `id` outside opening hours hears the closed message (counted in
    // `interval` if `counted`); the caller may ring again after the next opening, at `reopen`
    // seconds after this opening.
    const auto closed_contact = [&](std::uint32_t id, bool counted, double reopen, std::size_t interval) {
      if (counted) tally_of(s.customers[id].type, interval).closed += 1;
      ++s.customers[id].attempts;
      try_again(id, sc.closed.retry_probability, sc.closed.retry_delay, s.closed_rng, reopen_contact, reopen);
    };

    // Fresh calls while closed, in the `length` seconds up to `until` (seconds since the first
    // opening), hear the closed message; each of a type drawn in proportion to the types'
    // volumes of the day.
    const auto closed_callers = [&](double until, double length, bool counted, double reopen, std::size_t interval) {
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
    };

    // Callers still waiting when the centre closes hear the closed message (at_close: clear);
    // they may ring again as abandoners do.
    const auto clear_caller = [&](std::uint32_t slot) {
      Caller& c = s.callers[slot];
      c.waiting = false;
      type_waiting(types[tidx(c.type)], false);
      --s.lines_in_use;
      if (c.counted) {
        IntervalTally& tally = tally_of(c.type, c.interval);
        tally.cleared += 1;
        tally.waited += 1;
        tally.wait_all += s.now - c.arrival;
      }
      const std::uint32_t id = c.customer;
      const std::uint32_t type = c.type;
      if (c.timers == 0) release_caller(slot);  // else the last timer releases it
      if (follow) {
        const ReturnsSpec& returns = type_of(type).returns;
        try_again(id, returns.redial_probability, returns.redial_delay, s.redial_rng, redial_contact, s.now);
      }
    };
    const auto clear_queues = [&] {
      for (std::size_t t = 0; t < type_count; ++t) {
        WaitingQueue& queue = types[t].queue;
        while (!queue.entries.empty()) {
          const Queued q = queue.entries.pop_front();
          const Caller& c = s.callers[q.slot];
          if (c.generation == q.generation && c.waiting) clear_caller(q.slot);
        }
      }
    };

    // The centre closes (a window's end, or the day's): no more arrivals; idle agents go home;
    // time-weighted figures stop.
    const auto close_centre = [&] {
      flush_all();
      s.open = false;
      s.counting = false;
      if (clear_at_close) clear_queues();
      send_idle_home();
    };

    // ---- schedule the day ----
    for (std::size_t t = 0; t < type_count; ++t) schedule_next_arrival(t);
    for (std::size_t i = 0; i < s.day_changes.size(); ++i)
      s.events.push(s.day_changes[i].change.time, staffing_change, static_cast<std::uint32_t>(i));
    s.events.push(interval_length, boundary, 1);  // each boundary schedules the next: a smaller heap
    if (warmup > 0) s.events.push(s.counting_from, warmup_end, 0);
    if (follow) {
      s.scheduling_morning = true;
      // Fresh calls during the night before this opening hear the closed message: the night
      // since the last open day's closing (before the first, as long as this day's own night).
      const double opening = bounds.opening[static_cast<std::size_t>(d)];
      const double night = d > 0 && bounds.closing[static_cast<std::size_t>(d) - 1] > -1e299
                                ? opening - bounds.closing[static_cast<std::size_t>(d) - 1]
                                : sc.calendar.hours.empty() ? seconds_per_day - open_length
                                                            : seconds_per_day - (bounds.closing[static_cast<std::size_t>(d)] - opening);
      if (sc.closed.calls_per_hour > 0 && night > 0) closed_callers(day_start + first_from, night, warmup <= 0, first_from, s.day_base);
      // Returning contacts due in the night before this opening hear the closed message, in
      // the order they are due, ties in the order they were scheduled (they draw from the closed
      // stream; what they schedule is due later, so the lists read here stay put).
      std::vector<FutureContact>& night_due = s.future_night[static_cast<std::size_t>(d)];
      radix_sort(night_due, s.night_scratch, [](const FutureContact& f) { return ordered_bits(f.at); });
      for (const FutureContact& f : night_due) {
        assert(f.at < bounds.opening[static_cast<std::size_t>(d)]);
        closed_contact(f.customer, warmup <= 0, first_from, s.day_base);
      }
      night_due.clear();
      // Those due during opening hours join the morning list, which is sorted below; their order
      // here only decides ties, and it is the order in which they were scheduled.
      std::vector<FutureContact>& due = s.future[static_cast<std::size_t>(d)];
      for (const FutureContact& f : due) {
        assert(f.at >= bounds.opening[static_cast<std::size_t>(d)] && f.at < bounds.closing[static_cast<std::size_t>(d)]);
        schedule_return(f.customer, static_cast<ContactKind>(f.kind), f.at - day_start);
      }
      due.clear();
      s.scheduling_morning = false;
      // By time, then sequence: they were appended in sequence order and the sort is stable.
      radix_sort(s.morning, s.morning_scratch, [](const Event& e) { return e.when; });
    }
    // The next morning contact goes into the side heap once the one before it is out.
    const auto feed_morning = [&] {
      if (s.morning_next < s.morning.size()) {
        s.side.insert(s.morning[s.morning_next]);
        s.morning_fed = s.morning[s.morning_next++].key;
      } else {
        s.morning_fed = State::no_event;
      }
    };
    feed_morning();

    // The opening of the first window of day `d` after `t` seconds since its grid start (the
    // grid's end when none).
    const auto next_window_after = [&](double t) {
      for (const OpenWindow& w : sc.calendar.windows(d)) {
        if (w.from > t) return w.from;
      }
      return open_length;
    };

    // Midnight run through: the next day starts without emptying the centre (waiting callers,
    // busy agents and calls in progress carry over); its agents on duty are set to its schedule.
    const auto next_day = [&] {
      ++d;
      current_day = d;
      s.day_base = static_cast<std::size_t>(d) * static_cast<std::size_t>(per_day);
      s.current = s.day_base;
      s.day_offset += seconds_per_day;
      begin_day_demand(d);
      const std::size_t planned = s.day_changes.size();
      detail::plan_day(s.day_changes, staffing, sc.calendar, d, true);
      for (std::size_t i = planned; i < s.day_changes.size(); ++i)
        s.events.push(s.day_offset + s.day_changes[i].change.time, staffing_change, static_cast<std::uint32_t>(i));
      for (std::size_t t = 0; t < type_count; ++t) schedule_next_arrival(t);
      s.events.push(s.day_offset + interval_length, boundary, 1);
      if (follow) {  // contacts due today from before this run began
        for (const FutureContact& f : s.future_night[static_cast<std::size_t>(d)]) closed_contact(f.customer, true, s.day_offset, s.day_base);
        s.future_night[static_cast<std::size_t>(d)].clear();
        for (const FutureContact& f : s.future[static_cast<std::size_t>(d)])
          schedule_return(f.customer, static_cast<ContactKind>(f.kind), f.at - day_start);
        s.future[static_cast<std::size_t>(d)].clear();
      }
    };

    // ---- the event loop ----
    for (;;) {
      // The earliest of the next arrival, the main heap's top and, with followed customers, the
      // earliest of the events that follow them.
      enum Source { none, next, main_heap, follow_events } source = none;
      const Event* earliest = nullptr;
      if (!s.events.empty()) {
        earliest = &s.events.top();
        source = main_heap;
      }
      if (follow && EventQueue::before(s.side.next(), earliest == nullptr ? never : *earliest)) {
        earliest = &s.side.next();
        source = follow_events;
      }
      const Event* first_arrival = nullptr;
      if (!several_types) {
        if (arrival_pending) first_arrival = &next_arrival;
      } else if (scan_arrivals) {
        if (s.arrival_slots[s.first_slot].key != never.key) first_arrival = &s.arrival_slots[s.first_slot];
      } else if (!s.next_arrivals.empty()) {
        first_arrival = &s.next_arrivals.top();
      }
      if (first_arrival != nullptr && (earliest == nullptr || EventQueue::before(*first_arrival, *earliest))) source = next;
      Event e;
      switch (source) {
        case none: break;
        case next:
          if (several_types) {
            e = scan_arrivals ? s.arrival_slots[s.first_slot] : s.next_arrivals.pop();  // (a slot is refilled below)
          } else {
            e = next_arrival;
            arrival_pending = false;
          }
          break;
        case main_heap: e = s.events.pop(); break;
        case follow_events:
          e = s.side.pop();
          if (e.key == s.morning_fed) feed_morning();
          break;
      }
      if (source == none) break;
      ++events;
      advance(e.time());
      switch (e.kind()) {
        case arrival: {
          const std::size_t t = tidx(e.id());
          const CallType& type = sc.call_types[t];
          State::TypeState& ts = types[t];
          // A caller slot only if the call cannot be answered at once (ring's fast path).
          Caller local;
          const bool via_ivr = has_ivr && type.ivr.has_value();
          const std::uint32_t group = via_ivr ? no_group : idle_group(t);
          const bool has_slot = group == no_group;
          const std::uint32_t slot = has_slot ? new_caller() : 0;
          Caller& c = has_slot ? s.callers[slot] : local;
          // Every field the engine reads is set here or in ring().
          c.type = static_cast<std::uint16_t>(t);
          c.dials = 0;
          c.handle = ts.handle_times.next();
          c.wrap = has_wrap(ts) ? ts.wrap_times.next() : 0.0;
          c.patience = has_patience(ts) ? ts.patience_times.next() : 0.0;
          if (means_vary(ts)) scale_needs(c, type);
          c.kind = fresh_contact;
          c.customer = follow ? new_customer(day_start + s.now, interval_of(s.now), s.now >= s.counting_from, t) : no_customer;
          if (has_crm && type.crm) {  // without a crm block, c.crm is never read
            c.crm = ts.crm_draws.next() < type.crm->identified_share ? identified_first : not_identified;
            if (c.crm == identified_first) c.handle *= type.crm->handle_time_factor;
            if (follow) s.customers[c.customer].crm = c.crm;
          } else {
            c.crm = not_identified;
          }
          ring(c, slot, has_slot, group);
          schedule_next_arrival(t);
          break;
        }
        case returning: {
          if (!s.open) {  // due in closed hours between two windows: the closed message
            const std::uint32_t id = s.callers[e.id()].customer;
            release_caller(e.id());
            closed_contact(id, s.now >= s.counting_from, s.next_open, s.current);
            break;
          }
          Caller& c = s.callers[e.id()];
          const CallType& type = sc.call_types[tidx(c.type)];
          const State::TypeState& ts = types[tidx(c.type)];
          c.handle = type.handle_time.sample(s.returning_rng);
          c.wrap = has_wrap(ts) ? type.wrap_up.sample(s.returning_rng) : 0.0;
          c.patience = has_patience(ts) ? type.patience->sample(s.returning_rng) : 0.0;
          if (means_vary(ts)) scale_needs(c, type);
          c.crm = not_identified;
          if (has_crm && type.crm) {
            // The record is looked up at the customer's first contact in opening hours (a caller
            // who first heard the closed message is looked up now); later contacts show history.
            std::uint8_t& match = s.customers[c.customer].crm;
            if (match == not_drawn) {
              match = types[tidx(c.type)].crm_draws.next() < type.crm->identified_share ? identified_first : not_identified;
              c.crm = match;
            } else if (match == identified_first) {
              c.crm = identified_later;
            }
            if (c.crm != not_identified)
              c.handle *= c.crm == identified_first ? type.crm->handle_time_factor
                                                    : type.crm->handle_time_factor * type.crm->returning_handle_time_factor;
          }
          ring(c, e.id(), true, has_ivr && type.ivr ? no_group : idle_group(c.type));
          break;
        }
        case ivr_end: {
          --s.in_ivr;
          Caller& c = s.callers[e.id()];
          s.customers[c.customer].menu_time += s.now - c.arrival;
          if (s.self_service_draws.next() < type_of(c.type).ivr->self_service) {
            --s.lines_in_use;
            if (c.counted) tally_of(c.type, c.interval).self_service += 1;
            end_journey(c.customer, Outcome::self_served);
            release_caller(e.id());
          } else {
            to_agents(e.id());
          }
          break;
        }
        case talk_end: {
          --s.lines_in_use;
          Agent& agent = s.agents[e.id()];
          if (agent.wrap > 0) {
            s.events.push(s.now + agent.wrap, work_end, e.id());
          } else {
            const std::uint32_t group = group_of(e.id());
            busy_change(group, false);
            agent_free(e.id(), group);
          }
          break;
        }
        case work_end:
          if (!has_lines && !(has_callback && s.agents[e.id()].callback)) --s.lines_in_use;
        {
          const std::uint32_t group = group_of(e.id());
          busy_change(group, false);
          agent_free(e.id(), group);
        }
          break;
        case dial_end: {
          const std::uint32_t a = e.id();
          const std::uint32_t group = group_of(a);
          const std::uint32_t slot = s.agents[a].slot;
          Caller& c = s.callers[slot];
          const CallbackSpec& cb = *type_of(c.type).callback;
          if (models::Distribution::uniform01(s.dial_rng) < cb.reach_probability) {
            if (c.counted) {
              IntervalTally& tally = tally_of(c.type, c.interval);
              tally.callbacks_completed += 1;
              const Promise& promise = s.promises[slot];
              tally.callback_wait += s.now - promise.accepted;
              (promise_kept(promise, s.now) ? tally.promises_kept : tally.promises_broken) += 1;
              if (several_groups) handled(group, c.type, c.interval, true);
            }
            --s.callbacks_outstanding;
            const double talk = talk_time(c, group);
            s.side.insert(s.events.make(s.now + talk + c.wrap, work_end, a));  // talk and wrap-up; no inbound line
            if (trace != nullptr) {
              s.agents[a].talk_until = s.now + talk;
              s.agents[a].busy_until = s.now + talk + c.wrap;
            }
            const std::uint32_t id = c.customer;
            release_caller(slot);
            reached(id, talk);
          } else {
            busy_change(group, false);
            if (c.dials < cb.attempts) {
              s.side.insert(s.events.make(s.now + cb.retry_delay.sample(s.dial_rng), callback_retry, slot));
            } else {
              if (c.counted) {
                IntervalTally& tally = tally_of(c.type, c.interval);
                tally.callbacks_failed += 1;
                tally.promises_broken += 1;
              }
              --s.callbacks_outstanding;
              end_journey(c.customer, Outcome::gave_up);
              release_caller(slot);
            }
            agent_free(a, group);
          }
          if (!s.open && s.callbacks_outstanding == 0) send_idle_home();
          break;
        }
        case callback_retry: {
          const std::uint32_t type = s.callers[e.id()].type;
          types[type].callbacks.push_back({e.id(), s.now});
          // An idle agent of a group that serves the type dials it (overflow waits are for inbound callers).
          for (std::size_t g = 0; g < group_count; ++g) {
            if (routing.delay_of(type, g) >= 0 && !groups[g].idle.empty()) {
              agent_free(groups[g].idle.pop_front(), static_cast<std::uint32_t>(g));
              break;
            }
          }
          break;
        }
        case abandon: {
          Caller& c = s.callers[e.id()];
          --c.timers;
          const bool timers = c.timers > 0;  // read now: try_again may grow the caller pool
          if (c.waiting) {
            c.waiting = false;
            type_waiting(types[tidx(c.type)], false);
            --s.lines_in_use;
            if (c.counted) {
              const double wait = s.now - c.arrival;
              IntervalTally& tally = tally_of(c.type, c.interval);
              tally.abandoned += 1;
              tally.abandoned_short += wait < short_abandon_of(c.type) ? 1.0 : 0.0;
              tally.waited += 1;
              tally.wait_all += wait;
            }
            if (follow) {
              const ReturnsSpec& returns = type_of(c.type).returns;
              try_again(c.customer, returns.redial_probability, returns.redial_delay, s.redial_rng, redial_contact, s.now);
            }
          }
          if (!timers) release_caller(e.id());
          break;
        }
        case overflow: {
          // The caller has waited long enough for its next overflow group(s): an idle agent of
          // one of them takes it; then the timer is set for the next overflow wait, if any.
          const std::uint32_t slot = e.id();
          Caller& c = s.callers[slot];
          --c.timers;
          if (c.waiting) {
            const auto& list = routing.overflow[c.type];
            std::uint32_t taker = no_group;
            std::size_t k = c.overflow_next;
            for (; k < list.size() && c.arrival + list[k].first <= s.now; ++k) {
              if (taker == no_group && !groups[list[k].second].idle.empty()) taker = static_cast<std::uint32_t>(list[k].second);
            }
            // Groups whose wait has passed were tried in order of their wait (and now take the
            // caller from the queue when free); the next timer is for the next longer wait.
            c.overflow_next = static_cast<std::uint8_t>(std::min<std::size_t>(k, 255));
            if (taker != no_group) {
              c.waiting = false;
              type_waiting(types[tidx(c.type)], false);
              const std::uint32_t a = groups[taker].idle.pop_front();
              const bool timers = c.timers > 0;
              answer(a, taker, c, s.now - c.arrival);  // may grow the caller pool: `c` is not used after it
              if (!timers) release_caller(slot);  // its queue entry is dropped when it reaches the front
              break;
            }
            if (k < list.size()) {
              ++c.timers;
              s.events.push(c.arrival + list[k].first, overflow, slot);
            }
          }
          if (c.timers == 0 && !c.waiting) release_caller(slot);
          break;
        }
        case staffing_change: {
          const DayEvent& dc = s.day_changes[e.id()];
          if (dc.kind == DayEventKind::close) {
            close_centre();
            // The next window's opening; fresh calls until then hear the closed message.
            const double reopen = next_window_after(dc.change.time);
            s.next_open = s.day_offset + reopen;
            if (follow && sc.closed.calls_per_hour > 0)
              closed_callers(day_start + s.next_open, reopen - dc.change.time, s.now >= s.counting_from, s.next_open, s.current);
            break;
          }
          if (dc.kind == DayEventKind::open) {
            flush_all();  // (nothing counts while closed)
            s.open = true;
            s.counting = s.now >= s.counting_from;
            break;
          }
          StaffingChange ch = dc.change;
          const std::uint16_t group = dc.group;
          GroupState& g = groups[group];
          if (dc.kind == DayEventKind::set_to) {
            // On duty now (agents still serving from before the closing count), to the schedule's count.
            const std::uint64_t available = several_groups ? g.available : s.available;
            const std::int64_t present = static_cast<std::int64_t>(available) - static_cast<std::int64_t>(g.pending_permanent_leaves);
            ch.change = static_cast<int>(dc.change.change - present);
            ch.return_after = 0;
          }
          if (ch.change > 0) {
            auto add = static_cast<std::uint64_t>(ch.change);
            const std::uint64_t cancelled = std::min(add, g.pending_permanent_leaves);
            g.pending_permanent_leaves -= cancelled;
            add -= cancelled;
            for (std::uint64_t k = 0; k < add; ++k) {
              const std::uint32_t a = new_agent_id(group);
              available_change(group, true);
              agent_free(a, group);
            }
          } else {
            for (int k = 0; k < -ch.change; ++k) {
              if (!g.idle.empty()) {
                const std::uint32_t a = g.idle.pop_back();  // the most recently idle leaves
                available_change(group, false);
                if (ch.return_after > 0) {
                  ++s.on_break;
                  s.events.push(s.now + ch.return_after, agent_back, a);
                } else {
                  s.agents.release(a);
                }
              } else if (ch.return_after > 0) {
                g.pending_breaks.push_back(ch.return_after);
              } else {
                ++g.pending_permanent_leaves;
              }
            }
          }
          break;
        }
        case agent_back:
          --s.on_break;
        {
          const std::uint32_t group = group_of(e.id());
          available_change(group, true);
          agent_free(e.id(), group);
        }
          break;
        case boundary:
          check_contacts();
          flush_all();  // several types or groups: their time-weighted figures up to the boundary
          if (static_cast<int>(e.id()) < per_day) {
            s.current = s.day_base + e.id();
            s.events.push(s.day_offset + (e.id() + 1) * interval_length, boundary, e.id() + 1);
          } else if (sc.calendar.runs_into_next_day(d)) {
            next_day();
          } else {  // closing: no more arrivals; idle agents go home; time-weighted figures stop
            s.open = false;
            s.counting = false;
            if (clear_at_close) clear_queues();
            send_idle_home();
          }
          break;
        case warmup_end:
          flush_all();
          s.counting = s.open;
          break;
      }
    }
  }
  // Journeys still open at the horizon: their next contact is due after the last closing.
  for (const auto& f : s.future.back()) end_journey(f.customer, Outcome::pending);
  s.future.back().clear();

  if (sc.several_queues) {
    // The centre's counts are the sum of its types'; each type's and group's elapsed time is the centre's.
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
  return result;
}

}  // namespace ccsim::sim
