// Plan -> LLVM IR. The kernel simulates a block of N paths at once (N from the linked runtime variant: 16 on
// AVX-512 and AVX2, 8 elsewhere): every value is an <N x double>, so the step loop runs in SIMD registers with the
// runtime's RNG and maths inlined (no calls).
//
//   i32 sit_kernel(SitKernelArgs* a)
//     Poisson CDF tables and forward tables (run constants)
//     for each block of N paths:                 lanes past numPaths are computed but masked out
//       init
//       for each chunk of up to kAheadSteps steps:
//         draws of the chunk's steps at once     (runtime drawSteps: Philox, normals with compacted tails,
//                                                  correlations)
//         for each step of the chunk: lazy draws, step temps, updates, observed, aggregates, hedge days
//       path end; stores
//       a failing run-time check returns 1 + its index (the first failing path's lowest check)
//
// Loop-carried values (states, temporaries, accumulators, check flags) live in allocas that mem2reg promotes;
// the IR stays a direct transcription of the plan. Runtime functions take vectors by pointer; after inlining,
// SROA turns the scratch slots back into registers.
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>

#include <functional>
#include <map>

#include "codegen/Internal.h"
#include "sitrt/draws.h"
#include "sitrt/hedge.h"

namespace sitc::codegen {

using ir::Op;
using llvm::Value;

namespace {

// Steps whose random numbers are drawn together: enough that the normals' tail lanes fill registers and the
// generator's work overlaps the dynamics, few enough that the buffer stays in L1.
constexpr unsigned kAheadSteps = 8;
constexpr uint64_t kMaxDrawBufferBytes = 64 * 1024;

// Large kernels. A spec with thousands of values makes a step body of tens of thousands of instructions, and
// LLVM's code generator is superlinear in the size of a function. Above kGroupedCost the kernel keeps its
// per-path values in one frame in memory and runs each phase (initial values, step temporaries, updates,
// observed values, aggregates, outputs) as calls to functions of about kGroupCost each, so compile time grows
// linearly with the spec. Smaller kernels keep every value in registers. The cost of an expression estimates the
// IR it becomes: one per operator, more for the maths the runtime inlines (exp, log, pow: tens of instructions).
constexpr size_t kGroupedCost = 12000, kGroupCost = 800;

size_t nodes(const ir::Expr& e) {
  size_t n = e.op == Op::Exp ? 40 : e.op == Op::Log ? 45 : e.op == Op::Pow ? 90 : e.op == Op::Poisson ? 10 : 1;
  for (const auto& a : e.args) n += nodes(*a);
  return n;
}
bool usesHedge(const ir::Expr& e) {
  if (e.op == Op::Hedge) return true;
  for (const auto& a : e.args)
    if (usesHedge(*a)) return true;
  return false;
}

// True when `e` is known before any path starts: constants, params and dt only.
bool runConstant(const ir::Expr& e) {
  switch (e.op) {
    case Op::Const: case Op::Param: case Op::Dt: return true;
    default:
      if (ir::isLeaf(e.op) || e.op == Op::Poisson || e.op == Op::Let) return false;
      for (const auto& a : e.args)
        if (!runConstant(*a)) return false;
      return true;
  }
}

class KernelBuilder {
 public:
  KernelBuilder(const plan::Plan& p, llvm::Module& mod, unsigned lanes)
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
    for (const auto& o : m_.outputs) total += o.expr ? nodes(*o.expr) * std::max<uint32_t>(1, o.type.windows) : 0;
    grouped_ = total > kGroupedCost;
  }

