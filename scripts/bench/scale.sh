#!/usr/bin/env bash
# scale.sh writes issue 13's scale projects with `examplegen -scale` and
# builds each once, cold (no cache, no site), under /usr/bin/time -v,
# printing wall time, CPU time (user + system), peak RSS, the size of the
# input CSVs and the load average before and after each build.
#
#   bash scripts/bench/scale.sh [n] [work folder]
#
# n (default 10000000) sizes two projects: "ratings", n ratings (n/1,000
# items rated by 10 raters on 10 interval dimensions in each of 10
# iterations; n/20 metric values come with them), and "values", n metric
# values (n/50 items x 5 metrics x 10 iterations; 1,000 ratings come with
# them). The work folder (default: a new temporary one, removed at the end)
# keeps the projects, sites and full /usr/bin/time reports when named.
# EVALBOOK_SRC times another checkout, as in the other scripts. The sites
# are written to SCALE_OUT (default: the work folder); a site left by an
# earlier run is set aside and deleted only after the timings, since
# deleting a site of thousands of files just before a build makes ext4 scan
# past the freed inodes on every file the build creates (recently_deleted),
# seconds to minutes of system time that are not the build's. To leave the
# disk out of the figures, write to tmpfs: SCALE_OUT=/dev/shm/scale.
set -euo pipefail
n=${1:-10000000}
src=${EVALBOOK_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
if [ -n "${2:-}" ]; then
	work=$2
	mkdir -p "$work"
else
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
fi
(cd "$src" && go build -o "$work/evalbook" ./cmd/evalbook && go build -o "$work/examplegen" ./cmd/examplegen)
load() { cut -d' ' -f1-3 /proc/loadavg; }
out=${SCALE_OUT:-$work}
mkdir -p "$out"
aside=$(mktemp -d "$out/old.XXXXXX")
trap 'rm -rf "$aside"' EXIT
[ -n "${2:-}" ] || trap 'rm -rf "$aside" "$work"' EXIT
field() { sed -n "s/^[[:space:]]*$1: //p" "$2"; }
echo "n=$n  $(nproc) cores  $(go version | cut -d' ' -f3)  commit $(git -C "$src" describe --always --dirty 2>/dev/null || echo "?")"
for kind in ratings values; do
	p=$work/$kind
	if [ "$kind" = ratings ]; then args=(-ratings "$n" -values 0); else args=(-ratings 1000 -values "$n"); fi
	[ -f "$p/config.toml" ] || "$work/examplegen" -scale "${args[@]}" -dir "$p" >/dev/null
	csv=$(du -cb "$p"/data/annotations/*.csv "$p"/data/metrics/*.csv | tail -1 | cut -f1)
	if [ -e "$out/site-$kind" ]; then mv "$out/site-$kind" "$aside/site-$kind"; fi
	rm -rf "$work/cache"
	before=$(load)
	XDG_CACHE_HOME=$work/cache /usr/bin/time -v -o "$work/time-$kind.txt" "$work/evalbook" build --quiet --no-cache --source "$p" --output "$out/site-$kind"
	after=$(load)
	t=$work/time-$kind.txt
	wall=$(field 'Elapsed (wall clock) time (h:mm:ss or m:ss)' "$t")
	cpu=$(awk -v u="$(field 'User time (seconds)' "$t")" -v s="$(field 'System time (seconds)' "$t")" 'BEGIN {printf "%.2f", u + s}')
	rss=$(awk -v k="$(field 'Maximum resident set size (kbytes)' "$t")" 'BEGIN {printf "%.0f", k / 1024}')
	printf '%-8s CSV %6.1f MB  wall %s  CPU %s s  peak RSS %s MiB  load %s -> %s\n' \
		"$kind" "$(awk -v b="$csv" 'BEGIN {print b / 1e6}')" "$wall" "$cpu" "$rss" "$before" "$after"
done
