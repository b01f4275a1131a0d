#include "driver/Expected.h"

#include <set>

#include <cmath>
#include <cstdlib>

#include "sitrt/results.h"

namespace sitc::driver {

namespace {

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r"), e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// A report label as the file writes it: as is, or in double quotes (with \\, \", \n, \r, \t escapes) when it
// could not be read back plainly (" | " or " = " inside, a leading '[', '#' or '"', outer spaces, control characters).
std::string labelText(const std::string& l) {
  bool plain = !l.empty() && l.find(" | ") == std::string::npos && l.find(" = ") == std::string::npos &&
               l.front() != '[' && l.front() != '#' && l.front() != '"' && l == trim(l);
  for (unsigned char c : l) plain &= c >= 0x20 && c != 0x7F;
  if (plain) return l;
  std::string q = "\"";
  for (char c : l) {
    switch (c) {
      case '"': q += "\\\""; break;
      case '\\': q += "\\\\"; break;
      case '\n': q += "\\n"; break;
      case '\r': q += "\\r"; break;
      case '\t': q += "\\t"; break;
      default: q += c;
    }
  }
  return q + "\"";
}

// Reads a quoted label at the start of `s` (after spaces); returns the position after the closing quote, or
// npos if it is not closed.
size_t readQuotedLabel(const std::string& s, std::string& label) {
  size_t i = s.find('"') + 1;
  label.clear();
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '"') return i + 1;
    if (c == '\\' && i + 1 < s.size()) {
      char n = s[++i];
      label += n == 'n' ? '\n' : n == 'r' ? '\r' : n == 't' ? '\t' : n;
    } else {
      label += c;
    }
  }
  return std::string::npos;
}

// strtod over the whole text; also reads "nan", "inf" and "-inf" as formatExact writes them.
bool number(const std::string& text, double& out) {
  std::string t = trim(text);
  if (t.empty()) return false;
  char* end = nullptr;
  out = std::strtod(t.c_str(), &end);
  return end == t.c_str() + t.size();
}

bool count(const std::string& text, uint64_t& out) {
  std::string t = trim(text);
  if (t.empty() || t.find_first_not_of("0123456789") != std::string::npos || t.size() > 19) return false;
  out = std::stoull(t);
  return true;
}

std::vector<std::string> splitBars(const std::string& s) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    size_t bar = s.find(" | ", start);
    if (bar == std::string::npos) {
      parts.push_back(s.substr(start));
      return parts;
    }
    parts.push_back(s.substr(start, bar - start));
    start = bar + 3;
  }
}

}  // namespace

std::string Tolerance::text() const {
  switch (kind) {
    case Kind::Unset: return "";
    case Kind::Exact: return "tolerance exact";
    case Kind::Abs: return "tolerance abs " + sitrt::formatExact(x);
    case Kind::Rel: return "tolerance rel " + sitrt::formatExact(x);
    case Kind::Se: return "tolerance " + sitrt::formatExact(x) + " se";
  }
  return "";
}

bool Tolerance::accepts(double expected, double se, double actual) const {
  if (std::isnan(expected) || std::isnan(actual)) return std::isnan(expected) && std::isnan(actual);
  double d = std::fabs(actual - expected);
  switch (kind) {
    case Kind::Unset:
    case Kind::Exact: return actual == expected;
    case Kind::Abs: return d <= x;
    case Kind::Rel: return d <= x * std::fabs(expected);
    case Kind::Se: return d <= x * se;
  }
  return false;
}

bool parseTolerance(const std::string& text, Tolerance& out) {
  std::string t = trim(text);
  double x;
  if (t == "exact") {
    out = {Tolerance::Kind::Exact, 0};
  } else if (t.compare(0, 4, "abs ") == 0 && number(t.substr(4), x) && x >= 0) {
    out = {Tolerance::Kind::Abs, x};
  } else if (t.compare(0, 4, "rel ") == 0 && t.back() == '%' && number(t.substr(4, t.size() - 5), x) && x >= 0) {
    out = {Tolerance::Kind::Rel, x / 100};  // "rel 1%"
  } else if (t.compare(0, 4, "rel ") == 0 && number(t.substr(4), x) && x >= 0) {
    out = {Tolerance::Kind::Rel, x};
  } else if (t.size() > 3 && t.compare(t.size() - 3, 3, " se") == 0 && number(t.substr(0, t.size() - 3), x) && x >= 0) {
    out = {Tolerance::Kind::Se, x};
  } else {
    return false;
  }
  return true;
}

const ExpectedScenario* ExpectedFile::find(const std::string& scenario) const {
  for (const auto& s : scenarios)
    if (s.name == scenario) return &s;
  return nullptr;
}

