#pragma once
// The engine's customers, followed across contacts and days (scenarios with returning customers,
// callbacks or an IVR): each customer's journey, and the day a contact due later is scheduled
// on. Tested in tests/customers_test.cpp.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

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

/// The day (0-based) at whose opening a contact due at `at` seconds since the first day's grid
/// start is scheduled: the first day whose closing is after it (`closing`: per day, never
/// decreasing, see opening_hours.hpp's day_bounds); the number of days when it is due after the
/// last closing.
inline std::size_t future_day(double at, const std::vector<double>& closing) {
  return static_cast<std::size_t>(std::upper_bound(closing.begin(), closing.end(), at) - closing.begin());
}

}  // namespace ccsim::sim::detail
