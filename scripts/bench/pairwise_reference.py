#!/usr/bin/python3
"""numpy/scipy reference for evalbook's internal/pairwise.

Computes, independently of the Go code, what internal/pairwise computes:

- head-to-head win rates per unordered pair of systems (ties half): n,
  wins, ties, the mean score, its standard error (sample SD with n - 1 over
  sqrt(n), pandas' sem, as AlpacaEval) and the discrete win rate;
- Bradley-Terry log-strengths by maximum likelihood, summing to zero, fitted
  with scipy.optimize.minimize (L-BFGS-B on the negative log-likelihood
  over theta[1:] with theta[0] = 0, then centred), and a bootstrap over
  items (numpy multinomial item counts; percentile intervals, rank ranges)
  timed as arena leaderboards compute it;
- the within-item length slope with item-clustered CR1 standard error.

Usage, from the repository root (Debian's python3-numpy and python3-scipy;
/usr/bin/python3):

    scripts/bench/pairwise_reference.py alpaca [DIR]      # AlpacaEval checks
    scripts/bench/pairwise_reference.py small             # the Go tests' small case
    scripts/bench/pairwise_reference.py bench DIR [--resamples 1000] [--runs 3]

`bench` reads DIR/judgements.bin and DIR/go_results.csv, written by
`PAIRWISE_BENCH_DIR=DIR go test -run TestWriteBenchData ./internal/pairwise`
(the very data BenchmarkPairwise uses), checks every win rate and strength
against evalbook's, and times the reference (one core).
"""

import argparse
import csv
import math
import os
import statistics
import sys
import time

import numpy as np
from scipy import optimize


