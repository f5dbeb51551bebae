#include "commands.hpp"

#include <charconv>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ccsim/models/erlang.hpp"
#include "ccsim/models/limits.hpp"
#include "ccsim/models/retrial.hpp"
#include "ccsim/sim/calendar.hpp"
#include "ccsim/sim/csv_field.hpp"
#include "ccsim/sim/duration.hpp"
#include "ccsim/sim/forecast.hpp"
#include "ccsim/sim/forecast_staffing.hpp"
#include "ccsim/sim/output_files.hpp"
#include "ccsim/sim/scenario.hpp"
#include "flags.hpp"
#include "output_check.hpp"

namespace ccsim::cli {
namespace {

using models::Queue;
using models::QueueFigures;
using models::StaffingTargets;
using sim::format_duration;

// ---------------------------------------------------------------------------------------------
// Formatting.

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string percent(double fraction_value) { return fixed(100.0 * fraction_value, 2) + "%"; }

std::string probability(double p) {
  char buffer[64];
  if (p != 0 && p < 1e-4) {
    std::snprintf(buffer, sizeof buffer, "%.3e", p);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.6f", p);
  }
  return buffer;
}

std::string seconds_text(double s) { return fixed(s, s < 100 ? 2 : 1) + " s"; }

void row(std::ostream& out, const std::string& label, const std::string& value, const std::string& note = "") {
  char buffer[256];
  std::snprintf(buffer, sizeof buffer, "  %-22s %s", label.c_str(), value.c_str());
  out << buffer;
  if (!note.empty()) out << "   " << note;
  out << "\n";
}

}  // namespace

// ---------------------------------------------------------------------------------------------

struct ErlangCommandImpl {
  CLI::App* erlang = nullptr;
  CLI::App* b = nullptr;
  CLI::App* c = nullptr;
  CLI::App* a = nullptr;
  // Raw flag texts per subcommand (parsed by us, for messages that name the flag and value).
  std::map<std::string, std::string> values;
  bool table = false;
  bool json = false;
  bool no_warnings = false;
  mutable std::vector<std::string> warnings;  // implausible values, said before the results

  void add_load_options(CLI::App* sub, bool with_aht) {
    sub->add_option("--load", values["--load"], "offered load in Erlangs")->type_name("ERLANGS");
    sub->add_option("--calls", values["--calls"], "calls offered per --interval")->type_name("N");
    sub->add_option("--interval", values["--interval"], "length of the interval the --calls arrive in (e.g. 30m)")->type_name("DURATION");
    sub->add_option("--rate", values["--rate"], "calls offered per hour")->type_name("PER_HOUR");
    sub->add_option("--aht", values["--aht"],
                    with_aht ? "mean handle time (talk + after-call work): 180, 180s, 3m"
                             : "mean handle time, to turn --calls or --rate into a load")
        ->type_name("DURATION");
    sub->add_flag("--no-warnings", no_warnings, "do not print warnings about implausible values");
  }

  void add_queue_options(CLI::App* sub, bool abandonment) {
    add_load_options(sub, true);
    sub->add_option("--agents", values["--agents"], "agents answering calls (omit to solve for the fewest)")->type_name("N");
    sub->add_option("--lines", values["--lines"], "trunk lines (held while waiting and talking); default unlimited")->type_name("N");
    sub->add_option("--answer-within", values["--answer-within"],
                    "service-level threshold T (default 20s)")->type_name("DURATION");
    sub->add_option("--sl-target", values["--sl-target"], "least fraction answered within T (e.g. 0.8)")->type_name("FRACTION");
    sub->add_option("--asa-target", values["--asa-target"], "largest average speed of answer (e.g. 15s)")->type_name("DURATION");
    sub->add_option("--max-occupancy", values["--max-occupancy"], "largest occupancy (e.g. 0.85)")->type_name("FRACTION");
    sub->add_option("--max-p-wait", values["--max-p-wait"], "largest probability of waiting")->type_name("FRACTION");
    sub->add_option("--shrinkage", values["--shrinkage"], "fraction of paid time off the phones (e.g. 0.3)")->type_name("FRACTION");
    if (abandonment) {
      sub->add_option("--patience", values["--patience"], "mean patience of waiting callers (exponential)")->type_name("DURATION")
          ->required();
      sub->add_option("--max-abandon", values["--max-abandon"], "largest probability of abandoning")->type_name("FRACTION");
    }
    sub->add_option("--redial-probability", values["--redial-probability"],
                    "share of blocked or abandoning callers who ring again (retrial queue)")->type_name("FRACTION");
    sub->add_option("--redial-delay", values["--redial-delay"], "mean time before they ring again (exponential)")
        ->type_name("DURATION");
    auto* table_flag = sub->add_flag("--table", table, "print the staffing table around the answer");
    sub->add_flag("--json", json, "print one JSON object (with --forecast: every interval)");
    auto* forecast = sub->add_option("--forecast", values["--forecast"],
                                     "a forecast CSV (date or weekday, interval, calls, optionally aht and call_type): "
                                     "the fewest agents of every interval")
                         ->type_name("FILE");
    sub->add_option("--csv", values["--csv"], "with --forecast: write every interval's answer to this CSV file")
        ->type_name("FILE")
        ->needs(forecast);
    for (const char* flag : {"--load", "--calls", "--rate", "--agents", "--redial-probability", "--redial-delay"})
      forecast->excludes(sub->get_option(flag));
    forecast->excludes(table_flag);
  }

