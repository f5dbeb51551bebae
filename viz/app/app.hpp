#pragma once
// The visualiser's interface: the edit panel and the views, drawn with Dear ImGui each frame.
// State and drawing only; the window, the GL context and the screenshot live in main.cpp.
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "ccsim/sim/staffing_search.hpp"
#include "export.hpp"
#include "schedule_job.hpp"
#include "ccsim/viz/edit_history.hpp"
#include "ccsim/viz/whatif.hpp"
#include "ccsim/viz/worker.hpp"

namespace ccsim::viz {

/// The views, by the names --view takes.
enum class View { intervals, distributions, returning, kpi, compare, erlang, replay, queues, coverage };
inline constexpr const char* view_names[] = {"intervals", "distributions", "returning", "kpi", "compare", "erlang", "replay", "queues", "coverage"};
std::optional<View> view_from_name(const std::string& name);

class App {
public:
  explicit App(std::vector<std::string> scenario_files, int threads = 0);

  /// Opens a scenario file; false (and a message shown) when it does not parse.
  bool open(const std::string& path);
  /// Opens scenario JSON already read (overrides applied), shown as coming from `path`.
  bool open_json(const nlohmann::json& json, const std::string& path);
  /// Takes the forecast file `file` (CSV, see docs/scenario-format.md) as the volume of the chosen
  /// call type, keeping everything else; false (and a message) when the scenario refuses it.
  bool use_forecast(const std::string& file);
  /// Draws one frame of the interface (the whole window) and handles its edits.
  void frame(double now);

  void show(View view) { view_ = view; select_view_ = true; }
  /// Pins the current results as the baseline of the comparison.
  void pin_baseline();
  /// Shows `focus` (the whole centre, a call type or an agent group) in every view; the panel's
  /// demand knobs then edit that call type, the staffing knobs that agent group.
  void set_focus(Focus focus, double now);
  [[nodiscard]] Focus focus() const { return focus_; }
  /// Moves the replay clock to `seconds` after the first opening.
  void set_replay_time(double seconds) { replay_time_ = seconds; }

  [[nodiscard]] const std::shared_ptr<const Results>& results() const { return results_; }
  [[nodiscard]] bool busy() const;              ///< an edit waits for its run, or a run is in progress
  [[nodiscard]] const std::string& error() const { return error_; }
  [[nodiscard]] Knobs& knobs() { return knobs_; }
  /// Re-reads the knobs into the scenario and schedules a run (as after an edit in the panel); the
  /// edit becomes a step of the undo history.
  void knobs_changed(double now);
  /// Takes `scenario` (JSON, overrides applied) as an edit of the open one: undoable, focus and
  /// baseline kept. False (and the error shown) when it does not parse.
  bool edit_json(const nlohmann::json& scenario, double now);
  /// Undoes (Ctrl+Z) or redoes (Ctrl+Shift+Z) an edit; false when there is none.
  bool undo(double now);
  bool redo(double now);
  [[nodiscard]] const EditHistory& history() const { return history_; }
  /// The folder the "Export view" button asked for, once (the window writes the files after
  /// drawing the frame, since charts are exported as pixels).
  std::optional<std::string> take_export_request() {
    if (!export_collected_) return std::nullopt;  // the frame after the click collects the items
    collecting_exports() = false;
    return std::exchange(export_request_, std::nullopt);
  }
  [[nodiscard]] std::string current_view_name() const { return view_names[static_cast<std::size_t>(view_)]; }
  /// Shows a message in the panel.
  void say(std::string message) { message_ = std::move(message); }
  /// The scenario as edited (what Save writes).
  [[nodiscard]] nlohmann::json edited_scenario() const { return apply_knobs(base_, knobs_); }
  /// The series the current view plots, as JSON (for tests: a changed parameter changes them).
  [[nodiscard]] nlohmann::json plotted_series() const;
  /// Starts "Staff to target" in the background: ccsim staff's search on the edited scenario; when
  /// it ends the staffing bars of the chosen group take its answer (a new run follows), and the
  /// per-interval view shows its requirement beside Erlang's.
  void staff_to_target();
  /// Starts "Schedule shifts" in the background: ccsim schedule on the edited scenario (its
  /// schedule block), covering the Erlang requirement (or the scenario's staffing), checked by
  /// simulation when `simulate`; when it ends the scenario takes the plan as its staffing (a new
  /// run follows) and the Coverage view shows it.
  void schedule_shifts(bool simulate, bool from_erlang = true);
  [[nodiscard]] bool scheduling() const { return schedule_job_.running(); }
  /// True while the staffing search runs.
  [[nodiscard]] bool staffing_running() const { return staff_running_; }
  ~App();
  /// Seconds from the last edit to its results arriving (negative before the first).
  [[nodiscard]] double last_edit_to_results() const { return edit_to_results_; }

private:
  void panel(double now);
  void status_bar();
  void focus_selector(double now);
  void view_queues();
  void queue_tables();  ///< the call types' and agent groups' rows (scenarios with several queues)
  void view_intervals();
  void view_distributions();
  void view_returning();
  void view_kpi();
  void view_compare();
  void view_erlang();
  void view_replay();
  void view_coverage();
  void schedule_finished();  ///< takes a finished schedule into the scenario
  [[nodiscard]] std::string interval_label(double x) const;
  [[nodiscard]] std::pair<std::size_t, std::size_t> shown_intervals() const;
  [[nodiscard]] std::vector<double> simulated_requirement() const;  ///< the search's agents per interval, or empty

