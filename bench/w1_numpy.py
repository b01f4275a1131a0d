#!/usr/bin/python3
"""W1 in NumPy, vectorised over paths (numpy's own Philox generator: same model, different variates).

usage: /usr/bin/python3 bench/w1_numpy.py [PATHS]
"""
import math
import sys
import time

import numpy as np

paths = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
steps, dt = 1080, 1 / 360
kappa, sigma, lam, mu_j, sig_j = 3.0, 0.5, 4.0, 0.3, 0.15
kappa_d, sigma_d, rho = 2.0, 0.6, 0.5
rng = np.random.Generator(np.random.Philox(1))

t0 = time.perf_counter()
x = np.full(paths, math.log(1.5))
d = np.zeros(paths)
cu = np.zeros(paths)
ch = np.zeros(paths)
acc = np.zeros(paths)
am = np.zeros((36, paths))  # monthly averages A_m
sqdt, l11 = math.sqrt(dt), math.sqrt(1 - rho * rho)
for k in range(steps):
    theta = math.log(1.5) - math.log(2) * k * dt
    n = rng.poisson(lam * dt, paths)
    z1, zj, z3 = rng.standard_normal((3, paths))
    x += kappa * (theta - x) * dt + sigma * sqdt * z1 + n * mu_j + np.sqrt(n) * sig_j * zj
    d += kappa_d * (0 - d) * dt + sigma_d * sqdt * (rho * z1 + l11 * z3)
    s = np.exp(x)
    q = 100 * 360 * np.exp(d)
    cu += q * s * dt
    ch += (q - 100 * 360) * s * dt
    acc += s
    if (k + 1) % 30 == 0:
        am[k // 30] = acc / 30
        acc[:] = 0
secs = time.perf_counter() - t0
su, sh = cu.std(ddof=1), ch.std(ddof=1)
print(f"NumPy: {paths} paths, 1 thread, {secs:.3f} s, {paths * steps / secs / 1e6:.1f} M path-steps/s | "
      f"mean C_U {cu.mean():.6g} sd C_U {su:.6g} sd C_H {sh:.6g} VR {1 - sh / su:.4f} "
      f"mean A[1] {am[0].mean():.6g} mean A[36] {am[-1].mean():.6g}")