  // A duration flag of the solvers: at least `least` seconds (and at most ten years).
  [[nodiscard]] double solver_duration(const char* flag, double least) const {
    const double seconds = duration(flag, text(flag), false);
    if (seconds < least) bad(flag, text(flag), "is shorter than " + format_duration(least) + ", the least the solvers take");
    return seconds;
  }

  [[nodiscard]] bool given(const char* flag) const {
    const auto it = values.find(flag);
    return it != values.end() && !it->second.empty();
  }
  [[nodiscard]] const std::string& text(const char* flag) const { return values.at(flag); }

  // Offered load in Erlangs and, when the command needs it, the arrival rate per second.
  struct Load {
    double erlangs = 0;
    double handle_time = 0;  // seconds; 0 when not given (Erlang B with --load)
    std::string description;
  };

  // `allow_none`: no calls offered is an answer (no agents), not an error (Erlang C and A).
  [[nodiscard]] Load load(bool need_aht, bool allow_none = false) const {
    Load result;
    const int ways = int(given("--load")) + int(given("--calls")) + int(given("--rate"));
    if (ways == 0) throw std::invalid_argument("give the load: --load ERLANGS, --calls N --interval D, or --rate PER_HOUR");
    if (ways > 1) throw std::invalid_argument("give the load only once: one of --load, --calls, --rate");
    if (given("--aht")) result.handle_time = solver_duration("--aht", limits::min_solver_handle_time);
    if (given("--interval") && !given("--calls"))
      throw std::invalid_argument("--interval: only meaningful with --calls");
    if ((need_aht || !given("--load")) && !given("--aht"))
      throw std::invalid_argument("--aht is missing: give the mean handle time, e.g. --aht 180 or --aht 3m");
    if (given("--load")) {
      result.erlangs = allow_none ? nonnegative("--load", text("--load")) : positive("--load", text("--load"));
      result.description = fixed(result.erlangs, 3) + " Erlangs";
    } else if (given("--calls")) {
      if (!given("--interval"))
        throw std::invalid_argument("--interval is missing: say how long the --calls take to arrive, e.g. --interval 30m");
      const double calls = allow_none ? nonnegative("--calls", text("--calls")) : positive("--calls", text("--calls"));
      const double interval = duration("--interval", text("--interval"), false);
      const std::string& interval_text = text("--interval");
      if (interval < 60 && interval_text.find_first_not_of("0123456789.") == std::string::npos) {
        char w[128];
        std::snprintf(w, sizeof w, "--interval %s: %g seconds (a bare number is seconds); did you mean %sm?", interval_text.c_str(),
                      interval, interval_text.c_str());
        warnings.emplace_back(w);
      }
      result.erlangs = calls / interval * result.handle_time;
      result.description = text("--calls") + " calls per " + format_duration(interval) + " x AHT " +
                           format_duration(result.handle_time);
    } else {
      const double per_hour = allow_none ? nonnegative("--rate", text("--rate")) : positive("--rate", text("--rate"));
      result.erlangs = per_hour / 3600.0 * result.handle_time;
      result.description = text("--rate") + " calls per hour x AHT " + format_duration(result.handle_time);
    }
    if (!std::isfinite(result.erlangs) || !(result.erlangs > 0 || (allow_none && result.erlangs == 0)))
      throw std::invalid_argument("the offered load is not a positive finite number of Erlangs");
    if (result.erlangs > limits::max_load) {
      char load_text[64];
      std::snprintf(load_text, sizeof load_text, "%.6g", result.erlangs);
      throw std::invalid_argument("the offered load, " + std::string(load_text) + " Erlangs" +
                                  (given("--load") ? "" : " (" + result.description + ")") +
                                  ", is more than the solvers' limit of " + fixed(limits::max_load, 0) +
                                  " Erlangs: split the traffic into smaller groups");
    }
    return result;
  }

