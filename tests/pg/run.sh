#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# run.sh SCS PGDIR - the command line against a real PostgreSQL (one
# started by tests/pg.sh in PGDIR): init and its refusals, import and
# export byte for byte the same as SQLite's, both ways between the
# backends, keys rotate (interrupted and resumed), audit verify and its
# tamper detection, TLS (sslmode honored), concurrent writers on many
# connections giving one gap-free audit order, the password never shown.
# Ends with "N passed, M failed".
set -u
scs=$1
pgdir=$2
top=$(cd "$(dirname "$0")/../.." && pwd)
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
export SCS_PWHASH_COST=min SCS_ADMIN_PASSWORD=admin-password-for-tests
unset SCS_DB SCS_KEYS SCS_DATA_DIR
. "$top/tests/lib.sh"
newdb() { sh "$top/tests/pg.sh" createdb "$pgdir" "$1"; }
psql_in() { # database sql: run SQL as the database's owner
	bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
	PGPASSWORD=$(cat "$pgdir/password") "$bin/psql" -q -At -v ON_ERROR_STOP=1 \
		"host=127.0.0.1 port=$(cat "$pgdir/port") user=scs dbname=$1 sslmode=require" -c "$2"
}
demo=$top/data/demo.jsonl
pw=$(cat "$pgdir/password")

# --- init ---
a=$(newdb a)
refuse "init on PostgreSQL without \$SCS_KEYS fails" "$scs" --db "$a" init
has 'SCS_KEYS' && ok "the missing key directory is named" || no "the missing key directory is named"
has "$pw" && no "the password is shown in an error" || ok "no password in the error"
export SCS_KEYS="$t/a.keys"
check "init creates a register in an empty database" "$scs" --db "$a" init
has 'scs:\*\*\*@127.0.0.1' && ok "init shows the URL with its password masked" || no "masked URL"
has "$pw" && no "init prints the password" || ok "init never prints the password"
refuse "init refuses a register whose keys exist" "$scs" --db "$a" init
has "already exists" || no "init says what exists"
SCS_KEYS="$t/a2.keys" "$scs" --db "$a" init >"$t/out" 2>&1
[ $? != 0 ] && has "a register already exists" && ok "init refuses a database that holds a register" || no "init refuses a used database"
[ ! -e "$t/a2.keys" ] && ok "the refused init leaves no key directory" || no "refused init left keys"
check "import the demo register into PostgreSQL" "$scs" --db "$a" import "$demo"
check "export it" sh -c "'$scs' --db '$a' export >'$t/pg.jsonl'"
check "audit verify on PostgreSQL" "$scs" --db "$a" audit verify
has "audit log ok" || no "verify says ok"

# --- the same export as SQLite, both ways ---
(unset SCS_KEYS; "$scs" --db "$t/s.db" init >/dev/null && "$scs" --db "$t/s.db" import "$demo" >/dev/null &&
	"$scs" --db "$t/s.db" export >"$t/sq.jsonl")
cmp -s "$t/sq.jsonl" "$t/pg.jsonl" && ok "PostgreSQL and SQLite export the same bytes" || no "exports differ"
b=$(newdb b)
export SCS_KEYS="$t/b.keys"
"$scs" --db "$b" init >/dev/null 2>&1
(SCS_KEYS= ; unset SCS_KEYS; "$scs" --db "$t/s.db" export) | "$scs" --db "$b" import - >"$t/out" 2>&1 &&
	ok "scs export --db sqlite | scs import --db postgres://" || no "SQLite to PostgreSQL through a pipe"
"$scs" --db "$b" export >"$t/b.jsonl"
cmp -s "$t/sq.jsonl" "$t/b.jsonl" && ok "moved to PostgreSQL, the export is byte-identical" || no "SQLite to PostgreSQL export differs"
check "the moved register verifies" "$scs" --db "$b" audit verify
(unset SCS_KEYS; "$scs" --db "$t/back.db" init >/dev/null)
"$scs" --db "$b" export | (unset SCS_KEYS; "$scs" --db "$t/back.db" import - >/dev/null) &&
	ok "scs export --db postgres:// | scs import --db sqlite" || no "PostgreSQL to SQLite through a pipe"
(unset SCS_KEYS; "$scs" --db "$t/back.db" export) >"$t/back.jsonl"
cmp -s "$t/sq.jsonl" "$t/back.jsonl" && ok "and back to SQLite, still byte-identical" || no "back to SQLite differs"

# --- a failed import keeps nothing ---
export SCS_KEYS="$t/a.keys"
before=$(psql_in a "SELECT count(*) FROM audit_log")
printf '%s\n' '{"kind":"organization","id":"zz1","name":"Z","type":"contractor","country":"JPN"}' \
	'{"kind":"organization","id":"zz2","name":"Z","type":"nonsense","country":"JPN"}' >"$t/bad.jsonl"
