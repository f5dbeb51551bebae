#include "ccsim/sim/engine.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <string>

#include <boost/random/gamma_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>

#include "ccsim/models/limits.hpp"
#include "engine/event_queue.hpp"
#include "engine/radix_sort.hpp"
#include "engine/ring.hpp"
#include "engine/wait_histogram.hpp"

namespace ccsim::sim {

// The engine's parts (sim/src/engine/): the event list, the FIFO ring, the radix sort, the
// wait histogram. This file is the event loop and the model's rules.
using namespace detail;

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
  fresh += o.fresh;
  redials += o.redials;
  retries += o.retries;
  repeats += o.repeats;
  reopens += o.reopens;
  closed += o.closed;
  callbacks_placed += o.callbacks_placed;
  self_service += o.self_service;
  balked += o.balked;
  callbacks_offered += o.callbacks_offered;
  callbacks_accepted += o.callbacks_accepted;
  callbacks_completed += o.callbacks_completed;
  callbacks_failed += o.callbacks_failed;
  promises_kept += o.promises_kept;
  promises_broken += o.promises_broken;
  callback_wait += o.callback_wait;
  estimated += o.estimated;
  estimate_error += o.estimate_error;
  estimate_abs_error += o.estimate_abs_error;
  customers += o.customers;
  resolved += o.resolved;
  resolved_first += o.resolved_first;
  gave_up += o.gave_up;
  pending += o.pending;
  self_served += o.self_served;
  customers_within += o.customers_within;
  identified += o.identified;
  crm_time_saved += o.crm_time_saved;
}

namespace {

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

models::Rng make_stream(std::uint64_t seed, std::uint64_t replication, Stream purpose) {
  const std::uint64_t mixed =
      splitmix64(splitmix64(splitmix64(seed) ^ (replication + 0x632be59bd9b4e019ULL)) ^ static_cast<std::uint64_t>(purpose));
  return models::Rng(mixed);
}

struct Engine::State {
  // A contact in the centre's hands: waiting, in the IVR, or waiting for a callback. Slots are
  // reused within a day (a generation number tells stale queue entries and timers apart).
  struct alignas(64) Caller {
    double arrival;   // when it joined the agent queue (waits count from here), seconds after opening
    double handle;
    double wrap;
    double patience;
    double estimate;  // expected wait when it joined the queue (negative: none), seconds
    std::uint32_t interval;
    std::uint32_t generation;
    std::uint32_t customer;
    std::uint8_t kind;   // ContactKind
    std::uint8_t dials;  // callback dials made
    bool counted;
    bool waiting;
    bool timer_pending;
    std::uint8_t crm;  // CrmMatch: identified at this contact, and at which (talk time scaled)
  };
  struct Queued {
    std::uint32_t slot;
    std::uint32_t generation;
  };
  // Callback times of caller slot i (kept apart: the hot Caller fills one cache line).
  struct Promise {
    double accepted;  // seconds after opening
    double promise;   // promised by then
  };
  struct CallbackEntry {
    std::uint32_t slot;
    double since;  // when it took its place in the callback list
  };
  struct Agent {
    double wrap = 0;           // wrap-up of the call in hand, seconds
    double talk_until = 0;     // traced replications only: end of the talk (or dial) in hand
    double busy_until = 0;     // traced replications only: end of the work in hand
    std::uint32_t slot = 0;    // callback being dialled
    bool callback = false;     // the work in hand is a callback (it holds no inbound line)
  };
  // A customer followed across contacts (scenarios with returning customers, callbacks, IVR).
  struct Customer {
    double first_contact;  // seconds since the first day's opening
    double menu_time;      // seconds spent in the IVR so far (not waiting for an agent)
    std::uint32_t first_interval;
    std::uint32_t attempts;  // inbound contacts so far
    bool counted;
    bool reached;            // an agent has talked to it
    std::uint8_t crm;        // CrmMatch of its first contact in opening hours (not_drawn before)
  };
  // A returning contact due on a later day (or after closing): seconds since the first opening.
  struct FutureContact {
    double at;
    std::uint32_t customer;
    std::uint8_t kind;
  };

  EventQueue events;
  FollowEvents side;  // returning contacts, IVR ends, callback dials and retries
  // Returning contacts scheduled at a day's opening (the night's and the earlier days' due
  // today), sorted by time and sequence: only the next of them waits in the side heap.
  std::vector<Event> morning;
  std::vector<Event> morning_scratch;  // radix_sort's
  std::size_t morning_next = 0;
  std::uint64_t morning_fed = no_event;  // key of the morning contact in the side heap
  bool scheduling_morning = false;
  static constexpr std::uint64_t no_event = ~std::uint64_t{0};
  std::vector<Caller> callers;
  std::vector<Promise> promises;  // indexed like callers; used with callbacks only
  std::vector<std::uint32_t> free_callers;
  Ring<Queued> queue;
  Ring<CallbackEntry> callbacks;
  std::vector<Agent> agents;
  std::vector<std::uint32_t> free_agents;
  Ring<std::uint32_t> idle;  // longest idle at the front
  std::uint64_t pending_permanent_leaves = 0;
  Ring<double> pending_breaks;  // break lengths of agents to send on break once free
  detail::WaitHistogram waits;  // answered calls' waits
  std::vector<Customer> customers;
  std::vector<std::uint32_t> free_customers;
  // Returning contacts due on later days, by the day at whose opening they are scheduled (the
  // first day whose closing is after them); the last list holds those due after the horizon.
  // Those due in the night before a day's opening wait apart, in `future_night`.
  std::vector<std::vector<FutureContact>> future, future_night;
  std::vector<FutureContact> night_scratch;  // radix_sort's

