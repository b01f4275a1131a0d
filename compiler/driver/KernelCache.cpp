#include "driver/KernelCache.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "sitrt/files.h"

namespace sitc::driver {

namespace fs = std::filesystem;

namespace {

constexpr const char* kMagic = "sitc-kernel 1\n";
constexpr uint64_t kMaxEntryBytes = 1ull << 30;

uint64_t fnv1a(const std::string& s, uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string hex(uint64_t v) {
  char buf[17];
  snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

void putU64(std::string& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
}
bool getU64(const std::string& in, size_t& at, uint64_t& v) {
  if (at + 8 > in.size()) return false;
  v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(static_cast<unsigned char>(in[at + i])) << (8 * i);
  at += 8;
  return true;
}

// "k-" + 32 lowercase hex digits + ".sko": the entries pathFor() names.
bool isEntryName(const std::string& n) {
  if (n.size() != 2 + 32 + 4 || n.compare(0, 2, "k-") != 0 || n.compare(34, 4, ".sko") != 0) return false;
  for (size_t i = 2; i < 34; ++i)
    if (!std::isxdigit(static_cast<unsigned char>(n[i])) || std::isupper(static_cast<unsigned char>(n[i]))) return false;
  return true;
}

bool disabledByEnvironment() {
  const char* v = std::getenv("SITC_CACHE");
  if (!v) return false;
  std::string s(v);
  return s == "0" || s == "off" || s == "no" || s == "false";
}

}  // namespace

std::string compilerIdentity() {
  std::string id = std::string("sitc ") + SITC_VERSION + " " + SITC_COMMIT;
  struct stat st{};
  if (stat("/proc/self/exe", &st) == 0)
    id += " exe " + std::to_string(st.st_size) + " " + std::to_string(st.st_mtim.tv_sec) + "." +
          std::to_string(st.st_mtim.tv_nsec);
  return id;
}

KernelCache::KernelCache(bool enabled) {
  if (!enabled || disabledByEnvironment()) return;
  std::string dir;
  if (const char* d = std::getenv("SITC_CACHE_DIR"); d && *d) dir = d;
  else if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) dir = std::string(x) + "/sitc";
  else if (const char* h = std::getenv("HOME"); h && *h) dir = std::string(h) + "/.cache/sitc";
  else return;
  std::error_code ec;
  bool created = fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir, ec)) return;
  if (::access(dir.c_str(), R_OK | W_OK | X_OK) != 0) return;
  // Cached kernels are code: a directory sitc creates is this user's only. One the user named and made keeps its
  // permissions (it may be shared on purpose).
  if (created) ::chmod(dir.c_str(), 0700);
  dir_ = dir;
  maxBytes_ = 256ull << 20;
  if (const char* m = std::getenv("SITC_CACHE_MAX_MB"); m && *m) {
    char* end = nullptr;
    unsigned long long mb = std::strtoull(m, &end, 10);
    if (end && *end == '\0' && mb > 0) maxBytes_ = static_cast<uint64_t>(mb) << 20;
  }
}

std::string KernelCache::pathFor(const std::string& key) const {
  return dir_ + "/k-" + hex(fnv1a(key)) + hex(fnv1a(key, 0x9E3779B97F4A7C15ull)) + ".sko";
}

std::optional<std::string> KernelCache::get(const std::string& key) {
  if (!enabled()) return std::nullopt;
  std::string path = pathFor(key);
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return std::nullopt;
  uintmax_t size = fs::file_size(path, ec);
  if (ec || size > kMaxEntryBytes) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t at = std::strlen(kMagic);
  uint64_t keyLen = 0, objLen = 0, sum = 0;
  if (data.compare(0, at, kMagic) != 0 || !getU64(data, at, keyLen) || keyLen > data.size() - at ||
      data.compare(at, keyLen, key) != 0 || keyLen != key.size())
    return std::nullopt;
  at += keyLen;
  if (!getU64(data, at, objLen) || objLen > data.size() - at) return std::nullopt;
  std::string object = data.substr(at, objLen);
  at += objLen;
  if (!getU64(data, at, sum) || sum != fnv1a(object) || at != data.size()) return std::nullopt;
  fs::last_write_time(path, fs::file_time_type::clock::now(), ec);  // recently used
  return object;
}

void KernelCache::put(const std::string& key, const std::string& object) {
  if (!enabled()) return;
  std::string entry = kMagic;
  putU64(entry, key.size());
  entry += key;
  putU64(entry, object.size());
  entry += object;
  putU64(entry, fnv1a(object));
  // Written under a temporary name and renamed, so concurrent runs see a whole entry or none; the temporary goes
  // if this run is interrupted.
  sitrt::TempPath tmp(pathFor(key));
  if (!tmp.write(entry).empty()) return;
  std::error_code ec;
  fs::rename(tmp.path(), pathFor(key), ec);
  if (!ec) tmp.release();
  evict();
}

// Least recently used entries go first, down to 80% of the bound; temporaries over an hour old too (runs killed by
// SIGKILL, which leaves no chance to clean up).
void KernelCache::evict() {
  struct Entry {
    fs::path path;
    uintmax_t size;
    fs::file_time_type used;
  };
  std::vector<Entry> entries;
  uintmax_t total = 0;
  std::error_code ec;
  auto now = fs::file_time_type::clock::now();
  for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    std::string name = p.filename().string();
    auto used = fs::last_write_time(p, ec);
    if (ec) continue;
    // Only names this cache writes: k-<32 hex digits>.sko and their temporaries (sitrt::TempPath: ".k-....sko.tmp.").
    size_t tmp = name.find(".tmp.");
    bool temporary = name[0] == '.' && tmp != std::string::npos && isEntryName(name.substr(1, tmp - 1));
    if ((!temporary && !isEntryName(name)) || !it->is_regular_file(ec)) continue;
    if (temporary) {  // of a run that was killed
      if (now - used > std::chrono::hours(1)) fs::remove(p, ec);
      continue;
    }
    uintmax_t size = fs::file_size(p, ec);
    if (ec) continue;
    entries.push_back({p, size, used});
    total += size;
  }
  if (total <= maxBytes_) return;
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.used < b.used; });
  for (const Entry& e : entries) {
    if (total <= maxBytes_ / 5 * 4) break;
    if (fs::remove(e.path, ec)) total -= e.size;
  }
}

}  // namespace sitc::driver
