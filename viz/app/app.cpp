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
#include "widgets.hpp"

namespace ccsim::viz {
namespace {

using nlohmann::json;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
const char* const weekday_short[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};


std::vector<double> slice(const std::vector<double>& v, std::size_t from, std::size_t to) {
  if (to > v.size()) return {};
  return {v.begin() + static_cast<std::ptrdiff_t>(from), v.begin() + static_cast<std::ptrdiff_t>(to)};
}

Series slice(const Series& s, std::size_t from, std::size_t to) {
  return {slice(s.mean, from, to), slice(s.low, from, to), slice(s.high, from, to)};
}

// "Mon", or "Mon 21.12" with a start date.
std::string day_text(const sim::Calendar& c, int day) {
  std::string text = weekday_short[c.weekday(day)];
  if (c.start_date) {
    const std::string date = c.date_text(day);  // 2026-12-21
    text += " " + date.substr(8, 2) + "." + date.substr(5, 2) + ".";
  }
  return text;
}

// The day chooser's label: "Mon 21.12. (day 1)", with "holiday: NAME" or "closed".
std::string day_choice(const sim::Calendar& c, int day) {
  std::string text = day_text(c, day) + " (day " + std::to_string(day + 1) + ")";
  if (c.is_holiday(day)) text += c.holiday_of(day).empty() ? ", holiday" : ", " + c.holiday_of(day);
  if (c.closed_day(day)) text += ", closed";
  return text;
}

// A shaded stretch of the interval charts: closed hours, or a holiday (x in intervals from `from`).
struct CalendarMark {
  double from, to;
  std::string label;
  bool holiday;
};

// The marks of intervals [from, to) of the horizon: each holiday whole (named), each run of closed
// intervals within a day.
std::vector<CalendarMark> calendar_marks(const sim::Calendar& c, std::size_t from, std::size_t to) {
  std::vector<CalendarMark> marks;
  const int per_day = c.intervals_per_day();
  std::size_t k = from;
  while (k < to) {
    const int day = static_cast<int>(k) / per_day;
    const bool open = c.interval_open(day, static_cast<int>(k) % per_day);
    std::size_t end = k + 1;
    while (end < to && static_cast<int>(end) / per_day == day && c.interval_open(day, static_cast<int>(end) % per_day) == open) ++end;
    const double x0 = static_cast<double>(k - from), x1 = static_cast<double>(end - from);
    if (c.is_holiday(day) && (k == from || static_cast<int>(k) % per_day == 0)) {
      const std::size_t day_end = std::min(to, static_cast<std::size_t>(day + 1) * static_cast<std::size_t>(per_day));
      marks.push_back({x0, static_cast<double>(day_end - from), c.holiday_of(day).empty() ? "holiday" : c.holiday_of(day), true});
    }
    if (!open) marks.push_back({x0, x1, x1 - x0 >= 2 && !c.is_holiday(day) ? "closed" : "", false});  // (a holiday's name says it)
    k = end;
  }
  return marks;
}

std::string clock_text(double seconds_since_first_open, const sim::Scenario& s) {
  const int day = static_cast<int>(std::floor(seconds_since_first_open / 86400.0));
  const double tod = s.calendar.open + (seconds_since_first_open - day * 86400.0);
  const int h = static_cast<int>(tod / 3600), m = static_cast<int>(std::fmod(tod, 3600) / 60), sec = static_cast<int>(std::fmod(tod, 60));
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%s %02d:%02d:%02d", day_text(s.calendar, std::min(std::max(day, 0), s.calendar.days - 1)).c_str(), h % 24, m, sec);
  return buffer;
}

// A figure with its 95% half-width; fractions as percentages (a change of one in points).
std::string estimate_text(const sim::Estimate& e, bool percent, bool change = false) {
  char buffer[64];
  if (!e.mean) return "-";
  const double scale = percent ? 100.0 : 1.0;
  const char* unit = percent ? (change ? " pt" : "%") : "";
  if (e.ci95) std::snprintf(buffer, sizeof buffer, "%.2f%s +/- %.2f", *e.mean * scale, unit, *e.ci95 * scale);
  else std::snprintf(buffer, sizeof buffer, "%.2f%s", *e.mean * scale, unit);
  return buffer;
}

// A number short enough for a table cell: 15158, 284.4, 6.71.
std::string compact(double v) {
  char buffer[32];
  const double a = std::abs(v);
  std::snprintf(buffer, sizeof buffer, a >= 1000 ? "%.0f" : a >= 100 ? "%.1f" : "%.2f", v);
  return buffer;
}

// A metric's figure for a table whose measure cell gives the unit (metric_name_cell): shares as
// percentages (a change in points), others as numbers; with the 95% half-width when known.
std::string figure_text(const sim::Estimate& e, sim::Metric metric, bool change = false) {
  if (sim::is_share(metric)) return estimate_text(e, true, change);
  if (!e.mean) return "-";
  return e.ci95 ? compact(*e.mean) + " +/- " + compact(*e.ci95) : compact(*e.mean);
}

// A figure for a CSV: full precision, empty when there is none.
std::string number(const std::optional<double>& v) {
  if (!v) return "";
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.17g", *v);
  return buffer;
}

// A metric's readable name and unit in a table cell ("Average speed of answer (s)"; shares show
// "%" in their figures); hovering it shows its key and definition.
void metric_name_cell(sim::Metric metric) {
  const auto& info = sim::metric_infos()[static_cast<std::size_t>(metric)];
  if (info.share) ImGui::TextUnformatted(info.label);
  else ImGui::Text("%s (%s)", info.label, info.unit);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (%s): %s", info.name, info.unit, info.definition);
}

// What the views plot, computed once per result.
struct Derived {
  Series offered, sl, asa, abandon, occupancy, queue, agents;
  std::vector<double> staffed, required, wait_share, cumulative;
  std::vector<Layer> layers;
};

Derived derive(const Results& r, Focus f) {
  Derived d;
  // A group's views plot its agents and the centre's calls; a type's, its calls and the agents of
  // the groups that serve it.
  const Focus calls = f.scope == sim::Scope::agent_group ? Focus{} : f;
  const Focus agents = f.scope == sim::Scope::call_type ? Focus{} : f;
  d.offered = interval_series(r, sim::Metric::offered, calls);
  d.sl = interval_series(r, sim::Metric::service_level, calls);
  d.asa = interval_series(r, sim::Metric::asa, calls);
  d.abandon = interval_series(r, sim::Metric::abandon_rate, calls);
  d.occupancy = interval_series(r, sim::Metric::occupancy, agents);
  d.queue = interval_series(r, sim::Metric::mean_queue, calls);
  d.agents = interval_series(r, sim::Metric::agents, agents);
  d.staffed = staffed_agents(r.scenario, f);
  d.required = erlang_required_agents(r, f);
  d.layers = contacts_by_kind(r);
  d.cumulative = cumulative_wait_share(r);
  double total = 0;
  for (double v : r.answered_waits) total += v;
  for (double v : r.answered_waits) d.wait_share.push_back(total > 0 ? v / total : nan);
  return d;
}

// One cache entry per results object (current and baseline) and focus.
const Derived& derived(const std::shared_ptr<const Results>& r, Focus f) {
  struct Entry {
    std::weak_ptr<const Results> results;
    sim::Scope scope;
    std::size_t index;
    std::shared_ptr<Derived> derived;
  };
  static std::vector<Entry> cache;
  std::erase_if(cache, [](const Entry& e) { return e.results.expired(); });
  for (const Entry& e : cache)
    if (e.results.lock() == r && e.scope == f.scope && e.index == f.index) return *e.derived;
  cache.push_back({r, f.scope, f.index, std::make_shared<Derived>(derive(*r, f))});
  return *cache.back().derived;
}

json series_json(const Series& s) { return {{"mean", s.mean}, {"low", s.low}, {"high", s.high}}; }

}  // namespace

std::optional<View> view_from_name(const std::string& name) {
  for (std::size_t i = 0; i < std::size(view_names); ++i)
    if (name == view_names[i]) return static_cast<View>(i);
  return std::nullopt;
}

App::App(std::vector<std::string> scenario_files, int threads) : scenario_files_(std::move(scenario_files)), threads_(threads) {}

bool App::open(const std::string& path) {
  try {
    json j = sim::read_scenario_file(path);
    sim::resolve_relative_paths(j, std::filesystem::path(path).parent_path());  // (a forecast file next to it)
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

// The service level's definition and target for the focus: a call type's own, or the centre's.
static std::pair<std::string, double> service_level_of(const sim::Scenario& s, Focus f) {
  if (f.scope == sim::Scope::call_type && f.index < s.call_types.size())
    return {sim::service_level_definition(s.call_types[f.index].service_level), s.call_types[f.index].service_level.target};
  return {sim::service_level_definition(static_cast<const sim::Model&>(s)), s.service_level.target};
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

void App::panel(double now) {
  bool changed = false;
  ImGui::TextUnformatted("Scenario");
  if (ImGui::BeginCombo("##scenarios", path_.empty() ? "choose a scenario" : path_.c_str())) {
    for (const auto& f : scenario_files_)
      if (ImGui::Selectable(f.c_str(), f == path_)) open(f);
    ImGui::EndCombo();
  }
  static char open_buffer[512] = "";
  ImGui::SetNextItemWidth(260);
  ImGui::InputTextWithHint("##open", "path/to/scenario.json", open_buffer, sizeof open_buffer);
  ImGui::SameLine();
  if (ImGui::Button("Open")) open(open_buffer);
  static char save_buffer[512] = "";
  if (save_path_ != save_buffer) std::snprintf(save_buffer, sizeof save_buffer, "%s", save_path_.c_str());  // a newly opened scenario
  ImGui::SetNextItemWidth(260);
  if (ImGui::InputText("##save", save_buffer, sizeof save_buffer)) save_path_ = save_buffer;
  ImGui::SameLine();
  ImGui::BeginDisabled(!scenario_);
  if (ImGui::Button("Save")) {
    // Written whole or not at all, never through a link (the scenario being edited may be replaced).
    try {
      sim::OutputFiles outputs({});
      const std::string text = apply_knobs(base_, knobs_).dump(2) + "\n";
      outputs.add("save", save_path_, [&text](std::ostream& os) { os << text; });
      outputs.commit();
      message_ = "saved " + save_path_ + " (ccsim run reads it)";
    } catch (const std::exception& e) {
      message_ = std::string("could not save: ") + e.what();
    }
  }
  ImGui::EndDisabled();
  if (!message_.empty()) ImGui::TextWrapped("%s", message_.c_str());
  if (!error_.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.8f, 0.1f, 0.1f, 1));
    ImGui::TextWrapped("%s", error_.c_str());
    ImGui::PopStyleColor();
  }
  if (base_.is_null()) return;
  edits_section(now);
  ImGui::Separator();
  ImGui::PushItemWidth(170);

  if (scenario_ && ImGui::CollapsingHeader("Calendar", ImGuiTreeNodeFlags_DefaultOpen)) {
    const sim::Calendar& c = scenario_->calendar;
    const auto window_text = [&](const std::vector<sim::OpenWindow>& windows) {
      std::string text;
      for (const auto& w : windows)
        text += (text.empty() ? "" : ", ") + sim::format_time_of_day(c.open + w.from) + "-" +
                sim::format_time_of_day(c.open + w.to > 86400.0 ? c.open + w.to - 86400.0 : c.open + w.to);  // (24:00 stays)
      return text.empty() ? std::string("closed") : text;
    };
    ImGui::Text("%d days%s%s, %s intervals", c.days, c.start_date ? " from " : "", c.start_date ? day_text(c, 0).c_str() : "",
                sim::format_duration(c.interval).c_str());
    if (ImGui::BeginTable("hours", 2, ImGuiTableFlags_SizingFixedFit)) {
      for (int w = 0; w < 7; ++w) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(weekday_short[w]);
        ImGui::TableNextColumn();
        const std::string hours = c.weekday_hours.empty() ? window_text({{0.0, c.open_length()}})
                                                          : window_text(c.weekday_hours[static_cast<std::size_t>(w)]);
        ImGui::TextUnformatted(hours.c_str());
      }
      ImGui::EndTable();
    }
    for (int d = 0; d < c.days; ++d) {
      if (!c.is_holiday(d)) continue;
      const std::string name = c.holiday_of(d).empty() ? "holiday" : c.holiday_of(d);
      char factor[32] = "";
      if (c.day_volume_factor(d) != 1.0) std::snprintf(factor, sizeof factor, ", volume x %.2f", c.day_volume_factor(d));
      ImGui::TextColored(ImVec4(0.6f, 0.3f, 0.5f, 1), "%s %s: %s%s", day_text(c, d).c_str(), name.c_str(),
                         window_text(c.windows(d)).c_str(), factor);
    }
    if (c.round_the_clock()) ImGui::TextDisabled("round the clock: runs through midnight");
    ImGui::TextDisabled("at closing: %s", c.at_close == sim::AtClose::serve ? "waiting callers are served" : "waiting callers are cleared");
    // A forecast file (date or weekday, interval, calls, aht...) as the volume of the chosen call type.
    const json& arrivals = (base_.contains("call_types") ? base_["call_types"][knobs_.call_type] : base_)["arrivals"];
    if (arrivals.contains("forecast")) ImGui::TextWrapped("forecast: %s", arrivals["forecast"].get<std::string>().c_str());
    static char forecast_buffer[512] = "";
    ImGui::SetNextItemWidth(200);
    ImGui::InputTextWithHint("##forecast", "path/to/forecast.csv", forecast_buffer, sizeof forecast_buffer);
    ImGui::SameLine();
    if (ImGui::Button("Use forecast")) use_forecast(forecast_buffer);
  }
  if (ImGui::CollapsingHeader("Volume", ImGuiTreeNodeFlags_DefaultOpen)) {
    changed |= slider("overall scale", knobs_.volume_scale, 0.3, 2.5, "x %.2f");
    if (ImGui::TreeNode("per day")) {
      for (std::size_t d = 0; d < knobs_.day_scale.size(); ++d) {
        const std::string label = scenario_ ? day_choice(scenario_->calendar, static_cast<int>(d)) : "day " + std::to_string(d + 1);
        changed |= slider(label.c_str(), knobs_.day_scale[d], 0.3, 2.5, "x %.2f");
      }
      ImGui::TreePop();
    }
  }
  if (ImGui::CollapsingHeader("Handling", ImGuiTreeNodeFlags_DefaultOpen)) {
    changed |= drag("talk time (s)", knobs_.handle_time, 1, 1, 3600, "%.0f");
    changed |= drag("wrap-up (s)", knobs_.wrap_up, 1, 0, 3600, "%.0f");
    bool has_patience = knobs_.patience.has_value();
    if (ImGui::Checkbox("callers abandon", &has_patience)) {
      knobs_.patience = has_patience ? std::optional<double>(180.0) : std::nullopt;
      changed = true;
    }
    if (knobs_.patience) changed |= drag("mean patience (s)", *knobs_.patience, 1, 1, 7200, "%.0f");
    bool has_lines = knobs_.lines.has_value();
    if (ImGui::Checkbox("trunk lines", &has_lines)) {
      knobs_.lines = has_lines ? std::optional<int>(60) : std::nullopt;
      changed = true;
    }
    if (knobs_.lines) changed |= ImGui::DragInt("lines", &*knobs_.lines, 0.2f, 1, 5000);
  }
  if (ImGui::CollapsingHeader("Staffing", ImGuiTreeNodeFlags_DefaultOpen)) {
    changed |= slider("staffing scale", knobs_.staffing_scale, 0.3, 2.5, "x %.2f");
    // Staff to target: ccsim staff's search, in the background.
    if (!staff_running_) {
      ImGui::BeginDisabled(!scenario_);
      if (ImGui::Button("Staff to target")) staff_to_target();
      ImGui::EndDisabled();
      ImGui::SameLine();
      ImGui::TextDisabled("fewest agents per interval meeting the SL");
    } else {
      if (ImGui::Button("Stop")) staff_cancel_ = true;
      ImGui::SameLine();
      ImGui::Text("searching: evaluation %d, %d intervals missing", staff_evaluations_.load(), staff_missing_.load());
    }
    {
      std::lock_guard lock(staff_mutex_);
      if (!staff_error_.empty()) {
        message_ = "staff to target: " + staff_error_;
        staff_error_.clear();
      }
    }
    // Schedule shifts: ccsim schedule on the scenario's shift templates, in the background.
    if (scenario_ && scenario_->schedule) {
      if (!schedule_job_.running()) {
        if (ImGui::Button("Schedule shifts")) schedule_shifts(schedule_simulate_, schedule_from_erlang_);
        ImGui::SameLine();
        ImGui::Checkbox("check by simulation", &schedule_simulate_);
        ImGui::Checkbox("cover Erlang's requirement (else the staffing's)", &schedule_from_erlang_);
      } else {
        if (ImGui::Button("Stop##schedule")) schedule_job_.cancel();
        ImGui::SameLine();
        ImGui::Text("scheduling: %d simulation rounds done", schedule_job_.rounds());
      }
    }
    if (scenario_) {
      auto bars = scheduled_bars(*scenario_, knobs_.agent_group);
      const int days = static_cast<int>(bars.size());
      bar_day_ = std::clamp(bar_day_, 0, days - 1);
      const std::string label = day_choice(scenario_->calendar, bar_day_);
      ImGui::SliderInt("bars of day", &bar_day_, 0, days - 1, label.c_str());
      int max_agents = 5;
      for (const auto& d : bars) for (int v : d) max_agents = std::max(max_agents, v);
      std::vector<double> guide;
      // The Erlang guide of a single queue (a group of several serves several types: no guide).
      if (results_ && !scenario_->several_queues && results_->scenario.calendar.days == scenario_->calendar.days) {
        const auto& req = derived(results_, focus_).required;
        const auto per_day = static_cast<std::size_t>(scenario_->calendar.intervals_per_day());
        guide = slice(req, static_cast<std::size_t>(bar_day_) * per_day, static_cast<std::size_t>(bar_day_ + 1) * per_day);
      }
      int index = -1;
      const sim::Scenario& s = *scenario_;
      if (plot::bar_editor("##bars", ImVec2(ImGui::GetContentRegionAvail().x, 130), bars[static_cast<std::size_t>(bar_day_)],
                           max_agents + max_agents / 2 + 2,
                           [&](double i) { return sim::format_time_of_day(s.calendar.open + i * s.calendar.interval); }, index,
                           guide.empty() ? nullptr : &guide)) {
        knobs_.bars = bars;
        knobs_.bars_edited = true;
        knobs_.staffing_scale = 1.0;
        changed = true;
      }
      if (scenario_->several_queues) {
        ImGui::TextDisabled("bars: agents of %s per interval (drag)", scenario_->agent_groups[knobs_.agent_group].name.c_str());
      } else {
        ImGui::TextDisabled("bars: agents per interval (drag); red: Erlang required");
      }
    }
    if (knobs_.bars_edited) {
      ImGui::TextWrapped("Staffing is per interval now (the bars).");
      if (ImGui::Button("Back to the scenario's staffing")) {
        const Knobs original = knobs_from(base_);
        knobs_.bars = original.bars;
        knobs_.bars_edited = false;
        knobs_.shifts = original.shifts;
        knobs_.staffing_scale = 1.0;
        changed = true;
      }
    } else if (!knobs_.shifts.empty() && ImGui::TreeNode("shifts")) {
      if (ImGui::BeginTable("shifts", 4, ImGuiTableFlags_SizingFixedFit)) {
        for (std::size_t i = 0; i < knobs_.shifts.size(); ++i) {
          ImGui::PushID(static_cast<int>(i));
          auto& sh = knobs_.shifts[i];
          char start[8], end[8];
          std::snprintf(start, sizeof start, "%s", sh.start.c_str());
          std::snprintf(end, sizeof end, "%s", sh.end.c_str());
          ImGui::TableNextRow();
          ImGui::TableNextColumn();
          ImGui::SetNextItemWidth(55);
          if (ImGui::InputText("##start", start, sizeof start, ImGuiInputTextFlags_EnterReturnsTrue)) { sh.start = start; changed = true; }
          ImGui::TableNextColumn();
          ImGui::SetNextItemWidth(55);
          if (ImGui::InputText("##end", end, sizeof end, ImGuiInputTextFlags_EnterReturnsTrue)) { sh.end = end; changed = true; }
          ImGui::TableNextColumn();
          ImGui::SetNextItemWidth(80);
          changed |= ImGui::InputInt("##agents", &sh.agents);
          ImGui::TableNextColumn();
          if (ImGui::SmallButton("x")) {
            knobs_.shifts.erase(knobs_.shifts.begin() + static_cast<std::ptrdiff_t>(i));
            changed = true;
            ImGui::PopID();
            break;
          }
          ImGui::PopID();
        }
        ImGui::EndTable();
      }
      if (ImGui::SmallButton("add shift")) {
        knobs_.shifts.push_back({"09:00", "15:00", 2});
        changed = true;
      }
      ImGui::TreePop();
    }
  }
  if (ImGui::CollapsingHeader("Callbacks, self-service, returns", ImGuiTreeNodeFlags_DefaultOpen)) {
    changed |= ImGui::Checkbox("offer callbacks", &knobs_.callback);
    if (knobs_.callback) {
      changed |= drag("when wait over (s)", knobs_.callback_after, 1, 0, 3600, "%.0f");
      changed |= slider("accepted", knobs_.callback_accept, 0, 1, "%.2f");
    }
    changed |= slider("self-service share", knobs_.self_service, 0, 0.9, "%.2f");
    changed |= slider("first-contact res.", knobs_.first_contact_resolution, 0.3, 1, "%.2f");
    changed |= slider("redial probability", knobs_.redial_probability, 0, 1, "%.2f");
  }
  if (ImGui::CollapsingHeader("Service level", ImGuiTreeNodeFlags_DefaultOpen)) {
    changed |= drag("answer within (s)", knobs_.answer_within, 1, 0, 3600, "%.0f");
    changed |= slider("target", knobs_.service_level_target, 0.05, 1, "%.2f");
    changed |= drag("short abandon (s)", knobs_.short_abandon, 0.5, 0, 600, "%.0f");
    const char* defs[] = {"excluding_short_abandons", "answered", "offered"};
    int def = static_cast<int>(knobs_.definition);
    if (ImGui::Combo("definition", &def, defs, 3)) {
      knobs_.definition = static_cast<sim::ServiceLevelDefinition>(def);
      changed = true;
    }
  }
  if (ImGui::CollapsingHeader("Run", ImGuiTreeNodeFlags_DefaultOpen)) {
    changed |= ImGui::DragInt("replications", &knobs_.replications, 0.5f, 2, 2000);
    int seed = static_cast<int>(knobs_.seed);
    if (ImGui::InputInt("seed", &seed) && seed > 0) {
      knobs_.seed = static_cast<std::uint64_t>(seed);
      changed = true;
    }
    ImGui::TextDisabled("Same seed: common random numbers, so a\nchange shows its effect, not noise.");
  }
  ImGui::PopItemWidth();
  if (changed) knobs_changed(now);
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

void App::view_intervals() {
  const sim::Scenario& s = results_->scenario;
  const Derived& d = derived(results_, focus_);
  const Derived* b = baseline_ && baseline_->run.intervals.size() == results_->run.intervals.size() ? &derived(baseline_, focus_) : nullptr;
  std::string preview = day_ < 0 ? "every day" : day_choice(s.calendar, day_);
  ImGui::SetNextItemWidth(180);
  if (ImGui::BeginCombo("day", preview.c_str())) {
    if (ImGui::Selectable("every day", day_ < 0)) day_ = -1;
    for (int i = 0; i < s.calendar.days; ++i) {
      const std::string label = day_choice(s.calendar, i);
      if (ImGui::Selectable(label.c_str(), day_ == i)) day_ = i;
    }
    ImGui::EndCombo();
  }
  if (day_ >= s.calendar.days) day_ = -1;
  ImGui::SameLine();
  ImGui::TextDisabled("  SL = %s; bands: 95%% intervals over %d replications%s", service_level_of(s, focus_).first.c_str(),
                      results_->run.replications, b ? "; dashed: baseline" : "");
  const auto [from, to] = shown_intervals();
  std::vector<double> x;
  for (std::size_t i = from; i < to; ++i) x.push_back(static_cast<double>(i - from) + 0.5);
  const double x_max = static_cast<double>(to - from);
  const plot::Labeller label = [this](double v) { return interval_label(v); };
  const double label_step = day_ < 0 ? static_cast<double>(s.calendar.intervals_per_day()) : 2.0;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float w = (avail.x - 8) / 2, h = (avail.y - 16) / 3;
  // Closed hours shaded grey, holidays purple and named: on every chart, under the series.
  const auto marks = calendar_marks(s.calendar, from, to);
  const auto mark_calendar = [&](plot::Chart& c) {
    for (const auto& m : marks)
      c.span(m.from, m.to, plot::with_alpha(m.holiday ? plot::colour::purple : plot::colour::grey, m.holiday ? 40 : 70), m.label);
  };

  const auto offered = slice(d.offered, from, to);
  const auto staffed = slice(d.staffed, from, to), required = slice(d.required, from, to);
  const std::vector<double> staffed_to_target = slice(simulated_requirement(), from, to);
  {
    plot::Chart c("offered", ImVec2(w, h), "Offered calls and agents", 0, x_max, 0, plot::upper({&offered.mean}), "calls per interval");
    c.right_axis(0, plot::upper({&staffed, &required}), "agents");
    c.y_units("calls", "agents");
    c.x_labels(label, label_step);
    mark_calendar(c);
    c.bars("offered calls", x, offered.mean, 0.8, plot::with_alpha(plot::colour::sky, 200));
    if (b) c.line("baseline offered", x, slice(b->offered.mean, from, to), plot::colour::orange, 1.5f, false, true);
    c.line("staffed agents", x, staffed, plot::colour::blue, 2.5f, true);
    c.line("required (" + erlang_required_model(*results_, focus_) + ")", x, required, plot::colour::vermillion, 2.0f, true);
    if (!staffed_to_target.empty()) c.line("simulated requirement", x, staffed_to_target, plot::colour::green, 2.0f, true, true);
  }
  ImGui::SameLine();
  {
    const auto sl = slice(d.sl, from, to);
    plot::Chart c("sl", ImVec2(w, h), "Service level", 0, x_max, 0, 1.0, "");
    c.y_percent(true);
    c.x_labels(label, label_step);
    mark_calendar(c);
    c.band(x, sl.low, sl.high, plot::colour::blue);
    if (b) c.line("baseline", x, slice(b->sl.mean, from, to), plot::colour::orange, 1.5f, false, true);
    c.line("service level", x, sl.mean, plot::colour::blue);
    char target[48];
    const double sl_target = service_level_of(s, focus_).second;
    std::snprintf(target, sizeof target, "target %.0f%%", sl_target * 100);
    c.hline(sl_target, target, plot::colour::vermillion);
  }
  {
    const auto asa = slice(d.asa, from, to), ab = slice(d.abandon, from, to);
    plot::Chart c("asa", ImVec2(w, h), "ASA and abandonment", 0, x_max, 0, plot::upper({&asa.high, &asa.mean}, 10), "ASA, seconds");
    c.right_axis(0, std::min(1.0, plot::upper({&ab.high, &ab.mean}, 0.05)), "abandoned");
    c.y_percent(false, true);
    c.y_units("s");
    c.x_labels(label, label_step);
    mark_calendar(c);
    c.band(x, asa.low, asa.high, plot::colour::blue);
    c.band(x, ab.low, ab.high, plot::colour::orange, true);
    if (b) c.line("baseline ASA", x, slice(b->asa.mean, from, to), plot::colour::orange, 1.5f, false, true);
    c.line("ASA", x, asa.mean, plot::colour::blue);
    c.line("abandon rate", x, ab.mean, plot::colour::orange, 2.0f, true);
  }
  ImGui::SameLine();
  {
    const auto occ = slice(d.occupancy, from, to);
    plot::Chart c("occupancy", ImVec2(w, h), "Occupancy", 0, x_max, 0, 1.0, "busy / available");
    c.y_percent(true);
    c.x_labels(label, label_step);
    mark_calendar(c);
    c.band(x, occ.low, occ.high, plot::colour::green);
    if (b) c.line("baseline", x, slice(b->occupancy.mean, from, to), plot::colour::orange, 1.5f, false, true);
    c.line("occupancy", x, occ.mean, plot::colour::green);
  }
  {
    const auto q = slice(d.queue, from, to);
    plot::Chart c("queue", ImVec2(avail.x, h), "Queue length over the day", 0, x_max, 0, plot::upper({&q.high, &q.mean}, 1),
                  "callers waiting (time average)");
    c.y_units("callers");
    c.x_labels(label, label_step);
    mark_calendar(c);
    c.band(x, q.low, q.high, plot::colour::purple);
    if (b) c.line("baseline", x, slice(b->queue.mean, from, to), plot::colour::orange, 1.5f, false, true);
    c.line("mean queue", x, q.mean, plot::colour::purple);
  }
}

void App::view_distributions() {
  const Derived& d = derived(results_, focus_);
  const sim::Scenario& s = results_->scenario;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float h = (avail.y - 12) / 2;
  // Answered calls that did not wait at all are a share of their own (often most of them): the
  // bars are the calls that waited, in bins that fit their waits (the range holding 99.5% of
  // answered calls, at most 60 bars); the cumulative share on the right axis.
  const auto& summary = view_summary(*results_, focus_);
  const auto mean_of = [&](sim::Metric m) { return summary[static_cast<std::size_t>(m)].mean.value_or(0.0); };
  const double answered = mean_of(sim::Metric::answered), admitted = mean_of(sim::Metric::offered) - mean_of(sim::Metric::blocked);
  const double no_wait = answered > 0 && !d.wait_share.empty()
                             ? std::clamp(admitted * (1.0 - mean_of(sim::Metric::p_wait)) / answered, 0.0, d.wait_share[0])
                             : 0.0;
  std::size_t range = 12;  // data bins shown: at least a minute
  while (range < d.cumulative.size() && d.cumulative[range - 1] < 0.995) ++range;
  range = std::min(d.wait_share.size(), (range + 5) / 6 * 6);  // whole half minutes
  const std::size_t merge = std::max<std::size_t>(1, (range + 59) / 60);
  std::vector<double> x, share, cumulative;
  for (std::size_t i = 0; i < range; i += merge) {
    double v = 0;
    for (std::size_t k = i; k < std::min(range, i + merge); ++k) v += d.wait_share[k] - (k == 0 ? no_wait : 0.0);
    const std::size_t last = std::min(range, i + merge) - 1;
    x.push_back((static_cast<double>(i) + static_cast<double>(last + 1 - i) / 2) * sim::wait_histogram_bin);
    share.push_back(v);
    cumulative.push_back(d.cumulative[last]);
  }
  {
    char title[200];
    std::snprintf(title, sizeof title, "Waits of answered calls (all replications): %.1f%% answered without waiting, the rest below",
                  no_wait * 100);
    const double width = static_cast<double>(merge) * sim::wait_histogram_bin;
    plot::Chart c("waits", ImVec2(avail.x, h), title, 0, static_cast<double>(range) * sim::wait_histogram_bin, 0,
                  plot::upper({&share}, 0.01), "share of answered calls");
    c.right_axis(0, 1.0, "answered within (cumulative)");
    c.y_percent(true, true);
    const double tick = range * sim::wait_histogram_bin > 600 ? 120 : range * sim::wait_histogram_bin > 240 ? 60 : 30;
    c.x_labels([](double v) { return format_tick(v, 30) + " s"; }, tick);
    char name[48];
    std::snprintf(name, sizeof name, "waited, per %.0f s", width);
    c.bars(name, x, share, width * 0.85, plot::with_alpha(plot::colour::blue, 200));
    c.line("cumulative (no wait included)", x, cumulative, plot::colour::vermillion, 2.0f, true);
    c.vline(s.service_level.answer_within, plot::colour::green, "answer within " + sim::format_duration(s.service_level.answer_within));
  }
  // Daily service level across replications: histogram in 2-point bins.
  std::vector<double> counts(50, 0.0), centres;
  double days = 0;
  for (double v : results_->daily_service_level) {
    if (std::isnan(v)) continue;
    counts[std::min<std::size_t>(49, static_cast<std::size_t>(v * 50))] += 1;
    days += 1;
  }
  for (std::size_t i = 0; i < counts.size(); ++i) {
    counts[i] = days > 0 ? counts[i] / days : nan;
    centres.push_back((static_cast<double>(i) + 0.5) / 50);
  }
  const double risk = share_of_days_below(*results_, s.service_level.target);
  char title[160];
  std::snprintf(title, sizeof title, "Daily service level across %d replications x %d days: %.1f%% of days miss the %.0f%% target",
                results_->run.replications, s.calendar.days, risk * 100, s.service_level.target * 100);
  plot::Chart c("daily", ImVec2(avail.x, h), title, 0, 1, 0, plot::upper({&counts}, 0.05), "share of days");
  c.y_percent(true);
  c.x_labels([](double v) { return format_tick(v * 100, 10) + "%"; }, 0.1);
  c.bars("days", centres, counts, 0.018, plot::with_alpha(plot::colour::green, 210));
  c.vline(s.service_level.target, plot::colour::vermillion, "target " + format_tick(s.service_level.target * 100, 1) + "%");
}

void App::view_returning() {
  const Derived& d = derived(results_, focus_);
  const sim::Scenario& s = results_->scenario;
  if (d.layers.empty()) {
    ImGui::TextWrapped("This scenario does not follow customers (no IVR, callback, returns or closed blocks): every call is a fresh one. "
                       "Turn on redials, FCR below 1, self-service or callbacks on the left to see returning customers.");
    return;
  }
  const auto [from, to] = shown_intervals();
  std::vector<double> x;
  for (std::size_t i = from; i < to; ++i) x.push_back(static_cast<double>(i - from) + 0.5);
  std::vector<std::string> names;
  std::vector<std::vector<double>> layers;
  std::vector<double> totals(to - from, 0.0);
  for (const auto& l : d.layers) {
    names.push_back(l.name);
    layers.push_back(slice(l.values, from, to));
    for (std::size_t i = 0; i < totals.size(); ++i) totals[i] += layers.back()[i];
  }
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  {
    plot::Chart c("kinds", ImVec2(avail.x, avail.y * 0.58f), "Contacts by kind per interval (mean over replications)", 0,
                  static_cast<double>(to - from), 0, plot::upper({&totals}), "contacts per interval");
    c.x_labels([this](double v) { return interval_label(v); }, day_ < 0 ? static_cast<double>(s.calendar.intervals_per_day()) : 2.0);
    c.stacked(names, x, layers, 0.8,
              {plot::colour::sky, plot::colour::orange, plot::colour::vermillion, plot::colour::purple, plot::colour::grey, plot::colour::green});
  }
  if (ImGui::BeginTable("returning", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY)) {
    ImGui::TableSetupColumn("measure");
    ImGui::TableSetupColumn("mean per replication, 95% interval");
    ImGui::TableSetupColumn("definition");
    ImGui::TableHeadersRow();
    ExportTable table("returning", {"metric", "measure", "unit", "mean", "ci95", "definition"});
    for (const auto& info : sim::metric_infos()) {
      if (!info.returning || !sim::reported(info, s)) continue;
      const auto& e = results_->run.summary[static_cast<std::size_t>(info.metric)];
      table.add({info.name, info.label, info.unit, number(e.mean), number(e.ci95), info.definition});
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      metric_name_cell(info.metric);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(figure_text(e, info.metric).c_str());
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", info.definition);
    }
    ImGui::EndTable();
  }
}

void App::view_kpi() {
  const sim::Scenario& s = results_->scenario;
  const auto [sl_definition, sl_target] = service_level_of(s, focus_);
  ImGui::TextWrapped("%s: service level = %s, target %.0f%%. Ratios: ratio of sums over replications (delta-method 95%% interval); "
                     "counts: mean per replication (Student-t). Hover a measure for its definition.",
                     view_name(s, focus_).c_str(), sl_definition.c_str(), sl_target * 100);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  std::vector<Delta> deltas;
  if (baseline_) deltas = compare(*baseline_, *results_, focus_);
  const auto& summary = view_summary(*results_, focus_);
  if (ImGui::BeginTable("kpi", baseline_ ? 4 : 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY,
                        ImVec2(0, avail.y * 0.45f))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("measure", ImGuiTableColumnFlags_WidthFixed, 250);
    ImGui::TableSetupColumn("estimate, 95% interval", ImGuiTableColumnFlags_WidthFixed, 150);
    if (baseline_) ImGui::TableSetupColumn("change vs baseline", ImGuiTableColumnFlags_WidthFixed, 150);
    ImGui::TableSetupColumn("definition");
    ImGui::TableHeadersRow();
    ExportTable table("kpi", {"metric", "measure", "unit", "mean", "ci95", "change", "change_ci95", "definition"});
    for (const auto& info : sim::metric_infos()) {
      if (!sim::reported(info, s, focus_.scope)) continue;
      const auto& e = summary[static_cast<std::size_t>(info.metric)];
      std::optional<double> change, change_ci95;
      for (const auto& dl : deltas)
        if (dl.metric == info.metric) change = dl.difference, change_ci95 = dl.ci95;
      table.add({info.name, info.label, info.unit, number(e.mean), number(e.ci95), number(change), number(change_ci95), info.definition});
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      metric_name_cell(info.metric);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(figure_text(summary[static_cast<std::size_t>(info.metric)], info.metric).c_str());
      if (baseline_) {
        ImGui::TableNextColumn();
        for (const auto& dl : deltas) {
          if (dl.metric != info.metric) continue;
          sim::Estimate e{dl.difference, dl.ci95};
          const bool clear = dl.difference && dl.ci95 && std::abs(*dl.difference) > *dl.ci95;
          if (clear) ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.75f, 0.3f, 0.0f, 1));
          ImGui::TextUnformatted(figure_text(e, info.metric, true).c_str());
          if (clear) ImGui::PopStyleColor();
        }
      }
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", info.definition);
    }
    ImGui::EndTable();
  }
  if (s.several_queues && ImGui::CollapsingHeader("Call types and agent groups", ImGuiTreeNodeFlags_DefaultOpen)) queue_tables();
  ImGui::TextUnformatted("Per interval (mean over replications)");
  const sim::Metric columns[] = {sim::Metric::offered, sim::Metric::answered, sim::Metric::abandoned, sim::Metric::service_level,
                                 sim::Metric::asa, sim::Metric::abandon_rate, sim::Metric::occupancy, sim::Metric::agents,
                                 sim::Metric::mean_queue};
  // Columns as wide as their readable names (the table scrolls sideways when the window is narrow);
  // hovering a name shows its definition.
  if (ImGui::BeginTable("per_interval", 1 + static_cast<int>(std::size(columns)),
                        ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX)) {
    ImGui::TableSetupScrollFreeze(1, 1);
    ImGui::TableSetupColumn("interval", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("Mon 21.12. 08:00 (closed)").x);
    std::vector<std::string> headers;
    for (auto m : columns) {
      const auto& info = sim::metric_infos()[static_cast<std::size_t>(m)];
      headers.push_back(info.share ? std::string(info.label) + " (%)" : std::string(info.label) + " (" + info.unit + ")");
    }
    for (const auto& h : headers) ImGui::TableSetupColumn(h.c_str(), ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize(h.c_str()).x + 8);
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (int c = 0; c <= static_cast<int>(std::size(columns)); ++c) {
      ImGui::TableSetColumnIndex(c);
      ImGui::TableHeader(ImGui::TableGetColumnName(c));
      if (c > 0 && ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", sim::metric_infos()[static_cast<std::size_t>(columns[c - 1])].definition);
    }
    const int per_day = s.calendar.intervals_per_day();
    const auto& rows = viz::view_intervals(*results_, focus_);
    std::vector<std::string> header = {"day", "date", "start", "open"};
    for (auto m : columns) {
      header.emplace_back(sim::metric_infos()[static_cast<std::size_t>(m)].name);
      header.push_back(std::string(sim::metric_infos()[static_cast<std::size_t>(m)].name) + "_ci95");
    }
    ExportTable table("per_interval", header);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      {
        const int d = static_cast<int>(i) / per_day, k = static_cast<int>(i) % per_day;
        std::vector<std::string> row = {std::to_string(d + 1), s.calendar.start_date ? s.calendar.date_text(d) : weekday_short[s.calendar.weekday(d)],
                                        sim::format_time_of_day(s.calendar.open + k * s.calendar.interval),
                                        s.calendar.interval_open(d, k) ? "yes" : "no"};
        for (auto m : columns) {
          row.push_back(number(rows[i][static_cast<std::size_t>(m)].mean));
          row.push_back(number(rows[i][static_cast<std::size_t>(m)].ci95));
        }
        table.add(std::move(row));
      }
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      const int day = static_cast<int>(i) / per_day;
      ImGui::Text("%s %s%s", day_text(s.calendar, day).c_str(),
                  sim::format_time_of_day(s.calendar.open + static_cast<int>(i) % per_day * s.calendar.interval).c_str(),
                  s.calendar.interval_open(day, static_cast<int>(i) % per_day) ? "" : " (closed)");
      for (auto m : columns) {
        ImGui::TableNextColumn();
        const auto& e = rows[i][static_cast<std::size_t>(m)];
        if (!e.mean) ImGui::TextUnformatted("-");
        else if (sim::is_share(m)) ImGui::Text("%.1f%%", *e.mean * 100);
        else ImGui::Text("%.1f", *e.mean);
      }
    }
    ImGui::EndTable();
  }
}

