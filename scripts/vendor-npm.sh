#!/usr/bin/env bash
# vendor-npm.sh copies files, unmodified, from a package of the npm registry
# into templates/assets/vendor/; update-echarts.sh and update-minisearch.sh
# call it with their package's files.
#
# Usage: scripts/vendor-npm.sh PACKAGE VERSION PINNED SRC=DST ...
#
# VERSION is an exact release; PINNED the one the calling script pins (for
# the reminder at the end). The script downloads the package tarball with
# `npm pack`, checks it against the integrity hash the registry publishes
# (`npm view ... dist.integrity`) and that it holds VERSION, copies each
# package/SRC to vendor/DST, and prints for each file whether it was added,
# changed or unchanged.
set -euo pipefail

if [[ $# -lt 4 ]]; then
	echo "usage: $0 PACKAGE VERSION PINNED SRC=DST ..." >&2
	exit 2
fi
pkg=$1 version=$2 pinned=$3
shift 3
me="update-$pkg"

if [[ ! $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; then
	echo "$me: want an exact version such as $pinned, got \"$version\"" >&2
	exit 2
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dest=$root/templates/assets/vendor
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

want=$(npm view "$pkg@$version" dist.integrity)
if [[ $want != sha512-* ]]; then
	echo "$me: registry gave no sha512 integrity for $pkg@$version: \"$want\"" >&2
	exit 1
fi

(cd "$tmp" && npm pack --silent "$pkg@$version" >/dev/null)
tarball=$tmp/$pkg-$version.tgz
if [[ ! -f $tarball ]]; then
	echo "$me: npm pack did not produce $tarball" >&2
	exit 1
fi

got="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [[ $got != "$want" ]]; then
	echo "$me: integrity mismatch for $pkg@$version" >&2
	echo "  registry: $want" >&2
	echo "  tarball:  $got" >&2
	exit 1
fi
echo "$pkg@$version: tarball integrity $got matches the registry"

srcs=(package/package.json)
for pair in "$@"; do
	srcs+=("package/${pair%%=*}")
done
tar -xzf "$tarball" -C "$tmp" "${srcs[@]}"
packed=$(node -p 'require(process.argv[1]).version' "$tmp/package/package.json")
if [[ $packed != "$version" ]]; then
	echo "$me: tarball holds $pkg $packed, want $version" >&2
	exit 1
fi

mkdir -p "$dest"
changed=0
for pair in "$@"; do
	src=$tmp/package/${pair%%=*} name=${pair#*=}
	dst=$dest/$name
	new=$(sha256sum "$src" | cut -d' ' -f1)
	if [[ ! -f $dst ]]; then
		echo "added     $name  ($(wc -c <"$src") bytes, sha256 $new)"
	else
		old=$(sha256sum "$dst" | cut -d' ' -f1)
		if [[ $old == "$new" ]]; then
			echo "unchanged $name"
			continue
		fi
		echo "changed   $name  ($(wc -c <"$dst") -> $(wc -c <"$src") bytes, sha256 $old -> $new)"
	fi
	changed=1
	cp "$src" "$dst"
	chmod 0644 "$dst"
done

if [[ $changed == 1 && $version != "$pinned" ]]; then
	echo "note: vendored $pkg is now $version; set PINNED=$version in scripts/update-$pkg.sh"
fi
