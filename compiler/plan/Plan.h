// The simulation plan ("--emit=plan"): a checked scenario scheduled for execution. It fixes the order in which
// everything is computed in a path, the RNG layout (which draw uses which counter slot), the Cholesky factor of
// the correlated shocks, aggregate window boundaries, output columns and run-time checks. The reference
// evaluator interprets it; codegen compiles it.
//
// The lowering passes (plan/passes/, one per file, run in order by driver/Pipeline.cpp) fill it in from the checked
// model: each is `bool pass(Plan&, DiagEngine&)`, reports its errors, and returns false only when the passes after
// it cannot run on what it left.
//
// One path, in order:
//   t = 0:         `init`        states' initial values and observed temporaries, in dependency order
//   step k = 0..N-1 (t = k dt):
//                  draws         uniforms for every slot; normals by inverse CDF; correlated normals = L z
//                  `stepTemps`   process lets and update lets, in declaration order
//                  updates       every state's new value from start-of-step values, then all committed at once
//                  t = (k+1) dt: `observed` temporaries recomputed, in dependency order
//                  aggregates    sample their input; a window closes after step windowEnds[a][w]
//   path end (t = N dt): path-end temporaries and report expressions (evaluated where used).
#pragma once
#include <string>
#include <vector>

#include "ir/Model.h"
#include "sitrt/sim_spec.h"
#include "support/Diagnostics.h"

namespace sitc::plan {

struct InitItem {
  bool isState = false;
  uint32_t index = 0;
};

// A futures curve (runtime/include/sitrt/curve.h): the underlying's forward in separable form (plan/passes/Curves.cpp),
//   F(tau) = sum_i terms[i].path * terms[i].tau  +  coupledPath * coupledTau * exp(coupledQ * coupledU),
// path parts evaluated each day (null: 1), tau parts tabulated per lag at the start of a run.
struct CurveTerm {
  ir::ExprPtr path, tau;
};
struct CurvePlan {
  uint32_t instance = 0;             // the underlying
  bool average = true;               // settlement on the period's average (else its last day's index)
  std::vector<int64_t> ends;         // last day of each contract period
  ir::ExprPtr underlying;            // the index value, for fixings
  std::vector<CurveTerm> terms;
  ir::ExprPtr coupledPath, coupledTau, coupledQ, coupledU;  // coupledQ null: no coupled term
  uint32_t lagOffset = 0;            // its lag tables in the prepared buffer: T_i, then Tc and U (steps + 1 each)
};

// A hedge's futures book (runtime/include/sitrt/hedge.h): what the runtime is told (the SimSpec's HedgeSpec, filled
// in by the columns and curves passes), and what only the compiler needs.
struct HedgePlan : sitrt::HedgeSpec {
  std::vector<int64_t> ends;        // last day of each hedged period (the curves pass makes its curve's)
  bool sharesQuantity = false;      // colQuantity is an earlier hedge's (the same quantities)
  bool sharesUnhedged = false;      // colUnhedged is an earlier hedge's (the same spending), or a leg's head's
  uint32_t colBookGain = 0;         // a strip's book: its own gain (a leg: colGain; the head's colGain is the strip's)
};

// How values of type t are displayed: its display unit and scale (base units per display unit), or the base
// units' name.
std::pair<std::string, double> displayUnit(const ir::Model& m, const Type& t);

struct Check {
  SourceRange range;
  std::string what;
};

struct Plan {
  ir::Model model;
  std::vector<InitItem> init;
  std::vector<uint32_t> stepTemps;
  std::vector<uint32_t> observed;
  std::vector<uint32_t> drawSlot;        // per draw: its counter slot (slot s = word s%4 of Philox block s/4)
  std::vector<bool> lazyNormal;          // per draw: a normal kernels evaluate only where used (LazyDraws.cpp)
  uint32_t slots = 0;
  std::vector<uint32_t> correlated;      // draws (primary normals) in the order of the Cholesky factor
  std::vector<double> chol;              // lower triangular, row-major, correlated.size()^2
  std::vector<std::vector<uint64_t>> windowEnds;  // per aggregate: step counts at which windows close
  std::vector<HedgePlan> hedges;
  std::vector<CurvePlan> curves;
  uint32_t lagSize = 0;                  // values of the curves' lag tables
  std::vector<uint32_t> outputColumn;    // per output: first column (hedge statistics without an expression: none)
  std::vector<uint32_t> pathValueColumn; // per Model::pathValues entry: its first column
  std::vector<uint32_t> series;          // Model::observables the kernel records when a run asks (chooseSeries)
  uint32_t numColumns = 0;
  std::vector<Check> checks;             // poisson draws, then state updates, then outputs
  std::vector<int32_t> stateCheck;       // per state: its check, -1 if it is never updated
  std::vector<int32_t> drawCheck;        // per draw: its check, -1 for normal and uniform draws
  uint32_t firstOutputCheck = 0;         // output i has check firstOutputCheck + i
  uint32_t numParams = 0;                // user params, then each hedge's base positions

  sitrt::SimSpec simSpec(const SourceManager& sm) const;
};

std::string printPlan(const Plan& p);

// --series NAMES (sitc run, sitc build): the observables (ir::Model::observables) the kernel can record at grid
// points, by name, in the order given; "" or why not (a name that is not one, with the closest and the list).
std::string chooseSeries(Plan& p, const std::vector<std::string>& names);

}  // namespace sitc::plan
