#!/usr/bin/env bash
# hugo-baseline.sh times evalbook against Hugo on the same pages.
#
#   bash scripts/bench/hugo-baseline.sh [WORKDIR]
#
# EVALBOOK_SRC names the evalbook source tree to build and time (default:
# this repository); point it at a `git archive` of a commit to time that
# commit while the work tree is being edited.
# It writes the benchmark corpus (go run ./cmd/examplegen -bench), builds it
# with evalbook, and turns that site into an equivalent Hugo project
# (scripts/bench/hugoconv): one Markdown content file per HTML page evalbook
# wrote, with the same tables as Markdown tables, the chart containers and
# scripts as raw HTML, the same assets and JSON files as static files, and
# one baseof template with the same head, navigation and footer. It then
# times `evalbook build` and `hugo` on that corpus (hyperfine medians over
# RUNS runs, default 10, or a loop with /usr/bin/time when hyperfine is
# missing), each writing a fresh output folder, and records the maximum
# resident set size of one build of each with /usr/bin/time -v.
#
# What differs: Hugo gets every number precomputed and only renders
# Markdown into a template; evalbook reads 100,000 metric rows and 100,000
# ratings from CSV, computes 1,000-resample bootstrap intervals for every
# metric, slice and dimension per iteration, draws the charts, and renders
# the pages and the JSON API. Hugo also does work evalbook does not
# (Markdown parsing of 216 files, its page graph); both write ~216 pages.
#
# Needs: go, hugo (apt-get install -y hugo), optionally hyperfine
# (apt-get install -y hyperfine) and GNU time (/usr/bin/time).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=${1:-$(mktemp -d -t evalbook-hugo-XXXXXX)}
src=$(cd "${EVALBOOK_SRC:-$repo}" && pwd)
runs=${RUNS:-10}
mkdir -p "$work"
work=$(cd "$work" && pwd)
corpus=$work/corpus
hugo_dir=$work/hugo
evalbook=$work/evalbook

command -v hugo >/dev/null || { echo "hugo-baseline: hugo not found (apt-get install -y hugo)" >&2; exit 1; }

echo "== building evalbook from $src and the corpus in $work"
(cd "$src" && go build -o "$evalbook" ./cmd/evalbook)
(cd "$src" && go run ./cmd/examplegen -bench -dir "$corpus")
"$evalbook" build --quiet --source "$corpus" --output "$work/evalbook-site"

echo "== writing the Hugo project in $hugo_dir"
rm -rf "$hugo_dir"
mkdir -p "$hugo_dir/layouts/_default" "$hugo_dir/static"
(cd "$repo" && go run ./scripts/bench/hugoconv -site "$work/evalbook-site" -out "$hugo_dir/content")
cp -r "$work/evalbook-site/assets" "$work/evalbook-site/api" "$hugo_dir/static/"
css=$(cd "$hugo_dir/static" && ls assets/style.*.css)
js=$(cd "$hugo_dir/static" && ls assets/vendor/echarts*.js)

cat >"$hugo_dir/hugo.toml" <<TOML
title = "evalbook benchmark corpus"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "home", "section", "404"]
[params]
css = "$css"
js = "$js"
[markup.goldmark.renderer]
unsafe = true
TOML

cat >"$hugo_dir/layouts/_default/baseof.html" <<'HTML'
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }}</title>
<meta name="description" content="Synthetic: 200 iterations, 100,000 metric rows, 100,000 ratings.">
<link rel="stylesheet" href="/{{ .Site.Params.css }}">
<script src="/{{ .Site.Params.js }}"></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site">
<div class="bar">
<a class="brand" href="/index.html">{{ .Site.Title }}</a>
<nav aria-label="Site">
<ul>
<li><a href="/index.html">Dashboard</a></li>
<li><a href="/iterations/index.html">Iterations</a></li>
<li><a href="/metrics/index.html">Metrics</a></li>
<li><a href="/dimensions/index.html">Human ratings</a></li>
<li><a href="/casestudies/index.html">Case studies</a></li>
<li><a href="/decisions/index.html">Decisions</a></li>
</ul>
</nav>
</div>
</header>
<main id="main">
{{ block "main" . }}{{ end }}
</main>
<footer class="site">
<p>{{ .Site.Title }} · built with Hugo · <a href="/api/metrics.json">metrics.json</a> · <a href="/api/annotations.json">annotations.json</a></p>
</footer>
</body>
</html>
HTML

cat >"$hugo_dir/layouts/_default/single.html" <<'HTML'
{{ define "main" }}{{ .Content }}{{ end }}
HTML

# One build of each, checked for the same number of pages.
rm -rf "$work/hugo-site"
hugo --quiet --source "$hugo_dir" --destination "$work/hugo-site"
eb_pages=$(find "$work/evalbook-site" -name '*.html' | wc -l)
hugo_pages=$(find "$work/hugo-site" -name '*.html' | wc -l)
echo "pages: evalbook $eb_pages, hugo $hugo_pages"
echo "bytes: evalbook $(du -sb "$work/evalbook-site" | cut -f1), hugo $(du -sb "$work/hugo-site" | cut -f1)"
if [ "$eb_pages" -ne "$hugo_pages" ]; then
	echo "hugo-baseline: page counts differ" >&2
	exit 1
fi

eb_cmd="$evalbook build --quiet --source $corpus --output $work/evalbook-out"
hugo_cmd="hugo --quiet --source $hugo_dir --destination $work/hugo-out"
echo "== load before timing: $(uptime)"
if command -v hyperfine >/dev/null; then
	hyperfine --warmup 2 --runs "$runs" \
		--prepare "rm -rf $work/evalbook-out $work/hugo-out" \
		--export-markdown "$work/hyperfine.md" --export-json "$work/hyperfine.json" \
		-n evalbook "$eb_cmd" -n hugo "$hugo_cmd"
	# Medians, which hyperfine's summary does not print.
	for name in evalbook hugo; do
		printf '%s median: ' "$name"
		grep -A12 "\"command\": \"$name\"" "$work/hyperfine.json" | grep '"median"' | tr -d ' ,' | cut -d: -f2
	done
else
	for name in evalbook hugo; do
		cmd=$eb_cmd
		[ "$name" = hugo ] && cmd=$hugo_cmd
		: >"$work/$name.times"
		for _ in $(seq "$runs"); do
			rm -rf "$work/evalbook-out" "$work/hugo-out"
			/usr/bin/time -f %e -a -o "$work/$name.times" $cmd
		done
		printf '%s median of %s runs: %ss\n' "$name" "$runs" "$(sort -n "$work/$name.times" | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')"
	done
fi
echo "== load after timing: $(uptime)"

echo "== maximum resident set size"
for name in evalbook hugo; do
	cmd=$eb_cmd
	[ "$name" = hugo ] && cmd=$hugo_cmd
	rm -rf "$work/evalbook-out" "$work/hugo-out"
	/usr/bin/time -v $cmd 2>"$work/$name.rss"
	printf '%s: %s\n' "$name" "$(grep 'Maximum resident' "$work/$name.rss")"
done
echo "results and projects are in $work"
