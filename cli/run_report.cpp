#include "run_report.hpp"

#include "flags.hpp"

#include <cmath>
#include <cstdio>
#include <optional>

#include "ccsim/sim/duration.hpp"
#include "ccsim/sim/csv_field.hpp"
#include "ccsim/sim/metrics.hpp"
#include "ccsim/sim/output_files.hpp"

namespace ccsim::cli {
namespace {

using sim::Metric;
using sim::metric_infos;
using sim::OutputFiles;

std::size_t index(Metric m) { return static_cast<std::size_t>(m); }

nlohmann::ordered_json estimate_json(const sim::Estimate& e) {
  nlohmann::ordered_json j;
  j["mean"] = e.mean ? nlohmann::ordered_json(*e.mean) : nlohmann::ordered_json(nullptr);
  j["ci95"] = e.ci95 ? nlohmann::ordered_json(*e.ci95) : nlohmann::ordered_json(nullptr);
  return j;
}

std::string fixed(double v, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
  return buffer;
}

// How a metric is shown in the terminal: percentages for shares, seconds, counts.
enum class Style { count, percent, seconds, decimal };
Style style_of(Metric m) {
  if (sim::is_share(m)) return Style::percent;
  switch (m) {
    case Metric::contacts_per_customer: return Style::decimal;
    case Metric::callback_wait:
    case Metric::wait_estimate_error:
    case Metric::wait_estimate_bias:
    case Metric::asa:
    case Metric::mean_wait:
    case Metric::wait_p90: return Style::seconds;
    case Metric::mean_queue:
    case Metric::agents: return Style::decimal;
    default: return Style::count;
  }
}

std::string show(const std::optional<double>& v, Style style) {
  if (!v) return "-";
  switch (style) {
    case Style::percent: return fixed(100 * *v, 1) + "%";
    case Style::seconds: return fixed(*v, 1) + "s";
    case Style::decimal: return fixed(*v, 2);
    case Style::count: return fixed(*v, std::abs(*v) < 100 ? 2 : 1);
  }
  return "-";
}

}  // namespace

std::string format_metric(sim::Metric metric, const std::optional<double>& value) { return show(value, style_of(metric)); }

void report_run(const sim::Scenario& scenario, const sim::RunResult& result, const RunReport& report, std::ostream& out) {
  const std::string& json_path = report.json_path;
  const std::string& csv_path = report.csv_path;
  const std::string& csv_groups_path = report.csv_groups_path;
  const std::string& scenario_path = report.scenario_path;
  const bool json_to_stdout = json_path == "-";
  const bool terminal = !report.quiet && !json_to_stdout;
  const auto& infos = metric_infos();
  const auto& cal = scenario.calendar;
  const int per_day = cal.intervals_per_day();
  const std::string sl_definition = sim::service_level_definition(static_cast<const sim::Model&>(scenario));
  const int used_threads = result.threads;

  // An interval's start and end, times of day ("23:30"-"00:00" at midnight).
  const auto interval_start = [&](int k) { return sim::format_time_of_day(cal.open + k * cal.interval); };
  const auto interval_end = [&](int k) { return sim::format_time_of_day(std::fmod(cal.open + (k + 1) * cal.interval, 86400.0)); };

  // JSON and CSV are streamed interval by interval: a year of half-hours stays small in memory.
  const auto write_json = [&](std::ostream& os) {
    nlohmann::ordered_json head;
    head["scenario"] = scenario.name;
    head["replications"] = result.replications;
    head["seed"] = result.seed;
    if (!report.provenance.is_null()) head["provenance"] = report.provenance;
    nlohmann::ordered_json definitions;
    for (const auto& info : infos) {
      if (sim::reported(info, scenario)) definitions[info.name] = info.definition;
    }
    definitions["service_level"] = sl_definition;
    definitions["service_level_target"] = scenario.service_level.target;
    definitions["intervals"] = "calls counted in the interval they arrived in; time-weighted figures over the interval's clock time, opening hours only";
    definitions["ci95"] = "half-width of the 95% confidence interval: Student-t for counts, delta method for ratios of sums";
    head["definitions"] = definitions;
    nlohmann::ordered_json summary;
    for (const auto& info : infos) {
      if (sim::reported(info, scenario)) summary[info.name] = estimate_json(result.summary[index(info.metric)]);
    }
    head["summary"] = summary;
    std::string text = head.dump(2);
    text.pop_back();  // reopen the object: "...\n}" -> "...\n"
    while (!text.empty() && text.back() == '\n') text.pop_back();
    os << text << ",\n  \"intervals\": [";
    for (std::size_t i = 0; i < result.intervals.size(); ++i) {
      nlohmann::ordered_json row;
      const int day = static_cast<int>(i) / per_day;
      const int k = static_cast<int>(i) % per_day;
      row["day"] = day + 1;
      if (cal.start_date) row["date"] = cal.date_text(day);
      row["weekday"] = sim::weekday_names[cal.weekday(day)];
      row["start"] = interval_start(k);
      row["end"] = interval_end(k);
      if (!cal.hours.empty()) row["open"] = cal.interval_open(day, k);
      for (const auto& info : infos) {
        if (info.per_interval && sim::reported(info, scenario)) row[info.name] = estimate_json(result.intervals[i][index(info.metric)]);
      }
      os << (i == 0 ? "\n    " : ",\n    ") << row.dump();
    }
    os << "\n  ]";
    // Scenarios with several queues: the same per call type and per agent group.
    const auto write_scopes = [&](const char* key, const std::vector<sim::ScopeResult>& scopes, sim::Scope scope) {
      os << ",\n  \"" << key << "\": [";
      for (std::size_t k = 0; k < scopes.size(); ++k) {
        const sim::ScopeResult& r = scopes[k];
        nlohmann::ordered_json scope_summary;
        for (const auto& info : infos) {
          if (sim::reported(info, scenario, scope)) scope_summary[info.name] = estimate_json(r.summary[index(info.metric)]);
        }
        if (scope == sim::Scope::call_type) {
          const sim::ServiceLevelSpec& spec = scenario.call_types[k].service_level;
          scope_summary["service_level_definition"] = sim::service_level_definition(spec);
          scope_summary["service_level_target"] = spec.target;
        }
        if (!r.handled_by_call_type.empty()) {
          nlohmann::ordered_json by_type;
          for (std::size_t t = 0; t < r.handled_by_call_type.size(); ++t)
            by_type[scenario.call_types[t].name] = estimate_json(r.handled_by_call_type[t]);
          scope_summary["handled_by_call_type"] = by_type;
        }
        nlohmann::ordered_json head_of_scope = {{"name", r.name}, {"summary", scope_summary}};
        std::string scope_text = head_of_scope.dump(-1);
        scope_text.pop_back();
        os << (k == 0 ? "\n    " : ",\n    ") << scope_text << ", \"intervals\": [";
        for (std::size_t i = 0; i < r.intervals.size(); ++i) {
          nlohmann::ordered_json row;
          for (const auto& info : infos) {
            if (info.per_interval && sim::reported(info, scenario, scope)) row[info.name] = estimate_json(r.intervals[i][index(info.metric)]);
          }
          os << (i == 0 ? "\n      " : ",\n      ") << row.dump();
        }
        os << "\n    ]}";
      }
      os << "\n  ]";
    };
    if (scenario.several_queues) {
      write_scopes("call_types", result.call_types, sim::Scope::call_type);
      write_scopes("agent_groups", result.agent_groups, sim::Scope::agent_group);
    }
    nlohmann::ordered_json performance = {
        {"events", result.events},
        {"calls", result.calls},
        {"threads", used_threads},
        {"wall_seconds", result.wall_seconds},
        {"events_per_second", result.wall_seconds > 0 ? static_cast<double>(result.events) / result.wall_seconds : 0.0}};
    os << ",\n  \"performance\": " << performance.dump() << "\n}\n";
  };
  OutputFiles outputs(report.inputs);
  if (json_to_stdout) write_json(out);
  if (!json_path.empty() && !json_to_stdout) outputs.add("--json", json_path, write_json);
  // One CSV row per interval: the centre's columns, from `rows` of one scope (`label` in the
  // scope column); metrics not reported for the scope stay empty.
  const auto csv_rows = [&](std::ostream& csv, const std::string& label, const std::vector<std::vector<sim::Estimate>>& rows,
                            sim::Scope scope) {
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const int day = static_cast<int>(i) / per_day;
      const int k = static_cast<int>(i) % per_day;
      csv << day + 1 << ',' << cal.date_text(day) << ',' << sim::weekday_names[cal.weekday(day)] << ',' << interval_start(k) << ','
          << interval_end(k) << ',' << sim::csv_field(label);
      for (const auto& info : infos) {
        if (!info.per_interval || !sim::reported(info, scenario, scope == sim::Scope::agent_group ? scope : sim::Scope::centre)) continue;
        const bool own = sim::reported(info, scenario, scope);
        const auto& e = rows[i][index(info.metric)];
        csv << ',';
        if (own && e.mean) csv << *e.mean;
        csv << ',';
        if (own && e.ci95) csv << *e.ci95;
      }
      csv << '\n';
    }
  };
  if (!csv_path.empty()) {
    outputs.add("--csv", csv_path, [&](std::ostream& csv) {
      csv << "day,date,weekday,start,end,call_type";
      for (const auto& info : infos) {
        if (info.per_interval && sim::reported(info, scenario)) csv << ',' << info.name << "_mean," << info.name << "_ci95";
      }
      csv << '\n';
      csv.precision(10);
      csv_rows(csv, "all", result.intervals, sim::Scope::centre);
      for (const auto& type : result.call_types) csv_rows(csv, type.name, type.intervals, sim::Scope::call_type);
    });
  }
  if (!csv_groups_path.empty()) {
    outputs.add("--csv-groups", csv_groups_path, [&](std::ostream& csv) {
      csv << "day,date,weekday,start,end,agent_group";
      for (const auto& info : infos) {
        if (info.per_interval && sim::reported(info, scenario, sim::Scope::agent_group))
          csv << ',' << info.name << "_mean," << info.name << "_ci95";
      }
      csv << '\n';
      csv.precision(10);
      for (const auto& group : result.agent_groups) csv_rows(csv, group.name, group.intervals, sim::Scope::agent_group);
    });
  }
  outputs.commit();

