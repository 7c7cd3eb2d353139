#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# bench/run.sh - the SCS benchmark suite (`make bench`).  Builds the
# programs, generates (or reuses) the synthetic registers, runs every
# engine on the same queries, checks that they answer alike, and prints
# ONE table.  Deterministic workload; timings are medians of passes.
#
# Knobs (environment, defaults in brackets):
#   PERSONS [100000] ITEMS [100000] QUERIES [1000000] SEED [20260101]
#   BIG_PERSONS [5000000]     the national-scale run; 0 skips it
#   BIG_FLOOR [1]             also run the floor at BIG_PERSONS
#   BENCH_PASSES [11]         timed passes of the C loops (median)
#   RUNS [5]                  runs of decide and floor, interleaved (median)
#   CASBIN_QUERIES [100000] CEDAR_QUERIES [20000] BENCH_JS_PASSES [3]
#   SKIP_JS [0]               1: no Casbin/Cedar rows
#   SKIP_SCS [0]              1: no `scs import/check/serve` rows (nor
#                             PostgreSQL rows)
# PostgreSQL (issue 10), its own table, each row beside SQLite's figure
# from the same run (a server started by tests/pg.sh in bench/data/run/pg,
# stopped at the end, also on failure):
#   SKIP_PG [0]               1: no PostgreSQL rows
#   FRESH_TRIALS [100]        trials of the freshness across two nodes
#   CHECK_RUNS [3]            runs of `scs check --batch` (median)
#   HTTP_SECONDS [10] WRK_THREADS [2] WRK_CONNECTIONS [64]
#   BATCH_CONNECTIONS [4]     connections of the batch run
# Vetting (issue 8), its own table:
#   SKIP_VETTING [0]          1: no vetting rows
#   VETTING_ONLY [0]          1: only the vetting rows (no decide, floor,
#                             peers, 5M or scs rows)
#   CASES [1000000]           historical cases over the PERSONS register
#   VET_NOW [2026-12-01]      the generator's present (open cases' ages)
#   PATH_CLIENTS [16] PATH_SECONDS [30] PATH_PERSONS [10000]
#                             whole API paths: clients, duration, persons
#                             of the path register
#   PATH_BIG [1]              also run the paths on the national register
#   REPORT_RUNS [5]           timed reports (median)
#   QUEUE_CONNECTIONS [16] QUEUE_PAGES [200]   the investigator's queue
#                             (wrk -t WRK_THREADS, HTTP_SECONDS)
# The web UI (issue 9), its own table (bench/ui.js):
#   SKIP_UI [0]               1: no web UI rows
#   UI_ONLY [0]               1: only the web UI rows
#   UI_LOADS [10]             first visits per page
# Crash safety (issue 11, item 3), its own table (tests/crash/campaign.js):
#   SKIP_CRASH [0]            1: no kill -9 campaign
#   CRASH_ONLY [0]            1: only the kill -9 campaign
#   CRASH_TRIALS [100]        trials per backend (SQLite, then PostgreSQL)
#   CRASH_SEED [random]       the campaign's seed (the kill delays)
# The soak (issue 11, item 12), its own table (bench/soak.sh):
#   SKIP_SOAK [0]             1: no soak
#   SOAK_ONLY [0]             1: only the soak
#   SOAK_SECONDS [1800] SOAK_PERSONS [20000] SOAK_THREADS [2]
#   SOAK_CONNECTIONS [32]     the mixed load of wrk, in one-minute slices
# Continuous vetting (issue 12), its own table (bench/cv.sh): `scs cv
# match` of a cvgen feed against a cvgen register, scored, beside the same
# feed against an empty register; name normalization (bench/cvnorm):
#   SKIP_CV [0]               1: no continuous vetting
#   CV_ONLY [0]               1: only continuous vetting
#   CV_PERSONS [1000000] CV_RECORDS [100000] CV_SEED [20261207]
#   CV_MATCH_PERMILLE [50] CV_THREADS [2]   (bench/cv.sh's knobs)
# Attestation codes (issue 13), their own table (bench/attest.c): issue
# and verify on one core beside Ed25519 alone, and the status list's size:
#   SKIP_ATTEST [0]           1: no attestation rows
#   ATTEST_ONLY [0]           1: only the attestation rows
#   ATTEST_CODES [1000000] ATTEST_REVOKED_PERMILLE [10]   the status list
# The build directory: B [build], as the Makefile's (B=build/dev sh
# bench/run.sh builds and runs build/dev's programs).
# Data is cached under bench/data/, keyed by a hash of gen.c (and the
# headers it includes) and the arguments; the run's logs are in
# bench/data/run/.
set -eu
cd "$(dirname "$0")/.."

PERSONS=${PERSONS:-100000}
ITEMS=${ITEMS:-100000}
QUERIES=${QUERIES:-1000000}
SEED=${SEED:-20260101}
BIG_PERSONS=${BIG_PERSONS:-5000000}
BIG_FLOOR=${BIG_FLOOR:-1}
BENCH_PASSES=${BENCH_PASSES:-11}
RUNS=${RUNS:-5}
BENCH_JS_PASSES=${BENCH_JS_PASSES:-3}
CASBIN_QUERIES=${CASBIN_QUERIES:-100000}
CEDAR_QUERIES=${CEDAR_QUERIES:-20000}
SKIP_JS=${SKIP_JS:-0}
SKIP_SCS=${SKIP_SCS:-0}
SKIP_PG=${SKIP_PG:-0}
FRESH_TRIALS=${FRESH_TRIALS:-100}
CHECK_RUNS=${CHECK_RUNS:-3}
HTTP_SECONDS=${HTTP_SECONDS:-10}
WRK_THREADS=${WRK_THREADS:-2}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-64}
BATCH_CONNECTIONS=${BATCH_CONNECTIONS:-4}
SKIP_VETTING=${SKIP_VETTING:-0}
VETTING_ONLY=${VETTING_ONLY:-0}
CASES=${CASES:-1000000}
VET_NOW=${VET_NOW:-2026-12-01}
PATH_CLIENTS=${PATH_CLIENTS:-16}
PATH_SECONDS=${PATH_SECONDS:-30}
PATH_PERSONS=${PATH_PERSONS:-10000}
PATH_BIG=${PATH_BIG:-1}
SKIP_UI=${SKIP_UI:-0}
UI_ONLY=${UI_ONLY:-0}
UI_LOADS=${UI_LOADS:-10}
SKIP_CRASH=${SKIP_CRASH:-0}
CRASH_ONLY=${CRASH_ONLY:-0}
SKIP_SOAK=${SKIP_SOAK:-0}
SOAK_ONLY=${SOAK_ONLY:-0}
SKIP_CV=${SKIP_CV:-0}
CV_ONLY=${CV_ONLY:-0}
SKIP_ATTEST=${SKIP_ATTEST:-0}
ATTEST_ONLY=${ATTEST_ONLY:-0}
CRASH_TRIALS=${CRASH_TRIALS:-100}
CRASH_SEED=${CRASH_SEED:-}
REPORT_RUNS=${REPORT_RUNS:-5}
QUEUE_CONNECTIONS=${QUEUE_CONNECTIONS:-16}
QUEUE_PAGES=${QUEUE_PAGES:-200}
export BENCH_PASSES BENCH_JS_PASSES

B=${B:-build}
export B # for make, whose B is the same
SCS=$B/scs
RUN=bench/data/run
ROWS=$RUN/rows.tsv
FAIL=0
PIDS=""
PG_DIR="" # the PostgreSQL server of pg_rows, stopped at exit

say() { printf '%s\n' "bench: $*" >&2; }
die() { say "$*"; exit 1; }

