#include "frontend/AstBuilder.h"

#include <cstdlib>

#include "frontend/Lexing.h"
#include "sitrt/limits.h"

namespace sitc::frontend {

using P = sitparser::SitParser;
using namespace sitc::ast;

// Every later stage walks expressions recursively; past this depth a spec is refused with a diagnostic.
using sitrt::limits::kMaxExprDepth;

namespace {

class Builder {
 public:
  Builder(uint32_t file, DiagEngine& diags) : file_(file), diags_(diags) {}

  SourceRange range(antlr4::ParserRuleContext* c) const {
    SourceRange b = tokenRange(file_, c->getStart());
    SourceRange e = tokenRange(file_, c->getStop() ? c->getStop() : c->getStart());
    return SourceRange::cover(b, e);
  }
  Ident ident(antlr4::tree::TerminalNode* n) const { return {n->getText(), tokenRange(file_, n->getSymbol())}; }

  ExprPtr expr(P::ExprContext* c) {
    if (++depth_ > kMaxExprDepth) {
      if (!tooDeep_) diags_.report(Diag::ExpressionTooDeep, range(c), {std::to_string(kMaxExprDepth)});
      tooDeep_ = true;
      --depth_;
      return node(ExprKind::Number, c);
    }
    ExprPtr e = exprInner(c);
    --depth_;
    return e;
  }

  std::vector<Arg> args(P::ArgListContext* c) {
    std::vector<Arg> out;
    if (!c) return out;
    for (auto* a : c->arg()) out.push_back({a->ID() ? ident(a->ID()) : Ident{}, expr(a->expr())});
    return out;
  }

  Binding binding(antlr4::tree::TerminalNode* id, P::ExprContext* e, antlr4::ParserRuleContext* whole) {
    return {ident(id), expr(e), range(whole)};
  }

  std::vector<Term> terms(const std::vector<P::TermContext*>& ts) {
    std::vector<Term> out;
    for (auto* t : ts) {
      Term term;
      term.range = range(t);
      if (auto* v = dynamic_cast<P::ValueTermContext*>(t)) {
        term.name = ident(v->ID());
        term.value = expr(v->expr());
      } else if (auto* b = dynamic_cast<P::BlockTermContext*>(t)) {
        term.name = ident(b->ID());
        term.block = terms(b->term());
      }
      out.push_back(std::move(term));
    }
    return out;
  }

  ReportDecl report(P::ReportDeclContext* c) {
    ReportDecl r;
    r.range = range(c);
    for (auto* it : c->reportItem()) {
      ReportItem item;
      if (it->STRING()) {
        // The lexer accepts any backslash escape; \" and \\ stand for the character, others stay as written.
        std::string s = it->STRING()->getText();
        for (size_t i = 1; i + 1 < s.size(); ++i) {
          if (s[i] == '\\' && i + 2 < s.size() && (s[i + 1] == '"' || s[i + 1] == '\\')) ++i;
          item.label += s[i];
        }
      }
      item.expr = expr(it->expr());
      item.range = range(it);
      r.items.push_back(std::move(item));
    }
    return r;
  }

  ProcessDecl process(P::ProcessDeclContext* c) {
    ProcessDecl p;
    p.name = ident(c->ID());
    p.range = range(c);
    if (c->paramList())
      for (auto* pc : c->paramList()->param())
        p.params.push_back({ident(pc->ID()), pc->unit ? expr(pc->unit) : nullptr, pc->dflt ? expr(pc->dflt) : nullptr});
    for (auto* item : c->processItem()) {
      if (auto* s = dynamic_cast<P::StateItemContext*>(item)) {
        p.states.push_back(binding(s->ID(), s->expr(), s));
      } else if (auto* l = dynamic_cast<P::ProcLetItemContext*>(item)) {
        p.lets.push_back(binding(l->ID(), l->expr(), l));
      } else if (auto* u = dynamic_cast<P::UpdateItemContext*>(item)) {
        if (p.updateRange.valid()) {
          auto* d = diags_.report(Diag::DuplicateUpdateBlock, range(u), {p.name.name});
          DiagEngine::note(d, Diag::FirstUpdateBlockHere, p.updateRange);
          continue;
        }
        p.updateRange = tokenRange(file_, u->UPDATE()->getSymbol());
        for (auto* st : u->updateStmt()) {
          if (auto* ul = dynamic_cast<P::UpdateLetContext*>(st))
            p.update.push_back({true, binding(ul->ID(), ul->expr(), ul)});
          else if (auto* ua = dynamic_cast<P::UpdateAssignContext*>(st))
            p.update.push_back({false, binding(ua->ID(), ua->expr(), ua)});
        }
      } else if (auto* v = dynamic_cast<P::ValueItemContext*>(item)) {
        if (p.value) {
          auto* d = diags_.report(Diag::DuplicateValue, range(v), {p.name.name});
          DiagEngine::note(d, Diag::FirstValueHere, p.value->range);
          continue;
        }
        p.value = expr(v->expr());
      } else if (auto* f = dynamic_cast<P::ForwardItemContext*>(item)) {
        if (p.forward) {
          auto* d = diags_.report(Diag::DuplicateForward, range(f), {p.name.name});
          DiagEngine::note(d, Diag::FirstForwardHere, p.forward->range);
          continue;
        }
        p.forwardHorizon = ident(f->ID());
        p.forward = expr(f->expr());
      } else if (auto* r = dynamic_cast<P::RequireItemContext*>(item)) {
        p.requirements.push_back(expr(r->expr()));
      }
    }
    return p;
  }

