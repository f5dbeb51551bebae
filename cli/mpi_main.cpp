// ccsim under mpirun (built with CCSIM_WITH_MPI): every rank runs the same command; runs spread
// their replications over the ranks (sim/process_group.hpp), every rank builds the same results,
// and rank 0 alone prints and writes files. A rank that dies ends the job (mpirun's default
// error handler): rank 0 writes nothing, so no output file is left half written.
#include <mpi.h>

#include <climits>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "ccsim/sim/output_files.hpp"
#include "ccsim/sim/process_group.hpp"
#include "cli.hpp"

namespace {

class MpiGroup final : public ccsim::sim::ProcessGroup {
public:
  MpiGroup() {
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
  [[nodiscard]] int rank() const override { return rank_; }
  [[nodiscard]] int size() const override { return size_; }
  std::vector<std::string> all_gather(const std::string& mine) override {
    if (mine.size() > static_cast<std::size_t>(INT_MAX)) throw std::domain_error("a rank's share of the run is over 2 GB of records: use more ranks or fewer replications per run");
    // A test hook: this rank dies with its share unsent (rank 0 must then write nothing).
    if (const char* dies = std::getenv("CCSIM_TEST_RANK_DIES"); dies != nullptr && std::atoi(dies) == rank_) std::abort();
    const int length = static_cast<int>(mine.size());
    std::vector<int> lengths(static_cast<std::size_t>(size_)), offsets(static_cast<std::size_t>(size_));
    MPI_Allgather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, MPI_COMM_WORLD);
    long long total = 0;
    for (int r = 0; r < size_; ++r) {
      offsets[static_cast<std::size_t>(r)] = static_cast<int>(total);
      total += lengths[static_cast<std::size_t>(r)];
      if (total > INT_MAX) throw std::domain_error("the run's records are over 2 GB: fewer replications per run");
    }
    std::string all(static_cast<std::size_t>(total), '\0');
    MPI_Allgatherv(mine.data(), length, MPI_CHAR, all.data(), lengths.data(), offsets.data(), MPI_CHAR, MPI_COMM_WORLD);
    std::vector<std::string> parts;
    for (int r = 0; r < size_; ++r)
      parts.push_back(all.substr(static_cast<std::size_t>(offsets[static_cast<std::size_t>(r)]), static_cast<std::size_t>(lengths[static_cast<std::size_t>(r)])));
    return parts;
  }

private:
  int rank_ = 0, size_ = 1;
};

}  // namespace

int main(int argc, char** argv) {
  // Only under mpirun (a singleton MPI_Init would start a runtime for nothing).
  if (std::getenv("OMPI_COMM_WORLD_SIZE") == nullptr && std::getenv("PMI_SIZE") == nullptr)
    return ccsim::cli::run(argc, argv, std::cout, std::cerr);
  MPI_Init(&argc, &argv);
  MpiGroup group;
  ccsim::sim::set_process_group(&group);
  int status = 0;
  if (group.rank() == 0) {
    status = ccsim::cli::run(argc, argv, std::cout, std::cerr);
  } else {
    ccsim::sim::OutputFiles::set_writes_files(false);
    std::ostringstream out, err;  // every rank computes the same; rank 0 speaks
    status = ccsim::cli::run(argc, argv, out, err);
  }
  ccsim::sim::set_process_group(nullptr);
  MPI_Finalize();
  return status;
}
