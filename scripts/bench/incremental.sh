#!/usr/bin/env bash
# incremental.sh times `evalbook build` on the benchmark corpus cold (no
# cache, no site) and again with nothing changed (the cache and the site of
# the previous build in place), and prints the medians.
#
#   bash scripts/bench/incremental.sh [runs]     # default 15 runs each
set -euo pipefail
runs=${1:-15}
src=${EVALBOOK_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME=$work/cache
(cd "$src" && go build -o "$work/evalbook" ./cmd/evalbook && go run ./cmd/examplegen -bench -dir "$work/corpus" >/dev/null)
eb=$work/evalbook
ms() { local s=$(date +%s%N); "$@" >/dev/null 2>&1; echo $(( ($(date +%s%N) - s) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
cold=() warm=()
for _ in 1 2; do # warm-up
	rm -rf "$work/out" "$XDG_CACHE_HOME"; $eb build --quiet --source "$work/corpus" --output "$work/out"
done
for _ in $(seq "$runs"); do
	rm -rf "$work/out" "$XDG_CACHE_HOME"
	cold+=("$(ms $eb build --quiet --source "$work/corpus" --output "$work/out")")
	warm+=("$(ms $eb build --quiet --source "$work/corpus" --output "$work/out")")
done
c=$(printf '%s\n' "${cold[@]}" | median)
w=$(printf '%s\n' "${warm[@]}" | median)
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "cold build (no cache, no site):      median ${c} ms over $runs runs: ${cold[*]}"
echo "second build, nothing changed:       median ${w} ms over $runs runs: ${warm[*]}"
awk -v c="$c" -v w="$w" 'BEGIN {printf "second / cold: %.0f%%\n", 100*w/c}'
