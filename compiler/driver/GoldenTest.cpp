// sitc test DIR|FILE...: runs every spec and compares its results with SPEC.expected; --bless rewrites them.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>

#include "codegen/Codegen.h"
#include "driver/Commands.h"
#include "driver/Compile.h"
#include "driver/Expected.h"
#include "driver/Pipeline.h"
#include "sema/Sema.h"
#include "sitrt/overrides.h"
#include "sitrt/philox.h"
#include "sitrt/results.h"
#include "sitrt/runner.h"

namespace sitc::driver {

namespace fs = std::filesystem;

namespace {

// The specs named on the command line: files as given, directories searched recursively, in sorted order.
bool discover(const std::vector<std::string>& inputs, std::vector<std::string>& specs) {
  for (const auto& in : inputs) {
    std::error_code ec;
    if (fs::is_directory(in, ec)) {
      std::vector<std::string> found;
      fs::path where = in;
      for (auto it = fs::recursive_directory_iterator(in, ec); !ec && it != fs::recursive_directory_iterator();
           it.increment(ec)) {
        where = it->path();
        if (it->is_regular_file(ec) && it->path().extension() == ".sit") found.push_back(it->path().string());
      }
      // An unreadable subdirectory ends the walk: say so rather than test part of the tree.
      if (ec) {
        std::cerr << "sitc: error: cannot read directory '" << where.string() << "': " << ec.message() << "\n";
        return false;
      }
      std::sort(found.begin(), found.end());
      specs.insert(specs.end(), found.begin(), found.end());
    } else if (fs::exists(in, ec)) {
      if (!fs::is_regular_file(in, ec)) {  // a FIFO or a device: refused as sitc run refuses it
        std::cerr << "sitc: error: cannot read '" << in << "': not a regular file\n";
        return false;
      }
      specs.push_back(in);
    } else {
      std::cerr << "sitc: error: no such file or directory: '" << in << "'\n";
      return false;
    }
  }
  return true;
}

std::string expectedPath(const std::string& spec) {
  fs::path p(spec);
  p.replace_extension(".expected");
  return p.string();
}

// A JUnit XML report (the format CI systems read): one testcase per spec.
class JUnitReport {
 public:
  // status: passed, failed, missing (a failure), skipped.
  void add(const std::string& spec, double seconds, const std::string& status, const std::vector<std::string>& details) {
    std::string text;
    for (const auto& d : details) text += d + "\n";
    cases_.push_back({spec, seconds, status, text});
  }
  std::string xml() const {
    size_t failures = 0, skipped = 0;
    double total = 0;
    for (const auto& c : cases_) {
      failures += c.status == "failed" || c.status == "missing";
      skipped += c.status == "skipped";
      total += c.seconds;
    }
    std::string s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
    s += "  <testsuite name=\"sitc test\" tests=\"" + std::to_string(cases_.size()) + "\" failures=\"" +
         std::to_string(failures) + "\" errors=\"0\" skipped=\"" + std::to_string(skipped) + "\" time=\"" +
         seconds(total) + "\">\n";
    for (const auto& c : cases_) {
      s += "    <testcase classname=\"sitc\" name=\"" + escape(c.spec) + "\" time=\"" + seconds(c.seconds) + "\"";
      if (c.status == "passed") {
        s += "/>\n";
        continue;
      }
      s += ">\n";
      if (c.status == "skipped")
        s += "      <skipped message=\"" + escape(firstLine(c.text)) + "\"/>\n";
      else
        s += "      <failure message=\"" + escape(c.status == "missing" ? "no expected file" : firstLine(c.text)) +
             "\">" + escape(c.text) + "</failure>\n";
      s += "    </testcase>\n";
    }
    return s + "  </testsuite>\n</testsuites>\n";
  }

