"""Expected values for the specs of optimal-block-length and sharpe-difference-test, from independent numpy code.

Run with Debian's interpreter (python3-numpy): /usr/bin/python3 libs/stats/src/reference_values.py
It rebuilds the seeded series of reference-series.ts bit for bit (mulberry32 and Irwin-Hall noise use exact
arithmetic only) and prints one JSON line of expected values (repr precision) that the specs copy.

- block_length(): the conventions of arch.bootstrap.optimal_block_length (arch 7/8, _single_optimal_block),
  re-implemented; the `arch` package is not in Debian, so it could not be run here.
- sharpe_hac(): Ledoit & Wolf (2008), following Michael Wolf's R code (hac.inference -> compute.se.Parzen ->
  compute.Psi.hat, compute.alpha.hat with ar(x, 0, 1, method = "ols"), compute.Gamma.hat, kernel.Parzen), written
  out literally with the 4 x 4 matrices (the TypeScript projects onto the gradient first), and the AR(1) fits done
  by least squares on (1, x_{t-1}) as R's ar.ols does (var.pred = RSS / (T - 1)).
"""
import json
import math
import sys

import numpy as np

M32 = 0xFFFFFFFF


def mulberry32(seed):
    """@ares/random's seededRandom: the same uniforms k / 2^32, computed modulo 2^32."""
    state = seed & M32

    def imul(a, b):
        return (a * b) & M32

    def draw():
        nonlocal state
        state = (state + 0x6D2B79F5) & M32
        t = state
        t = imul(t ^ (t >> 15), t | 1)
        t = (t ^ ((t + imul(t ^ (t >> 7), t | 61)) & M32)) & M32
        return ((t ^ (t >> 14)) & M32) / 4294967296

    return draw


def irwin_hall(count, seed):
    draw = mulberry32(seed)
    out = np.empty(count)
    for i in range(count):
        s = 0.0
        for _ in range(12):
            s += draw()
        out[i] = s - 6
    return out


def ar1(count, phi, seed):
    e = irwin_hall(count, seed)
    x = np.empty(count)
    prev = 0.0
    for t in range(count):
        prev = phi * prev + e[t]
        x[t] = prev
    return x


def return_pair(count, seed):
    e = irwin_hall(count, seed)
    f = irwin_hall(count, seed + 1)
    a = np.empty(count)
    b = np.empty(count)
    for t in range(count):
        e_prev = e[t - 1] if t > 0 else 0.0
        f_prev = f[t - 1] if t > 0 else 0.0
        a[t] = 0.0006 + 0.01 * (1 + 0.5 * abs(e_prev)) * e[t]
        b[t] = 0.0002 + 0.5 * (a[t] - 0.0006) + 0.008 * (f[t] + 0.4 * f_prev)
    return a, b


def block_length(x):
    """Politis & White (2004) / Patton, Politis & White (2009) with arch's conventions (see the TS doc comment)."""
    n = len(x)
    eps = x - x.mean()
    b_max = math.ceil(min(3 * math.sqrt(n), n / 3))
    kn = max(5, int(math.log10(n)))
    m_max = math.ceil(math.sqrt(n)) + kn
    band = 2 * math.sqrt(math.log10(n) / n)
    lags = np.arange(m_max + 1)
    cross = np.array([eps[k:] @ eps[: n - k] for k in lags])
    acv = cross / n
    with np.errstate(divide="ignore", invalid="ignore"):
        # arch's sums of squares cover eps[k+1:] and eps[:n-k-1] (one term fewer than the cross product).
        ss1 = np.array([np.sum(eps[k + 1 :] ** 2) for k in lags])
        ss2 = np.array([np.sum(eps[: max(n - k - 1, 0)] ** 2) for k in lags])
        rho = np.abs(cross) / np.sqrt(ss1 * ss2)
    inside = rho < band
    opt_m = None
    for start in range(0, m_max - kn + 1):
        if inside[start : start + kn].all():
            opt_m = start
            break
    m = min(2 * max(opt_m, 1), m_max) if opt_m is not None else m_max
    k = np.arange(1, m + 1)
    lam = np.where(k / m <= 0.5, 1.0, 2 * (1 - k / m))
    g = np.sum(2 * lam * k * acv[1 : m + 1])
    long_run = acv[0] + np.sum(2 * lam * acv[1 : m + 1])
    out = {}
    for name, c in (("stationary", 2.0), ("circular", 4 / 3)):
        d = c * long_run**2
        out[name] = min((2 * g**2 / d) ** (1 / 3) * n ** (1 / 3), b_max)
    out["m"] = m
    out["bMax"] = b_max
    return out


