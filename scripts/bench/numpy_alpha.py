#!/usr/bin/python3
"""Vectorised numpy Krippendorff's alpha beside evalbook's agreement.FromColumns.

Interval and nominal alpha over 1,000,000 ratings (100,000 units x 10 raters,
ratings 1..5 as float64, and as int32 label ids 0..4 for nominal), the data of
BenchmarkColumns in internal/agreement/columns_bench_test.go. The data are not
generated here: TestWriteColumnData writes the very columns the Go benchmark
reads (raw little-endian units.i32, interval.f64, nominal.i32) and Go's alphas
(alpha.txt), so both sides compute on identical input and this script checks
that its alphas equal Go's to 1e-12.

numpy's way (the issue's "three bincounts and a few sums"), per unit u with
m_u ratings:
  interval  D_o = sum_u 2 (m_u S2_u - S1_u^2) / (m_u - 1) from bincounts of
            1, x and x^2 by unit; D_e = 2 (n S2 - S1^2) over pairable values
  nominal   one bincount of unit*L + label gives n_uc; D_o = sum_u (m_u^2 -
            sum_c n_uc^2) / (m_u - 1); D_e = n^2 - sum_c n_c^2
  alpha = 1 - (n - 1) D_o / D_e
The units are read as int32 and widened to numpy's index type (intp) once
at load, outside the timing, since bincount would widen them on every call.
Missing (NaN) values are masked out only when there are any (there are none
in this data), and the values are not centred (Go centres them at their
midrange; ratings 1..5 lose no digits either way).

Usage, from the repository root (Debian python3-numpy; /usr/bin/python3):

    scripts/bench/numpy_alpha.py [--runs 15] [--rounds 3] [--go]

It writes the data with `go test -run TestWriteColumnData` into a temporary
folder, times each alpha --runs times (medians of wall clock,
time.perf_counter, and of process CPU time, time.process_time; Go's
benchmark reports both too, CPU as cpu-ns/op) and, with --go, alternates --rounds rounds of numpy and of
`go test -bench Columns -count 5` so that both see the same load, then prints
the medians and Go / numpy ratios with the load average before and after.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np


def load(d):
    units = np.fromfile(os.path.join(d, "units.i32"), dtype="<i4").astype(np.intp)
    interval = np.fromfile(os.path.join(d, "interval.f64"), dtype="<f8")
    nominal = np.fromfile(os.path.join(d, "nominal.i32"), dtype="<i4")
    want = {}
    with open(os.path.join(d, "alpha.txt")) as f:
        for line in f:
            k, v = line.split()
            want[k] = float(v)
    return units, interval, nominal, want


def interval_alpha(units, x):
    u = units
    if np.isnan(x).any():
        ok = ~np.isnan(x)
        u, x = units[ok], x[ok]
    m = np.bincount(u)
    s1 = np.bincount(u, weights=x)
    s2 = np.bincount(u, weights=x * x)
    p = m >= 2
    m, s1, s2 = m[p], s1[p], s2[p]
    do = np.sum(2 * (m * s2 - s1 * s1) / (m - 1))
    n, S1, S2 = m.sum(), s1.sum(), s2.sum()
    de = 2 * (n * S2 - S1 * S1)
    return 1 - (n - 1) * do / de


def nominal_alpha(units, labels):
    L = int(labels.max()) + 1
    U = int(units.max()) + 1
    nuc = np.bincount(units * L + labels, minlength=U * L).reshape(U, L)
    m = nuc.sum(axis=1)
    p = m >= 2
    nuc, m = nuc[p].astype(np.float64), m[p].astype(np.float64)
    do = np.sum((m * m - (nuc * nuc).sum(axis=1)) / (m - 1))
    nc = nuc.sum(axis=0)
    n = nc.sum()
    de = n * n - np.sum(nc * nc)
    return 1 - (n - 1) * do / de


def timed(f, runs):
    """Median wall and median process CPU time of runs calls of f."""
    wall, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        f()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - t)
    return statistics.median(wall), statistics.median(cpu)


def load_avg():
    return "%.2f" % os.getloadavg()[0]


def go_bench(d, count):
    cmd = ["go", "test", "-run", "XXX", "-bench", "Columns", "-benchmem", "-count", str(count),
           "./internal/agreement/", "-args", "-columndata", d]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    wall, cpu = {}, {}
    for m in re.finditer(r"BenchmarkColumns/(\S+?)-\d+\s+\d+\s+([\d.]+) ns/op\s+([\d.]+) cpu-ns/op", out):
        wall.setdefault(m.group(1), []).append(float(m.group(2)) / 1e9)
        cpu.setdefault(m.group(1), []).append(float(m.group(3)) / 1e9)
    return {k: (statistics.median(wall[k]), statistics.median(cpu[k])) for k in wall}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--go", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        subprocess.run(["go", "test", "-run", "TestWriteColumnData", "-count", "1",
                        "./internal/agreement/", "-args", "-columndata", d], check=True, capture_output=True)
        units, interval, nominal, want = load(d)
        got = {"interval": interval_alpha(units, interval), "nominal": nominal_alpha(units, nominal)}
        for k, v in got.items():
            if abs(v - want[k]) > 1e-12:
                sys.exit("%s alpha: numpy %.17g, Go %.17g" % (k, v, want[k]))
        print("%d ratings; alphas equal to 1e-12: interval %.6f, nominal %.6f" % (len(units), got["interval"], got["nominal"]))
        fns = {"interval": lambda: interval_alpha(units, interval), "nominal": lambda: nominal_alpha(units, nominal)}
        for r in range(args.rounds if args.go else 1):
            before = load_avg()
            py = {k: timed(f, args.runs) for k, f in fns.items()}
            line = "round %d load %s" % (r + 1, before)
            line += "".join("\n  numpy %-12s wall %6.2f ms  cpu %6.2f ms" % (k, w * 1e3, c * 1e3) for k, (w, c) in py.items())
            if args.go:
                g = go_bench(d, 5)
                for k in py:
                    (w, c), (pw, pc) = g[k], py[k]
                    line += "\n  Go    %-12s wall %6.2f ms  cpu %6.2f ms  (Go/numpy: wall %.2f, cpu %.2f)" % (k, w * 1e3, c * 1e3, w / pw, c / pc)
                w, c = g["New/interval"]
                line += "\n  Go    %-12s wall %6.2f ms  cpu %6.2f ms" % ("New/interval", w * 1e3, c * 1e3)
            print(line + "\n  load after %s" % load_avg(), flush=True)


if __name__ == "__main__":
    main()
