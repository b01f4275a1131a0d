// Progress of a long run on standard error: the phase (compile, pilot, main, statistics), paths done of the
// phase's total, the rate and the time left, redrawn four times a second (and when a phase starts) on one terminal line and cleared when the
// run ends. Nothing is shown for the first second (SITC_PROGRESS_DELAY_MS overrides it, for tests), nothing when
// standard error is not a terminal unless --progress asks (then a plain line a second and one per phase, for logs), nothing with
// --quiet. The workers count finished chunks of paths in one relaxed atomic, so progress costs nothing measurable
// and cannot change results: nothing it does reaches a kernel.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace sitrt {

enum class ProgressMode { Auto, Always, Never };  // Auto: on a terminal; --progress: Always; --quiet: Never

class Progress {
 public:
  // `prog` starts each line ("sitc", or a simulator's name).
  explicit Progress(ProgressMode mode, std::string prog = "sitc", int fd = 2);
  ~Progress();  // finish()
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Starts a phase: `total` paths to do (0: no count, as while compiling); `label` is shown after the phase
  // name ("point 2 of 5" in a sweep).
  void phase(const std::string& name, uint64_t total = 0);
  void setLabel(const std::string& label);
  std::atomic<uint64_t>& done() { return done_; }  // paths finished in this phase
  // Stops drawing and clears the line; call before writing anything else to standard error.
  void finish();

  // The text of one update (exposed for tests): "sitc: main 40,960 / 100,000 paths (41%), 210k paths/s, 0:03 left".
  static std::string line(const std::string& prog, const std::string& phase, const std::string& label, uint64_t done, uint64_t total,
                          double seconds);

 private:
  void loop();
  void draw();

  std::string prog_;
  int fd_;
  bool terminal_ = false, drawn_ = false, stop_ = false, changed_ = false;
  std::chrono::milliseconds delay_{1000};
  std::chrono::steady_clock::time_point start_, phaseStart_;
  std::string phase_, label_;
  uint64_t total_ = 0;
  std::atomic<uint64_t> done_{0};
  std::mutex m_;
  std::condition_variable cv_;
  std::thread thread_;
};

}  // namespace sitrt
