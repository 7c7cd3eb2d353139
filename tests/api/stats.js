// SPDX-License-Identifier: Apache-2.0
//
// stats.js - the API tests of the oversight statistics (GET
// /v1/reports/statistics; src/core/stats.c, src/ops/stats.c;
// docs/timeliness.md "Statistics").  Other tests change the register
// before and after these, so the figures are checked as the difference a
// small register of our own makes (organizations, persons, clearances,
// briefings, memberships, items, a suspension and an account, all made
// here), as exact rows where a key is ours alone (our compartment, our
// program, our owner), and open and decided cases against the case list.
//
// run.js loads this file: register(h) adds the tests.
'use strict';

const AT_YEARS = 1; // the instant: the first of this month, a year on

function register(h) {
	const { test, api, assert, eq, show, expectStatus, expectError, created, yearsFromNow } = h;

	const AT = yearsFromNow(AT_YEARS);
	const plusDays = (date, n) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86400e3)
		.toISOString().slice(0, 10);

	async function stats(at, as = 'auditor') {
		const r = await api('GET', `/v1/reports/statistics${at ? `?at=${encodeURIComponent(at)}` : ''}`, { as });
		expectStatus(r, 200, `the statistics at ${at || 'now'} as ${as}`);
		return r.json;
	}

	const rowOf = (rows, want) => rows.find((r) => Object.keys(want).every((k) => r[k] === want[k]));
	const cnt = (rows, want, col) => {
		const r = rowOf(rows, want);
		return r ? r[col] : 0;
	};

	test('statistics: the figures a small register of our own adds, at an instant', async () => {
		const before = await stats(AT);
		eq(before.at, AT, 'the instant is echoed');
		eq(before.decided_from, plusDays(AT, -365), 'decided within the 365 days before');

		await created('admin', '/v1/organizations', { id: 't-st-gov', name: 'Statistics Agency',
			type: 'government', country: 'JPN' });
		await created('admin', '/v1/organizations', { id: 't-st-partner', name: 'Statistics Partner',
			type: 'partner', country: 'JPN' });
		for (const id of ['t-st-p1', 't-st-p2', 't-st-p3'])
			await created('admin', '/v1/persons', { id, name: `統計 ${id}`, name_latin: `TOKEI ${id}`,
				birth_date: '1980-01-01', nationalities: ['JPN'], org: 't-st-partner' });
		const from = yearsFromNow(-1);
		const clr = (person, authority, level, status, vf, vu) => created('adjudicator',
			'/v1/clearances', { person, authority, level, status, valid_from: vf, valid_until: vu });
		await clr('t-st-p1', 'JPN-MOD', 'GOKUHI', 'active', from, yearsFromNow(4)); // active
		await clr('t-st-p2', 'JPN-MOD', 'GOKUHI', 'active', from, plusDays(AT, 100)); // expiring
		await clr('t-st-p3', 'JPN-MOD', 'GOKUHI', 'interim', yearsFromNow(2), yearsFromNow(3)); // pending
		await clr('t-st-p3', 'USA', 'SECRET', 'revoked', from, yearsFromNow(4)); // revoked
		await clr('t-st-p2', 'USA', 'SECRET', 'active', from, plusDays(AT, -1)); // over at AT: expired
		await created('admin', '/v1/compartments', { id: 't-st-cmp', name: 'Statistics', owner: 'mod' });
		await created('admin', '/v1/programs', { id: 't-st-prog', name: 'Statistics', owner: 'mod' });
		await created('admin', '/v1/briefings', { person: 't-st-p1', compartment: 't-st-cmp',
			nda_signed: from, valid_from: from, valid_until: null });
		await created('admin', '/v1/briefings', { person: 't-st-p2', compartment: 't-st-cmp',
			nda_signed: from, valid_from: from, valid_until: plusDays(AT, -10) }); // debriefed by AT
		for (const person of ['t-st-p1', 't-st-p2'])
			await created('designator', '/v1/memberships', { program: 't-st-prog', person,
				valid_from: from, valid_until: null });
		await created('adjudicator', '/v1/suspensions', { person: 't-st-p3', valid_from: from,
			valid_until: null, reason: 'statistics test' });
		const item = (id) => ({ id, title: `Statistics ${id}`, owner: 't-st-gov', field: 'diplomacy',
			authority: 'JPN-MOD', level: 'GOKUHI', compartments: [], releasable_to: [], programs: [],
			valid_from: from, valid_until: yearsFromNow(4) });
		await created('admin', '/v1/items', item('t-st-item1'));
		await created('admin', '/v1/items', item('t-st-item2'));
		expectStatus(await api('POST', '/v1/items/t-st-item2/declassify', { as: 'admin', body: {} }),
		    200, 'declassify our second item');
		await created('admin', '/v1/users', { username: 't-st-aud', org: 'cao', role: 'auditor',
			password: 'statistics-password-2026' });
		expectStatus(await api('POST', '/v1/users/t-st-aud/disable', { as: 'admin', body: {} }), 200,
		    'disable our auditor');

		const after = await stats(AT);
		eq(after.persons_total - before.persons_total, 3, 'persons: three more');
		eq(cnt(after.persons, { org_type: 'partner' }, 'persons') -
		    cnt(before.persons, { org_type: 'partner' }, 'persons'), 3, 'persons of partners');
		const mod = { authority: 'JPN-MOD', level: 'GOKUHI' };
		const usa = { authority: 'USA', level: 'SECRET' };
		const d = (rows0, rows1, key, col) => cnt(rows1, key, col) - cnt(rows0, key, col);
		const want = [[mod, 'active', 2], [mod, 'expiring', 1], [mod, 'pending', 1],
			[mod, 'interim', 0], [usa, 'revoked', 1], [usa, 'expired', 1], [usa, 'active', 0]];
		for (const [key, col, n] of want)
			eq(d(before.clearances, after.clearances, key, col), n, `clearances ${key.authority} ${col}`);
		eq(rowOf(after.clearances, mod).rank, 3, 'the common rank of GOKUHI (data/levels.csv)');
		eq(show(after.briefings.filter((r) => r.compartment === 't-st-cmp')),
		    show([{ compartment: 't-st-cmp', briefings: 1 }]), 'briefings in force in our compartment');
		eq(show(after.memberships.filter((r) => r.program === 't-st-prog')),
		    show([{ program: 't-st-prog', memberships: 2 }]), 'memberships in force in our program');
		eq(after.suspensions_in_force - before.suspensions_in_force, 1, 'suspensions in force');
		eq(show(after.items.filter((r) => r.owner === 't-st-gov')),
		    show([{ owner: 't-st-gov', authority: 'JPN-MOD', level: 'GOKUHI', field: 'diplomacy',
			    classified: 1, declassified: 1, expired: 0 }]), 'our items');
		eq(d(before.users, after.users, { role: 'auditor' }, 'disabled'), 1, 'a disabled auditor');
		eq(d(before.users, after.users, { role: 'auditor' }, 'enabled'), 0, 'no enabled auditor more');
		const text = JSON.stringify(after);
		for (const id of ['t-st-p1', 't-st-p2', 't-st-p3', 't-st-aud', 't-st-item1'])
			assert(!text.includes(id), `the statistics name ${id}`);

		// The day before our records began, none of them holds.
		const early = await stats(plusDays(from, -1));
		eq(cnt(early.briefings, { compartment: 't-st-cmp' }, 'briefings'), 0, 'no briefing yet');
		eq(cnt(early.items, { owner: 't-st-gov' }, 'classified'), 0, 'no item designated yet');
	});

	test('statistics: open and decided cases agree with the case list', async () => {
		const s = await stats(null, 'admin');
		const all = await api('GET', '/v1/cases?limit=1000', { as: 'adjudicator' });
		expectStatus(all, 200, 'list every case');
		const at = Date.parse(s.at);
		const from = Date.parse(s.decided_from);
		const open = ['awaiting_consent', 'questionnaire', 'submitted', 'investigating',
			'adjudicating', 'interim', 'complaint'];
		const outcome = { granted: 'granted', interim: 'interim', denied: 'denied',
			complaint: 'denied', rejected: 'denied', refused: 'refused', withdrawn: 'withdrawn' };
		const wantOpen = {};
		const wantDecided = {};
		for (const c of all.json.cases) {
			if (Date.parse(c.opened) > at)
				continue;
			if (open.includes(c.state))
				wantOpen[`${c.authority} ${c.state}`] = (wantOpen[`${c.authority} ${c.state}`] || 0) + 1;
			const o = outcome[c.state];
			const when = o === 'refused' || o === 'withdrawn' ? c.since : c.decided;
			if (o && when && Date.parse(when) >= from && Date.parse(when) < at)
				wantDecided[`${c.authority} ${o}`] = (wantDecided[`${c.authority} ${o}`] || 0) + 1;
		}
		const gotOpen = {};
		for (const r of s.cases_open)
			for (const st of open)
				if (r[st])
					gotOpen[`${r.authority} ${st}`] = r[st];
		const gotDecided = {};
		for (const r of s.cases_decided)
			for (const o of ['granted', 'interim', 'denied', 'refused', 'withdrawn'])
				if (r[o])
					gotDecided[`${r.authority} ${o}`] = r[o];
		assert(Object.keys(wantOpen).length > 0, 'some case is open');
		const sorted = (o) => show(Object.fromEntries(Object.entries(o).sort()));
		eq(sorted(gotOpen), sorted(wantOpen), 'open cases');
		eq(sorted(gotDecided), sorted(wantDecided), 'decided cases');
	});

	test('statistics: auditors and admins only; a bad instant is 400 on at', async () => {
		for (const as of ['officer', 'subject', 'investigator', 'adjudicator', 'designator', 'relying'])
			expectError(await api('GET', '/v1/reports/statistics', { as }), 403, 'forbidden', '',
			    `${as} reads no statistics`);
		expectError(await api('GET', '/v1/reports/statistics?at=tomorrow', { as: 'auditor' }), 400,
		    'invalid', 'at', 'an instant that does not parse');
		expectError(await api('GET', '/v1/reports/statistics?from=2026-01-01', { as: 'auditor' }), 400,
		    'invalid', 'from', 'an unknown parameter');
		const r = await stats('2026-01-01T09:00:00+09:00');
		eq(r.at, '2026-01-01', 'an instant with an offset, echoed in UTC');
	});
}

module.exports = { register };
