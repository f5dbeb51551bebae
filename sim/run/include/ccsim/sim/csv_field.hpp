#pragma once
// One writer of CSV fields for every CSV ccsim writes (the commands' --csv files and the
// visualiser's exports): RFC 4180 quoting, so that a call type, group, variant or value holding a
// comma, a quote or a line break stays one field.
#include <string>
#include <string_view>

namespace ccsim::sim {

/// `text` as one CSV field: as it is, or in double quotes (inner quotes doubled) when it holds
/// a comma, a double quote, CR or LF.
inline std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace ccsim::sim
