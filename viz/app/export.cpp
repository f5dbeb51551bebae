#include "export.hpp"

#include <utility>
#include "ccsim/sim/csv_field.hpp"

namespace ccsim::viz {

std::vector<ExportItem>& frame_exports() {
  static std::vector<ExportItem> items;
  return items;
}

bool& collecting_exports() {
  static bool on = false;
  return on;
}

ExportTable::ExportTable(std::string name, std::vector<std::string> header)
    : index_(frame_exports().size()), collecting_(collecting_exports()) {
  if (!collecting_) return;
  ExportItem item;
  item.name = std::move(name);
  item.rows.push_back(std::move(header));
  frame_exports().push_back(std::move(item));
}

void ExportTable::add(std::vector<std::string> row) {
  if (collecting_) frame_exports()[index_].rows.push_back(std::move(row));
}

std::string csv_text(const std::vector<std::vector<std::string>>& rows) {
  std::string out;
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out += ',';
      out += sim::csv_field(row[i]);
    }
    out += '\n';
  }
  return out;
}

}  // namespace ccsim::viz
