// The visualiser's table views: KPIs, Compare (the paired differences), returning customers, and
// call types and agent groups.
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
          const sim::Estimate change_estimate{dl.difference, dl.ci95};
          const bool clear = dl.difference && dl.ci95 && std::abs(*dl.difference) > *dl.ci95;
          if (clear) ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.75f, 0.3f, 0.0f, 1));
          ImGui::TextUnformatted(figure_text(change_estimate, info.metric, true).c_str());
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
  const auto header_of = [](sim::Metric m) {
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
    for (auto m : type_columns) headers.push_back(header_of(m));
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
    fixed(header_of(sim::Metric::agents));
    fixed(header_of(sim::Metric::occupancy));
    fixed(header_of(sim::Metric::handled));
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

}  // namespace ccsim::viz
