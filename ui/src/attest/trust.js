// SPDX-License-Identifier: Apache-2.0
// attest/trust.js - key lists and status lists (docs/attestation.md,
// "Trust" and "Status"): a key list verified under its root key, the key
// list file of `scs trust export` and GET /v1/trust, a status list
// verified with a trusted key of its authority valid when it was issued,
// and a code's status in it.
import { bad, equal, fromBase64, hex } from './bytes.js';
import { EDDSA, edVerify, firstSigner, kidOf, readCose, sha256 } from './cose.js';
import { readKeyListPayload, readStatusPayload } from './claims.js';
import { inflate } from './inflate.js';

export const STATUS = ['valid', 'suspended', 'revoked'];

/** A key list (COSE_Sign1 bytes) verified under its own root:
 * {authority, country, issued, root, fingerprint, bytes, keys: [{authority, country, kid, pub, notBefore, notAfter}]}. */
export async function readKeyList(bytes) {
	const c = readCose(bytes);
	if (c.alg !== EDDSA)
		bad('the key list is not signed with EdDSA');
	const l = readKeyListPayload(c.payload);
	if (!equal(await kidOf(l.root), c.kid))
		bad('the key list\'s key id is not its root\'s');
	if (!await edVerify(l.root, c.tbs, c.sig))
		bad('the root\'s signature of the key list does not verify');
	l.fingerprint = hex(await sha256(l.root));
	l.bytes = bytes;
	for (const k of l.keys) {
		k.authority = l.authority;
		k.country = l.country;
		k.kid = await kidOf(k.pub);
	}
	return l;
}

/** The key lists of a key list file ({"format": "scs-key-lists-v1", "lists": [...]}), each verified. */
export async function readTrustFile(json) {
	if (!json || json.format !== 'scs-key-lists-v1' || !Array.isArray(json.lists))
		bad('not a key list file (scs-key-lists-v1)');
	const out = [];
	for (const l of json.lists)
		out.push(await readKeyList(fromBase64(l && l.list)));
	return out;
}

/** A status list (COSE_Sign1 bytes) signed by one of keys: {authority, issued, n, bits}. */
export async function readStatusList(bytes, keys) {
	const c = readCose(bytes);
	if (c.alg !== EDDSA)
		bad('the status list is not signed with EdDSA');
	const s = readStatusPayload(c.payload);
	const mine = keys.filter((k) => k.authority === s.authority && k.notBefore <= s.issued && s.issued < k.notAfter);
	if (!await firstSigner(mine, c))
		bad(`no trusted key of ${s.authority} signed the status list`);
	const want = Math.floor((s.n + 3) / 4);
	const bits = await inflate(s.zip, want);
	if (bits.length !== want)
		bad('the status list does not hold two bits per code');
	return { authority: s.authority, issued: s.issued, n: s.n, bits };
}

/** The status of code i: 0 valid, 1 suspended, 2 revoked (3 unknown). */
export function statusOf(sl, i) {
	return (sl.bits[i >> 2] >> (2 * (i & 3))) & 3;
}
