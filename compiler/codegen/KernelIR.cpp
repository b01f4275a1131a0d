// The kernel's entry points and its arguments: the constructor sizes the kernel (draw chunk, grouped or not),
// build() lays out sit_kernel's block loop; the runtime's functions and types are looked up in the linked
// bitcode (runtime/bitcode/kernel_math.cpp), never restated here. The overview is in KernelBuilder.h.
#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>

#include "codegen/Internal.h"
#include "codegen/KernelBuilder.h"
#include "sitrt/kernel_abi.h"

namespace sitc::codegen {

using ir::Op;

KernelBuilder::KernelBuilder(const plan::Plan& p, llvm::Module& mod, unsigned lanes)
    : p_(p), m_(p.model), mod_(mod), ctx_(mod.getContext()), b_(ctx_), kW(lanes) {
  f64_ = llvm::Type::getDoubleTy(ctx_);
  i64_ = llvm::Type::getInt64Ty(ctx_);
  i32_ = llvm::Type::getInt32Ty(ctx_);
  vf_ = llvm::FixedVectorType::get(f64_, kW);
  vmask_ = llvm::FixedVectorType::get(llvm::Type::getInt1Ty(ctx_), kW);
  ptr_ = llvm::PointerType::get(ctx_, 0);
  uint64_t perStep = std::max<uint64_t>(1, p.slots) * kW * 8;
  ahead_ = static_cast<unsigned>(std::clamp<uint64_t>(kMaxDrawBufferBytes / perStep, 1, kAheadSteps));
  size_t total = 0;
  for (const auto& st : m_.states) total += (st.init ? nodes(*st.init) : 0) + (st.update ? nodes(*st.update) : 0);
  for (const auto& t : m_.temps) total += nodes(*t.expr);
  for (const auto& a : m_.aggs) total += nodes(*a.input);
  for (const auto& o : m_.outputs) total += o.expr ? nodes(*o.expr) * ir::outputColumns(o) : 0;
  grouped_ = total > kGroupedCost;
}

bool KernelBuilder::build(std::string& error) {
  if (!lookupRuntime(error)) return false;
  buildCheckParams();
  llvm::Function* checkParams = fn_;
  buildPrepare();
  llvm::Function* prepare = fn_;
  auto* fty = llvm::FunctionType::get(i32_, {ptr_}, false);
  fn_ = llvm::Function::Create(fty, llvm::Function::ExternalLinkage, "sit_kernel", mod_);
  fn_->addFnAttr(llvm::Attribute::NoUnwind);
  kernelFn_ = fn_;
  auto* entry = llvm::BasicBlock::Create(ctx_, "entry", fn_);
  b_.SetInsertPoint(entry);
  loadArgs();
  allocateSlots();
  loadBooks();
  drawLayout();
  poissonTables();

  // Loops are built rotated (do-while, guarded once), so LLVM's loop rotation, superlinear on a step body with
  // thousands of loop-carried values, has nothing to do.
  auto* blockBody = newBlock("block.body");
  auto* exit = newBlock("exit");
  b_.CreateStore(b_.getInt64(0), blockIdx_);
  b_.CreateCondBr(b_.CreateICmpNE(numPaths_, b_.getInt64(0)), blockBody, exit);

  b_.SetInsertPoint(blockBody);
  blockStart_ = b_.CreateLoad(i64_, blockIdx_, "b");
  path0_ = b_.CreateAdd(firstPath_, blockStart_, "path0");
  valid_ = laneValidMask();
  initPath();
  stepLoop();
  pathEnd();
  Value* nextBlock = b_.CreateAdd(blockStart_, b_.getInt64(kW));
  b_.CreateStore(nextBlock, blockIdx_);
  b_.CreateCondBr(b_.CreateICmpULT(nextBlock, numPaths_), blockBody, exit);

  b_.SetInsertPoint(exit);
  b_.CreateRet(b_.getInt32(0));

  std::string msg;
  llvm::raw_string_ostream os(msg);
  if (llvm::verifyFunction(*fn_, &os) || llvm::verifyFunction(*prepare, &os) ||
      llvm::verifyFunction(*checkParams, &os)) {
    error = "internal error: invalid kernel IR: " + os.str();
    return false;
  }
  return true;
}

bool KernelBuilder::lookupRuntime(std::string& error) {
  for (auto [name, f] : std::initializer_list<std::pair<const char*, llvm::Function**>>{
           {"sitrt_exp", &exp_}, {"sitrt_log", &log_}, {"sitrt_pow", &pow_},
           {"sitrt_lazy_normal", &lazyNormal_}, {"sitrt_poisson", &poisson_},
           {"sitrt_poisson_table", &poissonTable_}, {"sitrt_poisson_from_table", &poissonFromTable_},
           {"sitrt_poisson_all_zero", &poissonAllZero_},
           {"sitrt_draw_steps", &drawSteps_}, {"sitrt_hedge_day", &hedgeDay_},
           {"sitrt_hedged_cost", &hedgedCost_},
           {"sitrt_curve_realize", &curveRealize_}, {"sitrt_curve_needs", &curveNeeds_},
           {"sitrt_curve_marks", &curveMarks_}, {"sitrt_store_columns", &storeColumns_}}) {
    *f = mod_.getFunction(name);
    if (!*f) {
      error = std::string("internal error: the runtime bitcode has no ") + name;
      return false;
    }
  }
  auto typeOf = [&](const char* name) -> llvm::StructType* {
    auto* g = mod_.getGlobalVariable(name, true);
    return g ? llvm::dyn_cast<llvm::StructType>(g->getValueType()) : nullptr;
  };
  drawLayoutTy_ = typeOf("sitrt_type_draw_layout");
  poissonTableTy_ = typeOf("sitrt_type_poisson_table");
  if (!drawLayoutTy_ || !poissonTableTy_) {
    error = "internal error: the runtime bitcode lacks the DrawLayout or PoissonTable type";
    return false;
  }
  return true;
}

// A runtime function `void f(lead..., const F* a, ..., F* result)` on vector values. Each call gets slots of
// its own: one store and one load each, which SROA promotes at once (shared slots with thousands of uses made
// it quadratic).
Value* KernelBuilder::callVec(llvm::Function* f, std::initializer_list<Value*> args, std::initializer_list<Value*> lead) {
  std::vector<Value*> ptrs(lead);
  for (Value* a : args) {
    auto* s = slot(vf_, "arg");
    b_.CreateStore(a, s);
    ptrs.push_back(s);
  }
  auto* result = slot(vf_, "result");
  ptrs.push_back(result);
  b_.CreateCall(f, ptrs);
  return b_.CreateLoad(vf_, result);
}

void KernelBuilder::loadArgs() {
  Value* a = fn_->getArg(0);
  args_ = a;
  auto field = [&](unsigned offset, llvm::Type* t, const char* name) {
    return b_.CreateLoad(t, b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), a, offset), name);
  };
  params_ = field(offsetof(SitKernelArgs, params), ptr_, "params");
  seed_ = field(offsetof(SitKernelArgs, seed), i64_, "seed");
  stream_ = field(offsetof(SitKernelArgs, stream), i32_, "stream");
  firstPath_ = field(offsetof(SitKernelArgs, firstPath), i64_, "firstPath");
  numPaths_ = field(offsetof(SitKernelArgs, numPaths), i64_, "numPaths");
  out_ = field(offsetof(SitKernelArgs, out), ptr_, "out");
  stride_ = field(offsetof(SitKernelArgs, outStride), i64_, "stride");
  if (!p_.series.empty()) {
    series_ = field(offsetof(SitKernelArgs, series), ptr_, "series");
    seriesStride_ = field(offsetof(SitKernelArgs, seriesStride), i64_, "seriesStride");
    seriesPaths_ = field(offsetof(SitKernelArgs, seriesPaths), i64_, "seriesPaths");
    seriesPoint_ = field(offsetof(SitKernelArgs, seriesPoint), ptr_, "seriesPoint");
  }
  loadParams(params_);  // constant over the call: load each once, here
}

void KernelBuilder::loadParams(Value* params) {
  paramValues_.clear();
  for (uint32_t i = 0; i < p_.numParams; ++i)
    paramValues_.push_back(b_.CreateLoad(f64_, b_.CreateConstInBoundsGEP1_64(f64_, params, i)));
}

std::unique_ptr<llvm::Module> buildKernelModule(const plan::Plan& p, llvm::LLVMContext& ctx,
                                                llvm::TargetMachine& tm, std::string& error) {
  auto mod = std::make_unique<llvm::Module>("sit_" + p.model.scenario, ctx);
  mod->setDataLayout(tm.createDataLayout());
  mod->setTargetTriple(tm.getTargetTriple().str());
  RuntimeInfo rt;
  if (!linkRuntime(*mod, tm, rt, error)) return nullptr;
  if (!KernelBuilder(p, *mod, rt.lanes).build(error)) return nullptr;
  if (llvm::Function* k = mod->getFunction("sit_kernel")) {  // the IR says what it was optimised for
    k->addFnAttr("target-cpu", tm.getTargetCPU());
    if (!tm.getTargetFeatureString().empty()) k->addFnAttr("target-features", tm.getTargetFeatureString());
  }
  return mod;
}

}  // namespace sitc::codegen