 private:
  struct Case {
    std::string spec;
    double seconds;
    std::string status, text;
  };
  static std::string seconds(double s) {
    char b[32];
    snprintf(b, sizeof b, "%.3f", s);
    return b;
  }
  static std::string firstLine(const std::string& t) { return t.substr(0, t.find('\n')); }
  static std::string escape(const std::string& t) {
    std::string o;
    for (char ch : t) {
      unsigned char u = static_cast<unsigned char>(ch);
      if (ch == '&') o += "&amp;";
      else if (ch == '<') o += "&lt;";
      else if (ch == '>') o += "&gt;";
      else if (ch == '"') o += "&quot;";
      else if (u < 0x20 && ch != '\n' && ch != '\t') o += '?';  // not allowed in XML 1.0
      else o += ch;
    }
    return o;
  }
  std::vector<Case> cases_;
};

struct Outcome {
  bool failed = false;
  std::vector<std::string> details;  // printed under the spec's line
  ExpectedFile results;              // this run, for --bless
  std::vector<sitrt::FileId> inputs; // the files the run read, which --bless may not overwrite
};

// Compares one scenario's rows with its expectations; adds a line per difference.
void compare(const std::string& scenario, const std::vector<sitrt::ResultRow>& rows, const ExpectedScenario& exp,
             const Tolerance& fileDefault, Outcome& out) {
  std::map<std::string, const sitrt::ResultRow*> got;
  for (const auto& r : rows) got[r.label] = &r;
  for (const auto& m : exp.metrics) {
    auto it = got.find(m.label);
    if (it == got.end()) {
      out.failed = true;
      out.details.push_back("[" + scenario + "] " + m.label + ": no longer reported");
      continue;
    }
    double v = it->second->value;
    const Tolerance& tol = m.tolerance.kind == Tolerance::Kind::Unset ? fileDefault : m.tolerance;
    if (tol.accepts(m.value, m.se, v)) continue;
    out.failed = true;
    std::string line = "[" + scenario + "] " + m.label + ": " + sitrt::formatReadable(m.value) + " -> " + sitrt::formatReadable(v);
    if (m.value == m.value && v == v && sitrt::formatReadable(m.value) == sitrt::formatReadable(v))
      line += " (" + sitrt::formatExact(m.value) + " -> " + sitrt::formatExact(v) + ")";
    if (m.se > 0 && std::isfinite(m.se)) {
      char z[32];
      snprintf(z, sizeof z, "%+.2f", (v - m.value) / m.se);
      line += ", " + std::string(z) + " se";
    }
    if (tol.kind != Tolerance::Kind::Unset && tol.kind != Tolerance::Kind::Exact) line += " (" + tol.text() + ")";
    out.details.push_back(line);
  }
  for (const auto& r : rows) {
    bool known = false;
    for (const auto& m : exp.metrics) known |= m.label == r.label;
    if (!known) {
      out.failed = true;
      out.details.push_back("[" + scenario + "] " + r.label + ": new metric = " + sitrt::formatReadable(r.value));
    }
  }
}

// "FILE:LINE: error: " of the expected file's `set:` line to blame when its settings fail: the first that fails
// on its own, else the first (the failure is a rule between them); "" when the sets came from the command line.
std::string setLineOf(const sitrt::SimSpec& spec, const std::string& specPath, const ExpectedFile& opts) {
  if (opts.setLines.empty()) return "";
  size_t at = 0;
  for (size_t i = 0; i < opts.sets.size() && i < opts.setLines.size(); ++i) {
    sitrt::SimSpec alone = spec;
    std::vector<double> params;
    for (const auto& x : alone.params) params.push_back(x.value);
    if (!sitrt::applySettings(alone, params, {opts.sets[i]}).empty()) {
      at = i;
      break;
    }
  }
  return expectedPath(specPath) + ":" + std::to_string(opts.setLines[at]) + ": error: ";
}

// Compiles and runs every scenario of `spec` with the expected file's options; fills out.results.
bool runSpec(const Options& base, const std::string& spec, const ExpectedFile& opts, Outcome& out) {
  Options o = base;
  o.inputs = {spec};
  o.scenario.clear();
  Compilation c;
  if (!readInput(o, c)) return out.failed = true, false;
  if (!runPipeline(o, c, Stage::Plan)) {
    printDiagnostics(c);
    out.details.push_back("the spec has errors (above)");
    return out.failed = true, false;
  }
  printDiagnostics(c);
  out.inputs = inputFiles(c);
  out.results.paths = opts.paths;
  out.results.seed = opts.seed;
  out.results.sets = opts.sets;
  out.results.rng = std::string(sitrt::kRngName) + " stream v" + std::to_string(sitrt::kStreamVersion);
  // A `set:` list sweeps (common random numbers, as `sitc run` does): one section per point, "[scenario s @ k=2/yr]".
  std::vector<sitrt::SetArg> args;
  std::vector<sitrt::SweepPoint> points;
  if (std::string e = sitrt::parseSetArgs(opts.sets, args); !e.empty() || !(e = sitrt::sweepPoints(args, points)).empty()) {
    out.details.push_back(setLineOf(c.plans.empty() ? sitrt::SimSpec{} : c.plans[0].simSpec(c.sm), spec, opts) + e);
    return out.failed = true, false;
  }
  for (const auto& p : c.plans) {
    std::string error;
    bool cached = false;
    std::unique_ptr<codegen::JitKernel> jit;
    for (const auto& point : points) {
      std::string name = p.model.scenario + (points.size() > 1 ? " @ " + sitrt::pointLabel(point) : "");
      sitrt::SimSpec ss = p.simSpec(c.sm);
      sitrt::RunOptions ro;
      ro.paths = opts.paths;
      ro.seed = opts.seed;
      ro.threads = base.run.threads;
      for (const auto& prm : ss.params) ro.params.push_back(prm.value);
      std::vector<std::string> sets;
      for (const auto& [k, v] : point) sets.push_back(k + "=" + v);
      if (std::string e = sitrt::applySettings(ss, ro.params, sets); !e.empty()) {
        out.details.push_back(setLineOf(p.simSpec(c.sm), spec, opts) + "[" + name + "] " + e);
        return out.failed = true, false;
      }
      if (std::string e = sitrt::checkRunSize(ss, ro.paths); !e.empty()) {
        out.details.push_back("[" + name + "] " + e);
        return out.failed = true, false;
      }
      if (!jit) jit = jitKernel(o, c, p, cached, error);
      if (!jit) {
        out.details.push_back("[" + name + "] " + error);
        return out.failed = true, false;
      }
      sitrt::Kernel kernel{jit->fn, jit->prepare, jit->checkParams};
      if (std::string e = sitrt::checkRequirements(ss, kernel, ro.params, nullptr); !e.empty()) {
        out.details.push_back("[" + name + "] " + e + ", which it does not with set: " + sitrt::pointLabel(point));
        return out.failed = true, false;
      }
      sitrt::RunOutcome res = sitrt::runAndReport(ss, kernel, ro);
      if (!res.error.empty()) {
        out.details.push_back("[" + name + "] " + res.error);
        return out.failed = true, false;
      }
      ExpectedScenario sc{name, {}};
      for (const auto& r : res.rows) sc.metrics.push_back({r.label, r.value, r.se, r.unit, {}});
      out.results.scenarios.push_back(std::move(sc));
    }
  }
  return true;
}

// Whether `spec` declares a scenario (modules of shared declarations do not, and need no expected file).
// A spec that does not compile counts as having one, so it is reported rather than skipped.
bool hasScenario(const Options& base, const std::string& spec) {
  Options o = base;
  o.inputs = {spec};
  o.scenario.clear();
  Compilation c;
  if (!readInput(o, c) || !runPipeline(o, c, Stage::Checked)) return true;
  return !c.models.empty();
}

}  // namespace

int runTest(const Options& o) {
  if (!o.bless && (o.pathsGiven || o.seedGiven || !o.run.sets.empty())) {
    std::cerr << "sitc: error: sitc test runs each spec with the options in its expected file; to change them, "
                 "use --bless with --paths, --seed or --set\n";
    return kExitUsage;
  }
  std::vector<sitrt::SetArg> setArgs;
  std::vector<sitrt::SweepPoint> points;
  if (std::string e = sitrt::parseSetArgs(o.run.sets, setArgs); !e.empty() || !(e = sitrt::sweepPoints(setArgs, points)).empty()) {
    std::cerr << "sitc: error: " << e << "\n";
    return kExitUsage;
  }
  if (!o.junit.empty())
    if (std::string e = sitrt::checkOutput(o.junit, {}); !e.empty()) {
      std::cerr << "sitc: error: --junit: " << e << "\n";
      return kExitUsage;
    }
  std::vector<std::string> specs;
  if (!discover(o.inputs, specs)) return kExitUsage;
  if (!o.filter.empty()) {
    std::erase_if(specs, [&](const std::string& s) { return s.find(o.filter) == std::string::npos; });
    if (specs.empty()) {
      std::cerr << "sitc: error: no spec matches -k '" << o.filter << "'\n";
      return kExitUsage;
    }
  }
  JUnitReport junit;
  // --bless may not write over any spec of this run (an expected file that is a symlink to one, say).
  std::vector<sitrt::FileId> allSpecs;
  for (const auto& s : specs)
    if (sitrt::FileId id; sitrt::fileId(s, id)) allSpecs.push_back(id);
  int passed = 0, failed = 0, missing = 0, blessed = 0, skipped = 0;
  for (const auto& spec : specs) {
    std::string expPath = expectedPath(spec);
    ExpectedFile exp;
    bool have = fs::exists(expPath);
    std::string parseError;
    if (have) {
      std::string text;
      if (std::string e = sitrt::readInputFile(expPath, text); !e.empty()) parseError = e;
      else parseError = parseExpected(text, expPath, exp);
    }
    if (!have && !o.bless) {
      if (!hasScenario(o, spec)) {
        std::cout << "SKIP    " << spec << ": no scenario\n";
        junit.add(spec, 0, "skipped", {"no scenario"});
        ++skipped;
        continue;
      }
      junit.add(spec, 0, "missing", {"no " + expPath + " (create it with: sitc test --bless " + spec + ")"});
      std::cout << "MISSING " << spec << ": no " << expPath << " (create it with: sitc test --bless " << spec << ")\n";
      ++missing;
      continue;
    }
    if (!parseError.empty() && !o.bless) {
      std::cout << "FAIL    " << spec << "\n    " << parseError << "\n";
      junit.add(spec, 0, "failed", {parseError});
      ++failed;
      continue;
    }
    auto started = std::chrono::steady_clock::now();
    auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(); };
    ExpectedFile opts = parseError.empty() ? exp : ExpectedFile{};
    if (o.bless) {
      if (o.pathsGiven) opts.paths = o.run.paths;
      if (o.seedGiven) opts.seed = o.run.seed;
      if (!o.run.sets.empty()) opts.sets = o.run.sets, opts.setLines.clear();
    }
    Outcome out;
    runSpec(o, spec, opts, out);
    out.inputs.insert(out.inputs.end(), allSpecs.begin(), allSpecs.end());
    if (!out.failed && out.results.scenarios.empty()) {
      std::cout << "SKIP    " << spec << ": no scenario\n";
      junit.add(spec, seconds(), "skipped", {"no scenario"});
      ++skipped;
      continue;
    }
    if (!out.failed && !o.bless) {
      for (const auto& sc : out.results.scenarios) {
        const ExpectedScenario* e = exp.find(sc.name);
        if (!e) {
          out.failed = true;
          out.details.push_back("[" + sc.name + "] new scenario without expected results");
          continue;
        }
        std::vector<sitrt::ResultRow> rows;
        for (const auto& m : sc.metrics) {
          sitrt::ResultRow r;
          r.label = m.label, r.unit = m.unit, r.value = m.value, r.se = m.se;
          rows.push_back(std::move(r));
        }
        compare(sc.name, rows, *e, exp.tolerance, out);
      }
      for (const auto& e : exp.scenarios)
        if (!out.results.find(e.name)) {
          out.failed = true;
          out.details.push_back("[" + e.name + "] scenario no longer in the spec");
        }
      if (out.failed && exp.rng != out.results.rng)
        out.details.push_back("note: the expected results come from RNG '" + exp.rng + "'; this sitc uses '" +
                              out.results.rng + "'");
    }
    if (!out.failed && o.bless) {
      // Keep the file's and each metric's declared tolerance across blessings.
      out.results.tolerance = exp.tolerance;
      for (auto& sc : out.results.scenarios)
        if (const ExpectedScenario* old = exp.find(sc.name))
          for (auto& m : sc.metrics)
            for (const auto& om : old->metrics)
              if (om.label == m.label) m.tolerance = om.tolerance;
      // A symlinked expected file must lead to an expected file: anything else (a spec, a module) is refused.
      std::error_code ec;
      fs::path real = fs::exists(expPath, ec) ? fs::canonical(expPath, ec) : fs::path(expPath);
      std::string e = real.extension() == ".expected"
                          ? sitrt::writeOutput(expPath, renderExpected(out.results, fs::path(spec).filename().string()), out.inputs)
                          : "cannot write '" + expPath + "': it leads to '" + real.string() + "', which is not an .expected file";
      if (!e.empty()) {
        out.failed = true;
        out.details.push_back(e + " (the old expected file is unchanged)");
      } else {
        std::cout << "BLESSED " << spec << " -> " << expPath << "\n";
        junit.add(spec, seconds(), "passed", {});
        ++blessed;
        continue;
      }
    }
    std::cout << (out.failed ? "FAIL    " : "PASS    ") << spec << "\n";
    for (const auto& d : out.details) std::cout << "    " << d << "\n";
    junit.add(spec, seconds(), out.failed ? "failed" : "passed", out.details);
    (out.failed ? failed : passed)++;
  }
  std::cout << "sitc test: " << passed << " passed, " << failed << " failed, " << missing << " without expected file";
  if (skipped) std::cout << ", " << skipped << " skipped";
  if (o.bless) std::cout << ", " << blessed << " blessed";
  std::cout << "\n";
  if (!o.junit.empty())
    if (std::string e = sitrt::writeOutput(o.junit, junit.xml(), allSpecs); !e.empty()) {
      std::cerr << "sitc: error: --junit: " << e << "\n";
      return kExitRuntime;
    }
  // A spec without an expected file is not a pass: a CI job must not go green on a golden nobody wrote.
  return failed > 0 || missing > 0 ? kExitSpecError : kExitOk;
}

}  // namespace sitc::driver
