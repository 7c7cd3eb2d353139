// SPDX-License-Identifier: Apache-2.0
//
// annual.js - the API tests of the annual report to the Diet (GET
// /v1/reports/annual; src/core/annual.c, src/ops/annual.c;
// docs/oversight.md).  The register keeps the real clock, so the year is
// this one (UTC), and other tests act in it before and after these: the
// figures are checked as the difference that a small year of our own makes
// (two organs, seven persons, three items, six cases, two incidents, three
// concerns), as exact rows where the key is ours alone (our organs), and
// as differences where it is shared (a level, a field, a type, an origin).
// Should the year turn while the test runs, it is skipped.
//
// run.js loads this file: register(h) adds the tests.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const SDS = 'JPN-SDS';
const SDS_LEVEL = 'TOKUTEI_HIMITSU';
const CESI = 'JPN-CESI';
const CESI_LEVEL = 'JUYO_KEIZAI_ANPO';
const NOTICES = { [SDS]: 'JPN-SDS-2026-1', [CESI]: 'JPN-CESI-2026-1' };
const NEED = 'Work on designated information (annual report test)';
const SUBJECT_PASSWORD = 'annual-subject-password-2026';
const GOV = 't-an-gov';
const GOV2 = 't-an-gov2';

const MEASURES = {
	designations: ['designated', 'renewed', 'declassified'],
	assessments: ['opened', 'conducted', 'granted', 'denied', 'interim', 'refused', 'withdrawn'],
	complaints: ['filed', 'upheld', 'rejected'],
	incidents: ['recorded', 'closed'],
	alerts: ['raised', 'valid', 'not_valid', 'self_reported', 'untriaged'],
};
const BREAKDOWNS = {
	designations: { by_organ: ['organ'], by_field: ['field'] },
	assessments: { by_organ: ['organ'], by_level: ['authority', 'level'],
		by_organ_level: ['organ', 'authority', 'level'] },
	complaints: { by_organ: ['organ'], by_level: ['authority', 'level'],
		by_organ_level: ['organ', 'authority', 'level'] },
	incidents: { by_type: ['type'] },
	alerts: { by_origin: ['origin'] },
};
const CSV_HEADER = 'year,section,breakdown,measure,organ,authority,level,field,type,origin,count';

// RFC 4180 records of @text: arrays of fields; every line must end CRLF.
function parseCsv(text, assert) {
	const rows = [];
	let row = [];
	let field = '';
	let i = 0;
	let quoted = false;
	while (i < text.length) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"' && text[i + 1] === '"') {
				field += '"';
				i += 2;
			} else if (ch === '"') {
				quoted = false;
				i++;
			} else {
				field += ch;
				i++;
			}
		} else if (ch === '"' && field === '') {
			quoted = true;
			i++;
		} else if (ch === ',') {
			row.push(field);
			field = '';
			i++;
		} else if (ch === '\r') {
			assert(text[i + 1] === '\n', `a CR without LF at ${i}`);
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
			i += 2;
		} else {
			assert(ch !== '\n', `a bare LF at ${i}`);
			field += ch;
			i++;
		}
	}
	assert(field === '' && row.length === 0, 'the last line ends with CRLF');
	return rows;
}

