// Where the kernel's per-path values live: one alloca each (promoted to registers) in a small kernel, fields of
// one frame in a large ("grouped") kernel, whose phases become calls to group functions of about kGroupCost.
#include "codegen/KernelBuilder.h"

namespace sitc::codegen {

using ir::Op;

// Allocas go to the entry block, so that mem2reg and SROA can promote them wherever they are created.
llvm::AllocaInst* KernelBuilder::slot(llvm::Type* t, const llvm::Twine& name) {
  llvm::IRBuilder<> e(&fn_->getEntryBlock(), fn_->getEntryBlock().begin());
  return e.CreateAlloca(t, nullptr, name);
}

llvm::StructType* KernelBuilder::frameType() {
  uint64_t wins = 0;
  for (const auto& a : m_.aggs) wins += a.windows;
  auto arr = [](llvm::Type* t, uint64_t n) { return llvm::ArrayType::get(t, n); };
  return llvm::StructType::get(ctx_, {arr(vf_, m_.states.size()), arr(vf_, m_.states.size()), arr(vf_, m_.temps.size()),
                                      arr(vf_, m_.aggs.size()), arr(vf_, wins), arr(i64_, m_.aggs.size()),
                                      arr(i64_, m_.aggs.size()), arr(vmask_, p_.checks.size()),
                                      arr(poissonTableTy_, m_.draws.size()), i64_, ptr_, ptr_, ptr_, i64_, i64_});
}

Value* KernelBuilder::field(unsigned f, uint64_t i) {
  return b_.CreateInBoundsGEP(frameTy_, frame_, {b_.getInt32(0), b_.getInt32(f), b_.getInt64(i)});
}

// Points the value slots at frame_'s fields (grouped kernels), at the current insertion point.
void KernelBuilder::bindSlots() {
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

void KernelBuilder::allocateSlots() {
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

// Params: loaded once at the kernel's entry; a group function loads those it uses from the frame's pointer.
Value* KernelBuilder::paramValue(uint32_t i) {
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

// Emits `items` in order: inline in a small kernel; in a grouped one, as calls to functions of about
// kGroupCost, each with the frame as its argument (items marked kernelOnly stay inline).
void KernelBuilder::emitPhase(const char* name, When when, std::vector<Item>& items) {
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
void KernelBuilder::bindSlotsOfKernel() {
  states_ = kernelSlots_[0], next_ = kernelSlots_[1], temps_ = kernelSlots_[2], aggs_ = kernelSlots_[3];
  checks_ = kernelSlots_[4], win_ = kernelSlots_[5], winIdx_ = kernelSlots_[6], winStart_ = kernelSlots_[7];
  tables_ = kernelSlots_[8];
}

}  // namespace sitc::codegen
