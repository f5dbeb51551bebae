#include "commands.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "ccsim/sim/duration.hpp"
#include "ccsim/sim/csv_field.hpp"
#include "ccsim/sim/input_error.hpp"
#include "ccsim/sim/metrics.hpp"
#include "ccsim/sim/output_files.hpp"
#include "ccsim/sim/scenario.hpp"
#include "ccsim/sim/schedule.hpp"
#include "ccsim/sim/schedule_loop.hpp"
#include "ccsim/sim/schedule_requirements.hpp"
#include "ccsim/sim/staffing_search.hpp"
#include "flags.hpp"
#include "options.hpp"
#include "output_check.hpp"
#include "scenario_input.hpp"

namespace ccsim::cli {

struct ScheduleCommandImpl {
  CLI::App* schedule = nullptr;
  std::string scenario_path, requirements, time_limit = "60", gap = "0", penalty, fte_hours = "40", write_scenario;
  std::string max_rounds = "10";
  ScenarioOptions scenario_options;
  OutputOptions outputs;
  bool simulate = false, erlang = false, no_two_step = false;
  void execute(std::ostream& out, std::ostream& err) const;
};

Subcommand add_schedule_command(CLI::App& app) {
  auto impl = std::make_shared<ScheduleCommandImpl>();
  auto& s = *impl;
  s.schedule = app.add_subcommand("schedule", "shifts from the scenario's templates covering a requirement per interval at the least cost (CBC)");
  s.schedule->add_option("scenario", s.scenario_path, "scenario file with a schedule block")->required()->type_name("FILE");
  s.schedule->add_option("--requirements", s.requirements,
                         "agents needed per interval (and group): a ccsim staff --json or ccsim erlang --forecast --json result, "
                         "or a CSV of day (or date, weekday),start,agents[,agent_group] (default: the scenario's own staffing)")->type_name("FILE");
  s.schedule->add_flag("--erlang", s.erlang, "the requirement is each interval's Erlang C (A with patience) staffing for the scenario's targets")
      ->excludes("--requirements");
  s.schedule->add_option("--time-limit", s.time_limit, "seconds for the solver (default 60); then the best plan found, with its gap")
      ->type_name("DURATION");
  s.schedule->add_option("--gap", s.gap, "stop once the plan is proven within this fraction of optimal (default 0: optimal), e.g. 0.01")
      ->type_name("FRACTION");
  s.schedule->add_option("--shortfall-penalty", s.penalty, "allow intervals under cover at this cost per agent-interval (default: cover is required)")
      ->type_name("AMOUNT");
  s.schedule->add_flag("--simulate", s.simulate,
                       "simulate the plan, raise the requirement where the service level misses, re-solve, until every interval meets it");
  s.schedule->add_option("--max-rounds", s.max_rounds, "with --simulate: rounds at most (default 10)")->type_name("N")->needs("--simulate");
  s.schedule->add_flag("--no-two-step", s.no_two_step, "with --simulate: skip the two-step plan (Erlang requirement, then cover) shown for comparison")
      ->needs("--simulate");
  s.schedule->add_option("--fte-hours", s.fte_hours, "paid hours of one full-time equivalent a week (default 40)")->type_name("HOURS");
  s.scenario_options.add_to(*s.schedule);
  s.outputs.add_to(*s.schedule, "the plan", "the coverage per interval");
  s.schedule->add_option("--write-scenario", s.write_scenario, "write the scenario with the plan as its staffing.shifts to FILE")->type_name("FILE");
  return {s.schedule, [impl](std::ostream& out, std::ostream& err) { impl->execute(out, err); }};
}


void ScheduleCommandImpl::execute(std::ostream& out, std::ostream& err) const {
  ScenarioInput input = read_scenario_input(scenario_path, scenario_options.overrides);
  const nlohmann::json& document = input.document;
  const std::filesystem::path& directory = input.directory;
  const sim::Scenario& scenario = input.scenario;
  scenario_options.print_warnings(scenario, scenario_path, err);
  if (!scenario.schedule) throw sim::ScenarioError(scenario_path + ": schedule: is missing (the shift templates to schedule from)");
  const sim::ScheduleRules& rules = *scenario.schedule;
  const sim::Calendar& c = scenario.calendar;
  const int per_day = c.intervals_per_day();
  const auto horizon = static_cast<std::size_t>(c.days) * static_cast<std::size_t>(per_day);
  const std::size_t groups = scenario.agent_groups.size();
  std::vector<std::string> inputs = input.files_read();
  if (!requirements.empty()) inputs.push_back(requirements);
  outputs.check_paths();
  check_outputs(inputs, {{"--json", outputs.json_path}, {"--csv", outputs.csv_path}, {"--write-scenario", write_scenario}});
  // The requirement per group and interval.
  std::string source = "the scenario's staffing";
  sim::Requirement required;
  if (!requirements.empty()) {
    source = requirements;
    required = sim::read_requirements(requirements, scenario);
  } else if (erlang) {
    source = "the Erlang requirement";
    required = sim::erlang_requirement(scenario);
  } else {
    required = sim::requirement_from_scenario(scenario);
  }
  sim::ScheduleLoopOptions options;
  options.solve.time_limit = duration("--time-limit", time_limit, false);
  options.solve.relative_gap = nonnegative("--gap", gap);
  if (options.solve.relative_gap >= 1) bad("--gap", gap, "must be a fraction below 1 (0.01 is 1 %)");
  options.solve.shortfall_penalty = penalty.empty() ? 0.0 : positive("--shortfall-penalty", penalty);
  if (options.solve.shortfall_penalty > 1e9)
    bad("--shortfall-penalty", penalty, "is over 1e9 an agent-interval short: the solver's numbers must stay in range (1e6 already forbids any shortfall it can avoid)");
  if (options.solve.time_limit > 7 * 86400.0) bad("--time-limit", time_limit, "is over a week");
  options.max_rounds = static_cast<int>(count("--max-rounds", max_rounds, 1000, "1000 rounds"));
  options.compare_two_step = !no_two_step;
  const double fte = positive("--fte-hours", fte_hours);
  std::optional<sim::ScheduleLoop> loop;
  if (simulate) {
    if (!outputs.quiet && outputs.json_path != "-")
      options.progress = [&err](int round, const sim::ScheduleRound& r) {
        err << "  round " << round << ": cost " << r.cost << ", " << r.missing << " intervals missing\n";
      };
    loop = sim::schedule_by_simulation(document, directory, scenario, required, options);
  }
  const sim::SchedulePlan plan = loop ? loop->plan : sim::solve_schedule(rules, c, required, options.solve);
  const auto group_name = [&](std::size_t g) { return scenario.agent_groups[g].name; };
  const auto start_of = [&](std::size_t k) { return sim::format_time_of_day(c.open + static_cast<double>(k % static_cast<std::size_t>(per_day)) * c.interval); };
  const auto when = [&](std::size_t k) {
    const int d = static_cast<int>(k) / per_day;
    return (c.start_date ? c.date_text(d) : "day " + std::to_string(d + 1)) + " " + start_of(k);
  };
  double short_total = 0;
  for (const auto& g : plan.shortfall)
    for (double x : g) short_total += x;
  const nlohmann::json with_plan = [&] {
    nlohmann::json j = document;
    sim::resolve_relative_paths(j, directory);
    return sim::scenario_with_plan(j, plan, rules, c);
  }();
  const std::string objective = std::string("least cost (paid hours x each template's cost per hour, overtime included), cover required in every interval") +
                                (options.solve.shortfall_penalty > 0 ? " or paid as a shortfall" : "");
  const auto round_json = [](const sim::ScheduleRound& r) {
    return nlohmann::ordered_json{{"cost", r.cost}, {"intervals_missing", r.missing}, {"worst_service_level", r.worst_service_level}, {"service_level", r.service_level}};
  };

  sim::OutputFiles files(inputs);
  const auto write_json = [&](std::ostream& os) {
    nlohmann::ordered_json j;
    j["scenario"] = scenario.name;
    j["requirement"] = source;
    j["objective"] = objective;
    j["status"] = plan.solution.status;
    j["optimal"] = plan.solution.optimal;
    j["cost"] = plan.cost;
    j["lower_bound"] = plan.solution.bound;
    j["gap"] = plan.solution.gap();
    j["paid_hours"] = plan.paid_hours;
    j["fte"] = plan.paid_hours / fte;
    j["shortfall_agent_intervals"] = short_total;
    if (loop) {
      j["rounds"] = nlohmann::ordered_json::array();
      for (const auto& r : loop->rounds) j["rounds"].push_back(round_json(r));
      j["targets_met"] = loop->met;
      if (!loop->stopped.empty()) j["stopped"] = loop->stopped;
      if (loop->two_step) {
        j["two_step"] = round_json(*loop->two_step);
        j["two_step"]["paid_hours"] = loop->two_step_plan->paid_hours;
      }
    }
    if (groups == 1) {
      j["shifts"] = with_plan.contains("staffing") && with_plan["staffing"].contains("shifts") ? with_plan["staffing"]["shifts"] : nlohmann::json::array();
    } else {
      for (std::size_t g = 0; g < groups; ++g) j["shifts_by_group"][group_name(g)] = sim::plan_shifts_json(plan, rules, c, g);
    }
    j["coverage"] = nlohmann::ordered_json::array();
    for (std::size_t g = 0; g < groups; ++g)
      for (std::size_t k = 0; k < horizon; ++k) {
        nlohmann::ordered_json row{{"day", k / static_cast<std::size_t>(per_day) + 1}};
        if (c.start_date) row["date"] = c.date_text(static_cast<int>(k) / per_day);
        row["start"] = start_of(k);
        if (groups > 1) row["agent_group"] = group_name(g);
        row["required"] = plan.required[g][k];
        row["scheduled"] = plan.scheduled[g][k];
        row["on_break"] = plan.on_break[g][k];
        row["surplus"] = plan.scheduled[g][k] - plan.required[g][k];
        j["coverage"].push_back(row);
      }
    os << j.dump(2) << "\n";
  };
  if (outputs.json_path == "-") write_json(out);
  else if (!outputs.json_path.empty()) files.add("--json", outputs.json_path, write_json);
  if (!outputs.csv_path.empty()) {
    files.add("--csv", outputs.csv_path, [&](std::ostream& os) {
      os << "day,date,weekday,start,agent_group,required,scheduled,on_break,surplus\n";
      for (std::size_t g = 0; g < groups; ++g)
        for (std::size_t k = 0; k < horizon; ++k) {
          const int d = static_cast<int>(k) / per_day;
          os << d + 1 << ',' << c.date_text(d) << ',' << sim::weekday_names[c.weekday(d)] << ',' << start_of(k) << ',' << sim::csv_field(group_name(g)) << ','
             << plan.required[g][k] << ',' << plan.scheduled[g][k] << ',' << plan.on_break[g][k] << ',' << plan.scheduled[g][k] - plan.required[g][k] << '\n';
        }
    });
  }
  if (!write_scenario.empty()) files.add("--write-scenario", write_scenario, [&](std::ostream& os) { os << with_plan.dump(2) << "\n"; });
  files.commit();
  if (outputs.quiet || outputs.json_path == "-") return;
  char line[320];
  out << (scenario.name.empty() ? scenario_path : scenario.name) << ": shifts covering " << source << "\n";
  out << "  objective: " << objective << "\n";
  std::snprintf(line, sizeof line, "  %s; cost %.2f (lower bound %.2f), %.1f paid hours = %.1f FTE of %.0f h", plan.solution.status.c_str(), plan.cost,
                plan.solution.bound, plan.paid_hours, plan.paid_hours / fte, fte);
  out << line << "\n";
  if (short_total > 0) out << "  under cover: " << short_total << " agent-intervals\n";
  if (loop) {
    out << "\n  simulation rounds (each interval's service level, mean over the scenario's replications; "
        << sim::service_level_definition(static_cast<const sim::Model&>(scenario)) << ")\n";
    out << "  round        cost   missing   worst SL   horizon SL\n";
    for (std::size_t r = 0; r < loop->rounds.size(); ++r) {
      const auto& x = loop->rounds[r];
      std::snprintf(line, sizeof line, "  %5zu %11.2f %9d %9.1f%% %11.1f%%", r + 1, x.cost, x.missing, x.worst_service_level * 100, x.service_level * 100);
      out << line << "\n";
    }
    out << (loop->met                ? "  every interval meets its target in the last round"
            : loop->stopped.empty() ? "  some intervals still miss after the last round (--max-rounds)"
                                    : "  some intervals still miss; " + loop->stopped)
        << "; round 1 is the plan that covers the requirement as given\n";
    if (loop->two_step) {
      const auto& t = *loop->two_step;
      const auto& f = loop->rounds.back();
      out << "\n  against the two-step plan (each interval's Erlang requirement, then cover)\n";
      out << "                    cost   missing   worst SL   horizon SL\n";
      std::snprintf(line, sizeof line, "  two-step  %11.2f %9d %9.1f%% %11.1f%%", t.cost, t.missing, t.worst_service_level * 100, t.service_level * 100);
      out << line << "\n";
      std::snprintf(line, sizeof line, "  this plan %11.2f %9d %9.1f%% %11.1f%%", f.cost, f.missing, f.worst_service_level * 100, f.service_level * 100);
      out << line << "\n";
    }
  }
  for (std::size_t g = 0; g < groups; ++g) {
    const nlohmann::json shifts = sim::plan_shifts_json(plan, rules, c, g);
    out << "\n  shifts" << (groups > 1 ? " of " + group_name(g) : std::string()) << "\n";
    for (const auto& s : shifts) {
      std::string breaks;
      if (s.contains("breaks"))
        for (const auto& b : s["breaks"]) breaks += (breaks.empty() ? " break " : ", ") + b["start"].get<std::string>() + " " + b["length"].get<std::string>();
      std::string days;
      for (const auto& d : s["weekdays"]) {
        if (!days.empty()) days += ' ';
        days.append(d.get<std::string>(), 0, 3);
      }
      std::snprintf(line, sizeof line, "  %4d x %s-%s%s  (%s)", s["agents"].get<int>(), s["start"].get<std::string>().c_str(), s["end"].get<std::string>().c_str(),
                    breaks.c_str(), days.c_str());
      out << line << "\n";
    }
  }
  out << "\n  interval           " << (groups > 1 ? "group        " : "") << "required scheduled on break surplus\n";
  for (std::size_t g = 0; g < groups; ++g)
    for (std::size_t k = 0; k < horizon; ++k) {
      if (!c.interval_open(static_cast<int>(k) / per_day, static_cast<int>(k) % per_day)) continue;
      const std::string group = groups > 1 ? group_name(g) : std::string();
      std::snprintf(line, sizeof line, "  %-18s %-*.12s%9d %9d %8d %7d", when(k).c_str(), groups > 1 ? 13 : 0, group.c_str(), plan.required[g][k],
                    plan.scheduled[g][k], plan.on_break[g][k], plan.scheduled[g][k] - plan.required[g][k]);
      out << line << "\n";
    }
}

}  // namespace ccsim::cli
