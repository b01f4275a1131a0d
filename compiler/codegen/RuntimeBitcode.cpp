#include <llvm/Bitcode/BitcodeReader.h>
#include <llvm/IR/Attributes.h>
#include <llvm/Linker/Linker.h>
#include <llvm/Support/MemoryBuffer.h>

#include "codegen/Internal.h"

extern const unsigned char sitrt_kernel_math_bc[];
extern const size_t sitrt_kernel_math_bc_size;

namespace sitc::codegen {

bool linkRuntime(llvm::Module& m, std::string& error) {
  llvm::StringRef data(reinterpret_cast<const char*>(sitrt_kernel_math_bc), sitrt_kernel_math_bc_size);
  auto rt = llvm::parseBitcodeFile(llvm::MemoryBufferRef(data, "sitrt_kernel_math"), m.getContext());
  if (!rt) {
    error = "cannot load the runtime bitcode: " + llvm::toString(rt.takeError());
    return false;
  }
  (*rt)->setDataLayout(m.getDataLayout());
  (*rt)->setTargetTriple(m.getTargetTriple());
  for (llvm::Function& f : **rt) {
    if (f.isDeclaration()) continue;
    f.removeFnAttr("target-cpu");
    f.removeFnAttr("target-features");
    f.removeFnAttr("tune-cpu");
    f.removeFnAttr(llvm::Attribute::OptimizeNone);
    f.removeFnAttr(llvm::Attribute::NoInline);
    f.addFnAttr(llvm::Attribute::AlwaysInline);
  }
  if (llvm::Linker::linkModules(m, std::move(*rt))) {
    error = "cannot link the runtime bitcode into the kernel";
    return false;
  }
  for (llvm::Function& f : m)
    if (!f.isDeclaration() && f.getName().starts_with("sitrt_")) f.setLinkage(llvm::GlobalValue::InternalLinkage);
  return true;
}

}  // namespace sitc::codegen