void App::queue_tables() {
  const sim::Scenario& s = results_->scenario;
  const auto cell = [](const sim::Estimate& e, sim::Metric m) {
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(figure_text(e, m).c_str());
  };
  const auto header = [](sim::Metric m) {
    const auto& info = sim::metric_infos()[static_cast<std::size_t>(m)];
    return info.share ? std::string(info.label) + " (%)" : std::string(info.label) + " (" + info.unit + ")";
  };
  ImGui::TextUnformatted("Call types (whole horizon, mean with 95% interval; each type's own service level)");
  const sim::Metric type_columns[] = {sim::Metric::offered, sim::Metric::answered, sim::Metric::abandoned, sim::Metric::service_level,
                                      sim::Metric::asa, sim::Metric::abandon_rate, sim::Metric::mean_queue};
  // Columns as wide as their names and figures; the tables scroll sideways on narrow windows.
  const float figure_width = ImGui::CalcTextSize("99999 +/- 999.9").x + 8;
  const auto fixed = [&](const std::string& h) {
    ImGui::TableSetupColumn(h.c_str(), ImGuiTableColumnFlags_WidthFixed, std::max(figure_width, ImGui::CalcTextSize(h.c_str()).x + 8));
  };
  const float row_height = ImGui::GetTextLineHeightWithSpacing() + 4;
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollX;
  if (ImGui::BeginTable("types", 2 + static_cast<int>(std::size(type_columns)), flags,
                        ImVec2(0, row_height * static_cast<float>(results_->run.call_types.size() + 2)))) {
    ImGui::TableSetupColumn("call type", ImGuiTableColumnFlags_WidthFixed, 110);
    std::vector<std::string> headers;
    for (auto m : type_columns) headers.push_back(header(m));
    for (const auto& h : headers) fixed(h);
    ImGui::TableSetupColumn("service level definition");
    ImGui::TableHeadersRow();
    std::vector<std::string> header = {"call_type"};
    for (auto m : type_columns) {
      header.emplace_back(sim::metric_infos()[static_cast<std::size_t>(m)].name);
      header.push_back(std::string(sim::metric_infos()[static_cast<std::size_t>(m)].name) + "_ci95");
    }
    header.emplace_back("service_level_definition");
    ExportTable table("call_types", header);
    for (std::size_t t = 0; t < results_->run.call_types.size(); ++t) {
      const auto& r = results_->run.call_types[t];
      {
        std::vector<std::string> row = {r.name};
        for (auto m : type_columns) {
          row.push_back(number(r.summary[static_cast<std::size_t>(m)].mean));
          row.push_back(number(r.summary[static_cast<std::size_t>(m)].ci95));
        }
        row.push_back(sim::service_level_definition(s.call_types[t].service_level));
        table.add(std::move(row));
      }
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(r.name.c_str());
      for (auto m : type_columns) cell(r.summary[static_cast<std::size_t>(m)], m);
      ImGui::TableNextColumn();
      const sim::ServiceLevelSpec& spec = s.call_types[t].service_level;
      ImGui::TextDisabled("%s, target %.0f%%", sim::service_level_definition(spec).c_str(), spec.target * 100);
    }
    ImGui::EndTable();
  }
  ImGui::Spacing();
  ImGui::TextUnformatted("Agent groups (whole horizon): agents available, occupancy, calls handled, and by call type");
  if (ImGui::BeginTable("groups", 4 + static_cast<int>(s.call_types.size()), flags,
                        ImVec2(0, row_height * static_cast<float>(results_->run.agent_groups.size() + 2)))) {
    ImGui::TableSetupColumn("agent group", ImGuiTableColumnFlags_WidthFixed, 110);
    fixed(header(sim::Metric::agents));
    fixed(header(sim::Metric::occupancy));
    fixed(header(sim::Metric::handled));
    for (const auto& t : s.call_types) fixed("handled " + t.name + " (calls)");
    ImGui::TableHeadersRow();
    std::vector<std::string> header = {"agent_group", "agents", "agents_ci95", "occupancy", "occupancy_ci95", "handled", "handled_ci95"};
    for (const auto& t : s.call_types) header.push_back("handled_" + t.name);
    ExportTable table("agent_groups", header);
    for (const auto& r : results_->run.agent_groups) {
      {
        std::vector<std::string> row = {r.name};
        for (auto m : {sim::Metric::agents, sim::Metric::occupancy, sim::Metric::handled}) {
          row.push_back(number(r.summary[static_cast<std::size_t>(m)].mean));
          row.push_back(number(r.summary[static_cast<std::size_t>(m)].ci95));
        }
        for (const auto& e : r.handled_by_call_type) row.push_back(number(e.mean));
        table.add(std::move(row));
      }
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(r.name.c_str());
      for (auto m : {sim::Metric::agents, sim::Metric::occupancy, sim::Metric::handled}) cell(r.summary[static_cast<std::size_t>(m)], m);
      for (const auto& e : r.handled_by_call_type) cell(e, sim::Metric::handled);
    }
    ImGui::EndTable();
  }
}

