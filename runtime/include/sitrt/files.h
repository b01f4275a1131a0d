// Reading inputs and writing outputs so that no path can hang a run or destroy a file: inputs must be regular
// files of bounded size (a FIFO or /dev/zero would block or never end); outputs go through a temporary and a
// rename only onto regular files the user may write, are written in place on devices and FIFOs, never replace a
// symlink (its target is written) and never overwrite a file the run reads. Temporaries are removed if the
// process is interrupted.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace sitrt {

// Reads a whole input: a regular file of at most limits::kMaxInputBytes, or standard input for "-". Returns ""
// or the reason, e.g. "cannot read 'f': it is a FIFO, not a regular file".
std::string readInputFile(const std::string& path, std::string& text);

// A file's identity (device and inode), which recognises it whatever path names it.
struct FileId {
  uint64_t dev = 0, ino = 0;
  bool operator==(const FileId&) const = default;
};
// The identity of the file `path` names (symlinks followed); false if there is none.
bool fileId(const std::string& path, FileId& id);
// The running program's own executable, which no output may replace either.
std::vector<FileId> selfIds();

enum class OutputKind { Data, Executable };  // an executable must be a regular file, so devices are refused

// Whether `path` can take an output: "" or the reason (a directory, read-only, one of `inputs`, a missing
// directory, a device for an executable). Called before any work is done, and again when writing.
std::string checkOutput(const std::string& path, const std::vector<FileId>& inputs, OutputKind kind = OutputKind::Data);
// Writes `content` to `path` under that policy: regular files (existing or new) through a temporary in the same
// directory and a rename, keeping the file's permissions; devices and FIFOs in place.
std::string writeOutput(const std::string& path, const std::string& content, const std::vector<FileId>& inputs);

// A temporary file's path, removed when this goes out of scope unless released, and also if the process gets
// SIGINT, SIGTERM or SIGHUP meanwhile (the signal is then re-raised, so the exit status still tells).
//
// Other threads go on running while the handler removes the temporaries, so a file this process creates must be
// created through write() (never by opening path() for writing): creating and the handler's removal exclude each
// other, so no temporary can appear after the handler's sweep.
class TempPath {
 public:
  // A fresh name next to `target` (same directory, so the final rename cannot cross file systems).
  explicit TempPath(const std::string& target, const std::string& suffix = "");
  ~TempPath();
  TempPath(const TempPath&) = delete;
  TempPath& operator=(const TempPath&) = delete;
  const std::string& path() const { return path_; }
  // Creates the file with `content` (permissions `mode`, or the umask's if mode < 0; fsync'ed if `sync`): "" or
  // the reason (strerror).
  std::string write(const std::string& content, int mode = -1, bool sync = false);
  void release();  // the file was renamed into place: nothing to remove

 private:
  std::string path_;
  int slot_ = -1;
};

// Writes all of `content` to `fd` (retrying short writes and EINTR); false with the reason in `err`.
bool writeAll(int fd, const std::string& content, std::string& err);

// Spawns `argv` (searched in PATH) and waits for it: its exit status, 128 + the signal that ended it, or -1 if it
// could not run. A child that writes one of our temporaries (the linker) is killed and waited for by the
// interruption handler before it removes the temporaries, so it cannot leave a file behind.
int spawnAndWait(const std::vector<std::string>& argv);

// Standard output after the results were written: "" or why it failed (a full disk, a closed pipe).
std::string flushStdout();
// Makes a write to a closed pipe or a FIFO whose reader left fail with EPIPE (reported, exit 3) instead of
// killing the process with SIGPIPE.
void reportBrokenPipes();

}  // namespace sitrt
