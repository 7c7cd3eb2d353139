#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
// demo-year.mjs SCS DB - this year's events in the demo register, so that
// the annual report to the Diet (GET /v1/reports/annual, `scs report
// annual`; docs/oversight.md) of the current year has a figure in every
// section.  The demo's history is imported (data/demo-cases.jsonl), and an
// import is no event of the year: the report counts the audit log's own
// entries.  So the people of the demo act here, through the API as they
// would in the browser, on a server of their own (127.0.0.1, a free
// port) that is stopped at the end: the Ministry of Defense's designator
// designates three items, renews one and declassifies another, the
// administrator designates one for METI; the security officers of MoD and
// METI nominate five new members of staff (p24 to p28), who consent or
// refuse, answer and submit; the Cabinet Office screens and decides: two
// grants (one after an interim grant), a denial whose complaint is
// rejected, a refusal of consent, a withdrawal; two incidents, one closed;
// three concerns about the newly cleared, one found valid, one not, one
// waiting.  Plain Node (18+), no packages.  Exits 1 naming the step that
// failed.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const top = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PW = 'demo-password-2026';
const SUBJECT_PW = 'demo-password-2026';
const SDS = ['JPN-SDS', 'TOKUTEI_HIMITSU', 'JPN-SDS-2026-1'];
const CESI = ['JPN-CESI', 'JUYO_KEIZAI_ANPO', 'JPN-CESI-2026-1'];

const [bin, db] = process.argv.slice(2);
if (!bin || !db) {
	process.stderr.write('usage: demo-year.mjs SCS DB\n');
	process.exit(2);
}

const example = (a) => JSON.parse(readFileSync(join(top, 'data', 'questionnaires', `${a}.json`),
	'utf8')).example;
const day = (n) => new Date(Date.now() + n * 86400e3).toISOString().slice(0, 10);
const inYears = (n) => {
	const t = new Date();
	return `${t.getUTCFullYear() + n}-${String(t.getUTCMonth() + 1).padStart(2, '0')}-01`;
};

