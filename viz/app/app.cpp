// The visualiser's interface: the edit panel on the left, the views on the right.
#include "app.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <cstdio>
#include <fstream>
#include <limits>

#include <imgui.h>

#include "ccsim/models/erlang.hpp"
#include "ccsim/sim/duration.hpp"
#include "ccsim/sim/output_files.hpp"
#include "coverage_view.hpp"
#include "export.hpp"
#include "plot.hpp"
#include "view_helpers.hpp"
#include "widgets.hpp"

namespace ccsim::viz {

using nlohmann::json;

std::optional<View> view_from_name(const std::string& name) {
  for (std::size_t i = 0; i < std::size(view_names); ++i)
    if (name == view_names[i]) return static_cast<View>(i);
  return std::nullopt;
}

App::App(std::vector<std::string> scenario_files, int threads) : scenario_files_(std::move(scenario_files)), threads_(threads) {}

bool App::open(const std::string& path) {
  try {
    json j = sim::read_scenario_file(path);
    sim::resolve_relative_paths(j, sim::scenario_folder(path));  // (a forecast file next to it)
    return open_json(j, path);
  } catch (const std::exception& e) {
    message_ = e.what();
    return false;
  }
}

bool App::open_json(const json& j, const std::string& path) {
  try {
    Knobs k = knobs_from(j);
    base_ = j;
    focus_ = {};
    knobs_ = std::move(k);
    history_.reset(j, "opened " + std::filesystem::path(path).filename().string());
    path_ = path;
    save_path_ = path.size() > 5 ? path.substr(0, path.size() - 5) + "-edited.json" : "scenario-edited.json";
    message_.clear();
    results_.reset();
    bar_day_ = 0;
    day_ = -1;
    knobs_changed(0);
    debouncer_ = Debouncer(0.25);
    if (scenario_) wanted_job_ = worker_.submit(*scenario_, threads_);
    last_edit_ = -1;
    return scenario_.has_value();
  } catch (const std::exception& e) {
    message_ = path + ": " + e.what();
    return false;
  }
}

App::~App() {
  staff_cancel_ = true;
  if (staff_thread_.joinable()) staff_thread_.join();
}

void App::staff_to_target() {
  if (!scenario_ || staff_running_) return;
  if (staff_thread_.joinable()) staff_thread_.join();
  staff_cancel_ = false;
  staff_running_ = true;
  staff_evaluations_ = staff_missing_ = 0;
  staff_error_.clear();
  staff_group_ = knobs_.agent_group;
  // The search works on its own copy of the scenario: the panel may change meanwhile.
  staff_thread_ = std::thread([this, s = *scenario_] {
    sim::StaffOptions o;
    o.threads = std::max(1, threads_);
    o.progress = [this](int evaluations, int missing, const char*) {
      staff_evaluations_ = evaluations;
      staff_missing_ = missing;
    };
    o.cancelled = [this] { return staff_cancel_.load(); };
    try {
      auto result = sim::find_staffing(s, o);
      std::lock_guard lock(staff_mutex_);
      staff_pending_ = std::move(result);
    } catch (const std::exception& e) {
      std::lock_guard lock(staff_mutex_);
      staff_error_ = e.what();
    }
    staff_running_ = false;
  });
}

void App::schedule_shifts(bool simulate, bool from_erlang) {
  if (!scenario_ || schedule_job_.running()) return;
  schedule_simulate_ = simulate;
  schedule_from_erlang_ = from_erlang;
  schedule_job_.start(apply_knobs(base_, knobs_), std::filesystem::current_path(), *scenario_, from_erlang, simulate);
}

void App::schedule_finished() {
  std::string failure;
  auto answer = schedule_job_.take(failure);
  if (!failure.empty()) message_ = "schedule shifts: " + failure;
  if (!answer) return;
  // The scenario takes the plan as its staffing (reopened: the knobs read the new shifts).
  const View shown = view_;
  const std::string summary = answer->summary;
  if (open_json(answer->scenario, path_)) {
    schedule_ = std::move(answer);
    view_ = shown;
    select_view_ = true;
    message_ = "scheduled: " + summary;
  }
}

void App::view_coverage() {
  if (!schedule_) {
    ImGui::TextDisabled(scenario_ && scenario_->schedule ? "Press \"Schedule shifts\" (Staffing, left) to plan shifts from the scenario's templates."
                                                         : "This scenario has no shift templates (a schedule block: see docs/scheduling.md).");
    return;
  }
  const sim::Scenario& s = results_ ? results_->scenario : *scenario_;
  std::string preview = day_ < 0 ? "every day" : day_choice(s.calendar, day_);
  ImGui::SetNextItemWidth(180);
  if (ImGui::BeginCombo("day##coverage", preview.c_str())) {
    if (ImGui::Selectable("every day", day_ < 0)) day_ = -1;
    for (int i = 0; i < s.calendar.days; ++i)
      if (ImGui::Selectable(day_choice(s.calendar, i).c_str(), day_ == i)) day_ = i;
    ImGui::EndCombo();
  }
  if (day_ >= s.calendar.days) day_ = -1;
  const std::size_t group = focus_.scope == sim::Scope::agent_group ? focus_.index : 0;
  draw_coverage(*schedule_, s, group, day_);
}

void App::staff_finished(double now) {
  std::optional<sim::StaffResult> answer;
  {
    std::lock_guard lock(staff_mutex_);
    answer.swap(staff_pending_);
  }
  if (!answer) return;
  // The chosen group's bars take the answer (the other groups' staffing as it was).
  knobs_.bars = answer->agents[std::min(staff_group_, answer->agents.size() - 1)];
  knobs_.bars_edited = true;
  knobs_.staffing_scale = 1.0;
  staff_result_ = std::move(answer);
  message_ = "staffed to target: " + staff_result_->status.substr(0, staff_result_->status.find(':')) + ", " +
             std::to_string(staff_result_->evaluations) + " evaluations";
  knobs_changed(now);
}

bool App::use_forecast(const std::string& file) {
  if (base_.is_null() || file.empty()) return false;
  const json j = with_forecast(base_, knobs_.call_type, file);
  const std::string previous = path_;
  try {
    (void)sim::parse_scenario(j);  // refused as a whole (the calendar has no start date, a bad row...)
  } catch (const std::exception& e) {
    message_ = file + ": " + e.what();
    return false;
  }
  const bool opened = open_json(j, previous);
  if (opened) message_ = "volume from " + file;
  return opened;
}

void App::knobs_changed(double now) {
  try {
    const json edited = apply_knobs(base_, knobs_);
    scenario_ = sim::parse_scenario(edited);
    if (recording_edits_) history_.record(edited, now);
    error_.clear();
    debouncer_.edit(now);
    last_edit_ = now;
  } catch (const std::exception& e) {
    scenario_.reset();
    error_ = e.what();
  }
}

bool App::edit_json(const json& scenario, double now) {
  try {
    Knobs k = knobs_from(scenario, knobs_.call_type, knobs_.agent_group);
    base_ = scenario;
    knobs_ = std::move(k);
    knobs_changed(now);
    return scenario_.has_value();
  } catch (const std::exception& e) {
    error_ = e.what();
    return false;
  }
}

void App::show_step(const json& scenario, double now) {
  recording_edits_ = false;
  edit_json(scenario, now);
  recording_edits_ = true;
}

bool App::undo(double now) {
  if (!history_.can_undo()) return false;
  show_step(history_.undo(), now);
  message_ = "undone";
  return true;
}

bool App::redo(double now) {
  if (!history_.can_redo()) return false;
  show_step(history_.redo(), now);
  message_ = "redone";
  return true;
}

void App::edits_section(double now) {
  const auto& steps = history_.steps();
  const std::string title = "Edits (" + std::to_string(history_.current()) + ")###edits";
  if (!ImGui::CollapsingHeader(title.c_str(), ImGuiTreeNodeFlags_DefaultOpen)) return;
  ImGui::BeginDisabled(!history_.can_undo());
  if (ImGui::Button("Undo")) undo(now);
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(!history_.can_redo());
  if (ImGui::Button("Redo")) redo(now);
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::TextDisabled("Ctrl+Z, Ctrl+Shift+Z");
  // Newest first; the current step highlighted, undone ones greyed; a click goes to a step.
  for (std::size_t k = steps.size(); k-- > 0;) {
    ImGui::PushID(static_cast<int>(k));
    const bool undone = k > history_.current();
    if (undone) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    if (ImGui::Selectable(steps[k].what.c_str(), k == history_.current()) && k != history_.current()) show_step(history_.go_to(k), now);
    if (undone) ImGui::PopStyleColor();
    ImGui::PopID();
  }
}

bool App::busy() const { return staff_running_ || schedule_job_.running() || staff_thread_.joinable() || debouncer_.pending() || worker_.status().running || worker_.finished_job() != wanted_job_ || (wanted_job_ != 0 && !results_); }

void App::pin_baseline() { baseline_ = results_; }

void App::frame(double now) {
  frame_exports().clear();
  export_collected_ = export_request_.has_value() && collecting_exports();
  if (!staff_running_ && staff_thread_.joinable()) {
    staff_thread_.join();
    staff_finished(now);
  }
  if (!schedule_job_.running()) schedule_finished();
  if (debouncer_.due(now) && scenario_) wanted_job_ = worker_.submit(*scenario_, threads_);
  if (auto r = worker_.take()) {
    results_ = std::move(r);
    if (last_edit_ >= 0) edit_to_results_ = now - last_edit_;
  }
  const double dt = last_frame_ < 0 ? 0 : now - last_frame_;
  last_frame_ = now;
  if (playing_ && results_ && !results_->replay.snapshots.empty()) {
    replay_time_ += dt * replay_speed_;
    if (replay_time_ > results_->replay.snapshots.back().time) replay_time_ = results_->replay.snapshots.front().time;
  }

  // Ctrl+Z undoes an edit, Ctrl+Shift+Z (or Ctrl+Y) redoes it; a text field keeps its own undo.
  const ImGuiIO& io = ImGui::GetIO();
  if (io.KeyCtrl && !io.WantTextInput) {
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Z), false)) io.KeyShift ? redo(now) : undo(now);
    else if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Y), false)) redo(now);
  }

  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  // No background of its own: the window's clear colour (WindowBg) is it, one full-window layer
  // less for a software rasterizer.
  ImGui::Begin("ccsim", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoBackground);
  ImGui::BeginChild("panel", ImVec2(360, 0), true);
  panel(now);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("main", ImVec2(0, 0), false);
  status_bar();
  focus_selector(now);
  if (ImGui::BeginTabBar("views")) {
    const char* titles[] = {"Per interval", "Distributions", "Returning & callbacks", "KPIs", "Compare", "Erlang", "Live replay",
                            "Types & groups", "Coverage"};
    for (std::size_t i = 0; i < std::size(titles); ++i) {
      const ImGuiTabItemFlags flags = select_view_ && view_ == static_cast<View>(i) ? ImGuiTabItemFlags_SetSelected : 0;
      if (ImGui::BeginTabItem(titles[i], nullptr, flags)) {
        if (!select_view_) view_ = static_cast<View>(i);
        ImGui::BeginChild("view", ImVec2(0, 0), false);
        if (view_ == View::erlang) {
          view_erlang();
        } else if (view_ == View::coverage) {
          view_coverage();
        } else if (!results_) {
          ImGui::TextDisabled(scenario_ ? "Simulating ..." : "Open a scenario (left).");
        } else {
          switch (view_) {
            case View::intervals: view_intervals(); break;
            case View::distributions: view_distributions(); break;
            case View::returning: view_returning(); break;
            case View::kpi: view_kpi(); break;
            case View::compare: view_compare(); break;
            case View::replay: view_replay(); break;
            case View::queues: view_queues(); break;
            case View::erlang:
            case View::coverage: break;
          }
        }
        ImGui::EndChild();
        ImGui::EndTabItem();
      }
    }
    select_view_ = false;
    ImGui::EndTabBar();
  }
  ImGui::EndChild();
  ImGui::End();
}

