// Charts drawn with ImDrawList.
#include "plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "ccsim/viz/results.hpp"
#include "export.hpp"

namespace ccsim::viz::plot {
namespace {

constexpr float left_margin = 58, right_margin_axis = 58, right_margin = 14;
const ImU32 frame_colour = IM_COL32(255, 255, 255, 255);
const ImU32 grid_colour = IM_COL32(225, 225, 225, 255);
const ImU32 text_colour = IM_COL32(40, 40, 40, 255);
const ImU32 axis_colour = IM_COL32(120, 120, 120, 255);

bool finite(double v) { return std::isfinite(v); }

std::vector<ChartTexts>* recorded_texts = nullptr;

std::string tick_text(double v, double step, bool percent) {
  if (percent) return format_tick(v * 100.0, step * 100.0) + "%";
  return format_tick(v, step);
}

std::string value_text(double v, bool percent) {
  char buffer[48];
  if (!finite(v)) return "-";
  if (percent) std::snprintf(buffer, sizeof buffer, "%.1f%%", v * 100.0);
  else if (std::abs(v) >= 100) std::snprintf(buffer, sizeof buffer, "%.0f", v);
  else std::snprintf(buffer, sizeof buffer, "%.2f", v);
  return buffer;
}

}  // namespace

void record_texts(std::vector<ChartTexts>* into) { recorded_texts = into; }

ImU32 with_alpha(ImU32 c, int a) { return (c & ~IM_COL32_A_MASK) | (static_cast<ImU32>(a) << IM_COL32_A_SHIFT); }

double upper(std::initializer_list<const std::vector<double>*> series, double floor) {
  double top = floor;
  for (const auto* s : series) {
    for (double v : *s) if (finite(v)) top = std::max(top, v);
  }
  return top * 1.08;
}

Chart::Chart(const char* id, ImVec2 size, const std::string& title, double x_min, double x_max, double y_min, double y_max,
             const std::string& y_label)
    : title_(title), y_label_(y_label), x_min_(x_min), x_max_(x_max), y_min_(y_min), y_max_(y_max > y_min ? y_max : y_min + 1) {
  draw_ = ImGui::GetWindowDrawList();
  origin_ = ImGui::GetCursorScreenPos();
  size_ = size;
  id_ = ImGui::GetID(id);
  rows_id_ = ImGui::GetID((std::string(id) + "#legend rows").c_str());
  export_name_ = id;
  legend_width_ = ImGui::GetStateStorage()->GetFloat(id_, 0.0f);
  texts_.title = title;
  ImGui::PushID(id);
  ImGui::Dummy(size);
  ImGui::PopID();
}

Chart::~Chart() {
  if (!ended_) end();
}

void Chart::right_axis(double y_min, double y_max, const std::string& label) {
  has_right_ = true;
  y2_min_ = y_min;
  y2_max_ = y_max > y_min ? y_max : y_min + 1;
  y2_label_ = label;
}

void Chart::x_labels(Labeller labeller, double step) {
  x_labeller_ = std::move(labeller);
  x_step_ = step;
}

void Chart::y_percent(bool left, bool right) {
  left_percent_ = left;
  right_percent_ = right;
}

void Chart::y_units(std::string left, std::string right) {
  y_unit_ = std::move(left);
  y2_unit_ = std::move(right);
}

ImVec2 Chart::to_screen(double x, double y, bool right) const {
  const double lo = right ? y2_min_ : y_min_, hi = right ? y2_max_ : y_max_;
  const double fx = (x - x_min_) / (x_max_ - x_min_);
  const double fy = (y - lo) / (hi - lo);
  return {plot_min_.x + static_cast<float>(fx) * (plot_max_.x - plot_min_.x),
          plot_max_.y - static_cast<float>(fy) * (plot_max_.y - plot_min_.y)};
}

void Chart::text(ImVec2 at, ImU32 colour, const std::string& s) {
  draw_->AddText(at, colour, s.c_str());
  if (recorded_texts != nullptr) {
    const ImVec2 size = ImGui::CalcTextSize(s.c_str());
    texts_.texts.push_back({s, at, {at.x + size.x, at.y + size.y}});
  }
}

void Chart::draw_axes() {
  if (axes_drawn_) return;
  axes_drawn_ = true;
  const float font = ImGui::GetFontSize(), row = font + 3;
  // Rows from the top: the title (with the legend beside it when both fit), the legend's own
  // rows otherwise, then the axis labels (left and right on one row when both fit).
  const float width = size_.x - 16;
  const float title_width = ImGui::CalcTextSize(title_.c_str()).x;
  legend_rows_ = 0;
  if (legend_width_ > 0 && title_width + 24 + legend_width_ > width)
    legend_rows_ = std::max(1, ImGui::GetStateStorage()->GetInt(rows_id_, 1));
  const float y_label_width = ImGui::CalcTextSize(y_label_.c_str()).x, y2_label_width = ImGui::CalcTextSize(y2_label_.c_str()).x;
  const int label_rows = (y_label_.empty() && y2_label_.empty()) ? 0 : (y_label_width + y2_label_width + 24 > width ? 2 : 1);
  const float labels_top = origin_.y + 5 + row * static_cast<float>(1 + legend_rows_);
  plot_min_ = {origin_.x + left_margin, labels_top + row * static_cast<float>(label_rows) + font * 0.5f + 2};
  // Under the plot: the lowest y tick's lower half, then the x labels.
  plot_max_ = {origin_.x + size_.x - (has_right_ ? right_margin_axis : right_margin), origin_.y + size_.y - (font * 1.5f + 6)};
  if (plot_max_.y < plot_min_.y + font) plot_max_.y = plot_min_.y + font;
  // The plot area is not filled: it shows the window's background behind the grid (a software
  // rasterizer pays for every pixel filled).
  text({origin_.x + 8, origin_.y + 5}, text_colour, title_);

  // Left axis: grid lines and labels.
  const auto left_ticks = nice_ticks(y_min_, y_max_, std::max(2, static_cast<int>((plot_max_.y - plot_min_.y) / (font * 2.2f))));
  const double left_step = left_ticks.size() > 1 ? left_ticks[1] - left_ticks[0] : 1.0;
  for (double t : left_ticks) {
    const ImVec2 p = to_screen(x_min_, t, false);
    draw_->AddLine({plot_min_.x, p.y}, {plot_max_.x, p.y}, grid_colour);
    const std::string label = tick_text(t, left_step, left_percent_);
    const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
    text({plot_min_.x - ts.x - 5, p.y - ts.y * 0.5f}, text_colour, label);
  }
  if (!y_label_.empty()) text({origin_.x + 8, labels_top}, axis_colour, y_label_);
  if (has_right_) {
    const auto right_ticks = nice_ticks(y2_min_, y2_max_, std::max(2, static_cast<int>((plot_max_.y - plot_min_.y) / (font * 2.2f))));
    const double right_step = right_ticks.size() > 1 ? right_ticks[1] - right_ticks[0] : 1.0;
    for (double t : right_ticks) {
      const ImVec2 p = to_screen(x_min_, t, true);
      draw_->AddLine({plot_max_.x, p.y}, {plot_max_.x + 4, p.y}, axis_colour);
      text({plot_max_.x + 6, p.y - font * 0.5f}, text_colour, tick_text(t, right_step, right_percent_));
    }
    text({origin_.x + size_.x - y2_label_width - 6, labels_top + (label_rows == 2 ? row : 0.0f)}, axis_colour, y2_label_);
  }
  // x axis: ticks thinned until their labels stand apart.
  const auto x_label_of = [&](double t, double step) { return x_labeller_ ? x_labeller_(t) : format_tick(t, step); };
  const auto label_width = [&](const std::vector<double>& ticks) {
    const double step = ticks.size() > 1 ? ticks[1] - ticks[0] : 1.0;
    float widest = 0;
    for (double t : ticks) widest = std::max(widest, ImGui::CalcTextSize(x_label_of(t, step).c_str()).x);
    return widest;
  };
  const auto spacing = [&](const std::vector<double>& ticks) {
    return ticks.size() > 1 ? to_screen(ticks[1], y_min_, false).x - to_screen(ticks[0], y_min_, false).x : plot_max_.x - plot_min_.x;
  };
  int x_count = std::max(2, static_cast<int>((plot_max_.x - plot_min_.x) / (font * 6.0f)));
  std::vector<double> x_ticks;
  if (x_step_ > 0) {
    for (double t = std::ceil(x_min_ / x_step_) * x_step_; t <= x_max_ + 1e-9; t += x_step_) x_ticks.push_back(t);
    while (x_ticks.size() > 2 && (x_ticks.size() > static_cast<std::size_t>(x_count) + 1 || spacing(x_ticks) < label_width(x_ticks) + font)) {
      std::vector<double> thinner;
      for (std::size_t i = 0; i < x_ticks.size(); i += 2) thinner.push_back(x_ticks[i]);
      x_ticks.swap(thinner);
    }
  } else {
    x_ticks = nice_ticks(x_min_, x_max_, x_count);
    while (x_count > 2 && spacing(x_ticks) < label_width(x_ticks) + font) x_ticks = nice_ticks(x_min_, x_max_, --x_count);
  }
  const double x_tick_step = x_ticks.size() > 1 ? x_ticks[1] - x_ticks[0] : 1.0;
  for (double t : x_ticks) {
    if (x_labeller_ && t >= x_max_ - 1e-9 && t > x_min_) continue;  // the end of the last interval has no label of its own
    const ImVec2 p = to_screen(t, y_min_, false);
    draw_->AddLine({p.x, plot_min_.y}, {p.x, plot_max_.y}, grid_colour);
    draw_->AddLine({p.x, plot_max_.y}, {p.x, plot_max_.y + 4}, axis_colour);
    const std::string label = x_label_of(t, x_tick_step);
    const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
    // The first and last labels stay within the chart.
    const float x = std::clamp(p.x - ts.x * 0.5f, origin_.x + 2, origin_.x + size_.x - ts.x - 2);
    text({x, plot_max_.y + font * 0.5f + 3}, text_colour, label);
  }
  draw_->AddRect(plot_min_, plot_max_, axis_colour);
}

void Chart::band(const std::vector<double>& x, const std::vector<double>& low, const std::vector<double>& high, ImU32 c,
                 bool right) {
  draw_axes();
  draw_->PushClipRect(plot_min_, plot_max_, true);
  const ImU32 fill = with_alpha(c, 60);
  // Two triangles per segment written directly: no anti-aliased fringe, so neighbouring
  // segments meet without seams, and a software rasterizer sets up a fifth of the triangles.
  const ImVec2 white = ImGui::GetFontTexUvWhitePixel();
  for (std::size_t i = 0; i + 1 < x.size(); ++i) {
    if (!finite(low[i]) || !finite(high[i]) || !finite(low[i + 1]) || !finite(high[i + 1])) continue;
    const ImVec2 a = to_screen(x[i], high[i], right), b = to_screen(x[i + 1], high[i + 1], right);
    const ImVec2 c2 = to_screen(x[i + 1], low[i + 1], right), d = to_screen(x[i], low[i], right);
    draw_->PrimReserve(6, 4);
    const auto base = static_cast<ImDrawIdx>(draw_->_VtxCurrentIdx);
    draw_->PrimWriteVtx(a, white, fill);
    draw_->PrimWriteVtx(b, white, fill);
    draw_->PrimWriteVtx(c2, white, fill);
    draw_->PrimWriteVtx(d, white, fill);
    for (const int k : {0, 1, 2, 0, 2, 3}) draw_->PrimWriteIdx(static_cast<ImDrawIdx>(base + k));
  }
  draw_->PopClipRect();
}

void Chart::span(double x0, double x1, ImU32 colour, const std::string& label) {
  draw_axes();
  draw_->PushClipRect(plot_min_, plot_max_, true);
  const ImVec2 a = to_screen(x0, y_max_, false), b = to_screen(x1, y_min_, false);
  draw_->AddRectFilled({a.x, plot_min_.y}, {b.x, plot_max_.y}, colour);
  if (!label.empty()) {
    const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
    if (ts.x + 6 < b.x - a.x) text({a.x + 3, plot_min_.y + 2}, text_colour, label);
  }
  draw_->PopClipRect();
}

void Chart::line(const std::string& name, const std::vector<double>& x, const std::vector<double>& y, ImU32 c,
                 float thickness, bool right, bool dashed) {
  draw_axes();
  draw_->PushClipRect(plot_min_, plot_max_, true);
  for (std::size_t i = 0; i + 1 < x.size() && i + 1 < y.size(); ++i) {
    if (!finite(y[i]) || !finite(y[i + 1])) continue;
    const ImVec2 a = to_screen(x[i], y[i], right), b = to_screen(x[i + 1], y[i + 1], right);
    if (!dashed) {
      draw_->AddLine(a, b, c, thickness);
      continue;
    }
    const float length = std::hypot(b.x - a.x, b.y - a.y);
    for (float s = 0; s < length; s += 10.0f) {
      const float e = std::min(length, s + 6.0f);
      draw_->AddLine({a.x + (b.x - a.x) * s / length, a.y + (b.y - a.y) * s / length},
                     {a.x + (b.x - a.x) * e / length, a.y + (b.y - a.y) * e / length}, c, thickness);
    }
  }
  if (x.size() == 1 && finite(y[0])) draw_->AddCircleFilled(to_screen(x[0], y[0], right), 3, c);
  draw_->PopClipRect();
  entries_.push_back({name, c, x, y, right, right ? right_percent_ : left_percent_, right ? y2_unit_ : y_unit_});
}

void Chart::bars(const std::string& name, const std::vector<double>& x, const std::vector<double>& y, double width, ImU32 c,
                 bool right) {
  draw_axes();
  draw_->PushClipRect(plot_min_, plot_max_, true);
  const double base = std::max(right ? y2_min_ : y_min_, 0.0);
  for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
    if (!finite(y[i])) continue;
    const ImVec2 a = to_screen(x[i] - width / 2, y[i], right), b = to_screen(x[i] + width / 2, base, right);
    draw_->AddRectFilled(a, b, c);
  }
  draw_->PopClipRect();
  entries_.push_back({name, c, x, y, right, right ? right_percent_ : left_percent_, right ? y2_unit_ : y_unit_});
}

