#include "sitrt/session.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>
#include <tuple>

#include "sitrt/overrides.h"
#include "sitrt/path_output.h"
#include "sitrt/philox.h"
#include "sitrt/point_outcome.h"
#include "sitrt/ranks.h"
#include "sitrt/results.h"
#include "sitrt/runner.h"
#include "sitrt/series.h"

namespace sitrt {

namespace {

// One point's per-path values for --paths-out, in display units; the run's columns (`out`) are released after.
void keepPathColumns(const SimSpec& spec, std::vector<double>& out, uint64_t paths, PathData& d) {
  bool first = d.values.empty();
  auto& cols = d.values.emplace_back();
  for (const auto& pc : spec.pathColumns)
    for (uint32_t w = 0; w < pc.count; ++w) {
      if (first) d.names.push_back(pc.count > 1 ? pc.name + "[" + std::to_string(w + 1) + "]" : pc.name);
      const double* c = out.data() + static_cast<size_t>(pc.column + w) * columnStride(paths);
      auto& v = cols.emplace_back(paths);
      for (uint64_t j = 0; j < paths; ++j) v[j] = c[j] / pc.unitScale;
    }
  d.paths = paths;
  std::vector<double>().swap(out);
}

}  // namespace

void addRunManifest(std::vector<std::pair<std::string, std::string>>& manifest, const SimSpec& spec,
                    const SessionOptions& o) {
  manifest.emplace_back("rng", std::string(kRngName) + " stream v" + std::to_string(kStreamVersion));
  manifest.emplace_back("scenario", spec.scenario);
  manifest.emplace_back("seed", std::to_string(o.seed));
  manifest.emplace_back("paths", std::to_string(o.paths));
  manifest.emplace_back("steps", std::to_string(spec.steps));
  std::string setText;
  for (const auto& s : o.sets) setText += (setText.empty() ? "--set " : " --set ") + s;
  if (!setText.empty()) manifest.emplace_back("options", setText);
  // How the hedges value money when not at face value on the day it is paid: results say so next to the seed.
  std::string valuation;
  auto perYear = [](double r) { return formatReadable(r * 100) + "%/yr"; };  // base time units are years
  for (const auto& h : spec.hedges) {
    if (h.leg || (h.terms.discount <= 0 && h.riskPremium == 0)) continue;
    std::string v = h.terms.discount > 0 ? "discount " + perYear(h.terms.discount / spec.dt) : "";
    if (h.riskPremium != 0) v += (v.empty() ? "" : ", ") + std::string("risk premium ") + perYear(h.riskPremium);
    valuation += (valuation.empty() ? "" : "; ") + h.name + ": " + v;
  }
  if (!valuation.empty()) manifest.emplace_back("valuation", valuation);
}

std::string prepareRunPoints(const SimSpec& spec, const Kernel& kernel, const SessionOptions& o,
                             std::vector<RunPoint>& out) {
  std::vector<SetArg> sets;
  std::vector<SweepPoint> points;
  if (std::string e = parseSetArgs(o.sets, sets); !e.empty() || !(e = sweepPoints(sets, points)).empty())
    return o.prog + ": error: " + e;
  std::vector<double> defaults;
  for (const auto& p : spec.params) defaults.push_back(p.value);
  // The ranks that share each point's paths (runSession: groups of ranks share a sweep's points).
  const size_t world = static_cast<size_t>(Ranks::world().size());
  const unsigned share = static_cast<unsigned>(world / std::min(world, std::max<size_t>(points.size(), 1)));
  // Check every point before running any, so a typo in the last value does not cost the whole sweep.
  out.clear();
  for (const auto& pt : points) {
    RunPoint rp{pointLabel(pt), pt, spec, defaults};
    for (const auto& [name, value] : pt)
      if (std::string e = applySetting(rp.spec, rp.params, name, value); !e.empty()) return o.prog + ": error: " + e;
    if (std::string e = validateSettings(rp.spec); !e.empty()) return o.prog + ": error: --set: " + e;
    if (std::string e = checkRequirements(rp.spec, kernel, rp.params, o.user); !e.empty())
      return e + (pt.empty() ? "" : ", which it does not with --set " + rp.label);
    if (std::string e = checkRunSize(rp.spec, o.paths, share); !e.empty()) return o.prog + ": error: " + e;
    out.push_back(std::move(rp));
  }
  return "";
}

namespace {

// What a session runs, once its options are checked.
struct Prepared {
  Format format;
  std::optional<PathFormat> pathFormat, seriesFormat;
  SeriesRequest seriesRequest;
  std::vector<RunPoint> points;
};

// Checks everything that can be checked before any path runs; complaints go to say(). The output files only
// with checkFiles (on MPI ranks, rank 0 alone checks them). Returns an exit code.
int prepareSession(const SimSpec& spec, const Kernel& kernel, const SessionOptions& o, bool checkFiles,
                   const std::function<std::ostream&()>& say, Prepared& p) {
  if (!parseFormat(o.format, p.format)) {
    say() << o.prog << ": error: --format must be table, json or csv\n";
    return kExitUsage;
  }
  if (!o.out.empty() && checkFiles)
    if (std::string e = checkOutput(o.out, o.inputs); !e.empty()) {
      say() << o.prog << ": error: --out: " << e << "\n";
      return kExitUsage;
    }
  // --paths-out and --series-out: a .csv or .npy file, none of them the same file as another output.
  auto sameFile = [](const std::string& x, const std::string& y) {
    FileId a, b;
    return !x.empty() && !y.empty() && (x == y || (fileId(x, a) && fileId(y, b) && a == b));
  };
  auto dataFile = [&](const char* flag, const std::string& file, std::optional<PathFormat>& f) {
    if (file.empty()) return true;
    f = pathFormatFor(file);
    std::string e;
    if (!f) e = "the file name must end in .csv or .npy, not '" + file + "'";
    else if (sameFile(file, o.out)) e = "it names the same file as --out";
    else if (checkFiles) e = checkOutput(file, o.inputs);
    if (!e.empty()) say() << o.prog << ": error: " << flag << ": " << e << "\n";
    return e.empty();
  };
  if (!dataFile("--paths-out", o.pathsOut, p.pathFormat) || !dataFile("--series-out", o.seriesOut, p.seriesFormat))
    return kExitUsage;
  if (sameFile(o.pathsOut, o.seriesOut)) {
    say() << o.prog << ": error: --paths-out and --series-out name the same file\n";
    return kExitUsage;
  }
  if (!p.seriesFormat && (!o.series.empty() || !o.grid.empty() || o.seriesPaths)) {
    say() << o.prog << ": error: --" << (!o.series.empty() ? "series" : !o.grid.empty() ? "grid" : "series-paths")
            << " needs --series-out FILE.csv|FILE.npy (where to write the series)\n";
    return kExitUsage;
  }
  if (p.seriesFormat)
    if (std::string e = parseSeriesRequest(spec, o.series, o.grid, o.seriesPaths ? o.seriesPaths : 100, p.seriesRequest);
        !e.empty()) {
      say() << o.prog << ": error: " << e << "\n";
      return kExitUsage;
    }
  if (std::string e = prepareRunPoints(spec, kernel, o, p.points); !e.empty()) {
    say() << e << "\n";
    return kExitUsage;
  }

  // Path data and series are kept for every point, then rendered in memory before the file is written atomically: 8
  // bytes a value, and the file's own bytes (CSV: up to 25 a value); a run's series buffer holds all the built series.
  auto bytesPerValue = [](PathFormat f) { return 8.0 + (f == PathFormat::Csv ? 25 : 8); };
  if (p.pathFormat) {
    double values = 0;
    for (const auto& pc : spec.pathColumns) values += pc.count;
    double bytes = values * static_cast<double>(o.paths) * static_cast<double>(p.points.size()) * bytesPerValue(*p.pathFormat);
    if (std::string e = memoryRefusal(bytes, "path data"); !e.empty()) {
      say() << o.prog << ": error: --paths-out: " << o.paths << " paths x " << values << " values " << e << "\n";
      return kExitUsage;
    }
  }
  if (p.seriesFormat) {
    double perPath = static_cast<double>(p.seriesRequest.steps.size()), paths = static_cast<double>(std::min(p.seriesRequest.paths, o.paths));
    double bytes = perPath * paths *
                   (static_cast<double>(p.seriesRequest.items.size() + 1) * static_cast<double>(p.points.size()) * bytesPerValue(*p.seriesFormat) +
                    static_cast<double>(spec.series.size()) * 8);
    if (std::string e = memoryRefusal(bytes, "series"); !e.empty()) {
      say() << o.prog << ": error: --series-out: " << paths << " paths x " << perPath << " times x "
              << p.seriesRequest.items.size() << " series " << e << "\n";
      return kExitUsage;
    }
  }
  return kExitOk;
}

}  // namespace

int runSession(SimSpec spec, const Kernel& kernel, const SessionOptions& o,
               std::vector<std::pair<std::string, std::string>> manifest, std::ostream& out, std::ostream& err) {
  // Progress (the caller's, which may be showing the compile, or the session's own) is cleared before anything
  // else is written to the terminal.
  std::unique_ptr<Progress> own;
  Progress* progress = o.progress;
  PathData pathData, seriesData;
  auto error = [&]() -> std::ostream& {
    if (progress) progress->finish();
    return err;
  };
  // With MPI ranks (ranks.h) every rank prepares the same points, rank 0 alone checks the output files, and rank
  // 0's verdict is the job's.
  const Ranks& world = Ranks::world();
  std::ostringstream rankErr;  // a rank but 0's own complaints, for abortRanks
  Prepared prep;
  if (int code = prepareSession(spec, kernel, o, world.root(), [&]() -> std::ostream& { return world.root() ? error() : rankErr; }, prep);
      world.size() == 1) {
    if (code != kExitOk) return code;
  } else {
    std::string verdict = std::to_string(code);
    world.broadcast(verdict);
    if (verdict != "0") return std::stoi(verdict);
    if (code != kExitOk) abortRanks(o.prog, "rank 0 accepted a run that this rank refused: " + rankErr.str(), code);
  }
  const Format format = prep.format;
  const std::optional<PathFormat> &pathFormat = prep.pathFormat, &seriesFormat = prep.seriesFormat;
  const SeriesRequest& seriesRequest = prep.seriesRequest;
  std::vector<RunPoint>& points = prep.points;
  addRunManifest(manifest, spec, o);

  ResultSet rs;
  rs.manifest = std::move(manifest);
  if (!progress) progress = (own = std::make_unique<Progress>(o.progressMode, o.prog)).get();
  // Sweep points are shared out among groups of ranks, point i to group i % groups, and each point's paths among
  // its group's ranks; every group's root sends its points' outcomes to rank 0, which takes them in point order.
  const size_t groups = std::min(points.size(), static_cast<size_t>(world.size()));
  const size_t mine = static_cast<size_t>(world.rank()) % groups;
  const Ranks group = groups > 1 ? world.split(static_cast<int>(mine)) : world;
  std::vector<PointOutcome> outcomes(points.size());
  for (size_t i = mine; i < points.size(); i += groups) {
    RunOptions ro;
    ro.paths = o.paths;
    ro.seed = o.seed;
    ro.threads = o.threads;
    ro.params = points[i].params;
    ro.user = o.user;
    ro.explain = o.explain;
    ro.progress = progress;
    ro.keepPaths = pathFormat.has_value();
    ro.ranks = &group;
    if (seriesFormat) ro.series = &seriesRequest;
    if (points.size() > 1) progress->setLabel("point " + std::to_string(i + 1) + " of " + std::to_string(points.size()));
    RunOutcome res = runAndReport(points[i].spec, kernel, ro);
    PointOutcome& po = outcomes[i];
    po.ran = true;
    if (o.timings) {
      std::ostringstream t;
      t << "timings: simulate " << res.simulateMs << " ms, statistics " << res.statisticsMs << " ms, "
        << static_cast<double>(o.paths) * static_cast<double>(spec.steps) / (res.simulateMs * 1e3) << " M path-steps/s\n";
      po.timings = t.str();
    }
    if (!res.error.empty()) {  // every rank of the group has it: the group stops here, as one process would
      po.error = res.error;
      break;
    }
    po.rows = std::move(res.rows);
    if (pathFormat && group.root()) keepPathColumns(points[i].spec, res.paths, o.paths, po.paths);
    if (seriesFormat && group.root()) {
      appendSeries(points[i].spec, seriesRequest, res.series, o.paths, po.series);
      std::vector<double>().swap(res.series);
    }
  }
  for (size_t i = 0; i < points.size() && groups > 1; ++i) {
    const int owner = static_cast<int>(i % groups);  // the lowest world rank of group g is g
    if (owner == 0) continue;
    if (world.rank() == owner) world.send(0, static_cast<int>(i), encodeOutcome(outcomes[i]));
    else if (world.root()) outcomes[i] = decodeOutcome(world.receive(owner, static_cast<int>(i)));
  }
  std::vector<uint64_t> moved;  // --timings: the communication volume of every rank (bench/README.md)
  if (o.timings && world.size() > 1) moved = world.allGather({Ranks::bytesMoved()});
  if (!world.root()) return kExitOk;  // rank 0 writes the results and says how the run ended
  for (size_t i = 0; i < points.size(); ++i) {
    PointOutcome& po = outcomes[i];
    error() << po.timings;
    if (!po.error.empty() || !po.ran) {  // not ran: only after an error of the same group, reported first
      error() << po.error << "\n";
      return kExitRuntime;
    }
    rs.points.push_back(points[i].label);
    rs.sweep.push_back(std::move(po.rows));
    appendPoint(pathData, std::move(po.paths));
    appendPoint(seriesData, std::move(po.series));
  }
  if (!moved.empty()) {
    error() << "timings: " << world.size() << " MPI ranks in " << groups << (groups > 1 ? " groups" : " group")
            << ", bytes sent and received by each:";
    for (uint64_t b : moved) error() << " " << b;
    error() << "\n";
  }
  if (points.size() == 1) {
    rs.rows = std::move(rs.sweep[0]);
    rs.points.clear();
    rs.sweep.clear();
  }
  progress->finish();
  for (auto [flag, file, format, data] : {std::tuple{"--paths-out", &o.pathsOut, &pathFormat, &pathData},
                                           std::tuple{"--series-out", &o.seriesOut, &seriesFormat, &seriesData}}) {
    if (!*format) continue;
    if (points.size() > 1) data->points = rs.points;
    if (std::string e = writeOutput(*file, renderPaths(*data, **format), o.inputs); !e.empty()) {
      error() << o.prog << ": error: " << flag << ": " << e << "\n";
      return kExitRuntime;
    }
  }
  std::string text = render(rs, format);
  if (o.out.empty()) {
    out << text << std::flush;
    if (!out) {
      error() << o.prog << ": error: cannot write the results to standard output: " << std::strerror(errno) << "\n";
      return kExitRuntime;
    }
    return kExitOk;
  }
  if (std::string e = writeOutput(o.out, text, o.inputs); !e.empty()) {
    error() << o.prog << ": error: " << e << "\n";
    return kExitRuntime;
  }
  return kExitOk;
}

std::string describeSettables(const SimSpec& spec) {
  std::vector<double> params;
  for (const auto& p : spec.params) params.push_back(p.value);
  std::ostringstream os;
  auto list = settables(spec, params);
  if (list.empty()) return "  (this spec declares no parameters)\n";
  size_t w = 0;
  for (const auto& s : list) w = std::max(w, s.name.size());
  for (const auto& s : list) {
    std::string unit = s.unit == "%" ? "%" : s.unit.empty() ? "" : " " + s.unit;
    os << "  " << s.name << std::string(w + 2 - s.name.size(), ' ') << "= " << formatDigits(s.value, 10) << unit << "   (" << s.what
       << ")\n";
  }
  return os.str();
}

}  // namespace sitrt
