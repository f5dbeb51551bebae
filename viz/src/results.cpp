// Results of a run and the series the visualiser plots.
#include "ccsim/viz/results.hpp"

#include "ccsim/sim/comparison.hpp"
#include "ccsim/sim/replication_record.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>

#include "ccsim/models/erlang.hpp"

namespace ccsim::viz {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

sim::IntervalTally sum(const std::vector<sim::IntervalTally>& tallies, std::size_t from, std::size_t to) {
  sim::IntervalTally t;
  for (std::size_t i = from; i < to; ++i) t.add(tallies[i]);
  return t;
}

}  // namespace

Results simulate(const sim::Scenario& scenario, const SimulateOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  Results r;
  r.scenario = scenario;
  const sim::Scenario& s = r.scenario;
  const auto reps = static_cast<std::size_t>(s.run.replications);
  const auto days = static_cast<std::size_t>(s.calendar.days);
  const auto per_day = static_cast<std::size_t>(s.calendar.intervals_per_day());
  r.per_replication.assign(sim::metric_count, std::vector<sim::Pair>(reps));
  r.daily_service_level.assign(reps * days, nan);
  r.answered_waits.assign(sim::wait_histogram_bins, 0.0);
  if (s.several_queues) {
    const std::vector<std::vector<sim::Pair>> blank(sim::metric_count, std::vector<sim::Pair>(reps));
    r.per_replication_types.assign(s.call_types.size(), blank);
    r.per_replication_groups.assign(s.agent_groups.size(), blank);
  }

  sim::RunOptions run;
  run.threads = options.threads;
  run.progress = options.progress;
  run.cancelled = options.cancelled;
  // Called in replication order, under the runner's lock: the day's service level and the wait
  // histogram from the replication's tallies; the per-replication pairs of the whole horizon (for
  // paired comparisons) are the runner's own records'.
  run.on_replication = [&](int rep, const sim::ReplicationResult& result) {
    const auto ri = static_cast<std::size_t>(rep);
    for (std::size_t d = 0; d < days; ++d) {
      const sim::IntervalTally day = sum(result.intervals, d * per_day, (d + 1) * per_day);
      const sim::Pair p = sim::metric_pair(sim::Metric::service_level, day, s.service_level);
      r.daily_service_level[ri * days + d] = p.y > 0 ? p.x / p.y : nan;
    }
    for (std::size_t b = 0; b < result.answered_waits.size(); ++b) r.answered_waits[b] += result.answered_waits[b];
  };
  const sim::RecordLayout layout(s);
  run.on_record = [&](int rep, const sim::ReplicationRecord& record) {
    const auto ri = static_cast<std::size_t>(rep);
    for (std::size_t m = 0; m < sim::metric_count; ++m) {
      r.per_replication[m][ri] = record.pairs[layout.summary(m)];
      for (std::size_t t = 0; t < r.per_replication_types.size(); ++t) r.per_replication_types[t][m][ri] = record.pairs[layout.scope_summary(t, m)];
      for (std::size_t g = 0; g < r.per_replication_groups.size(); ++g)
        r.per_replication_groups[g][m][ri] = record.pairs[layout.scope_summary(layout.types() + g, m)];
    }
  };
  r.run = sim::run_replications(s, run);

  sim::Engine engine(s);
  r.replay.step = options.replay_step;
  (void)engine.run(0, &r.replay);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

const std::vector<std::vector<sim::Estimate>>& view_intervals(const Results& results, Focus view) {
  if (view.scope == sim::Scope::call_type && view.index < results.run.call_types.size()) return results.run.call_types[view.index].intervals;
  if (view.scope == sim::Scope::agent_group && view.index < results.run.agent_groups.size())
    return results.run.agent_groups[view.index].intervals;
  return results.run.intervals;
}

const std::vector<sim::Estimate>& view_summary(const Results& results, Focus view) {
  if (view.scope == sim::Scope::call_type && view.index < results.run.call_types.size()) return results.run.call_types[view.index].summary;
  if (view.scope == sim::Scope::agent_group && view.index < results.run.agent_groups.size())
    return results.run.agent_groups[view.index].summary;
  return results.run.summary;
}

std::string view_name(const sim::Scenario& scenario, Focus view) {
  if (view.scope == sim::Scope::call_type && view.index < scenario.call_types.size()) return scenario.call_types[view.index].name;
  if (view.scope == sim::Scope::agent_group && view.index < scenario.agent_groups.size()) return scenario.agent_groups[view.index].name;
  return "all";
}

Series interval_series(const Results& results, sim::Metric metric, Focus view) {
  Series out;
  const auto m = static_cast<std::size_t>(metric);
  for (const auto& interval : view_intervals(results, view)) {
    const sim::Estimate& e = interval[m];
    const double mean = e.mean.value_or(nan);
    out.mean.push_back(mean);
    out.low.push_back(e.ci95 ? mean - *e.ci95 : nan);
    out.high.push_back(e.ci95 ? mean + *e.ci95 : nan);
  }
  return out;
}

std::vector<double> staffed_agents(const sim::Scenario& scenario, Focus view) {
  std::vector<double> out;
  for (int d = 0; d < scenario.calendar.days; ++d) {
    for (int i = 0; i < scenario.calendar.intervals_per_day(); ++i) {
      double agents = 0;
      for (std::size_t g = 0; g < scenario.agent_groups.size(); ++g) {
        const bool counted = view.scope == sim::Scope::centre || (view.scope == sim::Scope::agent_group && g == view.index) ||
                             (view.scope == sim::Scope::call_type && scenario.routing.delay_of(view.index, g) >= 0);
        if (counted) agents += scenario.staffing.scheduled_agents(g, d, i, scenario.calendar);
      }
      out.push_back(agents);
    }
  }
  return out;
}

std::vector<double> erlang_required_agents(const Results& results, Focus view) {
  const sim::Scenario& s = results.scenario;
  const std::size_t intervals = results.run.intervals.size();
  if (view.scope == sim::Scope::agent_group) return std::vector<double>(intervals, nan);
  const double to_agents = s.ivr ? 1.0 - s.ivr->self_service : 1.0;
  // One call type as its own pool.
  const auto required = [&](std::size_t t, const Series& offered) {
    const sim::CallType& type = s.call_types[t];
    models::StaffingTargets targets;
    targets.answer_within = type.service_level.answer_within;
    targets.service_level = type.service_level.target;
    std::vector<double> out;
    for (double calls : offered.mean) {
      if (std::isnan(calls) || calls <= 0) {
        out.push_back(std::isnan(calls) ? nan : 0.0);
        continue;
      }
      models::Queue q;
      q.arrival_rate = calls * to_agents / s.calendar.interval;
      q.handle_time = type.handle_time.mean() + type.wrap_up.mean();
      if (type.patience) q.mean_patience = type.patience->mean();
      try {
        out.push_back(static_cast<double>(models::agents_for_targets(q, targets)));
      } catch (const std::exception&) {
        out.push_back(nan);
      }
    }
    return out;
  };
  if (!s.several_queues) return required(0, interval_series(results, sim::Metric::offered));
  if (view.scope == sim::Scope::call_type) return required(view.index, interval_series(results, sim::Metric::offered, view));
  std::vector<double> total(intervals, 0.0);
  for (std::size_t t = 0; t < s.call_types.size(); ++t) {
    const auto own = required(t, interval_series(results, sim::Metric::offered, {sim::Scope::call_type, t}));
    for (std::size_t i = 0; i < intervals; ++i) total[i] += own[i];
  }
  return total;
}

std::string erlang_required_model(const Results& results, Focus view) {
  const sim::Scenario& s = results.scenario;
  bool abandon = false, wait = false;
  for (std::size_t t = 0; t < s.call_types.size(); ++t) {
    if (view.scope == sim::Scope::call_type && t != view.index) continue;
    (s.call_types[t].patience ? abandon : wait) = true;
  }
  return abandon && wait ? "Erlang A and C" : abandon ? "Erlang A" : "Erlang C";
}

std::vector<Layer> contacts_by_kind(const Results& results) {
  if (!results.scenario.follow_customers) return {};
  const std::pair<const char*, sim::Metric> kinds[] = {
      {"fresh", sim::Metric::fresh},           {"redial", sim::Metric::redials},
      {"busy retry", sim::Metric::retries},    {"repeat", sim::Metric::repeats},
      {"after closed", sim::Metric::reopens},  {"callback dial", sim::Metric::callbacks_placed}};
  std::vector<Layer> layers;
  for (const auto& [name, metric] : kinds) {
    Layer layer{name, {}};
    for (double v : interval_series(results, metric).mean) layer.values.push_back(std::isnan(v) ? 0.0 : v);
    layers.push_back(std::move(layer));
  }
  return layers;
}

std::vector<double> cumulative_wait_share(const Results& results) {
  double total = 0;
  for (double v : results.answered_waits) total += v;
  std::vector<double> out;
  double running = 0;
  for (double v : results.answered_waits) {
    running += v;
    out.push_back(total > 0 ? running / total : nan);
  }
  return out;
}

double share_of_days_below(const Results& results, double target) {
  double days = 0, below = 0;
  for (double sl : results.daily_service_level) {
    if (std::isnan(sl)) continue;
    days += 1;
    below += sl < target ? 1.0 : 0.0;
  }
  return days > 0 ? below / days : nan;
}

std::vector<Delta> compare(const Results& baseline, const Results& current, Focus view) {
  std::vector<Delta> out;
  const auto n = static_cast<std::size_t>(current.run.replications);
  const bool paired = baseline.run.seed == current.run.seed && baseline.run.replications == current.run.replications && n > 1;
  // The view's per-replication pairs and summary in each run (a type or group both runs have).
  const auto pairs_of = [&](const Results& r) -> const std::vector<std::vector<sim::Pair>>* {
    if (view.scope == sim::Scope::call_type) return view.index < r.per_replication_types.size() ? &r.per_replication_types[view.index] : nullptr;
    if (view.scope == sim::Scope::agent_group) return view.index < r.per_replication_groups.size() ? &r.per_replication_groups[view.index] : nullptr;
    return &r.per_replication;
  };
  const auto* base_pairs = pairs_of(baseline);
  const auto* current_pairs = pairs_of(current);
  if (base_pairs == nullptr || current_pairs == nullptr) return out;
  const auto& base_summary = view_summary(baseline, view);
  const auto& current_summary = view_summary(current, view);
  for (const auto& info : sim::metric_infos()) {
    if (!sim::reported(info, current.scenario, view.scope) || !sim::reported(info, baseline.scenario, view.scope)) continue;
    const auto m = static_cast<std::size_t>(info.metric);
    Delta d;
    d.metric = info.metric;
    d.baseline = base_summary[m].mean;
    d.current = current_summary[m].mean;
    d.paired = paired;
    if (d.baseline && d.current) d.difference = *d.current - *d.baseline;
    if (!d.difference) {
      out.push_back(d);
      continue;
    }
    if (paired) {
      d.ci95 = sim::paired_difference((*base_pairs)[m], (*current_pairs)[m]).ci95;
    } else {
      const auto& cb = base_summary[m].ci95;
      const auto& cc = current_summary[m].ci95;
      if (cb && cc) d.ci95 = std::sqrt(*cb * *cb + *cc * *cc);
    }
    out.push_back(d);
  }
  return out;
}

std::vector<double> nice_ticks(double low, double high, int target_count) {
  if (!(high > low) || !std::isfinite(low) || !std::isfinite(high)) return {low};
  const double raw = (high - low) / std::max(1, target_count);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double f : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    step = f * magnitude;
    if (step >= raw) break;
  }
  std::vector<double> ticks;
  const double first = std::ceil(low / step - 1e-9) * step;
  for (double t = first; t <= high + step * 1e-9; t += step) ticks.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
  return ticks;
}

std::string format_tick(double value, double step) {
  char buffer[32];
  const double a = std::abs(value);
  if (a >= 1e6 && step >= 1e5) {
    std::snprintf(buffer, sizeof buffer, "%gM", value / 1e6);
  } else if (a >= 1e4 && step >= 1e3) {
    std::snprintf(buffer, sizeof buffer, "%gk", value / 1e3);
  } else {
    int decimals = 0;  // the fewest decimals that write the spacing exactly
    while (decimals < 6) {
      const double scaled = step * std::pow(10.0, decimals);
      if (std::abs(scaled - std::round(scaled)) < 1e-6 * std::max(1.0, scaled)) break;
      ++decimals;
    }
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  }
  return buffer;
}

}  // namespace ccsim::viz