void App::set_focus(Focus focus, double now) {
  if (!scenario_) return;
  if (focus.scope == sim::Scope::call_type && focus.index >= scenario_->call_types.size()) focus = {};
  if (focus.scope == sim::Scope::agent_group && focus.index >= scenario_->agent_groups.size()) focus = {};
  focus_ = focus;
  // The knobs follow: the edits so far are kept in the scenario, and the panel shows the chosen
  // type's needs and the chosen group's staffing.
  const std::size_t type = focus.scope == sim::Scope::call_type ? focus.index : knobs_.call_type;
  const std::size_t group = focus.scope == sim::Scope::agent_group ? focus.index : knobs_.agent_group;
  if (type == knobs_.call_type && group == knobs_.agent_group) return;
  try {
    base_ = apply_knobs(base_, knobs_);
    knobs_ = knobs_from(base_, type, group);
    bar_day_ = 0;
    knobs_changed(now);
  } catch (const std::exception& e) {
    error_ = e.what();
  }
}

void App::focus_selector(double now) {
  if (!scenario_ || !scenario_->several_queues) return;
  const sim::Scenario& s = *scenario_;
  const auto label = [&](Focus f) {
    if (f.scope == sim::Scope::call_type) return "call type: " + s.call_types[f.index].name;
    if (f.scope == sim::Scope::agent_group) return "agent group: " + s.agent_groups[f.index].name;
    return std::string("whole centre (all types and groups)");
  };
  ImGui::SetNextItemWidth(320);
  if (ImGui::BeginCombo("show", label(focus_).c_str())) {
    if (ImGui::Selectable(label({}).c_str(), focus_.scope == sim::Scope::centre)) set_focus({}, now);
    for (std::size_t t = 0; t < s.call_types.size(); ++t) {
      const Focus f{sim::Scope::call_type, t};
      if (ImGui::Selectable(label(f).c_str(), focus_.scope == f.scope && focus_.index == t)) set_focus(f, now);
    }
    for (std::size_t g = 0; g < s.agent_groups.size(); ++g) {
      const Focus f{sim::Scope::agent_group, g};
      if (ImGui::Selectable(label(f).c_str(), focus_.scope == f.scope && focus_.index == g)) set_focus(f, now);
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::TextDisabled("panel edits: talk, wrap-up, patience of %s; staffing of %s", s.call_types[knobs_.call_type].name.c_str(),
                      s.agent_groups[knobs_.agent_group].name.c_str());
}

void App::status_bar() {
  const auto st = worker_.status();
  ImGui::TextUnformatted(scenario_ ? scenario_->name.c_str() : path_.c_str());
  ImGui::SameLine();
  if (st.running) {
    if (st.done < shown_done_ || (st.done != shown_done_ && last_frame_ - shown_done_at_ >= 0.1)) {
      shown_done_ = st.done;
      shown_done_at_ = last_frame_;
    }
    char text[64];
    std::snprintf(text, sizeof text, "%d / %d replications", shown_done_, st.total);
    ImGui::ProgressBar(st.total > 0 ? static_cast<float>(shown_done_) / static_cast<float>(st.total) : 0.0f, ImVec2(220, 0), text);
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) worker_.cancel();
  } else if (debouncer_.pending()) {
    ImGui::TextDisabled("(edit: re-running after a pause)");
  } else if (results_) {
    ImGui::TextDisabled("%d replications in %.2f s, seed %llu", results_->run.replications, results_->seconds,
                        static_cast<unsigned long long>(results_->run.seed));
  }
  // The buttons at the right, or after the status when the window is too narrow for both.
  ImGui::SameLine();
  ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX() + 8, ImGui::GetWindowWidth() - 440));
  ImGui::BeginDisabled(!results_);
  if (ImGui::Button("Export view")) {
    const std::filesystem::path scenario_dir = std::filesystem::path(path_).parent_path();
    export_request_ = (scenario_dir / "ccsim-export").string();
    collecting_exports() = true;
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("every chart of this view as PNG and CSV, every table as CSV, into ccsim-export/ beside the scenario");
  ImGui::SameLine();
  if (ImGui::Button("Pin as baseline")) pin_baseline();
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(!baseline_);
  if (ImGui::Button("Clear baseline")) baseline_.reset();
  ImGui::EndDisabled();
  if (baseline_) {
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(0.45f, 0.45f, 0.45f, 1), "baseline pinned");
  }
  if (!st.error.empty()) ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.1f, 1), "Run failed: %s", st.error.c_str());
}

