#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# run.sh SCS - end-to-end tests of the `scs` command line on real files:
# init, import/export round trips, FILE:LINE errors that keep nothing,
# sealing at rest (grep the database and WAL), key rotation (interrupted
# and resumed), audit verification against tampering with plain SQL.
# Ends with "N passed, M failed".
set -u
scs=$1
top=$(cd "$(dirname "$0")/../.." && pwd)
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
export SCS_PWHASH_COST=min SCS_ADMIN_PASSWORD=admin-password-for-tests
unset SCS_DB SCS_KEYS SCS_DATA_DIR
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
no() { fail=$((fail + 1)); echo "not ok - $1"; [ -f "$t/out" ] && sed 's/^/  # /' "$t/out" | head -20; }
check() { # name command...: passes when the command succeeds
	name=$1; shift
	if "$@" >"$t/out" 2>&1; then ok "$name"; else no "$name"; fi
}
refuse() { # name command...: passes when the command fails
	name=$1; shift
	if "$@" >"$t/out" 2>&1; then no "$name (it succeeded)"; else ok "$name"; fi
}
has() { grep -q -- "$1" "$t/out"; }
fresh() { rm -rf "$t/$1" "$t/$1"-* "$t/$1".keys; "$scs" --db "$t/$1" init >/dev/null; }
checkpoint() { sqlite3 "$1" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null; }

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

# --- import, export, round trip ---
check "import the demo register" "$scs" --db "$t/a.db" import "$top/data/demo.jsonl"
has "imported 32 records" || no "32 demo records imported"
"$scs" --db "$t/a.db" export >"$t/e1.jsonl" 2>"$t/out" && ok "export" || no "export"
fresh b.db
"$scs" --db "$t/b.db" import "$t/e1.jsonl" >"$t/out" 2>&1 && "$scs" --db "$t/b.db" export >"$t/e2.jsonl" 2>>"$t/out"
cmp -s "$t/e1.jsonl" "$t/e2.jsonl" && ok "demo export -> import -> export is byte-identical" || no "demo round trip"
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
	'{"kind":"organization","id":"o","name":"N","type":"contractor","country":"XXX"}' \
	'{"kind":"organization","id":"o","name":"N","type":"contractor","country":"JPN","extra":1}' \
	'{"kind":"organization","id":"o","id":"p","name":"N","type":"contractor","country":"JPN"}'; do
	printf '%s\n' "$case" >"$t/one.jsonl"
	refuse "refused: $case" "$scs" --db "$t/e.db" import "$t/one.jsonl"
	has "one.jsonl:1" || no "line number for: $case"
done

# --- sealed at rest ---
cat >"$t/canary.jsonl" <<'J'
{"kind":"organization","id":"canary-org","name":"Canary Works","type":"contractor","country":"JPN"}
{"kind":"person","id":"canary","name":"検査 一郎","name_latin":"KENSA Ichiro","birth_date":"1980-01-01","nationalities":["JPN"],"org":"canary-org","relatives":[{"relation":"spouse","name":"ZZCANARYNAME 藤壺","birth_date":"1981-02-03","nationalities":["JPN"],"address":"ZZCANARYADDR 静岡県焼津市9-9-9","cohabitant":true}]}
J
fresh f.db
"$scs" --db "$t/f.db" import "$t/canary.jsonl" >/dev/null
found=0
for f in "$t/f.db" "$t/f.db-wal" "$t/f.db-shm"; do
	[ -f "$f" ] && grep -aq -e ZZCANARYNAME -e ZZCANARYADDR -e 藤壺 -e 焼津市 "$f" && found=1
done
[ $found = 0 ] && ok "relative's name and address are not in the database or WAL" || no "canary found at rest"
checkpoint "$t/f.db"
grep -aq -e ZZCANARYNAME -e ZZCANARYADDR "$t/f.db" && no "canary in checkpointed database" || ok "canary not in the checkpointed database"
"$scs" --db "$t/f.db" export >"$t/out" 2>&1
has ZZCANARYNAME && has ZZCANARYADDR && ok "export returns the sealed relative" || no "export returns the sealed relative"
"$scs" --db "$t/f.db" person show canary --relatives >"$t/out" 2>&1
has "purpose" && ok "opening relatives without a purpose is refused" || no "purpose required"
"$scs" --db "$t/f.db" person show canary --relatives --purpose "test: round trip" >"$t/out" 2>&1
has ZZCANARYADDR && ok "person show --relatives opens them" || no "person show --relatives"
sqlite3 "$t/f.db" "SELECT count(*) FROM audit_log WHERE action='read' AND object='canary' AND purpose='test: round trip'" >"$t/out"
has '^1$' && ok "the read and its purpose are in the audit log" || no "the read is audited"

