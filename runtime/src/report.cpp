#include "sitrt/report.h"

#include <nlohmann/json.hpp>

#include <cmath>

#include "sitrt/overrides.h"
#include "sitrt/stats.h"

namespace sitrt {

namespace {

using json = nlohmann::json;

// Histograms draw at most this many paths' values (the statistics use every path): enough for smooth bins, and
// the page stays a few MB.
constexpr uint64_t kMaxDrawnPaths = 20000;
constexpr double kFanLevels[] = {0.05, 0.25, 0.5, 0.75, 0.95};

json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }
json estimateJson(const Estimate& e) {
  if (e.undefined) return nullptr;
  return {{"value", number(e.value)}, {"se", number(e.se)}};
}

json rowJson(const ResultRow& r, const std::string& prefix) {
  return {{"label", prefix + r.label}, {"stat", r.stat},   {"unit", r.unit},   {"value", number(r.value)},
          {"se", number(r.se)},        {"hedge", r.hedge}, {"window", r.window}, {"level", number(r.level)},
          {"undefined", r.note}};
}

// Series i of the K recorded paths at grid point g, in display units.
std::vector<double> seriesAt(const ReportRuns& r, const RunOutcome& out, uint64_t g, uint32_t i) {
  const SimSpec& spec = r.points.front().spec;
  uint64_t k = std::min(r.series.paths, r.paths);
  std::vector<double> v(k);
  for (uint64_t j = 0; j < k; ++j) v[j] = out.series[seriesIndex(spec, r.series, g, i, j)] / spec.series[i].unitScale;
  return v;
}

double timeOf(const ReportRuns& r, uint64_t g) {
  double t = static_cast<double>(r.series.steps[g]) * r.points.front().spec.dt / r.series.timeScale;
  return std::fabs(t - std::round(t)) < 1e-9 * std::max(1.0, t) ? std::round(t) : t;
}

json fans(const ReportRuns& r, const RunOutcome& out) {
  json fans = json::array();
  const SimSpec& spec = r.points.front().spec;
  for (uint32_t i = 0; i < r.processes; ++i) {
    json points = json::array();
    for (uint64_t g = 0; g < r.series.steps.size(); ++g) {
      std::vector<double> v = seriesAt(r, out, g, i);
      json q = json::array(), se = json::array();
      for (double level : kFanLevels) {
        Estimate e = estimateQuantile(v.data(), v.size(), level);
        q.push_back(number(e.value));
        se.push_back(number(e.se));
      }
      points.push_back({{"t", timeOf(r, g)}, {"q", q}, {"se", se}});
    }
    fans.push_back({{"name", spec.series[i].name},
                    {"unit", spec.series[i].unit},
                    {"paths", std::min(r.series.paths, r.paths)},
                    {"levels", kFanLevels},
                    {"points", points}});
  }
  return fans;
}

json hedges(const ReportRuns& r, const RunOutcome& out) {
  json hedges = json::array();
  const SimSpec& spec = r.points.front().spec;
  const uint64_t n = r.paths;
  uint32_t marginSeries = r.processes;  // each margin hedge's calls, then its peak margin
  for (size_t h = 0; h < spec.hedges.size(); ++h) {
    const HedgeSpec& hs = spec.hedges[h];
    if (hs.leg) continue;  // a strip is charted as one hedge, by its head
    const double scale = hs.seller ? -hs.moneyScale : hs.moneyScale;  // a seller's revenue is minus the book's cost
    auto column = [&](uint32_t c) {
      std::vector<double> v(n);
      const double* col = out.paths.data() + static_cast<size_t>(c) * columnStride(n);
      for (uint64_t j = 0; j < n; ++j) v[j] = col[j] / scale;
      return v;
    };
    auto tail = [&](StatKind k, const std::vector<double>& x, double level) {
      return number(estimate(k, x.data(), n, level, hs.seller).value);
    };
    std::vector<double> u = column(hs.colUnhedged), c = column(hs.colHedged);
    double level = 0.95;  // the hedge's VaR level, as its report gives it
    for (const auto& row : out.rows)
      if (row.hedge == hs.name && row.stat == "VaR") level = row.level;
    uint64_t drawn = std::min(n, kMaxDrawnPaths);
    json e = {{"name", hs.name},
              {"side", hs.seller ? "seller" : "buyer"},
              {"unit", hs.moneyUnit},
              {"paths", n},
              {"drawnPaths", drawn},
              {"unhedged", std::vector<double>(u.begin(), u.begin() + static_cast<std::ptrdiff_t>(drawn))},
              {"hedged", std::vector<double>(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(drawn))},
              {"var", {{"level", level},
                       {"unhedged", tail(StatKind::Quantile, u, level)},
                       {"hedged", tail(StatKind::Quantile, c, level)}}},
              {"cvar", {{"level", level},
                        {"unhedged", tail(StatKind::CVaR, u, level)},
                        {"hedged", tail(StatKind::CVaR, c, level)}}},
              {"vr", estimateJson(estimateReduction(u.data(), c.data(), n, false))},
              {"he", estimateJson(estimateReduction(u.data(), c.data(), n, true))},
              {"ratios", json::array()},
              {"margin", nullptr}};
    if (hs.strategy == HedgeSpec::Strategy::Fixed || hs.strategy == HedgeSpec::Strategy::MinVariance)
      for (size_t b = h; b < h + hs.books; ++b) {  // a strip's books each have theirs
        const HedgeSetup& setup = out.hedges[b];
        const bool perPeriod = spec.hedges[b].ratioPerPeriod();
        for (size_t m = 0; m < (perPeriod ? setup.ratio.size() : std::min<size_t>(1, setup.ratio.size())); ++m) {
          if (perPeriod && spec.hedges[b].coverOf(static_cast<uint32_t>(m)) == 0) continue;
          json ratio = {{"period", m + 1}, {"value", number(setup.ratio[m])}, {"se", number(setup.ratioSe[m])}};
          if (hs.books > 1) ratio["instrument"] = spec.hedges[b].instrument;
          e["ratios"].push_back(std::move(ratio));
        }
      }
    if (r.margin[h]) {
      const uint32_t calls = marginSeries, peak = marginSeries + 1;
      marginSeries += 2;
      json perInterval = json::array();
      std::vector<double> before = seriesAt(r, out, 0, calls);
      for (uint64_t g = 1; g < r.series.steps.size(); ++g) {
        std::vector<double> now = seriesAt(r, out, g, calls);
        double sum = 0;
        for (size_t j = 0; j < now.size(); ++j) sum += now[j] - before[j];
        perInterval.push_back({{"t", timeOf(r, g)}, {"mean", number(now.empty() ? NAN : sum / static_cast<double>(now.size()))}});
        before = std::move(now);
      }
      e["margin"] = {{"paths", std::min(r.series.paths, n)},
                     {"peak", seriesAt(r, out, r.series.steps.size() - 1, peak)},
                     {"calls", perInterval}};
    }
    hedges.push_back(std::move(e));
  }
  return hedges;
}

// A sweep: each statistic of the first point (not per window) as a line against the first swept setting.
json sweep(const ReportRuns& r) {
  if (r.points.size() < 2 || r.points.front().settings.empty()) return nullptr;
  const std::string name = r.points.front().settings.front().first;
  std::string unit;
  std::vector<double> xs;
  for (const auto& p : r.points)
    for (const Settable& s : settables(p.spec, p.params))
      if (s.name == name) xs.push_back(s.value), unit = s.unit;
  if (xs.size() != r.points.size()) return nullptr;
  json lines = json::array();
  const auto& first = r.outcomes.front().rows;
  for (size_t i = 0; i < first.size(); ++i) {
    if (first[i].window != 0) continue;
    json pts = json::array();
    for (size_t p = 0; p < r.points.size(); ++p)
      if (i < r.outcomes[p].rows.size())
        pts.push_back({{"x", xs[p]}, {"value", number(r.outcomes[p].rows[i].value)}, {"se", number(r.outcomes[p].rows[i].se)}});
    lines.push_back({{"label", first[i].label}, {"unit", first[i].unit}, {"points", pts}});
  }
  return {{"parameter", name}, {"unit", unit}, {"series", lines}};
}

void replaceAll(std::string& s, const std::string& from, const std::string& to) {
  for (size_t at = 0; (at = s.find(from, at)) != std::string::npos; at += to.size()) s.replace(at, from.size(), to);
}

}  // namespace

