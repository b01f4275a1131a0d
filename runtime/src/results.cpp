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

// Shortest text that reads back to the same double, so machine formats round-trip exactly.
std::string formatExact(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[32];
  // Whole numbers below 2^53 in full ("1000", not "1e+03"): they read back exactly and read better.
  if (v == std::floor(v) && std::fabs(v) < 9007199254740992.0) {
    snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  for (int prec = 1; prec <= 17; ++prec) {
    snprintf(buf, sizeof buf, "%.*g", prec, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

std::string formatReadable(double v) {
  char buf[32];
  snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
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

static std::string renderJson(const ResultSet& r) {
  // Numbers go out as exact decimal strings' values; non-finite ones as strings, since JSON has no NaN.
  auto num = [](double v) -> nlohmann::ordered_json {
    if (!std::isfinite(v)) return formatExact(v);
    return nlohmann::ordered_json::parse(formatExact(v));
  };
  nlohmann::ordered_json j;
  nlohmann::ordered_json m = nlohmann::ordered_json::object();
  for (const auto& [k, v] : r.manifest) m[k] = v;
  j["manifest"] = m;
  auto rowsJson = [&](const std::vector<ResultRow>& rows) {
    nlohmann::ordered_json a = nlohmann::ordered_json::array();
    for (const auto& row : rows) {
      a.push_back({{"statistic", row.label}, {"value", num(row.value)}, {"se", num(row.se)}, {"unit", row.unit}});
      if (!row.note.empty()) a.back()["note"] = row.note;
    }
    return a;
  };
  if (r.points.empty()) {
    j["results"] = rowsJson(r.rows);
  } else {
    j["sweep"] = nlohmann::ordered_json::array();
    for (size_t p = 0; p < r.points.size(); ++p)
      j["sweep"].push_back({{"set", r.points[p]}, {"results", rowsJson(r.sweep[p])}});
  }
  return j.dump(2) + "\n";
}

static std::string csvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

static std::string renderCsv(const ResultSet& r) {
  std::string out;
  for (const auto& [k, v] : r.manifest) out += "# " + k + ": " + v + "\n";
  if (r.points.empty()) {
    out += "statistic,value,se,unit\n";
    for (const auto& row : r.rows)
      out += csvField(row.label) + "," + formatExact(row.value) + "," + formatExact(row.se) + "," + csvField(row.unit) + "\n";
    return out;
  }
  out += "set,statistic,value,se,unit\n";
  for (size_t p = 0; p < r.points.size(); ++p)
    for (const auto& row : r.sweep[p])
      out += csvField(r.points[p]) + "," + csvField(row.label) + "," + formatExact(row.value) + "," + formatExact(row.se) + "," +
             csvField(row.unit) + "\n";
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
