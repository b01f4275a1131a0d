#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/MC/MCSubtargetInfo.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Passes/StandardInstrumentations.h>
#include <llvm/Support/CommandLine.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/TargetParser/Host.h>

#include "codegen/Internal.h"

namespace sitc::codegen {

void initTargets() {
  static bool done = [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    llvm::InitializeNativeTargetAsmParser();
    // Kernels are a few very large basic blocks. The instruction schedulers (before and after register
    // allocation) are quadratic in a block's size: they took two thirds of a hedged spec's compile time, for no
    // measurable speed on the out-of-order CPUs kernels run on (bench/README.md).
    std::vector<const char*> args = {"sitc", "-post-RA-scheduler=false", "-enable-misched=false"};
    if (const char* extra = std::getenv("SITC_LLVM_ARGS"); extra && *extra) args.push_back(extra);  // experiments
    llvm::cl::ParseCommandLineOptions(static_cast<int>(args.size()), args.data());
    return true;
  }();
  (void)done;
}

std::string llvmVersion() { return SITC_LLVM_VERSION; }

std::string codeIdentity(const Target& t) {
  std::string id = "llvm " + llvmVersion() + "; cpu " + resolvedCpu(t) + "; opt " + std::to_string(t.optLevel);
  if (t.cpu.empty() || t.cpu == "host")
    for (const auto& f : llvm::sys::getHostCPUFeatures()) id += std::string(f.getValue() ? " +" : " -") + f.getKey().str();
  if (const char* extra = std::getenv("SITC_LLVM_ARGS")) id += std::string("; llvm-args ") + extra;
  return id;
}

std::string resolvedCpu(const Target& t) {
  return t.cpu.empty() || t.cpu == "host" ? llvm::sys::getHostCPUName().str() : t.cpu;
}

std::unique_ptr<llvm::TargetMachine> makeTargetMachine(const Target& t, bool forObjectFile, std::string& error) {
  initTargets();
  std::string triple = llvm::sys::getProcessTriple();
  std::string err;
  const llvm::Target* target = llvm::TargetRegistry::lookupTarget(triple, err);
  if (!target) {
    error = "no LLVM target for " + triple + ": " + err;
    return nullptr;
  }
  std::string cpu = resolvedCpu(t);
  std::string features;
  if (t.cpu.empty() || t.cpu == "host") {
    llvm::SubtargetFeatures f;
    for (const auto& feature : llvm::sys::getHostCPUFeatures()) f.AddFeature(feature.getKey(), feature.getValue());
    features = f.getString();
  } else {
    // Check the name before LLVM silently falls back to a generic CPU.
    llvm::MCSubtargetInfo* sti = target->createMCSubtargetInfo(triple, "", "");
    bool known = sti && sti->isCPUStringValid(cpu);
    delete sti;
    if (!known) {
      error = "unknown CPU '" + cpu + "' (try x86-64, x86-64-v2, x86-64-v3, x86-64-v4 or host)";
      return nullptr;
    }
  }
  llvm::TargetOptions opts;  // FP op fusion stays at its default: no fmul+fadd contraction
  auto level = t.optLevel >= 3 ? llvm::CodeGenOptLevel::Aggressive
               : t.optLevel == 0 ? llvm::CodeGenOptLevel::None
                                 : llvm::CodeGenOptLevel::Default;
  auto reloc = forObjectFile ? std::optional<llvm::Reloc::Model>(llvm::Reloc::PIC_) : std::nullopt;
  auto cm = forObjectFile ? std::optional<llvm::CodeModel::Model>(llvm::CodeModel::Small) : std::nullopt;
  std::unique_ptr<llvm::TargetMachine> tm(target->createTargetMachine(triple, cpu, features, opts, reloc, cm, level));
  if (!tm) error = "cannot create a target machine for " + cpu;
  return tm;
}

bool runsOnHost(const Target& t, std::string& error) {
  if (t.cpu.empty() || t.cpu == "host") return true;
  initTargets();
  std::string err, triple = llvm::sys::getProcessTriple();
  const llvm::Target* target = llvm::TargetRegistry::lookupTarget(triple, err);
  if (!target) {
    error = "no LLVM target for " + triple + ": " + err;
    return false;
  }
  std::unique_ptr<llvm::MCSubtargetInfo> named(target->createMCSubtargetInfo(triple, t.cpu, ""));
  if (!named || !named->isCPUStringValid(t.cpu)) {
    error = "unknown CPU '" + t.cpu + "' (try x86-64, x86-64-v2, x86-64-v3, x86-64-v4 or host)";
    return false;
  }
  llvm::SubtargetFeatures hostFeatures;
  for (const auto& f : llvm::sys::getHostCPUFeatures()) hostFeatures.AddFeature(f.getKey(), f.getValue());
  std::unique_ptr<llvm::MCSubtargetInfo> host(
      target->createMCSubtargetInfo(triple, llvm::sys::getHostCPUName(), hostFeatures.getString()));
  // The instruction sets kernels can contain (tuning flags are not instructions and may differ).
  for (const char* isa : {"sse4.2", "popcnt", "avx", "avx2", "fma", "bmi", "bmi2", "f16c", "lzcnt", "movbe",
                          "avx512f", "avx512dq", "avx512bw", "avx512vl", "avx512cd", "avx512vbmi", "avx512ifma",
                          "avx512vnni", "avx512bf16", "avx512fp16", "amx-tile", "avx10.1-256"}) {
    std::string plus = std::string("+") + isa;
    if (named->checkFeatures(plus) && !host->checkFeatures(plus)) {
      error = "this machine cannot run code for CPU '" + t.cpu + "' (it lacks " + isa +
              "); use --cpu host or a lower level such as x86-64-v3";
      return false;
    }
  }
  return true;
}

void optimize(llvm::Module& m, llvm::TargetMachine& tm, int optLevel) {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PipelineTuningOptions pto;
  pto.LoopVectorization = true;
  pto.SLPVectorization = true;
  // Standard instrumentation makes LLVM's own -time-passes and -print-after work (SITC_LLVM_ARGS, for experiments).
  llvm::PassInstrumentationCallbacks pic;
  llvm::StandardInstrumentations si(m.getContext(), false);
  si.registerCallbacks(pic, &mam);
  llvm::PassBuilder pb(&tm, pto, std::nullopt, &pic);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::OptimizationLevel level = optLevel >= 3   ? llvm::OptimizationLevel::O3
                                  : optLevel == 2 ? llvm::OptimizationLevel::O2
                                  : optLevel == 1 ? llvm::OptimizationLevel::O1
                                                  : llvm::OptimizationLevel::O0;
  llvm::ModulePassManager mpm = level == llvm::OptimizationLevel::O0 ? pb.buildO0DefaultPipeline(level)
                                                                      : pb.buildPerModuleDefaultPipeline(level);
  mpm.run(m, mam);
}

}  // namespace sitc::codegen
