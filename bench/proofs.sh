#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# bench/proofs.sh - audit proofs over a large log (issue 13, item 9; the
# target: inclusion and consistency proofs over a 10M-entry log answered
# in 1 ms or less each).  By hand:
#
#   sh bench/proofs.sh [BUILD_DIR]          (default build)
#
# 1. builds BUILD_DIR/bench/proofs (make B=BUILD_DIR);
# 2. runs it on PROOFS_DB (a SQLite file, kept between runs: the log is
#    built once, 10M real audit entries in signed transactions of 1 to
#    2,048 entries, about a minute and 1.3 GB; or a postgres:// URL, with
#    its key directory at PROOFS_DB.keys or PROOFS_KEYS);
# 3. prints its RESULT lines and a verdict against the target.
#
# Knobs (environment, defaults in brackets):
#   PROOFS_ENTRIES [10000000]  PROOFS_QUERIES [10000]
#   PROOFS_DB [bench/data/proofs-ENTRIES.db]  PROOFS_KEYS [PROOFS_DB.keys]
#   PROOFS_NO_BUILD [0]        1: do not run make
set -eu
cd "$(dirname "$0")/.."

B=${1:-build}
N=${PROOFS_ENTRIES:-10000000}
Q=${PROOFS_QUERIES:-10000}
DB=${PROOFS_DB:-bench/data/proofs-$N.db}
KEYS=${PROOFS_KEYS:-$DB.keys}

if [ "${PROOFS_NO_BUILD:-0}" != 1 ]; then
	make -j2 B="$B" "$B/bench/proofs" >&2
fi
case $DB in
postgres://* | postgresql://*) ;;
*) mkdir -p "$(dirname "$DB")" ;;
esac
out=$("$B/bench/proofs" "$DB" "$KEYS" "$N" "$Q")
printf '%s\n' "$out"
p99() { printf '%s\n' "$out" | sed -n "s/^RESULT $1 .*p99_us=\([0-9.]*\).*/\1/p"; }
for k in inclusion consistency; do
	v=$(p99 $k)
	awk -v v="$v" -v k="$k" -v n="$N" 'BEGIN {
		printf "proofs: %s at %d entries: p99 %.0f us: %s\n", k, n, v,
		    (v <= 1000 ? "within 1 ms" : "OVER 1 ms") }'
done
