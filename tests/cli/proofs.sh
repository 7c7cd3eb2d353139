#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# proofs.sh SCS - end-to-end tests of the audit proofs on the command line
# (docs/audit-proofs.md): `scs audit prove` and `scs audit check-proof`
# round trips with the public key alone, tampered proofs refused with the
# reason, a register from before the stored subtree heads back-filled when
# opened, and `scs audit witness` against running servers: a log that
# grows is witnessed; one rolled back, forked at the same size, or forked
# and grown on (a second register from a copy of the first, signed with
# the same key, served at the same URL) is refused and the state file
# kept as it was.
# Ends with "N passed, M failed".
set -u
scs=$1
top=$(cd "$(dirname "$0")/../.." && pwd)
t=$(mktemp -d)
export SCS_PWHASH_COST=min SCS_ADMIN_PASSWORD=admin-password-for-tests
unset SCS_DB SCS_KEYS SCS_DATA_DIR SCS_TOKEN
. "$top/tests/lib.sh"
said() { # name pattern: the last command's output holds the pattern
	if grep -q -- "$2" "$t/out"; then ok "$1"; else no "$1"; fi
}
org() { # db id: one write transaction
	"$scs" --db "$1" org add "{\"id\":\"$2\",\"name\":\"Org $2\",\"type\":\"government\",\"country\":\"JPN\"}" >/dev/null
}

# ---- prove and check-proof ----
"$scs" --db "$t/a.db" init >/dev/null 2>&1
for i in 1 2 3 4 5 6 7; do org "$t/a.db" "o$i"; done
"$scs" --db "$t/a.db" audit key >"$t/key" 2>"$t/out"
grep -qE '^[0-9a-f]{64}$' "$t/key" && ok "audit key prints the public key in hex" || no "audit key"
key=$(cat "$t/key")
n=$("$scs" --db "$t/a.db" audit head | sed -n 's/^size //p')
check "prove inclusion of entry 3" sh -c "\"$scs\" --db \"$t/a.db\" audit prove inclusion --leaf 3 >\"$t/incl.json\""
grep -q '"type": "inclusion"' "$t/incl.json" && grep -q "\"size\": $n" "$t/incl.json" &&
	ok "... as JSON over the latest signed head" || no "inclusion JSON"
check "check-proof accepts it with the key in hex" "$scs" audit check-proof "$t/incl.json" --key "$key"
said "... naming the entry and the size" "entry 3 is in the signed tree head of size $n"
check "check-proof reads stdin and sign.pub, with no register" sh -c "\"$scs\" --db \"$t/none.db\" audit check-proof - --key \"$t/a.db.keys/sign.pub\" <\"$t/incl.json\""
# A signed head some writes ago is the old tree.
old=$(sqlite3 "$t/a.db" "SELECT size FROM tree_heads ORDER BY size LIMIT 1 OFFSET 2")
check "prove consistency from an older signed head" sh -c "\"$scs\" --db \"$t/a.db\" audit prove consistency --from $old >\"$t/cons.json\""
check "check-proof accepts it" "$scs" audit check-proof "$t/cons.json" --key "$key"
said "... naming both sizes" "size $old is a prefix of the signed tree head of size $n"

# Tampered proofs: each refused with its reason, exit 1.
flip_path() { # the first hash of the path, its first digit changed
	awk 'f == 1 { c = substr($0, index($0, "\"") + 1, 1); sub(/"[0-9a-f]/, "\"" (c == "0" ? "1" : "0")); f = 2 }
		index($0, "\"path\": [") && f == 0 { f = 1 } { print }' "$1"
}
flip_root() { # the first root, its first digit changed
	awk 'index($0, "\"root\": \"") && f == 0 { c = substr($0, index($0, "\"root\": \"") + 9, 1)
		sub(/"root": "[0-9a-f]/, "\"root\": \"" (c == "0" ? "1" : "0")); f = 1 } { print }' "$1"
}
flip_path "$t/incl.json" >"$t/bad1.json"
cmp -s "$t/incl.json" "$t/bad1.json" && no "the test's own tampering changed nothing"
refuse "a proof with an altered path hash is invalid" "$scs" audit check-proof "$t/bad1.json" --key "$key"
said "... because the path leads elsewhere" "INVALID: the audit path does not lead from the leaf to the root"
sed 's/"leaf": 3/"leaf": 2/' "$t/incl.json" >"$t/bad2.json"
refuse "a proof moved to another entry is invalid" "$scs" audit check-proof "$t/bad2.json" --key "$key"
sed "s/\"size\": $n/\"size\": $((n + 1))/" "$t/incl.json" >"$t/bad3.json"
refuse "a head with another size is invalid" "$scs" audit check-proof "$t/bad3.json" --key "$key"
said "... its signature fails" "INVALID: the signature of the tree head does not verify"
other=$(printf '%064d' 0 | tr 0 a)
refuse "the right proof under another key is invalid" "$scs" audit check-proof "$t/incl.json" --key "$other"
flip_root "$t/cons.json" >"$t/bad4.json"
refuse "a consistency proof with another old root is invalid" "$scs" audit check-proof "$t/bad4.json" --key "$key"
said "... the old head's signature fails" "INVALID: the signature of the old tree head"
flip_path "$t/cons.json" >"$t/bad6.json"
refuse "a consistency proof with an altered hash is invalid" "$scs" audit check-proof "$t/bad6.json" --key "$key"
said "... it does not lead from root to root" "INVALID: the consistency proof does not lead"
echo '{"type":"inclusion"}' >"$t/bad5.json"
refuse "a proof without its fields" "$scs" audit check-proof "$t/bad5.json" --key "$key"
said "... names the first missing one" "scs: tree_head"
refuse "a key that is no key" "$scs" audit check-proof "$t/incl.json" --key 1234
said "... is named" "scs: --key"

