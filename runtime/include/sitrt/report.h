// `sitc report`: one self-contained HTML file of a run (or sweep) for an analyst to look at and hand on. This part
// turns the runs into the page's data (JSON, its schema in docs/report.md) and fills the page's template; the
// charts are Vega-Lite specifications the template's script builds from that data, rendered by the vega, vega-lite
// and vega-embed bundles inlined into the file, so it opens with no network.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "sitrt/runner.h"
#include "sitrt/series.h"
#include "sitrt/session.h"

namespace sitrt {

struct ReportRuns {
  std::vector<std::pair<std::string, std::string>> manifest;
  std::vector<RunPoint> points;      // one, or a sweep's
  std::vector<RunOutcome> outcomes;  // per point: rows, setups, the main run's paths and series
  SeriesRequest series;              // the fans' processes (first), then each hedge's margin calls and peak margin
  uint32_t processes = 0;            // series [0, processes) are the processes whose fans are drawn
  std::vector<bool> margin;          // per hedge: its contract has a margin account (its two series follow)
  uint64_t paths = 0;
};

// The page's data (a JSON object).
std::string reportData(const ReportRuns& r);

// The page: `page` (the template) with its placeholder lines `<!--SITC:VEGA-->` replaced by the inlined scripts,
// `<!--SITC:DATA-->` by the data, `<!--SITC:TITLE-->` by the escaped title. "" and `error` set when a placeholder is
// missing.
std::string renderReport(const std::string& page, const std::vector<std::string>& scripts, const std::string& data,
                         const std::string& title, std::string& error);

}  // namespace sitrt
