#!/usr/bin/env bash
# update-minisearch.sh refreshes the vendored MiniSearch files from the npm
# registry. MiniSearch searches the site's index in the browser (search.html).
#
# Usage: scripts/update-minisearch.sh [VERSION]
#
# VERSION is an exact release such as 7.2.0; it defaults to PINNED below. The
# script (through scripts/vendor-npm.sh) downloads the minisearch package tarball with `npm pack`, checks it
# against the integrity hash the registry publishes (`npm view ... dist.integrity`),
# and copies exactly two files, unmodified, into templates/assets/vendor/:
#
#	package/dist/umd/index.js  -> minisearch.js (the UMD build: it sets the global MiniSearch)
#	package/LICENSE.txt        -> minisearch.LICENSE.txt
#
# The package ships no minified UMD build; the site serves this one as it is.
# It then prints, for each file, whether it was added, changed or unchanged.
# search.js uses the API of MiniSearch 7 (new MiniSearch, addAll, search with
# prefix and fuzzy options); after moving to a new version, update PINNED so
# the next refresh is reproducible.
set -euo pipefail

PINNED=7.2.0
exec "$(dirname "${BASH_SOURCE[0]}")/vendor-npm.sh" minisearch "${1:-$PINNED}" "$PINNED" \
	dist/umd/index.js=minisearch.js \
	LICENSE.txt=minisearch.LICENSE.txt
