#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# deps.sh build|test|pkg|coverage - install the Debian packages SCS needs, if missing.
# Idempotent.  As root it runs apt-get; otherwise it prints the exact
# command to run and fails.  README.md says why each package is here.
set -eu
# npm (with Debian's nodejs) bundles the web UI at build time (ui/); chromium
# and firefox-esr run the browser tests, fonts-noto-cjk lets them draw the
# Japanese pages.  pkg: what building the Debian package (debian/,
# tools/deb.sh) adds to the build, and adduser, which installing it needs.
# coverage: what `make coverage` needs (tools/coverage.sh): the suites but
# the browser tests, and gcovr; apart so that `make test` never waits for it.
build="gcc make pkg-config libsodium-dev libjansson-dev libmicrohttpd-dev libgnutls28-dev libcurl4-gnutls-dev libsqlite3-dev libpq-dev libseccomp-dev libicu-dev libcbor-dev zlib1g-dev libqrencode-dev npm"
pkg="$build dpkg-dev debhelper adduser"
test="$build libcmocka-dev clang clang-format clang-tidy cppcheck sqlite3 postgresql openssl nodejs chromium firefox-esr fonts-noto-cjk"
coverage="$build libcmocka-dev sqlite3 postgresql openssl nodejs gcovr"
case "${1:-build}" in
build) want=$build ;;
test) want=$test ;;
pkg) want=$pkg ;;
coverage) want=$coverage ;;
*) echo "usage: deps.sh build|test|pkg|coverage" >&2; exit 2 ;;
esac
missing=""
for p in $want; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		# nodejs and npm may come from elsewhere; working ones are enough.
		if [ "$p" = nodejs ] && command -v node >/dev/null 2>&1; then
			continue
		fi
		if [ "$p" = npm ] && command -v npm >/dev/null 2>&1; then
			continue
		fi
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0
line="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" != 0 ]; then
	echo "SCS needs these Debian packages:$missing" >&2
	echo "run as root: apt-get update && $line" >&2
	exit 1
fi
echo "installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
