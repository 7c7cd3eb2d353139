// SPDX-License-Identifier: Apache-2.0
// attest/verify.js - the verifier: an SC1 code or an SV1 visit pass,
// read in reverse order of its stages (Base45, zlib, COSE_Sign1, the
// claims) and checked against trusted keys, the time and a status list,
// with the reasons of the command line in its order
// (docs/attestation.md, "The reasons a verifier gives"; src/codec/trust.c).
import { bad, equal, Malformed } from './bytes.js';
import { base45Decode } from './base45.js';
import { EDDSA, firstSigner, readCose } from './cose.js';
import { readClaims, readPassClaims } from './claims.js';
import { inflate } from './inflate.js';
import { statusOf } from './trust.js';

export const TEXT_MAX = 1600; /* the longest code read, with its prefix */
export const RAW_MAX = 1024; /* the most a code inflates to */
export const SKEW = 300; /* seconds of clock skew forgiven */
export const MAX_AGE = 86400; /* the default age a status list may have */

/** The COSE_Sign1 of a code's text after its prefix; throws Malformed. */
async function unwrap(text, prefix) {
	if (!text.startsWith(prefix))
		bad(`the text does not start with ${prefix}`);
	if (text.length > TEXT_MAX)
		bad(`the text is longer than ${TEXT_MAX} characters`);
	return readCose(await inflate(base45Decode(text.slice(prefix.length)), RAW_MAX));
}

/* {result, why} of a Malformed, or rethrown. */
function malformed(e) {
	if (e instanceof Malformed)
		return { result: 'malformed', why: e.message };
	throw e;
}

/* The key of keys (of authority) that signs c, and whether one has its id. */
async function signer(keys, authority, c) {
	const mine = keys.filter((k) => k.authority === authority);
	const key = await firstSigner(mine, c);
	const known = mine.some((k) => equal(k.kid, c.kid));
	return { key, known };
}

function checkStatus(c, status, now, maxAge) {
	const sl = status.find((s) => s.authority === c.authority);
	if (!sl)
		return status.length ? { result: 'stale_status_list', why: `no status list of ${c.authority} is carried` } :
			{ result: 'valid', statusChecked: false };
	const statusAge = now - sl.issued;
	const out = (result, why) => ({ result, why, statusChecked: true, statusAge, statusIssued: sl.issued });
	if (statusAge > maxAge)
		return out('stale_status_list', `the status list of ${c.authority} is ${statusAge} seconds old`);
	if (c.status >= sl.n)
		return out('stale_status_list', `the status list of ${c.authority} predates the code`);
	return out(['valid', 'suspended', 'revoked', 'malformed'][statusOf(sl, c.status)]);
}

function checkTime(c, now) {
	if (c.iat > now + SKEW)
		return { result: 'not_yet_valid' };
	if (c.exp <= now)
		return { result: 'expired' };
	return null;
}

/**
 * Verify an SC1 code: {result, why, claims, statusChecked, statusAge}.
 * opts: keys (readKeyList's), status (readStatusList's), now (seconds),
 * maxAge (seconds, default one day).
 */
export async function verifyCode(text, { keys, status = [], now, maxAge = MAX_AGE }) {
	let c, claims;
	try {
		c = await unwrap(text, 'SC1:');
		if (c.alg !== EDDSA)
			return { result: 'wrong_algorithm', why: `the algorithm is ${c.alg}; only EdDSA (-8) is accepted` };
		claims = readClaims(c.payload);
	} catch (e) {
		return malformed(e);
	}
	const { key, known } = await signer(keys, claims.authority, c);
	if (!known)
		return { result: 'unknown_key', why: `no trusted key of ${claims.authority} has this key id`, claims };
	if (!key)
		return { result: 'bad_signature', claims };
	if (!(key.notBefore <= claims.iat && claims.iat < key.notAfter))
		return { result: 'unknown_key', why: 'the key was not valid when the code was issued', claims };
	const r = checkTime(claims, now) || checkStatus(claims, status, now, maxAge);
	return { ...r, claims };
}

/** Verify an SV1 visit pass: {result, why, pass}. The key must be valid at the pass's issue. */
export async function verifyPass(text, { keys, now }) {
	let c, pass;
	try {
		c = await unwrap(text, 'SV1:');
		if (c.alg !== EDDSA)
			return { result: 'wrong_algorithm' };
		pass = readPassClaims(c.payload);
	} catch (e) {
		return malformed(e);
	}
	const valid = keys.filter((k) => k.notBefore <= pass.iat && pass.iat < k.notAfter);
	const { known } = await signer(keys, pass.authority, c);
	if (!known)
		return { result: 'unknown_key', pass };
	if (!(await signer(valid, pass.authority, c)).key)
		return { result: 'bad_signature', pass };
	if (now + SKEW < pass.from)
		return { result: 'not_yet_valid', pass };
	if (now >= pass.until)
		return { result: 'expired', pass };
	return { result: 'valid', pass };
}

/** A code or a pass, by its prefix. */
export function verifyText(text, opts) {
	const t = String(text).trim();
	return t.startsWith('SV1:') ? verifyPass(t, opts).then((r) => ({ ...r, kind: 'pass' })) :
		verifyCode(t, opts).then((r) => ({ ...r, kind: 'code' }));
}
