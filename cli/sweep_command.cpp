#include "commands.hpp"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ccsim/models/limits.hpp"
#include "ccsim/sim/duration.hpp"
#include "ccsim/sim/csv_field.hpp"
#include "ccsim/sim/input_error.hpp"
#include "ccsim/sim/metrics.hpp"
#include "ccsim/sim/output_files.hpp"
#include "ccsim/sim/runner.hpp"
#include "ccsim/sim/scenario.hpp"
#include "flags.hpp"
#include "options.hpp"
#include "output_check.hpp"
#include "provenance.hpp"
#include "run_report.hpp"
#include "scenario_input.hpp"

namespace ccsim::cli {
namespace {

struct Axis {
  std::string path;
  std::vector<nlohmann::json> values;
};

constexpr std::size_t max_points = 100000;

// "PATH=a:b[:step]" (numbers from a to b, step 1 unless given) or "PATH=[v1,v2,...]" (JSON
// values; bare words such as 30s are strings).
Axis parse_axis(const std::string& text) {
  const auto equals = text.find('=');
  if (equals == std::string::npos || equals == 0) bad("--grid", text, "is not PATH=a:b[:step] or PATH=[v1,v2,...]");
  Axis axis{text.substr(0, equals), {}};
  const std::string spec = text.substr(equals + 1);
  if (!spec.empty() && spec.front() == '[') {
    if (spec.back() != ']') bad("--grid", text, "a list ends with ]");
    nlohmann::json list = nlohmann::json::parse(spec, nullptr, false);
    if (list.is_discarded()) {  // words: split at commas
      list = nlohmann::json::array();
      // Words end at a comma outside a "quoted" value ("a, b" is one value).
      std::string word;
      bool quoted = false, escaped = false;
      for (char ch : spec.substr(1, spec.size() - 2) + ",") {
        if (quoted) {
          if (escaped) {
            escaped = false;
          } else if (ch == '\\') {
            escaped = true;
          } else if (ch == '"') {
            quoted = false;
          }
        } else if (ch == '"') {
          quoted = true;
        }
        if (ch != ',' || quoted) {
          word += ch;
          continue;
        }
        const auto a = word.find_first_not_of(' '), z = word.find_last_not_of(' ');
        if (a == std::string::npos) bad("--grid", text, "has an empty value in its list");
        const std::string one = word.substr(a, z - a + 1);
        const nlohmann::json parsed = nlohmann::json::parse(one, nullptr, false);
        list.push_back(parsed.is_discarded() ? nlohmann::json(one) : parsed);
        word.clear();
      }
    }
    if (!list.is_array() || list.empty()) bad("--grid", text, "the list is empty");
    for (const auto& v : list) axis.values.push_back(v);
  } else {
    std::vector<double> parts;
    std::string part;
    for (char ch : spec + ":") {
      if (ch != ':') {
        part += ch;
        continue;
      }
      try {
        std::size_t used = 0;
        parts.push_back(std::stod(part, &used));
        if (used != part.size() || !std::isfinite(parts.back())) throw std::invalid_argument("");
      } catch (const std::exception&) {
        bad("--grid", text, "\"" + part + "\" is not a number (a range is a:b or a:b:step)");
      }
      part.clear();
    }
    if (parts.size() < 2 || parts.size() > 3) bad("--grid", text, "a range is a:b or a:b:step");
    const double from = parts[0], to = parts[1], step = parts.size() == 3 ? parts[2] : 1.0;
    if (!(step > 0)) bad("--grid", text, "the step must be above 0");
    if (to < from) bad("--grid", text, "the range ends before it starts");
    if ((to - from) / step > static_cast<double>(max_points)) bad("--grid", text, "makes over " + std::to_string(max_points) + " values");
    const bool whole = [&] {
      for (double p : parts)
        if (p != std::floor(p)) return false;
      return true;
    }();
    // The count first (a bounded loop, whatever the magnitudes), and values that differ.
    const auto count = static_cast<std::size_t>(std::floor((to - from) / step + 1e-9)) + 1;
    if (count > 1 && (from + step == from || to - step == to))
      bad("--grid", text, "the step is too small for values this large: they would repeat");
    constexpr double exact_integers = 9007199254740992.0;  // 2^53: larger whole numbers stay numbers, never wrap
    for (std::size_t k = 0; k < count; ++k) {
      const double v = from + static_cast<double>(k) * step;
      axis.values.push_back(whole && std::abs(v) < exact_integers ? nlohmann::json(static_cast<std::int64_t>(std::llround(v)))
                                                                  : nlohmann::json(v));
    }
  }
  return axis;
}

}  // namespace

struct SweepCommandImpl {
  CLI::App* sweep = nullptr;
  std::string scenario_path, points;
  std::vector<std::string> grid;
  ScenarioOptions scenario_options;
  OutputOptions outputs;
  ThreadOption threads;
  bool intervals = false;
  void execute(std::ostream& out, std::ostream& err) const;
};

Subcommand add_sweep_command(CLI::App& app) {
  auto impl = std::make_shared<SweepCommandImpl>();
  auto& s = *impl;
  s.sweep = app.add_subcommand("sweep", "a scenario at every point of a grid of values, common random numbers across points: one row per point");
  s.sweep->add_option("scenario", s.scenario_path, "scenario file")->required()->type_name("FILE");
  s.sweep->add_option("--grid", s.grid, "an axis: PATH=a:b[:step] or PATH=[v1,v2,...]; several make the cartesian grid (the last varies fastest)")
      ->required()
      ->type_name("PATH=VALUES");
  s.scenario_options.add_to(*s.sweep, "override a scenario value at every point: PATH=VALUE");
  s.sweep->add_option("--points", s.points, "run points A to B-1 only (0-based, in grid order: for job arrays; the rows concatenate)")
      ->type_name("A:B");
  s.sweep->add_flag("--intervals", s.intervals, "a row per point and interval (CSV, JSON) besides the whole horizon");
  s.threads.add_to(*s.sweep);
  s.outputs.add_to(*s.sweep, "the points", "a row per point");
  return {s.sweep, [impl](std::ostream& out, std::ostream& err) { impl->execute(out, err); }};
}

void SweepCommandImpl::execute(std::ostream& out, std::ostream& err) const {
  ScenarioInput input = read_scenario_input(scenario_path, scenario_options.overrides);
  scenario_options.print_warnings(input.scenario, scenario_path, err);
  const std::vector<std::string> inputs = input.files_read();
  sim::resolve_relative_paths(input.document, input.directory);
  std::vector<Axis> axes;
  std::size_t total = 1;
  for (const auto& g : grid) {
    axes.push_back(parse_axis(g));
    for (std::size_t a = 0; a + 1 < axes.size(); ++a)
      if (axes[a].path == axes.back().path)
        bad("--grid", g, "sweeps " + axes[a].path + ", as another --grid does: give each path one axis (a list of its values)");
    total *= axes.back().values.size();
    if (total > max_points) bad("--grid", g, "brings the grid over " + std::to_string(max_points) + " points");
  }
  std::size_t first = 0, end = total;
  if (!points.empty()) {
    const auto [a, b] = index_range("--points", points, static_cast<std::int64_t>(total), "points of the grid");
    first = static_cast<std::size_t>(a);
    end = static_cast<std::size_t>(b);
  }
  outputs.check_paths();
  check_outputs(inputs, {{"--json", outputs.json_path}, {"--csv", outputs.csv_path}});
  const int thread_count = threads.threads();
  // Each point: its values, its scenario (checked before any run), then its results.
  struct Point {
    std::vector<nlohmann::json> values;
    sim::Scenario scenario;
    sim::RunResult result;
  };
  std::vector<Point> runs;
  for (std::size_t p = first; p < end; ++p) {
    Point point;
    nlohmann::json document = input.document;
    std::size_t rest = p;
    point.values.resize(axes.size());
    for (std::size_t a = axes.size(); a-- > 0;) {
      point.values[a] = axes[a].values[rest % axes[a].values.size()];
      rest /= axes[a].values.size();
    }
    std::string where;
    try {
      for (std::size_t a = 0; a < axes.size(); ++a) {
        where = axes[a].path + "=" + point.values[a].dump();
        sim::apply_override(document, axes[a].path + "=" + (point.values[a].is_string() ? point.values[a].get<std::string>() : point.values[a].dump()));
      }
      point.scenario = sim::parse_scenario(document, std::filesystem::current_path());
      for (std::size_t a = 0; a < axes.size(); ++a)
        if (const auto why = sim::ineffective_override(point.scenario, axes[a].path + "=" + point.values[a].dump())) throw sim::ScenarioError(*why);
    } catch (const sim::ScenarioError& e) {
      throw sim::ScenarioError("--grid point " + std::to_string(p) + " (" + where + "): " + e.what());
    }
    runs.push_back(std::move(point));
  }
  const bool progress = !outputs.quiet && ::isatty(STDERR_FILENO);
  const auto start = std::chrono::steady_clock::now();
  sim::RunOptions options;
  options.threads = thread_count;
  for (std::size_t k = 0; k < runs.size(); ++k) {
    runs[k].result = sim::run_replications(runs[k].scenario, options);
    if (progress) {
      const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      const double eta = elapsed / static_cast<double>(k + 1) * static_cast<double>(runs.size() - k - 1);
      std::fprintf(stderr, "\r  point %zu/%zu, %.0f s, about %.0f s to go   ", k + 1, runs.size(), elapsed, eta);
      if (k + 1 == runs.size()) std::fprintf(stderr, "\n");
      std::fflush(stderr);
    }
  }
  const sim::Scenario& s = runs.front().scenario;
  const auto& infos = sim::metric_infos();
  const int per_day = s.calendar.intervals_per_day();
  const auto number = [](const std::optional<double>& v) {
    if (!v) return std::string();
    char b[40];
    std::snprintf(b, sizeof b, "%.10g", *v);
    return std::string(b);
  };
  const auto value_text = [](const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); };
  sim::OutputFiles files(inputs);
  if (!outputs.csv_path.empty()) {
    files.add("--csv", outputs.csv_path, [&](std::ostream& os) {
      os << "point";
      for (const auto& a : axes) os << ',' << sim::csv_field(a.path);
      if (intervals) os << ",day,start";
      for (const auto& info : infos)
        if (sim::reported(info, s) && (!intervals || info.per_interval)) os << ',' << info.name << ',' << info.name << "_ci95";
      os << '\n';
      for (std::size_t k = 0; k < runs.size(); ++k) {
        const auto row = [&](const std::vector<sim::Estimate>& e, const std::string& when) {
          os << first + k;
          for (const auto& v : runs[k].values) os << ',' << sim::csv_field(value_text(v));
          os << when;
          for (const auto& info : infos) {
            if (!sim::reported(info, s) || (intervals && !info.per_interval)) continue;
            const auto& x = e[static_cast<std::size_t>(info.metric)];
            os << ',' << number(x.mean) << ',' << number(x.ci95);
          }
          os << '\n';
        };
        if (!intervals) {
          row(runs[k].result.summary, "");
        } else {
          for (std::size_t i = 0; i < runs[k].result.intervals.size(); ++i) {
            std::string when(",");
            when.append(std::to_string(i / static_cast<std::size_t>(per_day) + 1));
            when.push_back(',');
            when.append(sim::format_time_of_day(s.calendar.open + static_cast<double>(i % static_cast<std::size_t>(per_day)) * s.calendar.interval));
            row(runs[k].result.intervals[i], when);
          }
        }
      }
    });
  }
  const auto write_json = [&](std::ostream& os) {
    nlohmann::ordered_json j;
    j["provenance"] = provenance(input.document, s.run.seed, s.run.replications);
    j["pairing"] = "common random numbers: every point runs seed " + std::to_string(s.run.seed) + " with " + std::to_string(s.run.replications) + " replications";
    for (const auto& a : axes) j["grid"].push_back({{"path", a.path}, {"values", a.values}});
    j["points_run"] = {first, end};
    j["points"] = nlohmann::ordered_json::array();
    for (std::size_t k = 0; k < runs.size(); ++k) {
      nlohmann::ordered_json p;
      p["point"] = first + k;
      for (std::size_t a = 0; a < axes.size(); ++a) p["values"][axes[a].path] = runs[k].values[a];
      const auto metrics = [&](const std::vector<sim::Estimate>& e, bool per_interval) {
        nlohmann::ordered_json m;
        for (const auto& info : infos) {
          if (!sim::reported(info, s) || (per_interval && !info.per_interval)) continue;
          const auto& x = e[static_cast<std::size_t>(info.metric)];
          m[info.name] = {{"mean", x.mean ? nlohmann::ordered_json(*x.mean) : nlohmann::ordered_json(nullptr)},
                          {"ci95", x.ci95 ? nlohmann::ordered_json(*x.ci95) : nlohmann::ordered_json(nullptr)}};
        }
        return m;
      };
      p["summary"] = metrics(runs[k].result.summary, false);
      if (intervals)
        for (const auto& e : runs[k].result.intervals) p["intervals"].push_back(metrics(e, true));
      j["points"].push_back(p);
    }
    os << j.dump(2) << "\n";
  };
  if (outputs.json_path == "-") write_json(out);
  else if (!outputs.json_path.empty()) files.add("--json", outputs.json_path, write_json);
  files.commit();
  if (outputs.quiet || outputs.json_path == "-") return;
  out << (s.name.empty() ? scenario_path : s.name) << ": " << runs.size() << " points of " << total << ", seed " << s.run.seed << ", "
      << s.run.replications << " replications each (common random numbers)\n";
  out << "  SL = " << sim::service_level_definition(static_cast<const sim::Model&>(s)) << "\n";
  std::string head = "  ";
  for (const auto& a : axes) {
    char b[64];
    std::snprintf(b, sizeof b, "%-18.18s ", a.path.c_str());
    head += b;
  }
  out << head << "        SL       ASA   abandon  occupancy\n";
  for (const auto& r : runs) {
    std::string line = "  ";
    for (const auto& v : r.values) {
      char b[64];
      std::snprintf(b, sizeof b, "%-18.18s ", value_text(v).c_str());
      line += b;
    }
    const auto& sum = r.result.summary;
    const auto cell = [&](sim::Metric m) {
      char b[32];
      std::snprintf(b, sizeof b, "%10s", format_metric(m, sum[static_cast<std::size_t>(m)].mean).c_str());
      return std::string(b);
    };
    out << line << cell(sim::Metric::service_level) << cell(sim::Metric::asa) << cell(sim::Metric::abandon_rate) << cell(sim::Metric::occupancy) << "\n";
  }
  (void)err;
}

}  // namespace ccsim::cli
