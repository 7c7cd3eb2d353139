// SPDX-License-Identifier: Apache-2.0
//
// attest.js - the API tests of attestation codes (issue 13,
// docs/attestation.md): issuing (who may, for whom, every refusal by
// field), verifying (audited), revoking, and the two public documents a
// partner fetches: the key lists and the status list, which shows a
// suspension and a revocation at once.  The authority's root key and a
// signing key are made with the command line, as an operator would.
//
// run.js loads this file: register(h) adds the tests.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

function register(h) {
	const { test, api, assert, eq, show, expectStatus, expectError, created, yearsFromNow,
		auditEntries, cli, tmpdir } = h;
	let ready = null;

	// Keys, and a person of owari-hi with an active clearance (once).
	async function setup() {
		if (ready)
			return ready;
		const root = path.join(tmpdir(), 'attest-root.key');
		if (!fs.existsSync(root))
			cli(['trust', 'root', 'new', '--authority', 'JPN-SDS', '--out', root]);
		const key = JSON.parse(cli(['trust', 'key', 'new', '--authority', 'JPN-SDS', '--root', root]));
		await created('admin', '/v1/persons', { id: 't-at-p1', name: '証明 一郎', name_latin: 'SHOMEI Ichiro',
			name_passport: 'SHOMEI ICHIRO', birth_date: '1979-05-05', nationalities: ['JPN'], org: 'owari-hi' });
		await created('admin', '/v1/persons', { id: 't-at-p2', name: '証明 二郎', name_latin: 'SHOMEI Jiro',
			birth_date: '1981-06-06', nationalities: ['JPN'], org: 'owari-hi' });
		await created('admin', '/v1/persons', { id: 't-at-none', name: '証明 無', name_latin: 'SHOMEI Mu',
			birth_date: '1985-01-01', nationalities: ['JPN'], org: 'owari-hi' });
		for (const person of ['t-at-p1', 't-at-p2'])
			await created('adjudicator', '/v1/clearances', { person, authority: 'JPN-SDS',
				level: 'TOKUTEI_HIMITSU', status: 'active', valid_from: yearsFromNow(-1),
				valid_until: yearsFromNow(4) });
		ready = { key };
		return ready;
	}

	const issue = (as, body) => api('POST', '/v1/attestations', { as, body });
	const verify = (as, code) => api('POST', '/v1/attestations/verify', { as, body: { code } });

	test('attestations: the person\'s security officer issues a code with its QR code; the claims say what the register holds', async () => {
		const { key } = await setup();
		const r = await issue('officer', { person: 't-at-p1', partner: 'USA', qr: true });
		expectStatus(r, 201, 'issue as the person\'s officer');
		assert(/^SC1:[0-9A-Z $%*+\-./:]+$/.test(r.json.code), `a code: ${show(r.json.code)}`);
		assert(r.json.code.length <= 352, 'fits a QR code of version 13-Q');
		assert(r.json.qr_svg.startsWith('<svg') && r.json.qr_version <= 13, 'the QR code as SVG');
		const c = r.json.claims;
		eq(c.authority, 'JPN-SDS', 'authority');
		eq(c.level, 'TOKUTEI_HIMITSU', 'level');
		eq(c.rank, 3, 'rank');
		eq(c.partner, 'USA', 'partner');
		eq(c.profile, 'register', 'the register profile by default');
		assert(c.equivalents.some((e) => e.authority === 'USA' && e.level === 'SECRET'), 'USA SECRET is equivalent');
		assert(/^[0-9a-f]{32}$/.test(c.identity_hash) && c.name === undefined, 'a salted hash, no name');
		const days = (Date.parse(c.expires) - Date.parse(c.issued)) / 86400e3;
		eq(days, 90, '90 days by default');
		const g = await issue('admin', { person: 't-at-p1', partner: 'GBR', profile: 'gate', days: 7 });
		expectStatus(g, 201, 'issue a gate code as an admin');
		eq(g.json.claims.name, 'SHOMEI ICHIRO', 'the passport name');
		eq(g.json.claims.birth_date, '1979-05-05', 'the birth date');
		eq((Date.parse(g.json.claims.expires) - Date.parse(g.json.claims.issued)) / 86400e3, 7, 'days');
		assert(g.json.claims.pseudonym !== c.pseudonym, 'another partner, another pseudonym');
		const again = await issue('officer', { person: 't-at-p1', partner: 'USA' });
		eq(again.json.claims.pseudonym, c.pseudonym, 'the same partner, the same pseudonym');
		eq(again.json.claims.status_index, c.status_index + 2, 'each code its own status index');
		const e = await auditEntries('action=issue');
		assert(e.some((x) => x.kind === 'attestation' && x.object === r.json.id && x.actor === 'user:officer'),
			'issuing is audited');
		assert(key.kid.length === 16, 'the signing key');
	});

	test('attestations: who may issue for whom, and each refusal names its field', async () => {
		await setup();
		expectError(await issue('officer2', { person: 't-at-p1', partner: 'USA' }), 404, 'not_found', 'person',
			'another organization\'s officer');
		expectError(await issue('subject', { person: 't-at-p1', partner: 'USA' }), 404, 'not_found', 'person',
			'a subject for another person');
		expectError(await issue('officer', { person: 't-at-none', partner: 'USA' }), 409, 'conflict', 'person',
			'a person without a clearance');
		expectError(await issue('officer', { person: 't-at-p1' }), 400, 'invalid', 'partner', 'no partner');
		expectError(await issue('officer', { person: 't-at-p1', partner: 'usa' }), 400, 'invalid', 'partner',
			'a partner that is no nation code');
		expectError(await issue('officer', { person: 't-at-p1', partner: 'USA', days: 91 }), 400, 'invalid', 'days',
			'more than 90 days');
		expectError(await issue('officer', { person: 't-at-p1', partner: 'USA', profile: 'door' }), 400, 'invalid',
			'profile', 'an unknown profile');
		expectError(await issue('officer', { person: 't-at-p1', partner: 'USA', colour: 'red' }), 400, 'invalid',
			'colour', 'an unknown member');
		expectError(await issue('officer', { person: 't-at-p1', partner: 'USA', authority: 'JPN-CESI' }), 409,
			'conflict', 'person', 'no clearance of the authority asked');
		expectError(await issue('officer', { person: 't-at-nobody', partner: 'USA' }), 404, 'not_found', 'person',
			'an unknown person');
		expectError(await api('POST', '/v1/attestations', { as: 'officer', raw: '[1]' }), 400, 'invalid', '',
			'a body that is no object');
	});

	test('attestations: verified through the register (audited), with the live status: a suspension and a revocation show at once', async () => {
		await setup();
		const p2 = await issue('officer', { person: 't-at-p2', partner: 'USA' });
		expectStatus(p2, 201, 'issue for p2');
		let v = await verify('relying', p2.json.code);
		expectStatus(v, 200, 'verify as a relying system');
		eq(v.json.valid, true, 'valid');
		eq(v.json.result, 'valid', 'result');
		eq(v.json.status, 'checked', 'our own status list is consulted');
		eq(v.json.claims.level, 'TOKUTEI_HIMITSU', 'claims');
		const bad = await verify('auditor', 'SC1:NOTACODE');
		expectStatus(bad, 200, 'a malformed code is a verdict, not an error');
		eq(bad.json.valid, false, 'not valid');
		eq(bad.json.result, 'malformed', 'malformed');
		assert(typeof bad.json.reason === 'string' && bad.json.reason.length > 0, 'with the reason');
		expectError(await api('POST', '/v1/attestations/verify', { as: 'relying', body: {} }), 400, 'invalid',
			'code', 'no code');
		expectError(await api('POST', '/v1/attestations/verify', { as: 'relying', body: { code: 'x', y: 1 } }), 400,
			'invalid', 'y', 'an unknown member');
		const e = await auditEntries('action=verify');
		assert(e.some((x) => x.kind === 'attestation' && x.purpose === 'valid' && x.actor === 'service:relying'),
			`the verification is audited with its result: ${show(e.slice(-2))}`);
		assert(e.some((x) => x.purpose === 'malformed'), 'a malformed one too');

		await created('adjudicator', '/v1/suspensions', { person: 't-at-p2', valid_from: yearsFromNow(-1),
			reason: 'attestation test' });
		v = await verify('officer', p2.json.code);
		eq(v.json.result, 'suspended', 'suspended at once');
		eq(v.json.valid, false, 'not valid');

		const p1 = await issue('officer', { person: 't-at-p1', partner: 'CAN' });
		expectError(await api('POST', `/v1/attestations/${p1.json.id}/revoke`, { as: 'officer2' }), 404,
			'not_found', 'id', 'another organization\'s officer cannot revoke');
		const rv = await api('POST', `/v1/attestations/${p1.json.id}/revoke`, { as: 'officer' });
		expectStatus(rv, 200, 'revoke');
		assert(rv.json.revoked !== undefined, `the record says when: ${show(rv.json)}`);
		expectError(await api('POST', `/v1/attestations/${p1.json.id}/revoke`, { as: 'admin' }), 409, 'conflict',
			'id', 'revoked already');
		expectError(await api('POST', '/v1/attestations/AT-NONE-1/revoke', { as: 'admin' }), 404, 'not_found',
			'id', 'an unknown code');
		v = await verify('admin', p1.json.code);
		eq(v.json.result, 'revoked', 'revoked at once');
		const other = await issue('officer', { person: 't-at-p1', partner: 'CAN' });
		eq((await verify('admin', other.json.code)).json.result, 'valid', 'the person\'s other codes stay valid');

		/* The person's codes listed with their states now, newest first; the codes themselves are not kept. */
		const l1 = await api('GET', '/v1/attestations?person=t-at-p1', { as: 'officer' });
		expectStatus(l1, 200, 'the officer lists the person\'s codes');
		const row = (id) => l1.json.attestations.find((a) => a.id === id);
		eq(row(p1.json.id).state, 'revoked', 'the withdrawn code');
		eq(row(other.json.id).state, 'valid', 'the other code');
		eq(l1.json.attestations[0].id, other.json.id, 'newest first');
		assert(l1.json.attestations.every((a) => a.code === undefined && a.person === 't-at-p1'), 'no code kept');
		const l2 = await api('GET', '/v1/attestations?person=t-at-p2', { as: 'admin' });
		eq(l2.json.attestations.find((a) => a.id === p2.json.id).state, 'suspended', 'the suspended person\'s code');
		expectError(await api('GET', '/v1/attestations?person=t-at-p1', { as: 'officer2' }), 404, 'not_found',
			'person', 'another organization\'s officer');
		expectError(await api('GET', '/v1/attestations?person=t-at-p1', { as: 'subject' }), 404, 'not_found',
			'person', 'a subject for another person');
		expectError(await api('GET', '/v1/attestations', { as: 'officer' }), 400, 'invalid', 'person', 'no person');
		expectError(await api('GET', '/v1/attestations?person=t-at-p1&x=1', { as: 'officer' }), 400, 'invalid', 'x',
			'an unknown parameter');
	});

	test('attestations: importing a code as a foreign clearance refuses what does not verify, our own codes, and people out of reach', async () => {
		await setup();
		const imp = (as, body) => api('POST', '/v1/attestations/import', { as, body });
		const own = await issue('officer', { person: 't-at-p1', partner: 'USA' });
		expectError(await imp('officer', { code: 'SC1:NOTACODE', person: 't-at-p1' }), 409, 'conflict', 'code',
			'a code that does not verify');
		expectError(await imp('adjudicator', { code: own.json.code, person: 't-at-p1' }), 409, 'conflict', 'code',
			'a code of the register\'s own authority');
		expectError(await imp('officer2', { code: own.json.code, person: 't-at-p1' }), 404, 'not_found', 'person',
			'another organization\'s person');
		expectError(await imp('officer', { code: own.json.code }), 400, 'invalid', 'person', 'no person');
		expectError(await imp('officer', { person: 't-at-p1' }), 400, 'invalid', 'code', 'no code');
		expectError(await imp('officer', { code: own.json.code, person: 't-at-p1', x: 1 }), 400, 'invalid', 'x',
			'an unknown member');
	});

	test('transfers: the new employer asks naming the person by birth date, the authority accepts, the clearances stay; lookups show the level and nothing else', async () => {
		await setup();
		await created('admin', '/v1/persons', { id: 't-tr-p1', name: '移管 一郎', name_latin: 'IKAN Ichiro',
			birth_date: '1977-07-07', nationalities: ['JPN'], org: 'owari-hi' });
		await created('adjudicator', '/v1/clearances', { person: 't-tr-p1', authority: 'JPN-SDS',
			level: 'TOKUTEI_HIMITSU', status: 'active', valid_from: yearsFromNow(-1), valid_until: yearsFromNow(4) });
		const ask = (as, body) => api('POST', '/v1/transfers', { as, body });
		expectError(await ask('officer2', { person: 't-tr-p1', birth_date: '1977-07-08' }), 404, 'not_found',
			'person', 'a wrong birth date reads as an unknown person');
		expectError(await ask('officer2', { person: 't-tr-p1', birth_date: '1977-07-07', to_org: 'mod' }), 403,
			'forbidden', 'to_org', 'an officer asks for their own organization only');
		expectError(await ask('officer2', { person: 't-tr-p1' }), 400, 'invalid', 'birth_date', 'no birth date');
		expectError(await ask('officer', { person: 't-tr-p1', birth_date: '1977-07-07' }), 409, 'conflict',
			'to_org', 'the person works there already');
		expectError(await ask('officer2', { person: 't-at-none', birth_date: '1985-01-01' }), 409, 'conflict',
			'person', 'no active clearance to transfer');
		const r = await ask('officer2', { person: 't-tr-p1', birth_date: '1977-07-07' });
		expectStatus(r, 201, 'asked by the new employer\'s officer');
		eq(r.json.from_org, 'owari-hi', 'from');
		eq(r.json.to_org, 'asakaze-semi', 'to the officer\'s organization');
		eq(r.json.state, 'requested', 'requested');
		eq(r.json.authority, 'JPN-SDS', 'decided by the clearance\'s authority');
		expectError(await ask('officer2', { person: 't-tr-p1', birth_date: '1977-07-07' }), 409, 'conflict',
			'person', 'one waiting request per person');
		const seen = await api('GET', '/v1/transfers', { as: 'officer' });
		assert(seen.json.transfers.some((t) => t.id === r.json.id), 'the old employer sees it');
		const hidden = await api('GET', '/v1/transfers', { as: 'officer-mod' });
		assert(!hidden.json.transfers.some((t) => t.id === r.json.id), 'a third organization does not');
		expectError(await api('POST', `/v1/transfers/${r.json.id}/reject`, { as: 'adjudicator', body: {} }), 400,
			'invalid', 'reason', 'a rejection without a reason');
		expectError(await api('POST', `/v1/transfers/${r.json.id}/cancel`, { as: 'officer' }), 403, 'forbidden',
			'id', 'only the asking organization cancels');
		const a = await api('POST', `/v1/transfers/${r.json.id}/accept`, { as: 'adjudicator' });
		expectStatus(a, 200, 'accepted');
		eq(a.json.state, 'accepted', 'state');
		expectError(await api('POST', `/v1/transfers/${r.json.id}/reject`, { as: 'adjudicator',
			body: { reason: 'late' } }), 409, 'conflict', 'id', 'decided already');
		const p = await api('GET', '/v1/persons/t-tr-p1', { as: 'officer2' });
		expectStatus(p, 200, 'the new employer\'s officer now sees the person');
		eq(p.json.org, 'asakaze-semi', 'moved');
		expectError(await api('GET', '/v1/persons/t-tr-p1', { as: 'officer' }), 404, 'not_found', 'person',
			'the old employer\'s officer no longer does');
		const lk = await api('POST', '/v1/clearances/lookup', { as: 'relying',
			body: { person: 't-tr-p1', birth_date: '1977-07-07' } });
		expectStatus(lk, 200, 'lookup');
		eq(lk.json.cleared, true, 'still cleared: the clearance stayed');
		eq(lk.json.clearances[0].level, 'TOKUTEI_HIMITSU', 'at its level');
		eq(Object.keys(lk.json).sort().join(','), ['cleared', 'clearances', 'person'].sort().join(','), 'nothing of the file');
		expectError(await api('POST', '/v1/clearances/lookup', { as: 'officer-mod',
			body: { person: 't-tr-p1', birth_date: '1977-07-06' } }), 404, 'not_found', 'person',
			'a lookup with a wrong birth date');
		const e = await auditEntries('action=lookup');
		assert(e.some((x) => x.object === 't-tr-p1' && x.actor === 'service:relying'), 'the lookup is audited');
	});

	test('visits: the visitor\'s side drafts, submits and certifies; the host\'s side decides and its pass is checked; each side only does its part', async () => {
		await setup();
		const day = (n) => new Date(Date.now() + n * 86400e3).toISOString().slice(0, 10);
		const body = { visitor: 't-at-p1', host_org: 'asakaze-semi', site: 'Asakaze fab 2', purpose: 'audit',
			type: 'one_time', first_day: day(2), last_day: day(4) };
		expectError(await api('POST', '/v1/visits', { as: 'officer2', body }), 404, 'not_found', 'visitor',
			'the host cannot draft for another organization\'s person');
		expectError(await api('POST', '/v1/visits', { as: 'officer', body: { ...body, last_day: day(60) } }), 400,
			'invalid', 'last_day', 'a one-time visit of 59 days');
		expectError(await api('POST', '/v1/visits', { as: 'officer', body: { ...body, type: 'weekly' } }), 400,
			'invalid', 'type', 'an unknown kind');
		expectError(await api('POST', '/v1/visits', { as: 'officer', body: { ...body, first_day: day(-1) } }), 400,
			'invalid', 'first_day', 'a visit in the past');
		const v = await created('officer', '/v1/visits', body, 'drafted by the visitor\'s officer');
		eq(v.state, 'draft', 'a draft');
		eq(v.visitor_org, 'owari-hi', 'asked by the visitor\'s employer');
		const seen = await api('GET', '/v1/visits', { as: 'officer2' });
		assert(seen.json.visits.some((x) => x.id === v.id), 'the host sees it');
		const third = await api('GET', '/v1/visits', { as: 'officer-mod' });
		assert(!third.json.visits.some((x) => x.id === v.id), 'a third organization does not');
		const go = (as, what, b) => api('POST', `/v1/visits/${v.id}/${what}`, { as, body: b });
		expectError(await go('officer2', 'submit'), 403, 'forbidden', 'id', 'the host does not submit');
		expectError(await go('officer2', 'approve'), 409, 'conflict', 'id', 'a draft is not approved');
		expectStatus(await go('officer', 'submit'), 200, 'submitted');
		const c = await go('officer', 'certify');
		expectStatus(c, 200, 'certified');
		assert(/^SC1:/.test(c.json.attestation), 'the visitor\'s attestation is attached');
		expectError(await go('officer', 'approve'), 403, 'forbidden', 'id', 'the visitor\'s side does not approve');
		expectError(await go('officer2', 'reject', {}), 400, 'invalid', 'note', 'a rejection without a note');
		const a = await go('officer2', 'approve');
		expectStatus(a, 200, 'approved by the host');
		eq(a.json.phase, 'approved', 'not begun');
		assert(/^SV1:/.test(a.json.pass), 'the host\'s pass');
		const chk = await api('POST', '/v1/visits/pass', { as: 'relying', body: { pass: a.json.pass } });
		expectStatus(chk, 200, 'the pass checked');
		eq(chk.json.result, 'not_yet_valid', 'before the first day');
		eq(chk.json.pass.name, 'SHOMEI ICHIRO', 'the name the guard compares');
		eq(chk.json.pass.first_day, day(2), 'its first day');
		expectError(await api('PUT', `/v1/visits/${v.id}`, { as: 'officer', body }), 409, 'conflict', 'id',
			'an approved visit is not amended');
		const e = await auditEntries('action=approve');
		assert(e.some((x) => x.kind === 'visit' && x.object === v.id), 'the approval is audited');

		/* One visit read: both sides, with its history and, asked, its codes as QR codes. */
		const one = await api('GET', `/v1/visits/${v.id}`, { as: 'officer' });
		expectStatus(one, 200, 'the visitor\'s side reads the visit');
		eq(one.json.pass, a.json.pass, 'with the pass');
		eq(one.json.phase, 'approved', 'and its phase');
		eq(one.json.history.map((x) => x.action).join(','), 'create,submit,certify,approve', 'its history, oldest first');
		eq(one.json.history[3].actor, 'user:officer2', 'the approval by the host\'s officer');
		assert(/^\d{4}-\d{2}-\d{2}T/.test(one.json.history[0].at), `a time: ${show(one.json.history[0])}`);
		assert(one.json.pass_qr_svg === undefined, 'no QR code unless asked');
		const q = await api('GET', `/v1/visits/${v.id}?qr=1`, { as: 'officer2' });
		expectStatus(q, 200, 'the host\'s side reads it with its QR codes');
		assert(q.json.pass_qr_svg.startsWith('<svg') && q.json.attestation_qr_svg.startsWith('<svg'), 'the pass and the attestation as SVG');
		expectError(await api('GET', `/v1/visits/${v.id}?qr=yes`, { as: 'officer' }), 400, 'invalid', 'qr', 'qr is 1 or 0');
		expectError(await api('GET', `/v1/visits/${v.id}?colour=1`, { as: 'officer' }), 400, 'invalid', 'colour', 'an unknown parameter');
		expectError(await api('GET', `/v1/visits/${v.id}`, { as: 'officer-mod' }), 404, 'not_found', 'id',
			'a third organization\'s officer does not see it, as in the list');
		expectStatus(await api('GET', `/v1/visits/${v.id}`, { as: 'subject' }), 403, 'the subject is refused');
		expectStatus(await api('GET', `/v1/visits/${v.id}`, { as: 'admin' }), 200, 'an admin reads every visit');
		expectError(await api('GET', '/v1/visits/VR-NONE', { as: 'officer' }), 404, 'not_found', 'id', 'no such visit');
		const d = await created('officer', '/v1/visits', body, 'a second draft');
		const dq = await api('GET', `/v1/visits/${d.id}?qr=1`, { as: 'officer2' });
		expectStatus(dq, 200, 'a draft read by the host');
		assert(dq.json.pass_qr_svg === undefined && dq.json.attestation_qr_svg === undefined, 'a draft has no codes to draw');
		eq(dq.json.history.length, 1, 'created only');
		/* A pass holds the site: a long one (that zlib cannot shorten) makes a pass longer than an attestation code may
		 * be (352 characters, QR version 13), and the pass still gets its QR code, of a higher version. */
		const site = 'Site ' + crypto.randomBytes(180).toString('base64').replace(/[^A-Za-z0-9]/g, 'x');
		const long = await created('officer', '/v1/visits', { ...body, site }, 'a long site');
		for (const [as, what] of [['officer', 'submit'], ['officer', 'certify'], ['officer2', 'approve']])
			expectStatus(await api('POST', `/v1/visits/${long.id}/${what}`, { as }), 200, what);
		const lq = await api('GET', `/v1/visits/${long.id}?qr=1`, { as: 'officer2' });
		expectStatus(lq, 200, 'a long pass read');
		assert(/^SV1:/.test(lq.json.pass) && lq.json.pass.length > 352, 'a long pass: ' + lq.json.pass.length);
		assert(lq.json.pass_qr_svg.startsWith('<svg'), 'the long pass with its QR code');
		assert(lq.json.attestation_qr_svg.startsWith('<svg'), 'the attestation with one');
	});

	test('attestations: the key lists and the status list are public and signed; refusals name the parameter', async () => {
		const { key } = await setup();
		const t = await api('GET', '/v1/trust');
		expectStatus(t, 200, 'the key lists without signing in');
		eq(t.json.format, 'scs-key-lists-v1', 'format');
		const l = t.json.lists.find((x) => x.authority === 'JPN-SDS');
		assert(l && l.own === true && /^[0-9a-f]{64}$/.test(l.root_fingerprint), `our list: ${show(t.json)}`);
		assert(Buffer.from(l.list, 'base64')[0] === 0xd2, 'the list is a COSE_Sign1 (tag 18)');
		eq(key.root, l.root, 'under the root that certified the key');
		expectError(await api('GET', '/v1/trust?authority=USA'), 404, 'not_found', 'authority', 'no list of USA');
		expectError(await api('GET', '/v1/trust?colour=1'), 400, 'invalid', 'colour', 'an unknown parameter');
		const s = await api('GET', '/v1/attestations/status?authority=JPN-SDS');
		expectStatus(s, 200, 'the status list without signing in');
		eq(s.headers.get('content-type'), 'application/cose', 'its type');
		eq(s.buf[0], 0xd2, 'a COSE_Sign1');
		assert(s.buf.length < 4096, `small: ${s.buf.length} bytes`);
		expectError(await api('GET', '/v1/attestations/status'), 400, 'invalid', 'authority', 'no authority');
		expectError(await api('GET', '/v1/attestations/status?authority=USA'), 404, 'not_found', 'authority',
			'an authority the register issues no codes of');
	});
}

module.exports = { register };
