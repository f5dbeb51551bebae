#include "commands.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ccsim/models/limits.hpp"
#include "ccsim/sim/comparison.hpp"
#include "ccsim/sim/csv_field.hpp"
#include "ccsim/sim/duration.hpp"
#include "ccsim/sim/input_error.hpp"
#include "ccsim/sim/metrics.hpp"
#include "ccsim/sim/output_files.hpp"
#include "ccsim/sim/scenario.hpp"
#include "flags.hpp"
#include "options.hpp"
#include "output_check.hpp"
#include "provenance.hpp"
#include "run_report.hpp"
#include "scenario_input.hpp"

namespace ccsim::cli {
namespace {

struct Arm {
  std::string name;
  nlohmann::json document;  // resolved (paths absolute), the base's seed and replications
  sim::Scenario scenario;
  sim::RecordedRun run;
};

// "NAME:PATH=VALUE;PATH=VALUE" -> name and assignments.
std::pair<std::string, std::vector<std::string>> parse_variant(const std::string& text) {
  const auto colon = text.find(':');
  const auto equals = text.find('=');
  if (colon == std::string::npos || colon == 0 || (equals != std::string::npos && equals < colon))
    bad("--variant", text, "is not NAME:PATH=VALUE[;PATH=VALUE...] (e.g. callbacks:callback.offer_after=60s)");
  // Assignments end at a ';' outside a JSON string ("name=\"a;b\"" is one assignment).
  std::vector<std::string> sets;
  std::string one;
  bool in_string = false, escaped = false;
  for (const char c : text.substr(colon + 1)) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == ';') {
      if (!one.empty()) sets.push_back(one);
      one.clear();
      continue;
    }
    one += c;
  }
  if (in_string) bad("--variant", text, "has a string without its closing \"");
  if (!one.empty()) sets.push_back(one);
  for (const auto& set : sets)
    for (const char* fixed : {"run.seed", "run.replications", "run="})
      if (set.rfind(fixed, 0) == 0)
        bad("--variant", text, "changes " + std::string(fixed[3] == '=' ? "run" : fixed) +
                                   ": every variant runs the base's seed and replications (common random numbers); set them with --set");
  if (sets.empty()) bad("--variant", text, "changes nothing: give PATH=VALUE after the name");
  return {text.substr(0, colon), sets};
}

nlohmann::ordered_json difference_json(const sim::Difference& d) {
  const auto value = [](const std::optional<double>& v) { return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr); };
  return {{"base", value(d.base)}, {"variant", value(d.variant)}, {"mean", value(d.difference)}, {"ci95", value(d.ci95)}, {"clear", d.clear_of_zero()}};
}

}  // namespace

struct CompareCommandImpl {
  CLI::App* compare = nullptr;
  std::string base_path;
  std::vector<std::string> variants, variant_files;
  ScenarioOptions scenario_options;
  OutputOptions outputs;
  ThreadOption threads;
  void execute(std::ostream& out, std::ostream& err) const;
};

Subcommand add_compare_command(CLI::App& app) {
  auto impl = std::make_shared<CompareCommandImpl>();
  auto& s = *impl;
  s.compare = app.add_subcommand("compare", "a base scenario against variants, run with common random numbers: paired differences with 95% intervals");
  s.compare->add_option("base", s.base_path, "the base scenario file")->required()->type_name("FILE");
  s.compare->add_option("--variant", s.variants, "a variant: NAME:PATH=VALUE[;PATH=VALUE...] applied to the base (these come first, then the --variant-file ones)")->type_name("NAME:CHANGES");
  s.compare->add_option("--variant-file", s.variant_files, "a variant given as a whole scenario file (named by its file name)")->type_name("FILE");
  s.scenario_options.add_to(*s.compare, "override a value of the base (and so of every --variant): PATH=VALUE");
  s.threads.add_to(*s.compare);
  s.outputs.add_to(*s.compare, "the base, each variant and the differences", "every difference (summary, per interval, per type and group)");
  return {s.compare, [impl](std::ostream& out, std::ostream& err) { impl->execute(out, err); }};
}

