// The visualiser's chart views: per interval, the distributions, and the live replay.
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
    const double shown_seconds = static_cast<double>(range) * sim::wait_histogram_bin;
    const double tick = shown_seconds > 600 ? 120 : shown_seconds > 240 ? 60 : 30;
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

}  // namespace ccsim::viz
