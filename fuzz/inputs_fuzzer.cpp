// Fuzz target (c): what users type at run time. The first byte chooses:
//   even: an `.expected` file (sitc test): parsed, and when it parses, rendered and parsed again, which must give
//         the same text (render . parse is the identity on what render writes);
//   odd:  `--set` arguments, one per line, applied to a spec with parameters, contract terms and a hedge, then
//         validated, as `sitc run` and simulators do.
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "FuzzCommon.h"
#include "driver/Expected.h"
#include "sitrt/overrides.h"
#include "sitrt/runner.h"
#include "sitrt/session.h"
#include "support/LargeStack.h"

using namespace sitc;

namespace {

// Every kind of settable: params with units, contract terms, a fixed-ratio and a min-variance hedge.
const char* const kSpec = R"(
import std.processes;
unit Mtok = 1e6 token;
contract F {
  underlying = TPI; quote = USD/Mtok; size = 1000 Mtok; tick = 0.001 USD/Mtok;
  listed = monthly(3); last_trading = last_business_day; settlement = cash(average(TPI, month));
  margin { initial = 10%; maintenance = 7.5%; }
  daily_limit = 10%;
  position_limit = 100 contracts;
}
scenario base {
  horizon = 3 month;
  param kappa = 3/yr;
  param vol = 0.5/sqrt(yr);
  param level = 1.5 USD/Mtok;
  param share = 50%;
  TPI ~ mrjd(s0 = 1.5 USD/Mtok, kappa = kappa, level = level, sigma = vol, lambda = 4/yr, muJ = 0.1, sigmaJ = 0.1);
  report { mean(TPI * share); }
}
hedge fixed for base { exposure = consume(100 Mtok/day, price = TPI); instrument = F; strategy = fixed(0.8); }
hedge mv for base { exposure = consume(100 Mtok/day, price = TPI); instrument = F; strategy = min_variance; pilot = 100; }
)";

const sitrt::SimSpec& spec() {
  static const sitrt::SimSpec s = [] {
    driver::Compilation c;
    if (!fuzz::compileText(kSpec, c, driver::Stage::Plan) || c.plans.size() != 1) fuzz::fail("the --set spec does not compile");
    return c.plans[0].simSpec(c.sm);
  }();
  return s;
}

void expectedFile(const std::string& text) {
  driver::ExpectedFile f;
  if (!driver::parseExpected(text, "fuzz.expected", f).empty()) return;
  (void)sitrt::checkRunSize(spec(), f.paths);
  std::string once = driver::renderExpected(f, "fuzz.sit");
  driver::ExpectedFile g;
  if (std::string e = driver::parseExpected(once, "fuzz.expected", g); !e.empty())
    fuzz::fail(("a rendered expected file does not parse: " + e).c_str());
  if (driver::renderExpected(g, "fuzz.sit") != once) fuzz::fail("render . parse is not the identity");
}

void setArgs(const std::string& text) {
  std::vector<std::string> raw;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) raw.push_back(line);
  std::vector<sitrt::SetArg> sets;
  if (!sitrt::parseSetArgs(raw, sets).empty()) return;
  sitrt::SimSpec s = spec();
  std::vector<double> params;
  for (const auto& p : s.params) params.push_back(p.value);
  for (const auto& a : sets)
    for (const auto& v : a.values) (void)sitrt::applySetting(s, params, a.name, v);
  (void)sitrt::validateSettings(s);
  (void)sitrt::describeSettables(s);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  bool set = data[0] & 1;
  // A simulator reads --set values on its normal stack: so does this target (no large stack).
  if (set) setArgs(text);
  else runWithLargeStack([&] { expectedFile(text); return 0; });
  return 0;
}
