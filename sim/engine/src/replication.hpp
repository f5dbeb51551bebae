#pragma once
// One replication of the inbound model: the rules of the centre as one handler per event kind.
//
// An Engine holds one Replication<Kind>, which holds what a run needs as named members: the
// centre's state (its buffers kept from one replication to the next), the model's switches read
// once (`follow`, `has_lines`, ...), the counters, and the cursor of the day being simulated. Its handlers live by concern, each a header of member
// definitions included by engine.cpp (one translation unit, no virtual call, no std::function):
//   rules/calls.hpp      a call's needs, ringing, queueing, answering, abandoning, overflow, the IVR
//   rules/agents.hpp     what a free agent takes, callbacks dialled, staffing changes and breaks
//   rules/customers.hpp  customers followed across contacts: returns, resolution, closed hours
//   rules/day.hpp        a day's demand and plan, interval boundaries, closing, the next day
//   rules/tallies.hpp    the time-weighted figures (agents busy and available, callers waiting)
// and engine.cpp holds the event loop that calls them.
#include <cstdint>
#include <string>
#include <vector>

#include "ccsim/sim/engine.hpp"
#include "opening_hours.hpp"
#include "router.hpp"
#include "state.hpp"

namespace ccsim::sim::detail {

/// The engine compiled three times: one type and one group; one of them several; several of
/// both (whose checks of "several" are then constants).
enum class QueueShape { single, mixed, several };

/// How a customer's journey ended.
enum class Outcome { resolved, self_served, gave_up, pending };

template <QueueShape Kind>
class Replication {
public:
  /// The engine of `model` (which must outlive it): its switches read once; its buffers are
  /// kept from one replication to the next.
  explicit Replication(const Model& model);
  Replication(const Replication&) = delete;
  Replication& operator=(const Replication&) = delete;
  /// Replication `replication` (0-based) under `staffing` (one entry per agent group, one list
  /// per day), its snapshots recorded into `trace` when given: every day of the calendar.
  ReplicationResult run(int replication, const Staffing& staffing, Trace* trace);

private:
  static constexpr bool several_queues = Kind != QueueShape::single;
  using TypeState = EngineState::TypeState;

  // ---- the event loop (engine.cpp) ----
  void begin(int replication);   // the replication's streams and tallies
  void run_days(int first_day);  // from an opening until the centre empties after its last closing
  [[gnu::always_inline]] inline bool next_event(Event& e);     // the earliest event of every source (false: none left)

  // ---- handlers, one per event kind ----
  // The handlers and the helpers every call passes through are inlined into the event loop
  // (always_inline, on these declarations: GCC reads it here); the rest are left to the compiler.
  [[gnu::always_inline]] inline void on_arrival(std::uint32_t type);
  [[gnu::always_inline]] inline void on_returning(std::uint32_t slot);
  [[gnu::always_inline]] inline void on_ivr_end(std::uint32_t slot);
  [[gnu::always_inline]] inline void on_talk_end(std::uint32_t agent);
  [[gnu::always_inline]] inline void on_work_end(std::uint32_t agent);
  [[gnu::always_inline]] inline void on_dial_end(std::uint32_t agent);
  [[gnu::always_inline]] inline void on_callback_retry(std::uint32_t slot);
  [[gnu::always_inline]] inline void on_abandon(std::uint32_t slot);
  [[gnu::always_inline]] inline void on_overflow(std::uint32_t slot);
  [[gnu::always_inline]] inline void on_staffing_change(std::uint32_t change);
  [[gnu::always_inline]] inline void on_agent_back(std::uint32_t agent);
  [[gnu::always_inline]] inline void on_boundary(std::uint32_t index);
  [[gnu::always_inline]] inline void on_warmup_end();

  // ---- calls (rules/calls.hpp) ----
  [[gnu::always_inline]] inline void draw_needs(Caller& c, std::size_t type, bool fresh);
  [[gnu::always_inline]] inline void ring(Caller& c, std::uint32_t slot, bool has_slot, std::uint32_t group);
  void to_agents(std::uint32_t slot);
  bool offer_callback_or_balk(Caller& c, std::uint32_t slot, TypeState& ts);
  void answer(std::uint32_t a, std::uint32_t group, const Caller& c, double wait);
  [[gnu::always_inline]] inline double talk_time(const Caller& c, std::uint32_t group) const;
  [[gnu::always_inline]] inline std::uint32_t idle_group(std::size_t type) const;
  std::uint32_t new_caller();
  void release_caller(std::uint32_t slot) { detail::release_caller(s.callers, slot); }
  void clear_caller(std::uint32_t slot);
  void clear_queues();

  // ---- agents (rules/agents.hpp) ----
  [[gnu::always_inline]] inline Pick pick(std::uint32_t group);
  bool may_go_home(std::uint32_t group) const;
  void agent_free(std::uint32_t a, std::uint32_t group);
  void send_idle_home();
  void dial(std::uint32_t a, std::uint32_t slot);
  std::uint64_t agents_for(std::size_t type) const;
  void change_staff(std::uint16_t group, StaffingChange change);

