#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# all.sh - what `make test` runs: lint, the whole suite on a plain build,
# the whole suite again under AddressSanitizer and UBSan (without the
# browser tests, which test the UI and would double the time, nor the kill
# -9 campaign, which tests durability, not memory, nor the command line on
# PostgreSQL: see tests/run.sh).  The last line
# is the total "N passed, M failed"; the exit status is 1 on any failure.
set -u
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
pass=0
fail=0
out=$(mktemp)
recap=$(mktemp) # the failures again, just above the total (CI shows a tail)

step() { # name command...: a step that is one test when it has no count
	name=$1
	shift
	if "$@" >"$out" 2>&1; then
		pass=$((pass + 1))
		echo "  $name: ok"
	else
		fail=$((fail + 1))
		echo "  $name: FAILED"
		tail -40 "$out" | sed 's/^/    | /'
		{ echo "  $name: FAILED"; tail -15 "$out" | sed 's/^/    | /'; } >>"$recap"
	fi
}

suite() { # build-dir [nobrowser]: add the counts of tests/run.sh
	sh tests/run.sh "$@" | tee "$out"
	# a suite's line with failures, and the tests it names as failed
	grep -E '^  [^ |].* [1-9][0-9]* failed|^    \| not ok' "$out" |
		awk '!seen[$0]++' | sed "s|^|$1: |" | head -40 >>"$recap"
	p=$(tail -1 "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	f=$(tail -1 "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	pass=$((pass + ${p:-0}))
	fail=$((fail + ${f:-1}))
}

step "build" make -j"$jobs" all unit
step "build (asan+ubsan)" make -j"$jobs" B=build/asan SAN=1 all unit
step "lint" make lint
suite build
export SCS_TEST_CRASH=0 SCS_TEST_CLI_PG=0
suite build/asan nobrowser
rm -f "$out"
if [ -s "$recap" ]; then
	echo "what failed:"
	cat "$recap"
fi
rm -f "$recap"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
