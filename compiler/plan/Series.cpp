// chooseSeries: the observables a kernel records for --series, by name.
#include "plan/Plan.h"
#include "sitrt/suggest.h"

namespace sitc::plan {

std::string chooseSeries(Plan& p, const std::vector<std::string>& names) {
  const ir::Model& m = p.model;
  std::vector<std::string> known;
  for (const auto& o : m.observables) known.push_back(o.name);
  p.series.clear();
  for (const auto& n : names) {
    uint32_t i = 0;
    while (i < known.size() && known[i] != n) ++i;
    if (i == known.size()) {
      for (const auto& v : m.pathValues)
        if (v.name == n) return "'" + n + "' is one value per path, not a series: --paths-out writes it";
      std::string list;
      for (size_t k = 0; k < known.size() && k < 30; ++k) list += (list.empty() ? "" : ", ") + known[k];
      if (known.size() > 30) list += ", ... (" + std::to_string(known.size()) + " in all)";
      return "'" + n + "' is not a quantity of scenario '" + m.scenario + "' that changes over a path" +
             sitrt::didYouMean(n, known) + " (series can record: " + list + ")";
    }
    for (uint32_t have : p.series)
      if (have == i) return "'" + n + "' is named twice";
    p.series.push_back(i);
  }
  return "";
}

}  // namespace sitc::plan
