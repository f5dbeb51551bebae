#include "ccsim/sim/engine.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <boost/random/gamma_distribution.hpp>

namespace ccsim::sim {

void IntervalTally::add(const IntervalTally& o) {
  offered += o.offered;
  blocked += o.blocked;
  answered += o.answered;
  abandoned += o.abandoned;
  abandoned_short += o.abandoned_short;
  answered_within += o.answered_within;
  waited += o.waited;
  wait_answered += o.wait_answered;
  wait_all += o.wait_all;
  busy_time += o.busy_time;
  available_time += o.available_time;
  queue_time += o.queue_time;
  elapsed += o.elapsed;
  max_queue = std::max(max_queue, o.max_queue);
}

namespace {

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// ---- Future-event list ----------------------------------------------------------------------
// A 4-ary min-heap of 16-byte events ordered by (time, sequence number): ties are broken by
// scheduling order, so runs are deterministic. Four children share a cache line and the heap is
// half as deep as a binary one. The vector keeps its capacity across days and replications: no
// allocation per event once warmed up.
enum Kind : std::uint32_t {
  arrival = 0,
  talk_end = 1,    // the call ends; its line is freed; wrap-up starts
  work_end = 2,    // the agent is free again (after wrap-up, or after talk when there is none)
  abandon = 3,     // a waiting caller's patience runs out (dropped if already answered)
  staffing = 4,    // a StaffingChange of the day
  agent_back = 5,  // an agent returns from a break
  boundary = 6,    // interval boundary (id = index of the interval starting; = count at closing)
  warmup_end = 7,
};

struct Event {
  double time;
  std::uint64_t key;  // sequence << 32 | kind << 29 | id
  [[nodiscard]] Kind kind() const { return static_cast<Kind>((key >> 29) & 7U); }
  [[nodiscard]] std::uint32_t id() const { return static_cast<std::uint32_t>(key & ((1U << 29) - 1)); }
};

class EventQueue {
public:
  void clear() {
    heap_.clear();
    sequence_ = 0;
  }
  [[nodiscard]] bool empty() const { return heap_.empty(); }
  [[nodiscard]] const Event& top() const { return heap_.front(); }
  /// An event stamped with the next sequence number, not (yet) in the heap.
  Event make(double time, Kind kind, std::uint32_t id) {
    return {time, (sequence_++ << 32) | (std::uint64_t{kind} << 29) | id};
  }
  void push(double time, Kind kind, std::uint32_t id) {
    const Event e = make(time, kind, id);
    std::size_t i = heap_.size();
    heap_.push_back(e);
    Event* h = heap_.data();
    while (i > 0) {
      const std::size_t parent = (i - 1) / 4;
      if (!before(e, h[parent])) break;
      h[i] = h[parent];
      i = parent;
    }
    h[i] = e;
  }
  Event pop() {
    Event* h = heap_.data();
    const Event top = h[0];
    const Event last = h[heap_.size() - 1];
    heap_.pop_back();
    const std::size_t n = heap_.size();
    if (n > 0) {
      // Sift the last element down from the root, choosing the earliest of up to four children.
      std::size_t i = 0;
      for (;;) {
        const std::size_t first = 4 * i + 1;
        if (first >= n) break;
        std::size_t best = first;
        const std::size_t end = std::min(first + 4, n);
        for (std::size_t c = first + 1; c < end; ++c) {
          if (before(h[c], h[best])) best = c;
        }
        if (!before(h[best], last)) break;
        h[i] = h[best];
        i = best;
      }
      h[i] = last;
    }
    return top;
  }

