#include "sitrt/exact_sum.h"

#include <cmath>
#include <cstring>
#include <string>
#include <utility>

#include "sitrt/ranks.h"

namespace sitrt {

namespace {
constexpr double kDown = 0x1p-600, kUp = 0x1p600, kLarge = 0x1p1000;
}

void ExactSum::rescale() {
  for (int j = 0; j < n_; ++j) p_[j] *= kDown;
  scaled_ = true;
}

void ExactSum::grow(double x) {
  // Shewchuk's grow-expansion: x plus the partials, exactly, as new non-overlapping partials in increasing magnitude.
  int i = 0;
  for (int j = 0; j < n_; ++j) {
    double y = p_[j];
    if (std::fabs(x) < std::fabs(y)) std::swap(x, y);
    double hi = x + y;
    double lo = y - (hi - x);
    if (lo != 0) p_[i++] = lo;
    x = hi;
  }
  n_ = i;
  if (x == 0) return;
  if (n_ == kMax) {  // cannot happen for doubles (their partials do not overlap); kept nearly exact if it did
    p_[1] += p_[0];
    std::memmove(p_, p_ + 1, sizeof(double) * static_cast<size_t>(--n_));
  }
  p_[n_++] = x;
}

void ExactSum::addFinite(double x) {
  if (!scaled_ && (std::fabs(x) >= kLarge || (n_ > 0 && std::fabs(p_[n_ - 1]) >= kLarge))) rescale();
  grow(scaled_ ? x * kDown : x);
}

void ExactSum::add(double x) {
  if (std::isfinite(x)) return addFinite(x);
  special_ += x;
  anySpecial_ = true;
}

void ExactSum::add(const ExactSum& other) {
  if (other.anySpecial_) special_ += other.special_, anySpecial_ = true;
  if (!other.scaled_) {
    for (int j = 0; j < other.n_; ++j) addFinite(other.p_[j]);
    return;
  }
  if (!scaled_) rescale();
  for (int j = 0; j < other.n_; ++j) grow(other.p_[j]);
}

double ExactSum::value() const {
  if (anySpecial_) return special_;
  // math.fsum's last step: add the partials from the largest down while the sum stays exact, then round half to
  // even across the partials below.
  int n = n_;
  double hi = 0, lo = 0;
  if (n > 0) {
    hi = p_[--n];
    while (n > 0) {
      double x = hi, y = p_[--n];
      hi = x + y;
      double yr = hi - x;
      lo = y - yr;
      if (lo != 0) break;
    }
    if (n > 0 && ((lo < 0 && p_[n - 1] < 0) || (lo > 0 && p_[n - 1] > 0))) {
      double y = lo * 2, x = hi + y, yr = x - hi;
      if (y == yr) hi = x;
    }
  }
  return scaled_ ? hi * kUp : hi;
}

void ExactSum::appendTo(std::vector<double>& out) const {
  out.push_back(static_cast<double>(n_));
  out.push_back(scaled_ ? 1 : 0);
  out.push_back(anySpecial_ ? 1 : 0);
  out.push_back(special_);
  out.insert(out.end(), p_, p_ + n_);
}

ExactSum ExactSum::read(const double*& in) {
  ExactSum s;
  s.n_ = static_cast<int>(in[0]);
  s.scaled_ = in[1] != 0;
  s.anySpecial_ = in[2] != 0;
  s.special_ = in[3];
  std::memcpy(s.p_, in + 4, sizeof(double) * static_cast<size_t>(s.n_));
  in += 4 + s.n_;
  return s;
}

void ExactSum::subtract(const ExactSum& other) {
  ExactSum minus = other;
  for (int j = 0; j < minus.n_; ++j) minus.p_[j] = -minus.p_[j];
  minus.special_ = -minus.special_;
  add(minus);
}

std::vector<ExactSum> reduceExact(const std::vector<ExactSum>& sums, const Ranks* ranks) {
  if (!ranks || ranks->size() == 1) return sums;
  std::vector<double> mine;
  for (const auto& s : sums) s.appendTo(mine);
  std::vector<std::vector<double>> all = ranks->gatherToRoot(mine);
  std::vector<double> merged;
  if (ranks->root()) {
    std::vector<ExactSum> total(sums.size());
    for (const auto& from : all) {  // in rank order; any order gives the same sums
      const double* at = from.data();
      for (auto& t : total) t.add(ExactSum::read(at));
    }
    for (const auto& t : total) t.appendTo(merged);
  }
  std::string bytes(reinterpret_cast<const char*>(merged.data()), merged.size() * sizeof(double));
  ranks->broadcast(bytes);
  merged.resize(bytes.size() / sizeof(double));
  std::memcpy(merged.data(), bytes.data(), bytes.size());
  std::vector<ExactSum> out;
  const double* at = merged.data();
  for (size_t i = 0; i < sums.size(); ++i) out.push_back(ExactSum::read(at));
  return out;
}

std::vector<double> reduceSums(const std::vector<ExactSum>& sums, const Ranks* ranks) {
  std::vector<double> values;
  for (const auto& s : reduceExact(sums, ranks)) values.push_back(s.value());
  return values;
}

}  // namespace sitrt
