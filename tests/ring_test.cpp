// The engine's FIFO ring: the order of std::deque under any mix of pushes and pops at both ends,
// across growth.
#include <gtest/gtest.h>

#include <deque>
#include <random>

#include "ring.hpp"

TEST(Ring, BehavesLikeADeque) {
  std::mt19937_64 rng(2);
  ccsim::sim::detail::Ring<int> ring;
  std::deque<int> reference;
  for (int step = 0; step < 100000; ++step) {
    const auto r = rng() % 10;
    if (r < 5 || reference.empty()) {
      ring.push_back(step);
      reference.push_back(step);
    } else if (r < 8) {
      ASSERT_EQ(ring.front(), reference.front());
      EXPECT_EQ(ring.pop_front(), reference.front());
      reference.pop_front();
    } else {
      EXPECT_EQ(ring.pop_back(), reference.back());
      reference.pop_back();
    }
    ASSERT_EQ(ring.size(), reference.size());
  }
  ring.clear();
  EXPECT_TRUE(ring.empty());
}
