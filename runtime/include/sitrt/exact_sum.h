// The sum of many doubles, rounded once: Shewchuk's non-overlapping partials, each addition exact, and the final
// correctly rounded step of Python's math.fsum. The result is the exact sum rounded to the nearest double, so it is
// the same in any order and any grouping: statistics summed over threads' or MPI ranks' blocks of paths (ranks.h)
// give the bits of one pass over all of them.
//
// Non-finite inputs give the IEEE answer (+inf, -inf, or NaN for NaN or inf - inf). A running sum beyond the
// largest double switches the partials to a scale of 2^-600 (exact, except for partials below 2^-422, whose lowest
// bits are lost), so such sums still do not depend on the order unless they also hold values 2,000 binary orders
// smaller; the result is infinite only if the exact sum is.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace sitrt {

class ExactSum {
 public:
  void add(double x);
  void add(const ExactSum& other);
  void subtract(const ExactSum& other);  // exactly: this - other
  double value() const;

  // For transfer between ranks: the state as doubles, and back.
  void appendTo(std::vector<double>& out) const;
  static ExactSum read(const double*& in);

 private:
  void addFinite(double x);
  void grow(double x);  // x at the partials' scale
  void rescale();
  static constexpr int kMax = 48;  // non-overlapping partials of doubles: at most about 2098 / 53 + 2
  double p_[kMax];
  int n_ = 0;
  bool scaled_ = false;     // partials are the sum x 2^-600
  double special_ = 0;      // the sum of the non-finite inputs (0: none)
  bool anySpecial_ = false;
};

// Exact sums of several columns at once, combined across ranks: every rank passes its own sums and gets the sums
// over all ranks (one gather to the root and one broadcast), as sums or as their values. `ranks` may be null (one
// process).
std::vector<ExactSum> reduceExact(const std::vector<ExactSum>& sums, const class Ranks* ranks);
std::vector<double> reduceSums(const std::vector<ExactSum>& sums, const class Ranks* ranks);

}  // namespace sitrt
