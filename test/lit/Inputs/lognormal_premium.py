#!/usr/bin/env python3
"""usage: lognormal_premium.py RESULTS.json -- premiums of options on a GBM index (s0 1.5 USD/Mtok, mu 0.2/yr,
sigma 0.6/sqrt(yr), 30 days a month) against independent computations, each within 3 standard errors:

- hedge `final` (calls at 1.6 on a final-settled monthly contract): the premium of month m is E[(S_T - K)+] at
  T = m/12 yr, the Black-Scholes value without discounting under the model's drift:
  S0 e^(mu T) N(d1) - K N(d2), d1,2 = (ln(S0/K) + (mu +/- sigma^2/2) T) / (sigma sqrt T); exact, so the bound is
  3 x sitc's standard error;
- hedge `puts` (a seller's puts at 1.4, final-settled): K N(-d2) - S0 e^(mu T) N(-d1);
- hedge `averaged` (calls at 1.6 on the monthly average of the daily index): numpy simulates the same GBM exactly
  at daily steps with its own random numbers (200000 paths) and averages each month's 30 closes; the bound is
  3 x the two estimates' combined standard error."""
import json
import math
import sys

import numpy as np

rows = {r["statistic"]: r for r in json.load(open(sys.argv[1]))["results"]}
S0, MU, SIG = 1.5, 0.2, 0.6
N = lambda x: 0.5 * math.erfc(-x / math.sqrt(2))
fails = []


def check(name, want, want_se=0.0):
    got = rows[name]
    bound = 3 * math.hypot(got["se"], want_se)
    ok = abs(got["value"] - want) <= bound
    print(f"{name}: {got['value']:.6f} vs {want:.6f} (bound {bound:.2g}) {'ok' if ok else 'FAIL'}")
    if not ok:
        fails.append(name)


for m in (1, 2, 3):
    T = m / 12
    for K, leg, hedge in ((1.6, "call", "final"), (1.4, "put", "puts")):
        d1 = (math.log(S0 / K) + (MU + SIG**2 / 2) * T) / (SIG * math.sqrt(T))
        d2 = d1 - SIG * math.sqrt(T)
        f = S0 * math.exp(MU * T)
        want = f * N(d1) - K * N(d2) if leg == "call" else K * N(-d2) - f * N(-d1)
        check(f"{hedge}: per_period[{m}] {leg} premium", want)

rng = np.random.default_rng(20261203)
n, days, dt = 200000, 90, 1 / 360
steps = rng.standard_normal((n, days)) * (SIG * math.sqrt(dt)) + (MU - SIG**2 / 2) * dt
s = S0 * np.exp(np.cumsum(steps, axis=1))
for m in (1, 2, 3):
    payoff = np.maximum(s[:, 30 * (m - 1):30 * m].mean(axis=1) - 1.6, 0)
    check(f"averaged: per_period[{m}] call premium", payoff.mean(), payoff.std(ddof=1) / math.sqrt(n))
if fails:
    sys.exit("outside 3 standard errors: " + ", ".join(fails))
