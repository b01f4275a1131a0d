// `sitc check --verify FILE`: checks the diagnostics the spec produces against annotations in its comments, in
// the style of clang -verify, so a diagnostic test is one .sit file:
//   let x = 1 USD + 1 Mtok;   // expected-error {{cannot add Mtok to USD}}
//   // expected-warning@+1 {{...}}     (the diagnostic is on the next line; @-2 two lines up)
//   x ~ nope();                 // expected-error[UnknownProcess]   (its kind, Diagnostics.def; with or without text)
// Every diagnostic (and note) in the file must be expected and every expectation met.
#pragma once
#include "driver/Compile.h"

namespace sitc::driver {
// Prints mismatches to stderr; returns true when the diagnostics are exactly the expected ones.
bool verifyDiagnostics(const Compilation& c);
}  // namespace sitc::driver
