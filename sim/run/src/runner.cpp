#include "ccsim/sim/runner.hpp"
#include "ccsim/sim/interrupt.hpp"

#include "ccsim/sim/process_group.hpp"
#include "ccsim/sim/replication_record.hpp"
#include "ccsim/sim/replication_bytes.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <map>
#include <string_view>
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

namespace {

ProcessGroup* current_group = nullptr;

}  // namespace

void set_process_group(ProcessGroup* group) { current_group = group; }
ProcessGroup* process_group() { return current_group; }

namespace {

// The worker threads of a run: `options.threads` (0: every core), at most one per replication.
int worker_threads(const RunOptions& options, int replications) {
  const int threads = options.threads > 0 ? options.threads : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  return std::max(1, std::min(threads, replications));
}

// Runs `worker` on `threads` threads (on this one when it is one) and waits for them.
void run_workers(int threads, const std::function<void()>& worker) {
  if (threads == 1) {
    worker();
    return;
  }
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
}

// Runs replications [first, end) in this process's threads, passing each record to `sink` in
// replication order; returns the threads used.
int run_here(const Scenario& scenario, const RunOptions& options, int first, int end, const RecordLayout& layout,
             const std::function<void(int, ReplicationRecord&&)>& sink) {
  const int count = end - first;

  // Workers take replications in order and make their records. A finished replication waits in a
  // small buffer until every earlier one is passed on, so that the records reach `sink` (and
  // floating-point sums are formed) in replication order, whatever the thread count; a worker
  // runs at most `window` replications ahead, which bounds the memory held in the buffer.
  const int threads = worker_threads(options, count);
  const int window = 2 * threads;
  struct Finished {
    std::optional<ReplicationResult> result;  // kept only for on_replication
    ReplicationRecord record;
  };
  std::mutex mutex;
  std::condition_variable cv;
  int next_to_run = first, next_to_pass = first, done = 0;
  std::map<int, Finished> finished;
  std::exception_ptr failure;

  const auto worker = [&] {
    try {
      Engine engine(scenario);
      for (;;) {
        int r;
        {
          std::unique_lock lock(mutex);
          cv.wait(lock, [&] { return failure || next_to_run >= end || next_to_run - next_to_pass < window; });
          if (failure || next_to_run >= end) return;
          r = next_to_run++;
        }
        if ((options.cancelled && options.cancelled()) || interrupt_requested()) throw RunCancelled();
        ReplicationResult result = engine.run(r);
        Finished f{std::nullopt, make_record(scenario, layout, result)};
        if (options.on_replication) f.result = std::move(result);
        int finished_count;
        {
          std::lock_guard lock(mutex);
          finished.emplace(r, std::move(f));
          for (auto it = finished.find(next_to_pass); it != finished.end(); it = finished.find(next_to_pass)) {
            if (options.on_replication) options.on_replication(it->first, *it->second.result);
            sink(it->first, std::move(it->second.record));
            finished.erase(it);
            ++next_to_pass;
          }
          finished_count = ++done;
        }
        cv.notify_all();
        if (options.progress) options.progress(finished_count, count);
      }
    } catch (...) {
      std::lock_guard lock(mutex);
      if (!failure) failure = std::current_exception();
      cv.notify_all();
    }
  };

  run_workers(threads, worker);
  if (failure) std::rethrow_exception(failure);
  return threads;
}

// Runs the replications this process takes from `counter` (numbers of [first, end), in any
// order) in its threads; their records, with their numbers, go to `taken`. Returns the threads used.
int run_taken(const Scenario& scenario, const RunOptions& options, ProcessGroup::Counter& counter, int first, int end,
              const RecordLayout& layout, std::vector<std::pair<int, ReplicationRecord>>& taken) {
  const int threads = worker_threads(options, end - first);
  std::mutex mutex;  // also makes the counter's callers one at a time
  std::exception_ptr failure;
  const auto worker = [&] {
    try {
      Engine engine(scenario);
      for (;;) {
        int r;
        {
          std::lock_guard lock(mutex);
          if (failure) return;
          r = counter.take();
        }
        if (r >= end) return;
        if ((options.cancelled && options.cancelled()) || interrupt_requested()) throw RunCancelled();
        ReplicationRecord record = make_record(scenario, layout, engine.run(r));
        {
          std::lock_guard lock(mutex);
          taken.emplace_back(r, std::move(record));
        }
        // Replications started by every process so far: the run's progress, near enough.
        if (options.progress) options.progress(r - first + 1, end - first);
      }
    } catch (...) {
      std::lock_guard lock(mutex);
      if (!failure) failure = std::current_exception();
    }
  };
  run_workers(threads, worker);
  if (failure) std::rethrow_exception(failure);
  return threads;
}

}  // namespace

