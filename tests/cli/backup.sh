#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# backup.sh SCS - `scs backup` and `scs restore` on real files: the restore
# drill (the audit root and the export the same after a restore), a backup
# taken while an import writes, no personal data readable in a backup,
# passphrase and recipient-key locks, and every refusal leaving nothing
# behind: a wrong passphrase or key, a backup cut short, grown or changed
# anywhere, a target that exists, a register whose log was tampered with.
# Ends with "N passed, M failed".
set -u
scs=$1
top=$(cd "$(dirname "$0")/../.." && pwd)
t=$(mktemp -d)
export SCS_PWHASH_COST=min SCS_ADMIN_PASSWORD=admin-password-for-tests
export SCS_BACKUP_PASSPHRASE=correct-horse-battery-staple
unset SCS_DB SCS_KEYS SCS_DATA_DIR
. "$top/tests/lib.sh"
trap 'rm -rf "$t"' EXIT

rootof() { sed -n 's/.*(root \([0-9a-f]*\)).*/\1/p' "$1"; }
leftovers() { ls -A "$1" | grep -c '^\.scs-' ; }
said() { # name text: passes when the last command's output holds text
	if has "$2"; then ok "$1"; else no "$1"; fi
}
# a register path with its key directory copied from another's
keysfrom() { mkdir -p "$(dirname "$2")"; cp -a "$1.keys" "$2.keys"; }

mkdir -p "$t/a"
"$scs" --db "$t/a/r.db" init >/dev/null
"$scs" --db "$t/a/r.db" import "$top/data/demo.jsonl" >/dev/null
"$scs" --db "$t/a/r.db" import "$top/data/demo-cases.jsonl" >/dev/null

check "backup with a passphrase" "$scs" --db "$t/a/r.db" backup "$t/a.bak"
cp "$t/out" "$t/backup.out"
check "the backup is mode 0600" test "$(stat -c %a "$t/a.bak")" = 600
check "no work directory is left beside the register" test "$(leftovers "$t/a")" = 0
check "it says the key directory is not in it" grep -q "key directory is not in it" "$t/backup.out"
# Names are plain in the register (decisions need them); never in a backup.
pname=$(grep -o '"name_latin":"[^"]*"' "$top/data/demo.jsonl" | head -1 | cut -d'"' -f4)
refuse "a person's name is in the register but not readable in the backup" grep -aq "$pname" "$t/a.bak"
check "... and is in the register itself (the check above can fail)" sh -c 'cat "$1" "$1-wal" 2>/dev/null | grep -aq "$2"' - "$t/a/r.db" "$pname"

keysfrom "$t/a/r.db" "$t/b/r.db"
check "restore into a new path" "$scs" --db "$t/b/r.db" restore "$t/a.bak"
cp "$t/out" "$t/restore.out"
check "the restore names the backup's audit root" test -n "$(rootof "$t/backup.out")" -a "$(rootof "$t/backup.out")" = "$(rootof "$t/restore.out")"
check "the restored register verifies" "$scs" --db "$t/b/r.db" audit verify
# The backup is a security event: its entry, by the operator, is in the
# register and in the backup itself (written before the copy).
for db in "$t/a/r.db" "$t/b/r.db"; do
	check "the backup's audit entry (${db#"$t"/})" sh -c 'sqlite3 "$1" "SELECT actor, kind, purpose FROM audit_log WHERE action = '"'"'backup'"'"'" | grep -q "^os:.*|register|locked by a passphrase$"' - "$db"
done
"$scs" --db "$t/a/r.db" export >"$t/a.jsonl" 2>/dev/null
"$scs" --db "$t/b/r.db" export >"$t/b.jsonl" 2>/dev/null
check "the restored register exports byte for byte as the original" cmp "$t/a.jsonl" "$t/b.jsonl"
check "no work directory is left beside the restored register" test "$(leftovers "$t/b")" = 0

sum=$(sha256sum "$t/b/r.db")
refuse "restore refuses a path where a register is" "$scs" --db "$t/b/r.db" restore "$t/a.bak"
said "... saying so" "exists"
check "... and leaves that register as it was" test "$(sha256sum "$t/b/r.db")" = "$sum"

