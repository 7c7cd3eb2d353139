# SPDX-License-Identifier: Apache-2.0
# lib.sh - what the shell suites (tests/cli/run.sh, tests/pg/run.sh) share,
# sourced after they set $t (their temporary directory): the counters and
# ok/no/skip/check/refuse/has.  Each suite ends with "N passed, M failed"
# (summary), and ", K skipped" when it skipped some.
pass=0
fail=0
skipped=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
skip() { skipped=$((skipped + 1)); echo "ok - $1 # skip $2"; } # name reason
no() { fail=$((fail + 1)); echo "not ok - $1"; [ -f "$t/out" ] && sed 's/^/  # /' "$t/out" | head -20; }
check() { # name command...: passes when the command succeeds
	name=$1; shift
	if "$@" >"$t/out" 2>&1; then ok "$name"; else no "$name"; fi
}
refuse() { # name command...: passes when the command fails
	name=$1; shift
	if "$@" >"$t/out" 2>&1; then no "$name (it succeeded)"; else ok "$name"; fi
}
has() { grep -q -- "$1" "$t/out"; }
summary() { # the last line; the exit status 1 when anything failed
	if [ "$skipped" = 0 ]; then
		echo "$pass passed, $fail failed"
	else
		echo "$pass passed, $fail failed, $skipped skipped"
	fi
	[ "$fail" = 0 ]
}
