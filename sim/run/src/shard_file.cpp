#include "ccsim/sim/shard_file.hpp"

#include <bit>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include "ccsim/models/limits.hpp"
#include "ccsim/sim/input_error.hpp"

namespace ccsim::sim {
namespace {

static_assert(std::endian::native == std::endian::little, "shard files are little-endian; this machine is not");
constexpr const char* magic = "ccsim-stats 1";
// Bounds on one replication's record: events (at most a few per contact, and limits::max_contacts
// contacts), and each summed figure (waits in seconds times calls stay far below).
constexpr std::uint64_t max_events = 1'000'000'000'000ULL;
constexpr double max_figure = 1e18;

template <class T>
void put(std::ostream& os, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  os.write(bytes, sizeof(T));
}
template <class T>
bool get(std::istream& is, T& value) {
  char bytes[sizeof(T)];
  if (!is.read(bytes, sizeof(T))) return false;
  std::memcpy(&value, bytes, sizeof(T));
  return true;
}

}  // namespace

void write_shard(std::ostream& os, nlohmann::json header, const std::vector<std::pair<int, ReplicationRecord>>& records) {
  header["record_size"] = records.empty() ? 0 : records.front().second.pairs.size();
  os << magic << "\n" << header.dump() << "\n";
  for (const auto& [r, record] : records) {
    put<std::int64_t>(os, r);
    put<std::uint64_t>(os, record.events);
    put<std::uint64_t>(os, record.calls);
    for (const Pair& p : record.pairs) {
      put<double>(os, p.x);
      put<double>(os, p.y);
    }
  }
}

Shard read_shard(const std::filesystem::path& file) {
  const std::string name = file.string();
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error)) throw ScenarioError(name + ": is not a readable file (a .ccstats shard)");
  std::ifstream in(file, std::ios::binary);
  std::string line;
  if (!std::getline(in, line) || line != magic) throw ScenarioError(name + ": is not a ccsim shard (written by ccsim run --stats)");
  if (!std::getline(in, line)) throw ScenarioError(name + ": the shard's header is missing");
  Shard shard;
  shard.header = nlohmann::json::parse(line, nullptr, false);
  const auto& h = shard.header;
  const auto whole = [&](const char* key) {
    if (!h.is_object() || !h.contains(key) || !h[key].is_number_integer() || h[key].get<std::int64_t>() < 0)
      throw ScenarioError(name + ": the shard's header has no " + key);
    return h[key].get<std::int64_t>();
  };
  if (!h.is_object() || !h.contains("scenario") || !h["scenario"].is_object()) throw ScenarioError(name + ": the shard's header has no scenario");
  const std::int64_t first = whole("first"), end = whole("end"), size = whole("record_size");
  (void)whole("seed");
  if (first >= end || end > whole("replications") || size > 100000000) throw ScenarioError(name + ": the shard's header is inconsistent");
  if (whole("replications") > limits::max_replications)
    throw ScenarioError(name + ": the shard's header says " + std::to_string(whole("replications")) + " replications, over the " +
                        std::to_string(limits::max_replications) + " a run may have");
  for (std::int64_t expected = first; expected < end; ++expected) {
    std::int64_t r = 0;
    ReplicationRecord record;
    record.pairs.resize(static_cast<std::size_t>(size));
    bool ok = get(in, r) && get(in, record.events) && get(in, record.calls);
    for (Pair& p : record.pairs) ok = ok && get(in, p.x) && get(in, p.y);
    if (!ok) throw ScenarioError(name + ": truncated at replication " + std::to_string(expected) + " (a shard still being written, or cut short)");
    if (r != expected) throw ScenarioError(name + ": replication " + std::to_string(r) + " where " + std::to_string(expected) + " belongs");
    // What no run writes: counts past the limits of one replication (their sums over a run must
    // not wrap), figures that are not finite or past any horizon's.
    if (record.calls > limits::max_contacts || record.events > max_events)
      throw ScenarioError(name + ": replication " + std::to_string(r) + " counts " + std::to_string(record.calls) + " calls and " +
                          std::to_string(record.events) + " events, more than one replication can (a damaged shard?)");
    for (std::size_t k = 0; k < record.pairs.size(); ++k) {
      const Pair& p = record.pairs[k];
      if (!std::isfinite(p.x) || !std::isfinite(p.y) || std::abs(p.x) > max_figure || std::abs(p.y) > max_figure) {
        char value[64];
        std::snprintf(value, sizeof value, "%g, %g", p.x, p.y);
        throw ScenarioError(name + ": replication " + std::to_string(r) + ", figure " + std::to_string(k) + " is (" + value +
                            "), not a figure a run writes (a damaged shard?)");
      }
    }
    shard.records.emplace_back(static_cast<int>(r), std::move(record));
  }
  if (in.peek() != std::char_traits<char>::eof()) throw ScenarioError(name + ": has data after its last replication");
  return shard;
}

}  // namespace ccsim::sim
