// sitc check | --emit=STAGE | run
#include "driver/Commands.h"

#include <chrono>
#include <iostream>

#include "codegen/Codegen.h"
#include "driver/Compile.h"
#include "driver/Verify.h"
#include "frontend/Parse.h"
#include "plan/RefEval.h"
#include "sema/Sema.h"
#include "sitrt/philox.h"
#include "sitrt/runner.h"

namespace sitc::driver {

int runCheck(const Options& o) {
  Compilation c;
  if (!readInput(o, c)) return kExitUsage;
  bool ok = compileSpec(o, c, true);
  if (o.verify) return verifyDiagnostics(c) ? kExitOk : kExitSpecError;
  printDiagnostics(c);
  return ok ? kExitOk : kExitSpecError;
}

// The one plan a command that needs a single scenario works on; prints why not and returns null otherwise.
static const plan::Plan* singlePlan(const Compilation& c) {
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
  std::string out;
  if (o.emit == "tokens" || o.emit == "ast") {
    if (o.emit == "tokens") {
      out = frontend::dumpTokens(c.sm, c.mainFile, c.diags);
    } else if (auto m = frontend::parseModule(c.sm, c.mainFile, "main", c.diags)) {
      out = ast::printModule(*m);
    }
    printDiagnostics(c);
    std::cout << out;
    return c.diags.hasErrors() ? kExitSpecError : kExitOk;
  }
  bool ok = compileSpec(o, c, o.emit != "checked");
  printDiagnostics(c);
  if (o.emit == "checked") {
    for (const auto& m : c.models) std::cout << sema::printModel(m);
    return ok ? kExitOk : kExitSpecError;
  }
  if (!ok) return kExitSpecError;
  if (o.emit == "plan") {
    for (const auto& p : c.plans) std::cout << plan::printPlan(p);
    return kExitOk;
  }
  const plan::Plan* p = singlePlan(c);
  if (!p) return kExitUsage;
  codegen::Target t{o.cpu, o.optLevel};
  std::string error;
  out = o.emit == "llvm" ? codegen::emitLLVM(*p, t, error) : codegen::emitAsm(*p, t, error);
  if (!error.empty()) {
    std::cerr << "sitc: error: " << error << "\n";
    return kExitUsage;
  }
  std::cout << out;
  return kExitOk;
}

int runRun(const Options& o) {
  Compilation c;
  if (!readInput(o, c)) return kExitUsage;
  bool ok = compileSpec(o, c, true);
  printDiagnostics(c);
  if (!ok) return kExitSpecError;
  const plan::Plan* p = singlePlan(c);
  if (!p) return kExitUsage;

  sitrt::SimSpec spec = p->simSpec(c.sm);
  if (static_cast<double>(o.paths) * spec.numOutputs * 8 > 64e9) {
    std::cerr << "sitc: error: " << o.paths << " paths x " << spec.numOutputs
              << " reported values would need more than 64 GB\n";
    return kExitUsage;
  }
  std::unique_ptr<codegen::JitKernel> jit;
  SitKernelFn fn = plan::referenceKernel;
  auto t0 = std::chrono::steady_clock::now();
  if (o.engine == "jit") {
    std::string error;
    jit = codegen::jitCompile(*p, codegen::Target{"host", o.optLevel}, error);
    if (!jit) {
      std::cerr << "sitc: error: " << error << "\n";
      return kExitRuntime;
    }
    fn = jit->fn;
  }
  sitrt::RunOptions ro;
  ro.paths = o.paths;
  ro.seed = o.seed;
  ro.threads = o.threads;
  for (const auto& prm : spec.params) ro.params.push_back(prm.value);
  ro.user = p;
  double compileMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  sitrt::RunOutcome res = sitrt::runAndReport(spec, fn, ro);
  if (o.timings)
    std::cerr << "timings: compile " << compileMs << " ms, simulate " << res.simulateMs << " ms, statistics "
              << res.statisticsMs << " ms, " << static_cast<double>(o.paths) * static_cast<double>(p->model.steps) / (res.simulateMs * 1e3)
              << " M path-steps/s\n";
  if (!res.error.empty()) {
    std::cerr << res.error << "\n";
    return kExitRuntime;
  }
  sitrt::ResultSet rs;
  rs.manifest = {{"sitc", std::string(SITC_VERSION) + " (commit " + SITC_COMMIT + ")"},
                 {"llvm", codegen::llvmVersion()},
                 {"cpu", codegen::resolvedCpu({"host", o.optLevel})},
                 {"rng", std::string(sitrt::kRngName) + " stream v" + std::to_string(sitrt::kStreamVersion)},
                 {"spec", o.inputs[0]},
                 {"spec-hash", specHash(c)},
                 {"scenario", p->model.scenario},
                 {"seed", std::to_string(o.seed)},
                 {"paths", std::to_string(o.paths)},
                 {"steps", std::to_string(p->model.steps)}};
  rs.rows = std::move(res.rows);
  sitrt::Format f;
  sitrt::parseFormat(o.format, f);
  std::string text = sitrt::render(rs, f);
  if (o.out.empty()) {
    std::cout << text;
    return kExitOk;
  }
  if (std::string err = sitrt::writeFileAtomic(o.out, text); !err.empty()) {
    std::cerr << "sitc: error: " << err << "\n";
    return kExitRuntime;
  }
  return kExitOk;
}

}  // namespace sitc::driver
