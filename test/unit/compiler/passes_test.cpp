// The lowering passes on small specs, through the pipeline (driver/Pipeline.h): the evaluation order the schedule
// pass gives, its cycle detection, the correlate pass's positive-definiteness check, the expand-powers rewrite,
// and that --print-after stops nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

#include "driver/Pipeline.h"
#include "plan/passes/Schedule.h"

using namespace sitc;

namespace {

struct Compiled {
  driver::Compilation c;
  bool ok = false;
  std::string errors() const {
    std::string out;
    for (const auto& d : c.diags.all()) out += d.message + "\n";
    return out;
  }
};

std::unique_ptr<Compiled> compile(const std::string& text, driver::Stage until = driver::Stage::Plan) {
  auto r = std::make_unique<Compiled>();
  r->c.mainFile = r->c.sm.addFile("t.sit", text);
  r->ok = driver::runPipeline(driver::Options{}, r->c, until);
  return r;
}

// The position of the temporary named `name` in the plan's after-step order.
size_t observedAt(const plan::Plan& p, const std::string& name) {
  for (size_t i = 0; i < p.observed.size(); ++i)
    if (p.model.temps[p.observed[i]].name == name) return i;
  return SIZE_MAX;
}

}  // namespace

TEST(Schedule, DependenciesComeFirstWhateverTheSourceOrder) {
  auto r = compile(R"(import std.processes;
scenario s {
  horizon = 1 month;
  let c = b * 2;
  let b = a + X;
  let a = X * X;
  X ~ ou(x0 = 0, kappa = 2/yr, theta = 0, sigma = 0.5/sqrt(yr));
  report { mean(c); }
})");
  ASSERT_TRUE(r->ok) << r->errors();
  const plan::Plan& p = r->c.plans.at(0);
  size_t a = observedAt(p, "a"), b = observedAt(p, "b"), c = observedAt(p, "c");
  ASSERT_NE(c, SIZE_MAX);
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
}

// Sema rejects the cycles a spec can write (a let or an initial value that depends on itself); the schedule pass
// still checks, on a model made by hand: two observed values that need each other at the same time.
TEST(Schedule, ACycleIsAnErrorNamingIt) {
  plan::Plan p;
  auto temp = [](uint32_t other) {
    std::vector<ir::ExprPtr> args;
    args.push_back(ir::makeLeaf(ir::Op::Temp, other, Type::real(), Variability::Step));
    args.push_back(ir::makeConst(1, Type::real()));
    return ir::makeNode(ir::Op::Add, std::move(args), Type::real());
  };
  p.model.temps.push_back({"u", temp(1), ir::Stage::Observed, {}});
  p.model.temps.push_back({"v", temp(0), ir::Stage::Observed, {}});
  DiagEngine diags;
  plan::scheduleEvaluation(p, diags);
  ASSERT_TRUE(diags.hasErrors());
  EXPECT_EQ(diags.all().front().kind, Diag::CircularDefinition);
  EXPECT_EQ(diags.all().front().message, "circular definition: 'u' depends on itself at the same point in time");
}

TEST(Correlate, InconsistentCorrelationsAreAnError) {
  auto r = compile(R"(import std.processes;
scenario s {
  horizon = 1 month;
  A ~ ou(x0 = 0, kappa = 2/yr, theta = 0, sigma = 0.5/sqrt(yr));
  B ~ ou(x0 = 0, kappa = 2/yr, theta = 0, sigma = 0.5/sqrt(yr));
  C ~ ou(x0 = 0, kappa = 2/yr, theta = 0, sigma = 0.5/sqrt(yr));
  correlation(A, B, C) = [[1, 0.9, 0.9], [0.9, 1, -0.9], [0.9, -0.9, 1]];
  report { mean(A); }
})");
  EXPECT_FALSE(r->ok);
  EXPECT_NE(r->errors().find("not positive definite: the correlations among A, B, C are inconsistent"),
            std::string::npos)
      << r->errors();
}