  ScenarioDecl scenario(P::ScenarioDeclContext* c) {
    ScenarioDecl s;
    s.name = ident(c->ID());
    s.range = range(c);
    for (auto* item : c->scenarioItem()) {
      if (auto* in = dynamic_cast<P::InstanceItemContext*>(item)) {
        s.instances.push_back({ident(in->ID(0)), ident(in->ID(1)), args(in->argList()), range(in)});
      } else if (auto* l = dynamic_cast<P::ScenarioLetItemContext*>(item)) {
        s.lets.push_back(binding(l->ID(), l->expr(), l));
      } else if (auto* pa = dynamic_cast<P::ParamItemContext*>(item)) {
        s.params.push_back(binding(pa->ID(), pa->expr(), pa));
      } else if (auto* st = dynamic_cast<P::SettingItemContext*>(item)) {
        s.settings.push_back(binding(st->ID(), st->expr(), st));
      } else if (auto* co = dynamic_cast<P::CorrelateItemContext*>(item)) {
        s.correlations.push_back({{ident(co->ID(0)), ident(co->ID(1))}, expr(co->expr()), false, range(co)});
      } else if (auto* cm = dynamic_cast<P::CorrelationItemContext*>(item)) {
        Correlation corr{{}, expr(cm->expr()), true, range(cm)};
        for (auto* id : cm->idList()->ID()) corr.names.push_back(ident(id));
        s.correlations.push_back(std::move(corr));
      } else if (auto* r = dynamic_cast<P::ScenarioReportItemContext*>(item)) {
        s.reports.push_back(report(r->reportDecl()));
      }
    }
    return s;
  }

  std::unique_ptr<Module> module(P::FileContext* c, std::string name) {
    auto m = std::make_unique<Module>();
    m->name = std::move(name);
    m->file = file_;
    for (auto* im : c->importDecl()) {
      ImportDecl d;
      for (auto* id : im->qualName()->ID()) d.path.push_back(ident(id));
      d.range = range(im);
      m->imports.push_back(std::move(d));
    }
    for (auto* td : c->topDecl()) {
      if (auto* u = td->unitDecl()) {
        m->units.push_back({ident(u->ID()), u->expr() ? expr(u->expr()) : nullptr, range(u)});
      } else if (auto* f = td->fnDecl()) {
        FnDecl fn{ident(f->ID()), {}, expr(f->expr()), range(f)};
        if (f->idList())
          for (auto* id : f->idList()->ID()) fn.params.push_back(ident(id));
        m->fns.push_back(std::move(fn));
      } else if (auto* p = td->processDecl()) {
        m->processes.push_back(process(p));
      } else if (auto* s = td->scenarioDecl()) {
        m->scenarios.push_back(scenario(s));
      } else if (auto* r = td->reportDecl()) {
        m->reports.push_back(report(r));
      } else if (auto* k = td->contractDecl()) {
        m->contracts.push_back({ident(k->ID()), terms(k->term()), range(k)});
      } else if (auto* h = td->hedgeDecl()) {
        HedgeDecl hd{ident(h->ID(0)), ident(h->ID(1)), terms(h->term()), {}, range(h)};
        for (auto* r : h->reportDecl()) hd.reports.push_back(report(r));
        m->hedges.push_back(std::move(hd));
      }
    }
    return tooDeep_ ? nullptr : std::move(m);
  }

 private:
  ExprPtr node(ExprKind k, antlr4::ParserRuleContext* c) {
    auto e = std::make_unique<Expr>();
    e->kind = k;
    e->range = range(c);
    return e;
  }
  ExprPtr binary(BinOp op, antlr4::ParserRuleContext* c, P::ExprContext* l, P::ExprContext* r) {
    auto e = node(ExprKind::Binary, c);
    e->binop = op;
    e->kids.push_back(expr(l));
    e->kids.push_back(expr(r));
    return e;
  }
  static BinOp binopOf(const std::string& s) {
    static const std::pair<const char*, BinOp> ops[] = {
        {"+", BinOp::Add}, {"-", BinOp::Sub}, {"*", BinOp::Mul}, {"/", BinOp::Div}, {"^", BinOp::Pow},
        {"<", BinOp::Lt},  {"<=", BinOp::Le}, {">", BinOp::Gt},  {">=", BinOp::Ge}, {"==", BinOp::Eq},
        {"!=", BinOp::Ne}};
    for (auto& [t, op] : ops)
      if (s == t) return op;
    return BinOp::Add;
  }

