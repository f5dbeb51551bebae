// The engine's future-event list: events come out in (time, scheduling order) whatever the order
// they went in, and the events that follow customers, kept apart, merge into the same order as
// one heap would give (the engine's determinism rests on both).
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "event_queue.hpp"

namespace {

using namespace ccsim::sim::detail;

// Times with many ties (a coarse grid) and some exact zeros.
double random_time(std::mt19937_64& rng) { return static_cast<double>(rng() % 50) * 0.5; }

TEST(EventQueue, PopsByTimeThenSchedulingOrder) {
  std::mt19937_64 rng(11);
  EventQueue queue;
  std::vector<Event> made;
  for (std::uint32_t i = 0; i < 5000; ++i) {
    const Event e = queue.make(random_time(rng), static_cast<Kind>(i % 12), i % 1000);
    made.push_back(e);
    queue.insert(e);
  }
  // The reference: a stable sort by time keeps scheduling order among equal times.
  std::vector<Event> expected = made;
  std::stable_sort(expected.begin(), expected.end(), [](const Event& a, const Event& b) { return a.time() < b.time(); });
  for (const Event& e : expected) {
    ASSERT_FALSE(queue.empty());
    const Event got = queue.pop();
    EXPECT_EQ(got.key, e.key);
    EXPECT_EQ(got.time(), e.time());
  }
  EXPECT_TRUE(queue.empty());
}

TEST(EventQueue, KeepsKindAndIdAndInterleavesPushesAndPops) {
  std::mt19937_64 rng(5);
  EventQueue queue;
  std::vector<Event> reference;  // kept sorted by (time, key)
  double now = 0;
  for (int step = 0; step < 20000; ++step) {
    if (!reference.empty() && rng() % 3 == 0) {
      const Event got = queue.pop();
      EXPECT_EQ(got.key, reference.front().key);
      EXPECT_GE(got.time(), now);
      now = got.time();
      reference.erase(reference.begin());
    } else {
      const auto id = static_cast<std::uint32_t>(rng() % (1U << 28));
      const auto kind = static_cast<Kind>(rng() % 12);
      const Event e = queue.make(now + random_time(rng), kind, id);
      EXPECT_EQ(e.kind(), kind);
      EXPECT_EQ(e.id(), id);
      queue.insert(e);
      reference.insert(std::upper_bound(reference.begin(), reference.end(), e, EventQueue::before), e);
    }
  }
}

TEST(FollowEvents, MergeWithTheMainHeapInOneHeapsOrder) {
  std::mt19937_64 rng(3);
  EventQueue main_heap, one_heap;
  FollowEvents follow;
  for (std::uint32_t i = 0; i < 3000; ++i) {
    const Event e = main_heap.make(random_time(rng), arrival, i);
    one_heap.insert(e);
    switch (rng() % 3) {
      case 0: main_heap.insert(e); break;
      case 1: follow.insert(e); break;
      default: follow.insert_ivr_end(e); break;
    }
  }
  while (!one_heap.empty()) {
    const Event expected = one_heap.pop();
    const bool from_follow = main_heap.empty() || EventQueue::before(follow.next(), main_heap.top());
    const Event got = from_follow ? follow.pop() : main_heap.pop();
    EXPECT_EQ(got.key, expected.key);
  }
  EXPECT_EQ(follow.next().key, never.key);
}

TEST(OrderedEvents, TakesTheEarliestFirst) {
  std::mt19937_64 rng(9);
  EventQueue stamps;
  OrderedEvents list;
  std::vector<Event> all;
  for (std::uint32_t i = 0; i < 2000; ++i) {
    const Event e = stamps.make(random_time(rng), ivr_end, i);
    all.push_back(e);
    list.insert(e);
  }
  std::stable_sort(all.begin(), all.end(), [](const Event& a, const Event& b) { return a.time() < b.time(); });
  for (const Event& e : all) EXPECT_EQ(list.pop_front().key, e.key);
  EXPECT_TRUE(list.empty());
}

}  // namespace
