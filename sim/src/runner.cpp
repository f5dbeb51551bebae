#include "ccsim/sim/runner.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

#include <boost/math/distributions/students_t.hpp>

#include "ccsim/sim/duration.hpp"

namespace ccsim::sim {

void RatioEstimator::add(double x, double y) {
  ++n_;
  const double n = static_cast<double>(n_);
  const double dx = x - mean_x_;
  const double dy = y - mean_y_;
  mean_x_ += dx / n;
  mean_y_ += dy / n;
  m2x_ += dx * (x - mean_x_);
  m2y_ += dy * (y - mean_y_);
  cxy_ += dx * (y - mean_y_);
}

double t_quantile_975(std::uint64_t n) {
  // Every estimate of a run has the same n: remember the last quantile rather than invert the
  // t distribution again for each of the (day x interval x metric) estimates.
  thread_local std::uint64_t cached_n = 0;
  thread_local double cached = 0;
  if (n != cached_n) {
    boost::math::students_t_distribution<double> t(static_cast<double>(n - 1));
    cached = boost::math::quantile(t, 0.975);
    cached_n = n;
  }
  return cached;
}

Estimate RatioEstimator::estimate() const {
  Estimate e;
  if (n_ == 0 || mean_y_ == 0) return e;
  const double ratio = mean_x_ / mean_y_;
  e.mean = ratio;
  if (n_ < 2) return e;
  const double n = static_cast<double>(n_);
  const double sxx = m2x_ / (n - 1), syy = m2y_ / (n - 1), sxy = cxy_ / (n - 1);
  const double variance = std::max(0.0, (sxx - 2 * ratio * sxy + ratio * ratio * syy) / (n * mean_y_ * mean_y_));
  e.ci95 = t_quantile_975(n_) * std::sqrt(variance);
  return e;
}

RunResult run_replications(const Scenario& scenario, const RunOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const int replications = scenario.run.replications;
  const std::size_t interval_count =
      static_cast<std::size_t>(scenario.calendar.days) * static_cast<std::size_t>(scenario.calendar.intervals_per_day());
  const auto& infos = metric_infos();

  std::vector<RatioEstimator> summary(metric_count);
  std::vector<RatioEstimator> intervals(interval_count * metric_count);
  const auto day_count = static_cast<std::size_t>(scenario.calendar.days);
  const auto per_day = static_cast<std::size_t>(scenario.calendar.intervals_per_day());
  std::vector<RatioEstimator> days(day_count * metric_count);
  std::uint64_t events = 0, calls = 0;
  // Scenarios with several queues: the same per call type and per agent group.
  struct ScopeEstimators {
    std::vector<RatioEstimator> summary, intervals, handled_by_call_type;
  };
  const std::size_t type_count = scenario.call_types.size();
  const std::size_t group_count = scenario.agent_groups.size();
  std::vector<ScopeEstimators> type_estimators, group_estimators;
  if (scenario.several_queues) {
    type_estimators.assign(type_count, {std::vector<RatioEstimator>(metric_count),
                                        std::vector<RatioEstimator>(interval_count * metric_count), {}});
    group_estimators.assign(group_count, {std::vector<RatioEstimator>(metric_count),
                                          std::vector<RatioEstimator>(interval_count * metric_count),
                                          std::vector<RatioEstimator>(type_count)});
  }

  const auto merge = [&](int r, const ReplicationResult& result) {
    if (options.on_replication) options.on_replication(r, result);
    IntervalTally total;
    const auto add_per_interval_metrics = [&](const IntervalTally& t, RatioEstimator* estimators) {
      for (const auto& info : infos) {
        if (!info.per_interval || !reported(info, scenario)) continue;
        const Pair p = metric_pair(info.metric, t, scenario.service_level);
        estimators[static_cast<std::size_t>(info.metric)].add(p.x, p.y);
      }
    };
    for (std::size_t d = 0; d < day_count; ++d) {
      IntervalTally day;
      for (std::size_t i = d * per_day; i < (d + 1) * per_day; ++i) {
        const IntervalTally& t = result.intervals[i];
        day.add(t);
        add_per_interval_metrics(t, &intervals[i * metric_count]);
      }
      add_per_interval_metrics(day, &days[d * metric_count]);
      total.add(day);
    }
    for (const auto& info : infos) {
      if (!reported(info, scenario)) continue;
      Pair p;
      if (info.metric == Metric::wait_p90) p = {result.wait_p90, 1};
      else if (info.metric == Metric::max_queue) p = {result.max_queue, 1};
      else p = metric_pair(info.metric, total, scenario.service_level);
      summary[static_cast<std::size_t>(info.metric)].add(p.x, p.y);
    }
    // One call type's or one agent group's tallies into its estimators.
    const auto merge_scope = [&](const std::vector<IntervalTally>& tallies, Scope scope, const ServiceLevelSpec& spec,
                                 double max_queue, ScopeEstimators& out) {
      IntervalTally whole;
      for (std::size_t i = 0; i < interval_count; ++i) {
        const IntervalTally& t = tallies[i];
        whole.add(t);
        for (const auto& info : infos) {
          if (!info.per_interval || !reported(info, scenario, scope)) continue;
          const Pair p = metric_pair(info.metric, t, spec);
          out.intervals[i * metric_count + static_cast<std::size_t>(info.metric)].add(p.x, p.y);
        }
      }
      for (const auto& info : infos) {
        if (!reported(info, scenario, scope)) continue;
        const Pair p = info.metric == Metric::max_queue ? Pair{max_queue, 1} : metric_pair(info.metric, whole, spec);
        out.summary[static_cast<std::size_t>(info.metric)].add(p.x, p.y);
      }
    };
    if (scenario.several_queues) {
      for (std::size_t t = 0; t < type_count; ++t)
        merge_scope(result.call_types[t], Scope::call_type, scenario.call_types[t].service_level, result.call_type_max_queue[t],
                    type_estimators[t]);
      for (std::size_t g = 0; g < group_count; ++g) {
        merge_scope(result.agent_groups[g], Scope::agent_group, scenario.service_level, 0, group_estimators[g]);
        for (std::size_t t = 0; t < type_count; ++t)
          group_estimators[g].handled_by_call_type[t].add(result.handled_by_type[g * type_count + t], 1);
      }
    }
    events += result.events;
    calls += result.calls;
  };

  // Workers take replications in order. A finished replication waits in a small buffer until
  // every earlier one is merged, so floating-point sums are always formed in replication order,
  // whatever the thread count; a worker runs at most `window` replications ahead of the merge,
  // which bounds the memory held in the buffer.
  int threads = options.threads > 0 ? options.threads : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  threads = std::max(1, std::min(threads, replications));
  const int window = 2 * threads;
  std::mutex mutex;
  std::condition_variable cv;
  int next_to_run = 0, next_to_merge = 0, done = 0;
  std::map<int, ReplicationResult> finished;
  std::exception_ptr failure;

  const auto worker = [&] {
    try {
      Engine engine(scenario);
      for (;;) {
        int r;
        {
          std::unique_lock lock(mutex);
          cv.wait(lock, [&] { return failure || next_to_run >= replications || next_to_run - next_to_merge < window; });
          if (failure || next_to_run >= replications) return;
          r = next_to_run++;
        }
        if (options.cancelled && options.cancelled()) throw RunCancelled();
        ReplicationResult result = engine.run(r);
        int finished_count;
        {
          std::lock_guard lock(mutex);
          finished.emplace(r, std::move(result));
          for (auto it = finished.find(next_to_merge); it != finished.end(); it = finished.find(next_to_merge)) {
            merge(it->first, it->second);
            finished.erase(it);
            ++next_to_merge;
          }
          finished_count = ++done;
        }
        cv.notify_all();
        if (options.progress) options.progress(finished_count, replications);
      }
    } catch (...) {
      std::lock_guard lock(mutex);
      if (!failure) failure = std::current_exception();
      cv.notify_all();
    }
  };

  if (threads == 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (int i = 0; i < threads; ++i) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
  }
  if (failure) std::rethrow_exception(failure);

  RunResult out;
  out.replications = replications;
  out.threads = threads;
  out.seed = scenario.run.seed;
  out.summary.resize(metric_count);
  for (std::size_t m = 0; m < metric_count; ++m) out.summary[m] = summary[m].estimate();
  out.intervals.assign(interval_count, std::vector<Estimate>(metric_count));
  for (std::size_t i = 0; i < interval_count; ++i) {
    for (std::size_t m = 0; m < metric_count; ++m) {
      if (infos[m].per_interval) out.intervals[i][m] = intervals[i * metric_count + m].estimate();
    }
  }
  out.days.assign(day_count, std::vector<Estimate>(metric_count));
  for (std::size_t d = 0; d < day_count; ++d) {
    for (std::size_t m = 0; m < metric_count; ++m) {
      if (infos[m].per_interval) out.days[d][m] = days[d * metric_count + m].estimate();
    }
  }
  const auto finish_scope = [&](const std::string& name, const ScopeEstimators& e) {
    ScopeResult r;
    r.name = name;
    r.summary.resize(metric_count);
    for (std::size_t m = 0; m < metric_count; ++m) r.summary[m] = e.summary[m].estimate();
    r.intervals.assign(interval_count, std::vector<Estimate>(metric_count));
    for (std::size_t i = 0; i < interval_count; ++i) {
      for (std::size_t m = 0; m < metric_count; ++m) {
        if (infos[m].per_interval) r.intervals[i][m] = e.intervals[i * metric_count + m].estimate();
      }
    }
    for (const auto& h : e.handled_by_call_type) r.handled_by_call_type.push_back(h.estimate());
    return r;
  };
  for (std::size_t t = 0; t < type_estimators.size(); ++t)
    out.call_types.push_back(finish_scope(scenario.call_types[t].name, type_estimators[t]));
  for (std::size_t g = 0; g < group_estimators.size(); ++g)
    out.agent_groups.push_back(finish_scope(scenario.agent_groups[g].name, group_estimators[g]));
  out.events = events;
  out.calls = calls;
  out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace ccsim::sim
