#include "sitrt/suggest.h"

#include <algorithm>
#include <cctype>

namespace sitrt {

namespace {

// Optimal string alignment distance (Damerau-Levenshtein without repeated edits of one substring), ignoring case.
size_t editDistance(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
  const size_t n = a.size(), m = b.size();
  std::vector<size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (size_t j = 0; j <= m; ++j) prev[j] = j;
  for (size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= m; ++j) {
      size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1]))
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
    }
    prev2.swap(prev);
    prev.swap(cur);
  }
  return prev[m];
}

}  // namespace

std::optional<std::string> closestMatch(std::string_view word, const std::vector<std::string>& candidates) {
  if (word.empty() || word.size() > 200) return std::nullopt;  // nothing to match, or not a name
  size_t allowed = std::max<size_t>(1, word.size() / 3);
  std::optional<std::string> best;
  size_t bestDistance = allowed + 1;
  for (const auto& c : candidates) {
    if (c == word || c.size() > word.size() + allowed + 1) continue;
    size_t d = editDistance(word, c);
    if (d < bestDistance && d < std::max(word.size(), c.size())) best = c, bestDistance = d;
  }
  return best;
}

std::string didYouMean(std::string_view word, const std::vector<std::string>& candidates) {
  auto m = closestMatch(word, candidates);
  return m ? " (did you mean '" + *m + "'?)" : "";
}

std::string knownTermsHint(std::string_view word, const std::vector<std::string>& known) {
  auto m = closestMatch(word, known);
  std::string out = m ? "did you mean '" + *m + "'? known terms: " : "known terms: ";
  for (size_t i = 0; i < known.size(); ++i) out += (i ? ", " : "") + known[i];
  return out;
}

}  // namespace sitrt
