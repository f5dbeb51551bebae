#pragma once
// The engine's future-event list: events, their kinds, the main heap and the list of the events
// that follow customers. Part of the engine (sim/engine/src/engine.cpp includes it; the hot loop stays
// one translation unit with inline helpers). Tested in tests/event_queue_test.cpp.
#include <algorithm>
#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ccsim::sim::detail {

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
  staffing_change = 4,  // a StaffingChange of the day (id = index in the day's list of every group's changes)
  agent_back = 5,  // an agent returns from a break
  boundary = 6,    // interval boundary (id = index of the interval starting; = count at closing)
  warmup_end = 7,
  returning = 8,       // a returning contact rings (id = its caller slot)
  ivr_end = 9,         // a caller leaves the IVR: resolved there, or on to the agent queue
  dial_end = 10,       // an agent's callback dial ends: reached or not (id = agent)
  callback_retry = 11, // an unreached callback goes back to the callback list (id = caller slot)
  overflow = 12,       // a waiting caller may now go to its next overflow group (id = caller slot)
};

struct Event {
  // The time's bits: event times are never negative (nor -0, see EventQueue::make), and the bits
  // of non-negative doubles order like the doubles, so comparisons are integer ones (no branch
  // on unordered floating-point results; the heap's child selection compiles to conditional moves).
  std::uint64_t when;
  std::uint64_t key;  // sequence << 32 | kind << 28 | id; the unique sequence alone decides ties
  [[nodiscard]] double time() const { return std::bit_cast<double>(when); }
  [[nodiscard]] Kind kind() const { return static_cast<Kind>((key >> 28) & 15U); }
  [[nodiscard]] std::uint32_t id() const { return static_cast<std::uint32_t>(key & ((1U << 28) - 1)); }
};

class EventQueue {
public:
  void clear() {
    size_ = 0;
    sequence_ = 0;
  }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] const Event& top() const { return heap_.front(); }
  /// Events made today: the sequence must stay below 2^32 (it fills the key's upper half).
  [[nodiscard]] std::uint64_t made() const { return sequence_; }
  /// An event stamped with the next sequence number, not (yet) in the heap.
  Event make(double time, Kind kind, std::uint32_t id) {
    assert(time >= 0);
    // + 0.0 turns a -0 into +0, whose bits order with the positive times.
    return {std::bit_cast<std::uint64_t>(time + 0.0), (sequence_++ << 32) | (std::uint64_t{kind} << 28) | id};
  }
  [[gnu::always_inline]] void push(double time, Kind kind, std::uint32_t id) { insert(make(time, kind, id)); }
  /// Inserts an event made by this queue or by another one sharing its sequence (see `make`).
  [[gnu::always_inline]] void insert(const Event& e) {
    // The storage keeps its capacity; only its growth is out of line, so the insertion inlines small.
    if (size_ == heap_.size()) grow();
    std::size_t i = size_++;
    Event* h = heap_.data();
    while (i > 0) {
      const std::size_t parent = (i - 1) / 4;
      if (!before(e, h[parent])) break;
      h[i] = h[parent];
      i = parent;
    }
    h[i] = e;
  }
  [[gnu::always_inline]] Event pop() {
    Event* h = heap_.data();
    const Event top = h[0];
    const Event last = h[size_ - 1];
    const std::size_t n = --size_;
    if (n > 0) {
      // Sift the last element down from the root, choosing the earliest of up to four children.
      std::size_t i = 0;
      for (;;) {
        const std::size_t first = 4 * i + 1;
        if (first >= n) break;
        std::size_t best = first;
        const std::size_t end = std::min(first + 4, n);
        for (std::size_t c = first + 1; c < end; ++c) best = before(h[c], h[best]) ? c : best;
        if (!before(h[best], last)) break;
        h[i] = h[best];
        i = best;
      }
      h[i] = last;
    }
    return top;
  }

  /// Earlier time, or the same time and scheduled earlier: (when, key) compared as one 128-bit
  /// number (a compare and a subtract with borrow, no branch).
  static bool before(const Event& a, const Event& b) {
    __extension__ using Wide = unsigned __int128;
    return ((Wide{a.when} << 64) | a.key) < ((Wide{b.when} << 64) | b.key);
  }

private:
  [[gnu::noinline]] void grow() { heap_.resize(std::max<std::size_t>(64, 2 * heap_.size())); }
  std::vector<Event> heap_;  // heap_[0, size_) is the heap
  std::size_t size_ = 0;
  std::uint64_t sequence_ = 0;
};

// Events in time order (time, then sequence) in a vector, the earliest at `head_`. Taking the
// earliest is O(1); an insertion moves the events due after the new one, so it is cheap when few
// wait or when new events mostly come last, as IVR ends do (i.i.d. menu times, a few callers at a
// time). The storage keeps its capacity.
class OrderedEvents {
public:
  void clear() {
    events_.clear();
    head_ = 0;
  }
  [[nodiscard]] bool empty() const { return head_ == events_.size(); }
  [[nodiscard]] const Event& front() const { return events_[head_]; }
  Event pop_front() {
    const Event e = events_[head_++];
    if (head_ == events_.size()) clear();
    return e;
  }
  void insert(const Event& e) {
    if (head_ >= 64 && 2 * head_ >= events_.size()) {  // reclaim the taken front (amortized O(1))
      events_.erase(events_.begin(), events_.begin() + static_cast<std::ptrdiff_t>(head_));
      head_ = 0;
    }
    events_.push_back(e);
    std::size_t i = events_.size() - 1;
    for (; i > head_ && EventQueue::before(e, events_[i - 1]); --i) events_[i] = events_[i - 1];
    events_[i] = e;
  }

private:
  std::vector<Event> events_;
  std::size_t head_ = 0;
};

// After every event: what an empty event list shows as its earliest.
inline constexpr Event never{~std::uint64_t{0}, ~std::uint64_t{0}};

// The events only scenarios that follow customers have, stamped from the main queue's sequence
// so that the order of events is the same as in one heap, while the core model's heap stays as
// small as it was: returning contacts, callback dials and retries in a small heap; IVR ends,
// which every call of a scenario with an IVR passes through a few at a time, in time order. The
// earliest of the two is kept at hand, so the event loop compares one event with the main heap.
class FollowEvents {
public:
  void clear() {
    heap_.clear();
    ivr_ends_.clear();
    next_ = never;
  }
  /// The earliest event, or `never` when there is none.
  [[nodiscard]] const Event& next() const { return next_; }
  void insert(const Event& e) {
    heap_.insert(e);
    take_if_earlier(e, false);
  }
  void insert_ivr_end(const Event& e) {
    ivr_ends_.insert(e);
    take_if_earlier(e, true);
  }
  /// Removes and returns the earliest event (not `never`).
  Event pop() {
    assert(next_.key != never.key);
    const Event e = next_;
    if (from_ivr_) {
      ivr_ends_.pop_front();
    } else {
      heap_.pop();
    }
    refresh();
    return e;
  }

private:
  void take_if_earlier(const Event& e, bool from_ivr) {
    if (EventQueue::before(e, next_)) {
      next_ = e;
      from_ivr_ = from_ivr;
    }
  }
  void refresh() {
    const Event& h = heap_.empty() ? never : heap_.top();
    const Event& i = ivr_ends_.empty() ? never : ivr_ends_.front();
    from_ivr_ = EventQueue::before(i, h);
    next_ = from_ivr_ ? i : h;
  }
  EventQueue heap_;
  OrderedEvents ivr_ends_;
  Event next_ = never;
  bool from_ivr_ = false;
};

}  // namespace ccsim::sim::detail
