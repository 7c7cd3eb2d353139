#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# run.sh SCS [--pg PGDIR] - end-to-end tests of the `scs` command line on
# real files: init, import/export round trips, FILE:LINE errors that keep
# nothing, sealing at rest (grep the database and WAL), key rotation
# (interrupted and resumed), the retention purge (no trace left) and a
# person's export, users and subject accounts (activation codes, reset,
# re-link), audit verification against tampering with plain SQL,
# make install and uninstall into a staging directory.
#
# With --pg PGDIR (or $SCS_TEST_PG_DIR), a PostgreSQL cluster started by
# tests/pg.sh, the same checks run on PostgreSQL: every register the suite
# names by a path ($t/a.db) is a fresh database of that cluster, made on
# first use by tests/pg.sh createdb, with its key directory at PATH.keys
# ($SCS_KEYS) as SQLite's is.  `$scs` is then a wrapper that puts the
# database's URL in place of the path; the file at the path holds the URL.
# Plain SQL runs through psql as the cluster's superuser; the checks on the
# SQLite files (WAL, checkpoint) grep the cluster's files and a pg_dump.
# Ends with "N passed, M failed" (", K skipped" when some are skipped).
set -u
scs=$1
shift
pg=${SCS_TEST_PG_DIR:-}
while [ $# -gt 0 ]; do
	case $1 in
	--pg) pg=${2:?--pg needs the cluster directory}; shift 2 ;;
	*) echo "usage: run.sh SCS [--pg PGDIR]" >&2; exit 2 ;;
	esac
