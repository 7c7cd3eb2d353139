// SPDX-License-Identifier: Apache-2.0
// attest/claims.js - the claims of an SC1 code, a visit pass's and the
// payloads of key lists and status lists, each checked as the server
// checks them (src/codec/attest.c, trust.c, visit.c): the keys the format
// names, of their types, text within the server's sizes.  The CBOR reader
// has already made sure the bytes are canonical.
import { bad } from './bytes.js';
import { decode } from './cbor.js';

const GATE = 1;
const REGISTER = 0;
const DAYS_MAX = 90;
const CODE = /^[A-Z0-9_-]+$/;
const enc = new TextEncoder();

/* Text of at most max - 1 UTF-8 bytes (the server's buffers), not empty,
 * no control character; a code of A-Z 0-9 - _ only with code. */
function text(v, max, what, code) {
	if (typeof v !== 'string' || v === '' || enc.encode(v).length >= max ||
		/[\u0000-\u001f\u007f]/.test(v) || (code && !CODE.test(v)))
		bad(`claim ${what} is not valid text`);
	return v;
}

function uint(v, what, max) {
	if (typeof v !== 'number' || v < 0 || (max !== undefined && v > max))
		bad(`claim ${what} is not an unsigned integer in range`);
	return v;
}

function bytes(v, n, what) {
	if (!(v instanceof Uint8Array) || v.length !== n)
		bad(`claim ${what} is not ${n} bytes`);
	return v;
}

/* A map whose keys are exactly 1..n, or 1..12 and 15, and so on. */
function mapWith(payload, keys, what) {
	const m = decode(payload);
	if (!(m instanceof Map) || m.size !== keys.length || keys.some((k) => !m.has(k)))
		bad(`the ${what} does not hold the keys of the format`);
	return m;
}

function isDate(s) {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
	if (!m)
		return false;
	const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
	return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

function equivalents(v) {
	if (!Array.isArray(v) || v.length > 8)
		bad('claim 8 is not an array of at most 8');
	return v.map((p) => {
		if (!Array.isArray(p) || p.length !== 2)
			bad('claim 8: an equivalent is not a pair');
		return { authority: text(p[0], 16, 8, true), level: text(p[1], 40, 8, true) };
	});
}

function common(m) {
	if (m.get(1) !== 1)
		bad('claim 1: not version 1');
	const c = {
		country: text(m.get(2), 4, 2, true), authority: text(m.get(3), 16, 3, true),
		iat: uint(m.get(4), 4), exp: uint(m.get(5), 5), level: text(m.get(6), 40, 6, true),
		rank: uint(m.get(7), 7, 9), equivalents: equivalents(m.get(8)), partner: text(m.get(9), 16, 9, true),
		pseudonym: bytes(m.get(10), 16, 10), status: uint(m.get(11), 11), profile: uint(m.get(12), 12, 1),
	};
	if (c.country.length !== 3)
		bad('claim 2: not an alpha-3 code');
	if (c.iat <= 0 || c.exp <= c.iat || c.exp - c.iat > DAYS_MAX * 86400)
		bad('claim 5: not within 90 days after the time of issue');
	if (c.rank < 1)
		bad('claim 7: a common rank from 1 to 9');
	return c;
}

/** The claims of a code's payload; throws Malformed. */
export function readClaims(payload) {
	const probe = decode(payload);
	const gate = probe instanceof Map && probe.get(12) === GATE;
	const keys = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, ...(gate ? [13, 14] : [15])];
	const m = mapWith(payload, keys, 'claims');
	const c = common(m);
	if (c.profile === GATE) {
		c.name = text(m.get(13), 128, 13, false);
		c.birth = text(m.get(14), 11, 14, false);
		if (!isDate(c.birth))
			bad('claim 14: not a date YYYY-MM-DD');
	} else if (c.profile === REGISTER) {
		const id = bytes(m.get(15), 32, 15);
		c.salt = id.subarray(0, 16);
		c.idhash = id.subarray(16);
	}
	return c;
}

/** The payload of a visit pass (SV1:); throws Malformed. */
export function readPassClaims(payload) {
	const m = mapWith(payload, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 'pass');
	if (m.get(1) !== 1)
		bad('the pass is not version 1');
	const str = (k, max) => {
		const v = m.get(k);
		if (typeof v !== 'string' || enc.encode(v).length >= max || v.includes('\0'))
			bad(`the pass's field ${k} is not valid text`);
		return v;
	};
	const p = {
		visit: str(2, 65), authority: str(3, 16), hostOrg: str(4, 65), site: str(5, 257),
		from: uint(m.get(6), 6), until: uint(m.get(7), 7), name: str(8, 128), birth: str(9, 11),
		visitorOrg: str(10, 65), iat: uint(m.get(11), 11),
	};
	if (p.until <= p.from)
		bad('the pass ends before it begins');
	return p;
}

/** The payload of a key list: {country, authority, issued, root, keys: [{pub, notBefore, notAfter}]}. */
export function readKeyListPayload(payload) {
	const m = mapWith(payload, [1, 2, 3, 4, 5, 6], 'key list');
	const keys = m.get(6);
	if (m.get(1) !== 1 || !Array.isArray(keys) || keys.length > 16)
		bad('the key list is not version 1 with at most 16 keys');
	const l = {
		country: text(m.get(2), 4, 2, true), authority: text(m.get(3), 16, 3, true),
		issued: uint(m.get(4), 4), root: bytes(m.get(5), 32, 5),
		keys: keys.map((k) => {
			if (!Array.isArray(k) || k.length !== 3)
				bad('a key of the list is not [key, not_before, not_after]');
			return { pub: bytes(k[0], 32, 6), notBefore: uint(k[1], 6), notAfter: uint(k[2], 6) };
		}),
	};
	if (l.country.length !== 3 || l.issued <= 0 || l.keys.some((k) => k.notAfter <= k.notBefore))
		bad('the key list is not valid');
	return l;
}

/** The payload of a status list: {authority, issued, n, zip}. */
export function readStatusPayload(payload) {
	const m = mapWith(payload, [1, 2, 3, 4, 5], 'status list');
	if (m.get(1) !== 1)
		bad('the status list is not version 1');
	return {
		authority: text(m.get(2), 16, 2, true), issued: uint(m.get(3), 3),
		n: uint(m.get(4), 4, 1 << 28), zip: bytes(m.get(5), m.get(5) && m.get(5).length, 5),
	};
}