  void staff_finished(double now);  ///< takes a finished search's answer into the knobs
  void edits_section(double now);   ///< the panel's undo/redo buttons and the list of edits
  void show_step(const nlohmann::json& scenario, double now);  ///< shows a step of the history (not recorded again)

  // "Staff to target": the search's thread, its progress, and its answer.
  std::thread staff_thread_;
  std::atomic<bool> staff_running_{false}, staff_cancel_{false};
  std::atomic<int> staff_evaluations_{0}, staff_missing_{0};
  std::mutex staff_mutex_;
  std::optional<sim::StaffResult> staff_result_;   // the last answer, for the view
  std::optional<sim::StaffResult> staff_pending_;  // an answer not yet taken into the knobs
  std::string staff_error_;
  std::size_t staff_group_ = 0;

  // "Schedule shifts": the job, its last answer, the panel's choices.
  ScheduleJob schedule_job_;
  std::optional<ScheduleAnswer> schedule_;
  bool schedule_simulate_ = true, schedule_from_erlang_ = true;

  std::vector<std::string> scenario_files_;
  int threads_;
  std::string path_, save_path_, open_path_;
  nlohmann::json base_;
  Knobs knobs_;
  EditHistory history_;
  std::optional<std::string> export_request_;
  bool export_collected_ = false;  // this frame collected the items the request wants
  bool recording_edits_ = true;  // off while a history step is being shown
  std::optional<sim::Scenario> scenario_;  // the edited scenario, validated
  std::string error_, message_;
  Debouncer debouncer_{0.25};
  SimulationWorker worker_;
  std::uint64_t wanted_job_ = 0;
  double last_edit_ = -1, edit_to_results_ = -1;
  std::shared_ptr<const Results> results_, baseline_;
  View view_ = View::intervals;
  Focus focus_{};
  bool select_view_ = true;
  int day_ = -1;  // -1: every day
  int bar_day_ = 0;
  double replay_time_ = 2.5 * 3600, replay_speed_ = 120, last_frame_ = -1;
  // Replications shown done, and when that changed: the progress shown moves at most ten times a
  // second, so that during a run most frames are unchanged and are not redrawn (main.cpp).
  int shown_done_ = 0;
  double shown_done_at_ = -1;
  bool playing_ = false;
  // The Erlang tab (erlang_view.cpp): its inputs, taken from the open scenario (the chosen
  // interval's calls, the call type's handle time with wrap-up, patience, lines, target) until
  // the planner changes one; durations as text in the scenario's units ("30m", "4m30s").
  struct ErlangInputs {
    double calls = 100, interval = 1800, handle_time = 180, patience = 0, answer_within = 20, target = 0.8, shrinkage = 0;
    int lines = 0;
    int day = 0, slot = -1;  // the scenario's interval the calls come from (-1: the busiest)
    std::string interval_text = "30m", handle_time_text = "3m", patience_text = "0", answer_within_text = "20s";
  };
  ErlangInputs erlang_;
  const void* erlang_source_ = nullptr;  // the results the inputs were taken from
  bool erlang_edited_ = false;            // the planner changed an input: keep them
  void erlang_from_scenario();        ///< every input from the scenario and its run
  void erlang_calls_from_scenario();  ///< the calls of the chosen interval (the busiest when none is)
  [[nodiscard]] nlohmann::json erlang_series() const;  ///< the tab's inputs, model and answer, for --dump-series
};

}  // namespace ccsim::viz
