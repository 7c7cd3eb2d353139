#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
// decode.mjs SCS - an independent verifier of SC1 attestation codes,
// written from docs/attestation.md alone (none of SCS's C code): Base45,
// zlib (Node's), a small strict CBOR reader, COSE_Sign1, Ed25519 (Node's
// crypto), key lists and status lists.  It checks
//   1. every vector of tests/vectors/ reaches the result the file names;
//   2. codes issued by `scs attest issue` in a fresh register (both
//      profiles) verify here, from the exported key list and status list
//      files only, with the claims `scs attest verify` prints; a
//      suspension and a revocation show in the next status list; a code
//      changed in one character is refused.
// Ends with "N passed, M failed".
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

const top = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const scs = process.argv[2];
let pass = 0;
let fail = 0;
function ok(name) { pass++; console.log(`ok - ${name}`); }
function no(name, why) { fail++; console.log(`not ok - ${name}${why ? ': ' + why : ''}`); }
function check(name, cond, why) { if (cond) ok(name); else no(name, why); }

class Malformed extends Error {}
class Reason extends Error {
	constructor(result, msg) { super(msg); this.result = result; }
}
const bad = (msg) => { throw new Malformed(msg); };

// ---- Base45 (RFC 9285), strict ----
const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
function base45(text) {
	if (text.length % 3 === 1) bad('base45: a length that leaves one over');
	const out = [];
	for (let i = 0; i < text.length; i += 3) {
		const v = [...text.slice(i, i + 3)].map((ch) => {
			const x = B45.indexOf(ch);
			if (x < 0) bad(`base45: ${ch} is outside the alphabet`);
			return x;
		});
		if (v.length === 3) {
			const n = v[0] + 45 * v[1] + 2025 * v[2];
			if (n > 65535) bad('base45: a group above 65535');
			out.push(n >> 8, n & 255);
		} else {
			const n = v[0] + 45 * v[1];
			if (n > 255) bad('base45: a group above 255');
			out.push(n);
		}
	}
	return Buffer.from(out);
}

// ---- CBOR, the subset the format uses, canonical only ----
class Reader {
	constructor(buf) { this.b = buf; this.i = 0; }
	head() {
		if (this.i >= this.b.length) bad('cbor: ends early');
		const ib = this.b[this.i++];
		const major = ib >> 5;
		const ai = ib & 31;
		let v;
		if (ai < 24) v = ai;
		else if (ai <= 27) {
			const n = 1 << (ai - 24);
			if (this.i + n > this.b.length) bad('cbor: ends early');
			v = 0n;
			for (let k = 0; k < n; k++) v = (v << 8n) | BigInt(this.b[this.i++]);
			// shortest form only (RFC 8949 4.2.1)
			const min = [24n, 256n, 65536n, 4294967296n][ai - 24];
			if (v < min) bad('cbor: not the shortest form');
			if (v > BigInt(Number.MAX_SAFE_INTEGER)) bad('cbor: integer too large');
			v = Number(v);
		} else bad('cbor: indefinite length or reserved');
		return { major, v };
	}
	item() {
		const { major, v } = this.head();
		switch (major) {
		case 0: return { t: 'uint', v };
		case 1: return { t: 'int', v: -1 - v };
		case 2: case 3: {
			if (this.i + v > this.b.length) bad('cbor: string ends early');
			const s = this.b.subarray(this.i, this.i + v);
			this.i += v;
			return major === 2 ? { t: 'bytes', v: Buffer.from(s) } : { t: 'text', v: s.toString('utf8'), raw: s };
		}
		case 4: {
			const a = [];
			for (let k = 0; k < v; k++) a.push(this.item());
			return { t: 'array', v: a };
		}
		case 5: {
			const m = new Map();
			let last = -1;
			for (let k = 0; k < v; k++) {
				const key = this.item();
				if (key.t !== 'uint') bad('cbor: a map key that is not an unsigned integer');
				if (key.v <= last) bad('cbor: map keys out of order or repeated');
				last = key.v;
				m.set(key.v, this.item());
			}
			return { t: 'map', v: m };
		}
		case 6: return { t: 'tag', tag: v, v: this.item() };
		default: bad('cbor: a type the format does not use');
		}
	}
}
function cbor(buf) {
	const r = new Reader(buf);
	const it = r.item();
	if (r.i !== buf.length) bad('cbor: bytes follow the item');
	return it;
}
const want = (it, t) => { if (!it || it.t !== t) bad(`cbor: expected ${t}`); return it.v; };
const code = (s) => { if (!/^[A-Z0-9_-]+$/.test(s)) bad(`not a code: ${s}`); return s; };

