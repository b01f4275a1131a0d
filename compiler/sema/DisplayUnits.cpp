#include "sema/DisplayUnits.h"

#include <cctype>
#include <cmath>

namespace sitc::sema {

int unitNames(const std::string& s) {
  int n = 0;
  for (size_t i = 0; i < s.size();) {
    if (std::isalpha(static_cast<unsigned char>(s[i]))) {
      size_t j = i;
      while (j < s.size() && std::isalnum(static_cast<unsigned char>(s[j]))) ++j;
      n += s.compare(i, j - i, "sqrt") != 0;
      i = j;
    } else {
      ++i;
    }
  }
  return n;
}

DisplayUnit firstNamed(const Type& a, const Type& b) { return a.display.name.empty() ? b.display : a.display; }

namespace {

std::string paren(const std::string& s) { return s.find_first_of("*/") == std::string::npos ? s : "(" + s + ")"; }

// The factors a display stands for: its own, or (no display: base units) the dimension's base units.
std::vector<DisplayFactor> factorsOf(const Type& t, const UnitTable& u) {
  if (!t.display.factors.empty()) return t.display.factors;
  if (!t.display.name.empty() && u.find(t.display.name)) return {{t.display.name, Rational::of(1)}};
  if (!t.display.name.empty()) return {};  // a spelling without factors ("%"): not combined
  std::vector<DisplayFactor> out;
  for (int i = 0; i < kMaxDims; ++i)
    if (!t.dim.exp[i].isZero() && !u.baseName(i).empty()) out.push_back({u.baseName(i), t.dim.exp[i]});
  return out;
}

std::string power(const std::string& name, Rational r) {
  if (r == Rational::of(1)) return name;
  if (r == Rational::of(1, 2)) return "sqrt(" + name + ")";
  return name + "^" + (r.den == 1 && r.num >= 0 ? r.str() : "(" + r.str() + ")");
}

// "USD/Mtok", "Mtok*yr", "1/sqrt(yr)", "USD/(Mtok*day)"; with the factors' combined scale.
DisplayUnit spell(const std::vector<DisplayFactor>& factors, const UnitTable& u) {
  std::string num, den;
  double scale = 1;
  int denominators = 0;
  for (const auto& f : factors) {
    const UnitDef* d = u.find(f.name);
    scale *= std::pow(d ? d->scale : 1.0, static_cast<double>(f.exp.num) / static_cast<double>(f.exp.den));
    if (f.exp.num > 0) {
      num += (num.empty() ? "" : "*") + power(f.name, f.exp);
    } else {
      den += (den.empty() ? "" : "*") + power(f.name, Rational::of(-f.exp.num, f.exp.den));
      ++denominators;
    }
  }
  if (den.empty()) return {num, scale, factors};
  return {(num.empty() ? "1" : num) + "/" + (denominators > 1 ? "(" + den + ")" : den), scale, factors};
}

}  // namespace

DisplayUnit productDisplay(const Type& a, const Type& b, bool div, const Dim& result, const UnitTable& u) {
  if (result.dimensionless()) return {};
  if (b.dim.dimensionless()) return a.display;
  if (a.dim.dimensionless() && !div) return b.display;
  std::vector<DisplayFactor> fa = factorsOf(a, u), fb = factorsOf(b, u);
  if ((fa.empty() && !a.dim.dimensionless()) || fb.empty()) {  // an unsplittable spelling: keep an operand's
    if (result == a.dim) return a.display;
    if (result == b.dim && !div) return b.display;
    return {};
  }
  std::vector<DisplayFactor> out = fa;
  for (DisplayFactor f : fb) {
    if (div) f.exp = Rational::of(-f.exp.num, f.exp.den);
    // The same unit, or another of the same single dimension (day and month): merge into the first, so that
    // Mtok/day * month is Mtok (the spelled units' scales carry the conversion).
    const UnitDef* fd = u.find(f.name);
    DisplayFactor* same = nullptr;
    for (auto& g : out) {
      const UnitDef* gd = u.find(g.name);
      if (g.name == f.name || (fd && gd && fd->dim == gd->dim)) {
        same = &g;
        break;
      }
    }
    if (same && (same->name == f.name || same->exp.num * f.exp.num < 0 || same->exp.isZero())) {
      same->exp = same->exp + f.exp;
    } else {
      out.push_back(f);
    }
  }
  std::erase_if(out, [](const DisplayFactor& f) { return f.exp.isZero(); });
  if (out.empty()) return {};
  DisplayUnit d = spell(out, u);
  if (unitNames(d.name) <= 2) return d;
  if (result == a.dim) return a.display;
  if (result == b.dim && !div) return b.display;
  return {};
}

DisplayUnit powDisplay(const DisplayUnit& d, Rational r, const UnitTable& u) {
  if (d.name.empty()) return {};
  if (d.factors.empty() && !u.find(d.name)) {  // an unsplittable spelling
    if (r == Rational::of(1, 2)) return {"sqrt(" + d.name + ")", std::sqrt(d.scale), {}};
    return {paren(d.name) + "^" + r.str(), std::pow(d.scale, static_cast<double>(r.num) / static_cast<double>(r.den)), {}};
  }
  std::vector<DisplayFactor> f = d.factors.empty() ? std::vector<DisplayFactor>{{d.name, Rational::of(1)}} : d.factors;
  for (auto& x : f) x.exp = x.exp * r;
  return spell(f, u);
}

}  // namespace sitc::sema
