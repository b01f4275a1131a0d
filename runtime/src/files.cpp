#include "sitrt/files.h"

#include <atomic>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <iostream>
#include <mutex>
#include <pthread.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sitrt/limits.h"

extern char** environ;

namespace sitrt {

namespace {

std::string quoted(const std::string& path) { return "'" + path + "'"; }

const char* kindOf(mode_t m) {
  if (S_ISDIR(m)) return "a directory";
  if (S_ISFIFO(m)) return "a FIFO";
  if (S_ISCHR(m)) return "a character device";
  if (S_ISBLK(m)) return "a block device";
  if (S_ISSOCK(m)) return "a socket";
  return "not a regular file";
}

std::string sizeText(uint64_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

// Reads fd to its end, refusing more than the input limit.
std::string readAll(int fd, const std::string& name, std::string& text) {
  text.clear();
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return "cannot read " + name + ": " + std::strerror(errno);
    }
    if (n == 0) return "";
    if (text.size() + static_cast<size_t>(n) > limits::kMaxInputBytes)
      return "cannot read " + name + ": it is larger than " + sizeText(limits::kMaxInputBytes) + ", the limit for an input";
    text.append(buf, static_cast<size_t>(n));
  }
}


std::string directoryOf(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// Write permission from the mode bits: root passes access(W_OK) for any file, but a file nobody may write is
// one its owner meant to keep.
bool writable(const std::string& path, const struct stat& st) {
  if (::geteuid() == 0) return (st.st_mode & 0222) != 0;
  return ::access(path.c_str(), W_OK) == 0;
}

// --- temporaries removed on interruption ------------------------------------------------------------------------
// The handler may only use async-signal-safe calls, so paths live in fixed buffers claimed with atomics.
constexpr int kSlots = 32;
char gTempPath[kSlots][PATH_MAX];
std::atomic<bool> gTempUsed[kSlots];
std::atomic<bool> gTempClaimed[kSlots];

// Creating a temporary and the handler's sweep exclude each other: a creator counts itself in gCreating and gives
// up if gDying is set; the handler sets gDying and waits for gCreating to reach zero before it removes anything.
// Creators block the signals while they create, so the handler never runs on a thread it would wait for.
std::atomic<int> gCreating{0};
std::atomic<bool> gDying{false};
std::atomic<pid_t> gChild{0};  // a child writing a temporary (spawnAndWait), killed before the sweep

extern "C" void removeTempsAndReraise(int sig) {
  gDying.store(true);
  for (long spins = 0; gCreating.load() > 0 && spins < 2000000000L; ++spins) {
  }
  if (pid_t child = gChild.load(); child > 0) {
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
  }
  for (int i = 0; i < kSlots; ++i)
    if (gTempUsed[i].load()) ::unlink(gTempPath[i]);
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

// The signals the handler takes, blocked in this thread while it lives.
class SignalsBlocked {
 public:
  SignalsBlocked() {
    sigset_t set;
    sigemptyset(&set);
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&set, sig);
    ::pthread_sigmask(SIG_BLOCK, &set, &old_);
  }
  ~SignalsBlocked() { ::pthread_sigmask(SIG_SETMASK, &old_, nullptr); }
  const sigset_t& previous() const { return old_; }

 private:
  sigset_t old_;
};

void installHandlers() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
      struct sigaction old {};
      ::sigaction(sig, nullptr, &old);
      if (old.sa_handler == SIG_IGN) continue;  // e.g. nohup: keep ignoring
      struct sigaction sa {};
      sa.sa_handler = removeTempsAndReraise;
      sigemptyset(&sa.sa_mask);
      ::sigaction(sig, &sa, nullptr);
    }
  });
}

}  // namespace

std::string readInputFile(const std::string& path, std::string& text) {
  if (path == "-") return readAll(STDIN_FILENO, "standard input", text);
  // O_NONBLOCK: opening a FIFO must not wait for a writer before it can be refused.
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    int e = errno;
    return "cannot read " + quoted(path) + ": " + (e == ENOENT ? "no such file" : std::strerror(e));
  }
  struct stat st {};
  std::string err;
  if (::fstat(fd, &st) != 0) {
    err = "cannot read " + quoted(path) + ": " + std::strerror(errno);
  } else if (!S_ISREG(st.st_mode)) {
    err = "cannot read " + quoted(path) + ": it is " + kindOf(st.st_mode) + ", not a regular file" +
          (S_ISDIR(st.st_mode) ? "" : " (use '-' to read standard input)");
  } else if (static_cast<uint64_t>(st.st_size) > limits::kMaxInputBytes) {
    err = "cannot read " + quoted(path) + ": it is larger than " + sizeText(limits::kMaxInputBytes) +
          ", the limit for an input";
  } else {
    err = readAll(fd, quoted(path), text);
  }
  ::close(fd);
  return err;
}

bool fileId(const std::string& path, FileId& id) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return false;
  id = {static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino)};
  return true;
}

std::vector<FileId> selfIds() {
  FileId id;
  if (fileId("/proc/self/exe", id)) return {id};
  return {};
}