  if (!terminal) return;
  out << (scenario.name.empty() ? scenario_path : scenario.name) << "\n";
  char line[256];
  // Lines fit 100 columns: definitions wrap under their column.
  const auto wrapped = [&](const std::string& text, std::size_t indent) {
    const std::size_t width = indent < 80 ? 100 - indent : 20;
    std::string text_out, row;
    std::size_t at = 0;
    while (at < text.size()) {
      std::size_t next = text.find(' ', at);
      if (next == std::string::npos) next = text.size();
      const std::string word = text.substr(at, next - at);
      if (!row.empty() && row.size() + 1 + word.size() > width) {
        text_out += row + "\n" + std::string(indent, ' ');
        row.clear();
      }
      row += (row.empty() ? "" : " ") + word;
      at = next + 1;
    }
    return text_out + row;
  };
  out << "  " << wrapped(cal.describe(), 2) << "\n  " << result.replications << " replications (seed " << result.seed << ") on " << used_threads
      << (used_threads == 1 ? " thread, " : " threads, ") << fixed(result.wall_seconds, 2) << " s, "
      << fixed(static_cast<double>(result.events) / std::max(result.wall_seconds, 1e-9) / 1e6, 1) << " M events/s\n";
  out << "  service level: " << wrapped(sl_definition + " (target " + fixed(100 * scenario.service_level.target, 0) + "%)", 17) << "\n\n";
  std::snprintf(line, sizeof line, "  %-24s %12s %10s   %s\n", "whole horizon", "mean", "+-95%", "definition");
  out << line;
  for (const auto& info : infos) {
    if (!sim::reported(info, scenario)) continue;
    const auto& e = result.summary[index(info.metric)];
    const Style st = style_of(info.metric);
    const std::string definition = info.metric == Metric::service_level
                                       ? sl_definition + " (target " + fixed(100 * scenario.service_level.target, 0) + "%)"
                                       : info.definition;
    std::snprintf(line, sizeof line, "  %-24s %12s %10s   ", info.name, show(e.mean, st).c_str(), show(e.ci95, st).c_str());
    out << line << wrapped(definition, 53) << "\n";
  }
  const auto with_ci = [&](const sim::Estimate& e, Metric m) {
    const Style st = style_of(m);
    std::string cell = show(e.mean, st);
    if (e.ci95) cell += " +-" + (st == Style::percent ? fixed(100 * *e.ci95, 1) : show(e.ci95, st));
    return cell;
  };

