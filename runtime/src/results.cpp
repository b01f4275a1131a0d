#include "sitrt/results.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace sitrt {

bool parseFormat(const std::string& s, Format& out) {
  if (s == "table") out = Format::Table;
  else if (s == "json") out = Format::Json;
  else if (s == "csv") out = Format::Csv;
  else return false;
  return true;
}

// One value and std.err column pair per point (a single run is a sweep of one unnamed point).
static std::string renderTable(const ResultSet& r) {
  std::string out;
  for (const auto& [k, v] : r.manifest) out += "# " + k + ": " + v + "\n";
  bool sweep = !r.points.empty();
  const std::vector<std::vector<ResultRow>> single = {r.rows};
  const auto& sets = sweep ? r.sweep : single;
  size_t w = 9;
  for (const auto& row : sets[0]) w = std::max(w, row.label.size());
  auto pad = [](std::string s, size_t n) { return s.size() < n ? s + std::string(n - s.size(), ' ') : s; };
  auto lpad = [](std::string s, size_t n) { return s.size() < n ? std::string(n - s.size(), ' ') + s : s; };
  auto trim = [](std::string& s) {
    while (!s.empty() && s.back() == ' ') s.pop_back();
  };
  if (sweep) {
    for (size_t p = 0; p < r.points.size(); ++p) out += "# point " + std::to_string(p + 1) + ": " + r.points[p] + "\n";
    std::string line = pad("", w);
    for (size_t p = 0; p < r.points.size(); ++p) line += "  " + lpad("point " + std::to_string(p + 1), 28);
    trim(line);
    out += line + "\n";
  }
  std::string head = pad("statistic", w);
  for (size_t p = 0; p < sets.size(); ++p) head += "  " + lpad("value", 14) + "  " + lpad("std.err", 12);
  out += head + "  unit\n";
  for (size_t i = 0; i < sets[0].size(); ++i) {
    std::string line = pad(sets[0][i].label, w);
    for (const auto& rows : sets) {
      const ResultRow& row = rows[i];
      line += "  " + lpad(formatReadable(row.value), 14) + "  " + lpad(std::isnan(row.se) ? "-" : formatReadable(row.se), 12);
    }
    line += "  " + sets[0][i].unit;
    for (const auto& rows : sets)
      if (!rows[i].note.empty()) {
        line += "  (" + rows[i].note + ")";
        break;
      }
    trim(line);
    out += line + "\n";
  }
  return out;
}

// Manifest entries that are counts go out as JSON numbers; the rest (versions, names, options) as text.
static bool numericManifestKey(const std::string& k) { return k == "seed" || k == "paths" || k == "steps"; }

static std::string renderJson(const ResultSet& r) {
  using json = nlohmann::ordered_json;
  // Exact decimal numbers; NaN and infinities, which JSON cannot hold, as null (a row's note says why).
  auto num = [](double v) -> json { return std::isfinite(v) ? json::parse(formatExact(v)) : json(nullptr); };
  json j;
  j["schema"] = kResultsSchema;
  json m = json::object();
  for (const auto& [k, v] : r.manifest) {
    bool digits = !v.empty() && v.size() <= 20 && v.find_first_not_of("0123456789") == std::string::npos;
    m[k] = numericManifestKey(k) && digits ? json::parse(v) : json(v);
  }
  j["manifest"] = m;
  auto rowsJson = [&](const std::vector<ResultRow>& rows) {
    json a = json::array();
    for (const auto& row : rows) {
      json o = {{"statistic", row.label}, {"value", num(row.value)}, {"se", num(row.se)},
                {"unit", row.unit}, {"stat", row.stat}};
      o["level"] = std::isnan(row.level) ? json(nullptr) : num(row.level);
      o["hedge"] = row.hedge.empty() ? json(nullptr) : json(row.hedge);
      o["window"] = row.window ? json(row.window) : json(nullptr);
      if (!row.note.empty()) o["note"] = row.note;
      a.push_back(std::move(o));
    }
    return a;
  };
  if (r.points.empty()) {
    j["results"] = rowsJson(r.rows);
  } else {
    j["sweep"] = json::array();
    for (size_t p = 0; p < r.points.size(); ++p)
      j["sweep"].push_back({{"set", r.points[p]}, {"results", rowsJson(r.sweep[p])}});
  }
  return j.dump(2) + "\n";
}

static std::string csvField(const std::string& s) {
  if (s.find_first_of(",\"\n#") == std::string::npos) return s;  // "#" quoted: readers skip "#" comments
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

// One row per statistic (per point and statistic for a sweep). Missing numbers (no standard error, a NaN
// statistic) are empty fields, as pandas and spreadsheets read them.
static std::string renderCsv(const ResultSet& r) {
  auto num = [](double v) { return std::isfinite(v) ? formatExact(v) : std::string(); };
  auto fields = [&](const ResultRow& row) {
    return csvField(row.label) + "," + num(row.value) + "," + num(row.se) + "," + csvField(row.unit) + "," +
           csvField(row.stat) + "," + num(row.level) + "," + csvField(row.hedge) + "," +
           (row.window ? std::to_string(row.window) : "") + "," + csvField(row.note) + "\n";
  };
  std::string out = std::string("# schema: ") + kResultsSchema + "\n";
  for (const auto& [k, v] : r.manifest) out += "# " + k + ": " + v + "\n";
  const char* columns = "statistic,value,se,unit,stat,level,hedge,window,note\n";
  if (r.points.empty()) {
    out += columns;
    for (const auto& row : r.rows) out += fields(row);
    return out;
  }
  out += std::string("set,") + columns;
  for (size_t p = 0; p < r.points.size(); ++p)
    for (const auto& row : r.sweep[p]) out += csvField(r.points[p]) + "," + fields(row);
  return out;
}

std::string render(const ResultSet& r, Format f) {
  switch (f) {
    case Format::Table: return renderTable(r);
    case Format::Json: return renderJson(r);
    case Format::Csv: return renderCsv(r);
  }
  return {};
}

}  // namespace sitrt
