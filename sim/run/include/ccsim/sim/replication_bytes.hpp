#pragma once
// Replications' results and records as bytes, for the processes of a group (sim/run/include/ccsim/sim/process_group.hpp)
// that share a run or a staffing evaluation (the run layer and plan/evaluator.cpp): each sends its
// share, every one reads all. Internal to ccsim: not part of the documented API.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
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
  template <class T>
  void lists(const std::vector<std::vector<T>>& v) {
    value<std::uint64_t>(v.size());
    for (const auto& one : v) list(one);
  }

private:
  std::string& out_;
};

class ByteReader {
public:
  explicit ByteReader(std::string_view in) : in_(in) {}
  [[nodiscard]] bool done() const { return at_ == in_.size(); }
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
  template <class T>
  void lists(std::vector<std::vector<T>>& v) {
    std::uint64_t n = 0;
    value(n);
    if (n > in_.size() - at_) throw std::runtime_error("a process sent a malformed result");
    v.resize(static_cast<std::size_t>(n));
    for (auto& one : v) list(one);
  }

private:
  void take(void* p, std::size_t n) {
    if (n > in_.size() - at_) throw std::runtime_error("a process sent a truncated result");
    if (n > 0) std::memcpy(p, in_.data() + at_, n);
    at_ += n;
  }
  std::string_view in_;
  std::size_t at_ = 0;
};

/// Every field of a replication's result (and its trace), written or read in the same order.
template <class Bytes, class Result, class TraceT>
void transfer(Bytes& io, Result& x, TraceT* trace) {
  io.list(x.intervals);
  io.list(x.answered_waits);
  io.value(x.wait_p90);
  io.value(x.max_queue);
  io.value(x.events);
  io.value(x.calls);
  io.lists(x.call_types);
  io.lists(x.agent_groups);
  io.list(x.handled_by_type);
  io.list(x.call_type_max_queue);
  if (trace != nullptr) {
    io.value(trace->step);
    io.list(trace->snapshots);
  }
}

/// Appends a failure message (empty: none) and, without one, the results of replications `taken`
/// (each with its number) and their traces.
inline void append_taken(std::string& out, const std::string& failure, const std::vector<int>& taken,
                         std::vector<ReplicationResult>& results, std::vector<Trace>* traces) {
  ByteWriter w(out);
  w.list(std::vector<char>(failure.begin(), failure.end()));
  if (!failure.empty()) return;
  for (const int r : taken) {
    w.value<std::int64_t>(r);
    transfer(w, results[static_cast<std::size_t>(r)], traces != nullptr ? &(*traces)[static_cast<std::size_t>(r)] : nullptr);
  }
}

/// Reads what append_taken wrote into `results` (and `traces`), marking each replication in
/// `seen`; returns the failure message (empty: none).
inline std::string read_taken(std::string_view in, std::vector<char>& seen, std::vector<ReplicationResult>& results,
                              std::vector<Trace>* traces) {
  ByteReader reader(in);
  std::vector<char> failure;
  reader.list(failure);
  if (!failure.empty()) return std::string(failure.begin(), failure.end());
  while (!reader.done()) {
    std::int64_t r = 0;
    reader.value(r);
    if (r < 0 || r >= static_cast<std::int64_t>(seen.size()) || seen[static_cast<std::size_t>(r)] != 0)
      throw std::runtime_error("a process sent a replication twice or out of the evaluation");
    seen[static_cast<std::size_t>(r)] = 1;
    transfer(reader, results[static_cast<std::size_t>(r)], traces != nullptr ? &(*traces)[static_cast<std::size_t>(r)] : nullptr);
  }
  return {};
}

}  // namespace ccsim::sim
