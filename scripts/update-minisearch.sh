#!/usr/bin/env bash
# update-minisearch.sh refreshes the vendored MiniSearch files from the npm
# registry. MiniSearch searches the site's index in the browser (search.html).
#
# Usage: scripts/update-minisearch.sh [VERSION]
#
# VERSION is an exact release such as 7.2.0; it defaults to PINNED below. The
# script downloads the minisearch package tarball with `npm pack`, checks it
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
version=${1:-$PINNED}

if [[ ! $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; then
	echo "update-minisearch: want an exact version such as $PINNED, got \"$version\"" >&2
	exit 2
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dest=$root/templates/assets/vendor
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

want=$(npm view "minisearch@$version" dist.integrity)
if [[ $want != sha512-* ]]; then
	echo "update-minisearch: registry gave no sha512 integrity for minisearch@$version: \"$want\"" >&2
	exit 1
fi

(cd "$tmp" && npm pack --silent "minisearch@$version" >/dev/null)
tarball=$tmp/minisearch-$version.tgz
if [[ ! -f $tarball ]]; then
	echo "update-minisearch: npm pack did not produce $tarball" >&2
	exit 1
fi

got="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [[ $got != "$want" ]]; then
	echo "update-minisearch: integrity mismatch for minisearch@$version" >&2
	echo "  registry: $want" >&2
	echo "  tarball:  $got" >&2
	exit 1
fi
echo "minisearch@$version: tarball integrity $got matches the registry"

tar -xzf "$tarball" -C "$tmp" package/package.json package/dist/umd/index.js package/LICENSE.txt
packed=$(node -p 'require(process.argv[1]).version' "$tmp/package/package.json")
if [[ $packed != "$version" ]]; then
	echo "update-minisearch: tarball holds minisearch $packed, want $version" >&2
	exit 1
fi

mkdir -p "$dest"
changed=0
refresh() {
	local src=$tmp/package/$1 dst=$dest/$2
	local new old
	new=$(sha256sum "$src" | cut -d' ' -f1)
	if [[ ! -f $dst ]]; then
		echo "added     $2  ($(wc -c <"$src") bytes, sha256 $new)"
		changed=1
	else
		old=$(sha256sum "$dst" | cut -d' ' -f1)
		if [[ $old == "$new" ]]; then
			echo "unchanged $2"
			return
		fi
		echo "changed   $2  ($(wc -c <"$dst") -> $(wc -c <"$src") bytes, sha256 $old -> $new)"
		changed=1
	fi
	cp "$src" "$dst"
	chmod 0644 "$dst"
}
refresh dist/umd/index.js minisearch.js
refresh LICENSE.txt minisearch.LICENSE.txt

if [[ $changed == 1 && $version != "$PINNED" ]]; then
	echo "note: vendored minisearch is now $version; set PINNED=$version in ${BASH_SOURCE[0]}"
fi