std::string checkOutput(const std::string& path, const std::vector<FileId>& inputs, OutputKind kind) {
  const std::string what = "cannot write " + quoted(path) + ": ";
  if (path.empty()) return "cannot write to an empty file name";
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno != ENOENT) return what + std::strerror(errno);
    struct stat lst {};
    if (::lstat(path.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode))
      return what + "it is a symbolic link to a file that does not exist";
    std::string dir = directoryOf(path);
    struct stat dst {};
    if (::stat(dir.c_str(), &dst) != 0 || !S_ISDIR(dst.st_mode)) return what + "no such directory " + quoted(dir);
    if (::access(dir.c_str(), W_OK) != 0) return what + "its directory is not writable";
    return "";
  }
  FileId id{static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino)};
  for (const auto& in : inputs)
    if (in == id) return what + "it is a file this run reads (the spec, an import or the program itself)";
  if (S_ISDIR(st.st_mode)) return what + "it is a directory";
  if (!S_ISREG(st.st_mode)) {
    if (kind == OutputKind::Executable) return what + "it is " + kindOf(st.st_mode) + ", not a regular file";
    return "";  // devices and FIFOs are written in place
  }
  if (!writable(path, st)) return what + "it is read-only";
  char real[PATH_MAX];
  if (!::realpath(path.c_str(), real)) return what + std::strerror(errno);
  if (::access(directoryOf(real).c_str(), W_OK) != 0) return what + "its directory is not writable";
  return "";
}

std::string writeOutput(const std::string& path, const std::string& content, const std::vector<FileId>& inputs) {
  if (std::string e = checkOutput(path, inputs); !e.empty()) return e;
  const std::string what = "cannot write " + quoted(path) + ": ";
  struct stat st {};
  bool exists = ::stat(path.c_str(), &st) == 0;
  std::string err;
  if (exists && !S_ISREG(st.st_mode)) {
    // O_NONBLOCK: a FIFO nobody reads fails at once (ENXIO) instead of blocking forever.
    int fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return what + (errno == ENXIO ? std::string("no process is reading the FIFO") : std::strerror(errno));
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    bool ok = writeAll(fd, content, err);
    if (::close(fd) != 0 && ok) ok = false, err = std::strerror(errno);
    return ok ? "" : what + err;
  }
  // A symlink stays a symlink: its target is the file replaced.
  std::string target = path;
  if (exists) {
    char real[PATH_MAX];
    if (::realpath(path.c_str(), real)) target = real;
  }
  TempPath tmp(target);
  err = tmp.write(content, exists ? static_cast<int>(st.st_mode & 07777) : -1, /*sync=*/true);
  if (err.empty() && ::rename(tmp.path().c_str(), target.c_str()) != 0) err = std::strerror(errno);
  if (!err.empty()) return what + err;
  tmp.release();
  return "";
}

TempPath::TempPath(const std::string& target, const std::string& suffix) {
  static std::atomic<unsigned> counter{0};
  std::string dir = directoryOf(target);
  std::string base = target.substr(target.rfind('/') == std::string::npos ? 0 : target.rfind('/') + 1);
  if (base.size() > 200) base.resize(200);  // the temporary's name must stay within NAME_MAX (255)
  path_ = (dir == "." && target.find('/') == std::string::npos ? "" : dir + "/") + "." + base + ".tmp." +
          std::to_string(::getpid()) + "." + std::to_string(counter++) + suffix;
  installHandlers();
  if (path_.size() >= PATH_MAX) return;
  for (int i = 0; i < kSlots; ++i) {
    bool expected = false;
    if (gTempClaimed[i].compare_exchange_strong(expected, true)) {
      std::memcpy(gTempPath[i], path_.c_str(), path_.size() + 1);
      gTempUsed[i].store(true);
      slot_ = i;
      break;
    }
  }
}

void TempPath::release() {
  if (slot_ >= 0) {
    gTempUsed[slot_].store(false);
    gTempClaimed[slot_].store(false);
    slot_ = -1;
  }
  path_.clear();
}

bool writeAll(int fd, const std::string& content, std::string& err) {
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      err = std::strerror(errno);
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return true;
}

std::string TempPath::write(const std::string& content, int mode, bool sync) {
  int fd = -1;
  {
    SignalsBlocked blocked;
    gCreating.fetch_add(1);
    if (!gDying.load()) fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    else errno = EINTR;
    int e = errno;
    gCreating.fetch_sub(1);
    errno = e;
  }
  if (fd < 0) return std::strerror(errno);
  std::string err;
  bool ok = mode < 0 || ::fchmod(fd, static_cast<mode_t>(mode)) == 0 || (err = std::strerror(errno), false);
  ok = ok && writeAll(fd, content, err);
  if (ok && sync && ::fsync(fd) != 0) ok = false, err = std::strerror(errno);
  if (::close(fd) != 0 && ok) ok = false, err = std::strerror(errno);
  return ok ? "" : err;
}

int spawnAndWait(const std::vector<std::string>& argv) {
  std::vector<char*> a;
  for (const auto& s : argv) a.push_back(const_cast<char*>(s.c_str()));
  a.push_back(nullptr);
  installHandlers();
  pid_t pid;
  {
    // Spawned and registered with the signals blocked, so the handler knows of any child it must stop; the child
    // starts with the signal mask we had.
    SignalsBlocked blocked;
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setsigmask(&attr, &blocked.previous());
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
    int rc = posix_spawnp(&pid, a[0], nullptr, &attr, a.data(), environ);
    posix_spawnattr_destroy(&attr);
    if (rc != 0) return -1;
    gChild.store(pid);
  }
  int status = 0;
  int rc;
  while ((rc = ::waitpid(pid, &status, 0)) < 0 && errno == EINTR) {
  }
  gChild.store(0);
  if (rc < 0) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

TempPath::~TempPath() {
  if (!path_.empty()) ::unlink(path_.c_str());
  release();
}

void reportBrokenPipes() { ::signal(SIGPIPE, SIG_IGN); }

std::string flushStdout() {
  errno = 0;
  std::cout.flush();
  int e = errno;
  if (std::fflush(stdout) != 0 && !e) e = errno;
  if (!std::cout.good() || std::ferror(stdout))
    return std::string("cannot write to standard output: ") + (e ? std::strerror(e) : "write error");
  return "";
}

}  // namespace sitrt
