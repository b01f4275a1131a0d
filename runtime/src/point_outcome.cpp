#include "sitrt/point_outcome.h"

#include <cstring>
#include <stdexcept>

namespace sitrt {

namespace {

// Host byte order and layout: the ranks of one job run the same build on machines of one kind.
struct Writer {
  std::string b;
  void raw(const void* p, size_t n) { b.append(static_cast<const char*>(p), n); }
  void u64(uint64_t v) { raw(&v, sizeof v); }
  void f64(double v) { raw(&v, sizeof v); }
  void str(const std::string& s) { u64(s.size()), raw(s.data(), s.size()); }
  void f64s(const std::vector<double>& v) { u64(v.size()), raw(v.data(), v.size() * sizeof(double)); }
  void strs(const std::vector<std::string>& v) {
    u64(v.size());
    for (const auto& s : v) str(s);
  }
};

struct Reader {
  const std::string& b;
  size_t at = 0;
  void raw(void* p, size_t n) {
    if (n > b.size() - at) throw std::runtime_error("a sweep point's outcome arrived truncated");
    std::memcpy(p, b.data() + at, n);
    at += n;
  }
  uint64_t u64() {
    uint64_t v;
    raw(&v, sizeof v);
    return v;
  }
  double f64() {
    double v;
    raw(&v, sizeof v);
    return v;
  }
  size_t count(size_t each) {
    uint64_t n = u64();
    if (n > (b.size() - at) / each) throw std::runtime_error("a sweep point's outcome arrived truncated");
    return static_cast<size_t>(n);
  }
  std::string str() {
    std::string s(count(1), '\0');
    raw(s.data(), s.size());
    return s;
  }
  std::vector<double> f64s() {
    std::vector<double> v(count(sizeof(double)));
    raw(v.data(), v.size() * sizeof(double));
    return v;
  }
  std::vector<std::string> strs() {
    std::vector<std::string> v(count(sizeof(uint64_t)));
    for (auto& s : v) s = str();
    return v;
  }
};

void writePaths(Writer& w, const PathData& d) {
  w.strs(d.names);
  w.u64(d.paths);
  w.str(d.timeName);
  w.f64s(d.times);
  w.u64(d.values.size());
  for (const auto& point : d.values) {
    w.u64(point.size());
    for (const auto& col : point) w.f64s(col);
  }
}

PathData readPaths(Reader& r) {
  PathData d;
  d.names = r.strs();
  d.paths = r.u64();
  d.timeName = r.str();
  d.times = r.f64s();
  d.values.resize(r.count(sizeof(uint64_t)));
  for (auto& point : d.values) {
    point.resize(r.count(sizeof(uint64_t)));
    for (auto& col : point) col = r.f64s();
  }
  return d;
}

}  // namespace

std::string encodeOutcome(const PointOutcome& o) {
  Writer w;
  w.u64(o.ran);
  w.str(o.error);
  w.str(o.timings);
  w.u64(o.rows.size());
  for (const auto& row : o.rows) {
    w.str(row.label), w.str(row.unit), w.f64(row.value), w.f64(row.se), w.str(row.note), w.str(row.stat);
    w.f64(row.level), w.str(row.hedge), w.u64(row.window);
  }
  writePaths(w, o.paths);
  writePaths(w, o.series);
  return std::move(w.b);
}

PointOutcome decodeOutcome(const std::string& bytes) {
  Reader r{bytes};
  PointOutcome o;
  o.ran = r.u64() != 0;
  o.error = r.str();
  o.timings = r.str();
  o.rows.resize(r.count(8 * 9));
  for (auto& row : o.rows) {
    row.label = r.str(), row.unit = r.str(), row.value = r.f64(), row.se = r.f64(), row.note = r.str();
    row.stat = r.str(), row.level = r.f64(), row.hedge = r.str(), row.window = static_cast<uint32_t>(r.u64());
  }
  o.paths = readPaths(r);
  o.series = readPaths(r);
  return o;
}

void appendPoint(PathData& into, PathData&& piece) {
  if (piece.values.empty()) return;
  if (into.values.empty()) {
    into.names = std::move(piece.names);
    into.paths = piece.paths;
    into.timeName = std::move(piece.timeName);
    into.times = std::move(piece.times);
  }
  for (auto& v : piece.values) into.values.push_back(std::move(v));
}

}  // namespace sitrt
