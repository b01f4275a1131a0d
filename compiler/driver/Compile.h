// The front half of every command: reading the spec, where the stdlib and runtime are, diagnostics, manifests
// and JIT kernels from the cache. The passes themselves are in Pipeline.cpp.
#pragma once
#include <string>
#include <vector>

#include "codegen/Codegen.h"
#include "driver/Options.h"
#include "plan/Plan.h"
#include "sema/Program.h"
#include "sitrt/files.h"

namespace sitc::driver {

// What the pipeline (Pipeline.h) has made of one spec so far.
struct Compilation {
  SourceManager sm;
  DiagEngine diags;
  RenderStyle style;  // --color
  uint32_t mainFile = 0;
  sema::Program program;
  std::vector<ir::Model> models;  // after the check pass (moved into `plans` by the first plan pass)
  std::vector<plan::Plan> plans;
};

// The standard library: --stdlib, $SITC_STDLIB, an installed one beside this sitc (../share/sitc/stdlib from
// its executable), else the source tree it was built from.
std::string stdlibDir(const Options& o);
// The runtime libraries simulators link: $SITC_RUNTIME_DIR, installed ones beside this sitc (../lib/sitc), else
// the build tree.
std::string runtimeLibDir();

// The report's page template and chart libraries (sitc report): $SITC_REPORT_ASSETS, installed ones beside this sitc
// (../share/sitc/report), else the build tree's (vendored by npm at build time).
std::string reportAssetsDir();

// Reads the input into c.sm. Prints a one-line error and returns false when it cannot be read (a usage error).
bool readInput(const Options& o, Compilation& c);

// The files a compilation read (the spec and its imports) and the running sitc: outputs may not replace them.
std::vector<sitrt::FileId> inputFiles(const Compilation& c);

// Prints the diagnostics gathered so far to stderr.
void printDiagnostics(const Compilation& c);

// A hash of the spec and every module it imports (FNV-1a, 64 bits, hex), for result manifests.
std::string specHash(const Compilation& c);

// The compile-time half of a result manifest: compiler version and commit, LLVM version, target CPU (`cpu`
// resolved), spec and spec hash. The run adds RNG, seed, paths and options.
std::vector<std::pair<std::string, std::string>> buildManifest(const Options& o, const Compilation& c,
                                                               const std::string& cpu);

// The JIT kernel of plan `p` of compilation `c` for o.cpu: from the kernel cache (KernelCache.h) when an entry for
// exactly this spec, compiler and target is there, else compiled and stored. `cached` says which.
std::unique_ptr<codegen::JitKernel> jitKernel(const Options& o, const Compilation& c, const plan::Plan& p,
                                              bool& cached, std::string& error);

}  // namespace sitc::driver
