#!/usr/bin/env bash
# update-echarts.sh refreshes the vendored ECharts files from the npm registry.
#
# Usage: scripts/update-echarts.sh [VERSION]
#
# VERSION is an exact release such as 5.6.0; it defaults to PINNED below. The
# script (through scripts/vendor-npm.sh) downloads the echarts package tarball with `npm pack`, checks it
# against the integrity hash the registry publishes (`npm view ... dist.integrity`),
# and copies exactly three files, unmodified, into templates/assets/vendor/:
#
#	package/dist/echarts.min.js  -> echarts.min.js
#	package/LICENSE              -> echarts.LICENSE.txt
#	package/NOTICE               -> echarts.NOTICE.txt
#
# It then prints, for each file, whether it was added, changed or unchanged.
# go-echarts is written against ECharts 5, so stay on 5.x. After moving to a
# new version, update PINNED so the next refresh is reproducible.
set -euo pipefail

PINNED=5.6.0
exec "$(dirname "${BASH_SOURCE[0]}")/vendor-npm.sh" echarts "${1:-$PINNED}" "$PINNED" \
	dist/echarts.min.js=echarts.min.js \
	LICENSE=echarts.LICENSE.txt \
	NOTICE=echarts.NOTICE.txt
