#include "sitrt/progress.h"

#include "sitrt/files.h"
#include "sitrt/format.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace sitrt {

namespace {

std::string rate(double perSecond) {
  char buf[32];
  if (perSecond >= 1e6) snprintf(buf, sizeof buf, "%.1fM", perSecond / 1e6);
  else if (perSecond >= 1e3) snprintf(buf, sizeof buf, "%.0fk", perSecond / 1e3);
  else snprintf(buf, sizeof buf, "%.0f", perSecond);
  return buf;
}

// m:ss (h:mm:ss past an hour); time left rounds up, time taken down.
std::string clock(double seconds, bool up) {
  auto s = static_cast<uint64_t>(up ? std::ceil(seconds) : std::floor(seconds));
  char buf[32];
  if (s >= 3600) snprintf(buf, sizeof buf, "%llu:%02llu:%02llu", static_cast<unsigned long long>(s / 3600),
                          static_cast<unsigned long long>(s / 60 % 60), static_cast<unsigned long long>(s % 60));
  else snprintf(buf, sizeof buf, "%llu:%02llu", static_cast<unsigned long long>(s / 60), static_cast<unsigned long long>(s % 60));
  return buf;
}

}  // namespace

std::string Progress::line(const std::string& prog, const std::string& phase, const std::string& label, uint64_t done, uint64_t total,
                           double seconds) {
  std::string s = prog + ": " + phase + (label.empty() ? "" : " (" + label + ")");
  if (total == 0) return s + ", " + clock(seconds, false);
  s += " " + formatCount(done) + " / " + formatCount(total) + " paths (" + std::to_string(done * 100 / total) + "%)";
  if (done > 0 && seconds > 0) {
    double perSecond = static_cast<double>(done) / seconds;
    s += ", " + rate(perSecond) + " paths/s, " + clock(static_cast<double>(total - done) / perSecond, true) + " left";
  }
  return s;
}

Progress::Progress(ProgressMode mode, std::string prog, int fd) : prog_(std::move(prog)), fd_(fd) {
  terminal_ = ::isatty(fd) == 1;
  if (const char* term = std::getenv("TERM"); term && std::strcmp(term, "dumb") == 0) terminal_ = false;
  bool enabled = mode == ProgressMode::Always || (mode == ProgressMode::Auto && terminal_);
  if (const char* d = std::getenv("SITC_PROGRESS_DELAY_MS"); d && *d) delay_ = std::chrono::milliseconds(std::atol(d));
  start_ = phaseStart_ = std::chrono::steady_clock::now();
  if (enabled) thread_ = std::thread([this] { loop(); });
}

Progress::~Progress() { finish(); }

void Progress::phase(const std::string& name, uint64_t total) {
  std::lock_guard<std::mutex> lock(m_);
  phase_ = name;
  total_ = total;
  done_.store(0, std::memory_order_relaxed);
  phaseStart_ = std::chrono::steady_clock::now();
  changed_ = true;
  cv_.notify_all();
}

void Progress::setLabel(const std::string& label) {
  std::lock_guard<std::mutex> lock(m_);
  label_ = label;
}

void Progress::finish() {
  {
    std::lock_guard<std::mutex> lock(m_);
    if (stop_) return;
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::string ignored;
  if (drawn_ && terminal_) writeAll(fd_, "\r\033[K", ignored);
}

// Called with m_ held.
void Progress::draw() {
  if (phase_.empty()) return;
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - phaseStart_).count();
  std::string text = line(prog_, phase_, label_, done_.load(std::memory_order_relaxed), total_, seconds);
  std::string ignored;  // progress is best effort: a closed stderr loses it, nothing else
  writeAll(fd_, terminal_ ? "\r" + text + "\033[K" : text + "\n", ignored);
  drawn_ = true;
}

void Progress::loop() {
  std::unique_lock<std::mutex> lock(m_);
  if (cv_.wait_until(lock, start_ + delay_, [this] { return stop_; })) return;
  const auto every = terminal_ ? std::chrono::milliseconds(250) : std::chrono::milliseconds(1000);
  while (!stop_) {  // a line now and then, and one when a phase starts
    changed_ = false;
    draw();
    cv_.wait_for(lock, every, [this] { return stop_ || changed_; });
  }
}

}  // namespace sitrt
