#!/usr/bin/env bash
# go-bench.sh runs the Go benchmarks recorded in BENCHMARKS.md, one package
# at a time, and summarises them with benchstat when it is installed
# (go install golang.org/x/perf/cmd/benchstat@latest).
#
#   bash scripts/bench/go-bench.sh [OUTDIR]
#
# EVALBOOK_SRC names the source tree to benchmark (default: this
# repository); COUNT sets -count (default 6). The load average is printed
# before and after each package, since other work on the machine disturbs
# the figures. Raw output goes to OUTDIR/<package>.txt.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
src=$(cd "${EVALBOOK_SRC:-$repo}" && pwd)
out=${1:-$(mktemp -d -t evalbook-gobench-XXXXXX)}
count=${COUNT:-6}
mkdir -p "$out"
out=$(cd "$out" && pwd)

# package and -bench pattern, one pair a line
benches='
internal/build   ^BenchmarkBuild(Example)?$
internal/ingest  ^BenchmarkLoad$
internal/trend   ^BenchmarkAnalyse$
internal/render  ^BenchmarkRender$
internal/chart   .
internal/stats   .
'
benchstat=$(command -v benchstat || true)
[ -z "$benchstat" ] && [ -x "$(go env GOPATH)/bin/benchstat" ] && benchstat=$(go env GOPATH)/bin/benchstat

cd "$src"
echo "source: $src ($(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo 'not a git tree'))"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-), $(go version)"
rm -f "$out"/*.txt
while read -r pkg pattern; do
	[ -z "$pkg" ] && continue
	name=$(basename "$pkg")
	echo "== $pkg  load before: $(uptime | sed 's/.*load average: //')"
	go test -run '^$' -bench "$pattern" -benchmem -count "$count" "./$pkg" | tee "$out/$name.txt" | grep -E '^(Benchmark|ok|FAIL)' || true
	echo "== $pkg  load after:  $(uptime | sed 's/.*load average: //')"
done <<<"$benches"

if [ -n "$benchstat" ]; then
	cat "$out"/*.txt >"$out/all.txt"
	"$benchstat" "$out/all.txt" | tee "$out/benchstat.txt"
else
	echo "benchstat not installed; raw results are in $out" >&2
fi
