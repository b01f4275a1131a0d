// The on-disk cache of compiled kernels: a second `sitc run` (or `sitc test`) of an unchanged spec skips LLVM.
//
// An entry is the kernel's machine code (jitObject), keyed by everything that decides that code: the text of every
// source file the spec loaded (its hash), the scenario, the compiler (version, commit and the executable's size and
// modification time), and codegen's identity (LLVM version, CPU and features, optimisation level, LLVM options).
// The entry holds its full key and a checksum and is used only if both match, so it is never stale and a
// damaged entry is recompiled. Entries are written to a temporary file and renamed, so concurrent runs never see a
// half-written one; the least recently used are deleted when the cache passes its size bound.
//
//   directory  $SITC_CACHE_DIR, else $XDG_CACHE_HOME/sitc, else $HOME/.cache/sitc (created 0700)
//   bound      $SITC_CACHE_MAX_MB megabytes (default 256)
//   disabled   by --no-cache, or SITC_CACHE=off (or 0)
// A cache that cannot be used (no home, read-only, full disk) is skipped without an error.
#pragma once
#include <optional>
#include <string>

namespace sitc::driver {

class KernelCache {
 public:
  explicit KernelCache(bool enabled);  // reads the environment
  bool enabled() const { return !dir_.empty(); }
  std::optional<std::string> get(const std::string& key);
  void put(const std::string& key, const std::string& object);
  const std::string& directory() const { return dir_; }

 private:
  std::string pathFor(const std::string& key) const;
  void evict();
  std::string dir_;
  uint64_t maxBytes_ = 0;
};

// The compiler's part of a cache key: version, commit, and the running executable's size and modification time
// (so a rebuilt sitc never reads kernels of the previous build).
std::string compilerIdentity();

}  // namespace sitc::driver