refuse "an import with a bad line fails" "$scs" --db "$a" import "$t/bad.jsonl"
has "bad.jsonl:2" || no "the bad line is named"
[ "$(psql_in a "SELECT count(*) FROM organizations WHERE id = 'zz1'")" = 0 ] &&
	[ "$(psql_in a "SELECT count(*) FROM audit_log")" = "$before" ] &&
	ok "the failed import left the register as it was" || no "the failed import left rows"

# --- import in batches (COPY): errors past the first batch, lines already
# there, text escapes, byte for byte as SQLite ---
node "$top/tests/cli/gen.js" 9000 7 >"$t/b9.jsonl" # 9012 lines: three batches
awk 'NR == 6000 { sub(/"org":"org-[0-9]*"/, "\"org\":\"nope\"") } { print }' "$t/b9.jsonl" >"$t/ref.jsonl"
g=$(newdb g)
export SCS_KEYS="$t/g.keys"
"$scs" --db "$g" init >/dev/null 2>&1
before=$(psql_in g "SELECT count(*) FROM audit_log")
refuse "a missing organization on line 6000 fails the import" "$scs" --db "$g" import "$t/ref.jsonl"
has "ref.jsonl:6000: org" && ok "the line and field of the missing reference are named" || no "the line of a missing reference"
[ "$(psql_in g "SELECT count(*) FROM persons")" = 0 ] && [ "$(psql_in g "SELECT count(*) FROM audit_log")" = "$before" ] &&
	ok "nothing of the batches before it is kept" || no "a failed import kept its first batches"
head -n 5000 "$t/b9.jsonl" >"$t/half.jsonl"
check "import the first 5000 lines" "$scs" --db "$g" import "$t/half.jsonl"
check "then all 9012: the lines already there are skipped" "$scs" --db "$g" import "$t/b9.jsonl"
has "imported 4012 records" && ok "only the new lines are counted" || no "a partial re-import counts only new lines"
(head -n 50 "$t/b9.jsonl"; sed -n 20p "$t/b9.jsonl"; sed -n 30,40p "$t/b9.jsonl") >"$t/dup.jsonl"
h=$(newdb h)
export SCS_KEYS="$t/h.keys"
"$scs" --db "$h" init >/dev/null 2>&1
check "a line repeated in one batch is imported once" "$scs" --db "$h" import "$t/dup.jsonl"
has "imported 50 records" || no "a repeated line counted once"
(sed -n 20p "$t/b9.jsonl" | sed 's/"org":"org-[0-9]*"/"org":"late"/; s/"id":"p/"id":"fwd-p/'
	echo '{"kind":"organization","id":"late","name":"Late","type":"contractor","country":"JPN"}') >"$t/fwd.jsonl"
refuse "a line that names the record of a later line is refused" "$scs" --db "$h" import "$t/fwd.jsonl"
has "fwd.jsonl:1: org" && ok "as line by line: the naming line is the bad one" || no "a reference to a later line"
check "import all 9012 lines at once" "$scs" --db "$h" import "$t/b9.jsonl"
check "the register imported in one go verifies" "$scs" --db "$h" audit verify
(unset SCS_KEYS; "$scs" --db "$t/b9.db" init >/dev/null 2>&1 && "$scs" --db "$t/b9.db" import "$t/b9.jsonl" >/dev/null &&
	"$scs" --db "$t/b9.db" export) >"$t/b9s.jsonl"
"$scs" --db "$h" export >"$t/b9p.jsonl"
cmp -s "$t/b9s.jsonl" "$t/b9p.jsonl" && ok "9012 lines through COPY export as from SQLite (quotes, backslashes, kanji)" ||
	no "COPY changed a value"
SCS_KEYS="$t/g.keys" "$scs" --db "$g" export >"$t/b9g.jsonl"
cmp -s "$t/b9g.jsonl" "$t/b9p.jsonl" && ok "in pieces or at once: the same register" || no "pieces and whole differ"
export SCS_KEYS="$t/a.keys"

# --- keys rotate, interrupted and resumed ---
SCS_TEST_EXIT_AFTER_BATCHES=1 "$scs" --db "$a" keys rotate >"$t/out" 2>&1
[ $? = 3 ] && ok "rotation dies after its first committed batch (exit 3)" || no "rotation interrupted"
[ "$(psql_in a "SELECT count(*) FROM person_keys WHERE destroyed IS NULL AND wrapped_key = (SELECT max(wrapped_key) FROM person_keys)")" -gt 0 ] &&
	ok "the first batch re-wrapped persons' keys under the new register key" || no "nothing re-wrapped before the interruption"
