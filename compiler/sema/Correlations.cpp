// `correlate(A, B) = r;` and `correlation(A, B, ...) = [[...]];`: the correlation blocks of the instances' primary
// shocks (their positive definiteness is checked when the plan factors them: plan/passes/Correlate.cpp).
#include <cmath>
#include <map>
#include <set>

#include "sema/Builtins.h"
#include "sema/Elaborator.h"

namespace sitc::sema {

using ir::ExprPtr;
using ir::Op;

void Elaborator::correlations(const ast::ScenarioDecl& s) {
  if (s.correlations.empty()) return;
  ir::CorrelationInfo info;
  info.range = s.correlations.front().range;
  std::map<std::pair<uint32_t, uint32_t>, std::pair<double, SourceRange>> entries;
  std::map<std::pair<uint32_t, uint32_t>, SourceRange> at;  // (row, column) instances -> where the entry is written
  auto instanceIndex = [&](const ast::Ident& id) -> int {
    auto it = instanceByName_.find(id.name);
    if (it == instanceByName_.end()) {
      diags_.report(Diag::NotAnInstanceOfScenario, id.range, {id.name});
      return -1;
    }
    if (model_.instances[it->second->index].primaryNormal < 0) {
      diags_.report(Diag::NothingToCorrelate, id.range, {id.name});
      return -1;
    }
    auto pos = std::find(info.instances.begin(), info.instances.end(), it->second->index);
    if (pos == info.instances.end()) {
      info.instances.push_back(it->second->index);
      return static_cast<int>(info.instances.size() - 1);
    }
    return static_cast<int>(pos - info.instances.begin());
  };
  // `r` is where the entry (i, j) is written, `mirrored` where (j, i) is (the same place for correlate()).
  auto set = [&](int i, int j, double v, const SourceRange& r, const SourceRange& mirrored) {
    if (i == j) return;
    uint32_t a = info.instances[i], b = info.instances[j];
    auto key = std::make_pair(std::min(a, b), std::max(a, b));
    auto [it, fresh] = entries.emplace(key, std::make_pair(v, r));
    if (!fresh) {  // whatever the lines: two entries on one line are given twice just the same
      auto* d = diags_.report(Diag::CorrelationGivenTwice, r,
                              {model_.instances[key.first].name, model_.instances[key.second].name});
      DiagEngine::note(d, Diag::FirstGivenHere, it->second.second);
      return;
    }
    at[{a, b}] = r;
    at[{b, a}] = mirrored;
  };
  // Off the diagonal a correlation is strictly inside (-1, 1): at +-1 two shocks are one, and the matrix is not
  // positive definite.
  auto coefficient = [&](const ast::Expr& e, bool diagonal = false) -> std::optional<double> {
    ExprPtr v = constant(e, "a correlation");
    if (v->type.isError()) return std::nullopt;
    if (!v->type.isReal() || !v->type.dim.dimensionless()) {
      diags_.report(Diag::CorrelationNotPlain, e.range, {unitName(v->type)});
      return std::nullopt;
    }
    if (!diagonal && !(std::fabs(v->value) < 1)) {
      diags_.report(std::fabs(v->value) == 1 ? Diag::CorrelationAtOne : Diag::CorrelationOutOfRange, e.range);
      return std::nullopt;
    }
    return v->value;
  };
  for (const auto& c : s.correlations) {
    bool repeated = false;  // a repeated name would give one pair two entries
    for (size_t i = 0; i < c.names.size() && c.matrix; ++i)
      for (size_t j = 0; j < i; ++j)
        if (c.names[i].name == c.names[j].name) {
          auto* d = diags_.report(Diag::CorrelationListRepeats, c.names[i].range, {c.names[i].name});
          DiagEngine::note(d, Diag::FirstListedHere, c.names[j].range);
          repeated = true;
          break;
        }
    if (repeated) continue;
    std::vector<int> idx;
    for (const auto& n : c.names) idx.push_back(instanceIndex(n));
    if (std::find(idx.begin(), idx.end(), -1) != idx.end()) continue;
    if (!c.matrix) {
      if (idx[0] == idx[1]) {
        diags_.report(Diag::CorrelateWithItself, c.range, {c.names[0].name});
        continue;
      }
      if (auto v = coefficient(*c.value)) set(idx[0], idx[1], *v, c.value->range, c.value->range);
      continue;
    }
    size_t n = idx.size();
    const ast::Expr& m = *c.value;
    if (m.kind != ast::ExprKind::List || m.kids.size() != n) {
      diags_.report(Diag::CorrelationMatrixShape, m.range, {std::to_string(n)});
      continue;
    }
    std::vector<double> vals(n * n, 0);
    bool ok = true;
    for (size_t i = 0; i < n && ok; ++i) {
      const ast::Expr& row = *m.kids[i];
      if (row.kind != ast::ExprKind::List || row.kids.size() != n) {
        diags_.report(Diag::CorrelationRowLength, row.range, {std::to_string(i + 1), std::to_string(n)});
        ok = false;
        break;
      }
      for (size_t j = 0; j < n; ++j) {
        auto v = coefficient(*row.kids[j], i == j);
        if (!v) {
          ok = false;
          continue;
        }
        vals[i * n + j] = *v;
        if (i == j && *v != 1) {
          diags_.report(Diag::CorrelationDiagonal, row.kids[j]->range);
          ok = false;
        }
      }
    }
    for (size_t i = 0; i < n && ok; ++i)
      for (size_t j = 0; j < i; ++j)
        if (vals[i * n + j] != vals[j * n + i]) {
          auto* d = diags_.report(Diag::CorrelationNotSymmetric, m.kids[i]->kids[j]->range,
                                  {std::to_string(i + 1), std::to_string(j + 1)});
          DiagEngine::note(d, Diag::MirroredEntryHere, m.kids[j]->kids[i]->range);
          ok = false;
        }
    if (!ok) continue;
    for (size_t i = 0; i < n; ++i)
      for (size_t j = 0; j < i; ++j)
        set(idx[i], idx[j], vals[i * n + j], m.kids[i]->kids[j]->range, m.kids[j]->kids[i]->range);
  }
  size_t n = info.instances.size();
  info.matrix.assign(n * n, 0);
  for (size_t i = 0; i < n; ++i) info.matrix[i * n + i] = 1;
  auto pos = [&](uint32_t inst) {
    return static_cast<size_t>(std::find(info.instances.begin(), info.instances.end(), inst) - info.instances.begin());
  };
  for (const auto& [key, v] : entries) {
    size_t i = pos(key.first), j = pos(key.second);
    info.matrix[i * n + j] = info.matrix[j * n + i] = v.first;
  }
  info.at.assign(n * n, SourceRange{});
  for (const auto& [key, r] : at) info.at[pos(key.first) * n + pos(key.second)] = r;
  if (n > 1) model_.correlations.push_back(std::move(info));
}

}  // namespace sitc::sema
