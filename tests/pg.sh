#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# pg.sh start DIR | stop DIR | kill DIR | restart DIR | url DIR [DATABASE]
#       | createdb DIR NAME
#
# A throwaway PostgreSQL server for the tests, in DIR (made if missing):
# initdb, TLS with a self-signed certificate, password (SCRAM) logins over
# TCP on 127.0.0.1 at a free port, a role `scs` (password in DIR/password)
# that may create databases, and a database `scs`.  PostgreSQL refuses to
# run as root: as root, the server runs as the user `postgres` (Debian's
# package makes it) and DIR is given to it.
#
# `url` prints the URL of a database (default scs) with sslmode=require;
# `createdb` makes a fresh, empty database (dropping one of that name).
set -eu
cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || {
	echo "usage: pg.sh start|stop|kill|restart|url|createdb DIR [NAME]" >&2
	exit 2
}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || {
	echo "pg.sh: PostgreSQL is not installed (apt-get install postgresql)" >&2
	exit 1
}

as_owner() { # run a command as the server's user
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

url() {
	printf 'postgres://scs:%s@127.0.0.1:%s/%s?sslmode=require\n' \
		"$(cat "$dir/password")" "$(cat "$dir/port")" "${1:-scs}"
}

serve() { # port: start the server (its data made) on that port
	as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
		-o "-c listen_addresses=127.0.0.1 -c port=$1 -c unix_socket_directories='$dir' -c ssl=on -c fsync=on -c max_connections=200" \
		start >/dev/null 2>&1
}

case $cmd in
start)
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	[ "$(id -u)" = 0 ] && chown postgres "$dir"
	as_owner sh -c "umask 077; head -c 18 /dev/urandom | base64 | tr '+/' 'xy' > '$dir/password'"
	as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust \
		--encoding=UTF8 --locale=C >"$dir/initdb.log" 2>&1 || {
		cat "$dir/initdb.log" >&2
		exit 1
	}
	as_owner openssl req -x509 -newkey rsa:2048 -nodes -days 2 \
		-subj /CN=127.0.0.1 -keyout "$dir/data/server.key" \
		-out "$dir/data/server.crt" >/dev/null 2>&1
	as_owner chmod 600 "$dir/data/server.key"
	cat >>"$dir/data/pg_hba.conf" <<-EOF
		hostssl all scs 127.0.0.1/32 scram-sha-256
	EOF
	# Only the socket (trust, for the owner) and TLS with a password.
	as_owner sh -c "grep -v '^host ' '$dir/data/pg_hba.conf' > '$dir/hba' && cp '$dir/hba' '$dir/data/pg_hba.conf'"
	tries=0
	while :; do
		port=$((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 30000))
		if serve "$port"; then
			break
		fi
		tries=$((tries + 1))
		if [ $tries -ge 5 ]; then
			cat "$dir/server.log" >&2
			exit 1
		fi
	done
	echo "$port" | as_owner sh -c "cat > '$dir/port'"
	as_owner "$bin/psql" -q -h "$dir" -p "$port" -U postgres -d postgres \
		-v ON_ERROR_STOP=1 -c "CREATE ROLE scs LOGIN CREATEDB PASSWORD '$(cat "$dir/password")'" \
		-c "CREATE DATABASE scs OWNER scs" >/dev/null
	url
	;;
stop | kill)
	# kill: as a crash would (immediate: no checkpoint, WAL replayed at
	# the next start); stop does the same, it is only for tests.
	[ -d "$dir/data" ] || exit 0
	as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	;;
restart)
	serve "$(cat "$dir/port")" || {
		cat "$dir/server.log" >&2
		exit 1
	}
	;;
url)
	url "${3:-scs}"
	;;
createdb)
	name=${3:?createdb needs a NAME}
	port=$(cat "$dir/port")
	as_owner "$bin/psql" -q -h "$dir" -p "$port" -U postgres -d postgres \
		-v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" \
		-c "CREATE DATABASE \"$name\" OWNER scs" >/dev/null
	url "$name"
	;;
*)
	echo "pg.sh: unknown command $cmd" >&2
	exit 2
	;;
esac
