#include <exception>
#include <iostream>

#include "driver/Commands.h"
#include "driver/Compile.h"
#include "sitrt/files.h"
#include "sitrt/ranks.h"
#include "support/LargeStack.h"

using namespace sitc::driver;

static const std::chrono::steady_clock::time_point kStart = std::chrono::steady_clock::now();
std::chrono::steady_clock::time_point sitc::driver::processStart() { return kStart; }

static int run(int argc, char** argv) {
  auto opts = parseOptions(argc, argv);
  if (!opts) return kExitUsage;
  // Under an MPI launcher only `run` shares its work out (ranks.h); any other command is rank 0's alone.
  if (!sitrt::Ranks::world().root() && opts->command != Command::Run) return kExitOk;
  switch (opts->command) {
    case Command::Help:
      std::cout << helpText(opts->helpFor);
      return kExitOk;
    case Command::Version:
      std::cout << "sitc " << SITC_VERSION << " (commit " << SITC_COMMIT << ")\nstdlib: " << stdlibDir(*opts)
                << "\nruntime: " << runtimeLibDir() << "\n";
      return kExitOk;
    default:
      break;
  }
  return sitc::runWithLargeStack([&]() -> int {
    try {
      switch (opts->command) {
        case Command::Check: return runCheck(*opts);
        case Command::Emit: return runEmit(*opts);
        case Command::Run: return runRun(*opts);
        case Command::Build: return runBuild(*opts);
        case Command::Report: return runReport(*opts);
        case Command::Test: return runTest(*opts);
        default: return kExitUsage;
      }
    } catch (const std::bad_alloc&) {
      // One rank's failure: it ends the whole MPI job rather than leave the others waiting for it.
      if (sitrt::Ranks::world().size() > 1) sitrt::abortRanks("sitc", "out of memory", kExitRuntime);
      std::cerr << "sitc: error: out of memory\n";
      return kExitRuntime;
    } catch (const std::exception& e) {
      if (sitrt::Ranks::world().size() > 1) sitrt::abortRanks("sitc", std::string("internal error: ") + e.what(), kExitRuntime);
      std::cerr << "sitc: internal error: " << e.what() << "\n";
      return kExitRuntime;
    }
  });
}

int main(int argc, char** argv) {
  sitrt::reportBrokenPipes();
  if (std::string e = sitrt::joinRanks(&argc, &argv); !e.empty()) {
    std::cerr << "sitc: error: " << e << "\n";
    return kExitUsage;
  }
  int rc = run(argc, argv);
  sitrt::leaveRanks();
  // Output that could not be written (a full disk, /dev/full) is a failure, not a success with nothing said.
  if (std::string e = sitrt::flushStdout(); !e.empty() && rc == kExitOk) {
    std::cerr << "sitc: error: " << e << "\n";
    return kExitRuntime;
  }
  return rc;
}
