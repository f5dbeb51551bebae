// The engine's pools of records (sim/engine/src/slot_pool.hpp).
#include <gtest/gtest.h>

#include <set>

#include "slot_pool.hpp"

using ccsim::sim::detail::SlotPool;

TEST(SlotPool, ReusesTheLastReleasedSlotAndGrowsOnlyWhenNoneIsFree) {
  SlotPool<int> pool;
  const auto a = pool.acquire(), b = pool.acquire(), c = pool.acquire();
  EXPECT_EQ(std::set<std::uint32_t>({a, b, c}).size(), 3U);
  EXPECT_EQ(pool.size(), 3U);
  pool.release(b);
  pool.release(a);
  EXPECT_EQ(pool.acquire(), a);  // last in, first out
  EXPECT_EQ(pool.acquire(), b);
  EXPECT_EQ(pool.size(), 3U);  // no growth while slots were free
  EXPECT_EQ(pool.acquire(), 3U);
}

TEST(SlotPool, IsFullOnlyWithNoFreeSlotAtTheLimit) {
  SlotPool<double> pool;
  EXPECT_FALSE(pool.full(2));
  const auto a = pool.acquire();
  pool.acquire();
  EXPECT_TRUE(pool.full(2));
  pool.release(a);
  EXPECT_FALSE(pool.full(2));  // a free slot can be reused without growing
  pool.clear();
  EXPECT_EQ(pool.size(), 0U);
  EXPECT_FALSE(pool.full(1));
}

TEST(SlotPool, KeepsRecordsApartAndNewOnesValueInitialised) {
  SlotPool<long> pool;
  const auto a = pool.acquire(), b = pool.acquire();
  EXPECT_EQ(pool[a], 0);
  pool[a] = 7;
  pool[b] = 9;
  EXPECT_EQ(pool[a], 7);
  EXPECT_EQ(pool[b], 9);
  pool.release(a);
  EXPECT_EQ(pool[pool.acquire()], 7);  // a reused record is not reset: the engine fills what it reads
}
