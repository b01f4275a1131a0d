// Shared by the hand-written C++ versions of W1 (bench/README.md, "W1: the SIT hedge workload"): parameters, the
// thread harness, and the result summary. Each version simulates paths [first, first + n) into per-path C_U, C_H
// and the kMonths monthly averages A_m (kMonths per path, in order): the outputs bench/w1.sit reports.
#pragma once
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

namespace w1 {
constexpr int kSteps = 1080, kDaysPerMonth = 30, kMonths = kSteps / kDaysPerMonth;
constexpr double kDt = 1.0 / 360;
constexpr double kKappa = 3, kSigma = 0.5, kLambda = 4, kMuJ = 0.3, kSigJ = 0.15;
constexpr double kKappaD = 2, kSigmaD = 0.6, kRho = 0.5;
constexpr uint64_t kSeed = 1;

using Sim = void (*)(uint64_t first, uint64_t n, double* cu, double* ch, double* am);

// Runs `sim` over `paths` paths in chunks of 1024 on `threads` threads; prints throughput and the W1 summary.
inline int run(const char* name, Sim sim, int argc, char** argv) {
  uint64_t paths = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100000;
  unsigned threads = argc > 2 ? static_cast<unsigned>(std::atoi(argv[2])) : 1;
  std::vector<double> cu(paths), ch(paths), am(paths * kMonths);
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  const uint64_t chunk = 1024, chunks = (paths + chunk - 1) / chunk;
  std::atomic<uint64_t> next{0};
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back([&] {
      for (uint64_t c; (c = next.fetch_add(1)) < chunks;) {
        uint64_t first = c * chunk, n = std::min(chunk, paths - first);
        sim(first, n, cu.data() + first, ch.data() + first, am.data() + first * kMonths);
      }
    });
  for (auto& t : pool) t.join();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  double mu = 0, mh = 0;
  for (uint64_t i = 0; i < paths; ++i) mu += cu[i], mh += ch[i];
  mu /= paths, mh /= paths;
  double vu = 0, vh = 0;
  for (uint64_t i = 0; i < paths; ++i) vu += (cu[i] - mu) * (cu[i] - mu), vh += (ch[i] - mh) * (ch[i] - mh);
  double su = std::sqrt(vu / (paths - 1)), sh = std::sqrt(vh / (paths - 1));
  double a1 = 0, a36 = 0;  // F_0(1) and F_0(36): the means of the first and the last monthly average
  for (uint64_t i = 0; i < paths; ++i) a1 += am[i * kMonths], a36 += am[i * kMonths + kMonths - 1];
  a1 /= paths, a36 /= paths;
  std::printf("%s: %llu paths, %u threads, %.3f s, %.1f M path-steps/s | mean C_U %.6g sd C_U %.6g sd C_H %.6g VR %.4f"
              " mean A[1] %.6g mean A[36] %.6g\n",
              name, static_cast<unsigned long long>(paths), threads, secs, paths * double(kSteps) / secs / 1e6, mu, su,
              sh, 1 - sh / su, a1, a36);
  return 0;
}
}  // namespace w1
