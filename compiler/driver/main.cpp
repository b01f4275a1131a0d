#include <exception>
#include <iostream>

#include "driver/Commands.h"
#include "driver/Compile.h"
#include "sitrt/files.h"
#include "support/LargeStack.h"

using namespace sitc::driver;

static const std::chrono::steady_clock::time_point kStart = std::chrono::steady_clock::now();
std::chrono::steady_clock::time_point sitc::driver::processStart() { return kStart; }

static int run(int argc, char** argv) {
  auto opts = parseOptions(argc, argv);
  if (!opts) return kExitUsage;
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
      std::cerr << "sitc: error: out of memory\n";
      return kExitRuntime;
    } catch (const std::exception& e) {
      std::cerr << "sitc: internal error: " << e.what() << "\n";
      return kExitRuntime;
    }
  });
}

int main(int argc, char** argv) {
  sitrt::reportBrokenPipes();
  int rc = run(argc, argv);
  // Output that could not be written (a full disk, /dev/full) is a failure, not a success with nothing said.
  if (std::string e = sitrt::flushStdout(); !e.empty() && rc == kExitOk) {
    std::cerr << "sitc: error: " << e << "\n";
    return kExitRuntime;
  }
  return rc;
}