// ---- COSE_Sign1 ----
function cose(buf) {
	const top = cbor(buf);
	if (top.t !== 'tag' || top.tag !== 18) bad('not COSE_Sign1 (tag 18)');
	const a = want(top.v, 'array');
	if (a.length !== 4) bad('COSE_Sign1 is an array of four');
	const prot = want(a[0], 'bytes');
	const hdr = want(cbor(prot), 'map');
	if (hdr.size !== 2 || !hdr.has(1) || !hdr.has(4)) bad('protected header is not {1: alg, 4: kid}');
	const algIt = hdr.get(1);
	if (algIt.t !== 'int' && algIt.t !== 'uint') bad('alg is not an integer');
	const kid = want(hdr.get(4), 'bytes');
	if (kid.length !== 8) bad('kid is not 8 bytes');
	if (want(a[1], 'map').size !== 0) bad('unprotected header not empty');
	const payload = want(a[2], 'bytes');
	const sig = want(a[3], 'bytes');
	if (sig.length !== 64) bad('signature is not 64 bytes');
	// Sig_structure = ["Signature1", protected, h'', payload]
	const bstr = (b) => Buffer.concat([cborHead(2, b.length), b]);
	const tbs = Buffer.concat([Buffer.from([0x84, 0x6a]), Buffer.from('Signature1'),
		bstr(prot), Buffer.from([0x40]), bstr(payload)]);
	return { alg: algIt.v, kid, payload, sig, tbs };
}
function cborHead(major, n) {
	if (n < 24) return Buffer.from([(major << 5) | n]);
	if (n < 256) return Buffer.from([(major << 5) | 24, n]);
	if (n < 65536) return Buffer.from([(major << 5) | 25, n >> 8, n & 255]);
	return Buffer.from([(major << 5) | 26, n >>> 24, (n >> 16) & 255, (n >> 8) & 255, n & 255]);
}
function edKey(raw) {
	return crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
}
const edVerify = (raw, msg, sig) => crypto.verify(null, msg, edKey(raw), sig);
const kidOf = (pub) => crypto.createHash('sha256').update(pub).digest().subarray(0, 8);

// ---- the claims ----
function claims(payload) {
	const m = want(cbor(payload), 'map');
	const g = (k, t) => { if (!m.has(k)) bad(`claim ${k} missing`); return want(m.get(k), t); };
	if (g(1, 'uint') !== 1) bad('version is not 1');
	const c = {
		country: code(g(2, 'text')), authority: code(g(3, 'text')),
		iat: g(4, 'uint'), exp: g(5, 'uint'), level: code(g(6, 'text')), rank: g(7, 'uint'),
		equivalents: g(8, 'array').map((e) => {
			const p = want(e, 'array');
			if (p.length !== 2) bad('an equivalent is not a pair');
			return { authority: code(want(p[0], 'text')), level: code(want(p[1], 'text')) };
		}),
		partner: code(g(9, 'text')), pseudonym: g(10, 'bytes'), status: g(11, 'uint'), profile: g(12, 'uint'),
	};
	if (c.country.length !== 3) bad('country is not alpha-3');
	if (!(c.iat < c.exp && c.exp - c.iat <= 90 * 86400)) bad('exp is not within 90 days after iat');
	if (c.rank > 9 || c.equivalents.length > 8 || c.pseudonym.length !== 16) bad('a claim out of range');
	if (c.profile === 1) {
		if (m.size !== 14) bad('a gate code has 14 claims');
		c.name = g(13, 'text');
		c.birth = g(14, 'text');
		if (!/^\d{4}-\d{2}-\d{2}$/.test(c.birth)) bad('birth is not YYYY-MM-DD');
	} else if (c.profile === 0) {
		if (m.size !== 13) bad('a register code has 13 claims');
		const id = g(15, 'bytes');
		if (id.length !== 32) bad('identity is not 32 bytes');
		c.salt = id.subarray(0, 16);
		c.idhash = id.subarray(16);
	} else bad('profile is neither 0 nor 1');
	return c;
}

