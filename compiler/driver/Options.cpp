#include "driver/Options.h"

#include <boost/program_options.hpp>

#include "sitrt/cli.h"

#include <iostream>
#include <sstream>

namespace po = boost::program_options;

namespace sitc::driver {

namespace {

po::options_description describe() {
  po::options_description d("Options");
  d.add_options()
      ("help,h", "show this help")
      ("version", "show the version")
      ("emit", po::value<std::string>(), "print a stage: tokens, ast, checked, plan, llvm or asm")
      ("scenario,s", po::value<std::string>(), "the scenario to run (default: the only one, or all for check)");
  sitrt::addRunOptions(d);
  d.add_options()
      ("engine", po::value<std::string>(), "jit (default) or ref: the slow reference evaluator, for checking")
      ("cpu", po::value<std::string>(), "target CPU (default host; e.g. x86-64-v3); run and test need one this machine can execute")
      ("opt", po::value<std::string>(), "optimisation level 0-3 (default 3)")
      ("include,I", po::value<std::vector<std::string>>(), "add a directory to the import search path")
      ("stdlib", po::value<std::string>(), "use this standard library directory")
      ("warnings,W", po::value<std::string>(), "-Werror: treat warnings as errors")
      ("verify", "check: compare diagnostics with the spec's expected-error {{...}} annotations")
      ("bless", "test: write the expected files from this run")
      ("no-cache", "run, test: compile the kernel even if the kernel cache has it (also SITC_CACHE=off)");
  return d;
}

struct Usage {
  std::string msg;
};

}  // namespace

std::string helpText() {
  std::ostringstream os;
  os << "sitc - compiler for .sit specs of SIT futures, price scenarios and hedges\n\n"
        "Usage:\n"
        "  sitc run FILE [options]       compile the scenario (JIT) and run it\n"
        "  sitc build FILE -o SIM        compile the scenario into a standalone simulator (SIM --help)\n"
        "  sitc test DIR|FILE... [--bless]  run specs against their expected results (FILE.expected)\n"
        "  sitc check FILE [options]     check the spec, report errors and warnings\n"
        "  sitc --emit=STAGE FILE        print a compiler stage: tokens, ast, checked, plan, llvm, asm\n\n"
        "Exit codes: 0 ok, 1 errors in the spec or a failed test, 2 command-line misuse, 3 run-time failure.\n\n"
     << describe();
  return os.str();
}

std::optional<Options> parseOptions(int argc, char** argv) {
  Options o;
  std::vector<std::string> args(argv + 1, argv + argc);
  bool haveCommand = false;
  static const std::pair<const char*, Command> kCommands[] = {
      {"run", Command::Run}, {"check", Command::Check}, {"build", Command::Build}, {"test", Command::Test}};
  for (const auto& [name, cmd] : kCommands)
    if (!args.empty() && args[0] == name) {
      o.command = cmd;
      args.erase(args.begin());
      haveCommand = true;
      break;
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
                               : "unknown command '" + args[0] + "' (expected run, build, test, check or --emit=STAGE)"};
    }
    if (vm.count("input")) o.inputs = vm["input"].as<std::vector<std::string>>();
    if (o.command == Command::Test ? o.inputs.empty() : o.inputs.size() != 1)
      throw Usage{o.inputs.empty() ? "no input file" : "expected one input file"};
    if (vm.count("scenario")) o.scenario = vm["scenario"].as<std::string>();
    // Run options where they do nothing would be ignored silently (a `build --set` that the simulator never sees):
    // each is refused outside the commands that read it.
    for (const char* name : {"paths", "seed", "threads", "set", "format", "timings", "engine", "out"}) {
      std::string n = name;
      bool testReads = n == "paths" || n == "seed" || n == "threads" || n == "set";
      bool ok = o.command == Command::Run || (o.command == Command::Test && testReads) ||
                (o.command == Command::Build && n == "out");
      if (vm.count(name) && !ok)
        throw Usage{"--" + n + " does nothing here" +
                    std::string(o.command == Command::Build ? ": give it to the simulator when it runs (SIM --" + n + " ...)"
                                                            : ": it applies to 'sitc run'")};
    }
    if (std::string e = sitrt::readRunOptions(vm, o.run); !e.empty()) throw Usage{e};
    o.pathsGiven = vm.count("paths") > 0;
    o.seedGiven = vm.count("seed") > 0;
    if (o.command == Command::Build && o.run.out.empty()) throw Usage{"build needs -o FILE for the simulator"};
    o.bless = vm.count("bless") > 0;
    if (o.bless && o.command != Command::Test) throw Usage{"--bless works with 'sitc test'"};
    if (vm.count("engine")) {
      o.engine = vm["engine"].as<std::string>();
      if (o.engine != "jit" && o.engine != "ref") throw Usage{"--engine must be jit or ref"};
    }
    o.cache = vm.count("no-cache") == 0;
    if (vm.count("cpu")) o.cpu = vm["cpu"].as<std::string>();
    if (vm.count("opt")) {
      std::string v = vm["opt"].as<std::string>();
      if (v.size() != 1 || v[0] < '0' || v[0] > '3') throw Usage{"--opt must be 0, 1, 2 or 3, got '" + v + "'"};
      o.optLevel = v[0] - '0';
    }
    if (vm.count("include")) o.includes = vm["include"].as<std::vector<std::string>>();
    if (vm.count("stdlib")) o.stdlib = vm["stdlib"].as<std::string>();
    o.verify = vm.count("verify") > 0;
    if (o.verify && o.command != Command::Check) throw Usage{"--verify works with 'sitc check'"};
    if (vm.count("warnings")) {
      if (vm["warnings"].as<std::string>() != "error")
        throw Usage{"unknown warning option '-W" + vm["warnings"].as<std::string>() + "'"};
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
