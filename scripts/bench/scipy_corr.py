#!/usr/bin/python3
"""scipy.stats correlations beside evalbook's internal/correlation.

Computes Pearson's r, Spearman's rho and Kendall's tau-b (scipy.stats
pearsonr, spearmanr, kendalltau) with Fisher-z 95 % intervals (the same
formulas evalbook uses: se 1/sqrt(n-3) for r, Bonett-Wright
sqrt((1+rho^2/2)/(n-3)) for rho, Fieller-Hartley-Pearson sqrt(0.437/(n-4))
for tau) for every pair of 50 metrics x 10 dimensions over 200,000 items,
times it, and checks every figure against evalbook's.

The data are not generated here: the Go test helper TestWriteBenchData in
internal/correlation/bench_test.go writes the very samples BenchmarkMatrix
uses (data.bin: 60 samples of little-endian float64) and evalbook's results
(results.csv), so both sides compute on identical input.

Usage, from the repository root (Debian's python3-scipy; /usr/bin/python3):

    scripts/bench/scipy_corr.py [--runs 3] [--go]

With --go it also runs BenchmarkMatrix (-benchtime 1x, -count equal to
--runs) and prints the ratio of the medians. Timings are wall-clock medians;
scipy runs on one core, Go on GOMAXPROCS cores.
"""

import argparse
import csv
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
from scipy import stats

Z = stats.norm.ppf(0.975)


def write_data(directory):
    """Runs the Go helper that writes data.bin and results.csv."""
    subprocess.run(
        ["go", "test", "./internal/correlation", "-run", "^TestWriteBenchData$",
         "-count", "1", "-benchdata", directory],
        check=True, stdout=subprocess.DEVNULL)


def read_data(directory):
    with open(os.path.join(directory, "results.csv"), newline="") as f:
        rows = csv.reader(f)
        next(rows)
        items, metrics, dims = map(int, next(rows))
        next(rows)
        go = {(int(r[0]), int(r[1])): [float(v) for v in r[2:]] for r in rows}
    data = np.fromfile(os.path.join(directory, "data.bin"), dtype="<f8")
    data = data.reshape(metrics + dims, items)
    return data[:metrics], data[metrics:], go


def fisher(r, n, variance, lost):
    z, se = np.arctanh(r), np.sqrt(variance / (n - lost))
    return [r, np.tanh(z - Z * se), np.tanh(z + Z * se)]


def matrix(metrics, dims):
    n = metrics.shape[1]
    out = {}
    for i, x in enumerate(metrics):
        for j, y in enumerate(dims):
            r = stats.pearsonr(x, y)[0]
            rho = stats.spearmanr(x, y)[0]
            tau = stats.kendalltau(x, y)[0]
            out[i, j] = (fisher(r, n, 1, 3) + fisher(rho, n, 1 + rho * rho / 2, 3)
                         + fisher(tau, n, 0.437, 4))
    return out


def time_go(runs):
    """Returns the median ns/op of BenchmarkMatrix over runs runs, in s."""
    out = subprocess.run(
        ["go", "test", "./internal/correlation", "-run", "^$",
         "-bench", "^BenchmarkMatrix$", "-benchtime", "1x", "-count", str(runs)],
        check=True, capture_output=True, text=True).stdout
    ns = [float(m) for m in re.findall(r"^BenchmarkMatrix\S*\s+\d+\s+([\d.]+) ns/op", out, re.M)]
    if len(ns) != runs:
        sys.exit("could not read the Go benchmark output:\n" + out)
    return statistics.median(ns) / 1e9


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--go", action="store_true", help="also time BenchmarkMatrix")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as d:
        write_data(d)
        metrics, dims, go = read_data(d)
    times, res = [], None
    for _ in range(args.runs):
        t0 = time.perf_counter()
        res = matrix(metrics, dims)
        times.append(time.perf_counter() - t0)
    worst = max(abs(a - b) for k in go for a, b in zip(go[k], res[k]))
    names = ["r", "r low", "r high", "rho", "rho low", "rho high", "tau", "tau low", "tau high"]
    worst_each = {nm: max(abs(go[k][c] - res[k][c]) for k in go) for c, nm in enumerate(names)}
    print(f"data: {metrics.shape[0]} metrics x {dims.shape[0]} dimensions x {metrics.shape[1]} items")
    print(f"scipy {stats.__name__} (scipy {__import__('scipy').__version__}, numpy {np.__version__})")
    print(f"largest difference from evalbook over all {len(go)} pairs: {worst:.3g}")
    print("  by figure: " + ", ".join(f"{k} {v:.2g}" for k, v in worst_each.items()))
    print(f"scipy median of {args.runs}: {statistics.median(times):.2f} s  (runs: "
          + ", ".join(f"{t:.2f}" for t in times) + ")")
    if args.go:
        g = time_go(args.runs)
        print(f"evalbook BenchmarkMatrix median of {args.runs}: {g:.2f} s")
        print(f"scipy / evalbook: {statistics.median(times) / g:.1f}")
    if worst > 1e-9:
        sys.exit("evalbook and scipy disagree")


if __name__ == "__main__":
    main()