// ---- key lists and status lists ----
function keyList(buf) {
	const e = cose(buf);
	if (e.alg !== -8) bad('key list: not EdDSA');
	const m = want(cbor(e.payload), 'map');
	const g = (k, t) => want(m.get(k), t);
	if (m.size !== 6 || g(1, 'uint') !== 1) bad('key list: not version 1');
	const root = g(5, 'bytes');
	if (!kidOf(root).equals(e.kid)) bad('key list: kid is not the root\'s');
	if (!edVerify(root, e.tbs, e.sig)) bad('key list: the root\'s signature fails');
	const country = g(2, 'text');
	const authority = g(3, 'text');
	return {
		root, authority, keys: g(6, 'array').map((k) => {
			const p = want(k, 'array');
			const pub = want(p[0], 'bytes');
			return { authority, country, kid: kidOf(pub), pub, notBefore: want(p[1], 'uint'), notAfter: want(p[2], 'uint') };
		}),
	};
}
function statusList(buf, keys) {
	const e = cose(buf);
	const m = want(cbor(e.payload), 'map');
	const g = (k, t) => want(m.get(k), t);
	if (m.size !== 5 || g(1, 'uint') !== 1) bad('status list: not version 1');
	const authority = g(2, 'text');
	const issued = g(3, 'uint');
	const n = g(4, 'uint');
	const signedBy = keys.find((k) => k.authority === authority && k.kid.equals(e.kid) &&
		k.notBefore <= issued && issued < k.notAfter && edVerify(k.pub, e.tbs, e.sig));
	if (!signedBy) bad('status list: no trusted key signed it');
	const bits = zlib.inflateSync(g(5, 'bytes'));
	if (bits.length !== Math.floor((n + 3) / 4)) bad('status list: not two bits per code');
	return { authority, issued, n, get: (i) => (bits[i >> 2] >> (2 * (i & 3))) & 3 };
}

// ---- the verifier (docs/attestation.md, "The reasons a verifier gives") ----
function verify(text, { keys, status = [], now, maxAge = 86400 }) {
	let c, e;
	try {
		if (!text.startsWith('SC1:')) bad('no SC1: prefix');
		let raw;
		try {
			raw = zlib.inflateSync(base45(text.slice(4)), { maxOutputLength: 1024 });
		} catch (err) {
			if (err instanceof Malformed) throw err;
			bad(`zlib: ${err.message}`);
		}
		e = cose(raw);
		if (e.alg !== -8) return { result: 'wrong_algorithm' };
		c = claims(e.payload);
	} catch (err) {
		if (err instanceof Malformed) return { result: 'malformed', why: err.message };
		throw err;
	}
	const cands = keys.filter((k) => k.kid.equals(e.kid) && k.authority === c.authority);
	if (cands.length === 0) return { result: 'unknown_key', claims: c };
	const key = cands.find((k) => edVerify(k.pub, e.tbs, e.sig));
	if (!key) return { result: 'bad_signature', claims: c };
	if (!(key.notBefore <= c.iat && c.iat < key.notAfter)) return { result: 'unknown_key', claims: c };
	if (c.iat > now + 300) return { result: 'not_yet_valid', claims: c };
	if (c.exp <= now) return { result: 'expired', claims: c };
	const sl = status.find((s) => s.authority === c.authority);
	if (status.length > 0 && !sl) return { result: 'stale_status_list', claims: c };
	if (sl) {
		if (now - sl.issued > maxAge || c.status >= sl.n) return { result: 'stale_status_list', claims: c };
		const s = sl.get(c.status);
		if (s === 2) return { result: 'revoked', claims: c };
		if (s === 1) return { result: 'suspended', claims: c };
		if (s !== 0) return { result: 'malformed', claims: c };
	}
	return { result: 'valid', claims: c, status: sl ? 'checked' : 'unchecked' };
}

const secs = (iso) => Math.floor(Date.parse(iso) / 1000);

