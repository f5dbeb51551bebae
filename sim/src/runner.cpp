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

const std::vector<MetricInfo>& metric_infos() {
  static const std::vector<MetricInfo> infos = {
      {Metric::offered, "offered", "calls offered per replication (every arrival, blocked ones included)", false, true},
      {Metric::blocked, "blocked", "calls that found every line taken (busy signal)", false, true},
      {Metric::answered, "answered", "calls answered by an agent", false, true},
      {Metric::abandoned, "abandoned", "callers who hung up while waiting", false, true},
      {Metric::abandoned_short, "abandoned_short", "abandoned within the short-abandon threshold", false, true},
      {Metric::answered_within_target, "answered_within_target", "answered with wait <= answer_within", false, true},
      {Metric::service_level, "service_level", "the configured service level (see service_level_definition)", true, true},
      {Metric::service_level_answered, "service_level_answered", "answered within T / answered", true, true},
      {Metric::service_level_offered, "service_level_offered", "answered within T / offered (blocked included)", true, true},
      {Metric::asa, "asa", "average speed of answer: mean wait of answered calls, seconds", true, true},
      {Metric::mean_wait, "mean_wait", "mean wait of answered and abandoned calls, seconds", true, true},
      {Metric::abandon_rate, "abandon_rate", "abandoned / admitted (offered - blocked)", true, true},
      {Metric::block_rate, "block_rate", "blocked / offered", true, true},
      {Metric::occupancy, "occupancy", "agent time handling calls (talk + wrap-up) / agent time available (on duty, not on break)", true, true},
      {Metric::p_wait, "p_wait", "share of admitted calls that found no agent free", true, true},
      {Metric::mean_queue, "mean_queue", "time-average number of callers waiting", true, true},
      {Metric::agents, "agents", "time-average number of agents available (on duty, not on break)", true, true},
      {Metric::wait_p90, "wait_p90", "90th percentile of answered calls' waits, seconds (resolution 0.25 s up to an hour, 0.3 % of the wait beyond)", false, false},
      {Metric::max_queue, "max_queue", "most callers waiting at once", false, true},
      {Metric::fresh, "fresh", "offered calls that are a customer's first contact", false, true, true},
      {Metric::redials, "redials", "offered calls of customers who abandoned or balked before", false, true, true},
      {Metric::retries, "retries", "offered calls of customers who heard a busy signal before", false, true, true},
      {Metric::repeats, "repeats", "offered calls of customers whose problem was not resolved before (1 - FCR)", false, true, true},
      {Metric::reopens, "reopens", "offered calls of customers who heard the closed message before", false, true, true},
      {Metric::closed, "closed", "contacts outside opening hours (closed message)", false, true, true},
      {Metric::callbacks_placed, "callbacks_placed", "callback dials made by agents", false, true, true},
      {Metric::contacts, "contacts", "every contact: offered + closed + callbacks_placed", false, true, true},
      {Metric::customers, "customers", "unique customers (counted in the interval of their first contact)", false, true, true},
      {Metric::contacts_per_customer, "contacts_per_customer", "contacts / customers", true, true, true},
      {Metric::first_contact_resolution, "first_contact_resolution", "customers resolved at their first contact / customers", true, true, true},
      {Metric::resolved, "resolved", "customers whose problem was resolved (by an agent or self-service)", false, true, true},
      {Metric::gave_up, "gave_up", "customers who stopped trying unresolved", false, true, true},
      {Metric::pending, "pending", "customers still trying at the end of the horizon", false, true, true},
      {Metric::self_service, "self_service", "calls resolved in the IVR", false, true, true},
      {Metric::balked, "balked", "callers who hung up on hearing the expected wait", false, true, true},
      {Metric::customer_service_level, "customer_service_level",
       "customers first reached by an agent within T of their first contact (IVR time excluded) / customers not resolved in self-service", true, true, true},
      {Metric::callbacks_offered, "callbacks_offered", "callers offered a callback", false, true, true},
      {Metric::callbacks_accepted, "callbacks_accepted", "callers who accepted a callback", false, true, true},
      {Metric::callbacks_completed, "callbacks_completed", "callbacks that reached the customer", false, true, true},
      {Metric::callbacks_failed, "callbacks_failed", "callbacks not reached after the last dial", false, true, true},
      {Metric::promises_kept, "promises_kept", "callbacks that reached the customer within the promised time", false, true, true},
      {Metric::promises_broken, "promises_broken", "callbacks reached late or never (kept + broken = accepted)", false, true, true},
      {Metric::promise_kept_rate, "promise_kept_rate", "promises kept / callbacks accepted", true, true, true},
      {Metric::callback_wait, "callback_wait", "mean seconds from accepting a callback to being reached", true, true, true},
      {Metric::wait_estimate_error, "wait_estimate_error", "mean |actual - expected wait| of answered calls given an expected wait, seconds", true, true, true},
      {Metric::wait_estimate_bias, "wait_estimate_bias", "mean (actual - expected wait), seconds: negative = the estimate is pessimistic", true, true, true},
      {Metric::identified_share, "identified_share", "offered calls whose caller was identified (CRM) / offered", true, true, false, true},
      {Metric::crm_hours_saved, "crm_hours_saved", "agent hours of talk saved by identifying callers (answered calls)", false, true, false, true},
  };
  return infos;
}