TEST(Correlate, AConsistentMatrixIsFactored) {
  auto r = compile(R"(import std.processes;
scenario s {
  horizon = 1 month;
  A ~ ou(x0 = 0, kappa = 2/yr, theta = 0, sigma = 0.5/sqrt(yr));
  B ~ ou(x0 = 0, kappa = 2/yr, theta = 0, sigma = 0.5/sqrt(yr));
  correlate(A, B) = 0.6;
  report { mean(A); }
})");
  ASSERT_TRUE(r->ok) << r->errors();
  const plan::Plan& p = r->c.plans.at(0);
  ASSERT_EQ(p.chol.size(), 4u);
  EXPECT_EQ(p.chol[0], 1);
  EXPECT_DOUBLE_EQ(p.chol[2], 0.6);
  EXPECT_DOUBLE_EQ(p.chol[3], 0.8);
}

// Sema keeps powers as written; expand-powers turns x^c for the constants ir::powerExpands accepts into sqrt or
// products (a non-leaf base bound once by a let), and leaves other exponents to pow.
TEST(ExpandPowers, ConstantPowersBecomeProductsAfterCheck) {
  const char* spec = R"(import std.processes;
scenario s {
  horizon = 1 month;
  X ~ ou(x0 = 0, kappa = 2/yr, theta = 0, sigma = 0.5/sqrt(yr));
  let a = X ^ 3;
  let b = (X + 1) ^ -2;
  let c = (X * X) ^ 0.5;
  let d = X ^ 2.5;
  report { mean(a); mean(b); mean(c); mean(d); }
})";
  auto checked = compile(spec, driver::Stage::Checked);
  ASSERT_TRUE(checked->ok) << checked->errors();
  const ir::Model& m = checked->c.models.at(0);
  auto exprOf = [](const ir::Model& model, const std::string& name) -> const ir::Expr& {
    for (const auto& t : model.temps)
      if (t.name == name) return *t.expr;
    throw std::runtime_error("no temporary " + name);
  };
  for (const char* name : {"a", "b", "c", "d"}) EXPECT_EQ(exprOf(m, name).op, ir::Op::Pow) << name;
  auto planned = compile(spec);
  ASSERT_TRUE(planned->ok) << planned->errors();
  const ir::Model& pm = planned->c.plans.at(0).model;
  const ir::Expr& a = exprOf(pm, "a");  // (X * X) * X
  ASSERT_EQ(a.op, ir::Op::Mul);
  EXPECT_EQ(a.args[0]->op, ir::Op::Mul);
  const ir::Expr& b = exprOf(pm, "b");  // let %n = X + 1 in 1 / (%n * %n)
  ASSERT_EQ(b.op, ir::Op::Let);
  EXPECT_EQ(b.args[1]->op, ir::Op::Div);
  EXPECT_EQ(exprOf(pm, "c").op, ir::Op::Sqrt);
  EXPECT_EQ(exprOf(pm, "d").op, ir::Op::Pow);
}

TEST(Pipeline, StopsAtTheStageAsked) {
  const char* spec = "import std.processes;\nscenario s { horizon = 1 month; X ~ ou(x0 = 0, kappa = 2/yr, theta = 0, "
                     "sigma = 0.5/sqrt(yr)); report { mean(X); } }";
  auto checked = compile(spec, driver::Stage::Checked);
  ASSERT_TRUE(checked->ok) << checked->errors();
  EXPECT_EQ(checked->c.models.size(), 1u);
  EXPECT_TRUE(checked->c.plans.empty());
  auto planned = compile(spec);
  ASSERT_TRUE(planned->ok);
  EXPECT_TRUE(planned->c.models.empty());
  ASSERT_EQ(planned->c.plans.size(), 1u);
  EXPECT_EQ(planned->c.plans[0].drawSlot.size(), planned->c.plans[0].model.draws.size());
  std::vector<std::string> passes = driver::passNames();
  EXPECT_EQ(passes.front(), "parse");
  EXPECT_EQ(passes.back(), "lazy-draws");
}
