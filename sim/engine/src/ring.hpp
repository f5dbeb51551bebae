#pragma once
// The engine's FIFO queues (waiting callers, idle agents, callbacks, pending breaks): a growable
// ring buffer. Tested in tests/ring_test.cpp.
#include <algorithm>
#include <cstddef>
#include <vector>

namespace ccsim::sim::detail {

// A growable ring buffer (FIFO, with removal at both ends). Keeps its capacity.
template <class T>
class Ring {
public:
  void clear() { head_ = size_ = 0; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] const T& front() const { return buffer_[head_]; }
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

}  // namespace ccsim::sim::detail