void Chart::stacked(const std::vector<std::string>& names, const std::vector<double>& x,
                    const std::vector<std::vector<double>>& layers, double width, const std::vector<ImU32>& colours) {
  draw_axes();
  draw_->PushClipRect(plot_min_, plot_max_, true);
  std::vector<double> bottom(x.size(), 0.0);
  for (std::size_t l = 0; l < layers.size(); ++l) {
    for (std::size_t i = 0; i < x.size(); ++i) {
      const double v = finite(layers[l][i]) ? layers[l][i] : 0.0;
      if (v <= 0) continue;
      const ImVec2 a = to_screen(x[i] - width / 2, bottom[i] + v, false), b = to_screen(x[i] + width / 2, bottom[i], false);
      draw_->AddRectFilled(a, b, colours[l % colours.size()]);
      bottom[i] += v;
    }
  }
  draw_->PopClipRect();
  for (std::size_t l = 0; l < layers.size(); ++l) entries_.push_back({names[l], colours[l % colours.size()], x, layers[l], false, false, y_unit_});
}

void Chart::hline(double y, const std::string& name, ImU32 c, bool right) {
  draw_axes();
  const ImVec2 p = to_screen(x_min_, y, right);
  if (p.y < plot_min_.y || p.y > plot_max_.y) return;
  for (float sx = plot_min_.x; sx < plot_max_.x; sx += 9.0f) draw_->AddLine({sx, p.y}, {std::min(sx + 5.0f, plot_max_.x), p.y}, c, 1.5f);
  if (!name.empty()) {
    const ImVec2 ts = ImGui::CalcTextSize(name.c_str());
    text({plot_max_.x - ts.x - 4, p.y - ts.y - 1}, c, name);
  }
}

