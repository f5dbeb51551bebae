#pragma once
// The engine's pools of records (callers, agents, customers): slots reused through a free list,
// so a replication allocates only while it reaches a new high of records held at once. Tested
// in tests/slot_pool_test.cpp.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ccsim::sim::detail {

template <class T>
class SlotPool {
public:
  /// Forgets every record (the storage keeps its capacity).
  void clear() {
    items_.clear();
    free_count_ = 0;
  }
  /// True when no slot is free and `most` are in use: acquire() would grow the pool past `most`.
  [[nodiscard]] bool full(std::size_t most) const { return free_count_ == 0 && items_.size() >= most; }
  /// A slot: the last one released, else a new value-initialised record at the end. The record
  /// is not reset: the caller fills the fields it reads.
  std::uint32_t acquire() {
    if (free_count_ > 0) return free_[--free_count_];
    items_.emplace_back();
    if (free_.size() < items_.size()) free_.resize(items_.capacity());  // room for every slot to be free
    return static_cast<std::uint32_t>(items_.size() - 1);
  }
  /// Makes slot `id` free for reuse (a store: the free list has room for every slot).
  void release(std::uint32_t id) { free_[free_count_++] = id; }
  T& operator[](std::uint32_t id) { return items_[id]; }
  const T& operator[](std::uint32_t id) const { return items_[id]; }
  /// Slots ever handed out since the last clear (in use or free).
  [[nodiscard]] std::size_t size() const { return items_.size(); }
  [[nodiscard]] const std::vector<T>& items() const { return items_; }

private:
  std::vector<T> items_;
  std::vector<std::uint32_t> free_;  // the free slots, the last released at free_count_ - 1
  std::size_t free_count_ = 0;
};

}  // namespace ccsim::sim::detail