int run_records(const Scenario& scenario, const RunOptions& options, const std::function<void(int, ReplicationRecord&&)>& sink) {
  const int first = options.first_replication;
  const int end = options.end_replication > 0 ? options.end_replication : scenario.run.replications;
  if (first < 0 || end > scenario.run.replications || first >= end)
    throw std::invalid_argument("replications " + std::to_string(first) + " to " + std::to_string(end - 1) + " are not within the run's " +
                                std::to_string(scenario.run.replications));
  const RecordLayout layout(scenario);
  ProcessGroup* group = process_group();
  if (group == nullptr || group->size() < 2 || options.on_replication) return run_here(scenario, options, first, end, layout, sink);
  // Several processes: each takes replications from a shared counter until none is left, then
  // every record (or a failure, so that no process waits for one that failed) goes to every
  // process, which passes them on in replication order: a replication's record depends on its
  // number alone, so the results do not depend on which process ran it.
  std::vector<std::pair<int, ReplicationRecord>> mine;
  std::exception_ptr failure;
  std::string why;
  int threads = 1;
  {
    const auto counter = group->shared_counter(first, end);
    try {
      threads = run_taken(scenario, options, *counter, first, end, layout, mine);
    } catch (const std::exception& e) {
      failure = std::current_exception();
      why = e.what();
    }
  }
  // Only the layout's active slots travel (the others hold {0, 1} in every record): a record of
  // the municipal week shrinks by a third.
  std::vector<std::size_t> active;
  for (std::size_t k = 0; k < layout.size(); ++k)
    if (layout.active(k)) active.push_back(k);
  std::string bytes;
  bytes.reserve(why.size() + 16 + mine.size() * (24 + active.size() * sizeof(Pair)));
  ByteWriter w(bytes);
  w.list(std::vector<char>(why.begin(), why.end()));
  for (const auto& [r, record] : mine) {
    w.value<std::int64_t>(r);
    w.value(record.events);
    w.value(record.calls);
    for (const std::size_t k : active) w.value(record.pairs[k]);
  }
  mine.clear();
  const auto all = group->all_gather(bytes);
  bytes = std::string();
  if (failure) std::rethrow_exception(failure);
  // Where each replication's record is among the bytes; each is built when it is passed on.
  const std::size_t record_bytes = 2 * sizeof(std::uint64_t) + active.size() * sizeof(Pair);
  std::vector<std::string_view> found(static_cast<std::size_t>(end - first));
  for (int rank = 0; rank < group->size(); ++rank) {
    ByteReader in(all.part(rank));
    std::vector<char> other;
    in.list(other);
    if (!other.empty()) throw std::domain_error(std::string(other.begin(), other.end()));
    const std::string_view rest = all.part(rank).substr(sizeof(std::uint64_t) + other.size());
    for (std::size_t at = 0; at < rest.size(); at += sizeof(std::int64_t) + record_bytes) {
      std::int64_t r = 0;
      ByteReader(rest.substr(at, sizeof r)).value(r);
      if (r < first || r >= end || !found[static_cast<std::size_t>(r - first)].empty()) throw std::runtime_error("a process sent a replication twice or out of the run");
      found[static_cast<std::size_t>(r - first)] = rest.substr(at + sizeof r, record_bytes);
    }
  }
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (found[i].size() != record_bytes) throw std::runtime_error("no process sent replication " + std::to_string(first + static_cast<int>(i)) + " whole");
    ByteReader in(found[i]);
    ReplicationRecord record;
    in.value(record.events);
    in.value(record.calls);
    record.pairs.assign(layout.size(), Pair{});
    for (const std::size_t k : active) in.value(record.pairs[k]);
    sink(first + static_cast<int>(i), std::move(record));
  }
  return threads;
}


RunResult run_replications(const Scenario& scenario, const RunOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  ResultBuilder builder(scenario);
  RunOptions whole = options;
  whole.first_replication = 0;
  whole.end_replication = 0;
  const int threads = run_records(scenario, whole, [&](int r, ReplicationRecord&& record) {
    if (options.on_record) options.on_record(r, record);
    builder.add(record);
  });
  return builder.finish(threads, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
}

}  // namespace ccsim::sim
