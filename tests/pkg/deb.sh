#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# deb.sh - the Debian package (debian/): built by dpkg-buildpackage
# (tools/deb.sh), installed on this machine with dpkg -i, then the unit's
# command started as systemd would start it, without systemd (a container
# has none): the installed unit's User=, Group=, UMask=, Environment=,
# EnvironmentFile= and ExecStart= are read and followed.  The server must
# answer GET /v1/health, let the first admin sign in with the password the
# package wrote, and stop cleanly on SIGTERM; a second dpkg -i (an upgrade)
# keeps the register and the changed configuration; dpkg -r removes the
# program and keeps the configuration; dpkg --purge removes that and keeps
# the register and its keys.
#
# Root only (a clear skip otherwise), and only on a machine where scs is
# not installed and /var/lib/scs and /etc/scs do not exist: it installs
# into /usr, /etc and /var/lib and removes everything again, the register
# and the scs user too (when it made them).  The server listens where
# /etc/scs/scs.conf says, which the test sets to port 0 (a free port: the
# unit's 8080 may be taken), as an operator edits it.
# Ends with "N passed, M failed".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
t=$(mktemp -d)
. "$top/tests/lib.sh"
unit=/lib/systemd/system/scs.service
conf=/etc/scs/scs.conf
pid=""
had_user=""

cleanup() {
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	fi
	if [ -n "$installed" ]; then
		dpkg --purge scs >/dev/null 2>&1
		[ -n "$masked" ] && systemctl unmask --runtime scs.service >/dev/null 2>&1
		rm -rf /var/lib/scs /etc/scs
		if [ -z "$had_user" ] && getent passwd scs >/dev/null; then
			userdel scs 2>/dev/null
			groupdel scs 2>/dev/null
		fi
	fi
	rm -rf "$t"
}
installed=""
masked=""
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

if [ "$(id -u)" != 0 ]; then
	skip "the Debian package: build, dpkg -i, start, purge" "not root (dpkg -i needs root)"
	summary
	exit
fi
gone() { # dpkg knows no scs, or only that it is not installed
	case $(dpkg-query -W -f='${Status}' scs 2>/dev/null) in
	"" | *" not-installed") return 0 ;;
	*) return 1 ;;
	esac
}
if ! gone || [ -e /var/lib/scs ] || [ -e /etc/scs ]; then
	# This host has a register or a package of its own: not ours to touch.
	echo "deb.sh: scs is installed here, or /var/lib/scs or /etc/scs exists: run it on a machine without them" >&2
	no "a machine without scs"
	summary
	exit
fi
getent passwd scs >/dev/null && had_user=1

# The build: its output only when it fails, and its end, where the error is.
if sh "$top/tools/deb.sh" "$t/deb" >"$t/build.log" 2>&1; then
	ok "dpkg-buildpackage builds the package"
else
	no "dpkg-buildpackage builds the package"
	tail -40 "$t/build.log" | sed 's/^/  # /'
	summary
	exit
fi
deb=$(ls "$t"/deb/scs_*.deb)

installed=1
# Where systemd runs, the package's own start would serve the register
# beside the test's server: masked until the end (--runtime: not past a
# reboot), which only turns that start into a failure the package ignores.
if [ -d /run/systemd/system ]; then
	systemctl mask --runtime scs.service >/dev/null 2>&1 && masked=1
fi
check "dpkg -i installs it" dpkg -i "$deb"
cp "$t/out" "$t/install.out"
check "the program runs" /usr/bin/scs version
check "the manual page" test -f /usr/share/man/man1/scs.1.gz
data() { # the reference tables and questionnaires, as in the tree
	for f in "$top"/data/*.csv "$top"/data/vetting.json; do
		cmp "$f" "/usr/share/scs/${f##*/}" || return 1
	done
	for f in "$top"/data/questionnaires/*.json; do
		cmp "$f" "/usr/share/scs/questionnaires/${f##*/}" || return 1
	done
}
check "the data files under /usr/share/scs" data
check "/etc/scs/scs.conf is a conffile" sh -c "dpkg-query -W -f='\${Conffiles}' scs | grep -q ' $conf '"
check "the unit is installed, docs/scs.service as it is" cmp "$top/docs/scs.service" "$unit"
check "... and enabled" test -L /etc/systemd/system/multi-user.target.wants/scs.service
check "the system user scs, no login" sh -c 'getent passwd scs | grep -q ":/var/lib/scs:/usr/sbin/nologin$"'
owned() { # path mode: owned by scs:scs with that mode
	test "$(stat -c '%U:%G %a' "$1")" = "scs:scs $2"
}
check "/var/lib/scs: scs's, 0700" owned /var/lib/scs 700
check "a register was created in it" owned /var/lib/scs/scs.db 600
check "/etc/scs/keys: scs's, 0700" owned /etc/scs/keys 700
check "the admin's password: root's, 0600" test "$(stat -c '%U %a %s' /etc/scs/initial-admin-password)" = "root 600 25"
refuse "... and it was not printed" grep -q "$(cat /etc/scs/initial-admin-password)" "$t/install.out"

# The operator's way to another port; port 0 is a free one.
sed -i 's/^SCS_LISTEN=.*/SCS_LISTEN=127.0.0.1:0/' "$conf"

