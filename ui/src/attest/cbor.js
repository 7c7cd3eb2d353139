// SPDX-License-Identifier: Apache-2.0
// attest/cbor.js - the CBOR (RFC 8949) the formats use, read strictly: an
// item is read, encoded again in the core deterministic encoding
// (shortest forms, definite lengths, map keys ascending) and must give
// the same bytes, as the server reads it (src/codec/attest.c).  That
// refuses a long form, an indefinite length, keys out of order or
// repeated, and bytes after the item without a check for each.
//
// Values: an unsigned or negative integer is a Number (a safe integer),
// a byte string a Uint8Array, a text string a string (UTF-8, checked), an
// array an Array, a map a Map with unsigned integer keys, a tag a Tag.
// Floats and simple values are not part of the formats: malformed.
import { bad, concat, equal } from './bytes.js';

export class Tag {
	constructor(tag, value) {
		this.tag = tag;
		this.value = value;
	}
}

const MAX_DEPTH = 8;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const enc = new TextEncoder();

/* ---- encoding ---- */

/* The head of an item whose argument is below 2^32. */
function head(major, n) {
	const m = major << 5;
	if (n < 24)
		return Uint8Array.of(m | n);
	if (n < 0x100)
		return Uint8Array.of(m | 24, n);
	if (n < 0x10000)
		return Uint8Array.of(m | 25, n >> 8, n & 255);
	return Uint8Array.of(m | 26, n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
}

function head64(major, n) {
	if (n < 0x100000000)
		return head(major, n);
	const out = new Uint8Array(9);
	out[0] = (major << 5) | 27;
	let v = BigInt(n);
	for (let i = 8; i > 0; i--, v >>= 8n)
		out[i] = Number(v & 255n);
	return out;
}

function encodeMap(m) {
	const keys = [...m.keys()].sort((a, b) => a - b);
	return concat(head64(5, keys.length), ...keys.flatMap((k) => [encode(k), encode(m.get(k))]));
}

/** The canonical encoding of a value. */
export function encode(v) {
	if (typeof v === 'number')
		return v >= 0 ? head64(0, v) : head64(1, -1 - v);
	if (typeof v === 'string') {
		const b = enc.encode(v);
		return concat(head64(3, b.length), b);
	}
	if (v instanceof Uint8Array)
		return concat(head64(2, v.length), v);
	if (Array.isArray(v))
		return concat(head64(4, v.length), ...v.map(encode));
	if (v instanceof Map)
		return encodeMap(v);
	if (v instanceof Tag)
		return concat(head64(6, v.tag), encode(v.value));
	throw new TypeError('cbor: cannot encode ' + typeof v);
}

/* ---- reading ---- */

class Reader {
	constructor(b) {
		this.b = b;
		this.i = 0;
	}

	take(n) {
		if (n > this.b.length - this.i)
			bad('CBOR: the data ends early');
		const s = this.b.subarray(this.i, this.i + n);
		this.i += n;
		return s;
	}

	/* The major type and the argument; a long form is read as given (the
	 * re-encoding refuses it when it is not the shortest). */
	head() {
		const ib = this.take(1)[0];
		const major = ib >> 5;
		const ai = ib & 31;
		if (major === 7 || ai > 27)
			bad('CBOR: a float, simple value or indefinite length');
		if (ai < 24)
			return [major, ai];
		let v = 0;
		for (const x of this.take(1 << (ai - 24)))
			v = v * 256 + x;
		if (!Number.isSafeInteger(v))
			bad('CBOR: an integer too large');
		return [major, v];
	}

	item(depth) {
		if (depth > MAX_DEPTH)
			bad('CBOR: nested too deep');
		const [major, v] = this.head();
		switch (major) {
		case 0: return v;
		case 1: return -1 - v;
		case 2: return this.take(v).slice();
		case 3: return this.text(v);
		case 4: return this.array(v, depth);
		case 5: return this.map(v, depth);
		default: return new Tag(v, this.item(depth + 1));
		}
	}

	text(n) {
		try {
			return utf8.decode(this.take(n));
		} catch (e) {
			if (e instanceof RangeError || e instanceof TypeError)
				bad('CBOR: text that is not UTF-8');
			throw e;
		}
	}

	array(n, depth) {
		if (n > this.b.length - this.i)
			bad('CBOR: the data ends early');
		const a = [];
		for (let k = 0; k < n; k++)
			a.push(this.item(depth + 1));
		return a;
	}

	map(n, depth) {
		if (2 * n > this.b.length - this.i)
			bad('CBOR: the data ends early');
		const m = new Map();
		for (let k = 0; k < n; k++) {
			const key = this.item(depth + 1);
			if (typeof key !== 'number' || key < 0)
				bad('CBOR: a map key that is not an unsigned integer');
			m.set(key, this.item(depth + 1));
		}
		return m;
	}
}

/** The one item of bytes, read strictly; throws Malformed. */
export function decode(bytes) {
	const r = new Reader(bytes);
	const v = r.item(0);
	if (r.i !== bytes.length)
		bad('CBOR: bytes follow the item');
	if (!equal(encode(v), bytes))
		bad('CBOR: not in the canonical encoding (RFC 8949 4.2.1)');
	return v;
}
