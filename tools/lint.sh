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
# One file a job, as many jobs as cores (the slowest step of `make test`'s
# lint); each failing file's report is printed after all have run.
tidy=$(mktemp -d)
export SCS_TIDY_FLAGS="$flags" SCS_TIDY_DIR="$tidy"
find src -name '*.c' | sort | xargs -P "$(nproc 2>/dev/null || echo 2)" -n 1 \
	sh -c 'out="$SCS_TIDY_DIR/$(echo "$1" | tr / _)"
		# shellcheck disable=SC2086 # the flags, one word each
		clang-tidy --quiet "$1" -- $SCS_TIDY_FLAGS >"$out" 2>&1 ||
			mv "$out" "$out.fail"' -
for f in "$tidy"/*.fail; do
	[ -e "$f" ] || continue
	cat "$f"
	status=1
done
rm -rf "$tidy"

echo "lint: cppcheck"
cppcheck --quiet --error-exitcode=1 --inline-suppr -j "$(nproc 2>/dev/null || echo 2)" \
	--enable=warning,performance,portability \
	--suppress=missingIncludeSystem -Iinclude -D_DEFAULT_SOURCE \
	src || status=1

echo "lint: checksrc"
sh tools/checksrc || status=1
[ $status = 0 ] && echo "lint: clean"
exit $status
