// The Erlang tab: Erlang C or A (with or without a line limit) for one interval of the open
// scenario, its inputs taken from the scenario and the run (the chosen interval's calls, the call
// type's handle time including wrap-up, patience, lines, answer-within and target), the staffing
// table around the answer with the answer's row marked, and agents to schedule after shrinkage.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "app.hpp"
#include "ccsim/models/erlang.hpp"
#include "ccsim/sim/duration.hpp"
#include "ccsim/viz/results.hpp"
#include "export.hpp"
#include "widgets.hpp"

namespace ccsim::viz {
namespace {

// A duration typed as text ("30m", "4m30s", "270"); the field turns red while it does not parse.
bool duration_field(const char* label, std::string& text, double& seconds, double least) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s", text.c_str());
  double parsed = seconds;
  bool valid = true;
  try {
    parsed = sim::parse_duration(buffer);
    valid = parsed >= least;
  } catch (const std::exception&) {
    valid = false;
  }
  if (!valid) ImGui::PushStyleColor(ImGuiCol_FrameBg, ImVec4(1.0f, 0.8f, 0.8f, 1));
  const bool edited = ImGui::InputText(label, buffer, sizeof buffer);
  if (!valid) ImGui::PopStyleColor();
  if (!edited) return false;
  text = buffer;
  try {
    const double v = sim::parse_duration(text);
    if (v < least) return false;
    seconds = v;
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

// "Erlang A (M/M/N+M, mean patience 3m) with 60 lines (M/M/N/K+M)".
std::string model_text(double patience, int lines) {
  std::string text = patience > 0 ? "Erlang A (M/M/N+M, mean patience " + sim::format_duration(patience) + ")" : "Erlang C (M/M/N)";
  if (lines > 0) text += " with " + std::to_string(lines) + " lines (" + (patience > 0 ? "M/M/N/K+M" : "M/M/N/K") + ")";
  return text;
}

// "day 3, Wed 2026-12-23" (the date when the calendar has one).
std::string day_label(const sim::Calendar& c, int day) {
  static const char* const names[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  const std::string date = c.date_text(day);
  return "day " + std::to_string(day + 1) + ", " + names[c.weekday(day)] + (date.empty() ? "" : " " + date);
}

// The fewest agents meeting the target, as ccsim erlang c/a answers it (models::agents_for_targets,
// agents at most the lines); none when no staffing does.
std::optional<std::int64_t> fewest_agents(double calls, double interval, double handle_time, double patience, int lines,
                                          double answer_within, double target) {
  models::Queue q;
  q.arrival_rate = calls / interval;
  q.handle_time = handle_time;
  if (lines > 0) q.lines = lines;
  if (patience > 0) q.mean_patience = patience;
  models::StaffingTargets targets;
  targets.answer_within = answer_within;
  targets.service_level = target;
  try {
    return models::agents_for_targets(q, targets);
  } catch (const std::exception&) {  // unreachable with these lines, or no load at all
    return std::nullopt;
  }
}

models::Queue queue_of(double calls, double interval, double handle_time, double patience, int lines, std::int64_t agents) {
  models::Queue q;
  q.arrival_rate = calls / interval;
  q.handle_time = handle_time;
  q.agents = agents;
  if (lines > 0) q.lines = lines;  // (rows stop at the line count: an agent needs a line)
  if (patience > 0) q.mean_patience = patience;
  return q;
}

}  // namespace

void App::erlang_calls_from_scenario() {
  if (!results_) return;
  const sim::Scenario& s = results_->scenario;
  const Focus calls = focus_.scope == sim::Scope::agent_group ? Focus{} : focus_;
  const Series offered = interval_series(*results_, sim::Metric::offered, calls);
  const int per_day = s.calendar.intervals_per_day();
  if (erlang_.slot < 0 || erlang_.day >= s.calendar.days || erlang_.slot >= per_day) {  // the busiest interval
    std::size_t busiest = 0;
    for (std::size_t i = 0; i < offered.mean.size(); ++i)
      if (std::isfinite(offered.mean[i]) && (!std::isfinite(offered.mean[busiest]) || offered.mean[i] > offered.mean[busiest])) busiest = i;
    erlang_.day = static_cast<int>(busiest) / per_day;
    erlang_.slot = static_cast<int>(busiest) % per_day;
  }
  const auto k = static_cast<std::size_t>(erlang_.day * per_day + erlang_.slot);
  erlang_.calls = k < offered.mean.size() && std::isfinite(offered.mean[k]) ? offered.mean[k] : 0.0;
}

void App::erlang_from_scenario() {
  if (!results_) return;
  erlang_calls_from_scenario();
  erlang_.interval = results_->scenario.calendar.interval;
  erlang_.handle_time = knobs_.handle_time + knobs_.wrap_up;
  erlang_.patience = knobs_.patience.value_or(0.0);
  erlang_.lines = knobs_.lines.value_or(0);
  erlang_.answer_within = knobs_.answer_within;
  erlang_.target = knobs_.service_level_target;
  erlang_.interval_text = sim::format_duration(erlang_.interval);
  erlang_.handle_time_text = sim::format_duration(erlang_.handle_time);
  erlang_.patience_text = erlang_.patience > 0 ? sim::format_duration(erlang_.patience) : "0";
  erlang_.answer_within_text = sim::format_duration(erlang_.answer_within);
}

void App::view_erlang() {
  // The inputs follow the scenario and its latest run until the planner changes one.
  if (results_ && (results_.get() != erlang_source_) && !erlang_edited_) {
    erlang_from_scenario();
    erlang_source_ = results_.get();
  }
  ErlangInputs& in = erlang_;
  ImGui::TextWrapped("%s for one interval. Offered load = calls x handle time (talk + wrap-up) / interval. Service level = answered "
                     "within T / admitted calls (the simulation's own definition may leave out short abandons).",
                     model_text(in.patience, in.lines).c_str());
  bool edited = false;
  if (results_) {
    const sim::Scenario& s = results_->scenario;
    const int per_day = s.calendar.intervals_per_day();
    ImGui::SetNextItemWidth(170);
    if (ImGui::BeginCombo("##eday", day_label(s.calendar, in.day).c_str())) {
      for (int d = 0; d < s.calendar.days; ++d)
        if (ImGui::Selectable(day_label(s.calendar, d).c_str(), d == in.day)) in.day = d, edited = true;
      ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(110);
    if (ImGui::BeginCombo("##eslot", sim::format_time_of_day(s.calendar.open + std::max(0, in.slot) * s.calendar.interval).c_str())) {
      for (int k = 0; k < per_day; ++k)
        if (ImGui::Selectable(sim::format_time_of_day(s.calendar.open + k * s.calendar.interval).c_str(), k == in.slot)) in.slot = k, edited = true;
      ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (edited) erlang_calls_from_scenario();  // another interval: its calls, the other inputs as they are
    if (ImGui::Button("From the scenario")) {
      erlang_edited_ = false;
      erlang_source_ = nullptr;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("the chosen interval's simulated calls and the call type's handle time, patience, lines and target");
    ImGui::SameLine();
    ImGui::TextDisabled(erlang_edited_ ? "(changed by hand)" : "(from the scenario and its run)");
  }
  ImGui::PushItemWidth(110);
  bool changed = drag("calls per interval", in.calls, 1, 0, 1e6, "%.1f");
  ImGui::SameLine();
  changed |= duration_field("interval", in.interval_text, in.interval, 60);
  ImGui::SameLine();
  changed |= duration_field("handle time (talk + wrap-up)", in.handle_time_text, in.handle_time, 1);
  changed |= duration_field("answer within", in.answer_within_text, in.answer_within, 0);
  ImGui::SameLine();
  double target_percent = in.target * 100;
  if (drag("target SL (%)", target_percent, 0.5, 1, 99.9, "%.1f")) in.target = target_percent / 100, changed = true;
  ImGui::SameLine();
  changed |= duration_field("mean patience (0: none)", in.patience_text, in.patience, 0);
  changed |= ImGui::DragInt("lines (0: unlimited)", &in.lines, 0.2f, 0, 100000);
  ImGui::SameLine();
  double shrinkage_percent = in.shrinkage * 100;
  if (drag("shrinkage (%)", shrinkage_percent, 0.5, 0, 90, "%.1f")) in.shrinkage = shrinkage_percent / 100, changed = true;
  ImGui::PopItemWidth();
  if (changed) erlang_edited_ = true;

  const double load = in.calls * in.handle_time / in.interval;
  const std::optional<std::int64_t> answer =
      fewest_agents(in.calls, in.interval, in.handle_time, in.patience, in.lines, in.answer_within, in.target);
  const auto scheduled = [&](std::int64_t n) { return static_cast<std::int64_t>(std::ceil(static_cast<double>(n) / (1.0 - in.shrinkage) - 1e-9)); };
  if (answer)
    ImGui::Text("Offered load %.2f Erlangs. Fewest agents for %.1f%% within %s: %lld on the phones, %lld to schedule with %.1f%% shrinkage.",
                load, in.target * 100, sim::format_duration(in.answer_within).c_str(), static_cast<long long>(*answer),
                static_cast<long long>(scheduled(*answer)), in.shrinkage * 100);
  else
    ImGui::Text("Offered load %.2f Erlangs: no staffing meets the target%s.", load, in.lines > 0 ? " with these lines" : "");

  const std::int64_t first = std::max<std::int64_t>(1, (answer ? *answer : static_cast<std::int64_t>(std::floor(load))) - 6);
  ExportTable table("erlang", {"agents", "scheduled", "p_block", "p_wait", "service_level", "asa_s", "p_abandon", "occupancy", "answer"});
  if (ImGui::BeginTable("erlang", 9, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY)) {
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const char* h : {"agents", "to schedule", "busy signal", "wait at all", "service level", "ASA", "abandon", "occupancy", ""})
      ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (std::int64_t n = first; n < first + 20 && (in.lines == 0 || n <= in.lines); ++n) {
      ImGui::TableNextRow();
      const bool is_answer = answer && n == *answer;
      if (is_answer) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, IM_COL32(255, 226, 160, 255));
      ImGui::TableNextColumn();
      ImGui::Text("%lld", static_cast<long long>(n));
      ImGui::TableNextColumn();
      ImGui::Text("%lld", static_cast<long long>(scheduled(n)));
      char row[6][32];
      try {
        const auto f = models::queue_figures(queue_of(in.calls, in.interval, in.handle_time, in.patience, in.lines, n), in.answer_within);
        std::snprintf(row[0], sizeof row[0], "%.2f%%", f.p_block * 100);
        std::snprintf(row[1], sizeof row[1], "%.1f%%", f.p_wait * 100);
        std::snprintf(row[2], sizeof row[2], "%.2f%%", f.service_level * 100);
        std::snprintf(row[3], sizeof row[3], "%.1f s", f.asa);
        std::snprintf(row[4], sizeof row[4], "%.2f%%", f.p_abandon * 100);
        std::snprintf(row[5], sizeof row[5], "%.1f%%", f.occupancy * 100);
        for (const auto& cell : row) {
          ImGui::TableNextColumn();
          ImGui::TextUnformatted(cell);
        }
        char v[6][40];
        const double values[] = {f.p_block, f.p_wait, f.service_level, f.asa, f.p_abandon, f.occupancy};
        for (int c = 0; c < 6; ++c) std::snprintf(v[c], sizeof v[c], "%.17g", values[c]);
        table.add({std::to_string(n), std::to_string(scheduled(n)), v[0], v[1], v[2], v[3], v[4], v[5], is_answer ? "yes" : ""});
      } catch (const std::exception&) {
        // Without patience or lines, load >= agents has no steady state: the queue grows all day.
        ImGui::TableNextColumn();
        ImGui::TextDisabled("-");
        ImGui::TableNextColumn();
        ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "unstable: load %.2f >= %lld agents", load, static_cast<long long>(n));
        for (int c = 0; c < 4; ++c) ImGui::TableNextColumn();
        table.add({std::to_string(n), std::to_string(scheduled(n)), "", "", "", "", "", "", "unstable"});
      }
      ImGui::TableNextColumn();
      if (is_answer) ImGui::TextUnformatted("<- the answer");
    }
    ImGui::EndTable();
  }
}

nlohmann::json App::erlang_series() const {
  const ErlangInputs& in = erlang_;
  nlohmann::json out = {{"calls", in.calls}, {"interval", in.interval}, {"handle_time", in.handle_time}, {"patience", in.patience},
                        {"lines", in.lines}, {"answer_within", in.answer_within}, {"target", in.target}, {"shrinkage", in.shrinkage},
                        {"day", in.day + 1}, {"slot", in.slot}, {"model", model_text(in.patience, in.lines)}};
  if (const auto answer = fewest_agents(in.calls, in.interval, in.handle_time, in.patience, in.lines, in.answer_within, in.target))
    out["agents"] = *answer;
  return out;
}

}  // namespace ccsim::viz
