// SPDX-License-Identifier: Apache-2.0
//
// annual.js REPORT LOG EXPORT [CSV] - the annual report to the Diet
// recomputed by an oversight body of its own, without the C code: from
// the audit log alone (LOG: `scs audit list --from Y-01-01 --to
// Y+1-01-01`, one JSON entry a line), by the definitions of
// docs/oversight.md, then compared figure by figure with REPORT (`scs
// report annual --year Y`, JSON) and, when given, with CSV (`--format
// csv`).  Then the log is held against the register's records (EXPORT:
// `scs export`, JSON Lines, docs/interchange.md): every case event the
// report counts is a stamp of that case in the export, at that time, and
// the case's sponsor, authority and level are those the entry names; every
// stamp of the year of a case nominated in the year is counted; items,
// incidents and alerts are those their entries say.  Prints what differs
// and exits 1, or prints one line and exits 0.  Plain Node, no packages.
'use strict';

const fs = require('node:fs');

const [reportFile, logFile, exportFile, csvFile] = process.argv.slice(2);
if (!reportFile || !logFile || !exportFile) {
	process.stderr.write('usage: annual.js REPORT LOG EXPORT [CSV]\n');
	process.exit(2);
}

const problems = [];
const problem = (s) => problems.push(s);
const lines = (f) => fs.readFileSync(f, 'utf8').split('\n').filter((l) => l.trim() !== '')
	.map((l, i) => {
		try {
			return JSON.parse(l);
		} catch (e) {
			throw new Error(`${f}:${i + 1}: ${e.message}`);
		}
	});

const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
const year = report.year;
const from = Date.UTC(year, 0, 1) * 1000; // microseconds
const to = Date.UTC(year + 1, 0, 1) * 1000;
// The entries the report read: those of the year, up to its tree head.
const log = lines(logFile).filter((e) => e.seq < report.log_size && e.time_us >= from &&
	e.time_us < to);

// ---- the figures, from the log ----

const SECTIONS = {
	designations: { measures: ['designated', 'renewed', 'declassified'],
		breakdowns: { by_organ: ['organ'], by_field: ['field'] } },
	assessments: { measures: ['opened', 'conducted', 'granted', 'denied', 'interim', 'refused',
		'withdrawn'], breakdowns: { by_organ: ['organ'], by_level: ['authority', 'level'],
		by_organ_level: ['organ', 'authority', 'level'] } },
	complaints: { measures: ['filed', 'upheld', 'rejected'],
		breakdowns: { by_organ: ['organ'], by_level: ['authority', 'level'],
			by_organ_level: ['organ', 'authority', 'level'] } },
	incidents: { measures: ['recorded', 'closed'], breakdowns: { by_type: ['type'] } },
	alerts: { measures: ['raised', 'valid', 'not_valid', 'self_reported', 'untriaged'],
		breakdowns: { by_origin: ['origin'] } },
};

// The detail of an entry: its purpose's key=value words.
function detail(purpose) {
	const d = {};
	for (const w of (purpose || '').split(' ')) {
		const i = w.indexOf('=');
		if (i > 0 && i < w.length - 1)
			d[w.slice(0, i)] = w.slice(i + 1);
	}
	return d;
}

const totals = {};
const rows = {}; // section -> breakdown -> JSON of keys -> counts
for (const [s, def] of Object.entries(SECTIONS)) {
	totals[s] = Object.fromEntries(def.measures.map((m) => [m, 0]));
	rows[s] = Object.fromEntries(Object.keys(def.breakdowns).map((b) => [b, new Map()]));
}

function bump(section, measure, d, by = 1) {
	totals[section][measure] += by;
	for (const [b, keys] of Object.entries(SECTIONS[section].breakdowns)) {
		const key = keys.map((k) => d[k] === undefined ? null : d[k]);
		const id = JSON.stringify(key);
		if (!rows[section][b].has(id)) {
			const r = {};
			keys.forEach((k, i) => { r[k] = key[i]; });
			for (const m of SECTIONS[section].measures)
				r[m] = 0;
			rows[section][b].set(id, r);
		}
		rows[section][b].get(id)[measure] += by;
	}
}

const CASE = { nominate: ['assessments', 'opened'], grant: ['assessments', 'granted'],
	deny: ['assessments', 'denied'], interim: ['assessments', 'interim'],
	refuse: ['assessments', 'refused'], withdraw: ['assessments', 'withdrawn'],
	complain: ['complaints', 'filed'], uphold: ['complaints', 'upheld'],
	reject: ['complaints', 'rejected'] };
const ITEM = { designate: 'designated', renew: 'renewed', declassify: 'declassified' };
const VALIDITY = ['valid', 'not_valid', 'self_reported'];

