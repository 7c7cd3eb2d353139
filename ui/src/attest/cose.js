// SPDX-License-Identifier: Apache-2.0
// attest/cose.js - COSE_Sign1 (RFC 9052) as the formats use it:
// 18([protected {1: alg, 4: kid (8 bytes)}, {}, payload, signature (64)]),
// the Sig_structure its signature covers, and Ed25519 (EdDSA) through
// WebCrypto.  The key id is the first 8 bytes of SHA-256 of the key.
import { bad, equal } from './bytes.js';
import { decode, encode, Tag } from './cbor.js';

export const EDDSA = -8;

function protectedHeader(bytes) {
	const h = decode(bytes);
	if (!(h instanceof Map) || h.size !== 2 || typeof h.get(1) !== 'number' ||
		!(h.get(4) instanceof Uint8Array) || h.get(4).length !== 8)
		bad('the protected header is not {1: alg, 4: kid}');
	return { alg: h.get(1), kid: h.get(4) };
}

/** The parts of a COSE_Sign1 and the bytes its signature covers; throws Malformed. */
export function readCose(bytes) {
	const top = decode(bytes);
	if (!(top instanceof Tag) || top.tag !== 18 || !Array.isArray(top.value) || top.value.length !== 4)
		bad('not a COSE_Sign1 (CBOR tag 18, an array of four)');
	const [prot, unprot, payload, sig] = top.value;
	if (!(prot instanceof Uint8Array))
		bad('the protected header is not a byte string');
	const { alg, kid } = protectedHeader(prot);
	if (!(unprot instanceof Map) || unprot.size !== 0)
		bad('the unprotected header must be empty');
	if (!(payload instanceof Uint8Array))
		bad('the payload is not a byte string');
	if (!(sig instanceof Uint8Array) || sig.length !== 64)
		bad('the signature is not 64 bytes');
	const tbs = encode(['Signature1', prot, new Uint8Array(0), payload]);
	return { alg, kid, payload, sig, tbs };
}

export async function sha256(bytes) {
	return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

/** The key id of a public key: SHA-256(pub)[0..8). */
export async function kidOf(pub) {
	return (await sha256(pub)).subarray(0, 8);
}

/** Does the Ed25519 key pub (32 bytes) sign msg with sig? */
export async function edVerify(pub, msg, sig) {
	try {
		const key = await crypto.subtle.importKey('raw', pub, { name: 'Ed25519' }, false, ['verify']);
		return await crypto.subtle.verify({ name: 'Ed25519' }, key, sig, msg);
	} catch (e) {
		if (e && e.name === 'NotSupportedError')
			throw e; /* a browser without Ed25519: not the code's fault */
		return false; /* not a key on the curve */
	}
}

/** The first of keys (with .pub) whose key id is kid and that verifies the COSE_Sign1 c. */
export async function firstSigner(keys, c) {
	for (const k of keys)
		if (equal(k.kid, c.kid) && await edVerify(k.pub, c.tbs, c.sig))
			return k;
	return null;
}

