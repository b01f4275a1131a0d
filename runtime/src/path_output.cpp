#include "sitrt/path_output.h"

#include "sitrt/format.h"

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <algorithm>

namespace sitrt {

std::optional<PathFormat> pathFormatFor(const std::string& file) {
  auto ends = [&](const char* ext) {
    size_t n = std::strlen(ext);
    return file.size() > n && file.compare(file.size() - n, n, ext) == 0;
  };
  if (ends(".csv")) return PathFormat::Csv;
  if (ends(".npy")) return PathFormat::Npy;
  return std::nullopt;
}

namespace {

std::string csvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string renderCsv(const PathData& d) {
  std::string out = d.points.empty() ? "path" : "set,path";
  if (!d.times.empty()) out += "," + csvField(d.timeName);
  for (const auto& n : d.names) out += "," + csvField(n);
  out += "\n";
  const uint64_t perPath = d.times.empty() ? 1 : d.times.size();
  for (size_t p = 0; p < d.values.size(); ++p)
    for (uint64_t r = 0; r < d.rowsPerPoint(); ++r) {
      if (!d.points.empty()) out += csvField(d.points[p]) + ",";
      out += std::to_string(r / perPath);
      if (!d.times.empty()) out += "," + formatExact(d.times[r % perPath]);
      for (const auto& col : d.values[p]) out += "," + formatExact(col[r]);
      out += "\n";
    }
  return out;
}

void putLittle(std::string& out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

// A Python string literal for a field name (names are spec identifiers, `[n]` and `.`, but be safe).
std::string pyString(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

// UTF-8 to code points (the labels are valid UTF-8: they come from --set arguments the session parsed).
std::u32string codePoints(const std::string& s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    char32_t cp = len == 1 ? c : c & (0x7F >> len);
    for (int k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out += cp;
    i += static_cast<size_t>(len);
  }
  return out;
}

std::string renderNpy(const PathData& d) {
  std::vector<std::u32string> labels;
  size_t width = 1;
  for (const auto& p : d.points) width = std::max(width, (labels.emplace_back(codePoints(p))).size());
  std::string descr = "[('path', '<u8'), ";
  if (!d.points.empty()) descr += "('set', '<U" + std::to_string(width) + "'), ";
  if (!d.times.empty()) descr += "(" + pyString(d.timeName) + ", '<f8'), ";
  for (const auto& n : d.names) descr += "(" + pyString(n) + ", '<f8'), ";
  descr += "]";
  uint64_t rows = d.rowsPerPoint() * d.values.size();
  std::string header = "{'descr': " + descr + ", 'fortran_order': False, 'shape': (" + std::to_string(rows) + ",), }";
  // Magic, version, header length, header: padded with spaces and a newline to a multiple of 64 bytes.
  bool v2 = header.size() + 1 + 10 > 65535;
  size_t prefix = v2 ? 12 : 10;
  size_t total = (prefix + header.size() + 1 + 63) / 64 * 64;
  header += std::string(total - prefix - header.size() - 1, ' ') + "\n";
  std::string out = "\x93NUMPY";
  out += static_cast<char>(v2 ? 2 : 1);
  out += '\0';
  putLittle(out, header.size(), v2 ? 4 : 2);
  out += header;
  size_t record = 8 + (d.points.empty() ? 0 : 4 * width) + 8 * (d.names.size() + (d.times.empty() ? 0 : 1));
  out.reserve(out.size() + record * rows);
  auto putDouble = [&](double v) {
    uint64_t bits;
    std::memcpy(&bits, &v, 8);
    putLittle(out, bits, 8);
  };
  const uint64_t perPath = d.times.empty() ? 1 : d.times.size();
  for (size_t p = 0; p < d.values.size(); ++p)
    for (uint64_t r = 0; r < d.rowsPerPoint(); ++r) {
      putLittle(out, r / perPath, 8);
      if (!d.points.empty())
        for (size_t k = 0; k < width; ++k) putLittle(out, k < labels[p].size() ? labels[p][k] : 0, 4);
      if (!d.times.empty()) putDouble(d.times[r % perPath]);
      for (const auto& col : d.values[p]) putDouble(col[r]);
    }
  return out;
}

}  // namespace

std::string renderPaths(const PathData& d, PathFormat f) { return f == PathFormat::Csv ? renderCsv(d) : renderNpy(d); }

}  // namespace sitrt
