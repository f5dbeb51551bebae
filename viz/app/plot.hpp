#pragma once
// A small chart module drawn with ImDrawList (Debian has no ImPlot): axes with round ticks,
// labels, a legend, bands, lines, bars, stacked bars, reference lines, a hover read-out, and a
// bar editor whose bars are dragged with the mouse.
#include <functional>
#include <string>
#include <vector>

#include <imgui.h>

namespace ccsim::viz::plot {

/// Colours of the charts (a palette that stays apart for colour-blind readers: Okabe-Ito).
namespace colour {
inline constexpr ImU32 blue = IM_COL32(0, 114, 178, 255);
inline constexpr ImU32 orange = IM_COL32(230, 159, 0, 255);
inline constexpr ImU32 green = IM_COL32(0, 158, 115, 255);
inline constexpr ImU32 vermillion = IM_COL32(213, 94, 0, 255);
inline constexpr ImU32 sky = IM_COL32(86, 180, 233, 255);
inline constexpr ImU32 purple = IM_COL32(204, 121, 167, 255);
inline constexpr ImU32 yellow = IM_COL32(240, 228, 66, 255);
inline constexpr ImU32 grey = IM_COL32(150, 150, 150, 255);
inline constexpr ImU32 black = IM_COL32(30, 30, 30, 255);
}  // namespace colour

/// `c` with alpha `a` (0..255).
ImU32 with_alpha(ImU32 c, int a);

/// A text a chart drew, and where (screen pixels): for the layout test (--dump-text-boxes).
struct TextBox {
  std::string text;
  ImVec2 min, max;
};
/// The texts of one chart: its title, legend, axis labels and ticks, the labels of its lines.
struct ChartTexts {
  std::string title;
  std::vector<TextBox> texts;
};
/// Collects every chart's texts into `into` from now on (nullptr: stops).
void record_texts(std::vector<ChartTexts>* into);

/// Formats an x tick (e.g. an interval index as a time of day).
using Labeller = std::function<std::string(double)>;

/// One chart, drawn into the current window at the cursor, `size` in pixels. Add data, then
/// call end() (legend and hover read-out). Values that are NaN are left out (gaps).
class Chart {
public:
  Chart(const char* id, ImVec2 size, const std::string& title, double x_min, double x_max, double y_min, double y_max,
        const std::string& y_label);
  ~Chart();
  Chart(const Chart&) = delete;
  Chart& operator=(const Chart&) = delete;

  /// A second y axis on the right (series added with `right` = true use it).
  void right_axis(double y_min, double y_max, const std::string& label);
  void x_labels(Labeller labeller, double step = 0);  ///< step 0: about 8 round ticks
  void y_percent(bool left, bool right = false);  ///< ticks as percentages (values are fractions)
  /// The units of the left and right axes' values ("s", "calls", "agents"), shown in the hover read-out.
  void y_units(std::string left, std::string right = "");

  void band(const std::vector<double>& x, const std::vector<double>& low, const std::vector<double>& high, ImU32 colour,
            bool right = false);
  void line(const std::string& name, const std::vector<double>& x, const std::vector<double>& y, ImU32 colour,
            float thickness = 2.0f, bool right = false, bool dashed = false);
  void bars(const std::string& name, const std::vector<double>& x, const std::vector<double>& y, double width, ImU32 colour,
            bool right = false);
  /// Layers stacked from zero, in order, at each x.
  void stacked(const std::vector<std::string>& names, const std::vector<double>& x,
               const std::vector<std::vector<double>>& layers, double width, const std::vector<ImU32>& colours);
  void hline(double y, const std::string& name, ImU32 colour, bool right = false);
  /// A shaded stretch of the x axis from `x0` to `x1` (closed hours, a holiday), with `label`
  /// written at its top left when it fits. Call before the series, which are drawn over it.
  void span(double x0, double x1, ImU32 colour, const std::string& label = "");
  /// A vertical line at `x`, with `label` written beside its top (left of it near the right edge).
  void vline(double x, ImU32 colour, const std::string& label = "");
  void end();

private:
  struct Entry {
    std::string name;
    ImU32 colour;
    std::vector<double> x, y;
    bool right;
    bool percent;
    std::string unit;
  };
  [[nodiscard]] ImVec2 to_screen(double x, double y, bool right) const;
  void draw_axes();
  void text(ImVec2 at, ImU32 colour, const std::string& s);  ///< draws and records a text
  void draw_legend();
  void export_series();  ///< the chart's rectangle and series, for export (export.hpp)
  ImDrawList* draw_ = nullptr;
  ImVec2 origin_{}, size_{}, plot_min_{}, plot_max_{};
  std::string title_, y_label_, y2_label_, y_unit_, y2_unit_;
  double x_min_, x_max_, y_min_, y_max_, y2_min_ = 0, y2_max_ = 1;
  bool has_right_ = false, left_percent_ = false, right_percent_ = false, axes_drawn_ = false, ended_ = false;
  Labeller x_labeller_;
  double x_step_ = 0;
  std::vector<Entry> entries_;
  // The legend goes on the title's row when both fit, else on rows of its own under the title:
  // its width is known only once every series is in, so the layout uses last frame's width
  // (kept in ImGui's state storage under the chart's id) and settles on the second frame.
  unsigned id_ = 0, rows_id_ = 0;  // state-storage keys: the legend's width, its rows
  std::string export_name_;
  float legend_width_ = 0;
  int legend_rows_ = 0;  // rows under the title (0: beside it)
  ChartTexts texts_;
};

/// The upper end of an axis: the largest finite value in `series` (at least `floor`), with headroom.
double upper(std::initializer_list<const std::vector<double>*> series, double floor = 1.0);

/// Bars of whole numbers that the mouse drags (agents per interval). Returns true while a bar
/// changed this frame; `changed_index` tells which.
bool bar_editor(const char* id, ImVec2 size, std::vector<int>& values, int max_value, const Labeller& x_label,
                int& changed_index, const std::vector<double>* guide = nullptr);

}  // namespace ccsim::viz::plot