# The unit, read as systemd does: the last User=, Group=, UMask= and
# ExecStart=; every Environment= and then every EnvironmentFile= ("-":
# may be missing), a later assignment winning; ${NAME} is one word and
# $NAME is split at spaces.  Written out as a shell command (run.sh) to
# run and to show.
key() { sed -n "s/^$1=//p" "$unit"; }
unq() { # one pair of surrounding quotes off
	case $1 in
	\"*\") v=${1#\"}; v=${v%\"} ;;
	\'*\') v=${1#\'}; v=${v%\'} ;;
	*) v=$1 ;;
	esac
	printf '%s\n' "$v"
}
q() { printf "'%s' " "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }
key Environment | while IFS= read -r a; do unq "$a"; done >"$t/env"
for f in $(key EnvironmentFile); do
	f=${f#-}
	[ -r "$f" ] || continue
	grep -v '^[[:space:]]*[#;]' "$f" | grep '=' | while IFS= read -r a; do
		printf '%s=%s\n' "${a%%=*}" "$(unq "${a#*=}")"
	done >>"$t/env"
done
user=$(key User | tail -n 1)
group=$(key Group | tail -n 1)
mask=$(key UMask | tail -n 1)
cmd=$(key ExecStart | tail -n 1 | sed 's/^[-@:+!]*//; s/\${\([A-Za-z_][A-Za-z0-9_]*\)}/"${\1}"/g')
(
	# shellcheck disable=SC2163 # each line is NAME=VALUE, exported as such
	while IFS= read -r a; do export "$a"; done <"$t/env"
	set -f
	eval "set -- $cmd"
	printf 'cd / && umask %s && exec env -i ' "${mask:-0022}"
	q PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
	while IFS= read -r a; do q "$a"; done <"$t/env"
	printf 'setpriv --reuid=%s --regid=%s --init-groups ' "$(q "$user")" "$(q "${group:-$user}")"
	for w; do q "$w"; done
	echo
) >"$t/run.sh"
check "the unit names a user, and an ExecStart=" test -n "$user" -a -n "$cmd"
sh "$t/run.sh" >"$t/serve.log" 2>&1 &
pid=$!
url=""
i=0
while [ $i -lt 100 ] && kill -0 "$pid" 2>/dev/null; do
	url=$(sed -n 's,^scs serving .* on \(http://[^ ]*/\)$,\1,p' "$t/serve.log")
	[ -n "$url" ] && break
	sleep 0.2
	i=$((i + 1))
done
cp "$t/serve.log" "$t/out"
{ echo "run.sh:"; cat "$t/run.sh"; } >>"$t/out"
if [ -n "$url" ]; then ok "the unit's command serves, at $url"; else no "the unit's command serves"; fi
check "... as scs" test "$(sed -n 's/^Uid:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$pid/status")" = "$(id -u scs)"
check "... under its seccomp filter" grep -q '^Seccomp:[[:space:]]*2' "/proc/$pid/status"
check "... with the register of /etc/scs/scs.conf" grep -q "^scs serving /var/lib/scs/scs.db on" "$t/serve.log"
check "GET /v1/health answers 200" node -e '
fetch(process.argv[1]).then(r => process.exit(r.status === 200 ? 0 : 1),
	e => { console.error(e); process.exit(1); });' "${url}v1/health"
check "admin signs in with the password in /etc/scs/initial-admin-password" \
	env PW="$(cat /etc/scs/initial-admin-password)" node -e '
fetch(process.argv[1], { method: "POST", headers: { "content-type": "application/json" },
	body: JSON.stringify({ username: "admin", password: process.env.PW }) })
	.then(async r => { console.log(r.status, await r.text()); process.exit(r.status === 200 ? 0 : 1); },
	e => { console.error(e); process.exit(1); });' "${url}v1/login"

# SIGTERM as systemctl stop sends it; the unit gives it 30 s.
kill -TERM "$pid" 2>/dev/null
i=0
while [ $i -lt 300 ] && kill -0 "$pid" 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
if kill -0 "$pid" 2>/dev/null; then
	kill -KILL "$pid"
	wait "$pid"
	cp "$t/serve.log" "$t/out"
	no "SIGTERM stops the server within 30 s"
else
	wait "$pid"
	rc=$?
	cp "$t/serve.log" "$t/out"
	if [ "$rc" = 0 ]; then ok "SIGTERM stops the server, status 0"; else no "SIGTERM stops the server, status 0 (it was $rc)"; fi
fi
pid=""
check "the register verifies, as the operator checks it as scs" \
	runuser -u scs -- env SCS_DB=/var/lib/scs/scs.db SCS_KEYS=/etc/scs/keys /usr/bin/scs audit verify

sum=$(sha256sum /var/lib/scs/scs.db)
check "dpkg -i again (an upgrade)" dpkg -i "$deb"
check "... keeps the register as it was" test "$(sha256sum /var/lib/scs/scs.db)" = "$sum"
check "... and the changed configuration" grep -q '^SCS_LISTEN=127.0.0.1:0$' "$conf"

check "dpkg -r removes it" dpkg -r scs
check "... the program" test ! -e /usr/bin/scs
check "... the unit" test ! -e "$unit"
check "... keeping the configuration" test -f "$conf"
check "... and the register" test -f /var/lib/scs/scs.db

check "dpkg --purge purges it" dpkg --purge scs
cp "$t/out" "$t/purge.out"
check "... the configuration" test ! -e "$conf"
check "... the unit's enabling" test ! -e /etc/systemd/system/multi-user.target.wants/scs.service
check "... dpkg forgets it" gone
check "... leaving the register and its keys" test -f /var/lib/scs/scs.db -a -f /etc/scs/keys/sign.key
check "... and saying so" grep -q "purge leaves the register" "$t/purge.out"
summary
