// Hedges in the kernel: the curves' forward prices and the hedge books, day by day, through the runtime's
// curve.h and hedge.h (the runner builds the curves' tables and the books); sit_prepare's lag tables.
#include "codegen/KernelBuilder.h"
#include "sitrt/hedge.h"
#include "sitrt/kernel_abi.h"

namespace sitc::codegen {

using ir::Op;

Value* KernelBuilder::elementPtr(llvm::AllocaInst* arr, Value* i) {
  return b_.CreateInBoundsGEP(arr->getAllocatedType(), arr, {b_.getInt64(0), i});
}

// SitKernelArgs::books: the curves' views, then the hedges' books.
void KernelBuilder::loadBooks() {
  Value* books = b_.CreateLoad(ptr_, b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), args_, offsetof(SitKernelArgs, books)));
  for (size_t c = 0; c < curves_.size(); ++c)
    curves_[c].view = b_.CreateLoad(ptr_, b_.CreateConstInBoundsGEP1_64(ptr_, books, c));
  for (size_t h = 0; h < hedges_.size(); ++h)
    hedges_[h].spec = b_.CreateLoad(ptr_, b_.CreateConstInBoundsGEP1_64(ptr_, books, curves_.size() + h));
}

// The curve's path values for today's prices: P_i, Pc and Q of its separable forward (plan/passes/Curves.cpp).
void KernelBuilder::curveMarks(size_t c, Value* k) {
  const plan::CurvePlan& cp = p_.curves[c];
  CurveSlots& cs = curves_[c];
  for (size_t i = 0; i < cp.terms.size(); ++i)
    b_.CreateStore(cp.terms[i].path ? emit(*cp.terms[i].path, 0) : splat(1.0), elementPtr(cs.p, i));
  b_.CreateStore(cp.coupledPath ? emit(*cp.coupledPath, 0) : splat(1.0), cs.pc);
  b_.CreateStore(cp.coupledQ ? emit(*cp.coupledQ, 0) : splat(0.0), cs.q);
  b_.CreateCall(curveMarks_, {cs.view, k, b_.CreateLoad(i64_, cs.cur), cs.p, cs.pc, cs.q, cs.realized, cs.fwd, cs.fix});
}

void KernelBuilder::hedgeDay(size_t h, Value* k) {
  const CurveSlots& cs = curves_[p_.hedges[h].curve];
  const HedgeSlots& hs = hedges_[h];
  b_.CreateCall(hedgeDay_, {hs.spec, k, cs.fix, cs.fwd, cs.s, hs.settle, hs.gain, hs.book, hs.pos});
}

// Day k >= 1 of every curve and book: fixings, prices when needed, settlements.
void KernelBuilder::hedgesDay(Value* k) {
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
void KernelBuilder::openHedges() {
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

Value* KernelBuilder::bookField(size_t h, int field) {
  return b_.CreateLoad(vf_, elementPtr(hedges_[h].book, static_cast<uint64_t>(field)));
}

// A hedge's value: its book's, or a strip's summed over its books in order (RefEval sums them the same way).
Value* KernelBuilder::hedgeValue(size_t h, ir::HedgeValue v) {
  const size_t books = m_.hedges[h].books;
  if (v == ir::HedgeValue::Unhedged) return b_.CreateLoad(vf_, aggs_[m_.hedges[h].costAgg]);
  if (v == ir::HedgeValue::Hedged) {  // hedge.h's hedgedCost, through the runtime bitcode, book by book
    Value* out = slot(vf_, "hedged");
    b_.CreateCall(hedgedCost_, {aggs_[m_.hedges[h].costAgg], hedges_[h].book, out});
    for (size_t b = h + 1; b < h + books; ++b) b_.CreateCall(hedgedCost_, {out, hedges_[b].book, out});
    return b_.CreateLoad(vf_, out);
  }
  int field = sitrt::kGain;
  switch (v) {
    case ir::HedgeValue::Unhedged:
    case ir::HedgeValue::Hedged:
    case ir::HedgeValue::Gain: field = sitrt::kGain; break;
    case ir::HedgeValue::Calls: field = sitrt::kCalls; break;
    case ir::HedgeValue::PeakOut: field = sitrt::kPeakOut; break;
    case ir::HedgeValue::Locked: field = sitrt::kLocked; break;
    case ir::HedgeValue::Costs: field = sitrt::kCosts; break;
    case ir::HedgeValue::CappedDays: field = sitrt::kCapped; break;
    case ir::HedgeValue::Funding: field = sitrt::kFunding; break;
    case ir::HedgeValue::Premium: field = sitrt::kPremium; break;
  }
  Value* x = bookField(h, field);
  for (size_t b = h + 1; b < h + books; ++b) x = b_.CreateFAdd(x, bookField(b, field));
  return x;
}

void KernelBuilder::storeHedgeColumns() {
  for (size_t h = 0; h < p_.hedges.size(); ++h) {
    const plan::HedgePlan& hp = p_.hedges[h];
    HedgeSlots& hs = hedges_[h];
    uint32_t n = static_cast<uint32_t>(hp.ends.size());
    if (!hp.sharesQuantity) storeColumns(win_[m_.hedges[h].quantityAgg], n, hp.colQuantity);
    storeColumns(hs.gain, n, hp.colPeriodGain);
    storeColumns(hs.entry, n, hp.colEntry);
    storeColumns(hs.settle, n, hp.colSettle);
    if (!hp.sharesUnhedged) storeColumn(hp.colUnhedged, hedgeValue(h, ir::HedgeValue::Unhedged));
    if (!hp.leg) storeColumn(hp.colHedged, hedgeValue(h, ir::HedgeValue::Hedged));
    storeColumn(hp.colGain, hedgeValue(h, ir::HedgeValue::Gain));
    if (hp.books > 1) storeColumn(hp.colBookGain, bookField(h, sitrt::kGain));
  }
}

// void sit_prepare(const double* params, double* lag, const void* user): the curves' lag tables, T(j dt) for
// j = 0..steps, for the run's params.
void KernelBuilder::buildPrepare() {
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

}  // namespace sitc::codegen
