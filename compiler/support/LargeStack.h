#pragma once
#include <functional>

namespace sitc {
// Runs `body` on a thread with a large stack and returns its result. The parser and later stages recurse over
// nested expressions; with a large stack, bounded nesting (checked in the frontend) can never overflow it.
int runWithLargeStack(const std::function<int()>& body);
}  // namespace sitc
