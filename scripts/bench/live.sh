#!/usr/bin/env bash
# live.sh measures issue 11's live-preview targets on the live corpus
# (go run ./cmd/examplegen -live: 10 iterations, 1,000,000 metric values,
# 1,000,000 ratings, 5,000 case studies), written to a temporary folder:
#
#   1. `evalbook serve` on it: the resident memory (VmRSS, and the peak
#      VmHWM) after the first build and at the end;
#   2. save-to-reload: RUNS appends to one case study's prose, each timed
#      from the write to the "build" event on /_evalbook/reload
#      (scripts/bench/savereload), median printed, and serve's CPU
#      time (user+sys, from /proc) over them;
#   3. adding one annotation file of 10,000 ratings (1,000 items x 10 new
#      raters) to one dimension (dim03, iteration it10): time to the event
#      and what the rebuild redid (serve's "redone" line), and serve's
#      CPU time to the event and with the 5 s after it;
#   4. `evalbook build` cold (no cache folder, no site) against a second
#      build with nothing changed, BUILDS times each, medians of the wall
#      times and of the CPU times (user+sys, from /usr/bin/time).
#
#   bash scripts/bench/live.sh [runs] [builds]    # default 9 saves, 3 builds
#   BUILDS_ONLY=1 bash scripts/bench/live.sh 0 3  # step 4 alone
set -euo pipefail
runs=${1:-9}
builds=${2:-3}
src=${EVALBOOK_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
work=$(mktemp -d)
port=${PORT:-18313}
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
# The Go build cache stays where it was: under the new XDG_CACHE_HOME the
# builds below would compile everything from nothing (minutes under load).
export GOCACHE=${GOCACHE:-$(go env GOCACHE)}
export XDG_CACHE_HOME=$work/cache
(cd "$src" && go build -o "$work/evalbook" ./cmd/evalbook && go build -o "$work/savereload" ./scripts/bench/savereload &&
	go run ./cmd/examplegen -live -dir "$work/corpus" >/dev/null)
eb=$work/evalbook
corpus=$work/corpus
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ -z "${BUILDS_ONLY:-}" ]; then
# 1-3: serve.
$eb serve --source "$corpus" --port "$port" >"$work/serve.log" 2>&1 &
pid=$!
until grep -q '^built\|^build failed' "$work/serve.log"; do sleep 1; done
head -1 "$work/serve.log"
rss() { grep -E 'VmRSS|VmHWM' /proc/"$pid"/status | tr -s ' \t' ' ' | paste -sd' '; }
echo "serve after the first build: $(rss)"
# cpu prints serve's CPU time (user+sys) so far, in ms.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%d", 1000 * ($14 + $15) / hz}' /proc/"$pid"/stat; }
sleep 5 # let the first build's idle work end
c0=$(cpu)
"$work/savereload" -url "http://127.0.0.1:$port/" -edit "$corpus/casestudies/cs-0001.md" -runs "$runs"
sleep 2
c1=$(cpu)
echo "serve CPU over the $runs saves: $((c1 - c0)) ms, $(((c1 - c0) / (runs > 0 ? runs : 1))) ms a save"
awk -F, 'NR > 1 && $3 == "dim03" && !seen[$1]++ { print $1 }' "$corpus/data/annotations/it10.csv" | head -1000 >"$work/items"
{
	echo "item,rater,dimension,value,iteration"
	awk '{ for (r = 1; r <= 10; r++) printf "%s,late%02d,dim03,%d,it10\n", $1, r, 1 + (NR * 7 + r * 3) % 5 }' "$work/items"
} >"$work/late.csv"
echo "annotation file: $(($(wc -l <"$work/late.csv") - 1)) ratings"
"$work/savereload" -url "http://127.0.0.1:$port/" -runs 0 -add "$corpus/data/annotations/zz-late.csv=$work/late.csv"
c2=$(cpu)
sleep 5
echo "serve CPU for the annotation file: $((c2 - c1)) ms to the event, $(($(cpu) - c1)) ms with 5 s after it"
echo "serve at the end: $(rss)"
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
rm -f "$corpus/data/annotations/zz-late.csv"
fi

# 4: build, cold and again.
# ms runs a command and prints its wall and CPU (user+sys) milliseconds.
ms() {
	local s=$(date +%s%N)
	/usr/bin/time -f '%U %S' -o "$work/cpu" "$@" >/dev/null 2>&1
	echo "$(( ($(date +%s%N) - s) / 1000000 )) $(awk '{printf "%d", 1000 * ($1 + $2)}' "$work/cpu")"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
cold=() warm=() coldcpu=() warmcpu=()
for _ in $(seq "$builds"); do
	rm -rf "$work/out" "$XDG_CACHE_HOME"
	read -r w c < <(ms $eb build --quiet --source "$corpus" --output "$work/out")
	cold+=("$w") coldcpu+=("$c")
	read -r w c < <(ms $eb build --quiet --source "$corpus" --output "$work/out")
	warm+=("$w") warmcpu+=("$c")
done
c=$(printf '%s\n' "${cold[@]}" | median)
w=$(printf '%s\n' "${warm[@]}" | median)
cc=$(printf '%s\n' "${coldcpu[@]}" | median)
wc=$(printf '%s\n' "${warmcpu[@]}" | median)
echo "cold build (no cache, no site):  median ${c} ms wall over $builds runs: ${cold[*]}"
echo "                                 median ${cc} ms CPU: ${coldcpu[*]}"
echo "second build, nothing changed:   median ${w} ms wall over $builds runs: ${warm[*]}"
echo "                                 median ${wc} ms CPU: ${warmcpu[*]}"
awk -v c="$c" -v w="$w" -v cc="$cc" -v wc="$wc" 'BEGIN {printf "second / cold: %.1f%% wall, %.1f%% CPU\n", 100*w/c, 100*wc/cc}'
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