  // ---- customers (rules/customers.hpp) ----
  std::uint32_t new_customer(double first_contact, std::size_t interval, bool counted, std::size_t type);
  void end_journey(std::uint32_t id, Outcome outcome);
  void schedule_return(std::uint32_t id, ContactKind kind, double t);
  void try_again(std::uint32_t id, double probability, const models::Distribution& delay, models::Rng& rng, ContactKind kind,
                 double from);
  void redial(std::uint32_t id, std::uint32_t type);
  void reached(std::uint32_t id, double talk);
  void closed_contact(std::uint32_t id, bool counted, double reopen, std::size_t interval);
  void closed_callers(double until, double length, bool counted, double reopen, std::size_t interval);
  void take_morning_contacts(double first_from);
  void feed_morning();

  // ---- the day (rules/day.hpp) ----
  void begin_day_demand(int day);
  void start_run(int day);
  void next_day();
  [[gnu::always_inline]] inline void schedule_next_arrival(std::size_t type);
  void close_centre();
  double next_window_after(double t) const;
  [[gnu::always_inline]] inline void advance(double t);
  void take_snapshots(double t);
  void check_contacts();
  SimulationLimit limit_reached(const std::string& what) const;
  void finish();

  // ---- tallies ----
  std::size_t tidx(std::uint32_t type) const { return several_types ? type : 0; }
  const CallType& type_of(std::uint32_t type) const { return sc.call_types[tidx(type)]; }
  bool has_wrap(const TypeState& ts) const { return several_types ? ts.has_wrap : has_wrap0; }
  bool has_patience(const TypeState& ts) const { return several_types ? ts.has_patience : has_patience0; }
  bool means_vary(const TypeState& ts) const { return several_types ? ts.means_vary : means_vary0; }
  double answer_within_of(std::uint32_t type) const { return several_types ? types[type].answer_within : answer_within0; }
  double short_abandon_of(std::uint32_t type) const { return several_types ? types[type].short_abandon : short_abandon0; }
  IntervalTally& tally_of(std::size_t type, std::size_t interval) const {
    return several_types ? types[type].tally[interval] : centre[interval];
  }
  std::uint32_t group_of(std::uint32_t a) const { return several_groups ? s.agents[a].group : 0U; }
  std::uint32_t interval_of(double t) const {
    return static_cast<std::uint32_t>(s.day_base + interval_in_day(t - s.day_offset, per_interval_length, per_day));
  }
  // Callbacks of call type t compete with its callers in queue order (else: served when no caller waits).
  bool in_queue_order(std::size_t t) const {
    const auto& cb = sc.call_types[t].callback;
    return cb.has_value() && cb->serve == CallbackServe::queue_order;
  }
  [[gnu::always_inline]] inline void type_waiting(TypeState& ts, bool join);
  [[gnu::always_inline]] inline void busy_change(std::uint32_t group, bool up);
  [[gnu::always_inline]] inline void available_change(std::uint32_t group, bool up);
  void flush_all();
  void handled(std::uint32_t group, std::size_t type, std::size_t interval, bool callback);

  // ---- the centre (first: every handler reads it, at a small offset) ----
  EngineState s;

  // ---- the model, read once ----
  const Model& sc;
  const std::size_t type_count, group_count;
  const bool several_types, several_groups;
  const bool scan_arrivals;  // several types: next arrivals in slots rather than a heap
  const bool single;         // one type served by one group
  const Routing& routing;
  const bool follow;         // customers followed across contacts
  const int per_day;
  const double interval_length, per_interval_length, open_length, warmup;
  const bool has_lines;
  const std::uint64_t lines;
  bool has_ivr = false, has_callback = false, has_announcement = false;  // some call type's (or the top-level block)
  bool estimates = false;                // callers are told or offered by their expected wait
  bool serve_callbacks_in_order = false;  // one call type: its rule
  const bool has_crm;
  bool group_factors = false;  // some group handles some type faster or slower than its handle_time
  bool has_overflow = false;
  const bool clear_at_close;
  const PickRules rules;
  const DayBounds bounds;
  // The service level's thresholds and switches of the first type (with one type: one load fewer per call).
  const double answer_within0, short_abandon0;
  bool has_wrap0 = false, has_patience0 = false, means_vary0 = false;

  // ---- the run ----
  const Staffing* staffing = nullptr;
  Trace* trace = nullptr;
  int replication = 0;
  ReplicationResult result;
  IntervalTally* centre = nullptr;  // result.intervals
  TypeState* types = nullptr;       // s.types (neither vector changes size during the run)
  GroupState* groups = nullptr;
  std::uint64_t events = 0, calls = 0, customers_created = 0;
  std::vector<double> closed_weights;  // closed-hours callers of several types: the types' volumes

  // ---- the day being simulated ----
  int day = 0;             // the calendar day the clock is in
  double run_start = 0;    // the opening of the run's first day, seconds since the first day's
  bool arrival_pending = false;  // one type: its next arrival waits outside the heaps
  Event next_arrival{};
  double next_snapshot = 0;  // the replay's next snapshot, seconds after the run's opening
};

}  // namespace ccsim::sim::detail