done
top=$(cd "$(dirname "$0")/../.." && pwd)
t=$(mktemp -d)
export SCS_PWHASH_COST=min SCS_ADMIN_PASSWORD=admin-password-for-tests
unset SCS_DB SCS_KEYS SCS_DATA_DIR
. "$top/tests/lib.sh"
bin=$scs # the binary itself (make install installs it)
if [ -n "$pg" ]; then
	pg=$(cd "$pg" && pwd)
	pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
	# The databases of this run: cli_<this run's directory>_<path>.
	dbpre=cli_$(basename "$t" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9\n' _)_
	cat >"$t/scs" <<-EOF
		#!/bin/sh
		# --db PATH -> --db URL, SCS_KEYS=PATH.keys; the first use of a
		# PATH makes its database and writes the URL into PATH.
		b=\${SCS_TEST_BIN:-$bin}
		n=\$#
		next=
		for a; do
			if [ "\$next" = 1 ]; then
				next=
				if [ ! -f "\$a" ]; then
					name=$dbpre\$(printf %s "\${a#$t/}" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9' _)
					sh "$top/tests/pg.sh" createdb "$pg" "\$name" >"\$a" || exit 1
				fi
				export SCS_KEYS="\$a.keys"
				a=\$(cat "\$a")
			elif [ "\$a" = --db ]; then
				next=1
			fi
			set -- "\$@" "\$a"
		done
		shift \$n
		exec "\$b" "\$@"
	EOF
	chmod 755 "$t/scs"
	scs=$t/scs
fi
as_pg() { # command...: as the cluster's user (tests/pg.sh)
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
pgsu() { # database sql: psql as the cluster's superuser, on its socket
	as_pg "$pgbin/psql" -q -At -v ON_ERROR_STOP=1 -h "$pg" -p "$(cat "$pg/port")" -U postgres -d "$1" -c "$2"
}
dbname() { sed 's|.*/\([^/?]*\)?.*|\1|' "$1"; } # path: its database
cleanup() {
	if [ -n "$pg" ]; then
		pgsu postgres "SELECT datname FROM pg_database WHERE datname LIKE '${dbpre}%'" |
			while read -r d; do pgsu postgres "DROP DATABASE \"$d\" WITH (FORCE)"; done
	fi
	rm -rf "$t"
}
trap cleanup EXIT
sql() { # path sql: plain SQL in a register, as an intruder would
	if [ -n "$pg" ]; then
		# Foreign keys are not checked (session_replication_role), as
		# the sqlite3 shell does not check them.
		pgsu "$(dbname "$1")" "SET session_replication_role = replica; $2"
	else
		sqlite3 "$1" "$2"
	fi
}
fresh() { rm -rf "$t/$1" "$t/$1"-* "$t/$1".keys; "$scs" --db "$t/$1" init >/dev/null; }
copyreg() { # from to: a copy of a register, keys and all
	rm -rf "$2" "$2"-* "$2".keys
	cp -r "$1.keys" "$2.keys"
	if [ -n "$pg" ]; then
		n=${dbpre}$(printf %s "${2#"$t"/}" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9' _)
		pgsu postgres "DROP DATABASE IF EXISTS \"$n\" WITH (FORCE)"
		pgsu postgres "CREATE DATABASE \"$n\" TEMPLATE \"$(dbname "$1")\" OWNER scs"
		sed "s|/[^/?]*?|/$n?|" "$1" >"$2"
	else
		cp "$1" "$2"
		for w in wal shm; do [ -f "$1-$w" ] && cp "$1-$w" "$2-$w"; done
	fi
}
checkpoint() { # path: SQLite's WAL into the database; PostgreSQL's CHECKPOINT
	if [ -n "$pg" ]; then pgsu postgres CHECKPOINT; else sqlite3 "$1" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null; fi
}
stored() { # path: where the register's bytes lie: the database file and its
	# WAL; on PostgreSQL the database's directory and the cluster's WAL
	if [ -n "$pg" ]; then
		oid=$(pgsu postgres "SELECT oid FROM pg_database WHERE datname = '$(dbname "$1")'")
		find "$pg/data/base/$oid" "$pg/data/pg_wal" -type f
	else
		for f in "$1" "$1-wal" "$1-shm"; do [ -f "$f" ] && echo "$f"; done
	fi
}
dump() { # path: a pg_dump of the database, as text
	as_pg "$pgbin/pg_dump" -h "$pg" -p "$(cat "$pg/port")" -U postgres "$(dbname "$1")"
}

# --- help, version, usage ---
check "scs --version prints the version" "$scs" --version
has "^scs [0-9]" || no "version line"
check "scs help lists commands" "$scs" help
has "import" && has "audit" || no "help lists import and audit"
check "scs help init explains init" "$scs" help init
refuse "an unknown command fails" "$scs" frobnicate
[ "$("$scs" frobnicate >/dev/null 2>&1; echo $?)" = 2 ] && ok "unknown command exits 2" || no "unknown command exits 2"
refuse "a command without a register fails" "$scs" --db "$t/none.db" org list
has "no register here" && ok "the missing register is named" || no "the missing register is named"
if [ -n "$pg" ]; then
	[ "$(sql "$t/none.db" "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" = 0 ]
else
	[ ! -e "$t/none.db" ]
fi && ok "a command without a register makes nothing there (no file, no tables)" || no "a command without a register made something"

# --- init ---
check "init creates a register" "$scs" --db "$t/a.db" init
[ "$(stat -c %a "$t/a.db.keys")" = 700 ] && ok "key directory is 0700" || no "key directory is 0700"
bad=$(find "$t/a.db.keys" -type f ! -perm 600 | wc -l)
[ "$bad" = 0 ] && ok "key files are 0600" || no "key files are 0600"
refuse "init refuses an existing register" "$scs" --db "$t/a.db" init
has "already exists" && ok "init says the register exists" || no "init says the register exists"
rm -rf "$t/g.db" "$t/g.db.keys"
SCS_ADMIN_PASSWORD= "$scs" --db "$t/g.db" init </dev/null >"$t/out" 2>&1
has "admin password (shown once): " && ok "init generates and prints a password once" || no "init generates a password"
chmod 644 "$t/a.db.keys/dek-1.key"
refuse "a key file readable by others is refused" "$scs" --db "$t/a.db" org list
has "chmod 600" && ok "the loose key file is named" || no "the loose key file is named"
chmod 600 "$t/a.db.keys/dek-1.key"

# --- reference data ---
mkdir -p "$t/data"
cp "$top"/data/*.csv "$t/data/"
printf 'USA,ULTRA,ULTRA,Ultra,9,made up\n' >>"$t/data/levels.csv"
SCS_DATA_DIR="$t/data" "$scs" --db "$t/a.db" org list >"$t/out" 2>&1
rc=$?
[ $rc = 1 ] && has "levels.csv:[0-9]*: rank" && ok "a bad reference table names file, line and column" || no "bad reference table is reported"

# --- make install / uninstall, staged under DESTDIR ---
# The binary under test is installed as it is (-o: never rebuilt here), so
# the sanitizer run installs the sanitized build.
scsabs=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
dest="$t/dest"
inst() { # target: make TARGET DESTDIR=$dest PREFIX=/usr for this binary
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$top" --no-print-directory \
		B="$(dirname "$scsabs")" -o "$scsabs" "$1" DESTDIR="$dest" PREFIX=/usr
}
check "make install DESTDIR=... PREFIX=/usr" inst install
same_data() { for f in "$top"/data/*.csv; do cmp -s "$f" "$dest/usr/share/scs/${f##*/}" || return 1; done; }
[ -x "$dest/usr/bin/scs" ] && cmp -s "$scsabs" "$dest/usr/bin/scs" &&
	cmp -s "$top/docs/scs.1" "$dest/usr/share/man/man1/scs.1" &&
	[ "$(stat -c %a "$dest/usr/share/man/man1/scs.1")" = 644 ] && same_data &&
	ok "install puts bin/scs, share/man/man1/scs.1 and share/scs/*.csv under DESTDIR/PREFIX" ||
	no "installed files"
"$dest/usr/bin/scs" --version >"$t/out" 2>&1 && has "^scs [0-9]" &&
	ok "the installed scs runs (--version)" || no "the installed scs runs"
if command -v man >/dev/null 2>&1; then
	MANPATH="$dest/usr/share/man" MANWIDTH=80 man -P cat scs >"$t/out" 2>&1
else
	sed -n 's/^\.TH \(SCS\) 1 .*/\1(1)/p' "$dest/usr/share/man/man1/scs.1" >"$t/out"
fi
has "SCS(1)" && ok "man scs reads the installed page" || no "man scs reads the installed page"
if [ -n "$pg" ]; then
	SCS_TEST_BIN="$dest/usr/bin/scs" SCS_DATA_DIR="$dest/usr/share/scs" "$scs" --db "$t/a.db" org list
else
	SCS_DATA_DIR="$dest/usr/share/scs" "$dest/usr/bin/scs" --db "$t/a.db" org list
fi >"$t/out" 2>&1 &&
	ok "the installed reference tables load through SCS_DATA_DIR" || no "installed tables load"
check "make uninstall DESTDIR=... PREFIX=/usr" inst uninstall
[ ! -e "$dest/usr/bin/scs" ] && [ ! -e "$dest/usr/share/man/man1/scs.1" ] &&
	[ ! -e "$dest/usr/share/scs" ] && ok "uninstall removes what install put there" ||
	no "uninstall removes what install put there"

# --- import, export, round trip ---
check "import the demo register" "$scs" --db "$t/a.db" import "$top/data/demo.jsonl"
has "imported $(grep -c . "$top/data/demo.jsonl") records" || no "every demo record imported"
check "import the demo's vetting cases" "$scs" --db "$t/a.db" import "$top/data/demo-cases.jsonl"
has "imported $(grep -c . "$top/data/demo-cases.jsonl") records" || no "every demo case record imported"
"$scs" --db "$t/a.db" export >"$t/e1.jsonl" 2>"$t/out" && ok "export" || no "export"
grep -vxFf "$t/e1.jsonl" "$top/data/demo-cases.jsonl" >"$t/out"
[ ! -s "$t/out" ] && ok "the demo cases are exported as written (canonical form)" ||
	no "the demo cases are exported as written (canonical form)"
fresh b.db
"$scs" --db "$t/b.db" import "$t/e1.jsonl" >"$t/out" 2>&1 && "$scs" --db "$t/b.db" export >"$t/e2.jsonl" 2>>"$t/out"
cmp -s "$t/e1.jsonl" "$t/e2.jsonl" && ok "demo export -> import -> export is byte-identical" || no "demo round trip"
"$scs" --db "$t/a.db" case list >"$t/out" 2>&1
missing=
for s in awaiting_consent questionnaire submitted investigating adjudicating granted interim denied \
	complaint rejected refused withdrawn; do
	has "\"state\":\"$s\"" || missing="$missing $s"
done
[ -z "$missing" ] && ok "the demo has a case in every state" || no "the demo has no case in:$missing"
check "importing the same file again is a no-op" "$scs" --db "$t/b.db" import "$t/e1.jsonl"
grep '"p01"' "$t/e1.jsonl" | sed 's/"name":"中村 浩二"/"name":"別人 太郎"/' >"$t/conflict.jsonl"
refuse "an existing id with other content is refused" "$scs" --db "$t/b.db" import "$t/conflict.jsonl"
has "conflict.jsonl:1: id" && ok "the conflicting id is named" || no "the conflicting id is named"

node "$top/tests/cli/gen.js" 3000 42 >"$t/big.jsonl"
fresh c.db
check "import a random register of 3000 persons" "$scs" --db "$t/c.db" import "$t/big.jsonl"
"$scs" --db "$t/c.db" export >"$t/c1.jsonl"
fresh d.db
"$scs" --db "$t/d.db" import "$t/c1.jsonl" >/dev/null && "$scs" --db "$t/d.db" export >"$t/c2.jsonl"
cmp -s "$t/c1.jsonl" "$t/c2.jsonl" && ok "random register round trip is byte-identical" || no "random register round trip"
[ "$(wc -l <"$t/c1.jsonl")" = 3013 ] && ok "export holds every record (3000 persons, 12 organizations and the administering one)" || no "export holds every record"

# a bad line in the middle: FILE:LINE, nothing kept
awk 'NR == 1500 { sub(/"birth_date":"[0-9-]*"/, "\"birth_date\":\"2023-02-29\"") } { print }' "$t/big.jsonl" >"$t/bad.jsonl"
fresh e.db
"$scs" --db "$t/e.db" export >"$t/before.jsonl"
refuse "import with a bad line in the middle fails" "$scs" --db "$t/e.db" import "$t/bad.jsonl"
has "bad.jsonl:1500: birth_date: " && ok "the error names FILE:LINE: field" || no "the error names FILE:LINE: field"
"$scs" --db "$t/e.db" export >"$t/after.jsonl"
cmp -s "$t/before.jsonl" "$t/after.jsonl" && ok "a failed import keeps nothing" || no "a failed import keeps nothing"
check "the register still verifies after a failed import" "$scs" --db "$t/e.db" audit verify

for case in 'not json' '{"kind":"person"}' '{"kind":"spaceship","id":"x"}' '[1,2]' \
	'{"kind":"organization","id":"o","name":"N","type":"bank","country":"JPN"}' \
	'{"kind":"organization","id":"o","name":"N","type":"contractor","country":"ZZZ"}' \
	'{"kind":"organization","id":"o","name":"N","type":"contractor","country":"JPN","extra":1}' \
	'{"kind":"organization","id":"o","id":"p","name":"N","type":"contractor","country":"JPN"}'; do
	printf '%s\n' "$case" >"$t/one.jsonl"
	refuse "refused: $case" "$scs" --db "$t/e.db" import "$t/one.jsonl"
	has "one.jsonl:1" || no "line number for: $case"
done


# --- import in batches of 4096 lines, each written in bulk (or line by
# line when that fails): errors past the first batch, lines already there ---
node "$top/tests/cli/gen.js" 9000 7 >"$t/b9.jsonl" # 9012 lines: three batches
awk 'NR == 6000 { sub(/"org":"org-[0-9]*"/, "\"org\":\"nope\"") } { print }' "$t/b9.jsonl" >"$t/ref.jsonl"
fresh g.db
refuse "a missing organization on line 6000 fails the import" "$scs" --db "$t/g.db" import "$t/ref.jsonl"
has "ref.jsonl:6000: org" && ok "the line and field of the missing reference are named" || no "the line of a missing reference"
[ "$(sql "$t/g.db" 'SELECT count(*) FROM persons')" = 0 ] &&
	ok "nothing of the batches before it is kept" || no "a failed import kept its first batches"
head -n 5000 "$t/b9.jsonl" >"$t/half.jsonl"
check "import the first 5000 lines" "$scs" --db "$t/g.db" import "$t/half.jsonl"
check "then all 9012: the lines already there are skipped" "$scs" --db "$t/g.db" import "$t/b9.jsonl"
has "imported 4012 records" && ok "only the new lines are counted" || no "a partial re-import counts only new lines"
(head -n 50 "$t/b9.jsonl"; sed -n 20p "$t/b9.jsonl"; sed -n 30,40p "$t/b9.jsonl") >"$t/dup.jsonl"
fresh h.db
check "a line repeated in one batch is imported once" "$scs" --db "$t/h.db" import "$t/dup.jsonl"
has "imported 50 records" || no "a repeated line counted once"
(sed -n 20p "$t/b9.jsonl" | sed 's/"org":"org-[0-9]*"/"org":"late"/; s/"id":"p/"id":"fwd-p/'
	echo '{"kind":"organization","id":"late","name":"Late","type":"contractor","country":"JPN"}') >"$t/fwd.jsonl"
refuse "a line that names the record of a later line is refused" "$scs" --db "$t/h.db" import "$t/fwd.jsonl"
has "fwd.jsonl:1: org" && ok "as line by line: the naming line is the bad one" || no "a reference to a later line"
check "import all 9012 lines at once" "$scs" --db "$t/h.db" import "$t/b9.jsonl"
"$scs" --db "$t/g.db" export >"$t/g.jsonl" && "$scs" --db "$t/h.db" export >"$t/h.jsonl" &&
	cmp -s "$t/g.jsonl" "$t/h.jsonl" && ok "in pieces or at once: the same register" || no "pieces and whole differ"
check "the register imported in pieces verifies" "$scs" --db "$t/g.db" audit verify

# --- the demo register answers every reason code (README cites these) ---
while read -r subj item want; do
	"$scs" --db "$t/a.db" check --at 2026-01-15 "$subj" "$item" >"$t/out" 2>&1
	case $want in
	allow) grep -q '"allow":true}' "$t/out" ;;
	*) grep -q "\"reason\":\"$want\"" "$t/out" ;;
	esac && ok "demo: $subj on $item is $want" || no "demo: $subj on $item is $want"
done <<'PAIRS'
p-demo-subject orca-mast-radar-supply allow
p20 bmd-intercept-fy2014 not_classified
p-demo-subject us-wespac-undersea-threat level
p-demo-subject hikari-magnetometer compartment
p15 orca-mast-radar-supply compartment
p03 us-acoustic-library releasability
p-demo-subject semicon-chokepoints-2025 need_to_know
p22 quantum-asw-concept organization
p19 semicon-chokepoints-2025 suspended
p07 semicon-chokepoints-2025 expired
p-demo-subject orca-radar-spec not_cleared
p99 orca-radar-spec unknown_subject
p01 no-such-item unknown_item
PAIRS

# --- sealed at rest ---
cat >"$t/canary.jsonl" <<'J'
{"kind":"organization","id":"canary-org","name":"Canary Works","type":"contractor","country":"JPN"}
{"kind":"person","id":"canary","name":"検査 一郎","name_latin":"KENSA Ichiro","birth_date":"1980-01-01","nationalities":["JPN"],"org":"canary-org","relatives":[{"relation":"spouse","name":"ZZCANARYNAME 藤壺","birth_date":"1981-02-03","nationalities":["JPN"],"address":"ZZCANARYADDR 静岡県焼津市9-9-9","cohabitant":true}]}
J
fresh f.db
"$scs" --db "$t/f.db" import "$t/canary.jsonl" >/dev/null
found=0
for f in $(stored "$t/f.db"); do
	grep -aq -e ZZCANARYNAME -e ZZCANARYADDR -e 藤壺 -e 焼津市 "$f" && found=1
done
[ $found = 0 ] && ok "relative's name and address are not in the database or WAL" || no "canary found at rest"
checkpoint "$t/f.db"
if [ -n "$pg" ]; then
	# Every table as text, bytea as hex: the canary neither as text nor
	# as the hex of its bytes.
	hexof() { printf %s "$1" | xxd -p | tr -d '\n'; }
	dump "$t/f.db" >"$t/dump"
	grep -q '^COPY public.persons' "$t/dump" &&
		! grep -q -e ZZCANARYNAME -e ZZCANARYADDR -e "$(hexof ZZCANARYNAME)" -e "$(hexof ZZCANARYADDR)" "$t/dump" &&
		ok "canary not in a pg_dump of the database (as text or as hex)" || no "canary in a pg_dump of the database"
	found=0
	for f in $(stored "$t/f.db"); do grep -aq -e ZZCANARYNAME -e ZZCANARYADDR "$f" && found=1; done
	[ $found = 0 ] && ok "canary not in the database's files after a CHECKPOINT" || no "canary in the database's files"
else
	grep -aq -e ZZCANARYNAME -e ZZCANARYADDR "$t/f.db" && no "canary in checkpointed database" || ok "canary not in the checkpointed database"
fi
"$scs" --db "$t/f.db" export >"$t/out" 2>&1
has ZZCANARYNAME && has ZZCANARYADDR && ok "export returns the sealed relative" || no "export returns the sealed relative"
"$scs" --db "$t/f.db" person show canary --relatives >"$t/out" 2>&1
has "purpose" && ok "opening relatives without a purpose is refused" || no "purpose required"
"$scs" --db "$t/f.db" person show canary --relatives --purpose "test: round trip" >"$t/out" 2>&1
has ZZCANARYADDR && ok "person show --relatives opens them" || no "person show --relatives"
sql "$t/f.db" "SELECT count(*) FROM audit_log WHERE action='read' AND object='canary' AND purpose='test: round trip'" >"$t/out"
has '^1$' && ok "the read and its purpose are in the audit log" || no "the read is audited"

# swapped ciphertexts fail authentication
copyreg "$t/c.db" "$t/h.db"
sql "$t/h.db" "UPDATE persons SET relatives = (SELECT relatives FROM persons WHERE id='p0000002') WHERE id='p0000001';"
"$scs" --db "$t/h.db" person show p0000001 --relatives --purpose swap >"$t/out" 2>&1
rc=$?
[ $rc = 1 ] && has "fails authentication" && ok "a ciphertext moved to another person fails authentication" || no "swapped ciphertext"

# --- keys rotate: interrupted, resumed ---
cp "$t/c1.jsonl" "$t/rot-before.jsonl"
SCS_TEST_EXIT_AFTER_BATCHES=2 "$scs" --db "$t/c.db" keys rotate >"$t/out" 2>&1
[ $? != 0 ] && ok "rotation interrupted after two batches" || no "rotation interrupted"
sql "$t/c.db" "SELECT count(DISTINCT wrapped_key) FROM person_keys" >"$t/out"
has '^2$' && ok "mid-rotation the persons' keys are wrapped under both register keys" || no "mid-rotation holds both keys"
sql "$t/c.db" "SELECT count(*) FROM persons WHERE relatives_key <> 0" >"$t/out"
has '^0$' && ok "no value is sealed under a register key itself (format 2 only)" || no "values in format 2"
"$scs" --db "$t/c.db" export >"$t/rot-mid.jsonl" && cmp -s "$t/rot-before.jsonl" "$t/rot-mid.jsonl" && ok "mid-rotation every value still opens" || no "mid-rotation export"
check "rotation resumes and completes" "$scs" --db "$t/c.db" keys rotate
has "data key 2 is current" || no "the resumed rotation finishes key 2"
sql "$t/c.db" "SELECT DISTINCT wrapped_key FROM person_keys" >"$t/out"
has '^2$' && [ "$(wc -l <"$t/out")" = 1 ] && ok "every person's key is wrapped under the new key" || no "every key under key 2"
"$scs" --db "$t/c.db" export >"$t/rot-after.jsonl"
cmp -s "$t/rot-before.jsonl" "$t/rot-after.jsonl" && ok "rotation changes no plaintext" || no "rotation changes no plaintext"
check "the register verifies after rotation" "$scs" --db "$t/c.db" audit verify

# --- retention: a purge leaves no sealed value, and no key to open one ---
# Cases from long ago (DESIGN.md section 11 kinds); the CLI's clock is the
# real one, so their periods (data/vetting.json) have run out.
cat >"$t/old.jsonl" <<'J'
{"kind":"organization","id":"mod","name":"Ministry of Defense","type":"government","country":"JPN"}
{"kind":"person","id":"p-old","name":"古井 一郎","name_latin":"FURUI Ichiro","birth_date":"1970-01-01","nationalities":["JPN"],"org":"mod","relatives":[{"relation":"spouse","name":"ZZCANARYREL","birth_date":"1971-02-03","nationalities":["JPN"],"address":"東京都港区1-1","cohabitant":true}]}
{"kind":"person","id":"p-kept","name":"今井 二郎","name_latin":"IMAI Jiro","birth_date":"1980-01-01","nationalities":["JPN"],"org":"mod","relatives":[{"relation":"spouse","name":"ZZKEPTREL","birth_date":"1981-02-03","nationalities":["JPN"],"address":"東京都港区2-2","cohabitant":true}]}
{"kind":"case","id":"C-OLD","person":"p-old","authority":"JPN-SDS","level":"TOKUTEI_HIMITSU","sponsor":"mod","need":"old need","type":"initial","state":"withdrawn","opened":"2020-01-01T00:00:00Z","since":"2020-03-01T00:00:00Z","consent_version":"2026-1"}
{"kind":"case_event","case_id":"C-OLD","seq":1,"at":"2020-01-01T00:00:00Z","actor":"user:off","event":"nominate","state":"awaiting_consent"}
{"kind":"case_event","case_id":"C-OLD","seq":2,"at":"2020-03-01T00:00:00Z","actor":"user:sub","event":"withdraw","from_state":"awaiting_consent","state":"withdrawn"}
{"kind":"answers","case_id":"C-OLD","section":"drugs","saved":"2020-02-01T00:00:00Z","certified":false,"data":{"note":"ZZCANARYANSWER"}}
{"kind":"finding","case_id":"C-OLD","seq":1,"item":"drugs","source":"interview","date":"2019-05-01","severity":"minor","author":"user:inv","at":"2020-02-15T00:00:00Z","narrative":"ZZCANARYFINDING","mitigation":"none"}
{"kind":"case","id":"C-KEPT","person":"p-kept","authority":"JPN-SDS","level":"TOKUTEI_HIMITSU","sponsor":"mod","need":"a need","type":"initial","state":"granted","opened":"2024-01-01T00:00:00Z","since":"2024-03-01T00:00:00Z","consent_version":"2026-1","decided":"2024-03-01T00:00:00Z","decision":{"reasons":"ZZKEPTDEC"}}
{"kind":"clearance","person":"p-kept","authority":"JPN-SDS","level":"TOKUTEI_HIMITSU","status":"active","valid_from":"2024-03-01","valid_until":"2034-03-01"}
J
fresh r.db
check "import a register with cases of 2020" "$scs" --db "$t/r.db" import "$t/old.jsonl"
if [ -n "$pg" ]; then hex() { echo "upper(encode($1, 'hex'))"; }; else hex() { echo "hex($1)"; }; fi
wrapped=$(sql "$t/r.db" "SELECT $(hex wrapped) FROM person_keys WHERE person='p-old'")
narr=$(sql "$t/r.db" "SELECT $(hex narrative) FROM findings WHERE case_id='C-OLD'")
[ ${#wrapped} -gt 100 ] && [ ${#narr} -gt 50 ] && ok "p-old has a wrapped data key and a sealed narrative" || no "p-old's key and narrative"
check "retention run --dry-run" "$scs" --db "$t/r.db" retention run --dry-run
has "^would purge p-old (retention ended 2021-03-01)" && has "^would purge 1 persons$" && ! has "p-kept" &&
	ok "the dry run names p-old only" || no "dry run output"
"$scs" --db "$t/r.db" export >"$t/out" 2>&1
has ZZCANARYFINDING && has ZZCANARYANSWER && has ZZCANARYREL && ok "a dry run changes nothing" || no "dry run changed something"
check "retention run" "$scs" --db "$t/r.db" retention run
has "^purged p-old (retention ended 2021-03-01; 4 sealed values removed, data key destroyed)" &&
	has "^purged 1 persons, 4 sealed values$" && ok "retention run purges p-old, its values and its key" || no "retention run output"
"$scs" --db "$t/r.db" export >"$t/out" 2>&1
! has ZZCANARY && has ZZKEPTREL && has ZZKEPTDEC && ok "p-old's sealed values are gone, p-kept's are there" || no "purge took the right values"
has '"id":"C-OLD".*"state":"withdrawn"' && has '"case_id":"C-OLD","seq":2' && has '"severity":"minor"' && has '"name_latin":"FURUI Ichiro"' &&
	ok "identity, case, stamps and finding metadata stay for statistics" || no "metadata kept"
sql "$t/r.db" "SELECT length(wrapped) || '|' || wrapped_key || '|' || (CASE WHEN destroyed IS NOT NULL THEN 1 ELSE 0 END) FROM person_keys WHERE person='p-old'" >"$t/out"
has '^0|0|1$' && ok "p-old's data key is destroyed (a tombstone)" || no "key destroyed"
found=0
checkpoint "$t/r.db"
for f in $(stored "$t/r.db"); do
	# PostgreSQL keeps old row versions in its WAL (docs/operations.md,
	# Erasure): its table files are checked here, its WAL below.
	case $f in */pg_wal/*) continue ;; esac
	xxd -p "$f" | tr -d '\n' | tr 'a-f' 'A-F' >"$t/hex"
	grep -q "$wrapped" "$t/hex" && found=1
	grep -q "$narr" "$t/hex" && found=1
	grep -aq ZZCANARY "$f" && found=1
done
if [ -n "$pg" ]; then
	[ $found = 0 ] && ok "neither the wrapped key nor the sealed narrative is in the database's files (after VACUUM, CHECKPOINT)" || no "purged bytes left in the database's files"
	skip "neither is in the WAL" "PostgreSQL keeps old row versions in its WAL until it is recycled (docs/operations.md, Erasure)"
	dump "$t/r.db" | tr 'a-f' 'A-F' >"$t/hex"
	! grep -q -e "$wrapped" -e "$narr" -e ZZCANARY "$t/hex" && ok "neither is in a pg_dump of the database" || no "purged values in a pg_dump"
else
	[ $found = 0 ] && ok "neither the wrapped key nor the sealed narrative is in the database or its WAL" || no "purged bytes left in a file"
fi
sql "$t/r.db" "SELECT action || ' ' || kind || ' ' || object FROM audit_log WHERE purpose='retention' ORDER BY seq" >"$t/out"
has '^purge person p-old$' && has '^purge answers C-OLD/answers/drugs$' && has '^purge finding C-OLD/finding/1$' &&
	has '^destroy person_key p-old$' && ok "every change of the purge is audited" || no "purge audited"
check "the register verifies after the purge" "$scs" --db "$t/r.db" audit verify
check "a second run" "$scs" --db "$t/r.db" retention run
has "^purged 0 persons" && ok "a second run purges nobody" || no "second run"
refuse "retention takes run" "$scs" --db "$t/r.db" retention purge
refuse "retention run takes only --dry-run" "$scs" --db "$t/r.db" retention run --force
check "person export" "$scs" --db "$t/r.db" person export p-kept
has ZZKEPTREL && has ZZKEPTDEC && has '"clearances":\[{' && ok "person export holds the relatives, the decision and the clearance" || no "person export"
sql "$t/r.db" "SELECT count(*) FROM audit_log WHERE action='export' AND kind='person' AND object='p-kept'" >"$t/out"
has '^1$' && ok "the export is audited" || no "person export audited"

# --- users ---
SCS_PASSWORD=officer-password-1 "$scs" --db "$t/a.db" user add off1 --org owari-hi --role security_officer >"$t/out" 2>&1 && ok "user add" || no "user add"
"$scs" --db "$t/a.db" user add svc --org mod --role relying_system >"$t/out" 2>&1
has "API key (shown once): scs_" && ok "a relying system gets an API key" || no "relying system API key"
SCS_PASSWORD=short "$scs" --db "$t/a.db" user add x1 --org mod --role auditor >"$t/out" 2>&1
has "password: must be at least 12" && ok "a short password is refused" || no "short password"
SCS_PASSWORD=long-enough-password "$scs" --db "$t/a.db" user add x2 --org mod --role boss >"$t/out" 2>&1
has "role: must be one of" && ok "an unknown role is refused" || no "unknown role"
SCS_PASSWORD=long-enough-password "$scs" --db "$t/a.db" user add x3 --org nowhere --role auditor >"$t/out" 2>&1
has "org: no organization" && ok "an unknown organization is refused" || no "unknown org"
check "user disable" "$scs" --db "$t/a.db" user disable off1
"$scs" --db "$t/a.db" user list >"$t/out" 2>&1
has "off1.*(disabled)" && ok "user list shows the disabled user" || no "user list"
n0=$(sql "$t/a.db" "SELECT count(*) FROM audit_log")
check "disabling a disabled user succeeds" "$scs" --db "$t/a.db" user disable off1
[ "$(sql "$t/a.db" "SELECT count(*) FROM audit_log")" = "$n0" ] && ok "... and writes no audit entry" || no "a second disable is audited again"
"$scs" --db "$t/a.db" user enable off1 >"$t/out" 2>&1 && has "^enabled off1$" && ok "user enable" || no "user enable"
"$scs" --db "$t/a.db" user list >"$t/out" 2>&1
has "off1" && ! has "off1.*(disabled)" && ok "user list shows the enabled user" || no "user list after enable"
[ "$(sql "$t/a.db" "SELECT count(*) FROM audit_log WHERE action='enable' AND kind='user' AND object='off1'")" = 1 ] && ok "... audited" || no "enable audited"
n0=$(sql "$t/a.db" "SELECT count(*) FROM audit_log")
check "enabling an enabled user succeeds" "$scs" --db "$t/a.db" user enable off1
[ "$(sql "$t/a.db" "SELECT count(*) FROM audit_log")" = "$n0" ] && ok "... and writes no audit entry" || no "a second enable is audited"
refuse "enable of an unknown user fails" "$scs" --db "$t/a.db" user enable nobody-here

# --- subject accounts: an activation code, not a password ---
code_re='^activation code: [0-9A-HJKMNP-TV-Z]\{4\}\(-[0-9A-HJKMNP-TV-Z]\{4\}\)\{7\}$'
code() { sed -n 's/^activation code: //p' "$t/out"; }
SCS_PASSWORD=admins-choice-password "$scs" --db "$t/a.db" user add misaki --org owari-hi --role subject --person p-demo-subject >"$t/out" 2>&1 &&
	grep -q "$code_re" "$t/out" && ok "a subject gets the line 'activation code: CODE'" || no "subject activation code"
has "SCS_PASSWORD is not used" && ok "... and says it did not use SCS_PASSWORD" || no "SCS_PASSWORD note for a subject"
c1=$(code)
sql "$t/a.db" "SELECT pwhash || '|' || activation_hash FROM users WHERE id='misaki'" >"$t/out"
! grep -q "$c1" "$t/out" && ! grep -q "admins-choice" "$t/out" && has "^|[0-9a-f]\{64\}$" &&
	ok "no password, the code stored only hashed" || no "subject stored without password, code hashed"
refuse "a second subject account for the person is refused" "$scs" --db "$t/a.db" user add misaki2 --org owari-hi --role subject --person p-demo-subject
has "person: .*already has a subject account" && ok "the refusal names the person" || no "second subject names person"
"$scs" --db "$t/a.db" user list >"$t/out" 2>&1
has "misaki.*(activation pending)" && ok "user list shows the pending activation" || no "pending activation listed"
SCS_PASSWORD=misakis-password-1 "$scs" --db "$t/a.db" user activate misaki --code ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ >"$t/out" 2>&1
[ $? = 1 ] && has "wrong username or activation code" && ok "a wrong code is refused" || no "wrong code refused"
SCS_PASSWORD=misakis-password-1 "$scs" --db "$t/a.db" user activate nobody --code "$c1" >"$t/out" 2>&1
[ $? = 1 ] && has "wrong username or activation code" && ok "an unknown user gets the same answer" || no "unknown user same answer"
echo misakis-password-1 | SCS_PASSWORD= "$scs" --db "$t/a.db" user activate misaki --code "$c1" >"$t/out" 2>&1 &&
	has "activated misaki" && ok "the person activates with the code (password on stdin)" || no "activate"
SCS_PASSWORD=someone-elses-password "$scs" --db "$t/a.db" user activate misaki --code "$c1" >"$t/out" 2>&1
[ $? = 1 ] && has "wrong username or activation code" && ok "a used code is refused" || no "used code refused"
check "user reset gives a new code" "$scs" --db "$t/a.db" user reset misaki
grep -q "$code_re" "$t/out" && [ "$(code)" != "$c1" ] && ok "... printed as 'activation code: CODE'" || no "reset code line"
c2=$(code)
check "re-link to another person" "$scs" --db "$t/a.db" user reset misaki --person p14
has "re-linked misaki to person p14" && grep -q "$code_re" "$t/out" && ok "... with a new code" || no "relink output"
c3=$(code)
SCS_PASSWORD=misakis-password-2 "$scs" --db "$t/a.db" user activate misaki --code "$c2" >"$t/out" 2>&1
[ $? = 1 ] && ok "the code before a re-link is void" || no "old code void after relink"
SCS_PASSWORD=suzukis-password-1 "$scs" --db "$t/a.db" user activate misaki --code "$(echo "$c3" | tr 'A-Z' 'a-z')" >"$t/out" 2>&1 &&
	ok "the new person activates (the code typed in lower case)" || no "activate after relink"
refuse "reset of a non-subject account is refused" "$scs" --db "$t/a.db" user reset svc
has "role: " && ok "... naming the role" || no "reset non-subject names role"
sql "$t/a.db" "SELECT action || ' ' || object || ' ' || purpose FROM audit_log WHERE kind='user' AND object='misaki'" >"$t/out"
has "^create misaki person p-demo-subject$" && has "^activate misaki person p-demo-subject$" && has "^reset misaki person p-demo-subject$" &&
	has "^relink misaki person p14 (was p-demo-subject)$" && has "^activate misaki person p14$" && has "^activate_failed misaki $" &&
	ok "create, activate, reset, relink and failures are audited" || no "subject account audit entries"

# --- the longest natural keys: 64-byte ids in a briefing and a membership ---
fresh l.db
P=$(printf 'p%.0s' $(seq 64)); C=$(printf 'c%.0s' $(seq 64)); G=$(printf 'g%.0s' $(seq 64))
cat >"$t/long.jsonl" <<LONG
{"kind":"organization","id":"mod","name":"Ministry of Defense","type":"government","country":"JPN"}
{"kind":"person","id":"$P","name":"長 名前","name_latin":"NAGA Namae","birth_date":"1980-01-01","nationalities":["JPN"],"org":"mod"}
{"kind":"compartment","id":"$C","name":"Long","owner":"mod"}
{"kind":"program","id":"$G","name":"Long","owner":"mod"}
{"kind":"briefing","person":"$P","compartment":"$C","nda_signed":"2025-01-01T10:00:00Z","valid_from":"2025-01-01T10:00:00Z","valid_until":null}
{"kind":"membership","program":"$G","person":"$P","valid_from":"2025-01-01T10:00:00Z","valid_until":null}
LONG
check "import records whose natural keys are 150 bytes" "$scs" --db "$t/l.db" import "$t/long.jsonl"
check "audit verify finds them under their whole names" "$scs" --db "$t/l.db" audit verify

# --- audit verify against tampering ---
check "audit verify passes on an untouched register" "$scs" --db "$t/a.db" audit verify
checkpoint "$t/a.db"
tamper() { # name sql expected-text
	copyreg "$t/a.db" "$t/x.db"
	sql "$t/x.db" "$2"
	"$scs" --db "$t/x.db" audit verify >"$t/out" 2>&1
	rc=$?
	if [ $rc = 1 ] && has "$3"; then ok "audit verify detects: $1"; else no "audit verify detects: $1"; fi
}
tamper "an altered audit row" "UPDATE audit_log SET actor='os:mallory' WHERE seq=5" "entry 5 was altered"
tamper "a deleted audit row" "DELETE FROM audit_log WHERE seq=7" "entry 7 is missing"
tamper "a truncated log" "DELETE FROM audit_log WHERE seq=(SELECT max(seq) FROM audit_log)" "truncated"
tamper "reordered audit rows" "UPDATE audit_log SET seq=-1 WHERE seq=3; UPDATE audit_log SET seq=3 WHERE seq=4; UPDATE audit_log SET seq=4 WHERE seq=-1" "entry 3"
tamper "a person changed with plain SQL" "UPDATE persons SET name='改竄 太郎' WHERE id='p05'" 'person "p05" differs'
tamper "a person inserted with plain SQL" "INSERT INTO persons (id, name, name_latin, birth_date, nationalities, org, relatives, relatives_key) SELECT 'ghost', name, name_latin, birth_date, nationalities, org, relatives, relatives_key FROM persons WHERE id='p05'" 'person "ghost" has no audited creation'
tamper "a person deleted with plain SQL" "DELETE FROM persons WHERE id='p20'" 'person "p20" is in the audit log'
tamper "an organization changed with plain SQL" "UPDATE organizations SET country='USA' WHERE id='mod'" 'organization "mod" differs'
tamper "a user made admin with plain SQL" "UPDATE users SET role='admin' WHERE id='svc'" 'user "svc" differs'
tamper "a subject's password set with plain SQL" "UPDATE users SET pwhash=(SELECT pwhash FROM users WHERE id='admin') WHERE id='misaki'" 'user "misaki" differs'
tamper "an activation code planted with plain SQL" "UPDATE users SET activation_hash='$(printf '%064d' 0)', activation_expires=9999999999 WHERE id='misaki'" 'user "misaki" differs'
zeros="zeroblob(32)"
[ -n "$pg" ] && zeros="decode(repeat('00', 32), 'hex')"
tamper "a forged tree head" "UPDATE tree_heads SET root=$zeros WHERE size=(SELECT min(size) FROM tree_heads)" "tree head"
tamper "a sealed value swapped" "UPDATE persons SET relatives=(SELECT relatives FROM persons WHERE id='p02') WHERE id='p01'" 'person "p01" differs'

# --- the rest of the register and the access decision ---
cat >"$t/s11.jsonl" <<'J'
{"kind":"organization","id":"mod","name":"Ministry of Defense","type":"government","country":"JPN"}
{"kind":"organization","id":"acme","name":"ACME Heavy Industries","type":"contractor","country":"JPN"}
{"kind":"conforming","org":"acme","authority":"JPN-CESI","level":"JUYO_KEIZAI_ANPO","valid_from":"2025-05-16","valid_until":"2030-05-16"}
{"kind":"person","id":"p1","name":"山田 太郎","name_latin":"YAMADA Taro","name_kana":"ヤマダ タロウ","name_passport":"YAMADA TARO","aliases":["鈴木, 太郎","SUZUKI Taro"],"birth_date":"1980-04-01","nationalities":["JPN"],"org":"acme","relatives":[]}
{"kind":"person","id":"p2","name":"John Smith","name_latin":"SMITH John","birth_date":"1975-01-01","nationalities":["USA"],"org":"mod","relatives":[]}
{"kind":"clearance","person":"p1","authority":"JPN-CESI","level":"JUYO_KEIZAI_ANPO","status":"active","valid_from":"2025-06-01","valid_until":"2035-06-01"}
{"kind":"clearance","person":"p2","authority":"USA","level":"SECRET","status":"active","valid_from":"2020-01-01","valid_until":null}
{"kind":"compartment","id":"ORCA","name":"Project ORCA","owner":"mod"}
{"kind":"briefing","person":"p1","compartment":"ORCA","nda_signed":"2025-06-02","valid_from":"2025-06-02","valid_until":null}
{"kind":"briefing","person":"p2","compartment":"ORCA","nda_signed":"2025-06-02","valid_from":"2025-06-02","valid_until":null}
{"kind":"program","id":"sub-radar","name":"Submarine radar","owner":"mod"}
{"kind":"membership","program":"sub-radar","person":"p1","valid_from":"2025-06-02"}
{"kind":"membership","program":"sub-radar","person":"p2","valid_from":"2025-06-02"}
{"kind":"item","id":"doc-1","title":"Radar spec","owner":"mod","field":"economic_security","authority":"JPN-CESI","level":"JUYO_KEIZAI_ANPO","compartments":["ORCA"],"releasable_to":["JPN","USA"],"programs":["sub-radar"],"valid_from":"2025-07-01","valid_until":"2030-07-01"}
{"kind":"item","id":"doc-2","title":"Radar spec, Japan only","owner":"mod","field":"defense","authority":"JPN-CESI","level":"JUYO_KEIZAI_ANPO","compartments":[],"releasable_to":[],"programs":[],"valid_from":"2025-07-01","valid_until":"2030-07-01"}
{"kind":"suspension","person":"p1","valid_from":"2026-01-10","valid_until":"2026-02-10","reason":"incident 17"}
{"kind":"alert","id":"AL-TEST1","person":"p1","origin":"concern","source":"concern","type":"conduct","date":"2026-01-05","match":"none","raised":"2026-01-05T10:00:00Z","state":"open","triaged":null,"suspended":false,"narrative":"left a binder, unlocked"}
{"kind":"self_report","id":"SR-TEST1","person":"p1","type":"arrest","date":"2026-01-02","pre_approval":false,"deviation":false,"filed":"2026-01-03T00:00:00Z","due":"2026-01-09","late":false,"details":{"what":"questioned, released"}}
{"kind":"incident","id":"IN-TEST1","org":"acme","type":"loss","occurred":"2026-01-04","recorded":"2026-01-04T12:00:00Z","recorded_by":"os:root","person":"p1","handlers":["p1"],"recipients":[],"items":["doc-1"],"narrative":"lost a laptop on a train"}
J
fresh k.db
check "import every kind of DESIGN.md section 11" "$scs" --db "$t/k.db" import "$t/s11.jsonl"
"$scs" --db "$t/k.db" export >"$t/k1.jsonl"
fresh k2.db
"$scs" --db "$t/k2.db" import "$t/k1.jsonl" >/dev/null && "$scs" --db "$t/k2.db" export >"$t/k2.jsonl"
cmp -s "$t/k1.jsonl" "$t/k2.jsonl" && ok "every kind round-trips byte-identically" || no "every kind round-trips"
answer() { # name expected-exit expected-text args...
	name=$1 want=$2 text=$3; shift 3
	"$scs" --db "$t/k.db" check "$@" >"$t/out" 2>&1
	rc=$?
	if [ $rc = "$want" ] && grep -q -- "$text" "$t/out"; then ok "check: $name"; else no "check: $name (exit $rc)"; fi
}
answer "allowed before the suspension" 0 '"allow":true}' --at 2026-01-01 p1 doc-1
answer "suspended during it (valid_from inclusive)" 1 '"reason":"suspended"' --at 2026-01-10 p1 doc-1
answer "allowed again when it ends (valid_until exclusive)" 0 '"allow":true}' --at 2026-02-10T00:00:00Z p1 doc-1
answer "a foreign clearance on an item releasable to its nation" 0 '"allow":true}' --at 2026-01-01 p2 doc-1
answer "a foreign clearance on a NOFORN item" 1 '"reason":"not_cleared"' --at 2026-01-01 p2 doc-2
answer "not classified after its term" 0 '"reason":"not_classified"' --at 2030-07-01 p1 doc-1
answer "unknown item" 1 '"reason":"unknown_item"' --at 2026-01-01 p1 nodoc
answer "unknown subject" 1 '"reason":"unknown_subject"' --at 2026-01-01 nobody doc-1
answer "the contractor's approval has ended" 1 '"reason":"organization"' --at 2030-06-01 p1 doc-2
printf '%s\n' '{"subject":"p1","item":"doc-1","at":"2026-01-01"}' '{"item":"doc-1","subject":"p1","at":"2026-01-15T09:00:00+09:00"}' '{"subject":"p\u0032","item":"doc-1","at":"2026-01-01"}' >"$t/q.jsonl"
"$scs" --db "$t/k.db" check --batch "$t/q.jsonl" >"$t/out" 2>&1
[ "$(sed -n 1p "$t/out")" = '{"subject":"p1","item":"doc-1","allow":true}' ] &&
	[ "$(sed -n 2p "$t/out")" = '{"subject":"p1","item":"doc-1","allow":false,"reason":"suspended"}' ] &&
	[ "$(sed -n 3p "$t/out")" = '{"subject":"p2","item":"doc-1","allow":true}' ] &&
	ok "check --batch answers in order, any key order, escapes, time zones" || no "check --batch answers"
# The index cache: check reads the decision index from k.db.index (a
# SQLite register's), follows the log past it, and never believes a
# changed one.
if [ -n "$pg" ]; then
	skip "check reads the index cache beside the register" "a PostgreSQL register has no file to sit beside"
else
	# Allows only: the decisions recorded below stay as they are.
	printf '%s\n' '{"subject":"p1","item":"doc-1","at":"2026-01-01"}' '{"subject":"p2","item":"doc-1","at":"2026-01-01"}' >"$t/qc.jsonl"
	"$scs" --db "$t/k.db" check --batch "$t/qc.jsonl" >"$t/batch1" 2>&1
	[ -f "$t/k.db.index" ] && [ "$(stat -c %a "$t/k.db.index")" = 600 ] &&
		ok "check writes the index cache beside the register, mode 0600" || no "index cache written"
	printf '%s' "$(tail -c 1 "$t/k.db.index" | od -An -tx1 | tr -d ' ')" >"$t/lastbyte"
	[ "$(cat "$t/lastbyte")" = 00 ] && b='\001' || b='\000'
	size=$(stat -c %s "$t/k.db.index")
	printf "$b" | dd of="$t/k.db.index" bs=1 seek=$((size - 1)) conv=notrunc 2>/dev/null
	"$scs" --db "$t/k.db" check --batch "$t/qc.jsonl" >"$t/out" 2>"$t/err"
	cmp -s "$t/out" "$t/batch1" && grep -q "index cache .*not used (.*MAC" "$t/err" &&
		ok "a changed index cache is said on stderr and not believed: the same answers" || no "changed index cache"
	"$scs" --db "$t/k.db" check --batch "$t/qc.jsonl" >"$t/out" 2>"$t/err"
	cmp -s "$t/out" "$t/batch1" && [ ! -s "$t/err" ] && ok "the index cache written anew is read" || no "index cache rewritten"
	rm -f "$t/k.db.index"
	SCS_INDEX_CACHE=off "$scs" --db "$t/k.db" check --batch "$t/qc.jsonl" >"$t/out" 2>&1
	cmp -s "$t/out" "$t/batch1" && [ ! -f "$t/k.db.index" ] && ok "SCS_INDEX_CACHE=off: no index cache" || no "SCS_INDEX_CACHE=off"
	cp "$t/batch1" "$t/out"
fi
printf '%s\n' '{"subject":"p1","item":"doc-1"}' '{"subject":"p1","itemm":"doc-1"}' >"$t/qbad.jsonl"
refuse "check --batch stops at a bad line" "$scs" --db "$t/k.db" check --batch "$t/qbad.jsonl"
has "qbad.jsonl:2: itemm" && ok "the bad query line is named FILE:LINE: field" || no "bad query line named"
# --- check --batch decides lines a group at a time (scs_op_decide_many):
# answers in order across groups, and a bad line past the first group
# stops there with the lines before it answered and recorded ---
batch3() { # query lines and answer lines for three queries, $1 the unknown subject
	printf '%s\n' '{"subject":"p1","item":"doc-1","at":"2026-01-01"}' '{"subject":"p1","item":"doc-1","at":"2026-01-20"}' "{\"subject\":\"$1\",\"item\":\"doc-1\",\"at\":\"2026-01-01\"}" >>"$t/$2"
	printf '%s\n' '{"subject":"p1","item":"doc-1","allow":true}' '{"subject":"p1","item":"doc-1","allow":false,"reason":"suspended"}' "{\"subject\":\"$1\",\"item\":\"doc-1\",\"allow\":false,\"reason\":\"unknown_subject\"}" >>"$t/$3"
}
: >"$t/qbig.jsonl"; : >"$t/qbig.want"
i=0; while [ $i -lt 45 ]; do batch3 nobody qbig.jsonl qbig.want; i=$((i + 1)); done
"$scs" --db "$t/k.db" check --batch "$t/qbig.jsonl" >"$t/out" 2>&1 && cmp -s "$t/out" "$t/qbig.want" &&
	ok "check --batch: 135 lines over five groups answered in order" || no "check --batch across groups"
for bad in '{"subject":"a b","item":"doc-1"}:subject' '{"subject":"p1","item":"doc-1","at":"2200-01-01"}:at' '{"subject":"p1",:'; do
	line=${bad%:*} field=${bad##*:}
	: >"$t/qmid.jsonl"; : >"$t/qmid.want"
	i=0; while [ $i -lt 23 ]; do batch3 ghost-$field qmid.jsonl qmid.want; i=$((i + 1)); done
	printf '%s\n' '{"subject":"p1","item":"doc-1","at":"2026-01-01"}' "$line" >>"$t/qmid.jsonl"
	printf '%s\n' '{"subject":"p1","item":"doc-1","allow":true}' >>"$t/qmid.want"
	i=0; while [ $i -lt 5 ]; do batch3 ghost-$field qmid.jsonl qmid.rest; i=$((i + 1)); done
	"$scs" --db "$t/k.db" check --batch "$t/qmid.jsonl" >"$t/out" 2>"$t/err"
	rc=$?
	[ $rc != 0 ] && cmp -s "$t/out" "$t/qmid.want" && grep -q "qmid.jsonl:71${field:+: $field}" "$t/err" &&
		ok "check --batch: a bad line (${field:-JSON}) in the third group is named, the 70 before it answered" ||
		no "check --batch: bad line ${field:-JSON} at 71 (exit $rc: $(cat "$t/err"))"
	"$scs" --db "$t/k.db" audit decisions --subject ghost-$field >"$t/out" 2>&1
	[ "$(wc -l <"$t/out")" = 23 ] && ok "check --batch: the denies before the bad line are recorded, none after (${field:-JSON})" ||
		no "check --batch: denies recorded before a bad line ${field:-JSON} ($(wc -l <"$t/out"))"
done
"$scs" --db "$t/k.db" audit decisions --subject p1 --item doc-1 >"$t/out" 2>&1
[ "$(grep -c '"actor":"os:[^"]*","subject":"p1","item":"doc-1","allow":false,"reason":"suspended"}' "$t/out")" -ge 2 ] && ok "every deny is recorded with its reason (scs audit decisions)" || no "denies recorded"
grep -q '"at":"2026-01-15T00:00:00Z"' "$t/out" && ok "a recorded deny keeps the time it was asked for" || no "recorded deny time"
"$scs" --db "$t/k.db" audit decisions --subject p1 --item doc-1 --from 2026-01-14 --to 2026-01-16 >"$t/out" 2>&1
[ "$(wc -l <"$t/out")" = 1 ] && has '"at":"2026-01-15T00:00:00Z"' && ok "audit decisions --from --to narrows by the decision's time" || no "audit decisions time range"
"$scs" --db "$t/k.db" audit decisions --subject p2 --item doc-1 >"$t/out" 2>&1
[ ! -s "$t/out" ] && ok "audit decisions: a subject only allowed an item has no recorded deny for it" || no "audit decisions p2 doc-1"
"$scs" --db "$t/k.db" audit decisions --subject p2 >"$t/out" 2>&1
[ "$(wc -l <"$t/out")" = 1 ] && has '"item":"doc-2","allow":false,"reason":"not_cleared"' && ok "audit decisions --subject alone lists each item's denies" || no "audit decisions p2"
"$scs" --db "$t/k.db" audit decisions --subject p1 --limit 1 >"$t/out" 2>"$t/err"
[ "$(wc -l <"$t/out")" = 1 ] && grep -q "more decisions match" "$t/err" && ok "audit decisions --limit stops and says more match" || no "audit decisions --limit"
refuse "audit decisions without a subject or a time range is refused" "$scs" --db "$t/k.db" audit decisions --item doc-1
has "\-\-subject" && ok "the refusal names --subject" || no "--subject named"
refuse "audit decisions with a bad subject id is refused" "$scs" --db "$t/k.db" audit decisions --subject "a b"
has "\-\-subject" && ok "the bad id is named --subject" || no "bad --subject named"
sql "$t/k.db" "SELECT count(*) FROM audit_log WHERE action='decisions' AND kind='decision_block'" >"$t/out"
sql "$t/k.db" "SELECT count(*) FROM decision_blocks" >"$t/out2"
[ "$(cat "$t/out")" -ge 2 ] && [ "$(cat "$t/out")" = "$(cat "$t/out2")" ] && ok "one audit entry per decision block, each block stored beside it" || no "block entries"
sql "$t/k.db" "SELECT count(*) FROM audit_log WHERE action='deny'" >"$t/out"
[ "$(cat "$t/out")" = 0 ] && ok "no per-decision entries: denies are in blocks" || no "per-decision entries remain"
sql "$t/k.db" "SELECT count(*) FROM audit_log WHERE action='decisions'" >"$t/out"
[ "$(cat "$t/out")" -ge 1 ] && ok "allows are counted in the audit log" || no "allows counted"
"$scs" --db "$t/k.db" label join doc-1 doc-2 >"$t/out" 2>&1
has '"rank":2' && has '"compartments":\["ORCA"\]' && has '"releasable_to":\["JPN"\]' && ok "label join: highest rank, union of compartments, intersection of releasability" || no "label join"
# --- alliances in releasable_to (data/alliances.csv; rules 5 and 7) ---
cat >"$t/ally.jsonl" <<'J'
{"kind":"organization","id":"mod","name":"Ministry of Defense","type":"government","country":"JPN"}
{"kind":"person","id":"p-us","name":"Jane Doe","name_latin":"DOE Jane","birth_date":"1975-01-01","nationalities":["USA"],"org":"mod","relatives":[]}
{"kind":"person","id":"p-kr","name":"Kim Minji","name_latin":"KIM Minji","birth_date":"1979-01-01","nationalities":["KOR"],"org":"mod","relatives":[]}
{"kind":"person","id":"p-nz","name":"Ana Smith","name_latin":"SMITH Ana","birth_date":"1981-01-01","nationalities":["NZL"],"org":"mod","relatives":[]}
{"kind":"clearance","person":"p-us","authority":"USA","level":"SECRET","status":"active","valid_from":"2020-01-01","valid_until":null}
{"kind":"clearance","person":"p-kr","authority":"JPN-SDS","level":"TOKUTEI_HIMITSU","status":"active","valid_from":"2020-01-01","valid_until":null}
{"kind":"clearance","person":"p-nz","authority":"JPN-SDS","level":"TOKUTEI_HIMITSU","status":"active","valid_from":"2020-01-01","valid_until":null}
{"kind":"item","id":"nato-doc","title":"Releasable to NATO","owner":"mod","field":"defense","authority":"JPN-SDS","level":"TOKUTEI_HIMITSU","compartments":[],"releasable_to":["NATO"],"programs":[],"valid_from":"2025-07-01","valid_until":"2030-07-01"}
{"kind":"item","id":"fvey-doc","title":"Releasable to the Five Eyes","owner":"mod","field":"defense","authority":"JPN-SDS","level":"TOKUTEI_HIMITSU","compartments":[],"releasable_to":["FVEY"],"programs":[],"valid_from":"2025-07-01","valid_until":"2030-07-01"}
J
fresh al.db
check "import items releasable to NATO and FVEY" "$scs" --db "$t/al.db" import "$t/ally.jsonl"
ally() { # name expected-exit expected-text subject item
	"$scs" --db "$t/al.db" check --at 2026-01-01 "$4" "$5" >"$t/out" 2>&1
	rc=$?
	if [ $rc = "$2" ] && has "$3"; then ok "check: $1"; else no "check: $1 (exit $rc)"; fi
}
ally "a USA national with a USA clearance reads an item releasable to NATO" 0 '"allow":true}' p-us nato-doc
ally "a Korean national may not read an item releasable to NATO" 1 '"reason":"releasability"' p-kr nato-doc
ally "a New Zealander reads an item releasable to FVEY" 0 '"allow":true}' p-nz fvey-doc
ally "a New Zealander may not read an item releasable to NATO" 1 '"reason":"releasability"' p-nz nato-doc
"$scs" --db "$t/al.db" label join nato-doc fvey-doc >"$t/out" 2>&1
has '"releasable_to":\["JPN","USA","GBR","CAN"\]' && ok "label join of [NATO] and [FVEY]: the owner's nation and the common members" || no "label join NATO FVEY: $(cat "$t/out")"
"$scs" --db "$t/al.db" label join nato-doc >"$t/out" 2>&1
has '"releasable_to":\["JPN","NATO"\]' && ok "label join of one item releasable to NATO names NATO" || no "label join NATO: $(cat "$t/out")"
sed 's/"FVEY"/"ASEAN"/; s/fvey-doc/asean-doc/' "$t/ally.jsonl" | grep asean-doc >"$t/ally-bad.jsonl"
refuse "an item releasable to an alliance not in the table is refused" "$scs" --db "$t/al.db" import "$t/ally-bad.jsonl"
has "releasable_to\[0\]" && has "alliances.csv (NATO, FVEY, EU)" && ok "the refusal names releasable_to[0] and the alliances there are" || no "ASEAN refusal: $(cat "$t/out")"
tamper_k() { copyreg "$t/k.db" "$t/y.db"; sql "$t/y.db" "$1"; "$scs" --db "$t/y.db" audit verify >"$t/out" 2>&1; [ $? = 1 ] && has "$2" && ok "audit verify detects: $3" || no "audit verify detects: $3"; }
tamper_k "UPDATE clearances SET level='JUYO_KEIZAI_ANPO', status='active' WHERE person='p2'; UPDATE clearances SET valid_until=NULL WHERE person='p1'" 'clearance "p1/JPN-CESI/2025-06-01" differs' "a clearance extended with plain SQL"
tamper_k "UPDATE items SET releasable_to='' WHERE id='doc-1'" 'item "doc-1" differs' "an item's releasability changed with plain SQL"
blk=$(sql "$t/k.db" "SELECT max(seq) FROM decision_blocks")
body="CAST(replace(CAST(body AS TEXT),'doc-1','doc-9') AS BLOB)"
# (binary: PostgreSQL has no replace() for bytea, overlay() the first)
[ -n "$pg" ] && body="overlay(body placing 'doc-9'::bytea from position('doc-1'::bytea in body) for 5)"
tamper_k "UPDATE decision_blocks SET body=$body WHERE seq=$blk" "decision block $blk was altered" "a decision block's records changed with plain SQL (named by its seq)"
tamper_k "DELETE FROM decision_blocks WHERE seq=$blk" "decision block of entry $blk is missing" "a decision block deleted with plain SQL"
tamper_k "UPDATE decision_blocks SET first_at=first_at+86400 WHERE seq=$blk" "decision block $blk: its stored count or times" "a decision block's times changed (hiding it from a search)"
tamper_k "UPDATE audit_log SET purpose='1 decisions: 1 allowed, 0 denied' WHERE seq=$blk" "entry $blk was altered" "a decision block's entry rewritten"
# designation limits on import
item() { printf '{"kind":"item","id":"%s","title":"T","owner":"mod","field":"defense","authority":"JPN-SDS","level":"TOKUTEI_HIMITSU","compartments":[],"releasable_to":[],"programs":[],"valid_from":"1990-01-01","valid_until":"%s"%s}\n' "$1" "$2" "$3" >"$t/item.jsonl"; }
item i30 2020-01-01 ""
check "an item recorded with 30 years in total" "$scs" --db "$t/k.db" import "$t/item.jsonl"
item i31 2021-01-01 ""
refuse "31 years without cabinet approval is refused" "$scs" --db "$t/k.db" import "$t/item.jsonl"
has "cabinet approval" && ok "the refusal names the cabinet-approval rule" || no "cabinet rule named"
item i31c 2021-01-01 ',"cabinet_approval":true'
check "31 years with cabinet approval" "$scs" --db "$t/k.db" import "$t/item.jsonl"
item i61 2051-01-02 ',"cabinet_approval":true'
refuse "beyond 60 years without an exception is refused" "$scs" --db "$t/k.db" import "$t/item.jsonl"
has "exception" && ok "the refusal names the exception rule" || no "exception rule named"
item i61x 2051-01-02 ',"cabinet_approval":true,"exception":true'
check "beyond 60 years for an exception category" "$scs" --db "$t/k.db" import "$t/item.jsonl"
check "the register verifies after decisions and imports" "$scs" --db "$t/k.db" audit verify

# --- vetting: record-check feeds, cases through import, due, timeliness ---
fresh v.db
"$scs" --db "$t/v.db" import "$top/data/demo.jsonl" >/dev/null 2>&1
printf '%s\n' '{"id":"np-1","source":"police","name_latin":"NOBODY Here","birth_date":"1970-01-01","date":"2015-01-01"}' >"$t/feed.jsonl"
check "checks feed names a good feed" "$scs" --db "$t/v.db" checks feed "$t/feed.jsonl"
has "record checks: feed $t/feed.jsonl" || no "the configured feed is shown"
printf '%s\n' '{"id":"np-1","source":"police","name_latin":"X","birth_date":"1970-01-01","date":"2015-01-01","colour":"red"}' >"$t/badfeed.jsonl"
refuse "a bad feed is refused" "$scs" --db "$t/v.db" checks feed "$t/badfeed.jsonl"
has "badfeed.jsonl:1: colour" && ok "the bad feed line is named FILE:LINE: field" || no "bad feed line named"
"$scs" --db "$t/v.db" checks >"$t/out" 2>&1
has "feed $t/feed.jsonl" && ok "a refused feed leaves the setting as it was" || no "feed setting kept"
sql "$t/v.db" "SELECT count(*) FROM audit_log WHERE action='configure' AND object='checks.feed'" >"$t/out"
[ "$(cat "$t/out")" = 1 ] && ok "configuring record checks is audited" || no "checks configuration audited"
check "due lists clearances ending within 5 years" "$scs" --db "$t/v.db" due --within 5y
has '"kind":"clearance"' || no "due prints clearances"
refuse "due refuses a bad period" "$scs" --db "$t/v.db" due --within soon
check "report timeliness runs on a register without cases" "$scs" --db "$t/v.db" report timeliness
has '"end_to_end"' || no "the report names the phases"
refuse "report timeliness refuses from after to" "$scs" --db "$t/v.db" report timeliness --from 2026-02-01 --to 2026-01-01
cat >"$t/case.jsonl" <<'JSONL'
{"kind":"case","id":"C-CLI1","person":"p14","authority":"JPN-SDS","level":"TOKUTEI_HIMITSU","sponsor":"owari-hi","need":"Radar integration","type":"initial","state":"questionnaire","opened":"2026-03-01T09:00:00Z","since":"2026-03-10T09:00:00Z","consent_version":"JPN-SDS-2026-1","returned":["finances"],"resume":"investigating","decided":null,"e_adjudicated":false,"complaint_until":null,"consent_s":86400,"questionnaire_s":0,"initiation_s":0,"investigation_s":0,"adjudication_s":0,"note":"CANARY-CLI-NOTE please add the loan"}
{"kind":"case_event","case_id":"C-CLI1","seq":1,"at":"2026-03-01T09:00:00Z","actor":"user:officer","event":"nominate","from_state":"","state":"awaiting_consent"}
{"kind":"answers","case_id":"C-CLI1","section":"finances","saved":"2026-03-05T09:00:00Z","certified":false,"data":{"note":"CANARY-CLI-ANSWER"}}
JSONL
check "cases, stamps and answers import" "$scs" --db "$t/v.db" import "$t/case.jsonl"
"$scs" --db "$t/v.db" case list --state questionnaire >"$t/out" 2>&1
has '"id":"C-CLI1"' && ok "case list --state finds the imported case" || no "case list --state"
check "case show prints the full view" "$scs" --db "$t/v.db" case show C-CLI1
has '"resume":"investigating"' || no "case show has the resume state"
refuse "case show of an unknown case fails" "$scs" --db "$t/v.db" case show C-NONE
checkpoint "$t/v.db"
found=0
for f in $(stored "$t/v.db"); do grep -aq "CANARY-CLI" "$f" && found=1; done
[ $found = 0 ] && ok "sealed case values are not in the database" || no "sealed case values are not in the database"
"$scs" --db "$t/v.db" export -o "$t/v1.jsonl" >/dev/null 2>&1
grep -q CANARY-CLI-NOTE "$t/v1.jsonl" && grep -q CANARY-CLI-ANSWER "$t/v1.jsonl" && ok "export opens sealed case values" || no "export opens sealed case values"
fresh v2.db
"$scs" --db "$t/v2.db" import "$t/v1.jsonl" >/dev/null 2>&1
"$scs" --db "$t/v2.db" export -o "$t/v2.jsonl" >/dev/null 2>&1
cmp -s "$t/v1.jsonl" "$t/v2.jsonl" && ok "a register with cases round-trips byte for byte" || no "case round trip"
sed 's/"state":"questionnaire"/"state":"pondering"/' "$t/case.jsonl" | sed 's/C-CLI1/C-CLI2/g' >"$t/badcase.jsonl"
refuse "a case in an unknown state is refused" "$scs" --db "$t/v.db" import "$t/badcase.jsonl"
has "badcase.jsonl:1: state" && ok "the bad case line is named FILE:LINE: field" || no "bad case line named"
"$scs" --db "$t/v.db" case show C-CLI2 >/dev/null 2>&1 && no "nothing of a refused file is kept" || ok "nothing of a refused file is kept"
cat >"$t/prior.jsonl" <<'JSONL'
{"kind":"case","id":"C-A1","person":"p15","authority":"JPN-SDS","level":"TOKUTEI_HIMITSU","sponsor":"owari-hi","need":"Radar","type":"reinvestigation","state":"awaiting_consent","opened":"2026-03-01T09:00:00Z","since":"2026-03-01T09:00:00Z","prior":"C-Z9","decided":null,"e_adjudicated":false,"complaint_until":null,"consent_s":0,"questionnaire_s":0,"initiation_s":0,"investigation_s":0,"adjudication_s":0}
{"kind":"case","id":"C-Z9","person":"p15","authority":"JPN-SDS","level":"TOKUTEI_HIMITSU","sponsor":"owari-hi","need":"Radar","type":"initial","state":"refused","opened":"2021-03-01T09:00:00Z","since":"2021-03-02T09:00:00Z","decided":null,"e_adjudicated":false,"complaint_until":null,"consent_s":86400,"questionnaire_s":0,"initiation_s":0,"investigation_s":0,"adjudication_s":0}
JSONL
check "a reinvestigation imports before its earlier case (export order is by id)" "$scs" --db "$t/v.db" import "$t/prior.jsonl"
check "the register with cases verifies" "$scs" --db "$t/v.db" audit verify
check "report statistics at a date" "$scs" --db "$t/v.db" report statistics --at 2026-03-15
has '"at": "2026-03-15"' && has '"persons_total"' && has '"clearances"' || no "the statistics name the instant and their tables"
grep -A3 '"authority": "JPN-SDS"' "$t/out" | grep -q '"awaiting_consent": 1' && ok "the statistics count the reinvestigation open on that day" || no "open cases counted"
grep -q 'C-CLI1\|p14\|p15' "$t/out" && no "the statistics name no case or person" || ok "the statistics name no case or person"
"$scs" --db "$t/v.db" report statistics --at 2026-02-15 >"$t/out" 2>&1
grep -q '"awaiting_consent": 1' "$t/out" && no "a case opened after the instant is not counted" || ok "a case opened after the instant is not counted"
refuse "report statistics refuses a bad --at" "$scs" --db "$t/v.db" report statistics --at tomorrow
has "at" || no "the bad --at is named"

# --- timeliness for oversight: by body, left out, targets, the window's end, CSV ---
fresh tl.db
"$scs" --db "$t/tl.db" import "$top/data/demo.jsonl" >/dev/null 2>&1
"$scs" --db "$t/tl.db" import "$top/data/demo-cases.jsonl" >/dev/null 2>&1
# tlcol BODY AUTHORITY PHASE COLUMN: a cell of the CSV in $t/out, by the
# header's names (no cell of the demo holds a comma).
tlcol() {
	awk -F, -v b="$1" -v a="$2" -v p="$3" -v c="$4" '
		NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
		$col["body"] == b && $col["authority"] == a && $col["phase"] == p { print $col[c] }' "$t/out" | tr -d '\r'
}
check "report timeliness --format csv" "$scs" --db "$t/tl.db" report timeliness --format csv
head -1 "$t/out" | grep -q '^from,to,body,body_name,authority,level,phase,count,mean_days,fastest90_days,left_out,left_out_share,left_out_time_share,' &&
	ok "the CSV's header names the columns" || no "CSV header"
[ "$(wc -l <"$t/out")" = $((1 + 3 * 6)) ] && ok "a line per group and phase: all and two levels, six phases" || no "CSV line count"
# 11 decided demo cases, end to end 29.9 .. 409.0 days: the fastest 90%
# (10) leave out one, 409.0417 of the 1424.29 days in all.
[ "$(tlcol '' '' end_to_end count)" = 11 ] && [ "$(tlcol '' '' end_to_end left_out)" = 1 ] &&
	[ "$(tlcol '' '' end_to_end mean_days)" = 129.4811 ] && [ "$(tlcol '' '' end_to_end fastest90_days)" = 101.5250 ] &&
	[ "$(tlcol '' '' end_to_end left_out_share)" = 0.090909 ] && [ "$(tlcol '' '' end_to_end left_out_time_share)" = 0.287190 ] &&
	ok "the fastest 90% beside the mean, with the case it leaves out and its share of the time" || no "left out in the CSV"
# Within the end-to-end targets (data/vetting.json): JPN-SDS 120 days
# (95.2 and 119.0 of 5), JPN-CESI 90 (4 of 6).
[ "$(tlcol '' JPN-SDS end_to_end target_days)" = 120 ] && [ "$(tlcol '' JPN-SDS end_to_end within_target)" = 2 ] &&
	[ "$(tlcol '' JPN-CESI end_to_end within_target)" = 4 ] && [ "$(tlcol '' '' end_to_end within_target)" = 6 ] &&
	[ "$(tlcol '' '' end_to_end target_days)" = "" ] &&
	ok "the share within the target, each level against its own" || no "within target in the CSV"
[ "$(tlcol '' JPN-SDS investigation decided)" = "" ] && [ "$(tlcol '' JPN-SDS end_to_end decided)" = 5 ] &&
	ok "group counts on the end-to-end line only" || no "group counts once"
check "report timeliness --by body --to 2026-06-01 --format csv" "$scs" --db "$t/tl.db" report timeliness --by body --to 2026-06-01 --format csv
[ "$(tlcol cao '' end_to_end body_name)" = "Cabinet Office" ] && [ "$(tlcol cao '' end_to_end count)" = 6 ] &&
	[ "$(tlcol tokiwa-screening '' end_to_end count)" = 2 ] &&
	ok "a subtotal per screening body, with its name" || no "body subtotals"
[ "$(awk -F, 'NR > 1 { print $3 }' "$t/out" | uniq | tr '\n' ' ')" = " cao tokiwa-screening unassigned " ] &&
	ok "the bodies in order, the unassigned last" || no "body order"
# On 2026-06-01 two of cao's cases were open: one under complaint since
# its nomination 257 days before (over JPN-SDS's 120), one 20 days old.
[ "$(tlcol cao '' end_to_end inventory_at)" = 2026-06-01 ] && [ "$(tlcol cao '' end_to_end open_at)" = 2 ] &&
	[ "$(tlcol cao '' end_to_end overdue_at)" = 1 ] && [ "$(tlcol cao '' end_to_end backlog_at_181_365)" = 1 ] &&
	[ "$(tlcol cao '' end_to_end backlog_at_0_30)" = 1 ] && [ "$(tlcol '' '' end_to_end open_at)" = 2 ] &&
	[ "$(tlcol tokiwa-screening '' end_to_end open_at)" = 0 ] &&
	ok "the backlog at the end of the window, from the cases' times" || no "backlog at the end of the window"
check "report timeliness --body tokiwa-screening" "$scs" --db "$t/tl.db" report timeliness --body tokiwa-screening --format csv
# Its two grants and one interim grant, all of JPN-CESI.
[ "$(tlcol '' '' end_to_end decided)" = 3 ] && [ "$(wc -l <"$t/out")" = $((1 + 2 * 6)) ] &&
	ok "one screening body alone" || no "one body"
check "report timeliness --body unassigned" "$scs" --db "$t/tl.db" report timeliness --body unassigned
has '"body": "unassigned"' && has '"decided": 0' && ok "the cases without a body" || no "unassigned"
check "report timeliness prints JSON by default" "$scs" --db "$t/tl.db" report timeliness --by body
has '"left_out_time_share"' && has '"within_target_share"' && has '"body_name": "Cabinet Office"' &&
	ok "the JSON has the left-out fraction, the share within target and the body" || no "JSON fields"
refuse "report timeliness refuses --by organ" "$scs" --db "$t/tl.db" report timeliness --by organ
has "by: must be level or body" && ok "the grouping is named" || no "by named"
refuse "report timeliness refuses a body that is none" "$scs" --db "$t/tl.db" report timeliness --body mod
has "body: must be a screening body" && ok "the body is named" || no "body named"
refuse "report timeliness refuses --format xml" "$scs" --db "$t/tl.db" report timeliness --format xml
has "format: must be json or csv" && ok "the format is named" || no "format named"

# --- the demo script (make run, make demo-reset) ---
sh "$top/tools/demo.sh" "$scs" "$t/demo/scs.db" >"$t/out" 2>&1 && has "Creating the demo register" &&
	has "Open http://127.0.0.1:8080/" && ok "the demo script creates the register and says so" ||
	no "the demo script creates the register and says so"
sh "$top/tools/demo.sh" "$scs" "$t/demo/scs.db" >"$t/out" 2>&1 && has "Reusing the demo register" &&
	has "make demo-reset" && ok "run again, it says it reuses the register and how to start afresh" ||
	no "run again, it says it reuses the register and how to start afresh"
check "the demo register verifies" "$scs" --db "$t/demo/scs.db" audit verify
check "the demo's attestation code verifies offline from its key lists" \
	"$scs" attest verify "$(cat "$t/demo/scs.db.attest-p01.txt")" --trust "$t/demo/scs.db.trust.json"

# --- the annual report to the Diet (docs/oversight.md) ---
# The demo's year (tools/demo-year.mjs, through the API): the report of
# this year from the audit log alone, recomputed by tests/cli/annual.js
# from `scs audit list` without the C code, and held against `scs export`.
dm=$t/demo/scs.db
y=$(date -u +%Y)
"$scs" --db "$dm" report annual --year "$y" >"$t/annual.json" 2>"$t/out" &&
	grep -q "\"year\": $y" "$t/annual.json" && grep -q "\"from\": \"$y-01-01\"" "$t/annual.json" &&
	ok "report annual --year $y prints the year's report" || no "report annual --year $y prints the year's report"
cp "$t/annual.json" "$t/out"
# the demo's year: 4 designated, 1 renewed, 1 declassified; 5 opened ...
has '"designated": 4' && has '"renewed": 1' && has '"declassified": 1' && has '"opened": 5' &&
	has '"conducted": 3' && has '"filed": 1' && has '"recorded": 2' && has '"raised": 8' &&
	ok "the demo's year has a figure in every section" || no "the demo's year has a figure in every section"
grep -q 'p24\|p25\|C-[0-9A-Z]\{10\}' "$t/out" && no "the report names no person or case" ||
	ok "the report names no person or case"
"$scs" --db "$dm" report annual --year "$y" --format csv >"$t/annual.csv" 2>"$t/out"
[ $? = 0 ] && [ "$(head -1 "$t/annual.csv")" = "$(printf 'year,section,breakdown,measure,organ,authority,level,field,type,origin,count\r')" ] &&
	ok "report annual --format csv: one table under its header, CRLF" || no "report annual --format csv"
[ "$(grep -c "^$y,[a-z]*,total," "$t/annual.csv")" = 20 ] && ok "the CSV has every total" || no "the CSV has every total"
"$scs" --db "$dm" audit list --from "$y-01-01" --to "$((y + 1))-01-01" >"$t/annual-log.jsonl" 2>"$t/out" &&
	[ -s "$t/annual-log.jsonl" ] && ok "audit list prints the year's entries" || no "audit list prints the year's entries"
"$scs" --db "$dm" export -o "$t/annual-export.jsonl" >/dev/null 2>&1
node "$top/tests/cli/annual.js" "$t/annual.json" "$t/annual-log.jsonl" "$t/annual-export.jsonl" "$t/annual.csv" >"$t/out" 2>&1 &&
	has "figures recomputed from" && ok "the report and its CSV recompute from the log alone, and the log agrees with the export" ||
	no "the report and its CSV recompute from the log alone, and the log agrees with the export"
sed 's/"designated": 4/"designated": 5/' "$t/annual.json" >"$t/annual-bad.json"
node "$top/tests/cli/annual.js" "$t/annual-bad.json" "$t/annual-log.jsonl" "$t/annual-export.jsonl" >"$t/out" 2>&1
[ $? = 1 ] && has "designations.totals.designated" && ok "the recomputation finds a figure changed in the report" ||
	no "the recomputation finds a figure changed in the report"
"$scs" --db "$dm" audit list --kind alert --action triage >"$t/out" 2>&1 &&
	[ "$(grep -c '"kind":"alert","object":"AL-[^"]*","purpose":"state=' "$t/out")" = 2 ] &&
	[ "$(grep -vc '"action":"triage","kind":"alert"' "$t/out")" = 0 ] &&
	ok "audit list filters by kind and action; a triage names its state and origin" ||
	no "audit list filters by kind and action; a triage names its state and origin"
"$scs" --db "$dm" report annual --year 1999 >"$t/out" 2>&1 && has '"entries_counted": 0' &&
	ok "a year before the register counts nothing" || no "a year before the register counts nothing"
# The figures are the log's: a detail changed behind the program's back
# changes the report, and audit verify finds the change.
copyreg "$dm" "$t/an-x.db"
sql "$t/an-x.db" "UPDATE audit_log SET purpose = replace(purpose, 'organ=meti', 'organ=mod') WHERE action = 'designate'"
"$scs" --db "$t/an-x.db" report annual --year "$y" --format csv >"$t/out" 2>&1
has "^$y,designations,by_organ,designated,mod,,,,,,4" && ok "the report follows the log, not the tables" ||
	no "the report follows the log, not the tables"
"$scs" --db "$t/an-x.db" audit verify >"$t/out" 2>&1
[ $? = 1 ] && ok "and audit verify finds the changed entry" || no "and audit verify finds the changed entry"
for args in "report annual" "report annual 2026" "report annual --year 2026 --format xml" \
	"report annual --year" "report annual --yaer 2026" "audit list x" "audit list --limit 3" \
	"audit list --from 2026-02-01 --to 2026-01-01"; do
	# shellcheck disable=SC2086 # the words of $args are the arguments
	"$scs" --db "$dm" $args >"$t/out" 2>&1
	rc=$?
	[ $rc = 2 ] && has "usage" && ok "scs $args: a usage error, exit 2" || no "scs $args exits 2 (exit $rc)"
done
for bad in 26 1969 10000 abcd 2026-01-01; do
	"$scs" --db "$dm" report annual --year "$bad" >"$t/out" 2>&1
	rc=$?
	[ $rc = 1 ] && has "year: must" && ok "report annual --year $bad: exit 1 naming year" ||
		no "report annual --year $bad: exit 1 naming year (exit $rc)"
done
"$scs" --db "$dm" audit list --from tomorrow >"$t/out" 2>&1
[ $? = 1 ] && has "from" && ok "audit list names a bad --from" || no "audit list names a bad --from"

# --- continuous vetting ---
# scs cv match against a small register: eight persons, three of them
# enrolled (an active clearance), one with an ended clearance, one known
# by a former name, one foreigner.  With so few persons EM keeps its
# default m (the --model output: "m by EM on 11 pairs (0 iterations)"),
# and the default thresholds (link at 0.99, review at 0.05) decide: the
# links below score a probability of 0.99999 or more; the namesake is
# stood down by the rule that a disagreeing birth date wins, whatever its
# probability (0.148).
fresh cv.db
cat >"$t/cvreg.jsonl" <<'JSONL'
{"kind":"organization","id":"mod","name":"Ministry of Defense","type":"government","country":"JPN"}
{"kind":"organization","id":"acme","name":"Acme Avionics","type":"contractor","country":"JPN"}
{"kind":"organization","id":"cao","name":"Cabinet Office","type":"screening","country":"JPN","accredited_for":["JPN-SDS"]}
{"kind":"person","id":"c1","name":"大野 太郎","name_latin":"ONO Taro","name_kana":"オオノ タロウ","name_passport":"ONO TARO","birth_date":"1980-04-01","nationalities":["JPN"],"org":"mod"}
{"kind":"person","id":"c2","name":"斎藤 花子","name_latin":"SAITO Hanako","name_kana":"サイトウ ハナコ","birth_date":"1975-12-31","nationalities":["JPN"],"org":"mod"}
{"kind":"person","id":"c3","name":"高橋 健一","name_latin":"TAKAHASHI Kenichi","name_kana":"タカハシ ケンイチ","birth_date":"1969-07-15","nationalities":["JPN"],"org":"acme"}
{"kind":"person","id":"c4","name":"中村 一郎","name_latin":"NAKAMURA Ichiro","name_kana":"ナカムラ イチロウ","birth_date":"1985-02-02","nationalities":["JPN"],"org":"acme"}
{"kind":"person","id":"c5","name":"鈴木 美咲","name_latin":"SUZUKI Misaki","name_kana":"スズキ ミサキ","aliases":["佐藤 美咲","SATO Misaki"],"birth_date":"1988-08-08","nationalities":["JPN"],"org":"mod"}
{"kind":"person","id":"c6","name":"John Smith","name_latin":"SMITH John","name_passport":"SMITH JOHN","birth_date":"1972-03-03","nationalities":["USA"],"org":"acme"}
{"kind":"person","id":"c7","name":"渡辺 健","name_latin":"WATANABE Ken","name_kana":"ワタナベ ケン","birth_date":"1990-01-01","nationalities":["JPN"],"org":"mod"}
{"kind":"person","id":"c8","name":"伊藤 誠","name_latin":"ITO Makoto","name_kana":"イトウ マコト","birth_date":"1978-01-21","nationalities":["JPN"],"org":"acme"}
{"kind":"clearance","person":"c1","authority":"JPN-SDS","level":"TOKUTEI_HIMITSU","status":"active","valid_from":"2024-04-01","valid_until":"2099-04-01"}
{"kind":"clearance","person":"c2","authority":"JPN-SDS","level":"TOKUTEI_HIMITSU","status":"active","valid_from":"2024-04-01","valid_until":"2099-04-01"}
{"kind":"clearance","person":"c3","authority":"JPN-SDS","level":"TOKUTEI_HIMITSU","status":"ended","valid_from":"2015-04-01","valid_until":"2020-04-01"}
{"kind":"clearance","person":"c5","authority":"JPN-SDS","level":"TOKUTEI_HIMITSU","status":"active","valid_from":"2024-04-01","valid_until":"2099-04-01"}
JSONL
check "the continuous-vetting register imports" "$scs" --db "$t/cv.db" import "$t/cvreg.jsonl"
cat >"$t/cvfeed.jsonl" <<'JSONL'
{"id":"r-kana","source":"npa","type":"arrest","date":"2026-11-02","name":"サイトウ ハナコ","birth_date":"1975-12-31"}
{"id":"r-ohno","source":"court","type":"judgment","date":"2026-10-15","name":"Taro OHNO","birth_date":"1980-04-01","nationality":"JPN"}
{"id":"r-namesake","source":"npa","type":"arrest","date":"2026-11-20","name":"中村 一郎","name_kana":"ナカムラ イチロウ","birth_date":"1990-09-09"}
{"id":"r-ended","source":"mof","type":"bankruptcy","date":"2026-09-30","name":"高橋 健一","name_kana":"タカハシ ケンイチ","birth_date":"1969-07-15"}
{"id":"r-stranger","source":"npa","type":"arrest","date":"2026-11-21","name":"山口 次郎","birth_date":"1950-05-05"}
{"id":"r-alias","source":"npa","type":"arrest","date":"2026-11-22","name":"佐藤 美咲","name_latin":"SATO Misaki","birth_date":"1988-08-08"}
{"id":"r-foreign","source":"immigration","type":"travel","date":"2026-11-23","name":"SMITH, John","nationality":"USA","birth_date":"1972-03-03"}
JSONL
cvline() { grep "^{\"record\":\"$1\"," "$t/cv.out"; } # record: its output line
cvsize() { "$scs" --db "$t/cv.db" audit head | sed -n 's/^size //p'; }
n0=$(cvsize)
"$scs" --db "$t/cv.db" cv match "$t/cvfeed.jsonl" >"$t/cv.out" 2>"$t/cv.err"
rc=$?
cp "$t/cv.out" "$t/out"
[ $rc = 0 ] && ok "cv match exits 0" || no "cv match exits 0 (exit $rc: $(cat "$t/cv.err"))"
# each link or review of an enrolled person is an alert (one audit entry
# each), raised once: the later matches of the same feed raise none
na=$(grep -c '"alert":"AL-' "$t/cv.out")
[ "$na" = "$(grep -c '"enrolled":true' "$t/cv.out")" ] && [ "$na" -gt 0 ] &&
	ok "cv match raises an alert for each link or review of an enrolled person ($na)" ||
	no "cv alerts ($na alerts, $(grep -c '"enrolled":true' "$t/cv.out") enrolled)"
[ "$(sed 's/^{"record":"\([^"]*\)",.*/\1/' "$t/cv.out" | tr '\n' ' ')" = "r-kana r-ohno r-namesake r-ended r-stranger r-alias r-foreign " ] &&
	ok "cv match writes one line per record, in the feed's order" || no "cv match lines in feed order"
grep -q "7 records against 8 persons" "$t/cv.err" && ok "cv match sums up on stderr" || no "cv match summary ($(cat "$t/cv.err"))"
cvline r-kana | grep -q '"person":"c2",.*"decision":"link","enrolled":true' &&
	ok "cv match: a record in katakana with the birth date links to the person" || no "cv: katakana record links ($(cvline r-kana))"
cvline r-ohno | grep -q '"person":"c1",.*"decision":"link",.*"levels":{"family":"folded","given":"exact","birth_date":"exact"' &&
	ok "cv match: OHNO for ONO, given name first, links (family name folded)" || no "cv: Hepburn variant in swapped order links ($(cvline r-ohno))"
cvline r-namesake | grep -q '"person":null,.*"decision":"none","enrolled":false' &&
	ok "cv match: a namesake born on another day is no one" || no "cv: namesake is none ($(cvline r-namesake))"
cvline r-ended | grep -q '"person":"c3",.*"decision":"link","enrolled":false' &&
	ok "cv match: a person without an active clearance is linked, not enrolled" || no "cv: unenrolled person ($(cvline r-ended))"
cvline r-stranger | grep -q '"person":null,.*"decision":"none"' && ok "cv match: a stranger is no one" || no "cv: stranger ($(cvline r-stranger))"
cvline r-alias | grep -q '"person":"c5",.*"decision":"link","enrolled":true' && ok "cv match: a former name (alias) links" || no "cv: alias ($(cvline r-alias))"
cvline r-foreign | grep -q '"person":"c6",.*"decision":"link"' && ok "cv match: a foreigner as \"FAMILY, Given\" links" || no "cv: foreigner ($(cvline r-foreign))"
n1=$(cvsize)
"$scs" --db "$t/cv.db" cv match --threads 1 "$t/cvfeed.jsonl" >"$t/cv1.out" 2>/dev/null &&
	cmp -s "$t/cv.out" "$t/cv1.out" && ok "cv match: one thread writes the same lines (the alerts raised before)" || no "cv match --threads 1 differs"
[ "$(cvsize)" = $((n1 + 1)) ] && ok "cv match again: one audit entry, no alert raised twice" || no "cv rematch audit ($n1 -> $(cvsize))"
n1=$(cvsize)
for bad in 'colour:2:{"id":"b2","source":"npa","type":"arrest","date":"2026-11-02","name":"大野 太郎","colour":"red"}' \
	'id:3:{"id":"b1","source":"npa","type":"arrest","date":"2026-11-02","name":"大野 太郎"}' \
	'birth_date:2:{"id":"b2","source":"npa","type":"arrest","date":"2026-11-02","name":"大野 太郎","birth_date":"1980-02-30"}'; do
	field=${bad%%:*} rest=${bad#*:} line=${rest%%:*} json=${rest#*:}
	printf '%s\n' '{"id":"b1","source":"npa","type":"arrest","date":"2026-11-02","name":"サイトウ ハナコ","birth_date":"1975-12-31"}' >"$t/cvbad.jsonl"
	[ "$line" = 3 ] && printf '%s\n' '{"id":"b2","source":"npa","type":"arrest","date":"2026-11-02","name":"大野 太郎"}' >>"$t/cvbad.jsonl"
	printf '%s\n' "$json" >>"$t/cvbad.jsonl"
	"$scs" --db "$t/cv.db" cv match "$t/cvbad.jsonl" >"$t/out" 2>"$t/err"
	rc=$?
	[ $rc = 1 ] && [ ! -s "$t/out" ] && grep -q "cvbad.jsonl:$line: $field" "$t/err" &&
		ok "cv match refuses a feed with a bad line ($field), naming FILE:$line: $field, writing nothing" ||
		no "cv match bad feed line $field (exit $rc: $(cat "$t/err"))"
done
[ "$(cvsize)" = "$n1" ] && ok "cv match: no audit entry for a refused feed" || no "cv audit entries ($n1 -> $(cvsize))"
[ "$(sql "$t/cv.db" "SELECT count(*) FROM audit_log WHERE action='cv_match' AND kind='feed' AND object='$t/cvfeed.jsonl'")" = 2 ] &&
	ok "the audit log holds the matches (cv_match, feed, its path)" || no "cv_match audited"
check "the register verifies after cv match" "$scs" --db "$t/cv.db" audit verify
for args in "cv" "cv match" "cv match --threads 0 $t/cvfeed.jsonl" "cv match --link-at 2 $t/cvfeed.jsonl" \
	"cv match --link-at 0.5 --review-at 0.9 $t/cvfeed.jsonl" "cv frob $t/cvfeed.jsonl"; do
	# shellcheck disable=SC2086 # the words of $args are the arguments
	"$scs" --db "$t/cv.db" $args >"$t/out" 2>&1
	rc=$?
	shown=$(printf %s "$args" | sed "s|$t/||g")
	[ $rc = 2 ] && has "usage" && ok "scs $shown: a usage error, exit 2" || no "scs $shown exits 2 (exit $rc)"
done
"$scs" --db "$t/cv.db" cv match "$t/cv-none.jsonl" >"$t/out" 2>&1
rc=$?
[ $rc = 1 ] && has "cv-none.jsonl" && ok "cv match of a missing file exits 1 naming it" || no "cv match missing file (exit $rc)"
[ "$(cvsize)" = "$n1" ] && ok "no audit entry for a usage error or a missing file" || no "cv usage errors audited"

# --- reciprocity: keys, attestation codes, status lists, partners ---
# An authority's root key stays offline (a file); a signing key it
# certifies signs codes; a partner verifies them from the exported key
# list and status list alone, or imports the list with the root pinned.
fresh at.db
check "the reciprocity register imports" "$scs" --db "$t/at.db" import "$t/cvreg.jsonl"
"$scs" trust root new --authority JPN-SDS --out "$t/root.key" >"$t/out" 2>&1 &&
	[ "$(stat -c '%a %s' "$t/root.key")" = "600 64" ] && has '"root_fingerprint"' &&
	ok "trust root new writes a 64-byte owner-only key file and prints the fingerprint" ||
	no "trust root new"
fp=$(sed -n 's/.*"root_fingerprint": "\([0-9a-f]*\)".*/\1/p' "$t/out")
refuse "trust root new refuses to overwrite a key file" "$scs" trust root new --authority JPN-SDS --out "$t/root.key"
head -c 63 "$t/root.key" >"$t/short.key" && chmod 600 "$t/short.key"
"$scs" --db "$t/at.db" trust key new --authority JPN-SDS --root "$t/short.key" >"$t/out" 2>&1
[ $? = 1 ] && has "short.key: is not a root key" && ok "trust key new refuses a root file that is not a key, naming it" || no "trust key new short root"
cp "$t/root.key" "$t/loose.key" && chmod 644 "$t/loose.key"
"$scs" --db "$t/at.db" trust key new --authority JPN-SDS --root "$t/loose.key" >"$t/out" 2>&1
[ $? = 1 ] && has "chmod 600" && ok "trust key new refuses a root file others may read" || no "trust key new loose root"
"$scs" --db "$t/at.db" trust key new --authority XXX --root "$t/root.key" >"$t/out" 2>&1
[ $? = 1 ] && has "authority" && ok "trust key new refuses an unknown authority" || no "trust key new unknown authority"
check "trust key new makes a signing key of JPN-SDS" "$scs" --db "$t/at.db" trust key new --authority JPN-SDS --root "$t/root.key" --days 30
kid=$(sed -n 's/.*"kid": "\([0-9a-f]*\)".*/\1/p' "$t/out")
[ -f "$t/at.db.keys/attest-$kid.key" ] && [ "$(stat -c %a "$t/at.db.keys/attest-$kid.key")" = 600 ] &&
	ok "the signing key's secret is in the key directory (0600), not the register" || no "attest key file ($kid)"
check "trust export writes the key list" "$scs" --db "$t/at.db" trust export -o "$t/trust.json"
grep -q '"authority": "JPN-SDS"' "$t/trust.json" && grep -q "\"root_fingerprint\": \"$fp\"" "$t/trust.json" &&
	ok "the key list names the authority and its root" || no "trust export content"
code=$("$scs" --db "$t/at.db" attest issue c1 --partner USA --qr "$t/c1.png" 2>"$t/err")
case $code in SC1:*) ok "attest issue prints an SC1: code" ;; *) no "attest issue ($(cat "$t/err"))" ;; esac
[ "$(head -c 8 "$t/c1.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] && ok "attest issue --qr writes a PNG" || no "attest --qr png"
check "attest verify against the register: valid" "$scs" --db "$t/at.db" attest verify "$code"
has '"result": "valid"' && has '"status": "checked"' && has '"level": "TOKUTEI_HIMITSU"' &&
	has '"authority": "USA"' && ok "the claims: level, equivalents, status checked" || no "attest verify claims"
check "attest status writes the signed status list" "$scs" --db "$t/at.db" attest status --authority JPN-SDS -o "$t/st1.cose"
check "offline: the code verifies from the key list and status list files" \
	"$scs" attest verify "$code" --trust "$t/trust.json" --status "$t/st1.cose"
printf '%s\n' "$code" | "$scs" attest verify - --trust "$t/trust.json" >"$t/out" 2>&1 &&
	has '"status": "unchecked"' && ok "offline from stdin, without a status list: valid, status unchecked" || no "attest verify stdin"
gate=$("$scs" --db "$t/at.db" attest issue c1 --partner GBR --profile gate --qr "$t/c1.svg" 2>"$t/err")
"$scs" attest verify "$gate" --trust "$t/trust.json" >"$t/out" 2>&1 && has '"name": "ONO TARO"' &&
	has '"birth_date": "1980-04-01"' && has '"partner": "GBR"' && ok "the gate profile carries the passport name and birth date" ||
	no "gate profile ($(cat "$t/err"))"
grep -q '^<svg' "$t/c1.svg" && ok "attest issue --qr writes an SVG" || no "attest --qr svg"
"$scs" --db "$t/at.db" attest issue c3 --partner USA >"$t/out" 2>&1
[ $? = 1 ] && has "no active clearance" && ok "no code for a person whose clearance ended" || no "attest issue ended clearance"
"$scs" --db "$t/at.db" attest issue c1 --partner USA --days 91 >"$t/out" 2>&1
[ $? = 1 ] && has "days" && ok "attest issue refuses more than 90 days, naming days" || no "attest issue --days 91"
"$scs" --db "$t/at.db" attest issue c1 --partner usa >"$t/out" 2>&1
[ $? = 1 ] && has "partner" && ok "attest issue refuses a partner that is not a nation code" || no "attest issue bad partner"
# tampering: one character changed is malformed or a bad signature
bad=$(printf %s "$code" | sed 's/\(.\{40\}\)./\1A/')
[ "$bad" = "$code" ] && bad=$(printf %s "$code" | sed 's/\(.\{40\}\)./\1B/')
"$scs" attest verify "$bad" --trust "$t/trust.json" >"$t/out" 2>&1
[ $? = 1 ] && grep -Eq '"result": "(malformed|bad_signature)"' "$t/out" && ok "a changed character is refused (exit 1)" || no "tampered code"
"$scs" attest verify "$code" --trust "$t/trust.json" --at 2199-01-01 >"$t/out" 2>&1
[ $? = 1 ] && has '"result": "expired"' && ok "past its end the code is expired" || no "expired code"
# a suspension, then a revocation, show in the next status list
printf '%s\n' '{"kind":"suspension","person":"c1","valid_from":"2026-01-01","reason":"test"}' >"$t/susp.jsonl"
check "a suspension of c1 imports" "$scs" --db "$t/at.db" import "$t/susp.jsonl"
"$scs" --db "$t/at.db" attest status --authority JPN-SDS -o "$t/st2.cose" &&
	"$scs" attest verify "$code" --trust "$t/trust.json" --status "$t/st2.cose" >"$t/out" 2>&1
[ $? = 1 ] && has '"result": "suspended"' && ok "the next status list says suspended" || no "status suspended"
"$scs" attest verify "$code" --trust "$t/trust.json" --status "$t/st1.cose" >/dev/null 2>&1 &&
	ok "the earlier status list still says valid (a verifier sees what its list says)" || no "old status list"
code2=$("$scs" --db "$t/at.db" attest issue c2 --partner USA 2>"$t/err")
[ -n "$code2" ] || no "attest issue c2 ($(cat "$t/err"))"
"$scs" --db "$t/at.db" attest issue c2 --partner USA --json >"$t/c2.json"
c2id=$(sed -n 's/.*"id": "\([^"]*\)".*/\1/p' "$t/c2.json" | head -1)
c2code=$(sed -n 's/.*"code": "\([^"]*\)".*/\1/p' "$t/c2.json" | head -1)
check "attest revoke withdraws a code" "$scs" --db "$t/at.db" attest revoke "$c2id"
refuse "attest revoke of a revoked code" "$scs" --db "$t/at.db" attest revoke "$c2id"
check "attest list prints the person's codes" "$scs" --db "$t/at.db" attest list c2
grep -A12 "\"id\": \"$c2id\"" "$t/out" | grep -q '"state": "revoked"' && ! has '"code"' &&
	ok "attest list: the withdrawn code revoked, and no code kept" || no "attest list states"
refuse "attest list of an unknown person" "$scs" --db "$t/at.db" attest list c-nobody
"$scs" --db "$t/at.db" attest status --authority JPN-SDS -o "$t/st3.cose"
"$scs" attest verify "$c2code" --trust "$t/trust.json" --status "$t/st3.cose" >"$t/out" 2>&1
[ $? = 1 ] && has '"result": "revoked"' && ok "the next status list says the revoked code is revoked" || no "status revoked"
"$scs" attest verify "$code2" --trust "$t/trust.json" --status "$t/st3.cose" >/dev/null 2>&1 &&
	ok "another code of the same person stays valid" || no "c2 other code"
[ "$(sql "$t/at.db" "SELECT count(*) FROM attestations WHERE revoked IS NOT NULL")" = 1 ] &&
	ok "the register holds the revocation" || no "revocation stored"
"$scs" attest verify "$code" --trust "$t/trust.json" --status "$t/st3.cose" --at "$(date -u -d '+2 days' +%Y-%m-%dT%H:%M:%SZ)" >"$t/out" 2>&1
[ $? = 1 ] && has '"result": "stale_status_list"' && ok "a status list older than --max-age is stale" || no "stale status list"
[ "$(sql "$t/at.db" "SELECT count(*) FROM audit_log WHERE action='issue' AND kind='attestation'")" -ge 4 ] &&
	ok "each issue is audited" || no "issue audited"
# a partner: another register imports the key list, pinned by fingerprint
fresh pt.db
"$scs" --db "$t/pt.db" trust import "$t/trust.json" >"$t/out" 2>&1
[ $? = 1 ] && has "pin" && ok "a first key list needs its root pinned" || no "trust import without pin"
"$scs" --db "$t/pt.db" trust import "$t/trust.json" --pin "JPN-SDS=$(printf %064d 0)" >"$t/out" 2>&1
[ $? = 1 ] && has "pin" && ok "a wrong pin is refused" || no "trust import wrong pin"
check "the partner imports the key list with the right pin" "$scs" --db "$t/pt.db" trust import "$t/trust.json" --pin "JPN-SDS=$fp"
"$scs" --db "$t/pt.db" attest verify "$code2" >"$t/out" 2>&1 && has '"status": "unchecked"' &&
	ok "the partner's register verifies the code (audited; no status list of ours)" || no "partner verify"
[ "$(sql "$t/pt.db" "SELECT count(*) FROM audit_log WHERE action='verify' AND kind='attestation'")" = 1 ] &&
	ok "the verification is audited" || no "verify audited"
# a foreign clearance: the partner records code2 (SAITO Hanako's) for its
# own person, and the access decision uses it under rule 5
cat >"$t/ptreg.jsonl" <<'JSONL'
{"kind":"organization","id":"us-dod","name":"Department of Defense","type":"government","country":"USA"}
{"kind":"person","id":"u2","name":"Hanako Saito","name_latin":"SAITO Hanako","birth_date":"1975-12-31","nationalities":["JPN"],"org":"us-dod"}
{"kind":"person","id":"u3","name":"Hanako Saito","name_latin":"SAITO Hanako","birth_date":"1976-01-01","nationalities":["JPN"],"org":"us-dod"}
{"kind":"item","id":"us-radar","title":"Radar cross-section data","owner":"us-dod","field":"defense","authority":"USA","level":"SECRET","compartments":[],"releasable_to":["JPN"],"programs":[],"valid_from":"2025-01-01","valid_until":"2030-01-01","declassified":null,"cabinet_approval":false,"exception":false}
JSONL
check "the partner's register imports its records" "$scs" --db "$t/pt.db" import "$t/ptreg.jsonl"
"$scs" --db "$t/pt.db" check u2 us-radar >"$t/out" 2>&1
[ $? = 1 ] && has '"reason":"not_cleared"' && ok "before: the Japanese engineer is not cleared for the US item" || no "before import: not_cleared"
"$scs" --db "$t/pt.db" attest import "$code2" --person u3 >"$t/out" 2>&1
[ $? = 1 ] && has "another person" && ok "attest import refuses a code that names another person" || no "attest import wrong person"
check "attest import records the partner's code as a foreign clearance" "$scs" --db "$t/pt.db" attest import "$code2" --person u2
has '"authority": "JPN-SDS"' && has '"status": "active"' && ok "the foreign clearance: JPN-SDS, active until the code's end" || no "foreign clearance content"
refuse "attest import of the same code again" "$scs" --db "$t/pt.db" attest import "$code2" --person u2
"$scs" --db "$t/pt.db" check u2 us-radar >"$t/out" 2>&1 && has '"allow":true' &&
	ok "after: rule 5 admits the foreign clearance (JPN-SDS rank 3 for a USA SECRET item releasable to JPN)" || no "after import: allow"
[ "$(sql "$t/pt.db" "SELECT count(*) FROM audit_log WHERE action='import' AND kind='clearance' AND purpose LIKE 'attestation JPN-SDS/%'")" = 1 ] &&
	ok "the import is audited with the code in its purpose" || no "import audited"
"$scs" --db "$t/at.db" attest import "$code2" --person c2 >"$t/out" 2>&1
[ $? = 1 ] && has "own authority" && ok "the issuer cannot import its own code as foreign" || no "import own code"
"$scs" trust root new --authority JPN-SDS --out "$t/root2.key" >/dev/null 2>&1
check "a second register's own list" sh -c "\"$scs\" --db \"$t/pt.db\" trust key new --authority JPN-CESI --root \"$t/root2.key\" >/dev/null"
"$scs" --db "$t/at.db" trust key new --authority JPN-SDS --root "$t/root2.key" >"$t/out" 2>&1
[ $? = 1 ] && has "another root" && ok "a signing key under another root is refused" || no "key under another root"
check "trust list shows every list held" "$scs" --db "$t/pt.db" trust list
has '"own": true' && has '"own": false' && ok "trust list: the partner's and its own" || no "trust list content"
"$scs" --db "$t/pt.db" attest verify "$code2" >"$t/out" 2>&1 && has '"result": "valid"' && has '"status": "unchecked"' &&
	ok "with a list of its own, a register still verifies a partner's code, its status unchecked" || no "partner verify with an own list"
# a transfer between employers, and the reciprocity lookup
"$scs" --db "$t/at.db" transfer request c2 --birth-date 1975-12-30 --to acme >"$t/out" 2>&1
[ $? = 1 ] && has "no person" && ok "transfer request: a wrong birth date reads as an unknown person" || no "transfer wrong birth date"
"$scs" --db "$t/at.db" transfer request c3 --birth-date 1969-07-15 --to mod >"$t/out" 2>&1
[ $? = 1 ] && has "no active clearance" && ok "transfer request: a person without an active clearance is refused" || no "transfer no clearance"
check "transfer request: c2 to acme" "$scs" --db "$t/at.db" transfer request c2 --birth-date 1975-12-31 --to acme
trid=$(sed -n 's/.*"id": "\(TR-[^"]*\)".*/\1/p' "$t/out")
has '"from_org": "mod"' && has '"authority": "JPN-SDS"' && has '"state": "requested"' &&
	ok "the request names both employers and the authority that decides" || no "transfer request content"
refuse "a second request for the same person waits for the first" "$scs" --db "$t/at.db" transfer request c2 --birth-date 1975-12-31 --to acme
"$scs" --db "$t/at.db" transfer reject "$trid" --reason "" >"$t/out" 2>&1
[ $? = 1 ] && has "reason" && ok "a rejection needs a reason" || no "transfer reject without reason"
check "transfer accept" "$scs" --db "$t/at.db" transfer accept "$trid"
[ "$(sql "$t/at.db" "SELECT org FROM persons WHERE id='c2'")" = acme ] && ok "accepted, c2 works for acme" || no "c2 moved"
[ "$(sql "$t/at.db" "SELECT count(*) FROM clearances WHERE person='c2' AND status='active'")" = 1 ] &&
	ok "c2's clearance stays (no new vetting)" || no "c2 clearance kept"
refuse "a decided transfer cannot be decided again" "$scs" --db "$t/at.db" transfer reject "$trid" --reason again
check "transfer list" "$scs" --db "$t/at.db" transfer list
has '"state": "accepted"' && ok "transfer list shows the accepted transfer" || no "transfer list content"
check "clearance lookup of a cleared person" "$scs" --db "$t/at.db" clearance lookup c2 --birth-date 1975-12-31
has '"cleared": true' && has '"level": "TOKUTEI_HIMITSU"' && ! has '"name"' && ! has 'relatives' &&
	ok "the lookup says cleared and at what level, nothing of the file" || no "lookup content"
"$scs" --db "$t/at.db" clearance lookup c3 --birth-date 1969-07-15 >"$t/out" 2>&1 && has '"cleared": false' &&
	ok "the lookup of a person whose clearance ended: not cleared" || no "lookup c3"
[ "$(sql "$t/at.db" "SELECT count(*) FROM audit_log WHERE action='lookup' AND kind='person'")" = 2 ] &&
	ok "each lookup is audited" || no "lookup audited"
[ "$(sql "$t/at.db" "SELECT count(*) FROM audit_log WHERE action='transfer' AND kind='person' AND object='c2'")" = 1 ] &&
	ok "the move of the person is audited" || no "transfer audited"
# a visit request: drafted, amended, submitted, certified with the
# visitor's attestation, approved with the host's pass, checked at the gate
d1=$(date -u -d '+2 days' +%Y-%m-%d) d2=$(date -u -d '+4 days' +%Y-%m-%d)
vreq() { printf '{"visitor":"c1","host_org":"acme","site":"Nagoya works","purpose":"design review","type":"%s","first_day":"%s","last_day":"%s"}' "$1" "$2" "$3"; }
# (c1 is suspended by now: the visitor is c5)
vreq5() { vreq "$@" | sed 's/"c1"/"c5"/'; }
"$scs" --db "$t/at.db" visit create "$(vreq5 one_time "$d1" "$(date -u -d '+40 days' +%Y-%m-%d)")" >"$t/out" 2>&1
[ $? = 1 ] && has "last_day" && has "30 days" && ok "visit create: a one-time visit lasts 30 days at most" || no "visit one-time too long"
"$scs" --db "$t/at.db" visit create "$(vreq5 emergency "$(date -u -d '+9 days' +%Y-%m-%d)" "$(date -u -d '+10 days' +%Y-%m-%d)")" >"$t/out" 2>&1
[ $? = 1 ] && has "within 3 days" && ok "visit create: an emergency visit starts within 3 days" || no "visit emergency start"
"$scs" --db "$t/at.db" visit create "$(vreq5 one_time "$d1" "$d2" | sed 's/"acme"/"mod"/')" >"$t/out" 2>&1
[ $? = 1 ] && has "host_org" && ok "visit create: the host is another organization" || no "visit same org"
check "visit create drafts a request" "$scs" --db "$t/at.db" visit create "$(vreq5 one_time "$d1" "$d2")"
vid=$(sed -n 's/.*"id": "\(VR-[^"]*\)".*/\1/p' "$t/out")
has '"state": "draft"' && has '"visitor_org": "mod"' && ok "a draft, asked by the visitor's employer" || no "visit draft content"
refuse "a draft cannot be approved" "$scs" --db "$t/at.db" visit approve "$vid"
check "visit update amends the draft" "$scs" --db "$t/at.db" visit update "$vid" "$(vreq5 recurring "$d1" "$(date -u -d '+200 days' +%Y-%m-%d)")"
has '"type": "recurring"' && ok "the amendment is kept" || no "visit amended"
check "visit submit" "$scs" --db "$t/at.db" visit submit "$vid"
check "visit certify issues and attaches the visitor's attestation" "$scs" --db "$t/at.db" visit certify "$vid"
has '"attestation": "SC1:' && ok "the certified request carries an SC1 code" || no "visit certified code"
"$scs" --db "$t/at.db" visit return "$vid" --note "" >"$t/out" 2>&1
[ $? = 1 ] && has "note" && ok "a return needs a note" || no "visit return without note"
check "visit return, with a note" "$scs" --db "$t/at.db" visit return "$vid" --note "name the building"
check "visit resubmitted after the return" "$scs" --db "$t/at.db" visit submit "$vid"
check "and certified again" "$scs" --db "$t/at.db" visit certify "$vid"
check "visit approve signs the host's pass" "$scs" --db "$t/at.db" visit approve "$vid"
vpass=$(sed -n 's/.*"pass": "\(SV1:[^"]*\)".*/\1/p' "$t/out")
[ -n "$vpass" ] && has '"phase": "approved"' && ok "approved: a pass, the visit not begun" || no "visit approved pass"
"$scs" visit verify "$vpass" --trust "$t/trust.json" --at "$d1" >"$t/out" 2>&1 && has '"name": "SUZUKI MISAKI"' &&
	ok "at the gate on the first day, offline: valid, with the name to compare with the passport" || no "visit pass at gate"
"$scs" visit verify "$vpass" --trust "$t/trust.json" >"$t/out" 2>&1
[ $? = 1 ] && has '"result": "not_yet_valid"' && ok "before the first day the pass is not yet valid" || no "visit pass early"
# one character changed (to A, or to B where it was an A)
vbad=$(printf %s "$vpass" | sed 's/\(.\{30\}\)./\1A/')
[ "$vbad" = "$vpass" ] && vbad=$(printf %s "$vpass" | sed 's/\(.\{30\}\)./\1B/')
"$scs" visit verify "$vbad" --trust "$t/trust.json" --at "$d1" >"$t/out" 2>&1
[ $? = 1 ] && ok "a changed pass is refused" || no "visit pass tampered"
check "visit cancel" "$scs" --db "$t/at.db" visit cancel "$vid"
refuse "a cancelled visit cannot be cancelled again" "$scs" --db "$t/at.db" visit cancel "$vid"
check "visit list" "$scs" --db "$t/at.db" visit list
has '"phase": "cancelled"' && ok "visit list shows each visit's phase" || no "visit list"
check "the register verifies after reciprocity" "$scs" --db "$t/at.db" audit verify
for args in "trust" "trust frob" "trust import" "attest" "attest issue" "attest verify" "attest status" "attest frob x" \
	"transfer" "transfer request c2" "transfer reject x" "clearance" "clearance lookup c2" \
	"visit" "visit frob" "visit reject x" "visit verify x"; do
	# shellcheck disable=SC2086 # the words of $args are the arguments
	"$scs" --db "$t/at.db" $args >"$t/out" 2>&1
	rc=$?
	[ $rc = 2 ] && has "usage" && ok "scs $args: a usage error, exit 2" || no "scs $args exits 2 (exit $rc)"
done

# ---- the capacity planner (issue 14): scs sim ----
fresh s.db
check "sim runs the US-scale scenario shipped in data/scenarios" "$scs" --db "$t/s.db" sim "$top/data/scenarios/us-scale.json" --seed 3
has '"decided"' && has '"little"' && has '"samples"' && ok "sim prints counts, Little's law and the inventory" || no "sim output"
cp "$t/out" "$t/sim1"
"$scs" --db "$t/s.db" sim "$top/data/scenarios/us-scale.json" --seed 3 >"$t/sim2" 2>&1
cmp -s "$t/sim1" "$t/sim2" && ok "sim: one seed, one run, to the byte" || no "sim is deterministic"
"$scs" --db "$t/s.db" sim "$top/data/scenarios/us-scale.json" --seed 4 >"$t/sim2" 2>&1
cmp -s "$t/sim1" "$t/sim2" && no "sim: another seed, another run" || ok "sim: another seed, another run"
check "sim scenario prints the register's own scenario" "$scs" --db "$t/s.db" sim scenario
cp "$t/out" "$t/own.json"
has '"investigators"' && has '"adjudicators"' && ok "the register's scenario has its pools" || no "sim scenario pools"
cat >"$t/mmc.json" <<'JSON'
{"days": 4000, "warmup_days": 400, "seed": 2,
 "pools": [{"id": "inv", "stage": "investigation", "servers": 5}, {"id": "adj", "stage": "adjudication", "servers": 1}],
 "review": null, "adjudication": "adj",
 "classes": [{"id": "T", "body": "inv", "arrivals": [{"day": 0, "per_day": 8}], "e_adjudication": 1,
   "time": {"investigation": {"exponential": {"mean": 1}}}}]}
JSON
check "sim staff answers a what-if" "$scs" --db "$t/s.db" sim staff "$t/mmc.json" --pool inv --days 3 --quantile 0.9
has '"servers": 10' && ok "sim staff: Erlang C's 10 servers for a p90 of 3 days at 8 a day" || no "sim staff Erlang C"
sed 's/"per_day": 8/"per_day": "eight"/' "$t/mmc.json" >"$t/bad.json"
"$scs" --db "$t/s.db" sim "$t/bad.json" >"$t/out" 2>&1
[ $? = 1 ] && has 'classes\[0\].arrivals\[0\].per_day: must be a number' && ok "sim names the field at fault" || no "sim bad field"
printf '{"days": 10,' >"$t/bad.json"
"$scs" --db "$t/s.db" sim "$t/bad.json" >"$t/out" 2>&1
[ $? = 1 ] && has 'line 1' && ok "sim: a file that is not JSON, with its line" || no "sim bad json"
"$scs" --db "$t/s.db" sim staff "$t/mmc.json" --pool inv --days 3 --quantile 0.95 >"$t/out" 2>&1
[ $? = 1 ] && has 'quantile: must be 0.5, 0.8 or 0.9' && ok "sim staff refuses another quantile" || no "sim staff quantile"
for args in "sim" "sim a b" "sim --frob x" "sim staff" "sim scenario x" "sim staff $t/mmc.json --seed 1"; do
	# shellcheck disable=SC2086 # the words of $args are the arguments
	"$scs" --db "$t/s.db" $args >"$t/out" 2>&1
	rc=$?
	[ $rc = 2 ] && has "usage" && ok "scs $args: a usage error, exit 2" || no "scs $args exits 2 (exit $rc)"
done

summary