void Chart::vline(double x, ImU32 c, const std::string& label) {
  draw_axes();
  const ImVec2 p = to_screen(x, y_min_, false);
  if (p.x < plot_min_.x || p.x > plot_max_.x) return;
  draw_->AddLine({p.x, plot_min_.y}, {p.x, plot_max_.y}, c, 2.0f);
  if (label.empty()) return;
  const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
  const float lx = p.x + 4 + ts.x > plot_max_.x - 2 ? p.x - 4 - ts.x : p.x + 4;
  draw_->AddRectFilled({lx - 2, plot_min_.y + 2}, {lx + ts.x + 2, plot_min_.y + 2 + ts.y}, with_alpha(frame_colour, 220));
  text({lx, plot_min_.y + 2}, c, label);
}

void Chart::end() {
  if (ended_) return;
  ended_ = true;
  draw_axes();
  draw_legend();
  if (recorded_texts != nullptr) recorded_texts->push_back(std::move(texts_));
  export_series();
  // Hover read-out: the values at the nearest x.
  const float font = ImGui::GetFontSize();
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  if (entries_.empty() || !ImGui::IsWindowHovered() || mouse.x < plot_min_.x || mouse.x > plot_max_.x || mouse.y < plot_min_.y ||
      mouse.y > plot_max_.y)
    return;
  const double mx = x_min_ + (mouse.x - plot_min_.x) / (plot_max_.x - plot_min_.x) * (x_max_ - x_min_);
  const auto& xs = entries_.front().x;
  std::size_t nearest = 0;
  for (std::size_t i = 1; i < xs.size(); ++i)
    if (std::abs(xs[i] - mx) < std::abs(xs[nearest] - mx)) nearest = i;
  if (xs.empty()) return;
  const double at = xs[nearest];
  vline(at, with_alpha(colour::black, 90));
  ImGui::BeginTooltip();
  ImGui::TextUnformatted((x_labeller_ ? x_labeller_(at) : format_tick(at, 1)).c_str());
  for (const auto& e : entries_) {
    std::size_t j = 0;
    for (std::size_t i = 1; i < e.x.size(); ++i)
      if (std::abs(e.x[i] - at) < std::abs(e.x[j] - at)) j = i;
    if (e.y.empty()) continue;
    ImGui::ColorButton(("##" + e.name).c_str(), ImGui::ColorConvertU32ToFloat4(e.colour), ImGuiColorEditFlags_NoTooltip,
                       ImVec2(font * 0.8f, font * 0.8f));
    ImGui::SameLine();
    const std::string value = value_text(e.y[j], e.percent);
    ImGui::Text("%s: %s%s%s", e.name.c_str(), value.c_str(), e.percent || e.unit.empty() || value == "-" ? "" : " ", e.percent ? "" : e.unit.c_str());
  }
  ImGui::EndTooltip();
}

