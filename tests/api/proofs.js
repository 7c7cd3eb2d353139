// SPDX-License-Identifier: Apache-2.0
//
// proofs.js - the API tests of the audit proofs (GET /v1/audit/proof/
// inclusion and /consistency; src/audit/log.c, docs/audit-proofs.md): an
// inclusion proof and a consistency proof checked here with node's crypto
// alone (the heads' Ed25519 signatures under the key of /v1/audit/head,
// the RFC 9162 verifiers re-written in JS), a tampered proof failing, and
// every refusal naming its parameter.
//
// run.js loads this file: register(h) adds the tests.
'use strict';

const crypto = require('node:crypto');

const sha256 = (...parts) => {
	const h = crypto.createHash('sha256');
	for (const p of parts)
		h.update(p);
	return h.digest();
};
const node = (l, r) => sha256(Buffer.from([1]), l, r);
const hex = (s) => Buffer.from(s, 'hex');

// RFC 9162 2.1.3.2.
function inclusionRoot(index, size, leafHash, path) {
	if (index >= size)
		return null;
	let fn = BigInt(index), sn = BigInt(size - 1), r = leafHash;
	for (const p of path) {
		if (sn === 0n)
			return null;
		if ((fn & 1n) === 1n || fn === sn) {
			r = node(p, r);
			while ((fn & 1n) === 0n && fn !== 0n) {
				fn >>= 1n;
				sn >>= 1n;
			}
		} else {
			r = node(r, p);
		}
		fn >>= 1n;
		sn >>= 1n;
	}
	return sn === 0n ? r : null;
}

// RFC 9162 2.1.4.2: the two roots the proof leads to, or null.
function consistencyRoots(first, second, firstRoot, path) {
	if (first === second)
		return path.length === 0 ? [firstRoot, firstRoot] : null;
	if (path.length === 0 || first === 0 || first > second)
		return null;
	let p = path.slice();
	if ((first & (first - 1)) === 0)
		p = [firstRoot, ...p];
	let fn = BigInt(first - 1), sn = BigInt(second - 1);
	while ((fn & 1n) === 1n) {
		fn >>= 1n;
		sn >>= 1n;
	}
	let fr = p[0], sr = p[0];
	for (const c of p.slice(1)) {
		if (sn === 0n)
			return null;
		if ((fn & 1n) === 1n || fn === sn) {
			fr = node(c, fr);
			sr = node(c, sr);
			while ((fn & 1n) === 0n && fn !== 0n) {
				fn >>= 1n;
				sn >>= 1n;
			}
		} else {
			sr = node(sr, c);
		}
		fn >>= 1n;
		sn >>= 1n;
	}
	return sn === 0n ? [fr, sr] : null;
}

// The head's Ed25519 signature (include/scs/audit.h: the message).
function headSigned(h, pubHex) {
	const msg = Buffer.alloc(64);
	msg.write('scs-tree-head-v1', 0, 'latin1');
	msg.writeBigUInt64BE(BigInt(h.size), 16);
	msg.writeBigUInt64BE(BigInt(h.time_us), 24);
	hex(h.root).copy(msg, 32);
	const key = crypto.createPublicKey({ format: 'jwk', key: { kty: 'OKP', crv: 'Ed25519',
		x: hex(pubHex).toString('base64url') } });
	return crypto.verify(null, msg, key, hex(h.signature));
}

