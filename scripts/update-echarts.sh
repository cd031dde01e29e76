#!/usr/bin/env bash
# update-echarts.sh refreshes the vendored ECharts files from the npm registry.
#
# Usage: scripts/update-echarts.sh [VERSION]
#
# VERSION is an exact release such as 5.6.0; it defaults to PINNED below. The
# script downloads the echarts package tarball with `npm pack`, checks it
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
version=${1:-$PINNED}

if [[ ! $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; then
	echo "update-echarts: want an exact version such as $PINNED, got \"$version\"" >&2
	exit 2
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dest=$root/templates/assets/vendor
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

want=$(npm view "echarts@$version" dist.integrity)
if [[ $want != sha512-* ]]; then
	echo "update-echarts: registry gave no sha512 integrity for echarts@$version: \"$want\"" >&2
	exit 1
fi

(cd "$tmp" && npm pack --silent "echarts@$version" >/dev/null)
tarball=$tmp/echarts-$version.tgz
if [[ ! -f $tarball ]]; then
	echo "update-echarts: npm pack did not produce $tarball" >&2
	exit 1
fi

got="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [[ $got != "$want" ]]; then
	echo "update-echarts: integrity mismatch for echarts@$version" >&2
	echo "  registry: $want" >&2
	echo "  tarball:  $got" >&2
	exit 1
fi
echo "echarts@$version: tarball integrity $got matches the registry"

tar -xzf "$tarball" -C "$tmp" package/package.json package/dist/echarts.min.js package/LICENSE package/NOTICE
packed=$(node -p 'require(process.argv[1]).version' "$tmp/package/package.json")
if [[ $packed != "$version" ]]; then
	echo "update-echarts: tarball holds echarts $packed, want $version" >&2
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
refresh dist/echarts.min.js echarts.min.js
refresh LICENSE echarts.LICENSE.txt
refresh NOTICE echarts.NOTICE.txt

if [[ $changed == 1 && $version != "$PINNED" ]]; then
	echo "note: vendored echarts is now $version; set PINNED=$version in ${BASH_SOURCE[0]}"
fi