  static bool before(const Event& a, const Event& b) { return a.time < b.time || (a.time == b.time && a.key < b.key); }

private:
  std::vector<Event> heap_;
  std::uint64_t sequence_ = 0;
};

// A growable ring buffer (FIFO, with removal at both ends). Keeps its capacity.
template <class T>
class Ring {
public:
  void clear() { head_ = size_ = 0; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] std::size_t size() const { return size_; }
  void push_back(const T& value) {
    if (size_ == buffer_.size()) grow();
    buffer_[(head_ + size_) & (buffer_.size() - 1)] = value;
    ++size_;
  }
  T pop_front() {
    const T value = buffer_[head_];
    head_ = (head_ + 1) & (buffer_.size() - 1);
    --size_;
    return value;
  }
  T pop_back() {
    --size_;
    return buffer_[(head_ + size_) & (buffer_.size() - 1)];
  }

private:
  void grow() {
    std::vector<T> bigger(std::max<std::size_t>(16, buffer_.size() * 2));
    for (std::size_t i = 0; i < size_; ++i) bigger[i] = buffer_[(head_ + i) & (buffer_.size() - 1)];
    buffer_.swap(bigger);
    head_ = 0;
  }
  std::vector<T> buffer_;
  std::size_t head_ = 0, size_ = 0;
};

constexpr double histogram_bin = 0.25;        // seconds
constexpr std::size_t histogram_bins = 14400;  // one hour; longer waits fall in the last bin

}  // namespace

models::Rng make_stream(std::uint64_t seed, std::uint64_t replication, Stream purpose) {
  const std::uint64_t mixed =
      splitmix64(splitmix64(splitmix64(seed) ^ (replication + 0x632be59bd9b4e019ULL)) ^ static_cast<std::uint64_t>(purpose));
  return models::Rng(mixed);
}

struct Engine::State {
  struct Caller {
    double arrival;
    double handle;
    double wrap;
    std::uint32_t interval;
    std::uint32_t generation;
    bool counted;
    bool waiting;
    bool timer_pending;
  };
  struct Queued {
    std::uint32_t slot;
    std::uint32_t generation;
  };
  struct Agent {
    double wrap = 0;  // wrap-up of the call in hand, seconds
  };

  EventQueue events;
  std::vector<Caller> callers;
  std::vector<std::uint32_t> free_callers;
  Ring<Queued> queue;
  std::vector<Agent> agents;
  std::vector<std::uint32_t> free_agents;
  Ring<std::uint32_t> idle;  // longest idle at the front
  std::uint64_t pending_permanent_leaves = 0;
  Ring<double> pending_breaks;  // break lengths of agents to send on break once free
  std::vector<std::uint32_t> histogram = std::vector<std::uint32_t>(histogram_bins, 0);  // positive waits
  std::uint64_t zero_waits = 0;

  models::Rng arrival_rng, handle_rng, wrap_rng, patience_rng, day_rng;

