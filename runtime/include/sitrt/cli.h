// The run options `sitc run` and standalone simulators share (--paths, --seed, --threads, --format, --out,
// --set, --timings), declared and validated once so both command lines behave the same.
#pragma once
#include <boost/program_options.hpp>

#include <string>

#include "sitrt/session.h"

namespace sitrt {

void addRunOptions(boost::program_options::options_description& d);
// Fills `o` from the parsed options; returns "" or a one-line error ("--paths must be ...").
std::string readRunOptions(const boost::program_options::variables_map& vm, SessionOptions& o);
// The message for a command-line error, with "did you mean '--paths'?" for a misspelt option of `d`.
std::string explainOptionError(const boost::program_options::error& e,
                               const boost::program_options::options_description& d);

}  // namespace sitrt