void CompareCommandImpl::execute(std::ostream& out, std::ostream& err) const {
  if (variants.empty() && variant_files.empty()) throw sim::ScenarioError("compare: give at least one --variant or --variant-file");
  const int thread_count = threads.threads();
  std::vector<Arm> arms;
  std::vector<std::string> inputs;  // every file read: no output may replace one
  {
    ScenarioInput base = read_scenario_input(base_path, scenario_options.overrides);
    inputs = base.files_read();
    scenario_options.print_warnings(base.scenario, base_path, err);
    Arm a{"base", base.document, base.scenario, {}};
    sim::resolve_relative_paths(a.document, base.directory);
    arms.push_back(std::move(a));
  }
  const nlohmann::json base_run = {{"seed", arms[0].scenario.run.seed}, {"replications", arms[0].scenario.run.replications}};
  const auto add_arm = [&](const std::string& name, nlohmann::json document, const std::string& where) {
    // Common random numbers: every variant runs the base's seed and replications (a variant
    // file that says otherwise is refused, never silently changed).
    if (!document.contains("run") || !document["run"].is_object()) document["run"] = nlohmann::json::object();
    for (const char* key : {"seed", "replications"})
      if (document["run"].contains(key) && document["run"][key] != base_run[key])
        throw sim::ScenarioError(where + ": run." + key + " " + sim::one_line(document["run"][key].dump()) + " differs from the base's " +
                                 base_run[key].dump() + ": every variant runs the base's (common random numbers); remove it or set both alike");
    document["run"]["seed"] = base_run["seed"];
    document["run"]["replications"] = base_run["replications"];
    Arm a{name, document, {}, {}};
    try {
      a.scenario = sim::parse_scenario(document, std::filesystem::current_path());
    } catch (const sim::ScenarioError& e) {
      throw sim::ScenarioError(where + ": " + e.what());
    }
    if (const auto why = sim::unpaired_reason(arms[0].scenario, a.scenario)) throw sim::ScenarioError(where + ": " + *why);
    for (const auto& other : arms)
      if (other.name == name) throw sim::ScenarioError(where + ": the name \"" + name + "\" is used twice");
    arms.push_back(std::move(a));
  };
  for (const auto& v : variants) {
    auto [name, sets] = parse_variant(v);
    nlohmann::json document = arms[0].document;
    try {
      for (const auto& s : sets) sim::apply_override(document, s);
    } catch (const sim::ScenarioError& e) {
      throw sim::ScenarioError("--variant " + name + ": " + e.what());
    }
    add_arm(name, document, "--variant " + name);
    for (const auto& set : sets)
      if (const auto why = sim::ineffective_override(arms.back().scenario, set)) throw sim::ScenarioError("--variant " + name + ": " + *why);
    // The variant's own warnings (those the base has were said once, above).
    std::vector<std::string> own = arms.back().scenario.warnings;
    const auto& said = arms[0].scenario.warnings;
    std::erase_if(own, [&](const std::string& w) { return std::find(said.begin(), said.end(), w) != said.end(); });
    scenario_options.print_warnings(own, "--variant " + name, err);
  }
  for (const auto& f : variant_files) {
    ScenarioInput in = read_scenario_input(f, scenario_options.overrides);
    scenario_options.print_warnings(in.scenario, f, err);
    for (auto& file : in.files_read()) inputs.push_back(std::move(file));
    sim::resolve_relative_paths(in.document, in.directory);
    add_arm(std::filesystem::path(f).stem().string(), in.document, f);
  }
  outputs.check_paths();
  check_outputs(inputs, {{"--json", outputs.json_path}, {"--csv", outputs.csv_path}});
  sim::RunOptions options;
  options.threads = thread_count;
  for (auto& a : arms) a.run = sim::run_recorded(a.scenario, options);

  const sim::Scenario& s = arms[0].scenario;
  const sim::RecordLayout layout(s);
  const auto& infos = sim::metric_infos();
  const int per_day = s.calendar.intervals_per_day();
  const auto results_json = [&](const Arm& a) {
    std::ostringstream text;
    RunReport r;
    r.scenario_path = base_path;
    r.json_path = "-";
    r.quiet = true;
    r.provenance = provenance(a.document, a.scenario.run.seed, a.scenario.run.replications);
    report_run(a.scenario, a.run.result, r, text);
    return nlohmann::ordered_json::parse(text.str());
  };
  std::vector<std::vector<sim::Difference>> differences;
  for (std::size_t v = 1; v < arms.size(); ++v) differences.push_back(sim::compare_records(layout, arms[0].run.records, arms[v].run.records));
  // The differences of one scope: summary, then per interval.
  const auto scope_json = [&](const std::vector<sim::Difference>& d, auto&& summary_slot, auto&& interval_slot, sim::Scope scope) {
    nlohmann::ordered_json j;
    for (const auto& info : infos) {
      if (!sim::reported(info, s, scope)) continue;
      j["summary"][info.name] = difference_json(d[summary_slot(static_cast<std::size_t>(info.metric))]);
    }
    j["intervals"] = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < layout.interval_count(); ++i) {
      nlohmann::ordered_json row{{"day", i / static_cast<std::size_t>(per_day) + 1},
                                 {"start", sim::format_time_of_day(s.calendar.open + static_cast<double>(i % static_cast<std::size_t>(per_day)) * s.calendar.interval)}};
      for (const auto& info : infos)
        if (info.per_interval && sim::reported(info, s, scope)) row[info.name] = difference_json(d[interval_slot(i, static_cast<std::size_t>(info.metric))]);
      j["intervals"].push_back(row);
    }
    return j;
  };
  sim::OutputFiles files(inputs);
  const auto write_json = [&](std::ostream& os) {
    nlohmann::ordered_json j;
    j["pairing"] = "common random numbers: seed " + std::to_string(s.run.seed) + ", " + std::to_string(s.run.replications) +
                   " replications, each variant's replication r against the base's; ci95: delta method on the paired per-replication differences";
    j["base"] = results_json(arms[0]);
    j["variants"] = nlohmann::ordered_json::array();
    for (std::size_t v = 1; v < arms.size(); ++v) {
      const auto& d = differences[v - 1];
      nlohmann::ordered_json entry;
      entry["name"] = arms[v].name;
      entry["results"] = results_json(arms[v]);
      auto centre = scope_json(d, [&](std::size_t m) { return layout.summary(m); }, [&](std::size_t i, std::size_t m) { return layout.interval(i, m); },
                               sim::Scope::centre);
      entry["difference"]["summary"] = centre["summary"];
      entry["difference"]["intervals"] = centre["intervals"];
      for (std::size_t t = 0; t < layout.types(); ++t) {
        auto one = scope_json(d, [&](std::size_t m) { return layout.scope_summary(t, m); },
                              [&](std::size_t i, std::size_t m) { return layout.scope_interval(t, i, m); }, sim::Scope::call_type);
        one["name"] = s.call_types[t].name;
        entry["difference"]["call_types"].push_back(one);
      }
      for (std::size_t g = 0; g < layout.groups(); ++g) {
        const std::size_t scope = layout.types() + g;
        auto one = scope_json(d, [&](std::size_t m) { return layout.scope_summary(scope, m); },
                              [&](std::size_t i, std::size_t m) { return layout.scope_interval(scope, i, m); }, sim::Scope::agent_group);
        one["name"] = s.agent_groups[g].name;
        entry["difference"]["agent_groups"].push_back(one);
      }
      j["variants"].push_back(entry);
    }
    os << j.dump(2) << "\n";
  };
  if (outputs.json_path == "-") write_json(out);
  else if (!outputs.json_path.empty()) files.add("--json", outputs.json_path, write_json);
  if (!outputs.csv_path.empty()) {
    files.add("--csv", outputs.csv_path, [&](std::ostream& os) {
      os << "variant,scope,name,day,start,metric,base,variant_value,difference,ci95,clear\n";
      const auto cell = [](const std::optional<double>& v) {
        if (!v) return std::string();
        char b[40];
        std::snprintf(b, sizeof b, "%.10g", *v);
        return std::string(b);
      };
      const auto row = [&](const std::string& variant, const char* scope, const std::string& name, const std::string& day, const std::string& start,
                           const sim::MetricInfo& info, const sim::Difference& d) {
        os << sim::csv_field(variant) << ',' << sim::csv_field(scope) << ',' << sim::csv_field(name) << ',' << day << ',' << start << ',' << info.name << ',' << cell(d.base) << ','
           << cell(d.variant) << ',' << cell(d.difference) << ',' << cell(d.ci95) << ',' << (d.clear_of_zero() ? 1 : 0) << '\n';
      };
      for (std::size_t v = 1; v < arms.size(); ++v) {
        const auto& d = differences[v - 1];
        const auto scope_rows = [&](const char* kind, const std::string& name, sim::Scope scope, auto&& summary_slot, auto&& interval_slot) {
          for (const auto& info : infos)
            if (sim::reported(info, s, scope)) row(arms[v].name, kind, name, "", "", info, d[summary_slot(static_cast<std::size_t>(info.metric))]);
          for (std::size_t i = 0; i < layout.interval_count(); ++i)
            for (const auto& info : infos)
              if (info.per_interval && sim::reported(info, s, scope))
                row(arms[v].name, kind, name, std::to_string(i / static_cast<std::size_t>(per_day) + 1),
                    sim::format_time_of_day(s.calendar.open + static_cast<double>(i % static_cast<std::size_t>(per_day)) * s.calendar.interval), info,
                    d[interval_slot(i, static_cast<std::size_t>(info.metric))]);
        };
        scope_rows("centre", "", sim::Scope::centre, [&](std::size_t m) { return layout.summary(m); }, [&](std::size_t i, std::size_t m) { return layout.interval(i, m); });
        for (std::size_t t = 0; t < layout.types(); ++t)
          scope_rows("call_type", s.call_types[t].name, sim::Scope::call_type, [&](std::size_t m) { return layout.scope_summary(t, m); },
                     [&](std::size_t i, std::size_t m) { return layout.scope_interval(t, i, m); });
        for (std::size_t g = 0; g < layout.groups(); ++g)
          scope_rows("agent_group", s.agent_groups[g].name, sim::Scope::agent_group,
                     [&](std::size_t m) { return layout.scope_summary(layout.types() + g, m); },
                     [&](std::size_t i, std::size_t m) { return layout.scope_interval(layout.types() + g, i, m); });
      }
    });
  }
  files.commit();
  if (outputs.quiet || outputs.json_path == "-") return;
  out << (s.name.empty() ? base_path : s.name) << ": " << arms.size() - 1 << (arms.size() == 2 ? " variant" : " variants")
      << " against the base, paired by replication (seed " << s.run.seed << ", " << s.run.replications << " replications)\n";
  out << "  SL = " << sim::service_level_definition(static_cast<const sim::Model&>(s)) << "; +-: 95% interval of the paired difference; "
      << "clear: the interval excludes 0\n";
  for (std::size_t v = 1; v < arms.size(); ++v) {
    out << "\n  " << arms[v].name << "\n";
    char line[160];
    std::snprintf(line, sizeof line, "  %-24s %11s %11s %12s %10s", "metric", "base", arms[v].name.substr(0, 11).c_str(), "difference", "+-95%");
    out << line << "\n";
    for (const auto& info : infos) {
      if (!sim::reported(info, s)) continue;
      const auto& d = differences[v - 1][layout.summary(static_cast<std::size_t>(info.metric))];
      const bool share = sim::is_share(info.metric);
      const auto diff = [&](const std::optional<double>& x) {
        if (!x) return std::string("-");
        char b[32];
        std::snprintf(b, sizeof b, share ? "%+.2f pt" : "%+.2f", share ? 100 * *x : *x);
        return std::string(b);
      };
      const auto half = [&](const std::optional<double>& x) {
        if (!x) return std::string("-");
        char b[32];
        std::snprintf(b, sizeof b, share ? "%.2f pt" : "%.2f", share ? 100 * *x : *x);
        return std::string(b);
      };
      std::snprintf(line, sizeof line, "  %-24s %11s %11s %12s %10s %s", info.name, format_metric(info.metric, d.base).c_str(),
                    format_metric(info.metric, d.variant).c_str(), diff(d.difference).c_str(), half(d.ci95).c_str(), d.clear_of_zero() ? "clear" : "");
      out << line << "\n";
    }
  }
}

}  // namespace ccsim::cli
