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
#include "run_report.hpp"

namespace ccsim::cli {

struct MergeCommandImpl {
  CLI::App* merge = nullptr;
  std::vector<std::string> shards;
  RunReport report;
  void execute(std::ostream& out) const;
};

Subcommand add_merge_command(CLI::App& app) {
  auto impl = std::make_shared<MergeCommandImpl>();
  auto& s = *impl;
  s.merge = app.add_subcommand("merge", "results of a run spread over shards (ccsim run --replications-range A:B --stats FILE), as one run");
  s.merge->add_option("shards", s.shards, "the .ccstats files, together every replication of the run once")->required()->type_name("FILE...");
  add_report_options(*s.merge, s.report);
  return {s.merge, [impl](std::ostream& out, std::ostream& err) { (void)err; impl->execute(out); }};
}

void MergeCommandImpl::execute(std::ostream& out) const {
  const auto start = std::chrono::steady_clock::now();
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
  RunReport r = report;
  r.scenario_path = shards.front();
  r.provenance = provenance(first["scenario"], first["seed"].get<std::uint64_t>(), replications);
  report_run(scenario, result, r, out);
}

struct RerunCommandImpl {
  CLI::App* rerun = nullptr;
  std::string results;
  std::string threads;
  RunReport report;
  void execute(std::ostream& out) const;
};

Subcommand add_rerun_command(CLI::App& app) {
  auto impl = std::make_shared<RerunCommandImpl>();
  auto& s = *impl;
  s.rerun = app.add_subcommand("rerun", "run again what a results file (ccsim run --json) records: the same scenario, seed and replications");
  s.rerun->add_option("results", s.results, "a results file written by ccsim run --json or ccsim merge --json")->required()->type_name("FILE");
  add_report_options(*s.rerun, s.report);
  return {s.rerun, [impl](std::ostream& out, std::ostream& err) { (void)err; impl->execute(out); }};
}

void RerunCommandImpl::execute(std::ostream& out) const {
  std::ifstream in(results);
  if (!in) throw sim::ScenarioError(results + ": cannot open the results file");
  const nlohmann::ordered_json j = nlohmann::ordered_json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("provenance") || !j["provenance"].is_object() ||
      !j["provenance"].contains("scenario") || !j["provenance"]["scenario"].is_object())
    throw sim::ScenarioError(results + ": provenance.scenario is missing: not a results file of ccsim run --json (0.1 or later)");
  const nlohmann::ordered_json& p = j["provenance"];
  const sim::Scenario scenario = sim::parse_scenario(nlohmann::json(p["scenario"]), std::filesystem::current_path());
  const sim::RunResult result = sim::run_replications(scenario);
  RunReport r = report;
  r.scenario_path = results;
  r.provenance = p;  // the original's: the rerun's JSON is the original's, bit for bit (performance apart)
  report_run(scenario, result, r, out);
}

}  // namespace ccsim::cli