function serve() {
	return new Promise((ok, fail) => {
		const child = spawn(bin, ['--db', db, 'serve', '--listen', '127.0.0.1:0',
			'--limit-signin', '100000'], { stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		let err = '';
		child.stderr.setEncoding('utf8');
		child.stderr.on('data', (d) => { err += d; });
		child.stdout.setEncoding('utf8');
		child.stdout.on('data', (d) => {
			out += d;
			const m = /on (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
			if (m)
				ok({ child, url: m[1] });
		});
		child.on('exit', (code) => fail(new Error(`scs serve exited (${code}): ${err}`)));
		child.on('error', fail);
	});
}

let base = '';
const tokens = {};

async function api(method, path, as, body, want) {
	const headers = {};
	if (as)
		headers.Authorization = `Bearer ${tokens[as]}`;
	if (body !== undefined)
		headers['Content-Type'] = 'application/json';
	const r = await fetch(base + path, { method, headers,
		body: body === undefined ? undefined : JSON.stringify(body) });
	const text = await r.text();
	const json = text ? JSON.parse(text) : null;
	if (want !== undefined && r.status !== want)
		throw new Error(`${as || 'anonymous'}: ${method} ${path}: ${r.status} ${text}`);
	return json;
}

async function signIn(user, password = PW) {
	tokens[user] = (await api('POST', '/v1/login', null, { username: user, password }, 200)).token;
}

// Nominate @person as @officer under @auth; the subject's account is
// activated and signed in, as the person would.
async function nominate(officer, person, auth, need) {
	const c = await api('POST', '/v1/cases', officer, { person, authority: auth[0], level: auth[1],
		need }, 201);
	const a = c.subject_account;
	await api('POST', '/v1/activate', null, { username: a.user, code: a.activation_code,
		password: SUBJECT_PW }, 200);
	await signIn(a.user, SUBJECT_PW);
	return { id: c.id, subj: a.user, auth };
}

const move = (c, as, p, body) => api('POST', `/v1/cases/${c.id}${p}`, as, body, 200);

// Consent, answer every section, submit; screened by the Cabinet Office.
async function toAdjudication(c, p) {
	await move(c, c.subj, '/consent', { agree: true, signature: p.name, version: c.auth[2] });
	const doc = example(c.auth[0]);
	Object.assign(doc.identity, { name: p.name, name_latin: p.name_latin, birth_date: p.birth_date,
		nationalities: p.nationalities });
	delete doc.identity.name_reading;
	for (const [section, data] of Object.entries(doc))
		await api('PUT', `/v1/cases/${c.id}/answers/${section}`, c.subj, data, 200);
	await move(c, c.subj, '/submit', { certify: true, signature: p.name });
	await move(c, 'adjudicator', '/assign', { body: 'cao' });
	await move(c, 'investigator', '/investigation/close');
}

async function concern(person, text) {
	const r = await api('POST', '/v1/concerns', 'misaki', { person, type: 'conduct', text }, 202);
	const q = await api('GET', '/v1/alerts?state=open&limit=1000', 'investigator', undefined, 200);
	const a = q.alerts.find((x) => x.record === r.receipt);
	if (!a)
		throw new Error(`the concern about ${person} raised no alert`);
	return a;
}

async function triage(a, state) {
	const as = a.body === 'tokiwa-screening' ? 'investigator-tokiwa' : 'investigator';
	await api('POST', `/v1/alerts/${a.id}/triage`, as, { state }, 200);
}

const STAFF = [
	['p24', '高田 正人', 'TAKADA Masato', '1984-02-11', 'mod', 'officer-mod'],
	['p25', '吉川 美穂', 'YOSHIKAWA Miho', '1990-07-03', 'mod', 'officer-mod'],
	['p26', '原 健太', 'HARA Kenta', '1993-11-19', 'mod', 'officer-mod'],
	['p27', '野村 由紀', 'NOMURA Yuki', '1982-05-27', 'meti', 'officer-meti'],
	['p28', '西田 翔', 'NISHIDA Sho', '1995-01-08', 'meti', 'officer-meti'],
	['p29', '大西 智子', 'ONISHI Tomoko', '1979-09-14', 'mod', 'officer-mod'],
];

async function year() {
	for (const u of ['admin', 'designator', 'officer-mod', 'officer-meti', 'adjudicator',
		'adjudicator2', 'investigator', 'investigator-tokiwa', 'misaki'])
		await signIn(u);
	const persons = {};
	for (const [id, name, latin, born, org, officer] of STAFF)
		persons[id] = await api('POST', '/v1/persons', officer, { id, name, name_latin: latin,
			birth_date: born, nationalities: ['JPN'], org }, 201);

	// Designations.
	const item = (as, id, title, owner, field, auth) => api('POST', '/v1/items', as, { id, title,
		owner, field, authority: auth[0], level: auth[1], valid_from: day(0),
		valid_until: inYears(4) }, 201);
	await item('designator', 'mod-sonar-array-2', 'Sonar array, second generation', 'mod', 'defense',
		SDS);
	await item('designator', 'mod-fleet-cipher', 'Fleet cipher keys', 'mod', 'defense', SDS);
	await item('designator', 'mod-liaison-notes', 'Liaison notes, allied exercise', 'mod',
		'diplomacy', SDS);
	await item('admin', 'meti-rare-earth-stock', 'Rare-earth stockpile plan', 'meti',
		'economic_security', CESI);
	await api('POST', '/v1/items/mod-fleet-cipher/renew', 'designator',
		{ valid_until: inYears(5) }, 200);
	await api('POST', '/v1/items/mod-liaison-notes/declassify', 'designator', {}, 200);

	// Assessments and complaints.
	const need = 'Work on designated defense information';
	const c24 = await nominate('officer-mod', 'p24', SDS, need);
	await toAdjudication(c24, persons.p24);
	await move(c24, 'adjudicator', '/decision', { outcome: 'grant',
		assessments: [{ item: 'finances', assessment: 'favorable' }] });
	const c25 = await nominate('officer-mod', 'p25', SDS, need);
	await toAdjudication(c25, persons.p25);
	await move(c25, 'adjudicator', '/decision', { outcome: 'deny', assessments: [{
		item: 'finances', assessment: 'unfavorable', reason: 'Large debts not explained.' }] });
	await move(c25, c25.subj, '/complaint', { text: 'The debts were a guarantee for my brother.' });
	await move(c25, 'adjudicator2', '/complaint/review', { upheld: false,
		note: 'The guarantee is still in force; the risk stands.' });
	const c26 = await nominate('officer-mod', 'p26', SDS, need);
	await move(c26, c26.subj, '/consent', { agree: false });
	const needCesi = 'Supply-chain work on critical economic security information';
	const c27 = await nominate('officer-meti', 'p27', CESI, needCesi);
	await toAdjudication(c27, persons.p27);
	await move(c27, 'adjudicator', '/decision', { outcome: 'interim' });
	await move(c27, 'adjudicator', '/decision', { outcome: 'grant',
		assessments: [{ item: 'finances', assessment: 'favorable' }] });
	const c28 = await nominate('officer-meti', 'p28', CESI, needCesi);
	await move(c28, 'officer-meti', '/withdraw');

	// Incidents.
	const inc = await api('POST', '/v1/incidents', 'officer-mod', { type: 'mishandling',
		occurred: day(0), handlers: ['p29'], recipients: [], items: ['mod-sonar-array-2'],
		narrative: 'A draft of the sonar array specification was left on a shared printer.' }, 201);
	await api('POST', `/v1/incidents/${inc.id}/close`, 'officer-mod',
		{ outcome: 'Briefed again on handling; no disclosure found.' }, 200);
	await api('POST', '/v1/incidents', 'officer-meti', { type: 'loss', occurred: day(0),
		handlers: ['p28'], recipients: [], items: ['meti-rare-earth-stock'],
		narrative: 'A notebook with stockpile figures was lost on a train.' }, 201);

	// Continuous vetting: concerns about the newly cleared.
	const a1 = await concern('p24', 'Talks about the sonar programme at a bar near the base.');
	const a2 = await concern('p27', 'Seems to live beyond a civil servant\'s salary.');
	await concern('p24', 'Met a foreign trade attaché twice, not reported.');
	await triage(a1, 'valid');
	await triage(a2, 'not_valid');
}

const { child, url } = await serve();
base = url;
const exited = new Promise((r) => child.once('exit', r));
let failed = null;
try {
	await year();
} catch (e) {
	failed = e;
}
child.kill('SIGTERM');
await exited;
if (failed) {
	process.stderr.write(`demo-year.mjs: ${failed.message}\n`);
	process.exit(1);
}