// ---- 1. the vectors ----
const vdir = path.join(top, 'tests', 'vectors');
let nvec = 0;
for (const f of fs.readdirSync(vdir).sort()) {
	if (!f.endsWith('.json') || f.startsWith('rfc')) continue;
	const v = JSON.parse(fs.readFileSync(path.join(vdir, f), 'utf8'));
	const keys = v.trust.map((t) => ({ authority: t.authority, country: t.country, kid: Buffer.from(t.kid, 'hex'),
		pub: Buffer.from(t.public_key, 'hex'), notBefore: secs(t.not_before), notAfter: secs(t.not_after) }));
	let status = [];
	if (v.status_list) status = [statusList(Buffer.from(v.status_list.cose, 'hex'), keys)];
	const got = verify(v.code, { keys, status, now: secs(v.now), maxAge: v.max_age });
	check(`vector ${v.name}: ${v.result}`, got.result === v.result, `got ${got.result} ${got.why || ''}`);
	if (v.result === 'valid' && v.claims) {
		const c = got.claims;
		check(`vector ${v.name}: the claims read as the file gives them`,
			c.level === v.claims.level && c.partner === v.claims.partner && c.status === v.claims.status_index &&
			c.iat === secs(v.claims.issued) && c.exp === secs(v.claims.expires) &&
			(c.profile === 1 ? c.name === v.claims.name : c.idhash.toString('hex') === v.claims.identity_hash),
			JSON.stringify(c));
	}
	nvec++;
}
check('every vector was read (14 or more)', nvec >= 14, `${nvec}`);
const b45 = JSON.parse(fs.readFileSync(path.join(vdir, 'rfc9285-base45.json'), 'utf8'));
check('RFC 9285 examples decode', b45.cases.every((c) => base45(c.text).toString('hex') === c.hex));
check('RFC 9285: the invalid texts are refused', b45.invalid.every((c) => {
	try { base45(c.text); return false; } catch (e) { return e instanceof Malformed; }
}));
const ed = JSON.parse(fs.readFileSync(path.join(vdir, 'rfc8032-ed25519.json'), 'utf8'));
check('RFC 8032 signatures verify with Node\'s Ed25519', ed.cases.every((c) =>
	edVerify(Buffer.from(c.public_key, 'hex'), Buffer.from(c.message, 'hex'), Buffer.from(c.signature, 'hex'))));

