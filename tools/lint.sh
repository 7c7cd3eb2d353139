#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# lint.sh - clang-format (check only), clang-tidy, cppcheck and checksrc
# with the configs kept in the tree (.clang-format, .clang-tidy).
set -u
cd "$(dirname "$0")/.."
status=0
src=$(find src include tests/unit -name '*.[ch]' | sort)
flags="-std=c11 -Iinclude -Ibuild/gen -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -DSCS_VERSION=\"0\" $(pkg-config --cflags libsodium jansson libmicrohttpd gnutls sqlite3 libpq 2>/dev/null)"

echo "lint: clang-format"
# shellcheck disable=SC2086
clang-format --dry-run --Werror $src || status=1

echo "lint: clang-tidy"
for f in $(find src -name '*.c' | sort); do
	# shellcheck disable=SC2086
	clang-tidy --quiet "$f" -- $flags >"${TMPDIR:-/tmp}/tidy.$$" 2>&1 || {
		cat "${TMPDIR:-/tmp}/tidy.$$"
		status=1
	}
done
rm -f "${TMPDIR:-/tmp}/tidy.$$"

echo "lint: cppcheck"
cppcheck --quiet --error-exitcode=1 --inline-suppr \
	--enable=warning,performance,portability \
	--suppress=missingIncludeSystem -Iinclude -D_DEFAULT_SOURCE \
	src || status=1

echo "lint: checksrc"
sh tools/checksrc || status=1
[ $status = 0 ] && echo "lint: clean"
exit $status
