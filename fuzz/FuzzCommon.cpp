#include "FuzzCommon.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "SpecGenerator.h"

extern "C" size_t LLVMFuzzerMutate(uint8_t* data, size_t size, size_t maxSize);

namespace sitc::fuzz {

bool compileText(const std::string& text, driver::Compilation& c, driver::Stage until) {
  driver::Options o;
  c.mainFile = c.sm.addFile("fuzz.sit", text);
  return driver::runPipeline(o, c, until);
}

void fail(const char* what) {
  std::fprintf(stderr, "fuzz: invariant broken: %s\n", what);
  std::abort();
}

size_t mutateSpec(uint8_t* data, size_t size, size_t maxSize, unsigned seed) {
  std::string out;
  switch (seed % 3) {
    case 0: out = generateSpec(seed); break;
    case 1: {
      std::string text(reinterpret_cast<const char*>(data), size);
      std::string frag = generateFragment(seed) + "\n";
      size_t at = size ? (seed / 3) % (size + 1) : 0;
      size_t nl = text.rfind('\n', at);
      at = nl == std::string::npos ? 0 : nl + 1;
      out = text.substr(0, at) + frag + text.substr(at);
      break;
    }
    default: return LLVMFuzzerMutate(data, size, maxSize);
  }
  if (out.size() > maxSize) return LLVMFuzzerMutate(data, size, maxSize);
  std::memcpy(data, out.data(), out.size());
  return out.size();
}

}  // namespace sitc::fuzz
