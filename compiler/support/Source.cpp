#include "support/Source.h"

#include <algorithm>

namespace sitc {

static bool before(SourceLoc a, SourceLoc b) { return a.line < b.line || (a.line == b.line && a.col < b.col); }

SourceRange SourceRange::cover(const SourceRange& a, const SourceRange& b) {
  if (!a.valid()) return b;
  if (!b.valid() || a.file != b.file) return a;
  SourceRange r = a;
  if (before(b.begin, r.begin)) r.begin = b.begin;
  if (before(r.end, b.end)) r.end = b.end;
  return r;
}

SourceManager::SourceManager() { files_.push_back({"<command line>", "", {0}}); }

uint32_t SourceManager::addFile(std::string name, std::string text) {
  File f{std::move(name), std::move(text), {0}};
  for (uint32_t i = 0; i < f.text.size(); ++i)
    if (f.text[i] == '\n') f.lineStarts.push_back(i + 1);
  files_.push_back(std::move(f));
  return static_cast<uint32_t>(files_.size() - 1);
}

std::string_view SourceManager::line(uint32_t file, uint32_t line) const {
  const File& f = files_.at(file);
  if (line == 0 || line > f.lineStarts.size()) return {};
  uint32_t b = f.lineStarts[line - 1];
  uint32_t e = line < f.lineStarts.size() ? f.lineStarts[line] - 1 : static_cast<uint32_t>(f.text.size());
  std::string_view s(f.text.data() + b, e - b);
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  return s;
}

// Byte offset of 1-based code-point column `col` in `line` (clamped to the line's end).
static size_t byteOfColumn(std::string_view line, uint32_t col) {
  size_t i = 0;
  for (uint32_t c = 1; c < col && i < line.size(); ++c) {
    ++i;
    while (i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) ++i;
  }
  return i;
}

std::string SourceManager::text(const SourceRange& r) const {
  if (!r.valid()) return "";
  std::string out;
  for (uint32_t ln = r.begin.line; ln <= r.end.line; ++ln) {
    std::string_view l = line(r.file, ln);
    size_t b = ln == r.begin.line ? byteOfColumn(l, r.begin.col) : 0;
    size_t e = ln == r.end.line ? byteOfColumn(l, r.end.col) : l.size();
    if (!out.empty()) out += ' ';
    size_t s = b;
    while (ln != r.begin.line && s < e && (l[s] == ' ' || l[s] == '\t')) ++s;
    if (e > s) out += std::string(l.substr(s, e - s));
  }
  return out;
}

}  // namespace sitc
