// Internal to codegen (includes LLVM).
#pragma once
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Target/TargetMachine.h>

#include <memory>
#include <string>

#include "codegen/Codegen.h"

namespace sitc::codegen {

// Builds `i32 sit_kernel(ptr args)` for the plan, with the runtime bitcode linked in.
std::unique_ptr<llvm::Module> buildKernelModule(const plan::Plan& p, llvm::LLVMContext& ctx,
                                                llvm::TargetMachine& tm, std::string& error);

// What the linked runtime variant is: its name and how many paths a kernel block holds.
struct RuntimeInfo {
  const char* variant = "";
  unsigned lanes = 0;
};

// Parses the embedded runtime bitcode for the target machine's instruction set and links it into `m`; its
// functions become internal and always-inline, without target attributes of their own (they take the kernel's).
bool linkRuntime(llvm::Module& m, const llvm::TargetMachine& tm, RuntimeInfo& info, std::string& error);

// Registers the native target with LLVM (once) and sets codegen's LLVM options.
void initTargets();

// A target machine for the CPU (JIT: default code model; AOT: PIC + small code model).
std::unique_ptr<llvm::TargetMachine> makeTargetMachine(const Target& t, bool forObjectFile, std::string& error);

// Runs the new-PM O<n> pipeline tuned for the machine.
void optimize(llvm::Module& m, llvm::TargetMachine& tm, int optLevel);

}  // namespace sitc::codegen