"$scs" --db "$a" export >"$t/rot-mid.jsonl"
cmp -s "$t/pg.jsonl" "$t/rot-mid.jsonl" && ok "mid-rotation every value still opens" || no "mid-rotation export"
check "rotation resumes and completes" "$scs" --db "$a" keys rotate
[ "$(psql_in a "SELECT count(DISTINCT wrapped_key) FROM person_keys WHERE destroyed IS NULL")" = 1 ] &&
	ok "every person's key under one register key" || no "keys under one register key"
"$scs" --db "$a" export >"$t/rot.jsonl"
cmp -s "$t/pg.jsonl" "$t/rot.jsonl" && ok "rotation changes no plaintext" || no "rotation changed plaintext"
check "the register verifies after rotation" "$scs" --db "$a" audit verify

# --- tampering behind the program's back ---
tamper() { # name sql expected-text
	d=$(newdb x)
	bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
	PGPASSWORD=$pw "$bin/pg_dump" "host=127.0.0.1 port=$(cat "$pgdir/port") user=scs dbname=a sslmode=require" |
		PGPASSWORD=$pw "$bin/psql" -q "host=127.0.0.1 port=$(cat "$pgdir/port") user=scs dbname=x sslmode=require" >/dev/null 2>&1
	psql_in x "$2" >/dev/null
	"$scs" --db "$d" audit verify >"$t/out" 2>&1
	rc=$?
	if [ $rc = 1 ] && has "$3"; then ok "audit verify detects: $1"; else no "audit verify detects: $1"; fi
}
tamper "an altered audit row" "UPDATE audit_log SET actor='os:mallory' WHERE seq=5" "entry 5 was altered"
tamper "a deleted audit row" "DELETE FROM audit_log WHERE seq=7" "entry 7 is missing"
tamper "a person changed with plain SQL" "UPDATE persons SET name='改竄 太郎' WHERE id='p05'" 'person "p05" differs'
tamper "a forged tree head" "UPDATE tree_heads SET root='\\x$(printf '%064d' 0)' WHERE size=(SELECT min(size) FROM tree_heads)" "tree head"

# --- TLS: sslmode is libpq's, and honored ---
plain=$(printf '%s' "$a" | sed 's/sslmode=require/sslmode=disable/')
refuse "sslmode=disable is refused by a server that wants TLS" "$scs" --db "$plain" org list
has "db" && ! has "$pw" && ok "the refusal names the database, not its password" || no "the refusal"
strict=$(printf '%s' "$a" | sed "s|sslmode=require|sslmode=verify-full\&sslrootcert=$t/none.crt|")
refuse "sslmode=verify-full without the server's CA is refused" "$scs" --db "$strict" org list
cp "$pgdir/data/server.crt" "$t/ca.crt" 2>/dev/null || cat "$pgdir/data/server.crt" >"$t/ca.crt" 2>/dev/null ||
	(sh -c "runuser -u postgres -- cat '$pgdir/data/server.crt'" >"$t/ca.crt")
good=$(printf '%s' "$a" | sed "s|sslmode=require|sslmode=verify-full\&sslrootcert=$t/ca.crt|")
check "sslmode=verify-full with the server's certificate connects" "$scs" --db "$good" org list

# --- concurrent writers: one gap-free audit order ---
c=$(newdb c)
export SCS_KEYS="$t/c.keys"
"$scs" --db "$c" init >/dev/null
# Six writers at once, each importing its 25 organizations one
# transaction (one process, one connection) at a time.
writer() { # i
	j=0
	while [ $j -lt 25 ]; do
		printf '{"kind":"organization","id":"w%d-%d","name":"Writer %d","type":"contractor","country":"JPN"}\n' \
			"$1" $j "$1" >"$t/w$1.jsonl"
		"$scs" --db "$c" import "$t/w$1.jsonl" >>"$t/w$1.out" 2>&1 || echo "failed $j" >>"$t/w$1.out"
		j=$((j + 1))
	done
}
for i in 0 1 2 3 4 5; do
	writer $i &
done
wait
cat "$t"/w?.out | grep -v '^imported' >"$t/out"
[ ! -s "$t/out" ] && ok "150 imports by 6 concurrent writers all succeed" || no "concurrent imports failed"
n=$(psql_in c "SELECT count(*) FROM organizations WHERE id LIKE 'w%'")
[ "$n" = 150 ] && ok "150 organizations written by 6 concurrent processes" || no "concurrent writes: $n of 150"
gaps=$(psql_in c "SELECT count(*) FROM (SELECT seq - lag(seq) OVER (ORDER BY seq) AS d FROM audit_log) x WHERE d <> 1")
first=$(psql_in c "SELECT min(seq) FROM audit_log")
[ "$gaps" = 0 ] && { [ "$first" = 0 ] || [ "$first" = 1 ]; } && ok "the audit log has no gap" || no "audit gaps: $gaps, first $first"
check "the concurrently written register verifies" "$scs" --db "$c" audit verify

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
