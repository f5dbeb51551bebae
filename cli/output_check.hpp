#pragma once
// Every command's output paths, checked before the command starts its work (so that a bad path
// costs no simulation or solve): not an input by any name, not another output, writable; "-" is
// standard output for --json only, and refused for the other flags (never a file named "-").
#include <string>
#include <utility>
#include <vector>

namespace ccsim::cli {

/// An output flag and its path ("" when the flag was not given).
using OutputPath = std::pair<std::string, std::string>;

/// Throws std::invalid_argument (OutputError) naming the flag and path of the first output that
/// may not be written; `inputs` are every file the command reads.
void check_outputs(const std::vector<std::string>& inputs, const std::vector<OutputPath>& outputs);

}  // namespace ccsim::cli
