#pragma once
// Calls: what a caller needs (talk, wrap-up, patience), ringing, the queue, answering,
// abandoning, overflow to other groups, and the IVR. Member definitions of Replication
// (replication.hpp); included by engine.cpp only.
#include <cassert>
#include <cmath>

#include "../replication.hpp"

namespace ccsim::sim::detail {

// The multiplier of the talk time of a call whose caller was identified (`match`: at this
// contact, first or later) under `crm`.
inline double crm_factor(std::uint8_t match, const CrmSpec& crm) {
  return match == identified_first ? crm.handle_time_factor : crm.handle_time_factor * crm.returning_handle_time_factor;
}

// The one owner of a call's talk time, wrap-up and patience: drawn (a fresh call from its
// type's streams drawn ahead, a returning one from the returning stream), scaled by the
// interval's factors (means given per interval), then by caller identification; an agent
// group's factor applies when it answers (talk_time). `c.customer` is set.
template <QueueShape Kind>
void Replication<Kind>::draw_needs(Caller& c, std::size_t t, bool fresh) {
  const CallType& type = sc.call_types[t];
  TypeState& ts = types[t];
  if (fresh) {
    c.handle = ts.handle_times.next();
    c.wrap = has_wrap(ts) ? ts.wrap_times.next() : 0.0;
    c.patience = has_patience(ts) ? ts.patience_times.next() : 0.0;
  } else {
    c.handle = type.handle_time.sample(s.returning_rng);
    c.wrap = has_wrap(ts) ? type.wrap_up.sample(s.returning_rng) : 0.0;
    c.patience = has_patience(ts) ? type.patience->sample(s.returning_rng) : 0.0;
  }
  if (means_vary(ts)) {
    const std::uint32_t k = interval_of(s.now);
    if (!type.handle_time_factor.empty()) c.handle *= type.handle_time_factor[k];
    if (!type.wrap_up_factor.empty()) c.wrap *= type.wrap_up_factor[k];
    if (!type.patience_factor.empty()) c.patience *= type.patience_factor[k];
  }
  c.crm = not_identified;  // without a crm block, never read
  if (has_crm && type.crm) {
    if (fresh) {
      c.crm = ts.crm_draws.next() < type.crm->identified_share ? identified_first : not_identified;
      if (follow) s.customers[c.customer].crm = c.crm;
    } else {
      // The record is looked up at the customer's first contact in opening hours (a caller who
      // first heard the closed message is looked up now); later contacts show history.
      std::uint8_t& match = s.customers[c.customer].crm;
      if (match == not_drawn) {
        match = ts.crm_draws.next() < type.crm->identified_share ? identified_first : not_identified;
        c.crm = match;
      } else if (match == identified_first) {
        c.crm = identified_later;
      }
    }
    if (c.crm != not_identified) c.handle *= crm_factor(c.crm, *type.crm);
  }
}

// The talk time of caller `c` with an agent of `group`.
template <QueueShape Kind>
double Replication<Kind>::talk_time(const Caller& c, std::uint32_t group) const {
  return group_factors ? c.handle * sc.agent_groups[group].handle_time_factor[c.type] : c.handle;
}

// A caller slot (its generation kept); the caller fills the fields in place, since a record
// built on the stack and copied in stalls on store forwarding.
template <QueueShape Kind>
std::uint32_t Replication<Kind>::new_caller() {
  if (s.callers.full(limits::max_callers)) {
    throw limit_reached("over " + std::to_string(limits::max_callers) +
                        " callers are held at once (waiting, in the IVR or for a callback): the queue grows without "
                        "bound; add agents or lines, or lower the volume");
  }
  return s.callers.acquire();  // a new slot has generation 0
}

// The first group in `type`'s arrival order with an idle agent, or no_group.
template <QueueShape Kind>
std::uint32_t Replication<Kind>::idle_group(std::size_t type) const {
  if (single) return groups[0].idle.empty() ? no_group : 0;
  return first_idle_group(routing.try_order[type], [&](std::size_t g) { return !groups[g].idle.empty(); });
}

// A fresh call of type `type` rings.
template <QueueShape Kind>
void Replication<Kind>::on_arrival(std::uint32_t type_id) {
  const std::size_t t = tidx(type_id);
  // A caller slot only if the call cannot be answered at once (ring's fast path).
  Caller local;
  const bool via_ivr = has_ivr && sc.call_types[t].ivr.has_value();
  const std::uint32_t group = via_ivr ? no_group : idle_group(t);
  const bool has_slot = group == no_group;
  const std::uint32_t slot = has_slot ? new_caller() : 0;
  Caller& c = has_slot ? s.callers[slot] : local;
  // Every field the engine reads is set here, in draw_needs or in ring().
  c.type = static_cast<std::uint16_t>(t);
  c.dials = 0;
  c.kind = fresh_contact;
  c.customer = follow ? new_customer(run_start + s.now, interval_of(s.now), s.now >= s.counting_from, t) : no_customer;
  draw_needs(c, t, true);
  ring(c, slot, has_slot, group);
  schedule_next_arrival(t);
}

// A customer's returning contact (a redial, a retry, a repeat, a reopen) rings.
template <QueueShape Kind>
void Replication<Kind>::on_returning(std::uint32_t slot) {
  if (!s.open) {  // due in closed hours between two windows: the closed message
    const std::uint32_t id = s.callers[slot].customer;
    release_caller(slot);
    closed_contact(id, s.now >= s.counting_from, s.next_open, s.current);
    return;
  }
  Caller& c = s.callers[slot];
  draw_needs(c, tidx(c.type), false);
  ring(c, slot, true, has_ivr && type_of(c.type).ivr ? no_group : idle_group(c.type));
}

// An inbound contact rings now: `c` carries its needs; with `has_slot`, `c` is caller slot
// `slot` (otherwise a record on the stack, answered at once by an agent of `group`).
template <QueueShape Kind>
void Replication<Kind>::ring(Caller& c, std::uint32_t slot, bool has_slot, std::uint32_t group) {
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
}

// The caller leaves the IVR: resolved there, or on to the agents.
template <QueueShape Kind>
inline void Replication<Kind>::on_ivr_end(std::uint32_t slot) {
  --s.in_ivr;
  Caller& c = s.callers[slot];
  s.customers[c.customer].menu_time += s.now - c.arrival;
  if (s.self_service_draws.next() < type_of(c.type).ivr->self_service) {
    --s.lines_in_use;
    if (c.counted) tally_of(c.type, c.interval).self_service += 1;
    end_journey(c.customer, Outcome::self_served);
    release_caller(slot);
  } else {
    to_agents(slot);
  }
}

// Caller `slot`, holding a line, is ready for an agent (straight away, or after the IVR).
template <QueueShape Kind>
void Replication<Kind>::to_agents(std::uint32_t slot) {
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
    if (follow) redial(id, type);
    return;
  }
  TypeState& ts = types[tidx(c.type)];
  c.estimate = -1;
  if (estimates && offer_callback_or_balk(c, slot, ts)) return;
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
}

