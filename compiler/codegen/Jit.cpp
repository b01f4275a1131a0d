// The ways out of codegen: an object for the JIT (sitc run; the driver may cache it), textual IR/assembly (--emit),
// an object file for a simulator (sitc build).
#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/IR/Constants.h>
#include <llvm/IR/GlobalVariable.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/raw_ostream.h>

#include <unistd.h>

#include "codegen/Internal.h"

namespace sitc::codegen {

struct JitKernel::Impl {
  std::unique_ptr<llvm::orc::LLJIT> jit;
};
JitKernel::~JitKernel() = default;

namespace {
struct Built {
  std::unique_ptr<llvm::LLVMContext> ctx;
  std::unique_ptr<llvm::TargetMachine> tm;
  std::unique_ptr<llvm::Module> mod;
};

bool buildOptimized(const plan::Plan& p, const Target& t, bool forObject, Built& out, std::string& error) {
  out.tm = makeTargetMachine(t, forObject, error);
  if (!out.tm) return false;
  out.ctx = std::make_unique<llvm::LLVMContext>();
  out.mod = buildKernelModule(p, *out.ctx, *out.tm, error);
  if (!out.mod) return false;
  optimize(*out.mod, *out.tm, t.optLevel);
  return true;
}

std::string errorText(llvm::Error e) { return llvm::toString(std::move(e)); }

bool emitMachineCode(Built& b, llvm::raw_pwrite_stream& os, llvm::CodeGenFileType type, std::string& error) {
  llvm::legacy::PassManager pm;
  if (b.tm->addPassesToEmitFile(pm, os, nullptr, type)) {
    error = "this target cannot emit the requested file type";
    return false;
  }
  pm.run(*b.mod);
  return true;
}
}  // namespace

std::string jitObject(const plan::Plan& p, const Target& t, std::string& error) {
  // The JIT runs here: another CPU only if this one has every instruction set that CPU's code may use.
  if (!runsOnHost(t, error)) return "";
  Built b;
  if (!buildOptimized(p, t, true, b, error)) return "";
  llvm::SmallString<0> buf;
  llvm::raw_svector_ostream os(buf);
  if (!emitMachineCode(b, os, llvm::CodeGenFileType::ObjectFile, error)) return "";
  return std::string(buf.str());
}

std::unique_ptr<JitKernel> jitLoad(const std::string& object, std::string& error) {
  initTargets();
  auto jit = llvm::orc::LLJITBuilder().create();
  if (!jit) {
    error = errorText(jit.takeError());
    return nullptr;
  }
  // Kernels call nothing but libc and libm (memset, fma on CPUs without it): found in this process.
  auto gen = llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess((*jit)->getDataLayout().getGlobalPrefix());
  if (!gen) {
    error = errorText(gen.takeError());
    return nullptr;
  }
  (*jit)->getMainJITDylib().addGenerator(std::move(*gen));
  auto buffer = llvm::MemoryBuffer::getMemBufferCopy(object, "sit_kernel.o");
  if (auto err = (*jit)->addObjectFile(std::move(buffer))) {
    error = errorText(std::move(err));
    return nullptr;
  }
  auto sym = (*jit)->lookup("sit_kernel");
  if (!sym) {
    error = errorText(sym.takeError());
    return nullptr;
  }
  auto prep = (*jit)->lookup("sit_prepare");
  if (!prep) {
    error = errorText(prep.takeError());
    return nullptr;
  }
  auto check = (*jit)->lookup("sit_check_params");
  if (!check) {
    error = errorText(check.takeError());
    return nullptr;
  }
  auto k = std::make_unique<JitKernel>();
  k->fn = sym->toPtr<SitKernelFn>();
  k->prepare = prep->toPtr<SitPrepareFn>();
  k->checkParams = check->toPtr<SitCheckParamsFn>();
  k->impl = std::make_unique<JitKernel::Impl>();
  k->impl->jit = std::move(*jit);
  return k;
}

std::unique_ptr<JitKernel> jitCompile(const plan::Plan& p, const Target& t, std::string& error) {
  std::string object = jitObject(p, t, error);
  return object.empty() ? nullptr : jitLoad(object, error);
}

std::string emitLLVM(const plan::Plan& p, const Target& t, std::string& error) {
  Built b;
  if (!buildOptimized(p, t, false, b, error)) return "";
  std::string s;
  llvm::raw_string_ostream os(s);
  b.mod->print(os, nullptr);
  return os.str();
}

std::string emitAsm(const plan::Plan& p, const Target& t, std::string& error) {
  Built b;
  if (!buildOptimized(p, t, true, b, error)) return "";
  llvm::SmallString<0> buf;
  llvm::raw_svector_ostream os(buf);
  if (!emitMachineCode(b, os, llvm::CodeGenFileType::AssemblyFile, error)) return "";
  return std::string(buf.str());
}

std::string emitObject(const plan::Plan& p, const Target& t, const std::string& specJson, std::string& error) {
  Built b;
  if (!buildOptimized(p, t, true, b, error)) return "";
  auto* data = llvm::ConstantDataArray::getString(*b.ctx, specJson, /*AddNull=*/true);
  new llvm::GlobalVariable(*b.mod, data->getType(), /*isConstant=*/true, llvm::GlobalValue::ExternalLinkage, data,
                           "sit_spec_json");
  llvm::SmallVector<char, 0> buf;
  llvm::raw_svector_ostream os(buf);
  if (!emitMachineCode(b, os, llvm::CodeGenFileType::ObjectFile, error)) return "";
  return std::string(buf.begin(), buf.end());
}

}  // namespace sitc::codegen