function register(h) {
	const { test, api, tokens, assert, eq, deepEq, show, expectStatus, expectError, created,
		activate, login, yearsFromNow, Skip } = h;

	const EXAMPLE = JSON.parse(fs.readFileSync(path.join(h.REPO, 'data', 'questionnaires',
	    `${SDS}.json`), 'utf8')).example;
	const thisYear = () => new Date().getUTCFullYear();
	const today = () => new Date().toISOString().slice(0, 10);

	async function report(year, as = 'auditor') {
		const r = await api('GET', `/v1/reports/annual?year=${year}`, { as });
		expectStatus(r, 200, `the annual report of ${year} as ${as}`);
		return r.json;
	}

	// The row of breakdown @rows whose keys are @want, or null.
	const rowOf = (rows, want) => rows.find((r) => Object.keys(want).every((k) => r[k] === want[k])) || null;
	const cnt = (rows, want, m) => {
		const r = rowOf(rows, want);
		return r ? r[m] : 0;
	};
	// The differences @after - @before of every measure of a row, or of the
	// totals when @want is null.
	function delta(before, after, section, breakdown, want) {
		const out = {};
		for (const m of MEASURES[section]) {
			out[m] = want === null ? after[section].totals[m] - before[section].totals[m]
				: cnt(after[section][breakdown], want, m) - cnt(before[section][breakdown], want, m);
		}
		return out;
	}
	// @counts with zeros for the measures it leaves out.
	function full(section, counts) {
		const out = {};
		for (const m of MEASURES[section])
			out[m] = counts[m] || 0;
		return out;
	}

	async function signIn(nom) {
		const a = nom.subject_account;
		assert(a && typeof a.activation_code === 'string', `no subject_account in ${show(nom)}`);
		expectStatus(await activate(a.user, a.activation_code, SUBJECT_PASSWORD), 200,
		    `activate ${a.user}`);
		const l = await login(a.user, SUBJECT_PASSWORD);
		expectStatus(l, 200, `login ${a.user}`);
		tokens[a.user] = l.json.token;
		return a.user;
	}

	async function act(c, as, p, body, state) {
		const r = await api('POST', `/v1/cases/${c.id}${p}`, { as, body });
		expectStatus(r, 200, `${as}: POST ${c.id}${p} ${show(body)}`);
		if (state !== undefined)
			eq(r.json.state, state, `state after ${as}: POST ${p}`);
		return r.json;
	}

	// A case of @person (employed by its sponsor) nominated by the admin,
	// taken to @stage: nominated or adjudicating.
	async function caseAt(stage, person, authority = SDS) {
		const r = await api('POST', '/v1/cases', { as: 'admin', body: { person, authority,
			level: authority === SDS ? SDS_LEVEL : CESI_LEVEL, need: NEED } });
		expectStatus(r, 201, `nominate ${person}`);
		const p = (await api('GET', `/v1/persons/${person}`, { as: 'admin' })).json;
		const c = { id: r.json.id, p, authority };
		c.subj = await signIn(r.json);
		if (stage === 'nominated')
			return c;
		await act(c, c.subj, '/consent', { agree: true, signature: p.name,
			version: NOTICES[authority] }, 'questionnaire');
		const doc = JSON.parse(JSON.stringify(EXAMPLE));
		Object.assign(doc.identity, { name: p.name, name_latin: p.name_latin,
			birth_date: p.birth_date, nationalities: p.nationalities });
		delete doc.identity.name_reading;
		for (const [section, data] of Object.entries(doc))
			expectStatus(await api('PUT', `/v1/cases/${c.id}/answers/${section}`,
			    { as: c.subj, body: data }), 200, `save ${section}`);
		await act(c, c.subj, '/submit', { certify: true, signature: p.name }, 'submitted');
		await act(c, 'adjudicator', '/assign', { body: 'cao' }, 'investigating');
		await act(c, 'investigator', '/investigation/close', undefined, 'adjudicating');
		return c;
	}

	const deny = (c, reason) => act(c, 'adjudicator', '/decision', { outcome: 'deny',
		assessments: [{ item: 'finances', assessment: 'unfavorable', reason }] }, 'denied');
	const grant = (c) => act(c, 'adjudicator', '/decision', { outcome: 'grant',
		assessments: [{ item: 'finances', assessment: 'favorable' }] }, 'granted');

	// A concern about @person: its alert, found in the queue by its receipt.
	async function concern(person, text) {
		const r = await api('POST', '/v1/concerns', { as: 'subject', body: { person,
			type: 'conduct', text } });
		expectStatus(r, 202, `a concern about ${person}`);
		const q = await api('GET', '/v1/alerts?state=open&limit=1000', { as: 'investigator' });
		expectStatus(q, 200, 'the open alerts');
		const a = q.json.alerts.find((x) => x.record === r.json.receipt);
		assert(a, `the concern about ${person} raised an alert: ${show(r.json)}`);
		return a;
	}

	async function triage(a, state) {
		const as = a.body === 'tokiwa-screening' ? 'investigator-tokiwa' : 'investigator';
		expectStatus(await api('POST', `/v1/alerts/${a.id}/triage`, { as, body: { state } }), 200,
		    `triage ${a.id} ${state}`);
	}

	test('annual: the figures a year of our own adds, each from its audit entry', async () => {
		const year = thisYear();
		const before = await report(year);
		eq(before.year, year, 'the year is echoed');
		eq(before.from, `${year}-01-01`, 'from: 1 January, 00:00 UTC');
		eq(before.to, `${year + 1}-01-01`, 'to: a year on');

		await created('admin', '/v1/organizations', { id: GOV, name: 'Annual Report Agency',
			type: 'government', country: 'JPN' });
		await created('admin', '/v1/organizations', { id: GOV2, name: 'Annual Report Bureau',
			type: 'government', country: 'JPN' });
		const persons = [['t-an-p1', GOV], ['t-an-p2', GOV], ['t-an-p3', GOV2], ['t-an-p4', GOV2],
			['t-an-p5', GOV], ['t-an-p6', GOV], ['t-an-p7', GOV]];
		for (const [id, org] of persons)
			await created('admin', '/v1/persons', { id, name: `年報 ${id.slice(-2)}`,
				name_latin: `NENPO ${id.slice(-2).toUpperCase()}`, birth_date: '1981-05-05',
				nationalities: ['JPN'], org });

		// Designations: three, one renewed, one declassified.
		const item = (id, owner, field) => created('admin', '/v1/items', { id, title: `Annual ${id}`,
			owner, field, authority: SDS, level: SDS_LEVEL, valid_from: yearsFromNow(-1),
			valid_until: yearsFromNow(4) });
		await item('t-an-i1', GOV, 'diplomacy');
		await item('t-an-i2', GOV, 'terrorism');
		await item('t-an-i3', GOV2, 'diplomacy');
		expectStatus(await api('POST', '/v1/items/t-an-i1/renew', { as: 'admin',
			body: { valid_until: yearsFromNow(5) } }), 200, 'renew t-an-i1');
		expectStatus(await api('POST', '/v1/items/t-an-i2/declassify', { as: 'admin', body: {} }),
		    200, 'declassify t-an-i2');

		// Assessments: granted; denied, complaint rejected; interim, then
		// granted; denied, complaint upheld, granted; consent refused;
		// withdrawn.
		const c1 = await caseAt('adjudicating', 't-an-p1');
		await grant(c1);
		const c2 = await caseAt('adjudicating', 't-an-p2');
		await deny(c2, 'Unexplained debts.');
		await act(c2, c2.subj, '/complaint', { text: 'The debts are paid.' }, 'complaint');
		await act(c2, 'adjudicator2', '/complaint/review', { upheld: false,
			note: 'No evidence of payment.' }, 'rejected');
		const c5 = await caseAt('adjudicating', 't-an-p5');
		await act(c5, 'adjudicator', '/decision', { outcome: 'interim' }, 'interim');
		await grant(c5);
		const c7 = await caseAt('adjudicating', 't-an-p7');
		await deny(c7, 'Debts found at interview.');
		await act(c7, c7.subj, '/complaint', { text: 'The debts were settled.' }, 'complaint');
		await act(c7, 'adjudicator2', '/complaint/review', { upheld: true,
			note: 'The receipts show settlement.' }, 'adjudicating');
		await grant(c7);
		const c3 = await caseAt('nominated', 't-an-p3', CESI);
		await act(c3, c3.subj, '/consent', { agree: false }, 'refused');
		const c4 = await caseAt('nominated', 't-an-p4');
		await act(c4, c4.subj, '/withdraw', undefined, 'withdrawn');

		// Incidents: two recorded, one closed; nobody involved is cleared,
		// so no alert.
		const inc = (type) => created('admin', '/v1/incidents', { org: GOV, type, occurred: today(),
			handlers: ['t-an-p6'], recipients: [], items: ['t-an-i3'],
			narrative: `ZZANNUAL ${type}` });
		const i1 = await inc('mishandling');
		await inc('loss');
		expectStatus(await api('POST', `/v1/incidents/${i1.id}/close`, { as: 'admin',
			body: { outcome: 'Retrained; no disclosure.' } }), 200, 'close the incident');

		// Alerts: three concerns about our cleared persons; one valid, one
		// not valid, one left untriaged.
		const a1 = await concern('t-an-p1', 'ZZANNUAL one');
		const a2 = await concern('t-an-p1', 'ZZANNUAL two');
		await concern('t-an-p5', 'ZZANNUAL three');
		await triage(a1, 'valid');
		await triage(a2, 'not_valid');

		const after = await report(year);
		if (thisYear() !== year)
			throw new Skip(`the year turned while the test ran (${year} to ${thisYear()})`);

		// Designations: our organs' rows exactly, shared rows and totals as
		// differences.
		const d = (s, b, want) => delta(before, after, s, b, want);
		deepEq(d('designations', null, null), { designated: 3, renewed: 1, declassified: 1 },
		    'designations: totals');
		deepEq(after.designations.by_organ.filter((r) => r.organ === GOV || r.organ === GOV2), [
			{ organ: GOV, designated: 2, renewed: 1, declassified: 1 },
			{ organ: GOV2, designated: 1, renewed: 0, declassified: 0 },
		], 'designations by our organs');
		deepEq(d('designations', 'by_field', { field: 'diplomacy' }),
		    { designated: 2, renewed: 1, declassified: 0 }, 'designations: diplomacy');
		deepEq(d('designations', 'by_field', { field: 'terrorism' }),
		    { designated: 1, renewed: 0, declassified: 1 }, 'designations: terrorism');

		// Assessments: the organ is the sponsor.
		deepEq(d('assessments', null, null), full('assessments', { opened: 6, conducted: 5,
			granted: 3, denied: 2, interim: 1, refused: 1, withdrawn: 1 }), 'assessments: totals');
		deepEq(after.assessments.by_organ.filter((r) => r.organ === GOV || r.organ === GOV2), [
			Object.assign({ organ: GOV }, full('assessments', { opened: 4, conducted: 5, granted: 3,
				denied: 2, interim: 1 })),
			Object.assign({ organ: GOV2 }, full('assessments', { opened: 2, refused: 1,
				withdrawn: 1 })),
		], 'assessments by our organs');
		deepEq(d('assessments', 'by_level', { authority: SDS, level: SDS_LEVEL }),
		    full('assessments', { opened: 5, conducted: 5, granted: 3, denied: 2, interim: 1,
			    withdrawn: 1 }), `assessments: ${SDS} ${SDS_LEVEL}`);
		deepEq(d('assessments', 'by_level', { authority: CESI, level: CESI_LEVEL }),
		    full('assessments', { opened: 1, refused: 1 }), `assessments: ${CESI} ${CESI_LEVEL}`);
		// By organ, then authority and level: the second organ's two
		// nominations were at two levels, which neither breakdown above
		// shows on its own.
		deepEq(after.assessments.by_organ_level.filter((r) => r.organ === GOV || r.organ === GOV2), [
			Object.assign({ organ: GOV, authority: SDS, level: SDS_LEVEL }, full('assessments',
				{ opened: 4, conducted: 5, granted: 3, denied: 2, interim: 1 })),
			...[[CESI, CESI_LEVEL, { opened: 1, refused: 1 }], [SDS, SDS_LEVEL, { opened: 1, withdrawn: 1 }]]
				.sort((x, y) => (x[0] + '\0' + x[1] < y[0] + '\0' + y[1] ? -1 : 1))
				.map(([a, l, f]) => Object.assign({ organ: GOV2, authority: a, level: l }, full('assessments', f))),
		], 'assessments by our organs and levels');

		// Complaints: each filed once, though its entry is written twice.
		deepEq(d('complaints', null, null), { filed: 2, upheld: 1, rejected: 1 },
		    'complaints: totals');
		deepEq(after.complaints.by_organ.filter((r) => r.organ === GOV || r.organ === GOV2),
		    [{ organ: GOV, filed: 2, upheld: 1, rejected: 1 }], 'complaints by our organs');
		deepEq(d('complaints', 'by_level', { authority: SDS, level: SDS_LEVEL }),
		    { filed: 2, upheld: 1, rejected: 1 }, 'complaints: SDS');
		deepEq(after.complaints.by_organ_level.filter((r) => r.organ === GOV || r.organ === GOV2),
		    [{ organ: GOV, authority: SDS, level: SDS_LEVEL, filed: 2, upheld: 1, rejected: 1 }],
		    'complaints by our organs and levels');

		// Incidents by type.
		deepEq(d('incidents', null, null), { recorded: 2, closed: 1 }, 'incidents: totals');
		deepEq(d('incidents', 'by_type', { type: 'mishandling' }), { recorded: 1, closed: 1 },
		    'incidents: mishandling');
		deepEq(d('incidents', 'by_type', { type: 'loss' }), { recorded: 1, closed: 0 },
		    'incidents: loss');

		// Alerts and their validity.
		deepEq(d('alerts', null, null), full('alerts', { raised: 3, valid: 1, not_valid: 1,
			untriaged: 1 }), 'alerts: totals');
		deepEq(d('alerts', 'by_origin', { origin: 'concern' }), full('alerts', { raised: 3, valid: 1,
			not_valid: 1, untriaged: 1 }), 'alerts: concerns');

		// Every event above is one entry counted (the complaints' second
		// entries and the moves that count nowhere are not).
		eq(after.entries_counted - before.entries_counted, 5 + 18 + 3 + 5, 'entries counted');
		assert(after.log_size > before.log_size, 'the log grew');
		const head = await api('GET', '/v1/audit/head', { as: 'auditor' });
		assert(after.log_size <= head.json.size, `log_size ${after.log_size} within the head`);
		const text = JSON.stringify(after);
		for (const id of ['t-an-p1', 't-an-p5', 't-an-i1', c1.id, i1.id, a1.id])
			assert(!text.includes(id), `the report names ${id}`);

		// The admin reads the same figures.
		const adm = await report(year, 'admin');
		deepEq(adm.designations, after.designations, 'the admin reads the same report');
	});

	test('annual: a year with no events has every total, zero, and no rows', async () => {
		const r = await report(1999);
		eq(r.year, 1999);
		eq(r.from, '1999-01-01');
		eq(r.to, '2000-01-01');
		eq(r.entries_counted, 0);
		for (const [s, ms] of Object.entries(MEASURES)) {
			deepEq(Object.keys(r[s]).sort(), ['totals', ...Object.keys(BREAKDOWNS[s])].sort(),
			    `${s}: its keys`);
			deepEq(r[s].totals, full(s, {}), `${s}: zero totals`);
			eq(Object.keys(r[s].totals).join(','), ms.join(','), `${s}: the measures in order`);
			for (const b of Object.keys(BREAKDOWNS[s]))
				deepEq(r[s][b], [], `${s}.${b}: no rows`);
		}
		deepEq(Object.keys(r), ['year', 'from', 'to', 'log_size', 'entries_counted',
			'designations', 'assessments', 'complaints', 'incidents', 'alerts'], 'the keys in order');
	});

	test('annual: the CSV is one RFC 4180 table of the same figures', async () => {
		const year = thisYear();
		// A designation of an organ of our own, so the year has a row.
		await created('admin', '/v1/organizations', { id: 't-an-csv', name: 'Annual CSV Office',
			type: 'government', country: 'JPN' });
		await created('admin', '/v1/items', { id: 't-an-csv-i1', title: 'Annual CSV', owner: 't-an-csv',
			field: 'defense', authority: SDS, level: SDS_LEVEL, valid_from: yearsFromNow(-1),
			valid_until: yearsFromNow(4) });
		const j = await report(year);
		const r = await api('GET', `/v1/reports/annual?year=${year}&format=csv`, { as: 'auditor' });
		expectStatus(r, 200, 'the CSV');
		if (j.log_size !== (await report(year)).log_size || thisYear() !== year)
			throw new Skip('the log changed between the two reports');
		assert(/^text\/csv\b/.test(r.headers.get('content-type') || ''),
		    `content-type ${r.headers.get('content-type')}`);
		const rows = parseCsv(r.text, assert);
		eq(rows[0].join(','), CSV_HEADER, 'the header');
		const cols = rows[0];
		const body = rows.slice(1).map((f) => {
			eq(f.length, cols.length, `a line of ${cols.length} fields: ${show(f)}`);
			return Object.fromEntries(cols.map((c, i) => [c, f[i]]));
		});
		assert(body.every((x) => x.year === String(year)), 'every line names the year');
		// Every total, in order, zeros included.
		const totals = body.filter((x) => x.breakdown === 'total');
		const want = [];
		for (const [s, ms] of Object.entries(MEASURES))
			for (const m of ms)
				want.push(`${s} ${m} ${j[s].totals[m]}`);
		deepEq(totals.map((x) => `${x.section} ${x.measure} ${x.count}`), want, 'the totals');
		assert(totals.every((x) => ['organ', 'authority', 'level', 'field', 'type', 'origin']
			.every((k) => x[k] === '')), 'a total has no keys');
		// Every breakdown row's counters that are not zero, one line each.
		const lines = new Set(body.filter((x) => x.breakdown !== 'total').map((x) =>
			`${x.section} ${x.breakdown} ${x.organ}|${x.authority}|${x.level}|${x.field}|${x.type}|${x.origin} ${x.measure} ${x.count}`));
		let n = 0;
		for (const [s, bs] of Object.entries(BREAKDOWNS))
			for (const [b, keys] of Object.entries(bs))
				for (const row of j[s][b])
					for (const m of MEASURES[s]) {
						if (row[m] === 0)
							continue;
						n++;
						const k = ['organ', 'authority', 'level', 'field', 'type', 'origin']
							.map((c) => (keys.includes(c) ? row[c] || '' : '')).join('|');
						assert(lines.has(`${s} ${b} ${k} ${m} ${row[m]}`),
						    `no line for ${s}.${b} ${show(row)} ${m}`);
					}
		eq(body.length - totals.length, n, 'no other lines');
		assert(n > 0, 'some breakdown lines');
		deepEq(body.filter((x) => x.organ === 't-an-csv'), [{ year: String(year),
			section: 'designations', breakdown: 'by_organ', measure: 'designated', organ: 't-an-csv',
			authority: '', level: '', field: '', type: '', origin: '', count: '1' }], 'our organ\'s line');
		// format=json is the default.
		const r2 = await api('GET', `/v1/reports/annual?year=${year}&format=json`, { as: 'admin' });
		expectStatus(r2, 200, 'format=json');
		assert(/^application\/json\b/.test(r2.headers.get('content-type') || ''), 'JSON');
	});

	test('annual: auditors and admins only; a bad year is 400 on year', async () => {
		const y = thisYear();
		for (const as of ['officer', 'subject', 'investigator', 'adjudicator', 'designator', 'relying'])
			expectError(await api('GET', `/v1/reports/annual?year=${y}`, { as }), 403, 'forbidden', '',
			    `${as} reads no annual report`);
		for (const as of ['officer', 'subject'])
			expectError(await api('GET', `/v1/reports/annual?year=${y}&format=csv`, { as }), 403,
			    'forbidden', '', `${as} reads no CSV either`);
		for (const bad of ['1969', '10000', '26', 'abcd', '2026-01-01', '+2026', '', ' 2026'])
			expectError(await api('GET', `/v1/reports/annual?year=${encodeURIComponent(bad)}`,
			    { as: 'auditor' }), 400, 'invalid', 'year', `year ${show(bad)}`);
		const none = await api('GET', '/v1/reports/annual', { as: 'auditor' });
		expectError(none, 400, 'invalid', 'year', 'no year');
		assert(/year/.test(none.json.error.message), `the message says what: ${show(none.json)}`);
		expectError(await api('GET', `/v1/reports/annual?year=${y}&format=xml`, { as: 'auditor' }),
		    400, 'invalid', 'format', 'an unknown format');
		expectError(await api('GET', `/v1/reports/annual?year=${y}&at=2026-01-01`, { as: 'auditor' }),
		    400, 'invalid', 'at', 'an unknown parameter');
		expectError(await api('GET', `/v1/reports/annual?year=${y}&year=${y}`, { as: 'auditor' }),
		    400, 'invalid', 'year', 'the year twice');
		expectStatus(await api('GET', '/v1/reports/annual?year=1970', { as: 'auditor' }), 200,
		    'the first year');
		expectStatus(await api('GET', '/v1/reports/annual?year=9999', { as: 'auditor' }), 200,
		    'the last year');
	});
}

module.exports = { register };
