#pragma once
// A request that the work in progress stop at its next check: between replications (a run, a
// staffing evaluation), between a schedule loop's rounds, between a command's items. The work then
// throws RunCancelled (runner.hpp). Set from another thread or a signal handler (lock-free): the
// Python module sets it when Ctrl-C arrives while a command runs with the GIL released, so that
// KeyboardInterrupt comes within a replication rather than when the call ends.
#include <atomic>

namespace ccsim::sim {

namespace detail {
inline std::atomic<bool> interrupt_flag{false};
}  // namespace detail

/// Asks the work in progress to stop (async-signal-safe).
inline void request_interrupt() noexcept { detail::interrupt_flag.store(true, std::memory_order_relaxed); }
/// Forgets a request (before the next command).
inline void clear_interrupt() noexcept { detail::interrupt_flag.store(false, std::memory_order_relaxed); }
/// Whether a stop was asked for.
[[nodiscard]] inline bool interrupt_requested() noexcept { return detail::interrupt_flag.load(std::memory_order_relaxed); }

}  // namespace ccsim::sim