std::string parseExpected(const std::string& text, const std::string& path, ExpectedFile& out) {
  out = ExpectedFile{};
  size_t lineNo = 0, pos = 0;
  auto fail = [&](const std::string& what) { return path + ":" + std::to_string(lineNo) + ": error: " + what; };
  bool haveRng = false;
  std::set<std::string> scenarioNames, labels;  // of the current scenario (sets: a huge file stays linear)
  std::set<std::string> keys;                   // paths, seed and rng appear once
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string line = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    pos = nl == std::string::npos ? text.size() : nl + 1;
    ++lineNo;
    std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    if (t.front() == '[') {
      if (t.size() < 12 || t.compare(0, 10, "[scenario ") != 0 || t.back() != ']')
        return fail("expected '[scenario NAME]', got '" + t + "'");
      std::string name = trim(t.substr(10, t.size() - 11));
      if (!scenarioNames.insert(name).second) return fail("scenario '" + name + "' appears twice");
      labels.clear();
      out.scenarios.push_back({name, {}});
      continue;
    }
    if (out.scenarios.empty()) {
      size_t colon = t.find(':');
      if (colon == std::string::npos)
        return fail("expected 'paths:', 'seed:', 'set:', 'tolerance:', 'rng:' or '[scenario NAME]'");
      std::string key = t.substr(0, colon), value = trim(t.substr(colon + 1));
      if (key != "set" && !keys.insert(key).second) return fail("'" + key + ":' appears twice");
      if (key == "paths") {
        if (!count(value, out.paths) || out.paths == 0) return fail("paths must be a positive whole number");
      } else if (key == "seed") {
        if (!count(value, out.seed)) return fail("seed must be a whole number");
      } else if (key == "set") {
        if (value.find('=') == std::string::npos) return fail("set expects NAME=VALUE");
        out.sets.push_back(value);
        out.setLines.push_back(lineNo);
      } else if (key == "tolerance") {
        if (!parseTolerance(value, out.tolerance) || out.tolerance.kind == Tolerance::Kind::Exact)
          return fail("expected 'tolerance: abs X', 'tolerance: rel X' or 'tolerance: K se', got '" + value + "'");
      } else if (key == "rng") {
        out.rng = value;
        haveRng = true;
      } else {
        return fail("unknown field '" + key + "'");
      }
      continue;
    }
    // LABEL = VALUE | se SE | UNIT [| tolerance ...], LABEL possibly quoted (labelText)
    ExpectedMetric m;
    std::string rest = line;
    bool quoted = t.front() == '"';
    if (quoted) {
      size_t end = readQuotedLabel(line, m.label);
      if (end == std::string::npos) return fail("a quoted label is not closed");
      rest = "x" + line.substr(end);  // a plain stand-in for the label, so the rest parses as usual
    }
    std::vector<std::string> parts = splitBars(rest);
    if (parts.size() < 3 || parts.size() > 4) return fail("expected 'LABEL = VALUE | se SE | UNIT [| tolerance ...]'");
    size_t eq = parts[0].rfind(" = ");
    if (eq == std::string::npos || !number(parts[0].substr(eq + 3), m.value))
      return fail("expected 'LABEL = VALUE' before the first '|'");
    if (!quoted) m.label = trim(parts[0].substr(0, eq));
    else if (trim(parts[0].substr(0, eq)) != "x") return fail("expected ' = ' after the quoted label");
    std::string se = trim(parts[1]);
    if (se.compare(0, 3, "se ") != 0 || !number(se.substr(3), m.se)) return fail("expected 'se NUMBER'");
    m.unit = trim(parts[2]);
    if (m.unit == "-") m.unit = "";
    if (parts.size() == 4) {
      std::string tol = trim(parts[3]);
      if (tol.compare(0, 10, "tolerance ") != 0 || !parseTolerance(tol.substr(10), m.tolerance))
        return fail("expected 'tolerance exact', 'tolerance abs X', 'tolerance rel X' or 'tolerance K se', got '" +
                    tol + "'");
    }
    if (!labels.insert(m.label).second) return fail("metric '" + m.label + "' appears twice");
    out.scenarios.back().metrics.push_back(std::move(m));
  }
  if (!haveRng) return path + ": error: no 'rng:' line (is this an expected-results file?)";
  return "";
}

std::string renderExpected(const ExpectedFile& f, const std::string& specName) {
  std::string s = "# Expected results of " + specName + " for `sitc test`. Each metric must match bit for bit unless\n"
                  "# it (or a 'tolerance:' line) allows '| tolerance abs X', '| tolerance rel X' or '| tolerance K se'.\n"
                  "# Rewrite with: sitc test --bless " + specName + "\n";
  s += "paths: " + std::to_string(f.paths) + "\nseed: " + std::to_string(f.seed) + "\n";
  for (const auto& set : f.sets) s += "set: " + set + "\n";
  if (f.tolerance.kind != Tolerance::Kind::Unset) s += "tolerance: " + f.tolerance.text().substr(10) + "\n";
  s += "rng: " + f.rng + "\n";
  for (const auto& sc : f.scenarios) {
    s += "\n[scenario " + sc.name + "]\n";
    for (const auto& m : sc.metrics) {
      s += labelText(m.label) + " = " + sitrt::formatExact(m.value) + " | se " + sitrt::formatExact(m.se) + " | " +
           (m.unit.empty() ? "-" : m.unit);
      if (m.tolerance.kind != Tolerance::Kind::Unset) s += " | " + m.tolerance.text();
      s += "\n";
    }
  }
  return s;
}

}  // namespace sitc::driver
