#include "commands.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <ostream>
#include <string>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "ccsim/models/limits.hpp"
#include "ccsim/sim/duration.hpp"
#include "ccsim/sim/csv_field.hpp"
#include "ccsim/sim/input_error.hpp"
#include "ccsim/sim/output_files.hpp"
#include "ccsim/sim/scenario.hpp"
#include "ccsim/sim/staffing_search.hpp"
#include "flags.hpp"
#include "options.hpp"
#include "output_check.hpp"
#include "scenario_input.hpp"

namespace ccsim::cli {

struct StaffCommandImpl {
  CLI::App* staff = nullptr;
  std::string scenario_path, method = "search", scope = "interval";
  std::string lines_target, max_abandon, max_asa, min_occupancy, max_occupancy, confidence, p_wait, replications, max_evaluations;
  std::string write_scenario;
  std::vector<std::string> costs;
  ScenarioOptions scenario_options;
  OutputOptions outputs;
  ThreadOption threads;
  bool from_scenario = false, no_service_level = false;
  void execute(std::ostream& out, std::ostream& err) const;
};

Subcommand add_staff_command(CLI::App& app) {
  auto impl = std::make_shared<StaffCommandImpl>();
  auto& s = *impl;
  s.staff = app.add_subcommand("staff", "find the fewest agents per interval meeting the targets, by simulation");
  s.staff->add_option("scenario", s.scenario_path, "scenario file (JSON)")->required()->type_name("FILE");
  s.staff->add_option("--method", s.method, "search (default: from Erlang, add where targets miss, remove where they hold) or isa")
      ->check(CLI::IsMember({"search", "isa"}));
  s.staff->add_option("--scope", s.scope, "where targets hold: interval (default), day or week")->check(CLI::IsMember({"interval", "day", "week"}));
  s.staff->add_option("--max-abandon-rate", s.max_abandon, "abandoned / admitted, at most (e.g. 0.05)")->type_name("FRACTION");
  s.staff->add_option("--max-asa", s.max_asa, "average speed of answer, at most (e.g. 30s)")->type_name("DURATION");
  s.staff->add_option("--min-occupancy", s.min_occupancy, "occupancy, at least")->type_name("FRACTION");
  s.staff->add_option("--max-occupancy", s.max_occupancy, "occupancy, at most")->type_name("FRACTION");
  s.staff->add_option("--confidence", s.confidence, "a target is met when its one-sided bound at this level is (e.g. 0.95); default: the mean")
      ->type_name("LEVEL");
  s.staff->add_option("--p-wait", s.p_wait, "isa: the probability of waiting to hold in every interval (0 to 1)")
                     ->type_name("ALPHA");
  s.staff->add_flag("--no-service-level", s.no_service_level, "staff for the other targets only (not the scenario's service level)");
  s.staff->add_option("--lines-target", s.lines_target, "also find the fewest trunk lines with blocking at most this in every interval (e.g. 0.01)")
      ->type_name("FRACTION");
  s.staff->add_flag("--from-scenario", s.from_scenario, "start from the scenario's staffing instead of the Erlang requirement");
  s.staff->add_option("--cost", s.costs, "cost per agent-hour of each agent group, in order (repeatable; overrides the scenario's costs): the objective becomes money")
      ->type_name("AMOUNT");
  s.staff->add_option("--replications", s.replications, "replications per evaluation (default: run.replications)")->type_name("N");
  s.threads.add_to(*s.staff);
  s.staff->add_option("--max-evaluations", s.max_evaluations, "stop after this many evaluations (default 400)")->type_name("N");
  s.scenario_options.add_to(*s.staff);
  s.outputs.add_to(*s.staff, "the result", "one row per interval and agent group");
  s.staff->add_option("--write-scenario", s.write_scenario, "write the scenario with the found staffing (per_interval) to FILE")
      ->type_name("FILE");
  return {s.staff, [impl](std::ostream& out, std::ostream& err) { impl->execute(out, err); }};
}


void StaffCommandImpl::execute(std::ostream& out, std::ostream& err) const {
  ScenarioInput input = read_scenario_input(scenario_path, scenario_options.overrides);
  const nlohmann::json& document = input.document;
  const std::filesystem::path& directory = input.directory;
  const sim::Scenario& scenario = input.scenario;
  scenario_options.print_warnings(scenario, scenario_path, err);
  sim::StaffOptions o;
  o.method = method == "isa" ? sim::StaffMethod::isa : sim::StaffMethod::search;
  o.scope = scope == "day" ? sim::StaffScope::day : scope == "week" ? sim::StaffScope::week : sim::StaffScope::interval;
  if (!max_abandon.empty()) o.max_abandon_rate = fraction("--max-abandon-rate", max_abandon, true, true);
  if (!max_asa.empty()) o.max_asa = duration("--max-asa", max_asa, true);
  if (!min_occupancy.empty()) o.min_occupancy = fraction("--min-occupancy", min_occupancy, true, true);
  if (!max_occupancy.empty()) o.max_occupancy = fraction("--max-occupancy", max_occupancy, false, true);
  if (!confidence.empty()) {
    o.confidence = fraction("--confidence", confidence, false, false);
    if (*o.confidence <= 0.5) bad("--confidence", confidence, "must be above 0.5 (e.g. 0.95)");
  }
  if (o.method == sim::StaffMethod::isa) {
    if (p_wait.empty()) throw std::invalid_argument("--p-wait is missing: isa staffs to a probability of waiting, e.g. --p-wait 0.2");
    o.p_wait = fraction("--p-wait", p_wait, false, false);
    if (o.scope != sim::StaffScope::interval) bad("--scope", scope, "isa staffs every interval: leave --scope out");
  } else if (!p_wait.empty()) {
    bad("--p-wait", p_wait, "is for --method isa");
  }
  o.from_scenario = from_scenario;
  if (!lines_target.empty()) o.lines_target = fraction("--lines-target", lines_target, true, false);
  o.service_level = !no_service_level;
  for (const auto& c : costs) {
    o.cost_per_hour.push_back(nonnegative("--cost", c));
    if (o.cost_per_hour.back() > 1e6) bad("--cost", c, "is over 1,000,000 an agent-hour: give the cost per hour of one agent");
  }
  if (!o.cost_per_hour.empty() && o.cost_per_hour.size() != scenario.agent_groups.size())
    throw std::invalid_argument("--cost: " + std::to_string(o.cost_per_hour.size()) + " given; the scenario has " +
                                std::to_string(scenario.agent_groups.size()) + " agent groups (one cost each, in order)");
  if (!replications.empty()) o.replications = static_cast<int>(count("--replications", replications, limits::max_replications, "the most replications"));
  o.threads = threads.threads();
  if (!max_evaluations.empty()) o.max_evaluations = static_cast<int>(count("--max-evaluations", max_evaluations, 100000, "100,000 evaluations"));
  outputs.check_paths();
  check_outputs(input.files_read(), {{"--json", outputs.json_path}, {"--csv", outputs.csv_path}, {"--write-scenario", write_scenario}});
  // A progress line on a terminal.
  const bool show_progress = !outputs.quiet && isatty(2) != 0;
  const auto started = std::chrono::steady_clock::now();
  if (show_progress) {
    o.progress = [&](int evaluations, int missing, const char* phase) {
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      char line[160];
      std::snprintf(line, sizeof line, "\r  %-9s evaluation %d, %d %s, %.1f s   ", phase, evaluations, missing,
                    o.method == sim::StaffMethod::isa ? "intervals changed" : "missing", seconds);
      err << line << std::flush;
    };
  }
  const sim::StaffResult r = sim::find_staffing(scenario, o);
  if (show_progress) err << "\r" << std::string(70, ' ') << "\r" << std::flush;

  const sim::Calendar& c = scenario.calendar;
  const int per_day = c.intervals_per_day();
  const auto when = [&](int day, int interval) {
    return (c.start_date ? c.date_text(day) : "day " + std::to_string(day + 1)) + " " + sim::format_time_of_day(c.open + interval * c.interval);
  };
  const auto total_agents = [&](std::size_t k) {
    int n = 0;
    for (const auto& g : r.agents) n += g[k / static_cast<std::size_t>(per_day)][k % static_cast<std::size_t>(per_day)];
    return n;
  };
  const auto value = [](const sim::Estimate& e) { return e.mean ? nlohmann::json(*e.mean) : nlohmann::json(nullptr); };
  const auto half = [](const sim::Estimate& e) { return e.ci95 ? nlohmann::json(*e.ci95) : nlohmann::json(nullptr); };

  sim::OutputFiles files(input.files_read());
  const auto write_json = [&](std::ostream& os) {
    nlohmann::ordered_json j;
    j["scenario"] = scenario.name;
    j["method"] = method;
    j["scope"] = scope;
    j["objective"] = r.objective;
    j["noise_rule"] = r.noise_rule;
    j["status"] = r.status;
    j["replications_per_evaluation"] = r.replications;
    j["evaluations"] = r.evaluations;
    j["seconds"] = r.seconds;
    j["agent_hours"] = r.agent_hours;
    if (!o.cost_per_hour.empty() || !scenario.cost_per_agent_hour.empty()) j["cost"] = r.cost;
    j["intervals_missing"] = r.missing;
    if (r.lines) {
      j["lines"] = *r.lines;
      j["worst_block_rate"] = r.worst_block_rate;
    }
    j["intervals"] = nlohmann::ordered_json::array();
    for (std::size_t k = 0; k < r.figures.size(); ++k) {
      const auto& f = r.figures[k];
      nlohmann::ordered_json row;
      row["day"] = f.day + 1;
      if (c.start_date) row["date"] = c.date_text(f.day);
      row["weekday"] = sim::weekday_names[c.weekday(f.day)];
      row["start"] = sim::format_time_of_day(c.open + f.interval * c.interval);
      row["open"] = f.open;
      row["erlang_agents"] = r.erlang[k];
      row["agents"] = total_agents(k);
      if (r.agents.size() > 1) {
        for (std::size_t g = 0; g < r.agents.size(); ++g)
          row["agents_by_group"][scenario.agent_groups[g].name] = r.agents[g][static_cast<std::size_t>(f.day)][static_cast<std::size_t>(f.interval)];
      }
      row["offered"] = f.offered;
      row["service_level"] = {{"mean", value(f.service_level)}, {"ci95", half(f.service_level)}};
      row["asa"] = {{"mean", value(f.asa)}, {"ci95", half(f.asa)}};
      row["abandon_rate"] = {{"mean", value(f.abandon_rate)}, {"ci95", half(f.abandon_rate)}};
      row["occupancy"] = {{"mean", value(f.occupancy)}, {"ci95", half(f.occupancy)}};
      row["p_wait"] = {{"mean", value(f.p_wait)}, {"ci95", half(f.p_wait)}};
      if (r.lines) row["block_rate"] = {{"mean", value(f.block_rate)}, {"ci95", half(f.block_rate)}};
      row["meets"] = f.meets;
      j["intervals"].push_back(row);
    }
    os << j.dump(2) << "\n";
  };
  if (outputs.json_path == "-") write_json(out);
  else if (!outputs.json_path.empty()) files.add("--json", outputs.json_path, write_json);
  if (!outputs.csv_path.empty()) {
    files.add("--csv", outputs.csv_path, [&](std::ostream& os) {
      os << "day,date,weekday,start,open,agent_group,erlang_agents,agents,offered,service_level,service_level_ci95,asa,abandon_rate,occupancy,p_wait,meets\n";
      const auto num = [](const sim::Estimate& e) {
        if (!e.mean) return std::string();
        char b[32];
        std::snprintf(b, sizeof b, "%.6g", *e.mean);
        return std::string(b);
      };
      for (std::size_t g = 0; g < r.agents.size(); ++g) {
        for (std::size_t k = 0; k < r.figures.size(); ++k) {
          const auto& f = r.figures[k];
          os << f.day + 1 << ',' << c.date_text(f.day) << ',' << sim::weekday_names[c.weekday(f.day)] << ','
             << sim::format_time_of_day(c.open + f.interval * c.interval) << ',' << (f.open ? 1 : 0) << ',' << sim::csv_field(scenario.agent_groups[g].name) << ','
             << r.erlang[k] << ',' << r.agents[g][static_cast<std::size_t>(f.day)][static_cast<std::size_t>(f.interval)] << ',' << f.offered << ','
             << num(f.service_level) << ',' << (f.service_level.ci95 ? std::to_string(*f.service_level.ci95) : "") << ',' << num(f.asa) << ','
             << num(f.abandon_rate) << ',' << num(f.occupancy) << ',' << num(f.p_wait) << ',' << (f.meets ? 1 : 0) << '\n';
        }
      }
    });
  }
  nlohmann::json out_doc;  // (outlives the outputs' commit, which writes it)
  if (!write_scenario.empty()) {
    // The scenario with the found staffing, per interval and day, per group; relative file paths made absolute.
    out_doc = document;
    sim::resolve_relative_paths(out_doc, directory);
    for (std::size_t g = 0; g < r.agents.size(); ++g) {
      nlohmann::json lists = nlohmann::json::array();
      for (const auto& day : r.agents[g]) lists.push_back(day);
      nlohmann::json& staffing = scenario.several_queues ? out_doc["agent_groups"][g]["staffing"] : out_doc["staffing"];
      staffing = {{"per_interval", lists}};
    }
    if (r.lines) out_doc["lines"] = *r.lines;
    out_doc["description"] = out_doc.value("description", std::string()) + " [Staffing found by ccsim staff (" + method + ", " + scope + ").]";
    files.add("--write-scenario", write_scenario, [&](std::ostream& os) { os << out_doc.dump(2) << "\n"; });
  }
  files.commit();
  if (outputs.quiet || outputs.json_path == "-") return;

  out << (scenario.name.empty() ? scenario_path : scenario.name) << ": staffing by simulation (" << method << ", scope " << scope << ")\n";
  out << "  objective: " << r.objective << "\n";
  out << "  noise rule: " << r.noise_rule << "\n";
  out << "  " << r.status << "\n";
  char line[256];
  std::snprintf(line, sizeof line, "  %d evaluations of %d replications in %.1f s (%.2f s each); %.1f agent-hours", r.evaluations, r.replications,
                r.seconds, r.seconds / std::max(1, r.evaluations), r.agent_hours);
  if (!o.cost_per_hour.empty() || !scenario.cost_per_agent_hour.empty()) {
    std::snprintf(line + std::strlen(line), sizeof line - std::strlen(line), ", cost %.2f", r.cost);
  }
  out << line << "\n";
  if (r.lines) {
    std::snprintf(line, sizeof line, "  lines: %d (the fewest with blocking at most %.2f%% in every interval; worst %.2f%%)", *r.lines,
                  *o.lines_target * 100, r.worst_block_rate * 100);
    out << line << "\n";
  }
  if (r.missing > 0) out << "  " << r.missing << " intervals still miss a target (see meets)\n";
  out << "\n";
  std::snprintf(line, sizeof line, "  %-18s %7s %7s %9s %15s %9s %9s %9s %s", "interval", "erlang", "agents", "offered", "SL +-95%", "ASA",
                "abandon", "occupancy", "");
  out << line << "\n";
  const sim::IntervalFigures* worst = nullptr;
  for (std::size_t k = 0; k < r.figures.size(); ++k) {
    const auto& f = r.figures[k];
    if (!f.open) continue;
    if (f.service_level.mean && (!worst || *f.service_level.mean < *worst->service_level.mean)) worst = &f;
    const auto pct = [](const sim::Estimate& e) {
      if (!e.mean) return std::string("-");
      char b[32];
      std::snprintf(b, sizeof b, "%.1f%%", *e.mean * 100);
      return std::string(b);
    };
    char sl[48];
    if (f.service_level.mean) std::snprintf(sl, sizeof sl, "%.1f%% +-%.1f", *f.service_level.mean * 100, f.service_level.ci95.value_or(0) * 100);
    else std::snprintf(sl, sizeof sl, "-");
    char asa[24];
    if (f.asa.mean) std::snprintf(asa, sizeof asa, "%.1fs", *f.asa.mean);
    else std::snprintf(asa, sizeof asa, "-");
    std::snprintf(line, sizeof line, "  %-18s %7d %7d %9.1f %15s %9s %9s %9s %s", when(f.day, f.interval).c_str(), r.erlang[k], total_agents(k),
                  f.offered, sl, asa, pct(f.abandon_rate).c_str(), pct(f.occupancy).c_str(), f.meets ? "" : "misses");
    out << line << "\n";
  }
  if (worst) {
    std::snprintf(line, sizeof line, "\n  worst interval: %s, SL %.1f%%", when(worst->day, worst->interval).c_str(), *worst->service_level.mean * 100);
    out << line << "\n";
  }
}

}  // namespace ccsim::cli