# Refusals of prove, each naming its option.
refuse "prove: --leaf past the size" "$scs" --db "$t/a.db" audit prove inclusion --leaf "$n"
said "... names --leaf" "scs: --leaf: must be below the tree size $n"
refuse "prove: --size not a number" "$scs" --db "$t/a.db" audit prove inclusion --leaf 0 --size x
said "... names --size" "scs: --size"
refuse "prove: --from 0" "$scs" --db "$t/a.db" audit prove consistency --from 0
said "... names --from" "scs: --from"
refuse "prove: --from above --to" "$scs" --db "$t/a.db" audit prove consistency --from 3 --to 2
said "... names --from" "scs: --from: must not exceed to"
refuse "prove: --to beyond the log" "$scs" --db "$t/a.db" audit prove consistency --from 1 --to $((n + 5))
said "... names --to" "scs: --to"
refuse "prove: inclusion without --leaf" "$scs" --db "$t/a.db" audit prove inclusion

# ---- a register from before the subtree heads ----
cp "$t/a.db" "$t/old.db"; cp -r "$t/a.db.keys" "$t/old.db.keys"
sqlite3 "$t/old.db" "DELETE FROM audit_nodes; DELETE FROM meta WHERE key = 'audit.nodes'"
check "a register without its subtree heads answers a proof once opened" sh -c "\"$scs\" --db \"$t/old.db\" audit prove inclusion --leaf 3 >\"$t/incl2.json\""
cmp -s "$t/incl.json" "$t/incl2.json" && ok "... the same proof" || no "the back-filled proof differs"
[ "$(sqlite3 "$t/old.db" "SELECT count(*) FROM audit_nodes")" = "$(sqlite3 "$t/a.db" "SELECT count(*) FROM audit_nodes")" ] &&
	ok "... with the same stored heads" || no "back-fill count"

