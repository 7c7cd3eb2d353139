#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
// attest.mjs - the web UI's verifier modules (ui/src/attest/: Base45,
// zlib through DecompressionStream, the strict CBOR reader, COSE_Sign1,
// Ed25519 through WebCrypto, key lists, status lists, the reasons) run in
// Node against every vector of tests/vectors/: each case's result, the
// claims of the valid ones, the stages, the RFC 9285 and RFC 8032 cases;
// and the CBOR reader's strictness on hand-made items.  Node's own
// globals only (crypto.subtle, DecompressionStream, atob), as a browser
// has them.  Prints "ok - NAME" or "not ok - NAME: WHY" and
// "N passed, M failed" last.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromHex, hex, Malformed } from '../../ui/src/attest/bytes.js';
import { base45Decode } from '../../ui/src/attest/base45.js';
import { decode, encode } from '../../ui/src/attest/cbor.js';
import { edVerify, kidOf, readCose } from '../../ui/src/attest/cose.js';
import { inflate } from '../../ui/src/attest/inflate.js';
import { readStatusList } from '../../ui/src/attest/trust.js';
import { verifyCode } from '../../ui/src/attest/verify.js';

const top = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const vdir = join(top, 'tests', 'vectors');
let pass = 0;
let fail = 0;

async function check(name, fn) {
	let why;
	try {
		why = await fn();
	} catch (e) {
		why = e.stack || String(e);
	}
	if (why) {
		fail++;
		console.log(`not ok - ${name}: ${String(why).split('\n')[0]}`);
	} else {
		pass++;
		console.log(`ok - ${name}`);
	}
}

const secs = (iso) => Math.floor(Date.parse(iso) / 1000);
const refused = (fn) => {
	try {
		fn();
		return false;
	} catch (e) {
		return e instanceof Malformed;
	}
};

function trustOf(v) {
	return v.trust.map((t) => ({ authority: t.authority, country: t.country, kid: fromHex(t.kid),
		pub: fromHex(t.public_key), notBefore: secs(t.not_before), notAfter: secs(t.not_after) }));
}

function sameClaims(c, w) {
	const same = c.authority === w.authority && c.country === w.country && c.level === w.level && c.rank === w.rank &&
		c.partner === w.partner && c.status === w.status_index && c.iat === secs(w.issued) && c.exp === secs(w.expires) &&
		hex(c.pseudonym) === w.pseudonym && JSON.stringify(c.equivalents) === JSON.stringify(w.equivalents);
	const profile = w.profile === 'gate' ? c.name === w.name && c.birth === w.birth_date :
		hex(c.idhash) === w.identity_hash;
	return same && profile ? null : 'claims ' + JSON.stringify(c);
}

const files = readdirSync(vdir).filter((f) => f.endsWith('.json') && !f.startsWith('rfc')).sort();
await check('every attestation vector is here (14 or more)', () => (files.length >= 14 ? null : `${files.length}`));
for (const f of files) {
	const v = JSON.parse(readFileSync(join(vdir, f), 'utf8'));
	const keys = trustOf(v);
	/* (key-id-collision gives a second key the first's id on purpose) */
	if (v.name !== 'key-id-collision')
		await check(`vector ${v.name}: the trust's key ids are SHA-256 of the keys`, async () => {
			for (const k of keys)
				if (hex(await kidOf(k.pub)) !== hex(k.kid))
					return hex(k.kid);
			return null;
		});
	const status = v.status_list ? [await readStatusList(fromHex(v.status_list.cose), keys)] : [];
	const got = await verifyCode(v.code, { keys, status, now: secs(v.now), maxAge: v.max_age });
	await check(`vector ${v.name}: ${v.result}`, () => (got.result === v.result ? null : `got ${got.result} (${got.why || ''})`));
	if (v.result === 'valid' && v.claims)
		await check(`vector ${v.name}: the claims as the file gives them`, () => sameClaims(got.claims, v.claims));
	if (v.cose && v.cbor && v.result !== 'malformed')
		await check(`vector ${v.name}: the stages (zlib, COSE_Sign1, the claims' CBOR)`, async () => {
			const cose = await inflate(fromHex(v.compressed), 1024);
			const c = readCose(cose);
			return hex(cose) === v.cose && hex(c.payload) === v.cbor ? null : 'differ';
		});
}

const b45 = JSON.parse(readFileSync(join(vdir, 'rfc9285-base45.json'), 'utf8'));
await check('RFC 9285: the examples decode', () => {
	const no = b45.cases.filter((c) => hex(base45Decode(c.text)) !== c.hex);
	return no.length ? no.map((c) => c.text).join(', ') : null;
});
await check('RFC 9285: the invalid texts are refused', () => {
	const no = b45.invalid.filter((c) => !refused(() => base45Decode(c.text)));
	return no.length ? no.map((c) => c.text).join(', ') : null;
});
const ed = JSON.parse(readFileSync(join(vdir, 'rfc8032-ed25519.json'), 'utf8'));
await check('RFC 8032: the signatures verify with WebCrypto\'s Ed25519, and not a changed message', async () => {
	for (const c of ed.cases) {
		if (!await edVerify(fromHex(c.public_key), fromHex(c.message), fromHex(c.signature)))
			return 'case ' + c.public_key;
		if (await edVerify(fromHex(c.public_key), Uint8Array.of(...fromHex(c.message), 1), fromHex(c.signature)))
			return 'a changed message verifies';
	}
	return null;
});

/* The CBOR reader: what it reads encodes again to the same bytes, and
 * nothing else is read. */
const strict = [
	['1818', 'a long form of 24 is fine', true],
	['1817', '23 in two bytes'],
	['190017', '23 in three bytes'],
	['a20102030a', 'keys in order', true],
	['a2030a0102', 'keys out of order'],
	['a201020103', 'a key repeated'],
	['9f01ff', 'an indefinite array'],
	['5f4101ff', 'an indefinite byte string'],
	['f93c00', 'a float'],
	['f5', 'a simple value (true)'],
	['0101', 'a byte after the item'],
	['62c328', 'text that is not UTF-8'],
	['a1616101', 'a text map key'],
	['83010203', 'an array', true],
	['8301', 'an array that ends early'],
	['d28101', 'a tag', true],
	['1bffffffffffffffff', 'an integer above 2^53'],
];
await check('CBOR: the canonical encoding only (RFC 8949 4.2.1)', () => {
	const no = strict.filter(([h, , ok]) => refused(() => decode(fromHex(h))) === !!ok).map(([, what]) => what);
	return no.length ? no.join('; ') : null;
});
await check('CBOR: encode(decode(x)) is x for every vector\'s claims and COSE_Sign1', () => {
	for (const f of files) {
		const v = JSON.parse(readFileSync(join(vdir, f), 'utf8'));
		for (const h of [v.cbor, v.cose].filter(Boolean))
			if (v.result !== 'malformed' && hex(encode(decode(fromHex(h)))) !== h)
				return v.name;
	}
	return null;
});
await check('zlib: a stream with a byte after its end, or cut short, is refused', async () => {
	const v = JSON.parse(readFileSync(join(vdir, 'valid-register.json'), 'utf8'));
	const z = fromHex(v.compressed);
	for (const b of [Uint8Array.of(...z, 0), z.subarray(0, z.length - 3)]) {
		try {
			await inflate(b, 1024);
			return 'read ' + b.length + ' bytes';
		} catch (e) {
			if (!(e instanceof Malformed))
				throw e;
		}
	}
	return null;
});

console.log(`${pass} passed, ${fail} failed`);
process.exit(fail ? 1 : 0);
