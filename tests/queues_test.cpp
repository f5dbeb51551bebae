// The engine's waiting queues (sim/engine/src/queues.hpp): stale entries and the queue's area.
#include <gtest/gtest.h>

#include "queues.hpp"

using namespace ccsim::sim::detail;

namespace {
std::uint32_t join(CallerPool& callers, WaitingQueue& queue, double at) {
  const std::uint32_t slot = callers.acquire();
  Caller& c = callers[slot];
  c.arrival = at;
  c.waiting = true;
  queue.entries.push_back({slot, c.generation});
  return slot;
}
}  // namespace

TEST(WaitingQueue, HeadSkipsCallersWhoLeftAndSlotsReusedSince) {
  CallerPool callers;
  WaitingQueue queue;
  const auto a = join(callers, queue, 1.0);
  const auto b = join(callers, queue, 2.0);
  const auto c = join(callers, queue, 3.0);
  ASSERT_EQ(queue.head(callers), &callers[a]);
  callers[a].waiting = false;  // a abandons: its entry stays until it reaches the front
  release_caller(callers, a);
  // b leaves too and its slot is reused by a newcomer who waits: the old entry must not be taken for it.
  callers[b].waiting = false;
  release_caller(callers, b);
  const auto d = join(callers, queue, 4.0);
  EXPECT_EQ(d, b);
  EXPECT_EQ(queue.head(callers), &callers[c]);
  EXPECT_EQ(queue.entries.size(), 2U);  // c and d: the stale entries are gone
  queue.entries.pop_front();
  callers[c].waiting = false;
  EXPECT_EQ(queue.head(callers), &callers[d]);
  EXPECT_DOUBLE_EQ(queue.head(callers)->arrival, 4.0);
  callers[d].waiting = false;
  queue.entries.pop_front();
  EXPECT_EQ(queue.head(callers), nullptr);
}

TEST(WaitingQueue, AreaIsTheIntegralOfTheQueueLength) {
  WaitingQueue queue;
  // 0 waiting until 10, 2 until 15, 1 until 40: area 2 x 5 + 1 x 25 = 35.
  queue.integrate(10.0);
  queue.waiting = 2;
  queue.integrate(15.0);
  queue.waiting = 1;
  queue.integrate(40.0);
  EXPECT_DOUBLE_EQ(queue.take_area(), 35.0);
  EXPECT_DOUBLE_EQ(queue.take_area(), 0.0);  // taken: starts again
  queue.integrate(50.0);
  EXPECT_DOUBLE_EQ(queue.take_area(), 10.0);
}

TEST(Caller, FillsOneCacheLine) { EXPECT_EQ(sizeof(Caller), 64U); }
