// sitc report FILE -o REPORT.html: runs the scenario (or a --set sweep) with the series its charts need and writes
// one self-contained HTML page (sitrt/report.h; what it shows: docs/report.md).
#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

#include "driver/Commands.h"
#include "driver/Compile.h"
#include "driver/Explain.h"
#include "sitrt/report.h"

namespace sitc::driver {

namespace {

// The page's template and the chart libraries it inlines, vendored at build time (tools/report/).
bool readAssets(std::string& page, std::vector<std::string>& scripts, std::string& error) {
  const std::string dir = reportAssetsDir();
  auto read = [&](const std::string& name, std::string& text) {
    std::ifstream in(dir + "/" + name, std::ios::binary);
    std::ostringstream os;
    os << in.rdbuf();
    if (!in || os.str().empty()) {
      error = "the report's page and chart libraries are missing ('" + dir + "/" + name +
              "'): they are built with npm (scripts/build.sh; docs/report.md)";
      return false;
    }
    text = os.str();
    return true;
  };
  scripts.assign(3, "");
  return read("template.html", page) && read("vega.min.js", scripts[0]) && read("vega-lite.min.js", scripts[1]) &&
         read("vega-embed.min.js", scripts[2]);
}

// What the charts need recorded: every process's value (its fan chart), and each margined futures hedge's margin calls and
// peak variation margin so far. Returns the number of processes.
uint32_t chooseReportSeries(plan::Plan& p, std::vector<bool>& margin) {
  // The indices the hedges settle on first (what an analyst looks at first), then every other process.
  std::vector<std::string> names;
  auto add = [&](const std::string& n) {
    if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
  };
  for (const auto& h : p.model.hedges) add(p.model.instances[h.instance].name);
  for (const auto& in : p.model.instances) add(in.name);
  margin.clear();
  const auto& hedges = p.model.hedges;
  for (size_t i = 0; i < hedges.size(); ++i) {
    const ir::HedgeInfo& h = hedges[i];
    bool margined = false;  // some book of the hedge (a strip has several; a leg is charted with its head) has margin
    for (size_t b = i; b < i + h.books && !h.leg; ++b)
      margined = margined || (hedges[b].contract.initialMargin > 0 && !hedges[b].optionLegs);  // options have none
    margin.push_back(margined);
    if (margin.back())
      for (auto v : {ir::HedgeValue::Calls, ir::HedgeValue::PeakOut}) names.push_back(h.name + "." + ir::hedgeValueName(v));
  }
  plan::chooseSeries(p, names);  // all of them are observables (sema makes them so)
  return static_cast<uint32_t>(p.model.instances.size());
}

}  // namespace

int runReport(const Options& o) {
  Compilation c;
  int exitCode;
  plan::Plan* p = compileScenario(o, c, exitCode);
  if (!p) return exitCode;
  sitrt::ReportRuns runs;
  runs.processes = chooseReportSeries(*p, runs.margin);
  std::vector<sitrt::FileId> inputs = inputFiles(c);
  if (std::string e = sitrt::checkOutput(o.run.out, inputs); !e.empty()) {
    std::cerr << "sitc: error: -o: " << e << "\n";
    return kExitUsage;
  }
  std::string page, error;
  std::vector<std::string> scripts;
  if (!readAssets(page, scripts, error)) {
    std::cerr << "sitc: error: " << error << "\n";
    return kExitRuntime;
  }

  sitrt::Progress progress(o.run.progressMode);
  progress.phase("compile");
  std::unique_ptr<codegen::JitKernel> jit;
  sitrt::Kernel kernel;
  if (!loadKernel(o, c, *p, jit, kernel, error)) {
    progress.finish();
    std::cerr << "sitc: error: " << error << "\n";
    return kExitRuntime;
  }
  sitrt::SessionOptions so = o.run;
  so.user = p;
  so.inputs = inputs;
  const sitrt::SimSpec spec = p->simSpec(c.sm);
  if (std::string e = sitrt::prepareRunPoints(spec, kernel, so, runs.points); !e.empty()) {
    progress.finish();
    std::cerr << e << "\n";
    return kExitUsage;
  }
  // Monthly fans over a horizon of months, else one point a step; every path, unless that would take more than
  // about a GB (then the first paths).
  const sitrt::UnitSpec* month = spec.units.find("month");
  bool monthly = month && static_cast<double>(spec.steps) * spec.dt >= 2 * month->scale;
  if (std::string e = sitrt::parseSeriesRequest(spec, "", monthly ? "month" : "", o.run.paths, runs.series); !e.empty()) {
    progress.finish();
    std::cerr << "sitc: error: " << e << "\n";
    return kExitUsage;
  }
  double perPath = static_cast<double>(runs.series.steps.size() * std::max<size_t>(1, spec.series.size())) * 8;
  runs.series.paths = std::min<uint64_t>(o.run.paths, static_cast<uint64_t>(1e9 / perPath) + 1);
  runs.paths = o.run.paths;

  for (size_t i = 0; i < runs.points.size(); ++i) {
    sitrt::RunOptions ro;
    ro.paths = o.run.paths;
    ro.seed = o.run.seed;
    ro.threads = o.run.threads;
    ro.params = runs.points[i].params;
    ro.user = p;
    ro.explain = [&](const SitKernelArgs& path, const std::string& check) { return explainFailure(c, *p, path, check); };
    ro.progress = &progress;
    ro.keepPaths = true;
    ro.series = &runs.series;
    if (runs.points.size() > 1)
      progress.setLabel("point " + std::to_string(i + 1) + " of " + std::to_string(runs.points.size()));
    runs.outcomes.push_back(sitrt::runAndReport(runs.points[i].spec, kernel, ro));
    if (!runs.outcomes.back().error.empty()) {
      progress.finish();
      std::cerr << runs.outcomes.back().error << "\n";
      return kExitRuntime;
    }
    // Later points need only their rows (the sweep's lines); the charts are of the first.
    if (i > 0) std::vector<double>().swap(runs.outcomes.back().paths), std::vector<double>().swap(runs.outcomes.back().series);
  }
  progress.phase("report");
  runs.manifest = buildManifest(o, c, o.cpu);
  sitrt::addRunManifest(runs.manifest, spec, so);
  std::string html = sitrt::renderReport(page, scripts, sitrt::reportData(runs), spec.scenario, error);
  progress.finish();
  if (html.empty()) {
    std::cerr << "sitc: error: " << error << "\n";
    return kExitRuntime;
  }
  if (std::string e = sitrt::writeOutput(o.run.out, html, inputs); !e.empty()) {
    std::cerr << "sitc: error: " << e << "\n";
    return kExitRuntime;
  }
  return kExitOk;
}

}  // namespace sitc::driver
