#!/usr/bin/env bash
# fuzz.sh runs every fuzz target of the module, one after another, each for
# the same time.
#
# Usage: scripts/fuzz.sh [SECONDS] [PATTERN]
#
# SECONDS is each target's time (default 60; issue 14 asks for 600 before a
# release). PATTERN, a grep -E pattern, picks targets by "package Name"
# (default: all). FUZZ_PARALLEL sets go test's -parallel (default 1, so a
# run leaves the other core of a shared machine free); FUZZ_MINIMIZE its
# -fuzzminimizetime (default 10s: go test's own 60s lets the minimising of
# one new input eat a whole short run, which shows as "execs: 0/sec").
#
# A target that finds a failing input stops; go test writes the input to the
# package's testdata/fuzz/<Target>/, where plain `go test` runs it from then
# on as a regression case: commit it with the fix. The script lists every
# target's result and exits 1 if any failed.
set -uo pipefail

secs=${1:-60}
pattern=${2:-.}
parallel=${FUZZ_PARALLEL:-1}
minimize=${FUZZ_MINIMIZE:-10s}
cd "$(dirname "${BASH_SOURCE[0]}")/.."

targets=$(grep -rl --include='*_test.go' '^func Fuzz' internal cmd |
	while read -r file; do
		pkg=./$(dirname "$file")
		grep -o '^func Fuzz[A-Za-z0-9_]*' "$file" | sed "s|^func |$pkg |"
	done | sort | grep -E -- "$pattern")

failed=0
while read -r pkg name; do
	[ -n "$name" ] || continue
	start=$(date +%s)
	if out=$(go test -run '^$' -fuzz "^${name}\$" -fuzztime "${secs}s" -fuzzminimizetime "$minimize" -parallel "$parallel" "$pkg" 2>&1); then
		execs=$(printf '%s\n' "$out" | grep -o 'execs: [0-9]*' | tail -1)
		printf 'ok    %-28s %-22s %4ss  %s\n' "$pkg" "$name" "$(($(date +%s) - start))" "$execs"
	else
		failed=1
		printf 'FAIL  %-28s %-22s\n' "$pkg" "$name"
		printf '%s\n' "$out" | tail -20 | sed 's/^/      /'
	fi
done <<<"$targets"
exit $failed
