// The simulation plan ("--emit=plan"): a checked scenario scheduled for execution. It fixes the order in which
// everything is computed in a path, the RNG layout (which draw uses which counter slot), the Cholesky factor of
// the correlated shocks, aggregate window boundaries, output columns and run-time checks. The reference
// evaluator interprets it; codegen compiles it.
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

struct Check {
  SourceRange range;
  std::string what;
};

struct Plan {
  ir::Model model;
  std::vector<InitItem> init;
  std::vector<uint32_t> stepTemps;
  std::vector<uint32_t> observed;
  std::vector<uint32_t> drawSlot;        // per draw: its counter slot (slot s = pair s/2, half s%2)
  uint32_t slots = 0;
  std::vector<uint32_t> correlated;      // draws (primary normals) in the order of the Cholesky factor
  std::vector<double> chol;              // lower triangular, row-major, correlated.size()^2
  std::vector<std::vector<uint64_t>> windowEnds;  // per aggregate: step counts at which windows close
  std::vector<uint32_t> outputColumn;    // per output: first column
  uint32_t numColumns = 0;
  std::vector<Check> checks;             // state updates, then poisson draws, then outputs
  std::vector<int32_t> stateCheck;       // per state: its check, -1 if it is never updated
  std::vector<int32_t> drawCheck;        // per draw: its check, -1 for normal and uniform draws
  uint32_t firstOutputCheck = 0;         // output i has check firstOutputCheck + i

  sitrt::SimSpec simSpec(const SourceManager& sm) const;
};

// Schedules a checked model. Reports circular definitions and correlation matrices that are not positive
// definite; returns false then.
bool lower(ir::Model model, DiagEngine& diags, Plan& out);

// Cholesky factor of a symmetric matrix; returns the 1-based order of the first non-positive leading minor, or 0.
size_t cholesky(const std::vector<double>& a, size_t n, std::vector<double>& l);

std::string printPlan(const Plan& p);

}  // namespace sitc::plan