void Chart::export_series() {
  if (!collecting_exports()) return;
  // For the CSV: the x (its label when the axis has one), then each named series at that x.
  ExportItem item;
  item.name = export_name_;
  item.chart = true;
  item.min = origin_;
  item.max = {origin_.x + size_.x, origin_.y + size_.y};
  std::vector<std::string> header = {"x"};
  if (x_labeller_) header.emplace_back("label");
  std::vector<const Entry*> named;
  for (const auto& e : entries_) {
    if (e.name.empty()) continue;
    named.push_back(&e);
    header.push_back(e.name + (e.percent ? " (share)" : e.unit.empty() ? "" : " (" + e.unit + ")"));
  }
  item.rows.push_back(std::move(header));
  if (!named.empty()) {
    char buffer[40];
    for (std::size_t i = 0; i < named.front()->x.size(); ++i) {
      const double x = named.front()->x[i];
      std::snprintf(buffer, sizeof buffer, "%.17g", x);
      std::vector<std::string> row = {buffer};
      if (x_labeller_) row.push_back(x_labeller_(x));
      for (const Entry* e : named) {
        if (i < e->y.size() && finite(e->y[i])) {
          std::snprintf(buffer, sizeof buffer, "%.17g", e->y[i]);
          row.emplace_back(buffer);
        } else {
          row.emplace_back("");
        }
      }
      item.rows.push_back(std::move(row));
    }
  }
  frame_exports().push_back(std::move(item));
}