  void run_b(std::ostream& out) const;
  void run_queue(std::ostream& out, bool abandonment) const;
  void run_forecast(std::ostream& out, bool abandonment) const;
  [[nodiscard]] StaffingTargets read_targets(bool abandonment) const;
};

void run_erlang(const ErlangCommandImpl& impl, std::ostream& out, std::ostream& err);

Subcommand add_erlang_command(CLI::App& app) {
  auto impl = std::make_shared<ErlangCommandImpl>();
  auto& s = *impl;
  s.erlang = app.add_subcommand("erlang", "analytic solvers: Erlang B, C and A, finite lines, staffing");
  s.erlang->require_subcommand(1);
  s.b = s.erlang->add_subcommand("b", "Erlang B: blocking on N lines; fewest lines; largest load");
  s.add_load_options(s.b, false);
  s.b->add_option("--lines", s.values["--lines"], "lines (servers)")->type_name("N");
  s.b->add_option("--block-target", s.values["--block-target"], "largest acceptable blocking probability")->type_name("FRACTION");
  s.b->add_flag("--json", s.json, "print one JSON object");
  s.c = s.erlang->add_subcommand("c", "Erlang C (M/M/N, or M/M/N/K with --lines): waiting, service level, staffing");
  s.add_queue_options(s.c, false);
  s.a = s.erlang->add_subcommand("a", "Erlang A (M/M/N+M, or M/M/N/K+M with --lines): with abandonment");
  s.add_queue_options(s.a, true);
  return {s.erlang, [impl](std::ostream& out, std::ostream& err) { run_erlang(*impl, out, err); }};
}


// Runs the chosen model, warnings first (also when it then fails).
void run_erlang(const ErlangCommandImpl& impl, std::ostream& out, std::ostream& err) {
  const auto* impl_ = &impl;
  // The warnings come first, also when the command then fails (a bare --interval 30 meant as
  // minutes often makes the queue unstable: the warning says why).
  const auto say_warnings = [&] {
    if (impl_->no_warnings) return;
    for (const auto& w : impl_->warnings) err << "ccsim: warning: " << w << "\n";
  };
  std::ostringstream results;
  try {
    if (impl_->b->parsed()) {
      impl_->run_b(results);
    } else if (impl_->given("--forecast")) {
      impl_->run_forecast(results, impl_->a->parsed());
    } else {
      impl_->run_queue(results, impl_->a->parsed());
    }
  } catch (...) {
    say_warnings();
    throw;
  }
  say_warnings();
  out << results.str();
}

void ErlangCommandImpl::run_b(std::ostream& out) const {
  const bool has_load = given("--load") || given("--calls") || given("--rate");
  const bool has_lines = given("--lines");
  const bool has_target = given("--block-target");
  if (int(has_load) + int(has_lines) + int(has_target) != 2) {
    throw std::invalid_argument(
        "erlang b needs exactly two of: the load (--load, --calls/--interval/--aht or --rate/--aht), "
        "--lines, --block-target");
  }
  nlohmann::ordered_json j;
  j["model"] = "erlang_b";
  if (has_load && has_lines) {
    const Load l = load(false);
    const std::int64_t lines = count("--lines", text("--lines"), limits::max_lines, "the most trunk lines");
    const double p_block = models::erlang_b(lines, l.erlangs);
    j["offered_load"] = l.erlangs;
    j["lines"] = lines;
    j["p_block"] = p_block;
    if (json) { out << j.dump(2) << "\n"; return; }
    out << "Erlang B (M/M/N/N: blocked calls lost)\n";
    row(out, "offered load", l.description);
    row(out, "lines", std::to_string(lines));
    row(out, "P(block)", probability(p_block), "(" + percent(p_block) + " of calls get a busy signal)");
    row(out, "carried load", fixed(l.erlangs * (1 - p_block), 3) + " Erlangs");
  } else if (has_load) {
    const Load l = load(false);
    const double target = fraction("--block-target", text("--block-target"), false, false);
    const std::int64_t lines = models::lines_for_blocking(l.erlangs, target);
    const double p_block = models::erlang_b(lines, l.erlangs);
    j["offered_load"] = l.erlangs;
    j["lines"] = lines;
    j["p_block"] = p_block;
    if (json) { out << j.dump(2) << "\n"; return; }
    out << "Erlang B: fewest lines with P(block) <= " << text("--block-target") << "\n";
    row(out, "offered load", l.description);
    row(out, "lines", std::to_string(lines));
    row(out, "P(block)", probability(p_block));
    row(out, "P(block), one fewer", lines > 0 ? probability(models::erlang_b(lines - 1, l.erlangs)) : "-");
  } else {
    const std::int64_t lines = count("--lines", text("--lines"), limits::max_lines, "the most trunk lines");
    const double target = fraction("--block-target", text("--block-target"), false, false);
    const double max_load = models::max_load_for_blocking(lines, target);
    j["lines"] = lines;
    j["p_block"] = target;
    j["max_load"] = max_load;
    if (json) { out << j.dump(2) << "\n"; return; }
    out << "Erlang B: largest load that " << lines << " lines carry at P(block) = " << text("--block-target")
        << "\n";
    row(out, "max load", fixed(max_load, 4) + " Erlangs");
    if (given("--aht")) {
      const double aht = solver_duration("--aht", limits::min_solver_handle_time);
      row(out, "calls per hour", fixed(max_load * 3600.0 / aht, 1), "(at AHT " + format_duration(aht) + ")");
    }
  }
}

StaffingTargets ErlangCommandImpl::read_targets(bool abandonment) const {
  StaffingTargets targets;
  targets.answer_within = given("--answer-within") ? duration("--answer-within", text("--answer-within"), true) : 20.0;
  if (given("--sl-target")) targets.service_level = fraction("--sl-target", text("--sl-target"), false, false);
  if (given("--asa-target")) targets.max_asa = duration("--asa-target", text("--asa-target"), false);
  if (given("--max-occupancy"))
    targets.max_occupancy = fraction("--max-occupancy", text("--max-occupancy"), false, true);
  if (given("--max-p-wait")) targets.max_p_wait = fraction("--max-p-wait", text("--max-p-wait"), false, true);
  if (abandonment && given("--max-abandon"))
    targets.max_abandon = fraction("--max-abandon", text("--max-abandon"), false, true);
  return targets;
}

void ErlangCommandImpl::run_queue(std::ostream& out, bool abandonment) const {
  const Load l = load(true, true);
  Queue queue;
  queue.handle_time = l.handle_time;
  queue.arrival_rate = l.erlangs / l.handle_time;
  if (given("--lines")) queue.lines = count("--lines", text("--lines"), limits::max_lines, "the most trunk lines");
  if (abandonment) queue.mean_patience = solver_duration("--patience", limits::min_solver_handle_time);
  const StaffingTargets targets = read_targets(abandonment);
  if (l.erlangs == 0) {  // no calls: no agents needed, nobody waits
    const std::int64_t agents = given("--agents") ? count("--agents", text("--agents"), limits::max_agents, "the most agents") : 0;
    if (json) {
      nlohmann::ordered_json j;
      j["model"] = abandonment ? "erlang_a" : "erlang_c";
      j["offered_load"] = 0.0;
      j["agents"] = agents;
      j["answer_within"] = targets.answer_within;
      j["p_wait"] = 0.0;
      if (abandonment) j["p_abandon"] = 0.0;
      j["service_level"] = nullptr;
      j["asa"] = nullptr;
      j["occupancy"] = 0.0;
      j["no_calls"] = true;
      out << j.dump(2) << "\n";
      return;
    }
    out << (abandonment ? "Erlang A" : "Erlang C") << ": no calls offered\n";
    row(out, "offered load", "0 Erlangs", "(" + l.description + ")");
    row(out, "agents", std::to_string(agents), given("--agents") ? "" : "(none needed)");
    row(out, "P(wait)", probability(0.0));
    row(out, "service level", "-", "(no calls to answer)");
    return;
  }
  std::optional<double> shrinkage;
  if (given("--shrinkage")) shrinkage = fraction("--shrinkage", text("--shrinkage"), true, false);

  const bool solving = !given("--agents");
  if (solving) {
    if (!targets.any()) {
      throw std::invalid_argument(
          "give --agents, or at least one target to solve for (--sl-target, --asa-target, --max-occupancy, "
          "--max-p-wait" + std::string(abandonment ? ", --max-abandon)" : ")"));
    }
    queue.agents = models::agents_for_targets(queue, targets);
  } else {
    queue.agents = count("--agents", text("--agents"), limits::max_agents, "the most agents");
  }
  // Returning callers: the retrial queue replaces the figures, and the staffing search continues
  // upward from the answer without retrials (retrials only add load).
  std::optional<models::RetrialQueue> retrial;
  if (given("--redial-probability") || given("--redial-delay")) {
    if (!given("--redial-probability")) throw std::invalid_argument("--redial-delay: only meaningful with --redial-probability");
    if (!given("--redial-delay"))
      throw std::invalid_argument("--redial-delay is missing: say how long callers wait before ringing again, e.g. --redial-delay 10m");
    retrial = models::RetrialQueue{};
    retrial->redial_probability = fraction("--redial-probability", text("--redial-probability"), true, true);
    retrial->redial_delay = solver_duration("--redial-delay", limits::min_return_delay);
  }
  const auto retrial_of = [&](const Queue& q) {
    models::RetrialQueue r = *retrial;
    r.queue = q;
    return r;
  };
  // The queues below differ only in their agents: the retrial chain (seconds for a large one) is
  // solved once per agent count, whether the search or the table asks.
  std::map<std::int64_t, models::RetrialFigures> retrial_solved;
  const auto retrial_figures_of = [&](const Queue& q) -> const models::RetrialFigures& {
    auto known = retrial_solved.find(q.agents);
    if (known == retrial_solved.end())
      known = retrial_solved.emplace(q.agents, models::retrial_figures(retrial_of(q), targets.answer_within)).first;
    return known->second;
  };
  const auto figures_of = [&](const Queue& q) {
    if (!retrial) return models::queue_figures(q, targets.answer_within);
    return models::as_queue_figures(retrial_of(q), retrial_figures_of(q), targets.answer_within);
  };
  if (solving && retrial) {
    // Every target improves with agents (fewer fail, so fewer ring again): gallop up from the
    // answer without retrials, then bisect, so that a few solves of the chain decide, not one
    // solve per agent.
    const auto meets = [&](std::int64_t agents) {
      Queue q = queue;
      q.agents = agents;
      return targets.met_by(figures_of(q));
    };
    const std::int64_t highest = std::min(queue.lines ? *queue.lines : limits::max_agents, limits::max_agents);
    if (!meets(queue.agents)) {
      const auto fewest = models::fewest_meeting(queue.agents, highest, meets);
      if (!fewest) {
        throw models::TargetsUnreachable(
            queue.lines ? "no agent count meets the targets with " + std::to_string(*queue.lines) + " lines and returning callers"
                        : "no agent count up to " + std::to_string(highest) + " meets the targets with returning callers");
      }
      queue.agents = *fewest;
    }
  }
  const QueueFigures f = figures_of(queue);
  std::optional<models::RetrialFigures> returning;
  if (retrial) returning = retrial_figures_of(queue);

  const std::string model = abandonment ? "erlang_a" : "erlang_c";
  const std::string kendall = std::string(queue.lines ? "M/M/N/K" : "M/M/N") + (abandonment ? "+M" : "") +
                              (retrial ? " with retrials" : "");
  const bool lines = queue.lines.has_value();

  // Staffing table rows: a few agents either side of the answer, never an unstable count.
  std::vector<QueueFigures> table_rows;
  if (table) {
    const std::int64_t least = (!lines && !abandonment) ? static_cast<std::int64_t>(std::floor(f.offered_load)) + 1 : 1;
    const std::int64_t most = std::min(queue.agents + 4, limits::max_agents);
    for (std::int64_t n = std::max(least, queue.agents - 4); n <= most; ++n) {
      Queue q = queue;
      q.agents = n;
      table_rows.push_back(figures_of(q));
    }
  }

  if (json) {
    const auto figures_json = [&](const QueueFigures& g) {
      nlohmann::ordered_json j;
      j["model"] = model;
      j["offered_load"] = g.offered_load;
      j["agents"] = g.agents;
      if (lines) {
        j["lines"] = *g.lines;
        j["p_block"] = g.p_block;
      }
      j["answer_within"] = g.answer_within;
      j["p_wait"] = g.p_wait;
      if (abandonment) j["p_abandon"] = g.p_abandon;
      j["service_level"] = g.service_level;
      j["service_level_answered"] = g.service_level_answered;
      j["asa"] = g.asa;
      j["mean_wait"] = g.mean_wait;
      j["mean_queue"] = g.mean_queue;
      j["occupancy"] = g.occupancy;
      return j;
    };
    nlohmann::ordered_json j = figures_json(f);
    if (returning) {
      j["redial_probability"] = retrial->redial_probability;
      j["redial_delay"] = retrial->redial_delay;
      j["retrial_rate"] = returning->retrial_rate;
      j["effective_load"] = returning->effective_load;
      j["mean_orbit"] = returning->mean_orbit;
      if (lines) j["p_block_fresh"] = returning->p_block_fresh;
      j["p_lost"] = returning->p_lost;
      j["truncation_mass"] = returning->truncation_mass;
    }
    if (shrinkage) j["scheduled_agents"] = models::scheduled_agents(f.agents, *shrinkage);
    if (targets.any()) j["targets_met"] = targets.met_by(f);
    if (table) {
      j["table"] = nlohmann::ordered_json::array();
      for (const auto& r : table_rows) j["table"].push_back(figures_json(r));
    }
    out << j.dump(2) << "\n";
    return;
  }

  out << (abandonment ? "Erlang A" : "Erlang C") << " (" << kendall << ")";
  if (solving) out << ": fewest agents meeting every target";
  out << "\n";
  row(out, "offered load", fixed(f.offered_load, 3) + " Erlangs", "(" + l.description + ")");
  if (abandonment) row(out, "mean patience", format_duration(queue.mean_patience));
  if (lines) row(out, "lines", std::to_string(*f.lines));
  row(out, "agents", std::to_string(f.agents), solving ? "(solved)" : "");
  if (shrinkage) {
    row(out, "scheduled agents", std::to_string(models::scheduled_agents(f.agents, *shrinkage)),
        "(shrinkage " + percent(*shrinkage) + ")");
  }
  if (returning) {
    row(out, "redials", percent(retrial->redial_probability) + " after " + format_duration(retrial->redial_delay),
        "(blocked and abandoning callers ring again; exponential delay)");
    row(out, "retrial rate", fixed(returning->retrial_rate * 3600.0, 2) + " per hour",
        "(" + fixed(returning->mean_orbit, 3) + " callers waiting to ring again)");
    row(out, "effective load", fixed(returning->effective_load, 3) + " Erlangs", "(fresh calls + retrials)");
  }
  if (lines) row(out, "P(block)", probability(f.p_block), returning ? "(busy signal, per attempt)" : "(busy signal)");
  if (returning && lines) row(out, "P(block) fresh", probability(returning->p_block_fresh), "(first attempts)");
  const std::string of_whom = returning ? "admitted attempts" : lines ? "admitted calls" : "offered calls";
  row(out, "P(wait)", probability(f.p_wait));
  if (abandonment) row(out, "P(abandon)", probability(f.p_abandon), "(of " + of_whom + ")");
  row(out, "service level", percent(f.service_level),
      "(answered within " + format_duration(f.answer_within) + " / " + of_whom + ")");
  row(out, "SL of answered", percent(f.service_level_answered),
      "(answered within " + format_duration(f.answer_within) + " / answered calls)");
  row(out, "ASA", seconds_text(f.asa), "(mean wait of answered calls)");
  if (abandonment) row(out, "mean wait (all)", seconds_text(f.mean_wait), "(abandoners included)");
  row(out, "mean queue", fixed(f.mean_queue, 3), "(callers waiting, time average)");
  row(out, "occupancy", percent(f.occupancy));
  if (returning) row(out, "P(lost)", probability(returning->p_lost), "(fresh callers who give up unserved)");
  if (targets.any()) row(out, "targets met", targets.met_by(f) ? "yes" : "no");

  if (table) {
    out << "\n  agents  SL(" << format_duration(f.answer_within) << ")      ASA    occupancy   P(wait)";
    if (abandonment) out << "  P(abandon)";
    if (lines) out << "   P(block)";
    out << "\n";
    for (const auto& r : table_rows) {
      char buffer[256];
      std::snprintf(buffer, sizeof buffer, "  %6lld  %8s  %9s  %9s  %8.4f", static_cast<long long>(r.agents),
                    percent(r.service_level).c_str(), seconds_text(r.asa).c_str(), percent(r.occupancy).c_str(),
                    r.p_wait);
      out << buffer;
      if (abandonment) { std::snprintf(buffer, sizeof buffer, "  %10.4f", r.p_abandon); out << buffer; }
      if (lines) { std::snprintf(buffer, sizeof buffer, "  %9.4f", r.p_block); out << buffer; }
      if (r.agents == f.agents) out << (solving ? "   <- fewest meeting the targets" : "   <- given");
      out << "\n";
    }
  }
}

}  // namespace ccsim::cli