std::string reportData(const ReportRuns& r) {
  json d;
  const RunOutcome& out = r.outcomes.front();
  d["title"] = r.points.front().spec.scenario;
  d["manifest"] = json::array();
  for (const auto& [k, v] : r.manifest) d["manifest"].push_back({k, v});
  d["results"] = json::array();
  for (size_t p = 0; p < r.points.size(); ++p)
    for (const auto& row : r.outcomes[p].rows)
      d["results"].push_back(rowJson(row, r.points.size() > 1 ? r.points[p].label + ": " : ""));
  d["timeUnit"] = r.series.timeUnit;
  d["fans"] = fans(r, out);
  d["hedges"] = hedges(r, out);
  d["sweep"] = sweep(r);
  if (r.points.size() > 1) d["chartsOf"] = r.points.front().label;  // fans and hedges: the first point
  return d.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string renderReport(const std::string& page, const std::vector<std::string>& scripts, const std::string& data,
                         const std::string& title, std::string& error) {
  std::string out = page;
  for (const char* p : {"<!--SITC:VEGA-->", "<!--SITC:DATA-->", "<!--SITC:TITLE-->"})
    if (out.find(p) == std::string::npos) {
      error = std::string("the report template has no ") + p;
      return "";
    }
  // Nothing inlined may end its <script> element early: `</script` inside a script (only ever in a string literal)
  // becomes `<\/script`, the same string in JavaScript; the JSON's `<`, `>` and `&` become \u escapes.
  std::string inlined;
  for (std::string s : scripts) {
    replaceAll(s, "</script", "<\\/script");
    replaceAll(s, "</SCRIPT", "<\\/SCRIPT");
    inlined += "<script>" + s + "</script>\n";
  }
  std::string safe = data;
  replaceAll(safe, "<", "\\u003c");
  replaceAll(safe, ">", "\\u003e");
  replaceAll(safe, "&", "\\u0026");
  std::string escTitle = title;
  replaceAll(escTitle, "&", "&amp;");
  replaceAll(escTitle, "<", "&lt;");
  replaceAll(escTitle, ">", "&gt;");
  replaceAll(escTitle, "\"", "&quot;");
  // The data and scripts last: their text may contain the placeholders' spelling.
  replaceAll(out, "<!--SITC:TITLE-->", escTitle);
  size_t at = out.find("<!--SITC:DATA-->");
  out.replace(at, 16, "<script type=\"application/json\" id=\"sitc-data\">" + safe + "</script>");
  at = out.find("<!--SITC:VEGA-->");
  out.replace(at, 16, inlined);
  return out;
}

}  // namespace sitrt
