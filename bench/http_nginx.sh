#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# bench/http_nginx.sh - one HTTP decision per request against nginx serving
# a fixed 200, interleaved in one run (issue 10, item 10): nginx, then each
# scs binary, ROUNDS times, with the same wrk settings as bench/run.sh
# (wrk -t2 -c64 10s keep-alive, bench/wrk_decide.lua).  Prints one line
# per wrk run and, per binary, the median ratio to the nginx run of its
# round.  nginx runs twice a round: as bench/run.sh runs it (GET, plain
# wrk), and under bench/wrk_decide.lua (the same POSTs scs gets, so wrk's
# own work per request is the same on both sides); "ratio" is to the
# first, "same-wrk" to the second.
#
#   sh bench/http_nginx.sh DB QUERIES KEY SCS [SCS...]
#
# DB: a register (scs init + scs import, as bench/run.sh makes it);
# QUERIES: bench/gen's queries.jsonl; KEY: a relying system's API key.
# Knobs: ROUNDS [3] HTTP_SECONDS [10] WRK_THREADS [2] WRK_CONNECTIONS [64]
# OUT [bench/data/run/http-nginx] (wrk outputs, server logs).
set -eu
[ $# -ge 4 ] || { echo "usage: $0 DB QUERIES KEY SCS [SCS...]" >&2; exit 2; }
DB=$1 Q=$2 KEY=$3
shift 3
ROUNDS=${ROUNDS:-3}
SECS=${HTTP_SECONDS:-10}
T=${WRK_THREADS:-2}
C=${WRK_CONNECTIONS:-64}
OUT=${OUT:-bench/data/run/http-nginx}
mkdir -p "$OUT/nginx/logs"
rm -f "$OUT"/ratio-* "$OUT"/same-*
PIDS=""
# shellcheck disable=SC2154
trap 'for p in $PIDS; do kill "$p" 2>/dev/null || true; done' EXIT

rps() { sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$1"; }
p99() { awk '$1 == "99%" { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
	if (u == "us") v /= 1000; else if (u == "s") v *= 1000
	printf "%.2f\n", v }' "$1"; }
errs() { sed -n 's/^ *Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$1"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
# until the server has audited what it answered (under 5% of a core)
wait_idle() {
	n=0
	while [ $n -lt 120 ] && kill -0 "$1" 2>/dev/null; do
		t0=$(cpu_ticks "$1")
		sleep 1
		t1=$(cpu_ticks "$1")
		[ $((t1 - t0)) -lt 5 ] && break
		n=$((n + 1))
	done
}

nd=$(cd "$OUT" && pwd)/nginx
nport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$nd/nginx.conf" <<EOF
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

r=1
while [ "$r" -le "$ROUNDS" ]; do
	nginx -p "$nd" -c "$nd/nginx.conf" -g 'daemon off;' >"$nd/logs/stdout" 2>&1 &
	npid=$!
	PIDS="$PIDS $npid"
	sleep 1
	wrk -t"$T" -c"$C" -d"${SECS}s" --latency "http://127.0.0.1:$nport/" \
		>"$OUT/wrk-nginx-$r.out" 2>&1 || true
	BENCH_WRK_KEY=$KEY BENCH_WRK_QUERIES=$Q BENCH_WRK_BATCH=0 BENCH_WRK_MAXQ=20000 \
		wrk -t"$T" -c"$C" -d"${SECS}s" --latency -s bench/wrk_decide.lua \
		"http://127.0.0.1:$nport/v1/decisions" >"$OUT/wrk-nginx-lua-$r.out" 2>&1 || true
	kill "$npid" 2>/dev/null || true
	wait "$npid" 2>/dev/null || true
	ng=$(rps "$OUT/wrk-nginx-$r.out")
	nl=$(rps "$OUT/wrk-nginx-lua-$r.out")
	echo "round $r nginx $ng req/s p99 $(p99 "$OUT/wrk-nginx-$r.out") ms"
	echo "round $r nginx-same-wrk $nl req/s p99 $(p99 "$OUT/wrk-nginx-lua-$r.out") ms"
	b=0
	for scs in "$@"; do
		b=$((b + 1))
		log=$OUT/serve-$b-$r.log
		"$scs" --db "$DB" serve --listen 127.0.0.1:0 >"$log" 2>&1 &
		spid=$!
		PIDS="$PIDS $spid"
		url=""
		i=0
		while [ $i -lt 300 ] && [ -z "$url" ]; do
			url=$(sed -n 's|.*\(http://127\.0\.0\.1:[0-9]*\).*|\1|p' "$log" 2>/dev/null | head -n 1)
			[ -n "$url" ] || sleep 0.1
			i=$((i + 1))
		done
		[ -n "$url" ] || { echo "$scs did not start: $(tail -n 1 "$log")" >&2; exit 1; }
		BENCH_WRK_KEY=$KEY BENCH_WRK_QUERIES=$Q BENCH_WRK_BATCH=0 BENCH_WRK_MAXQ=20000 \
			wrk -t"$T" -c"$C" -d"${SECS}s" --latency -s bench/wrk_decide.lua \
			"$url/v1/decisions" >"$OUT/wrk-$b-$r.out" 2>&1 || true
		wait_idle "$spid"
		kill "$spid" 2>/dev/null || true
		wait "$spid" 2>/dev/null || true
		s=$(rps "$OUT/wrk-$b-$r.out")
		e=$(errs "$OUT/wrk-$b-$r.out")
		ratio=$(awk -v a="$s" -v b="$ng" 'BEGIN { printf "%.2f", a / b }')
		same=$(awk -v a="$s" -v b="$nl" 'BEGIN { printf "%.2f", a / b }')
		echo "$ratio" >>"$OUT/ratio-$b"
		echo "$same" >>"$OUT/same-$b"
		echo "round $r scs[$b] $scs $s req/s p99 $(p99 "$OUT/wrk-$b-$r.out") ms ratio ${ratio}x same-wrk ${same}x${e:+ non-2xx $e}"
	done
	r=$((r + 1))
done
b=0
for scs in "$@"; do
	b=$((b + 1))
	med() { sort -g "$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
	echo "scs[$b] $scs median ratio $(med "$OUT/ratio-$b")x of nginx, $(med "$OUT/same-$b")x of nginx under the same wrk script, over $ROUNDS rounds"
	rm -f "$OUT/ratio-$b" "$OUT/same-$b"
done
