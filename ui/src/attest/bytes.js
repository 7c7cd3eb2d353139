// SPDX-License-Identifier: Apache-2.0
// attest/bytes.js - what the verifier's modules share: the error of a
// code that does not parse (Malformed), and bytes to and from hex and
// Base64.  No DOM: also run by Node (tests/ui/attest.mjs).

/** A stage does not parse or is not canonical: the result `malformed`. */
export class Malformed extends Error {}

export function bad(msg) {
	throw new Malformed(msg);
}

export function hex(b) {
	return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

export function fromHex(s) {
	if (!/^(?:[0-9a-f]{2})*$/i.test(s))
		bad('not hex');
	const out = new Uint8Array(s.length / 2);
	for (let i = 0; i < out.length; i++)
		out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
	return out;
}

export function fromBase64(s) {
	let bin;
	try {
		bin = atob(String(s).replace(/\s+/g, ''));
	} catch (e) {
		bad('not Base64');
	}
	return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

export function equal(a, b) {
	if (a.length !== b.length)
		return false;
	for (let i = 0; i < a.length; i++)
		if (a[i] !== b[i])
			return false;
	return true;
}

export function concat(...parts) {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}
