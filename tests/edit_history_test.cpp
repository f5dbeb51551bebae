// The visualiser's undo history (viz/edit_history.hpp): undo and redo walk the steps, a new edit
// drops what was undone, a drag's steps merge, and each step says what changed.
#include <gtest/gtest.h>

#include "ccsim/viz/edit_history.hpp"

using ccsim::viz::EditHistory;
using nlohmann::json;

namespace {
json scenario(int agents, double talk = 240) {
  return {{"staffing", {{"agents", agents}}}, {"handle_time", {{"dist", "exponential"}, {"mean", talk}}}};
}
}  // namespace

TEST(EditHistory, UndoAndRedoWalkTheStepsAndANewEditDropsTheUndone) {
  EditHistory h;
  h.reset(scenario(10));
  EXPECT_FALSE(h.can_undo());
  ASSERT_TRUE(h.record(scenario(12), 10));
  ASSERT_TRUE(h.record(scenario(12, 300), 20));
  EXPECT_EQ(h.steps().size(), 3U);
  EXPECT_EQ(h.undo(), scenario(12));
  EXPECT_EQ(h.undo(), scenario(10));
  EXPECT_FALSE(h.can_undo());
  EXPECT_TRUE(h.can_redo());
  EXPECT_EQ(h.redo(), scenario(12));
  // Another edit now: the undone talk-time step is gone.
  ASSERT_TRUE(h.record(scenario(15), 30));
  EXPECT_FALSE(h.can_redo());
  ASSERT_EQ(h.steps().size(), 3U);
  EXPECT_EQ(h.steps()[2].scenario, scenario(15));
  EXPECT_EQ(h.go_to(0), scenario(10));
  EXPECT_THROW(h.undo(), std::logic_error);
}

TEST(EditHistory, EachStepSaysWhatChanged) {
  EditHistory h;
  h.reset(scenario(10));
  h.record(scenario(12), 1);
  EXPECT_EQ(h.steps()[1].what, "staffing.agents: 10 -> 12");
  h.record(scenario(12, 300), 5);
  EXPECT_EQ(h.steps()[2].what, "handle_time.mean: 240.0 -> 300.0");
  json shifts = scenario(12, 300);
  shifts["staffing"] = {{"shifts", {{{"start", "08:00"}, {"agents", 4}}}}};
  h.record(shifts, 10);
  EXPECT_NE(h.steps()[3].what.find(" more"), std::string::npos) << h.steps()[3].what;
  EXPECT_FALSE(h.record(shifts, 11));  // no change, no step
}

TEST(EditHistory, ADragOfOneFieldIsOneStepAndDraggingBackIsNone) {
  EditHistory h;
  h.reset(scenario(10));
  for (int a = 11; a <= 20; ++a) h.record(scenario(a), 1.0 + 0.05 * a);
  ASSERT_EQ(h.steps().size(), 2U);
  EXPECT_EQ(h.steps()[1].what, "staffing.agents: 10 -> 20");
  EXPECT_EQ(h.undo(), scenario(10));
  h.redo();
  // The same field again, but seconds later: a step of its own.
  h.record(scenario(25), 30);
  EXPECT_EQ(h.steps().size(), 3U);
  // A drag that ends where it began leaves no step.
  h.record(scenario(26), 60);
  h.record(scenario(25), 60.2);
  EXPECT_EQ(h.steps().size(), 3U);
  EXPECT_EQ(h.scenario(), scenario(25));
}
