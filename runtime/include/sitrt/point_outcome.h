// What one run of a session (one sweep point) leaves for the results. Sweeps share their points out among groups of
// MPI ranks (ranks.h); the group that ran a point sends its outcome to rank 0, which writes the results as one
// process would: these are the bytes that travel.
#pragma once
#include <string>
#include <vector>

#include "sitrt/path_output.h"
#include "sitrt/results.h"

namespace sitrt {

struct PointOutcome {
  bool ran = false;     // false: its group stopped at an earlier point's error and did not run it
  std::string error;    // the run's error ("" none)
  std::string timings;  // the --timings line ("" unless asked)
  std::vector<ResultRow> rows;
  PathData paths, series;  // this point's --paths-out and --series-out values (one point's each, or none)
};

std::string encodeOutcome(const PointOutcome& o);
PointOutcome decodeOutcome(const std::string& bytes);

// Adds one point's path data (`piece`: names and values of one point) to the session's.
void appendPoint(PathData& into, PathData&& piece);

}  // namespace sitrt
