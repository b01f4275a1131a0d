#include "sitrt/ranks.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <thread>

#include <unistd.h>

#ifdef SITC_MPI
// The C API only: OpenMPI's and MPICH's MPI header otherwise pulls in their deprecated C++ bindings' library.
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#endif

namespace sitrt {

namespace {

// The size of the job the launcher says this process belongs to (1: started on its own). OpenMPI's mpirun,
// MPICH's hydra and Slurm's srun with PMI or PMIx each set one of these.
int launcherSize() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE", "MPI_LOCALNRANKS"})
    if (const char* v = std::getenv(name); v && *v) return std::max(1, std::atoi(v));
  return std::getenv("PMIX_RANK") ? 2 : 1;  // PMIx without a size: a launched job; MPI says how large
}

int errorFd = 2;  // this rank's real standard error (rank 0: fd 2)
uint64_t moved = 0;
unsigned localRanks = 1;

#ifdef SITC_MPI
bool joined = false;
std::vector<MPI_Comm>& comms() {
  static std::vector<MPI_Comm> c{MPI_COMM_WORLD};
  return c;
}
// MPI counts are ints: a transfer goes in pieces of at most this many bytes.
constexpr uint64_t kPiece = uint64_t{1} << 30;
#endif

Ranks& worldRanks() {
  static Ranks w;
  return w;
}

}  // namespace

bool ranksSupported() {
#ifdef SITC_MPI
  return true;
#else
  return false;
#endif
}

std::string joinRanks(int* argc, char*** argv) {
  if (launcherSize() <= 1) return "";
#ifndef SITC_MPI
  (void)argc, (void)argv;
  return "started by an MPI launcher (mpirun, srun), but this build has no MPI support: rebuild with OpenMPI "
         "installed (libopenmpi-dev) to split runs across ranks";
#else
  int provided = 0;
  // Serialized: the runtime calls MPI from one thread at a time, not always the one that initialised it (sitc runs
  // its commands on a thread with a larger stack).
  if (MPI_Init_thread(argc, argv, MPI_THREAD_SERIALIZED, &provided) != MPI_SUCCESS || provided < MPI_THREAD_SERIALIZED)
    return "MPI could not be initialised with thread support";
  joined = true;
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  MPI_Comm local;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank, MPI_INFO_NULL, &local);
  int localSize = 1;
  MPI_Comm_size(local, &localSize);
  MPI_Comm_free(&local);
  localRanks = static_cast<unsigned>(std::max(1, localSize));
  worldRanks() = Ranks::fromMpi(rank, size, 0);
  if (rank != 0) {
    errorFd = ::dup(2);
    if (int null = ::open("/dev/null", O_WRONLY); null >= 0) {
      ::dup2(null, 1);
      ::dup2(null, 2);
      ::close(null);
    }
  }
  return "";
#endif
}

void leaveRanks() {
#ifdef SITC_MPI
  if (joined) MPI_Finalize();
  joined = false;
#endif
}

void abortRanks(const std::string& prog, const std::string& message, int code) {
  std::string line = prog + ": error: " + message;
  if (worldRanks().size() > 1) line += " (rank " + std::to_string(worldRanks().rank()) + ")";
  line += "\n";
  ssize_t ignored = ::write(errorFd, line.data(), line.size());
  (void)ignored;
#ifdef SITC_MPI
  if (joined) MPI_Abort(MPI_COMM_WORLD, code);
#endif
  std::_Exit(code);
}

const Ranks& Ranks::world() { return worldRanks(); }

Ranks Ranks::fromMpi(int rank, int size, int comm) {
  Ranks r;
  r.rank_ = rank, r.size_ = size, r.comm_ = comm;
  return r;
}

std::pair<uint64_t, uint64_t> Ranks::share(uint64_t count) const {
  uint64_t r = static_cast<uint64_t>(rank_), n = static_cast<uint64_t>(size_);
  uint64_t base = count / n, extra = count % n;
  uint64_t first = r * base + std::min(r, extra);
  return {first, first + base + (r < extra ? 1 : 0)};
}

unsigned defaultThreads() {
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  return std::max(1u, cores / localRanks);
}

uint64_t Ranks::bytesMoved() { return moved; }

#ifdef SITC_MPI

Ranks Ranks::split(int color) const {
  if (size_ == 1) return *this;
  MPI_Comm c;
  MPI_Comm_split(comms()[comm_], color, rank_, &c);
  int rank = 0, size = 1;
  MPI_Comm_rank(c, &rank);
  MPI_Comm_size(c, &size);
  comms().push_back(c);
  return fromMpi(rank, size, static_cast<int>(comms().size() - 1));
}