// A caller about to queue is told its expected wait (Whitt's queue-length predictor for M/M/N:
// (callers ahead + 1) x mean handle time / agents available): offered a callback, which it may
// accept, or told by an announcement, on which it may hang up. True when it left the queue.
template <QueueShape Kind>
bool Replication<Kind>::offer_callback_or_balk(Caller& c, std::uint32_t slot, TypeState& ts) {
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
        return true;
      }
    }
  }
  if (type.announcement && s.balk_draws.next() < 1.0 - std::exp2(-c.estimate / type.announcement->half_balk_wait)) {
    --s.lines_in_use;
    if (c.counted) tally_of(c.type, c.interval).balked += 1;
    const std::uint32_t id = c.customer;
    release_caller(slot);
    try_again(id, type.returns.redial_probability, type.returns.redial_delay, s.redial_rng, redial_contact, s.now);
    return true;
  }
  return false;
}

// Agent `a` of `group` starts talking to caller `c`, who waited `wait` seconds.
template <QueueShape Kind>
void Replication<Kind>::answer(std::uint32_t a, std::uint32_t group, const Caller& c, double wait) {
  const double talk = talk_time(c, group);
  if (c.counted) {
    IntervalTally& tally = tally_of(c.type, c.interval);
    tally.answered += 1;
    tally.answered_within += wait <= answer_within_of(c.type) ? 1.0 : 0.0;
    tally.waited += wait > 0 ? 1.0 : 0.0;
    tally.wait_answered += wait;
    tally.wait_all += wait;
    s.waits.record(wait);
    if (has_crm && c.crm != not_identified) tally.crm_time_saved += talk / crm_factor(c.crm, *sc.call_types[tidx(c.type)].crm) - talk;
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
}

// The caller's patience ran out: if still waiting, it abandons (and may ring again).
template <QueueShape Kind>
inline void Replication<Kind>::on_abandon(std::uint32_t slot) {
  Caller& c = s.callers[slot];
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
    if (follow) redial(c.customer, c.type);
  }
  if (!timers) release_caller(slot);
}

// The caller has waited long enough for its next overflow group(s): an idle agent of one of
// them takes it; then the timer is set for the next overflow wait, if any.
template <QueueShape Kind>
inline void Replication<Kind>::on_overflow(std::uint32_t slot) {
  Caller& c = s.callers[slot];
  --c.timers;
  if (c.waiting) {
    const auto& list = routing.overflow[c.type];
    std::uint32_t taker = no_group;
    std::size_t k = c.overflow_next;
    for (; k < list.size() && c.arrival + list[k].first <= s.now; ++k) {
      if (taker == no_group && !groups[list[k].second].idle.empty()) taker = static_cast<std::uint32_t>(list[k].second);
    }
    // Groups whose wait has passed were tried in order of their wait (and now take the caller
    // from the queue when free); the next timer is for the next longer wait.
    c.overflow_next = static_cast<std::uint8_t>(std::min<std::size_t>(k, 255));
    if (taker != no_group) {
      c.waiting = false;
      type_waiting(types[tidx(c.type)], false);
      const std::uint32_t a = groups[taker].idle.pop_front();
      const bool timers = c.timers > 0;
      answer(a, taker, c, s.now - c.arrival);  // may grow the caller pool: `c` is not used after it
      if (!timers) release_caller(slot);  // its queue entry is dropped when it reaches the front
      return;
    }
    if (k < list.size()) {
      ++c.timers;
      s.events.push(c.arrival + list[k].first, overflow, slot);
    }
  }
  if (c.timers == 0 && !c.waiting) release_caller(slot);
}

// Callers still waiting when the centre closes hear the closed message (at_close: clear);
// they may ring again as abandoners do.
template <QueueShape Kind>
void Replication<Kind>::clear_caller(std::uint32_t slot) {
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
  if (follow) redial(id, type);
}

template <QueueShape Kind>
void Replication<Kind>::clear_queues() {
  for (std::size_t t = 0; t < type_count; ++t) {
    WaitingQueue& queue = types[t].queue;
    while (!queue.entries.empty()) {
      const Queued q = queue.entries.pop_front();
      const Caller& c = s.callers[q.slot];
      if (c.generation == q.generation && c.waiting) clear_caller(q.slot);
    }
  }
}

}  // namespace ccsim::sim::detail
