#include "coverage_view.hpp"

#include <algorithm>
#include <cstdio>

#include <imgui.h>

#include "ccsim/sim/scenario.hpp"
#include "plot.hpp"

namespace ccsim::viz {

void draw_coverage(const ScheduleAnswer& a, const sim::Scenario& s, std::size_t group, int day) {
  const sim::Calendar& c = s.calendar;
  const auto per_day = static_cast<std::size_t>(c.intervals_per_day());
  group = std::min(group, a.plan.required.size() - 1);
  const std::size_t from = day < 0 ? 0 : static_cast<std::size_t>(day) * per_day;
  const std::size_t to = day < 0 ? a.plan.required[group].size() : from + per_day;
  std::vector<double> x, required, on_duty, on_break, surplus;
  for (std::size_t k = from; k < to; ++k) {
    x.push_back(static_cast<double>(k - from) + 0.5);
    required.push_back(a.plan.required[group][k]);
    on_duty.push_back(a.plan.scheduled[group][k]);
    on_break.push_back(a.plan.on_break[group][k]);
    surplus.push_back(a.plan.scheduled[group][k] - a.plan.required[group][k]);
  }
  ImGui::TextWrapped("Shifts covering %s: %s", a.requirement.c_str(), a.summary.c_str());
  const bool one_day = day >= 0 || c.days == 1;
  const plot::Labeller label = [&](double v) {
    const auto k = from + static_cast<std::size_t>(std::max(0.0, v));
    const std::string time = sim::format_time_of_day(c.open + static_cast<double>(k % per_day) * c.interval);
    if (one_day) return time;
    return std::string(sim::weekday_names[c.weekday(static_cast<int>(k / per_day))]).substr(0, 3) + " " + time;
  };
  const double x_max = static_cast<double>(to - from);
  const double step = one_day ? 2.0 : static_cast<double>(per_day);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float chart_w = avail.x * 0.68f, h = (avail.y - 12) / 2;
  ImGui::BeginGroup();
  {
    std::vector<double> stacked_top(on_duty.size());
    for (std::size_t i = 0; i < on_duty.size(); ++i) stacked_top[i] = on_duty[i] + on_break[i];
    plot::Chart chart("coverage", ImVec2(chart_w, h), "Coverage: required and scheduled agents", 0, x_max, 0,
                      plot::upper({&stacked_top, &required}, 2), "agents");
    chart.x_labels(label, step);
    chart.stacked({"on duty", "on break"}, x, {on_duty, on_break}, 0.85, {plot::with_alpha(plot::colour::blue, 200), plot::with_alpha(plot::colour::orange, 200)});
    chart.line("required", x, required, plot::colour::vermillion, 2.5f);
    chart.end();
  }
  {
    double low = 0, high = 1;
    for (double v : surplus) low = std::min(low, v), high = std::max(high, v);
    plot::Chart chart("surplus", ImVec2(chart_w, h), "Surplus: scheduled - required", 0, x_max, low - 0.5, high + 0.5, "agents");
    chart.x_labels(label, step);
    chart.bars("surplus", x, surplus, 0.85, plot::with_alpha(plot::colour::green, 200));
    chart.hline(0, "", plot::colour::grey);
    chart.end();
  }
  ImGui::EndGroup();
  ImGui::SameLine();
  ImGui::BeginChild("shifts", ImVec2(0, 0), true);
  if (a.loop) {
    ImGui::TextUnformatted("Simulation rounds");
    if (ImGui::BeginTable("rounds", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
      for (const char* t : {"round", "cost", "intervals missing", "worst service level"}) ImGui::TableSetupColumn(t);
      ImGui::TableHeadersRow();
      for (std::size_t r = 0; r < a.loop->rounds.size(); ++r) {
        const auto& round = a.loop->rounds[r];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text("%zu", r + 1);
        ImGui::TableNextColumn();
        ImGui::Text("%.0f", round.cost);
        ImGui::TableNextColumn();
        ImGui::Text("%d", round.missing);
        ImGui::TableNextColumn();
        ImGui::Text("%.1f%%", round.worst_service_level * 100);
      }
      ImGui::EndTable();
    }
    ImGui::Spacing();
  }
  ImGui::TextUnformatted(s.several_queues ? ("Shifts of " + s.agent_groups[group].name).c_str() : "Shifts");
  if (ImGui::BeginTable("shift list", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY)) {
    for (const char* t : {"agents", "hours", "break starts", "days"}) ImGui::TableSetupColumn(t);
    ImGui::TableHeadersRow();
    for (const auto& shift : sim::plan_shifts_json(a.plan, *s.schedule, c, group)) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("%d", shift["agents"].get<int>());
      ImGui::TableNextColumn();
      ImGui::Text("%s-%s", shift["start"].get<std::string>().c_str(), shift["end"].get<std::string>().c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(shift.contains("breaks") ? shift["breaks"][0]["start"].get<std::string>().c_str() : "");
      ImGui::TableNextColumn();
      std::string days;
      for (const auto& d : shift["weekdays"]) {
        if (!days.empty()) days += ' ';
        days.append(d.get<std::string>(), 0, 3);
      }
      ImGui::TextUnformatted(days.c_str());
    }
    ImGui::EndTable();
  }
  ImGui::EndChild();
}

nlohmann::json coverage_series(const ScheduleAnswer& a, std::size_t group) {
  group = std::min(group, a.plan.required.size() - 1);
  return {{"required", a.plan.required[group]}, {"scheduled", a.plan.scheduled[group]}, {"on_break", a.plan.on_break[group]},
          {"cost", a.plan.cost}, {"summary", a.summary}};
}

}  // namespace ccsim::viz
