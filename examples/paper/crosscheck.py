#!/usr/bin/env python3
"""Checks crosscheck.sit's results (sitc run --format json, on stdin or as the first argument) against closed
forms computed here, independently of sitc. Exits 1 if any check is off by more than 4 standard errors."""
import json
import math
import sys

K = 4.0
rows = {r["statistic"]: r for r in json.load(open(sys.argv[1]) if len(sys.argv) > 1 else sys.stdin)["results"]}
failed = 0


def check(name, value, expected, se):
    global failed
    z = (value - expected) / se if se > 0 else (0.0 if value == expected else float("inf"))
    ok = abs(z) <= K
    failed += not ok
    print(f"{'ok  ' if ok else 'FAIL'} {name}: {value:.8g} vs {expected:.8g} (se {se:.3g}, z = {z:+.2f})")


def stat(name):
    r = rows[name]
    return float(r["value"]), float(r["se"])


# The shared MRJD: ln S_t = x_t + ln s0 reverts to theta = ln(level / s0) (docs/finance.md section 3).
s0, level, kappa, sigma = 1.50, 1.00, 4.0, 0.4
theta = math.log(level)           # in ln(USD/Mtok)


def log_moments(t, lam=0.0, mu_j=0.0, sig_j=0.0):
    a = math.exp(-kappa * t)
    mean = theta + (math.log(s0) - theta) * a + lam * mu_j * (1 - a) / kappa
    var = (sigma ** 2 + lam * (mu_j ** 2 + sig_j ** 2)) * (1 - a * a) / (2 * kappa)
    return mean, var


if "mean(log(TPI / (1 USD/Mtok)))" in rows:
    mean, var = log_moments(3.0, 3.0, 0.2, 0.1)
    value, se = stat("mean(log(TPI / (1 USD/Mtok)))")
    check("E[ln S_T]", value, mean, se)
    value, se = stat("variance(log(TPI / (1 USD/Mtok)))")
    check("Var[ln S_T]", value, var, se)

if "model_entry: per_period[1] entry price" in rows:
    dt = 1 / 360
    for m in range(1, 7):
        # F_0(m) = E[(1/30) sum of S_d over the month's days d], S_d lognormal with the closed-form moments.
        days = range(30 * (m - 1) + 1, 30 * m + 1)
        fwd = sum(math.exp(mu + v / 2) for mu, v in (log_moments(d * dt) for d in days)) / 30
        model = stat(f"model_entry: per_period[{m}] entry price")[0]
        pilot = stat(f"pilot_entry: per_period[{m}] entry price")[0]
        settle, settle_se = stat(f"pilot_entry: per_period[{m}] settlement")
        check(f"F_0({m}) from mrjd's forward vs closed form", model, fwd, 1e-12 * fwd)
        # The pilot calibration is a mean over independent pilot paths, as noisy as the settlement mean.
        check(f"F_0({m}) from pilot paths vs closed form", pilot, fwd, settle_se)
    vc = stat("model_entry: variance(cost_unhedged)")[0]
    vg = stat("model_entry: variance(hedge_gain)")[0]
    vd = stat("model_entry: variance(cost_unhedged - hedge_gain)")[0]
    h_main = (vc + vg - vd) / (2 * vg)
    h_pilot, h_se = stat("optimal: hedge_ratio")
    # Two independent estimates with about the same standard error.
    check("h* on pilot paths vs Cov(C,G)/Var(G) on the main paths", h_pilot, h_main, h_se * math.sqrt(2))

sys.exit(1 if failed else 0)
