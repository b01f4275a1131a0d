// Random numbers in the kernel: the draw layout the runtime's drawSteps works from, Poisson CDF tables for
// run-constant means, lazy normals, and this step's draws.
#include "codegen/KernelBuilder.h"
#include "sitrt/draws.h"

namespace sitc::codegen {

using ir::Op;

// The layout drawSteps works from (draws.h), as a constant the optimiser folds into the inlined loops.
void KernelBuilder::drawLayout() {
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
void KernelBuilder::poissonTables() {
  tables_.assign(m_.draws.size(), nullptr);
  for (size_t s = 0; s < m_.states.size(); ++s)
    if (m_.states[s].update) findPoisson(*m_.states[s].update);
  for (auto i : p_.stepTemps) findPoisson(*m_.temps[i].expr);
  if (grouped_) {
    bindSlots();
    kernelSlots_ = {states_, next_, temps_, aggs_, checks_, win_, winIdx_, winStart_, tables_};
  }
}

void KernelBuilder::findPoisson(const ir::Expr& e) {
  if (e.op == Op::Poisson && !tables_[e.index] && runConstant(*e.args[0])) {
    t_ = splat(0.0);
    Value* mean = b_.CreateExtractElement(emit(*e.args[0], 0), uint64_t{0});
    Value* t = grouped_ ? field(kTables, e.index) : slot(poissonTableTy_, "poisson_table");
    b_.CreateCall(poissonTable_, {mean, t});
    tables_[e.index] = t;
  }
  for (const auto& a : e.args) findPoisson(*a);
}

Value* KernelBuilder::poissonDraw(const ir::Expr& e, uint32_t elem) {
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
Value* KernelBuilder::lazyProduct(Value* factor, const ir::Expr& normal, bool normalFirst) {
  Value* z = callVec(lazyNormal_, {factor, drawValue(normal.index)});
  return normalFirst ? b_.CreateFMul(z, factor) : b_.CreateFMul(factor, z);
}

// This step's draw of d: loaded at the step's start in the kernel, on first use in a group function.
Value* KernelBuilder::drawValue(uint32_t d) {
  if (!draws_.at(d))
    draws_[d] = b_.CreateLoad(vf_, b_.CreateConstInBoundsGEP1_64(vf_, row_, p_.drawSlot[d]));
  return draws_[d];
}

}  // namespace sitc::codegen
