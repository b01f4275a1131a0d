#include "driver/Compile.h"

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sys/stat.h>
#include <unistd.h>

#include "codegen/Codegen.h"
#include "driver/KernelCache.h"
#include "sitrt/files.h"

namespace sitc::driver {

namespace {

// A directory of an installed sitc (`rel` from the directory of its executable), if it holds `probe`; "" when
// this sitc runs from its build tree.
std::string installedDir(const std::string& rel, const std::string& probe) {
  char exe[4096];
  ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return "";
  std::string dir(exe, static_cast<size_t>(n));
  dir = dir.substr(0, dir.rfind('/') + 1) + rel;
  struct stat st;
  return ::stat((dir + "/" + probe).c_str(), &st) == 0 ? dir : "";
}

}  // namespace

std::string stdlibDir(const Options& o) {
  if (!o.stdlib.empty()) return o.stdlib;
  if (const char* env = std::getenv("SITC_STDLIB")) return env;
  if (std::string d = installedDir(SITC_INSTALLED_STDLIB, "std.sit"); !d.empty()) return d;
  return SITC_STDLIB_DIR;
}

std::string runtimeLibDir() {
  if (const char* env = std::getenv("SITC_RUNTIME_DIR")) return env;
  if (std::string d = installedDir(SITC_INSTALLED_LIB, "libsitrt_main.a"); !d.empty()) return d;
  return SITC_RUNTIME_LIB_DIR;
}

std::string reportAssetsDir() {
  if (const char* env = std::getenv("SITC_REPORT_ASSETS")) return env;
  if (std::string d = installedDir(SITC_INSTALLED_REPORT, "template.html"); !d.empty()) return d;
  return SITC_REPORT_ASSETS_DIR;
}

// --color=auto: colour on a terminal, unless NO_COLOR is set (no-color.org) or the terminal is "dumb".
static bool useColor(const std::string& mode) {
  if (mode != "auto") return mode == "always";
  const char* term = std::getenv("TERM");
  return ::isatty(STDERR_FILENO) && !std::getenv("NO_COLOR") && !(term && std::string(term) == "dumb");
}

bool readInput(const Options& o, Compilation& c) {
  std::string text;
  if (std::string err = sitrt::readInputFile(o.inputs[0], text); !err.empty()) {
    std::cerr << "sitc: error: " << err << "\n";
    return false;
  }
  c.mainFile = c.sm.addFile(o.inputs[0] == "-" ? "<stdin>" : o.inputs[0], std::move(text));
  c.diags.setWarningsAsErrors(o.werror);
  for (const auto& [w, on] : o.warnings) c.diags.setWarningEnabled(w, on);
  c.style.color = useColor(o.color);
  return true;
}

std::vector<sitrt::FileId> inputFiles(const Compilation& c) {
  std::vector<sitrt::FileId> ids = sitrt::selfIds();
  for (uint32_t f = 1; f < c.sm.fileCount(); ++f) {
    sitrt::FileId id;
    if (sitrt::fileId(c.sm.name(f), id)) ids.push_back(id);
  }
  return ids;
}

void printDiagnostics(const Compilation& c) { std::cerr << renderAll(c.sm, c.diags, c.style); }

std::string specHash(const Compilation& c) {
  uint64_t h = 1469598103934665603ull;
  for (uint32_t f = 1; f < c.sm.fileCount(); ++f) {
    for (unsigned char ch : c.sm.text(f) + '\0') {
      h ^= ch;
      h *= 1099511628211ull;
    }
  }
  char buf[17];
  snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::vector<std::pair<std::string, std::string>> buildManifest(const Options& o, const Compilation& c,
                                                               const std::string& cpu) {
  return {{"sitc", std::string(SITC_VERSION) + " (commit " + SITC_COMMIT + ")"},
          {"llvm", codegen::llvmVersion()},
          {"cpu", codegen::resolvedCpu({cpu, o.optLevel})},
          {"spec", o.inputs[0]},
          {"spec-hash", specHash(c)}};
}

std::unique_ptr<codegen::JitKernel> jitKernel(const Options& o, const Compilation& c, const plan::Plan& p,
                                              bool& cached, std::string& error) {
  codegen::Target t{o.cpu, o.optLevel};
  cached = false;
  if (!codegen::runsOnHost(t, error)) return nullptr;
  KernelCache cache(o.cache);
  std::string series;  // what the kernel records (--series)
  for (uint32_t i : p.series) series += " " + p.model.observables[i].name;
  std::string key = compilerIdentity() + "\nspec " + specHash(c) + "\nscenario " + p.model.scenario + "\nseries" +
                    series + "\n" + codegen::codeIdentity(t);
  if (auto object = cache.get(key)) {
    std::string loadError;
    if (auto k = codegen::jitLoad(*object, loadError)) {
      cached = true;
      return k;
    }
  }
  std::string object = codegen::jitObject(p, t, error);
  if (object.empty()) return nullptr;
  cache.put(key, object);
  return codegen::jitLoad(object, error);
}

}  // namespace sitc::driver