void Chart::draw_legend() {
  const float font = ImGui::GetFontSize(), row = font + 3, swatch = 16, gap = 12;
  float total = 0;
  for (const auto& e : entries_)
    if (!e.name.empty()) total += swatch + ImGui::CalcTextSize(e.name.c_str()).x + gap;
  ImGui::GetStateStorage()->SetFloat(id_, total);
  if (total == 0) return;
  // The rows the legend takes under the title, wrapped to the chart's width (for the next frame).
  int rows = 1;
  for (float x = 0; const auto& e : entries_) {
    if (e.name.empty()) continue;
    const float w = swatch + ImGui::CalcTextSize(e.name.c_str()).x;
    if (x > 0 && x + w > size_.x - 16) {
      x = 0;
      ++rows;
    }
    x += w + gap;
  }
  ImGui::GetStateStorage()->SetInt(rows_id_, rows);
  const auto item = [&](const Entry& e, float x, float y) {
    draw_->AddRectFilled({x, y + font * 0.2f}, {x + 11, y + font * 0.85f}, e.colour);
    text({x + swatch, y}, text_colour, e.name);
  };
  if (legend_rows_ == 0) {  // right-aligned beside the title
    float x = origin_.x + size_.x - 8 - total + gap;
    for (const auto& e : entries_) {
      if (e.name.empty()) continue;
      item(e, x, origin_.y + 5);
      x += swatch + ImGui::CalcTextSize(e.name.c_str()).x + gap;
    }
    return;
  }
  // Rows of their own under the title, wrapped to the chart's width.
  float x = origin_.x + 8, y = origin_.y + 5 + row;
  for (const auto& e : entries_) {
    if (e.name.empty()) continue;
    const float w = swatch + ImGui::CalcTextSize(e.name.c_str()).x;
    if (x > origin_.x + 8 && x + w > origin_.x + size_.x - 8) {
      x = origin_.x + 8;
      y += row;
    }
    item(e, x, y);
    x += w + gap;
  }
}

