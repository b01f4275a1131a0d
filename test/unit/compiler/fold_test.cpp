// Constant folding (ir/Expr.h): folding uses applyScalar, the same scalar maths the reference evaluator and the
// kernels use, so a folded constant equals what a run would compute, bit for bit; a constant power folds as the
// product the expand-powers pass gives kernels.
#include <gtest/gtest.h>

#include <cmath>

#include "ir/Expr.h"

using namespace sitc;
using ir::Op;

namespace {
ir::ExprPtr num(double v) { return ir::makeConst(v, Type::real()); }
ir::ExprPtr node(Op op, ir::ExprPtr a, ir::ExprPtr b = nullptr, ir::ExprPtr c = nullptr) {
  std::vector<ir::ExprPtr> args;
  args.push_back(std::move(a));
  if (b) args.push_back(std::move(b));
  if (c) args.push_back(std::move(c));
  return ir::makeNode(op, std::move(args), Type::real());
}
}  // namespace

TEST(Fold, ConstantOperandsBecomeAConstant) {
  auto e = ir::foldConstants(node(Op::Add, num(2), num(3)));
  ASSERT_EQ(e->op, Op::Const);
  EXPECT_EQ(e->value, 5);
  auto s = ir::foldConstants(node(Op::Select, num(0), num(1), num(2)));
  ASSERT_EQ(s->op, Op::Const);
  EXPECT_EQ(s->value, 2);
  auto cmp = ir::foldConstants(node(Op::Lt, num(1), num(2)));
  EXPECT_EQ(cmp->value, 1);  // booleans are 0/1 reals
}

TEST(Fold, AgreesWithTheScalarMathsBitForBit) {
  for (double x : {0.3, 1.0, 2.5, 17.25, 700.0}) {
    auto e = ir::foldConstants(node(Op::Exp, num(x)));
    double a[1] = {x};
    EXPECT_EQ(e->value, ir::applyScalar(Op::Exp, a)) << x;
    auto l = ir::foldConstants(node(Op::Log, num(x)));
    EXPECT_EQ(l->value, ir::applyScalar(Op::Log, a)) << x;
  }
}

TEST(Fold, ConstantPowersAreTheProductsKernelsCompute) {
  for (double x : {1.1, 0.7, 3.3, 1e-3}) {
    EXPECT_EQ(ir::foldConstants(node(Op::Pow, num(x), num(3)))->value, x * x * x) << x;
    EXPECT_EQ(ir::foldConstants(node(Op::Pow, num(x), num(-2)))->value, 1 / (x * x)) << x;
    EXPECT_EQ(ir::foldConstants(node(Op::Pow, num(x), num(0.5)))->value, std::sqrt(x)) << x;
    double a[2] = {x, 2.5};  // not expanded: the runtime's pow
    EXPECT_EQ(ir::foldConstants(node(Op::Pow, num(x), num(2.5)))->value, ir::applyScalar(Op::Pow, a)) << x;
  }
  EXPECT_TRUE(ir::powerExpands(8));
  EXPECT_TRUE(ir::powerExpands(-8));
  EXPECT_FALSE(ir::powerExpands(9));
  EXPECT_FALSE(ir::powerExpands(0));
  EXPECT_FALSE(ir::powerExpands(1.5));
}

TEST(Evaluate, UsesTheConstantPowerRuleAndAsksForLeaves) {
  auto p = ir::makeLeaf(Op::Param, 0, Type::real(), Variability::Param);
  auto e = node(Op::Pow, std::move(p), num(3));
  auto v = ir::evaluate(*e, [](const ir::Expr& leaf) -> std::optional<double> {
    return leaf.op == Op::Param ? std::optional(1.1) : std::nullopt;
  });
  ASSERT_TRUE(v);
  EXPECT_EQ(*v, 1.1 * 1.1 * 1.1);
  auto t = node(Op::Add, ir::makeLeaf(Op::Time, 0, Type::real(), Variability::Step), num(1));
  EXPECT_FALSE(ir::evaluate(*t, [](const ir::Expr&) { return std::optional<double>(); }));
}

TEST(Fold, LeavesNonConstantsAlone) {
  auto p = ir::makeLeaf(Op::Param, 0, Type::real(), Variability::Param);
  auto e = ir::foldConstants(node(Op::Mul, std::move(p), num(2)));
  EXPECT_EQ(e->op, Op::Mul);
  EXPECT_EQ(e->var, Variability::Param);
}

TEST(Fold, KeepsIeeeResults) {
  EXPECT_TRUE(std::isinf(ir::foldConstants(node(Op::Div, num(1), num(0)))->value));
  EXPECT_TRUE(std::isnan(ir::foldConstants(node(Op::Sqrt, num(-1)))->value));
}

TEST(SameExpr, IgnoresRangesNotBits) {
  auto a = node(Op::Add, num(0.1), num(0.2));
  auto b = node(Op::Add, num(0.1), num(0.2));
  b->range.file = 7;
  EXPECT_TRUE(ir::sameExpr(*a, *b));
  EXPECT_FALSE(ir::sameExpr(*a, *node(Op::Add, num(0.1), num(std::nextafter(0.2, 1.0)))));
}
