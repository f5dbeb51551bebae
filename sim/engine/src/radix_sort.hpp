#pragma once
// A stable radix sort on 64-bit keys, and the keys that make doubles sort: how the engine orders
// the returning contacts due at a day's opening. Tested in tests/radix_sort_test.cpp.
#include <array>
#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace ccsim::sim::detail {

// Sorts `items` stably by an unsigned 64-bit key: a least-significant-digit radix sort, a byte
// at a time, skipping the bytes every key shares. Lists appended in the order that breaks ties
// come out in (key, that order) order, as with a comparison sort on both, but without the
// mispredicted branches of comparisons on random times. `scratch` keeps its capacity.
template <class T, class KeyOf>
void radix_sort(std::vector<T>& items, std::vector<T>& scratch, KeyOf key_of) {
  const std::size_t n = items.size();
  if (n < 2) return;
  std::array<std::array<std::uint32_t, 256>, 8> counts{};
  std::uint64_t all_and = ~std::uint64_t{0}, all_or = 0;
  for (const T& item : items) {
    const std::uint64_t key = key_of(item);
    all_and &= key;
    all_or |= key;
    for (std::size_t b = 0; b < 8; ++b) ++counts[b][(key >> (8 * b)) & 255U];
  }
  scratch.resize(n);
  T* from = items.data();
  T* to = scratch.data();
  for (std::size_t b = 0; b < 8; ++b) {
    if ((((all_and ^ all_or) >> (8 * b)) & 255U) == 0) continue;  // every key has the same byte here
    std::uint32_t offset = 0;
    for (std::uint32_t& count : counts[b]) {
      const std::uint32_t here = count;
      count = offset;
      offset += here;
    }
    for (std::size_t i = 0; i < n; ++i) to[counts[b][(key_of(from[i]) >> (8 * b)) & 255U]++] = from[i];
    std::swap(from, to);
  }
  if (from != items.data()) std::copy(from, from + n, items.data());
}

// A double's bits made to order like the double (negative values included, -0 as +0).
inline std::uint64_t ordered_bits(double x) {
  const auto bits = std::bit_cast<std::uint64_t>(x + 0.0);
  return (bits >> 63) != 0 ? ~bits : bits | (std::uint64_t{1} << 63);
}

}  // namespace ccsim::sim::detail