  if (scenario.several_queues) {
    out << "\n  per call type (whole horizon; service level with its 95% half-width)\n";
    std::snprintf(line, sizeof line, "  %-16s %9s %9s %9s %15s %8s %8s\n", "call type", "offered", "answered", "abandoned", "service level", "ASA",
                  "abandon");
    out << line;
    for (std::size_t t = 0; t < result.call_types.size(); ++t) {
      const auto& r = result.call_types[t];
      const auto m = [&](Metric x) { return show(r.summary[index(x)].mean, style_of(x)); };
      std::snprintf(line, sizeof line, "  %-16.16s %9s %9s %9s %15s %8s %8s\n", r.name.c_str(), m(Metric::offered).c_str(), m(Metric::answered).c_str(),
                    m(Metric::abandoned).c_str(), with_ci(r.summary[index(Metric::service_level)], Metric::service_level).c_str(), m(Metric::asa).c_str(),
                    m(Metric::abandon_rate).c_str());
      out << line;
      const sim::ServiceLevelSpec& spec = scenario.call_types[t].service_level;
      out << "  " << std::string(17, ' ') << wrapped("SL = " + sim::service_level_definition(spec) + " (target " + fixed(100 * spec.target, 0) + "%)", 19)
          << "\n";
    }
    out << "\n  per agent group (whole horizon)\n";
    std::snprintf(line, sizeof line, "  %-16s %8s %10s %9s   %s\n", "agent group", "agents", "occupancy", "handled", "handled by call type");
    out << line;
    for (const auto& r : result.agent_groups) {
      const auto m = [&](Metric x) { return show(r.summary[index(x)].mean, style_of(x)); };
      std::snprintf(line, sizeof line, "  %-16.16s %8s %10s %9s   ", r.name.c_str(), m(Metric::agents).c_str(), m(Metric::occupancy).c_str(),
                    m(Metric::handled).c_str());
      std::string by_type;
      for (std::size_t t = 0; t < r.handled_by_call_type.size(); ++t) {
        const auto& e = r.handled_by_call_type[t];
        if (!e.mean || *e.mean == 0) continue;
        by_type += (by_type.empty() ? "" : ", ") + scenario.call_types[t].name + " " + show(e.mean, style_of(Metric::handled));
      }
      out << line << wrapped(by_type, 52) << "\n";
    }
  }