bool is_share(Metric metric) {
  switch (metric) {
    case Metric::service_level:
    case Metric::service_level_answered:
    case Metric::service_level_offered:
    case Metric::abandon_rate:
    case Metric::block_rate:
    case Metric::occupancy:
    case Metric::p_wait:
    case Metric::first_contact_resolution:
    case Metric::customer_service_level:
    case Metric::promise_kept_rate:
    case Metric::identified_share:
      return true;
    default:
      return false;
  }
}

bool reported(const MetricInfo& info, const Scenario& scenario) {
  return (!info.returning || scenario.follow_customers) && (!info.crm || scenario.crm.has_value());
}

std::string service_level_definition(const ServiceLevelSpec& spec) {
  const std::string within = "answered within " + format_duration(spec.answer_within);
  switch (spec.definition) {
    case ServiceLevelDefinition::excluding_short_abandons:
      return within + " / (answered + abandoned after " + format_duration(spec.short_abandon) + ")";
    case ServiceLevelDefinition::answered: return within + " / answered";
    case ServiceLevelDefinition::offered: return within + " / offered";
  }
  return within;
}

Pair metric_pair(Metric metric, const IntervalTally& t, const ServiceLevelSpec& spec) {
  switch (metric) {
    case Metric::offered: return {t.offered, 1};
    case Metric::blocked: return {t.blocked, 1};
    case Metric::answered: return {t.answered, 1};
    case Metric::abandoned: return {t.abandoned, 1};
    case Metric::abandoned_short: return {t.abandoned_short, 1};
    case Metric::answered_within_target: return {t.answered_within, 1};
    case Metric::service_level:
      switch (spec.definition) {
        case ServiceLevelDefinition::excluding_short_abandons:
          return {t.answered_within, t.answered + t.abandoned - t.abandoned_short};
        case ServiceLevelDefinition::answered: return {t.answered_within, t.answered};
        case ServiceLevelDefinition::offered: return {t.answered_within, t.offered};
      }
      return {};
    case Metric::service_level_answered: return {t.answered_within, t.answered};
    case Metric::service_level_offered: return {t.answered_within, t.offered};
    case Metric::asa: return {t.wait_answered, t.answered};
    case Metric::mean_wait: return {t.wait_all, t.answered + t.abandoned};
    case Metric::abandon_rate: return {t.abandoned, t.offered - t.blocked};
    case Metric::block_rate: return {t.blocked, t.offered};
    case Metric::occupancy: return {t.busy_time, t.available_time};
    case Metric::p_wait: return {t.waited, t.answered + t.abandoned};
    case Metric::mean_queue: return {t.queue_time, t.elapsed};
    case Metric::agents: return {t.available_time, t.elapsed};
    case Metric::max_queue: return {t.max_queue, 1};
    case Metric::fresh: return {t.fresh, 1};
    case Metric::redials: return {t.redials, 1};
    case Metric::retries: return {t.retries, 1};
    case Metric::repeats: return {t.repeats, 1};
    case Metric::reopens: return {t.reopens, 1};
    case Metric::closed: return {t.closed, 1};
    case Metric::callbacks_placed: return {t.callbacks_placed, 1};
    case Metric::contacts: return {t.offered + t.closed + t.callbacks_placed, 1};
    case Metric::customers: return {t.customers, 1};
    case Metric::contacts_per_customer: return {t.offered + t.closed + t.callbacks_placed, t.customers};
    case Metric::first_contact_resolution: return {t.resolved_first, t.customers};
    case Metric::resolved: return {t.resolved, 1};
    case Metric::gave_up: return {t.gave_up, 1};
    case Metric::pending: return {t.pending, 1};
    case Metric::self_service: return {t.self_service, 1};
    case Metric::balked: return {t.balked, 1};
    case Metric::customer_service_level: return {t.customers_within, t.customers - t.self_served};
    case Metric::callbacks_offered: return {t.callbacks_offered, 1};
    case Metric::callbacks_accepted: return {t.callbacks_accepted, 1};
    case Metric::callbacks_completed: return {t.callbacks_completed, 1};
    case Metric::callbacks_failed: return {t.callbacks_failed, 1};
    case Metric::promises_kept: return {t.promises_kept, 1};
    case Metric::promises_broken: return {t.promises_broken, 1};
    case Metric::promise_kept_rate: return {t.promises_kept, t.callbacks_accepted};
    case Metric::callback_wait: return {t.callback_wait, t.callbacks_completed};
    case Metric::wait_estimate_error: return {t.estimate_abs_error, t.estimated};
    case Metric::wait_estimate_bias: return {t.estimate_error, t.estimated};
    case Metric::identified_share: return {t.identified, t.offered};
    case Metric::crm_hours_saved: return {t.crm_time_saved / 3600.0, 1};
    case Metric::wait_p90:
    case Metric::count_: break;
  }
  return {};
}

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
  out.events = events;
  out.calls = calls;
  out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace ccsim::sim
