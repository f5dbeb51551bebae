// ccsim under mpirun (built with CCSIM_WITH_MPI): every rank runs the same command; runs spread
// their replications over the ranks (sim/run/include/ccsim/sim/process_group.hpp), every rank builds the same results,
// and rank 0 alone prints and writes files. A rank that dies ends the job (mpirun's default
// error handler): rank 0 writes nothing, so no output file is left half written.
#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <thread>

#include "ccsim/sim/output_files.hpp"
#include "ccsim/sim/process_group.hpp"
#include "cli.hpp"

namespace {

// Waits, sleeping, until every rank has reached this point. OpenMPI's collectives spin while
// they wait: a rank that finished its share first would take a core from one still computing
// whenever the machine has fewer free cores than ranks (--oversubscribe, a busy node).
void wait_for_every_rank() {
  MPI_Request request = MPI_REQUEST_NULL;
  MPI_Ibarrier(MPI_COMM_WORLD, &request);
  for (int done = 0;;) {
    MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    if (done != 0) return;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
}

// A counter in rank 0's memory that every rank adds to atomically (MPI one-sided
// MPI_Fetch_and_op under a shared passive-target lock).
class MpiCounter final : public ccsim::sim::ProcessGroup::Counter {
public:
  MpiCounter(int first, int end) : first_(first), end_(end) {
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    void* memory = nullptr;
    MPI_Win_allocate(rank == 0 ? sizeof(long long) : 0, sizeof(long long), MPI_INFO_NULL, MPI_COMM_WORLD, &memory, &window_);
    if (rank == 0) {
      const long long zero = 0;
      MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, window_);
      MPI_Put(&zero, 1, MPI_LONG_LONG, 0, 0, 1, MPI_LONG_LONG, window_);
      MPI_Win_unlock(0, window_);
    }
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_Win_lock_all(MPI_MODE_NOCHECK, window_);
  }
  MpiCounter(const MpiCounter&) = delete;
  MpiCounter& operator=(const MpiCounter&) = delete;
  ~MpiCounter() override {
    MPI_Win_unlock_all(window_);
    wait_for_every_rank();
    MPI_Win_free(&window_);
  }
  int take() override {
    const long long one = 1;
    long long taken = 0;
    MPI_Fetch_and_op(&one, &taken, MPI_LONG_LONG, 0, 0, MPI_SUM, window_);
    MPI_Win_flush(0, window_);
    return taken < end_ - first_ ? first_ + static_cast<int>(taken) : end_;
  }

private:
  int first_, end_;
  MPI_Win window_ = MPI_WIN_NULL;
};

class MpiGroup final : public ccsim::sim::ProcessGroup {
public:
  MpiGroup() {
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
  [[nodiscard]] int rank() const override { return rank_; }
  [[nodiscard]] int size() const override { return size_; }
  Gathered all_gather(std::string_view mine) override {
    if (mine.size() > static_cast<std::size_t>(INT_MAX)) throw std::domain_error("a rank's share of the run is over 2 GB of records: use more ranks or fewer replications per run");
    // A test hook: this rank dies with its share unsent (rank 0 must then write nothing).
    if (const char* dies = std::getenv("CCSIM_TEST_RANK_DIES"); dies != nullptr && std::atoi(dies) == rank_) std::abort();
    wait_for_every_rank();
    const int length = static_cast<int>(mine.size());
    std::vector<int> lengths(static_cast<std::size_t>(size_)), offsets(static_cast<std::size_t>(size_));
    MPI_Allgather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, MPI_COMM_WORLD);
    Gathered all;
    all.starts.push_back(0);
    for (int r = 0; r < size_; ++r) {
      offsets[static_cast<std::size_t>(r)] = static_cast<int>(all.starts.back());
      all.starts.push_back(all.starts.back() + static_cast<std::size_t>(lengths[static_cast<std::size_t>(r)]));
      if (all.starts.back() > static_cast<std::size_t>(INT_MAX)) throw std::domain_error("the run's records are over 2 GB: fewer replications per run");
    }
    all.bytes = std::make_unique_for_overwrite<char[]>(std::max<std::size_t>(1, all.starts.back()));
    MPI_Allgatherv(mine.data(), length, MPI_CHAR, all.bytes.get(), lengths.data(), offsets.data(), MPI_CHAR, MPI_COMM_WORLD);
    return all;
  }

  std::unique_ptr<Counter> shared_counter(int first, int end) override { return std::make_unique<MpiCounter>(first, end); }

private:
  int rank_ = 0, size_ = 1;
};

}  // namespace

int main(int argc, char** argv) {
  // Only under mpirun (a singleton MPI_Init would start a runtime for nothing).
  if (std::getenv("OMPI_COMM_WORLD_SIZE") == nullptr && std::getenv("PMI_SIZE") == nullptr)
    return ccsim::cli::run(argc, argv, std::cout, std::cerr);
  // The runner's worker threads take replications from the shared counter, one thread at a time.
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided);
  if (provided < MPI_THREAD_SERIALIZED) {
    std::cerr << "error: this MPI library does not let a rank's threads call it one at a time (MPI_THREAD_SERIALIZED)\n";
    MPI_Finalize();
    return 2;
  }
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
