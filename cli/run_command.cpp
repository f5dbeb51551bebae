#include "commands.hpp"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ccsim/models/limits.hpp"
#include "ccsim/sim/duration.hpp"
#include "ccsim/sim/runner.hpp"
#include "ccsim/sim/scenario.hpp"
#include "flags.hpp"
#include "options.hpp"
#include "output_check.hpp"
#include "provenance.hpp"
#include "run_report.hpp"
#include "ccsim/sim/replication_record.hpp"
#include "ccsim/sim/shard_file.hpp"
#include "ccsim/sim/output_files.hpp"

namespace ccsim::cli {
namespace {

using sim::Metric;
using sim::metric_infos;
using sim::OutputFiles;

// A progress bar on stderr, shown only when stderr is a terminal and the run lasts over a second.
class ProgressBar {
public:
  explicit ProgressBar(bool enabled) : enabled_(enabled && ::isatty(STDERR_FILENO)), start_(std::chrono::steady_clock::now()) {}
  void update(int done, int total) {
    if (!enabled_) return;
    std::lock_guard lock(mutex_);
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (elapsed < 1.0 && done < total) return;
    if (elapsed < 1.0 && !shown_) return;
    shown_ = true;
    const int width = 40;
    const int filled = total > 0 ? done * width / total : width;
    const double eta = done > 0 ? elapsed / done * (total - done) : 0.0;
    std::fprintf(stderr, "\r  [%s%s] %d/%d replications, %.0f s, about %.0f s to go   ", std::string(static_cast<std::size_t>(filled), '#').c_str(),
                 std::string(static_cast<std::size_t>(width - filled), ' ').c_str(), done, total, elapsed, eta);
    if (done == total) std::fprintf(stderr, "\n");
    std::fflush(stderr);
  }

private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_;
  std::mutex mutex_;
};

}  // namespace

struct RunCommandImpl {
  CLI::App* run = nullptr;
  std::string scenario_path;
  std::string replications, seed, range, stats_path, day;
  bool all_days = false;
  ScenarioOptions scenario_options;
  ReportOptions report_options;
  const OutputOptions& outputs = report_options.outputs;
  const std::string& csv_groups_path = report_options.csv_groups_path;
  ThreadOption threads;

