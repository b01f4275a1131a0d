// "Did you mean ...?": the closest of a set of known names to a misspelt one, for the compiler's diagnostics
// (names, units, arguments, strategies) and for command lines (options, --set names) alike.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sitrt {

// The candidate nearest to `word` by edit distance (insertions, deletions, substitutions and swaps of adjacent
// letters, ignoring case), if it is near enough to be a plausible typo: at most a third of the word's letters
// changed (at least one). Ties go to the earliest candidate.
std::optional<std::string> closestMatch(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean 'X'?)" for closestMatch, or "" when nothing is near.
std::string didYouMean(std::string_view word, const std::vector<std::string>& candidates);

// For a name that must be one of a short list (a contract's or a hedge's terms): "did you mean 'X'? known terms:
// a, b, c", without the question when nothing is near.
std::string knownTermsHint(std::string_view word, const std::vector<std::string>& known);

}  // namespace sitrt
