// Results of a run and the series the visualiser plots.
#include "ccsim/viz/results.hpp"

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
  const auto& infos = sim::metric_infos();
  const auto reps = static_cast<std::size_t>(s.run.replications);
  const auto days = static_cast<std::size_t>(s.calendar.days);
  const auto per_day = static_cast<std::size_t>(s.calendar.intervals_per_day());
  r.per_replication.assign(sim::metric_count, std::vector<sim::Pair>(reps));
  r.daily_service_level.assign(reps * days, nan);
  r.answered_waits.assign(sim::wait_histogram_bins, 0.0);

  sim::RunOptions run;
  run.threads = options.threads;
  run.progress = options.progress;
  run.cancelled = options.cancelled;
  // Called in replication order, under the runner's lock.
  run.on_replication = [&](int rep, const sim::ReplicationResult& result) {
    const auto ri = static_cast<std::size_t>(rep);
    const sim::IntervalTally total = sum(result.intervals, 0, result.intervals.size());
    for (const auto& info : infos) {
      sim::Pair p;
      if (info.metric == sim::Metric::wait_p90) p = {result.wait_p90, 1};
      else if (info.metric == sim::Metric::max_queue) p = {result.max_queue, 1};
      else p = sim::metric_pair(info.metric, total, s.service_level);
      r.per_replication[static_cast<std::size_t>(info.metric)][ri] = p;
    }
    for (std::size_t d = 0; d < days; ++d) {
      const sim::IntervalTally day = sum(result.intervals, d * per_day, (d + 1) * per_day);
      const sim::Pair p = sim::metric_pair(sim::Metric::service_level, day, s.service_level);
      r.daily_service_level[ri * days + d] = p.y > 0 ? p.x / p.y : nan;
    }
    for (std::size_t b = 0; b < result.answered_waits.size(); ++b) r.answered_waits[b] += result.answered_waits[b];
  };
  r.run = sim::run_replications(s, run);

  sim::Engine engine(s);
  r.replay.step = options.replay_step;
  (void)engine.run(0, &r.replay);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

Series interval_series(const Results& results, sim::Metric metric) {
  Series out;
  const auto m = static_cast<std::size_t>(metric);
  for (const auto& interval : results.run.intervals) {
    const sim::Estimate& e = interval[m];
    const double mean = e.mean.value_or(nan);
    out.mean.push_back(mean);
    out.low.push_back(e.ci95 ? mean - *e.ci95 : nan);
    out.high.push_back(e.ci95 ? mean + *e.ci95 : nan);
  }
  return out;
}

std::vector<double> staffed_agents(const sim::Scenario& scenario) {
  std::vector<double> out;
  for (int d = 0; d < scenario.calendar.days; ++d) {
    for (int i = 0; i < scenario.calendar.intervals_per_day(); ++i) out.push_back(scenario.scheduled_agents(d, i));
  }
  return out;
}

std::vector<double> erlang_required_agents(const Results& results) {
  const sim::Scenario& s = results.scenario;
  const Series offered = interval_series(results, sim::Metric::offered);
  const double to_agents = s.ivr ? 1.0 - s.ivr->self_service : 1.0;
  models::StaffingTargets targets;
  targets.answer_within = s.service_level.answer_within;
  targets.service_level = s.service_level.target;
  std::vector<double> out;
  for (double calls : offered.mean) {
    if (std::isnan(calls) || calls <= 0) {
      out.push_back(std::isnan(calls) ? nan : 0.0);
      continue;
    }
    models::Queue q;
    q.arrival_rate = calls * to_agents / s.calendar.interval;
    q.handle_time = s.call_types[0].handle_time.mean() + s.call_types[0].wrap_up.mean();
    if (s.call_types[0].patience) q.mean_patience = s.call_types[0].patience->mean();
    try {
      out.push_back(static_cast<double>(models::agents_for_targets(q, targets)));
    } catch (const std::exception&) {
      out.push_back(nan);
    }
  }
  return out;
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

std::vector<Delta> compare(const Results& baseline, const Results& current) {
  std::vector<Delta> out;
  const auto n = static_cast<std::size_t>(current.run.replications);
  const bool paired = baseline.run.seed == current.run.seed && baseline.run.replications == current.run.replications && n > 1;
  for (const auto& info : sim::metric_infos()) {
    if (!sim::reported(info, current.scenario) || !sim::reported(info, baseline.scenario)) continue;
    const auto m = static_cast<std::size_t>(info.metric);
    Delta d;
    d.metric = info.metric;
    d.baseline = baseline.run.summary[m].mean;
    d.current = current.run.summary[m].mean;
    d.paired = paired;
    if (d.baseline && d.current) d.difference = *d.current - *d.baseline;
    if (!d.difference) {
      out.push_back(d);
      continue;
    }
    if (paired) {
      const auto& b = baseline.per_replication[m];
      const auto& c = current.per_replication[m];
      double xb = 0, yb = 0, xc = 0, yc = 0;
      for (std::size_t r = 0; r < n; ++r) {
        xb += b[r].x, yb += b[r].y, xc += c[r].x, yc += c[r].y;
      }
      // Influence of replication r on (sum xc / sum yc) - (sum xb / sum yb); for counts y = 1
      // and this is the plain difference of the two values.
      const double rb = xb / yb, rc = xc / yc, mb = yb / static_cast<double>(n), mc = yc / static_cast<double>(n);
      std::vector<double> z(n);
      double mean = 0;
      for (std::size_t r = 0; r < n; ++r) {
        z[r] = (c[r].x - rc * c[r].y) / mc - (b[r].x - rb * b[r].y) / mb;
        mean += z[r];
      }
      mean /= static_cast<double>(n);
      double var = 0;
      for (double v : z) var += (v - mean) * (v - mean);
      var /= static_cast<double>(n - 1);
      d.ci95 = sim::t_quantile_975(n) * std::sqrt(var / static_cast<double>(n));
    } else {
      const auto& cb = baseline.run.summary[m].ci95;
      const auto& cc = current.run.summary[m].ci95;
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
