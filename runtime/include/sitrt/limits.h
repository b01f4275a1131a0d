// Every resource limit sitc and its simulators enforce, in one place, so that docs/language.md ("Limits") and
// the code cannot drift apart. Each limit exists so that no input can make a run crash, hang, or use memory or
// time out of proportion to its size; passing one is a located error, never a crash.
#pragma once
#include <cstddef>
#include <cstdint>

namespace sitrt::limits {

// Input files (specs, imports, `.expected` files): regular files (or `-`, standard input) of at most this size.
// Parsing takes up to ~600 bytes of memory per input byte (ANTLR's tokens), so this bounds it at ~600 MB; a spec
// at the plan-size limit is ~200 KB.
constexpr uint64_t kMaxInputBytes = 1ull << 20;

// Bracket nesting in a spec, and the depth of an expression (every stage walks expressions recursively).
constexpr int kMaxBracketNesting = 256;
constexpr int kMaxExprDepth = 2000;
// Nesting in a `--set` value (parsed recursively, like a spec's expression).
constexpr int kMaxValueNesting = 256;

// Operations a scenario may expand to once functions are inlined and lets, process arguments and parameters
// substituted: a few shared definitions can otherwise grow exponentially (f1 = f0 + f0, f2 = f1 + f1, ...).
// The examples need about 1,000; a spec with 1,000 processes about 160,000 (and the plan limit below allows about
// 2,000 processes). An operation takes ~250 bytes while the compiler holds it.
constexpr uint64_t kMaxExpansion = 500'000;
// A futures price forward(tau) with its function calls inlined (hedges split it into terms of the path and of tau).
constexpr uint64_t kMaxForwardExpansion = 50'000;

// The size of a simulation plan: its states, temporaries, draws, aggregates and reported columns together.
// Compile time and memory grow about linearly with it (a spec with 1,000 processes has ~5,000 and compiles in
// 11-22 s; 3,000 processes, ~15,000, took 46 s and 2.2 GB), so this keeps compilation to about a minute.
constexpr uint64_t kMaxPlanItems = 10'000;

// Scenarios in one spec: each is compiled separately (~20 ms each for trivial ones), and `sitc test` runs them all.
constexpr size_t kMaxScenarios = 100;

// Time steps of a scenario (horizon / step).
constexpr uint64_t kMaxSteps = 100'000'000;

// Paths in one run (the seed stream allows 2^64; this keeps a typo from running for days).
constexpr uint64_t kMaxPaths = 1ull << 40;
// The per-path outputs of a run are kept in memory: paths x columns x 8 bytes may use at most this fraction of
// the machine's physical memory.
constexpr double kMaxOutputMemoryFraction = 0.75;

}  // namespace sitrt::limits