  // Per-day state
  double now = 0, last = 0;
  bool counting = false, open = true;
  std::size_t current = 0;  // index of the interval tally the clock is in
  std::size_t day_base = 0;
  std::uint64_t busy = 0, available = 0, waiting = 0, lines_in_use = 0;
  double intensity = 0, day_factor = 1;
  std::size_t profile_hint = 0;
  double max_queue = 0;
};

Engine::Engine(const Scenario& scenario) : scenario_(scenario), state_(new State) {}
Engine::~Engine() { delete state_; }

ReplicationResult Engine::run(int replication) {
  const Scenario& sc = scenario_;
  State& s = *state_;
  const auto seed = sc.run.seed;
  const auto rep = static_cast<std::uint64_t>(replication);
  s.arrival_rng = make_stream(seed, rep, Stream::arrivals);
  s.handle_rng = make_stream(seed, rep, Stream::handle_time);
  s.wrap_rng = make_stream(seed, rep, Stream::wrap_up);
  s.patience_rng = make_stream(seed, rep, Stream::patience);
  s.day_rng = make_stream(seed, rep, Stream::day_factor);
  std::fill(s.histogram.begin(), s.histogram.end(), 0U);
  s.zero_waits = 0;

  const int per_day = sc.calendar.intervals_per_day();
  const double interval_length = sc.calendar.interval;
  const double per_interval_length = 1.0 / interval_length;
  const double warmup = sc.run.warmup;
  const double answer_within = sc.service_level.answer_within;
  const double short_abandon = sc.service_level.short_abandon;
  const bool has_lines = sc.lines.has_value();
  const std::uint64_t lines = has_lines ? static_cast<std::uint64_t>(*sc.lines) : 0;
  const bool has_patience = sc.patience.has_value();
  const bool has_wrap = !(sc.wrap_up.kind() == models::DistributionKind::fixed && sc.wrap_up.mean() == 0);

  ReplicationResult result;
  result.intervals.assign(static_cast<std::size_t>(sc.calendar.days) * static_cast<std::size_t>(per_day), {});
  s.max_queue = 0;
  std::uint64_t events = 0, calls = 0;

  for (int d = 0; d < sc.calendar.days; ++d) {
    // ---- reset the day ----
    s.events.clear();
    s.callers.clear();
    s.free_callers.clear();
    s.queue.clear();
    s.agents.clear();
    s.free_agents.clear();
    s.idle.clear();
    s.pending_permanent_leaves = 0;
    s.pending_breaks.clear();
    s.now = s.last = 0;
    s.counting = warmup <= 0;
    s.open = true;
    s.day_base = static_cast<std::size_t>(d) * static_cast<std::size_t>(per_day);
    s.current = s.day_base;
    s.busy = s.available = s.waiting = s.lines_in_use = 0;
    s.intensity = 0;
    s.profile_hint = 0;
    s.day_factor = 1.0;
    if (sc.day_to_day_cv > 0) {
      const double shape = 1.0 / (sc.day_to_day_cv * sc.day_to_day_cv);
      s.day_factor = boost::random::gamma_distribution<double>(shape, 1.0 / shape)(s.day_rng);
    }
    const models::ArrivalProfile& profile = sc.arrivals[static_cast<std::size_t>(d)];
    const auto& changes = sc.staffing[static_cast<std::size_t>(d)];

    // The next arrival waits outside the heap (half of all heap traffic otherwise); it is
    // stamped with a sequence number like any event, so the order of events is unchanged.
    bool arrival_pending = false;
    Event next_arrival{};
    const auto schedule_next_arrival = [&] {
      s.intensity += models::Distribution::unit_exponential(s.arrival_rng);
      const double t = s.day_factor > 0 ? profile.time_at(s.intensity / s.day_factor, s.profile_hint) : -1.0;
      arrival_pending = t >= 0;
      if (arrival_pending) next_arrival = s.events.make(t, arrival, 0);
    };

    // Time-weighted tallies up to `t`.
    const auto advance = [&](double t) {
      if (s.counting) {
        const double dt = t - s.last;
        IntervalTally& tally = result.intervals[s.current];
        tally.busy_time += static_cast<double>(s.busy) * dt;
        tally.available_time += static_cast<double>(s.available) * dt;
        tally.queue_time += static_cast<double>(s.waiting) * dt;
        tally.elapsed += dt;
      }
      s.last = s.now = t;
    };

    const auto new_agent_id = [&]() -> std::uint32_t {
      if (!s.free_agents.empty()) {
        const auto id = s.free_agents.back();
        s.free_agents.pop_back();
        return id;
      }
      s.agents.push_back({});
      return static_cast<std::uint32_t>(s.agents.size() - 1);
    };

    const auto release_caller = [&](std::uint32_t slot) {
      ++s.callers[slot].generation;
      s.free_callers.push_back(slot);
    };

    // Agent `a` starts talking to caller `slot`, who waited `wait` seconds.
    const auto answer = [&](std::uint32_t a, State::Caller& c, double wait) {
      if (c.counted) {
        IntervalTally& tally = result.intervals[c.interval];
        tally.answered += 1;
        tally.answered_within += wait <= answer_within ? 1.0 : 0.0;
        tally.waited += wait > 0 ? 1.0 : 0.0;
        tally.wait_answered += wait;
        tally.wait_all += wait;
        if (wait > 0) {
          ++s.histogram[std::min(static_cast<std::size_t>(wait * (1.0 / histogram_bin)), histogram_bins - 1)];
        } else {
          ++s.zero_waits;
        }
      }
      ++s.busy;
      State::Agent& agent = s.agents[a];
      if (has_lines) {
        agent.wrap = c.wrap;
        s.events.push(s.now + c.handle, talk_end, a);
      } else {
        // Without a line limit the end of talk changes nothing: one event for talk + wrap-up.
        s.events.push(s.now + c.handle + c.wrap, work_end, a);
      }
    };

    // Agent `a` has just become available (free after a call, back from a break, or new).
    const auto agent_free = [&](std::uint32_t a) {
      if (!s.pending_breaks.empty()) {
        --s.available;
        s.events.push(s.now + s.pending_breaks.pop_front(), agent_back, a);
        return;
      }
      if (s.pending_permanent_leaves > 0) {
        --s.pending_permanent_leaves;
        --s.available;
        s.free_agents.push_back(a);
        return;
      }
      while (!s.queue.empty()) {
        const State::Queued q = s.queue.pop_front();
        State::Caller& c = s.callers[q.slot];
        if (c.generation != q.generation || !c.waiting) continue;  // abandoned meanwhile
        c.waiting = false;
        --s.waiting;
        answer(a, c, s.now - c.arrival);
        if (!c.timer_pending) release_caller(q.slot);
        return;
      }
      if (!s.open) {  // after closing, an agent with nothing to do goes home
        --s.available;
        s.free_agents.push_back(a);
        return;
      }
      s.idle.push_back(a);
    };

    // ---- schedule the day ----
    schedule_next_arrival();
    for (std::size_t i = 0; i < changes.size(); ++i) s.events.push(changes[i].time, staffing, static_cast<std::uint32_t>(i));
    s.events.push(interval_length, boundary, 1);  // each boundary schedules the next: a smaller heap
    if (warmup > 0) s.events.push(warmup, warmup_end, 0);

    // ---- the event loop ----
    while (arrival_pending || !s.events.empty()) {
      Event e;
      if (arrival_pending && (s.events.empty() || EventQueue::before(next_arrival, s.events.top()))) {
        e = next_arrival;
        arrival_pending = false;
      } else {
        e = s.events.pop();
      }
      ++events;
      advance(e.time);
      switch (e.kind()) {
        case arrival: {
          ++calls;
          const double handle = sc.handle_time.sample(s.handle_rng);
          const double wrap = has_wrap ? sc.wrap_up.sample(s.wrap_rng) : 0.0;
          const double patience = has_patience ? sc.patience->sample(s.patience_rng) : 0.0;
          const auto in_day = std::min(static_cast<int>(s.now * per_interval_length), per_day - 1);
          const auto interval = static_cast<std::uint32_t>(s.day_base + static_cast<std::size_t>(in_day));
          const bool counted = s.now >= warmup;
          if (counted) result.intervals[interval].offered += 1;
          if (has_lines && s.lines_in_use >= lines) {
            if (counted) result.intervals[interval].blocked += 1;
          } else {
            ++s.lines_in_use;
            State::Caller c{s.now, handle, wrap, interval, 0, counted, false, false};
            if (!s.idle.empty()) {
              const std::uint32_t a = s.idle.pop_front();
              answer(a, c, 0.0);
            } else {
              std::uint32_t slot;
              if (!s.free_callers.empty()) {
                slot = s.free_callers.back();
                s.free_callers.pop_back();
                c.generation = s.callers[slot].generation;
                s.callers[slot] = c;
              } else {
                slot = static_cast<std::uint32_t>(s.callers.size());
                s.callers.push_back(c);
              }
              State::Caller& queued = s.callers[slot];
              queued.waiting = true;
              s.queue.push_back({slot, queued.generation});
              ++s.waiting;
              if (counted) {
                IntervalTally& tally = result.intervals[s.current];
                tally.max_queue = std::max(tally.max_queue, static_cast<double>(s.waiting));
                s.max_queue = std::max(s.max_queue, static_cast<double>(s.waiting));
              }
              if (has_patience) {
                queued.timer_pending = true;
                s.events.push(s.now + patience, abandon, slot);
              }
            }
          }
          schedule_next_arrival();
          break;
        }
        case talk_end: {
          --s.lines_in_use;
          State::Agent& agent = s.agents[e.id()];
          if (agent.wrap > 0) {
            s.events.push(s.now + agent.wrap, work_end, e.id());
          } else {
            --s.busy;
            agent_free(e.id());
          }
          break;
        }
        case work_end:
          if (!has_lines) --s.lines_in_use;
          --s.busy;
          agent_free(e.id());
          break;
        case abandon: {
          State::Caller& c = s.callers[e.id()];
          c.timer_pending = false;
          if (c.waiting) {
            c.waiting = false;
            --s.waiting;
            --s.lines_in_use;
            if (c.counted) {
              const double wait = s.now - c.arrival;
              IntervalTally& tally = result.intervals[c.interval];
              tally.abandoned += 1;
              tally.abandoned_short += wait < short_abandon ? 1.0 : 0.0;
              tally.waited += 1;
              tally.wait_all += wait;
            }
          }
          release_caller(e.id());
          break;
        }
        case staffing: {
          const StaffingChange& ch = changes[e.id()];
          if (ch.change > 0) {
            auto add = static_cast<std::uint64_t>(ch.change);
            const std::uint64_t cancelled = std::min(add, s.pending_permanent_leaves);
            s.pending_permanent_leaves -= cancelled;
            add -= cancelled;
            for (std::uint64_t k = 0; k < add; ++k) {
              const std::uint32_t a = new_agent_id();
              ++s.available;
              agent_free(a);
            }
          } else {
            for (int k = 0; k < -ch.change; ++k) {
              if (!s.idle.empty()) {
                const std::uint32_t a = s.idle.pop_back();  // the most recently idle leaves
                --s.available;
                if (ch.return_after > 0) {
                  s.events.push(s.now + ch.return_after, agent_back, a);
                } else {
                  s.free_agents.push_back(a);
                }
              } else if (ch.return_after > 0) {
                s.pending_breaks.push_back(ch.return_after);
              } else {
                ++s.pending_permanent_leaves;
              }
            }
          }
          break;
        }
        case agent_back:
          ++s.available;
          agent_free(e.id());
          break;
        case boundary:
          if (static_cast<int>(e.id()) < per_day) {
            s.current = s.day_base + e.id();
            s.events.push((e.id() + 1) * interval_length, boundary, e.id() + 1);
          } else {  // closing: no more arrivals; idle agents go home; time-weighted figures stop
            s.open = false;
            s.counting = false;
            while (!s.idle.empty()) {
              const std::uint32_t a = s.idle.pop_front();
              --s.available;
              s.free_agents.push_back(a);
            }
          }
          break;
        case warmup_end:
          s.counting = s.open;
          break;
      }
    }
  }

  // 90th percentile of answered waits: 0 when at least 90% did not wait, otherwise interpolated
  // within the 0.25 s bins of the positive waits.
  std::uint64_t total = s.zero_waits;
  for (auto count : s.histogram) total += count;
  const double rank = 0.9 * static_cast<double>(total);
  if (total > 0 && rank > static_cast<double>(s.zero_waits)) {
    double below = static_cast<double>(s.zero_waits);
    for (std::size_t b = 0; b < histogram_bins; ++b) {
      const double here = s.histogram[b];
      if (below + here >= rank) {
        result.wait_p90 = (static_cast<double>(b) + (here > 0 ? (rank - below) / here : 0.0)) * histogram_bin;
        break;
      }
      below += here;
    }
  }
  result.max_queue = s.max_queue;
  result.events = events;
  result.calls = calls;
  return result;
}

}  // namespace ccsim::sim
