// Semantic analysis: names, units, types, binding times and scenario structure. Produces one checked Model per
// scenario; every problem found is reported to `diags` with its source location.
#pragma once
#include <string>
#include <vector>

#include "ir/Model.h"
#include "sema/Program.h"

namespace sitc::sema {

// Checks the whole program (including processes and functions no scenario uses) and elaborates each scenario,
// or only `scenario` when it is non-empty (an unknown name is reported). Returns false on any error.
bool checkProgram(const SourceManager& sm, const Program& program, DiagEngine& diags, std::vector<ir::Model>& models,
                  const std::string& scenario = "");

// --emit=checked
std::string printModel(const ir::Model& m);

}  // namespace sitc::sema
