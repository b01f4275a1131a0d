// A structure-aware generator of .sit text for the fuzz targets. Random byte mutation rarely produces a program
// that passes the parser, and never the patterns that blow up later stages: functions, lets and process
// arguments that each use the previous definition several times (exponential expansion), deep nesting, long
// chains, huge and tiny numbers. The generator writes such programs from a seed, mostly well-formed, so the
// checker, the lowering and the code generator see them.
#pragma once
#include <cstdint>
#include <string>

namespace sitc::fuzz {

// A whole spec: functions, a scenario with params, lets, processes, correlations and reports, sometimes a hedge.
std::string generateSpec(uint64_t seed);
// A fragment to splice into an existing spec (a function chain, a let chain, a nested expression, a declaration).
std::string generateFragment(uint64_t seed);

}  // namespace sitc::fuzz
