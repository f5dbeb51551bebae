// The visualiser's edit panel (left): scenario, calendar, volume, handling, staffing, callbacks,
// service level and run; every change re-reads the knobs into the scenario (App::knobs_changed).
#include "app.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

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

}  // namespace ccsim::viz
