#include "commands.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ccsim/sim/input_error.hpp"
#include "ccsim/sim/replication_record.hpp"
#include "ccsim/sim/runner.hpp"
#include "ccsim/sim/scenario.hpp"
#include "ccsim/sim/shard_file.hpp"
#include "provenance.hpp"
#include "output_check.hpp"
#include "run_report.hpp"

namespace ccsim::cli {

struct MergeCommandImpl {
  CLI::App* merge = nullptr;
  std::vector<std::string> shards;
  ReportOptions report_options;
  void execute(std::ostream& out) const;
};

Subcommand add_merge_command(CLI::App& app) {
  auto impl = std::make_shared<MergeCommandImpl>();
  auto& s = *impl;
  s.merge = app.add_subcommand("merge", "results of a run spread over shards (ccsim run --replications-range A:B --stats FILE), as one run");
  s.merge->add_option("shards", s.shards, "the .ccstats files, together every replication of the run once")->required()->type_name("FILE...");
  s.report_options.add_to(*s.merge);
  return {s.merge, [impl](std::ostream& out, std::ostream& err) { (void)err; impl->execute(out); }};
}

void MergeCommandImpl::execute(std::ostream& out) const {
  const auto start = std::chrono::steady_clock::now();
  RunReport report = report_options.report();
  check_outputs(shards, report_outputs(report));
  std::vector<sim::Shard> read;
  read.reserve(shards.size());
  for (const auto& f : shards) read.push_back(sim::read_shard(f));
  // Every shard of the same run: the same scenario, seed and replication count.
  const nlohmann::json& first = read.front().header;
  for (std::size_t k = 1; k < read.size(); ++k) {
    for (const char* key : {"scenario", "seed", "replications", "record_size"})
      if (read[k].header[key] != first[key])
        throw sim::ScenarioError(shards[k] + ": a shard of another run than " + shards.front() + " (its " + key + " differs)");
  }
  const int replications = first["replications"].get<int>();
  // Each replication once.
  std::vector<std::pair<std::size_t, std::size_t>> where(static_cast<std::size_t>(replications), {read.size(), 0});
  for (std::size_t k = 0; k < read.size(); ++k)
    for (std::size_t i = 0; i < read[k].records.size(); ++i) {
      auto& slot = where[static_cast<std::size_t>(read[k].records[i].first)];
      if (slot.first < read.size())
        throw sim::ScenarioError(shards[k] + ": replication " + std::to_string(read[k].records[i].first) + " is also in " + shards[slot.first]);
      slot = {k, i};
    }
  for (int r = 0; r < replications; ++r)
    if (where[static_cast<std::size_t>(r)].first >= read.size())
      throw sim::ScenarioError("replication " + std::to_string(r) + " of " + std::to_string(replications) + " is in none of the shards");
  const sim::Scenario scenario = sim::parse_scenario(first["scenario"], std::filesystem::current_path());
  sim::ResultBuilder builder(scenario);
  if (first["record_size"].get<std::size_t>() != builder.layout().size())
    throw sim::ScenarioError(shards.front() + ": its records do not fit this ccsim's layout (written by another version?)");
  for (const auto& [k, i] : where) builder.add(read[k].records[i].second);
  const sim::RunResult result = builder.finish(1, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  report.scenario_path = shards.front();
  report.inputs = shards;
  for (auto& file : sim::files_named(first["scenario"], std::filesystem::current_path())) report.inputs.push_back(std::move(file));
  check_outputs(report.inputs, report_outputs(report));
  report.provenance = provenance(first["scenario"], first["seed"].get<std::uint64_t>(), replications);
  report_run(scenario, result, report, out);
}

struct RerunCommandImpl {
  CLI::App* rerun = nullptr;
  std::string results;
  std::string threads;
  ReportOptions report_options;
  void execute(std::ostream& out) const;
};

Subcommand add_rerun_command(CLI::App& app) {
  auto impl = std::make_shared<RerunCommandImpl>();
  auto& s = *impl;
  s.rerun = app.add_subcommand("rerun", "run again what a results file (ccsim run --json) records: the same scenario, seed and replications");
  s.rerun->add_option("results", s.results, "a results file written by ccsim run --json or ccsim merge --json")->required()->type_name("FILE");
  s.report_options.add_to(*s.rerun);
  return {s.rerun, [impl](std::ostream& out, std::ostream& err) { (void)err; impl->execute(out); }};
}

void RerunCommandImpl::execute(std::ostream& out) const {
  const RunReport report = report_options.report();
  check_outputs({results}, report_outputs(report));
  std::ifstream in(results);
  if (!in) throw sim::ScenarioError(results + ": cannot open the results file");
  const nlohmann::ordered_json j = nlohmann::ordered_json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("provenance") || !j["provenance"].is_object() || !j["provenance"].contains("scenario") ||
      !j["provenance"]["scenario"].is_object())
    throw sim::ScenarioError(results + ": provenance.scenario is missing: not a results file of ccsim run --json (0.1 or later)");
  const nlohmann::ordered_json& p = j["provenance"];
  const nlohmann::json scenario_json(p["scenario"]);
  // Only a run's results say what one run was: a sweep's or compare's provenance is their base.
  if (p.contains("command") && p["command"].is_array() && p["command"].size() >= 2 && p["command"][1].is_string()) {
    const std::string command = p["command"][1].get<std::string>();
    if (command != "run" && command != "merge" && command != "rerun")
      throw sim::ScenarioError(results + ": provenance.command: the results of ccsim " + command +
                               ", not of one run; rerun takes the results of ccsim run, merge or rerun");
  }
  const sim::Scenario scenario = sim::parse_scenario(scenario_json, std::filesystem::current_path());
  // The provenance's seed and replications are those of the scenario it holds; an edit of one
  // alone would run something other than the file says.
  for (const auto& [key, value] : {std::pair<const char*, std::uint64_t>{"seed", scenario.run.seed},
                                   {"replications", static_cast<std::uint64_t>(scenario.run.replications)}}) {
    if (!p.contains(key) || !p[key].is_number_unsigned() || p[key].get<std::uint64_t>() != value)
      throw sim::ScenarioError(results + ": provenance." + key + " " + sim::one_line(p.value(key, nlohmann::ordered_json()).dump()) +
                               " differs from provenance.scenario.run." + key + " " + std::to_string(value) +
                               " (edited?): set both to the value meant");
  }
  RunReport r = report;
  r.scenario_path = results;
  r.inputs = sim::files_named(scenario_json, std::filesystem::current_path());
  r.inputs.insert(r.inputs.begin(), results);
  check_outputs(r.inputs, report_outputs(r));
  const sim::RunResult result = sim::run_replications(scenario);
  r.provenance = p;  // the original's: the rerun's JSON is the original's, bit for bit (performance apart)
  report_run(scenario, result, r, out);
}

}  // namespace ccsim::cli
