#include "ccsim/sim/engine.hpp"

#include <variant>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <string>

#include "ccsim/models/limits.hpp"
#include "recorder.hpp"
#include "replication.hpp"
#include "rules/agents.hpp"
#include "rules/calls.hpp"
#include "rules/customers.hpp"
#include "rules/day.hpp"
#include "rules/tallies.hpp"

namespace ccsim::sim {

// The engine's parts (sim/engine/src/, each with its test): the event list (event_queue.hpp),
// agents and groups (agents.hpp), waiting queues (queues.hpp) and the router (router.hpp),
// customers and returns (customers.hpp), callbacks (callbacks.hpp), the recorder's helpers
// (recorder.hpp, wait_histogram.hpp), and the containers they use (ring.hpp, slot_pool.hpp,
// radix_sort.hpp); what an engine keeps between replications (state.hpp). The model's rules are
// Replication's handlers (replication.hpp, rules/*.hpp). This file is the event loop that calls
// them: one translation unit, so the handlers and the parts' helpers compile into the loop.
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


namespace detail {

/// An engine's replication, of the shape its model has (see Engine::run).
struct EngineCore {
  explicit EngineCore(const Model& model) : replication(make(model)) {}
  std::variant<Replication<QueueShape::single>, Replication<QueueShape::mixed>, Replication<QueueShape::several>> replication;

private:
  // One queue served by one group is compiled apart: every routing branch drops out of it, and
  // the single-queue engine keeps its speed. So is the usual centre of several types and
  // several groups, whose checks of "several" are then constants; one type with several
  // groups, or several types with one group, take the version that checks at run time.
  static decltype(replication) make(const Model& model) {
    const bool types = model.call_types.size() > 1, groups = model.agent_groups.size() > 1;
    if (types && groups) return decltype(replication)(std::in_place_index<2>, model);
    if (types || groups) return decltype(replication)(std::in_place_index<1>, model);
    return decltype(replication)(std::in_place_index<0>, model);
  }
};

}  // namespace detail

Engine::Engine(const Model& model, const Staffing& staffing) : model_(model), staffing_(staffing), core_(new EngineCore(model)) {}
Engine::~Engine() { delete core_; }

ReplicationResult Engine::run(int replication, const Staffing& staffing, Trace* trace) {
  return std::visit([&](auto& r) { return r.run(replication, staffing, trace); }, core_->replication);
}

namespace detail {

namespace {

void check_staffing(const Model& model, const Staffing& staffing) {
  const std::size_t group_count = model.agent_groups.size();
  if (staffing.groups.size() != group_count)
    throw std::invalid_argument("staffing: has " + std::to_string(staffing.groups.size()) + " agent groups; the model has " +
                                std::to_string(group_count));
  for (const auto& group : staffing.groups) {
    if (group.size() != static_cast<std::size_t>(model.calendar.days))
      throw std::invalid_argument("staffing: a group has " + std::to_string(group.size()) + " days; the calendar has " +
                                  std::to_string(model.calendar.days));
  }
}

bool any_type(const Model& model, bool (*has)(const CallType&)) {
  return std::any_of(model.call_types.begin(), model.call_types.end(), has);
}

}  // namespace

template <QueueShape Kind>
Replication<Kind>::Replication(const Model& model)
    : sc(model),
      type_count(model.call_types.size()),
      group_count(model.agent_groups.size()),
      several_types(Kind == QueueShape::several || (several_queues && type_count > 1)),
      several_groups(Kind == QueueShape::several || (several_queues && group_count > 1)),
      scan_arrivals(type_count <= 8),
      single(!several_types && !several_groups),
      routing(model.routing),
      follow(model.follow_customers),
      per_day(model.calendar.intervals_per_day()),
      interval_length(model.calendar.interval),
      per_interval_length(1.0 / model.calendar.interval),
      open_length(model.calendar.open_length()),
      warmup(model.run.warmup),
      has_lines(model.lines.has_value()),
      lines(model.lines.has_value() ? static_cast<std::uint64_t>(*model.lines) : 0),
      has_crm(model.has_crm()),
      clear_at_close(model.calendar.at_close == AtClose::clear),
      rules{model.routing.agent_picks == AgentPicks::longest_waiting},
      bounds(day_bounds(model.calendar)),
      answer_within0(model.call_types[0].service_level.answer_within),
      short_abandon0(model.call_types[0].service_level.short_abandon) {
  has_ivr = any_type(sc, [](const CallType& t) { return t.ivr.has_value(); });
  has_callback = any_type(sc, [](const CallType& t) { return t.callback.has_value(); });
  has_announcement = any_type(sc, [](const CallType& t) { return t.announcement.has_value(); });
  estimates = has_callback || has_announcement;
  serve_callbacks_in_order = in_queue_order(0);
  for (const AgentGroup& g : sc.agent_groups) {
    for (double f : g.handle_time_factor) group_factors |= several_queues && f != 1.0;
  }
  has_overflow = several_queues && std::any_of(routing.overflow.begin(), routing.overflow.end(), [](const auto& o) { return !o.empty(); });
}

template <QueueShape Kind>
void Replication<Kind>::begin(int replication_) {
  replication = replication_;
  const auto seed = sc.run.seed;
  const auto rep = static_cast<std::uint64_t>(replication);
  s.types.resize(type_count);
  s.groups.resize(group_count);
  for (std::size_t t = 0; t < type_count; ++t) {
    const CallType& type = sc.call_types[t];
    TypeState& ts = s.types[t];
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
  for (auto& future_day : s.future) future_day.clear();
  for (auto& night : s.future_night) night.clear();

  const TypeState& first_type = s.types[0];
  has_wrap0 = first_type.has_wrap;
  has_patience0 = first_type.has_patience;
  means_vary0 = first_type.means_vary;

  const std::size_t interval_count = static_cast<std::size_t>(sc.calendar.days) * static_cast<std::size_t>(per_day);
  result = ReplicationResult{};
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
  centre = result.intervals.data();
  types = s.types.data();
  groups = s.groups.data();
  events = calls = customers_created = 0;
}

// The earliest of the next arrival, the main heap's top and, with followed customers, the
// earliest of the events that follow them; removed from its source into `e`. False when every
// source is empty (the run is over).
template <QueueShape Kind>
bool Replication<Kind>::next_event(Event& e) {
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
  switch (source) {
    case none: return false;
    case next:
      if (several_types) {
        e = scan_arrivals ? s.arrival_slots[s.first_slot] : s.next_arrivals.pop();  // (a slot is refilled by the arrival)
      } else {
        e = next_arrival;
        arrival_pending = false;
      }
      return true;
    case main_heap: e = s.events.pop(); return true;
    case follow_events:
      e = s.side.pop();
      if (e.key == s.morning_fed) feed_morning();
      return true;
  }
  return false;
}

// From the opening of day `first_day` until the centre is empty after the last closing of the
// days it runs through: one handler per event kind.
template <QueueShape Kind>
void Replication<Kind>::run_days(int first_day) {
  start_run(first_day);
  Event e;
  while (next_event(e)) {
    ++events;
    advance(e.time());
    switch (e.kind()) {
      case arrival: on_arrival(e.id()); break;
      case returning: on_returning(e.id()); break;
      case ivr_end: on_ivr_end(e.id()); break;
      case talk_end: on_talk_end(e.id()); break;
      case work_end: on_work_end(e.id()); break;
      case dial_end: on_dial_end(e.id()); break;
      case callback_retry: on_callback_retry(e.id()); break;
      case abandon: on_abandon(e.id()); break;
      case overflow: on_overflow(e.id()); break;
      case staffing_change: on_staffing_change(e.id()); break;
      case agent_back: on_agent_back(e.id()); break;
      case boundary: on_boundary(e.id()); break;
      case warmup_end: on_warmup_end(); break;
    }
  }
}

template <QueueShape Kind>
ReplicationResult Replication<Kind>::run(int replication_, const Staffing& staffing_, Trace* trace_) {
  check_staffing(sc, staffing_);
  staffing = &staffing_;
  trace = trace_;
  begin(replication_);
  // Each day that opens starts a run: the centre starts empty, and runs on through every
  // midnight that the calendar keeps open (the run's later days start inside the event loop).
  for (int d = 0; d < sc.calendar.days; ++d) {
    if (sc.calendar.closed_day(d)) {
      begin_day_demand(d);
      continue;
    }
    run_days(d);
    d = day;  // the last day the run went through
  }
  finish();
  return std::move(result);
}

}  // namespace detail

}  // namespace ccsim::sim
