// SPDX-License-Identifier: Apache-2.0
//
// cv.js - the API tests of continuous vetting (POST /v1/cv/feeds,
// /v1/alerts...; src/ops/cv.c, src/ops/alert.c; docs/continuous-vetting.md):
// a feed matched across scripts, alerts raised once for enrolled persons,
// who sees which alert (DESIGN.md section 2: the investigators of the
// responsible screening body), the sealed narrative read on the record,
// triage that suspends at once for the access decision, and the figures.
//
// run.js loads this file: register(h) adds the tests.
'use strict';

function register(h) {
	const { test, api, assert, eq, deepEq, show, expectStatus, expectError, created,
		yearsFromNow, auditEntries } = h;

	const INVESTIGATORS = ['investigator', 'investigator-tokiwa'];
	let feedResults = null;
	let aliceAlert = null; // the alert of t-cv-p1 (大野 太郎)
	let saitoAlert = null; // the alert of t-cv-p3 (斎藤 一郎)
	let owner = null;      // the investigator whose body holds aliceAlert

	const feed = (records, name = 't-cv-feed-1') => ({ name, records });
	const RECORDS = [
		// katakana, both names, the birth date: t-cv-p1
		{ id: 'cv-r1', source: 'npa', type: 'arrest', date: '2026-03-02', name: 'オオノ タロウ',
			birth_date: '1980-04-01', summary: 'ZZCVSUMMARY arrested on suspicion of fraud' },
		// Latin, a Hepburn variant, the other order: t-cv-p2, who holds no clearance
		{ id: 'cv-r2', source: 'court', type: 'conviction', date: '2026-04-01',
			name: 'Hanako SATOH', birth_date: '1975-07-07', nationality: 'JPN' },
		// a namesake of t-cv-p1 born another day
		{ id: 'cv-r3', source: 'npa', type: 'arrest', date: '2026-05-05', name: '大野 太郎',
			birth_date: '1991-11-11' },
		// a variant kanji and no space: t-cv-p3
		{ id: 'cv-r4', source: 'credit', type: 'bankruptcy', date: '2026-06-01',
			name: '齋藤一郎', birth_date: '1970-02-03', summary: 'bankruptcy declared' },
	];

	test('cv: the register of our own (persons with identity fields, clearances, an item)', async () => {
		await created('admin', '/v1/organizations', { id: 't-cv-gov', name: 'CV Agency',
			type: 'government', country: 'JPN' });
		const person = (id, name, name_latin, birth_date, extra = {}) => created('admin',
			'/v1/persons', Object.assign({ id, name, name_latin, birth_date,
				nationalities: ['JPN'], org: 't-cv-gov' }, extra));
		const p1 = await person('t-cv-p1', '大野 太郎', 'ONO Taro', '1980-04-01',
			{ name_kana: 'オオノ タロウ', name_passport: 'ONO TARO', aliases: ['小林 太郎'] });
		eq(p1.name_kana, 'オオノ タロウ', 'name_kana kept as given');
		deepEq(p1.aliases, ['小林 太郎'], 'aliases kept as given');
		await person('t-cv-p2', '佐藤 花子', 'SATO Hanako', '1975-07-07');
		await person('t-cv-p3', '斎藤 一郎', 'SAITO Ichiro', '1970-02-03',
			{ name_kana: 'サイトウ イチロウ' });
		expectError(await api('POST', '/v1/persons', { as: 'admin', body: { id: 't-cv-bad',
			name: '某', name_latin: 'BO', birth_date: '1980-01-01', nationalities: ['JPN'],
			org: 't-cv-gov', name_kana: 'BO' } }), 400, 'invalid', 'name_kana', 'kana');
		for (const p of ['t-cv-p1', 't-cv-p3'])
			// JPN-SDS: the alerts go to a body accredited for it (cao,
			// the investigator's: the first of the least loaded)
			await created('adjudicator', '/v1/clearances', { person: p, authority: 'JPN-SDS',
				level: 'TOKUTEI_HIMITSU', status: 'active', valid_from: yearsFromNow(-1),
				valid_until: yearsFromNow(4) });
		await created('admin', '/v1/items', { id: 't-cv-item', title: 'CV probe', owner: 'mod',
			field: 'defense', authority: 'JPN-SDS', level: 'TOKUTEI_HIMITSU',
			valid_from: yearsFromNow(-1), valid_until: yearsFromNow(4) });
		const d = await api('POST', '/v1/decisions', { as: 'relying',
			body: { subject: 't-cv-p3', item: 't-cv-item' } });
		expectStatus(d, 200);
		eq(d.json.allow, true, 't-cv-p3 may see the item before any alert');
	});

	test('cv: POST /v1/cv/feeds matches across scripts and raises alerts for enrolled persons', async () => {
		const r = await api('POST', '/v1/cv/feeds', { as: 'investigator', body: feed(RECORDS) });
		expectStatus(r, 200);
		feedResults = r.json.results;
		deepEq(feedResults.map((x) => x.record), ['cv-r1', 'cv-r2', 'cv-r3', 'cv-r4'], 'one result per record, in order');
		const [r1, r2, r3, r4] = feedResults;
		eq(r1.person, 't-cv-p1', `katakana finds 大野 太郎: ${show(r1)}`);
		// a link where birth dates are rare; the API's register holds many
		// persons born on a few dates, so a review is as right here
		assert(r1.decision !== 'none', `katakana with the birth date matches: ${show(r1)}`);
		eq(r1.levels.family, 'exact', 'オオノ is ONO exactly (passport Hepburn)');
		assert(r1.alert && r1.enrolled === true, `an enrolled person's link is an alert: ${show(r1)}`);
		eq(r2.person, 't-cv-p2', `SATOH Hanako, given name first, is 佐藤 花子: ${show(r2)}`);
		assert(r2.decision !== 'none', `a folded spelling still matches: ${show(r2)}`);
		eq(r2.enrolled, false, 'no clearance, no open case: not enrolled');
		assert(r2.alert === undefined, 'no alert for a person not enrolled');
		eq(r3.decision, 'none', `a namesake born another day is nobody: ${show(r3)}`);
		eq(r3.person, null, 'none names no person');
		deepEq(r3.weights, {}, 'none shows no weights');
		eq(r4.person, 't-cv-p3', `齋藤一郎 (a variant, no space) is 斎藤 一郎: ${show(r4)}`);
		eq(r4.levels.family, 'folded', '齋 folds to 斎');
		assert(r4.alert, 'an alert for t-cv-p3');
		aliceAlert = r1.alert;
		saitoAlert = r4.alert;
		eq(r.json.summary.records, 4);
		eq(r.json.summary.alerts, 2, 'two alerts raised');
		const again = await api('POST', '/v1/cv/feeds', { as: 'investigator', body: feed(RECORDS) });
		expectStatus(again, 200);
		eq(again.json.summary.alerts, 0, 'the same feed matched again raises no alert twice');
		eq(again.json.results[0].alert, aliceAlert, 'and names the alert raised before');
		const log = await auditEntries('action=cv_match');
		assert(log.some((e) => e.object === 't-cv-feed-1' && e.kind === 'feed'),
			'each match is an audit entry cv_match naming the feed');
	});

	test('cv: a bad feed names the record and the member, and raises nothing', async () => {
		const before = await api('GET', '/v1/alerts/stats', { as: 'auditor' });
		expectError(await api('POST', '/v1/cv/feeds', { as: 'investigator', body: feed([RECORDS[0],
			Object.assign({}, RECORDS[1], { birth_date: '1975-02-30' })], 't-cv-bad') }),
		400, 'invalid', 'records[1]: birth_date');
		expectError(await api('POST', '/v1/cv/feeds', { as: 'investigator', body: feed([
			Object.assign({ colour: 'red' }, RECORDS[0])], 't-cv-bad') }),
		400, 'invalid', 'records[0]: colour');
		expectError(await api('POST', '/v1/cv/feeds', { as: 'investigator', body: feed([RECORDS[0],
			RECORDS[0]], 't-cv-bad') }), 400, 'invalid', 'records[1]: id', 'repeats');
		expectError(await api('POST', '/v1/cv/feeds', { as: 'investigator',
			body: { name: 't-cv-bad', records: [] } }), 400, 'invalid', 'records');
		expectError(await api('POST', '/v1/cv/feeds', { as: 'investigator',
			body: { records: RECORDS } }), 400, 'invalid', 'name');
		expectError(await api('POST', '/v1/cv/feeds', { as: 'investigator',
			body: { name: 'x', records: RECORDS, extra: 1 } }), 400, 'invalid', 'extra');
		const after = await api('GET', '/v1/alerts/stats', { as: 'auditor' });
		eq(after.json.alerts, before.json.alerts, 'nothing raised by refused feeds');
	});

	test('cv: the investigators of the responsible body see the alert; others read it as missing', async () => {
		const seen = {};
		for (const who of INVESTIGATORS) {
			const r = await api('GET', '/v1/alerts?state=open&limit=1000', { as: who });
			expectStatus(r, 200);
			seen[who] = r.json.alerts.some((a) => a.id === aliceAlert);
			for (const a of r.json.alerts)
				assert(a.narrative === undefined, 'the queue never carries narratives');
		}
		assert(seen.investigator && !seen['investigator-tokiwa'],
			`cao holds the alert, tokiwa-screening (not accredited for JPN-SDS) does not: ${show(seen)}`);
		owner = 'investigator';
		const other = owner === 'investigator' ? 'investigator-tokiwa' : 'investigator';
		expectError(await api('GET', `/v1/alerts/${aliceAlert}`, { as: other }), 404, 'not_found', 'id');
		expectError(await api('POST', `/v1/alerts/${aliceAlert}/triage`, { as: other,
			body: { state: 'valid' } }), 404, 'not_found', 'id');
		for (const as of ['admin', 'officer', 'subject', 'adjudicator', 'designator', 'auditor', 'relying'])
			expectStatus(await api('GET', `/v1/alerts/${aliceAlert}`, { as }), 403, `GET alert as ${as}`);
		const r = await api('GET', `/v1/alerts/${aliceAlert}?purpose=${encodeURIComponent('weekly triage')}`,
			{ as: owner });
		expectStatus(r, 200);
		eq(r.json.person, 't-cv-p1');
		eq(r.json.state, 'open');
		assert(r.json.match === 'link' || r.json.match === 'review', 'a feed alert says how it matched');
		eq(r.json.weights.family.level, 'exact', 'the evidence per field is kept with the alert');
		assert(typeof r.json.weights.score === 'number', 'and the score');
		assert(r.json.narrative.includes('ZZCVSUMMARY'), `the narrative opens: ${show(r.json)}`);
		assert(r.json.narrative.includes('オオノ タロウ'), 'with the name as the source wrote it');
		const reads = await auditEntries('action=read&kind=alert');
		assert(reads.some((e) => e.object === aliceAlert && e.purpose === 'weekly triage'),
			'the read is on the record with its purpose');
	});

	test('cv: triage marks the alert; a valid one suspends at once for the access decision', async () => {
		const saitoOwner = 'investigator';
		expectError(await api('POST', `/v1/alerts/${saitoAlert}/triage`, { as: saitoOwner,
			body: { state: 'not_valid', suspend: true } }), 400, 'invalid', 'suspend');
		expectError(await api('POST', `/v1/alerts/${saitoAlert}/triage`, { as: saitoOwner,
			body: { state: 'open' } }), 400, 'invalid', 'state');
		expectError(await api('POST', `/v1/alerts/${saitoAlert}/triage`, { as: saitoOwner,
			body: { state: 'valid', suspend: 'yes' } }), 400, 'invalid', 'suspend');
		const t = await api('POST', `/v1/alerts/${saitoAlert}/triage`, { as: saitoOwner,
			body: { state: 'valid', suspend: true } });
		expectStatus(t, 200);
		eq(t.json.state, 'valid');
		eq(t.json.suspended, true);
		assert(t.json.triaged && t.json.triaged_by, 'who and when');
		const d = await api('POST', '/v1/decisions', { as: 'relying',
			body: { subject: 't-cv-p3', item: 't-cv-item' } });
		expectStatus(d, 200);
		eq(d.json.allow, false, 'suspended at once');
		eq(d.json.reason, 'suspended');
		expectError(await api('POST', `/v1/alerts/${saitoAlert}/triage`, { as: saitoOwner,
			body: { state: 'not_valid' } }), 409, 'conflict', 'state', 'triaged already');
		const t2 = await api('POST', `/v1/alerts/${aliceAlert}/triage`, { as: owner,
			body: { state: 'self_reported' } });
		expectStatus(t2, 200);
		eq(t2.json.suspended, false);
		const log = await auditEntries('action=triage&kind=alert');
		// The purpose holds the state, and the origin the annual report
		// counts it by (docs/oversight.md).
		assert(log.some((e) => e.object === saitoAlert && e.purpose === 'state=valid origin=feed'),
		    `triage is audited: ${show(log.filter((e) => e.object === saitoAlert))}`);
	});

	test('cv: the figures for auditors and admins (counts only), refused to the others', async () => {
		const r = await api('GET', '/v1/alerts/stats', { as: 'auditor' });
		expectStatus(r, 200);
		assert(r.json.alerts >= 2 && r.json.triaged >= 2, `counts: ${show(r.json)}`);
		const row = r.json.by_source_type.find((x) => x.source === 'credit' && x.type === 'bankruptcy');
		assert(row && row.valid >= 1, `by source and type: ${show(r.json.by_source_type)}`);
		assert(r.json.self_reported_share > 0 && r.json.self_reported_share < 1,
			'a share of the valid were self-reported');
		assert(!JSON.stringify(r.json).includes('t-cv-p'), 'never a person');
		expectStatus(await api('GET', '/v1/alerts/stats', { as: 'admin' }), 200);
		for (const as of ['officer', 'subject', 'adjudicator', 'designator', 'relying'])
			expectStatus(await api('GET', '/v1/alerts/stats', { as }), 403, `stats as ${as}`);
		expectError(await api('GET', '/v1/alerts/stats?from=yesterday', { as: 'auditor' }), 400,
			'invalid', 'from');
		for (const as of ['admin', 'officer', 'subject', 'adjudicator', 'auditor'])
			expectStatus(await api('POST', '/v1/cv/feeds', { as, body: feed(RECORDS, 't-cv-x') }), 403,
				`feeds as ${as}`);
	});

	test('cv: a concern about a cleared person becomes an alert; the reporter stays unnamed unless they say', async () => {
		const before = (await api('GET', '/v1/alerts/stats', { as: 'auditor' })).json.alerts;
		const r = await api('POST', '/v1/concerns', { as: 'subject', body: { person: 't-cv-p1',
			type: 'foreign_contact', text: 'ZZCONCERN meets a foreign official weekly' } });
		expectStatus(r, 202);
		assert(/^CR-/.test(r.json.receipt), `a receipt: ${show(r.json)}`);
		const q = await api('GET', '/v1/alerts?state=open&limit=1000', { as: 'investigator' });
		const a = q.json.alerts.find((x) => x.origin === 'concern' && x.record === r.json.receipt);
		assert(a, `the concern is in the investigators' queue: ${show(q.json.alerts.map((x) => x.origin))}`);
		eq(a.type, 'foreign_contact');
		eq(a.match, 'none', 'a concern is no match');
		const full = await api('GET', `/v1/alerts/${a.id}`, { as: 'investigator' });
		assert(full.json.narrative.includes('ZZCONCERN'), 'the text is the narrative');
		assert(!full.json.narrative.includes('reported by'), 'no reporter named');
		const made = await auditEntries('action=create&kind=alert');
		const e = made.find((x) => x.object === a.id);
		assert(e && e.actor === 'anonymous', `the audit log names no reporter: ${show(e)}`);
		// a valid concern opens a review case, held by the alert's body
		const rv = await api('POST', `/v1/alerts/${a.id}/triage`, { as: 'investigator',
			body: { state: 'valid', review: true } });
		expectStatus(rv, 200);
		assert(/^C-/.test(rv.json.review_case), `a review case: ${show(rv.json)}`);
		const rc = await api('GET', `/v1/cases/${rv.json.review_case}`, { as: 'investigator' });
		expectStatus(rc, 200, 'the investigators of the body see the review case');
		eq(rc.json.type, 'review');
		eq(rc.json.person, 't-cv-p1');
		expectError(await api('GET', `/v1/alerts/${a.id}?purpose=${'x'.repeat(201)}`, { as: 'investigator' }),
			400, 'invalid', 'purpose');
		const named = await api('POST', '/v1/concerns', { as: 'officer', body: { person: 't-cv-p1',
			type: 'conduct', date: '2026-11-30', text: 'left a classified binder in a taxi',
			reporter: 'YAMADA Hanako, security desk' } });
		expectStatus(named, 202);
		const q2 = await api('GET', '/v1/alerts?state=open&limit=1000', { as: 'investigator' });
		const b = q2.json.alerts.find((x) => x.record === named.json.receipt);
		const bf = await api('GET', `/v1/alerts/${b.id}`, { as: 'investigator' });
		assert(bf.json.narrative.includes('reported by: YAMADA Hanako'), 'a reporter who gives a name is kept');
		eq(bf.json.date, '2026-11-30');
		// Nobody learns who is cleared: the same answer for a stranger and for
		// a person without a clearance, and nothing kept.
		for (const person of ['t-cv-nobody', 't-cv-p2']) {
			const x = await api('POST', '/v1/concerns', { as: 'subject', body: { person,
				type: 'other', text: 'something odd' } });
			expectStatus(x, 202, `a concern about ${person}`);
			assert(/^CR-/.test(x.json.receipt), 'the same receipt');
		}
		const after = (await api('GET', '/v1/alerts/stats', { as: 'auditor' })).json.alerts;
		eq(after, before + 2, 'two alerts, none for the stranger or the person not cleared');
		expectError(await api('POST', '/v1/concerns', { as: 'subject', body: { person: 't-cv-p1',
			type: 'gossip', text: 'x' } }), 400, 'invalid', 'type');
		expectError(await api('POST', '/v1/concerns', { as: 'subject', body: { person: 't-cv-p1',
			type: 'other' } }), 400, 'invalid', 'text');
		expectError(await api('POST', '/v1/concerns', { as: 'subject', body: { person: 't-cv-p1',
			type: 'other', text: 'x', date: '2026-02-30' } }), 400, 'invalid', 'date');
		expectStatus(await api('POST', '/v1/concerns', { as: 'relying', body: { person: 't-cv-p1',
			type: 'other', text: 'x' } }), 403);
	});

	test('cv: self-reports: the duties, late or on time, the alerts they raise, a later feed record marked self-reported', async () => {
		const day = (n) => new Date(Date.now() + n * 86400e3).toISOString().slice(0, 10);
		const duties = await api('GET', '/v1/self-reports/duties?authority=JPN-CESI', { as: 'subject' });
		expectStatus(duties, 200);
		const travel = duties.json.duties.find((d) => d.type === 'foreign_travel');
		assert(travel && travel.pre_approval && travel.after === 'end' && travel.due_business_days === 5,
			`foreign travel: approved before, due 5 business days after return: ${show(travel)}`);
		const file = (body) => api('POST', '/v1/me/self-reports', { as: 'subject', body });
		// asking approval of a journey ahead: on time, no alert (the duty
		// raises one for late reports and deviations only)
		const ask = await file({ type: 'foreign_travel', date: day(30), pre_approval: true,
			details: { destination: 'Seoul', purpose: 'conference ZZSELFREPORT' } });
		expectStatus(ask, 201);
		eq(ask.json.late, false, 'asked in time');
		eq(ask.json.alert, undefined, 'no alert for a request in time');
		eq(ask.json.person, 'p-demo-subject');
		assert(['JPN-CESI', 'JPN-SDS'].includes(ask.json.authority),
			`under the duties of the clearance held: ${show(ask.json.authority)}`);
		// a journey reported two weeks after return: late, an alert
		const back = await file({ type: 'foreign_travel', date: day(-40), returned: day(-20),
			details: { destination: 'Shanghai' } });
		expectStatus(back, 201);
		eq(back.json.late, true, 'reported after its due date');
		assert(back.json.alert, 'a late report raises an alert');
		assert(back.json.due > day(-20), 'due after the return');
		// an arrest raises an alert always
		const arrest = await file({ type: 'arrest', date: day(-1), details: { what: 'questioned, released' } });
		expectStatus(arrest, 201);
		eq(arrest.json.late, false, 'reported the next day');
		assert(arrest.json.alert, 'an arrest always raises an alert');
		const al = await api('GET', `/v1/alerts/${arrest.json.alert}`, { as: 'investigator' });
		if (al.status === 200) {
			eq(al.json.origin, 'self_report');
			assert(al.json.narrative.includes('questioned, released'), 'the details reach the investigator');
		}
		// refusals name the field
		expectError(await file({ type: 'space_travel', date: day(-1) }), 400, 'invalid', 'type', 'foreign_travel');
		expectError(await file({ type: 'arrest', date: day(3) }), 400, 'invalid', 'date', 'future');
		expectError(await file({ type: 'arrest', date: day(-1), details: { n: 3 } }), 400, 'invalid', 'details.n');
		expectError(await file({ type: 'arrest', date: day(-1), colour: 'red' }), 400, 'invalid', 'colour');
		expectError(await file({ type: 'arrest', date: day(-1), pre_approval: true }), 400, 'invalid',
			'pre_approval');
		expectError(await file({ type: 'foreign_travel', date: day(-5), returned: day(-9) }), 400,
			'invalid', 'returned');
		// the person's own reports, details opened, the read on the record
		const mine = await api('GET', '/v1/me/self-reports', { as: 'subject' });
		expectStatus(mine, 200);
		const a = mine.json.self_reports.find((x) => x.id === ask.json.id);
		eq(a.details.purpose, 'conference ZZSELFREPORT', 'the details open for their owner');
		const reads = await auditEntries('action=read&kind=self_report');
		assert(reads.some((e) => e.object === 'p-demo-subject/self_reports'), 'the read is audited');
		// a feed record about the reported journey, matched later: already
		// self-reported, out of the open queue
		const f = await api('POST', '/v1/cv/feeds', { as: 'investigator', body: { name: 't-cv-feed-sr',
			records: [{ id: 'cv-sr-1', source: 'immigration', type: 'departure', date: day(-39),
				name: 'サトウ ミサキ', birth_date: '1988-07-14' }] } });
		expectStatus(f, 200);
		const res = f.json.results[0];
		eq(res.person, 'p-demo-subject', `the departure is Misaki's: ${show(res)}`);
		assert(res.alert, `an alert: ${show(res)}`);
		const who = (await api('GET', `/v1/alerts/${res.alert}`, { as: 'investigator' })).status === 200
			? 'investigator' : 'investigator-tokiwa';
		const fa = await api('GET', `/v1/alerts/${res.alert}`, { as: who });
		expectStatus(fa, 200);
		eq(fa.json.state, 'self_reported', 'marked already self-reported');
		assert(/^scs:self-report SR-/.test(fa.json.triaged_by), `by the report: ${show(fa.json.triaged_by)}`);
	});

	test('cv: incidents: recorded by the officer, exposure from the penalties table, suspensions, alerts, closing, the report', async () => {
		// officer belongs to owari-hi; p14 鈴木 一郎 is its staff (JPN-SDS)
		const item = await created('admin', '/v1/items', { id: 't-cv-inc-item', title: 'Sonar spec',
			owner: 'mod', field: 'defense', authority: 'JPN-SDS', level: 'TOKUTEI_HIMITSU',
			valid_from: yearsFromNow(-1), valid_until: yearsFromNow(4) });
		assert(item, 'an SDS item');
		const body = { type: 'intentional_disclosure', occurred: '2026-11-20',
			handlers: ['p14'], recipients: ['t-cv-p2'], items: ['t-cv-inc-item'],
			narrative: 'ZZINCIDENT handed the sonar spec to an outsider', suspend: ['p14'] };
		const r = await api('POST', '/v1/incidents', { as: 'officer', body });
		expectStatus(r, 201);
		const inc = r.json;
		eq(inc.org, 'owari-hi', "the officer's own organization");
		eq(inc.narrative, undefined, 'the answer carries no narrative');
		const h = inc.exposure.find((x) => x.person === 'p14');
		eq(h.part, 'handled');
		eq(h.max_prison_years, 10, `SDS, intentional, handled: 10 years: ${show(h)}`);
		const rcv = inc.exposure.find((x) => x.person === 't-cv-p2');
		eq(rcv.max_prison_years, 5, `SDS, intentional, received: 5 years: ${show(rcv)}`);
		const d = await api('POST', '/v1/decisions', { as: 'relying',
			body: { subject: 'p14', item: 't-cv-inc-item' } });
		eq(d.json.reason, 'suspended', 'the handler is suspended at once');
		const q = await api('GET', '/v1/alerts?limit=1000', { as: 'investigator' });
		assert(q.json.alerts.some((a) => a.origin === 'incident' && a.record === inc.id && a.person === 'p14'),
			'the cleared person involved gets an alert');
		assert(!q.json.alerts.some((a) => a.record === inc.id && a.person === 't-cv-p2'),
			'no alert for someone without a clearance');
		// who reads it
		const full = await api('GET', `/v1/incidents/${inc.id}?purpose=review`, { as: 'adjudicator' });
		expectStatus(full, 200);
		assert(full.json.narrative.includes('ZZINCIDENT'), 'the narrative opens for vetting');
		expectStatus(await api('GET', `/v1/incidents/${inc.id}`, { as: 'officer' }), 200);
		expectError(await api('GET', `/v1/incidents/${inc.id}`, { as: 'officer2' }), 404, 'not_found', 'id');
		expectStatus(await api('GET', `/v1/incidents/${inc.id}`, { as: 'admin' }), 403);
		const reads = await auditEntries('action=read&kind=incident');
		assert(reads.some((e) => e.object === inc.id && e.purpose === 'review'), 'the read is audited');
		const mine = await api('GET', '/v1/incidents', { as: 'officer2' });
		assert(!mine.json.incidents.some((x) => x.id === inc.id), "another organization's officer does not list it");
		// refusals
		expectError(await api('POST', '/v1/incidents', { as: 'officer', body: Object.assign({}, body,
			{ type: 'espionage' }) }), 400, 'invalid', 'type');
		expectError(await api('POST', '/v1/incidents', { as: 'officer', body: Object.assign({}, body,
			{ handlers: ['t-cv-ghost'], suspend: [] }) }), 400, 'invalid', 'handlers[0]');
		expectError(await api('POST', '/v1/incidents', { as: 'officer', body: Object.assign({}, body,
			{ recipients: ['p14'], suspend: [] }) }), 400, 'invalid', 'recipients');
		expectError(await api('POST', '/v1/incidents', { as: 'officer', body: Object.assign({}, body,
			{ suspend: ['p01'] }) }), 400, 'invalid', 'suspend');
		expectError(await api('POST', '/v1/incidents', { as: 'officer', body: Object.assign({}, body,
			{ org: 'mod' }) }), 403, 'forbidden', 'org');
		expectError(await api('POST', '/v1/incidents', { as: 'officer', body: Object.assign({}, body,
			{ narrative: '' }) }), 400, 'invalid', 'narrative');
		// closing
		const closed = await api('POST', `/v1/incidents/${inc.id}/close`, { as: 'officer',
			body: { outcome: 'referred to the prosecutor' } });
		expectStatus(closed, 200);
		eq(closed.json.outcome, 'referred to the prosecutor');
		expectError(await api('POST', `/v1/incidents/${inc.id}/close`, { as: 'officer',
			body: { outcome: 'again' } }), 409, 'conflict', 'closed');
		// the report: counts only
		const rep = await api('GET', '/v1/reports/incidents', { as: 'auditor' });
		expectStatus(rep, 200);
		assert(rep.json.by_type.intentional_disclosure >= 1 && rep.json.by_organization['owari-hi'] >= 1 &&
			rep.json.by_authority['JPN-SDS'] >= 1, `counted by type, organization, authority: ${show(rep.json)}`);
		assert(!JSON.stringify(rep.json).includes('p14'), 'never a person');
		expectStatus(await api('GET', '/v1/reports/incidents', { as: 'officer' }), 403);
	});
}

module.exports = { register };
