// The processes of a job that shares out one run: the ranks of an MPI job when an MPI launcher (mpirun, srun)
// started this process and the runtime was built with MPI (SITC_MPI), else one rank. Results do not depend on how
// many there are: ranks take contiguous blocks of the same fixed chunks of paths that threads take (scheduler.h),
// keep their block's values, and compute every statistic together (stats.h), each rank's share reduced over the
// others so that all get the bits one process computes.
//
// Every collective below is called by every rank of the group in the same order; a rank that cannot go on in step
// with the others (out of memory, a failed write of its own) calls abortRanks, which ends the whole job. This
// header does not include the MPI header: only ranks.cpp sees MPI.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace sitrt {

// Called first in main(). Joins the MPI job when an MPI launcher started this process; the standard output and
// error of every rank but rank 0 then go to /dev/null (rank 0 speaks for the job: every rank meets the same spec
// error or run-time failure, so one copy of it is printed), keeping a private handle on the real standard error
// for abortRanks. Returns "" or why this process cannot take part (launched by mpirun, built without MPI).
std::string joinRanks(int* argc, char*** argv);

// Leaves the MPI job (MPI_Finalize); called last in main(), after the output is written. A no-op without MPI.
void leaveRanks();

// Ends the whole job at once: prints "PROG: error: MESSAGE (rank R)" on this rank's real standard error and
// aborts every rank with `code` (MPI_Abort; without MPI, exits). For failures that only this rank meets.
[[noreturn]] void abortRanks(const std::string& prog, const std::string& message, int code);

// Whether this runtime was built with MPI support.
bool ranksSupported();

class Ranks {
 public:
  // All the job's ranks (one without MPI).
  static const Ranks& world();

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool root() const { return rank_ == 0; }
  // Items [first, last) of `count` that this rank takes: contiguous blocks in rank order, the first count % size
  // ranks one item more.
  std::pair<uint64_t, uint64_t> share(uint64_t count) const;
  // The ranks of this group with the same `color` (every rank calls it), ordered as here.
  Ranks split(int color) const;

  // Rows of a column-major table: `rows` rows of `stride` values on the root, row i at all + i * allStride; this
  // rank holds items [first, first + count) of every row at mine + i * mineStride. The root's own block is
  // already in place (it passes mine = nullptr); the others' are copied in.
  void gatherRows(const double* mine, uint64_t mineStride, double* all, uint64_t allStride, uint64_t rows,
                  uint64_t first, uint64_t count) const;
  // The root's value on every rank.
  void broadcast(std::vector<double>& v) const;
  void broadcast(std::string& s) const;
  // Every rank's `mine` (any length) on the root, in rank order (empty on the other ranks).
  std::vector<std::vector<double>> gatherToRoot(const std::vector<double>& mine) const;
  // Element-wise sums over the ranks, on every rank.
  std::vector<uint64_t> sumAll(const std::vector<uint64_t>& mine) const;
  // Every rank's `mine` (all the same length), concatenated in rank order, on every rank.
  std::vector<uint64_t> allGather(const std::vector<uint64_t>& mine) const;
  // Point to point, to or from a rank of this group (`tag`: the sweep point): bytes of any length.
  void send(int to, int tag, const std::string& bytes) const;
  std::string receive(int from, int tag) const;

  // Bytes this process has sent and received over MPI (bench/: the communication volume per rank).
  static uint64_t bytesMoved();

 private:
  friend std::string joinRanks(int* argc, char*** argv);
  static Ranks fromMpi(int rank, int size, int comm);
  int rank_ = 0, size_ = 1;
  int comm_ = 0;  // index of the MPI communicator in ranks.cpp's table
};

// Default worker threads per rank: the cores of this machine shared by the ranks the launcher put on it.
unsigned defaultThreads();

}  // namespace sitrt
