#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# bench/soak.sh - the soak (issue 11, item 12): SOAK_SECONDS of mixed load
# on one `scs serve` with wrk, in one-minute slices, sampling the server
# after each: its resident memory, its open files and threads, and the
# slice's requests/s and latency percentiles.  The server must stay flat:
# memory and open files at the end as after the first minute, p99 of the
# last minute as of the first.  Prints one table and a RESULT line.
#
#   sh bench/soak.sh SCS
#
# The mix (bench/wrk_mixed.lua), per 100 requests: 70 decisions (a relying
# system), 15 reads of a person and 5 pages of the persons list (the
# admin), 5 reads of the audit head, 5 changes to one of 100 persons
# (writes, each an audit entry; the records stay as many, so memory that
# grows is not the register growing).  The register: data/demo.jsonl and SOAK_PERSONS generated persons
# (tests/cli/gen.js).  The rate limits are off (--limit-decisions 0
# --limit-exports 0): the soak measures steadiness, not the limits.
#
# Knobs: SOAK_SECONDS [1800] SOAK_PERSONS [20000] SOAK_THREADS [2]
#   SOAK_CONNECTIONS [32] OUT [bench/data/run/soak]
# Thresholds (the verdict): memory growth after the first minute under
# 10% (and 16 MiB), open files within 4, p99 of the last minute at most
# 1.5x the first (the machines are shared: less would flag noise).
set -eu
[ $# -ge 1 ] || { echo "usage: $0 SCS" >&2; exit 2; }
SCS=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SECS=${SOAK_SECONDS:-1800}
PERSONS=${SOAK_PERSONS:-20000}
T=${SOAK_THREADS:-2}
C=${SOAK_CONNECTIONS:-32}
OUT=${OUT:-bench/data/run/soak}
top=$(cd "$(dirname "$0")/.." && pwd)
command -v wrk >/dev/null 2>&1 || { echo "RESULT not_measured wrk is not installed"; exit 0; }
rm -rf "$OUT"
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
DB=$OUT/r.db
PW=soak-admin-password-2026
export SCS_ADMIN_PASSWORD=$PW
PID=""
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; true' EXIT

say() { echo "soak: $*" >&2; }
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
nfds() { ls "/proc/$1/fd" | wc -l; }
nthreads() { awk '/^Threads:/ { print $2 }' "/proc/$1/status"; }
pct() { # wrk output, "50%" or "99%": milliseconds
	awk -v p="$2" '$1 == p { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
		if (u == "us") v /= 1000; else if (u == "s") v *= 1000; else if (u == "m") v *= 60000
		printf "%.2f\n", v }' "$1"
}
rps() { sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$1"; }
errs() { sed -n 's/^ *Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$1"; }

say "register: demo and $PERSONS persons"
"$SCS" --db "$DB" init >"$OUT/init.log" 2>&1
"$SCS" --db "$DB" import "$top/data/demo.jsonl" >>"$OUT/init.log" 2>&1
node "$top/tests/cli/gen.js" "$PERSONS" 11 >"$OUT/persons.jsonl"
"$SCS" --db "$DB" import "$OUT/persons.jsonl" >>"$OUT/init.log" 2>&1
i=0
while [ $i -lt 100 ]; do
	printf '{"kind":"person","id":"soak-%d","name":"負荷 太郎","name_latin":"FUKA Taro","birth_date":"1980-01-01","nationalities":["JPN"],"org":"mod"}\n' $i
	i=$((i + 1))
done >"$OUT/soak-persons.jsonl"
"$SCS" --db "$DB" import "$OUT/soak-persons.jsonl" >>"$OUT/init.log" 2>&1
key=$("$SCS" --db "$DB" user add soak-rp --org mod --role relying_system 2>&1 |
	sed -n 's/.*API key (shown once): *\(scs_[A-Za-z0-9_-]*\).*/\1/p')
[ -n "$key" ] || { echo "RESULT not_measured no API key"; exit 1; }

"$SCS" --db "$DB" serve --listen 127.0.0.1:0 --limit-decisions 0 --limit-exports 0 \
	>"$OUT/serve.log" 2>&1 &
PID=$!
url=""
i=0
while [ $i -lt 600 ] && [ -z "$url" ]; do
	url=$(sed -n 's|.*\(http://127\.0\.0\.1:[0-9]*\).*|\1|p' "$OUT/serve.log" | head -n 1)
	kill -0 "$PID" 2>/dev/null || break
	[ -n "$url" ] || sleep 0.1
	i=$((i + 1))
done
[ -n "$url" ] || { echo "RESULT not_measured scs serve did not start: $(tail -n 1 "$OUT/serve.log")"; exit 1; }
admin=$(curl -s -X POST -H 'Content-Type: application/json' \
	--data "{\"username\":\"admin\",\"password\":\"$PW\"}" "$url/v1/login" |
	sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$admin" ] || { echo "RESULT not_measured the admin could not sign in"; exit 1; }

# The mix: 70 decisions, 15 reads, 5 pages, 5 heads per 95 lines (the
# writes are the wrk script's, one in 20).
items=$(grep -o '"kind":"item","id":"[^"]*"' "$top/data/demo.jsonl" | cut -d'"' -f8)
grep -o '"kind":"person","id":"[^"]*"' "$OUT/persons.jsonl" | cut -d'"' -f8 | head -n 20000 |
	awk -v key="$key" -v admin="$admin" -v items="$items" '
	BEGIN { n = split(items, it, "\n") }
	{
		k = NR % 95
		if (k < 70)
			printf "POST\t/v1/decisions\t%s\t{\"subject\":\"%s\",\"item\":\"%s\"}\n", key, $1, it[NR % n + 1]
		else if (k < 85)
			printf "GET\t/v1/persons/%s\t%s\n", $1, admin
		else if (k < 90)
			printf "GET\t/v1/persons?limit=20&after=%s\t%s\n", $1, admin
		else
			printf "GET\t/v1/audit/head\t%s\n", admin
	}' >"$OUT/mix.tsv"

mins=$(( (SECS + 59) / 60 ))
say "$mins one-minute slices, wrk -t$T -c$C, at $url"
: >"$OUT/slices.tsv"
m=1
while [ $m -le "$mins" ]; do
	BENCH_WRK_MIX=$OUT/mix.tsv BENCH_WRK_ADMIN=$admin BENCH_WRK_ORG=mod BENCH_WRK_WRITES=20 \
		wrk -t"$T" -c"$C" -d60s --latency -s "$top/bench/wrk_mixed.lua" "$url/" \
		>"$OUT/wrk-$m.out" 2>&1 || true
	kill -0 "$PID" 2>/dev/null || { echo "RESULT failed the server stopped in minute $m"; exit 1; }
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$m" "$(rps "$OUT/wrk-$m.out")" \
		"$(pct "$OUT/wrk-$m.out" 50%)" "$(pct "$OUT/wrk-$m.out" 99%)" "$(errs "$OUT/wrk-$m.out")" \
		"$(rss_kib "$PID")" "$(nfds "$PID")" "$(nthreads "$PID")" >>"$OUT/slices.tsv"
	m=$((m + 1))
done
kill "$PID" 2>/dev/null
wait "$PID" 2>/dev/null || true
PID=""
"$SCS" --db "$DB" audit verify >"$OUT/verify.log" 2>&1 && verified=ok || verified=FAILED

echo "| minute | requests/s | p50 ms | p99 ms | non-2xx | RSS MiB | open files | threads |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
awk -F'\t' '{ printf "| %s | %.0f | %s | %s | %s | %.1f | %s | %s |\n", $1, $2, $3, $4, ($5 == "" ? 0 : $5), $6 / 1024, $7, $8 }' "$OUT/slices.tsv"
awk -F'\t' -v verified="$verified" '
	NR == 1 { p99a = $4; rssa = $6; fdsa = $7 }
	{ p99z = $4; rssz = $6; fdsz = $7; if ($6 > rssmax) rssmax = $6; n2 += $5; reqs += $2 * 60 }
	END {
		grow = rssz - rssa
		ok_mem = (grow < rssa * 0.10 || grow < 16384)
		ok_fds = (fdsz - fdsa <= 4 && fdsa - fdsz <= 4)
		ok_p99 = (p99z <= p99a * 1.5)
		printf "RESULT minutes %d requests %.0f non2xx %d rss_first_mib %.1f rss_last_mib %.1f rss_max_mib %.1f fds_first %d fds_last %d p99_first_ms %s p99_last_ms %s p99_ratio %.2f verify %s verdict %s\n",
			NR, reqs, n2, rssa / 1024, rssz / 1024, rssmax / 1024, fdsa, fdsz, p99a, p99z,
			(p99a > 0 ? p99z / p99a : 0), verified,
			(ok_mem && ok_fds && ok_p99 && verified == "ok") ? "flat" : "NOT-FLAT"
	}' "$OUT/slices.tsv"