  bool build(std::string& error) {
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

 private:
  llvm::BasicBlock* newBlock(const char* name) { return llvm::BasicBlock::Create(ctx_, name, fn_); }
  Value* splat(double v) { return llvm::ConstantVector::getSplat(llvm::ElementCount::getFixed(kW), llvm::ConstantFP::get(f64_, v)); }
  Value* splat(Value* scalar) { return b_.CreateVectorSplat(kW, scalar); }
  Value* toDouble(Value* mask) { return b_.CreateUIToFP(mask, vf_); }
  Value* truth(Value* v) { return b_.CreateFCmpUNE(v, splat(0.0)); }  // C++'s `v != 0`
  Value* anyLane(Value* mask) { return b_.CreateOrReduce(mask); }

  // Allocas go to the entry block, so that mem2reg and SROA can promote them wherever they are created.
  llvm::AllocaInst* slot(llvm::Type* t, const llvm::Twine& name) {
    llvm::IRBuilder<> e(&fn_->getEntryBlock(), fn_->getEntryBlock().begin());
    return e.CreateAlloca(t, nullptr, name);
  }

  // --- the runtime (runtime/bitcode/kernel_math.cpp, linked into the module before this builder runs) ---------
  bool lookupRuntime(std::string& error) {
    for (auto [name, f] : std::initializer_list<std::pair<const char*, llvm::Function**>>{
             {"sitrt_exp", &exp_}, {"sitrt_log", &log_}, {"sitrt_pow", &pow_},
             {"sitrt_lazy_normal", &lazyNormal_}, {"sitrt_poisson", &poisson_},
             {"sitrt_poisson_table", &poissonTable_}, {"sitrt_poisson_from_table", &poissonFromTable_},
             {"sitrt_poisson_all_zero", &poissonAllZero_},
             {"sitrt_draw_steps", &drawSteps_}, {"sitrt_hedge_day", &hedgeDay_},
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
  Value* callVec(llvm::Function* f, std::initializer_list<Value*> args, std::initializer_list<Value*> lead = {}) {
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

  void loadArgs() {
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
    loadParams(params_);  // constant over the call: load each once, here
  }

  // The frame of a grouped kernel (see kGroupedNodes), in this order.
  enum FrameField { kStates, kNext, kTemps, kAggs, kWins, kWinIdx, kWinStart, kChecks, kTables, kStep, kRow,
                    kParams, kOut, kStride, kBlockStart, kFrameFields };
  llvm::StructType* frameType() {
    uint64_t wins = 0;
    for (const auto& a : m_.aggs) wins += a.windows;
    auto arr = [](llvm::Type* t, uint64_t n) { return llvm::ArrayType::get(t, n); };
    return llvm::StructType::get(ctx_, {arr(vf_, m_.states.size()), arr(vf_, m_.states.size()), arr(vf_, m_.temps.size()),
                                        arr(vf_, m_.aggs.size()), arr(vf_, wins), arr(i64_, m_.aggs.size()),
                                        arr(i64_, m_.aggs.size()), arr(vmask_, p_.checks.size()),
                                        arr(poissonTableTy_, m_.draws.size()), i64_, ptr_, ptr_, ptr_, i64_, i64_});
  }
  Value* field(unsigned f, uint64_t i) {
    return b_.CreateInBoundsGEP(frameTy_, frame_, {b_.getInt32(0), b_.getInt32(f), b_.getInt64(i)});
  }
  Value* field(unsigned f) { return b_.CreateStructGEP(frameTy_, frame_, f); }

  // Points the value slots at frame_'s fields (grouped kernels), at the current insertion point.
  void bindSlots() {
    auto bind = [&](std::vector<Value*>& v, unsigned f, size_t n) {
      v.assign(n, nullptr);
      for (size_t i = 0; i < n; ++i) v[i] = field(f, i);
    };
    bind(states_, kStates, m_.states.size());
    bind(next_, kNext, m_.states.size());
    bind(temps_, kTemps, m_.temps.size());
    bind(aggs_, kAggs, m_.aggs.size());
    bind(checks_, kChecks, p_.checks.size());
    win_.assign(m_.aggs.size(), nullptr);
    winIdx_.assign(m_.aggs.size(), nullptr);
    winStart_.assign(m_.aggs.size(), nullptr);
    uint64_t w = 0;
    for (size_t a = 0; a < m_.aggs.size(); ++a) {
      if (!m_.aggs[a].windows) continue;
      win_[a] = field(kWins, w);
      w += m_.aggs[a].windows;
      winIdx_[a] = field(kWinIdx, a);
      winStart_[a] = field(kWinStart, a);
    }
    for (size_t d = 0; d < m_.draws.size(); ++d)
      if (tables_[d]) tables_[d] = field(kTables, d);
  }

  void allocateSlots() {
    blockIdx_ = slot(i64_, "blockIdx");
    chunkIdx_ = slot(i64_, "k0");
    stepIdx_ = slot(i64_, "s");
    if (grouped_) {
      frameTy_ = frameType();
      frame_ = kernelFrame_ = slot(frameTy_, "frame");
      b_.CreateStore(params_, field(kParams));
      b_.CreateStore(out_, field(kOut));
      b_.CreateStore(stride_, field(kStride));
    }
    if (!grouped_) {  // one slot each, which mem2reg turns into registers (a grouped kernel's are in the frame)
      for (size_t i = 0; i < m_.states.size(); ++i) states_.push_back(slot(vf_, m_.states[i].name));
      for (size_t i = 0; i < m_.temps.size(); ++i) temps_.push_back(slot(vf_, m_.temps[i].name));
      for (size_t i = 0; i < p_.checks.size(); ++i) checks_.push_back(slot(vmask_, "check"));
      for (size_t a = 0; a < m_.aggs.size(); ++a) {
        uint32_t n = m_.aggs[a].windows;
        aggs_.push_back(slot(vf_, "agg"));
        win_.push_back(n ? slot(llvm::ArrayType::get(vf_, n), "win") : nullptr);
        winIdx_.push_back(n ? slot(i64_, "winIdx") : nullptr);
        winStart_.push_back(n ? slot(i64_, "winStart") : nullptr);
      }
    }
    for (size_t a = 0; a < m_.aggs.size(); ++a) {
      uint32_t n = m_.aggs[a].windows;
      if (n) {
        std::vector<llvm::Constant*> ends;
        for (uint64_t e : p_.windowEnds[a]) ends.push_back(b_.getInt64(e));
        auto* ty = llvm::ArrayType::get(i64_, ends.size());
        windowEnds_.push_back(new llvm::GlobalVariable(mod_, ty, true, llvm::GlobalValue::PrivateLinkage,
                                                       llvm::ConstantArray::get(ty, ends), "window_ends"));
      } else {
        windowEnds_.push_back(nullptr);
      }
    }
    drawBuf_ = slot(llvm::ArrayType::get(vf_, static_cast<uint64_t>(ahead_) * std::max<uint32_t>(1, p_.slots)), "draws");
    for (const auto& c : p_.curves) {
      CurveSlots cs;
      auto* arr = llvm::ArrayType::get(vf_, c.ends.size());
      cs.realized = slot(arr, "curve.realized");
      cs.fwd = slot(arr, "curve.fwd");
      cs.fix = slot(vf_, "curve.fix");
      cs.cur = slot(i64_, "curve.cur");
      cs.p = slot(llvm::ArrayType::get(vf_, std::max<size_t>(1, c.terms.size())), "curve.p");
      cs.pc = slot(vf_, "curve.pc");
      cs.q = slot(vf_, "curve.q");
      cs.s = slot(vf_, "curve.s");
      curves_.push_back(cs);
    }
    for (const auto& hp : p_.hedges) {
      HedgeSlots h;
      auto* arr = llvm::ArrayType::get(vf_, hp.ends.size());
      for (auto** a : {&h.settle, &h.gain, &h.entry}) *a = slot(arr, "hedge");
      h.book = slot(llvm::ArrayType::get(vf_, sitrt::kHedgeBookSize), "book");
      h.pos = slot(llvm::ArrayType::get(f64_, hp.ends.size() + sitrt::kHedgeStateSize), "hedge.pos");
      hedges_.push_back(h);
    }
  }

  // --- random numbers ---------------------------------------------------------------------------------------------
  // The layout drawSteps works from (draws.h), as a constant the optimiser folds into the inlined loops.
  void drawLayout() {
    auto ints = [&](const std::vector<int32_t>& v, const char* name) -> llvm::Constant* {
      if (v.empty()) return llvm::ConstantPointerNull::get(ptr_);
      auto* ty = llvm::ArrayType::get(i32_, v.size());
      std::vector<llvm::Constant*> c;
      for (int32_t x : v) c.push_back(b_.getInt32(static_cast<uint32_t>(x)));
      return new llvm::GlobalVariable(mod_, ty, true, llvm::GlobalValue::PrivateLinkage, llvm::ConstantArray::get(ty, c), name);
    };
    std::vector<int32_t> normals, correlated;
    for (size_t d = 0; d < m_.draws.size(); ++d)
      if (m_.draws[d].kind == ir::DrawKind::Normal && !p_.lazyNormal[d]) normals.push_back(static_cast<int32_t>(p_.drawSlot[d]));
    for (uint32_t c : p_.correlated) correlated.push_back(static_cast<int32_t>(p_.drawSlot[c]));
    llvm::Constant* chol = llvm::ConstantPointerNull::get(ptr_);
    if (!p_.chol.empty()) {
      auto* ty = llvm::ArrayType::get(f64_, p_.chol.size());
      std::vector<llvm::Constant*> c;
      for (double x : p_.chol) c.push_back(llvm::ConstantFP::get(f64_, x));
      chol = new llvm::GlobalVariable(mod_, ty, true, llvm::GlobalValue::PrivateLinkage, llvm::ConstantArray::get(ty, c), "chol");
    }
    auto* layout = llvm::ConstantStruct::get(
        drawLayoutTy_, {b_.getInt32(p_.slots), b_.getInt32(static_cast<uint32_t>(normals.size())), ints(normals, "normal_slots"),
                        b_.getInt32(static_cast<uint32_t>(correlated.size())), ints(correlated, "correlated_slots"), chol});
    layout_ = new llvm::GlobalVariable(mod_, drawLayoutTy_, true, llvm::GlobalValue::PrivateLinkage, layout, "draw_layout");
  }

  // Poisson draws whose mean is a run constant read a CDF table built once per call (draws.h).
  void poissonTables() {
    tables_.assign(m_.draws.size(), nullptr);
    for (size_t s = 0; s < m_.states.size(); ++s)
      if (m_.states[s].update) findPoisson(*m_.states[s].update);
    for (auto i : p_.stepTemps) findPoisson(*m_.temps[i].expr);
    if (grouped_) {
      bindSlots();
      kernelSlots_ = {states_, next_, temps_, aggs_, checks_, win_, winIdx_, winStart_, tables_};
    }
  }
  void findPoisson(const ir::Expr& e) {
    if (e.op == Op::Poisson && !tables_[e.index] && runConstant(*e.args[0])) {
      t_ = splat(0.0);
      Value* mean = b_.CreateExtractElement(emit(*e.args[0], 0), uint64_t{0});
      Value* t = grouped_ ? field(kTables, e.index) : slot(poissonTableTy_, "poisson_table");
      b_.CreateCall(poissonTable_, {mean, t});
      tables_[e.index] = t;
    }
    for (const auto& a : e.args) findPoisson(*a);
  }

  Value* poissonDraw(const ir::Expr& e, uint32_t elem) {
    Value* u = drawValue(e.index);
    Value* table = tables_[e.index];
    if (!table) return callVec(poisson_, {emit(*e.args[0], elem), u});
    // Usually no lane draws a jump: a compare and no loop; otherwise the runtime's counting
    auto* arg = slot(vf_, "arg");
    b_.CreateStore(u, arg);
    Value* zero = b_.CreateCall(poissonAllZero_, {table, arg});
    auto* slow = newBlock("poisson.count");
    auto* done = newBlock("poisson.done");
    auto* from = b_.GetInsertBlock();
    b_.CreateCondBr(b_.CreateICmpNE(zero, b_.getInt32(0)), done, slow);
    b_.SetInsertPoint(slow);
    Value* c = callVec(poissonFromTable_, {emit(*e.args[0], elem), u}, {table});
    slow = b_.GetInsertBlock();
    b_.CreateBr(done);
    b_.SetInsertPoint(done);
    auto* phi = b_.CreatePHI(vf_, 2);
    phi->addIncoming(splat(0.0), from);
    phi->addIncoming(c, slow);
    return phi;
  }

  // A factor times a lazy normal (plan/passes/LazyDraws.cpp): the runtime evaluates the normal only in registers where
  // some lane's factor is not zero (normal.h), so the product is the eager one's, bit for bit.
  Value* lazyProduct(Value* factor, const ir::Expr& normal, bool normalFirst) {
    Value* z = callVec(lazyNormal_, {factor, drawValue(normal.index)});
    return normalFirst ? b_.CreateFMul(z, factor) : b_.CreateFMul(factor, z);
  }

  // Params: loaded once at the kernel's entry; a group function loads those it uses from the frame's pointer.
  Value* paramValue(uint32_t i) {
    if (!inGroup_) return paramValues_[i];
    auto [it, fresh] = paramCache_.emplace(i, nullptr);
    if (fresh) {
      llvm::IRBuilder<> e(&fn_->getEntryBlock(), fn_->getEntryBlock().getTerminator()
                                                   ? fn_->getEntryBlock().getTerminator()->getIterator()
                                                   : fn_->getEntryBlock().end());
      Value* params = e.CreateLoad(ptr_, e.CreateStructGEP(frameTy_, frame_, kParams));
      it->second = e.CreateLoad(f64_, e.CreateConstInBoundsGEP1_64(f64_, params, i));
    }
    return it->second;
  }
  // This step's draw of d: loaded at the step's start in the kernel, on first use in a group function.
  Value* drawValue(uint32_t d) {
    if (!draws_.at(d))
      draws_[d] = b_.CreateLoad(vf_, b_.CreateConstInBoundsGEP1_64(vf_, row_, p_.drawSlot[d]));
    return draws_[d];
  }

  // --- phases: inline, or in group functions of a grouped kernel ---------------------------------------------
  enum class When { Start, Step, After, End };  // t = 0, k dt, (k+1) dt, steps dt
  struct Item {
    size_t cost;
    std::function<void()> emit;
    bool kernelOnly = false;  // reads the kernel's own slots (hedge books)
  };

  // Emits `items` in order: inline in a small kernel; in a grouped one, as calls to functions of about
  // kGroupCost, each with the frame as its argument (items marked kernelOnly stay inline).
  void emitPhase(const char* name, When when, std::vector<Item>& items) {
    if (!grouped_) {
      for (auto& it : items) it.emit();
      return;
    }
    for (size_t i = 0; i < items.size();) {
      if (items[i].kernelOnly) {
        items[i++].emit();
        continue;
      }
      size_t j = i, cost = 0;
      while (j < items.size() && !items[j].kernelOnly && (j == i || cost + items[j].cost <= kGroupCost))
        cost += items[j++].cost;
      auto* g = llvm::Function::Create(llvm::FunctionType::get(b_.getVoidTy(), {ptr_}, false),
                                       llvm::Function::InternalLinkage, std::string("sit_") + name, mod_);
      g->addFnAttr(llvm::Attribute::NoUnwind);
      g->addFnAttr(llvm::Attribute::NoInline);
      auto saved = b_.saveIP();
      Value *savedT = t_, *savedRow = row_, *savedOut = out_, *savedStride = stride_, *savedStart = blockStart_;
      std::vector<Value*> savedDraws = draws_;
      fn_ = g;
      inGroup_ = true;
      b_.SetInsertPoint(llvm::BasicBlock::Create(ctx_, "entry", g));
      frame_ = g->getArg(0);
      paramCache_.clear();
      bindSlots();
      Value* k = b_.CreateLoad(i64_, field(kStep));
      t_ = when == When::Start ? splat(0.0)
           : when == When::Step ? timeAt(k)
           : when == When::After ? timeAt(b_.CreateAdd(k, b_.getInt64(1)))
                                 : timeAt(b_.getInt64(m_.steps));
      stepK1_ = b_.CreateAdd(k, b_.getInt64(1));
      row_ = b_.CreateLoad(ptr_, field(kRow));
      out_ = b_.CreateLoad(ptr_, field(kOut));
      stride_ = b_.CreateLoad(i64_, field(kStride));
      blockStart_ = b_.CreateLoad(i64_, field(kBlockStart));
      draws_.assign(m_.draws.size(), nullptr);
      if (when == When::Step || when == When::After)  // here, so that they dominate every use
        for (uint32_t d = 0; d < m_.draws.size(); ++d) drawValue(d);
      for (size_t x = i; x < j; ++x) items[x].emit();
      b_.CreateRetVoid();
      fn_ = kernelFn_;
      inGroup_ = false;
      frame_ = kernelFrame_;
      b_.restoreIP(saved);
      bindSlotsOfKernel();
      t_ = savedT, row_ = savedRow, out_ = savedOut, stride_ = savedStride, blockStart_ = savedStart;
      draws_ = std::move(savedDraws);
      b_.CreateCall(g, {kernelFrame_});
      i = j;
    }
  }
  // The kernel's own frame slots (made in its entry block by poissonTables).
  void bindSlotsOfKernel() {
    states_ = kernelSlots_[0], next_ = kernelSlots_[1], temps_ = kernelSlots_[2], aggs_ = kernelSlots_[3];
    checks_ = kernelSlots_[4], win_ = kernelSlots_[5], winIdx_ = kernelSlots_[6], winStart_ = kernelSlots_[7];
    tables_ = kernelSlots_[8];
  }

  // --- hedges (runtime curve.h and hedge.h; the runner builds the curves' tables and the books) -----------------
  struct CurveSlots {
    llvm::AllocaInst *realized, *fwd, *fix, *cur, *p, *pc, *q, *s;
    Value* view = nullptr;
  };
  struct HedgeSlots {
    llvm::AllocaInst *settle, *gain, *entry, *book, *pos;
    Value* spec = nullptr;
  };

  Value* elementPtr(llvm::AllocaInst* arr, Value* i) {
    return b_.CreateInBoundsGEP(arr->getAllocatedType(), arr, {b_.getInt64(0), i});
  }
  Value* elementPtr(llvm::AllocaInst* arr, uint64_t i) { return elementPtr(arr, b_.getInt64(i)); }

  // SitKernelArgs::books: the curves' views, then the hedges' books.
  void loadBooks() {
    Value* books = b_.CreateLoad(ptr_, b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), args_, offsetof(SitKernelArgs, books)));
    for (size_t c = 0; c < curves_.size(); ++c)
      curves_[c].view = b_.CreateLoad(ptr_, b_.CreateConstInBoundsGEP1_64(ptr_, books, c));
    for (size_t h = 0; h < hedges_.size(); ++h)
      hedges_[h].spec = b_.CreateLoad(ptr_, b_.CreateConstInBoundsGEP1_64(ptr_, books, curves_.size() + h));
  }

  // The curve's path values for today's prices: P_i, Pc and Q of its separable forward (plan/passes/Curves.cpp).
  void curveMarks(size_t c, Value* k) {
    const plan::CurvePlan& cp = p_.curves[c];
    CurveSlots& cs = curves_[c];
    for (size_t i = 0; i < cp.terms.size(); ++i)
      b_.CreateStore(cp.terms[i].path ? emit(*cp.terms[i].path, 0) : splat(1.0), elementPtr(cs.p, i));
    b_.CreateStore(cp.coupledPath ? emit(*cp.coupledPath, 0) : splat(1.0), cs.pc);
    b_.CreateStore(cp.coupledQ ? emit(*cp.coupledQ, 0) : splat(0.0), cs.q);
    b_.CreateCall(curveMarks_, {cs.view, k, b_.CreateLoad(i64_, cs.cur), cs.p, cs.pc, cs.q, cs.realized, cs.fwd, cs.fix});
  }

  void hedgeDay(size_t h, Value* k) {
    const CurveSlots& cs = curves_[p_.hedges[h].curve];
    const HedgeSlots& hs = hedges_[h];
    b_.CreateCall(hedgeDay_, {hs.spec, k, cs.fix, cs.fwd, cs.s, hs.settle, hs.gain, hs.book, hs.pos});
  }

  // Day k >= 1 of every curve and book: fixings, prices when needed, settlements.
  void hedgesDay(Value* k) {
    for (size_t c = 0; c < curves_.size(); ++c) {
      CurveSlots& cs = curves_[c];
      b_.CreateStore(emit(*p_.curves[c].underlying, 0), cs.s);
      b_.CreateCall(curveRealize_, {cs.view, k, cs.s, cs.realized, cs.cur});
      Value* needs = b_.CreateCall(curveNeeds_, {cs.view, k, b_.CreateLoad(i64_, cs.cur)});
      auto* price = newBlock("curve.price");
      auto* done = newBlock("curve.done");
      b_.CreateCondBr(b_.CreateICmpNE(needs, b_.getInt32(0)), price, done);
      b_.SetInsertPoint(price);
      curveMarks(c, k);
      b_.CreateBr(done);
      b_.SetInsertPoint(done);
    }
    for (size_t h = 0; h < hedges_.size(); ++h) hedgeDay(h, k);
  }

  // Day 0: every curve's prices, every book opened; entry prices are day 0's settlements.
  void openHedges() {
    for (size_t c = 0; c < curves_.size(); ++c) {
      CurveSlots& cs = curves_[c];
      uint64_t bytes = p_.curves[c].ends.size() * kW * 8;
      b_.CreateMemSet(cs.realized, b_.getInt8(0), bytes, llvm::MaybeAlign(8));
      b_.CreateMemSet(cs.fwd, b_.getInt8(0), bytes, llvm::MaybeAlign(8));
      b_.CreateStore(b_.getInt64(0), cs.cur);
      b_.CreateStore(emit(*p_.curves[c].underlying, 0), cs.s);
      curveMarks(c, b_.getInt64(0));
    }
    for (size_t h = 0; h < hedges_.size(); ++h) {
      const plan::HedgePlan& hp = p_.hedges[h];
      HedgeSlots& hs = hedges_[h];
      uint64_t bytes = hp.ends.size() * kW * 8;
      for (auto* a : {hs.settle, hs.gain, hs.entry}) b_.CreateMemSet(a, b_.getInt8(0), bytes, llvm::MaybeAlign(8));
      b_.CreateMemSet(hs.book, b_.getInt8(0), sitrt::kHedgeBookSize * kW * 8, llvm::MaybeAlign(8));
      b_.CreateMemSet(hs.pos, b_.getInt8(0), (hp.ends.size() + sitrt::kHedgeStateSize) * 8, llvm::MaybeAlign(8));
      hedgeDay(h, b_.getInt64(0));
      b_.CreateMemCpy(hs.entry, llvm::MaybeAlign(8), hs.settle, llvm::MaybeAlign(8), bytes);
    }
  }

  Value* bookField(size_t h, int field) {
    return b_.CreateLoad(vf_, elementPtr(hedges_[h].book, static_cast<uint64_t>(field)));
  }

  Value* hedgeValue(size_t h, ir::HedgeValue v) {
    switch (v) {
      case ir::HedgeValue::Unhedged: return b_.CreateLoad(vf_, aggs_[m_.hedges[h].costAgg]);
      case ir::HedgeValue::Hedged:
        return b_.CreateFAdd(b_.CreateFSub(b_.CreateLoad(vf_, aggs_[m_.hedges[h].costAgg]), bookField(h, sitrt::kGain)),
                             bookField(h, sitrt::kCosts));
      case ir::HedgeValue::Gain: return bookField(h, sitrt::kGain);
      case ir::HedgeValue::Calls: return bookField(h, sitrt::kCalls);
      case ir::HedgeValue::PeakOut: return bookField(h, sitrt::kPeakOut);
      case ir::HedgeValue::Locked: return bookField(h, sitrt::kLocked);
      case ir::HedgeValue::Costs: return bookField(h, sitrt::kCosts);
      case ir::HedgeValue::CappedDays: return bookField(h, sitrt::kCapped);
    }
    return splat(0.0);
  }

  void storeHedgeColumns() {
    for (size_t h = 0; h < p_.hedges.size(); ++h) {
      const plan::HedgePlan& hp = p_.hedges[h];
      HedgeSlots& hs = hedges_[h];
      uint32_t n = static_cast<uint32_t>(hp.ends.size());
      if (!hp.sharesColumns) storeColumns(win_[m_.hedges[h].quantityAgg], n, hp.colQuantity);
      storeColumns(hs.gain, n, hp.colPeriodGain);
      storeColumns(hs.entry, n, hp.colEntry);
      storeColumns(hs.settle, n, hp.colSettle);
      if (!hp.sharesColumns) storeColumn(hp.colUnhedged, hedgeValue(h, ir::HedgeValue::Unhedged));
      storeColumn(hp.colHedged, hedgeValue(h, ir::HedgeValue::Hedged));
      storeColumn(hp.colGain, hedgeValue(h, ir::HedgeValue::Gain));
    }
  }

  // int32_t sit_check_params(const double* params, const void* user): 0, or 1 + the index of the first process
  // requirement (Model::requirements) the run's params break.
  void buildCheckParams() {
    auto* fty = llvm::FunctionType::get(i32_, {ptr_, ptr_}, false);
    fn_ = llvm::Function::Create(fty, llvm::Function::ExternalLinkage, "sit_check_params", mod_);
    fn_->addFnAttr(llvm::Attribute::NoUnwind);
    b_.SetInsertPoint(llvm::BasicBlock::Create(ctx_, "entry", fn_));
    loadParams(fn_->getArg(0));
    for (size_t i = 0; i < m_.requirements.size(); ++i) {
      Value* holds = b_.CreateExtractElement(emit(*m_.requirements[i].cond, 0), uint64_t{0});
      auto* fail = newBlock("require.fail");
      auto* next = newBlock("require.next");
      b_.CreateCondBr(b_.CreateFCmpONE(holds, llvm::ConstantFP::get(f64_, 0.0)), next, fail);
      b_.SetInsertPoint(fail);
      b_.CreateRet(b_.getInt32(static_cast<int32_t>(i + 1)));
      b_.SetInsertPoint(next);
    }
    b_.CreateRet(b_.getInt32(0));
  }

  void loadParams(Value* params) {
    paramValues_.clear();
    for (uint32_t i = 0; i < p_.numParams; ++i)
      paramValues_.push_back(b_.CreateLoad(f64_, b_.CreateConstInBoundsGEP1_64(f64_, params, i)));
  }

  // void sit_prepare(const double* params, double* lag, const void* user): the curves' lag tables, T(j dt) for
  // j = 0..steps, for the run's params.
  void buildPrepare() {
    auto* fty = llvm::FunctionType::get(b_.getVoidTy(), {ptr_, ptr_, ptr_}, false);
    fn_ = llvm::Function::Create(fty, llvm::Function::ExternalLinkage, "sit_prepare", mod_);
    fn_->addFnAttr(llvm::Attribute::NoUnwind);
    b_.SetInsertPoint(llvm::BasicBlock::Create(ctx_, "entry", fn_));
    loadParams(fn_->getArg(0));
    Value* lag = fn_->getArg(1);
    uint64_t n = m_.steps + 1;
    for (const auto& c : p_.curves) {
      std::vector<const ir::Expr*> tables;
      for (const auto& t : c.terms) tables.push_back(t.tau.get());
      if (c.coupledQ) tables.push_back(c.coupledTau.get()), tables.push_back(c.coupledU.get());
      for (size_t i = 0; i < tables.size(); ++i) {
        auto* j = slot(i64_, "lag.j");
        loop(j, b_.getInt64(0), b_.getInt64(m_.steps), [&](Value* lagIdx) {
          tau_ = splat(b_.CreateFMul(b_.CreateUIToFP(lagIdx, f64_), llvm::ConstantFP::get(f64_, m_.dt)));
          Value* v = b_.CreateExtractElement(emit(*tables[i], 0), uint64_t{0});
          Value* at = b_.CreateAdd(b_.getInt64(c.lagOffset + i * n), lagIdx);
          b_.CreateStore(v, b_.CreateInBoundsGEP(f64_, lag, at));
        });
      }
    }
    b_.CreateRetVoid();
  }

  // A counted loop `for (*var = from; *var <= to; ++*var) body()` over scalar i64 values.
  template <class Body>
  void loop(llvm::AllocaInst* var, Value* from, Value* toInclusive, Body body) {
    auto* head = newBlock("loop.head");
    auto* inner = newBlock("loop.body");
    auto* done = newBlock("loop.done");
    b_.CreateStore(from, var);
    b_.CreateBr(head);
    b_.SetInsertPoint(head);
    Value* v = b_.CreateLoad(i64_, var);
    b_.CreateCondBr(b_.CreateICmpULE(v, toInclusive), inner, done);
    b_.SetInsertPoint(inner);
    body(b_.CreateLoad(i64_, var));
    b_.CreateStore(b_.CreateAdd(b_.CreateLoad(i64_, var), b_.getInt64(1)), var);
    b_.CreateBr(head);
    b_.SetInsertPoint(done);
  }

  // --- paths ------------------------------------------------------------------------------------------------------
  void storeColumns(Value* values, uint32_t count, uint32_t firstColumn) {
    b_.CreateCall(storeColumns_, {values, b_.getInt32(count), out_, stride_, b_.getInt64(firstColumn), blockStart_});
  }

  // Whole blocks: the runner pads each column to a multiple of the block width (kernel_abi.h).
  void storeColumn(uint32_t column, Value* v) {
    Value* col = b_.CreateMul(b_.getInt64(column), stride_);
    b_.CreateAlignedStore(v, b_.CreateInBoundsGEP(f64_, out_, b_.CreateAdd(col, blockStart_)), llvm::Align(8));
  }

  Value* laneValidMask() {
    std::vector<llvm::Constant*> lanes;
    for (unsigned i = 0; i < kW; ++i) lanes.push_back(b_.getInt64(i));
    Value* idx = b_.CreateAdd(splat(blockStart_), llvm::ConstantVector::get(lanes));
    return b_.CreateICmpULT(idx, splat(numPaths_), "valid");
  }

  Value* timeAt(Value* stepCount) { return splat(b_.CreateFMul(b_.CreateUIToFP(stepCount, f64_), llvm::ConstantFP::get(f64_, m_.dt))); }

  void flag(int32_t check, Value* bad) {
    if (check < 0) return;
    auto* s = checks_[check];
    b_.CreateStore(b_.CreateOr(b_.CreateLoad(vmask_, s), bad), s);
  }
  Value* nonFinite(Value* v) {
    Value* a = b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, v);
    return b_.CreateFCmpUEQ(a, splat(std::numeric_limits<double>::infinity()));
  }

  static double aggInitial(ir::AggKind k) {
    if (k == ir::AggKind::Maximum) return -std::numeric_limits<double>::infinity();
    if (k == ir::AggKind::Minimum) return std::numeric_limits<double>::infinity();
    return 0;
  }

  void initPath() {
    if (grouped_ && !checks_.empty())
      b_.CreateMemSet(field(kChecks, 0), b_.getInt8(0), mod_.getDataLayout().getTypeAllocSize(frameTy_->getElementType(kChecks)),
                      llvm::MaybeAlign(1));
    else
      for (auto* c : checks_) b_.CreateStore(llvm::Constant::getNullValue(vmask_), c);
    for (size_t a = 0; a < m_.aggs.size(); ++a) {
      b_.CreateStore(splat(aggInitial(m_.aggs[a].kind)), aggs_[a]);
      if (win_[a]) {
        b_.CreateStore(b_.getInt64(0), winIdx_[a]);
        b_.CreateStore(b_.getInt64(0), winStart_[a]);
      }
    }
    t_ = splat(0.0);
    if (grouped_) b_.CreateStore(blockStart_, field(kBlockStart));
    std::vector<Item> items;
    for (const auto& it : p_.init) {
      const ir::Expr& e = it.isState ? *m_.states[it.index].init : *m_.temps[it.index].expr;
      items.push_back({nodes(e), [this, &e, it] { b_.CreateStore(emit(e, 0), it.isState ? states_[it.index] : temps_[it.index]); }});
    }
    emitPhase("init", When::Start, items);
    openHedges();
  }

  // Steps in chunks of up to ahead_: the chunk's draws at once, then its steps one by one.
  void stepLoop() {
    if (m_.steps == 0) return;
    auto* chunkBody = newBlock("chunk.body");
    auto* stepBody = newBlock("step.body");
    auto* chunkNext = newBlock("chunk.next");
    auto* done = newBlock("steps.done");
    b_.CreateStore(b_.getInt64(0), chunkIdx_);
    b_.CreateBr(chunkBody);

    b_.SetInsertPoint(chunkBody);
    Value* k0 = b_.CreateLoad(i64_, chunkIdx_, "k0");
    Value* left = b_.CreateSub(b_.getInt64(m_.steps), k0);
    Value* ns = b_.CreateSelect(b_.CreateICmpULT(left, b_.getInt64(ahead_)), left, b_.getInt64(ahead_), "ns");
    if (p_.slots > 0)
      b_.CreateCall(drawSteps_, {layout_, seed_, stream_, path0_, b_.CreateTrunc(k0, i32_), b_.CreateTrunc(ns, i32_), drawBuf_});
    b_.CreateStore(b_.getInt64(0), stepIdx_);
    b_.CreateBr(stepBody);

    b_.SetInsertPoint(stepBody);  // ns >= 1
    Value* s = b_.CreateLoad(i64_, stepIdx_, "s");
    stepBodyAt(b_.CreateAdd(k0, s, "k"), s);
    Value* s1 = b_.CreateAdd(s, b_.getInt64(1));
    b_.CreateStore(s1, stepIdx_);
    b_.CreateCondBr(b_.CreateICmpULT(s1, ns), stepBody, chunkNext);

    b_.SetInsertPoint(chunkNext);
    Value* k1 = b_.CreateAdd(k0, ns);
    b_.CreateStore(k1, chunkIdx_);
    b_.CreateCondBr(b_.CreateICmpULT(k1, b_.getInt64(m_.steps)), chunkBody, done);

    b_.SetInsertPoint(done);
  }

  void stepBodyAt(Value* k, Value* s) {
    t_ = timeAt(k);
    row_ = b_.CreateInBoundsGEP(drawBuf_->getAllocatedType(), drawBuf_, {b_.getInt64(0), b_.CreateMul(s, b_.getInt64(p_.slots))});
    if (grouped_) {
      b_.CreateStore(k, field(kStep));
      b_.CreateStore(row_, field(kRow));
    }
    draws_.assign(m_.draws.size(), nullptr);
    for (uint32_t d = 0; d < m_.draws.size(); ++d) drawValue(d);
    std::vector<Item> items;
    for (auto i : p_.stepTemps) {
      const ir::Expr& e = *m_.temps[i].expr;
      items.push_back({nodes(e), [this, &e, i] { b_.CreateStore(emit(e, 0), temps_[i]); }});
    }
    emitPhase("step_temps", When::Step, items);
    // Every update from start-of-step values, then all committed together.
    std::vector<Value*> next(m_.states.size(), nullptr);
    items.clear();
    for (size_t st = 0; st < m_.states.size(); ++st) {
      if (!m_.states[st].update) continue;
      const ir::Expr& e = *m_.states[st].update;
      items.push_back({nodes(e), [this, &e, st, &next] {
                         Value* v = emit(e, 0);
                         flag(p_.stateCheck[st], nonFinite(v));
                         if (grouped_) b_.CreateStore(v, next_[st]);
                         else next[st] = v;
                       }});
    }
    emitPhase("updates", When::Step, items);
    items.clear();
    for (size_t st = 0; st < m_.states.size(); ++st) {
      if (!m_.states[st].update) continue;
      items.push_back({1, [this, st, &next] {
                         b_.CreateStore(grouped_ ? b_.CreateLoad(vf_, next_[st]) : next[st], states_[st]);
                       }});
    }
    emitPhase("commit", When::Step, items);
    Value* k1 = b_.CreateAdd(k, b_.getInt64(1), "k1");
    stepK1_ = k1;
    t_ = timeAt(k1);
    items.clear();
    for (auto i : p_.observed) {
      const ir::Expr& e = *m_.temps[i].expr;
      items.push_back({nodes(e), [this, &e, i] { b_.CreateStore(emit(e, 0), temps_[i]); }});
    }
    for (size_t a = 0; a < m_.aggs.size(); ++a)
      items.push_back({nodes(*m_.aggs[a].input) + 4, [this, a] { sample(a, stepK1_); }});
    emitPhase("observed", When::After, items);
    stepK1_ = k1;
    hedgesDay(k1);
  }

  void sample(size_t a, Value* k1) {
    const ir::AggInfo& agg = m_.aggs[a];
    Value* x = emit(*agg.input, 0);
    Value* acc = b_.CreateLoad(vf_, aggs_[a]);
    switch (agg.kind) {
      case ir::AggKind::Sum:
      case ir::AggKind::Average: acc = b_.CreateFAdd(acc, x); break;
      case ir::AggKind::Maximum: acc = b_.CreateSelect(b_.CreateFCmpOGT(acc, x), acc, x); break;
      case ir::AggKind::Minimum: acc = b_.CreateSelect(b_.CreateFCmpOLT(acc, x), acc, x); break;
    }
    b_.CreateStore(acc, aggs_[a]);
    if (!agg.windows) return;
    // Close the current window after its last step.
    Value* idx = b_.CreateLoad(i64_, winIdx_[a]);
    Value* end = b_.CreateLoad(i64_, b_.CreateInBoundsGEP(i64_, windowEnds_[a], idx));
    auto* close = newBlock("window.close");
    auto* cont = newBlock("window.cont");
    b_.CreateCondBr(b_.CreateICmpEQ(k1, end), close, cont);
    b_.SetInsertPoint(close);
    Value* v = acc;
    if (agg.kind == ir::AggKind::Average) {
      Value* n = b_.CreateUIToFP(b_.CreateSub(k1, b_.CreateLoad(i64_, winStart_[a])), f64_);
      v = b_.CreateFDiv(v, splat(n));
    }
    auto* arrTy = llvm::ArrayType::get(vf_, agg.windows);
    b_.CreateStore(v, b_.CreateInBoundsGEP(arrTy, win_[a], {b_.getInt64(0), idx}));
    b_.CreateStore(b_.CreateAdd(idx, b_.getInt64(1)), winIdx_[a]);
    b_.CreateStore(k1, winStart_[a]);
    b_.CreateStore(splat(aggInitial(agg.kind)), aggs_[a]);
    b_.CreateBr(cont);
    b_.SetInsertPoint(cont);
  }

  void pathEnd() {
    t_ = timeAt(b_.getInt64(m_.steps));
    for (size_t a = 0; a < m_.aggs.size(); ++a)
      if (!m_.aggs[a].windows && m_.aggs[a].kind == ir::AggKind::Average)
        b_.CreateStore(b_.CreateFDiv(b_.CreateLoad(vf_, aggs_[a]), splat(static_cast<double>(m_.steps))), aggs_[a]);
    storeHedgeColumns();
    std::vector<Item> items;
    for (size_t o = 0; o < m_.outputs.size(); ++o) {
      if (!m_.outputs[o].expr) continue;
      const ir::Expr& e = *m_.outputs[o].expr;
      uint32_t n = std::max<uint32_t>(1, m_.outputs[o].type.windows);
      items.push_back({nodes(e) * n, [this, &e, o, n] {
                         for (uint32_t w = 0; w < n; ++w) {
                           Value* v = emit(e, w);
                           flag(static_cast<int32_t>(p_.firstOutputCheck + o), nonFinite(v));
                           storeColumn(p_.outputColumn[o] + w, v);
                         }
                       },
                       usesHedge(e)});
    }
    emitPhase("outputs", When::End, items);
    reportFailure();
  }

  // If a check failed on a valid lane: the first such lane (lowest path), and its lowest failing check.
  void reportFailure() {
    if (checks_.empty()) return;
    if (grouped_) return reportFailureLoop();
    std::vector<Value*> bad;
    Value* anyBad = llvm::Constant::getNullValue(vmask_);
    for (auto* c : checks_) {
      bad.push_back(b_.CreateAnd(b_.CreateLoad(vmask_, c), valid_));
      anyBad = b_.CreateOr(anyBad, bad.back());
    }
    auto* fail = newBlock("check.fail");
    auto* ok = newBlock("check.ok");
    b_.CreateCondBr(anyLane(anyBad), fail, ok);
    b_.SetInsertPoint(fail);
    auto* laneTy = b_.getIntNTy(kW);
    Value* bits = b_.CreateBitCast(anyBad, laneTy);
    Value* lane = b_.CreateIntrinsic(llvm::Intrinsic::cttz, {laneTy}, {bits, b_.getTrue()});
    Value* lane64 = b_.CreateZExtOrTrunc(lane, i64_);
    b_.CreateStore(b_.CreateAdd(path0_, lane64),
                   b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), args_, offsetof(SitKernelArgs, failPath)));
    Value* code = b_.getInt32(0);
    for (size_t c = bad.size(); c-- > 0;)  // the lowest check that failed on that lane
      code = b_.CreateSelect(b_.CreateExtractElement(bad[c], lane64), b_.getInt32(static_cast<uint32_t>(c + 1)), code);
    b_.CreateRet(code);
    b_.SetInsertPoint(ok);
  }

