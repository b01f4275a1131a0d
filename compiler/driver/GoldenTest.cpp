// sitc test DIR|FILE...: runs every spec and compares its results with SPEC.expected; --bless rewrites them.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>

#include "codegen/Codegen.h"
#include "driver/Commands.h"
#include "driver/Compile.h"
#include "driver/Expected.h"
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

struct Outcome {
  bool failed = false;
  std::vector<std::string> details;  // printed under the spec's line
  ExpectedFile results;              // this run, for --bless
  std::vector<sitrt::FileId> inputs; // the files the run read, which --bless may not overwrite
};

// Compares one scenario's rows with its expectations; adds a line per difference.
void compare(const std::string& scenario, const std::vector<sitrt::ResultRow>& rows, const ExpectedScenario& exp,
             Outcome& out) {
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
    if (m.tolerance.accepts(m.value, m.se, v)) continue;
    out.failed = true;
    std::string line = "[" + scenario + "] " + m.label + ": " + sitrt::formatReadable(m.value) + " -> " + sitrt::formatReadable(v);
    if (m.value == m.value && v == v && sitrt::formatReadable(m.value) == sitrt::formatReadable(v))
      line += " (" + sitrt::formatExact(m.value) + " -> " + sitrt::formatExact(v) + ")";
    if (m.se > 0 && std::isfinite(m.se)) {
      char z[32];
      snprintf(z, sizeof z, "%+.2f", (v - m.value) / m.se);
      line += ", " + std::string(z) + " se";
    }
    if (m.tolerance.kind != Tolerance::Kind::Exact) line += " (" + m.tolerance.text() + ")";
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
  if (!compileSpec(o, c, true)) {
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
  for (const auto& p : c.plans) {
    sitrt::SimSpec ss = p.simSpec(c.sm);
    sitrt::RunOptions ro;
    ro.paths = opts.paths;
    ro.seed = opts.seed;
    ro.threads = base.run.threads;
    for (const auto& prm : ss.params) ro.params.push_back(prm.value);
    if (std::string e = sitrt::applySettings(ss, ro.params, opts.sets); !e.empty()) {
      out.details.push_back(setLineOf(p.simSpec(c.sm), spec, opts) + "[" + p.model.scenario + "] " + e);
      return out.failed = true, false;
    }
    if (std::string e = sitrt::checkRunSize(ss, ro.paths); !e.empty()) {
      out.details.push_back("[" + p.model.scenario + "] " + e);
      return out.failed = true, false;
    }
    std::string error;
    bool cached = false;
    auto jit = jitKernel(o, c, p, cached, error);
    if (!jit) {
      out.details.push_back("[" + p.model.scenario + "] " + error);
      return out.failed = true, false;
    }
    sitrt::RunOutcome res = sitrt::runAndReport(ss, {jit->fn, jit->prepare}, ro);
    if (!res.error.empty()) {
      out.details.push_back("[" + p.model.scenario + "] " + res.error);
      return out.failed = true, false;
    }
    ExpectedScenario sc{p.model.scenario, {}};
    for (const auto& r : res.rows) sc.metrics.push_back({r.label, r.value, r.se, r.unit, {}});
    out.results.scenarios.push_back(std::move(sc));
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
  if (!readInput(o, c) || !compileSpec(o, c, false)) return true;
  return !c.models.empty();
}

}  // namespace

int runTest(const Options& o) {
  if (!o.bless && (o.pathsGiven || o.seedGiven || !o.run.sets.empty())) {
    std::cerr << "sitc: error: sitc test runs each spec with the options in its expected file; to change them, "
                 "use --bless with --paths, --seed or --set\n";
    return kExitUsage;
  }
  std::vector<std::string> specs;
  if (!discover(o.inputs, specs)) return kExitUsage;
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
        ++skipped;
        continue;
      }
      std::cout << "MISSING " << spec << ": no " << expPath << " (create it with: sitc test --bless " << spec << ")\n";
      ++missing;
      continue;
    }
    if (!parseError.empty() && !o.bless) {
      std::cout << "FAIL    " << spec << "\n    " << parseError << "\n";
      ++failed;
      continue;
    }
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
        for (const auto& m : sc.metrics) rows.push_back({m.label, m.unit, m.value, m.se, {}});
        compare(sc.name, rows, *e, out);
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
      // Keep each metric's declared tolerance across blessings.
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
        ++blessed;
        continue;
      }
    }
    std::cout << (out.failed ? "FAIL    " : "PASS    ") << spec << "\n";
    for (const auto& d : out.details) std::cout << "    " << d << "\n";
    (out.failed ? failed : passed)++;
  }
  std::cout << "sitc test: " << passed << " passed, " << failed << " failed, " << missing << " without expected file";
  if (skipped) std::cout << ", " << skipped << " skipped";
  if (o.bless) std::cout << ", " << blessed << " blessed";
  std::cout << "\n";
  return failed > 0 ? kExitSpecError : kExitOk;
}

}  // namespace sitc::driver