void App::view_queues() {
  const sim::Scenario& s = results_->scenario;
  if (!s.several_queues) {
    ImGui::TextWrapped("This scenario is one queue served by one group of agents. Scenarios with call_types and agent_groups "
                       "(e.g. scenarios/bilingual-helpline.json) show a row per call type and per agent group here.");
    return;
  }
  queue_tables();
  ImGui::Spacing();
  ImGui::TextDisabled("Choose a call type or a group above to see it in every view; the panel then edits its needs or staffing.");
  // Service level per interval of every type, on one chart.
  const auto [from, to] = shown_intervals();
  std::vector<double> x;
  for (std::size_t i = from; i < to; ++i) x.push_back(static_cast<double>(i - from) + 0.5);
  const plot::Labeller label = [this](double v) { return interval_label(v); };
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  plot::Chart c("type_sl", ImVec2(avail.x, std::max(160.0f, avail.y - 10)), "Service level per interval, by call type", 0,
                static_cast<double>(to - from), 0, 1.0, "");
  c.y_percent(true);
  c.x_labels(label, day_ < 0 ? static_cast<double>(s.calendar.intervals_per_day()) : 2.0);
  const ImU32 colours[] = {plot::colour::blue, plot::colour::orange, plot::colour::green, plot::colour::vermillion, plot::colour::purple,
                           plot::colour::sky};
  for (std::size_t t = 0; t < s.call_types.size(); ++t) {
    const Series sl = slice(interval_series(*results_, sim::Metric::service_level, {sim::Scope::call_type, t}), from, to);
    c.line(s.call_types[t].name, x, sl.mean, colours[t % std::size(colours)]);
  }
  c.hline(s.service_level.target, "target", plot::colour::grey);
  c.end();
}

