// The engine's callbacks (sim/engine/src/callbacks.hpp): callback or caller first, promises.
#include <gtest/gtest.h>

#include "callbacks.hpp"

using namespace ccsim::sim::detail;

TEST(Callbacks, InQueueOrderTheLongerWaitGoesFirst) {
  CallbackList list;
  EXPECT_FALSE(callback_first(list, true, 5.0, true));  // no callback
  EXPECT_FALSE(callback_first(list, false, 0.0, true));
  list.push_back({3, 10.0});
  EXPECT_TRUE(callback_first(list, false, 0.0, true));   // nobody waits
  EXPECT_TRUE(callback_first(list, true, 12.0, true));   // accepted at 10, caller since 12
  EXPECT_FALSE(callback_first(list, true, 8.0, true));   // the caller has waited longer
  EXPECT_FALSE(callback_first(list, true, 10.0, true));  // a tie goes to the caller
}

TEST(Callbacks, WhenIdleOnlyIfNobodyWaits) {
  CallbackList list;
  list.push_back({3, 10.0});
  EXPECT_FALSE(callback_first(list, true, 100.0, false));
  EXPECT_TRUE(callback_first(list, false, 0.0, false));
}

TEST(Callbacks, APromiseIsKeptUpToItsTime) {
  const Promise p{100.0, 700.0};
  EXPECT_TRUE(promise_kept(p, 650.0));
  EXPECT_TRUE(promise_kept(p, 700.0));
  EXPECT_FALSE(promise_kept(p, 700.5));
}
