#pragma once
// The engine's router: which idle group takes an arriving call, and what a free agent takes
// next, from the Model's routing tables (table lookups; no allocation). Tested in
// tests/router_test.cpp.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace ccsim::sim::detail {

inline constexpr std::uint32_t no_group = 0xffffffffU;

/// The first group of `order` for which `has_idle(group)` holds, or no_group.
template <class HasIdle>
std::uint32_t first_idle_group(const std::vector<std::size_t>& order, HasIdle has_idle) {
  for (const std::size_t g : order) {
    if (has_idle(g)) return static_cast<std::uint32_t>(g);
  }
  return no_group;
}

/// What a free agent takes: a call type's front caller or its first callback; `type` is
/// no_group when there is nothing it may take.
struct Pick {
  std::uint32_t type;
  bool callback;
};

/// The rules of the pick (see Routing).
struct PickRules {
  bool longest_waiting = false;  ///< else priority: the first type in the skills with work
};

/// The work an agent of a group with `skills` (call types in priority order) takes.
/// `front(t)` gives the arrival time of type t's front caller that this group may take now
/// (its overflow wait over), or +infinity; `queued_callback(t)` the time since which type t's
/// first callback has waited, if its callbacks compete with its callers in queue order;
/// `idle_callback(t)` the same for callbacks served only when no caller waits (+infinity: none).
template <class Front, class QueuedCallback, class IdleCallback>
Pick pick_work(const std::vector<std::size_t>& skills, const PickRules& rules, Front front, QueuedCallback queued_callback,
               IdleCallback idle_callback) {
  constexpr double none = std::numeric_limits<double>::infinity();
  Pick best{no_group, false};
  double best_since = none;
  for (const std::size_t t : skills) {
    const double caller = front(t);
    const double dial = queued_callback(t);
    const bool take_callback = dial < none && (caller == none || dial < caller);
    const double since = take_callback ? dial : caller;
    if (since == none) continue;
    if (!rules.longest_waiting) return {static_cast<std::uint32_t>(t), take_callback};
    if (since < best_since) {
      best_since = since;
      best = {static_cast<std::uint32_t>(t), take_callback};
    }
  }
  if (best.type != no_group) return best;
  // Callbacks served only when no caller waits: the first (or the oldest) of them.
  for (const std::size_t t : skills) {
    const double dial = idle_callback(t);
    if (dial == none) continue;
    if (!rules.longest_waiting) return {static_cast<std::uint32_t>(t), true};
    if (dial < best_since) {
      best_since = dial;
      best = {static_cast<std::uint32_t>(t), true};
    }
  }
  return best;
}

}  // namespace ccsim::sim::detail
