#include "plan/passes/Correlate.h"

#include <tuple>

#include "sitrt/cholesky.h"

namespace sitc::plan {

bool factorCorrelations(Plan& p, DiagEngine& diags) {
  const ir::Model& m = p.model;
  for (const auto& c : m.correlations) {
    size_t n = c.instances.size();
    for (auto inst : c.instances) p.correlated.push_back(static_cast<uint32_t>(m.instances[inst].primaryNormal));
    if (size_t bad = sitrt::cholesky(c.matrix, n, p.chol, 1e-12)) {
      // The factorisation failed at process j, with the block before it consistent. The processes linked to j
      // through correlations within the block are the inconsistent ones (the others form consistent blocks of
      // their own); the error points at the first entry that correlates j with one of them.
      size_t j = bad - 1;
      std::vector<bool> linked(j + 1, false);
      linked[j] = true;
      for (bool grew = true; grew;) {
        grew = false;
        for (size_t a = 0; a <= j; ++a)
          for (size_t b = 0; b <= j && linked[a]; ++b)
            if (!linked[b] && c.matrix[a * n + b] != 0) linked[b] = grew = true;
      }
      std::string names;
      SourceRange where = c.range;
      auto earlier = [](const SourceRange& x, const SourceRange& y) {
        return std::tie(x.begin.line, x.begin.col) < std::tie(y.begin.line, y.begin.col);
      };
      bool found = false;
      for (size_t i = 0; i <= j; ++i) {
        if (!linked[i]) continue;
        names += (names.empty() ? "" : ", ") + m.instances[c.instances[i]].name;
        if (i == j || c.matrix[i * n + j] == 0 || c.at.size() != n * n || !c.at[i * n + j].valid()) continue;
        if (!found || earlier(c.at[i * n + j], where)) where = c.at[i * n + j];
        found = true;
      }
      diags.report(Diag::CorrelationNotPositiveDefinite, where, {names});
    }
  }
  return true;  // its errors do not stop the later passes
}

}  // namespace sitc::plan