  // The days, then the intervals of one day (--day N), of every day (--all-days), or of the only day.
  const bool dates = cal.start_date.has_value();
  const auto day_label = [&](int day) {
    return std::to_string(day + 1) + " " + (dates ? cal.date_text(day) + " " : std::string()) + std::string(sim::weekday_names[cal.weekday(day)]).substr(0, 3);
  };
  std::snprintf(line, sizeof line, "  %-20s %8s %7s %14s %14s %12s %7s %6s\n", "", "offered", "agents", "service level", "ASA", "abandoned", "occup.",
                "queue");
  const std::string header = line;
  const auto row = [&](const std::string& label, const std::vector<sim::Estimate>& e) {
    const auto m = [&](Metric x) { return show(e[index(x)].mean, style_of(x)); };
    std::snprintf(line, sizeof line, "  %-20.20s %8s %7s %14s %14s %12s %7s %6s\n", label.c_str(), m(Metric::offered).c_str(), m(Metric::agents).c_str(),
                  with_ci(e[index(Metric::service_level)], Metric::service_level).c_str(), with_ci(e[index(Metric::asa)], Metric::asa).c_str(),
                  with_ci(e[index(Metric::abandon_rate)], Metric::abandon_rate).c_str(), m(Metric::occupancy).c_str(), m(Metric::mean_queue).c_str());
    out << line;
  };
  if (cal.days > 1) {
    out << "\n  per day (mean; +-: 95% half-width)\n" << header;
    for (int d = 0; d < cal.days; ++d) {
      if (cal.closed_day(d)) {
        std::snprintf(line, sizeof line, "  %-20.20s %s\n", day_label(d).c_str(), "closed");
        out << line;
      } else {
        row(day_label(d), result.days[static_cast<std::size_t>(d)]);
      }
    }
  }
  std::vector<int> shown;
  if (report.day > 0) shown.push_back(report.day - 1);
  else if (report.all_days || cal.days == 1) for (int d = 0; d < cal.days; ++d) shown.push_back(d);
  for (int d : shown) {
    out << "\n  per interval of day " << day_label(d) << " (mean; +-: 95% half-width)\n" << header;
    for (int k = 0; k < per_day; ++k) {
      const std::string when = interval_start(k) + "-" + interval_end(k) + (cal.interval_open(d, k) ? "" : " shut");
      row(when, result.intervals[static_cast<std::size_t>(d) * static_cast<std::size_t>(per_day) + static_cast<std::size_t>(k)]);
    }
  }
  if (shown.empty()) out << "\n  per interval: --day N for one day's intervals, --all-days for every day's\n";
}

std::vector<std::pair<std::string, std::string>> report_outputs(const RunReport& report) {
  return {{"--json", report.json_path}, {"--csv", report.csv_path}, {"--csv-groups", report.csv_groups_path}};
}

void ReportOptions::add_to(CLI::App& command) {
  outputs.add_to(command, "results",
                 "one row per interval and call type (means and 95% half-widths; call_type \"all\" for the whole centre)");
  csv_groups_option = command.add_option("--csv-groups", csv_groups_path,
                                         "write one row per interval and agent group (agents, occupancy, calls handled) to FILE "
                                         "(scenarios with agent_groups)")
                          ->type_name("FILE");
}

RunReport ReportOptions::report() const {
  outputs.check_paths();
  if (csv_groups_option != nullptr && csv_groups_option->count() > 0 && csv_groups_path.empty())
    bad("--csv-groups", csv_groups_path, "is an empty path: give a file name");
  RunReport r;
  r.json_path = outputs.json_path;
  r.csv_path = outputs.csv_path;
  r.csv_groups_path = csv_groups_path;
  r.quiet = outputs.quiet;
  return r;
}

}  // namespace ccsim::cli
