// Types of checked expressions: real quantities with a dimension, booleans, and an error type that silences
// follow-on diagnostics. Plus binding time (variability), which decides where a value can be computed.
#pragma once
#include <string>
#include <vector>

#include "ir/Units.h"

namespace sitc {

enum class TypeKind { Real, Bool, Error };

// One named unit of a display unit, with its exponent (Mtok^-1 in USD/Mtok).
struct DisplayFactor {
  std::string name;
  Rational exp;
};

// How values of a type are shown in reports: the unit the spec wrote (e.g. "USD/Mtok") and its scale in base
// units. Empty name: shown in base units. `factors`: what the name is a product of, when it is one of named
// units (sema/DisplayUnits.h combines them); empty for a single unit or a plain spelling such as "%".
struct DisplayUnit {
  std::string name;
  double scale = 1;
  std::vector<DisplayFactor> factors;
};

struct Type {
  TypeKind kind = TypeKind::Real;
  Dim dim;
  uint32_t windows = 0;  // > 0: one value per window (e.g. a monthly average over 36 months)
  DisplayUnit display;
  static Type real(Dim d = {}) { return {TypeKind::Real, d, 0, {}}; }
  static Type boolean() { return {TypeKind::Bool, {}, 0, {}}; }
  static Type error() { return {TypeKind::Error, {}, 0, {}}; }
  bool isError() const { return kind == TypeKind::Error; }
  bool isReal() const { return kind == TypeKind::Real; }
  bool isBool() const { return kind == TypeKind::Bool; }
};

// When a value is known: at compile time, per run (a `param`, settable without recompiling), per time step of a
// path, or only once a path is complete (it depends on an aggregate over the path).
enum class Variability { Const = 0, Param = 1, Step = 2, Path = 3 };
inline Variability join(Variability a, Variability b) { return a > b ? a : b; }
const char* variabilityName(Variability v);

}  // namespace sitc