std::vector<double> App::simulated_requirement() const {
  // The search's answer for the chosen group, per interval, while the scenario has its calendar.
  if (!staff_result_ || !results_) return {};
  const auto& days = staff_result_->agents[std::min(staff_group_, staff_result_->agents.size() - 1)];
  const auto per_day = static_cast<std::size_t>(results_->scenario.calendar.intervals_per_day());
  if (days.size() != static_cast<std::size_t>(results_->scenario.calendar.days) || days.empty() || days[0].size() != per_day) return {};
  std::vector<double> out;
  for (const auto& day : days)
    for (int n : day) out.push_back(n);
  return out;
}

std::pair<std::size_t, std::size_t> App::shown_intervals() const {
  const auto per_day = static_cast<std::size_t>(results_->scenario.calendar.intervals_per_day());
  if (day_ < 0) return {0, per_day * static_cast<std::size_t>(results_->scenario.calendar.days)};
  return {static_cast<std::size_t>(day_) * per_day, static_cast<std::size_t>(day_ + 1) * per_day};
}

std::string App::interval_label(double x) const {
  const sim::Scenario& s = results_->scenario;
  const auto [from, to] = shown_intervals();
  const int per_day = s.calendar.intervals_per_day();
  const int index = static_cast<int>(from) + static_cast<int>(std::floor(x));
  const int day = index / per_day, i = index % per_day;
  const std::string time = sim::format_time_of_day(s.calendar.open + i * s.calendar.interval);
  if (day_ >= 0) return time;
  return day_text(s.calendar, day) + " " + time;
}

