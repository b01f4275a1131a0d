// Fuzz target (a): spec text -> diagnostics and plans, through every front-end `--emit` printer (tokens, ast,
// checked, plan). Invariants: no crash, hang or runaway memory (libFuzzer's -timeout and -rss_limit_mb), a
// failed compilation always says why (at least one error), and every diagnostic renders.
#include <cstdint>
#include <string>

#include "FuzzCommon.h"
#include "frontend/Parse.h"
#include "sema/Sema.h"
#include "support/LargeStack.h"

using namespace sitc;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  runWithLargeStack([&] {
    {
      driver::Compilation c;
      c.mainFile = c.sm.addFile("fuzz.sit", text);
      (void)frontend::dumpTokens(c.sm, c.mainFile, c.diags);
      if (auto m = frontend::parseModule(c.sm, c.mainFile, "main", c.diags)) (void)ast::printModule(*m);
      (void)renderAll(c.sm, c.diags);
    }
    driver::Compilation c;
    bool ok = fuzz::compileText(text, c, driver::Stage::Checked);
    if (!ok && !c.diags.hasErrors()) fuzz::fail("compilation failed without an error");
    for (const auto& m : c.models) (void)sema::printModel(m);
    if (ok) {
      driver::Compilation l;
      bool lowered = fuzz::compileText(text, l, driver::Stage::Plan);
      if (!lowered && !l.diags.hasErrors()) fuzz::fail("lowering failed without an error");
      if (lowered)
        for (const auto& p : l.plans) (void)plan::printPlan(p);
      (void)renderAll(l.sm, l.diags);
    }
    (void)renderAll(c.sm, c.diags);
    return 0;
  });
  return 0;
}

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t maxSize, unsigned seed) {
  return fuzz::mutateSpec(data, size, maxSize, seed);
}
