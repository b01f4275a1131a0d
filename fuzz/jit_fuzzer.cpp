// Fuzz target (b): the whole pipeline through the JIT on a few paths. Each scenario that compiles is JIT-compiled
// and run on 8 paths (hedge pilots on 8), and run again by the reference evaluator: the two must agree bit for
// bit, in every reported value or in the run-time error they stop with (docs/design.md, "Determinism").
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

#include "FuzzCommon.h"
#include "codegen/Codegen.h"
#include "plan/RefEval.h"
#include "sitrt/runner.h"
#include "support/LargeStack.h"

using namespace sitc;

namespace {

constexpr uint64_t kPaths = 8;
constexpr uint64_t kMaxSteps = 20000;  // longer horizons are compiled but not run (their cost is the user's call)

bool sameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0 || (std::isnan(a) && std::isnan(b)); }

sitrt::RunOutcome run(const sitrt::SimSpec& spec, const sitrt::Kernel& k, const plan::Plan& p) {
  sitrt::RunOptions ro;
  ro.paths = kPaths;
  ro.threads = 1;
  ro.user = &p;
  for (const auto& prm : spec.params) ro.params.push_back(prm.value);
  return sitrt::runAndReport(spec, k, ro);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  runWithLargeStack([&] {
    driver::Compilation c;
    if (!fuzz::compileText(text, c, driver::Stage::Plan)) return 0;
    for (size_t i = 0; i < c.plans.size() && i < 2; ++i) {
      const plan::Plan& p = c.plans[i];
      codegen::Target t{"host", static_cast<int>(size % 4)};
      std::string error;
      if (size % 8 == 0) (void)codegen::emitLLVM(p, t, error);  // the --emit=llvm printer, now and then
      error.clear();
      auto jit = codegen::jitCompile(p, t, error);
      if (!jit) fuzz::fail(("a checked plan failed to JIT-compile: " + error).c_str());
      sitrt::SimSpec spec = p.simSpec(c.sm);
      if (spec.steps > kMaxSteps || !sitrt::checkRunSize(spec, kPaths).empty()) continue;
      for (auto& h : spec.hedges) h.pilotPaths = kPaths;
      sitrt::Kernel jk{jit->fn, jit->prepare, jit->checkParams};
      sitrt::Kernel rk{plan::referenceKernel, plan::referencePrepare, plan::referenceCheckParams};
      std::vector<double> defaults;
      for (const auto& prm : spec.params) defaults.push_back(prm.value);
      if (sitrt::checkRequirements(spec, jk, defaults, &p) != sitrt::checkRequirements(spec, rk, defaults, &p))
        fuzz::fail("JIT and reference differ on the process requirements");
      sitrt::RunOutcome a = run(spec, jk, p);
      sitrt::RunOutcome b = run(spec, rk, p);
      if (a.error != b.error) fuzz::fail(("JIT and reference differ in their error:\n" + a.error + "\n" + b.error).c_str());
      if (a.rows.size() != b.rows.size()) fuzz::fail("JIT and reference report different rows");
      for (size_t r = 0; r < a.rows.size(); ++r)
        if (!sameBits(a.rows[r].value, b.rows[r].value) || !sameBits(a.rows[r].se, b.rows[r].se))
          fuzz::fail(("JIT and reference differ in '" + a.rows[r].label + "'").c_str());
    }
    return 0;
  });
  return 0;
}

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t maxSize, unsigned seed) {
  return fuzz::mutateSpec(data, size, maxSize, seed);
}
