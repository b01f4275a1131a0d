// Checked expressions: the typed, name-resolved, unit-erased expression trees that sema produces and that
// lowering, the reference evaluator and codegen consume. Values are in base units; booleans are 0/1 reals.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <memory>
#include <string>
#include <vector>

#include "ir/Type.h"
#include "support/Source.h"

namespace sitc::ir {

enum class Op : uint8_t {
  // leaves
  Const,    // value
  Param,    // index into Model::params
  State,    // index into Model::states: value at the start of the current step (or the final value at path end)
  Temp,     // index into Model::temps
  Local,    // index of an enclosing Let
  Time,     // t: time at which the expression is evaluated (start of step in updates)
  Dt,       // the time step
  Normal,   // index into Model::draws
  Uniform,  // index into Model::draws
  Agg,      // index into Model::aggs (path-end expressions only)
  Tau,      // the horizon of a process's forward(tau): E_t[value at t + tau]
  Hedge,    // a hedge's path total (hedge-report expressions only): index = hedge * kHedgeValues + HedgeValue
  // operators
  Poisson,  // index into Model::draws; args[0] is the mean
  Neg, Not, Add, Sub, Mul, Div, Pow, Lt, Le, Gt, Ge, Eq, Ne, And, Or,
  Select,   // args: cond, then, else
  Exp, Log, Sqrt, Abs, Min, Max, Floor, Ceil,
  Let,      // binds Local(index) to args[0] while evaluating args[1]
  // Of a per-window value args[0] (path-end expressions only), one value per path:
  At,           // its window `index` (0-based): `monthly[3]`
  OverWindows,  // its windows combined by AggKind(index) (sum, average, maximum, minimum): `sum(monthly)`
  Pair,         // two path values stored side by side for a paired statistic: element w is args[w]
};
// The per-path totals of a hedge that reports can use (see hedge.h for how the book computes them).
enum class HedgeValue { Unhedged, Hedged, Gain, Calls, PeakOut, Locked, Costs, CappedDays, Funding, Premium };
constexpr uint32_t kHedgeValues = 10;
// Its name in reports: a seller's (produce(...)) unhedged and hedged values are revenues, minus the costs the
// book computes (revenue_unhedged = -cost_unhedged); the other values read the same for both sides.
const char* hedgeValueName(HedgeValue v, bool seller = false);

const char* opName(Op op);
bool isLeaf(Op op);
// How OverWindows(AggKind k) folds windows 1..n into the running value, left to right: the kernel and the
// reference evaluator both do r = x[0]; r = combine(r, x[w]) for w = 1..n-1, then r / n for an average.
Op windowCombiner(uint32_t aggKind);

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
  Op op = Op::Const;
  double value = 0;
  uint32_t index = 0;
  std::vector<ExprPtr> args;
  Type type;
  Variability var = Variability::Const;
  SourceRange range;
};

ExprPtr makeConst(double v, Type t, SourceRange r = {});
ExprPtr makeLeaf(Op op, uint32_t index, Type t, Variability v, SourceRange r = {});
ExprPtr makeNode(Op op, std::vector<ExprPtr> args, Type t, SourceRange r = {});  // variability = join of args
ExprPtr clone(const Expr& e);
// Nodes in e, counting no further than `cap` (so that sizing a huge tree costs at most `cap` steps).
uint64_t countNodes(const Expr& e, uint64_t cap);

// The scalar meaning of each operator that is not a leaf, Poisson or Let, shared by the constant folder, the
// reference evaluator and (lane-wise) codegen so that all three agree bit for bit.
double applyScalar(Op op, const double* args);

// A power with a constant exponent c, as every evaluator computes it: c = 0.5 is sqrt(x); a whole c with
// 1 <= |c| <= 8 is the product x * x * ... * x, left to right (1 over it for c < 0); any other c is pow. The
// expand-powers pass (plan/passes/Powers.cpp) gives kernels these forms, and the constant folder and the
// compile-time evaluators compute the same, so a power folded at compile time and one computed in a run agree to
// the bit.
bool powerExpands(double c);
double constantPower(double x, double c);

// The value of operator node `e` from its arguments' values: applyScalar, except that a power whose exponent is a
// constant node is constantPower.
double applyNode(const Expr& e, const double* args);

// Evaluates `e` bottom-up with applyNode; `leaf` gives the value of each leaf other than a constant (nullopt:
// not known here, and then neither is `e`). Let and Poisson have no value here.
std::optional<double> evaluate(const Expr& e, const std::function<std::optional<double>(const Expr&)>& leaf);

// Folds an operator whose operands are all constants into a constant (same node returned otherwise).
ExprPtr foldConstants(ExprPtr e);

// Structural equality: the same operators, leaves and constants (bit for bit), whatever the source ranges.
bool sameExpr(const Expr& a, const Expr& b);

// Visits every node, children first.
void walk(const Expr& e, const std::function<void(const Expr&)>& f);

// Infix rendering; `name` spells Param/State/Temp/Agg/draw leaves (e.g. "TPI.x").
using Namer = std::function<std::string(Op op, uint32_t index)>;
std::string print(const Expr& e, const Namer& name);

}  // namespace sitc::ir