json App::plotted_series() const {
  json out;
  out["view"] = view_names[static_cast<std::size_t>(view_)];
  if (!results_) return out;
  const Derived& d = derived(results_, focus_);
  switch (view_) {
    case View::intervals:
      out["offered"] = series_json(d.offered);
      out["service_level"] = series_json(d.sl);
      out["asa"] = series_json(d.asa);
      out["abandon_rate"] = series_json(d.abandon);
      out["occupancy"] = series_json(d.occupancy);
      out["mean_queue"] = series_json(d.queue);
      out["staffed"] = d.staffed;
      out["erlang_required"] = d.required;
      if (!simulated_requirement().empty()) out["simulated_requirement"] = simulated_requirement();
      {
        // The time axis as drawn: each interval's label, and the closed hours and holidays marked.
        const auto [from, to] = shown_intervals();
        for (std::size_t i = from; i < to; ++i) out["x_labels"].push_back(interval_label(static_cast<double>(i - from)));
        out["calendar_marks"] = json::array();
        for (const auto& m : calendar_marks(results_->scenario.calendar, from, to))
          out["calendar_marks"].push_back({{"from", m.from}, {"to", m.to}, {"label", m.label}, {"holiday", m.holiday}});
      }
      break;
    case View::distributions:
      out["wait_share"] = d.wait_share;
      out["daily_service_level"] = results_->daily_service_level;
      break;
    case View::returning:
      for (const auto& l : d.layers) out["contacts"][l.name] = l.values;
      break;
    case View::kpi:
    case View::compare:
    case View::queues:
      for (const auto& info : sim::metric_infos()) {
        if (!sim::reported(info, results_->scenario, focus_.scope)) continue;
        const auto& e = view_summary(*results_, focus_)[static_cast<std::size_t>(info.metric)];
        out["summary"][info.name] = e.mean ? json(*e.mean) : json(nullptr);
      }
      out["focus"] = view_name(results_->scenario, focus_);
      break;
    case View::erlang:
      out.update(erlang_series());
      break;
    case View::coverage:
      if (schedule_) out["coverage"] = coverage_series(*schedule_, focus_.scope == sim::Scope::agent_group ? focus_.index : 0);
      break;
    case View::replay: {
      const auto& snaps = results_->replay.snapshots;
      out["snapshots"] = snaps.size();
      json waiting = json::array();
      for (const auto& sn : snaps) waiting.push_back(sn.waiting);
      out["waiting"] = waiting;
      break;
    }
  }
  return out;
}

}  // namespace ccsim::viz
