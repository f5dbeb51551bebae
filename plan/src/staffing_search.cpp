#include "ccsim/sim/staffing_search.hpp"
#include "ccsim/sim/interrupt.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <set>

#include <boost/math/distributions/students_t.hpp>

#include "ccsim/models/erlang.hpp"
#include "ccsim/models/limits.hpp"
#include "ccsim/sim/duration.hpp"
#include "ccsim/sim/evaluator.hpp"
#include "ccsim/sim/input_error.hpp"
#include "ccsim/sim/runner.hpp"

namespace ccsim::sim {
namespace {

using Counts = std::vector<std::vector<std::vector<int>>>;  // [group][day][interval]

// The tallies of call type `t` in a replication (the centre's with one type).
const std::vector<IntervalTally>& type_tallies(const ReplicationResult& r, std::size_t t, bool several_types) {
  return several_types ? r.call_types[t] : r.intervals;
}

// Checks figures against the targets under the noise rule.
struct Judge {
  const StaffOptions& options;
  double t_ratio = 0;  // one-sided quantile / two-sided 97.5% quantile (0: the mean decides)

  Judge(const StaffOptions& o, int replications) : options(o) {
    if (o.confidence && replications > 1) {
      const boost::math::students_t_distribution<double> t(replications - 1);
      t_ratio = boost::math::quantile(t, *o.confidence) / boost::math::quantile(t, 0.975);
    }
  }
  // The value that must be at least (`at_least`) or at most the target.
  [[nodiscard]] double judged(const Estimate& e, bool at_least) const {
    if (!e.mean) return at_least ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
    const double margin = e.ci95 ? *e.ci95 * t_ratio : 0.0;
    return at_least ? *e.mean - margin : *e.mean + margin;
  }
};

// Figures of `tallies` grouped by `group_of(interval)` (interval, day or horizon), over replications.
struct Assessment {
  std::vector<IntervalFigures> figures;  // per interval (always)
  std::vector<bool> group_meets;         // per interval, day or the horizon (by scope)
  int missing = 0;
};

Assessment assess(const Scenario& s, const StaffOptions& o, const std::vector<ReplicationResult>& results, const Judge& judge) {
  const Calendar& c = s.calendar;
  const int per_day = c.intervals_per_day();
  const std::size_t intervals = static_cast<std::size_t>(c.days) * static_cast<std::size_t>(per_day);
  const std::size_t types = s.call_types.size();
  const bool several_types = types > 1;
  const auto group_count = o.scope == StaffScope::interval ? intervals : o.scope == StaffScope::day ? static_cast<std::size_t>(c.days) : 1;
  const auto group_of = [&](std::size_t k) -> std::size_t {
    return o.scope == StaffScope::interval ? k : o.scope == StaffScope::day ? k / static_cast<std::size_t>(per_day) : 0;
  };
  // Estimators [group][type][metric], the scope's groups; and per interval for the figures.
  enum { sl, abandon, asa, p_wait, offered, count_ };
  std::vector<RatioEstimator> scoped(group_count * types * count_), per_interval(intervals * types * count_);
  std::vector<RatioEstimator> occupancy_scoped(group_count), occupancy(intervals), blocking(intervals);
  std::vector<IntervalTally> sum_types(group_count * types);
  std::vector<IntervalTally> sum_centre(group_count);
  // One replication's figures of a type (`x`, by the type's service level `spec`) into `est`.
  const auto add = [&](RatioEstimator* est, const IntervalTally& x, const ServiceLevelSpec& spec) {
    for (const auto& [slot, metric] : {std::pair{sl, Metric::service_level}, std::pair{abandon, Metric::abandon_rate},
                                       std::pair{asa, Metric::asa}, std::pair{p_wait, Metric::p_wait}}) {
      const Pair p = metric_pair(metric, x, spec);
      est[slot].add(p.x, p.y);
    }
    est[offered].add(x.offered, 1);
  };
  for (const auto& r : results) {
    std::fill(sum_types.begin(), sum_types.end(), IntervalTally{});
    std::fill(sum_centre.begin(), sum_centre.end(), IntervalTally{});
    for (std::size_t k = 0; k < intervals; ++k) {
      for (std::size_t t = 0; t < types; ++t) {
        const IntervalTally& tally = type_tallies(r, t, several_types)[k];
        add(&per_interval[(k * types + t) * count_], tally, s.call_types[t].service_level);
        sum_types[group_of(k) * types + t].add_counts(tally);
      }
      const IntervalTally& whole = r.intervals[k];
      occupancy[k].add(whole.busy_time, whole.available_time);
      blocking[k].add(whole.blocked, whole.offered);
      sum_centre[group_of(k)].add(whole);
    }
    if (o.scope != StaffScope::interval) {
      for (std::size_t g = 0; g < group_count; ++g) {
        for (std::size_t t = 0; t < types; ++t)
          add(&scoped[(g * types + t) * count_], sum_types[g * types + t], s.call_types[t].service_level);
        occupancy_scoped[g].add(sum_centre[g].busy_time, sum_centre[g].available_time);
      }
    }
  }
  // Does a set of figures (one type's service level, abandonment and ASA; the centre's occupancy) meet the targets?
  const auto meets = [&](const RatioEstimator* est, std::size_t type, const RatioEstimator* occ) {
    const double target = s.call_types[type].service_level.target;
    if (o.service_level && judge.judged(est[sl].estimate(), true) < target) return false;
    if (o.max_abandon_rate && judge.judged(est[abandon].estimate(), false) > *o.max_abandon_rate) return false;
    if (o.max_asa && judge.judged(est[asa].estimate(), false) > *o.max_asa) return false;
    if (occ != nullptr) {
      if (o.max_occupancy && judge.judged(occ->estimate(), false) > *o.max_occupancy) return false;
      if (o.min_occupancy && judge.judged(occ->estimate(), true) < *o.min_occupancy) return false;
    }
    return true;
  };
  Assessment a;
  a.figures.resize(intervals);
  a.group_meets.assign(group_count, true);
  for (std::size_t k = 0; k < intervals; ++k) {
    IntervalFigures& f = a.figures[k];
    f.day = static_cast<int>(k) / per_day;
    f.interval = static_cast<int>(k) % per_day;
    f.open = c.interval_open(f.day, f.interval);
    f.occupancy = occupancy[k].estimate();
    f.block_rate = blocking[k].estimate();
    bool ok = true;
    double centre_offered = 0;
    for (std::size_t t = 0; t < types; ++t) {
      const RatioEstimator* est = &per_interval[(k * types + t) * count_];
      const double offered_mean = est[offered].estimate().mean.value_or(0);
      centre_offered += offered_mean;
      f.type_service_level.push_back(est[sl].estimate());
      if (offered_mean > 0 && !meets(est, t, &occupancy[k])) ok = false;
    }
    f.offered = centre_offered;
    // The centre's figures of the interval (one type: the type's).
    const RatioEstimator* first = &per_interval[k * types * count_];
    if (types == 1) {
      f.service_level = first[sl].estimate();
      f.abandon_rate = first[abandon].estimate();
      f.asa = first[asa].estimate();
      f.p_wait = first[p_wait].estimate();
    } else {
      RatioEstimator sl_all, ab_all, asa_all, pw_all;
      for (const auto& r : results) {
        const IntervalTally& x = r.intervals[k];
        const Pair p1 = metric_pair(Metric::service_level, x, s.service_level), p2 = metric_pair(Metric::abandon_rate, x, s.service_level);
        const Pair p3 = metric_pair(Metric::asa, x, s.service_level), p4 = metric_pair(Metric::p_wait, x, s.service_level);
        sl_all.add(p1.x, p1.y);
        ab_all.add(p2.x, p2.y);
        asa_all.add(p3.x, p3.y);
        pw_all.add(p4.x, p4.y);
      }
      f.service_level = sl_all.estimate();
      f.abandon_rate = ab_all.estimate();
      f.asa = asa_all.estimate();
      f.p_wait = pw_all.estimate();
    }
    f.meets = ok || !f.open || centre_offered == 0;
    if (o.scope == StaffScope::interval && !f.meets) a.group_meets[k] = false;
  }
  if (o.scope != StaffScope::interval) {
    for (std::size_t g = 0; g < group_count; ++g) {
      for (std::size_t t = 0; t < types; ++t) {
        const RatioEstimator* est = &scoped[(g * types + t) * count_];
        if (est[offered].estimate().mean.value_or(0) > 0 && !meets(est, t, &occupancy_scoped[g])) a.group_meets[g] = false;
      }
    }
  }
  for (bool m : a.group_meets) a.missing += m ? 0 : 1;
  return a;
}

// The mean handle time (talk + wrap-up) and patience of type `t` in interval index `k`.
double handle_at(const CallType& t, std::size_t k) {
  const double talk = t.handle_time.mean() * (t.handle_time_factor.empty() ? 1.0 : t.handle_time_factor[k]);
  const double wrap = t.wrap_up.mean() * (t.wrap_up_factor.empty() ? 1.0 : t.wrap_up_factor[k]);
  return talk + wrap;
}

// The options, checked once, before any evaluation (ScenarioError naming the option).
void check_staff_options(const Scenario& s, const StaffOptions& o) {
  if (o.method == StaffMethod::isa) {
    if (!(o.p_wait > 0 && o.p_wait < 1)) throw ScenarioError("--p-wait: " + std::to_string(o.p_wait) + " must be a probability between 0 and 1 (exclusive)");
  } else {
    if (!o.service_level && !o.max_abandon_rate && !o.max_asa && !o.min_occupancy && !o.max_occupancy)
      throw ScenarioError("no target to staff for: give the service level (the scenario's), --max-abandon-rate, --max-asa or an occupancy bound");
    for (const auto& t : s.call_types) {
      if (o.service_level && t.service_level.target >= 1.0 && t.service_level.answer_within <= 0)
        throw ScenarioError((s.several_queues ? "call type \"" + t.name + "\": " : std::string()) +
                            "service_level: 100 % answered within 0 s cannot be met (every caller answered the instant it rings): lower the target or raise answer_within");
    }
    if (o.max_abandon_rate && *o.max_abandon_rate < 0) throw ScenarioError("--max-abandon-rate must be at least 0");
    if (o.min_occupancy && o.max_occupancy && *o.min_occupancy > *o.max_occupancy)
      throw ScenarioError("--min-occupancy is above --max-occupancy: no staffing meets both");
  }
  if (o.confidence && !(*o.confidence > 0.5 && *o.confidence < 1)) throw ScenarioError("--confidence must be between 0.5 and 1");
}

}  // namespace

Staffing staffing_from_counts(const Counts& counts, const Calendar& calendar) {
  Staffing s;
  for (const auto& group : counts) {
    std::vector<DayStaffing> days;
    for (const auto& day : group) {
      DayStaffing changes;
      int previous = 0;
      for (std::size_t i = 0; i < day.size(); ++i) {
        if (day[i] != previous) changes.push_back({static_cast<double>(i) * calendar.interval, day[i] - previous, 0.0});
        previous = day[i];
      }
      days.push_back(std::move(changes));
    }
    s.groups.push_back(std::move(days));
  }
  return s;
}

std::vector<std::size_t> first_groups(const Scenario& s) {
  std::vector<std::size_t> primary(s.call_types.size(), 0);
  for (std::size_t t = 0; t < s.call_types.size(); ++t) {
    if (!s.routing.try_order[t].empty()) {
      primary[t] = s.routing.try_order[t].front();
    } else if (!s.routing.overflow[t].empty()) {
      primary[t] = s.routing.overflow[t].front().second;
    }
  }
  return primary;
}

std::vector<std::vector<int>> erlang_requirement(const Scenario& s, const StaffOptions& o) {
  const Calendar& c = s.calendar;
  const int per_day = c.intervals_per_day();
  const std::size_t intervals = static_cast<std::size_t>(c.days) * static_cast<std::size_t>(per_day);
  const std::vector<std::size_t> primary = first_groups(s);
  std::vector<std::vector<int>> out(s.agent_groups.size(), std::vector<int>(intervals, 0));
  for (std::size_t k = 0; k < intervals; ++k) {
    const int d = static_cast<int>(k) / per_day, i = static_cast<int>(k) % per_day;
    if (!c.interval_open(d, i)) continue;
    for (std::size_t t = 0; t < s.call_types.size(); ++t) {
      const CallType& type = s.call_types[t];
      const double calls = type.arrivals[static_cast<std::size_t>(d)].expected_calls(static_cast<std::size_t>(i));
      if (calls <= 0) continue;
      models::Queue q;
      q.arrival_rate = calls / c.interval;
      q.handle_time = handle_at(type, k);
      if (type.patience) q.mean_patience = type.patience->mean() * (type.patience_factor.empty() ? 1.0 : type.patience_factor[k]);
      models::StaffingTargets targets;
      targets.answer_within = type.service_level.answer_within;
      if (o.service_level || o.method == StaffMethod::isa) targets.service_level = std::min(type.service_level.target, 0.999);
      if (o.max_asa) targets.max_asa = *o.max_asa;
      if (o.max_abandon_rate && type.patience) targets.max_abandon = std::max(*o.max_abandon_rate, 1e-6);
      if (o.max_occupancy) targets.max_occupancy = *o.max_occupancy;
      if (o.method == StaffMethod::isa) targets = {}, targets.max_p_wait = o.p_wait;
      std::int64_t n = 0;
      try {
        n = targets.any() ? models::agents_for_targets(q, targets) : static_cast<std::int64_t>(std::ceil(q.offered_load())) + 1;
      } catch (const std::exception&) {
        n = static_cast<std::int64_t>(std::ceil(q.offered_load() * 1.2)) + 2;
      }
      out[primary[t]][k] += static_cast<int>(n);
    }
  }
  return out;
}

StaffResult find_staffing(const Scenario& s, const StaffOptions& o) {
  const auto start_time = std::chrono::steady_clock::now();
  const Calendar& c = s.calendar;
  const int per_day = c.intervals_per_day();
  const std::size_t intervals = static_cast<std::size_t>(c.days) * static_cast<std::size_t>(per_day);
  const std::size_t groups = s.agent_groups.size();
  const std::size_t types = s.call_types.size();
  check_staff_options(s, o);
  std::vector<double> cost = !o.cost_per_hour.empty() ? o.cost_per_hour : s.cost_per_agent_hour;
  const bool money = !cost.empty();
  if (cost.empty()) cost.assign(groups, 1.0);
  if (cost.size() != groups) throw ScenarioError("costs: one per agent group");

  StaffResult result;
  result.replications = o.replications > 0 ? o.replications : s.run.replications;
  if (result.replications < 2) throw ScenarioError("staffing by simulation needs at least 2 replications per evaluation");
  StaffingEvaluator evaluator(s, result.replications, o.threads);
  const Judge judge(o, result.replications);

  // The Erlang requirement per interval (the centre's; per type to its first group).
  const std::vector<std::size_t> primary = first_groups(s);
  const auto erlang = erlang_requirement(s, o);
  Counts counts(groups, std::vector<std::vector<int>>(static_cast<std::size_t>(c.days), std::vector<int>(static_cast<std::size_t>(per_day), 0)));
  result.erlang.assign(intervals, 0);
  for (std::size_t g = 0; g < groups; ++g)
    for (std::size_t k = 0; k < intervals; ++k) {
      counts[g][k / static_cast<std::size_t>(per_day)][k % static_cast<std::size_t>(per_day)] = erlang[g][k];
      result.erlang[k] += erlang[g][k];
    }
  // Every open interval keeps someone for each type's first group (callers who ring again may come at any time).
  const auto floor_of = [&](std::size_t g, int d, int i) {
    if (!c.interval_open(d, i)) return 0;
    for (std::size_t t = 0; t < types; ++t) {
      if (primary[t] == g) return 1;
    }
    return 0;
  };
  if (o.from_scenario) {
    for (std::size_t g = 0; g < groups; ++g)
      for (int d = 0; d < c.days; ++d)
        for (int i = 0; i < per_day; ++i)
          counts[g][static_cast<std::size_t>(d)][static_cast<std::size_t>(i)] =
              static_cast<int>(std::lround(s.staffing.scheduled_agents(g, d, i, c)));
  }
  for (std::size_t g = 0; g < groups; ++g)
    for (int d = 0; d < c.days; ++d)
      for (int i = 0; i < per_day; ++i) {
        int& n = counts[g][static_cast<std::size_t>(d)][static_cast<std::size_t>(i)];
        n = c.interval_open(d, i) ? std::max(n, floor_of(g, d, i)) : 0;
      }

  const auto at = [&](std::size_t g, std::size_t k) -> int& {
    return counts[g][k / static_cast<std::size_t>(per_day)][k % static_cast<std::size_t>(per_day)];
  };
  const auto evaluate = [&](const Counts& x, const char* phase) {
    if ((o.cancelled && o.cancelled()) || interrupt_requested()) throw RunCancelled();
    const Staffing staffing = staffing_from_counts(x, c);
    const auto& results = evaluator.evaluate(staffing);
    Assessment a = assess(s, o, results, judge);
    if (o.progress) o.progress(evaluator.evaluations(), a.missing, phase);
    return a;
  };
  const auto budget_left = [&] { return evaluator.evaluations() < o.max_evaluations; };
  const auto cost_of = [&](const Counts& x) {
    double total = 0;
    for (std::size_t g = 0; g < groups; ++g)
      for (const auto& day : x[g])
        for (int n : day) total += cost[g] * n * c.interval / 3600.0;
    return total;
  };
  // The cheapest group serving type t (ties: its first group).
  const auto cheapest_for = [&](std::size_t t) {
    std::size_t best = primary[t];
    for (std::size_t g = 0; g < groups; ++g)
      if (s.routing.delay_of(t, g) >= 0 && cost[g] < cost[best]) best = g;
    return best;
  };

  Assessment current;
  std::string status;
  int lines_evaluations = 0;
  if (o.method == StaffMethod::isa) {
    // Iterative Staffing Algorithm: staff each interval to the (1 - alpha) quantile of the number
    // of callers in the system (busy agents + waiting), observed under the previous staffing;
    // start from ample agents, stop when the staffing repeats.
    for (std::size_t k = 0; k < intervals; ++k) {
      const int d = static_cast<int>(k) / per_day, i = static_cast<int>(k) % per_day;
      if (c.interval_open(d, i)) at(0, k) = result.erlang[k] * 2 + 10;
    }
    const double step = c.interval / 20;
    // ISA observes the callers in the system 20 times an interval; a replication holds at most
    // limits::max_trace_snapshots observations (its open hours and an hour to empty, each day).
    const double observations = static_cast<double>(c.days) * (c.open_length() + 3600.0) / step;
    if (observations > static_cast<double>(limits::max_trace_snapshots))
      throw ScenarioError("--method isa: " + std::to_string(c.days) + " days of " + format_duration(c.interval) +
                          " intervals need about " + std::to_string(static_cast<long long>(observations)) +
                          " observations of the callers in the system (20 an interval), over the " +
                          std::to_string(limits::max_trace_snapshots) + " a run can hold: use longer intervals or fewer days");
    int iteration = 0;
    bool converged = false;
    while (iteration < 30 && budget_left()) {
      if ((o.cancelled && o.cancelled()) || interrupt_requested()) throw RunCancelled();
      ++iteration;
      const Staffing staffing = staffing_from_counts(counts, c);
      (void)evaluator.evaluate(staffing, step);
      std::vector<std::vector<std::uint32_t>> samples(intervals);
      for (const Trace& tr : evaluator.traces()) {
        for (const Snapshot& snap : tr.snapshots) {
          if (!snap.open) continue;
          const double day = std::floor(snap.time / 86400.0);
          const double in_day = snap.time - day * 86400.0;
          const auto k = static_cast<std::size_t>(day) * static_cast<std::size_t>(per_day) +
                         static_cast<std::size_t>(std::min<double>(std::floor(in_day / c.interval), per_day - 1));
          if (k < intervals) samples[k].push_back(snap.waiting + snap.talking + snap.wrapping);
        }
      }
      int changed = 0;
      for (std::size_t k = 0; k < intervals; ++k) {
        auto& v = samples[k];
        const int d = static_cast<int>(k) / per_day, i = static_cast<int>(k) % per_day;
        if (v.empty() || !c.interval_open(d, i)) continue;
        // The fewest s with P(L >= s) <= alpha.
        std::sort(v.begin(), v.end());
        const auto n = static_cast<double>(v.size());
        int staff = static_cast<int>(v.back()) + 1;
        for (std::size_t j = 0; j < v.size(); ++j) {
          const int candidate = static_cast<int>(v[j]);
          const auto at_least = static_cast<double>(v.end() - std::lower_bound(v.begin(), v.end(), static_cast<std::uint32_t>(candidate)));
          if (at_least / n <= o.p_wait) {
            staff = candidate;
            break;
          }
        }
        staff = std::max(staff, floor_of(0, d, i));
        // From the third iteration on, a change of more than one agent goes half way: without
        // abandonment and at a high ALPHA the plain iteration swings between a staffing that
        // lets a backlog build and one that clears it (a damped ISA; its fixed points are the ISA's).
        const int previous = at(0, k);
        if (iteration > 2 && std::abs(staff - previous) > 1) staff = previous + (staff - previous) / 2;
        if (std::abs(staff - previous) > (iteration >= 8 ? 1 : 0)) ++changed;  // (after 8, a swing of one agent is noise)
        at(0, k) = staff;
      }
      if (o.progress) o.progress(evaluator.evaluations(), changed, "isa");
      if (changed == 0) {
        converged = true;
        break;
      }
    }
    current = evaluate(counts, "isa");
    status = converged ? "converged: " + std::string(iteration >= 8 ? "no interval's staffing moved by more than one agent" : "the staffing repeated") +
                             " in iteration " + std::to_string(iteration) + " of the ISA"
                       : "stopped after " + std::to_string(iteration) + " ISA iterations (the staffing still changed)";
  } else {
    // Up: add where targets miss until every interval (day) meets them.
    current = evaluate(counts, "adding");
    // The most agents the search adds up to in an interval: three times the offered load and 30,
    // and never below three times its start (many small groups each start at their own Erlang
    // figure, which together may exceed the load-based cap).
    std::vector<int> start_total(intervals, 0);
    for (std::size_t k = 0; k < intervals; ++k)
      for (std::size_t g = 0; g < groups; ++g) start_total[k] += at(g, k);
    const auto highest = [&](std::size_t k) {
      double load = 0;
      const int d = static_cast<int>(k) / per_day, i = static_cast<int>(k) % per_day;
      for (const auto& t : s.call_types) load += t.arrivals[static_cast<std::size_t>(d)].expected_calls(static_cast<std::size_t>(i)) / c.interval * handle_at(t, k);
      return std::max(static_cast<int>(std::ceil(3 * load + 30)), 3 * start_total[k] + 30);
    };
    while (current.missing > 0) {
      if (!budget_left()) break;
      bool added = false;
      for (std::size_t k = 0; k < intervals; ++k) {
        const std::size_t gidx = o.scope == StaffScope::interval ? k : o.scope == StaffScope::day ? k / static_cast<std::size_t>(per_day) : 0;
        if (current.group_meets[gidx]) continue;
        const IntervalFigures& f = current.figures[k];
        if (!f.open || f.offered <= 0) continue;
        if (o.scope != StaffScope::interval && f.meets) continue;  // a day or week: add where its intervals miss
        // The type furthest below its service level, served by its cheapest group.
        std::size_t worst = 0;
        double gap = -1;
        for (std::size_t t = 0; t < types; ++t) {
          const double g = s.call_types[t].service_level.target - f.type_service_level[t].mean.value_or(1.0);
          if (g > gap) gap = g, worst = t;
        }
        const int step = gap > 0.3 ? 3 : gap > 0.1 ? 2 : 1;
        int total = 0;
        for (std::size_t g = 0; g < groups; ++g) total += at(g, k);
        if (total >= highest(k)) continue;
        at(cheapest_for(worst), k) += step;
        added = true;
      }
      if (!added) break;
      current = evaluate(counts, "adding");
    }
    if (current.missing > 0) {
      std::string where;
      for (std::size_t k = 0; k < intervals && where.size() < 200; ++k) {
        if (!current.figures[k].meets) where += (where.empty() ? "" : ", ") + c.date_text(current.figures[k].day) +
                                                (c.start_date ? " " : "day " + std::to_string(current.figures[k].day + 1) + " ") +
                                                format_time_of_day(c.open + current.figures[k].interval * c.interval);
      }
      throw ScenarioError("the targets cannot be met in " + std::to_string(current.missing) + (o.scope == StaffScope::interval ? " intervals" : " days") +
                          " even with " + std::string(budget_left() ? "three times the offered load in agents" : "the evaluations allowed (--max-evaluations)") +
                          " (" + where + "): lower the targets");
    }
    // Down: remove one agent from intervals three apart at once (queues carry over to the next
    // intervals; intervals further apart barely interact), keep each removal whose own and
    // neighbouring intervals (or day, week) still meet the targets; repeat until no removal is kept.
    bool removed_any = true;
    int cycles = 0;
    while (removed_any && budget_left()) {
      removed_any = false;
      ++cycles;
      // The dearest group first: a removal there saves the most per agent-hour.
      std::vector<std::size_t> by_cost(groups);
      for (std::size_t g = 0; g < groups; ++g) by_cost[g] = g;
      std::stable_sort(by_cost.begin(), by_cost.end(), [&](std::size_t a, std::size_t b) { return cost[a] > cost[b]; });
      for (const std::size_t g : by_cost) {
        for (std::size_t offset = 0; offset < 3 && budget_left(); ++offset) {
          std::vector<std::size_t> candidates;
          for (std::size_t k = offset; k < intervals; k += 3) {
            const int d = static_cast<int>(k) / per_day, i = static_cast<int>(k) % per_day;
            if (at(g, k) > floor_of(g, d, i)) candidates.push_back(k);
          }
          if (candidates.empty()) continue;
          Counts trial = counts;
          for (std::size_t k : candidates) --trial[g][k / static_cast<std::size_t>(per_day)][k % static_cast<std::size_t>(per_day)];
          const Assessment a = evaluate(trial, "removing");
          std::vector<std::size_t> kept;
          for (std::size_t k : candidates) {
            bool ok = true;
            if (o.scope == StaffScope::interval) {
              const std::size_t day_start = k / static_cast<std::size_t>(per_day) * static_cast<std::size_t>(per_day);
              for (std::size_t j = std::max(day_start, k == 0 ? 0 : k - 1); j <= std::min(k + 2, day_start + static_cast<std::size_t>(per_day) - 1); ++j)
                ok = ok && a.figures[j].meets;
            } else {
              ok = a.missing == 0;
            }
            if (ok) kept.push_back(k);
          }
          // The kept removals together: where a target now misses, the removals near it are
          // given back, and the rest checked again (a few times at most).
          // A miss far from every removal (callers who ring again carry a change across the
          // week, and with them the random numbers) is repaired with one agent where it misses;
          // the batch is kept when it saves agents on balance.
          std::vector<std::pair<std::size_t, std::size_t>> repairs;  // (group, interval) given one more
          for (int attempt = 0; attempt < 4 && !kept.empty() && budget_left(); ++attempt) {
            Counts next = counts;
            for (std::size_t k : kept) --next[g][k / static_cast<std::size_t>(per_day)][k % static_cast<std::size_t>(per_day)];
            for (const auto& [rg, rk] : repairs) ++next[rg][rk / static_cast<std::size_t>(per_day)][rk % static_cast<std::size_t>(per_day)];
            if (repairs.size() >= kept.size()) break;  // no saving left
            Assessment check = kept.size() == candidates.size() && attempt == 0 ? a : evaluate(next, "checking");
            if (check.missing == 0 && repairs.size() < kept.size()) {
              counts = std::move(next);
              current = std::move(check);
              removed_any = true;
              break;
            }
            if (o.scope != StaffScope::interval) {
              kept.resize(kept.size() / 2);  // a day or week target: try half the removals
              continue;
            }
            std::vector<std::size_t> still;
            for (std::size_t k : kept) {
              bool near_miss = false;
              const std::size_t from = k >= 2 ? k - 2 : 0;
              for (std::size_t j = from; j <= std::min(k + 2, intervals - 1); ++j) near_miss = near_miss || !check.figures[j].meets;
              if (!near_miss) still.push_back(k);
            }
            if (still.size() == kept.size()) {
              for (std::size_t j = 0; j < intervals; ++j) {
                if (check.figures[j].meets) continue;
                std::size_t worst = 0;
                double gap = -1;
                for (std::size_t t = 0; t < types; ++t) {
                  const double x = s.call_types[t].service_level.target - check.figures[j].type_service_level[t].mean.value_or(1.0);
                  if (x > gap) gap = x, worst = t;
                }
                repairs.emplace_back(cheapest_for(worst), j);
              }
            }
            kept = std::move(still);
          }
        }
      }
    }
    status = removed_any ? "stopped at the evaluation budget (--max-evaluations) while removals still saved agents: not a local optimum"
                         : "local optimum of the search: in its last full round (of " + std::to_string(cycles) +
                               "), removing one agent from the intervals of each batch (every third interval, with common random "
                               "numbers) broke a target near a removal, or saved nothing after one agent was added back where a "
                               "target missed elsewhere";
  }
  if (o.lines_target) {
    // The fewest trunk lines with which every open interval's blocking meets the target, under
    // the found staffing: doubling up to a count that meets it, then bisection (blocking falls
    // as lines are added).
    if (!(*o.lines_target >= 0 && *o.lines_target < 1)) throw ScenarioError("--lines-target must be a probability from 0 to 1 (exclusive of 1)");
    const Staffing staffing = staffing_from_counts(counts, c);
    const auto blocking_at = [&](int lines, Assessment& out) {
      Model m = s;
      m.lines = lines;
      StaffingEvaluator with_lines(m, result.replications, o.threads);
      ++lines_evaluations;
      out = assess(s, o, with_lines.evaluate(staffing), judge);
      double worst = 0;
      for (const auto& f : out.figures)
        if (f.open && f.offered > 0) worst = std::max(worst, judge.judged(f.block_rate, false));
      return worst;
    };
    int most = 1;
    for (const auto& g : counts)
      for (const auto& day : g)
        for (int n : day) most = std::max(most, n);
    int hi = std::min(2 * most + 10, static_cast<int>(limits::max_lines));
    Assessment at_hi;
    while (blocking_at(hi, at_hi) > *o.lines_target) {
      if (hi >= limits::max_lines) throw ScenarioError("no line count up to the limit meets --lines-target");
      hi = static_cast<int>(std::min<std::int64_t>(2LL * hi, limits::max_lines));
    }
    int lo = 0;  // fails (no lines: everyone blocked)
    while (hi - lo > 1) {
      const int mid = lo + (hi - lo) / 2;
      Assessment a;
      if (blocking_at(mid, a) <= *o.lines_target) {
        hi = mid;
        at_hi = std::move(a);
      } else {
        lo = mid;
      }
    }
    result.lines = hi;
    current = std::move(at_hi);
    result.worst_block_rate = 0;
    for (const auto& f : current.figures)
      if (f.open && f.block_rate.mean) result.worst_block_rate = std::max(result.worst_block_rate, *f.block_rate.mean);
    status += "; lines: the fewest with blocking within the target in every interval, by bisection";
  }
  result.agents = counts;
  result.staffing = staffing_from_counts(counts, c);
  result.figures = current.figures;
  result.missing = current.missing;
  result.evaluations = evaluator.evaluations() + (o.lines_target ? lines_evaluations : 0);
  result.agent_hours = 0;
  for (const auto& g : counts)
    for (const auto& day : g)
      for (int n : day) result.agent_hours += n * c.interval / 3600.0;
  result.cost = cost_of(counts);
  result.objective = o.method == StaffMethod::isa ? "the staffing whose P(wait) is about the target in every interval (ISA)"
                                                  : !money ? "fewest agent-hours" : "least cost (agent-hours x each group's cost per agent-hour)";
  result.noise_rule = o.confidence ? "a target counts as met when its one-sided " + std::to_string(static_cast<int>(std::lround(*o.confidence * 100))) +
                                         " % bound over " + std::to_string(result.replications) + " replications meets it"
                                   : "a target counts as met when its mean over " + std::to_string(result.replications) + " replications meets it";
  result.status = status;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_time).count();
  return result;
}

}  // namespace ccsim::sim