# swapped ciphertexts fail authentication
cp "$t/c.db" "$t/h.db"; cp -r "$t/c.db.keys" "$t/h.db.keys"
[ -f "$t/c.db-wal" ] && cp "$t/c.db-wal" "$t/h.db-wal"
sqlite3 "$t/h.db" "UPDATE persons SET relatives = (SELECT relatives FROM persons WHERE id='p0000002') WHERE id='p0000001';"
"$scs" --db "$t/h.db" person show p0000001 --relatives --purpose swap >"$t/out" 2>&1
rc=$?
[ $rc = 1 ] && has "fails authentication" && ok "a ciphertext moved to another person fails authentication" || no "swapped ciphertext"

# --- keys rotate: interrupted, resumed ---
cp "$t/c1.jsonl" "$t/rot-before.jsonl"
SCS_TEST_EXIT_AFTER_BATCHES=2 "$scs" --db "$t/c.db" keys rotate >"$t/out" 2>&1
[ $? != 0 ] && ok "rotation interrupted after two batches" || no "rotation interrupted"
sqlite3 "$t/c.db" "SELECT count(DISTINCT relatives_key) FROM persons" >"$t/out"
has '^2$' && ok "mid-rotation the register holds both keys" || no "mid-rotation holds both keys"
"$scs" --db "$t/c.db" export >"$t/rot-mid.jsonl" && cmp -s "$t/rot-before.jsonl" "$t/rot-mid.jsonl" && ok "mid-rotation every value still opens" || no "mid-rotation export"
check "rotation resumes and completes" "$scs" --db "$t/c.db" keys rotate
has "data key 2 is current" || no "the resumed rotation finishes key 2"
sqlite3 "$t/c.db" "SELECT DISTINCT relatives_key FROM persons" >"$t/out"
has '^2$' && [ "$(wc -l <"$t/out")" = 1 ] && ok "every value is under the new key" || no "every value under key 2"
"$scs" --db "$t/c.db" export >"$t/rot-after.jsonl"
cmp -s "$t/rot-before.jsonl" "$t/rot-after.jsonl" && ok "rotation changes no plaintext" || no "rotation changes no plaintext"
check "the register verifies after rotation" "$scs" --db "$t/c.db" audit verify

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

# --- audit verify against tampering ---
check "audit verify passes on an untouched register" "$scs" --db "$t/a.db" audit verify
checkpoint "$t/a.db"
tamper() { # name sql expected-text
	cp "$t/a.db" "$t/x.db"; rm -rf "$t/x.db.keys"; cp -r "$t/a.db.keys" "$t/x.db.keys"
	sqlite3 "$t/x.db" "$2"
	"$scs" --db "$t/x.db" audit verify >"$t/out" 2>&1
	rc=$?
	if [ $rc = 1 ] && has "$3"; then ok "audit verify detects: $1"; else no "audit verify detects: $1"; fi
}
tamper "an altered audit row" "UPDATE audit_log SET actor='os:mallory' WHERE seq=5" "entry 5 was altered"
tamper "a deleted audit row" "DELETE FROM audit_log WHERE seq=7" "entry 7 is missing"
tamper "a truncated log" "DELETE FROM audit_log WHERE seq=(SELECT max(seq) FROM audit_log)" "truncated"
tamper "reordered audit rows" "UPDATE audit_log SET seq=-1 WHERE seq=3; UPDATE audit_log SET seq=3 WHERE seq=4; UPDATE audit_log SET seq=4 WHERE seq=-1" "entry 3"
tamper "a person changed with plain SQL" "UPDATE persons SET name='改竄 太郎' WHERE id='p05'" 'person "p05" differs'
tamper "a person inserted with plain SQL" "INSERT INTO persons SELECT 'ghost', name, name_latin, birth_date, nationalities, org, relatives, relatives_key FROM persons WHERE id='p05'" 'person "ghost" has no audited creation'
tamper "a person deleted with plain SQL" "DELETE FROM persons WHERE id='p20'" 'person "p20" is in the audit log'
tamper "an organization changed with plain SQL" "UPDATE organizations SET country='USA' WHERE id='mod'" 'organization "mod" differs'
tamper "a user made admin with plain SQL" "UPDATE users SET role='admin' WHERE id='svc'" 'user "svc" differs'
tamper "a forged tree head" "UPDATE tree_heads SET root=zeroblob(32) WHERE size=(SELECT min(size) FROM tree_heads)" "tree head"
tamper "a sealed value swapped" "UPDATE persons SET relatives=(SELECT relatives FROM persons WHERE id='p02') WHERE id='p01'" 'person "p01" differs'

echo "$pass passed, $fail failed"
[ $fail = 0 ]
