#include "SpecGenerator.h"

#include <random>
#include <vector>

namespace sitc::fuzz {

namespace {

class Gen {
 public:
  explicit Gen(uint64_t seed) : rng_(seed) {}

  int pick(int n) { return static_cast<int>(rng_() % static_cast<uint64_t>(n)); }
  bool chance(int percent) { return pick(100) < percent; }

  std::string number() {
    static const char* const special[] = {"0", "1", "2", "0.5", "1e308", "1e-308", "1e200", "700", "-1",
                                          "3.14159", "1e-9", "100", "0.0", "36", "12"};
    if (chance(70)) return special[pick(sizeof special / sizeof *special)];
    return std::to_string(pick(1000)) + "." + std::to_string(pick(100));
  }

  std::string unit() {
    static const char* const units[] = {"", "", "", " USD/Mtok", " 1/yr", " /sqrt(yr)", " Mtok/day", " yr",
                                        " day", " month", " USD", " Mtok", " %"};
    return units[pick(sizeof units / sizeof *units)];
  }

  // An expression over `names` (values in scope) and `fns` (callable with one argument).
  std::string expr(const std::vector<std::string>& names, const std::vector<std::string>& fns, int depth) {
    if (depth <= 0 || chance(25)) {
      if (!names.empty() && chance(65)) return names[pick(static_cast<int>(names.size()))];
      return number() + (chance(20) ? unit() : "");
    }
    switch (pick(12)) {
      case 0: case 1: case 2: {
        static const char* const ops[] = {" + ", " - ", " * ", " / ", " ^ ", " < ", " > ", " == ", " and ", " or "};
        return expr(names, fns, depth - 1) + ops[pick(10)] + expr(names, fns, depth - 1);
      }
      case 3: return "(" + expr(names, fns, depth - 1) + ")";
      case 4: return "-" + expr(names, fns, depth - 1);
      case 5: {
        static const char* const f1[] = {"exp", "log", "sqrt", "abs", "floor", "ceil"};
        return std::string(f1[pick(6)]) + "(" + expr(names, fns, depth - 1) + ")";
      }
      case 6: return (chance(50) ? "min(" : "max(") + expr(names, fns, depth - 1) + ", " + expr(names, fns, depth - 1) + ")";
      case 7:
        return "if " + expr(names, fns, depth - 1) + " then " + expr(names, fns, depth - 1) + " else " +
               expr(names, fns, depth - 1);
      case 8: case 9:
        if (!fns.empty()) return fns[pick(static_cast<int>(fns.size()))] + "(" + expr(names, fns, depth - 1) + ")";
        return expr(names, fns, depth - 1);
      default: return expr(names, fns, depth - 1) + " * " + expr(names, fns, depth - 1);
    }
  }

  // f0 .. fn, each using the previous one `uses` times: the exponential pattern.
  std::string fnChain(std::vector<std::string>& fns, const std::string& prefix) {
    std::string out;
    int n = 1 + pick(chance(30) ? 40 : 6);
    int uses = 1 + pick(3);
    for (int i = 0; i < n; ++i) {
      std::string name = prefix + std::to_string(i);
      std::string body;
      if (fns.empty() || chance(10)) {
        body = expr({"x"}, {}, 2);
      } else {
        const std::string& prev = fns.back();
        for (int u = 0; u < uses; ++u) body += (u ? (chance(50) ? " + " : " * ") : "") + prev + "(x)";
      }
      out += "fn " + name + "(x) = " + body + ";\n";
      fns.push_back(name);
    }
    return out;
  }

  std::string letChain(std::vector<std::string>& names, const std::vector<std::string>& fns, const std::string& prefix) {
    std::string out;
    int n = 1 + pick(chance(30) ? 40 : 8);
    for (int i = 0; i < n; ++i) {
      std::string name = prefix + std::to_string(i);
      std::string body;
      if (names.empty() || chance(30)) {
        body = expr(names, fns, 3);
      } else {
        const std::string& prev = names.back();
        int uses = 1 + pick(3);
        for (int u = 0; u < uses; ++u) body += (u ? " + " : "") + prev;
      }
      out += std::string(chance(25) ? "  param " : "  let ") + name + " = " + body + ";\n";
      names.push_back(name);
    }
    return out;
  }

