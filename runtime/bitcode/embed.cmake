# Turns a binary file into a C++ source defining `sitrt_kernel_math_<NAME>_bc` and its size.
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" n)
math(EXPR size "${n} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
file(WRITE ${OUT} "// Generated from kernel_math_${NAME}.bc; do not edit.\n#include <cstddef>\n"
  "extern const unsigned char sitrt_kernel_math_${NAME}_bc[] = {${bytes}};\n"
  "extern const size_t sitrt_kernel_math_${NAME}_bc_size = ${size};\n")
