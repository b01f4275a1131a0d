// A SimSpec as JSON text: `sitc build` embeds it in the simulator's object file (symbol sit_spec_json), and the
// simulator reads it back at start-up, so the simulator knows its spec without the compiler.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "sitrt/sim_spec.h"

namespace sitrt {

// `manifest` holds the build-time fields of the result manifest (compiler, LLVM, CPU, spec, spec hash).
std::string simSpecToJson(const SimSpec& spec, const std::vector<std::pair<std::string, std::string>>& manifest);
// Returns "" or an error message.
std::string simSpecFromJson(const std::string& text, SimSpec& spec,
                            std::vector<std::pair<std::string, std::string>>& manifest);

}  // namespace sitrt