namespace ccsim::cli {

// Erlang C or A over every row of a forecast file: the terminal table, --json, --csv.
void ErlangCommandImpl::run_forecast(std::ostream& out, bool abandonment) const {
  const std::string& file = text("--forecast");
  check_outputs({file}, {{"--csv", given("--csv") ? text("--csv") : std::string()}});
  const sim::Forecast forecast = sim::read_forecast(file);
  sim::ForecastStaffingOptions options;
  options.targets = read_targets(abandonment);
  if (!options.targets.any()) {
    throw std::invalid_argument(
        "--forecast: give at least one target to solve every interval for (--sl-target, --asa-target, --max-occupancy, "
        "--max-p-wait" + std::string(abandonment ? ", --max-abandon)" : ")"));
  }
  if (given("--aht")) options.aht = solver_duration("--aht", limits::min_solver_handle_time);
  if (!forecast.has_aht && !options.aht)
    throw std::invalid_argument("--aht is missing: " + file + " has no aht column (give --aht, e.g. --aht 3m)");
  if (given("--lines")) options.lines = count("--lines", text("--lines"), limits::max_lines, "the most trunk lines");
  if (abandonment) options.mean_patience = solver_duration("--patience", limits::min_solver_handle_time);
  const auto step = sim::forecast_step(forecast);
  if (given("--interval")) {
    options.interval = duration("--interval", text("--interval"), false);
    if (step && *step < options.interval - 1e-9)
      bad("--interval", text("--interval"), "is longer than the file's intervals (" + format_duration(*step) + " apart)");
  } else if (step) {
    options.interval = *step;
  } else {
    throw std::invalid_argument("--interval is missing: every row of " + file + " starts at the same time of day, so give its length");
  }
  std::optional<double> shrinkage;
  if (given("--shrinkage")) shrinkage = fraction("--shrinkage", text("--shrinkage"), true, false);
  const auto rows = sim::staff_forecast(forecast, options);
  const std::string model = abandonment ? "erlang_a" : "erlang_c";

  const auto weekday_of = [&](const sim::ForecastRow& r) { return r.date ? sim::weekday_of_date(*r.date) : r.weekday; };
  const auto end_of = [&](const sim::ForecastRow& r) {
    return sim::format_time_of_day(std::fmod(r.start_since_midnight + options.interval, 86400.0));
  };
  // Totals per call type, in order of first appearance.
  std::vector<std::string> types;
  std::map<std::string, std::pair<double, double>> totals;  // calls, agent-hours
  for (const auto& s : rows) {
    const auto& r = forecast.rows[s.row];
    if (!totals.count(r.call_type)) types.push_back(r.call_type);
    auto& t = totals[r.call_type];
    t.first += r.calls;
    t.second += static_cast<double>(s.figures.agents) * options.interval / 3600.0;
  }

  std::string target_text;
  const StaffingTargets& tg = options.targets;
  if (tg.service_level) target_text += "SL " + percent(*tg.service_level) + " within " + format_duration(tg.answer_within);
  if (tg.max_asa) target_text += (target_text.empty() ? "" : ", ") + std::string("ASA <= ") + format_duration(*tg.max_asa);
  if (tg.max_occupancy) target_text += (target_text.empty() ? "" : ", ") + std::string("occupancy <= ") + percent(*tg.max_occupancy);
  if (tg.max_p_wait) target_text += (target_text.empty() ? "" : ", ") + std::string("P(wait) <= ") + fixed(*tg.max_p_wait, 3);
  if (tg.max_abandon) target_text += (target_text.empty() ? "" : ", ") + std::string("P(abandon) <= ") + fixed(*tg.max_abandon, 3);

  const auto row_json = [&](const sim::ForecastStaffingRow& s) {
    const auto& r = forecast.rows[s.row];
    const auto& g = s.figures;
    nlohmann::ordered_json j;
    if (r.date) j["date"] = sim::format_date(*r.date);
    j["weekday"] = sim::weekday_names[weekday_of(r)];
    j["start"] = sim::format_time_of_day(r.start_since_midnight);
    j["end"] = end_of(r);
    if (forecast.has_call_type) j["call_type"] = r.call_type;
    j["calls"] = r.calls;
    j["aht"] = s.aht;
    j["offered_load"] = g.offered_load;
    j["agents"] = g.agents;
    if (shrinkage) j["scheduled_agents"] = s.no_calls ? 0 : models::scheduled_agents(g.agents, *shrinkage);
    if (options.lines) j["p_block"] = g.p_block;
    j["p_wait"] = g.p_wait;
    if (abandonment) j["p_abandon"] = g.p_abandon;
    if (s.no_calls) {
      j["service_level"] = nullptr;
      j["asa"] = nullptr;
    } else {
      j["service_level"] = g.service_level;
      j["asa"] = g.asa;
    }
    j["occupancy"] = g.occupancy;
    return j;
  };

  if (given("--csv")) {
    sim::OutputFiles outputs({file});
    outputs.add("--csv", text("--csv"), [&](std::ostream& os) {
      os << "date,weekday,start,end,call_type,calls,aht,offered_load,agents" << (shrinkage ? ",scheduled_agents" : "")
         << (options.lines ? ",p_block" : "") << ",p_wait" << (abandonment ? ",p_abandon" : "") << ",service_level,asa,occupancy\n";
      char buffer[64];
      const auto num = [&](double x) {
        std::snprintf(buffer, sizeof buffer, "%.10g", x);
        return std::string(buffer);
      };
      for (const auto& s : rows) {
        const auto& r = forecast.rows[s.row];
        const auto& g = s.figures;
        const std::string type = sim::csv_field(r.call_type);
        os << (r.date ? sim::format_date(*r.date) : "") << ',' << sim::weekday_names[weekday_of(r)] << ','
           << sim::format_time_of_day(r.start_since_midnight) << ',' << end_of(r) << ',' << type << ',' << num(r.calls) << ','
           << num(s.aht) << ',' << num(g.offered_load) << ',' << g.agents;
        if (shrinkage) os << ',' << (s.no_calls ? 0 : models::scheduled_agents(g.agents, *shrinkage));
        if (options.lines) os << ',' << num(g.p_block);
        os << ',' << num(g.p_wait);
        if (abandonment) os << ',' << num(g.p_abandon);
        os << ',' << (s.no_calls ? "" : num(g.service_level)) << ',' << (s.no_calls ? "" : num(g.asa)) << ',' << num(g.occupancy) << '\n';
      }
    });
    outputs.commit();
  }

  if (json) {
    // Streamed a row at a time: a forecast of millions of rows is never held as one text.
    nlohmann::ordered_json head;
    head["model"] = model;
    head["forecast"] = file;
    head["interval"] = options.interval;
    head["answer_within"] = tg.answer_within;
    head["targets"] = target_text;
    if (abandonment) head["mean_patience"] = *options.mean_patience;
    std::string text = head.dump(2);
    text.pop_back();  // the closing brace
    while (!text.empty() && text.back() == '\n') text.pop_back();
    out << text << ",\n  \"intervals\": [";
    for (std::size_t i = 0; i < rows.size(); ++i) {
      out << (i == 0 ? "\n    " : ",\n    ") << row_json(rows[i]).dump();
      if (!out) throw sim::OutputError("standard output: the results could not be written completely (closed pipe or full disk?)");
    }
    out << (rows.empty() ? "]" : "\n  ]") << ",\n  \"totals\": [";
    bool first_total = true;
    for (const auto& t : types) {
      nlohmann::ordered_json tj;
      if (forecast.has_call_type) tj["call_type"] = t;
      tj["calls"] = totals[t].first;
      tj["agent_hours"] = totals[t].second;
      out << (first_total ? "\n    " : ",\n    ") << tj.dump();
      first_total = false;
    }
    out << (first_total ? "]" : "\n  ]") << "\n}\n";
    return;
  }
  out << (abandonment ? "Erlang A" : "Erlang C") << " over " << file << " (" << rows.size() << " intervals of "
      << format_duration(options.interval) << "): fewest agents meeting " << target_text << "\n";
  out << "  SL = answered within " << format_duration(tg.answer_within) << " / offered calls"
      << (options.lines ? " (admitted)" : "") << "\n\n";
  char buffer[256];
  std::snprintf(buffer, sizeof buffer, "  %-10s %-3s %-11s %-12s %8s %8s %8s %6s %8s %8s %9s %9s", "date", "day", "interval",
                "call type", "calls", "AHT", "load", "agents", "P(wait)", "SL", "ASA", "occupancy");
  out << buffer << "\n";
  for (const auto& s : rows) {
    const auto& r = forecast.rows[s.row];
    const auto& g = s.figures;
    const std::string when = sim::format_time_of_day(r.start_since_midnight) + "-" + end_of(r);
    const std::string day = r.date ? sim::format_date(*r.date) : "";
    std::string wd = sim::weekday_names[weekday_of(r)];
    wd[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(wd[0])));
    std::snprintf(buffer, sizeof buffer, "  %-10s %-3.3s %-11s %-12.12s %8.1f %8s %8.2f %6lld %8.4f %8s %9s %9s", day.c_str(),
                  wd.c_str(), when.c_str(), r.call_type.empty() ? "-" : r.call_type.c_str(), r.calls,
                  s.aht > 0 ? format_duration(s.aht).c_str() : "-", g.offered_load, static_cast<long long>(g.agents), g.p_wait,
                  s.no_calls ? "-" : percent(g.service_level).c_str(), s.no_calls ? "-" : seconds_text(g.asa).c_str(),
                  percent(g.occupancy).c_str());
    out << buffer << "\n";
  }
  out << "\n";
  for (const auto& t : types) {
    row(out, t.empty() ? "total" : "total " + t,
        fixed(totals[t].first, 1) + " calls, " + fixed(totals[t].second, 1) + " agent-hours on the phones");
  }
}

}  // namespace ccsim::cli