bool bar_editor(const char* id, ImVec2 size, std::vector<int>& values, int max_value, const Labeller& x_label,
                int& changed_index, const std::vector<double>* guide) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, size);
  const bool active = ImGui::IsItemActive();
  const bool hovered = ImGui::IsItemHovered();
  const float label_height = ImGui::GetFontSize() + 4;
  const ImVec2 min{origin.x + 30, origin.y + 4}, max{origin.x + size.x - 4, origin.y + size.y - label_height};
  draw->AddRectFilled(origin, {origin.x + size.x, origin.y + size.y}, IM_COL32(248, 248, 246, 255), 4.0f);
  draw->AddRectFilled(min, max, frame_colour);
  const auto n = static_cast<int>(values.size());
  if (n == 0) return false;
  const float width = (max.x - min.x) / static_cast<float>(n);
  const double top = std::max(1, max_value);
  const auto y_of = [&](double v) { return max.y - static_cast<float>(v / top) * (max.y - min.y); };
  for (double t : nice_ticks(0, top, 4)) {
    draw->AddLine({min.x, y_of(t)}, {max.x, y_of(t)}, grid_colour);
    const std::string s = format_tick(t, 1);
    draw->AddText({origin.x + 2, y_of(t) - ImGui::GetFontSize() * 0.5f}, text_colour, s.c_str());
  }
  const int hover_index = std::clamp(static_cast<int>((ImGui::GetIO().MousePos.x - min.x) / width), 0, n - 1);
  for (int i = 0; i < n; ++i) {
    const float x0 = min.x + width * static_cast<float>(i) + 1, x1 = x0 + width - 2;
    const ImU32 c = (hovered || active) && i == hover_index ? colour::orange : colour::blue;
    draw->AddRectFilled({x0, y_of(values[static_cast<std::size_t>(i)])}, {x1, max.y}, c);
    if (guide && i < static_cast<int>(guide->size()) && finite((*guide)[static_cast<std::size_t>(i)]))
      draw->AddLine({x0, y_of((*guide)[static_cast<std::size_t>(i)])}, {x1, y_of((*guide)[static_cast<std::size_t>(i)])}, colour::vermillion, 2.5f);
  }
  const int label_every = std::max(1, static_cast<int>(std::ceil(ImGui::GetFontSize() * 3.2f / width)));
  for (int i = 0; i < n; i += label_every) {
    const std::string s = x_label(i);
    draw->AddText({min.x + width * static_cast<float>(i), max.y + 2}, text_colour, s.c_str());
  }
  if (hovered || active) {
    ImGui::BeginTooltip();
    ImGui::Text("%s: %d agents", x_label(hover_index).c_str(), values[static_cast<std::size_t>(hover_index)]);
    if (guide && hover_index < static_cast<int>(guide->size())) ImGui::Text("required (Erlang): %.0f agents", (*guide)[static_cast<std::size_t>(hover_index)]);
    ImGui::TextDisabled("drag to change");
    ImGui::EndTooltip();
  }
  if (active && ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
    const double v = (max.y - ImGui::GetIO().MousePos.y) / (max.y - min.y) * top;
    const int nv = std::clamp(static_cast<int>(std::lround(v)), 0, max_value);
    if (nv != values[static_cast<std::size_t>(hover_index)]) {
      values[static_cast<std::size_t>(hover_index)] = nv;
      changed_index = hover_index;
      return true;
    }
  }
  return false;
}

}  // namespace ccsim::viz::plot
