// Plan -> LLVM IR -> optimised native kernel (JIT) or object file. The only interface to LLVM; no LLVM types
// cross it, so only codegen's own files pay for LLVM's headers.
#pragma once
#include <memory>
#include <string>

#include "plan/Plan.h"
#include "sitrt/kernel_abi.h"

namespace sitc::codegen {

struct Target {
  std::string cpu = "host";  // or an LLVM CPU name: x86-64, x86-64-v3, znver4, ...
  int optLevel = 3;          // 0..3
};

// A JIT-compiled kernel; the code stays valid while this object lives.
class JitKernel {
 public:
  ~JitKernel();
  SitKernelFn fn = nullptr;
  SitPrepareFn prepare = nullptr;
  SitCheckParamsFn checkParams = nullptr;
  struct Impl;
  std::unique_ptr<Impl> impl;
};

// True if code for t.cpu runs on this machine (every instruction set it implies is here); else says why.
bool runsOnHost(const Target& t, std::string& error);

// The kernel as machine code for this process (relocatable object), and that object linked into a JIT: the two
// halves of jitCompile, so that the driver can cache objects (KernelCache.h).
std::string jitObject(const plan::Plan& p, const Target& t, std::string& error);
std::unique_ptr<JitKernel> jitLoad(const std::string& object, std::string& error);
std::unique_ptr<JitKernel> jitCompile(const plan::Plan& p, const Target& t, std::string& error);
std::string emitLLVM(const plan::Plan& p, const Target& t, std::string& error);  // optimised IR text
std::string emitAsm(const plan::Plan& p, const Target& t, std::string& error);
// An ELF object defining `sit_kernel` (with PIC, small code model) and `sit_spec_json` (the null-terminated
// `specJson`, which the simulator's main reads), for linking into a simulator; "" on failure (with `error`).
std::string emitObject(const plan::Plan& p, const Target& t, const std::string& specJson, std::string& error);

std::string llvmVersion();
// What besides the plan decides a kernel's code for target t: LLVM's version, the CPU and its features, the
// optimisation level and LLVM options.
std::string codeIdentity(const Target& t);
std::string resolvedCpu(const Target& t);  // "host" resolved to the host's CPU name

}  // namespace sitc::codegen