  ExprPtr exprInner(P::ExprContext* c) {
    if (auto* p = dynamic_cast<P::PrimaryExprContext*>(c)) return primary(p->primary());
    if (auto* p = dynamic_cast<P::PercentExprContext*>(c)) {
      auto e = node(ExprKind::Percent, c);
      e->kids.push_back(expr(p->expr()));
      return e;
    }
    if (auto* p = dynamic_cast<P::IndexExprContext*>(c)) {
      auto e = node(ExprKind::Index, c);
      e->kids.push_back(expr(p->expr(0)));
      e->kids.push_back(expr(p->expr(1)));
      return e;
    }
    if (auto* p = dynamic_cast<P::PowExprContext*>(c)) return binary(BinOp::Pow, c, p->expr(0), p->expr(1));
    if (auto* p = dynamic_cast<P::SignExprContext*>(c)) {
      auto e = node(ExprKind::Unary, c);
      e->unop = p->op->getText() == "-" ? UnOp::Neg : UnOp::Plus;
      e->kids.push_back(expr(p->expr()));
      return e;
    }
    if (auto* p = dynamic_cast<P::NotExprContext*>(c)) {
      auto e = node(ExprKind::Unary, c);
      e->unop = UnOp::Not;
      e->kids.push_back(expr(p->expr()));
      return e;
    }
    if (auto* p = dynamic_cast<P::MulExprContext*>(c)) return binary(binopOf(p->op->getText()), c, p->expr(0), p->expr(1));
    if (auto* p = dynamic_cast<P::AddExprContext*>(c)) return binary(binopOf(p->op->getText()), c, p->expr(0), p->expr(1));
    if (auto* p = dynamic_cast<P::CmpExprContext*>(c)) return binary(binopOf(p->op->getText()), c, p->expr(0), p->expr(1));
    if (auto* p = dynamic_cast<P::AndExprContext*>(c)) return binary(BinOp::And, c, p->expr(0), p->expr(1));
    if (auto* p = dynamic_cast<P::OrExprContext*>(c)) return binary(BinOp::Or, c, p->expr(0), p->expr(1));
    if (auto* p = dynamic_cast<P::IfExprContext*>(c)) {
      auto e = node(ExprKind::If, c);
      for (int i = 0; i < 3; ++i) e->kids.push_back(expr(p->expr(i)));
      return e;
    }
    return node(ExprKind::Number, c);  // unreachable for a tree without syntax errors
  }

  ExprPtr primary(P::PrimaryContext* c) {
    if (auto* p = dynamic_cast<P::NumberLitContext*>(c)) {
      auto e = node(ExprKind::Number, c);
      e->number = std::strtod(p->NUMBER()->getText().c_str(), nullptr);  // overflow gives inf; sema reports it
      if (p->ID()) e->unit = ident(p->ID());
      return e;
    }
    if (auto* p = dynamic_cast<P::BoolLitContext*>(c)) {
      auto e = node(ExprKind::Bool, c);
      e->number = p->TRUE() ? 1 : 0;
      return e;
    }
    if (auto* p = dynamic_cast<P::CallExprContext*>(c)) {
      auto e = node(ExprKind::Call, c);
      e->name = ident(p->ID());
      e->args = args(p->argList());
      return e;
    }
    if (auto* p = dynamic_cast<P::NameExprContext*>(c)) {
      auto e = node(ExprKind::Name, c);
      e->name = ident(p->ID(0));
      if (p->ID().size() > 1) e->member = ident(p->ID(1));
      return e;
    }
    if (auto* p = dynamic_cast<P::ParenExprContext*>(c)) {
      ExprPtr inner = expr(p->expr());
      inner->range = range(c);  // include the parentheses, so carets cover what the user wrote
      return inner;
    }
    if (auto* p = dynamic_cast<P::ListExprContext*>(c)) {
      auto e = node(ExprKind::List, c);
      for (auto* x : p->expr()) e->kids.push_back(expr(x));
      return e;
    }
    return node(ExprKind::Number, c);
  }

  uint32_t file_;
  DiagEngine& diags_;
  int depth_ = 0;
  bool tooDeep_ = false;
};

}  // namespace

std::unique_ptr<Module> buildAst(P::FileContext* tree, uint32_t file, std::string name, DiagEngine& diags) {
  return Builder(file, diags).module(tree, std::move(name));
}

}  // namespace sitc::frontend