  std::string nested() {
    int n = 1 + pick(chance(20) ? 3000 : 50);
    std::string open, close;
    const char* kind = chance(50) ? "(" : chance(50) ? "-" : "f(";
    for (int i = 0; i < n; ++i) {
      open += kind;
      if (kind[0] != '-') close += ")";
    }
    return open + "1" + close;
  }

  std::string process(const std::string& name) {
    std::string p = "process " + name + "(a" + (chance(50) ? ": 1/yr" : "") + ", b = 1) {\n  state s = " +
                    expr({"a", "b"}, {}, 2) + ";\n";
    if (chance(50)) p += "  let shock = sqrt(dt) * normal();\n";
    p += "  update { s = s + " + expr({"s", "a", "b", "dt"}, {}, 2) + (chance(60) ? " * normal()" : "") +
         (chance(30) ? " + poisson(" + expr({"a", "dt"}, {}, 1) + ")" : "") + "; }\n";
    if (chance(50)) p += "  value = " + expr({"s", "b"}, {}, 2) + ";\n";
    if (chance(30)) p += "  forward(tau) = " + expr({"s", "tau", "b"}, {}, 3) + ";\n";
    if (chance(30)) p += "  require " + expr({"a", "b"}, {}, 2) + (chance(80) ? " > " + expr({"a", "b"}, {}, 1) : "") + ";\n";
    return p + "}\n";
  }

  std::string instance(const std::string& name, const std::vector<std::string>& names) {
    switch (pick(4)) {
      case 0: return "  " + name + " ~ gbm(s0 = " + number() + " USD/Mtok, mu = " + expr(names, {}, 1) + ", sigma = 0.5/sqrt(yr));\n";
      case 1: return "  " + name + " ~ ou(x0 = " + number() + ", kappa = 2/yr, theta = " + expr(names, {}, 1) + ", sigma = 0.3/sqrt(yr));\n";
      case 2:
        return "  " + name + " ~ mrjd(s0 = 1.5 USD/Mtok, kappa = 3/yr, level = 1.5 USD/Mtok, trend = -log(2)/yr, sigma = " +
               "0.5/sqrt(yr), lambda = " + number() + "/yr, muJ = 0.3, sigmaJ = 0.15);\n";
      default: return "  " + name + " ~ proc(a = " + expr(names, {}, 2) + ");\n";
    }
  }

  std::string report(const std::vector<std::string>& names, const std::vector<std::string>& fns) {
    static const char* const stats[] = {"mean", "sd", "variance", "skewness", "prob", "min", "max"};
    std::string r = "  report {";
    int n = 1 + pick(chance(10) ? 200 : 5);
    for (int i = 0; i < n; ++i) {
      std::string e = expr(names, fns, 3);
      if (chance(15)) e = std::string(chance(50) ? "average(" : "maximum(") + e + (chance(50) ? ", month)" : ")");
      // A per-window value seen whole: one window, or its windows combined; and a paired statistic.
      if (chance(8)) e = "average(" + e + ", month)[" + std::to_string(1 + pick(4)) + "]";
      else if (chance(8)) e = std::string(chance(50) ? "sum(" : "minimum(") + "last(" + e + ", month))";
      if (chance(8)) r += std::string(" ") + (chance(50) ? "volatility_reduction(" : "hedge_effectiveness(") + e + ", " +
                          e + " * " + number() + ");";
      else if (chance(15)) r += " quantile(" + e + ", " + (chance(50) ? "5%" : number()) + ");";
      else r += std::string(" ") + stats[pick(7)] + "(" + e + ");";
    }
    return r + " }\n";
  }

