// Loading the modules a spec imports (loadImports: `import std.processes;` finds std/processes.sit in the standard
// library or the search path, transitively, each once), and the "add 'import std;'" hint for an unknown name.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <sys/stat.h>

#include "frontend/Parse.h"
#include "sitrt/files.h"
#include "sema/Program.h"

namespace sitc::sema {

namespace fs = std::filesystem;

bool loadImports(SourceManager& sm, const LoadOptions& opt, DiagEngine& diags, Program& out) {
  uint32_t file = out.modules.front()->file;
  out.stdlibDir = opt.stdlibDir;
  std::vector<std::string> dirs = {opt.stdlibDir};
  for (const auto& d : opt.searchPath) dirs.push_back(d);
  dirs.push_back(fs::path(sm.name(file)).parent_path().string());

  std::set<std::string> loaded;
  // Files already loaded, by identity: a cycle back to the main file (or one module reached by two names) must not
  // load it a second time, where its declarations would clash with themselves.
  std::vector<sitrt::FileId> files;
  if (sitrt::FileId id; sitrt::fileId(sm.name(file), id)) files.push_back(id);
  bool ok = true;
  // Breadth-first over imports; each module is loaded once, so import cycles are harmless.
  for (size_t i = 0; i < out.modules.size(); ++i) {
    for (const ast::ImportDecl& imp : out.modules[i]->imports) {
      std::string name = imp.dotted();
      if (!loaded.insert(name).second) continue;
      std::string rel;
      for (const auto& part : imp.path) rel += (rel.empty() ? "" : "/") + part.name;
      rel += ".sit";
      std::string found;
      for (const auto& d : dirs) {
        fs::path p = fs::path(d.empty() ? "." : d) / rel;
        std::error_code ec;
        // Anything but a directory is found, so that a FIFO or a device is refused by name (readInputFile).
        if (fs::exists(p, ec) && !fs::is_directory(p, ec)) {
          found = p.string();
          break;
        }
      }
      if (found.empty()) {
        diags.report(Diag::ModuleNotFound, imp.range, {name, rel});
        ok = false;
        continue;
      }
      if (sitrt::FileId id; sitrt::fileId(found, id)) {
        if (i == 0 && !files.empty() && id == files[0]) {
          diags.report(Diag::ImportsItself, imp.range, {sm.name(file), name});
          ok = false;
          continue;
        }
        if (std::find(files.begin(), files.end(), id) != files.end()) continue;
        files.push_back(id);
      }
      std::string text;
      if (std::string err = sitrt::readInputFile(found, text); !err.empty()) {
        diags.report(Diag::ModuleUnreadable, imp.range, {err});
        ok = false;
        continue;
      }
      uint32_t id = sm.addFile(found, std::move(text));
      auto m = frontend::parseModule(sm, id, name, diags);
      if (!m) {
        ok = false;
        continue;
      }
      out.modules.push_back(std::move(m));
    }
  }
  return ok;
}

std::string importHint(const Program& p, const std::string& name) {
  if (p.stdlibDir.empty() || name.empty()) return "";
  std::error_code ec;
  fs::recursive_directory_iterator it(p.stdlibDir, fs::directory_options::skip_permission_denied, ec), end;
  // A text scan of the declarations' first lines (this runs only on an error, so the stdlib is not parsed).
  for (int files = 0; !ec && it != end && files < 100; it.increment(ec)) {
    if (it->path().extension() != ".sit" || !it->is_regular_file(ec)) continue;
    ++files;
    std::string module = fs::relative(it->path(), p.stdlibDir, ec).replace_extension().string();
    std::replace(module.begin(), module.end(), '/', '.');
    bool imported = std::any_of(p.modules.begin(), p.modules.end(), [&](const auto& m) { return m->name == module; });
    if (imported) continue;
    std::ifstream in(it->path());
    std::string line;
    for (int n = 0; n < 10000 && std::getline(in, line); ++n)
      for (const char* kw : {"contract ", "process ", "fn ", "unit "})
        if (line.rfind(kw, 0) == 0) {
          std::string rest = line.substr(std::string(kw).size());
          size_t len = 0;
          while (len < rest.size() && (std::isalnum(static_cast<unsigned char>(rest[len])) || rest[len] == '_')) ++len;
          if (rest.substr(0, len) == name) return " (module '" + module + "' declares it: add 'import " + module + ";')";
        }
  }
  return "";
}

}  // namespace sitc::sema
