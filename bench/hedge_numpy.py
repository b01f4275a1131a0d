#!/usr/bin/python3
"""docs/examples/10-hedge.sit in NumPy: what an analyst would write instead of the spec.

The same model and hedge, vectorised over paths: a mean-reverting jump-diffusion index (the stdlib's mrjd step),
OU demand and basis factors, an enterprise consuming 100 Mtok/day x exp(demand) at the index times the basis,
hedged with the SITM monthly future in the minimum-variance ratio from 4,000 pilot paths. The daily futures book
as sitc's: every live month marked each day from mrjd's forward (fixings so far plus the forward of each remaining
delivery day), settlement capped by the 10% daily limit (a locked day), variation margin with calls back to the
initial margin when the balance falls below maintenance, the peak variation margin, and the market makers'
half-spread on trades; positions capped by the position limit. numpy's Philox generator: the same model with
different variates, so the results agree with sitc's within Monte Carlo error.

usage: /usr/bin/python3 bench/hedge_numpy.py [PATHS]
"""
import math
import sys
import time

import numpy as np

paths = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
pilot_paths = 4000
steps, dt = 1080, 1 / 360
# TPI ~ mrjd(s0 = 1.50 USD/Mtok, kappa = 3/yr, level = s0, trend = -ln 2/yr, sigma = 0.5, lambda = 4, muJ = 0.3,
# sigmaJ = 0.15); demand ~ ou(0, 2/yr, 0, 0.6); basis ~ ou(1, 4/yr, 1, 0.1); correlate(TPI, demand) = 0.5.
s0, kappa, trend, sigma, lam, mu_j, sig_j = 1.5e-6, 3.0, -math.log(2), 0.5, 4.0, 0.3, 0.15  # USD/token, 1/yr
kd, sd, kb, sb, rho = 2.0, 0.6, 4.0, 0.1, 0.5
rate0 = 100e6 * 360  # tokens/yr
# SITM: 1000 Mtok, 36 monthly contracts on the month's average, margin 10% / 7.5%, daily limit 10%, position
# limit 7500 contracts, market makers' spread 0.004 USD/Mtok.
size, months, days_per = 1e9, 36, 30
initial, maintenance, limit, position_limit, half_spread = 0.10, 0.075, 0.10, 7500.0, 0.002e-6

a = math.exp(-kappa * dt)
m1, m2 = (1 - a) / (kappa * dt), (1 - a * a) / (2 * kappa * dt)
diff_sd = sigma * math.sqrt((1 - a * a) / (2 * kappa))
jump_var = (mu_j ** 2 + sig_j ** 2) * m2 - mu_j ** 2 * m1 ** 2
ad, ab = math.exp(-kd * dt), math.exp(-kb * dt)
d_sd, b_sd = sd * math.sqrt((1 - ad * ad) / (2 * kd)), sb * math.sqrt((1 - ab * ab) / (2 * kb))
# mrjd's forward, E_t[S_{t+tau}] = s0 exp(theta + (x - theta) b + A(tau)), b = exp(-kappa tau), per lag j = tau/dt.
lags = np.arange(steps + 1) * dt
b_lag = np.exp(-kappa * lags)
A_lag = (trend * (lags - (1 - b_lag) / kappa) + lam * mu_j * (1 - b_lag) / kappa
         + (sigma ** 2 + lam * (mu_j ** 2 + sig_j ** 2)) * (1 - b_lag ** 2) / (2 * kappa) / 2)


def marks(k, x, realized, live_from):
    """Every live month's futures price on day k: (fixings + sum of the forward over its remaining days) / 30."""
    n = x.shape[0]
    theta = trend * k * dt
    first = k + 1  # remaining delivery days k+1 .. 1080
    fair = np.zeros((n, months))
    if first <= steps:
        lag = np.arange(1, steps - k + 1)
        fwd = s0 * np.exp(theta + np.outer(x - theta, b_lag[lag]) + A_lag[lag])  # paths x remaining days
        starts = [0] + [days_per * m - k for m in range(1, months) if days_per * m > k]
        sums = np.add.reduceat(fwd, starts, axis=1)
        fair[:, months - sums.shape[1]:] = sums
    fair[:, live_from:] += realized[:, live_from:]
    return fair / days_per