  std::string spec() {
    std::string out = "import std.processes;\n";
    bool hedge = chance(20);
    if (hedge) out += "import std;\n";
    std::vector<std::string> fns;
    if (chance(70)) out += fnChain(fns, "f");
    if (chance(60)) out += process("proc");
    out += "scenario s {\n";
    static const char* const horizons[] = {"1 month", "3 month", "12 month", "36 month", "1 yr", "2 day", "0 day", "1e30 yr"};
    out += std::string("  horizon = ") + (chance(90) ? horizons[pick(6)] : horizons[6 + pick(2)]) + ";\n";
    out += std::string("  step = ") + (chance(80) ? "1 day" : chance(50) ? "1 week" : "1 month") + ";\n";
    std::vector<std::string> names;
    std::vector<std::string> instances;
    int k = 1 + pick(4);
    for (int i = 0; i < k; ++i) {
      std::string name = i == 0 ? "TPI" : "P" + std::to_string(i);
      out += instance(name, names);
      instances.push_back(name);
    }
    names.insert(names.end(), instances.begin(), instances.end());
    if (chance(70)) out += letChain(names, fns, "a");
    if (k > 1 && chance(40)) out += "  correlate(" + instances[0] + ", " + instances[1] + ") = " + number() + ";\n";
    if (chance(10)) out += "  let deep = " + nested() + ";\n";
    out += report(names, fns);
    out += "}\n";
    if (hedge) {
      out += std::string("hedge h for s {\n  exposure = ") + (chance(70) ? "consume(" : "produce(") +
             (chance(70) ? "100 Mtok/day" : expr(names, {}, 2)) + ", price = " + (chance(70) ? "TPI" : expr(names, {}, 2)) +
             ");\n  instrument = " + instrument() + ";\n";
      static const char* const strategies[] = {"naive", "min_variance", "none"};
      if (chance(20)) out += "  quantity = " + number() + " Mtok/month;\n";
      else out += std::string("  strategy = ") + strategies[pick(3)] + ";\n";
      if (chance(30)) out += "  funding = " + number() + "%/yr;\n";
      if (chance(20)) out += "  discount = " + number() + "%/yr;\n";
      if (chance(20)) out += "  risk_premium = " + std::string(chance(30) ? "-" : "") + number() + "%/yr;\n";
      out += "  pilot = " + std::to_string(1 + pick(200)) + ";\n}\n";
    }
    return out;
  }

  // A futures contract, an option on it (strikes may cross or be out of range: the checker must say so), or a strip.
  std::string instrument() {
    std::string loading = chance(30) ? ", loading = " + number() + "%" : "";
    switch (pick(5)) {
      case 3: {  // a strip: legs that may overlap, overrun the horizon or the listing; spreads with any periods
        std::string legs;
        for (int i = 0, n = pick(4); i <= n; ++i)
          legs += (i ? ", " : "") + (chance(75) ? "SITM = " + number()
                                                : "spread(SITM, buy = " + number() + ", sell = " + number() + ")");
        return "strip(" + legs + ")";
      }
      case 0: return "call(SITM, strike = " + number() + " USD/Mtok" + loading + ")";
      case 1: return "put(SITM, strike = " + number() + " USD/Mtok" + loading + ")";
      case 2: return "collar(SITM, put = " + number() + " USD/Mtok, call = " + number() + " USD/Mtok" + loading + ")";
      default: return "SITM";
    }
  }

  std::string fragment() {
    std::vector<std::string> names = {"TPI", "x"}, fns;
    switch (pick(5)) {
      case 0: return fnChain(fns, "g");
      case 1: return letChain(names, fns, "b");
      case 2: return nested();
      case 3: return process("q" + std::to_string(pick(10)));
      default: return expr(names, {"exp", "f0"}, 4);
    }
  }

 private:
  std::mt19937_64 rng_;
};

}  // namespace

std::string generateSpec(uint64_t seed) { return Gen(seed).spec(); }
std::string generateFragment(uint64_t seed) { return Gen(seed).fragment(); }

}  // namespace sitc::fuzz
