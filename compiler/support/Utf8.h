// Well-formed UTF-8 (overlong forms, surrogates and code points above U+10FFFF are malformed), for the frontend's
// input check and for diagnostics, which must never echo raw bytes to a terminal.
#pragma once
#include <cstddef>
#include <optional>
#include <string_view>

namespace sitc {
// The length of the well-formed UTF-8 sequence that starts at byte `i` of `s` (1 to 4), or 0 if none does.
size_t utf8SequenceLength(std::string_view s, size_t i);
// Byte offset of the first byte that is not part of a well-formed sequence, or nullopt when the text is valid.
std::optional<size_t> findInvalidUtf8(std::string_view text);
}  // namespace sitc
