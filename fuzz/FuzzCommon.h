// What the fuzz targets share: a spec's text compiled the way `sitc` compiles a file (on a large stack, with the
// standard library), and the mutator that mixes libFuzzer's byte mutations with generated programs.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include "driver/Pipeline.h"

namespace sitc::fuzz {

// Puts `text` into c as the main file "fuzz.sit" and runs the pipeline on it up to `until`, as sitc does.
bool compileText(const std::string& text, driver::Compilation& c, driver::Stage until);

// Stops the fuzzer on a broken invariant (a crash is what libFuzzer records and minimises).
[[noreturn]] void fail(const char* what);

// LLVMFuzzerCustomMutator's body for the spec targets: a third of the time a fresh generated spec, a third a
// generated fragment spliced in at a line boundary, otherwise libFuzzer's own mutation.
size_t mutateSpec(uint8_t* data, size_t size, size_t maxSize, unsigned seed);

}  // namespace sitc::fuzz