let counted = 0;
const countedEntries = []; // [entry, its detail], for the export's check
let lastCase = null; // the case entry before: "object action"
const waiting = new Map(); // alerts raised in the year, untriaged: id -> origin
for (const e of log) {
	const d = detail(e.purpose);
	if (e.kind === 'item' && ITEM[e.action]) {
		bump('designations', ITEM[e.action], d);
	} else if (e.kind === 'case') {
		const same = lastCase === `${e.object} ${e.action}`;
		lastCase = `${e.object} ${e.action}`;
		if (same || !CASE[e.action])
			continue;
		const [s, m] = CASE[e.action];
		bump(s, m, d);
		if (m === 'granted' || m === 'denied')
			bump('assessments', 'conducted', d);
	} else if (e.kind === 'incident' && e.action === 'create' && e.purpose !== 'import') {
		bump('incidents', 'recorded', d);
	} else if (e.kind === 'incident' && e.action === 'resolve') {
		bump('incidents', 'closed', d);
	} else if (e.kind === 'alert' && e.action === 'create' && e.purpose !== 'import') {
		bump('alerts', 'raised', d);
		if (d.state === 'self_reported') {
			bump('alerts', 'self_reported', d);
		} else if (!waiting.has(e.object)) {
			waiting.set(e.object, d.origin);
			bump('alerts', 'untriaged', d);
		}
	} else if (e.kind === 'alert' && e.action === 'triage') {
		const state = d.state || e.purpose;
		if (!VALIDITY.includes(state))
			continue;
		bump('alerts', state, d);
		if (waiting.has(e.object)) {
			bump('alerts', 'untriaged', { origin: waiting.get(e.object) }, -1);
			waiting.delete(e.object);
		}
	} else {
		continue;
	}
	counted++;
	countedEntries.push([e, d]);
}

// Rows sorted by their keys, an unknown key (null) first, as strings.
const sortKey = (r, keys) => keys.map((k) => r[k] === null ? '' : r[k]);
function sorted(section, b) {
	const keys = SECTIONS[section].breakdowns[b];
	return [...rows[section][b].values()].sort((x, y) => {
		const a = sortKey(x, keys);
		const c = sortKey(y, keys);
		for (let i = 0; i < a.length; i++)
			if (a[i] !== c[i])
				return a[i] < c[i] ? -1 : 1;
		return 0;
	});
}

const mine = { year, from: `${year}-01-01`, to: `${year + 1}-01-01`, entries_counted: counted };
for (const s of Object.keys(SECTIONS)) {
	mine[s] = { totals: totals[s] };
	for (const b of Object.keys(SECTIONS[s].breakdowns))
		mine[s][b] = sorted(s, b);
}

// ---- the report against the recomputation ----

function compare(path, got, want) {
	if (typeof want !== 'object' || want === null) {
		if (got !== want)
			problem(`${path}: the report says ${JSON.stringify(got)}, the log ${JSON.stringify(want)}`);
		return;
	}
	if (typeof got !== 'object' || got === null) {
		problem(`${path}: the report has ${JSON.stringify(got)}`);
		return;
	}
	const keys = new Set([...Object.keys(got), ...Object.keys(want)]);
	for (const k of keys) {
		if (k === 'log_size' && path === 'report')
			continue;
		compare(`${path}.${k}`, got[k], want[k]);
	}
}
compare('report', report, mine);
let figures = 0;
for (const s of Object.keys(SECTIONS)) {
	figures += SECTIONS[s].measures.length;
	for (const b of Object.keys(SECTIONS[s].breakdowns))
		figures += mine[s][b].length * SECTIONS[s].measures.length;
}

// ---- the CSV against the recomputation ----

function csvRecords(text) {
	const out = [];
	let rec = [];
	let f = '';
	let q = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (q) {
			if (ch === '"' && text[i + 1] === '"') {
				f += '"';
				i++;
			} else if (ch === '"') {
				q = false;
			} else {
				f += ch;
			}
		} else if (ch === '"') {
			q = true;
		} else if (ch === ',') {
			rec.push(f);
			f = '';
		} else if (ch === '\r' && text[i + 1] === '\n') {
			rec.push(f);
			out.push(rec);
			rec = [];
			f = '';
			i++;
		} else if (ch === '\n' || ch === '\r') {
			problem(`csv: a line ends without CRLF at byte ${i}`);
		} else {
			f += ch;
		}
	}
	if (f !== '' || rec.length > 0)
		problem('csv: the last line does not end with CRLF');
	return out;
}

