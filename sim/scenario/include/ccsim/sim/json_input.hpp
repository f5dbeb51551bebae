#pragma once
// Reading JSON strictly, as scenario files and `--set` values are read: a key given twice in one
// object, nesting deeper than limits::max_json_depth, a number outside the range of a double and
// bytes that are not UTF-8 are errors naming the place, never a silent choice.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace ccsim::sim {

/// The outcome of parse_json: the document, or why there is none.
struct JsonParse {
  std::optional<nlohmann::json> value;
  std::string error;    ///< one line: "PATH: what is wrong" or "line L, column C: syntax error ..."
  bool syntax = false;  ///< the text is not JSON at all (rather than JSON that breaks a rule above)
};

/// Parses `text` as one JSON document under the strict rules above; `root_name` is what a
/// message calls the whole text when the broken rule is at its top level.
JsonParse parse_json(std::string_view text, const std::string& root_name = "the document");

/// Reads and strictly parses a JSON file (a regular file, a pipe or a device; at most
/// limits::max_scenario_bytes). Throws ScenarioError "PATH: ..." naming the file.
nlohmann::json read_json_file(const std::filesystem::path& path);

}  // namespace ccsim::sim
