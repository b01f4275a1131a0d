// sitc check | --emit=STAGE | run
#include "driver/Commands.h"

#include <chrono>
#include <iostream>

#include "codegen/Codegen.h"
#include "driver/Compile.h"
#include "driver/Explain.h"
#include "driver/Pipeline.h"
#include "driver/Verify.h"
#include "frontend/Parse.h"
#include "plan/RefEval.h"
#include "sema/Sema.h"
#include "sitrt/series.h"

namespace sitc::driver {

int runCheck(const Options& o) {
  Compilation c;
  if (!readInput(o, c)) return kExitUsage;
  bool ok = runPipeline(o, c, Stage::Plan);
  if (o.verify) return verifyDiagnostics(c) ? kExitOk : kExitSpecError;
  printDiagnostics(c);
  return ok ? kExitOk : kExitSpecError;
}

static plan::Plan* singlePlan(Compilation& c) {
  if (c.plans.size() == 1) return &c.plans.front();
  if (c.plans.empty()) {
    std::cerr << "sitc: error: the spec declares no scenario to run\n";
    return nullptr;
  }
  std::string names;
  for (const auto& p : c.plans) names += (names.empty() ? "" : ", ") + p.model.scenario;
  std::cerr << "sitc: error: the spec has several scenarios (" << names << "); choose one with --scenario\n";
  return nullptr;
}

int runEmit(const Options& o) {
  Compilation c;
  if (!readInput(o, c)) return kExitUsage;
  if (o.emit == Stage::Tokens) {
    std::string out = frontend::dumpTokens(c.sm, c.mainFile, c.diags);
    printDiagnostics(c);
    std::cout << out;
    return c.diags.hasErrors() ? kExitSpecError : kExitOk;
  }
  bool ok = runPipeline(o, c, std::min(o.emit, Stage::Plan));
  printDiagnostics(c);
  if (o.emit == Stage::Ast) {
    if (!c.program.modules.empty()) std::cout << ast::printModule(*c.program.modules.front());
    return ok ? kExitOk : kExitSpecError;
  }
  if (o.emit == Stage::Checked) {
    for (const auto& m : c.models) std::cout << sema::printModel(m);
    return ok ? kExitOk : kExitSpecError;
  }
  if (!ok) return kExitSpecError;
  if (o.emit == Stage::Plan) {
    for (const auto& p : c.plans) std::cout << plan::printPlan(p);
    return kExitOk;
  }
  const plan::Plan* p = singlePlan(c);
  if (!p) return kExitUsage;
  codegen::Target t{o.cpu, o.optLevel};
  std::string error;
  std::string out = o.emit == Stage::Llvm ? codegen::emitLLVM(*p, t, error) : codegen::emitAsm(*p, t, error);
  if (!error.empty()) {
    std::cerr << "sitc: error: " << error << "\n";
    return kExitUsage;
  }
  std::cout << out;
  return kExitOk;
}

plan::Plan* compileScenario(const Options& o, Compilation& c, int& exitCode) {
  exitCode = kExitUsage;
  if (!readInput(o, c)) return nullptr;
  bool ok = runPipeline(o, c, Stage::Plan);
  printDiagnostics(c);
  if (!ok) {
    exitCode = kExitSpecError;
    return nullptr;
  }
  plan::Plan* p = singlePlan(c);
  // --series: the observables its kernel records (sitc run: for --series-out; sitc build: for the simulator's).
  if (p && o.run.series.empty() && !o.run.seriesOut.empty()) {
    std::cerr << "sitc: error: --series-out needs --series NAME,... (what to record)\n";
    return nullptr;
  }
  if (p && !o.run.series.empty()) {
    if (std::string e = plan::chooseSeries(*p, sitrt::splitNames(o.run.series)); !e.empty()) {
      std::cerr << "sitc: error: --series: " << e << "\n";
      return nullptr;
    }
  }
  return p;
}

bool loadKernel(const Options& o, const Compilation& c, const plan::Plan& p, std::unique_ptr<codegen::JitKernel>& jit,
                sitrt::Kernel& kernel, std::string& error, bool* cached) {
  kernel = {plan::referenceKernel, plan::referencePrepare, plan::referenceCheckParams};
  if (o.engine != "jit") return true;
  bool fromCache = false;
  jit = jitKernel(o, c, p, fromCache, error);
  if (cached) *cached = fromCache;
  if (!jit) return false;
  kernel = {jit->fn, jit->prepare, jit->checkParams};
  return true;
}

int runRun(const Options& o) {
  if (std::string error; o.engine == "jit" && !codegen::runsOnHost({o.cpu, o.optLevel}, error)) {
    std::cerr << "sitc: error: " << error << "\n";
    return kExitUsage;
  }
  Compilation c;
  int exitCode;
  const plan::Plan* p = compileScenario(o, c, exitCode);
  if (!p) return exitCode;

  std::unique_ptr<codegen::JitKernel> jit;
  sitrt::Kernel kernel;
  auto t0 = std::chrono::steady_clock::now();
  bool cached = false;
  sitrt::Progress progress(o.run.progressMode);
  progress.phase("compile");
  if (std::string error; !loadKernel(o, c, *p, jit, kernel, error, &cached)) {
    progress.finish();
    std::cerr << "sitc: error: " << error << "\n";
    return kExitRuntime;
  }
  if (o.run.timings) {
    progress.finish();
    auto now = std::chrono::steady_clock::now();
    std::cerr << "timings: compile " << std::chrono::duration<double, std::milli>(now - t0).count() << " ms"
              << (cached ? " (kernel from the cache)" : "") << ", ready "
              << std::chrono::duration<double, std::milli>(now - processStart()).count() << " ms after start\n";
  }
  sitrt::SessionOptions so = o.run;
  so.user = p;
  so.progress = &progress;
  so.inputs = inputFiles(c);
  so.explain = [&](const SitKernelArgs& path, const std::string& check) { return explainFailure(c, *p, path, check); };
  return sitrt::runSession(p->simSpec(c.sm), kernel, so, buildManifest(o, c, o.cpu), std::cout, std::cerr);
}

}  // namespace sitc::driver
