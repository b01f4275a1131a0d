#include "ir/Model.h"

namespace sitc::ir {

uint32_t Model::addAggregate(AggInfo a) {
  for (size_t i = 0; i < aggs.size(); ++i) {
    const AggInfo& b = aggs[i];
    if (b.kind == a.kind && b.window == a.window && b.windows == a.windows && sameExpr(*b.input, *a.input))
      return static_cast<uint32_t>(i);
  }
  aggs.push_back(std::move(a));
  return static_cast<uint32_t>(aggs.size() - 1);
}

}  // namespace sitc::ir
