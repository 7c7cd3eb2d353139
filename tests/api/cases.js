// SPDX-License-Identifier: Apache-2.0
//
// cases.js - the API tests of vetting cases (DESIGN.md sections 2, 4 and 7;
// src/ops/case.c): who sees what of a case, one end-to-end test per path of
// the lifecycle, the questionnaire's validation, sealed answers and findings
// (a canary string), and the answers to events a state does not allow.
//
// run.js loads this file: beforeServe(h) runs before `scs serve` starts (it
// writes an adverse-records feed and configures it with `scs checks feed`),
// register(h) adds the tests.  `h` holds the runner's helpers (see run.js).
//
// Persons (data/demo.jsonl), each in one test only:
//   p15 granted by hand, p14 e-adjudicated (clear record checks), p16 denied
//   (a record-check hit), complaint upheld, then granted; p01 refuses
//   consent; p02 withdraws after a return and p03 refuses, side by side;
//   p04 is returned three times; p-demo-subject and p13 are the matrix's;
//   p05 the questionnaire's bad answers; p06 the canary; p07 the illegal
//   transitions; p11 and others the nomination rules.  Accounts of their
//   own: officer-mod (mod), adjudicator2 (cao), investigator-tokiwa
//   (tokiwa-screening, a screening body not accredited for JPN-SDS).
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const SDS = 'JPN-SDS';
const SDS_LEVEL = 'TOKUTEI_HIMITSU';
const CESI = 'JPN-CESI';
const CESI_LEVEL = 'JUYO_KEIZAI_ANPO';
const NOTICE = 'JPN-SDS-2026-1';
const NOTICES = { [SDS]: NOTICE, [CESI]: 'JPN-CESI-2026-1' };
const NEED = 'Work on designated defense information (API test)';
const SUBJECT_PASSWORD = 'case-subject-password-2026';
const RULE = 'JPN-SDS-clean';

// What a sponsor (security officer, admin) sees of a case: never its state.
const SPONSOR_KEYS = ['authority', 'id', 'level', 'need', 'opened', 'outcome', 'person',
	'sponsor', 'type'];
const PHASES = ['consent', 'questionnaire', 'initiation', 'investigation', 'adjudication'];
const PHASE_OF = {
	awaiting_consent: 'consent', questionnaire: 'questionnaire', submitted: 'initiation',
	investigating: 'investigation', adjudicating: 'adjudication',
};

// The adverse-records feed (docs/record-checks.md): one record matches p16
// (name, birth date, nationality); the others name p14 and p15 but differ
// in birth date or nationality, so they are clear.
const FEED_HIT = {
	id: 'np-t-0001', source: 'police', name: '岡本 聡子', name_latin: 'OKAMOTO Satoko',
	birth_date: '1977-11-02', nationality: 'JPN', date: '2019-03-02',
	summary: 'arrest, theft of documents', item: 'criminal_disciplinary',
};
const FEED = [
	'# adverse records for the API tests of vetting cases',
	JSON.stringify(FEED_HIT),
	JSON.stringify({ id: 'tdc-t-0002', source: 'court', name: '鈴木 一郎',
		birth_date: '1966-03-10', date: '2020-01-15', summary: 'fine, 300000 yen' }),
	JSON.stringify({ id: 'bk-t-0003', source: 'bankruptcy', name_latin: 'Ichiro Suzuki',
		birth_date: '1966-03-09', nationality: 'KOR', date: '2021-06-30' }),
	JSON.stringify({ id: 'np-t-0004', source: 'police', name_latin: 'MORI Kenji',
		birth_date: '1987-01-18', nationality: 'USA', date: '2022-02-02' }),
	'',
];

let feedError = 'beforeServe did not run';

// Called by run.js after the register is made and before the server
// starts: the feed, configured with the integrator's command.
function beforeServe(h) {
	const file = path.join(h.tmpdir(), 'adverse-records.jsonl');
	fs.writeFileSync(file, FEED.join('\n'));
	try {
		h.cli(['--db', h.db(), 'checks', 'feed', file]);
		feedError = null;
	} catch (e) {
		feedError = e.message;
	}
}

