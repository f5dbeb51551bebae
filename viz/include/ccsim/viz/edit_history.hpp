#pragma once
// The visualiser's edits, undoable (Ctrl+Z) and redoable (Ctrl+Shift+Z): each step is the edited
// scenario as JSON (what `ccsim run` would read) with a line saying what changed. No GUI code.
#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ccsim::viz {

class EditHistory {
public:
  struct Step {
    nlohmann::json scenario;  ///< the whole edited scenario after this step
    std::string what;         ///< "staffing.shifts[0].agents: 12 -> 20", or "opened"
    std::vector<std::string> paths;  ///< the JSON paths this step changed (to merge a drag's steps)
    double at = 0;            ///< when the step was recorded, seconds (the caller's clock)
  };

  /// Starts over from `scenario` (a scenario opened): one step, nothing to undo.
  void reset(nlohmann::json scenario, std::string what = "opened");
  /// Records an edit that made `scenario`; steps after the current one (undone) are dropped. An
  /// edit of the same fields as the step before, within `merge_within` seconds (a slider being
  /// dragged), replaces that step rather than adding one. Returns false when nothing changed.
  bool record(nlohmann::json scenario, double now, double merge_within = 1.5);

  [[nodiscard]] bool can_undo() const { return current_ > 0; }
  [[nodiscard]] bool can_redo() const { return current_ + 1 < steps_.size(); }
  /// The scenario before the current step (and it becomes current). Needs can_undo().
  const nlohmann::json& undo();
  /// The scenario of the step after the current one (and it becomes current). Needs can_redo().
  const nlohmann::json& redo();
  /// Makes step `index` current; returns its scenario.
  const nlohmann::json& go_to(std::size_t index);

  [[nodiscard]] const std::vector<Step>& steps() const { return steps_; }
  [[nodiscard]] std::size_t current() const { return current_; }
  [[nodiscard]] const nlohmann::json& scenario() const { return steps_.at(current_).scenario; }

private:
  std::vector<Step> steps_;
  std::size_t current_ = 0;
};

/// What changed from `before` to `after`, in a line: "staffing.agents: 12 -> 20" (the first
/// change, "and N more" when there are others), with the JSON paths changed.
std::string describe_change(const nlohmann::json& before, const nlohmann::json& after, std::vector<std::string>* paths = nullptr);

}  // namespace ccsim::viz
