#pragma once
// The engine's waiting queues: callers in the centre's hands, and each call type's FIFO queue of
// callers waiting for an agent, with the time-integral of its length. Tested in
// tests/queues_test.cpp.
#include <cstdint>

#include "ring.hpp"
#include "slot_pool.hpp"

namespace ccsim::sim::detail {

// A contact in the centre's hands: waiting, in the IVR, or waiting for a callback. Slots are
// reused within a day (a generation number tells stale queue entries apart); one cache line.
struct alignas(64) Caller {
  double arrival;   // when it joined the agent queue (waits count from here), seconds after opening
  double handle;    // talk time, before any agent group's factor
  double wrap;
  double patience;
  double estimate;  // expected wait when it joined the queue (negative: none), seconds
  std::uint32_t interval;
  std::uint32_t generation;
  std::uint32_t customer;
  std::uint16_t type;  // call type
  std::uint8_t kind;   // ContactKind
  std::uint8_t dials;  // callback dials made
  bool counted;
  bool waiting;
  std::uint8_t timers;         // patience and overflow timers still pending (the slot is kept until they fire)
  std::uint8_t crm;            // CrmMatch: identified at this contact, and at which (talk time scaled)
  std::uint8_t overflow_next;  // the next entry of its type's overflow list
};
static_assert(sizeof(Caller) == 64);

using CallerPool = SlotPool<Caller>;

/// Frees caller slot `slot`: its queue entries become stale (the generation changes).
inline void release_caller(CallerPool& callers, std::uint32_t slot) {
  ++callers[slot].generation;
  callers.release(slot);
}

// A place in a waiting queue: the caller's slot and the generation it had when it joined.
struct Queued {
  std::uint32_t slot;
  std::uint32_t generation;
};

// One call type's queue. Callers who leave it other than from the front (abandoning, or taken
// by an overflow group) leave stale entries, dropped when they reach the front.
struct WaitingQueue {
  Ring<Queued> entries;
  std::uint64_t waiting = 0;  // callers really waiting (kept with several call types)
  double since = 0;           // when `waiting` last changed, seconds after opening
  double area = 0;            // waiting x seconds since the last interval boundary

  void clear() {
    entries.clear();
    waiting = 0;
    since = area = 0;
  }
  /// The caller at the front, after dropping stale entries; null when nobody waits.
  Caller* head(CallerPool& callers) {
    while (!entries.empty()) {
      const Queued& q = entries.front();
      Caller& c = callers[q.slot];
      if (c.generation == q.generation && c.waiting) return &c;
      entries.pop_front();
    }
    return nullptr;
  }
  /// Integrates the queue length up to `now` (before it changes).
  void integrate(double now) {
    area += static_cast<double>(waiting) * (now - since);
    since = now;
  }
  /// The area since the last call, and starts again from 0.
  double take_area() {
    const double a = area;
    area = 0;
    return a;
  }
};

}  // namespace ccsim::sim::detail
