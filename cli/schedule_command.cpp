#include "schedule_command.hpp"

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
#include "ccsim/sim/forecast.hpp"
#include "ccsim/sim/input_error.hpp"
#include "ccsim/sim/output_files.hpp"
#include "ccsim/sim/scenario.hpp"
#include "ccsim/sim/schedule.hpp"
#include "flags.hpp"
#include "scenario_input.hpp"

namespace ccsim::cli {

struct ScheduleCommand::Impl {
  CLI::App* schedule = nullptr;
  std::string scenario_path, requirements, time_limit = "60", penalty, fte_hours = "40", json_path, csv_path, write_scenario;
  std::vector<std::string> overrides;
  std::string max_rounds = "10";
  bool quiet = false, simulate = false;
  void execute(std::ostream& out, std::ostream& err) const;
};

ScheduleCommand::ScheduleCommand(CLI::App& app) : impl_(std::make_shared<Impl>()) {
  auto& s = *impl_;
  s.schedule = app.add_subcommand("schedule", "shifts from the scenario's templates covering a requirement per interval at the least cost (CBC)");
  s.schedule->add_option("scenario", s.scenario_path, "scenario file with a schedule block")->required()->type_name("FILE");
  s.schedule->add_option("--requirements", s.requirements,
                         "agents needed per interval: a ccsim staff --json result, or a CSV of day,start,agents "
                         "(default: the scenario's own staffing)")->type_name("FILE");
  s.schedule->add_option("--time-limit", s.time_limit, "seconds for the solver (default 60); then the best plan found, with its gap")
      ->type_name("DURATION");
  s.schedule->add_option("--shortfall-penalty", s.penalty, "allow intervals under cover at this cost per agent-interval (default: cover is required)")
      ->type_name("AMOUNT");
  s.schedule->add_flag("--simulate", s.simulate,
                       "simulate the plan, raise the requirement where the service level misses, re-solve, until every interval meets it");
  s.schedule->add_option("--max-rounds", s.max_rounds, "with --simulate: rounds at most (default 10)")->type_name("N");
  s.schedule->add_option("--fte-hours", s.fte_hours, "paid hours of one full-time equivalent a week (default 40)")->type_name("HOURS");
  s.schedule->add_option("--set", s.overrides, "override a scenario value: PATH=VALUE")->type_name("PATH=VALUE")->allow_extra_args(false);
  s.schedule->add_option("--json", s.json_path, "write the plan as JSON to FILE, or - for standard output")->type_name("FILE|-");
  s.schedule->add_option("--csv", s.csv_path, "write the coverage per interval to FILE")->type_name("FILE");
  s.schedule->add_option("--write-scenario", s.write_scenario, "write the scenario with the plan as its staffing.shifts to FILE")->type_name("FILE");
  s.schedule->add_flag("--quiet", s.quiet, "print nothing on the terminal but errors");
}

bool ScheduleCommand::chosen() const { return impl_->schedule->parsed(); }
void ScheduleCommand::run(std::ostream& out, std::ostream& err) const { impl_->execute(out, err); }

void ScheduleCommand::Impl::execute(std::ostream& out, std::ostream&) const {
  ScenarioInput input = read_scenario_input(scenario_path, overrides);
  const nlohmann::json& document = input.document;
  const std::filesystem::path& directory = input.directory;
  const sim::Scenario& scenario = input.scenario;
  if (!scenario.schedule) throw sim::ScenarioError(scenario_path + ": schedule: is missing (the shift templates to schedule from)");
  if (scenario.agent_groups.size() > 1) throw sim::ScenarioError(scenario_path + ": ccsim schedule plans one agent group for now; the scenario has " +
                                                                 std::to_string(scenario.agent_groups.size()));
  const sim::Calendar& c = scenario.calendar;
  const int per_day = c.intervals_per_day();
  const auto rows = static_cast<std::size_t>(c.days) * static_cast<std::size_t>(per_day);
  // The requirement per interval.
  std::vector<int> required(rows, 0);
  std::string source = "the scenario's staffing";
  if (!requirements.empty()) {
    source = requirements;
    std::ifstream in(requirements);
    if (!in) throw sim::ScenarioError(requirements + ": cannot open the requirements");
    std::stringstream text;
    text << in.rdbuf();
    const std::string body = text.str();
    const auto first = body.find_first_not_of(" \t\r\n");
    const auto index_of = [&](int day, double start, const std::string& where) -> std::size_t {
      const double k = (start - c.open) / c.interval;
      if (day < 1 || day > c.days || k < 0 || k >= per_day || std::abs(k - std::round(k)) > 1e-9)
        throw sim::ScenarioError(where + ": day " + std::to_string(day) + " at " + sim::format_time_of_day(start) + " is not an interval of the calendar");
      return static_cast<std::size_t>(day - 1) * static_cast<std::size_t>(per_day) + static_cast<std::size_t>(std::lround(k));
    };
    if (first != std::string::npos && body[first] == '{') {
      // A ccsim staff --json result: intervals with day, start and agents.
      const auto j = nlohmann::json::parse(body, nullptr, false);
      if (j.is_discarded() || !j.is_object() || !j.contains("intervals") || !j["intervals"].is_array())
        throw sim::ScenarioError(requirements + ": is not a ccsim staff --json result (no intervals list)");
      for (std::size_t i = 0; i < j["intervals"].size(); ++i) {
        const auto& r = j["intervals"][i];
        const std::string where = requirements + ": intervals[" + std::to_string(i) + "]";
        // Each entry: a whole day number, a time of day and a whole number of agents (anything else named, exit 2).
        const bool shaped = r.is_object() && r.contains("day") && r["day"].is_number_integer() && r.contains("start") &&
                            r["start"].is_string() && r.contains("agents") && r["agents"].is_number_integer() && r["agents"].get<std::int64_t>() >= 0 &&
                            r["agents"].get<std::int64_t>() <= 1000000 && r["day"].get<std::int64_t>() <= 1000000;
        if (!shaped) throw sim::ScenarioError(where + ": " + r.dump() + " is not {\"day\": N, \"start\": \"HH:MM\", \"agents\": N >= 0}");
        double start = 0;
        try {
          start = sim::parse_time_of_day(r["start"].get<std::string>(), false);
        } catch (const std::invalid_argument&) {
          throw sim::ScenarioError(where + ".start: \"" + r["start"].get<std::string>() + "\" is not a time of day");
        }
        required[index_of(static_cast<int>(r["day"].get<std::int64_t>()), start, where)] = static_cast<int>(r["agents"].get<std::int64_t>());
      }
    } else {
      // A CSV: day,start,agents.
      std::istringstream lines(body);
      std::string line;
      int n = 0;
      while (std::getline(lines, line)) {
        ++n;
        if (n == 1 || line.find_first_not_of(" \t\r") == std::string::npos) continue;
        std::vector<std::string> f;
        std::stringstream cells(line);
        std::string cell;
        while (std::getline(cells, cell, ',')) f.push_back(cell);
        const std::string where = requirements + ":" + std::to_string(n);
        if (f.size() < 3) throw sim::ScenarioError(where + ": needs day,start,agents");
        int day = 0, agents = 0;
        double start = 0;
        try {
          agents = std::stoi(f[2]);
          day = std::stoi(f[0]);
          start = sim::parse_time_of_day(f[1], false);
          if (agents < 0) throw std::invalid_argument("");
        } catch (const std::invalid_argument&) {
          throw sim::ScenarioError(where + ": \"" + line + "\" is not day,start,agents");
        } catch (const std::out_of_range&) {
          throw sim::ScenarioError(where + ": \"" + line + "\" is not day,start,agents");
        }
        required[index_of(day, start, where)] = agents;
      }
    }
  } else {
    for (std::size_t k = 0; k < rows; ++k)
      required[k] = static_cast<int>(std::ceil(scenario.scheduled_agents(static_cast<int>(k) / per_day, static_cast<int>(k) % per_day) - 1e-9));
  }
  const double limit = duration("--time-limit", time_limit, false);
  const double shortfall = penalty.empty() ? 0.0 : positive("--shortfall-penalty", penalty);
  const double fte = positive("--fte-hours", fte_hours);
  std::optional<sim::ScheduleLoop> loop;
  if (simulate) {
    const int rounds = static_cast<int>(count("--max-rounds", max_rounds, 1000, "1000 rounds"));
    loop = sim::schedule_by_simulation(document, directory, *scenario.schedule, c, required, limit, shortfall, rounds);
  }
  const sim::SchedulePlan plan = loop ? loop->plan : sim::solve_schedule(*scenario.schedule, c, required, limit, shortfall);
  const nlohmann::json shifts = loop ? loop->shifts : sim::plan_shifts_json(plan, *scenario.schedule, c);
  const auto when = [&](std::size_t k) {
    const int d = static_cast<int>(k) / per_day, i = static_cast<int>(k) % per_day;
    return (c.start_date ? c.date_text(d) : "day " + std::to_string(d + 1)) + " " + sim::format_time_of_day(c.open + i * c.interval);
  };
  double short_total = 0;
  for (double x : plan.shortfall) short_total += x;

  sim::OutputFiles outputs({scenario_path});
  const auto write_json = [&](std::ostream& os) {
    nlohmann::ordered_json j;
    j["scenario"] = scenario.name;
    j["requirement"] = source;
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
      for (const auto& r : loop->rounds)
        j["rounds"].push_back({{"cost", r.cost}, {"intervals_missing", r.missing}, {"worst_service_level", r.worst_service_level}, {"service_level", r.service_level}});
      j["targets_met"] = loop->met;
    }
    j["shifts"] = shifts;
    j["coverage"] = nlohmann::ordered_json::array();
    for (std::size_t k = 0; k < rows; ++k)
      j["coverage"].push_back({{"day", k / static_cast<std::size_t>(per_day) + 1}, {"start", sim::format_time_of_day(c.open + static_cast<double>(k % static_cast<std::size_t>(per_day)) * c.interval)},
                               {"required", plan.required[k]}, {"scheduled", plan.scheduled[k]}, {"surplus", plan.scheduled[k] - plan.required[k]}});
    os << j.dump(2) << "\n";
  };
  if (json_path == "-") write_json(out);
  else if (!json_path.empty()) outputs.add("--json", json_path, write_json);
  if (!csv_path.empty()) {
    outputs.add("--csv", csv_path, [&](std::ostream& os) {
      os << "day,date,weekday,start,required,scheduled,surplus\n";
      for (std::size_t k = 0; k < rows; ++k) {
        const int d = static_cast<int>(k) / per_day;
        os << d + 1 << ',' << c.date_text(d) << ',' << sim::weekday_names[c.weekday(d)] << ','
           << sim::format_time_of_day(c.open + static_cast<double>(k % static_cast<std::size_t>(per_day)) * c.interval) << ',' << plan.required[k] << ','
           << plan.scheduled[k] << ',' << plan.scheduled[k] - plan.required[k] << '\n';
      }
    });
  }
  nlohmann::json with_plan;
  if (!write_scenario.empty()) {
    with_plan = document;
    sim::resolve_relative_paths(with_plan, std::filesystem::absolute(directory));
    with_plan["staffing"] = {{"shifts", shifts}};
    outputs.add("--write-scenario", write_scenario, [&](std::ostream& os) { os << with_plan.dump(2) << "\n"; });
  }
  outputs.commit();
  if (quiet || json_path == "-") return;
  char line[256];
  out << (scenario.name.empty() ? scenario_path : scenario.name) << ": shifts covering " << source << "\n";
  out << "  objective: least cost (paid hours x each template's cost per hour), cover required in every interval"
      << (shortfall > 0 ? " or paid as a shortfall" : "") << "\n";
  std::snprintf(line, sizeof line, "  %s; cost %.2f (lower bound %.2f), %.1f paid hours = %.1f FTE of %.0f h", plan.solution.status.c_str(), plan.cost,
                plan.solution.bound, plan.paid_hours, plan.paid_hours / fte, fte);
  out << line << "\n";
  if (short_total > 0) out << "  under cover: " << short_total << " agent-intervals\n";
  if (loop) {
    out << "\n  simulation rounds (each interval's service level, mean over the scenario's replications)\n";
    out << "  round        cost   missing   worst SL   horizon SL\n";
    for (std::size_t r = 0; r < loop->rounds.size(); ++r) {
      const auto& x = loop->rounds[r];
      std::snprintf(line, sizeof line, "  %5zu %11.2f %9d %9.1f%% %11.1f%%", r + 1, x.cost, x.missing, x.worst_service_level * 100, x.service_level * 100);
      out << line << "\n";
    }
    out << (loop->met ? "  every interval meets its target in the last round" : "  some intervals still miss after the last round (--max-rounds)")
        << "; round 1 is the plan that covers the requirement as given\n";
  }
  out << "\n  shifts\n";
  for (const auto& s : shifts) {
    std::string breaks;
    if (s.contains("breaks"))
      for (const auto& b : s["breaks"]) breaks += (breaks.empty() ? " break " : ", ") + b["start"].get<std::string>() + " " + b["length"].get<std::string>();
    std::string days;
    for (const auto& d : s["weekdays"]) days += (days.empty() ? "" : " ") + d.get<std::string>().substr(0, 3);
    std::snprintf(line, sizeof line, "  %4d x %s-%s%s  (%s)", s["agents"].get<int>(), s["start"].get<std::string>().c_str(), s["end"].get<std::string>().c_str(),
                  breaks.c_str(), days.c_str());
    out << line << "\n";
  }
  out << "\n  interval            required scheduled surplus\n";
  for (std::size_t k = 0; k < rows; ++k) {
    if (!c.interval_open(static_cast<int>(k) / per_day, static_cast<int>(k) % per_day)) continue;
    std::snprintf(line, sizeof line, "  %-18s %9d %9d %7d", when(k).c_str(), plan.required[k], plan.scheduled[k], plan.scheduled[k] - plan.required[k]);
    out << line << "\n";
  }
}

}  // namespace ccsim::cli