# ---- the witness ----
pids=""
serve() { # db port(0: any): start a server, wait until it serves; $port
	# A new output file each time: the last one's "scs serving" must
	# not be taken for this server's.
	rm -f "$t/serve.out"
	: >"$t/serve.out"
	"$scs" --db "$1" serve --listen "127.0.0.1:$2" >"$t/serve.out" 2>&1 &
	spid=$!
	pids="$pids $spid"
	i=0
	while [ $i -lt 600 ] && ! grep -q "scs serving" "$t/serve.out" && kill -0 $spid 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	port=$(sed -n 's/.*scs serving .* on http:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$t/serve.out" | head -1)
	[ -n "$port" ] || { cp "$t/serve.out" "$t/out"; no "serve $1 at port $2"; port=$2; }
	SCS_TOKEN=$(curl -s -X POST -H 'Content-Type: application/json' \
		-d "{\"username\":\"admin\",\"password\":\"$SCS_ADMIN_PASSWORD\"}" \
		"http://127.0.0.1:$port/v1/login" | sed -n 's/.*"token": *"\([^"]*\)".*/\1/p')
	export SCS_TOKEN
}
stop() {
	kill "$spid" 2>/dev/null
	wait "$spid" 2>/dev/null
}
witness() {
	"$scs" audit witness "http://127.0.0.1:$port" --key "$t/a.db.keys/sign.pub" --state "$t/w.json"
}

# B: a copy of A (the same key), taken now; C: another copy, kept as is.
cp "$t/a.db" "$t/b.db"; cp -r "$t/a.db.keys" "$t/b.db.keys"
cp "$t/a.db" "$t/c.db"; cp -r "$t/a.db.keys" "$t/c.db.keys"
org "$t/a.db" a-after-copy
org "$t/b.db" b-after-copy # the same size as A, another root

serve "$t/a.db" 0
[ -n "$port" ] && [ -n "$SCS_TOKEN" ] && ok "a server of A serves, an admin signs in" || no "serve A"
check "the witness records A's first head" witness
said "... as the first" "(first head)"
org "$t/a.db" a-grows
check "A grows: the witness checks the consistency proof and records it" witness
said "... consistent with the size before" "consistent with size"
check "the state file holds A's latest head" grep -q "\"size\": $("$scs" --db "$t/a.db" audit head | sed -n 's/^size //p')" "$t/w.json"
check "A unchanged: witnessed again" witness
said "... unchanged" "(unchanged)"
cp "$t/w.json" "$t/w.before"
refuse "the witness refuses a head under another key" "$scs" audit witness "http://127.0.0.1:$port" --key "$other" --state "$t/w3.json"
said "... a bad signature" "bad signature"
[ ! -e "$t/w3.json" ] && ok "... and writes no state" || no "state written for a bad signature"
refuse "a state file not signed by --key is refused" "$scs" audit witness "http://127.0.0.1:$port" --key "$other" --state "$t/w.json"
said "... naming it" "the head kept there is not signed by --key"
stop

# C, a copy of A from before, at the same URL: rolled back.
serve "$t/c.db" "$port"
refuse "C (A rolled back) at the same URL is refused" witness
said "... as rolled back" "REFUSED: rolled back"
cmp -s "$t/w.json" "$t/w.before" && ok "... and the state file is unchanged" || no "state changed on rollback"
stop

# B, forked from A at the copy: first at the size A had when witnessed
# before A grew; then grown past A.
org "$t/b.db" b-grows # the size of A's witnessed head, another root
serve "$t/b.db" "$port"
refuse "B (forked at the same size) is refused" witness
said "... as forked" "REFUSED: forked"
cmp -s "$t/w.json" "$t/w.before" && ok "... and the state file is unchanged" || no "state changed on fork"
stop
org "$t/b.db" b-grows-more
org "$t/b.db" b-grows-again
serve "$t/b.db" "$port"
refuse "B grown past A is refused: no consistency with A's head" witness
said "... as forked" "REFUSED: forked"
cmp -s "$t/w.json" "$t/w.before" && ok "... and the state file is unchanged" || no "state changed on fork"
stop

# A again: still consistent with what was witnessed.
serve "$t/a.db" "$port"
org "$t/a.db" a-grows-more
check "A, grown on, is still witnessed" witness
stop

# Over https, the server's CA given with --cacert.
mkdir "$t/pki"
ec="-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes"
# shellcheck disable=SC2086
openssl req -x509 $ec -keyout "$t/pki/ca.key" -out "$t/pki/ca.pem" -days 2 -subj "/CN=scs test CA" 2>/dev/null
# shellcheck disable=SC2086
openssl req $ec -keyout "$t/pki/server.key" -out "$t/pki/server.csr" -subj /CN=127.0.0.1 2>/dev/null
echo "subjectAltName=IP:127.0.0.1" >"$t/pki/server.ext"
openssl x509 -req -in "$t/pki/server.csr" -CA "$t/pki/ca.pem" -CAkey "$t/pki/ca.key" -CAcreateserial \
	-out "$t/pki/server.pem" -days 2 -extfile "$t/pki/server.ext" 2>/dev/null
rm -f "$t/serve.out"
: >"$t/serve.out"
"$scs" --db "$t/a.db" serve --listen 127.0.0.1:0 --tls-cert "$t/pki/server.pem" --tls-key "$t/pki/server.key" >"$t/serve.out" 2>&1 &
spid=$!
pids="$pids $spid"
i=0
while [ $i -lt 600 ] && ! grep -q "scs serving" "$t/serve.out" && kill -0 $spid 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
port=$(sed -n 's/.*scs serving .* on https:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$t/serve.out" | head -1)
SCS_TOKEN=$(curl -s --cacert "$t/pki/ca.pem" -X POST -H 'Content-Type: application/json' \
	-d "{\"username\":\"admin\",\"password\":\"$SCS_ADMIN_PASSWORD\"}" \
	"https://127.0.0.1:$port/v1/login" | sed -n 's/.*"token": *"\([^"]*\)".*/\1/p')
export SCS_TOKEN
[ -n "$port" ] && [ -n "$SCS_TOKEN" ] && ok "A served over https" || no "serve A with TLS"
org "$t/a.db" a-over-tls
check "the witness follows A over https with --cacert" "$scs" audit witness "https://127.0.0.1:$port" --key "$t/a.db.keys/sign.pub" --state "$t/w.json" --cacert "$t/pki/ca.pem"
said "... consistent" "consistent with size"
cp "$t/w.json" "$t/w.before"
refuse "... and fails without it (an unknown CA)" "$scs" audit witness "https://127.0.0.1:$port" --key "$t/a.db.keys/sign.pub" --state "$t/w.json"
said "... naming the URL" "scs: url: https://127.0.0.1:$port/v1/audit/head"
cmp -s "$t/w.json" "$t/w.before" && ok "... the state file unchanged" || no "state changed by a failed fetch"
stop

refuse "witness: a URL that is not http(s)" "$scs" audit witness "ftp://x" --key "$key" --state "$t/w.json"
said "... names url" "scs: url"
refuse "witness: without --state" "$scs" audit witness "http://127.0.0.1:1" --key "$key"
refuse "witness: a server that is not there" "$scs" audit witness "http://127.0.0.1:1" --key "$key" --state "$t/w2.json"
[ ! -e "$t/w2.json" ] && ok "... writes no state" || no "state written without a server"

for p in $pids; do kill "$p" 2>/dev/null; done
rm -rf "$t"
summary
