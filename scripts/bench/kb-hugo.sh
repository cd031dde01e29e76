#!/usr/bin/env bash
# kb-hugo.sh times evalbook against Hugo on issue 12's knowledge base.
#
#   bash scripts/bench/kb-hugo.sh [WORKDIR]
#
# It writes the benchmark corpus (go run ./cmd/examplegen -bench: 200
# iterations, 100,000 metric rows, 100,000 ratings), adds N case studies
# (default 5,000) of about 2 KB of Markdown each with tags and three
# live-figure shortcodes (scripts/bench/kbgen), and writes the same Markdown
# into a Hugo project whose shortcodes print their arguments (no data) and
# whose tags are a taxonomy. It then builds each RUNS times (default 7)
# into a fresh output folder, alternating the two tools, and prints the
# median wall time, the median CPU time (user + system) and the median
# maximum resident set size of each (GNU time), and the size of evalbook's
# search index, raw and gzipped.
#
# EVALBOOK_SRC names the evalbook source tree to build (default: this
# repository). Needs: go, hugo (apt-get install -y hugo; for this benchmark
# only), GNU time (/usr/bin/time), gzip.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=${1:-$(mktemp -d -t evalbook-kb-XXXXXX)}
src=$(cd "${EVALBOOK_SRC:-$repo}" && pwd)
runs=${RUNS:-7}
n=${N:-5000}
mkdir -p "$work"
work=$(cd "$work" && pwd)

command -v hugo >/dev/null || { echo "kb-hugo: hugo not found (apt-get install -y hugo)" >&2; exit 1; }

echo "== building evalbook from $src; writing both projects in $work"
(cd "$src" && go build -o "$work/evalbook" ./cmd/evalbook)
(cd "$src" && go run ./cmd/examplegen -bench -dir "$work/corpus" >/dev/null)
(cd "$repo" && go run ./scripts/bench/kbgen -corpus "$work/corpus" -hugo "$work/hugo" -n "$n")

eb_cmd="$work/evalbook build --quiet --no-cache --source $work/corpus --output $work/evalbook-out"
hugo_cmd="hugo --quiet --source $work/hugo --destination $work/hugo-out"

# One build of each first: page counts, and the warm file cache.
rm -rf "$work/evalbook-out" "$work/hugo-out"
$eb_cmd
$hugo_cmd
echo "pages: evalbook $(find "$work/evalbook-out" -name '*.html' | wc -l), hugo $(find "$work/hugo-out" -name '*.html' | wc -l)"
index=$(ls "$work"/evalbook-out/search/index.*.js)
echo "search index: $(wc -c <"$index") bytes, $(gzip -9c "$index" | wc -c) gzipped (gzip -9)"

# Each run writes into a fresh folder; the previous output is moved aside,
# not deleted, until all runs are over. Deleting thousands of files just
# before a build makes ext4 scan past the recently freed inodes on every
# file it creates (recently_deleted, for about a minute), which costs
# both tools seconds of system time that a fresh checkout never pays.
aside=0
set_aside() { if [ -e "$1" ]; then aside=$((aside + 1)); mv "$1" "$work/old/$aside"; fi; }

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "== load before timing: $(uptime)"
: >"$work/evalbook.times"
: >"$work/hugo.times"
rm -rf "$work/old"
mkdir -p "$work/old"
for _ in $(seq "$runs"); do
	for name in evalbook hugo; do
		cmd=$eb_cmd
		[ "$name" = hugo ] && cmd=$hugo_cmd
		set_aside "$work/evalbook-out"
		set_aside "$work/hugo-out"
		/usr/bin/time -f '%e %U %S %M' -a -o "$work/$name.times" $cmd
	done
done
echo "== load after timing: $(uptime)"
rm -rf "$work/old"
for name in evalbook hugo; do
	f=$work/$name.times
	printf '%s, median of %s runs: wall %ss, cpu %ss, max RSS %s MB\n' "$name" "$runs" \
		"$(awk '{print $1}' "$f" | median)" "$(awk '{print $2+$3}' "$f" | median)" "$(awk '{print $4/1024}' "$f" | median)"
done
e=$(awk '{print $1}' "$work/evalbook.times" | median)
h=$(awk '{print $1}' "$work/hugo.times" | median)
echo "evalbook / hugo (wall medians): $(awk -v e="$e" -v h="$h" 'BEGIN {printf "%.2f", e/h}')"
echo "results and projects are in $work"