function register(h) {
	const { test, api, tokens, assert, eq, deepEq, canon, show, describe, expectStatus,
		expectError, created, login, activate, yearsFromNow, q } = h;

	const EXAMPLES = {};
	for (const a of [SDS, CESI])
		EXAMPLES[a] = JSON.parse(fs.readFileSync(path.join(h.REPO, 'data', 'questionnaires',
		    `${a}.json`), 'utf8')).example;

	// ---- helpers ----

	function sleep(ms) {
		return new Promise((resolve) => setTimeout(resolve, ms));
	}

	function needFeed() {
		assert(feedError === null, 'record checks need `scs --db DB checks feed FILE`, ' +
		    `which failed before the server started: ${feedError}`);
	}

	function withoutAccount(o) {
		const x = Object.assign({}, o);
		delete x.subject_account;
		return x;
	}

	function keys(o) {
		return Object.keys(o).sort();
	}

	async function personOf(id) {
		const r = await api('GET', `/v1/persons/${id}`, { as: 'admin' });
		expectStatus(r, 200, `read person ${id}`);
		return r.json;
	}

	// A complete valid answer document for @p: the schema's example with
	// the person's identity.
	function answersFor(p, authority = SDS) {
		const doc = JSON.parse(JSON.stringify(EXAMPLES[authority]));
		doc.identity.name = p.name;
		doc.identity.name_latin = p.name_latin;
		doc.identity.birth_date = p.birth_date;
		doc.identity.nationalities = p.nationalities;
		delete doc.identity.name_reading;
		return doc;
	}

	function nominate(as, person, extra) {
		return api('POST', '/v1/cases', { as, body: Object.assign({ person, authority: SDS,
			level: SDS_LEVEL, need: NEED }, extra || {}) });
	}

	// The subject's account made by a nomination: activated and signed in.
	async function signIn(nom) {
		const a = nom.subject_account;
		assert(a && typeof a.user === 'string' && typeof a.activation_code === 'string',
		    `no subject_account in ${show(nom)}`);
		eq(a.user, nom.person, 'the subject account is named after the person');
		expectStatus(await activate(a.user, a.activation_code, SUBJECT_PASSWORD), 200,
		    `activate ${a.user}`);
		const l = await login(a.user, SUBJECT_PASSWORD);
		expectStatus(l, 200, `login ${a.user}`);
		tokens[a.user] = l.json.token;
		return a.user;
	}

	async function view(c, as) {
		const r = await api('GET', `/v1/cases/${c.id}`, { as });
		expectStatus(r, 200, `GET case as ${as}`);
		return r.json;
	}

	// POST @p of case @c as @as; expect 200 and, when given, the state.
	async function act(c, as, p, body, state) {
		const r = await api('POST', `/v1/cases/${c.id}${p}`, { as, body });
		expectStatus(r, 200, `${as}: POST ${p} ${show(body)}`);
		if (state !== undefined)
			eq(r.json.state, state, `state after ${as}: POST ${p}`);
		return r.json;
	}

	async function consent(c) {
		return act(c, c.subj, '/consent', { agree: true, signature: c.p.name,
			version: NOTICES[c.authority || SDS] }, 'questionnaire');
	}

	async function answerAll(c, doc) {
		for (const [section, data] of Object.entries(doc)) {
			const r = await api('PUT', `/v1/cases/${c.id}/answers/${section}`,
			    { as: c.subj, body: data });
			expectStatus(r, 200, `save ${section}`);
			deepEq(r.json, { case: c.id, section, saved: true }, `save ${section}: body`);
		}
	}

	async function submit(c, state = 'submitted') {
		return act(c, c.subj, '/submit', { certify: true, signature: c.p.name }, state);
	}

	// A fresh case of @person nominated by @sponsor, taken to @stage:
	// nominated, questionnaire, submitted, investigating or adjudicating.
	async function caseAt(stage, person, sponsor, opts = {}) {
		const authority = opts.authority || SDS;
		const r = await nominate(sponsor, person, authority === SDS ? {} :
		    { authority, level: CESI_LEVEL });
		expectStatus(r, 201, `nominate ${person} as ${sponsor}`);
		const c = { id: r.json.id, nom: r.json, p: await personOf(person), sponsor, authority };
		c.subj = opts.subject || await signIn(r.json);
		c.doc = answersFor(c.p, authority);
		if (stage === 'nominated')
			return c;
		await consent(c);
		if (stage === 'questionnaire')
			return c;
		await answerAll(c, c.doc);
		await submit(c);
		if (stage === 'submitted')
			return c;
		const v = await act(c, 'adjudicator', '/assign', { body: 'cao' }, 'investigating');
		eq(v.body, 'cao', 'assigned body');
		if (stage === 'investigating')
			return c;
		await act(c, 'investigator', '/investigation/close', undefined, 'adjudicating');
		return c;
	}

	function expectSponsorView(v, what, outcome) {
		deepEq(keys(v), SPONSOR_KEYS, `${what}: the sponsor's view has only its fields`);
		if (outcome !== undefined)
			eq(v.outcome, outcome, `${what}: outcome`);
	}

	// The 409 of an event the state does not allow, for a full view.
	function expectStateConflict(r, state, allowed, what) {
		const w = what ? `${what}: ` : '';
		expectStatus(r, 409, what);
		assert(r.json && r.json.error, `${w}no error envelope: ${describe(r)}`);
		eq(r.json.error.code, 'conflict', `${w}error.code`);
		eq(r.json.error.field, 'state', `${w}error.field`);
		assert(typeof r.json.error.message === 'string' && r.json.error.message.length > 0,
		    `${w}no message`);
		deepEq(keys(r.json), ['allowed', 'error', 'state'], `${w}top-level keys`);
		eq(r.json.state, state, `${w}state`);
		deepEq([...r.json.allowed].sort(), [...allowed].sort(), `${w}allowed`);
	}

	// The 409 the sponsor gets: the outcome only.
	function expectOutcomeConflict(r, outcome, what) {
		const w = what ? `${what}: ` : '';
		expectStatus(r, 409, what);
		eq(r.json && r.json.error && r.json.error.field, 'outcome', `${w}error.field`);
		eq(r.json.error.code, 'conflict', `${w}error.code`);
		deepEq(keys(r.json), ['error', 'outcome'], `${w}top-level keys`);
		eq(r.json.outcome, outcome, `${w}outcome`);
	}

	async function history(c, as = 'adjudicator') {
		const r = await api('GET', `/v1/cases/${c.id}/history`, { as });
		expectStatus(r, 200, `history as ${as}`);
		eq(r.json.case, c.id, 'history: case');
		return r.json.history;
	}

	// The history is @want, [event, from_state, state, actor] per stamp in
	// order, each stamped with a time, never going back.
	async function expectHistory(c, want) {
		const hs = await history(c);
		const got = hs.map((s) => [s.event, s.from_state || '', s.state, s.actor]);
		deepEq(got, want, 'history (event, from_state, state, actor)');
		hs.forEach((s, i) => {
			eq(s.seq, i + 1, `history[${i}].seq`);
			assert(h.RFC3339_RE.test(s.at), `history[${i}].at ${show(s.at)}`);
			if (i > 0)
				assert(Date.parse(s.at) >= Date.parse(hs[i - 1].at),
				    `history[${i}].at goes back: ${show(hs)}`);
		});
		return hs;
	}

	// The phase clocks of the case (seconds) are those its stamps give, and
	// together the time from the nomination to the decision.
	function expectPhases(v, hs) {
		const sums = {};
		for (const p of PHASES)
			sums[p] = 0;
		// Time in a state of no phase (denied, complaint) counts in none.
		let outside = 0;
		for (let i = 0; i + 1 < hs.length; i++) {
			const p = PHASE_OF[hs[i].state];
			const s = (Date.parse(hs[i + 1].at) - Date.parse(hs[i].at)) / 1000;
			if (p !== undefined)
				sums[p] += s;
			else
				outside += s;
		}
		for (const p of PHASES)
			eq(v[`${p}_s`], sums[p], `${p}_s against the stamps ${show(hs)}`);
		eq(Date.parse(hs[0].at), Date.parse(v.opened), 'the nomination stamp is the opening');
		if (v.decided !== null) {
			const total = PHASES.reduce((a, p) => a + v[`${p}_s`], 0);
			eq(total, (Date.parse(v.decided) - Date.parse(v.opened)) / 1000 - outside,
			    'the phases add up to the time from the nomination to the decision, ' +
			    'less the time in no phase (a denial and its complaint)');
		}
		return sums;
	}

	async function notifications(as) {
		const r = await api('GET', '/v1/notifications', { as });
		expectStatus(r, 200, `notifications of ${as}`);
		assert(Array.isArray(r.json.notifications), `no notifications array: ${describe(r)}`);
		return r.json.notifications;
	}

	async function notesOf(as, c) {
		return (await notifications(as)).filter((n) => n.case_id === c.id);
	}

	async function expectNotes(as, c, whats) {
		const ns = await notesOf(as, c);
		deepEq(ns.map((n) => n.what), whats, `${as}'s notifications of the case`);
		return ns;
	}

	async function clearancesOf(person) {
		const r = await api('GET', `/v1/persons/${person}/access`, { as: 'adjudicator' });
		expectStatus(r, 200, `access of ${person}`);
		return r.json.clearances.filter((x) => x.authority === SDS);
	}

	// The clearance a grant made: from the decision, for the authority's
	// validity (5 years for JPN-SDS).
	async function expectClearance(person, v, status) {
		const made = (await clearancesOf(person)).filter((x) =>
			Date.parse(x.valid_from) === Date.parse(v.decided));
		eq(made.length, 1, `one clearance from the decision ${v.decided}`);
		eq(made[0].level, SDS_LEVEL, 'clearance level');
		eq(made[0].status, status, 'clearance status');
		const until = new Date(Date.parse(v.decided));
		until.setUTCFullYear(until.getUTCFullYear() + 5);
		eq(Date.parse(made[0].valid_until), until.getTime(), 'clearance valid_until');
		return made[0];
	}

	// The questionnaire's 400: the envelope, "errors" [{section, path,
	// reason}] and "total"; each of @want ({section, path, reason regex})
	// among them.
	function expectAnswerErrors(r, want, what) {
		const w = what ? `${what}: ` : '';
		expectStatus(r, 400, what);
		assert(r.json && r.json.error && r.json.error.code === 'invalid',
		    `${w}no invalid envelope: ${describe(r)}`);
		deepEq(keys(r.json), ['error', 'errors', 'total'], `${w}top-level keys`);
		assert(Array.isArray(r.json.errors) && r.json.errors.length > 0, `${w}no errors`);
		eq(r.json.total, r.json.errors.length, `${w}total`);
		for (const e of r.json.errors)
			deepEq(keys(e), ['path', 'reason', 'section'], `${w}an error's keys`);
		for (const x of want)
			assert(r.json.errors.some((e) => e.section === x.section && e.path === x.path &&
				(x.reason === undefined || x.reason.test(e.reason))),
			    `${w}no error at ${x.section} ${show(x.path)}` +
			    `${x.reason ? ' matching ' + x.reason : ''} in ${show(r.json.errors)}`);
		const first = r.json.errors[0];
		eq(r.json.error.field, first.path === '' ? first.section :
		    `${first.section}.${first.path}`, `${w}error.field names the first problem`);
		return r.json.errors;
	}

	// ---- nomination ----

	test('cases: nomination by the employer\'s security officer or an admin; the sponsor must qualify', async () => {
		// A government organ's staff (ciro), by an admin.
		const r = await nominate('admin', 'p11');
		expectStatus(r, 201, 'admin nominates p11 (ciro)');
		expectSponsorView(withoutAccount(r.json), 'admin');
		eq(r.json.sponsor, 'ciro', 'sponsor is the employer');
		eq(r.json.type, 'initial', 'type');
		eq(r.json.outcome, 'in_progress', 'outcome');
		assert(/^C-[0-9A-Z]+$/.test(r.json.id), `case id ${show(r.json.id)}`);
		assert(Math.abs(Date.parse(r.json.opened) - Date.now()) < 60000,
		    `opened ${r.json.opened} is not now`);
		deepEq(keys(r.json.subject_account), ['activation_code', 'user'], 'subject_account');
		eq(r.json.subject_account.user, 'p11', 'the account is named after the person');
		assert(h.CODE_RE.test(r.json.subject_account.activation_code),
		    `activation_code ${show(r.json.subject_account.activation_code)}`);
		// One open case per person and authority; another authority is fine.
		expectError(await nominate('admin', 'p11'), 409, 'conflict', 'person',
		    'a second open JPN-SDS case');
		const cesi = await nominate('admin', 'p11', { authority: 'JPN-CESI',
			level: 'JUYO_KEIZAI_ANPO' });
		expectStatus(cesi, 201, 'a JPN-CESI case beside it');
		assert(!('subject_account' in cesi.json), 'a second account was made');
		// Sponsors that do not qualify, and bodies that do not hold.
		expectError(await nominate('admin', 'p08'), 400, 'invalid', 'person',
		    'a screening body\'s staff (cao)');
		expectError(await nominate('admin', 'p21'), 400, 'invalid', 'level',
		    'kansai-ist-qsl, whose JPN-SDS approval ended in 2024');
		expectError(await nominate('officer2', 'p17'), 400, 'invalid', 'level',
		    'asakaze-semi, approved for JPN-CESI only');
		expectError(await nominate('officer2', 'p14'), 400, 'invalid', 'person',
		    'another organization\'s staff');
		expectError(await nominate('admin', 't-no-such-person'), 400, 'invalid', 'person',
		    'unknown person');
		expectError(await nominate('admin', 'p12', { level: 'SECRET' }), 400, 'invalid',
		    undefined, 'unknown level');
		expectError(await nominate('admin', 'p12', { need: undefined }), 400, 'invalid', 'need',
		    'no need');
		expectError(await nominate('admin', 'p12', { state: 'granted' }), 400, 'invalid',
		    'state', 'an extra field');
		for (const u of ['designator', 'auditor', 'relying', 'subject', 'investigator',
			'adjudicator'])
			expectError(await nominate(u, 'p12'), 403, 'forbidden', undefined, u);
		const list = await api('GET', '/v1/cases?limit=1000', { as: 'admin' });
		expectStatus(list, 200, 'admin lists cases');
		assert(!list.json.cases.some((x) => x.person === 'p12' || x.person === 'p08' ||
			x.person === 'p21' || x.person === 'p17'), 'a refused nomination left a case');
	});

	// ---- (b) the paths of the lifecycle, one nomination each ----

	test('cases: granted by an adjudicator (p15): views, stamps, phases, notifications, the clearance and the access decision', async () => {
		const item = 't-case-item';
		await created('admin', '/v1/items', { id: item, title: 'Case test item', owner: 'mod',
			field: 'defense', authority: SDS, level: SDS_LEVEL, valid_from: yearsFromNow(-1),
			valid_until: yearsFromNow(4) });
		const query = { subject: 'p15', item };
		await h.expectDecision(query, 'not_cleared', 'before the case');

		const r = await nominate('officer', 'p15');
		expectStatus(r, 201, 'the officer nominates p15');
		expectSponsorView(withoutAccount(r.json), 'nomination answer');
		const c = { id: r.json.id, p: await personOf('p15'), sponsor: 'officer' };
		c.subj = await signIn(r.json);
		let v = await view(c, c.subj);
		eq(v.state, 'awaiting_consent', 'state');
		eq(v.phase, 'consent', 'phase');
		deepEq([...v.allowed].sort(), ['consent', 'refuse', 'withdraw'], 'allowed');
		// The expected date by JPN-SDS's targets (data/vetting.json): the current
		// phase's from its start, then every later phase's: 14+30+5+60+20 days.
		const byTargets = (since, days) => new Date(Date.parse(since) + days * 86400000)
			.toISOString().replace(/\.\d+Z$/, 'Z');
		eq(v.expected, byTargets(v.since, 129), 'expected in consent');
		expectSponsorView(await view(c, 'officer'), 'officer', 'in_progress');
		// The notice in force, in both languages.
		const n = await api('GET', `/v1/consent/${SDS}`, { as: c.subj });
		expectStatus(n, 200, 'consent notice');
		eq(n.json.authority, SDS, 'notice authority');
		eq(n.json.notice.version, NOTICE, 'notice version');
		for (const lang of ['ja', 'en'])
			assert(n.json.notice[lang] && typeof n.json.notice[lang].title === 'string' &&
			    typeof n.json.notice[lang].refusal === 'string', `notice.${lang}`);
		expectError(await api('POST', `/v1/cases/${c.id}/consent`, { as: c.subj,
			body: { agree: true } }), 400, 'invalid', 'signature', 'consent without a signature');
		expectError(await api('POST', `/v1/cases/${c.id}/consent`, { as: c.subj,
			body: { agree: true, signature: c.p.name, version: 'JPN-SDS-1999-1' } }), 409,
		    'conflict', 'version', 'consent to a notice not in force');
		await sleep(1050); // so that the consent phase lasts a second or more
		v = await consent(c);
		eq(v.consent_version, NOTICE, 'consent_version');
		eq(v.phase, 'questionnaire', 'phase');
		await answerAll(c, answersFor(c.p));
		const a = await api('GET', `/v1/cases/${c.id}/answers/identity`, { as: c.subj });
		expectStatus(a, 200, 'the subject reads a section back');
		deepEq(a.json, { case: c.id, section: 'identity', answers: answersFor(c.p).identity },
		    'identity read back');
		expectError(await api('POST', `/v1/cases/${c.id}/submit`, { as: c.subj,
			body: { certify: false, signature: c.p.name } }), 400, 'invalid', 'certify',
		    'submit without certifying');
		v = await submit(c);
		eq(v.phase, 'initiation', 'phase after submission');
		eq(v.expected, byTargets(v.since, 5 + 60 + 20), 'expected after submission');
		v = await view(c, c.subj);
		eq(v.expected, byTargets(v.since, 5 + 60 + 20), 'expected read back');
		// From recent cases: the medians' date and its 80% interval, in
		// whole days, the middle within it; or neither without history.
		if (v.expected_decision === null) {
			eq(v.expected_decision_range, null, 'no interval without an estimate');
		} else {
			const r = v.expected_decision_range;
			assert(r && /^\d{4}-\d{2}-\d{2}$/.test(r.from) && /^\d{4}-\d{2}-\d{2}$/.test(r.to) &&
			    /^\d{4}-\d{2}-\d{2}$/.test(r.mid), `the interval in days: ${JSON.stringify(r)}`);
			assert(r.from <= r.mid && r.mid <= r.to, `from <= mid <= to: ${JSON.stringify(r)}`);
		}
		v = await act(c, 'adjudicator', '/assign', { body: 'cao' }, 'investigating');
		eq(v.body, 'cao', 'body');
		const f = await api('POST', `/v1/cases/${c.id}/findings`, { as: 'investigator', body: {
			item: 'alcohol', source: 'interview', date: '2024-06-01', severity: 'minor',
			mitigation: 'One evening; no pattern.', narrative: 'Colleague recalls one late night.' } });
		expectStatus(f, 201, 'a finding');
		eq(f.json.case, c.id, 'findings: case');
		eq(f.json.findings.length, 1, 'one finding');
		const f0 = f.json.findings[0];
		eq(f0.narrative, 'Colleague recalls one late night.', 'narrative');
		eq(f0.mitigation, 'One evening; no pattern.', 'mitigation');
		eq(f0.severity, 'minor', 'severity');
		eq(f0.source, 'interview', 'source');
		eq(f0.author, 'user:investigator', 'author');
		eq(f0.seq, 1, 'seq');
		await sleep(1050); // the investigation lasts a second or more
		v = await act(c, 'investigator', '/investigation/close', undefined, 'adjudicating');
		eq(v.decided, null, `decided before a decision: ${show(v)}`);
		expectError(await api('POST', `/v1/cases/${c.id}/decision`, { as: 'adjudicator',
			body: { outcome: 'grant', assessments: [{ item: 'no_such_item',
				assessment: 'favorable' }] } }), 400, 'invalid', 'assessments[0].item',
		    'an unknown item');
		v = await act(c, 'adjudicator', '/decision', { outcome: 'grant', conditions:
			'Reports foreign travel every year.', assessments: [
			{ item: 'alcohol', assessment: 'mitigated', reason: 'One occasion.' },
			{ item: 'criminal_disciplinary', assessment: 'favorable' }] }, 'granted');
		eq(v.decided_by, 'user:adjudicator', 'decided_by');
		eq(v.e_adjudicated, false, 'e_adjudicated');
		eq(v.outcome, 'granted', 'outcome');
		eq(v.phase, null, 'no phase once decided');
		eq(v.expected, null, 'no expected date once decided');
		deepEq(v.allowed, [], 'nothing allowed after a grant');
		eq(v.complaint_until, null, 'a grant has no complaint window');

		const hs = await expectHistory(c, [
			['nominate', '', 'awaiting_consent', 'user:officer'],
			['consent', 'awaiting_consent', 'questionnaire', `user:${c.subj}`],
			['submit', 'questionnaire', 'submitted', `user:${c.subj}`],
			['assign', 'submitted', 'investigating', 'user:adjudicator'],
			['close', 'investigating', 'adjudicating', 'user:investigator'],
			['grant', 'adjudicating', 'granted', 'user:adjudicator'],
		]);
		const sums = expectPhases(v, hs);
		assert(sums.consent >= 1 && sums.investigation >= 1,
		    `the slept phases count: ${show(sums)}`);
		// What each side reads.
		expectSponsorView(await view(c, 'officer'), 'officer after the grant', 'granted');
		const d = await api('GET', `/v1/cases/${c.id}/decision`, { as: c.subj });
		expectStatus(d, 200, 'the subject reads the decision');
		eq(d.json.decision.outcome, 'grant', 'decision outcome');
		eq(d.json.decision.conditions, 'Reports foreign travel every year.', 'conditions');
		eq(d.json.decision.assessments.length, 2, 'assessments');
		for (const u of ['officer', 'investigator', 'admin'])
			expectError(await api('GET', `/v1/cases/${c.id}/decision`, { as: u }), 403,
			    'forbidden', undefined, `${u} reads the decision`);
		await expectNotes(c.subj, c, ['nominated', 'granted']);
		const sn = await expectNotes('officer', c, ['granted']);
		deepEq(keys(sn[0]), ['at', 'case_id', 'what'], 'a sponsor notice has codes only');
		assert(/^\d{4}-\d\d-\d\d$/.test(sn[0].at), `a sponsor notice is dated by the day: ${show(sn[0])}`);
		// The clearance, in the register and in the access decision.
		await expectClearance('p15', v, 'active');
		// At once: the server answers the grant only when the published
		// index holds it (src/http/watch.c), so no wait, no retry.
		const dr = await api('POST', '/v1/decisions', { as: 'relying', body: query });
		expectStatus(dr, 200, 'decision');
		assert(dr.json.allow === true,
		    `the first decision after the grant does not allow the item: ${show(dr.json)}`);
		await h.expectDecision(query, undefined, 'after the grant');
	});

	test('cases: e-adjudicated (p14): clear record checks, no adverse answer, no finding above minor: granted at the close by the rule', async () => {
		needFeed();
		const c = await caseAt('investigating', 'p14', 'officer');
		const r = await api('POST', `/v1/cases/${c.id}/record-checks`, { as: 'investigator' });
		expectStatus(r, 200, 'record checks');
		eq(r.json.case, c.id, 'case');
		eq(r.json.findings.length, 1, `one result per configured feed: ${show(r.json.findings)}`);
		const f = r.json.findings[0];
		eq(f.source, 'record_check', 'source');
		eq(f.severity, 'none', 'a clear check has severity none');
		assert(/^clear/.test(f.narrative), `narrative ${show(f.narrative)}`);
		assert(!('record' in f), `a clear check has no record: ${show(f)}`);
		const v = await act(c, 'investigator', '/investigation/close', undefined, 'granted');
		eq(v.decided_by, `rule:${RULE}`, 'decided_by');
		eq(v.e_adjudicated, true, 'e_adjudicated');
		eq(v.adjudication_s, 0, 'no time in adjudication');
		const hs = await expectHistory(c, [
			['nominate', '', 'awaiting_consent', 'user:officer'],
			['consent', 'awaiting_consent', 'questionnaire', `user:${c.subj}`],
			['submit', 'questionnaire', 'submitted', `user:${c.subj}`],
			['assign', 'submitted', 'investigating', 'user:adjudicator'],
			['close', 'investigating', 'adjudicating', 'user:investigator'],
			['grant', 'adjudicating', 'granted', `rule:${RULE}`],
		]);
		expectPhases(v, hs);
		eq(hs[4].at, hs[5].at, 'the rule decides at the close');
		const d = await api('GET', `/v1/cases/${c.id}/decision`, { as: c.subj });
		expectStatus(d, 200, 'decision');
		eq(d.json.decision.outcome, 'grant', 'outcome');
		eq(d.json.decision.rule, RULE, 'rule');
		await expectNotes(c.subj, c, ['nominated', 'granted']);
		await expectNotes('officer', c, ['granted']);
		expectSponsorView(await view(c, 'officer'), 'officer', 'granted');
		await expectClearance('p14', v, 'active');
	});

	test('cases: the e-adjudication log (?e_adjudicated=true) lists the cases decided by a rule, for the full views only', async () => {
		for (const who of ['adjudicator', 'investigator']) {
			const r = await api('GET', '/v1/cases?e_adjudicated=true&limit=1000', { as: who });
			expectStatus(r, 200, `the log as ${who}`);
			assert(r.json.cases.length > 0, `${who}: the log is empty`);
			for (const x of r.json.cases) {
				eq(x.e_adjudicated, true, `${who}: ${x.id} e_adjudicated`);
				assert(/^rule:/.test(x.decided_by), `${who}: ${x.id} decided_by ${show(x.decided_by)}`);
			}
			const all = await api('GET', '/v1/cases?limit=1000', { as: who });
			expectStatus(all, 200, `every case as ${who}`);
			deepEq(r.json.cases.map((x) => x.id), all.json.cases.filter((x) => x.e_adjudicated).map((x) => x.id),
			    `${who}: the log is every rule-decided case, in id order`);
			const one = await api('GET', '/v1/cases?e_adjudicated=true&limit=1', { as: who });
			expectStatus(one, 200, `a page of one as ${who}`);
			eq(one.json.cases.length, 1, 'one per page');
			eq(one.json.next, r.json.cases[0].id, 'next is the last id of the page');
		}
		const g = await api('GET', '/v1/cases?e_adjudicated=true&state=granted', { as: 'adjudicator' });
		expectStatus(g, 200, 'with a state');
		assert(g.json.cases.every((x) => x.state === 'granted' && x.e_adjudicated), 'state and flag combine');
		expectError(await api('GET', '/v1/cases?e_adjudicated=maybe', { as: 'adjudicator' }), 400,
		    'invalid', 'e_adjudicated', 'a bad value');
		expectError(await api('GET', '/v1/cases?e_adjudicated=true', { as: 'officer' }), 403,
		    'forbidden', 'e_adjudicated', 'the sponsor may not know who decided');
	});

	test('cases: no e-adjudication with an adverse yes, a finding above minor, or no record checks: the case waits for an adjudicator', async () => {
		needFeed();
		const mk = async (id, name, latin) => {
			await created('admin', '/v1/persons', { id, name, name_latin: latin,
				birth_date: '1980-04-01', nationalities: ['JPN'], org: 'mod' });
		};
		await mk('t-case-adverse', '逆境 一郎', 'GYAKKYO Ichiro');
		await mk('t-case-serious', '重大 二郎', 'JUDAI Jiro');
		await mk('t-case-nochecks', '未確認 三郎', 'MIKAKUNIN Saburo');
		// An adverse self-report: drinking trouble, answered yes.
		const a = await caseAt('questionnaire', 't-case-adverse', 'officer-mod');
		a.doc.alcohol.problems = { answer: true, details: { date: '2021-07-07',
			description: 'Warned at work after a party.' } };
		await answerAll(a, a.doc);
		await submit(a);
		await act(a, 'adjudicator', '/assign', { body: 'cao' }, 'investigating');
		// A finding above minor.
		const b = await caseAt('investigating', 't-case-serious', 'officer-mod');
		expectStatus(await api('POST', `/v1/cases/${b.id}/findings`, { as: 'investigator',
			body: { item: 'finances', source: 'reference', date: '2024-01-01',
				severity: 'moderate', narrative: 'Arrears reported by a creditor.' } }), 201,
		    'a moderate finding');
		for (const c of [a, b]) {
			const r = await api('POST', `/v1/cases/${c.id}/record-checks`, { as: 'investigator' });
			expectStatus(r, 200, 'record checks');
			assert(r.json.findings.some((f) => f.source === 'record_check' &&
				f.severity === 'none'), `not clear: ${show(r.json.findings)}`);
		}
		// Clean answers, no finding, but no record checks run.
		const n = await caseAt('investigating', 't-case-nochecks', 'officer-mod');
		for (const c of [a, b, n]) {
			const v = await act(c, 'investigator', '/investigation/close', undefined,
			    'adjudicating');
			eq(v.e_adjudicated, false, 'e_adjudicated');
			eq(v.decided, null, 'decided');
			expectSponsorView(await view(c, 'officer-mod'), 'officer-mod', 'in_progress');
		}
	});

	test('cases: denied (p16, a record-check hit) -> complaint -> upheld by a second adjudicator -> granted', async () => {
		needFeed();
		const c = await caseAt('submitted', 'p16', 'officer');
		// Assigned to the least loaded accredited body: only cao for JPN-SDS.
		const as = await act(c, 'adjudicator', '/assign', {}, 'investigating');
		eq(as.body, 'cao', 'the only screening body accredited for JPN-SDS');
		const r = await api('POST', `/v1/cases/${c.id}/record-checks`, { as: 'investigator' });
		expectStatus(r, 200, 'record checks');
		eq(r.json.findings.length, 1, `one hit: ${show(r.json.findings)}`);
		const f = r.json.findings[0];
		eq(f.source, 'record_check', 'source');
		eq(f.severity, 'moderate', 'a hit is moderate until assessed');
		eq(f.item, 'criminal_disciplinary', 'item');
		eq(f.date, FEED_HIT.date, 'the record\'s date');
		deepEq(f.record, FEED_HIT, 'the source record');
		let v = await act(c, 'investigator', '/investigation/close', undefined, 'adjudicating');
		eq(v.e_adjudicated, false, 'a hit is never e-adjudicated');
		// A denial names an unfavorable item with its reason.
		const deny = (body) => api('POST', `/v1/cases/${c.id}/decision`,
		    { as: 'adjudicator', body });
		expectError(await deny({ outcome: 'deny' }), 400, 'invalid', 'assessments',
		    'a denial without items');
		expectError(await deny({ outcome: 'deny', assessments: [{ item: 'criminal_disciplinary',
			assessment: 'unfavorable' }] }), 400, 'invalid', 'assessments[0].reason',
		    'an unfavorable item without a reason');
		expectError(await deny({ outcome: 'grant', assessments: [{ item: 'criminal_disciplinary',
			assessment: 'unfavorable', reason: 'x' }] }), 400, 'invalid', 'outcome',
		    'a grant with an unfavorable item');
		expectError(await deny({ outcome: 'revoke' }), 400, 'invalid', 'outcome', 'bad outcome');
		const reason = 'Theft of documents in 2019, not disclosed in the questionnaire.';
		v = await act(c, 'adjudicator', '/decision', { outcome: 'deny', assessments: [
			{ item: 'criminal_disciplinary', assessment: 'unfavorable', reason },
			{ item: 'finances', assessment: 'favorable' }] }, 'denied');
		eq(v.decided_by, 'user:adjudicator', 'decided_by');
		const window = (Date.parse(v.complaint_until) - Date.parse(v.decided)) / 86400000;
		eq(window, 30, 'complaint window (days)');
		deepEq(v.allowed, ['complain'], 'allowed after a denial');
		eq((await clearancesOf('p16')).filter((x) =>
			Date.parse(x.valid_from) === Date.parse(v.decided)).length, 0,
		    'a denial makes no clearance');
		expectSponsorView(await view(c, 'officer'), 'officer', 'denied');
		await expectNotes('officer', c, ['denied']);
		const d = await api('GET', `/v1/cases/${c.id}/decision`, { as: c.subj });
		expectStatus(d, 200, 'the subject reads the reasons');
		eq(d.json.decision.outcome, 'deny', 'outcome');
		assert(d.json.decision.assessments.some((x) => x.reason === reason),
		    `the reason reaches the person: ${show(d.json)}`);
		// The complaint, reviewed by another adjudicator.
		expectError(await api('POST', `/v1/cases/${c.id}/complaint`, { as: c.subj, body: {} }),
		    400, 'invalid', 'text', 'a complaint without text');
		v = await act(c, c.subj, '/complaint', { text: 'The 2019 matter was dismissed.' },
		    'complaint');
		expectSponsorView(await view(c, 'officer'), 'officer during the complaint', 'denied');
		expectError(await api('POST', `/v1/cases/${c.id}/complaint/review`, {
			as: 'adjudicator', body: { upheld: true, note: 'I agree.' } }), 403, 'forbidden',
		    undefined, 'the adjudicator who decided reviews');
		expectError(await api('POST', `/v1/cases/${c.id}/complaint/review`, {
			as: 'adjudicator2', body: { upheld: true } }), 400, 'invalid', 'note',
		    'a review without a note');
		v = await act(c, 'adjudicator2', '/complaint/review', { upheld: true,
			note: 'The court record shows a dismissal.' }, 'adjudicating');
		const d2 = await api('GET', `/v1/cases/${c.id}/decision`, { as: 'adjudicator' });
		expectStatus(d2, 200, 'decision with the complaint');
		eq(d2.json.complaint.text, 'The 2019 matter was dismissed.', 'complaint text');
		eq(d2.json.complaint.review.upheld, true, 'review upheld');
		eq(d2.json.complaint.review.by, 'user:adjudicator2', 'review by');
		v = await act(c, 'adjudicator', '/decision', { outcome: 'grant', assessments: [
			{ item: 'criminal_disciplinary', assessment: 'mitigated',
				reason: 'Dismissed; no conviction.' }] }, 'granted');
		await expectClearance('p16', v, 'active');
		const hs = await expectHistory(c, [
			['nominate', '', 'awaiting_consent', 'user:officer'],
			['consent', 'awaiting_consent', 'questionnaire', `user:${c.subj}`],
			['submit', 'questionnaire', 'submitted', `user:${c.subj}`],
			['assign', 'submitted', 'investigating', 'user:adjudicator'],
			['close', 'investigating', 'adjudicating', 'user:investigator'],
			['deny', 'adjudicating', 'denied', 'user:adjudicator'],
			['complain', 'denied', 'complaint', `user:${c.subj}`],
			['uphold', 'complaint', 'adjudicating', 'user:adjudicator2'],
			['grant', 'adjudicating', 'granted', 'user:adjudicator'],
		]);
		expectPhases(v, hs);
		await expectNotes(c.subj, c, ['nominated', 'denied', 'complaint_upheld', 'granted']);
		await expectNotes('officer', c, ['denied', 'granted']);
		expectSponsorView(await view(c, 'officer'), 'officer at the end', 'granted');
	});

	test('cases: consent refused (p01): nothing collected, the sponsor reads not_completed', async () => {
		const c = await caseAt('nominated', 'p01', 'officer-mod');
		const v = await act(c, c.subj, '/consent', { agree: false }, 'refused');
		deepEq(v.allowed, [], 'nothing allowed after a refusal');
		eq(v.outcome, 'not_completed', 'outcome');
		assert(!('consent_version' in v), 'a refusal agreed to no notice');
		expectStateConflict(await api('PUT', `/v1/cases/${c.id}/answers/identity`, {
			as: c.subj, body: answersFor(c.p).identity }), 'refused', [], 'answers after a refusal');
		expectStateConflict(await api('POST', `/v1/cases/${c.id}/consent`, { as: c.subj,
			body: { agree: true, signature: c.p.name } }), 'refused', [], 'consent after a refusal');
		const a = await api('GET', `/v1/cases/${c.id}/answers`, { as: c.subj });
		expectStatus(a, 200, 'answers');
		deepEq(a.json.answers, {}, 'nothing was collected');
		expectSponsorView(await view(c, 'officer-mod'), 'officer-mod', 'not_completed');
		const l = await api('GET', '/v1/cases?limit=1000', { as: 'officer-mod' });
		expectStatus(l, 200, 'list');
		const mine = l.json.cases.filter((x) => x.id === c.id);
		eq(mine.length, 1, 'listed once');
		expectSponsorView(mine[0], 'listed', 'not_completed');
		expectError(await api('GET', '/v1/cases?state=refused', { as: 'officer-mod' }), 403,
		    'forbidden', 'state', 'the sponsor filters by state');
		await expectNotes('officer-mod', c, ['not_completed']);
		await expectNotes(c.subj, c, ['nominated', 'refused']);
		await expectHistory(c, [
			['nominate', '', 'awaiting_consent', 'user:officer-mod'],
			['refuse', 'awaiting_consent', 'refused', `user:${c.subj}`],
		]);
	});

	test('cases: withdrawn by the subject (p02, after a return) reads to the sponsor exactly as a refusal (p03)', async () => {
		const w = await caseAt('submitted', 'p02', 'officer-mod');
		await act(w, 'adjudicator', '/return', { sections: ['education'],
			note: 'Name the school you attended in 2020.' }, 'questionnaire');
		const wv = await act(w, w.subj, '/withdraw', undefined, 'withdrawn');
		deepEq(wv.allowed, [], 'nothing allowed after a withdrawal');
		assert(!('returned' in wv) && !('resume' in wv),
		    `a withdrawn case keeps its return: ${show(wv)}`);
		await expectHistory(w, [
			['nominate', '', 'awaiting_consent', 'user:officer-mod'],
			['consent', 'awaiting_consent', 'questionnaire', `user:${w.subj}`],
			['submit', 'questionnaire', 'submitted', `user:${w.subj}`],
			['return', 'submitted', 'questionnaire', 'user:adjudicator'],
			['withdraw', 'questionnaire', 'withdrawn', `user:${w.subj}`],
		]);
		expectStateConflict(await api('PUT', `/v1/cases/${w.id}/answers/education`, {
			as: w.subj, body: w.doc.education }), 'withdrawn', [], 'answers after a withdrawal');
		const r = await caseAt('nominated', 'p03', 'officer-mod');
		await act(r, r.subj, '/consent', { agree: false }, 'refused');
		// The sponsor's views, lists, notifications and refusals: the same.
		const sw = await view(w, 'officer-mod');
		const sr = await view(r, 'officer-mod');
		expectSponsorView(sw, 'withdrawn', 'not_completed');
		expectSponsorView(sr, 'refused', 'not_completed');
		const strip = (o, ks) => {
			const x = Object.assign({}, o);
			for (const k of ks)
				delete x[k];
			return x;
		};
		deepEq(strip(sw, ['id', 'person', 'opened']), strip(sr, ['id', 'person', 'opened']),
		    'the sponsor\'s views of a withdrawal and a refusal');
		const nw = await expectNotes('officer-mod', w, ['not_completed']);
		const nr = await expectNotes('officer-mod', r, ['not_completed']);
		deepEq(strip(nw[0], ['case_id']), strip(nr[0], ['case_id']),
		    'the sponsor\'s notices of a withdrawal and a refusal');
		const ew = await api('POST', `/v1/cases/${w.id}/withdraw`, { as: 'officer-mod' });
		const er = await api('POST', `/v1/cases/${r.id}/withdraw`, { as: 'officer-mod' });
		expectOutcomeConflict(ew, 'not_completed', 'the sponsor withdraws a withdrawn case');
		expectOutcomeConflict(er, 'not_completed', 'the sponsor withdraws a refused case');
		deepEq(ew.json, er.json, 'the sponsor\'s 409s');
		await expectNotes(w.subj, w, ['nominated', 'returned', 'withdrawn']);
	});

	test('cases: returned for correction (p04) from submitted, investigating and adjudicating: only the named sections reopen, resubmission resumes', async () => {
		const c = await caseAt('submitted', 'p04', 'officer-mod');
		const ret = (as, body) => api('POST', `/v1/cases/${c.id}/return`, { as, body });
		expectError(await ret('adjudicator', { sections: [], note: 'x' }), 400, 'invalid',
		    'sections', 'no sections');
		expectError(await ret('adjudicator', { sections: ['nosuch'], note: 'x' }), 400,
		    'invalid', 'sections[0]', 'an unknown section');
		expectError(await ret('adjudicator', { sections: ['identity', 'identity'], note: 'x' }),
		    400, 'invalid', 'sections[1]', 'a section twice');
		expectError(await ret('adjudicator', { sections: ['identity'] }), 400, 'invalid',
		    'note', 'no note');
		expectError(await ret('investigator', { sections: ['identity'], note: 'x' }), 404,
		    'not_found', 'case', 'an investigator before the case is assigned');
		// 1. From submitted.
		let v = await act(c, 'adjudicator', '/return', { sections: ['identity'],
			note: 'Add your birth place as in the family register.' }, 'questionnaire');
		deepEq(v.returned, ['identity'], 'returned');
		eq(v.resume, 'submitted', 'resume');
		const n = await api('GET', `/v1/cases/${c.id}/note`, { as: c.subj });
		expectStatus(n, 200, 'the subject reads the note');
		deepEq(n.json, { note: 'Add your birth place as in the family register.' }, 'note');
		expectError(await api('GET', `/v1/cases/${c.id}/note`, { as: 'officer-mod' }), 403,
		    'forbidden', undefined, 'the sponsor reads the note');
		expectSponsorView(await view(c, 'officer-mod'), 'officer-mod during a return',
		    'in_progress');
		const other = await api('PUT', `/v1/cases/${c.id}/answers/residence`,
		    { as: c.subj, body: c.doc.residence });
		expectError(other, 409, 'conflict', 'section', 'a section not returned');
		c.doc.identity.birth_place = '東京都新宿区';
		const put = await api('PUT', `/v1/cases/${c.id}/answers/identity`,
		    { as: c.subj, body: c.doc.identity });
		expectStatus(put, 200, 'the returned section');
		v = await submit(c, 'submitted');
		assert(!('returned' in v) && !('resume' in v), `the return is done: ${show(v)}`);
		// 2. From investigating, by the investigator.
		await act(c, 'adjudicator', '/assign', { body: 'cao' }, 'investigating');
		v = await act(c, 'investigator', '/return', { sections: ['residence', 'education'],
			note: 'Your 2019 address is missing.' }, 'questionnaire');
		deepEq(v.returned, ['residence', 'education'], 'returned');
		eq(v.resume, 'investigating', 'resume');
		eq(v.body, 'cao', 'the body stays');
		expectError(await api('PUT', `/v1/cases/${c.id}/answers/identity`,
		    { as: c.subj, body: c.doc.identity }), 409, 'conflict', 'section',
		    'the section returned before');
		expectStatus(await api('PUT', `/v1/cases/${c.id}/answers/residence`,
		    { as: c.subj, body: c.doc.residence }), 200, 'residence');
		v = await submit(c, 'investigating');
		// 3. From adjudicating.
		await act(c, 'investigator', '/investigation/close', undefined, 'adjudicating');
		v = await act(c, 'adjudicator', '/return', { sections: ['finances'],
			note: 'State your mortgage.' }, 'questionnaire');
		eq(v.resume, 'adjudicating', 'resume');
		c.doc.finances.debts_total = { amount: 31000000, currency: 'JPY' };
		expectStatus(await api('PUT', `/v1/cases/${c.id}/answers/finances`,
		    { as: c.subj, body: c.doc.finances }), 200, 'finances');
		v = await submit(c, 'adjudicating');
		const all = await api('GET', `/v1/cases/${c.id}/answers`, { as: 'adjudicator' });
		expectStatus(all, 200, 'all answers');
		deepEq(all.json.answers, c.doc, 'the corrected document');
		v = await act(c, 'adjudicator', '/decision', { outcome: 'grant' }, 'granted');
		const hs = await expectHistory(c, [
			['nominate', '', 'awaiting_consent', 'user:officer-mod'],
			['consent', 'awaiting_consent', 'questionnaire', `user:${c.subj}`],
			['submit', 'questionnaire', 'submitted', `user:${c.subj}`],
			['return', 'submitted', 'questionnaire', 'user:adjudicator'],
			['submit', 'questionnaire', 'submitted', `user:${c.subj}`],
			['assign', 'submitted', 'investigating', 'user:adjudicator'],
			['return', 'investigating', 'questionnaire', 'user:investigator'],
			['submit', 'questionnaire', 'investigating', `user:${c.subj}`],
			['close', 'investigating', 'adjudicating', 'user:investigator'],
			['return', 'adjudicating', 'questionnaire', 'user:adjudicator'],
			['submit', 'questionnaire', 'adjudicating', `user:${c.subj}`],
			['grant', 'adjudicating', 'granted', 'user:adjudicator'],
		]);
		expectPhases(v, hs);
		await expectNotes(c.subj, c, ['nominated', 'returned', 'returned', 'returned',
			'granted']);
		await expectNotes('officer-mod', c, ['granted']);
	});

	test('cases: an interim grant makes an interim clearance; the final grant makes it active', async () => {
		const id = 't-case-interim';
		await created('admin', '/v1/persons', { id, name: '暫定 花子', name_latin: 'ZANTEI Hanako',
			birth_date: '1980-04-01', nationalities: ['JPN'], org: 'mod' });
		const c = await caseAt('adjudicating', id, 'officer-mod');
		let v = await act(c, 'adjudicator', '/decision', { outcome: 'interim',
			conditions: 'Until the interview.' }, 'interim');
		deepEq([...v.allowed].sort(), ['deny', 'grant'], 'allowed after an interim grant');
		expectSponsorView(await view(c, 'officer-mod'), 'officer-mod', 'interim');
		const interim = await expectClearance(id, v, 'interim');
		v = await act(c, 'adjudicator', '/decision', { outcome: 'grant' }, 'granted');
		const now = (await clearancesOf(id)).filter((x) => x.valid_from === interim.valid_from);
		eq(now.length, 1, 'the same clearance');
		eq(now[0].status, 'active', 'the final grant makes it active');
		await expectNotes('officer-mod', c, ['interim', 'granted']);
	});

	test('cases: the sponsor withdraws; a complaint rejected; an interim grant denied revokes its clearance', async () => {
		const mk = async (id, name, latin) => {
			await created('admin', '/v1/persons', { id, name, name_latin: latin,
				birth_date: '1980-04-01', nationalities: ['JPN'], org: 'mod' });
		};
		await mk('t-case-sw', '撤回 四郎', 'TEKKAI Shiro');
		await mk('t-case-rej', '却下 五郎', 'KYAKKA Goro');
		await mk('t-case-revoke', '取消 六郎', 'TORIKESHI Rokuro');
		// The sponsor's security officer withdraws during the questionnaire.
		const w = await caseAt('questionnaire', 't-case-sw', 'officer-mod');
		const r = await api('POST', `/v1/cases/${w.id}/withdraw`, { as: 'officer-mod' });
		expectStatus(r, 200, 'the sponsor withdraws');
		expectSponsorView(r.json, 'the answer to the sponsor', 'not_completed');
		eq((await view(w, w.subj)).state, 'withdrawn', 'state');
		expectError(await api('POST', `/v1/cases/${w.id}/withdraw`, { as: 'officer2' }), 404,
		    'not_found', 'case', 'another organization\'s officer withdraws');
		await expectHistory(w, [
			['nominate', '', 'awaiting_consent', 'user:officer-mod'],
			['consent', 'awaiting_consent', 'questionnaire', `user:${w.subj}`],
			['withdraw', 'questionnaire', 'withdrawn', 'user:officer-mod'],
		]);
		await expectNotes(w.subj, w, ['nominated', 'withdrawn']);
		await expectNotes('officer-mod', w, ['not_completed']);
		// A complaint rejected.
		const j = await caseAt('adjudicating', 't-case-rej', 'officer-mod');
		await act(j, 'adjudicator', '/decision', { outcome: 'deny', assessments: [
			{ item: 'finances', assessment: 'unfavorable', reason: 'Unexplained debts.' }] },
		'denied');
		await act(j, j.subj, '/complaint', { text: 'The debts are paid.' }, 'complaint');
		let v = await act(j, 'adjudicator2', '/complaint/review', { upheld: false,
			note: 'No evidence of payment.' }, 'rejected');
		deepEq(v.allowed, [], 'nothing allowed after a rejection');
		expectSponsorView(await view(j, 'officer-mod'), 'officer-mod', 'denied');
		expectStateConflict(await api('POST', `/v1/cases/${j.id}/complaint`, { as: j.subj,
			body: { text: 'again' } }), 'rejected', [], 'a second complaint');
		const d = await api('GET', `/v1/cases/${j.id}/decision`, { as: j.subj });
		expectStatus(d, 200, 'decision');
		eq(d.json.complaint.review.upheld, false, 'review');
		eq(d.json.complaint.review.note, 'No evidence of payment.', 'review note');
		await expectNotes(j.subj, j, ['nominated', 'denied', 'complaint_rejected']);
		await expectNotes('officer-mod', j, ['denied']);
		// An interim grant, then a denial: the interim clearance is revoked.
		const k = await caseAt('adjudicating', 't-case-revoke', 'officer-mod');
		v = await act(k, 'adjudicator', '/decision', { outcome: 'interim' }, 'interim');
		const interim = await expectClearance('t-case-revoke', v, 'interim');
		v = await act(k, 'adjudicator', '/decision', { outcome: 'deny', assessments: [
			{ item: 'drugs', assessment: 'unfavorable', reason: 'Use admitted at interview.' }] },
		'denied');
		const now = (await clearancesOf('t-case-revoke')).filter((x) =>
			x.valid_from === interim.valid_from);
		eq(now.length, 1, 'the interim clearance');
		eq(now[0].status, 'revoked', 'revoked by the denial');
		// It ends at the denial (a second after its start when both fell in
		// one second: a period is never empty).
		const from = Date.parse(now[0].valid_from);
		eq(Date.parse(now[0].valid_until), Math.max(Date.parse(v.decided), from + 1000),
		    `it ends at the denial: ${show(now[0])}`);
		await expectNotes('officer-mod', k, ['interim', 'denied']);
	});

	test('cases: reads of sealed case content are audit entries with the purpose; two nominations at once open one case', async () => {
		await created('admin', '/v1/persons', { id: 't-case-audit', name: '監査 七郎',
			name_latin: 'KANSA Shichiro', birth_date: '1980-04-01', nationalities: ['JPN'],
			org: 'mod' });
		const c = await caseAt('investigating', 't-case-audit', 'officer-mod');
		const purpose = 'audit probe of case reads';
		const reads = [
			['adjudicator', `/v1/cases/${c.id}/answers?purpose=${q(purpose)}`, 'answers', c.id],
			['investigator', `/v1/cases/${c.id}/answers/identity?purpose=${q(purpose)}`,
				'answers', `${c.id}/answers/identity`],
			['investigator', `/v1/cases/${c.id}/findings?purpose=${q(purpose)}`, 'finding',
				`${c.id}/findings`],
		];
		for (const [u, p] of reads)
			expectStatus(await api('GET', p, { as: u }), 200, `${u}: GET ${p}`);
		for (const [u, , kind, object] of reads) {
			const es = (await h.auditEntries(`action=read&object=${q(object)}`))
				.filter((e) => e.purpose === purpose);
			eq(es.length, 1, `one read entry for ${object}`);
			eq(es[0].kind, kind, `${object}: kind`);
			eq(es[0].actor, `user:${u}`, `${object}: actor`);
		}
		expectError(await api('GET', `/v1/cases/${c.id}/answers?purpose=${q(' padded ')}`,
		    { as: 'adjudicator' }), 400, 'invalid', 'purpose', 'a purpose with spaces around');
		// Two nominations of one person at once: one case.
		await created('admin', '/v1/persons', { id: 't-case-race', name: '競合 八郎',
			name_latin: 'KYOGO Hachiro', birth_date: '1980-04-01', nationalities: ['JPN'],
			org: 'mod' });
		const rs = await Promise.all([nominate('officer-mod', 't-case-race'),
			nominate('admin', 't-case-race'), nominate('officer-mod', 't-case-race')]);
		const st = rs.map((r) => r.status).sort();
		deepEq(st, [201, 409, 409], `statuses ${show(rs.map(describe))}`);
		eq(rs.filter((r) => r.status === 201 && r.json.subject_account).length, 1,
		    'one subject account');
	});

	test('cases: the final decision after an interim grant acts on the case\'s own clearance, not an older interim one', async () => {
		// p23 (kansai-ist-qsl) holds an interim JPN-CESI clearance of its own
		// from the demo data (2025-12-15 to 2026-06-15).
		const cesi = async () => {
			const r = await api('GET', '/v1/persons/p23/access', { as: 'adjudicator' });
			expectStatus(r, 200, 'access');
			return r.json.clearances.filter((x) => x.authority === CESI);
		};
		const before = await cesi();
		const old = before.find((x) => x.status === 'interim');
		assert(old, `no older interim clearance: ${show(before)}`);
		const c = await caseAt('adjudicating', 'p23', 'admin', { authority: CESI });
		const v = await act(c, 'adjudicator', '/decision', { outcome: 'interim' }, 'interim');
		await act(c, 'adjudicator', '/decision', { outcome: 'grant' }, 'granted');
		const after = await cesi();
		const mine = after.filter((x) => Date.parse(x.valid_from) === Date.parse(v.decided));
		eq(mine.length, 1, `the case's clearance: ${show(after)}`);
		eq(mine[0].status, 'active', `the case's clearance is active: ${show(after)}`);
		deepEq(after.find((x) => x.valid_from === old.valid_from), old,
		    'the older interim clearance is untouched');

		// A denial after an interim grant revokes the case's clearance: the
		// person keeps no interim clearance the access decision would honour.
		const id = 't-case-oldint';
		await created('admin', '/v1/persons', { id, name: '旧暫定 九郎',
			name_latin: 'KYUZANTEI Kuro', birth_date: '1980-04-01', nationalities: ['JPN'],
			org: 'mod' });
		const prior = { person: id, authority: SDS, level: SDS_LEVEL, status: 'interim',
			valid_from: yearsFromNow(-1), valid_until: yearsFromNow(-1, 28) };
		await created('adjudicator', '/v1/clearances', prior);
		const d = await caseAt('adjudicating', id, 'officer-mod');
		const vi = await act(d, 'adjudicator', '/decision', { outcome: 'interim' }, 'interim');
		await act(d, 'adjudicator', '/decision', { outcome: 'deny', assessments: [
			{ item: 'drugs', assessment: 'unfavorable', reason: 'Use admitted.' }] }, 'denied');
		const all = await clearancesOf(id);
		const made = all.filter((x) => Date.parse(x.valid_from) === Date.parse(vi.decided));
		eq(made.length, 1, `the case's clearance: ${show(all)}`);
		eq(made[0].status, 'revoked', `the denial revokes the case's clearance: ${show(all)}`);
		const kept = all.find((x) => Date.parse(x.valid_from) === Date.parse(prior.valid_from));
		eq(kept && kept.status, 'interim', `the older one is untouched: ${show(all)}`);
	});

	// ---- (a) who sees what: the matrix ----

	test('cases: the per-role matrix on a decided case (403 by the route table, 404 out of sight, 409 for in-scope events, 200 for in-scope reads)', async () => {
		// M: p-demo-subject (the `subject` account), sponsored by owari-hi,
		// investigated by cao, with a finding and a return, granted.
		const m = await caseAt('submitted', 'p-demo-subject', 'officer', { subject: 'subject' });
		assert(!('subject_account' in m.nom), 'a person with an account got another');
		await act(m, 'adjudicator', '/assign', { body: 'cao' }, 'investigating');
		expectStatus(await api('POST', `/v1/cases/${m.id}/findings`, { as: 'investigator',
			body: { item: 'finances', source: 'reference', date: '2025-01-01', severity: 'none',
				narrative: 'Reference confirms stable finances.' } }), 201, 'finding');
		await act(m, 'investigator', '/return', { sections: ['education'],
			note: 'Course name, please.' }, 'questionnaire');
		await submit(m, 'investigating');
		await act(m, 'investigator', '/investigation/close', undefined, 'adjudicating');
		await act(m, 'adjudicator', '/decision', { outcome: 'grant' }, 'granted');
		// Another person's case, with its own subject (p13, ciro, by admin).
		const o = await caseAt('nominated', 'p13', 'admin');

		const ACTORS = ['admin', 'officer', 'officer2', 'subject', o.subj, 'investigator',
			'investigator-tokiwa', 'adjudicator', 'adjudicator2', 'designator', 'auditor',
			'relying'];
		const ROLE = {
			admin: 'admin', officer: 'security_officer', officer2: 'security_officer',
			subject: 'subject', [o.subj]: 'subject', investigator: 'investigator',
			'investigator-tokiwa': 'investigator', adjudicator: 'adjudicator',
			adjudicator2: 'adjudicator', designator: 'designator', auditor: 'auditor',
			relying: 'relying_system',
		};
		// Who may know M exists: its sponsor (and admins) as the sponsor
		// does, its subject, the assigned body's investigators, adjudicators.
		const SPONSOR_SIDE = new Set(['admin', 'officer']);
		const FULL = new Set(['subject', 'investigator', 'adjudicator', 'adjudicator2']);
		const id = m.id;
		const routes = [
			// [method, path, body, is a read]
			['GET', `/v1/cases/${id}`, undefined, true],
			['GET', `/v1/cases/${id}/history`, undefined, true],
			['GET', `/v1/cases/${id}/answers`, undefined, true],
			['GET', `/v1/cases/${id}/answers/identity`, undefined, true],
			['GET', `/v1/cases/${id}/note`, undefined, true],
			['GET', `/v1/cases/${id}/findings`, undefined, true],
			['GET', `/v1/cases/${id}/decision`, undefined, true],
			['POST', `/v1/cases/${id}/consent`, { agree: true, signature: 'x' }],
			['POST', `/v1/cases/${id}/withdraw`, undefined],
			['PUT', `/v1/cases/${id}/answers/identity`, m.doc.identity],
			['POST', `/v1/cases/${id}/submit`, { certify: true, signature: 'x' }],
			['POST', `/v1/cases/${id}/return`, { sections: ['identity'], note: 'x' }],
			['POST', `/v1/cases/${id}/assign`, { body: 'cao' }],
			['POST', `/v1/cases/${id}/record-checks`, undefined],
			['POST', `/v1/cases/${id}/findings`, { item: 'drugs', source: 'interview',
				date: '2025-01-01', severity: 'serious', narrative: 'matrix probe' }],
			['POST', `/v1/cases/${id}/investigation/close`, undefined],
			['POST', `/v1/cases/${id}/decision`, { outcome: 'grant' }],
			['POST', `/v1/cases/${id}/complaint`, { text: 'matrix probe' }],
			['POST', `/v1/cases/${id}/complaint/review`, { upheld: true, note: 'matrix probe' }],
		];
		const routeOf = (method, p) => h.ROUTES.find((r) => r.method === method &&
			new RegExp('^' + r.path.replace(/\{[^}]+\}/g, '[^/]+') + '$').test(p));
		const problems = [];
		for (const [method, p, body, read] of routes) {
			const route = routeOf(method, p);
			assert(route, `no route for ${method} ${p}`);
			for (const u of ACTORS) {
				const role = ROLE[u];
				const r = await api(method, p, { as: u, body });
				let want;
				if (!route.roles.includes(role))
					want = 403;
				else if (!SPONSOR_SIDE.has(u) && !FULL.has(u))
					want = 404;
				else
					want = read ? 200 : 409;
				const bad = r.status !== want ||
				    (want === 403 && r.json.error.code !== 'forbidden') ||
				    (want === 404 && (r.json.error.code !== 'not_found' ||
				        Object.keys(r.json).length !== 1)) ||
				    (want === 409 && (SPONSOR_SIDE.has(u)
				        ? canon(r.json.outcome) !== canon('granted') || 'state' in r.json
				        : r.json.state !== 'granted' || canon(r.json.allowed) !== '[]'));
				if (bad)
					problems.push(`${u} (${role}): expected ${want}, got ${describe(r)}`);
				if (r.status === 200 && SPONSOR_SIDE.has(u) && 'state' in r.json)
					problems.push(`${u} sees the state: ${describe(r)}`);
			}
		}
		// The views themselves.
		for (const u of SPONSOR_SIDE)
			expectSponsorView(await view(m, u), u, 'granted');
		for (const u of FULL) {
			const v = await view(m, u);
			eq(v.state, 'granted', `${u}: state`);
			eq(v.body, 'cao', `${u}: body`);
		}
		const f = await api('GET', `/v1/cases/${id}/findings`, { as: 'adjudicator2' });
		assert(f.json.findings.some((x) => x.narrative === 'Reference confirms stable finances.') &&
		    !f.json.findings.some((x) => x.narrative === 'matrix probe'),
		    `the findings after the probes: ${show(f.json)}`);
		// Lists: M appears to those who may see it, as they may see it.
		for (const u of ACTORS) {
			const r = await api('GET', '/v1/cases?limit=1000', { as: u });
			const route = routeOf('GET', '/v1/cases');
			if (!route.roles.includes(ROLE[u])) {
				if (r.status !== 403)
					problems.push(`GET /v1/cases as ${u}: expected 403, got ${describe(r)}`);
				continue;
			}
			if (r.status !== 200) {
				problems.push(`GET /v1/cases as ${u}: ${describe(r)}`);
				continue;
			}
			const listed = r.json.cases.some((x) => x.id === id);
			if (listed !== (SPONSOR_SIDE.has(u) || FULL.has(u)))
				problems.push(`GET /v1/cases as ${u}: M listed ${listed}`);
			if (SPONSOR_SIDE.has(u) && r.json.cases.some((x) => 'state' in x))
				problems.push(`GET /v1/cases as ${u} shows states`);
			if (u === o.subj && r.json.cases.some((x) => x.person !== 'p13'))
				problems.push(`GET /v1/cases as ${u} lists another person's case`);
			if (u === 'investigator-tokiwa' && r.json.cases.some((x) => x.body !== 'tokiwa-screening'))
				problems.push(`GET /v1/cases as ${u} lists another body's case`);
		}
		// The other subject's case is out of M's subject's sight too.
		expectError(await api('GET', `/v1/cases/${o.id}`, { as: 'subject' }), 404, 'not_found',
		    'case', 'a subject reads another person\'s case');
		expectError(await api('GET', `/v1/cases/${o.id}/answers`, { as: 'subject' }), 404,
		    'not_found', 'case', 'a subject reads another person\'s answers');
		expectError(await api('GET', `/v1/cases/C-0000000000`, { as: 'adjudicator' }), 404,
		    'not_found', 'case', 'a case that does not exist');
		// Notifications: the subject's own, the sponsor's org's, nobody else's.
		for (const u of ['admin', 'investigator', 'adjudicator', 'designator', 'auditor',
			'relying'])
			expectError(await api('GET', '/v1/notifications', { as: u }), 403, 'forbidden',
			    undefined, `notifications as ${u}`);
		assert((await notifications(o.subj)).every((x) => x.case_id === o.id),
		    'the other subject sees another case\'s notices');
		assert(!(await notifications('officer2')).some((x) => x.case_id === id),
		    'another organization\'s officer sees the sponsor\'s notices');
		// The questionnaire and the notice: every person, no relying system.
		for (const u of ACTORS)
			for (const p of [`/v1/questionnaires/${SDS}`, `/v1/consent/${SDS}`]) {
				const r = await api('GET', p, { as: u });
				const want = ROLE[u] === 'relying_system' ? 403 : 200;
				if (r.status !== want)
					problems.push(`GET ${p} as ${u}: expected ${want}, got ${describe(r)}`);
			}
		assert(problems.length === 0, problems.join('; '));
	});

	test('cases: an investigator of another screening body sees nothing of cao\'s cases (404), and cao\'s nothing of its', async () => {
		// A JPN-CESI case (p18, asakaze-semi) assigned to tokiwa-screening.
		const c = await caseAt('submitted', 'p18', 'officer2', { authority: CESI });
		expectError(await api('POST', `/v1/cases/${c.id}/assign`, { as: 'adjudicator',
			body: { body: 'owari-hi' } }), 400, 'invalid', 'body', 'a contractor as the body');
		const v = await act(c, 'adjudicator', '/assign', { body: 'tokiwa-screening' },
		    'investigating');
		eq(v.body, 'tokiwa-screening', 'body');
		expectStatus(await api('GET', `/v1/cases/${c.id}`, { as: 'investigator-tokiwa' }), 200,
		    'tokiwa reads its case');
		for (const [m, p, body] of [['GET', '', undefined], ['GET', '/answers', undefined],
			['GET', '/findings', undefined], ['GET', '/history', undefined],
			['POST', '/findings', { item: 'drugs', source: 'interview', date: '2025-01-01',
				severity: 'minor', narrative: 'probe' }],
			['POST', '/investigation/close', undefined],
			['POST', '/return', { sections: ['identity'], note: 'probe' }]])
			expectError(await api(m, `/v1/cases/${c.id}${p}`, { as: 'investigator', body }), 404,
			    'not_found', 'case', `cao's investigator: ${m} ${p}`);
		// Reassigned to cao: now the other way round.
		await act(c, 'adjudicator', '/assign', { body: 'cao' }, 'investigating');
		expectStatus(await api('GET', `/v1/cases/${c.id}`, { as: 'investigator' }), 200,
		    'cao reads it now');
		expectError(await api('GET', `/v1/cases/${c.id}`, { as: 'investigator-tokiwa' }), 404,
		    'not_found', 'case', 'tokiwa after the reassignment');
		expectError(await api('POST', `/v1/cases/${c.id}/findings`, { as: 'investigator-tokiwa',
			body: { item: 'drugs', source: 'interview', date: '2025-01-01', severity: 'minor',
				narrative: 'probe' } }), 404, 'not_found', 'case', 'tokiwa adds a finding');
		// tokiwa is not accredited for JPN-SDS.
		const s = await caseAt('submitted', 'p12', 'admin');
		expectError(await api('POST', `/v1/cases/${s.id}/assign`, { as: 'adjudicator',
			body: { body: 'tokiwa-screening' } }), 400, 'invalid', 'body',
		    'a body not accredited for JPN-SDS');
	});

	// ---- (c) the questionnaire ----

	test('cases: bad answers are 400 naming section and path; submission lists every problem', async () => {
		const c = await caseAt('questionnaire', 'p05', 'admin');
		const put = (section, body) => api('PUT', `/v1/cases/${c.id}/answers/${section}`,
		    { as: c.subj, body });
		const good = c.doc;
		expectError(await put('hobbies', { likes: 'go' }), 404, 'not_found', 'section',
		    'an unknown section');
		expectAnswerErrors(await put('identity', Object.assign({}, good.identity,
			{ shoe_size: 42 })), [{ section: 'identity', path: 'shoe_size' }], 'an unknown field');
		expectAnswerErrors(await put('identity', Object.assign({}, good.identity,
			{ birth_date: 19791008 })), [{ section: 'identity', path: 'birth_date' }],
		    'a number for a date');
		expectAnswerErrors(await put('identity', Object.assign({}, good.identity,
			{ nationalities: 'JPN' })), [{ section: 'identity', path: 'nationalities' }],
		    'a string for a list');
		expectAnswerErrors(await put('identity', Object.assign({}, good.identity,
			{ birth_date: '1980-04-01' })), [{ section: 'identity', path: 'birth_date' }],
		    'a birth date that is not the register\'s');
		expectAnswerErrors(await put('drugs', { misuse: 'no' }),
		    [{ section: 'drugs', path: 'misuse' }], 'a string for yes/no');
		expectAnswerErrors(await put('drugs', { misuse: { answer: false, details: {
			description: 'nothing' } } }), [{ section: 'drugs', path: 'misuse.details' }],
		    'details on a no');
		const early = JSON.parse(JSON.stringify(good.residence));
		early.entries[0].period.from = '1970-01-01'; // p05 was born 1979-10-08
		expectAnswerErrors(await put('residence', early),
		    [{ section: 'residence', path: 'entries[0].period.from' }], 'a date before birth');
		const many = Object.assign({}, good.identity, { shoe_size: 42, birth_date: 'soon',
			nationalities: ['XXX'] });
		const errs = expectAnswerErrors(await put('identity', many), [
			{ section: 'identity', path: 'shoe_size' },
			{ section: 'identity', path: 'birth_date' },
			{ section: 'identity', path: 'nationalities[0]' }], 'three problems at once');
		eq(errs.length, 3, 'every problem listed');
		// A question with details takes {"answer": ...}, not a bare boolean
		// (docs/questionnaire.md, yesno).
		expectAnswerErrors(await put('drugs', { misuse: false }),
		    [{ section: 'drugs', path: 'misuse' }], 'a bare false where details exist');
		// Nothing bad was kept: the sections saved so far are the good ones.
		for (const s of ['identity', 'residence', 'education', 'employment', 'relatives',
			'harmful_activities', 'criminal_disciplinary', 'information_handling', 'drugs',
			'mental_health', 'alcohol'])
			expectStatus(await put(s, good[s]), 200, `save ${s}`);
		// A residence history with a 31-day gap saves, but submission lists it,
		// with the finances section that was never saved.
		const gap = JSON.parse(JSON.stringify(good.residence));
		gap.entries[0].period.to = '2019-02-28';
		gap.entries[1].period.from = '2019-04-01'; // March 2019 uncovered: 31 days
		expectStatus(await put('residence', gap), 200, 'a history with a gap saves');
		const s = await api('POST', `/v1/cases/${c.id}/submit`, { as: c.subj,
			body: { certify: true, signature: c.p.name } });
		expectAnswerErrors(s, [
			{ section: 'residence', path: 'entries', reason: /2019-03-01.*2019-03-31.*31 days/ },
			{ section: 'finances', path: '' }], 'submission');
		eq((await view(c, c.subj)).state, 'questionnaire', 'a refused submission leaves the state');
		// Mended: one day less of gap (30 days) passes.
		gap.entries[1].period.from = '2019-03-31';
		expectStatus(await put('residence', gap), 200, 'a 30-day gap');
		expectStatus(await put('finances', good.finances), 200, 'finances');
		await submit(c);
	});

	// ---- (d) sealed at rest: a canary ----

	test('cases: a canary in an answer and a finding is absent from the database file and its WAL, present in the export and the subject\'s answers', async () => {
		const canary = `CANARY-${crypto.randomBytes(12).toString('hex')}`;
		const c = await caseAt('questionnaire', 'p06', 'admin');
		c.doc.employment.entries[1].notes = `Worked on ${canary} as a contractor`;
		await answerAll(c, c.doc);
		await submit(c);
		await act(c, 'adjudicator', '/assign', { body: 'cao' }, 'investigating');
		const f = await api('POST', `/v1/cases/${c.id}/findings`, { as: 'investigator', body: {
			item: 'harmful_activities', source: 'interview', date: '2025-02-02', severity: 'minor',
			narrative: `Named ${canary} in the interview`, mitigation: `Explained ${canary}` } });
		expectStatus(f, 201, 'the finding');
		await act(c, 'investigator', '/investigation/close', undefined, 'adjudicating');
		// The subject reads it back; the sponsor's view holds none of it.
		const a = await api('GET', `/v1/cases/${c.id}/answers`, { as: c.subj });
		expectStatus(a, 200, 'the subject reads the answers');
		assert(a.text.includes(canary), 'the canary is not in the subject\'s answers');
		const fv = await api('GET', `/v1/cases/${c.id}/findings`, { as: 'adjudicator' });
		assert(fv.text.includes(canary), 'the canary is not in the findings');
		for (const u of ['admin', 'adjudicator', c.subj]) {
			const v = await api('GET', `/v1/cases/${c.id}`, { as: u });
			assert(!v.text.includes(canary), `the canary is in the case view of ${u}`);
		}
		const hist = await api('GET', `/v1/cases/${c.id}/history`, { as: 'adjudicator' });
		assert(!hist.text.includes(canary), 'the canary is in the history');
		// At rest: neither in the database file nor in its write-ahead log.
		if (h.db().startsWith('postgres'))
			throw new h.Skip('reads the SQLite file and its log');
		const db = path.join(h.tmpdir(), 'r.db');
		const needle = Buffer.from(canary, 'utf8');
		let files = 0;
		for (const file of [db, `${db}-wal`, `${db}-journal`, `${db}-shm`]) {
			if (!fs.existsSync(file))
				continue;
			files++;
			assert(fs.readFileSync(file).indexOf(needle) < 0, `the canary is in ${path.basename(file)}`);
		}
		assert(files >= 1, 'no database file');
		// Nor in the audit log.
		const entries = await h.auditEntries('');
		assert(!JSON.stringify(entries).includes(canary), 'the canary is in the audit log');
		// The export holds the plaintext: the subject's data can be exported.
		const out = h.cli(['export']);
		const lines = out.split('\n').filter((l) => l.includes(canary));
		assert(lines.length >= 2, `the canary is in ${lines.length} export lines, expected the ` +
		    'answers and the finding');
		assert(lines.some((l) => JSON.parse(l).kind === 'answers') &&
		    lines.some((l) => JSON.parse(l).kind === 'finding'),
		    `export lines with the canary: ${show(lines.map((l) => JSON.parse(l).kind))}`);
	});

	// ---- (e) events a state does not allow ----

	test('cases: events the state does not allow are 409 with "state" and "allowed" (or the sponsor\'s "outcome")', async () => {
		const c = await caseAt('nominated', 'p07', 'admin');
		const post = (as, p, body) => api('POST', `/v1/cases/${c.id}${p}`, { as, body });
		const signed = { certify: true, signature: 'x' };
		const AC = ['consent', 'refuse', 'withdraw'];
		expectStateConflict(await post(c.subj, '/submit', signed), 'awaiting_consent', AC,
		    'submit before consent');
		expectStateConflict(await api('PUT', `/v1/cases/${c.id}/answers/identity`,
		    { as: c.subj, body: c.doc.identity }), 'awaiting_consent', AC,
		    'answers before consent');
		expectStateConflict(await post('adjudicator', '/assign', { body: 'cao' }),
		    'awaiting_consent', AC, 'assign before consent');
		expectStateConflict(await post('adjudicator', '/decision', { outcome: 'grant' }),
		    'awaiting_consent', AC, 'decide before consent');
		expectStateConflict(await post(c.subj, '/complaint', { text: 'x' }), 'awaiting_consent',
		    AC, 'complain before a decision');
		expectOutcomeConflict(await post('admin', '/assign', { body: 'cao' }), 'in_progress',
		    'an admin assigns before consent');
		await consent(c);
		const QU = ['submit', 'withdraw'];
		expectStateConflict(await post(c.subj, '/consent', { agree: true, signature: 'x' }),
		    'questionnaire', QU, 'consent twice');
		expectStateConflict(await post('adjudicator', '/return',
		    { sections: ['identity'], note: 'x' }), 'questionnaire', QU, 'return in questionnaire');
		await answerAll(c, c.doc);
		await submit(c);
		const SU = ['assign', 'return', 'withdraw'];
		expectStateConflict(await api('PUT', `/v1/cases/${c.id}/answers/identity`,
		    { as: c.subj, body: c.doc.identity }), 'submitted', SU, 'answers after submission');
		expectStateConflict(await post(c.subj, '/submit', signed), 'submitted', SU,
		    'submit twice');
		expectStateConflict(await post('adjudicator', '/decision', { outcome: 'grant' }),
		    'submitted', SU, 'decide before the investigation');
		await act(c, 'adjudicator', '/assign', { body: 'cao' }, 'investigating');
		const IN = ['assign', 'return', 'close', 'withdraw'];
		expectStateConflict(await post('adjudicator', '/decision', { outcome: 'grant' }),
		    'investigating', IN, 'decide during the investigation');
		expectStateConflict(await post(c.subj, '/complaint', { text: 'x' }), 'investigating',
		    IN, 'complain during the investigation');
		expectStateConflict(await post('adjudicator2', '/complaint/review',
		    { upheld: true, note: 'x' }), 'investigating', IN, 'review without a complaint');
		await act(c, 'investigator', '/investigation/close', undefined, 'adjudicating');
		const AD = ['grant', 'interim', 'deny', 'return', 'withdraw'];
		expectStateConflict(await post('investigator', '/investigation/close'), 'adjudicating',
		    AD, 'close twice');
		expectStateConflict(await post('investigator', '/findings', { item: 'drugs',
			source: 'interview', date: '2025-01-01', severity: 'minor', narrative: 'late' }),
		    'adjudicating', AD, 'a finding after the close');
		expectStateConflict(await post('investigator', '/record-checks'), 'adjudicating', AD,
		    'record checks after the close');
		expectStateConflict(await post('adjudicator', '/assign', { body: 'cao' }),
		    'adjudicating', AD, 'assign after the close');
		await act(c, 'adjudicator', '/decision', { outcome: 'grant' }, 'granted');
		expectStateConflict(await post(c.subj, '/withdraw'), 'granted', [],
		    'withdraw after the decision');
		expectStateConflict(await post('adjudicator2', '/decision', { outcome: 'deny',
			assessments: [{ item: 'drugs', assessment: 'unfavorable', reason: 'x' }] }),
		    'granted', [], 'decide twice');
		expectStateConflict(await post(c.subj, '/complaint', { text: 'x' }), 'granted', [],
		    'complain about a grant');
		expectOutcomeConflict(await post('admin', '/assign', { body: 'cao' }), 'granted',
		    'an admin assigns after the decision');
	});

	// ---- the interchange format (DESIGN.md section 11) ----

	test('cases: the export (cases, history, answers, findings, notifications) re-imports into an empty register identically', async () => {
		const out = h.cli(['export']);
		const kinds = new Set(out.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l).kind));
		for (const k of ['case', 'case_event', 'answers', 'finding', 'notification'])
			assert(kinds.has(k), `no ${k} in the export (kinds: ${show([...kinds])})`);
		const file = path.join(h.tmpdir(), 'cases-export.jsonl');
		const db2 = path.join(h.tmpdir(), 'cases-roundtrip.db');
		fs.writeFileSync(file, out);
		// Into SQLite whatever the register under test (item 7 of issue
		// 10: PostgreSQL to SQLite gives the same export).
		const keys = { SCS_KEYS: `${db2}.keys` };
		h.cli(['--db', db2, 'init'], keys);
		h.cli(['--db', db2, 'import', file], keys);
		const again = h.cli(['--db', db2, 'export'], keys);
		if (again !== out) {
			const a = out.split('\n');
			const b = again.split('\n');
			let i = 0;
			while (i < a.length && a[i] === b[i])
				i++;
			assert(false, `the export differs at line ${i + 1}: ${show(a[i])} then ${show(b[i])}`);
		}
	});

	// ---- timeliness (DESIGN.md section 8) ----

	test('cases: the timeliness report agrees with figures recomputed from every case\'s stamps', async () => {
		const all = await api('GET', '/v1/cases?limit=1000', { as: 'adjudicator' });
		expectStatus(all, 200, 'list every case');
		const decided = new Set(['granted', 'interim', 'denied', 'complaint', 'rejected']);
		const per = { end_to_end: [] };
		for (const ph of PHASES)
			per[ph] = [];
		let eadj = 0;
		let n = 0;
		for (const c of all.json.cases) {
			if (!decided.has(c.state))
				continue;
			const hist = await api('GET', `/v1/cases/${c.id}/history`, { as: 'adjudicator' });
			expectStatus(hist, 200, `history of ${c.id}`);
			const ev = hist.json.history;
			const spent = {};
			for (const ph of PHASES)
				spent[ph] = 0;
			for (let i = 1; i < ev.length; i++) {
				const ph = PHASE_OF[ev[i].from_state];
				if (ph)
					spent[ph] += (Date.parse(ev[i].at) - Date.parse(ev[i - 1].at)) / 1000;
			}
			for (const ph of PHASES) {
				eq(c[`${ph}_s`], spent[ph], `${c.id} ${ph} clock against its stamps`);
				per[ph].push(spent[ph]);
			}
			per.end_to_end.push((Date.parse(c.decided) - Date.parse(c.opened)) / 1000);
			if (c.e_adjudicated)
				eadj++;
			n++;
		}
		assert(n >= 3, `too few decided cases to compare (${n})`);
		const r = await api('GET', '/v1/reports/timeliness', { as: 'auditor' });
		expectStatus(r, 200, 'the report as an auditor');
		const row = r.json.rows[0];
		eq(row.authority, null, 'the first row is all cases');
		eq(row.decided, n, 'decided cases');
		eq(row.e_adjudicated, eadj, 'e-adjudicated cases counted apart');
		for (const k of Object.keys(per)) {
			const v = per[k].slice().sort((a, b) => a - b);
			const mean = v.reduce((a, b) => a + b, 0) / v.length / 86400;
			const med = (v.length % 2 ? v[(v.length - 1) / 2] :
			    (v[v.length / 2 - 1] + v[v.length / 2]) / 2) / 86400;
			const p90 = v[Math.ceil(0.9 * v.length) - 1] / 86400;
			const f = v.slice(0, Math.ceil(0.9 * v.length));
			const f90 = f.reduce((a, b) => a + b, 0) / f.length / 86400;
			const got = row.phases[k];
			eq(got.count, v.length, `${k} count`);
			for (const [name, want] of [['mean_days', mean], ['median_days', med],
				['p90_days', p90], ['fastest90_days', f90]])
				assert(Math.abs(got[name] - want) < 1e-6,
				    `${k} ${name}: expected ${want}, got ${got[name]}`);
		}
		expectStatus(await api('GET', '/v1/reports/timeliness', { as: 'officer' }), 403,
		    'a security officer reads no statistics');
		expectError(await api('GET', '/v1/reports/timeliness?from=2026-02-01&to=2026-01-01',
		    { as: 'auditor' }), 400, 'invalid', 'to', 'from after to');
	});

	// ---- timeliness for oversight (issue 14): by body, left out, targets, the window's end, CSV ----

	// What the report should say, recomputed from every case (adjudicators
	// see them all): per body ("unassigned" without one), decided and open.
	const OPEN_STATES = new Set(['awaiting_consent', 'questionnaire', 'submitted', 'investigating',
		'adjudicating', 'interim', 'complaint']);
	const DECIDED_STATES = new Set(['granted', 'interim', 'denied', 'complaint', 'rejected']);
	const TARGET_E2E = { [SDS]: 120, [CESI]: 90, '*': 120 }; // data/vetting.json
	const bodyOf = (c) => c.body || 'unassigned';
	// Open at instant t (ms), from the case's times (docs/timeliness.md).
	const openAt = (c, t) => {
		const opened = Date.parse(c.opened), since = Date.parse(c.since);
		const decided = c.decided ? Date.parse(c.decided) : null;
		if (opened > t)
			return false;
		if (c.state === 'complaint')
			return decided === null || t < decided || t >= since;
		if (['granted', 'denied', 'rejected'].includes(c.state))
			return t < (decided !== null ? decided : since);
		if (['refused', 'withdrawn'].includes(c.state))
			return t < since;
		return true;
	};
	const leftOutOk = (s, what) => {
		eq(s.left_out, s.count - Math.ceil(0.9 * s.count), `${what} left out`);
		if (s.count === 0) {
			eq(s.left_out_share, null, `${what} left-out share of nothing`);
			return;
		}
		assert(Math.abs(s.left_out_share - s.left_out / s.count) < 1e-9, `${what} left-out share`);
		assert(s.left_out_time_share >= 0 && s.left_out_time_share <= 1, `${what} left-out time share`);
		assert(s.mean_days >= s.fastest90_days - 1e-9, `${what}: the mean of all is at least the fastest 90%'s`);
	};
	const everyCase = async () => {
		const all = await api('GET', '/v1/cases?limit=1000', { as: 'adjudicator' });
		expectStatus(all, 200, 'list every case');
		return all.json.cases;
	};

	test('cases: timeliness by screening body: subtotals and rows agree with the cases, unassigned last, the fastest 90% beside the mean with what it leaves out', async () => {
		const cases = await everyCase();
		const want = {};
		const e2e = {}; // body/authority/level -> end-to-end seconds of decided cases
		for (const c of cases) {
			const b = bodyOf(c);
			want[b] = want[b] || { decided: 0, open: 0 };
			if (DECIDED_STATES.has(c.state) && c.decided) {
				want[b].decided++;
				const k = `${b}/${c.authority}/${c.level}`;
				(e2e[k] = e2e[k] || []).push((Date.parse(c.decided) - Date.parse(c.opened)) / 1000);
			}
			if (OPEN_STATES.has(c.state))
				want[b].open++;
		}
		assert(Object.keys(want).length >= 2, 'cases of at least two bodies: ' + JSON.stringify(want));
		const r = await api('GET', '/v1/reports/timeliness?by=body', { as: 'auditor' });
		expectStatus(r, 200, 'by body');
		eq(r.json.by, 'body', 'the grouping is echoed');
		eq(r.json.body, null, 'no body filter');
		eq(r.json.inventory_at, null, 'no window end, no second inventory');
		const rows = r.json.rows;
		eq(rows[0].body, null, 'the all row names no body');
		const subs = rows.filter((x) => x.body !== null && x.authority === null);
		const seen = subs.map((x) => x.body);
		const sorted = Object.keys(want).filter((b) => b !== 'unassigned').sort();
		if (want.unassigned)
			sorted.push('unassigned');
		eq(JSON.stringify(seen), JSON.stringify(sorted), 'one subtotal per body, in order, unassigned last');
		let decided = 0;
		for (const s of subs) {
			eq(s.decided, want[s.body].decided, `${s.body}: decided`);
			eq(s.open, want[s.body].open, `${s.body}: open`);
			eq(s.phases.end_to_end.target_days, null, `${s.body}: a subtotal has no single target`);
			if (s.body !== 'unassigned')
				assert(typeof s.body_name === 'string' && s.body_name.length > 0, `${s.body}: its name`);
			else
				eq(s.body_name, null, 'the unassigned have no name');
			decided += s.decided;
			const own = rows.filter((x) => x.body === s.body && x.authority !== null);
			eq(own.reduce((a, x) => a + x.decided, 0), s.decided, `${s.body}: its levels sum to it`);
			eq(own.reduce((a, x) => a + x.open, 0), s.open, `${s.body}: open cases too`);
		}
		eq(decided, rows[0].decided, 'the subtotals sum to the all row');
		for (const x of rows) {
			const what = `${x.body}/${x.authority}/${x.level}`;
			for (const p of [...PHASES, 'end_to_end'])
				leftOutOk(x.phases[p], `${what} ${p}`);
			if (x.authority === null || x.body === null)
				continue;
			// Within the end-to-end target: whole days <= target.
			const d = e2e[`${x.body}/${x.authority}/${x.level}`] || [];
			const target = TARGET_E2E[x.authority] || TARGET_E2E['*'];
			const s = x.phases.end_to_end;
			eq(s.target_days, target, `${what}: the authority's end-to-end target`);
			eq(s.targeted, d.length, `${what}: every decided case is judged`);
			eq(s.within_target, d.filter((v) => Math.floor(v / 86400) <= target).length, `${what}: within the target`);
			if (d.length)
				assert(Math.abs(s.within_target_share - s.within_target / d.length) < 1e-9, `${what}: the share`);
		}
	});

	test('cases: timeliness for one body, for the unassigned, and the backlog at the end of the window', async () => {
		const cases = await everyCase();
		const cao = cases.filter((c) => bodyOf(c) === 'cao');
		const none = cases.filter((c) => bodyOf(c) === 'unassigned');
		const one = await api('GET', '/v1/reports/timeliness?body=cao', { as: 'adjudicator' });
		expectStatus(one, 200, 'one body');
		eq(one.json.body, 'cao', 'the filter is echoed');
		eq(one.json.by, 'level', 'by level by default');
		eq(one.json.rows[0].decided, cao.filter((c) => DECIDED_STATES.has(c.state) && c.decided).length, 'cao: decided');
		eq(one.json.rows[0].open, cao.filter((c) => OPEN_STATES.has(c.state)).length, 'cao: open');
		assert(one.json.rows.slice(1).every((x) => x.body === null && x.authority !== null), 'by level: rows of levels');
		const un = await api('GET', '/v1/reports/timeliness?body=unassigned&by=body', { as: 'admin' });
		expectStatus(un, 200, 'the unassigned');
		eq(un.json.rows[0].open, none.filter((c) => OPEN_STATES.has(c.state)).length, 'unassigned: open');
		assert(un.json.rows.slice(1).every((x) => x.body === 'unassigned'), 'only the unassigned');
		// The end of the window: in the future, the inventory is now's.
		const later = await api('GET', '/v1/reports/timeliness?to=2099-01-01', { as: 'auditor' });
		expectStatus(later, 200, 'a window ending in the future');
		assert(later.json.inventory_at !== null, 'an inventory at the end');
		eq(later.json.rows[0].open_at, later.json.rows[0].open, 'ending in the future: the open cases now');
		// In the past: recomputed from each case's times.
		const times = cases.map((c) => Date.parse(c.opened)).sort((a, b) => a - b);
		const t = new Date(Math.floor(times[Math.floor(times.length / 2)] / 1000) * 1000 + 1000);
		const at = t.toISOString().replace(/\.000Z$/, 'Z');
		// The cases were opened moments ago: let the server's clock pass
		// the end first, or it would count the inventory now, before it.
		const ahead = t.getTime() + 1500 - Date.now();
		if (ahead > 0)
			await new Promise((r) => setTimeout(r, ahead));
		const past = await api('GET', `/v1/reports/timeliness?to=${at}&by=body`, { as: 'auditor' });
		expectStatus(past, 200, 'a window ending in the past');
		eq(past.json.inventory_at, at, 'the inventory at the end of the window');
		const was = cases.filter((c) => openAt(c, t.getTime()));
		eq(past.json.rows[0].open_at, was.length, `open at ${at}`);
		const bands = past.json.rows[0].backlog_at_by_age_days;
		eq(Object.values(bands).reduce((a, b) => a + b, 0), was.length, 'the bands sum to the inventory');
		eq(bands['0_30'], was.filter((c) => Math.floor((t - Date.parse(c.opened)) / 86400000) <= 30).length, 'the youngest band');
		for (const s of past.json.rows.filter((x) => x.body !== null && x.authority === null))
			eq(s.open_at, was.filter((c) => bodyOf(c) === s.body).length, `${s.body}: open at the end`);
		const now = await api('GET', '/v1/reports/timeliness', { as: 'auditor' });
		eq(now.json.rows[0].open_at, null, 'no end, no inventory at it');
		eq(now.json.rows[0].backlog_at_by_age_days, null, 'nor its bands');
	});

	test('cases: timeliness refuses a bad grouping, body or format, naming it', async () => {
		for (const [q, field] of [['by=organ', 'by'], ['by=', 'by'], ['body=no-such-body', 'body'],
			['body=mod', 'body'], ['body=a%20b', 'body'], ['body=', 'body'], ['format=xml', 'format'],
			['format=CSV', 'format'], ['from=soon', 'from'], ['to=2026-01-01&from=2026-02-01', 'to']])
			expectError(await api('GET', `/v1/reports/timeliness?${q}`, { as: 'auditor' }), 400, 'invalid',
			    field, q);
		expectStatus(await api('GET', '/v1/reports/timeliness?colour=red', { as: 'auditor' }), 400,
		    'an unknown parameter');
		expectStatus(await api('GET', '/v1/reports/timeliness?by=body&format=csv', { as: 'officer' }), 403,
		    'a security officer reads no statistics, in no format');
	});

	// A CSV line's cells (RFC 4180 quoting).
	const csvCells = (line) => {
		const out = [];
		let cur = '', q = false;
		for (let i = 0; i < line.length; i++) {
			const ch = line[i];
			if (q && ch === '"' && line[i + 1] === '"') {
				cur += '"';
				i++;
			} else if (ch === '"') {
				q = !q;
			} else if (ch === ',' && !q) {
				out.push(cur);
				cur = '';
			} else {
				cur += ch;
			}
		}
		out.push(cur);
		return out;
	};

	test('cases: timeliness as CSV: one line per group and phase, the JSON\'s figures, group counts once', async () => {
		const j = await api('GET', '/v1/reports/timeliness?by=body&to=2099-01-01', { as: 'auditor' });
		const r = await api('GET', '/v1/reports/timeliness?by=body&to=2099-01-01&format=csv', { as: 'auditor' });
		expectStatus(r, 200, 'CSV');
		assert(/^text\/csv/.test(r.headers.get('content-type')), 'content type: ' + r.headers.get('content-type'));
		assert(r.text.endsWith('\r\n'), 'CRLF line ends');
		const lines = r.text.slice(0, -2).split('\r\n');
		const head = csvCells(lines[0]);
		for (const k of ['body', 'body_name', 'authority', 'level', 'phase', 'count', 'mean_days', 'fastest90_days',
			'left_out', 'left_out_share', 'left_out_time_share', 'median_days', 'p90_days', 'target_days',
			'within_target', 'within_target_share', 'open', 'decided', 'backlog_over_365', 'inventory_at',
			'open_at', 'backlog_at_0_30'])
			assert(head.includes(k), `column ${k}`);
		const rows = j.json.rows;
		eq(lines.length, 1 + rows.length * 6, 'a header and six lines per group');
		const col = (cells, k) => cells[head.indexOf(k)];
		rows.forEach((x, i) => {
			[...PHASES, 'end_to_end'].forEach((p, k) => {
				const c = csvCells(lines[1 + i * 6 + k]);
				eq(c.length, head.length, `line ${2 + i * 6 + k}: every column`);
				eq(col(c, 'phase'), p, 'the phase');
				eq(col(c, 'body'), x.body === null ? '' : x.body, 'the body');
				eq(col(c, 'authority'), x.authority === null ? '' : x.authority, 'the authority');
				const s = x.phases[p];
				eq(col(c, 'count'), String(s.count), `${p} count`);
				eq(col(c, 'left_out'), String(s.left_out), `${p} left out`);
				eq(col(c, 'mean_days'), s.mean_days === null ? '' : s.mean_days.toFixed(4), `${p} mean`);
				eq(col(c, 'fastest90_days'), s.fastest90_days === null ? '' : s.fastest90_days.toFixed(4), `${p} fastest 90%`);
				eq(col(c, 'within_target'), String(s.within_target), `${p} within target`);
				const e2e = p === 'end_to_end';
				eq(col(c, 'open'), String(e2e ? x.open : x.open_in_phase[p]), `${p} open`);
				eq(col(c, 'decided'), e2e ? String(x.decided) : '', `${p}: group counts on the end-to-end line only`);
				eq(col(c, 'open_at'), e2e ? String(x.open_at) : '', `${p}: open at the end likewise`);
			});
		});
	});

	test('cases: clearances due: every role its own, a bad period is 400', async () => {
		const due = await api('GET', '/v1/clearances/due?within=10y', { as: 'adjudicator' });
		expectStatus(due, 200, 'clearances due');
		assert(due.json.clearances.length > 0, 'some clearance ends within 10 years');
		expectError(await api('GET', '/v1/clearances/due?within=soon', { as: 'adjudicator' }),
		    400, 'invalid', 'within', 'a bad period');
		const mine = await api('GET', '/v1/clearances/due?within=10y', { as: 'officer' });
		expectStatus(mine, 200, 'an officer\'s clearances due');
		const persons = await api('GET', '/v1/persons?limit=1000', { as: 'officer' });
		const staff = new Set(persons.json.persons.map((x) => x.id));
		for (const c of mine.json.clearances)
			assert(staff.has(c.person), `an officer sees ${c.person}, not of its staff`);
	});
}

module.exports = { beforeServe, register };
