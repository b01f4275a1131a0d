#include "driver/Options.h"

#include <boost/program_options.hpp>

#include <iostream>
#include <sstream>
#include <thread>

namespace po = boost::program_options;

namespace sitc::driver {

namespace {

po::options_description describe() {
  po::options_description d("Options");
  d.add_options()
      ("help,h", "show this help")
      ("version", "show the version")
      ("emit", po::value<std::string>(), "print a stage: tokens, ast, checked, plan, llvm or asm")
      ("scenario,s", po::value<std::string>(), "the scenario to run (default: the only one, or all for check)")
      ("paths,n", po::value<std::string>(), "Monte Carlo paths (default 10000)")
      ("seed", po::value<std::string>(), "RNG seed, 0 .. 2^64-1 (default 1)")
      ("threads,j", po::value<std::string>(), "worker threads (default: all cores); results do not depend on it")
      ("format,f", po::value<std::string>(), "output: table, json or csv (default table)")
      ("out,o", po::value<std::string>(), "write results to FILE (atomically) instead of stdout")
      ("engine", po::value<std::string>(), "jit (default) or ref: the slow reference evaluator, for checking")
      ("cpu", po::value<std::string>(), "target CPU for --emit=asm/llvm (default host)")
      ("opt", po::value<std::string>(), "optimisation level 0-3 (default 3)")
      ("include,I", po::value<std::vector<std::string>>(), "add a directory to the import search path")
      ("stdlib", po::value<std::string>(), "use this standard library directory")
      ("W", po::value<std::string>(), "-Werror: treat warnings as errors")
      ("timings", "run: print compile, simulation and statistics times (ms) to stderr")
      ("verify", "check: compare diagnostics with the spec's expected-error {{...}} annotations");
  return d;
}

struct Usage {
  std::string msg;
};

uint64_t parseCount(const std::string& name, const std::string& v, uint64_t lo, uint64_t hi) {
  if (v.empty() || v.find_first_not_of("0123456789") != std::string::npos)
    throw Usage{"--" + name + " must be a whole number, got '" + v + "'"};
  uint64_t x;
  try {
    x = std::stoull(v);
  } catch (...) {
    throw Usage{"--" + name + " is too large: '" + v + "'"};
  }
  if (x < lo || x > hi)
    throw Usage{"--" + name + " must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", got " + v};
  return x;
}

}  // namespace

std::string helpText() {
  std::ostringstream os;
  os << "sitc - compiler for .sit specs of SIT futures, price scenarios and hedges\n\n"
        "Usage:\n"
        "  sitc run FILE [options]       compile the scenario (JIT) and run it\n"
        "  sitc check FILE [options]     check the spec, report errors and warnings\n"
        "  sitc --emit=STAGE FILE        print a compiler stage: tokens, ast, checked, plan, llvm, asm\n\n"
        "Exit codes: 0 ok, 1 errors in the spec, 2 command-line misuse, 3 run-time failure.\n\n"
     << describe();
  return os.str();
}

std::optional<Options> parseOptions(int argc, char** argv) {
  Options o;
  o.threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::string> args(argv + 1, argv + argc);
  bool haveCommand = false;
  if (!args.empty() && (args[0] == "run" || args[0] == "check")) {
    o.command = args[0] == "run" ? Command::Run : Command::Check;
    args.erase(args.begin());
    haveCommand = true;
  }
  try {
    po::options_description all = describe();
    all.add_options()("input", po::value<std::vector<std::string>>());
    po::positional_options_description pos;
    pos.add("input", -1);
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
    po::notify(vm);
    if (vm.count("help")) {
      o.command = Command::Help;
      return o;
    }
    if (vm.count("version")) {
      o.command = Command::Version;
      return o;
    }
    if (vm.count("emit")) {
      if (haveCommand) throw Usage{"--emit is a command of its own; drop '" + std::string(argv[1]) + "'"};
      o.command = Command::Emit;
      o.emit = vm["emit"].as<std::string>();
      static const char* stages[] = {"tokens", "ast", "checked", "plan", "llvm", "asm"};
      bool ok = false;
      for (const char* s : stages) ok |= o.emit == s;
      if (!ok) throw Usage{"unknown --emit stage '" + o.emit + "' (tokens, ast, checked, plan, llvm, asm)"};
    } else if (!haveCommand) {
      throw Usage{args.empty() ? "no command given (try 'sitc --help')"
                               : "unknown command '" + args[0] + "' (expected run, check or --emit=STAGE)"};
    }
    if (vm.count("input")) o.inputs = vm["input"].as<std::vector<std::string>>();
    if (o.inputs.size() != 1) throw Usage{o.inputs.empty() ? "no input file" : "expected one input file"};
    if (vm.count("scenario")) o.scenario = vm["scenario"].as<std::string>();
    if (vm.count("paths")) o.paths = parseCount("paths", vm["paths"].as<std::string>(), 1, uint64_t{1} << 40);
    if (vm.count("seed")) o.seed = parseCount("seed", vm["seed"].as<std::string>(), 0, UINT64_MAX);
    if (vm.count("threads"))
      o.threads = static_cast<unsigned>(parseCount("threads", vm["threads"].as<std::string>(), 1, 1024));
    if (vm.count("format")) {
      o.format = vm["format"].as<std::string>();
      if (o.format != "table" && o.format != "json" && o.format != "csv")
        throw Usage{"--format must be table, json or csv, got '" + o.format + "'"};
    }
    if (vm.count("out")) o.out = vm["out"].as<std::string>();
    if (vm.count("engine")) {
      o.engine = vm["engine"].as<std::string>();
      if (o.engine != "jit" && o.engine != "ref") throw Usage{"--engine must be jit or ref"};
    }
    if (vm.count("cpu")) o.cpu = vm["cpu"].as<std::string>();
    if (vm.count("opt")) o.optLevel = static_cast<int>(parseCount("opt", vm["opt"].as<std::string>(), 0, 3));
    if (vm.count("include")) o.includes = vm["include"].as<std::vector<std::string>>();
    if (vm.count("stdlib")) o.stdlib = vm["stdlib"].as<std::string>();
    o.verify = vm.count("verify") > 0;
    o.timings = vm.count("timings") > 0;
    if (o.verify && o.command != Command::Check) throw Usage{"--verify works with 'sitc check'"};
    if (vm.count("W")) {
      if (vm["W"].as<std::string>() != "error") throw Usage{"unknown warning option '-W" + vm["W"].as<std::string>() + "'"};
      o.werror = true;
    }
  } catch (const Usage& u) {
    std::cerr << "sitc: error: " << u.msg << "\n";
    return std::nullopt;
  } catch (const po::error& e) {
    std::cerr << "sitc: error: " << e.what() << "\n";
    return std::nullopt;
  }
  return o;
}

}  // namespace sitc::driver
