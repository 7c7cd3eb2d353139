#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# bench/signin_burst.sh - does a burst of sign-ins slow other requests?
# (issue 11, item 5: Argon2id outside the store lock).  For each scs
# binary: one server on a small register, wrk on a request that takes the
# store lock (GET /v1/persons/{id} as the admin) for BURST_SECONDS, first
# alone, then beside SIGNERS clients signing in as fast as they can (the
# real Argon2id cost: interactive, 64 MiB); prints the locked request's
# rate and latency in both, and the sign-ins done.
#
#   sh bench/signin_burst.sh SCS [SCS...]
#
# Knobs: BURST_SECONDS [20] SIGNERS [4] THREADS [2] (scs serve --threads;
# more than SIGNERS, since a sign-in still holds its worker thread while
# its hash runs) OUT [bench/data/run/signin-burst]
set -eu
[ $# -ge 1 ] || { echo "usage: $0 SCS [SCS...]" >&2; exit 2; }
SECS=${BURST_SECONDS:-20}
SIGNERS=${SIGNERS:-4}
THREADS=${THREADS:-2}
OUT=${OUT:-bench/data/run/signin-burst}
top=$(cd "$(dirname "$0")/.." && pwd)
command -v wrk >/dev/null 2>&1 || { echo "wrk is not installed" >&2; exit 1; }
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
PW=burst-admin-password-2026
PID=""
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; true' EXIT
unset SCS_PWHASH_COST # the real cost: the point of the measure

pct() {
	awk -v p="$2" '$1 == p { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
		if (u == "us") v /= 1000; else if (u == "s") v *= 1000
		printf "%.2f\n", v }' "$1"
}
rps() { sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$1"; }

echo "| binary | sign-ins beside | locked requests/s | p50 ms | p99 ms | sign-ins done | refused (429) |"
echo "|---|---:|---:|---:|---:|---:|---:|"
n=0
for bin in "$@"; do
	n=$((n + 1))
	d=$OUT/$n
	rm -rf "$d"
	mkdir -p "$d"
	SCS_ADMIN_PASSWORD=$PW "$bin" --db "$d/r.db" init >/dev/null 2>&1
	"$bin" --db "$d/r.db" import "$top/data/demo.jsonl" >/dev/null 2>&1
	i=0
	while [ $i -lt "$SIGNERS" ]; do
		SCS_PASSWORD=$PW "$bin" --db "$d/r.db" user add "signer$i" --org mod --role auditor >/dev/null 2>&1
		i=$((i + 1))
	done
	# The limits (where the binary has them) off: the burst is the point.
	lim=""
	"$bin" help serve 2>&1 | grep -q -- --limit-signin && lim="--limit-signin 0 --limit-exports 0"
	# shellcheck disable=SC2086
	"$bin" --db "$d/r.db" serve --listen 127.0.0.1:0 --threads "$THREADS" $lim >"$d/serve.log" 2>&1 &
	PID=$!
	url=""
	i=0
	while [ $i -lt 600 ] && [ -z "$url" ]; do
		url=$(sed -n 's|.*\(http://127\.0\.0\.1:[0-9]*\).*|\1|p' "$d/serve.log" | head -n 1)
		kill -0 "$PID" 2>/dev/null || break
		[ -n "$url" ] || sleep 0.1
		i=$((i + 1))
	done
	[ -n "$url" ] || { echo "$bin did not serve: $(tail -n 1 "$d/serve.log")" >&2; exit 1; }
	tok=$(curl -s -X POST -H 'Content-Type: application/json' \
		--data "{\"username\":\"admin\",\"password\":\"$PW\"}" "$url/v1/login" |
		sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
	person=$(grep -o '"kind":"person","id":"[^"]*"' "$top/data/demo.jsonl" | head -n 1 | cut -d'"' -f8)
	for mode in alone burst; do
		: >"$d/signins"
		spids=""
		if [ "$mode" = burst ]; then
			i=0
			while [ $i -lt "$SIGNERS" ]; do
				(end=$(($(date +%s) + SECS))
					while [ "$(date +%s)" -lt "$end" ]; do
						c=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
							--data "{\"username\":\"signer$i\",\"password\":\"$PW\"}" "$url/v1/login")
						echo "$c" >>"$d/signins"
						[ "$c" = 200 ] || sleep 0.1 # refused: as a client would, a moment later
					done) &
				spids="$spids $!"
				i=$((i + 1))
			done
		fi
		wrk -t1 -c4 -d"${SECS}s" --latency -H "Authorization: Bearer $tok" \
			"$url/v1/persons/$person" >"$d/wrk-$mode.out" 2>&1 || true
		for p in $spids; do
			wait "$p" 2>/dev/null || true
		done
		printf '| %s | %s | %.0f | %s | %s | %s | %s |\n' "$bin" "$([ "$mode" = burst ] && echo "$SIGNERS clients" || echo none)" \
			"$(rps "$d/wrk-$mode.out")" "$(pct "$d/wrk-$mode.out" 50%)" "$(pct "$d/wrk-$mode.out" 99%)" \
			"$(grep -c '^200$' "$d/signins" || true)" "$(grep -c '^429$' "$d/signins" || true)"
	done
	kill "$PID" 2>/dev/null
	wait "$PID" 2>/dev/null || true
	PID=""
done