keysfrom "$t/a/r.db" "$t/c/r.db"
refuse "a wrong passphrase is refused" env SCS_BACKUP_PASSPHRASE=wrong-passphrase-here "$scs" --db "$t/c/r.db" restore "$t/a.bak"
said "... naming the passphrase" "passphrase: wrong passphrase"
check "... leaving nothing at the target" test ! -e "$t/c/r.db" -a "$(leftovers "$t/c")" = 0
refuse "a short passphrase is refused" env SCS_BACKUP_PASSPHRASE=short "$scs" --db "$t/a/r.db" backup "$t/short.bak"
said "... naming it" "passphrase: at least 12"
refuse "no passphrase at all is refused" env -u SCS_BACKUP_PASSPHRASE "$scs" --db "$t/a/r.db" backup "$t/none.bak" </dev/null
check "... and no file is written" test ! -e "$t/short.bak" -a ! -e "$t/none.bak"

size=$(stat -c %s "$t/a.bak")
head -c $((size - 100)) "$t/a.bak" >"$t/cut.bak"
refuse "a backup cut short is refused" "$scs" --db "$t/c/r.db" restore "$t/cut.bak"
said "... as cut short" "cut short"
cp "$t/a.bak" "$t/grown.bak"; printf x >>"$t/grown.bak"
refuse "a backup with a byte added at the end is refused" "$scs" --db "$t/c/r.db" restore "$t/grown.bak"
said "... as bytes after its end" "bytes after its end"
flip() { # file offset: change one byte
	cp "$t/a.bak" "$2"
	b=$(od -An -tu1 -j "$1" -N1 "$t/a.bak" | tr -d ' ')
	printf "$(printf '\\%03o' $(((b + 1) % 256)))" | dd of="$2" bs=1 seek="$1" conv=notrunc 2>/dev/null
}
for off in 8 20 40 60 100 $((size / 2)) $((size - 5)); do
	flip "$off" "$t/flip.bak"
	refuse "a backup changed at byte $off is refused" "$scs" --db "$t/c/r.db" restore "$t/flip.bak"
done
check "no refusal left anything at the target" test ! -e "$t/c/r.db" -a "$(leftovers "$t/c")" = 0
refuse "a file that is not a backup is refused" "$scs" --db "$t/c/r.db" restore "$top/data/demo.jsonl"
said "... as not an SCS backup" "not an SCS backup"

check "--keygen writes a recipient key pair" "$scs" backup --keygen "$t/k"
check "... the secret key mode 0600" test "$(stat -c %a "$t/k")" = 600
refuse "--keygen never replaces a key" "$scs" backup --keygen "$t/k"
check "backup to a recipient key" "$scs" --db "$t/a/r.db" backup --recipient "$t/k.pub" "$t/r.bak"
refuse "a recipient's backup does not open with a passphrase" "$scs" --db "$t/c/r.db" restore "$t/r.bak"
said "... saying it is locked to a key" "locked to a recipient key"
"$scs" backup --keygen "$t/other" >/dev/null
refuse "nor with another secret key" "$scs" --db "$t/c/r.db" restore --identity "$t/other" "$t/r.bak"
said "... saying so" "locked to another key"
refuse "a public key is not a secret key" "$scs" --db "$t/c/r.db" restore --identity "$t/k.pub" "$t/r.bak"
check "restore with the recipient's secret key" "$scs" --db "$t/c/r.db" restore --identity "$t/k" "$t/r.bak"
"$scs" --db "$t/c/r.db" export >"$t/c.jsonl" 2>/dev/null
check "... exports as the original" cmp "$t/a.jsonl" "$t/c.jsonl"

keysfrom "$t/a/r.db" "$t/d/r.db"
rm -rf "$t/d/r.db.keys"
refuse "restore without the key directory is refused" "$scs" --db "$t/d/r.db" restore "$t/a.bak"
said "... naming the keys" "keys: no key directory"

# Online: a backup taken while an import of 3000 persons writes.
mkdir -p "$t/e"
"$scs" --db "$t/e/r.db" init >/dev/null
node "$top/tests/cli/gen.js" 3000 42 >"$t/big.jsonl"
"$scs" --db "$t/e/r.db" import "$t/big.jsonl" >/dev/null 2>&1 &
imp=$!
sleep 0.3
check "a backup while an import writes" "$scs" --db "$t/e/r.db" backup "$t/e.bak"
wait $imp
check "... the import finished" "$scs" --db "$t/e/r.db" audit verify
keysfrom "$t/e/r.db" "$t/f/r.db"
check "... and the backup restores and verifies" "$scs" --db "$t/f/r.db" restore "$t/e.bak"

