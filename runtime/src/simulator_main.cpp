// main() of a standalone simulator built by `sitc build`: the object file sitc emits defines the kernel
// (sit_kernel, with its prepare step sit_prepare) and the spec it was compiled from (sit_spec_json); this file and libsitrt do the rest, so the
// simulator needs neither the compiler nor LLVM.
#include <exception>
#include <iostream>

#include "sitrt/cli.h"
#include "sitrt/ranks.h"
#include "sitrt/sim_spec_json.h"

extern "C" const char sit_spec_json[];
extern "C" int32_t sit_kernel(SitKernelArgs*);
extern "C" void sit_prepare(const double* params, double* lag, const void* user);
extern "C" int32_t sit_check_params(const double* params, const void* user);

namespace po = boost::program_options;

static int simulate(int argc, char** argv);

int main(int argc, char** argv) {
  sitrt::reportBrokenPipes();
  if (std::string e = sitrt::joinRanks(&argc, &argv); !e.empty()) {
    std::cerr << (argc > 0 ? argv[0] : "simulator") << ": error: " << e << "\n";
    return sitrt::kExitUsage;
  }
  int rc = simulate(argc, argv);
  sitrt::leaveRanks();
  return rc;
}

static int simulate(int argc, char** argv) {
  std::string prog = argc > 0 ? argv[0] : "simulator";
  if (size_t slash = prog.rfind('/'); slash != std::string::npos) prog = prog.substr(slash + 1);
  sitrt::SimSpec spec;
  std::vector<std::pair<std::string, std::string>> manifest;
  if (std::string e = sitrt::simSpecFromJson(sit_spec_json, spec, manifest); !e.empty()) {
    std::cerr << prog << ": error: " << e << "\n";
    return sitrt::kExitRuntime;
  }
  po::options_description d("Options");
  d.add_options()("help,h", "show this help and the spec's parameters")("version", "show how this simulator was built");
  sitrt::addRunOptions(d);
  sitrt::SessionOptions o;
  o.prog = prog;
  o.inputs = sitrt::selfIds();  // `-o` must not replace the simulator itself
  try {
    po::variables_map vm;
    // No positional arguments: a stray one (a spec file, say) is an error, not ignored.
    po::store(po::command_line_parser(argc, argv).options(d).positional(po::positional_options_description()).run(), vm);
    po::notify(vm);
    if (vm.count("version")) {
      // The build half of the manifest: the sitc that built it, LLVM, CPU, spec and its hash.
      std::cout << prog << ": simulator of scenario '" << spec.scenario << "'\n";
      for (const auto& [k, v] : manifest) std::cout << k << ": " << v << "\n";
      return sitrt::flushStdout().empty() ? sitrt::kExitOk : sitrt::kExitRuntime;
    }
    if (vm.count("help")) {
      std::string spec_name;
      for (const auto& [k, v] : manifest)
        if (k == "spec") spec_name = v;
      std::cout << prog << " - Monte Carlo simulator of scenario '" << spec.scenario << "' of " << spec_name
                << ", built by sitc\n\nUsage: " << prog << " [options]\n\n"
                << d << "\nParameters (--set NAME=VALUE, with the unit shown; defaults from the spec):\n"
                << sitrt::describeSettables(spec)
                << "\nExit codes: 0 ok, 2 command-line misuse, 3 run-time failure.\n";
      if (std::string e = sitrt::flushStdout(); !e.empty()) {
        std::cerr << prog << ": error: " << e << "\n";
        return sitrt::kExitRuntime;
      }
      return sitrt::kExitOk;
    }
    if (std::string e = sitrt::readRunOptions(vm, o); !e.empty()) {
      std::cerr << prog << ": error: " << e << "\n";
      return sitrt::kExitUsage;
    }
  } catch (const po::error& e) {
    std::cerr << prog << ": error: " << sitrt::explainOptionError(e, d) << "\n";
    return sitrt::kExitUsage;
  }
  try {
    return sitrt::runSession(std::move(spec), {sit_kernel, sit_prepare, sit_check_params}, o, std::move(manifest), std::cout, std::cerr);
  } catch (const std::bad_alloc&) {
    sitrt::abortRanks(prog, "out of memory", sitrt::kExitRuntime);
  }
}