  void execute(std::ostream& out, std::ostream& err) const;
};

Subcommand add_run_command(CLI::App& app) {
  auto impl = std::make_shared<RunCommandImpl>();
  auto& s = *impl;
  s.run = app.add_subcommand("run", "simulate a scenario file: replications, KPIs with 95% intervals, per-interval figures");
  s.run->add_option("scenario", s.scenario_path, "scenario file (JSON, see docs/scenario-format.md)")->required()->type_name("FILE");
  s.run->add_option("--replications", s.replications, "replications (overrides run.replications)")->type_name("N");
  s.run->add_option("--seed", s.seed, "random seed (overrides run.seed)")->type_name("S");
  s.threads.add_to(*s.run);
  s.scenario_options.add_to(*s.run);
  s.report_options.add_to(*s.run);
  auto* day_option = s.run->add_option("--day", s.day, "the terminal shows the intervals of day N (1-based) after the per-day table")->type_name("N");
  s.run->add_flag("--all-days", s.all_days, "the terminal shows every day's intervals")->excludes(day_option);
  auto* stats = s.run->add_option("--stats", s.stats_path,
                                  "write the replications' mergeable records to FILE (a shard for ccsim merge) instead of results")
                     ->type_name("FILE.ccstats");
  s.run->add_option("--replications-range", s.range, "run replications A to B-1 of the run (0-based; the same random streams as a full run)")
      ->type_name("A:B")
      ->needs(stats);
  stats->excludes(s.report_options.outputs.json_option)->excludes(s.report_options.outputs.csv_option)->excludes(s.report_options.csv_groups_option);
  return {s.run, [impl](std::ostream& out, std::ostream& err) { impl->execute(out, err); }};
}


void RunCommandImpl::execute(std::ostream& out, std::ostream& err) const {
  nlohmann::json document = sim::read_scenario_file(scenario_path);
  const auto context = [&](const std::exception& e) { return scenario_path + ": " + e.what(); };
  try {
    for (const auto& assignment : scenario_options.overrides) sim::apply_override(document, assignment);
    if (!replications.empty()) {
      if (!document.contains("run") || !document["run"].is_object()) document["run"] = nlohmann::json::object();
      document["run"]["replications"] =
          count("--replications", replications, limits::max_replications, "the most replications of a run");
    }
    if (!seed.empty()) {
      std::int64_t value = 0;
      if (seed.find_first_not_of("0123456789") != std::string::npos || seed.size() > 18)
        bad("--seed", seed, "is not a whole number >= 0");
      value = std::stoll(seed);
      if (!document.contains("run") || !document["run"].is_object()) document["run"] = nlohmann::json::object();
      document["run"]["seed"] = value;
    }
  } catch (const sim::ScenarioError& e) {
    throw sim::ScenarioError(context(e));
  }
  // The outputs are checked before the run, so that a bad path costs no simulation.
  RunReport report = report_options.report();
  const std::filesystem::path folder = sim::scenario_folder(scenario_path);
  std::vector<std::string> inputs = sim::files_named(document, folder);
  inputs.insert(inputs.begin(), scenario_path);
  check_outputs(inputs, {{"--json", outputs.json_path}, {"--csv", outputs.csv_path}, {"--csv-groups", csv_groups_path}, {"--stats", stats_path}});
  sim::Scenario scenario;
  try {
    scenario = sim::parse_scenario(document, folder);
    for (const auto& assignment : scenario_options.overrides)
      if (const auto why = sim::ineffective_override(scenario, assignment)) throw sim::ScenarioError(*why);
  } catch (const sim::ScenarioError& e) {
    throw sim::ScenarioError(context(e));
  }
  if (!csv_groups_path.empty() && !scenario.several_queues)
    bad("--csv-groups", csv_groups_path, "needs a scenario with agent_groups (here the one group is the whole centre: see --csv)");
  scenario_options.print_warnings(scenario, scenario_path, err);
  const int thread_count = threads.threads();
  // What made these results: the scenario as run (paths absolute), for ccsim rerun and merge.
  nlohmann::json resolved = document;
  sim::resolve_relative_paths(resolved, folder);

  ProgressBar bar(!outputs.quiet);
  sim::RunOptions options;
  options.threads = thread_count;
  options.progress = [&bar](int done, int total) { bar.update(done, total); };
  if (!stats_path.empty()) {
    // A shard: replications A to B-1, their records only.
    int first = 0, end = scenario.run.replications;
    if (!range.empty()) {
      const auto [a, b] = index_range("--replications-range", range, scenario.run.replications, "replications of the run");
      first = static_cast<int>(a);
      end = static_cast<int>(b);
    }
    options.first_replication = first;
    options.end_replication = end;
    std::vector<std::pair<int, sim::ReplicationRecord>> records;
    sim::run_records(scenario, options, [&](int r, sim::ReplicationRecord&& record) { records.emplace_back(r, std::move(record)); });
    nlohmann::json header = {{"ccsim_version", ccsim_version()}, {"scenario", resolved}, {"seed", scenario.run.seed},
                             {"replications", scenario.run.replications}, {"first", first}, {"end", end}};
    OutputFiles shard(inputs);
    shard.add("--stats", stats_path, [&](std::ostream& os) { sim::write_shard(os, header, records); });
    shard.commit();
    if (!outputs.quiet)
      out << scenario_path << ": replications " << first << " to " << end - 1 << " of " << scenario.run.replications << " written to " << stats_path
          << " (ccsim merge combines the shards)\n";
    return;
  }
  const sim::RunResult result = sim::run_replications(scenario, options);

  report.provenance = provenance(resolved, scenario.run.seed, scenario.run.replications);
  report.scenario_path = scenario_path;
  report.inputs = inputs;
  report.all_days = all_days;
  if (!day.empty()) {
    report.day = static_cast<int>(count("--day", day, 100000, "the last day"));
    if (report.day > scenario.calendar.days) bad("--day", day, "is past the calendar's " + std::to_string(scenario.calendar.days) + " days");
  }
  report_run(scenario, result, report, out);
}

}  // namespace ccsim::cli
