#pragma once
// What the current view shows, for export: every chart (its place on screen, for a PNG, and its
// series, for a CSV) and every table (its rows, for a CSV), collected as the frame is drawn.
// The "Export view" button writes them all; --export-view NAME=FILE writes one from a script.
#include <string>
#include <vector>

#include <imgui.h>

namespace ccsim::viz {

struct ExportItem {
  std::string name;                            ///< the chart's or table's id: "offered", "kpi"
  bool chart = false;                          ///< a chart (PNG or CSV) or a table (CSV only)
  ImVec2 min{}, max{};                         ///< a chart's rectangle on screen, pixels
  std::vector<std::vector<std::string>> rows;  ///< the header, then one row per point or line
};

/// The items of the frame being drawn (cleared as each frame begins).
std::vector<ExportItem>& frame_exports();
/// Whether frames collect their items (off by default: building every chart's rows costs a
/// frame about a millisecond, which the simulation would lose); on for the frame of an export.
bool& collecting_exports();

/// A table of the view as it is drawn: its header, then add() each row beside the ImGui row.
class ExportTable {
public:
  ExportTable(std::string name, std::vector<std::string> header);
  void add(std::vector<std::string> row);

private:
  std::size_t index_;
  bool collecting_;  // as when the table began: a whole table or none of it
};

/// `rows` as CSV (RFC 4180: fields with commas, quotes or line breaks are quoted).
std::string csv_text(const std::vector<std::vector<std::string>>& rows);

}  // namespace ccsim::viz
