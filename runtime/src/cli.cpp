#include "sitrt/cli.h"

#include "sitrt/ranks.h"

#include "sitrt/limits.h"
#include "sitrt/suggest.h"

#include <thread>

namespace po = boost::program_options;

namespace sitrt {

void addRunOptions(po::options_description& d) {
  d.add_options()
      ("paths,n", po::value<std::string>(), "Monte Carlo paths (default 10000)")
      ("seed", po::value<std::string>(), "RNG seed, 0 .. 2^64-1 (default 1)")
      ("threads,j", po::value<std::string>(), "worker threads (default: all cores, shared by the MPI ranks on each machine); results do not depend on it")
      ("format,f", po::value<std::string>(), "output: table, json or csv (default table)")
      ("out,o", po::value<std::string>(), "write results to FILE (atomically) instead of stdout")
      ("set", po::value<std::vector<std::string>>()->composing(),
       "NAME=VALUE: override a parameter, with its unit (--set kappa=2/yr); NAME=V1,V2,... sweeps it with "
       "common random numbers")
      ("paths-out", po::value<std::string>(), "write every path's per-path values (lets, hedged and unhedged costs) to FILE.csv or FILE.npy")
      ("series", po::value<std::string>(), "NAME,...: record these quantities over time (process values, states, lets, HEDGE.cost_hedged, ...) for --series-out")
      ("grid", po::value<std::string>(), "series times: a time (month, day, 7 day) or a number of steps (default: every step)")
      ("series-paths", po::value<std::string>(), "series of the first K paths (default 100)")
      ("series-out", po::value<std::string>(), "write the series to FILE.csv or FILE.npy (one row per path and time)")
      ("timings", "print simulation and statistics times (ms) to stderr")
      ("progress", "show progress on stderr even when it is not a terminal (a line a second)")
      ("quiet,q", "no progress on stderr");
}

namespace {
struct Bad {
  std::string msg;
};
uint64_t count(const std::string& name, const std::string& v, uint64_t lo, uint64_t hi) {
  if (v.empty() || v.find_first_not_of("0123456789") != std::string::npos)
    throw Bad{"--" + name + " must be a whole number, got '" + v + "'"};
  uint64_t x;
  try {
    x = std::stoull(v);
  } catch (...) {
    throw Bad{"--" + name + " is too large: '" + v + "'"};
  }
  if (x < lo || x > hi)
    throw Bad{"--" + name + " must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", got " + v};
  return x;
}
}  // namespace

std::string readRunOptions(const po::variables_map& vm, SessionOptions& o) {
  try {
    o.threads = defaultThreads();
    if (vm.count("paths")) o.paths = count("paths", vm["paths"].as<std::string>(), 1, limits::kMaxPaths);
    if (vm.count("seed")) o.seed = count("seed", vm["seed"].as<std::string>(), 0, UINT64_MAX);
    if (vm.count("threads"))
      o.threads = static_cast<unsigned>(count("threads", vm["threads"].as<std::string>(), 1, 1024));
    if (vm.count("format")) {
      o.format = vm["format"].as<std::string>();
      if (o.format != "table" && o.format != "json" && o.format != "csv")
        throw Bad{"--format must be table, json or csv, got '" + o.format + "'"};
    }
    if (vm.count("out")) o.out = vm["out"].as<std::string>();
    if (vm.count("paths-out")) o.pathsOut = vm["paths-out"].as<std::string>();
    if (vm.count("series-out")) o.seriesOut = vm["series-out"].as<std::string>();
    if (vm.count("series")) o.series = vm["series"].as<std::string>();
    if (vm.count("grid")) o.grid = vm["grid"].as<std::string>();
    if (vm.count("series-paths")) o.seriesPaths = count("series-paths", vm["series-paths"].as<std::string>(), 1, limits::kMaxPaths);
    if (vm.count("set")) o.sets = vm["set"].as<std::vector<std::string>>();
    o.timings = vm.count("timings") > 0;
    if (vm.count("progress") && vm.count("quiet")) throw Bad{"--progress and --quiet contradict each other"};
    if (vm.count("progress")) o.progressMode = ProgressMode::Always;
    if (vm.count("quiet")) o.progressMode = ProgressMode::Never;
  } catch (const Bad& b) {
    return b.msg;
  }
  return "";
}

std::string explainOptionError(const po::error& e, const po::options_description& d) {
  std::string msg = e.what();
  if (const auto* u = dynamic_cast<const po::unknown_option*>(&e)) {
    std::string name = u->get_option_name();
    if (name.rfind("--", 0) != 0) return msg;
    std::vector<std::string> known;
    for (const auto& opt : d.options()) known.push_back("--" + opt->long_name());
    std::string given = name.substr(0, name.find('='));
    msg += sitrt::didYouMean(given, known);
  }
  return msg;
}

}  // namespace sitrt
