// One block of paths: initial values, the step loop in chunks of drawn steps, aggregates and windows, the
// path's end (outputs, stores) and the report of a failed run-time check; sit_check_params.
#include <llvm/IR/Intrinsics.h>

#include <limits>

#include "codegen/KernelBuilder.h"
#include "sitrt/kernel_abi.h"

namespace sitc::codegen {

using ir::Op;

void KernelBuilder::initPath() {
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
  recordSeries(b_.getInt64(0));
}

// Steps in chunks of up to ahead_: the chunk's draws at once, then its steps one by one.
void KernelBuilder::stepLoop() {
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

void KernelBuilder::stepBodyAt(Value* k, Value* s) {
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
  recordSeries(k1);
}

void KernelBuilder::sample(size_t a, Value* k1) {
  const ir::AggInfo& agg = m_.aggs[a];
  Value* x = emit(*agg.input, 0);
  Value* acc = b_.CreateLoad(vf_, aggs_[a]);
  switch (agg.kind) {
    case ir::AggKind::Sum:
    case ir::AggKind::Average: acc = b_.CreateFAdd(acc, x); break;
    case ir::AggKind::Maximum: acc = b_.CreateSelect(b_.CreateFCmpOGT(acc, x), acc, x); break;
    case ir::AggKind::Minimum: acc = b_.CreateSelect(b_.CreateFCmpOLT(acc, x), acc, x); break;
    case ir::AggKind::Last: acc = x; break;
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

void KernelBuilder::pathEnd() {
  t_ = timeAt(b_.getInt64(m_.steps));
  for (size_t a = 0; a < m_.aggs.size(); ++a)
    if (!m_.aggs[a].windows && m_.aggs[a].kind == ir::AggKind::Average)
      b_.CreateStore(b_.CreateFDiv(b_.CreateLoad(vf_, aggs_[a]), splat(static_cast<double>(m_.steps))), aggs_[a]);
  storeHedgeColumns();
  std::vector<Item> items;
  for (size_t o = 0; o < m_.outputs.size(); ++o) {
    if (!m_.outputs[o].expr) continue;
    const ir::Expr& e = *m_.outputs[o].expr;
    uint32_t n = ir::outputColumns(m_.outputs[o]);
    items.push_back({nodes(e) * n, [this, &e, o, n] {
                       for (uint32_t w = 0; w < n; ++w) {
                         Value* v = emit(e, w);
                         flag(static_cast<int32_t>(p_.firstOutputCheck + o), nonFinite(v));
                         storeColumn(p_.outputColumn[o] + w, v);
                       }
                     },
                     usesHedge(e)});
  }
  for (size_t i = 0; i < m_.pathValues.size(); ++i) {  // not checked: a let no report uses may be NaN
    const ir::Expr& e = *m_.pathValues[i].expr;
    uint32_t n = std::max<uint32_t>(1, m_.pathValues[i].type.windows);
    items.push_back({nodes(e) * n, [this, &e, i, n] {
                       for (uint32_t w = 0; w < n; ++w) storeColumn(p_.pathValueColumn[i] + w, emit(e, w));
                     },
                     usesHedge(e)});
  }
  emitPhase("outputs", When::End, items);
  reportFailure();
}

void KernelBuilder::storeColumns(Value* values, uint32_t count, uint32_t firstColumn) {
  b_.CreateCall(storeColumns_, {values, b_.getInt32(count), out_, stride_, b_.getInt64(firstColumn), blockStart_});
}

// Whole blocks: the runner pads each column to a multiple of the block width (kernel_abi.h).
void KernelBuilder::storeColumn(uint32_t column, Value* v) {
  Value* col = b_.CreateMul(b_.getInt64(column), stride_);
  b_.CreateAlignedStore(v, b_.CreateInBoundsGEP(f64_, out_, b_.CreateAdd(col, blockStart_)), llvm::Align(8));
}

// --series: at a grid point (seriesPoint[k] >= 0), a block among the first seriesPaths paths stores its observables
// (kernel_abi.h). Two well-predicted scalar branches a step for the other blocks; nothing without --series.
void KernelBuilder::recordSeries(Value* k) {
  if (p_.series.empty()) return;
  auto* atPoint = newBlock("series.point");
  auto* store = newBlock("series.store");
  auto* cont = newBlock("series.cont");
  b_.CreateCondBr(b_.CreateICmpULT(path0_, seriesPaths_), atPoint, cont);
  b_.SetInsertPoint(atPoint);
  Value* g = b_.CreateLoad(i32_, b_.CreateInBoundsGEP(i32_, seriesPoint_, k));
  b_.CreateCondBr(b_.CreateICmpSGE(g, b_.getInt32(0)), store, cont);
  b_.SetInsertPoint(store);
  Value* first = b_.CreateMul(b_.CreateZExt(g, i64_), b_.getInt64(p_.series.size()));
  for (size_t i = 0; i < p_.series.size(); ++i) {
    Value* v = emit(*m_.observables[p_.series[i]].expr, 0);
    Value* row = b_.CreateMul(b_.CreateAdd(first, b_.getInt64(i)), seriesStride_);
    b_.CreateAlignedStore(v, b_.CreateInBoundsGEP(f64_, series_, b_.CreateAdd(row, path0_)), llvm::Align(8));
  }
  b_.CreateBr(cont);
  b_.SetInsertPoint(cont);
}

Value* KernelBuilder::laneValidMask() {
  std::vector<llvm::Constant*> lanes;
  for (unsigned i = 0; i < kW; ++i) lanes.push_back(b_.getInt64(i));
  Value* idx = b_.CreateAdd(splat(blockStart_), llvm::ConstantVector::get(lanes));
  return b_.CreateICmpULT(idx, splat(numPaths_), "valid");
}

void KernelBuilder::flag(int32_t check, Value* bad) {
  if (check < 0) return;
  auto* s = checks_[check];
  b_.CreateStore(b_.CreateOr(b_.CreateLoad(vmask_, s), bad), s);
}

Value* KernelBuilder::nonFinite(Value* v) {
  Value* a = b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, v);
  return b_.CreateFCmpUEQ(a, splat(std::numeric_limits<double>::infinity()));
}

double KernelBuilder::aggInitial(ir::AggKind k) {
  if (k == ir::AggKind::Maximum) return -std::numeric_limits<double>::infinity();
  if (k == ir::AggKind::Minimum) return std::numeric_limits<double>::infinity();
  return 0;
}

// The lowest lane of `anyBad` (one is set): its path goes to SitKernelArgs::failPath; returns the lane.
Value* KernelBuilder::storeFailPath(Value* anyBad) {
  auto* laneTy = b_.getIntNTy(kW);
  Value* lane = b_.CreateIntrinsic(llvm::Intrinsic::cttz, {laneTy}, {b_.CreateBitCast(anyBad, laneTy), b_.getTrue()});
  Value* lane64 = b_.CreateZExtOrTrunc(lane, i64_);
  b_.CreateStore(b_.CreateAdd(path0_, lane64),
                 b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), args_, offsetof(SitKernelArgs, failPath)));
  return lane64;
}

// If a check failed on a valid lane: the first such lane (lowest path), and its lowest failing check.
void KernelBuilder::reportFailure() {
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
  Value* lane64 = storeFailPath(anyBad);
  Value* code = b_.getInt32(0);
  for (size_t c = bad.size(); c-- > 0;)  // the lowest check that failed on that lane
    code = b_.CreateSelect(b_.CreateExtractElement(bad[c], lane64), b_.getInt32(static_cast<uint32_t>(c + 1)), code);
  b_.CreateRet(code);
  b_.SetInsertPoint(ok);
}

// The same for a grouped kernel, as loops over the frame's checks (one block per check would make the kernel
// as large as the spec).
void KernelBuilder::reportFailureLoop() {
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
  Value* lane64 = storeFailPath(anyBad);
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

void KernelBuilder::loop(llvm::AllocaInst* var, Value* from, Value* toInclusive,
                         const std::function<void(Value*)>& body) {
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

// int32_t sit_check_params(const double* params, const void* user): 0, or 1 + the index of the first process
// requirement (Model::requirements) the run's params break.
void KernelBuilder::buildCheckParams() {
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

}  // namespace sitc::codegen