function register(h) {
	const { test, api, assert, eq, show, expectStatus, expectError, created } = h;

	let first = null; // the head before this file's write
	let pub = null;

	test('audit proofs: an inclusion proof leads from the entry to the signed root', async () => {
		const head = await api('GET', '/v1/audit/head', { as: 'auditor' });
		expectStatus(head, 200, 'head');
		first = head.json;
		pub = head.json.public_key;
		assert(first.size >= 2, `size ${first.size}`);
		for (const leaf of [0, Math.floor(first.size / 2), first.size - 1]) {
			const r = await api('GET', `/v1/audit/proof/inclusion?leaf=${leaf}`, { as: 'auditor' });
			expectStatus(r, 200, `leaf ${leaf}`);
			eq(r.json.type, 'inclusion', 'type');
			eq(r.json.leaf, leaf, 'leaf');
			eq(r.json.tree_head.size, first.size, 'the latest head by default');
			eq(r.json.tree_head.root, first.root, 'the root of /v1/audit/head');
			assert(!('public_key' in r.json.tree_head), 'a proof carries no key of its own');
			assert(headSigned(r.json.tree_head, pub), 'the head is signed');
			const root = inclusionRoot(leaf, r.json.tree_head.size, hex(r.json.leaf_hash),
				r.json.path.map(hex));
			assert(root !== null && root.toString('hex') === first.root,
				`leaf ${leaf}: the path leads elsewhere: ${show(r.json)}`);
			// One bit changed anywhere in the path: the root is another.
			if (r.json.path.length > 0) {
				const bad = r.json.path.map(hex);
				bad[0][0] ^= 1;
				const wrong = inclusionRoot(leaf, first.size, hex(r.json.leaf_hash), bad);
				assert(wrong === null || wrong.toString('hex') !== first.root, 'tampered path verified');
			}
		}
		// The entry's own leaf hash: an admin reads the proof too.
		const a = await api('GET', `/v1/audit/proof/inclusion?leaf=1&size=${first.size}`, { as: 'admin' });
		expectStatus(a, 200, 'admin');
	});

	test('audit proofs: a consistency proof leads from an older signed head to a newer one', async () => {
		assert(first !== null, 'the inclusion test ran first');
		await created('admin', '/v1/organizations', { id: 't-proof-org', name: 'Proof Org',
			type: 'government', country: 'JPN' });
		const head = await api('GET', '/v1/audit/head', { as: 'auditor' });
		expectStatus(head, 200, 'head');
		assert(head.json.size > first.size, 'the write signed a larger head');
		const r = await api('GET', `/v1/audit/proof/consistency?from=${first.size}`, { as: 'auditor' });
		expectStatus(r, 200, 'consistency');
		eq(r.json.type, 'consistency', 'type');
		eq(r.json.from, first.size, 'from');
		eq(r.json.to, head.json.size, 'to: the latest');
		eq(r.json.old_tree_head.root, first.root, 'the old root');
		eq(r.json.tree_head.root, head.json.root, 'the new root');
		assert(headSigned(r.json.old_tree_head, pub) && headSigned(r.json.tree_head, pub),
			'both heads are signed');
		const roots = consistencyRoots(first.size, head.json.size, hex(first.root),
			r.json.path.map(hex));
		assert(roots !== null, `the proof does not verify: ${show(r.json)}`);
		eq(roots[0].toString('hex'), first.root, 'the proof rebuilds the old root');
		eq(roots[1].toString('hex'), head.json.root, 'and the new one');
		// Another old root (a forked log) is not consistent with the new one.
		const forged = hex(first.root);
		forged[5] ^= 0x40;
		const f = consistencyRoots(first.size, head.json.size, forged, r.json.path.map(hex));
		assert(f === null || !f[0].equals(forged) || f[1].toString('hex') !== head.json.root,
			'a forged old root passed');
		// The same size: the empty proof.
		const same = await api('GET',
			`/v1/audit/proof/consistency?from=${head.json.size}&to=${head.json.size}`, { as: 'admin' });
		expectStatus(same, 200, 'from = to');
		eq(same.json.path.length, 0, 'empty proof');
		eq(same.json.old_tree_head.root, same.json.tree_head.root, 'one root');
	});

	test('audit proofs: each bad parameter is refused by name', async () => {
		const head = await api('GET', '/v1/audit/head', { as: 'auditor' });
		const n = head.json.size;
		const bad = async (qs, status, code, field) => expectError(
			await api('GET', `/v1/audit/proof/${qs}`, { as: 'auditor' }), status, code, field, qs);
		await bad('inclusion', 400, 'invalid', 'leaf');
		await bad('inclusion?leaf=abc', 400, 'invalid', 'leaf');
		await bad('inclusion?leaf=-1', 400, 'invalid', 'leaf');
		await bad('inclusion?leaf=1.5', 400, 'invalid', 'leaf');
		await bad(`inclusion?leaf=${n}`, 400, 'invalid', 'leaf');
		await bad('inclusion?leaf=0&size=0', 400, 'invalid', 'size');
		await bad('inclusion?leaf=0&size=x', 400, 'invalid', 'size');
		await bad(`inclusion?leaf=0&size=${n + 1}`, 400, 'invalid', 'size');
		await bad('inclusion?leaf=0&other=1', 400, 'invalid', 'other');
		await bad('consistency', 400, 'invalid', 'from');
		await bad('consistency?from=0', 400, 'invalid', 'from');
		await bad('consistency?from=two', 400, 'invalid', 'from');
		await bad(`consistency?from=${n}&to=1`, 400, 'invalid', 'from');
		await bad(`consistency?from=1&to=${n + 1}`, 400, 'invalid', 'to');
		await bad('consistency?from=1&to=z', 400, 'invalid', 'to');
		// A size no head was signed at: every write transaction signs one,
		// and the demo import signed none between its first entries.
		let unsigned = 0;
		for (let s = 1; s < n && unsigned === 0; s++) {
			const r = await api('GET', `/v1/audit/proof/inclusion?leaf=0&size=${s}`, { as: 'auditor' });
			if (r.status === 404)
				unsigned = s;
			else
				expectStatus(r, 200, `size ${s}`);
		}
		assert(unsigned > 0, 'every size is signed: no 404 to test');
		await bad(`inclusion?leaf=0&size=${unsigned}`, 404, 'not_found', 'size');
		await bad(`consistency?from=${unsigned}`, 404, 'not_found', 'from');
		await bad(`consistency?from=1&to=${unsigned}`, 404, 'not_found', 'to');
	});
}

module.exports = { register };
