#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# deb.sh OUTDIR - build the Debian package (debian/) with dpkg-buildpackage
# and put the .deb (and its .buildinfo, .changes, dbgsym) in OUTDIR.
# dpkg-buildpackage writes beside the source tree, into its parent, which a
# checkout does not own; so the tree is copied to a temporary directory
# first (with ui/node_modules when there: npm ci is then not needed) and
# built there.  What is built is the tree as it is, uncommitted changes too.
set -eu
[ $# = 1 ] || { echo "usage: deb.sh OUTDIR" >&2; exit 2; }
top=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)
version=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/scs-$version"
# Builds, registers and the benchmarks' npm packages stay behind.
(cd "$top" && tar -cf - --exclude=./.git --exclude=./build --exclude=./var \
	--exclude=./debian/build --exclude=./bench/node_modules .) |
	(cd "$tmp/scs-$version" && tar -xf -)
(cd "$tmp/scs-$version" && dpkg-buildpackage -us -uc -b -j"$(nproc 2>/dev/null || echo 2)")
for f in "$tmp"/scs*_"$version"_*; do
	mv -f "$f" "$out/"
done
ls "$out"/scs*_"$version"_*.deb
