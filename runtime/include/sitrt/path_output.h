// --paths-out FILE: every path's per-path values (SimSpec::pathColumns: the scenario's per-path lets and each
// hedge's unhedged cost, hedged cost and futures gain), in display units, one row per path (and sweep point);
// --series-out FILE: the series (series.h), one row per path and grid time:
//   .csv  a header `path,NAME,...` (`set,path,...` in a sweep: the point's settings, as in the results' CSV;
//         `path,month,NAME,...` for series, the time in the grid's unit),
//         each value the shortest text that reads back to it exactly (formatExact, as the results' CSV);
//   .npy  one NumPy structured array (format 1.0, or 2.0 for very wide headers) with fields `path` (<u8), `set`
//         (<U, in a sweep), the time (<f8, series) and one <f8 per value: pandas reads it with `pandas.DataFrame(numpy.load(FILE))`, no
//         extra packages.
// The bytes depend only on (spec, seed, paths, --set), never on the thread count.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace sitrt {

enum class PathFormat { Csv, Npy };
// From the file name's extension (.csv or .npy), or nullopt.
std::optional<PathFormat> pathFormatFor(const std::string& file);

struct PathData {
  std::vector<std::string> names;                       // one per column
  std::vector<std::string> points;                      // sweep points (empty: a single run)
  uint64_t paths = 0;
  // Series (series.h): each path has a row per time, after `path` a column `timeName` (the times' unit, "month").
  std::string timeName;
  std::vector<double> times;
  std::vector<std::vector<std::vector<double>>> values;  // [point][column][path (x time)], display units
  uint64_t rowsPerPoint() const { return paths * (times.empty() ? 1 : times.size()); }
};

// The file's bytes.
std::string renderPaths(const PathData& d, PathFormat f);

}  // namespace sitrt