// ---- 2. codes issued by scs attest issue ----
if (scs) {
	const t = fs.mkdtempSync(path.join(os.tmpdir(), 'scs-attest-'));
	const db = path.join(t, 'r.db');
	const env = { ...process.env, SCS_PWHASH_COST: 'min' };
	const run = (...args) => execFileSync(scs, ['--db', db, ...args], { env, encoding: 'utf8' });
	const runAny = (...args) => { try { return { rc: 0, out: run(...args) }; } catch (e) { return { rc: e.status, out: e.stdout }; } };
	try {
		run('init');
		fs.writeFileSync(path.join(t, 'r.jsonl'), [
			'{"kind":"organization","id":"mod","name":"Ministry of Defense","type":"government","country":"JPN"}',
			'{"kind":"person","id":"a1","name":"山田 太郎","name_latin":"YAMADA Taro","name_passport":"YAMADA TARO","birth_date":"1980-04-01","nationalities":["JPN"],"org":"mod"}',
			'{"kind":"person","id":"a2","name":"佐藤 花子","name_latin":"SATO Hanako","birth_date":"1975-12-31","nationalities":["JPN"],"org":"mod"}',
			'{"kind":"clearance","person":"a1","authority":"JPN-SDS","level":"TOKUTEI_HIMITSU","status":"active","valid_from":"2024-04-01","valid_until":"2099-04-01"}',
			'{"kind":"clearance","person":"a2","authority":"JPN-SDS","level":"TOKUTEI_HIMITSU","status":"active","valid_from":"2024-04-01","valid_until":"2099-04-01"}',
		].join('\n') + '\n');
		run('import', path.join(t, 'r.jsonl'));
		execFileSync(scs, ['trust', 'root', 'new', '--authority', 'JPN-SDS', '--out', path.join(t, 'root.key')], { env });
		run('trust', 'key', 'new', '--authority', 'JPN-SDS', '--root', path.join(t, 'root.key'));
		run('trust', 'export', '-o', path.join(t, 'trust.json'));
		const lists = JSON.parse(fs.readFileSync(path.join(t, 'trust.json'), 'utf8')).lists;
		const keys = lists.flatMap((l) => keyList(Buffer.from(l.list, 'base64')).keys);
		check('the exported key list verifies under its root', keys.length === 1);
		const reg = JSON.parse(run('attest', 'issue', 'a1', '--partner', 'USA', '--json'));
		const gate = JSON.parse(run('attest', 'issue', 'a1', '--partner', 'GBR', '--profile', 'gate', '--json'));
		const other = JSON.parse(run('attest', 'issue', 'a2', '--partner', 'USA', '--json'));
		run('attest', 'status', '--authority', 'JPN-SDS', '-o', path.join(t, 'st1.cose'));
		const st1 = [statusList(fs.readFileSync(path.join(t, 'st1.cose')), keys)];
		const now = Math.floor(Date.now() / 1000);
		for (const [name, issued] of [['register', reg], ['gate', gate]]) {
			const got = verify(issued.code, { keys, status: st1, now });
			check(`an issued ${name} code verifies here`, got.result === 'valid', got.result + (got.why || ''));
			const c = got.claims || {};
			const cl = issued.claims;
			check(`an issued ${name} code: the claims match scs's`,
				c.level === cl.level && c.authority === cl.authority && c.partner === cl.partner &&
				c.status === cl.status_index && c.pseudonym?.toString('hex') === cl.pseudonym &&
				c.iat === secs(cl.issued) && c.exp === secs(cl.expires) &&
				JSON.stringify(c.equivalents) === JSON.stringify(cl.equivalents) &&
				(name === 'gate' ? c.name === 'YAMADA TARO' && c.birth === '1980-04-01'
					: c.idhash.toString('hex') === cl.identity_hash), JSON.stringify(c));
		}
		const pr = verify(reg.code, { keys, now }).claims;
		const idh = crypto.createHash('sha256').update(Buffer.concat([Buffer.from('scs-identity-v1\0'), pr.salt,
			Buffer.from('YAMADA TARO\0'), Buffer.from('1980-04-01')])).digest().subarray(0, 16);
		check('the identity hash is the one the page defines', idh.equals(pr.idhash));
		const a = verify(reg.code, { keys, now }).claims.pseudonym.toString('hex');
		const b = verify(gate.code, { keys, now }).claims.pseudonym.toString('hex');
		const r2 = JSON.parse(run('attest', 'issue', 'a1', '--partner', 'USA', '--json'));
		check('one partner sees one pseudonym; two partners, two',
			a !== b && verify(r2.code, { keys, now }).claims.pseudonym.toString('hex') === a);
		const tampered = reg.code.slice(0, 50) + (reg.code[50] === 'A' ? 'B' : 'A') + reg.code.slice(51);
		const tr = verify(tampered, { keys, now }).result;
		check('a code changed in one character is refused', tr === 'malformed' || tr === 'bad_signature', tr);
		fs.writeFileSync(path.join(t, 's.jsonl'), '{"kind":"suspension","person":"a1","valid_from":"2026-01-01","reason":"test"}\n');
		run('import', path.join(t, 's.jsonl'));
		run('attest', 'revoke', other.id);
		run('attest', 'status', '--authority', 'JPN-SDS', '-o', path.join(t, 'st2.cose'));
		const st2 = [statusList(fs.readFileSync(path.join(t, 'st2.cose')), keys)];
		check('a suspension in the register shows in the next status list',
			verify(reg.code, { keys, status: st2, now }).result === 'suspended');
		check('a revocation shows in the next status list',
			verify(other.code, { keys, status: st2, now }).result === 'revoked');
		const v = runAny('attest', 'verify', reg.code, '--trust', path.join(t, 'trust.json'), '--status', path.join(t, 'st2.cose'));
		check('scs attest verify agrees (exit 1, suspended)', v.rc === 1 && JSON.parse(v.out).result === 'suspended');
	} catch (e) {
		no('the issued codes', e.stack);
	} finally {
		fs.rmSync(t, { recursive: true, force: true });
	}
}
console.log(`${pass} passed, ${fail} failed`);
process.exit(fail ? 1 : 0);
