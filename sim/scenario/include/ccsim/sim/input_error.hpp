#pragma once
// Errors in what people give ccsim (scenario files, overrides, flags), always as one printable
// line: control characters (a newline, a NUL byte) in a name or value are shown escaped.
#include <stdexcept>
#include <string>
#include <string_view>

namespace ccsim::sim {

/// `text` with every control character written as an escape (\n, \t, \u0000, ...) and every byte
/// that is not part of valid UTF-8 as \xFF, so that a message stays one intact line.
std::string one_line(std::string_view text);

/// True when `text` is valid UTF-8; otherwise `offset` is set to the first bad byte.
bool valid_utf8(std::string_view text, std::size_t& offset);

/// Bad scenario input. The message starts with the JSON path and quotes the value:
/// `staffing.shifts[2].end: "25:00" is not a time of day`. Always one line (see one_line).
class ScenarioError : public std::invalid_argument {
public:
  explicit ScenarioError(std::string_view message) : std::invalid_argument(one_line(message)) {}
};

/// A simulation that outgrew a limit of ccsim::limits while running (a queue growing without
/// bound, too many contacts): the run stops with this message.
class SimulationLimit : public std::domain_error {
public:
  explicit SimulationLimit(std::string_view message) : std::domain_error(one_line(message)) {}
};

}  // namespace ccsim::sim
