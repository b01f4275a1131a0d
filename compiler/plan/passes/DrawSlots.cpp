#include "plan/passes/DrawSlots.h"

namespace sitc::plan {

bool assignDrawSlots(Plan& p, DiagEngine&) {
  const ir::Model& m = p.model;
  // RNG: one uniform per draw, slots in draw order (which is source order within each instance).
  for (uint32_t i = 0; i < m.draws.size(); ++i) p.drawSlot.push_back(i);
  p.slots = static_cast<uint32_t>(m.draws.size());
  return true;
}

}  // namespace sitc::plan
