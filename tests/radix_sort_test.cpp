// The radix sort behind the morning's returning contacts: the same order as std::stable_sort on
// the key, for doubles of either sign, ties and keys sharing their high bytes.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <utility>
#include <vector>

#include "radix_sort.hpp"

namespace {

using ccsim::sim::detail::ordered_bits;
using ccsim::sim::detail::radix_sort;

TEST(RadixSort, EqualsAStableSortOnTheKey) {
  std::mt19937_64 rng(8);
  for (int round = 0; round < 20; ++round) {
    std::vector<std::pair<double, int>> items, scratch;
    const auto n = static_cast<int>(rng() % 3000);
    for (int i = 0; i < n; ++i) {
      double t = 0;
      switch (rng() % 4) {
        case 0: t = static_cast<double>(rng() % 10); break;  // ties
        case 1: t = -static_cast<double>(rng() % 1000) / 7.0; break;  // negative
        case 2: t = 86400.0 * 3 + static_cast<double>(rng() % 100000) / 3.0; break;  // shared high bytes
        default: t = (rng() % 2 ? -0.0 : 0.0); break;  // both zeros
      }
      items.emplace_back(t, i);
    }
    auto expected = items;
    std::stable_sort(expected.begin(), expected.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    radix_sort(items, scratch, [](const auto& item) { return ordered_bits(item.first); });
    ASSERT_EQ(items.size(), expected.size());
    for (std::size_t i = 0; i < items.size(); ++i) EXPECT_EQ(items[i].second, expected[i].second) << "round " << round;
  }
}

TEST(RadixSort, OrderedBitsOrderLikeTheDoubles) {
  const double values[] = {-1e300, -3.5, -1e-300, -0.0, 0.0, 1e-300, 2.0, 1e300};
  for (std::size_t i = 0; i + 1 < std::size(values); ++i) {
    EXPECT_LE(ordered_bits(values[i]), ordered_bits(values[i + 1]));
  }
  EXPECT_EQ(ordered_bits(-0.0), ordered_bits(0.0));
}

}  // namespace
