#pragma once
// Replications' results as bytes, for the processes of a group (sim/process_group.hpp) that share
// a staffing evaluation: each sends its share, every one reads all. Internal to sim.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "ccsim/sim/engine.hpp"

namespace ccsim::sim {

static_assert(std::is_trivially_copyable_v<IntervalTally> && std::is_trivially_copyable_v<Snapshot>);

class ByteWriter {
public:
  explicit ByteWriter(std::string& out) : out_(out) {}
  template <class T>
  void value(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  template <class T>
  void list(const std::vector<T>& v) {
    value<std::uint64_t>(v.size());
    out_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }

private:
  std::string& out_;
};

class ByteReader {
public:
  ByteReader(const std::string& in, std::size_t at = 0) : in_(in), at_(at) {}
  template <class T>
  void value(T& v) {
    take(&v, sizeof v);
  }
  template <class T>
  void list(std::vector<T>& v) {
    std::uint64_t n = 0;
    value(n);
    if (n > (in_.size() - at_) / std::max<std::size_t>(1, sizeof(T))) throw std::runtime_error("a process sent a malformed result");
    v.resize(static_cast<std::size_t>(n));
    take(v.data(), v.size() * sizeof(T));
  }

private:
  void take(void* p, std::size_t n) {
    if (n > in_.size() - at_) throw std::runtime_error("a process sent a truncated result");
    if (n > 0) std::memcpy(p, in_.data() + at_, n);
    at_ += n;
  }
  const std::string& in_;
  std::size_t at_;
};

/// Appends a failure message (empty: none) and, without one, results [first, end) and their traces.
inline void append_share(std::string& out, const std::string& failure, int first, int end, const std::vector<ReplicationResult>& results,
                         const std::vector<Trace>* traces) {
  ByteWriter w(out);
  w.list(std::vector<char>(failure.begin(), failure.end()));
  if (!failure.empty()) return;
  for (int r = first; r < end; ++r) {
    const ReplicationResult& x = results[static_cast<std::size_t>(r)];
    w.list(x.intervals);
    w.list(x.answered_waits);
    w.value(x.wait_p90);
    w.value(x.max_queue);
    w.value(x.events);
    w.value(x.calls);
    w.value<std::uint64_t>(x.call_types.size());
    for (const auto& t : x.call_types) w.list(t);
    w.value<std::uint64_t>(x.agent_groups.size());
    for (const auto& g : x.agent_groups) w.list(g);
    w.list(x.handled_by_type);
    w.list(x.call_type_max_queue);
    if (traces != nullptr) {
      w.value((*traces)[static_cast<std::size_t>(r)].step);
      w.list((*traces)[static_cast<std::size_t>(r)].snapshots);
    }
  }
}

/// Reads a share written by append_share into results [first, end); returns its failure message.
inline std::string read_share(const std::string& in, int first, int end, std::vector<ReplicationResult>& results, std::vector<Trace>* traces) {
  ByteReader r(in);
  std::vector<char> failure;
  r.list(failure);
  if (!failure.empty()) return std::string(failure.begin(), failure.end());
  for (int k = first; k < end; ++k) {
    ReplicationResult& x = results[static_cast<std::size_t>(k)];
    r.list(x.intervals);
    r.list(x.answered_waits);
    r.value(x.wait_p90);
    r.value(x.max_queue);
    r.value(x.events);
    r.value(x.calls);
    std::uint64_t n = 0;
    r.value(n);
    x.call_types.resize(static_cast<std::size_t>(std::min<std::uint64_t>(n, 100000)));
    for (auto& t : x.call_types) r.list(t);
    r.value(n);
    x.agent_groups.resize(static_cast<std::size_t>(std::min<std::uint64_t>(n, 100000)));
    for (auto& g : x.agent_groups) r.list(g);
    r.list(x.handled_by_type);
    r.list(x.call_type_max_queue);
    if (traces != nullptr) {
      r.value((*traces)[static_cast<std::size_t>(k)].step);
      r.list((*traces)[static_cast<std::size_t>(k)].snapshots);
    }
  }
  return {};
}

}  // namespace ccsim::sim
