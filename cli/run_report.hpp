#pragma once
// What ccsim run (and ccsim merge, which builds the same results from shards) reports: the
// terminal summary and per-interval table, --json (with the run's provenance) and --csv files.
#include <ostream>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "ccsim/sim/metrics.hpp"
#include "ccsim/sim/runner.hpp"
#include "ccsim/sim/scenario.hpp"
#include "options.hpp"

namespace ccsim::cli {

struct RunReport {
  std::string scenario_path;                 ///< named in messages
  std::vector<std::string> inputs;           ///< every file the command read; no output may replace one
  std::string json_path, csv_path, csv_groups_path;  ///< empty: not written; json "-": standard output
  bool quiet = false;                        ///< nothing on the terminal
  int day = 0;                               ///< > 0: the terminal shows this day's intervals (1-based)
  bool all_days = false;                     ///< the terminal shows every day's intervals
  nlohmann::ordered_json provenance;         ///< written as the JSON's "provenance" (when not null)
};

/// A metric's value as the terminal shows it: "82.1%", "12.4s", "1250.0".
std::string format_metric(sim::Metric metric, const std::optional<double>& value);

/// The output flags of a command that reports a run (run, merge, rerun): --json, --csv and
/// --quiet (the shared OutputOptions) and --csv-groups.
struct ReportOptions {
  OutputOptions outputs;
  std::string csv_groups_path;
  CLI::Option* csv_groups_option = nullptr;

  void add_to(CLI::App& command);
  /// A report's outputs as the flags give them (an empty path refused, naming its flag).
  [[nodiscard]] RunReport report() const;
};

/// The output flags of `report` and their paths, for check_outputs before the work starts.
std::vector<std::pair<std::string, std::string>> report_outputs(const RunReport& report);

/// Writes `result` (of `scenario`) as `report` asks; files atomically.
void report_run(const sim::Scenario& scenario, const sim::RunResult& result, const RunReport& report, std::ostream& out);

}  // namespace ccsim::cli