class Paths:
    """The processes of n paths, stepped together."""

    def __init__(self, n, rng):
        self.n, self.rng = n, rng
        self.x, self.dem, self.bas = np.zeros(n), np.zeros(n), np.ones(n)

    def step(self, k):
        """Step k (t = k dt to (k+1) dt); returns the index, the consumption rate and the basis after it."""
        theta = trend * k * dt
        z1, zj, z3, z4 = self.rng.standard_normal((4, self.n))
        jumps = self.rng.poisson(lam * dt, self.n)
        self.x = (theta + (self.x - theta) * a + trend * (dt - (1 - a) / kappa) + diff_sd * z1 + jumps * mu_j * m1
                  + np.sqrt(jumps * jump_var) * zj)
        self.dem = self.dem * ad + d_sd * (rho * z1 + math.sqrt(1 - rho * rho) * z3)
        self.bas = 1 + (self.bas - 1) * ab + b_sd * z4
        return s0 * np.exp(self.x), rate0 * np.exp(self.dem), self.bas


def pilot_run(n, rng):
    """Without positions: each path's cost, month averages of the index and consumption per month."""
    p = Paths(n, rng)
    cost, avg, qty = np.zeros(n), np.zeros((n, months)), np.zeros((n, months))
    for k in range(steps):
        price, q, bas = p.step(k)
        cost += q * price * bas * dt
        avg[:, k // days_per] += price / days_per
        qty[:, k // days_per] += q * dt
    return cost, avg, qty


def main_run(n, rng, base):
    """With positions `base` (contracts per month) and the daily book."""
    p = Paths(n, rng)
    cost = np.zeros(n)
    realized = np.zeros((n, months))
    settle = marks(0, p.x, realized, 0)
    pos = base.copy()
    gain = np.zeros(n)
    costs = np.abs(base).sum() * size * half_spread
    balance = initial * (np.abs(pos) * size * settle).sum(axis=1)
    cum_vm, peak, calls, locked = np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n)
    for k in range(steps):
        price, q, bas = p.step(k)
        cost += q * price * bas * dt
        m = k // days_per  # day k + 1 is in month m; months m .. 35 are live today
        realized[:, m] += price
        day = k + 1
        prev = settle[:, m:]
        s = marks(day, p.x, realized, m)[:, m:]
        ending = day == days_per * (m + 1)
        lo, hi = prev * (1 - limit), prev * (1 + limit)
        capped = (s < lo) | (s > hi)
        if ending:
            capped[:, 0] = False  # no limit on a contract's last day
        s = np.where(capped, np.clip(s, lo, hi), s)
        day_gain = (pos[m:] * size * (s - prev)).sum(axis=1)
        settle[:, m:] = s
        if ending:
            pos[m] = 0
        gain += day_gain
        balance += day_gain
        cum_vm += day_gain
        peak = np.maximum(peak, -cum_vm)
        locked += capped.any(axis=1)
        notional = (np.abs(pos) * size * settle).sum(axis=1)
        call = balance < maintenance * notional
        calls += call
        balance = np.where(call, initial * notional, balance)
    return cost, gain, costs, calls, peak, locked


t0 = time.perf_counter()
# Pilot paths: expected consumption per month and the static hedge's gain at h = 1, which telescopes to
# sum_m E[Q_m] (A_m - F_0(m)) whatever the daily path between; h* = Cov(C_U, G) / Var(G).
cu_p, avg_p, qty_p = pilot_run(pilot_paths, np.random.Generator(np.random.Philox(key=2)))
entry = marks(0, np.zeros(1), np.zeros((1, months)), 0)[0]
eq = qty_p.mean(axis=0)
g = (eq * (avg_p - entry)).sum(axis=1)
h = np.cov(cu_p, g)[0, 1] / g.var(ddof=1)
base = np.clip(h * eq / size, -position_limit, position_limit)
t1 = time.perf_counter()
cu, gain, costs, calls, peak, locked = main_run(paths, np.random.Generator(np.random.Philox(key=int(sys.argv[2]) if len(sys.argv) > 2 else 1)), base)
t2 = time.perf_counter()
ch = cu - gain + costs
su, sh = cu.std(ddof=1), ch.std(ddof=1)
secs = t2 - t0
print(f"NumPy hedged (10-hedge): {paths} paths + {pilot_paths} pilot, 1 thread, {secs:.2f} s "
      f"(pilot {t1 - t0:.2f} s), {paths * steps / secs / 1e6:.3f} M path-steps/s")
print(f"  hedge_ratio {h:.4f}  volatility_reduction {1 - sh / su:.4f}  hedge_effectiveness {1 - (sh / su) ** 2:.4f}")
print(f"  mean C_U {cu.mean():.6g}  sd C_U {su:.6g}  mean C_H {ch.mean():.6g}  sd C_H {sh:.6g}")
print(f"  margin_calls {calls.mean():.4f}  peak_variation_margin {peak.mean():.6g}  locked_days {locked.mean():.4f}")
