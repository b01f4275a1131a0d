#include "sitrt/quantity.h"

#include <cctype>
#include <cmath>
#include <cstdlib>

#include "sitrt/limits.h"

namespace sitrt {

const UnitSpec* UnitSystem::find(const std::string& name) const {
  for (const auto& u : units)
    if (u.name == name) return &u;
  return nullptr;
}

bool sameDim(const DimVec& a, const DimVec& b) {
  for (size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    double x = i < a.size() ? a[i] : 0, y = i < b.size() ? b[i] : 0;
    if (std::fabs(x - y) > 1e-9) return false;
  }
  return true;
}

// "1", "(1/2)", ... for an exponent that is a small rational.
static std::string exponentText(double e) {
  if (!(std::fabs(e) < 1e9)) return std::to_string(e);  // not a small rational (and too big for an integer)
  for (int q = 1; q <= 12; ++q) {
    double p = std::round(e * q);
    if (std::fabs(p / q - e) < 1e-9) {
      std::string ps = std::to_string(static_cast<long long>(p));
      return q == 1 ? ps : "(" + ps + "/" + std::to_string(q) + ")";
    }
  }
  return std::to_string(e);
}

std::string UnitSystem::format(const DimVec& d) const {
  std::string num, den;
  auto term = [&](const std::string& name, double e) {
    if (std::fabs(e - 1) < 1e-9) return name;
    if (std::fabs(e - 0.5) < 1e-9) return "sqrt(" + name + ")";
    return name + "^" + exponentText(e);
  };
  for (size_t i = 0; i < baseNames.size() && i < d.size(); ++i) {
    if (d[i] > 1e-9) num += (num.empty() ? "" : "*") + term(baseNames[i], d[i]);
    if (d[i] < -1e-9) den += (den.empty() ? "" : "*") + term(baseNames[i], -d[i]);
  }
  if (den.empty()) return num;
  bool many = den.find('*') != std::string::npos;
  return (num.empty() ? "1" : num) + "/" + (many ? "(" + den + ")" : den);
}

namespace {

// Recursive descent over:  expr := product ('%')? ; product := power (('*' | '/') power | power)* ;
// power := atom ('^' signed-number)? ; atom := number | unit | '(' product ')' | 'sqrt' '(' product ')' | '-' atom.
// Juxtaposition multiplies, so `1.5 USD/Mtok` reads as (1.5 * USD) / Mtok.
class Reader {
 public:
  Reader(const std::string& s, const UnitSystem& us) : s_(s), us_(us) {}

  bool read(Quantity& q, std::string& error) {
    if (!product(q)) return error = error_, false;
    skip();
    if (i_ < s_.size() && s_[i_] == '%') {
      if (!dimensionless(q.dim)) return error = "'%' applies to plain numbers", false;
      q.value /= 100;
      ++i_;
      skip();
    }
    if (i_ != s_.size()) return error = "unexpected '" + s_.substr(i_) + "'", false;
    return true;
  }

 private:
  void skip() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  bool fail(const std::string& m) {
    if (error_.empty()) error_ = m;
    return false;
  }
  static bool dimensionless(const DimVec& d) { return sameDim(d, {}); }
  DimVec combine(const DimVec& a, const DimVec& b, double sign) {
    DimVec r(std::max(a.size(), b.size()), 0.0);
    for (size_t k = 0; k < r.size(); ++k) r[k] = (k < a.size() ? a[k] : 0) + sign * (k < b.size() ? b[k] : 0);
    return r;
  }
  bool startsAtom() {
    skip();
    if (i_ >= s_.size()) return false;
    char c = s_[i_];
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '(';
  }
  bool product(Quantity& q) {
    if (!power(q)) return false;
    for (;;) {
      skip();
      if (i_ < s_.size() && (s_[i_] == '*' || s_[i_] == '/')) {
        char op = s_[i_++];
        Quantity r;
        if (!power(r)) return false;
        q.value = op == '*' ? q.value * r.value : q.value / r.value;
        q.dim = combine(q.dim, r.dim, op == '*' ? 1 : -1);
      } else if (startsAtom()) {
        Quantity r;
        if (!power(r)) return false;
        q.value *= r.value;
        q.dim = combine(q.dim, r.dim, 1);
      } else {
        return true;
      }
    }
  }
  bool power(Quantity& q) {
    if (!atom(q)) return false;
    skip();
    if (i_ < s_.size() && s_[i_] == '^') {
      ++i_;
      skip();
      const char* start = s_.c_str() + i_;
      char* end = nullptr;
      double e = std::strtod(start, &end);
      if (end == start) return fail("expected a number after '^'");
      if (!(std::fabs(e) <= 1000)) return fail("an exponent must be between -1000 and 1000");
      i_ += static_cast<size_t>(end - start);
      q.value = std::pow(q.value, e);
      for (double& x : q.dim) x *= e;
    }
    return true;
  }
  // Nesting (brackets, signs, sqrt) is bounded: the reader is recursive, and a value is read on a normal stack.
  struct Nest {
    Reader& r;
    explicit Nest(Reader& rd) : r(rd) { ++r.depth_; }
    ~Nest() { --r.depth_; }
  };
  bool atom(Quantity& q) {
    Nest nest(*this);
    if (depth_ > limits::kMaxValueNesting)
      return fail("nested more than " + std::to_string(limits::kMaxValueNesting) + " deep");
    skip();
    if (i_ >= s_.size()) return fail("expected a value");
    char c = s_[i_];
    if (c == '-' || c == '+') {
      ++i_;
      if (!atom(q)) return false;
      if (c == '-') q.value = -q.value;
      return true;
    }
    if (c == '(') {
      ++i_;
      if (!product(q)) return false;
      skip();
      if (i_ >= s_.size() || s_[i_] != ')') return fail("missing ')'");
      ++i_;
      return true;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
      const char* start = s_.c_str() + i_;
      char* end = nullptr;
      q.value = std::strtod(start, &end);
      if (end == start) return fail("bad number");
      i_ += static_cast<size_t>(end - start);
      q.dim.clear();
      return true;
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      size_t b = i_;
      while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_')) ++i_;
      std::string name = s_.substr(b, i_ - b);
      if (name == "sqrt") {
        skip();
        if (i_ >= s_.size() || s_[i_] != '(') return fail("expected '(' after sqrt");
        ++i_;
        if (!product(q)) return false;
        skip();
        if (i_ >= s_.size() || s_[i_] != ')') return fail("missing ')'");
        ++i_;
        q.value = std::sqrt(q.value);
        for (double& x : q.dim) x /= 2;
        return true;
      }
      const UnitSpec* u = us_.find(name);
      if (!u) return fail("unknown unit '" + name + "'");
      q.value = u->scale;
      q.dim = u->dim;
      return true;
    }
    return fail(std::string("unexpected '") + c + "'");
  }

  const std::string& s_;
  const UnitSystem& us_;
  size_t i_ = 0;
  int depth_ = 0;
  std::string error_;
};

}  // namespace

bool parseQuantity(const std::string& text, const UnitSystem& us, Quantity& out, std::string& error) {
  out = {};
  return Reader(text, us).read(out, error);
}

}  // namespace sitrt
