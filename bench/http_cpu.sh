#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# bench/http_cpu.sh - CPU time per request, of the server and of wrk: nginx
# serving a fixed 200 (GET), then each scs binary answering one decision
# per request (bench/wrk_decide.lua), wrk -t2 -c64 SECS s each.  On a
# shared 2-core machine the request rates move with the neighbours' load;
# the CPU per request moves much less, and it is what the ratio to nginx
# comes down to when the cores are the limit.
#
#   sh bench/http_cpu.sh DB QUERIES KEY SCS [SCS...]
#
# Knobs: HTTP_SECONDS [5] OUT [bench/data/run/http-cpu].
set -eu
[ $# -ge 4 ] || { echo "usage: $0 DB QUERIES KEY SCS [SCS...]" >&2; exit 2; }
DB=$1 Q=$2 KEY=$3
shift 3
SECS=${HTTP_SECONDS:-5}
OUT=${OUT:-bench/data/run/http-cpu}
mkdir -p "$OUT/nginx/logs"
PIDS=""
trap 'for p in $PIDS; do kill "$p" 2>/dev/null || true; done' EXIT

# clock ticks (1/100 s) of user + system time of the processes given
ticks() { for p in "$@"; do awk '{ print $14 + $15 }' "/proc/$p/stat"; done |
	awk '{ s += $1 } END { print s + 0 }'; }
# run wrk; print its own CPU in ticks; its output in $OUT/wrk.out
wrkcpu() { /usr/bin/time -f "%U %S" "$@" 2>&1 >"$OUT/wrk.out" | tail -n 1 |
	awk '{ print ($1 + $2) * 100 }'; }
rps() { sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$1"; }
per() { awk -v n="$1" -v t="$2" -v d="$SECS" 'BEGIN { printf "%.1f", t * 10000 / (n * d) }'; }

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
nginx -p "$nd" -c "$nd/nginx.conf" -g 'daemon off;' >"$nd/logs/stdout" 2>&1 &
npid=$!
PIDS="$PIDS $npid"
sleep 1
kids=$(pgrep -P "$npid" | tr '\n' ' ')
# shellcheck disable=SC2086
a=$(ticks $npid $kids)
w=$(wrkcpu wrk -t2 -c64 -d"${SECS}s" "http://127.0.0.1:$nport/")
# shellcheck disable=SC2086
b=$(ticks $npid $kids)
n=$(rps "$OUT/wrk.out")
kill "$npid" 2>/dev/null || true
wait "$npid" 2>/dev/null || true
echo "nginx $n req/s: server $(per "$n" $((b - a))) us/req, wrk $(per "$n" "$w") us/req"

for scs in "$@"; do
	log=$OUT/serve.log
	"$scs" --db "$DB" serve --listen 127.0.0.1:0 >"$log" 2>&1 &
	spid=$!
	PIDS="$PIDS $spid"
	url=""
	i=0
	while [ $i -lt 300 ] && [ -z "$url" ]; do
		sleep 0.1
		url=$(sed -n 's|.*\(http://127\.0\.0\.1:[0-9]*\).*|\1|p' "$log" 2>/dev/null | head -n 1)
		i=$((i + 1))
	done
	[ -n "$url" ] || { echo "$scs did not start" >&2; exit 1; }
	a=$(ticks "$spid")
	w=$(BENCH_WRK_KEY=$KEY BENCH_WRK_QUERIES=$Q BENCH_WRK_BATCH=0 BENCH_WRK_MAXQ=20000 \
		wrkcpu wrk -t2 -c64 -d"${SECS}s" -s bench/wrk_decide.lua "$url/v1/decisions")
	b=$(ticks "$spid")
	n=$(rps "$OUT/wrk.out")
	sleep 2 # the audit writer's share after the run, if any
	c=$(ticks "$spid")
	kill "$spid" 2>/dev/null || true
	wait "$spid" 2>/dev/null || true
	echo "$scs $n req/s: server $(per "$n" $((b - a))) us/req (+$(per "$n" $((c - b))) after), wrk $(per "$n" "$w") us/req"
done