  // The same for a grouped kernel, as loops over the frame's checks (one block per check would make the kernel
  // as large as the spec).
  void reportFailureLoop() {
    uint64_t n = p_.checks.size();
    auto* acc = slot(vmask_, "failed");
    auto* c = slot(i64_, "c");
    b_.CreateStore(llvm::Constant::getNullValue(vmask_), acc);
    auto checkAt = [&](Value* i) {
      return b_.CreateLoad(vmask_, b_.CreateInBoundsGEP(frameTy_, frame_, {b_.getInt32(0), b_.getInt32(kChecks), i}));
    };
    loop(c, b_.getInt64(0), b_.getInt64(n - 1), [&](Value* i) {
      b_.CreateStore(b_.CreateOr(b_.CreateLoad(vmask_, acc), checkAt(i)), acc);
    });
    Value* anyBad = b_.CreateAnd(b_.CreateLoad(vmask_, acc), valid_);
    auto* fail = newBlock("check.fail");
    auto* ok = newBlock("check.ok");
    b_.CreateCondBr(anyLane(anyBad), fail, ok);
    b_.SetInsertPoint(fail);
    auto* laneTy = b_.getIntNTy(kW);
    Value* lane = b_.CreateIntrinsic(llvm::Intrinsic::cttz, {laneTy}, {b_.CreateBitCast(anyBad, laneTy), b_.getTrue()});
    Value* lane64 = b_.CreateZExtOrTrunc(lane, i64_);
    b_.CreateStore(b_.CreateAdd(path0_, lane64),
                   b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), args_, offsetof(SitKernelArgs, failPath)));
    // The lowest check that failed on that lane (there is one: the lane is in anyBad).
    auto* head = newBlock("fail.scan");
    auto* found = newBlock("fail.found");
    auto* next = newBlock("fail.next");
    b_.CreateStore(b_.getInt64(0), c);
    b_.CreateBr(head);
    b_.SetInsertPoint(head);
    Value* i = b_.CreateLoad(i64_, c);
    b_.CreateCondBr(b_.CreateExtractElement(checkAt(i), lane64), found, next);
    b_.SetInsertPoint(next);
    b_.CreateStore(b_.CreateAdd(i, b_.getInt64(1)), c);
    b_.CreateBr(head);
    b_.SetInsertPoint(found);
    b_.CreateRet(b_.CreateTrunc(b_.CreateAdd(i, b_.getInt64(1)), i32_));
    b_.SetInsertPoint(ok);
  }

  Value* emit(const ir::Expr& e, uint32_t elem) {
    auto arg = [&](size_t i) { return emit(*e.args[i], elem); };
    auto lazy = [&](size_t i) { return e.args[i]->op == Op::Normal && p_.lazyNormal[e.args[i]->index]; };
    switch (e.op) {
      case Op::Const: return splat(e.value);
      case Op::Param: return splat(paramValue(e.index));
      case Op::State: return b_.CreateLoad(vf_, states_[e.index]);
      case Op::Temp:
        if (m_.temps[e.index].stage == ir::Stage::PathEnd) return emit(*m_.temps[e.index].expr, elem);
        return b_.CreateLoad(vf_, temps_[e.index]);
      case Op::Local: return locals_.at(e.index);
      case Op::Time: return t_;
      case Op::Tau: return tau_;
      case Op::Hedge:
        return hedgeValue(e.index / ir::kHedgeValues, static_cast<ir::HedgeValue>(e.index % ir::kHedgeValues));
      case Op::Dt: return splat(m_.dt);
      case Op::Normal:
      case Op::Uniform: return drawValue(e.index);
      case Op::Agg: {
        const auto& agg = m_.aggs[e.index];
        if (!agg.windows) return b_.CreateLoad(vf_, aggs_[e.index]);
        auto* arrTy = llvm::ArrayType::get(vf_, agg.windows);
        return b_.CreateLoad(vf_, b_.CreateConstInBoundsGEP2_64(arrTy, win_[e.index], 0, elem));
      }
      case Op::Poisson: {
        Value* r = poissonDraw(e, elem);
        flag(p_.drawCheck[e.index], b_.CreateFCmpUNO(r, r));
        return r;
      }
      case Op::Let: {
        Value* v = arg(0);
        auto saved = locals_.find(e.index) != locals_.end() ? locals_[e.index] : nullptr;
        locals_[e.index] = v;
        Value* r = arg(1);
        if (saved) locals_[e.index] = saved;
        else locals_.erase(e.index);
        return r;
      }
      case Op::Neg: return b_.CreateFNeg(arg(0));
      case Op::Not: return toDouble(b_.CreateNot(truth(arg(0))));
      case Op::Add: return b_.CreateFAdd(arg(0), arg(1));
      case Op::Sub: return b_.CreateFSub(arg(0), arg(1));
      case Op::Mul:
        if (lazy(1)) return lazyProduct(arg(0), *e.args[1], false);
        if (lazy(0)) return lazyProduct(arg(1), *e.args[0], true);
        return b_.CreateFMul(arg(0), arg(1));
      case Op::Div: return b_.CreateFDiv(arg(0), arg(1));
      case Op::Pow: return callVec(pow_, {arg(0), arg(1)});
      case Op::Lt: return toDouble(b_.CreateFCmpOLT(arg(0), arg(1)));
      case Op::Le: return toDouble(b_.CreateFCmpOLE(arg(0), arg(1)));
      case Op::Gt: return toDouble(b_.CreateFCmpOGT(arg(0), arg(1)));
      case Op::Ge: return toDouble(b_.CreateFCmpOGE(arg(0), arg(1)));
      case Op::Eq: return toDouble(b_.CreateFCmpOEQ(arg(0), arg(1)));
      case Op::Ne: return toDouble(b_.CreateFCmpUNE(arg(0), arg(1)));
      case Op::And: return toDouble(b_.CreateAnd(truth(arg(0)), truth(arg(1))));
      case Op::Or: return toDouble(b_.CreateOr(truth(arg(0)), truth(arg(1))));
      case Op::Select: {
        Value* c = truth(arg(0));
        return b_.CreateSelect(c, arg(1), arg(2));
      }
      case Op::Exp: return callVec(exp_, {arg(0)});
      case Op::Log: return callVec(log_, {arg(0)});
      case Op::Sqrt: return b_.CreateUnaryIntrinsic(llvm::Intrinsic::sqrt, arg(0));
      case Op::Abs: return b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, arg(0));
      case Op::Floor: return b_.CreateUnaryIntrinsic(llvm::Intrinsic::floor, arg(0));
      case Op::Ceil: return b_.CreateUnaryIntrinsic(llvm::Intrinsic::ceil, arg(0));
      case Op::Min: {
        Value* a = arg(0);
        Value* c = arg(1);
        return b_.CreateSelect(b_.CreateFCmpOLT(a, c), a, c);
      }
      case Op::Max: {
        Value* a = arg(0);
        Value* c = arg(1);
        return b_.CreateSelect(b_.CreateFCmpOGT(a, c), a, c);
      }
    }
    return splat(0.0);
  }

  const plan::Plan& p_;
  const ir::Model& m_;
  llvm::Module& mod_;
  llvm::LLVMContext& ctx_;
  llvm::IRBuilder<> b_;
  const unsigned kW;  // paths per block
  unsigned ahead_ = 1;
  llvm::Type *f64_, *i64_, *i32_;
  llvm::PointerType* ptr_;
  llvm::FixedVectorType *vf_, *vmask_;
  llvm::Function* fn_ = nullptr;
  llvm::Function *exp_, *log_, *pow_, *lazyNormal_, *poisson_, *poissonTable_, *poissonFromTable_, *poissonAllZero_,
      *drawSteps_, *hedgeDay_, *curveRealize_, *curveNeeds_, *curveMarks_, *storeColumns_;
  llvm::StructType *drawLayoutTy_ = nullptr, *poissonTableTy_ = nullptr;
  llvm::GlobalVariable* layout_ = nullptr;
  std::vector<CurveSlots> curves_;
  std::vector<HedgeSlots> hedges_;
  std::vector<Value*> tables_;
  std::vector<Value*> paramValues_;
  Value* tau_ = nullptr;
  Value *args_, *params_, *seed_, *stream_, *firstPath_, *numPaths_, *out_, *stride_;
  Value *blockStart_ = nullptr, *path0_ = nullptr, *valid_ = nullptr, *t_ = nullptr;
  llvm::AllocaInst *blockIdx_ = nullptr, *chunkIdx_ = nullptr, *stepIdx_ = nullptr, *drawBuf_ = nullptr;
  // Value slots: allocas, or a grouped kernel's frame fields as seen from the function being emitted.
  std::vector<Value*> states_, next_, temps_, checks_, aggs_, win_, winIdx_, winStart_;
  bool grouped_ = false;
  llvm::StructType* frameTy_ = nullptr;
  Value *frame_ = nullptr, *kernelFrame_ = nullptr;
  llvm::Function* kernelFn_ = nullptr;
  Value* row_ = nullptr;                      // this step's draws (grouped kernels)
  std::map<uint32_t, Value*> paramCache_;     // params loaded in the function being emitted
  std::vector<std::vector<Value*>> kernelSlots_;
  Value* stepK1_ = nullptr;                   // k + 1 in the function being emitted
  bool inGroup_ = false;
  std::vector<llvm::GlobalVariable*> windowEnds_;
  std::vector<Value*> draws_;
  std::map<uint32_t, Value*> locals_;
};

}  // namespace

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