# A register whose log was changed behind the program's back is not
# backed up as if it were sound.
if command -v sqlite3 >/dev/null 2>&1; then
	cp -a "$t/a" "$t/g"
	sqlite3 "$t/g/r.db" "UPDATE audit_log SET actor = 'os:mallory' WHERE seq = 3" 2>"$t/out"
	refuse "a tampered register is not backed up" "$scs" --db "$t/g/r.db" backup "$t/g.bak"
	said "... saying it does not verify" "does not verify"
	check "... and writing no file" test ! -e "$t/g.bak"
fi
# Rollback detection: a server remembers the largest tree head it served
# (the key directory's served-head) and will not serve an older log, or
# one with another root at that size.
serve_once() { # db: start a server, stop it once it serves; its output in $t/out
	"$scs" --db "$1" serve --listen 127.0.0.1:0 >"$t/serve.out" 2>&1 &
	pid=$!
	i=0
	while [ $i -lt 600 ] && ! grep -q "scs serving" "$t/serve.out" && kill -0 $pid 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -TERM $pid 2>/dev/null
	wait $pid
	cp "$t/serve.out" "$t/out"
	grep -q "scs serving" "$t/out"
}
mkdir -p "$t/h"
"$scs" --db "$t/h/r.db" init >/dev/null
"$scs" --db "$t/h/r.db" import "$top/data/demo.jsonl" >/dev/null
"$scs" --db "$t/h/r.db" backup "$t/h.bak" >/dev/null
"$scs" --db "$t/h/r.db" import "$top/data/demo-cases.jsonl" >/dev/null
check "a server serves the register" serve_once "$t/h/r.db"
check "... and remembers its tree head in the key directory" grep -q "^scs-served-head 1" "$t/h/r.db.keys/served-head"
rm -f "$t/h/r.db" "$t/h/r.db-wal" "$t/h/r.db-shm"
"$scs" --db "$t/h/r.db" restore "$t/h.bak" >/dev/null
refuse "an older register restored under it is not served" serve_once "$t/h/r.db"
said "... naming both heads" "the register's log (size [0-9]*, root [0-9a-f]*) is older than this node served (size [0-9]*, root [0-9a-f]*)"
node "$top/tests/cli/gen.js" 400 5 >"$t/h.jsonl"
"$scs" --db "$t/h/r.db" import "$t/h.jsonl" >/dev/null
refuse "a log grown past it along another history is not served" serve_once "$t/h/r.db"
said "... as not the one this node served" "is not the one this node served"
rm "$t/h/r.db.keys/served-head"
check "once the operator removes served-head, it serves" serve_once "$t/h/r.db"
# A log cut back while the server runs (a DBA's restore, a truncation
# behind the program's back), then grown again along another history: the
# running server never adopts it, so the next start still refuses it.
if command -v sqlite3 >/dev/null 2>&1; then
	head0=$(sed -n 2p "$t/h/r.db.keys/served-head")
	n0=${head0%% *}
	"$scs" --db "$t/h/r.db" serve --listen 127.0.0.1:0 >"$t/serve.out" 2>&1 &
	pid=$!
	i=0
	while [ $i -lt 600 ] && ! grep -q "scs serving" "$t/serve.out"; do
		sleep 0.1
		i=$((i + 1))
	done
	cut=$((n0 - 3))
	sqlite3 "$t/h/r.db" "BEGIN; DELETE FROM audit_log WHERE seq >= $cut; DELETE FROM tree_heads WHERE size > $cut; COMMIT;" 2>"$t/sq.out" || cat "$t/sq.out"
	node "$top/tests/cli/gen.js" 30 9 | sed 's/"p0/"q0/g' >"$t/h2.jsonl"
	check "... grown again by another process" "$scs" --db "$t/h/r.db" import "$t/h2.jsonl"
	kill -TERM $pid 2>/dev/null
	wait $pid
	cp "$t/serve.out" "$t/out"
	said "the running server names the log cut back under it" "is not the one this node served\|is older than this node served"
	check "... and keeps the head it served" test "$(sed -n 2p "$t/h/r.db.keys/served-head")" = "$head0"
	refuse "... so the next start refuses the log" serve_once "$t/h/r.db"
fi
summary
