#pragma once
// Shard files (.ccstats): the records of a range of a run's replications (replication_record.hpp),
// written by `ccsim run --replications-range A:B --stats FILE` and merged by `ccsim merge`, so that
// one run can be spread over a Slurm job array, GNU parallel or HTCondor. The file holds the
// resolved scenario, so that a merge checks that every shard ran the same one.
//
// Layout: the line "ccsim-stats 1\n", a JSON header line (scenario, seed, replications, first,
// end, record_size, ccsim_version), then per replication: its index (int64), events and calls
// (uint64), and record_size pairs of doubles (x, y), all little-endian.
#include <cstdint>
#include <filesystem>
#include <ostream>
#include <vector>

#include <nlohmann/json.hpp>

#include "ccsim/sim/replication_record.hpp"

namespace ccsim::sim {

struct Shard {
  nlohmann::json header;  ///< scenario (the resolved document), seed, replications, first, end, record_size
  std::vector<std::pair<int, ReplicationRecord>> records;  ///< in replication order
};

/// Writes a shard: `header` (with record_size set here) and the records.
void write_shard(std::ostream& os, nlohmann::json header, const std::vector<std::pair<int, ReplicationRecord>>& records);

/// Reads a shard file; throws ScenarioError naming the file and what is wrong (not a shard, a
/// truncated record, a record outside its range).
Shard read_shard(const std::filesystem::path& file);

}  // namespace ccsim::sim
