#pragma once
// The engine's callbacks: the list of accepted callbacks of a call type, their promises, and
// the rule that decides between a callback and the caller at the front of the queue. Tested in
// tests/callbacks_test.cpp.
#include <cstdint>

#include "ring.hpp"

namespace ccsim::sim::detail {

// Callback times of caller slot i (kept apart from the caller: the hot Caller fills one cache line).
struct Promise {
  double accepted;  // seconds after opening
  double promise;   // promised by then
};

// An accepted callback waiting to be dialled.
struct CallbackEntry {
  std::uint32_t slot;
  double since;  // when it took its place in the callback list, seconds after opening
};

using CallbackList = Ring<CallbackEntry>;

/// Whether a free agent dials the first callback of `list` rather than take the caller who has
/// waited since `head_arrival` (no caller: `has_head` false). In queue order the callback goes
/// first when it has waited longer; otherwise only when no caller waits.
inline bool callback_first(const CallbackList& list, bool has_head, double head_arrival, bool in_queue_order) {
  return !list.empty() && (!has_head || (in_queue_order && list.front().since < head_arrival));
}

/// Whether a callback reached at `now` kept its promise.
inline bool promise_kept(const Promise& p, double now) { return now <= p.promise; }

}  // namespace ccsim::sim::detail