namespace {
void sendRaw(const void* p, uint64_t bytes, int to, int tag, MPI_Comm c) {
  const char* b = static_cast<const char*>(p);
  for (uint64_t at = 0; at < bytes; at += kPiece) {
    int n = static_cast<int>(std::min(kPiece, bytes - at));
    MPI_Send(b + at, n, MPI_BYTE, to, tag, c);
  }
  moved += bytes;
}
void receiveRaw(void* p, uint64_t bytes, int from, int tag, MPI_Comm c) {
  char* b = static_cast<char*>(p);
  for (uint64_t at = 0; at < bytes; at += kPiece) {
    int n = static_cast<int>(std::min(kPiece, bytes - at));
    MPI_Recv(b + at, n, MPI_BYTE, from, tag, c, MPI_STATUS_IGNORE);
  }
  moved += bytes;
}
void broadcastRaw(void* p, uint64_t bytes, MPI_Comm c, int size) {
  char* b = static_cast<char*>(p);
  for (uint64_t at = 0; at < bytes; at += kPiece) MPI_Bcast(b + at, static_cast<int>(std::min(kPiece, bytes - at)), MPI_BYTE, 0, c);
  moved += bytes * static_cast<uint64_t>(size > 1);
}
constexpr int kRowsTag = 1 << 20;  // above every sweep point's tag
}  // namespace

void Ranks::gatherRows(const double* mine, uint64_t mineStride, double* all, uint64_t allStride, uint64_t rows,
                       uint64_t first, uint64_t count) const {
  if (size_ == 1) return;
  MPI_Comm c = comms()[comm_];
  if (!root()) {
    uint64_t head[2] = {first, count};
    sendRaw(head, sizeof head, 0, kRowsTag, c);
    for (uint64_t i = 0; i < rows && count; ++i) sendRaw(mine + i * mineStride, count * 8, 0, kRowsTag, c);
    return;
  }
  for (int r = 1; r < size_; ++r) {  // in rank order: the same messages, the same places, whatever arrives first
    uint64_t head[2];
    receiveRaw(head, sizeof head, r, kRowsTag, c);
    for (uint64_t i = 0; i < rows && head[1]; ++i) receiveRaw(all + i * allStride + head[0], head[1] * 8, r, kRowsTag, c);
  }
}

void Ranks::broadcast(std::vector<double>& v) const {
  if (size_ > 1) broadcastRaw(v.data(), v.size() * 8, comms()[comm_], size_);
}

void Ranks::broadcast(std::string& s) const {
  if (size_ == 1) return;
  uint64_t n = s.size();
  broadcastRaw(&n, sizeof n, comms()[comm_], size_);
  s.resize(n);
  broadcastRaw(s.data(), n, comms()[comm_], size_);
}

std::vector<uint64_t> Ranks::allGather(const std::vector<uint64_t>& mine) const {
  if (size_ == 1) return mine;
  std::vector<uint64_t> all(mine.size() * static_cast<size_t>(size_));
  MPI_Allgather(mine.data(), static_cast<int>(mine.size()), MPI_UINT64_T, all.data(), static_cast<int>(mine.size()),
                MPI_UINT64_T, comms()[comm_]);
  moved += all.size() * 8;
  return all;
}

std::vector<std::vector<double>> Ranks::gatherToRoot(const std::vector<double>& mine) const {
  if (size_ == 1) return {mine};
  MPI_Comm c = comms()[comm_];
  if (!root()) {
    uint64_t n = mine.size();
    sendRaw(&n, sizeof n, 0, kRowsTag, c);
    sendRaw(mine.data(), n * 8, 0, kRowsTag, c);
    return {};
  }
  std::vector<std::vector<double>> all{mine};
  for (int r = 1; r < size_; ++r) {
    uint64_t n = 0;
    receiveRaw(&n, sizeof n, r, kRowsTag, c);
    all.emplace_back(n);
    receiveRaw(all.back().data(), n * 8, r, kRowsTag, c);
  }
  return all;
}

std::vector<uint64_t> Ranks::sumAll(const std::vector<uint64_t>& mine) const {
  if (size_ == 1) return mine;
  std::vector<uint64_t> all(mine.size());
  MPI_Allreduce(mine.data(), all.data(), static_cast<int>(mine.size()), MPI_UINT64_T, MPI_SUM, comms()[comm_]);
  moved += 2 * all.size() * 8;
  return all;
}

void Ranks::send(int to, int tag, const std::string& bytes) const {
  uint64_t n = bytes.size();
  sendRaw(&n, sizeof n, to, tag, comms()[comm_]);
  sendRaw(bytes.data(), n, to, tag, comms()[comm_]);
}

std::string Ranks::receive(int from, int tag) const {
  uint64_t n = 0;
  receiveRaw(&n, sizeof n, from, tag, comms()[comm_]);
  std::string s(n, '\0');
  receiveRaw(s.data(), n, from, tag, comms()[comm_]);
  return s;
}

#else  // one rank: every collective is the identity

Ranks Ranks::split(int) const { return *this; }
void Ranks::gatherRows(const double*, uint64_t, double*, uint64_t, uint64_t, uint64_t, uint64_t) const {}
void Ranks::broadcast(std::vector<double>&) const {}
void Ranks::broadcast(std::string&) const {}
std::vector<uint64_t> Ranks::allGather(const std::vector<uint64_t>& mine) const { return mine; }
std::vector<std::vector<double>> Ranks::gatherToRoot(const std::vector<double>& mine) const { return {mine}; }
std::vector<uint64_t> Ranks::sumAll(const std::vector<uint64_t>& mine) const { return mine; }
void Ranks::send(int, int, const std::string&) const { abortRanks("sitc", "no other rank to send to", 3); }
std::string Ranks::receive(int, int) const { abortRanks("sitc", "no other rank to receive from", 3); }

#endif

}  // namespace sitrt
