#pragma once
#include <cstddef>
#include <optional>
#include <string_view>

namespace sitc::frontend {
// Byte offset of the first byte that is not part of a well-formed UTF-8 sequence (overlong forms, surrogates and
// code points above U+10FFFF count as malformed), or nullopt when the text is valid.
std::optional<size_t> findInvalidUtf8(std::string_view text);
}  // namespace sitc::frontend