cleanup() {
	for p in $PIDS; do
		kill "$p" 2>/dev/null || true
	done
	if [ -n "$PG_DIR" ]; then
		for p in $PIDS; do
			wait "$p" 2>/dev/null || true
		done
		sh tests/pg.sh stop "$PG_DIR" >/dev/null 2>&1 || true
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM # through the EXIT trap

# row NAME DPS VS_FLOOR ANSWERS BUILD_S BYTES NOTES  ("-" for none)
row() {
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6" "$7" >>"$ROWS"
}
not_measured() { # NAME REASON
	row "$1" "-" "-" "-" "-" "-" "not measured: $2"
	say "$1: not measured: $2"
}

# field FILE KEY [ENGINE]: value of KEY= in the last RESULT line (of ENGINE)
field() {
	if [ $# -ge 3 ]; then
		grep "^RESULT engine=$3 " "$1" | tail -n 1 | tr ' ' '\n' | sed -n "s/^$2=//p"
	else
		grep '^RESULT ' "$1" | tail -n 1 | tr ' ' '\n' | sed -n "s/^$2=//p"
	fi
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0 || a == "-") { print "-"; exit }
	r = a / b; if (r >= 9.95) printf "%.0fx\n", r; else if (r >= 0.095) printf "%.2fx\n", r
	else printf "1/%d\n", 1 / r + 0.5 }'; }
fnum() { awk -v a="$1" 'BEGIN { if (a == "-" || a == "") { print "-"; exit }
	s = sprintf("%.0f", a); o = ""; n = length(s)
	for (i = 1; i <= n; i++) { o = o substr(s, i, 1); if ((n - i) % 3 == 0 && i < n) o = o "," }
	print o }'; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", b - a }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]
	else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

need_pkg() { # COMMAND PACKAGE: install a Debian package when missing (root)
	command -v "$1" >/dev/null 2>&1 && return 0
	if [ "$(id -u)" = 0 ]; then
		say "installing $2"
		apt-get install -y --no-install-recommends "$2" >"$RUN/apt-$2.log" 2>&1 ||
			{ apt-get update >/dev/null 2>&1 &&
				apt-get install -y --no-install-recommends "$2" >"$RUN/apt-$2.log" 2>&1; } || true
	fi
	command -v "$1" >/dev/null 2>&1
}

free_port() {
	node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

rm -rf "$RUN"
mkdir -p "$RUN"
: >"$ROWS"
command -v node >/dev/null 2>&1 || die "node is required (Debian package nodejs)"

# The kill -9 campaign (issue 11, item 3): tests/crash/campaign.js with
# CRASH_TRIALS trials on SQLite, then on a PostgreSQL from tests/pg.sh; one
# row per backend from its RESULT line.  Lost, integrity and verify
# failures must be 0: any other figure fails the run.
CROWS=$RUN/crash.tsv
crash_one() { # BACKEND [--pg DIR]
	name=$1
	shift
	seed=${CRASH_SEED:+--seed $CRASH_SEED}
	say "kill -9 campaign on $name: $CRASH_TRIALS trials"
	# shellcheck disable=SC2086 # $seed is two words or none
	node tests/crash/campaign.js "$(pwd)/$SCS" --trials "$CRASH_TRIALS" $seed "$@" \
		>"$RUN/crash-$name.out" 2>&1 || { FAIL=1; say "the $name campaign failed: $RUN/crash-$name.out"; }
	f=$RUN/crash-$name.out
	if ! grep -q '^RESULT ' "$f"; then
		printf '%s\t-\t-\t-\t-\t-\t-\t-\t-\t-\tnot measured: %s\n' "$name" \
			"$(tail -n 1 "$f" | tr '\t' ' ')" >>"$CROWS"
		return 0
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$(field "$f" trials)" \
		"$(field "$f" acked)" "$(field "$f" unanswered) ($(field "$f" unanswered_committed) committed)" "$(field "$f" lost)" \
		"$(field "$f" integrity_failures)" "$(field "$f" verify_failures)" \
		"$(field "$f" restart_failures)" "$(field "$f" torn)/$(field "$f" phantom)" \
		"$(field "$f" decision_failures) of $(field "$f" decisions)" \
		"$(field "$f" trials_with_acks) trials with acknowledged writes; $(field "$f" start_kills) starts killed too; $(field "$f" seconds) s; seed $(field "$f" seed); $(grep -c '^not ok' "$f") not ok" >>"$CROWS"
}

crash_rows() {
	[ "$SKIP_CRASH" = 1 ] && return 0
	: >"$CROWS"
	if [ "$SCS_OK" != 1 ] || [ ! -x "$SCS" ]; then
		printf 'all\t-\t-\t-\t-\t-\t-\t-\t-\t-\tnot measured: make all failed\n' >>"$CROWS"
		return 0
	fi
	crash_one sqlite
	if [ "$SKIP_PG" = 1 ]; then
		return 0
	fi
	PG_DIR=$(pwd)/$RUN/crash-pg
	if sh tests/pg.sh start "$PG_DIR" >"$RUN/crash-pg-start.log" 2>&1; then
		crash_one postgresql --pg "$PG_DIR"
	else
		printf 'postgresql\t-\t-\t-\t-\t-\t-\t-\t-\t-\tnot measured: tests/pg.sh start failed\n' >>"$CROWS"
	fi
	sh tests/pg.sh stop "$PG_DIR" >/dev/null 2>&1 || true
	PG_DIR=""
}

print_crash() {
	[ -s "$CROWS" ] || return 0
	echo
	echo "Crash safety (issue 11, item 3): kill -9 of scs serve during 16 concurrent HTTP writers, restart, check (tests/crash/campaign.js); lost, integrity (SQLite's integrity_check; - on PostgreSQL) and verify failures must be 0"
	echo
	awk -F'\t' '
		BEGIN {
			print "| backend | trials | acknowledged writes | unanswered | lost | integrity failures | verify failures | restart failures | torn/phantom | decisions unlike a fresh index | notes |"
			print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
		}
		{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 }' "$CROWS"
}

# The soak: bench/soak.sh's table and verdict, as it printed them.
soak_rows() {
	[ "$SKIP_SOAK" = 1 ] && return 0
	need_pkg wrk wrk || true
	say "soak: ${SOAK_SECONDS:-1800} s of mixed load"
	OUT=$RUN/soak sh bench/soak.sh "$SCS" >"$RUN/soak.out" 2>"$RUN/soak.err" ||
		{ FAIL=1; say "the soak failed: $RUN/soak.err"; }
	grep -q 'verdict flat' "$RUN/soak.out" || FAIL=1
}

print_soak() {
	[ -s "$RUN/soak.out" ] || return 0
	echo
	echo "Soak (issue 11, item 12): one scs serve under wrk's mixed load (70% decisions, 15% person reads, 5% list pages, 5% audit heads, 5% changes to one of 100 persons), sampled each minute; memory and open files must stay flat, the last minute's p99 within 1.5x of the first's"
	echo
	grep '^|' "$RUN/soak.out"
	echo
	grep '^RESULT' "$RUN/soak.out"
}

# Continuous vetting: bench/cv.sh's table, verdicts and scores, as it
# printed them (the data cached under bench/data/cv-*, the logs in
# $RUN/cv).  Targets not met are no failure: the verdicts say so.
cv_rows() {
	[ "$SKIP_CV" = 1 ] && return 0
	say "continuous vetting: ${CV_PERSONS:-1000000} persons, ${CV_RECORDS:-100000} records"
	OUT=$RUN/cv sh bench/cv.sh "$B" >"$RUN/cv.out" 2>"$RUN/cv.err" ||
		{ FAIL=1; say "continuous vetting failed: $RUN/cv.err"; }
}

print_cv() {
	[ -s "$RUN/cv.out" ] || return 0
	echo
	cat "$RUN/cv.out"
}

attest_rows() {
	[ "$SKIP_ATTEST" = 1 ] && return 0
	say "attestation codes: issue, verify, a status list of ${ATTEST_CODES:-1000000}"
	{ make --no-print-directory "$B/bench/attest" >"$RUN/attest-make.log" 2>&1 &&
		"$B/bench/attest" "${ATTEST_CODES:-1000000}" "${ATTEST_REVOKED_PERMILLE:-10}" >"$RUN/attest.out" 2>"$RUN/attest.err"; } ||
		{ FAIL=1; say "attestation bench failed: $RUN/attest.err"; }
}

print_attest() {
	[ -s "$RUN/attest.out" ] || return 0
	echo
	echo "| attestation (one core) | figure | target |"
	echo "|---|---:|---|"
	awk '
		function f(k,   i, kv) { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) return kv[2] } return "-" }
		/engine=attest-issue / { printf "| issue (claims, CBOR, Ed25519, zlib, Base45) | %s codes/s, %s us median, %s characters | >= 10,000/s |\n", f("per_s"), f("median_us"), f("code_chars") }
		/engine=attest-verify / { printf "| verify (Base45, inflate, CBOR, 8 keys, Ed25519, status) | %s us median, %s/s | <= 100 us |\n", f("median_us"), f("per_s") }
		/engine=ed25519-verify / { printf "| baseline: Ed25519 verification alone | %s us median, %s/s | (the floor) |\n", f("median_us"), f("per_s") }
		/engine=status-list / { printf "| status list of %s codes, %s revoked | %s bytes signed and compressed (raw %s) | <= 40 KB |\n", f("codes"), f("revoked"), f("bytes"), f("raw_bytes") }
	' "$RUN/attest.out"
}

if [ "$ATTEST_ONLY" = 1 ]; then
	mkdir -p "$RUN"
	attest_rows
	print_attest
	exit "$FAIL"
fi

if [ "$CV_ONLY" = 1 ]; then
	mkdir -p "$RUN"
	cv_rows
	print_cv
	exit "$FAIL"
fi

if [ "$SOAK_ONLY" = 1 ]; then
	mkdir -p "$RUN"
	SCS_OK=1
	make --no-print-directory all >"$RUN/make-all.log" 2>&1 || SCS_OK=0
	soak_rows
	print_soak
	exit "$FAIL"
fi

if [ "$CRASH_ONLY" = 1 ]; then
	mkdir -p "$RUN"
	SCS_OK=1
	make --no-print-directory all >"$RUN/make-all.log" 2>&1 || SCS_OK=0
	crash_rows
	print_crash
	exit "$FAIL"
fi

# ---- build ----
say "building (make all bench-build)"
SCS_OK=1
if ! make --no-print-directory all >"$RUN/make-all.log" 2>&1; then
	SCS_OK=0
	say "make all failed (see $RUN/make-all.log); scs rows will not be measured"
fi
make --no-print-directory bench-build >"$RUN/make-bench.log" 2>&1 ||
	{ cat "$RUN/make-bench.log" >&2; die "building the benchmark programs failed"; }

# ---- workload ----
workload() { # PERSONS ITEMS -> prints the data directory
	key=$( (cat bench/gen.c bench/jsonl.h bench/splitmix.h; echo "$1 $2 $SEED $QUERIES") | sha256sum | cut -c1-16)
	dir=bench/data/w-$1x$2-$key
	if [ ! -f "$dir/.complete" ]; then
		rm -rf "bench/data/w-$1x$2-"* # older versions of this size
		mkdir -p "$dir"
		say "generating $1 persons x $2 items, $QUERIES queries into $dir"
		t0=$(now)
		"$B/bench/gen" "$1" "$2" "$SEED" "$dir" "$QUERIES" 2>"$dir/gen.log" ||
			{ cat "$dir/gen.log" >&2; exit 1; }
		elapsed "$t0" "$(now)" >"$dir/gen.seconds"
		touch "$dir/.complete"
	fi
	echo "$dir"
}
W=$(workload "$PERSONS" "$ITEMS")
say "workload $W: $(sed -n 1p "$W/gen.log" | sed 's/^gen: [^:]*: //')"

# ---- vetting (issue 8): whole API paths, the timeliness report, a queue ----
# Its own table (bench/data/run/vrows.tsv): each figure beside its baseline
# from the same run.  The server and CLI run with SCS_PWHASH_COST=min (as
# tests/run.sh), and the users are made with it: the Argon2id cost is kept
# in each hash, so sign-ins and activations hash at the minimum cost.
VS="env SCS_PWHASH_COST=min $SCS"
VROWS=$RUN/vrows.tsv
: >"$VROWS"

# vrow MEASURE VALUE UNIT BASELINE VS TARGET NOTES ("-" for none)
vrow() {
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6" "$7" >>"$VROWS"
}
vnot() { # MEASURE REASON
	vrow "$1" "-" "-" "-" "-" "-" "not measured: $2"
	say "$1: not measured: $2"
}
# vfield FILE KEY [ENGINE]: as field, for the vetting tools' RESULT lines
vfield() { field "$@"; }
ms() { awk -v s="$1" 'BEGIN { if (s == "") print "-"; else printf "%.1f\n", s * 1000 }'; }
# wrk's latency percentile P ("50%", "99%") in ms
wrk_pct() { awk -v p="$2" '$1 == p { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
	if (u == "us") v /= 1000; else if (u == "s") v *= 1000; else if (u == "m") v *= 60000
	printf "%.2f\n", v }' "$1"; }
