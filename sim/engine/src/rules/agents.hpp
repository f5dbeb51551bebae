#pragma once
// Agents: what a free agent takes, callbacks dialled, the ends of talk and of work, staffing
// changes (shift starts and ends, breaks) and agents back from a break. Member definitions of
// Replication (replication.hpp); included by engine.cpp only.
#include <limits>

#include "../replication.hpp"

namespace ccsim::sim::detail {

// What an agent of `group` who is free takes (router.hpp): a type's front caller or first
// callback; no_group as the type when there is nothing it may take.
template <QueueShape Kind>
Pick Replication<Kind>::pick(std::uint32_t group) {
  if (single) {  // one queue: its front caller, or the callback ahead of it
    TypeState& ts = types[0];
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
}

// After closing, an idle agent goes home unless a callback is outstanding or a caller it may
// take later (after its overflow wait) is waiting.
template <QueueShape Kind>
bool Replication<Kind>::may_go_home(std::uint32_t group) const {
  if (s.callbacks_outstanding != 0) return false;
  if (!has_overflow) return true;
  for (const std::size_t t : sc.agent_groups[group].skills) {
    if ((several_types ? types[t].queue.waiting : s.waiting) > 0) return false;
  }
  return true;
}

// Agent `a` of `group` has just become available (free after a call, back from a break, or new).
template <QueueShape Kind>
void Replication<Kind>::agent_free(std::uint32_t a, std::uint32_t group) {
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
    TypeState& ts = types[p.type];
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
}

template <QueueShape Kind>
void Replication<Kind>::send_idle_home() {
  for (std::uint32_t group = 0; group < group_count; ++group) {
    GroupState& g = groups[group];
    if (g.idle.empty() || !may_go_home(group)) continue;
    while (!g.idle.empty()) {
      const std::uint32_t a = g.idle.pop_front();
      available_change(group, false);
      s.agents.release(a);
    }
  }
}

// Agents available to callers of `type` (every group that serves it).
template <QueueShape Kind>
std::uint64_t Replication<Kind>::agents_for(std::size_t type) const {
  if (!several_groups) return s.available;
  std::uint64_t n = 0;
  for (std::size_t g = 0; g < group_count; ++g) {
    if (routing.delay_of(type, g) >= 0) n += groups[g].available;
  }
  return n;
}

// Agent `a` dials the callback in caller slot `slot`.
template <QueueShape Kind>
void Replication<Kind>::dial(std::uint32_t a, std::uint32_t slot) {
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
}

// The agent's talk ends (with a line limit): the line is free; wrap-up follows, if any.
template <QueueShape Kind>
inline void Replication<Kind>::on_talk_end(std::uint32_t a) {
  --s.lines_in_use;
  const Agent& agent = s.agents[a];
  if (agent.wrap > 0) {
    s.events.push(s.now + agent.wrap, work_end, a);
  } else {
    const std::uint32_t group = group_of(a);
    busy_change(group, false);
    agent_free(a, group);
  }
}

// The agent's work on a call ends (talk and wrap-up, or wrap-up after talk_end).
template <QueueShape Kind>
void Replication<Kind>::on_work_end(std::uint32_t a) {
  if (!has_lines && !(has_callback && s.agents[a].callback)) --s.lines_in_use;
  const std::uint32_t group = group_of(a);
  busy_change(group, false);
  agent_free(a, group);
}

// The agent's callback dial ends: the customer is reached (talk and wrap-up follow), or not
// (another dial later, or the callback fails).
template <QueueShape Kind>
inline void Replication<Kind>::on_dial_end(std::uint32_t a) {
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
}

// A callback not reached is due again: back in its type's list, dialled by an idle agent of a
// group that serves the type (overflow waits are for inbound callers).
template <QueueShape Kind>
inline void Replication<Kind>::on_callback_retry(std::uint32_t slot) {
  const std::uint32_t type = s.callers[slot].type;
  types[type].callbacks.push_back({slot, s.now});
  for (std::size_t g = 0; g < group_count; ++g) {
    if (routing.delay_of(type, g) >= 0 && !groups[g].idle.empty()) {
      agent_free(groups[g].idle.pop_front(), static_cast<std::uint32_t>(g));
      break;
    }
  }
}

// A planned change of the day (opening_hours.hpp): a window closes or opens, or a group's
// agents on duty change.
template <QueueShape Kind>
inline void Replication<Kind>::on_staffing_change(std::uint32_t id) {
  const DayEvent& dc = s.day_changes[id];
  if (dc.kind == DayEventKind::close) {
    close_centre();
    // The next window's opening; fresh calls until then hear the closed message.
    const double reopen = next_window_after(dc.change.time);
    s.next_open = s.day_offset + reopen;
    if (follow && sc.closed.calls_per_hour > 0)
      closed_callers(run_start + s.next_open, reopen - dc.change.time, s.now >= s.counting_from, s.next_open, s.current);
    return;
  }
  if (dc.kind == DayEventKind::open) {
    flush_all();  // (nothing counts while closed)
    s.open = true;
    s.counting = s.now >= s.counting_from;
    return;
  }
  StaffingChange ch = dc.change;
  if (dc.kind == DayEventKind::set_to) {
    // On duty now (agents still serving from before the closing count), to the schedule's count.
    const GroupState& g = groups[dc.group];
    const std::uint64_t available = several_groups ? g.available : s.available;
    const std::int64_t present = static_cast<std::int64_t>(available) - static_cast<std::int64_t>(g.pending_permanent_leaves);
    ch.change = static_cast<int>(dc.change.change - present);
    ch.return_after = 0;
  }
  change_staff(dc.group, ch);
}

// `change.change` agents of `group` come on duty (> 0) or leave (< 0; for `return_after`
// seconds when > 0, a break). Idle agents leave at once, the most recently idle first; busy
// ones when they finish their call.
template <QueueShape Kind>
void Replication<Kind>::change_staff(std::uint16_t group, StaffingChange ch) {
  GroupState& g = groups[group];
  if (ch.change > 0) {
    auto add = static_cast<std::uint64_t>(ch.change);
    const std::uint64_t cancelled = std::min(add, g.pending_permanent_leaves);
    g.pending_permanent_leaves -= cancelled;
    add -= cancelled;
    for (std::uint64_t k = 0; k < add; ++k) {
      const std::uint32_t a = s.agents.acquire();
      s.agents[a].group = group;
      available_change(group, true);
      agent_free(a, group);
    }
    return;
  }
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

// An agent is back from a break.
template <QueueShape Kind>
inline void Replication<Kind>::on_agent_back(std::uint32_t a) {
  --s.on_break;
  const std::uint32_t group = group_of(a);
  available_change(group, true);
  agent_free(a, group);
}

}  // namespace ccsim::sim::detail