void App::view_compare() {
  if (!baseline_) {
    ImGui::TextWrapped("Pin the current results as the baseline (button above), then change something on the left: the table shows "
                       "each measure's change with its 95%% interval, paired by replication (common random numbers), and the "
                       "charts overlay baseline and current.");
    if (ImGui::Button("Pin as baseline now")) pin_baseline();
    return;
  }
  const auto deltas = compare(*baseline_, *results_, focus_);
  if (results_->scenario.several_queues) ImGui::TextDisabled("changes of %s", view_name(results_->scenario, focus_).c_str());
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const bool paired = std::any_of(deltas.begin(), deltas.end(), [](const Delta& d) { return d.paired; });
  const float table_share = avail.x < 1000 ? 0.64f : 0.56f;  // narrow windows: the table first
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + avail.x * table_share);
  ImGui::TextDisabled("%s A change is \"clear of noise\" when its 95%% interval leaves out zero: the simulation's chance "
                      "variation alone would rarely give it. Shares change in percentage points (pt).",
                      paired ? "Baseline and current used the same random calls (paired replications), so each change is "
                               "measured replication by replication."
                             : "Baseline and current used different random calls (another calendar or seed): changes are "
                               "measured between independent runs, with wider intervals.");
  ImGui::PopTextWrapPos();
  if (ImGui::BeginTable("deltas", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY,
                        ImVec2(avail.x * table_share, ImGui::GetContentRegionAvail().y))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("measure", ImGuiTableColumnFlags_WidthStretch, 2.6f);
    ImGui::TableSetupColumn("baseline", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("current", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("change, 95% interval", ImGuiTableColumnFlags_WidthStretch, 1.7f);
    ImGui::TableSetupColumn("verdict", ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::TableHeadersRow();
    ExportTable table("compare", {"metric", "measure", "unit", "baseline", "current", "change", "change_ci95", "paired", "verdict"});
    for (const auto& d : deltas) {
      {
        const auto& info = sim::metric_infos()[static_cast<std::size_t>(d.metric)];
        const bool clear = d.difference && d.ci95 && std::abs(*d.difference) > *d.ci95;
        table.add({info.name, info.label, info.unit, number(d.baseline), number(d.current), number(d.difference), number(d.ci95),
                   d.paired ? "yes" : "no", clear ? "clear of noise" : "within noise"});
      }
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      metric_name_cell(d.metric);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(figure_text({d.baseline, std::nullopt}, d.metric).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(figure_text({d.current, std::nullopt}, d.metric).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(figure_text({d.difference, d.ci95}, d.metric, true).c_str());
      ImGui::TableNextColumn();
      const bool clear = d.difference && d.ci95 && std::abs(*d.difference) > *d.ci95;
      if (clear) ImGui::TextColored(ImVec4(0.75f, 0.3f, 0.0f, 1), "clear of noise");
      else ImGui::TextDisabled("within noise");
    }
    ImGui::EndTable();
  }
  ImGui::EndGroup();
  ImGui::SameLine();
  ImGui::BeginChild("overlay");
  if (baseline_->run.intervals.size() == results_->run.intervals.size()) {
    const Derived& b = derived(baseline_, focus_);
    const Derived& c = derived(results_, focus_);
    const auto n = results_->run.intervals.size();
    std::vector<double> x;
    for (std::size_t i = 0; i < n; ++i) x.push_back(static_cast<double>(i) + 0.5);
    const ImVec2 a = ImGui::GetContentRegionAvail();
    const auto per_day = static_cast<double>(results_->scenario.calendar.intervals_per_day());
    const int saved_day = day_;
    day_ = -1;
    const plot::Labeller label = [this](double v) { return interval_label(v); };
    {
      plot::Chart ch("csl", ImVec2(a.x, a.y / 3 - 6), "Service level: baseline and current", 0, static_cast<double>(n), 0, 1, "");
      ch.y_percent(true);
      ch.x_labels(label, per_day);
      ch.band(x, b.sl.low, b.sl.high, plot::colour::orange);
      ch.band(x, c.sl.low, c.sl.high, plot::colour::blue);
      ch.line("baseline", x, b.sl.mean, plot::colour::orange, 2.0f, false, true);
      ch.line("current", x, c.sl.mean, plot::colour::blue);
      ch.hline(results_->scenario.service_level.target, "target", plot::colour::vermillion);
    }
    {
      plot::Chart ch("casa", ImVec2(a.x, a.y / 3 - 6), "ASA, seconds", 0, static_cast<double>(n), 0,
                     plot::upper({&b.asa.mean, &c.asa.mean}, 10), "");
      ch.y_units("s");
      ch.x_labels(label, per_day);
      ch.line("baseline", x, b.asa.mean, plot::colour::orange, 2.0f, false, true);
      ch.line("current", x, c.asa.mean, plot::colour::blue);
    }
    {
      plot::Chart ch("coff", ImVec2(a.x, a.y / 3 - 6), "Calls and agents", 0, static_cast<double>(n), 0,
                     plot::upper({&b.offered.mean, &c.offered.mean}), "calls");
      ch.right_axis(0, plot::upper({&b.staffed, &c.staffed}), "agents");
      ch.y_units("calls", "agents");
      ch.x_labels(label, per_day);
      ch.line("calls, baseline", x, b.offered.mean, plot::colour::orange, 2.0f, false, true);
      ch.line("calls, current", x, c.offered.mean, plot::colour::sky);
      ch.line("agents, baseline", x, b.staffed, plot::colour::vermillion, 1.5f, true, true);
      ch.line("agents, current", x, c.staffed, plot::colour::blue, 2.0f, true);
    }
    day_ = saved_day;
  } else {
    ImGui::TextWrapped("The baseline has another calendar: only the table compares.");
  }
  ImGui::EndChild();
}

void App::view_replay() {
  const auto& snaps = results_->replay.snapshots;
  const sim::Scenario& s = results_->scenario;
  if (snaps.empty()) return;
  ImGui::Checkbox("play", &playing_);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(150);
  const double speeds[] = {10, 60, 120, 300, 900, 3600};
  const char* speed_names[] = {"x10", "x60 (a minute a second)", "x120", "x300", "x900", "x3600 (an hour a second)"};
  int speed = 2;
  for (int i = 0; i < 6; ++i)
    if (replay_speed_ == speeds[i]) speed = i;
  if (ImGui::Combo("speed", &speed, speed_names, 6)) replay_speed_ = speeds[speed];
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - 10);
  float t = static_cast<float>(replay_time_);
  if (ImGui::SliderFloat("##time", &t, static_cast<float>(snaps.front().time), static_cast<float>(snaps.back().time),
                         clock_text(replay_time_, s).c_str()))
    replay_time_ = t;
  auto it = std::lower_bound(snaps.begin(), snaps.end(), replay_time_, [](const sim::Snapshot& a, double v) { return a.time < v; });
  if (it == snaps.end()) it = std::prev(snaps.end());
  const sim::Snapshot& now = *it;

  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  // The scene takes the height its contents need (the timeline below takes the rest); its
  // background goes under it once that height is known (draw-list channel 0).
  draw->ChannelsSplit(2);
  draw->ChannelsSetCurrent(1);
  const std::string clock = clock_text(now.time, s) + (now.open ? "" : "  (closed: last calls)");
  ImFont* big = ImGui::GetIO().Fonts->Fonts.Size > 1 ? ImGui::GetIO().Fonts->Fonts[1] : ImGui::GetFont();
  const float big_size = big == ImGui::GetFont() ? ImGui::GetFontSize() * 2.0f : big->FontSize;
  draw->AddText(big, big_size, {origin.x + 16, origin.y + 10}, plot::colour::black, clock.c_str());
  const float font = ImGui::GetFontSize();
  // The legend of the tiles: beside the clock, or under it when there is no room.
  const float clock_width = ImGui::CalcTextSize(clock.c_str()).x * big_size / font;
  const bool legend_below = origin.x + 16 + clock_width + 40 + 440 > origin.x + avail.x;
  {
    const std::pair<const char*, ImU32> keys[] = {{"caller waiting", plot::colour::vermillion}, {"talking", plot::colour::blue},
                                                  {"wrap-up", plot::colour::orange},         {"idle", plot::colour::green},
                                                  {"on break", plot::colour::grey}};
    float lx = legend_below ? origin.x + 16 : origin.x + 16 + clock_width + 40;
    const float ly = legend_below ? origin.y + 14 + big_size : origin.y + 10 + (big_size - font) / 2;
    for (const auto& [name, c] : keys) {
      if (c == plot::colour::vermillion) draw->AddCircleFilled({lx + 6, ly + font * 0.5f}, 6, c);
      else draw->AddRectFilled({lx, ly + 1}, {lx + 12, ly + font - 1}, c, 2);
      draw->AddText({lx + 16, ly}, plot::colour::black, name);
      lx += 16 + ImGui::CalcTextSize(name).x + 18;
    }
  }
  float y = origin.y + 24 + big_size + (legend_below ? font + 4 : 0.0f);
  char text[160];
  // The queue: one figure per caller.
  std::snprintf(text, sizeof text, "Queue: %u waiting   IVR: %u   callbacks pending: %u", now.waiting, now.in_ivr, now.callbacks_pending);
  draw->AddText({origin.x + 16, y}, plot::colour::black, text);
  y += font + 8;
  const int per_queue_row = std::max(10, static_cast<int>((avail.x - 80) / 16));
  const int shown = std::min<int>(static_cast<int>(now.waiting), 2 * per_queue_row);
  for (int i = 0; i < shown; ++i)
    draw->AddCircleFilled({origin.x + 26 + static_cast<float>(i % per_queue_row) * 16, y + 8 + static_cast<float>(i / per_queue_row) * 18}, 6,
                          plot::colour::vermillion);
  if (static_cast<int>(now.waiting) > shown) {
    std::snprintf(text, sizeof text, "+%d", static_cast<int>(now.waiting) - shown);
    draw->AddText({origin.x + 26 + static_cast<float>(per_queue_row) * 16, y}, plot::colour::black, text);
  }
  y += shown > per_queue_row ? 44 : 26;
  // Agents: a tile each, coloured by state.
  const unsigned agents = now.talking + now.wrapping + now.idle + now.on_break;
  std::snprintf(text, sizeof text, "Agents: %u talking, %u wrap-up, %u idle, %u on break", now.talking, now.wrapping, now.idle, now.on_break);
  draw->AddText({origin.x + 16, y}, plot::colour::black, text);
  y += font + 8;
  const std::pair<unsigned, ImU32> groups[] = {{now.talking, plot::colour::blue}, {now.wrapping, plot::colour::orange},
                                               {now.idle, plot::colour::green}, {now.on_break, plot::colour::grey}};
  unsigned k = 0;
  const unsigned per_row = std::max(1U, static_cast<unsigned>((avail.x - 40) / 22));
  for (const auto& [count, c] : groups) {
    for (unsigned i = 0; i < count; ++i, ++k) {
      const float ax = origin.x + 20 + static_cast<float>(k % per_row) * 22, ay = y + static_cast<float>(k / per_row) * 22;
      draw->AddRectFilled({ax, ay}, {ax + 18, ay + 18}, c, 3);
    }
  }
  y += 22 * static_cast<float>((agents + per_row - 1) / std::max(1U, per_row)) + 10;
  // Lines in use.
  if (s.lines) {
    std::snprintf(text, sizeof text, "Lines: %u of %d in use", now.lines_in_use, *s.lines);
    draw->AddText({origin.x + 16, y}, plot::colour::black, text);
    const float bx = origin.x + 220, bw = std::min(avail.x - 240, 500.0f);
    draw->AddRectFilled({bx, y + 2}, {bx + bw, y + font}, IM_COL32(225, 225, 225, 255), 3);
    draw->AddRectFilled({bx, y + 2}, {bx + bw * static_cast<float>(now.lines_in_use) / static_cast<float>(*s.lines), y + font},
                        now.lines_in_use >= static_cast<unsigned>(*s.lines) ? plot::colour::vermillion : plot::colour::sky, 3);
    y += font + 8;
  }
  const float top_height = std::min(y + 8 - origin.y, avail.y * 0.6f);
  draw->ChannelsSetCurrent(0);
  draw->AddRectFilled(origin, {origin.x + avail.x, origin.y + top_height}, IM_COL32(250, 250, 248, 255), 6);
  draw->ChannelsMerge();
  ImGui::Dummy(ImVec2(avail.x, top_height));
  // The day's timeline with the clock.
  const double day_start = std::floor(now.time / 86400.0) * 86400.0;
  std::vector<double> x, waiting, busy, on_duty;
  for (const auto& sn : snaps) {
    if (sn.time < day_start || sn.time >= day_start + 86400.0) continue;
    x.push_back((sn.time - day_start) / 3600.0);
    waiting.push_back(sn.waiting);
    busy.push_back(sn.talking + sn.wrapping);
    on_duty.push_back(sn.talking + sn.wrapping + sn.idle);
  }
  const double x_max = x.empty() ? 1 : x.back();
  plot::Chart c("timeline", ImVec2(avail.x, ImGui::GetContentRegionAvail().y), "Replication 1 of this run, the day so far and after", 0,
                x_max, 0, plot::upper({&waiting, &busy, &on_duty}, 5), "callers, agents");
  c.y_units("callers or agents");
  c.x_labels([&s](double h) { return sim::format_time_of_day(s.calendar.open + h * 3600); }, 1.0);
  c.line("waiting", x, waiting, plot::colour::vermillion, 1.5f);
  c.line("agents busy", x, busy, plot::colour::blue, 1.5f);
  c.line("agents staffed (not on break)", x, on_duty, plot::colour::green, 1.5f, false, true);
  c.vline((now.time - day_start) / 3600.0, plot::colour::black);
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
