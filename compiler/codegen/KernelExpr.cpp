// Expressions: one plan expression -> one <N x double> value (element `elem` of a windowed value).
#include <llvm/IR/Intrinsics.h>

#include "codegen/KernelBuilder.h"

namespace sitc::codegen {

using ir::Op;

size_t nodes(const ir::Expr& e) {
  size_t n = e.op == Op::Exp ? 40 : e.op == Op::Log ? 45 : e.op == Op::Pow ? 90 : e.op == Op::Poisson ? 10 : 1;
  size_t copies = e.op == Op::OverWindows ? e.args[0]->type.windows : 1;  // its argument is emitted per window
  for (const auto& a : e.args) n += copies * nodes(*a);
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

Value* KernelBuilder::emit(const ir::Expr& e, uint32_t elem) {
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
    case Op::At: return emit(*e.args[0], e.index);
    case Op::Pair: return emit(*e.args[elem], 0);
    case Op::OverWindows: {
      const uint32_t n = e.args[0]->type.windows;
      Value* r = emit(*e.args[0], 0);
      for (uint32_t w = 1; w < n; ++w) {
        Value* x = emit(*e.args[0], w);
        switch (ir::windowCombiner(e.index)) {
          case Op::Max: r = b_.CreateSelect(b_.CreateFCmpOGT(r, x), r, x); break;
          case Op::Min: r = b_.CreateSelect(b_.CreateFCmpOLT(r, x), r, x); break;
          default: r = b_.CreateFAdd(r, x);
        }
      }
      if (e.index == static_cast<uint32_t>(ir::AggKind::Average)) r = b_.CreateFDiv(r, splat(static_cast<double>(n)));
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

}  // namespace sitc::codegen
