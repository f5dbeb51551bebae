#include "run_report.hpp"

#include <cmath>
#include <cstdio>
#include <optional>

#include "ccsim/sim/duration.hpp"
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
  OutputFiles outputs({scenario_path});
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
          << interval_end(k) << ',' << label;
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
  out << "  " << cal.describe() << "; " << result.replications << " replications (seed " << result.seed << ") on " << used_threads
      << (used_threads == 1 ? " thread, " : " threads, ") << fixed(result.wall_seconds, 2) << " s, "
      << fixed(static_cast<double>(result.events) / std::max(result.wall_seconds, 1e-9) / 1e6, 1)
      << " M events/s\n\n";
  char line[256];
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
    out << line << definition << "\n";
  }

  if (scenario.several_queues) {
    out << "\n  per call type (whole horizon, mean +-95%)\n";
    const Metric type_columns[] = {Metric::offered, Metric::answered, Metric::abandoned, Metric::service_level, Metric::asa,
                                   Metric::abandon_rate};
    std::snprintf(line, sizeof line, "  %-16s", "call type");
    out << line;
    for (Metric m : type_columns) {
      std::snprintf(line, sizeof line, " %17s", infos[index(m)].name);
      out << line;
    }
    out << "   service level\n";
    for (std::size_t t = 0; t < result.call_types.size(); ++t) {
      const auto& r = result.call_types[t];
      std::snprintf(line, sizeof line, "  %-16s", r.name.c_str());
      out << line;
      for (Metric m : type_columns) {
        const auto& e = r.summary[index(m)];
        const Style st = style_of(m);
        const std::string cell = show(e.mean, st) + (e.ci95 ? " +-" + show(e.ci95, st) : "");
        std::snprintf(line, sizeof line, " %17s", cell.c_str());
        out << line;
      }
      const sim::ServiceLevelSpec& spec = scenario.call_types[t].service_level;
      out << "   " << sim::service_level_definition(spec) << " (target " << fixed(100 * spec.target, 0) << "%)\n";
    }
    out << "\n  per agent group (whole horizon, mean +-95%)\n";
    std::snprintf(line, sizeof line, "  %-16s %14s %14s %14s   %s\n", "agent group", "agents", "occupancy", "handled",
                  "handled by call type");
    out << line;
    for (const auto& r : result.agent_groups) {
      const auto cell = [&](Metric m) {
        const auto& e = r.summary[index(m)];
        const Style st = style_of(m);
        return show(e.mean, st) + (e.ci95 ? " +-" + show(e.ci95, st) : "");
      };
      std::snprintf(line, sizeof line, "  %-16s %14s %14s %14s   ", r.name.c_str(), cell(Metric::agents).c_str(),
                    cell(Metric::occupancy).c_str(), cell(Metric::handled).c_str());
      out << line;
      bool first = true;
      for (std::size_t t = 0; t < r.handled_by_call_type.size(); ++t) {
        const auto& e = r.handled_by_call_type[t];
        if (!e.mean || *e.mean == 0) continue;
        out << (first ? "" : ", ") << scenario.call_types[t].name << " " << show(e.mean, style_of(Metric::handled));
        first = false;
      }
      out << "\n";
    }
  }

  // Per-interval table: every interval when there are few, otherwise one row per day.
  const bool by_interval = result.intervals.size() <= 96;
  const Metric columns[] = {Metric::offered, Metric::agents, Metric::service_level, Metric::asa, Metric::abandon_rate,
                            Metric::block_rate, Metric::occupancy, Metric::mean_queue};
  out << "\n  " << (by_interval ? "per interval" : "per day") << " (mean +-95%)\n";
  const bool dates = cal.start_date.has_value();
  const int date_width = dates ? 11 : 0;  // "2026-12-07 ", or nothing without a start date
  std::snprintf(line, sizeof line, "  %-3s %-*s%-9s %-11s", "day", date_width, dates ? "date" : "", "weekday", by_interval ? "interval" : "");
  out << line;
  for (Metric m : columns) {
    std::snprintf(line, sizeof line, " %16s", infos[index(m)].name);
    out << line;
  }
  out << "\n";
  const auto& rows = by_interval ? result.intervals : result.days;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const int day = by_interval ? static_cast<int>(i) / per_day : static_cast<int>(i);
    const int k = static_cast<int>(i) % per_day;
    const std::string when = by_interval ? interval_start(k) + "-" + interval_end(k) : cal.closed_day(day) ? "closed" : "";
    std::snprintf(line, sizeof line, "  %-3d %-*s%-9s %-11s", day + 1, date_width, cal.date_text(day).c_str(), sim::weekday_names[cal.weekday(day)],
                  by_interval && !cal.interval_open(day, k) ? (when.substr(0, 5) + " shut").c_str() : when.c_str());
    out << line;
    for (Metric m : columns) {
      const auto& e = rows[i][index(m)];
      const Style st = style_of(m);
      const std::string cell = show(e.mean, st) + (e.ci95 ? " +-" + show(e.ci95, st) : "");
      std::snprintf(line, sizeof line, " %16s", cell.c_str());
      out << line;
    }
    out << "\n";
  }
}

}  // namespace ccsim::cli
