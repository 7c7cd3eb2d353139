#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# run.sh BUILD_DIR [nobrowser] - run every test suite against one build
# (plain or sanitized): the cmocka unit tests, the fuzz corpus replays, the
# CLI tests, the API tests and the kill -9 campaign (tests/crash) against
# a real `scs serve` (on SQLite, then on
# a PostgreSQL started for the run, with the CLI tests on it too and the
# command line's PostgreSQL tests), the web UI's checks (catalogs, asset sizes) and its browser tests in Chromium.  `nobrowser`
# leaves out the browser tests (tests/all.sh runs them on the plain build
# only: they test the UI, which the sanitized server serves the same).
# Prints a line per suite and a last line "N passed, M failed"; exits 1 if
# anything failed.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
b=$(cd "$1" && pwd)
pass=0
fail=0
export SCS_PWHASH_COST=min
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

since=$(date +%s)
count() { # name log rc: add a suite's counts from its closing lines
	name=$1 log=$2 rc=$3
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	if [ -z "$p$f" ]; then
		p=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\1/p' "$log" | tail -1)
		f=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\2/p' "$log" | tail -1)
	fi
	k=$(sed -n 's/^[0-9]* passed, [0-9]* failed, \([0-9]*\) skipped$/\1/p' "$log" | tail -1)
	p=${p:-0}
	f=${f:-0}
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		f=1 # crashed, leaked or sanitizer report: count it
	fi
	pass=$((pass + p))
	fail=$((fail + f))
	now=$(date +%s)
	printf '  %-40s %4s passed, %s failed%s (%ss)\n' "$name" "$p" "$f" "${k:+, $k skipped}" "$((now - since))"
	since=$now
	if [ "$f" != 0 ]; then
		# The failures by name first (a long suite's may lie far above
		# its last lines), then the end of its output.
		grep '^not ok' "$log" | head -20 | sed 's/^/    | /'
		sed 's/^/    | /' "$log" | grep -v '^    | \[ *\(OK\|RUN\) ' | tail -40
	fi
}

echo "== tests against $b"
log=$(mktemp)
for t in "$b"/tests/unit/*/test_*; do
	[ -x "$t" ] || continue
	(cd "$top" && "$t") >"$log" 2>&1
	count "unit/$(basename "$(dirname "$t")")/$(basename "$t")" "$log" $?
done
# Each fuzz driver replays its corpus (tests/fuzz/replay.c); a crash fails.
for t in "$b"/tests/fuzz/fuzz_*; do
	[ -x "$t" ] || continue
	n=$(basename "$t")
	(cd "$top" && "$t" "tests/fuzz/corpus/$n") >"$log" 2>&1
	count "fuzz/$n" "$log" $?
done
(cd "$top" && sh tests/cli/run.sh "$b/scs") >"$log" 2>&1
count "cli" "$log" $?
(cd "$top" && sh tests/cli/backup.sh "$b/scs") >"$log" 2>&1
count "cli backup and restore" "$log" $?
# Attestation codes through an independent decoder written from
# docs/attestation.md (the vectors, and codes scs issues).
(cd "$top" && node tests/attest/decode.mjs "$b/scs") >"$log" 2>&1
count "attest (independent decoder)" "$log" $?
(cd "$top" && sh tests/cli/proofs.sh "$b/scs") >"$log" 2>&1
count "cli audit proofs and witness" "$log" $?
(cd "$top" && node tests/api/run.js "$b/scs") >"$log" 2>&1
count "api" "$log" $?
(cd "$top" && node tests/api/sandbox.js "$b/scs") >"$log" 2>&1
count "api sandbox (seccomp, --user)" "$log" $?
# The kill -9 campaign tests durability, the same in every build: it runs
# on the plain build only (SCS_TEST_CRASH=0 from tests/all.sh for the
# sanitized one, whose run would take minutes more for nothing new).
if [ "${SCS_TEST_CRASH:-1}" != 0 ]; then
	(cd "$top" && node tests/crash/campaign.js "$b/scs" --trials 10) >"$log" 2>&1
	count "crash (kill -9, 10 trials)" "$log" $?
fi
# The same API suite and the command line on a real PostgreSQL, started
# here in a temporary directory (tests/pg.sh) and stopped at the end.
pgdir=$(mktemp -d)
if sh "$top/tests/pg.sh" start "$pgdir" >"$log" 2>&1; then
	url=$(sh "$top/tests/pg.sh" createdb "$pgdir" unit)
	(cd "$top" && SCS_TEST_PG_URL=$url "$b/tests/unit/store/test_pg") >"$log" 2>&1
	count "unit/store/test_pg (postgresql)" "$log" $?
	url=$(sh "$top/tests/pg.sh" createdb "$pgdir" proofs)
	(cd "$top" && SCS_TEST_PG_URL=$url "$b/tests/unit/audit/test_proofs") >"$log" 2>&1
	count "unit/audit/test_proofs (postgresql)" "$log" $?
	url=$(sh "$top/tests/pg.sh" createdb "$pgdir" api)
	(cd "$top" && SCS_TEST_PG_URL=$url node tests/api/run.js "$b/scs") >"$log" 2>&1
	count "api (postgresql)" "$log" $?
	# (SCS_TEST_CLI_PG=0 from tests/all.sh for the sanitized build: there
	# the PostgreSQL store runs under the sanitizers through the API suite
	# and tests/pg, and the command line's own code through its SQLite
	# run; three minutes of CI saved for nothing new.)
	if [ "${SCS_TEST_CLI_PG:-1}" != 0 ]; then
		(cd "$top" && sh tests/cli/run.sh "$b/scs" --pg "$pgdir") >"$log" 2>&1
		count "cli (postgresql)" "$log" $?
	fi
	(cd "$top" && sh tests/pg/run.sh "$b/scs" "$pgdir") >"$log" 2>&1
	count "pg" "$log" $?
	(cd "$top" && node tests/pg/nodes.js "$b/scs" "$pgdir") >"$log" 2>&1
	count "pg nodes" "$log" $?
	if [ "${SCS_TEST_CRASH:-1}" != 0 ]; then
		(cd "$top" && node tests/crash/campaign.js "$b/scs" --trials 10 --pg "$pgdir") >"$log" 2>&1
		count "crash (kill -9, 10 trials, postgresql)" "$log" $?
	fi
else
	count "postgresql (tests/pg.sh start)" "$log" 1
fi
sh "$top/tests/pg.sh" stop "$pgdir" >/dev/null 2>&1
rm -rf "$pgdir"
(cd "$top" && node tests/ui/run.mjs "$b/gen/ui") >"$log" 2>&1
count "ui" "$log" $?
# The web UI's verifier modules (ui/src/attest/) against the vectors.
(cd "$top" && node tests/ui/attest.mjs) >"$log" 2>&1
count "ui attest (vectors)" "$log" $?
if [ "${2:-}" != nobrowser ]; then
	(cd "$top" && node tests/browser/run.js "$b/scs") >"$log" 2>&1
	rc=$?
	# each suite's time, to see where the run's minutes go
	sed -n 's/^# \(.*: [0-9]* s\)$/    \1/p' "$log"
	count "browser" "$log" $rc
fi
rm -f "$log"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