wrk_rps() { sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$1"; }
wrk_errs() { sed -n 's/^ *Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$1"; }

# serve_db DB LOG: start `scs serve` on a free port; sets VURL and VPID
serve_db() {
	$VS --db "$1" serve --listen 127.0.0.1:0 >"$2" 2>&1 &
	VPID=$!
	PIDS="$PIDS $VPID"
	VURL=""
	i=0
	while [ $i -lt 300 ] && [ -z "$VURL" ]; do
		VURL=$(sed -n 's|.*\(http://127\.0\.0\.1:[0-9]*\).*|\1|p' "$2" | head -n 1)
		kill -0 "$VPID" 2>/dev/null || break
		[ -n "$VURL" ] || sleep 0.1
		i=$((i + 1))
	done
	[ -n "$VURL" ]
}
stop_db() {
	kill "$VPID" 2>/dev/null || true
	i=0
	while [ $i -lt 300 ] && kill -0 "$VPID" 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -9 "$VPID" 2>/dev/null || true
	wait "$VPID" 2>/dev/null || true
}

# The path register (vgen paths), cached: PATH_PERSONS persons, plain ids
# (small/) and with "v" before the organizations' ids (big/, imported on
# top of the national register, which has organs mod and cao of its own).
vworkload_paths() {
	key=$( (cat bench/vgen.c bench/jsonl.h bench/splitmix.h; echo "$PATH_PERSONS $SEED") | sha256sum | cut -c1-16)
	dir=bench/data/vp-$PATH_PERSONS-$key
	if [ ! -f "$dir/.complete" ]; then
		rm -rf "bench/data/vp-$PATH_PERSONS-"*
		mkdir -p "$dir/small" "$dir/big"
		say "generating the path register ($PATH_PERSONS persons) into $dir"
		"$B/bench/vgen" paths "$PATH_PERSONS" "$SEED" "$dir/small" 2>"$dir/vgen.log" &&
			"$B/bench/vgen" paths "$PATH_PERSONS" "$SEED" "$dir/big" v 2>>"$dir/vgen.log" ||
			{ cat "$dir/vgen.log" >&2; return 1; }
		touch "$dir/.complete"
	fi
	echo "$dir"
}

# The national register with CASES historical cases (vgen cases over the
# PERSONS register), imported once into base.db and cached: keyed by the
# generators, their arguments, the schema's and import's sources and the
# scs version.  Each run works on a copy.
vworkload_cases() {
	key=$( (cat bench/gen.c bench/vgen.c bench/jsonl.h bench/splitmix.h src/store/sqlite.c src/core/record.c src/core/case.c \
		src/ops/interchange.c; echo "$PERSONS $ITEMS $SEED $QUERIES $CASES $VET_NOW"; $SCS version) |
		sha256sum | cut -c1-16)
	dir=bench/data/vc-${PERSONS}x$CASES-$key
	if [ ! -f "$dir/.complete" ]; then
		rm -rf "bench/data/vc-${PERSONS}x$CASES-"*
		mkdir -p "$dir"
		say "generating $CASES cases over the $PERSONS-person register into $dir"
		"$B/bench/vgen" cases "$W/register.jsonl" "$CASES" "$SEED" "$dir" "$VET_NOW" 2>"$dir/vgen.log" ||
			{ cat "$dir/vgen.log" >&2; return 1; }
		pw=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
		SCS_ADMIN_PASSWORD="bench-$pw" $VS --db "$dir/base.db" init --org scs-bench \
			--org-name "SCS benchmark" --country JPN >"$dir/init.log" 2>&1 ||
			{ cat "$dir/init.log" >&2; return 1; }
		say "scs import of the register, then of $CASES cases (once; cached)"
		t0=$(now)
		$VS --db "$dir/base.db" import "$W/register.jsonl" >"$dir/import.log" 2>&1 ||
			{ cat "$dir/import.log" >&2; return 1; }
		elapsed "$t0" "$(now)" >"$dir/register.seconds"
		t0=$(now)
		$VS --db "$dir/base.db" import "$dir/cases.jsonl" >>"$dir/import.log" 2>&1 ||
			{ cat "$dir/import.log" >&2; return 1; }
		elapsed "$t0" "$(now)" >"$dir/cases.seconds"
		date -u +%Y-%m-%dT%H:%MZ >"$dir/imported.at"
		touch "$dir/.complete"
	fi
	echo "$dir"
}

# users ROLE:NAME:ORG ... on DB, password $VPW
vusers() {
	db=$1
	shift
	for u in "$@"; do
		r=${u%%:*}
		rest=${u#*:}
		SCS_PASSWORD=$VPW $VS --db "$db" user add "${rest%%:*}" --org "${rest#*:}" --role "$r" \
			>>"$V/users.log" 2>&1 || { cat "$V/users.log" >&2; return 1; }
	done
}

# path_run NAME DB PATHS-DIR LABEL CLIENTS SECONDS FIRST: the whole-path
# figure and its baseline (GET /v1/me, as many requests, as many clients),
# on the server at VURL of DB (which holds the path register and users);
# the paths take persons from the FIRST-th on.
path_run() {
	name=$1
	pc=$5
	node -e 'const fs = require("fs"); const a = process.argv.slice(1);
		fs.writeFileSync(a[0], JSON.stringify({ clients: +a[1], seconds: +a[2],
		  persons: JSON.parse(fs.readFileSync(a[3], "utf8")), answers: a[4], password: a[5],
		  adjudicator: "adj", investigators: ["inv-1", "inv-2", "inv-3", "inv-4"], first: +a[6] }));' \
		"$V/paths-$name.json" "$pc" "$6" "$3/persons.json" \
		data/questionnaires/JPN-SDS.json "$VPW" "$7"
	say "vetting paths ($name): $pc clients, ${6}s"
	node bench/vetting.js paths "$VURL" "$V/paths-$name.json" >"$V/paths-$name.out" 2>&1 || FAIL=1
	grep '^ERROR' "$V/paths-$name.out" >&2 || true
	pps=$(vfield "$V/paths-$name.out" paths_per_s vet-paths)
	np=$(vfield "$V/paths-$name.out" paths vet-paths)
	nreq=$(vfield "$V/paths-$name.out" requests vet-paths)
	if [ -z "$pps" ] || [ "${np:-0}" = 0 ]; then
		vnot "whole vetting paths ($name)" "$(tail -n 2 "$V/paths-$name.out" | tr '\n' ' ')"
		return 0
	fi
	tok=$(node bench/vetting.js login "$VURL" adj "$VPW")
	node bench/vetting.js get "$VURL" "$tok" "$pc" "$nreq" /v1/me >"$V/me-$name.out" 2>&1 || FAIL=1
	me_rps=$(vfield "$V/me-$name.out" rps vet-get)
	rps=$(vfield "$V/paths-$name.out" rps vet-paths)
	steps=$(grep '^STEP' "$V/paths-$name.out" | tr ' ' '\n' | sed -n 's/^name=//p;s/^p50_ms=//p' |
		paste - - | awk '{ printf "%s%s %.1f", (NR > 1 ? ", " : ""), $1, $2 }')
	vrow "whole paths/s, $pc client$([ "$pc" = 1 ] || echo s), $4" "$pps" "paths/s" \
		"$(fnum "$me_rps") GET /v1/me/s" "$(ratio "$rps" "$me_rps") (requests/s)" "-" \
		"$(fnum "$np") paths of 20 requests in $(vfield "$V/paths-$name.out" seconds vet-paths) s, $(vfield "$V/paths-$name.out" failed vet-paths) failed; a path p50 $(vfield "$V/paths-$name.out" p50_ms vet-paths) ms, p99 $(vfield "$V/paths-$name.out" p99_ms vet-paths) ms; $(fnum "$rps") requests/s; p50 ms per request: $steps"
	vrow "GET /v1/me, $pc client$([ "$pc" = 1 ] || echo s), $(fnum "$nreq") requests (baseline)" "$me_rps" "requests/s" "-" "-" "-" \
		"p50 $(vfield "$V/me-$name.out" p50_ms vet-get) ms, p99 $(vfield "$V/me-$name.out" p99_ms vet-get) ms; the same server and number of requests as the row above"
}

vetting_rows() {
	if [ "$SKIP_VETTING" = 1 ]; then
		vnot "vetting (issue 8)" "SKIP_VETTING=1"
		return 0
	fi
	if [ "$SCS_OK" != 1 ] || [ ! -x "$SCS" ]; then
		vnot "vetting (issue 8)" "make all failed"
		return 0
	fi
	need_pkg sqlite3 sqlite3 || true
	need_pkg wrk wrk || true
	V=$RUN/vetting
	rm -rf "$V"
	mkdir -p "$V"
	VPW=bench-$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')
	VP=$(vworkload_paths) || { vnot "vetting (issue 8)" "vgen paths failed"; return 0; }

	# -- 1. whole paths on the path register alone --
	DBP=$V/paths.db
	if ! SCS_ADMIN_PASSWORD=$VPW $VS --db "$DBP" init --org scs-bench --org-name "SCS benchmark" \
		--country JPN >"$V/init.log" 2>&1 ||
		! $VS --db "$DBP" import "$VP/small/paths.jsonl" >"$V/import-paths.log" 2>&1 ||
		! $VS --db "$DBP" checks feed "$(pwd)/$VP/small/feed.jsonl" >"$V/feed.log" 2>&1 ||
		! vusers "$DBP" security_officer:so-mod:mod security_officer:so-kur:kur-00000 \
			adjudicator:adj:scs-bench investigator:inv-1:cao investigator:inv-2:cao \
			investigator:inv-3:cao investigator:inv-4:cao; then
		vnot "whole vetting paths" "setting up the path register failed (see $V)"
	elif serve_db "$DBP" "$V/serve-paths.log"; then
		path_run small "$DBP" "$VP/small" "register of $(fnum "$PATH_PERSONS") persons, no history" \
			"$PATH_CLIENTS" "$PATH_SECONDS" 0
		# one client on the second half of the persons: what concurrency adds
		path_run small-1 "$DBP" "$VP/small" "the same register" 1 \
			"$(((PATH_SECONDS + 2) / 3))" "$((PATH_PERSONS / 2))"
		stop_db
	else
		vnot "whole vetting paths" "scs serve did not start: $(tail -n 1 "$V/serve-paths.log")"
	fi
	rm -f "$DBP" "$DBP-wal" "$DBP-shm"

	# -- the national register: PERSONS persons, CASES cases --
	VC=$(vworkload_cases) || { vnot "timeliness report / queue over $(fnum "$CASES") cases" "generating or importing the cases failed"; return 0; }
	imp_s=$(cat "$VC/cases.seconds")
	vrow "scs import of $(fnum "$CASES") case lines (on $(fnum "$PERSONS") persons)" \
		"$(awk -v n="$CASES" -v s="$imp_s" 'BEGIN { printf "%.0f", n / s }')" "records/s" \
		"-" "-" ">= 200k/s (TARGETS.md, register import)" \
		"$imp_s s, one transaction, each record audited; measured when the cache was made ($(cat "$VC/imported.at")), not in this run; the register itself: $(cat "$VC/register.seconds") s"
	DBB=$V/national.db
	say "copying the cached national register"
	cp "$VC/base.db" "$DBB"
	cp -r "$VC/base.db.keys" "$DBB.keys"
	body=$(sed -n 's/^body //p' "$VP/big/paths.txt")
	organ=$(sed -n 's/^organ //p' "$VP/big/paths.txt")
	contr=$(sed -n 's/^contractor //p' "$VP/big/paths.txt")
	if ! $VS --db "$DBB" import "$VP/big/paths.jsonl" >"$V/import-big.log" 2>&1 ||
		! $VS --db "$DBB" checks feed "$(pwd)/$VP/big/feed.jsonl" >>"$V/feed.log" 2>&1 ||
		! vusers "$DBB" auditor:aud:scs-bench investigator:inv-sb-cao:sb-cao \
			security_officer:so-mod:"$organ" security_officer:so-kur:"$contr" \
			adjudicator:adj:scs-bench investigator:inv-1:"$body" investigator:inv-2:"$body" \
			investigator:inv-3:"$body" investigator:inv-4:"$body" ||
		! serve_db "$DBB" "$V/serve-national.log"; then
		vnot "timeliness report / queue over $(fnum "$CASES") cases" "setting up the national register failed (see $V)"
		return 0
	fi
	say "national register served at $VURL"

	# -- 2. the timeliness report --
	aud=$(node bench/vetting.js login "$VURL" aud "$VPW")
	: >"$V/report-http.times"
	i=0
	while [ $i -lt "$REPORT_RUNS" ]; do
		r=$(curl -s -o "$V/report.json" -w '%{http_code} %{time_total}' \
			-H "Authorization: Bearer $aud" "$VURL/v1/reports/timeliness")
		[ "${r%% *}" = 200 ] || { FAIL=1; say "GET /v1/reports/timeliness: HTTP $r"; }
		echo "${r#* }" >>"$V/report-http.times"
		i=$((i + 1))
	done
	rep_http=$(median <"$V/report-http.times")
	rep_count=$(node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
		const a = r.rows[0]; console.log(a.decided, a.open, r.rows.length)' "$V/report.json" 2>/dev/null)
	: >"$V/report-cli.times"
	i=0
	while [ $i -lt "$REPORT_RUNS" ]; do
		t0=$(now)
		$VS --db "$DBB" report timeliness >"$V/report-cli.json" 2>&1 || FAIL=1
		elapsed "$t0" "$(now)" >>"$V/report-cli.times"
		i=$((i + 1))
	done
	rep_cli=$(median <"$V/report-cli.times")
	SQLF=-
	if command -v sqlite3 >/dev/null 2>&1; then
		: >"$V/sqlite.times"
		i=0
		while [ $i -lt "$REPORT_RUNS" ]; do
			t0=$(now)
			sqlite3 "$DBB" "SELECT count(*), avg(consent_s + questionnaire_s + initiation_s + investigation_s + adjudication_s) FROM cases" >"$V/sqlite.out"
			elapsed "$t0" "$(now)" >>"$V/sqlite.times"
			i=$((i + 1))
		done
		SQLF=$(median <"$V/sqlite.times")
	fi
	say "timeliness core and the store's share ($(fnum "$CASES") cases)"
	BENCH_PASSES=5 "$B/bench/timeliness" "$CASES" >"$V/timeliness.out" 2>&1 || FAIL=1
	core=$(vfield "$V/timeliness.out" total_s timeliness)
	BENCH_PASSES=3 "$B/bench/report" "$DBB" >"$V/report-breakdown.out" 2>&1 || FAIL=1
	bd() { vfield "$V/report-breakdown.out" seconds "$1"; }
	floor2=$(awk -v a="$SQLF" -v b="$core" 'BEGIN { if (a == "-" || b == "") print "-"; else printf "%.3f\n", a + b }')
	# a cheap request sent while a report runs (the store lock)
	: >"$V/me-during.times"
	i=0
	while [ $i -lt 3 ]; do
		curl -s -o /dev/null -H "Authorization: Bearer $aud" "$VURL/v1/reports/timeliness" &
		cpid=$!
		sleep 0.3
		curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $aud" "$VURL/v1/me" \
			>>"$V/me-during.times"
		wait "$cpid" || true
		i=$((i + 1))
	done
	: >"$V/me-idle.times"
	for i in 1 2 3; do
		curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $aud" "$VURL/v1/me" \
			>>"$V/me-idle.times"
	done
	vrow "GET /v1/reports/timeliness, $(fnum "$CASES") cases (auditor)" "$(ms "$rep_http")" "ms" \
		"$(ms "$floor2") ms (sqlite3 scan + core)" "$(ratio "$rep_http" "$floor2")" "<= 1000 ms" \
		"median of $REPORT_RUNS requests; decided, open, rows: ${rep_count:-?}"
	vrow "scs report timeliness, $(fnum "$CASES") cases" "$(ms "$rep_cli")" "ms" \
		"$(ms "$floor2") ms (sqlite3 scan + core)" "$(ratio "$rep_cli" "$floor2")" "<= 1000 ms" \
		"median of $REPORT_RUNS runs of the whole command"
	vrow "GET /v1/me sent 0.3 s into a report" "$(ms "$(median <"$V/me-during.times")")" "ms" \
		"$(ms "$(median <"$V/me-idle.times")") ms (idle)" \
		"$(ratio "$(median <"$V/me-during.times")" "$(median <"$V/me-idle.times")")" "-" \
		"median of 3 (curl, a new connection each); the report holds the server's one store lock for its whole scan"
	vrow "sqlite3: SELECT count(*), avg(phase sum) FROM cases (baseline)" "$(ms "$SQLF")" "ms" "-" "-" "-" \
		"the store's floor: one pass over the cases table of the same file (sqlite3 $(sqlite3 --version 2>/dev/null | cut -d' ' -f1), whole command)"
	vrow "core accumulator alone, $(fnum "$CASES") cases (baseline)" "$(ms "$core")" "ms" "-" "-" "-" \
		"bench/timeliness: scs_tl_add of every case + scs_tl_report, median of 5 passes (add $(ms "$(vfield "$V/timeliness.out" add_s timeliness)") ms)"
	vrow "where the report's time goes (bench/report, medians of 3)" "$(ms "$(bd store-tl)")" "ms" \
		"$(ms "$(bd sql-count)") ms (sql count)" "$(ratio "$(bd store-tl)" "$(bd sql-count)")" "-" \
		"store scan + scs_tl_add + report $(ms "$(bd store-tl)") ms = scs_store_rec_query alone (every unsealed column, ORDER BY id, read_rec) $(ms "$(bd store-scan)") ms + the core; without SCS, each row stepped in C: that SELECT $(ms "$(bd sql-rows)") ms in id order, $(ms "$(bd sql-rowid)") ms in table order; only the 12 columns the report reads, table order: $(ms "$(bd sql-need)") ms ($(ms "$(bd sql-mmap)") ms with mmap)"

	# -- 3. an investigator's queue page under load --
	if command -v wrk >/dev/null 2>&1; then
		inv=$(node bench/vetting.js login "$VURL" inv-sb-cao "$VPW")
		node bench/vetting.js pages "$VURL" "$inv" "$QUEUE_PAGES" "/v1/cases?limit=50" >"$V/q-pages.txt" ||
			FAIL=1
		head -n 1 "$V/q-pages.txt" >"$V/q-first.txt"
		node bench/vetting.js pages "$VURL" "$inv" "$QUEUE_PAGES" "/v1/cases?state=investigating&limit=50" \
			>"$V/q-open.txt" || FAIL=1
		echo /v1/me >"$V/q-me.txt"
		nb=$(sed -n 's/^body\.sb-cao //p' "$VC/cases.txt")
		for q in me first pages open; do
			say "queue under load: $q, wrk -t$WRK_THREADS -c$QUEUE_CONNECTIONS ${HTTP_SECONDS}s"
			BENCH_WRK_TOKEN=$inv BENCH_WRK_PATHS=$V/q-$q.txt wrk -t"$WRK_THREADS" -c"$QUEUE_CONNECTIONS" \
				-d"${HTTP_SECONDS}s" --latency -s bench/wrk_get.lua "$VURL/" >"$V/wrk-q-$q.out" 2>&1 || true
		done
		me99=$(wrk_pct "$V/wrk-q-me.out" 99%)
		for q in first pages open; do
			case $q in
			first) what="GET /v1/cases?limit=50 (first page)" ;;
			pages) what="GET /v1/cases?limit=50&after=... ($(wc -l <"$V/q-pages.txt") pages)" ;;
			open) what="GET /v1/cases?state=investigating&limit=50 (+ after=, $(wc -l <"$V/q-open.txt") pages)" ;;
			esac
			p99=$(wrk_pct "$V/wrk-q-$q.out" 99%)
			e=$(wrk_errs "$V/wrk-q-$q.out")
			[ -z "$e" ] || FAIL=1
			vrow "$what, investigator of sb-cao" "$p99" "ms p99" "$me99 ms (GET /v1/me p99)" \
				"$(ratio "$p99" "$me99")" "p99 <= 20 ms" \
				"p50 $(wrk_pct "$V/wrk-q-$q.out" 50%) ms at $(fnum "$(wrk_rps "$V/wrk-q-$q.out")") requests/s; wrk -t$WRK_THREADS -c$QUEUE_CONNECTIONS ${HTTP_SECONDS}s; the body has $(fnum "$nb") of the $(fnum "$CASES") cases${e:+; $e non-2xx}"
		done
		vrow "GET /v1/me, the same load (baseline)" "$me99" "ms p99" "-" "-" "-" \
			"p50 $(wrk_pct "$V/wrk-q-me.out" 50%) ms at $(fnum "$(wrk_rps "$V/wrk-q-me.out")") requests/s"
	else
		vnot "an investigator's queue page" "wrk is not installed and could not be"
	fi

	# -- 1 again: whole paths on the national register --
	if [ "$PATH_BIG" = 1 ]; then
		path_run national "$DBB" "$VP/big" "national register ($(fnum "$PERSONS") persons, $(fnum "$CASES") cases)" \
			"$PATH_CLIENTS" "$PATH_SECONDS" 0
	fi
	stop_db
	rm -rf "$DBB" "$DBB-wal" "$DBB-shm" "$DBB.keys" # large; the logs stay
}

print_vetting() {
	[ -s "$VROWS" ] || return 0
	echo
	echo "Vetting (issue 8): $(fnum "$CASES") cases over $(fnum "$PERSONS") persons (vgen, seed $SEED, now $VET_NOW); paths: $PATH_CLIENTS clients, ${PATH_SECONDS}s, $(fnum "$PATH_PERSONS")-person path register; SCS_PWHASH_COST=min"
	echo
	awk -F'\t' '
		function num(s,   o, n, i, f) {
			if (s == "-" || s !~ /^[0-9.]+$/) return s
			f = ""; if (s + 0 < 100 && s ~ /\./) return sprintf("%.2f", s)
			s = sprintf("%.0f", s); o = ""; n = length(s)
			for (i = 1; i <= n; i++) { o = o substr(s, i, 1); if ((n - i) % 3 == 0 && i < n) o = o "," }
			return o
		}
		BEGIN {
			print "| measure | value | unit | baseline (same run) | vs baseline | target | notes |"
			print "|---|---:|---|---|---:|---|---|"
		}
		{ printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, num($2), $3, $4, $5, $6, $7 }' "$VROWS"
	echo
}

# The web UI's first paint and readiness per page, in Chromium (bench/ui.js).
ui_rows() {
	[ "$SKIP_UI" = 1 ] && return 0
	if [ ! -x "${SCS_CHROMIUM:-/usr/bin/chromium}" ] || [ ! -d ui/node_modules/playwright-core ]; then
		say "web UI rows not measured: no Chromium or no ui/node_modules (make deps-test all)"
		return 0
	fi
	echo
	node bench/ui.js "$SCS" "$UI_LOADS" 2>"$RUN/ui.err" || { FAIL=1; say "bench/ui.js failed: $RUN/ui.err"; }
}

if [ "$UI_ONLY" = 1 ]; then
	mkdir -p "$RUN"
	ui_rows
	exit "$FAIL"
fi

if [ "$VETTING_ONLY" = 1 ]; then
	vetting_rows
	print_vetting
	if [ "$FAIL" != 0 ]; then
		say "a vetting measure failed: see the table and $RUN/vetting/"
		exit 1
	fi
	exit 0
fi

# ---- in process: decide (the index) and the floor ----
# RUNS runs of each, interleaved (decide, floor, decide, ...), so a burst
# of load from the machine's other tenants hits both; medians of the runs'
# medians are reported.
FLOOR_CMP=same
r=1
while [ $r -le "$RUNS" ]; do
	say "decide and floor ($PERSONS persons), run $r of $RUNS: load, build, $BENCH_PASSES passes"
	"$B/bench/decide" data "$W/register.jsonl" "$W/queries.jsonl" "$RUN/ans-decide-$r.bin" \
		>"$RUN/decide-$r.out" 2>&1 || { cat "$RUN/decide-$r.out" >&2; die "decide failed"; }
	"$B/bench/floor" data "$W/register.jsonl" "$W/queries.jsonl" "$RUN/ans-floor-$r.bin" \
		"$RUN/ans-decide-$r.bin" >"$RUN/floor-$r.out" 2>&1 || {
		rc=$?
		[ $rc = 3 ] || { cat "$RUN/floor-$r.out" >&2; die "floor failed"; }
	}
	if ! cmp -s "$RUN/ans-floor-$r.bin" "$RUN/ans-decide-$r.bin" ||
		! cmp -s "$RUN/ans-decide-$r.bin" "$RUN/ans-decide-1.bin"; then
		FLOOR_CMP=DIFFERENT
		FAIL=1
		say "FLOOR AND DECIDE DISAGREE:"
		grep '^MISMATCH' "$RUN/floor-$r.out" >&2 || true
	fi
	r=$((r + 1))
done
cp "$RUN/ans-decide-1.bin" "$RUN/ans-decide.bin"
cp "$RUN/decide-1.out" "$RUN/decide.out"
# mfield KEY ENGINE PREFIX: median over the runs' files PREFIX-N.out
mfield() {
	for f in "$RUN/$3"-[0-9]*.out; do field "$f" "$1" "$2"; done | median
}
# spread KEY ENGINE PREFIX: "a .. b" over the runs
spread() {
	for f in "$RUN/$3"-[0-9]*.out; do field "$f" "$1" "$2"; done | sort -g |
		awk '{ v[NR] = $1 } END { printf "%.1fM .. %.1fM\n", v[1] / 1e6, v[NR] / 1e6 }'
}
F_DPS=$(mfield dps floor floor)
FE_DPS=$(mfield dps floor-e2e floor)
D_DPS=$(mfield dps decide-handles decide)
DE_DPS=$(mfield dps decide-e2e decide)
DR_S=$(mfield median_s decide-resolve decide)
DR_LPS=$(mfield lookups_per_s decide-resolve decide)
IDX_S=$(mfield index_s decide-build decide)
BPS=$(field "$RUN/decide.out" bytes_per_subject decide-build)
LOAD_S=$(mfield load_s decide-build decide)
IDX_MIB=$(field "$RUN/decide.out" bytes decide-build | awk '{ printf "%.1f", $1 / 1048576 }')
ALLOWS=$(field "$RUN/decide.out" allows decide-handles)
row "floor: plain-array C loop, ids resolved" "$F_DPS" "1.00x" "$FLOOR_CMP" "-" "-" \
	"the baseline; $(awk -v a="$ALLOWS" -v n="$QUERIES" 'BEGIN { printf "%.1f", 100 * a / n }')% allowed; runs $(spread dps floor floor)"
row "scs_index_decide, handles" "$D_DPS" "$(ratio "$D_DPS" "$F_DPS")" "$FLOOR_CMP" "$IDX_S" "$BPS" \
	"target >= 0.5x floor (within 2x); runs $(spread dps decide-handles decide); index $IDX_MIB MiB; build = scs_index_add_* + scs_index_build (JSON parse+codec: $(awk -v a="$LOAD_S" 'BEGIN { printf "%.1f", a }') s more)"
row "ids -> handles (scs_index_subject+item)" \
	"$(awk -v s="$DR_S" -v n="$QUERIES" 'BEGIN { printf "%.0f", n / s }')" "-" "-" "-" "-" \
	"queries resolved/s; $(fnum "$DR_LPS") lookups/s"
row "scs_index_decide, end to end (id lookups + decide)" "$DE_DPS" "$(ratio "$DE_DPS" "$F_DPS")" \
	same "-" "-" "floor with its own id lookups: $(fnum "$FE_DPS")/s ($(ratio "$DE_DPS" "$FE_DPS") of it)"
DB_DPS=$(mfield dps decide-e2e-batched decide)
DB_R=$(mfield ratio_to_handles decide-e2e-batched decide)
row "scs_index_decide, end to end, batched" "$DB_DPS" "$(ratio "$DB_DPS" "$F_DPS")" \
	same "-" "-" "ids of $(field "$RUN/decide.out" batch decide-e2e-batched) queries resolved together (scs_index_resolve_many), as check --batch and POST /v1/decisions arrays; $(awk -v r="$DB_R" 'BEGIN { printf "%.2f", r }')x of handles in the same passes (target >= 0.5x)"

# ---- Casbin and Cedar (node) ----
if [ "$SKIP_JS" = 1 ]; then
	not_measured "casbin (node-casbin 5.51.1)" "SKIP_JS=1"
	not_measured "cedar (cedar-wasm 4.13.0)" "SKIP_JS=1"
else
	lock=$(sha256sum bench/package-lock.json | cut -c1-16)
	if [ "$(cat bench/node_modules/.scs-lock 2>/dev/null)" != "$lock" ]; then
		say "npm ci (bench/package-lock.json)"
		(cd bench && npm ci --no-audit --no-fund --loglevel=error) >"$RUN/npm.log" 2>&1 ||
			{ cat "$RUN/npm.log" >&2; die "npm ci failed"; }
		echo "$lock" >bench/node_modules/.scs-lock
	fi
	say "casbin: $CASBIN_QUERIES queries x $BENCH_JS_PASSES passes"
	if node bench/casbin.js data "$W/register.jsonl" "$W/queries.jsonl" "$RUN/ans-decide.bin" \
		"$CASBIN_QUERIES" >"$RUN/casbin.out" 2>&1 || grep -q '^RESULT' "$RUN/casbin.out"; then
		v=$(field "$RUN/casbin.out" dps)
		a=$(field "$RUN/casbin.out" answers)
		[ "$a" = same ] || FAIL=1
		row "casbin 5.51.1 enforceSync (node $(node --version))" "$v" "$(ratio "$v" "$F_DPS")" \
			"$a (allow/deny)" "-" "-" \
			"first $(fnum "$CASBIN_QUERIES") queries; decide handles / casbin = $(ratio "$D_DPS" "$v") (target >= 100x)"
	else
		cat "$RUN/casbin.out" >&2
		not_measured "casbin 5.51.1" "casbin.js failed (see $RUN/casbin.out)"
		FAIL=1
	fi
	say "cedar: $CEDAR_QUERIES queries x $BENCH_JS_PASSES passes"
	if node bench/cedar.js data "$W/register.jsonl" "$W/queries.jsonl" "$RUN/ans-decide.bin" \
		"$CEDAR_QUERIES" >"$RUN/cedar.out" 2>&1 || grep -q '^RESULT' "$RUN/cedar.out"; then
		v=$(field "$RUN/cedar.out" dps)
		a=$(field "$RUN/cedar.out" answers)
		[ "$a" = same ] || FAIL=1
		row "cedar-wasm 4.13.0 statefulIsAuthorized" "$v" "$(ratio "$v" "$F_DPS")" \
			"$a (allow/deny)" "-" "-" \
			"first $(fnum "$CEDAR_QUERIES") queries; entity slice as of t built per call; decide handles / cedar = $(ratio "$D_DPS" "$v") (target >= 3000x)"
	else
		cat "$RUN/cedar.out" >&2
		not_measured "cedar-wasm 4.13.0" "cedar.js failed (see $RUN/cedar.out)"
		FAIL=1
	fi
fi

# ---- national scale ----
if [ "$BIG_PERSONS" -gt 0 ] 2>/dev/null; then
	WB=$(workload "$BIG_PERSONS" "$ITEMS")
	say "decide ($BIG_PERSONS persons): load, build, $BENCH_PASSES passes (about a minute)"
	"$B/bench/decide" data "$WB/register.jsonl" "$WB/queries.jsonl" "$RUN/ans-decide-big.bin" \
		>"$RUN/decide-big.out" 2>&1 || { cat "$RUN/decide-big.out" >&2; die "decide (big) failed"; }
	BD_DPS=$(field "$RUN/decide-big.out" dps decide-handles)
	BDE_DPS=$(field "$RUN/decide-big.out" dps decide-e2e)
	B_IDX=$(field "$RUN/decide-big.out" index_s decide-build)
	B_BPS=$(field "$RUN/decide-big.out" bytes_per_subject decide-build)
	B_LOAD=$(field "$RUN/decide-big.out" load_s decide-build)
	B_ADD=$(field "$RUN/decide-big.out" add_s decide-build)
	B_BUILD=$(field "$RUN/decide-big.out" build_s decide-build)
	B_RSS=$(field "$RUN/decide-big.out" peak_rss_kb decide-build)
	B_MIB=$(field "$RUN/decide-big.out" bytes decide-build | awk '{ printf "%.0f", $1 / 1048576 }')
	BF_DPS=-
	BIG_CMP="-"
	avail=$(awk '/^MemAvailable:/ { print int($2 / 1024 / 1024) }' /proc/meminfo)
	if [ "$BIG_FLOOR" = 1 ] && [ "${avail:-0}" -ge 6 ]; then
		say "floor ($BIG_PERSONS persons)"
		"$B/bench/floor" data "$WB/register.jsonl" "$WB/queries.jsonl" "$RUN/ans-floor-big.bin" \
			"$RUN/ans-decide-big.bin" >"$RUN/floor-big.out" 2>&1 || {
			rc=$?
			[ $rc = 3 ] || { cat "$RUN/floor-big.out" >&2; die "floor (big) failed"; }
		}
		BF_DPS=$(field "$RUN/floor-big.out" dps floor)
		if cmp -s "$RUN/ans-floor-big.bin" "$RUN/ans-decide-big.bin"; then
			BIG_CMP=same
		else
			BIG_CMP=DIFFERENT
			FAIL=1
			grep '^MISMATCH' "$RUN/floor-big.out" >&2 || true
		fi
		row "floor at $(fnum "$BIG_PERSONS") persons" "$BF_DPS" "1.00x" "$BIG_CMP" "-" "-" \
			"$(ratio "$BF_DPS" "$F_DPS") of the floor at $(fnum "$PERSONS")"
	else
		not_measured "floor at $(fnum "$BIG_PERSONS") persons" "BIG_FLOOR=$BIG_FLOOR, ${avail:-?} GiB available"
	fi
	row "scs_index_decide, handles, $(fnum "$BIG_PERSONS") persons" "$BD_DPS" "$(ratio "$BD_DPS" "$BF_DPS")" \
		"$BIG_CMP" "$B_IDX" "$B_BPS" \
		"$(ratio "$BD_DPS" "$D_DPS") of the $(fnum "$PERSONS") figure (target >= 0.5x); build = add $B_ADD s + build $B_BUILD s (target <= 10 s; JSON parse+codec $(awk -v a="$B_LOAD" -v b="$B_ADD" 'BEGIN { printf "%.0f", a - b }') s more); index $B_MIB MiB (target <= 100 bytes/subject); peak RSS $(awk -v k="$B_RSS" 'BEGIN { printf "%.0f", k / 1024 }') MiB"
	row "scs_index_decide, end to end, $(fnum "$BIG_PERSONS") persons" "$BDE_DPS" \
		"$(ratio "$BDE_DPS" "$BF_DPS")" same "-" "-" "$(ratio "$BDE_DPS" "$DE_DPS") of the $(fnum "$PERSONS") end-to-end figure"
	BDB_DPS=$(field "$RUN/decide-big.out" dps decide-e2e-batched)
	row "scs_index_decide, end to end, batched, $(fnum "$BIG_PERSONS") persons" "$BDB_DPS" \
		"$(ratio "$BDB_DPS" "$BF_DPS")" same "-" "-" "$(awk -v r="$(field "$RUN/decide-big.out" ratio_to_handles decide-e2e-batched)" 'BEGIN { printf "%.2f", r }')x of handles in the same passes"
fi

# ---- scs: import, check --batch, HTTP ----
scs_rows() {
	if [ "$SKIP_SCS" = 1 ]; then
		not_measured "scs import / check --batch / HTTP" "SKIP_SCS=1"
		return 0
	fi
	if [ "$SCS_OK" != 1 ] || [ ! -x "$SCS" ]; then
		not_measured "scs check --batch" "make all failed"
		not_measured "HTTP POST /v1/decisions" "make all failed"
		return 0
	fi
	D=$RUN/scs
	rm -rf "$D"
	mkdir -p "$D"
	DB=$D/scs.db
	pw=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
	if ! SCS_ADMIN_PASSWORD="bench-$pw" $SCS --db "$DB" init --org scs-bench \
		--org-name "SCS benchmark" --country JPN >"$D/init.log" 2>&1; then
		not_measured "scs check --batch" "scs init failed: $(tail -n 1 "$D/init.log")"
		not_measured "HTTP POST /v1/decisions" "scs init failed"
		return 0
	fi
	say "scs import of the $(fnum "$PERSONS")-person register"
	t0=$(now)
	if ! $SCS --db "$DB" import "$W/register.jsonl" >"$D/import.log" 2>&1; then
		not_measured "scs import" "$(tail -n 2 "$D/import.log" | tr '\n' ' ')"
		not_measured "scs check --batch" "scs import failed"
		not_measured "HTTP POST /v1/decisions" "scs import failed"
		return 0
	fi
	imp_s=$(elapsed "$t0" "$(now)")
	nrec=$(wc -l <"$W/register.jsonl")
	SQ_ADMIN_PW="bench-$pw"
	SQ_IMP_S=$imp_s
	SQ_IMP_RPS=$(awk -v n="$nrec" -v s="$imp_s" 'BEGIN { printf "%.0f", n / s }')
	row "scs import into SQLite, $(fnum "$PERSONS") persons" \
		"$(awk -v n="$nrec" -v s="$imp_s" 'BEGIN { printf "%.0f", n / s }')" "-" "-" "-" "-" \
		"records/s, not decisions: $(fnum "$nrec") records in $imp_s s (target >= 200k/s at 5M; sqlite3 .import baseline not run)"

	# -- check --batch --
	need_pkg jq jq || true
	if ! $SCS help check 2>/dev/null | grep -q -- '--batch'; then
		not_measured "scs check --batch" "build/scs has no check --batch"
	else
		if command -v jq >/dev/null 2>&1; then
			: >"$D/jq.times"
			i=0
			while [ $i -lt "$CHECK_RUNS" ]; do
				t0=$(now)
				jq -c . "$W/queries.jsonl" >/dev/null
				elapsed "$t0" "$(now)" >>"$D/jq.times"
				i=$((i + 1))
			done
			secs=$(median <"$D/jq.times")
			JQ_LPS=$(awk -v n="$QUERIES" -v s="$secs" 'BEGIN { printf "%.0f", n / s }')
			row "jq -c . over the query lines (baseline)" "$JQ_LPS" "-" "-" "-" "-" "lines/s, $(jq --version)"
		else
			not_measured "jq -c . (baseline)" "jq is not installed and could not be"
		fi
		head -n 1 "$W/queries.jsonl" >"$D/one.jsonl"
		for mode in default count; do
			opt=""
			[ "$mode" = count ] && opt="--audit count"
			if [ "$mode" = count ] && ! $SCS help check 2>/dev/null | grep -q -- '--audit'; then
				continue
			fi
			: >"$D/check-$mode.times"
			: >"$D/check-$mode.start"
			i=0
			ok=1
			while [ $i -lt "$CHECK_RUNS" ]; do
				t0=$(now)
				# shellcheck disable=SC2086
				$SCS --db "$DB" check --batch "$D/one.jsonl" $opt >/dev/null 2>"$D/check.err" || true
				elapsed "$t0" "$(now)" >>"$D/check-$mode.start"
				t0=$(now)
				# shellcheck disable=SC2086
				if ! $SCS --db "$DB" check --batch "$W/queries.jsonl" $opt >"$D/check-$mode.jsonl" 2>"$D/check.err"; then
					ok=0
					break
				fi
				elapsed "$t0" "$(now)" >>"$D/check-$mode.times"
				i=$((i + 1))
			done
			name="scs check --batch${opt:+ $opt}"
			if [ $ok = 0 ]; then
				not_measured "$name" "it failed: $(tail -n 1 "$D/check.err")"
				continue
			fi
			node bench/answers.js lines "$D/check-$mode.jsonl" "$RUN/ans-decide.bin" >"$D/check-$mode.cmp" 2>&1 || true
			a=$(field "$D/check-$mode.cmp" answers)
			[ "$a" = same ] || { FAIL=1; grep MISMATCH "$D/check-$mode.cmp" >&2 || true; }
			secs=$(median <"$D/check-$mode.times")
			start=$(median <"$D/check-$mode.start")
			dps=$(awk -v n="$QUERIES" -v s="$secs" 'BEGIN { printf "%.0f", n / s }')
			steady=$(awk -v n="$QUERIES" -v s="$secs" -v z="$start" 'BEGIN { if (s > z) printf "%.0f", n / (s - z); else print "-" }')
			if [ "$mode" = default ]; then
				SQ_CHECK_DPS=$dps
				note="audit of every deny (the default); whole command incl. index load"
			else
				note="decisions only counted in the audit log; whole command incl. index load"
			fi
			row "$name" "$dps" "$(ratio "$dps" "$F_DPS")" "${a:-?}" "-" "-" \
				"$note ($start s for a 1-line batch; $(fnum "$steady")/s without it); $(ratio "$dps" "${JQ_LPS:-0}") of jq; target >= 1M/s"
		done
		# The index at start: read from the index cache (what the runs
		# above did) against a full build from the register.
		: >"$D/load-cache.times"
		: >"$D/load-build.times"
		i=0
		while [ $i -lt "$CHECK_RUNS" ]; do
			t0=$(now)
			$SCS --db "$DB" check --batch "$D/one.jsonl" >/dev/null 2>&1 || true
			elapsed "$t0" "$(now)" >>"$D/load-cache.times"
			t0=$(now)
			SCS_INDEX_CACHE=off $SCS --db "$DB" check --batch "$D/one.jsonl" >/dev/null 2>&1 || true
			elapsed "$t0" "$(now)" >>"$D/load-build.times"
			i=$((i + 1))
		done
		lc=$(median <"$D/load-cache.times")
		lb=$(median <"$D/load-build.times")
		row "scs check, 1 line: index from the cache vs built" "-" "-" "-" "$lc" "-" \
			"seconds, whole command; built from the register (SCS_INDEX_CACHE=off): $lb s; $(awk -v a="$lb" -v b="$lc" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "-" }') faster from the cache"
	fi

	# -- HTTP --
	if ! need_pkg wrk wrk; then
		not_measured "HTTP POST /v1/decisions" "wrk is not installed and could not be"
		return 0
	fi
	key=$($SCS --db "$DB" user add bench-rp --org scs-bench --role relying_system 2>&1 |
		sed -n 's/.*API key (shown once): *\(scs_[A-Za-z0-9_-]*\).*/\1/p')
	if [ -z "$key" ]; then
		not_measured "HTTP POST /v1/decisions" "scs user add --role relying_system printed no API key"
		return 0
	fi
	$SCS --db "$DB" serve --listen 127.0.0.1:0 >"$D/serve.log" 2>&1 &
	spid=$!
	PIDS="$PIDS $spid"
	url=""
	i=0
	while [ $i -lt 300 ] && [ -z "$url" ]; do
		url=$(sed -n 's|.*\(http://127\.0\.0\.1:[0-9]*\).*|\1|p' "$D/serve.log" | head -n 1)
		kill -0 "$spid" 2>/dev/null || break
		[ -n "$url" ] || sleep 0.1
		i=$((i + 1))
	done
	if [ -z "$url" ]; then
		not_measured "HTTP POST /v1/decisions" "scs serve did not start: $(tail -n 1 "$D/serve.log")"
		return 0
	fi
	say "scs serve at $url"
	code=$(curl -s -o "$D/probe.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $key" \
		-H 'Content-Type: application/json' --data "$(head -n 1 "$W/queries.jsonl")" "$url/v1/decisions" || true)
	if [ "$code" != 200 ] || ! grep -q '"allow"' "$D/probe.json"; then
		not_measured "HTTP POST /v1/decisions" "probe answered HTTP $code: $(head -c 200 "$D/probe.json")"
		kill "$spid" 2>/dev/null || true
		return 0
	fi
	node bench/answers.js http "$url/v1/decisions" "$key" "$W/queries.jsonl" "$RUN/ans-decide.bin" \
		2000 1000 >"$D/http.cmp" 2>&1 || true
	a1=$(field "$D/http.cmp" answers http-single)
	ab=$(field "$D/http.cmp" answers http-batch)
	if [ "$a1" != same ] || [ "$ab" != same ]; then
		FAIL=1
		cat "$D/http.cmp" >&2
	fi

	wrk_run() { # NAME BATCH DELAY CONNECTIONS [URL]
		BENCH_WRK_KEY=$key BENCH_WRK_QUERIES=$W/queries.jsonl BENCH_WRK_BATCH=$2 \
			BENCH_WRK_DELAY_MS=$3 BENCH_WRK_MAXQ=$([ "$2" -gt 0 ] && echo 100000 || echo 20000) \
			wrk -t"$WRK_THREADS" -c"$4" -d"${HTTP_SECONDS}s" --latency -s bench/wrk_decide.lua \
			"${5:-$url/v1/decisions}" >"$D/wrk-$1.out" 2>&1 || true
	}
	# seconds until the server is idle again (under 5% of a core over a
	# second; at most 300 s): it audits decisions after answering them
	cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
	wait_idle() {
		t0=$(now)
		n=0
		while [ $n -lt 300 ] && kill -0 "$1" 2>/dev/null; do
			a=$(cpu_ticks "$1")
			sleep 1
			b=$(cpu_ticks "$1")
			[ $((b - a)) -lt 5 ] && break
			n=$((n + 1))
		done
		awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.0f\n", b - a - 1 }'
	}
	rps() { sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$1"; }
	p99() { awk '$1 == "99%" { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
		if (u == "us") v /= 1000; else if (u == "s") v *= 1000; else if (u == "m") v *= 60000
		printf "%.2f\n", v }' "$1"; }
	errs() { sed -n 's/^ *Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$1"; }

	# nginx baseline: a fixed 200 on loopback, same wrk settings
	NGINX_RPS=""
	if need_pkg nginx nginx-light; then
		nd=$(pwd)/$D/nginx
		mkdir -p "$nd/logs"
		nport=$(free_port)
		cat >"$nd/nginx.conf" <<-EOF
			worker_processes auto;
			pid $nd/nginx.pid;
			error_log $nd/logs/error.log;
			events { worker_connections 4096; }
			http {
			    access_log off;
			    client_body_temp_path $nd/body; proxy_temp_path $nd/proxy;
			    fastcgi_temp_path $nd/fastcgi; uwsgi_temp_path $nd/uwsgi; scgi_temp_path $nd/scgi;
			    server { listen 127.0.0.1:$nport; location / { return 200 "ok\n"; } }
			}
		EOF
		nginx -p "$nd" -c "$nd/nginx.conf" -g 'daemon off;' >"$nd/logs/stdout" 2>&1 &
		npid=$!
		PIDS="$PIDS $npid"
		sleep 1
		say "nginx baseline: wrk ${HTTP_SECONDS}s"
		wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${HTTP_SECONDS}s" --latency \
			"http://127.0.0.1:$nport/" >"$D/wrk-nginx.out" 2>&1 || true
		kill "$npid" 2>/dev/null || true
		wait "$npid" 2>/dev/null || true
		NGINX_RPS=$(rps "$D/wrk-nginx.out")
		row "nginx $(nginx -v 2>&1 | sed 's|.*nginx/||') fixed 200 (baseline)" "${NGINX_RPS:--}" "-" "-" "-" "-" \
			"requests/s, GET, worker_processes auto ($(nproc)), wrk -t$WRK_THREADS -c$WRK_CONNECTIONS ${HTTP_SECONDS}s keep-alive; p99 $(p99 "$D/wrk-nginx.out") ms"
	else
		not_measured "nginx fixed 200 (baseline)" "nginx is not installed and could not be"
	fi

	say "HTTP one decision per request: wrk ${HTTP_SECONDS}s, $WRK_CONNECTIONS connections"
	wrk_run single 0 0 "$WRK_CONNECTIONS"
	r=$(rps "$D/wrk-single.out")
	if [ -z "$r" ]; then
		not_measured "HTTP POST /v1/decisions, one per request" "wrk failed: $(tail -n 1 "$D/wrk-single.out")"
	else
		e=$(errs "$D/wrk-single.out")
		drain1=$(wait_idle "$spid")
		SQ_H1=$r
		SQ_H1_D=$drain1
		SQ_H1_P99=$(p99 "$D/wrk-single.out")
		vs=""
		[ -n "$NGINX_RPS" ] && vs="; $(ratio "$r" "$NGINX_RPS") of nginx (target >= 0.6x)"
		row "HTTP POST /v1/decisions, one per request" "$r" "$(ratio "$r" "$F_DPS")" "${a1:-?} (first 2,000)" "-" "-" \
			"requests/s, wrk -t$WRK_THREADS -c$WRK_CONNECTIONS ${HTTP_SECONDS}s keep-alive; p99 $(p99 "$D/wrk-single.out") ms at full load${vs}; busy $drain1 s more auditing${e:+; $e non-2xx}"
		# paced to about half the rate: each connection waits 2 ms between requests
		# (wrk paces by a pause per connection: about connections /
		# (2 ms + latency) requests/s; one correction after a first try)
		half=$(awk -v r="$r" 'BEGIN { printf "%.0f", r / 2 }')
		conns=$(awk -v r="$half" 'BEGIN { c = int(r * 0.002 + 0.5); if (c < 1) c = 1; if (c > 512) c = 512; print c }')
		say "HTTP paced near $half requests/s: $conns connections x 2 ms pauses"
		wrk_run half 0 2 "$conns"
		rh=$(rps "$D/wrk-half.out")
		wait_idle "$spid" >/dev/null
		conns2=$(awk -v h="$half" -v g="${rh:-0}" -v c="$conns" 'BEGIN { if (g < 0.9 * h && g > 0) {
			c = int(c * h / g + 0.5); if (c > 512) c = 512 } print c }')
		if [ "$conns2" != "$conns" ]; then
			conns=$conns2
			say "HTTP paced near $half requests/s: again with $conns connections"
			wrk_run half 0 2 "$conns"
			rh=$(rps "$D/wrk-half.out")
			wait_idle "$spid" >/dev/null
		fi
		eh=$(errs "$D/wrk-half.out")
		row "HTTP POST /v1/decisions, paced near half rate" "${rh:--}" "-" "-" "-" "-" \
			"p99 $(p99 "$D/wrk-half.out") ms at $(fnum "${rh:-0}") requests/s (target p99 <= 5 ms at half rate; $conns connections x 2 ms pauses)${eh:+; $eh non-2xx}"
	fi
	say "HTTP batches of 1,000: wrk ${HTTP_SECONDS}s, $BATCH_CONNECTIONS connections"
	wrk_run batch 1000 0 "$BATCH_CONNECTIONS"
	r=$(rps "$D/wrk-batch.out")
	if [ -z "$r" ]; then
		not_measured "HTTP POST /v1/decisions, batches of 1,000" "wrk failed: $(tail -n 1 "$D/wrk-batch.out")"
	else
		e=$(errs "$D/wrk-batch.out")
		drainb=$(wait_idle "$spid")
		hwm=$(awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$spid/status" 2>/dev/null || echo "?")
		dps=$(awk -v r="$r" 'BEGIN { printf "%.0f", r * 1000 }')
		SQ_HB=$dps
		SQ_HB_D=$drainb
		SQ_HB_P99=$(p99 "$D/wrk-batch.out")
		row "HTTP POST /v1/decisions, batches of 1,000" "$dps" "$(ratio "$dps" "$F_DPS")" "${ab:-?} (first 10,000)" "-" "-" \
			"$(printf '%.1f' "$r") requests/s x 1,000; wrk -t$WRK_THREADS -c$BATCH_CONNECTIONS ${HTTP_SECONDS}s; p99 $(p99 "$D/wrk-batch.out") ms per batch; target >= 1M/s; then busy $drainb s auditing (server peak RSS $hwm MiB)${e:+; $e non-2xx}"
	fi
	kill "$spid" 2>/dev/null || true
	i=0
	while [ $i -lt 600 ] && kill -0 "$spid" 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -9 "$spid" 2>/dev/null || true
	wait "$spid" 2>/dev/null || true
}

# ---- PostgreSQL (issue 10): the same register on one PostgreSQL ----
# Its own table (bench/data/run/prows.tsv), in the vetting table's columns:
# each figure beside SQLite's from the same run (scs_rows above: SQ_*).
PROWS=$RUN/prows.tsv
: >"$PROWS"
prow() { # MEASURE VALUE UNIT BASELINE VS TARGET NOTES ("-" for none)
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6" "$7" >>"$PROWS"
}
pnot() { # MEASURE REASON
	prow "$1" "-" "-" "-" "-" "-" "not measured: $2"
	say "$1: not measured: $2"
}

# CPU ticks of the processes given and of the PostgreSQL server's
# processes (children of the postmaster): after a load the nodes still
# audit the decisions they answered, and the server writes them.
pg_ticks() {
	pm=$(head -n 1 "$PG_DIR/data/postmaster.pid" 2>/dev/null || echo 0)
	{
		for p in "$@" $(ps -o pid= --ppid "$pm" 2>/dev/null) "$pm"; do
			awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || true
		done
	} | awk '{ t += $1 } END { print t + 0 }'
}
# pg_quiet PID...: seconds until the nodes and the server are idle (under
# 5% of a core over a second; at most 300 s)
pg_quiet() {
	t0=$(now)
	n=0
	while [ $n -lt 300 ]; do
		a=$(pg_ticks "$@")
		sleep 1
		b=$(pg_ticks "$@")
		[ $((b - a)) -lt 5 ] && break
		n=$((n + 1))
	done
	awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.0f\n", b - a - 1 }'
}

# pg_node NAME DB: `scs serve` on DB (a URL or a file) with the key
# directory PKEYS; sets NURL and NPID
pg_node() {
	: >"$P/serve-$1.log"
	env SCS_KEYS="$PKEYS" $SCS --db "$2" serve --listen 127.0.0.1:0 >"$P/serve-$1.log" 2>&1 &
	NPID=$!
	PIDS="$PIDS $NPID"
	NURL=""
	i=0
	while [ $i -lt 600 ] && [ -z "$NURL" ]; do
		NURL=$(sed -n 's|.*\(http://127\.0\.0\.1:[0-9]*\).*|\1|p' "$P/serve-$1.log" | head -n 1)
		kill -0 "$NPID" 2>/dev/null || break
		[ -n "$NURL" ] || sleep 0.1
		i=$((i + 1))
	done
	[ -n "$NURL" ]
}
pg_stop_node() { # PID
	kill "$1" 2>/dev/null || true
	i=0
	while [ $i -lt 600 ] && kill -0 "$1" 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -9 "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}

# pg_wrk NAME BATCH THREADS CONNECTIONS URL: wrk as scs_rows runs it
pg_wrk() {
	BENCH_WRK_KEY=$PKEY BENCH_WRK_QUERIES=$W/queries.jsonl BENCH_WRK_BATCH=$2 BENCH_WRK_DELAY_MS=0 \
		BENCH_WRK_MAXQ=$([ "$2" -gt 0 ] && echo 100000 || echo 20000) \
		wrk -t"$3" -c"$4" -d"${HTTP_SECONDS}s" --latency -s bench/wrk_decide.lua \
		"$5/v1/decisions" >"$P/wrk-$1.out" 2>&1 || true
}
# sustained DPS DRAIN: decisions/s over the load and the audit drain after it
sustained() { awk -v r="$1" -v d="$2" -v s="$HTTP_SECONDS" 'BEGIN { if (r == "" || r == "-" || d == "") print "-"
	else printf "%.0f\n", r * s / (s + d) }'; }
p_rps() { sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$1"; }

# pg_fresh NAME A_URL B_URL PASSWORD: decision freshness A -> B
pg_fresh() {
	say "freshness across two nodes ($1): $FRESH_TRIALS trials"
	node bench/freshness.js "$2" "$3" "$4" "$5" "$W/queries.jsonl" "$FRESH_TRIALS" \
		>"$P/fresh-$1.out" 2>&1 || { FAIL=1; cat "$P/fresh-$1.out" >&2; }
}

pg_rows() {
	if [ "$SKIP_PG" = 1 ] || [ "$SKIP_SCS" = 1 ]; then
		pnot "PostgreSQL (issue 10)" "SKIP_PG=$SKIP_PG SKIP_SCS=$SKIP_SCS"
		return 0
	fi
	if [ "$SCS_OK" != 1 ] || [ ! -x "$SCS" ]; then
		pnot "PostgreSQL (issue 10)" "make all failed"
		return 0
	fi
	P=$RUN/pg
	rm -rf "$P"
	mkdir -p "$P"
	PKEYS=$(pwd)/$P/keys
	if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
		say "installing postgresql"
		apt-get install -y --no-install-recommends postgresql >"$RUN/apt-postgresql.log" 2>&1 || true
	fi
	PG_DIR=$(pwd)/$P/server
	say "starting PostgreSQL (tests/pg.sh) in $PG_DIR"
	if ! sh tests/pg.sh start "$PG_DIR" >"$P/pg-start.log" 2>&1 ||
		! PURL=$(sh tests/pg.sh createdb "$PG_DIR" bench 2>>"$P/pg-start.log"); then
		pnot "PostgreSQL (issue 10)" "tests/pg.sh start failed: $(tail -n 1 "$P/pg-start.log")"
		sh tests/pg.sh stop "$PG_DIR" >/dev/null 2>&1 || true
		PG_DIR=""
		return 0
	fi
	pgv=$("$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/postgres" --version |
		sed -n 's/^postgres (PostgreSQL) \([0-9.]*\).*/PostgreSQL \1/p')
	PS="env SCS_KEYS=$PKEYS $SCS --db $PURL"
	PPW=bench-$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
	nrec=$(wc -l <"$W/register.jsonl")
	if ! SCS_ADMIN_PASSWORD=$PPW $PS init --org scs-bench --org-name "SCS benchmark" --country JPN \
		>"$P/init.log" 2>&1; then
		pnot "PostgreSQL (issue 10)" "scs init failed: $(tail -n 1 "$P/init.log")"
		return 0
	fi

	# -- import --
	say "scs import of the $(fnum "$PERSONS")-person register into $pgv"
	t0=$(now)
	if ! $PS import "$W/register.jsonl" >"$P/import.log" 2>&1; then
		pnot "scs import into PostgreSQL" "$(tail -n 2 "$P/import.log" | tr '\n' ' ')"
		return 0
	fi
	imp_s=$(elapsed "$t0" "$(now)")
	rps=$(awk -v n="$nrec" -v s="$imp_s" 'BEGIN { printf "%.0f", n / s }')
	prow "scs import, $(fnum "$PERSONS") persons ($(fnum "$nrec") records)" "$rps" "records/s" \
		"$(fnum "${SQ_IMP_RPS:--}")/s (SQLite, $SQ_IMP_S s)" "$(ratio "$rps" "${SQ_IMP_RPS:-0}")" \
		">= 200k/s at 5M (both)" "$imp_s s, one transaction, each record audited; the same register file"

	# -- check --batch, every deny audited (the default) --
	: >"$P/check.times"
	i=0
	ok=1
	while [ $i -lt "$CHECK_RUNS" ]; do
		t0=$(now)
		if ! $PS check --batch "$W/queries.jsonl" >"$P/check.jsonl" 2>"$P/check.err"; then
			ok=0
			break
		fi
		elapsed "$t0" "$(now)" >>"$P/check.times"
		i=$((i + 1))
	done
	if [ $ok = 0 ]; then
		pnot "scs check --batch on PostgreSQL" "it failed: $(tail -n 1 "$P/check.err")"
	else
		node bench/answers.js lines "$P/check.jsonl" "$RUN/ans-decide.bin" >"$P/check.cmp" 2>&1 || true
		a=$(field "$P/check.cmp" answers)
		[ "$a" = same ] || { FAIL=1; grep MISMATCH "$P/check.cmp" >&2 || true; }
		secs=$(median <"$P/check.times")
		dps=$(awk -v n="$QUERIES" -v s="$secs" 'BEGIN { printf "%.0f", n / s }')
		prow "scs check --batch (every deny audited), $(fnum "$QUERIES") queries" "$dps" "lines/s" \
			"$(fnum "${SQ_CHECK_DPS:--}")/s (SQLite)" "$(ratio "$dps" "${SQ_CHECK_DPS:-0}")" ">= 1M/s" \
			"median of $CHECK_RUNS runs of the whole command incl. index load; answers vs decide: ${a:-?}; $(ratio "$dps" "${JQ_LPS:-0}") of jq -c . ($(fnum "${JQ_LPS:--}")/s)"
	fi

	# -- HTTP: one node, then two --
	PKEY=$($PS user add bench-rp --org scs-bench --role relying_system 2>&1 |
		sed -n 's/.*API key (shown once): *\(scs_[A-Za-z0-9_-]*\).*/\1/p')
	if [ -z "$PKEY" ]; then
		pnot "HTTP POST /v1/decisions on PostgreSQL" "scs user add --role relying_system printed no API key"
		return 0
	fi
	if ! need_pkg wrk wrk; then
		pnot "HTTP POST /v1/decisions on PostgreSQL" "wrk is not installed and could not be"
	elif ! pg_node A "$PURL"; then
		pnot "HTTP POST /v1/decisions on PostgreSQL" "scs serve did not start: $(tail -n 1 "$P/serve-A.log")"
	else
		AURL=$NURL
		APID=$NPID
		node bench/answers.js http "$AURL/v1/decisions" "$PKEY" "$W/queries.jsonl" "$RUN/ans-decide.bin" \
			2000 1000 >"$P/http.cmp" 2>&1 || true
		a1=$(field "$P/http.cmp" answers http-single)
		ab=$(field "$P/http.cmp" answers http-batch)
		if [ "$a1" != same ] || [ "$ab" != same ]; then
			FAIL=1
			cat "$P/http.cmp" >&2
		fi
		pg_quiet "$APID" >/dev/null
		say "PostgreSQL, one node: wrk ${HTTP_SECONDS}s one decision per request, then batches of 1,000"
		pg_wrk single-1 0 "$WRK_THREADS" "$WRK_CONNECTIONS" "$AURL"
		d1=$(pg_quiet "$APID")
		pg_wrk batch-1 1000 "$WRK_THREADS" "$BATCH_CONNECTIONS" "$AURL"
		db1=$(pg_quiet "$APID")
		r1=$(p_rps "$P/wrk-single-1.out")
		rb1=$(p_rps "$P/wrk-batch-1.out")
		rb1=$(awk -v r="${rb1:-0}" 'BEGIN { printf "%.0f", r * 1000 }')
		prow "HTTP POST /v1/decisions, one per request, 1 node" "${r1:--}" "decisions/s" \
			"$(fnum "${SQ_H1:--}")/s (SQLite, 1 node)" "$(ratio "${r1:--}" "${SQ_H1:-0}")" "-" \
			"wrk -t$WRK_THREADS -c$WRK_CONNECTIONS ${HTTP_SECONDS}s; p99 $(wrk_pct "$P/wrk-single-1.out" 99%) ms (SQLite ${SQ_H1_P99:--} ms); answers vs decide: ${a1:-?} (first 2,000); then busy $d1 s auditing: $(fnum "$(sustained "${r1:-}" "$d1")")/s with the drain (SQLite $(fnum "$(sustained "${SQ_H1:-}" "${SQ_H1_D:-}")")/s)$(e=$(wrk_errs "$P/wrk-single-1.out"); [ -z "$e" ] || echo "; $e non-2xx")"
		prow "HTTP POST /v1/decisions, batches of 1,000, 1 node" "$rb1" "decisions/s" \
			"$(fnum "${SQ_HB:--}")/s (SQLite, 1 node)" "$(ratio "$rb1" "${SQ_HB:-0}")" "-" \
			"wrk -t$WRK_THREADS -c$BATCH_CONNECTIONS ${HTTP_SECONDS}s; p99 $(wrk_pct "$P/wrk-batch-1.out" 99%) ms per batch (SQLite ${SQ_HB_P99:--} ms); answers: ${ab:-?} (first 10,000); then busy $db1 s auditing: $(fnum "$(sustained "$rb1" "$db1")")/s with the drain (SQLite $(fnum "$(sustained "${SQ_HB:-}" "${SQ_HB_D:-}")")/s)$(e=$(wrk_errs "$P/wrk-batch-1.out"); [ -z "$e" ] || echo "; $e non-2xx")"

		if ! pg_node B "$PURL"; then
			pnot "HTTP POST /v1/decisions, 2 nodes" "the second node did not start: $(tail -n 1 "$P/serve-B.log")"
		else
			BURL=$NURL
			BPID=$NPID
			# the same load generator split in two: half the threads
			# and connections on each node, at once
			t2=$(((WRK_THREADS + 1) / 2))
			c2=$(((WRK_CONNECTIONS + 1) / 2))
			cb2=$(((BATCH_CONNECTIONS + 1) / 2))
			say "PostgreSQL, two nodes: wrk on both at once (-t$t2 -c$c2 each), then batches (-c$cb2 each)"
			pg_wrk single-2a 0 "$t2" "$c2" "$AURL" &
			w1=$!
			pg_wrk single-2b 0 "$t2" "$c2" "$BURL"
			wait "$w1" || true
			d2=$(pg_quiet "$APID" "$BPID")
			pg_wrk batch-2a 1000 "$t2" "$cb2" "$AURL" &
			w1=$!
			pg_wrk batch-2b 1000 "$t2" "$cb2" "$BURL"
			wait "$w1" || true
			db2=$(pg_quiet "$APID" "$BPID")
			ra=$(p_rps "$P/wrk-single-2a.out")
			rb=$(p_rps "$P/wrk-single-2b.out")
			r2=$(awk -v a="${ra:-0}" -v b="${rb:-0}" 'BEGIN { printf "%.0f", a + b }')
			ba=$(p_rps "$P/wrk-batch-2a.out")
			bb=$(p_rps "$P/wrk-batch-2b.out")
			rb2=$(awk -v a="${ba:-0}" -v b="${bb:-0}" 'BEGIN { printf "%.0f", (a + b) * 1000 }')
			prow "HTTP POST /v1/decisions, one per request, 2 nodes" "$r2" "decisions/s" \
				"$(fnum "${SQ_H1:--}")/s (SQLite, 1 node)" "$(ratio "$r2" "${SQ_H1:-0}")" "-" \
				"sum of two wrk -t$t2 -c$c2 ${HTTP_SECONDS}s at once: A $(fnum "${ra:-0}")/s (p99 $(wrk_pct "$P/wrk-single-2a.out" 99%) ms) + B $(fnum "${rb:-0}")/s (p99 $(wrk_pct "$P/wrk-single-2b.out" 99%) ms); $(ratio "$r2" "${r1:-0}") of 1 node; then busy $d2 s auditing: $(fnum "$(sustained "$r2" "$d2")")/s with the drain"
			prow "HTTP POST /v1/decisions, batches of 1,000, 2 nodes" "$rb2" "decisions/s" \
				"$(fnum "${SQ_HB:--}")/s (SQLite, 1 node)" "$(ratio "$rb2" "${SQ_HB:-0}")" "-" \
				"sum of two wrk -t$t2 -c$cb2 ${HTTP_SECONDS}s at once: A $(fnum "$(awk -v r="${ba:-0}" 'BEGIN { print r * 1000 }')")/s + B $(fnum "$(awk -v r="${bb:-0}" 'BEGIN { print r * 1000 }')")/s; $(ratio "$rb2" "${rb1:-0}") of 1 node; then busy $db2 s auditing: $(fnum "$(sustained "$rb2" "$db2")")/s with the drain"

			# -- freshness: PostgreSQL, then two servers on the SQLite file --
			pg_fresh pg "$AURL" "$BURL" "$PPW" "$PKEY"
			pg_stop_node "$BPID"
		fi
		pg_stop_node "$APID"
	fi
	SF=-
	if [ -n "${SQ_ADMIN_PW:-}" ] && [ -f "$RUN/scs/scs.db" ] &&
		SQKEY=$($SCS --db "$RUN/scs/scs.db" user add bench-fresh --org scs-bench --role relying_system 2>&1 |
			sed -n 's/.*API key (shown once): *\(scs_[A-Za-z0-9_-]*\).*/\1/p') && [ -n "$SQKEY" ] &&
		PKEYS=$(pwd)/$RUN/scs/scs.db.keys && pg_node SA "$RUN/scs/scs.db" && SAURL=$NURL && SAPID=$NPID &&
		pg_node SB "$RUN/scs/scs.db"; then
		pg_fresh sqlite "$SAURL" "$NURL" "$SQ_ADMIN_PW" "$SQKEY"
		pg_stop_node "$NPID"
		pg_stop_node "$SAPID"
		SF=$(field "$P/fresh-sqlite.out" p50_ms freshness)
		SF99=$(field "$P/fresh-sqlite.out" p99_ms freshness)
	fi
	PF=$(field "$P/fresh-pg.out" p50_ms freshness 2>/dev/null || true)
	if [ -z "$PF" ]; then
		pnot "decision freshness across two nodes" "$(tail -n 1 "$P/fresh-pg.out" 2>/dev/null || echo "the nodes did not start")"
	else
		PF99=$(field "$P/fresh-pg.out" p99_ms freshness)
		prow "decision freshness across two nodes, p50" "$PF" "ms" "${SF:--} ms (SQLite: two servers on one file)" \
			"$(ratio "$PF" "${SF:-0}")" "-" \
			"$FRESH_TRIALS suspensions through node A, each timed from A's answer (A's index has it) to node B's first deny; NOTIFY (a poll every 500 ms as the net); min $(field "$P/fresh-pg.out" min_ms freshness) ms; the write itself p50 $(field "$P/fresh-pg.out" write_p50_ms freshness) ms (SQLite $(field "$P/fresh-sqlite.out" write_p50_ms freshness 2>/dev/null || echo -) ms); from the write sent p50 $(field "$P/fresh-pg.out" sent_p50_ms freshness) ms (SQLite $(field "$P/fresh-sqlite.out" sent_p50_ms freshness 2>/dev/null || echo -) ms)"
		prow "decision freshness across two nodes, p99" "$PF99" "ms" "${SF99:--} ms (SQLite: two servers on one file)" \
			"$(ratio "$PF99" "${SF99:-0}")" "p99 <= 250 ms (tests/pg/nodes.js)" \
			"max $(field "$P/fresh-pg.out" max_ms freshness) ms (SQLite $(field "$P/fresh-sqlite.out" max_ms freshness 2>/dev/null || echo -) ms: its second server sees a change by its 500 ms poll); from the write sent p99 $(field "$P/fresh-pg.out" sent_p99_ms freshness) ms (SQLite $(field "$P/fresh-sqlite.out" sent_p99_ms freshness 2>/dev/null || echo -) ms)"
	fi
	pnot "index update for one change, 5,000,000 persons" "issue 10 item 4 (another worker's)"
	sh tests/pg.sh stop "$PG_DIR" >/dev/null 2>&1 || true
	PG_DIR=""
	return 0
}

print_pg() {
	[ -s "$PROWS" ] || return 0
	echo
	echo "PostgreSQL (issue 10): ${pgv:-?} from tests/pg.sh (TLS on loopback, fsync on), the $(fnum "$PERSONS")-person register; each figure beside SQLite's from this run"
	echo
	awk -F'\t' '
		function num(s,   o, n, i) {
			if (s == "-" || s !~ /^[0-9.]+$/) return s
			if (s + 0 < 100 && s ~ /\./) return sprintf("%.1f", s)
			s = sprintf("%.0f", s); o = ""; n = length(s)
			for (i = 1; i <= n; i++) { o = o substr(s, i, 1); if ((n - i) % 3 == 0 && i < n) o = o "," }
			return o
		}
		BEGIN {
			print "| measure | value | unit | SQLite (same run) | vs SQLite | target | notes |"
			print "|---|---:|---|---|---:|---|---|"
		}
		{ printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, num($2), $3, $4, $5, $6, $7 }' "$PROWS"
}
scs_rows
pg_rows
rm -rf "$RUN/scs/scs.db" "$RUN/scs/scs.db-wal" "$RUN/scs/scs.db-shm" "$RUN/scs/scs.db.keys" # large; the logs stay
vetting_rows

# ---- the table ----
cpu=$(sed -n 's/^model name[^:]*: *//p' /proc/cpuinfo | head -n 1)
mem=$(awk '/^MemTotal:/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
echo
echo "SCS benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ): $cpu, $(nproc) cores, $mem; $(gcc --version | head -n 1); node $(node --version)"
echo "workload: $(fnum "$PERSONS") persons x $(fnum "$ITEMS") items, $(fnum "$QUERIES") queries, seed $SEED ($W); C loops: median of $RUNS runs of $BENCH_PASSES passes each (1 run at $(fnum "$BIG_PERSONS")), JS: median of $BENCH_JS_PASSES passes"
echo
awk -F'\t' '
	function num(s,   o, n, i) {
		if (s == "-" || s !~ /^[0-9.]+$/) return s
		s = sprintf("%.0f", s); o = ""; n = length(s)
		for (i = 1; i <= n; i++) { o = o substr(s, i, 1); if ((n - i) % 3 == 0 && i < n) o = o "," }
		return o
	}
	BEGIN {
		print "| engine / measure | decisions/s (median) | vs floor | answers vs decide | index build s | bytes/subject | notes |"
		print "|---|---:|---:|---|---:|---:|---|"
	}
	{ printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, num($2), $3, $4, $5, $6, $7 }' "$ROWS"
print_pg
print_vetting
ui_rows
crash_rows
print_crash
soak_rows
print_soak
cv_rows
print_cv
attest_rows
print_attest
echo
if [ "$FAIL" != 0 ]; then
	say "SOME ANSWERS DIFFER or an engine failed: see the table and $RUN/"
	exit 1
fi
