// sitc build FILE -o SIM: the scenario's kernel and spec as an object file, linked with libsitrt's simulator
// main into an executable that needs neither the compiler nor LLVM.
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "codegen/Codegen.h"
#include "driver/Commands.h"
#include "driver/Compile.h"
#include "sitrt/sim_spec_json.h"

#include "sitrt/files.h"

namespace sitc::driver {

int runBuild(const Options& o) {
  Compilation c;
  int exitCode;
  const plan::Plan* p = compileScenario(o, c, exitCode);
  if (!p) return exitCode;

  const std::vector<sitrt::FileId> inputs = inputFiles(c);
  if (std::string e = sitrt::checkOutput(o.run.out, inputs, sitrt::OutputKind::Executable); !e.empty()) {
    std::cerr << "sitc: error: -o: " << e << "\n";
    return kExitUsage;
  }
  std::string json = sitrt::simSpecToJson(p->simSpec(c.sm), buildManifest(o, c, o.cpu));
  // A symlink stays a symlink: its target is the file replaced.
  std::string exe = o.run.out;
  if (char real[PATH_MAX]; ::realpath(exe.c_str(), real)) exe = real;
  // Intermediate files go next to the output, so the final rename cannot cross file systems; they are removed
  // however the build ends, Ctrl-C included.
  sitrt::TempPath tmp(exe), obj(exe, ".o");
  std::string error;
  std::string object = codegen::emitObject(*p, codegen::Target{o.cpu, o.optLevel}, json, error);
  if (object.empty()) {
    std::cerr << "sitc: error: " << error << "\n";
    return kExitRuntime;
  }
  if (std::string e = obj.write(object); !e.empty()) {
    std::cerr << "sitc: error: cannot write '" << obj.path() << "': " << e << "\n";
    return kExitRuntime;
  }
  // The compiler that built this runtime links it ($CXX overrides it), with the same sanitizers, if any.
  const char* cxx = std::getenv("CXX");
  std::string rt = runtimeLibDir();
  std::vector<std::string> cmd = {cxx && *cxx ? cxx : SITC_LINKER, obj.path(), "-o", tmp.path(), "-L" + rt,
                                  "-lsitrt_main", "-lsitrt_cli", "-lsitrt", "-lboost_program_options", "-pthread"};
  if (std::string flags = SITC_LINK_FLAGS; !flags.empty()) cmd.push_back(flags);
  // The MPI libraries the runtime was built with (ranks.h): a simulator joins an MPI job as sitc does.
  for (std::string libs = SITC_MPI_LIBRARIES; !libs.empty();) {
    size_t bar = libs.find('|');
    cmd.push_back(libs.substr(0, bar));
    libs = bar == std::string::npos ? "" : libs.substr(bar + 1);
  }
  int rc = sitrt::spawnAndWait(cmd);
  if (rc != 0) {
    std::string line;
    for (const auto& s : cmd) line += (line.empty() ? "" : " ") + s;
    std::cerr << "sitc: error: linking the simulator failed (" << (rc < 0 ? "cannot run the linker" : "exit " + std::to_string(rc))
              << "): " << line << "\n";
    return kExitRuntime;
  }
  // Checked again: the output may have changed while the simulator was compiled and linked.
  if (std::string e = sitrt::checkOutput(o.run.out, inputs, sitrt::OutputKind::Executable); !e.empty()) {
    std::cerr << "sitc: error: " << e << "\n";
    return kExitRuntime;
  }
  if (::rename(tmp.path().c_str(), exe.c_str()) != 0) {
    std::cerr << "sitc: error: cannot write '" << o.run.out << "': " << std::strerror(errno) << "\n";
    return kExitRuntime;
  }
  tmp.release();
  return kExitOk;
}

}  // namespace sitc::driver
