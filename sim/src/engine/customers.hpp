#pragma once
// The engine's customers, followed across contacts and days (scenarios with returning customers,
// callbacks or an IVR): each customer's journey, and the day a contact due later is scheduled
// on. Tested in tests/customers_test.cpp.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "slot_pool.hpp"

namespace ccsim::sim::detail {

enum ContactKind : std::uint8_t { fresh_contact = 0, redial_contact, retry_contact, repeat_contact, reopen_contact };
// Caller identification (CRM) of a contact or a customer.
enum CrmMatch : std::uint8_t { not_identified = 0, identified_first, identified_later, not_drawn };

inline constexpr double seconds_per_day = 86400.0;
inline constexpr std::uint32_t no_customer = 0xffffffffU;

struct Customer {
  double first_contact;  // seconds since the first day's opening
  double menu_time;      // seconds spent in the IVR so far (not waiting for an agent)
  std::uint32_t first_interval;
  std::uint32_t attempts;  // inbound contacts so far
  std::uint16_t type;      // call type of its contacts
  bool counted;
  bool reached;            // an agent has talked to it
  std::uint8_t crm;        // CrmMatch of its first contact in opening hours (not_drawn before)
};

using CustomerPool = SlotPool<Customer>;

// A returning contact due on a later day (or after closing): seconds since the first opening.
struct FutureContact {
  double at;
  std::uint32_t customer;
  std::uint8_t kind;
};

/// The day (0-based) at whose opening a contact due at `at` seconds since the first day's
/// opening is scheduled: the first day whose closing (`open_length` after its opening) is after
/// it; `days` when it is due after the last closing.
inline std::size_t future_day(double at, std::size_t days, double open_length) {
  const double estimate = std::floor((at - open_length) / seconds_per_day) + 1.0;
  std::size_t d = estimate > 0 ? static_cast<std::size_t>(std::min(estimate, static_cast<double>(days))) : 0;
  // Settle rounding with the very comparison made at each opening: due before its closing.
  while (d > 0 && at < static_cast<double>(d - 1) * seconds_per_day + open_length) --d;
  while (d < days && !(at < static_cast<double>(d) * seconds_per_day + open_length)) ++d;
  return d;
}

}  // namespace ccsim::sim::detail