def win_rates(lo, hi, s_hi):
    """Per unordered pair (lo < hi) of systems: figures of the hi side."""
    out = {}
    key = lo.astype(np.int64) * 1_000_000 + hi
    order = np.argsort(key, kind="stable")
    key, s = key[order], s_hi[order]
    bounds = np.flatnonzero(np.diff(key)) + 1
    for part_k, part_s in zip(np.split(key, bounds), np.split(s, bounds)):
        n = len(part_s)
        wins_b = int((part_s > 0.5).sum())
        wins_a = int((part_s < 0.5).sum())
        ties = n - wins_a - wins_b
        mean = part_s.mean()
        se = part_s.std(ddof=1) / math.sqrt(n) if n > 1 else float("nan")
        out[(int(part_k[0] // 1_000_000), int(part_k[0] % 1_000_000))] = (
            n, wins_a, wins_b, ties, mean, se, (wins_b + ties / 2) / n)
    return out


def bt_fit(k, lo, hi, s, n, theta0=None):
    """Maximum-likelihood log-strengths, centred, from per-pair sums."""
    def nll(x):
        th = np.concatenate(([0.0], x))
        d = th[hi] - th[lo]
        ll = s * d - n * np.logaddexp(0, d)          # log P(hi) * s + log P(lo) * (n - s)
        p = 1 / (1 + np.exp(-d))
        g_pair = s - n * p
        grad = np.bincount(hi, g_pair, k) - np.bincount(lo, g_pair, k)
        return -ll.sum(), -grad[1:]
    x0 = np.zeros(k - 1) if theta0 is None else (theta0[1:] - theta0[0])
    r = optimize.minimize(nll, x0, jac=True, method="L-BFGS-B",
                          options={"gtol": 1e-10, "ftol": 1e-15, "maxiter": 10000})
    th = np.concatenate(([0.0], r.x))
    return th - th.mean()


def pair_sums(k, lo, hi, s_hi, weights=None):
    key = lo * k + hi
    n = np.bincount(key, weights, k * k)
    s = np.bincount(key, s_hi if weights is None else s_hi * weights, k * k)
    idx = np.flatnonzero(n)
    return idx // k, idx % k, s[idx], n[idx]


def bootstrap(k, item, lo, hi, s_hi, theta, resamples, seed=1):
    rng = np.random.default_rng(seed)
    units = item.max() + 1
    thetas = np.empty((resamples, k))
    for b in range(resamples):
        w = rng.multinomial(units, np.full(units, 1 / units))[item].astype(float)
        plo, phi, s, n = pair_sums(k, lo, hi, s_hi, w)
        thetas[b] = bt_fit(k, plo, phi, s, n, theta)
    ci = np.percentile(thetas, [2.5, 97.5], axis=0)
    ranks = 1 + (thetas[:, None, :] > thetas[:, :, None]).sum(axis=2)
    return ci, np.percentile(ranks, [2.5, 97.5], axis=0, method="inverted_cdf")


def length_slope(item, y, x):
    """Within-item least-squares slope with CR1 item-clustered SE."""
    _, inv = np.unique(item, return_inverse=True)
    g = inv.max() + 1
    cnt = np.bincount(inv, minlength=g)
    xt = x - (np.bincount(inv, x, g) / cnt)[inv]
    yt = y - (np.bincount(inv, y, g) / cnt)[inv]
    beta = (xt * yt).sum() / (xt * xt).sum()
    e = yt - beta * xt
    meat = (np.bincount(inv, xt * e, g) ** 2).sum()
    n = len(y)
    c = g / (g - 1) * (n - 1) / (n - 1)
    return beta, math.sqrt(c * meat) / (xt * xt).sum()


def alpaca(path):
    rows = list(csv.DictReader(open(os.path.join(path, "preferences.csv"))))
    board = list(csv.DictReader(open(os.path.join(path, "leaderboard.csv"))))
    names = ["gpt4_1106_preview"]
    for r in rows:
        if r["generator"] not in names:
            names.append(r["generator"])
    rows = [r for r in rows if r["preference"] != ""]
    item = np.array([int(r["instruction_id"][2:]) for r in rows])
    hi = np.array([names.index(r["generator"]) for r in rows])
    lo = np.zeros_like(hi)
    p = np.array([float(r["preference"]) - 1 for r in rows])
    chars = np.array([float(r["output_chars"]) for r in rows])
    wr = win_rates(lo, hi, p)
    worst = 0.0
    for b in board:
        n, wa, wb, t, mean, se, disc = wr[(0, names.index(b["generator"]))]
        for got, want in [(100 * mean, b["win_rate"]), (100 * se, b["standard_error"]),
                          (100 * disc, b["discrete_win_rate"]), (wb, b["n_wins"]),
                          (wa, b["n_wins_base"]), (t, b["n_draws"]), (n, b["n_total"])]:
            worst = max(worst, abs(got - float(want)))
    print(f"AlpacaEval: largest difference from leaderboard.csv {worst:.3g}")
    beta, se = length_slope(item, p, chars / 1000)
    print(f"within-item length slope per 1,000 characters: {beta!r} se {se!r}")


def small():
    raw = [(0, 0, 1, 1), (0, 0, 2, 0.5), (0, 1, 3, 0), (0, 2, 3, 0.8),
           (1, 0, 1, 0), (1, 1, 2, 1), (1, 3, 0, 0.3), (1, 2, 3, 0),
           (2, 0, 3, 1), (2, 1, 0, 0.5), (2, 2, 1, 0.1), (2, 3, 2, 1),
           (3, 0, 2, 0), (3, 1, 3, 0.65), (3, 2, 0, 1), (3, 3, 1, 0),
           (4, 0, 1, 0.2), (4, 2, 3, 1), (4, 1, 2, 0.5), (4, 0, 3, 0),
           (5, 3, 0, 1), (5, 1, 2, 0), (5, 0, 2, 0.9), (5, 1, 3, 1)]
    a = np.array([r[1] for r in raw]); b = np.array([r[2] for r in raw])
    p = np.array([r[3] for r in raw], dtype=float)
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    s_hi = np.where(b > a, p, 1 - p)
    theta = bt_fit(4, *pair_sums(4, lo, hi, s_hi))
    print("theta", [repr(float(t)) for t in theta])
    for key, v in sorted(win_rates(lo, hi, s_hi).items()):
        print("pair", key, [repr(float(x)) for x in v])


def read_bench(d):
    raw = np.fromfile(os.path.join(d, "judgements.bin"), dtype=np.dtype(
        [("item", "<i4"), ("rater", "<i4"), ("a", "<i4"), ("b", "<i4"), ("p", "<f8")]))
    a, b, p = raw["a"].astype(np.int64), raw["b"].astype(np.int64), raw["p"]
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    return raw["item"].astype(np.int64), lo, hi, np.where(b > a, p, 1 - p)


def bench(d, resamples, runs):
    item, lo, hi, s_hi = read_bench(d)
    k = int(hi.max()) + 1
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        wr = win_rates(lo, hi, s_hi)
        theta = bt_fit(k, *pair_sums(k, lo, hi, s_hi))
        bootstrap(k, item, lo, hi, s_hi, theta, resamples)
        times.append(time.perf_counter() - t0)
        print(f"run: {times[-1]:.2f} s", flush=True)
    go = list(csv.DictReader(open(os.path.join(d, "go_results.csv"))))
    worst_wr = worst_se = worst_th = 0.0
    for r in go:
        if r["kind"] == "pair":
            n, wa, wb, t, mean, se, disc = wr[(int(r["a"]), int(r["b"]))]
            assert (n, wa, wb, t) == (int(r["n"]), int(r["wins_a"]), int(r["wins_b"]), int(r["ties"])), r
            worst_wr = max(worst_wr, abs(mean - float(r["win_rate_b"])))
            worst_se = max(worst_se, abs(se - float(r["standard_error"])))
        else:
            worst_th = max(worst_th, abs(theta[int(r["a"])] - float(r["strength"])))
    print(f"{len(s_hi):,} judgements, {k} systems, {item.max() + 1:,} items, {resamples} resamples")
    print(f"largest difference from evalbook: win rate {worst_wr:.2g}, standard error {worst_se:.2g}, "
          f"strength {worst_th:.2g}")
    print(f"median of {runs}: {statistics.median(times):.2f} s")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["alpaca", "small", "bench"])
    ap.add_argument("dir", nargs="?", default="../shared/datasets/alpaca_eval")
    ap.add_argument("--resamples", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    if a.what == "alpaca":
        alpaca(a.dir)
    elif a.what == "small":
        small()
    else:
        bench(a.dir, a.resamples, a.runs)


if __name__ == "__main__":
    sys.exit(main())