if (csvFile) {
	const recs = csvRecords(fs.readFileSync(csvFile, 'utf8'));
	const COLS = ['year', 'section', 'breakdown', 'measure', 'organ', 'authority', 'level', 'field',
		'type', 'origin', 'count'];
	if ((recs[0] || []).join(',') !== COLS.join(','))
		problem(`csv: the header is ${JSON.stringify(recs[0])}`);
	const want = [];
	for (const [s, def] of Object.entries(SECTIONS))
		for (const m of def.measures)
			want.push([String(year), s, 'total', m, '', '', '', '', '', '', String(totals[s][m])]);
	for (const [s, def] of Object.entries(SECTIONS))
		for (const [b, keys] of Object.entries(def.breakdowns))
			for (const r of mine[s][b])
				for (const m of def.measures)
					if (r[m] !== 0)
						want.push([String(year), s, b, m, ...COLS.slice(4, 10).map((c) =>
							keys.includes(c) && r[c] !== null ? r[c] : ''), String(r[m])]);
	const got = recs.slice(1).map((r) => JSON.stringify(r));
	const exp = want.map((r) => JSON.stringify(r));
	if (got.length !== exp.length)
		problem(`csv: ${got.length} lines, the log gives ${exp.length}`);
	for (let i = 0; i < Math.max(got.length, exp.length); i++)
		if (got[i] !== exp[i]) {
			problem(`csv: line ${i + 2} is ${got[i]}, the log gives ${exp[i]}`);
			break;
		}
}

// ---- the log against the register's records ----

const recs = lines(exportFile);
const byKind = (k) => recs.filter((r) => r.kind === k);
const index = (k) => new Map(byKind(k).map((r) => [r.id, r]));
const cases = index('case');
const items = index('item');
const incidents = index('incident');
const alerts = index('alert');
const secs = (t) => Math.floor(Date.parse(t) / 1000);
const stamps = new Map(); // case id -> its stamps
for (const s of byKind('case_event')) {
	if (!stamps.has(s.case_id))
		stamps.set(s.case_id, []);
	stamps.get(s.case_id).push(s);
}
// An entry is written right after what it records: within a few seconds.
const near = (entryUs, at) => entryUs / 1e6 >= at && entryUs / 1e6 - at < 5;
const used = new Set();
let matched = 0;
for (const [e, d] of countedEntries) {
	const where = `entry ${e.seq} (${e.action} ${e.kind} ${e.object})`;
	const same = (rec, pairs) => {
		for (const [k, v] of pairs)
			if (rec[k] !== d[v])
				problem(`${where}: its ${v} is ${JSON.stringify(d[v])}, the record's ${k} ${JSON.stringify(rec[k])}`);
	};
	if (e.kind === 'case') {
		const c = cases.get(e.object);
		if (!c) {
			problem(`${where}: no such case in the export`);
			continue;
		}
		same(c, [['sponsor', 'organ'], ['authority', 'authority'], ['level', 'level']]);
		const s = (stamps.get(e.object) || []).find((x) => x.event === e.action &&
			!used.has(`${x.case_id}/${x.seq}`) && near(e.time_us, secs(x.at)));
		if (!s)
			problem(`${where}: no ${e.action} stamp of the case at ${e.time}`);
		else
			used.add(`${s.case_id}/${s.seq}`);
	} else if (e.kind === 'item') {
		const it = items.get(e.object);
		if (!it) {
			problem(`${where}: no such item in the export`);
			continue;
		}
		same(it, [['owner', 'organ'], ['field', 'field']]);
		if (e.action === 'declassify' && !it.declassified)
			problem(`${where}: the item is not declassified`);
	} else if (e.kind === 'incident') {
		const inc = incidents.get(e.object);
		if (!inc) {
			problem(`${where}: no such incident in the export`);
			continue;
		}
		same(inc, [['org', 'organ'], ['type', 'type']]);
		if (e.action === 'resolve' && !(inc.closed && near(e.time_us, secs(inc.closed))))
			problem(`${where}: the incident was not closed then (${inc.closed})`);
	} else {
		const a = alerts.get(e.object);
		if (!a) {
			problem(`${where}: no such alert in the export`);
			continue;
		}
		if (a.origin !== d.origin)
			problem(`${where}: its origin is ${d.origin}, the alert's ${a.origin}`);
		const state = e.action === 'triage' ? d.state || e.purpose : d.state;
		if (e.action === 'triage' && a.state !== state)
			problem(`${where}: triaged ${state}, the alert is ${a.state}`);
		if (e.action === 'create' && !near(e.time_us, secs(a.raised)))
			problem(`${where}: the alert was raised at ${a.raised}`);
	}
	matched++;
}
// Conversely: a case nominated in the year has its whole history in the
// log, so each of its stamps of the year that counts was counted.
const fromS = from / 1e6;
const toS = to / 1e6;
for (const [e] of countedEntries) {
	if (e.kind !== 'case' || e.action !== 'nominate')
		continue;
	for (const s of stamps.get(e.object) || [])
		if (CASE[s.event] && secs(s.at) >= fromS && secs(s.at) < toS &&
		    !used.has(`${s.case_id}/${s.seq}`))
			problem(`stamp ${s.case_id}/${s.seq} (${s.event} at ${s.at}) is not counted`);
}

if (problems.length > 0) {
	for (const p of problems.slice(0, 40))
		process.stdout.write(`${p}\n`);
	process.stdout.write(`annual: ${problems.length} differences\n`);
	process.exit(1);
}
process.stdout.write(`annual ${year}: ${figures} figures recomputed from ${log.length} log entries ` +
	`(${counted} counted)${csvFile ? ', the CSV too' : ''}; ${matched} entries match the export\n`);
