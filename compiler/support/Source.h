// Source files and positions. Positions are 1-based line and column, the column counted in Unicode code points
// (which is what the ANTLR lexer counts), so a caret lines up under non-ASCII text too.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sitc {

struct SourceLoc {
  uint32_t line = 0;  // 0 = unknown
  uint32_t col = 0;
};

struct SourceRange {
  uint32_t file = 0;  // 0 = no file (e.g. the command line)
  SourceLoc begin;
  SourceLoc end;  // one past the last character
  bool valid() const { return file != 0 && begin.line != 0; }
  // The smallest range covering both (they must be in the same file).
  static SourceRange cover(const SourceRange& a, const SourceRange& b);
};

class SourceManager {
 public:
  SourceManager();
  uint32_t addFile(std::string name, std::string text);
  const std::string& name(uint32_t file) const { return files_[file].name; }
  const std::string& text(uint32_t file) const { return files_[file].text; }
  std::string_view line(uint32_t file, uint32_t line) const;  // without the newline
  // The text a range covers (ranges spanning lines are joined with single spaces).
  std::string text(const SourceRange& r) const;
  uint32_t fileCount() const { return static_cast<uint32_t>(files_.size()); }

 private:
  struct File {
    std::string name, text;
    std::vector<uint32_t> lineStarts;  // byte offset of each line
  };
  std::vector<File> files_;
};

}  // namespace sitc
