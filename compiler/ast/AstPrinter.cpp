// --emit=ast: one declaration per line, indented by nesting, expressions fully parenthesised so precedence is
// visible, each declaration with its <line:col>.

#include "ast/Ast.h"
#include "sitrt/format.h"

namespace sitc::ast {

const char* spelling(UnOp op) {
  switch (op) {
    case UnOp::Neg: return "-";
    case UnOp::Plus: return "+";
    case UnOp::Not: return "not ";
  }
  return "?";
}

const char* spelling(BinOp op) {
  static const char* names[] = {"+", "-", "*", "/", "^", "<", "<=", ">", ">=", "==", "!=", "and", "or"};
  return names[static_cast<int>(op)];
}

std::string ImportDecl::dotted() const {
  std::string s;
  for (const auto& p : path) s += (s.empty() ? "" : ".") + p.name;
  return s;
}

static std::string fmtNumber(double v) { return sitrt::formatDigits(v, 17); }

static void printArgs(std::string& out, const std::vector<Arg>& args);

static void print(std::string& out, const Expr& e) {
  switch (e.kind) {
    case ExprKind::Number:
      out += fmtNumber(e.number);
      if (!e.unit.name.empty()) out += " " + e.unit.name;
      break;
    case ExprKind::Bool: out += e.number != 0 ? "true" : "false"; break;
    case ExprKind::Name:
      out += e.name.name;
      if (!e.member.name.empty()) out += "." + e.member.name;
      break;
    case ExprKind::Call:
      out += e.name.name + "(";
      printArgs(out, e.args);
      out += ")";
      break;
    case ExprKind::Unary:
      out += "(";
      out += spelling(e.unop);
      print(out, *e.kids[0]);
      out += ")";
      break;
    case ExprKind::Index:
      out += "(";
      print(out, *e.kids[0]);
      out += "[";
      print(out, *e.kids[1]);
      out += "])";
      break;
    case ExprKind::Percent:
      out += "(";
      print(out, *e.kids[0]);
      out += "%)";
      break;
    case ExprKind::Binary:
      out += "(";
      print(out, *e.kids[0]);
      out += std::string(" ") + spelling(e.binop) + " ";
      print(out, *e.kids[1]);
      out += ")";
      break;
    case ExprKind::If:
      out += "(if ";
      print(out, *e.kids[0]);
      out += " then ";
      print(out, *e.kids[1]);
      out += " else ";
      print(out, *e.kids[2]);
      out += ")";
      break;
    case ExprKind::List:
      out += "[";
      for (size_t i = 0; i < e.kids.size(); ++i) {
        if (i) out += ", ";
        print(out, *e.kids[i]);
      }
      out += "]";
      break;
  }
}

static void printArgs(std::string& out, const std::vector<Arg>& args) {
  for (size_t i = 0; i < args.size(); ++i) {
    if (i) out += ", ";
    if (!args[i].name.name.empty()) out += args[i].name.name + " = ";
    print(out, *args[i].value);
  }
}

std::string printExpr(const Expr& e) {
  std::string s;
  print(s, e);
  return s;
}

namespace {
struct Printer {
  std::string out;
  int depth = 0;

  void line(const std::string& text, const SourceRange& r) {
    out.append(2 * depth, ' ');
    out += text;
    if (r.valid()) out += " <" + std::to_string(r.begin.line) + ":" + std::to_string(r.begin.col) + ">";
    out += "\n";
  }
  void binding(const char* what, const Binding& b) {
    line(std::string(what) + " " + b.name.name + " = " + printExpr(*b.value), b.range);
  }
  void terms(const std::vector<Term>& ts) {
    for (const auto& t : ts) {
      if (t.value) {
        line("term " + t.name.name + " = " + printExpr(*t.value), t.range);
      } else {
        line("block " + t.name.name, t.range);
        ++depth;
        terms(t.block);
        --depth;
      }
    }
  }
  void report(const ReportDecl& r) {
    line("report", r.range);
    ++depth;
    for (const auto& it : r.items)
      line("item " + (it.label.empty() ? "" : "\"" + it.label + "\": ") + printExpr(*it.expr), it.range);
    --depth;
  }
};
}  // namespace

std::string printModule(const Module& m) {
  Printer p;
  p.line("module " + m.name, {});
  p.depth = 1;
  for (const auto& i : m.imports) p.line("import " + i.dotted(), i.range);
  for (const auto& u : m.units)
    p.line("unit " + u.name.name + (u.definition ? " = " + printExpr(*u.definition) : " (base)"), u.range);
  for (const auto& f : m.fns) {
    std::string ps;
    for (const auto& x : f.params) ps += (ps.empty() ? "" : ", ") + x.name;
    p.line("fn " + f.name.name + "(" + ps + ") = " + printExpr(*f.body), f.range);
  }
  for (const auto& pr : m.processes) {
    std::string ps;
    for (const auto& x : pr.params)
      ps += (ps.empty() ? "" : ", ") + x.name.name + (x.unit ? ": " + printExpr(*x.unit) : "") +
            (x.defaultValue ? " = " + printExpr(*x.defaultValue) : "");
    p.line("process " + pr.name.name + "(" + ps + ")", pr.range);
    ++p.depth;
    for (const auto& s : pr.states) p.binding("state", s);
    for (const auto& l : pr.lets) p.binding("let", l);
    if (pr.updateRange.valid()) {
      p.line("update", pr.updateRange);
      ++p.depth;
      for (const auto& u : pr.update) p.binding(u.isLet ? "let" : "set", u.binding);
      --p.depth;
    }
    if (pr.value) p.line("value = " + printExpr(*pr.value), pr.value->range);
    if (pr.forward)
      p.line("forward(" + pr.forwardHorizon.name + ") = " + printExpr(*pr.forward), pr.forward->range);
    for (const auto& r : pr.requirements) p.line("require " + printExpr(*r), r->range);
    --p.depth;
  }
  for (const auto& s : m.scenarios) {
    p.line("scenario " + s.name.name, s.range);
    ++p.depth;
    for (const auto& b : s.settings) p.binding("setting", b);
    for (const auto& b : s.params) p.binding("param", b);
    for (const auto& in : s.instances) {
      std::string a;
      printArgs(a, in.args);
      p.line("instance " + in.name.name + " ~ " + in.process.name + "(" + a + ")", in.range);
    }
    for (const auto& c : s.correlations) {
      std::string ns;
      for (const auto& n : c.names) ns += (ns.empty() ? "" : ", ") + n.name;
      p.line(std::string(c.matrix ? "correlation(" : "correlate(") + ns + ") = " + printExpr(*c.value), c.range);
    }
    for (const auto& b : s.lets) p.binding("let", b);
    for (const auto& r : s.reports) p.report(r);
    --p.depth;
  }
  for (const auto& c : m.contracts) {
    p.line("contract " + c.name.name, c.range);
    ++p.depth;
    p.terms(c.terms);
    --p.depth;
  }
  for (const auto& h : m.hedges) {
    p.line("hedge " + h.name.name + " for " + h.scenario.name, h.range);
    ++p.depth;
    p.terms(h.terms);
    for (const auto& r : h.reports) p.report(r);
    --p.depth;
  }
  for (const auto& r : m.reports) p.report(r);
  return p.out;
}

}  // namespace sitc::ast
