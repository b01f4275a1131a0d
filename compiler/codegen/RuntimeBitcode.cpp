// The runtime maths (runtime/bitcode/kernel_math.cpp), embedded as bitcode once per instruction-set level, and
// linked into each kernel module so that it inlines.
#include <llvm/Bitcode/BitcodeReader.h>
#include <llvm/IR/Attributes.h>
#include <llvm/IR/Constants.h>
#include <llvm/IR/GlobalVariable.h>
#include <llvm/Linker/Linker.h>
#include <llvm/MC/MCSubtargetInfo.h>
#include <llvm/Support/MemoryBuffer.h>

#include "codegen/Internal.h"

#define SITRT_BITCODE(name)                                  \
  extern const unsigned char sitrt_kernel_math_##name##_bc[]; \
  extern const size_t sitrt_kernel_math_##name##_bc_size;
SITRT_BITCODE(generic)
SITRT_BITCODE(avx2)
SITRT_BITCODE(avx512)

namespace sitc::codegen {

namespace {
struct Variant {
  const char* name;
  const char* features;  // what the variant's code needs of the kernel's CPU
  const unsigned char* data;
  size_t size;
};
// Widest first: the first variant the CPU supports is used.
const Variant kVariants[] = {
    {"avx512", "+avx512f,+avx512dq,+avx512vl,+avx512bw,+avx2,+fma", sitrt_kernel_math_avx512_bc,
     sitrt_kernel_math_avx512_bc_size},
    {"avx2", "+avx2,+fma", sitrt_kernel_math_avx2_bc, sitrt_kernel_math_avx2_bc_size},
    {"generic", "", sitrt_kernel_math_generic_bc, sitrt_kernel_math_generic_bc_size},
};
}  // namespace

bool linkRuntime(llvm::Module& m, const llvm::TargetMachine& tm, RuntimeInfo& info, std::string& error) {
  const Variant* v = &kVariants[std::size(kVariants) - 1];
  for (const Variant& c : kVariants)
    if (!*c.features || tm.getMCSubtargetInfo()->checkFeatures(c.features)) {
      v = &c;
      break;
    }
  llvm::StringRef data(reinterpret_cast<const char*>(v->data), v->size);
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
    f.removeFnAttr("min-legal-vector-width");
    f.removeFnAttr(llvm::Attribute::OptimizeNone);
    // Entry points the runtime marks noinline (big, called once per step or day) stay calls; the rest inline.
    if (f.getName().starts_with("sitrt_") && f.hasFnAttribute(llvm::Attribute::NoInline)) continue;
    f.removeFnAttr(llvm::Attribute::NoInline);
    f.addFnAttr(llvm::Attribute::AlwaysInline);
  }
  if (llvm::Linker::linkModules(m, std::move(*rt))) {
    error = "cannot link the runtime bitcode into the kernel";
    return false;
  }
  for (llvm::Function& f : m)
    if (!f.isDeclaration() && f.getName().starts_with("sitrt_")) f.setLinkage(llvm::GlobalValue::InternalLinkage);
  for (llvm::GlobalVariable& g : m.globals())  // the block width and the ABI types: no symbols of the kernel
    if (g.getName().starts_with("sitrt_")) g.setLinkage(llvm::GlobalValue::InternalLinkage);
  auto* lanes = m.getGlobalVariable("sitrt_lanes", true);
  auto* init = lanes ? llvm::dyn_cast_or_null<llvm::ConstantInt>(lanes->getInitializer()) : nullptr;
  if (!init) {
    error = "the runtime bitcode does not say its block width";
    return false;
  }
  info.variant = v->name;
  info.lanes = static_cast<unsigned>(init->getZExtValue());
  return true;
}

}  // namespace sitc::codegen