def parzen(x):
    a = abs(x)
    if a <= 0.5:
        return 1 - 6 * a**2 + 6 * a**3
    if a <= 1:
        return 2 * (1 - a) ** 3
    return 0.0


def ar1_ols(x):
    """R's ar.ols(x, aic = FALSE, order.max = 1): demean, regress x_t on (1, x_{t-1}), var.pred = RSS / N."""
    x = x - x.mean()
    y = x[1:]
    design = np.column_stack([np.ones(len(y)), x[:-1]])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    resid = y - design @ coef
    return coef[1], resid @ resid / len(y)


def sharpe_hac(r1, r2):
    T = len(r1)
    mu1, mu2 = r1.mean(), r2.mean()
    g1, g2 = np.mean(r1**2), np.mean(r2**2)
    diff = mu1 / np.std(r1, ddof=1) - mu2 / np.std(r2, ddof=1)
    grad = np.array(
        [
            g1 / (g1 - mu1**2) ** 1.5,
            -g2 / (g2 - mu2**2) ** 1.5,
            -0.5 * mu1 / (g1 - mu1**2) ** 1.5,
            0.5 * mu2 / (g2 - mu2**2) ** 1.5,
        ]
    )
    V = np.column_stack([r1 - mu1, r2 - mu2, r1**2 - g1, r2**2 - g2])
    num = den = 0.0
    for i in range(4):
        rho, sig2 = ar1_ols(V[:, i])
        num += 4 * rho**2 * sig2**2 / (1 - rho) ** 8
        den += sig2**2 / (1 - rho) ** 4
    alpha = num / den
    s_star = 2.6614 * (alpha * T) ** 0.2
    psi = V.T @ V / T
    j = 1
    while j < s_star and j < T:
        gamma = V[j:].T @ V[: T - j] / T
        psi = psi + parzen(j / s_star) * (gamma + gamma.T)
        j += 1
    psi = T / (T - 4) * psi
    se = math.sqrt(grad @ psi @ grad / T)
    p = math.erfc(abs(diff) / se / math.sqrt(2))
    return {"difference": diff, "standardError": se, "pValue": p, "bandwidth": s_star, "alpha": alpha}


def main():
    out = {
        "ar1Phi05N1000Seed7": block_length(ar1(1000, 0.5, 7)),
        "whiteNoiseN1000Seed11": block_length(irwin_hall(1000, 11)),
        "randomWalkN200Seed3": block_length(ar1(200, 1.0, 3)),
        "overdifferencedNoiseN1000Seed17": block_length(np.diff(irwin_hall(1001, 17))),
        "ar1Phi05N8Seed13": block_length(ar1(8, 0.5, 13)),
    }
    a, b = return_pair(1000, 42)
    out["pairT1000Seed42"] = sharpe_hac(a, b)
    out["pairT1000Seed42Negated"] = sharpe_hac(a, -a)
    a, b = return_pair(60, 9)
    out["pairT60Seed9"] = sharpe_hac(a, b)
    # Short and persistent: S* > T - 1, so every lag up to T - 1 enters (where Wolf's compute.Gamma.hat would stop).
    out["persistentT8Seed2"] = sharpe_hac(0.01 * ar1(8, 0.9, 2) + 0.001, 0.01 * irwin_hall(8, 102))
    json.dump(out, sys.stdout)
    print()


if __name__ == "__main__":
    main()
