#!/usr/bin/python3
"""Krippendorff's alpha in nltk beside evalbook's internal/agreement.

Computes interval alpha of one benchmark dimension (10,000 items x 10 raters,
integer ratings 1..5, the data of BenchmarkAlphaInterval in
internal/agreement/bench_test.go) with nltk.metrics.agreement.AnnotationTask
and interval_distance, times it, and checks that the value equals evalbook's.

The data are not generated here: the Go test helper TestWriteBenchData writes
the very ratings the Go benchmark uses (ratings.csv) and evalbook's alpha of
them (alpha.txt), so both sides compute on identical input.

Usage, from the repository root (Debian's python3-nltk; /usr/bin/python3):

    scripts/bench/nltk_alpha.py [--runs 5] [--go]

With --go it also runs `go test -bench AlphaInterval` (New plus interval
alpha, the same work) with -count equal to --runs and prints the ratio of
the medians. Timings are wall-clock medians; nltk's figure is split into
loading the ratings into an AnnotationTask and computing alpha.
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

from nltk.metrics.agreement import AnnotationTask
from nltk.metrics.distance import interval_distance


def write_data(directory):
    """Runs the Go helper that writes ratings.csv and alpha.txt."""
    subprocess.run(
        ["go", "test", "./internal/agreement", "-run", "^TestWriteBenchData$",
         "-count", "1", "-benchdata", directory],
        check=True, stdout=subprocess.DEVNULL)


def read_ratings(path):
    with open(path, newline="") as f:
        rows = csv.reader(f)
        next(rows)
        return [(coder, item, float(value)) for coder, item, value in rows]


def time_nltk(ratings, runs):
    load, compute, alpha = [], [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        task = AnnotationTask(data=ratings, distance=interval_distance)
        t1 = time.perf_counter()
        alpha = task.alpha()
        t2 = time.perf_counter()
        load.append(t1 - t0)
        compute.append(t2 - t1)
    return alpha, statistics.median(load), statistics.median(compute), \
        statistics.median(l + c for l, c in zip(load, compute))


def time_go(runs):
    """Returns the median ns/op of BenchmarkAlphaInterval over runs runs."""
    out = subprocess.run(
        ["go", "test", "./internal/agreement", "-run", "^$",
         "-bench", "^BenchmarkAlphaInterval$", "-benchmem",
         "-count", str(runs)],
        check=True, capture_output=True, text=True).stdout
    ns = [float(m) for m in re.findall(r"^BenchmarkAlphaInterval\S*\s+\d+\s+([\d.]+) ns/op", out, re.M)]
    if len(ns) != runs:
        sys.exit("could not read the Go benchmark output:\n" + out)
    return statistics.median(ns) / 1e9


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs (median reported)")
    parser.add_argument("--go", action="store_true", help="also run the Go benchmark and print the ratio")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as d:
        write_data(d)
        ratings = read_ratings(os.path.join(d, "ratings.csv"))
        with open(os.path.join(d, "alpha.txt")) as f:
            ours = float(f.read())

    alpha, load, compute, total = time_nltk(ratings, args.runs)
    print(f"ratings: {len(ratings)} ({len({i for _, i, _ in ratings})} items x "
          f"{len({c for c, _, _ in ratings})} raters)")
    print(f"nltk interval alpha:     {alpha:.15f}")
    print(f"evalbook interval alpha: {ours:.15f}")
    if abs(alpha - ours) > 1e-9 * max(1.0, abs(ours)):
        sys.exit("MISMATCH: nltk and evalbook disagree")
    print("values agree to 1e-9")
    print(f"nltk median of {args.runs}: load {load:.3f} s + alpha {compute:.3f} s = {total:.3f} s")
    if args.go:
        go = time_go(args.runs)
        print(f"evalbook median of {args.runs} (New + Alpha(Interval)): {go * 1e3:.2f} ms")
        print(f"ratio nltk / evalbook: {total / go:.0f}x")


if __name__ == "__main__":
    main()