  // Streams that serve one distribution each are drawn a block ahead (models::DrawAhead);
  // the others (several distributions, or draws that depend on earlier ones) one at a time.
  const models::Distribution unit_uniform = models::Distribution::uniform(0.0, 1.0);  // the same draws as uniform01
  const models::Distribution unit_exponential = models::Distribution::exponential(1.0);
  models::DrawAhead arrival_gaps, handle_times, wrap_times, patience_times;  // arrival gaps: unit exponential
  models::DrawAhead ivr_times, self_service_draws, offer_draws, resolution_draws, repeat_delays, balk_draws;
  models::DrawAhead crm_draws;  // caller identification (scenarios with a crm block)
  models::Rng day_rng, returning_rng, dial_rng, redial_rng, retry_rng, closed_rng;

  // Per-day state
  double now = 0, last = 0;
  bool counting = false, open = true;
  std::size_t current = 0;  // index of the interval tally the clock is in
  std::size_t day_base = 0;
  std::uint64_t busy = 0, available = 0, waiting = 0, lines_in_use = 0;
  std::uint64_t callbacks_outstanding = 0;  // accepted and not yet reached or failed
  std::uint64_t in_ivr = 0, on_break = 0;
  double intensity = 0, day_factor = 1;
  std::size_t profile_hint = 0;
  double max_queue = 0;
};

namespace {
enum ContactKind : std::uint8_t { fresh_contact = 0, redial_contact, retry_contact, repeat_contact, reopen_contact };
// Caller identification (CRM) of a contact or a customer.
enum CrmMatch : std::uint8_t { not_identified = 0, identified_first, identified_later, not_drawn };
constexpr double seconds_per_day = 86400.0;
constexpr std::uint32_t no_customer = 0xffffffffU;
}  // namespace

Engine::Engine(const Scenario& scenario) : scenario_(scenario), state_(new State) {}
Engine::~Engine() { delete state_; }

ReplicationResult Engine::run(int replication, Trace* trace) {
  const Scenario& sc = scenario_;
  State& s = *state_;
  const auto seed = sc.run.seed;
  const auto rep = static_cast<std::uint64_t>(replication);
  s.arrival_gaps.reset(s.unit_exponential, make_stream(seed, rep, Stream::arrivals));
  s.handle_times.reset(sc.handle_time, make_stream(seed, rep, Stream::handle_time));
  s.wrap_times.reset(sc.wrap_up, make_stream(seed, rep, Stream::wrap_up));
  if (sc.patience) s.patience_times.reset(*sc.patience, make_stream(seed, rep, Stream::patience));
  s.day_rng = make_stream(seed, rep, Stream::day_factor);
  if (sc.crm) s.crm_draws.reset(s.unit_uniform, make_stream(seed, rep, Stream::crm));
  const bool follow = sc.follow_customers;
  if (follow) {
    s.returning_rng = make_stream(seed, rep, Stream::returning_needs);
    if (sc.ivr) s.ivr_times.reset(sc.ivr->time, make_stream(seed, rep, Stream::ivr));
    s.self_service_draws.reset(s.unit_uniform, make_stream(seed, rep, Stream::self_service));
    s.offer_draws.reset(s.unit_uniform, make_stream(seed, rep, Stream::callback_offer));
    s.dial_rng = make_stream(seed, rep, Stream::callback_dial);
    s.redial_rng = make_stream(seed, rep, Stream::redial);
    s.retry_rng = make_stream(seed, rep, Stream::retry);
    s.resolution_draws.reset(s.unit_uniform, make_stream(seed, rep, Stream::resolution));
    s.repeat_delays.reset(sc.returns.repeat_delay, make_stream(seed, rep, Stream::repeat));
    s.closed_rng = make_stream(seed, rep, Stream::closed);
    s.balk_draws.reset(s.unit_uniform, make_stream(seed, rep, Stream::balk));
  }
  s.waits.clear();
  s.customers.clear();
  s.free_customers.clear();
  s.future.resize(static_cast<std::size_t>(sc.calendar.days) + 1);
  s.future_night.resize(static_cast<std::size_t>(sc.calendar.days));
  for (auto& day : s.future) day.clear();
  for (auto& night : s.future_night) night.clear();

  const int per_day = sc.calendar.intervals_per_day();
  const double interval_length = sc.calendar.interval;
  const double per_interval_length = 1.0 / interval_length;
  const double open_length = sc.calendar.open_length();
  const double warmup = sc.run.warmup;
  const double answer_within = sc.service_level.answer_within;
  const double short_abandon = sc.service_level.short_abandon;
  const bool has_lines = sc.lines.has_value();
  const std::uint64_t lines = has_lines ? static_cast<std::uint64_t>(*sc.lines) : 0;
  const bool has_patience = sc.patience.has_value();
  const bool has_wrap = !(sc.wrap_up.kind() == models::DistributionKind::fixed && sc.wrap_up.mean() == 0);
  const ReturnsSpec& returns = sc.returns;
  const bool has_ivr = sc.ivr.has_value();
  const bool has_callback = sc.callback.has_value();
  const bool has_announcement = sc.announcement.has_value();
  const bool estimates = has_callback || has_announcement;  // callers are told or offered by their expected wait
  const bool serve_callbacks_in_order = has_callback && sc.callback->serve == CallbackServe::queue_order;
  const double mean_work = sc.handle_time.mean() + sc.wrap_up.mean();
  // Means that change through the day scale each call's draws by its interval's factor.
  const bool means_vary = !sc.handle_time_factor.empty() || !sc.wrap_up_factor.empty() || !sc.patience_factor.empty();
  const bool has_crm = sc.crm.has_value();
  // The talk-time multiplier of an identified caller: first contacts, and later contacts.
  const double crm_first = has_crm ? sc.crm->handle_time_factor : 1.0;
  const double crm_later = has_crm ? sc.crm->handle_time_factor * sc.crm->returning_handle_time_factor : 1.0;

  ReplicationResult result;
  result.intervals.assign(static_cast<std::size_t>(sc.calendar.days) * static_cast<std::size_t>(per_day), {});
  s.max_queue = 0;
  std::uint64_t events = 0, calls = 0;
  int current_day = 0;  // for messages
  // A run that outgrows a limit of ccsim::limits stops, saying where and what to change.
  const auto limit_reached = [&](const std::string& what) {
    return SimulationLimit("replication " + std::to_string(replication + 1) + ", day " + std::to_string(current_day + 1) +
                           " at " + format_time_of_day(sc.calendar.open + s.now) + ": " + what);
  };
  // Contacts are counted against limits::max_contacts at every interval boundary and every
  // returning contact, off the fresh-arrival path.
  std::uint64_t customers_created = 0;
  const auto check_contacts = [&] {
    // (Customers are counted only where they are followed: without returns every contact is fresh.)
    if (follow && calls > 1'000'000 && calls > limits::max_contacts_per_customer * customers_created) {
      throw limit_reached(std::to_string(calls) + " contacts from " + std::to_string(customers_created) +
                          " customers: more than " + std::to_string(limits::max_contacts_per_customer) +
                          " each on average, a storm of callers ringing again; lower the redial or retry probability, "
                          "lengthen their delays, or set returns.max_attempts");
    }
    if (s.events.made() > (std::uint64_t{3} << 30)) {
      throw limit_reached("over 3.2e9 events in one day, more than the engine can order: simulate a smaller volume");
    }
    if (calls > limits::max_contacts) {
      throw limit_reached("over " + std::to_string(limits::max_contacts) +
                          " contacts simulated in one replication: simulate fewer days per run, or check the volume "
                          "and the share of callers who ring again");
    }
  };

  // ---- customers (followed across contacts, days included) ----
  const auto new_customer = [&](double first_contact, std::size_t interval, bool counted) -> std::uint32_t {
    if (counted) result.intervals[interval].customers += 1;
    ++customers_created;
    std::uint32_t id;
    if (!s.free_customers.empty()) {
      id = s.free_customers.back();
      s.free_customers.pop_back();
    } else {
      if (s.customers.size() >= limits::max_callers) {
        throw limit_reached("over " + std::to_string(limits::max_callers) +
                            " customers are still trying to get through; their contacts grow without bound: add agents, or "
                            "lower the volume or the share of callers who ring again");
      }
      id = static_cast<std::uint32_t>(s.customers.size());
      s.customers.emplace_back();
    }
    // Field by field: a record built on the stack and copied stalls on store forwarding.
    State::Customer& c = s.customers[id];
    c.first_contact = first_contact;
    c.menu_time = 0.0;
    c.first_interval = static_cast<std::uint32_t>(interval);
    c.attempts = 0;
    c.counted = counted;
    c.reached = false;
    c.crm = not_drawn;
    return id;
  };
  // The list of State::future a contact due at `at` (seconds since the first opening) goes to:
  // the first day whose closing is after it, or the last list (after the horizon).
  const auto future_day = [&](double at) -> std::size_t {
    const auto days = static_cast<std::size_t>(sc.calendar.days);
    const double estimate = std::floor((at - open_length) / seconds_per_day) + 1.0;
    std::size_t d = estimate > 0 ? static_cast<std::size_t>(std::min(estimate, static_cast<double>(days))) : 0;
    // Settle rounding with the very comparison made at each opening: due before its closing.
    while (d > 0 && at < static_cast<double>(d - 1) * seconds_per_day + open_length) --d;
    while (d < days && !(at < static_cast<double>(d) * seconds_per_day + open_length)) ++d;
    return d;
  };
  enum class Outcome { resolved, self_served, gave_up, pending };
  const auto end_journey = [&](std::uint32_t id, Outcome outcome) {
    const State::Customer& c = s.customers[id];
    if (c.counted) {
      IntervalTally& tally = result.intervals[c.first_interval];
      switch (outcome) {
        case Outcome::self_served: tally.self_served += 1; [[fallthrough]];
        case Outcome::resolved:
          tally.resolved += 1;
          tally.resolved_first += c.attempts == 1 ? 1.0 : 0.0;
          break;
        case Outcome::gave_up: tally.gave_up += 1; break;
        case Outcome::pending: tally.pending += 1; break;
      }
    }
    s.free_customers.push_back(id);
  };

  for (int d = 0; d < sc.calendar.days; ++d) {
    current_day = d;
    // ---- reset the day ----
    s.events.clear();
    s.side.clear();
    s.morning.clear();
    s.morning_next = 0;
    s.morning_fed = State::no_event;
    s.callers.clear();
    s.free_callers.clear();
    s.queue.clear();
    s.callbacks.clear();
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
    s.callbacks_outstanding = 0;
    s.in_ivr = s.on_break = 0;
    s.intensity = 0;
    s.profile_hint = 0;
    s.day_factor = 1.0;
    if (sc.day_to_day_cv > 0) {
      const double shape = 1.0 / (sc.day_to_day_cv * sc.day_to_day_cv);
      s.day_factor = boost::random::gamma_distribution<double>(shape, 1.0 / shape)(s.day_rng);
    }
    const models::ArrivalProfile& profile = sc.arrivals[static_cast<std::size_t>(d)];
    const auto& changes = sc.staffing[static_cast<std::size_t>(d)];
    const double day_start = static_cast<double>(d) * seconds_per_day;  // this opening, since the first

    // The next arrival waits outside the heap (half of all heap traffic otherwise); it is
    // stamped with a sequence number like any event, so the order of events is unchanged.
    bool arrival_pending = false;
    Event next_arrival{};
    const auto schedule_next_arrival = [&] {
      s.intensity += s.arrival_gaps.next();
      const double t = s.day_factor > 0 ? profile.time_at(s.intensity / s.day_factor, s.profile_hint) : -1.0;
      arrival_pending = t >= 0;
      if (arrival_pending) next_arrival = s.events.make(t, arrival, 0);
    };

    // Snapshots of the replay: the state holds from the last event until `t`.
    double next_snapshot = 0;
    const auto take_snapshots = [&](double t) {
      for (; next_snapshot < t; next_snapshot += trace->step) {
        if (trace->snapshots.size() >= limits::max_trace_snapshots) {
          throw limit_reached("the replay would hold over " + std::to_string(limits::max_trace_snapshots) +
                              " snapshots (the day lasts too long, or the snapshot step is too short): replay fewer days "
                              "or a longer step");
        }
        Snapshot snap;
        snap.time = day_start + next_snapshot;
        snap.waiting = static_cast<std::uint32_t>(s.waiting);
        snap.in_ivr = static_cast<std::uint32_t>(s.in_ivr);
        for (const State::Agent& agent : s.agents) {
          if (next_snapshot < agent.talk_until) ++snap.talking;
          else if (next_snapshot < agent.busy_until) ++snap.wrapping;
        }
        snap.idle = static_cast<std::uint32_t>(s.idle.size());
        snap.on_break = static_cast<std::uint32_t>(s.on_break);
        snap.lines_in_use = static_cast<std::uint32_t>(s.lines_in_use);
        snap.callbacks_pending = static_cast<std::uint32_t>(s.callbacks_outstanding);
        snap.open = s.open;
        trace->snapshots.push_back(snap);
      }
    };

    // Time-weighted tallies up to `t`.
    const auto advance = [&](double t) {
      if (trace != nullptr) take_snapshots(t);
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

    const auto interval_of = [&](double t) {
      // Clamped before the conversion: after closing t may lie any number of intervals out.
      const auto in_day = static_cast<int>(std::min(t * per_interval_length, static_cast<double>(per_day - 1)));
      return static_cast<std::uint32_t>(s.day_base + static_cast<std::size_t>(in_day));
    };

    // A caller arriving now draws from its interval's distributions (means given per interval).
    const auto scale_needs = [&](State::Caller& c) {
      const std::uint32_t k = interval_of(s.now);
      if (!sc.handle_time_factor.empty()) c.handle *= sc.handle_time_factor[k];
      if (!sc.wrap_up_factor.empty()) c.wrap *= sc.wrap_up_factor[k];
      if (!sc.patience_factor.empty()) c.patience *= sc.patience_factor[k];
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

    // A caller slot (its generation kept); the caller fills the fields in place, since a
    // record built on the stack and copied in stalls on store forwarding.
    const auto new_caller = [&]() -> std::uint32_t {
      if (!s.free_callers.empty()) {
        const std::uint32_t slot = s.free_callers.back();
        s.free_callers.pop_back();
        return slot;
      }
      if (s.callers.size() >= limits::max_callers) {
        throw limit_reached("over " + std::to_string(limits::max_callers) +
                            " callers are held at once (waiting, in the IVR or for a callback): the queue grows without "
                            "bound; add agents or lines, or lower the volume");
      }
      s.callers.emplace_back();  // generation 0
      return static_cast<std::uint32_t>(s.callers.size() - 1);
    };

    const auto release_caller = [&](std::uint32_t slot) {
      ++s.callers[slot].generation;
      s.free_callers.push_back(slot);
    };

    // A returning contact of customer `id` at `t` seconds after this opening: within today's
    // opening hours it rings today; otherwise it waits for its day (or hears the closed message).
    const auto schedule_return = [&](std::uint32_t id, ContactKind kind, double t) {
      check_contacts();
      if (s.open && t < open_length) {
        const std::uint32_t slot = new_caller();
        State::Caller& c = s.callers[slot];
        c.customer = id;
        c.kind = kind;
        c.dials = 0;
        const Event e = s.events.make(t, returning, slot);
        if (s.scheduling_morning) {
          s.morning.push_back(e);
        } else {
          s.side.insert(e);
        }
      } else {
        const double at = day_start + t;
        const std::size_t day = future_day(at);
        const bool night = day < static_cast<std::size_t>(sc.calendar.days) && at < static_cast<double>(day) * seconds_per_day;
        (night ? s.future_night : s.future)[day].push_back({at, id, kind});
      }
    };

    // A contact of customer `id` failed (abandoned, balked, blocked, closed): it rings again with
    // `probability` after `delay`, unless it has made its last allowed attempt.
    const auto try_again = [&](std::uint32_t id, double probability, const models::Distribution& delay,
                               models::Rng& rng, ContactKind kind, double from) {
      const bool again = models::Distribution::uniform01(rng) < probability;
      const bool allowed = returns.max_attempts == 0 || s.customers[id].attempts < static_cast<std::uint32_t>(returns.max_attempts);
      if (again && allowed) {
        schedule_return(id, kind, from + delay.sample(rng));
      } else {
        end_journey(id, Outcome::gave_up);
      }
    };

    // A contact of customer `id` reaches an agent (inbound or callback): the customer service
    // level (time since the first contact, menu time excluded) and first-contact resolution; an unresolved problem comes back as a repeat contact.
    const auto reached = [&](std::uint32_t id, double talk) {
      State::Customer& customer = s.customers[id];
      if (!customer.reached) {
        customer.reached = true;
        if (customer.counted && day_start + s.now - customer.first_contact - customer.menu_time <= answer_within)
          result.intervals[customer.first_interval].customers_within += 1;
      }
      if (s.resolution_draws.next() < returns.first_contact_resolution) {
        end_journey(id, Outcome::resolved);
      } else {
        schedule_return(id, repeat_contact, s.now + talk + s.repeat_delays.next());
      }
    };

    // Agent `a` starts talking to caller `c`, who waited `wait` seconds.
    const auto answer = [&](std::uint32_t a, const State::Caller& c, double wait) {
      if (c.counted) {
        IntervalTally& tally = result.intervals[c.interval];
        tally.answered += 1;
        tally.answered_within += wait <= answer_within ? 1.0 : 0.0;
        tally.waited += wait > 0 ? 1.0 : 0.0;
        tally.wait_answered += wait;
        tally.wait_all += wait;
        s.waits.record(wait);
        if (has_crm && c.crm != not_identified)
          tally.crm_time_saved += c.handle / (c.crm == identified_first ? crm_first : crm_later) - c.handle;
        if (estimates && c.estimate >= 0) {
          tally.estimated += 1;
          tally.estimate_error += wait - c.estimate;
          tally.estimate_abs_error += std::abs(wait - c.estimate);
        }
      }
      ++s.busy;
      State::Agent& agent = s.agents[a];
      if (has_callback) agent.callback = false;
      if (trace != nullptr) {
        agent.talk_until = s.now + c.handle;
        agent.busy_until = s.now + c.handle + c.wrap;
      }
      if (has_lines) {
        agent.wrap = c.wrap;
        s.events.push(s.now + c.handle, talk_end, a);
      } else {
        // Without a line limit the end of talk changes nothing: one event for talk + wrap-up.
        s.events.push(s.now + c.handle + c.wrap, work_end, a);
      }
      if (follow) reached(c.customer, c.handle);
    };

    // Agent `a` dials the callback in caller slot `slot`.
    const auto dial = [&](std::uint32_t a, std::uint32_t slot) {
      State::Caller& c = s.callers[slot];
      ++c.dials;
      if (c.counted) result.intervals[s.current].callbacks_placed += 1;
      ++s.busy;
      State::Agent& agent = s.agents[a];
      agent.callback = true;
      agent.slot = slot;
      const double dialled = s.now + sc.callback->dial_time.sample(s.dial_rng);
      if (trace != nullptr) agent.talk_until = agent.busy_until = dialled;
      s.side.insert(s.events.make(dialled, dial_end, a));
    };

    // Agent `a` has just become available (free after a call, back from a break, or new).
    const auto agent_free = [&](std::uint32_t a) {
      if (!s.pending_breaks.empty()) {
        --s.available;
        ++s.on_break;
        s.events.push(s.now + s.pending_breaks.pop_front(), agent_back, a);
        return;
      }
      if (s.pending_permanent_leaves > 0) {
        --s.pending_permanent_leaves;
        --s.available;
        s.free_agents.push_back(a);
        return;
      }
      // Drop queue entries of callers who abandoned meanwhile.
      while (!s.queue.empty()) {
        const State::Queued& q = s.queue.front();
        const State::Caller& c = s.callers[q.slot];
        if (c.generation == q.generation && c.waiting) break;
        s.queue.pop_front();
      }
      if (!s.callbacks.empty() &&
          (s.queue.empty() || (serve_callbacks_in_order && s.callbacks.front().since < s.callers[s.queue.front().slot].arrival))) {
        dial(a, s.callbacks.pop_front().slot);
        return;
      }
      if (!s.queue.empty()) {
        const State::Queued q = s.queue.pop_front();
        State::Caller& c = s.callers[q.slot];
        c.waiting = false;
        --s.waiting;
        const bool timer_pending = c.timer_pending;
        answer(a, c, s.now - c.arrival);  // may grow the caller pool: `c` is not used after it
        if (!timer_pending) release_caller(q.slot);
        return;
      }
      if (!s.open && s.callbacks_outstanding == 0) {  // after closing, an agent with nothing to do goes home
        --s.available;
        s.free_agents.push_back(a);
        return;
      }
      s.idle.push_back(a);
    };

    const auto send_idle_home = [&] {
      while (!s.idle.empty()) {
        const std::uint32_t a = s.idle.pop_front();
        --s.available;
        s.free_agents.push_back(a);
      }
    };

    // Caller `slot`, holding a line, is ready for an agent (straight away, or after the IVR).
    const auto to_agents = [&](std::uint32_t slot) {
      State::Caller& c = s.callers[slot];
      c.arrival = s.now;
      if (!s.idle.empty()) {
        const std::uint32_t a = s.idle.pop_front();
        answer(a, c, 0.0);
        release_caller(slot);
        return;
      }
      c.estimate = -1;
      if (estimates) {
        // Expected wait from the queue ahead (Whitt's queue-length predictor for M/M/N):
        // (callers ahead + 1) x mean handle time / agents available.
        const std::uint64_t ahead = s.waiting + (serve_callbacks_in_order ? s.callbacks.size() : 0);
        const double agents = static_cast<double>(std::max<std::uint64_t>(s.available, 1));
        c.estimate = static_cast<double>(ahead + 1) * mean_work / agents;
        if (has_callback) {
          const CallbackSpec& cb = *sc.callback;
          const bool offer = (cb.offer_when_wait_exceeds && c.estimate > *cb.offer_when_wait_exceeds) ||
                             (cb.offer_at_position && ahead + 1 >= static_cast<std::uint64_t>(*cb.offer_at_position));
          if (offer) {
            if (c.counted) result.intervals[c.interval].callbacks_offered += 1;
            if (s.offer_draws.next() < cb.accept_probability) {
              --s.lines_in_use;  // hangs up; keeps its place or its promise
              if (s.promises.size() < s.callers.size()) s.promises.resize(s.callers.size());
              s.promises[slot] = {s.now, s.now + (cb.mode == CallbackMode::keep_place ? c.estimate + cb.promise_margin : cb.window)};
              c.dials = 0;
              if (c.counted) result.intervals[c.interval].callbacks_accepted += 1;
              ++s.callbacks_outstanding;
              s.callbacks.push_back({slot, s.now});
              return;
            }
          }
        }
        if (has_announcement &&
            s.balk_draws.next() < 1.0 - std::exp2(-c.estimate / sc.announcement->half_balk_wait)) {
          --s.lines_in_use;
          if (c.counted) result.intervals[c.interval].balked += 1;
          const std::uint32_t id = c.customer;
          release_caller(slot);
          try_again(id, returns.redial_probability, returns.redial_delay, s.redial_rng, redial_contact, s.now);
          return;
        }
      }
      c.waiting = true;
      s.queue.push_back({slot, c.generation});
      ++s.waiting;
      if (c.counted) {
        IntervalTally& tally = result.intervals[s.current];
        tally.max_queue = std::max(tally.max_queue, static_cast<double>(s.waiting));
        s.max_queue = std::max(s.max_queue, static_cast<double>(s.waiting));
      }
      if (has_patience) {
        c.timer_pending = true;
        s.events.push(s.now + c.patience, abandon, slot);
      }
    };

    // An inbound contact rings now: `c` carries its needs; with `has_slot`, `c` is caller slot
    // `slot` (otherwise a record on the stack, answered at once).
    const auto ring = [&](State::Caller& c, std::uint32_t slot, bool has_slot) {
      ++calls;
      const std::uint32_t interval = interval_of(s.now);
      const bool counted = s.now >= warmup;
      c.arrival = s.now;
      c.interval = interval;
      c.counted = counted;
      c.waiting = c.timer_pending = false;
      c.estimate = -1;
      if (counted) {
        IntervalTally& tally = result.intervals[interval];
        tally.offered += 1;
        if (has_crm && c.crm != not_identified) tally.identified += 1;
        if (follow) {
          switch (c.kind) {
            case fresh_contact: tally.fresh += 1; break;
            case redial_contact: tally.redials += 1; break;
            case retry_contact: tally.retries += 1; break;
            case repeat_contact: tally.repeats += 1; break;
            default: tally.reopens += 1; break;
          }
        }
      }
      if (follow) ++s.customers[c.customer].attempts;
      if (has_lines && s.lines_in_use >= lines) {
        if (counted) result.intervals[interval].blocked += 1;
        if (has_slot) release_caller(slot);
        if (follow) try_again(c.customer, returns.retry_probability, returns.retry_delay, s.retry_rng, retry_contact, s.now);
        return;
      }
      ++s.lines_in_use;
      if (!has_ivr && !s.idle.empty()) {  // the common case, without touching the caller pool
        const std::uint32_t a = s.idle.pop_front();
        answer(a, c, 0.0);
        if (has_slot) release_caller(slot);
        return;
      }
      assert(has_slot);  // the arrival gave the call a slot: it cannot be answered at once
      if (has_ivr) {
        ++s.in_ivr;
        s.side.insert_ivr_end(s.events.make(s.now + s.ivr_times.next(), ivr_end, slot));
      } else {
        to_agents(slot);
      }
    };

    // A contact of customer `id` outside opening hours hears the closed message; the caller may
    // ring again after the next opening, which is this day's.
    const auto closed_contact = [&](std::uint32_t id) {
      if (warmup <= 0) result.intervals[s.day_base].closed += 1;
      ++s.customers[id].attempts;
      try_again(id, sc.closed.retry_probability, sc.closed.retry_delay, s.closed_rng, reopen_contact, 0.0);
    };

    // ---- schedule the day ----
    schedule_next_arrival();
    for (std::size_t i = 0; i < changes.size(); ++i) s.events.push(changes[i].time, staffing, static_cast<std::uint32_t>(i));
    s.events.push(interval_length, boundary, 1);  // each boundary schedules the next: a smaller heap
    if (warmup > 0) s.events.push(warmup, warmup_end, 0);
    if (follow) {
      s.scheduling_morning = true;
      // Fresh calls during the night before this opening hear the closed message.
      const double night = seconds_per_day - open_length;
      if (sc.closed.calls_per_hour > 0 && night > 0) {
        const double mean = sc.closed.calls_per_hour * night / 3600.0;
        const int count = boost::random::poisson_distribution<int, double>(mean)(s.closed_rng);
        for (int k = 0; k < count; ++k) {
          const double at = day_start - night * models::Distribution::uniform01(s.closed_rng);
          closed_contact(new_customer(at, s.day_base, warmup <= 0));
        }
      }
      // Returning contacts due in the night before this opening hear the closed message, in
      // the order they are due, ties in the order they were scheduled (they draw from the closed
      // stream; what they schedule is due later, so the lists read here stay put).
      std::vector<State::FutureContact>& night_due = s.future_night[static_cast<std::size_t>(d)];
      radix_sort(night_due, s.night_scratch, [](const State::FutureContact& f) { return ordered_bits(f.at); });
      for (const State::FutureContact& f : night_due) {
        assert(f.at < day_start);
        closed_contact(f.customer);
      }
      night_due.clear();
      // Those due during opening hours join the morning list, which is sorted below; their order
      // here only decides ties, and it is the order in which they were scheduled.
      std::vector<State::FutureContact>& due = s.future[static_cast<std::size_t>(d)];
      for (const State::FutureContact& f : due) {
        assert(f.at >= day_start && f.at < day_start + open_length);
        schedule_return(f.customer, static_cast<ContactKind>(f.kind), f.at - day_start);
      }
      due.clear();
      s.scheduling_morning = false;
      // By time, then sequence: they were appended in sequence order and the sort is stable.
      radix_sort(s.morning, s.morning_scratch, [](const Event& e) { return e.when; });
    }
    // The next morning contact goes into the side heap once the one before it is out.
    const auto feed_morning = [&] {
      if (s.morning_next < s.morning.size()) {
        s.side.insert(s.morning[s.morning_next]);
        s.morning_fed = s.morning[s.morning_next++].key;
      } else {
        s.morning_fed = State::no_event;
      }
    };
    feed_morning();

    // ---- the event loop ----
    for (;;) {
      // The earliest of the next arrival, the main heap's top and, with followed customers, the
      // earliest of the events that follow them.
      enum Source { none, next, main_heap, follow_events } source = none;
      const Event* earliest = nullptr;
      if (!s.events.empty()) {
        earliest = &s.events.top();
        source = main_heap;
      }
      if (follow && EventQueue::before(s.side.next(), earliest == nullptr ? never : *earliest)) {
        earliest = &s.side.next();
        source = follow_events;
      }
      if (arrival_pending && (earliest == nullptr || EventQueue::before(next_arrival, *earliest))) source = next;
      Event e;
      switch (source) {
        case none: break;
        case next: e = next_arrival; arrival_pending = false; break;
        case main_heap: e = s.events.pop(); break;
        case follow_events:
          e = s.side.pop();
          if (e.key == s.morning_fed) feed_morning();
          break;
      }
      if (source == none) break;
      ++events;
      advance(e.time());
      switch (e.kind()) {
        case arrival: {
          // A caller slot only if the call cannot be answered at once (ring's fast path).
          State::Caller local;
          const bool has_slot = has_ivr || s.idle.empty();
          const std::uint32_t slot = has_slot ? new_caller() : 0;
          State::Caller& c = has_slot ? s.callers[slot] : local;
          // Every field the engine reads is set here or in ring().
          c.dials = 0;
          c.handle = s.handle_times.next();
          c.wrap = has_wrap ? s.wrap_times.next() : 0.0;
          c.patience = has_patience ? s.patience_times.next() : 0.0;
          if (means_vary) scale_needs(c);
          c.kind = fresh_contact;
          c.customer = follow ? new_customer(day_start + s.now, interval_of(s.now), s.now >= warmup) : no_customer;
          if (has_crm) {  // without a crm block, c.crm is never read
            c.crm = s.crm_draws.next() < sc.crm->identified_share ? identified_first : not_identified;
            if (c.crm == identified_first) c.handle *= crm_first;
            if (follow) s.customers[c.customer].crm = c.crm;
          }
          ring(c, slot, has_slot);
          schedule_next_arrival();
          break;
        }
        case returning: {
          State::Caller& c = s.callers[e.id()];
          c.handle = sc.handle_time.sample(s.returning_rng);
          c.wrap = has_wrap ? sc.wrap_up.sample(s.returning_rng) : 0.0;
          c.patience = has_patience ? sc.patience->sample(s.returning_rng) : 0.0;
          if (means_vary) scale_needs(c);
          if (has_crm) {
            c.crm = not_identified;
            // The record is looked up at the customer's first contact in opening hours (a caller
            // who first heard the closed message is looked up now); later contacts show history.
            std::uint8_t& match = s.customers[c.customer].crm;
            if (match == not_drawn) {
              match = s.crm_draws.next() < sc.crm->identified_share ? identified_first : not_identified;
              c.crm = match;
            } else if (match == identified_first) {
              c.crm = identified_later;
            }
            if (c.crm != not_identified) c.handle *= c.crm == identified_first ? crm_first : crm_later;
          }
          ring(c, e.id(), true);
          break;
        }
        case ivr_end: {
          --s.in_ivr;
          State::Caller& c = s.callers[e.id()];
          s.customers[c.customer].menu_time += s.now - c.arrival;
          if (s.self_service_draws.next() < sc.ivr->self_service) {
            --s.lines_in_use;
            if (c.counted) result.intervals[c.interval].self_service += 1;
            end_journey(c.customer, Outcome::self_served);
            release_caller(e.id());
          } else {
            to_agents(e.id());
          }
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
          if (!has_lines && !(has_callback && s.agents[e.id()].callback)) --s.lines_in_use;
          --s.busy;
          agent_free(e.id());
          break;
        case dial_end: {
          const std::uint32_t a = e.id();
          const std::uint32_t slot = s.agents[a].slot;
          State::Caller& c = s.callers[slot];
          const CallbackSpec& cb = *sc.callback;
          if (models::Distribution::uniform01(s.dial_rng) < cb.reach_probability) {
            if (c.counted) {
              IntervalTally& tally = result.intervals[c.interval];
              tally.callbacks_completed += 1;
              const State::Promise& promise = s.promises[slot];
              tally.callback_wait += s.now - promise.accepted;
              (s.now <= promise.promise ? tally.promises_kept : tally.promises_broken) += 1;
            }
            --s.callbacks_outstanding;
            s.side.insert(s.events.make(s.now + c.handle + c.wrap, work_end, a));  // talk and wrap-up; no inbound line
            if (trace != nullptr) {
              s.agents[a].talk_until = s.now + c.handle;
              s.agents[a].busy_until = s.now + c.handle + c.wrap;
            }
            const std::uint32_t id = c.customer;
            const double talk = c.handle;
            release_caller(slot);
            reached(id, talk);
          } else {
            --s.busy;
            if (c.dials < cb.attempts) {
              s.side.insert(s.events.make(s.now + cb.retry_delay.sample(s.dial_rng), callback_retry, slot));
            } else {
              if (c.counted) {
                IntervalTally& tally = result.intervals[c.interval];
                tally.callbacks_failed += 1;
                tally.promises_broken += 1;
              }
              --s.callbacks_outstanding;
              end_journey(c.customer, Outcome::gave_up);
              release_caller(slot);
            }
            agent_free(a);
          }
          if (!s.open && s.callbacks_outstanding == 0) send_idle_home();
          break;
        }
        case callback_retry:
          s.callbacks.push_back({e.id(), s.now});
          if (!s.idle.empty()) agent_free(s.idle.pop_front());
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
            if (follow) try_again(c.customer, returns.redial_probability, returns.redial_delay, s.redial_rng, redial_contact, s.now);
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
                  ++s.on_break;
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
          --s.on_break;
          ++s.available;
          agent_free(e.id());
          break;
        case boundary:
          check_contacts();
          if (static_cast<int>(e.id()) < per_day) {
            s.current = s.day_base + e.id();
            s.events.push((e.id() + 1) * interval_length, boundary, e.id() + 1);
          } else {  // closing: no more arrivals; idle agents go home; time-weighted figures stop
            s.open = false;
            s.counting = false;
            if (s.callbacks_outstanding == 0) send_idle_home();
          }
          break;
        case warmup_end:
          s.counting = s.open;
          break;
      }
    }
  }
  // Journeys still open at the horizon: their next contact is due after the last closing.
  for (const auto& f : s.future.back()) end_journey(f.customer, Outcome::pending);
  s.future.back().clear();

  result.wait_p90 = s.waits.quantile(0.9);
  result.answered_waits = s.waits.coarse(wait_histogram_bin, wait_histogram_bins);
  result.max_queue = s.max_queue;
  result.events = events;
  result.calls = calls;
  return result;
}

}  // namespace ccsim::sim
