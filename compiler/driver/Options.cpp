#include "driver/Options.h"

#include <boost/program_options.hpp>

#include <algorithm>
#include <iostream>
#include <set>
#include <sstream>

#include "driver/Pipeline.h"
#include "sitrt/cli.h"
#include "sitrt/suggest.h"

namespace po = boost::program_options;

namespace sitc::driver {

namespace {

po::options_description describe() {
  po::options_description d("Options");
  d.add_options()
      ("help,h", "show this help (after a command: that command's)")
      ("version", "show the version")
      ("emit", po::value<std::string>(), "print a stage: tokens, ast, checked, plan, llvm or asm")
      ("print-after", po::value<std::string>(), "print the compilation after pass PASS to stderr (see --help for the passes)")
      ("scenario,s", po::value<std::string>(), "the scenario to run (default: the only one, or all for check)");
  sitrt::addRunOptions(d);
  d.add_options()
      ("engine", po::value<std::string>(), "jit (default) or ref: the slow reference evaluator, for checking")
      ("cpu", po::value<std::string>(), "target CPU (default host; e.g. x86-64-v3); run and test need one this machine can execute")
      ("opt", po::value<std::string>(), "optimisation level 0-3 (default 3)")
      ("include,I", po::value<std::vector<std::string>>(), "add a directory to the import search path")
      ("stdlib", po::value<std::string>(), "use this standard library directory")
      ("warnings,W", po::value<std::vector<std::string>>()->composing(),
       "-Werror: warnings are errors; -W no-NAME (-Wno-NAME): turn warning NAME off; -W NAME: back on")
      ("color", po::value<std::string>(), "colour diagnostics: auto (default: on a terminal), always or never")
      ("verify", "check: compare diagnostics with the spec's expected-error {{...}} annotations")
      ("bless", "test: write the expected files from this run")
      ("filter,k", po::value<std::string>(), "test: only the specs whose path contains PATTERN")
      ("junit", po::value<std::string>(), "test: also write a JUnit XML report to FILE, for CI systems")
      ("no-cache", "run, test: compile the kernel even if the kernel cache has it (also SITC_CACHE=off)");
  return d;
}

// Which commands read each option; every other command refuses it rather than ignore it.
bool reads(Command c, const std::string& option) {
  using C = Command;
  auto is = [&](std::initializer_list<C> cs) { return std::find(cs.begin(), cs.end(), c) != cs.end(); };
  static const std::set<std::string> compiling = {"include", "stdlib", "warnings", "color", "scenario", "cpu", "opt",
                                                  "print-after"};
  if (option == "help" || option == "version") return true;
  if (option == "emit") return c == C::Emit;
  if (compiling.count(option)) return option != "scenario" || c != C::Test;
  if (option == "paths" || option == "seed" || option == "threads" || option == "set" || option == "no-cache")
    return is({C::Run, C::Test, C::Report});
  if (option == "progress" || option == "quiet" || option == "engine") return is({C::Run, C::Report});
  if (option == "format" || option == "timings" || option == "paths-out" || option == "grid" ||
      option == "series-paths" || option == "series-out")
    return c == C::Run;
  if (option == "series") return is({C::Run, C::Build});
  if (option == "out") return is({C::Run, C::Build, C::Report});
  if (option == "verify") return c == C::Check;
  if (option == "bless" || option == "filter" || option == "junit") return c == C::Test;
  return false;
}

struct CommandInfo {
  const char* name;
  Command command;
  const char* usage;
  const char* what;
};
constexpr CommandInfo kCommands[] = {
    {"run", Command::Run, "sitc run FILE [options]", "compile the scenario (JIT) and run it"},
    {"build", Command::Build, "sitc build FILE -o SIM [options]",
     "compile the scenario into a standalone simulator (SIM --help)"},
    {"report", Command::Report, "sitc report FILE -o REPORT.html [options]",
     "run the scenario and write a self-contained HTML report with charts (docs/report.md)"},
    {"test", Command::Test, "sitc test DIR|FILE... [options]",
     "run specs against their expected results (FILE.expected); --bless writes them"},
    {"check", Command::Check, "sitc check FILE [options]", "check the spec, report errors and warnings"},
    {"emit", Command::Emit, "sitc --emit=STAGE FILE [options]",
     "print a compiler stage: tokens, ast, checked, plan, llvm, asm"},
};

// The options `c` reads, for its --help.
po::options_description describeFor(Command c) {
  po::options_description all = describe(), out("Options");
  for (const auto& opt : all.options())
    if (reads(c, opt->long_name())) out.add(opt);
  return out;
}

struct Usage {
  std::string msg;
};

}  // namespace

std::string helpText(std::optional<Command> command) {
  std::ostringstream os;
  for (const auto& c : kCommands)
    if (command && c.command == *command) {
      os << "Usage: " << c.usage << "\n\n" << c.what << ".\n\n" << describeFor(c.command);
      if (c.command == Command::Emit || c.command == Command::Check)
        os << "\nPasses, in order (--print-after=PASS; --emit=STAGE runs those of STAGE and before):\n" << passTable();
      os << "\nWarnings (-W no-NAME turns one off):\n";
      for (size_t i = 0; i < kNumWarnings; ++i)
        os << "  " << warningName(static_cast<Warning>(i)) << ": " << warningDescription(static_cast<Warning>(i)) << "\n";
      os << "\nExit codes: 0 ok, 1 errors in the spec" << (c.command == Command::Test ? " or a failed test" : "")
         << ", 2 command-line misuse, 3 run-time failure.\n";
      return os.str();
    }
  os << "sitc - compiler for .sit specs of SIT futures, price scenarios and hedges\n\nUsage:\n";
  for (const auto& c : kCommands) {
    std::string u = c.usage;
    os << "  " << u << std::string(u.size() < 36 ? 36 - u.size() : 1, ' ') << c.what << "\n";
  }
  os << "\n'sitc COMMAND --help' lists the options of one command.\n"
        "Exit codes: 0 ok, 1 errors in the spec or a failed test, 2 command-line misuse, 3 run-time failure.\n\n"
     << describe();
  return os.str();
}

std::optional<Options> parseOptions(int argc, char** argv) {
  Options o;
  std::vector<std::string> args(argv + 1, argv + argc);
  bool haveCommand = false;
  for (const auto& c : kCommands)
    if (!args.empty() && args[0] == c.name && c.command != Command::Emit) {
      o.command = c.command;
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
      if (haveCommand) o.helpFor = o.command;
      else if (vm.count("emit")) o.helpFor = Command::Emit;
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
      std::string stage = vm["emit"].as<std::string>();
      auto s = stageNamed(stage);
      if (!s) throw Usage{"unknown --emit stage '" + stage + "' (" + stageList() + ")"};
      o.emit = *s;
    } else if (!haveCommand) {
      std::vector<std::string> names;  // the commands, from the table
      std::string expected;
      for (const auto& c : kCommands)
        if (c.command != Command::Emit) names.push_back(c.name), expected += std::string(c.name) + ", ";
      std::string hint = args.empty() ? "" : sitrt::didYouMean(args[0], names);
      throw Usage{args.empty() ? "no command given (try 'sitc --help')"
                               : "unknown command '" + args[0] + "'" +
                                     (hint.empty() ? " (expected " + expected + "or --emit=STAGE)" : hint)};
    }
    if (vm.count("input")) o.inputs = vm["input"].as<std::vector<std::string>>();
    if (o.command == Command::Test ? o.inputs.empty() : o.inputs.size() != 1)
      throw Usage{o.inputs.empty() ? "no input file" : "expected one input file"};
    if (vm.count("scenario")) o.scenario = vm["scenario"].as<std::string>();
    if (vm.count("print-after")) {
      o.printAfter = vm["print-after"].as<std::string>();
      std::vector<std::string> passes = passNames();
      if (std::find(passes.begin(), passes.end(), o.printAfter) == passes.end())
        throw Usage{"unknown pass '" + o.printAfter + "' for --print-after" + sitrt::didYouMean(o.printAfter, passes) +
                    " ('sitc --emit=plan --help' lists the passes)"};
    }
    // Options where they do nothing would be ignored silently (a `build --set` that the simulator never sees):
    // each is refused outside the commands that read it.
    for (const auto& [name, value] : vm) {
      if (name == "input" || reads(o.command, name)) continue;
      bool runOption = reads(Command::Run, name);
      throw Usage{"--" + name + " does nothing here" +
                  std::string(o.command == Command::Build && runOption ? ": give it to the simulator when it runs (SIM --" + name + " ...)"
                              : runOption ? ": it applies to 'sitc run'"
                              : reads(Command::Test, name) ? ": it applies to 'sitc test'"
                              : reads(Command::Check, name) ? ": it applies to 'sitc check'"
                                                            : "")};
    }
    if (std::string e = sitrt::readRunOptions(vm, o.run); !e.empty()) throw Usage{e};
    o.pathsGiven = vm.count("paths") > 0;
    o.seedGiven = vm.count("seed") > 0;
    if (o.command == Command::Build && o.run.out.empty()) throw Usage{"build needs -o FILE for the simulator"};
    if (o.command == Command::Report && o.run.out.empty()) throw Usage{"report needs -o FILE.html for the report"};
    o.bless = vm.count("bless") > 0;
    if (vm.count("filter")) o.filter = vm["filter"].as<std::string>();
    if (vm.count("junit")) o.junit = vm["junit"].as<std::string>();
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
    if (vm.count("warnings"))
      for (const std::string& w : vm["warnings"].as<std::vector<std::string>>()) {
        bool off = w.rfind("no-", 0) == 0;
        std::string name = off ? w.substr(3) : w;
        if (name == "error") {
          o.werror = !off;
        } else if (auto k = warningByName(name)) {
          o.warnings.emplace_back(*k, !off);
        } else {
          std::vector<std::string> known = {"error"};
          for (size_t i = 0; i < kNumWarnings; ++i) known.push_back(warningName(static_cast<Warning>(i)));
          std::string hint = sitrt::didYouMean(name, known);
          throw Usage{"unknown warning option '-W" + w + "'" +
                      (hint.empty() ? " (see 'sitc check --help' for the warnings)" : hint)};
        }
      }
    if (vm.count("color")) {
      std::string c = vm["color"].as<std::string>();
      if (c != "auto" && c != "always" && c != "never") throw Usage{"--color must be auto, always or never, got '" + c + "'"};
      o.color = c;
    }
  } catch (const Usage& u) {
    std::cerr << "sitc: error: " << u.msg << "\n";
    return std::nullopt;
  } catch (const po::error& e) {
    std::cerr << "sitc: error: " << sitrt::explainOptionError(e, describe()) << "\n";
    return std::nullopt;
  }

  return o;
}

}  // namespace sitc::driver
