#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
//
// campaign.js - the kill -9 campaign (issue 11, item 3).  Plain Node.js
// (20), no npm packages.  Usage:
//
//     node tests/crash/campaign.js /abs/path/to/scs [--trials N]
//         [--pg PGDIR] [--seed S] [--writers W] [--min-ms A] [--max-ms B]
//
// It makes a register in a temporary directory (SQLite, or with --pg a
// fresh database on the PostgreSQL that tests/pg.sh started in PGDIR, the
// keys in the temporary directory), signs in as admin and makes what the
// writes and decisions need (an organization, a compartment, a program, an
// item, four persons per writer, a relying system).  Then each trial:
//
//   1. W (16) concurrent writers loop over POSTs of distinct records of six
//      kinds (organizations, persons, clearances, suspensions, briefings,
//      memberships) and PUTs of new names for persons each writer owns
//      (sealed fields rewritten) against the running `scs serve`,
//      remembering each write and its answer;
//   2. after a delay drawn from a seeded PRNG (A..B ms, default 50..1500)
//      the server gets SIGKILL;
//   3. a new `scs serve` is started on the same register (the restart): it
//      must print its URL and answer GET /v1/health with 200 (every fifth
//      trial, a start is killed first, while it builds the index, or just
//      after; on SQLite the index cache is deleted before, so that the
//      start writes it);
//   4. on SQLite, `sqlite3 FILE 'PRAGMA integrity_check'` must say ok;
//   5. `scs audit verify` must exit 0 with "audit log ok" (it checks every
//      record against its last audited state, so a half-written record, or
//      one without its audit entry, fails it);
//   6. `scs export` must hold every write that was acknowledged (a 2xx
//      status line received) with the fields it was acknowledged with; a
//      write that got no answer (the kill cut it) may be there or not, but
//      if there, whole (the fields it was sent with), and then it must
//      stay; a write refused with an error status must not be there.  An
//      owned person holds its last acknowledged version, or the unanswered
//      one after it;
//   7. the restarted server's decisions on the owned persons at times
//      across the writes (on SQLite its index is read from the index cache
//      and caught up with the log) equal `scs check --batch` with no cache
//      (an index built afresh from the register).
//
// The restarted server takes the next trial's writes.  At the end it is
// stopped with SIGTERM and must exit 0; every server's stderr is searched
// for sanitizer reports (a SIGKILLed one leaves none of its own: LeakSanitizer
// runs at exit).  At least half the trials must have acknowledged writes,
// or the campaign proved little.  No time is asserted (the machines are shared);
// timeouts only guard against hangs.
//
// Output: "# seed S" first (replay the same kill delays with --seed S),
// one "ok - ..." / "not ok - ..." line per trial and for the setup and the
// end, a line "RESULT backend=... trials=... acked=... lost=..." (read by
// bench/run.sh), and last "N passed, M failed".  Exit status 1 if anything
// failed.
'use strict';

const { spawn, execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const TOP = path.resolve(__dirname, '..', '..');
const REQUEST_TIMEOUT_MS = 30 * 1000;
const STARTUP_TIMEOUT_MS = 60 * 1000;
const CLI_TIMEOUT_MS = 300 * 1000;
const ADMIN_PASSWORD = 'crash-campaign-admin-password-2026';
const PERSONS_PER_WRITER = 4;
const KINDS = ['person', 'clearance', 'suspension', 'briefing', 'membership', 'organization',
	'update'];
const SANITIZER = /AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:/;

// ---------------------------------------------------------------------
// Arguments.

function usage(why) {
	process.stderr.write(`campaign.js: ${why}\nusage: node tests/crash/campaign.js SCS ` +
	    '[--trials N] [--pg PGDIR] [--seed S] [--writers W] [--min-ms A] [--max-ms B]\n');
	process.exit(2);
}

const opt = { trials: 10, pg: '', seed: null, writers: 16, minMs: 50, maxMs: 1500 };
const argv = process.argv.slice(2);
if (argv.length < 1 || argv[0].startsWith('--'))
	usage('the scs binary is required');
const BIN = path.resolve(argv[0]);
for (let i = 1; i < argv.length; i++) {
	const a = argv[i];
	const v = argv[i + 1];
	if (v === undefined)
		usage(`${a} needs a value`);
	i++;
	const int = () => {
		if (!/^\d+$/.test(v))
			usage(`${a} takes a whole number, not ${v}`);
		return Number(v);
	};
	if (a === '--trials')
		opt.trials = int();
	else if (a === '--pg')
		opt.pg = path.resolve(v);
	else if (a === '--seed')
		opt.seed = int();
	else if (a === '--writers')
		opt.writers = int();
	else if (a === '--min-ms')
		opt.minMs = int();
	else if (a === '--max-ms')
		opt.maxMs = int();
	else
		usage(`unknown option ${a}`);
}
if (opt.maxMs < opt.minMs || opt.writers < 1)
	usage('--max-ms must be >= --min-ms, --writers >= 1');
if (opt.seed === null)
	opt.seed = crypto.randomBytes(4).readUInt32BE(0);
const BACKEND = opt.pg ? 'postgresql' : 'sqlite';

// mulberry32: a small seeded PRNG, so that a seed replays the kill delays.
function prng(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6D2B79F5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
const rand = prng(opt.seed);

// ---------------------------------------------------------------------
// Output.

let passed = 0;
let failed = 0;

function out(s) {
	process.stdout.write(s + '\n');
}

function ok(name) {
	passed++;
	out(`ok - ${name}`);
}

function no(name, why) {
	failed++;
	out(`not ok - ${name}: ${String(why).replace(/\s+/g, ' ').slice(0, 4000)}`);
}

function assert(c, m) {
	if (!c)
		throw new Error(m);
}

function sleep(ms) {
	return new Promise((r) => setTimeout(r, ms));
}

function canon(v) {
	if (Array.isArray(v))
		return '[' + v.map(canon).join(',') + ']';
	if (v !== null && typeof v === 'object')
		return '{' + Object.keys(v).sort().map((k) =>
			JSON.stringify(k) + ':' + canon(v[k])).join(',') + '}';
	return JSON.stringify(v);
}

// ---------------------------------------------------------------------
// The register, the CLI and the server.

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scs-crash-'));
const DBFILE = path.join(tmp, 'r.db');
let DB = DBFILE;

function pg(cmd, ...args) {
	return execFileSync('sh', [path.join(TOP, 'tests/pg.sh'), cmd, opt.pg, ...args],
	    { encoding: 'utf8', timeout: CLI_TIMEOUT_MS }).trim();
}

function env() {
	const e = Object.assign({}, process.env, {
		SCS_DB: DB, SCS_PWHASH_COST: 'min', SCS_ADMIN_PASSWORD: ADMIN_PASSWORD,
	});
	delete e.SCS_KEYS; // beside the SQLite file
	if (opt.pg)
		e.SCS_KEYS = path.join(tmp, 'keys');
	return e;
}

// Runs scs; returns {status, stdout, stderr} (never throws on a status).
function scs(args, extra) {
	try {
		const stdout = execFileSync(BIN, args, { cwd: tmp, env: Object.assign(env(), extra || {}),
			encoding: 'utf8',
			timeout: CLI_TIMEOUT_MS, maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
		return { status: 0, stdout, stderr: '' };
	} catch (e) {
		return { status: e.status === null ? `signal ${e.signal}` : e.status,
			stdout: String(e.stdout || ''), stderr: String(e.stderr || e.message) };
	}
}

const servers = []; // every server started: {p, stderr, base, exited}

let startMs = 100; // how long the last start took, spawn to URL

// A server killed @ms after it was spawned, serving yet or not.
async function killedStart(ms) {
	const p = spawn(BIN, ['serve', '--listen', '127.0.0.1:0'],
	    { cwd: tmp, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
	const s = { p, stderr: '', base: null, exit: null };
	servers.push(s);
	let stdout = '';
	p.stdout.setEncoding('utf8');
	p.stdout.on('data', (d) => { stdout += d; });
	p.stderr.setEncoding('utf8');
	p.stderr.on('data', (d) => { s.stderr += d; });
	const exited = new Promise((r) => p.on('exit', (code, sig) => {
		s.exit = { code, sig };
		r(s.exit);
	}));
	await sleep(ms);
	p.kill('SIGKILL');
	const e = await exited;
	return { killed: e.sig === 'SIGKILL', serving: /on http:/.test(stdout), exit: e };
}

function startServer() {
	const t0 = Date.now();
	return new Promise((resolve, reject) => {
		const p = spawn(BIN, ['serve', '--listen', '127.0.0.1:0'],
		    { cwd: tmp, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
		const s = { p, stderr: '', base: null, exit: null };
		s.exited = new Promise((r) => p.on('exit', (code, sig) => {
			s.exit = { code, sig };
			r(s.exit);
		}));
		servers.push(s);
		let buf = '';
		const timer = setTimeout(() => reject(new Error(`scs serve printed no URL in ` +
		    `${STARTUP_TIMEOUT_MS / 1000} s: ${s.stderr.slice(-2000)}`)), STARTUP_TIMEOUT_MS);
		p.stderr.setEncoding('utf8');
		p.stderr.on('data', (d) => { s.stderr += d; });
		p.stdout.setEncoding('utf8');
		p.stdout.on('data', (d) => {
			buf += d;
			const m = /on (http:\/\/127\.0\.0\.1:\d+)\//.exec(buf);
			if (m && s.base === null) {
				clearTimeout(timer);
				startMs = Date.now() - t0;
				s.base = m[1];
				resolve(s);
			}
		});
		p.on('exit', (code, sig) => {
			if (s.base === null) {
				clearTimeout(timer);
				reject(new Error(`scs serve exited (${code ?? sig}) before serving: ` +
				    s.stderr.slice(-2000)));
			}
		});
	});
}

async function call(s, method, p, token, body) {
	const headers = {};
	if (token)
		headers.Authorization = `Bearer ${token}`;
	if (body !== undefined)
		headers['Content-Type'] = 'application/json';
	const r = await fetch(s.base + p, { method, headers,
		body: body === undefined ? undefined : JSON.stringify(body),
		signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
	// A status line received is an answer, even if the kill cuts the
	// body: a 2xx then counts as acknowledged (the stricter reading).
	let text = '';
	try {
		text = await r.text();
	} catch (e) {
		return { status: r.status, json: undefined, text: '', cut: true };
	}
	let json;
	try {
		json = JSON.parse(text);
	} catch (e) {
		json = undefined;
	}
	return { status: r.status, json, text };
}

// ---------------------------------------------------------------------
// The writes.  Every record is distinct: ids and period starts come from
// one counter over the whole campaign, so each write has its own key.

const ORG = 'crash-org';
const CMP = 'crash-cmp';
const PROG = 'crash-prog';
const ITEM = 'crash-item';
const T0 = Date.parse('2020-01-01T00:00:00Z');
let counter = 0;

function at(n, plusDays) {
	return new Date(T0 + n * 1000 + (plusDays || 0) * 86400000).toISOString()
		.replace(/\.000Z$/, 'Z');
}

function personOf(w, n) {
	return `crash-p${w}-${n % PERSONS_PER_WRITER}`;
}

function personBody(id) {
	return { id, name: `試験 ${id}`, name_latin: `SHIKEN ${id}`, birth_date: '1980-01-01',
		nationalities: ['JPN'], org: ORG };
}

// The write number @n of writer @w: {kind, path, body, key}.  The key
// names the record in `scs export`.
function write(w, i) {
	const n = ++counter;
	const kind = KINDS[(w + i) % KINDS.length];
	const person = personOf(w, n);
	const from = at(n);
	switch (kind) {
	case 'person': {
		const id = `crash-n${n}`;
		return { kind, path: '/v1/persons', body: personBody(id), key: `person|${id}` };
	}
	case 'clearance':
		return { kind, path: '/v1/clearances', key: `clearance|${person}|${from}`,
			body: { person, authority: 'JPN-SDS', level: 'TOKUTEI_HIMITSU', status: 'active',
				valid_from: from, valid_until: at(n, 1000) } };
	case 'suspension':
		return { kind, path: '/v1/suspensions', key: `suspension|${person}|${from}`,
			body: { person, valid_from: from, valid_until: at(n + 30), reason: `crash campaign ${n}` } };
	case 'briefing':
		return { kind, path: '/v1/briefings', key: `briefing|${person}|${from}`,
			body: { person, compartment: CMP, nda_signed: from, valid_from: from, valid_until: null } };
	case 'membership':
		return { kind, path: '/v1/memberships', key: `membership|${person}|${from}`,
			body: { program: PROG, person, valid_from: from, valid_until: null } };
	case 'update': // a new name for one of this writer's own persons
		return { kind, method: 'PUT', path: `/v1/persons/${person}`, person,
			body: Object.assign(personBody(person), { name: `試験 ${person} 改 ${n}`,
				name_latin: `SHIKEN ${person} KAI ${n}` }) };
	default: {
		const id = `crash-o${n}`;
		return { kind, path: '/v1/organizations', key: `organization|${id}`,
			body: { id, name: `Crash ${n}`, type: 'contractor', country: 'JPN' } };
	}
	}
}

// The key of a record of `scs export`, or null if no writer made it.
function exportKey(r) {
	if (r.kind === 'person' && /^crash-(n\d+|p\d+-\d+)$/.test(r.id))
		return `person|${r.id}`;
	if (r.kind === 'organization' && /^crash-o\d+$/.test(r.id))
		return `organization|${r.id}`;
	if (['clearance', 'suspension', 'briefing', 'membership'].includes(r.kind) &&
	    /^crash-p\d+-\d+$/.test(r.person || ''))
		return `${r.kind}|${r.person}|${r.valid_from}`;
	return null;
}

// Every field of @want is in @got with the same value.
function whole(got, want) {
	for (const k of Object.keys(want))
		if (canon(got[k]) !== canon(want[k]))
			return `${k}: ${canon(got[k])} where ${canon(want[k])} was written`;
	return null;
}

// ---------------------------------------------------------------------
// The campaign.

let token = null;
let apiKey = null; // a relying system's, for decisions
const acked = new Map();      // key -> the acknowledged body (or one found committed)
const unanswered = new Map(); // key -> {body sent, trial}, until found committed
const refused = new Map();    // key -> "status text"
const lostEver = new Set();   // keys of acknowledged writes found missing
// The writers' own persons, which they update (PUT): person id ->
// {acked: the last acknowledged body, pending: an unanswered later one}.
// One writer owns each, so after a kill a person holds one or the other.
const owned = new Map();
const totals = { committed: 0, acked: 0, unanswered: 0, refused: 0, lost: 0, torn: 0, phantom: 0,
	integrity: 0, verify: 0, restart: 0, startKills: 0, decisions: 0, allows: 0, decisionFailures: 0,
	trialsWithAcks: 0, trials: 0 };

async function setup() {
	if (opt.pg) {
		DB = pg('createdb', 'crash');
	}
	const i = scs(['init']);
	assert(i.status === 0, `scs init: ${i.status} ${i.stderr}`);
	const s = await startServer();
	const l = await call(s, 'POST', '/v1/login', null, { username: 'admin', password: ADMIN_PASSWORD });
	assert(l.status === 200 && l.json && l.json.token, `login: ${l.status} ${l.text}`);
	token = l.json.token;
	const need = [
		['/v1/organizations', { id: ORG, name: 'Crash campaign', type: 'government', country: 'JPN' }],
		['/v1/compartments', { id: CMP, name: 'Crash campaign', owner: ORG }],
		['/v1/programs', { id: PROG, name: 'Crash campaign', owner: ORG }],
		['/v1/items', { id: ITEM, title: 'Crash campaign', owner: ORG, field: 'defense',
			authority: 'JPN-SDS', level: 'TOKUTEI_HIMITSU', compartments: [CMP],
			releasable_to: [], programs: [PROG], valid_from: '2019-06-01',
			valid_until: '2024-05-01' }],
	];
	for (let w = 0; w < opt.writers; w++)
		for (let k = 0; k < PERSONS_PER_WRITER; k++)
			need.push(['/v1/persons', personBody(personOf(w, k))]);
	for (const [p, body] of need) {
		const r = await call(s, 'POST', p, token, body);
		assert(r.status === 201, `POST ${p} ${canon(body)}: ${r.status} ${r.text}`);
		if (p === '/v1/persons')
			owned.set(body.id, { acked: r.json, pending: null });
	}
	const u = await call(s, 'POST', '/v1/users', token,
	    { username: 'crash-rp', org: ORG, role: 'relying_system' });
	assert(u.status === 201 && u.json && u.json.api_key, `POST /v1/users: ${u.status} ${u.text}`);
	apiKey = u.json.api_key;
	return s;
}

// One writer: writes until the kill, counting in @state.
async function writer(s, w, state) {
	for (let i = 0; !state.killed; i++) {
		const x = write(w, i);
		let r;
		try {
			r = await call(s, x.method || 'POST', x.path, token, x.body);
		} catch (e) {
			if (x.kind === 'update')
				owned.get(x.person).pending = x.body;
			else
				unanswered.set(x.key, { body: x.body, trial: state.trial });
			state.unanswered++;
			if (!state.killed)
				state.early.push(`${x.kind}: ${e.cause ? e.cause.code || e.cause.message : e.message}`);
			return;
		}
		if (r.status >= 200 && r.status < 300) {
			const body = r.json && typeof r.json === 'object' ? r.json : x.body;
			if (x.kind === 'update')
				owned.get(x.person).acked = body;
			else
				acked.set(x.key, body);
			state.acked++;
		} else {
			if (x.kind !== 'update')
				refused.set(x.key, `${r.status} ${r.text.slice(0, 200)}`);
			state.refused++;
			// 503 busy is an honest answer under load; anything else is
			// a write this runner got wrong, and a kind left untested.
			if (r.status !== 503)
				state.bad.push(`${x.kind}: ${r.status} ${r.text.slice(0, 200)}`);
		}
	}
}

// The owned persons' decisions on ITEM at times across the writes so far:
// from the restarted server (one batch) and from `scs check --batch` with
// no index cache.  Returns null if they agree, else what differs.
async function decisionsAgree(s) {
	const qs = [];
	for (const id of owned.keys())
		for (const n of [counter, counter - 10, counter >> 1, (counter >> 1) + 7, counter >> 2, 1])
			qs.push({ subject: id, item: ITEM, at: at(n) });
	let r;
	try {
		r = await call(s, 'POST', '/v1/decisions', apiKey, qs);
	} catch (e) {
		return `POST /v1/decisions: ${e.message}`;
	}
	if (r.status !== 200 || !Array.isArray(r.json) || r.json.length !== qs.length)
		return `POST /v1/decisions: ${r.status} ${r.text.slice(0, 300)}`;
	const file = path.join(tmp, 'queries.jsonl');
	fs.writeFileSync(file, qs.map((q) => JSON.stringify(q)).join('\n') + '\n');
	const c = scs(['check', '--batch', file, '--audit', 'count'], { SCS_INDEX_CACHE: 'off' });
	if (c.status !== 0)
		return `scs check --batch: exit ${c.status}: ${c.stderr.slice(0, 300)}`;
	const want = c.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
	if (want.length !== qs.length)
		return `scs check --batch gave ${want.length} answers to ${qs.length} queries`;
	const pick = (a) => canon({ subject: a.subject, item: a.item, allow: a.allow, reason: a.reason });
	let differ = 0;
	let first = '';
	for (let i = 0; i < qs.length; i++)
		if (pick(r.json[i]) !== pick(want[i]) && differ++ === 0)
			first = `${canon(qs[i])}: server ${pick(r.json[i])}, scs check ${pick(want[i])}`;
	totals.decisions += qs.length;
	totals.allows += want.filter((a) => a.allow).length;
	return differ === 0 ? null : `${differ} of ${qs.length} decisions differ from a fresh ` +
	    `index, first ${first}`;
}

async function trial(t, s) {
	const delay = Math.round(opt.minMs + rand() * (opt.maxMs - opt.minMs));
	const state = { trial: t, killed: false, acked: 0, unanswered: 0, refused: 0, early: [], bad: [] };
	const t0 = process.hrtime.bigint();
	const jobs = [];
	for (let w = 0; w < opt.writers; w++)
		jobs.push(writer(s, w, state));
	await sleep(delay);
	state.killed = true;
	s.p.kill('SIGKILL');
	const killMs = Number(process.hrtime.bigint() - t0) / 1e6;
	const e = await s.exited;
	await Promise.all(jobs);
	const problems = [];
	if (e.sig !== 'SIGKILL')
		problems.push(`the server had exited before the kill (${e.code ?? e.sig}): ` +
		    s.stderr.slice(-500));
	if (state.bad.length > 0)
		problems.push(`${state.bad.length} writes refused: ${state.bad.slice(0, 3).join('; ')}`);
	if (state.early.length > 0)
		problems.push(`writes failed before the kill: ${state.early.slice(0, 3).join('; ')}`);

	// Every fifth trial, a start is killed too, at a moment drawn within
	// about its start time.  On SQLite the index cache is deleted first,
	// so that the server builds the index and writes the cache (a
	// temporary file renamed into place); on PostgreSQL (no cache) the
	// start connects, checks the migrations under an advisory lock and
	// builds the index.  The restart below must still come up and decide
	// as a fresh index does.
	let startKill = '';
	if (t % 5 === 0) {
		if (!opt.pg)
			fs.rmSync(`${DBFILE}.index`, { force: true });
		const ms = Math.round(rand() * startMs * 1.5);
		const k = await killedStart(ms);
		totals.startKills++;
		if (!k.killed)
			problems.push(`a start meant to be killed exited by itself (${k.exit.code}): ` +
			    servers[servers.length - 1].stderr.slice(-500));
		startKill = `; a start killed after ${ms} ms (${k.serving ? 'serving' : 'starting'})`;
	}

	// The restart: a new server on the same register answers its health.
	let next = null;
	try {
		next = await startServer();
		const h = await call(next, 'GET', '/v1/health');
		if (h.status !== 200)
			throw new Error(`GET /v1/health: ${h.status} ${h.text}`);
	} catch (err) {
		totals.restart++;
		problems.push(`restart: ${err.message}`);
	}

	// The file itself (SQLite only).
	if (!opt.pg) {
		let ic;
		try {
			ic = execFileSync('sqlite3', [DBFILE, 'PRAGMA integrity_check'],
			    { encoding: 'utf8', timeout: CLI_TIMEOUT_MS, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
		} catch (err) {
			ic = `sqlite3 failed: ${err.stderr || err.message}`;
		}
		if (ic !== 'ok') {
			totals.integrity++;
			problems.push(`integrity_check: ${ic.slice(0, 500)}`);
		}
	}

	// The audit log against the data.
	const v = scs(['audit', 'verify']);
	if (v.status !== 0 || !/audit log ok/.test(v.stdout)) {
		totals.verify++;
		problems.push(`scs audit verify: exit ${v.status}: ${(v.stdout + v.stderr).trim().slice(0, 500)}`);
	}

	// Every acknowledged write is there, whole; no refused one is.
	const x = scs(['export']);
	let lost = 0;
	if (x.status !== 0) {
		problems.push(`scs export: exit ${x.status}: ${x.stderr.slice(0, 500)}`);
	} else {
		const have = new Map();
		for (const line of x.stdout.split('\n')) {
			if (line === '')
				continue;
			const r = JSON.parse(line);
			const k = exportKey(r);
			if (k !== null)
				have.set(k, r);
		}
		const lostKeys = [];
		for (const [k, body] of acked) {
			const r = have.get(k);
			if (r === undefined) {
				lost++;
				lostKeys.push(k);
				continue;
			}
			const why = whole(r, body);
			if (why !== null) {
				totals.torn++;
				problems.push(`acknowledged ${k} differs: ${why}`);
			}
		}
		for (const k of lostKeys)
			lostEver.add(k);
		if (lost > 0)
			problems.push(`${lost} acknowledged writes lost: ${lostKeys.slice(0, 5).join(', ')}`);
		// An unanswered write found there is committed: from now on it
		// must stay, as an acknowledged one.
		let present = 0;
		for (const [k, u] of unanswered) {
			const r = have.get(k);
			if (r === undefined)
				continue;
			if (u.trial === t)
				present++;
			const why = whole(r, u.body);
			if (why !== null) {
				totals.torn++;
				problems.push(`unanswered ${k} is there but not whole: ${why}`);
			}
			unanswered.delete(k);
			acked.set(k, r);
		}
		for (const [k, why] of refused)
			if (have.has(k)) {
				totals.phantom++;
				problems.push(`${k} was refused (${why}) but is there`);
			}
		// Each owned person holds its last acknowledged version, or the
		// unanswered one after it (then committed: it must stay).
		for (const [id, o] of owned) {
			const r = have.get(`person|${id}`);
			if (r === undefined) {
				lostEver.add(`person|${id}`);
				lost++;
				problems.push(`person ${id} is gone`);
				continue;
			}
			const why = whole(r, o.acked);
			if (why === null) {
				o.pending = null;
				continue;
			}
			if (o.pending !== null && whole(r, o.pending) === null) {
				present++; // pending: this trial's (each check settles it)
				o.acked = r;
				o.pending = null;
				continue;
			}
			totals.torn++;
			problems.push(`person ${id} is neither its acknowledged version nor the ` +
			    `unanswered one: ${why}`);
		}
		for (const k of have.keys())
			if (!acked.has(k) && !unanswered.has(k) && !refused.has(k) &&
			    !(k.startsWith('person|') && owned.has(k.slice(7)))) {
				totals.phantom++;
				problems.push(`${k} is there but was never written`);
			}
		state.present = present;
		totals.committed += present;
	}
	// The restarted server's decision index (read from the index cache
	// and caught up with the log) answers as one built afresh from the
	// register by `scs check` with no cache.
	if (next !== null) {
		const why = await decisionsAgree(next);
		if (why !== null) {
			totals.decisionFailures++;
			problems.push(why);
		}
	}
	totals.lost = lostEver.size;
	totals.acked += state.acked;
	totals.unanswered += state.unanswered;
	totals.refused += state.refused;
	totals.trials++;
	if (state.acked > 0)
		totals.trialsWithAcks++;
	const what = `trial ${t} (${BACKEND}): ${state.acked} acknowledged, ${state.unanswered} ` +
	    `unanswered (${state.present ?? '?'} of them there), ${state.refused} refused, killed after ` +
	    `${killMs.toFixed(0)} ms (delay ${delay} ms)${startKill}`;
	if (problems.length === 0)
		ok(what);
	else
		no(what, `${problems.join('; ')} (replay: --seed ${opt.seed})`);
	return next;
}

async function main() {
	out(`# seed ${opt.seed} (replay the kill delays with --seed ${opt.seed}); ${BACKEND}; ` +
	    `${opt.trials} trials, ${opt.writers} writers, kill after ${opt.minMs}..${opt.maxMs} ms`);
	const started = Date.now();
	let s;
	try {
		s = await setup();
		ok(`setup (${BACKEND}): a register, admin signed in, ${opt.writers * PERSONS_PER_WRITER} persons`);
	} catch (e) {
		no(`setup (${BACKEND})`, e.stack || e.message);
		return;
	}
	for (let t = 1; t <= opt.trials; t++) {
		if (s === null) {
			no(`trial ${t} (${BACKEND})`, 'no server after the last restart');
			break;
		}
		s = await trial(t, s);
	}
	// Most trials must have had writes acknowledged, or nothing was proved.
	const need = Math.ceil(totals.trials / 2);
	const w = `writes acknowledged before the kill in ${totals.trialsWithAcks} of ${totals.trials} ` +
	    `trials (${totals.acked} in all, at least ${need} trials needed)`;
	if (totals.trials > 0 && totals.trialsWithAcks >= need)
		ok(w);
	else
		no(w, 'too few: the campaign proves little');
	if (s !== null) {
		s.p.kill('SIGTERM');
		const timer = setTimeout(() => s.p.kill('SIGKILL'), 60000);
		const e = await s.exited;
		clearTimeout(timer);
		if (e.code === 0)
			ok('the last restarted server stops cleanly on SIGTERM');
		else
			no('the last restarted server stops cleanly on SIGTERM', `exit ${e.code ?? e.sig}: ` +
			    s.stderr.slice(-2000));
	}
	out(`RESULT backend=${BACKEND} trials=${totals.trials} acked=${totals.acked} ` +
	    `unanswered=${totals.unanswered} unanswered_committed=${totals.committed} refused=${totals.refused} lost=${totals.lost} ` +
	    `torn=${totals.torn} phantom=${totals.phantom} integrity_failures=${opt.pg ? '-' : totals.integrity} ` +
	    `verify_failures=${totals.verify} restart_failures=${totals.restart} start_kills=${totals.startKills} ` +
	    `decisions=${totals.decisions} allows=${totals.allows} ` +
	    `decision_failures=${totals.decisionFailures} ` +
	    `trials_with_acks=${totals.trialsWithAcks} seconds=${((Date.now() - started) / 1000).toFixed(1)} ` +
	    `seed=${opt.seed}`);
}

// A hang is a failure: generous, against a stuck server or client only.
const guard = setTimeout(() => {
	no('campaign timeout', `not finished in ${(300 + opt.trials * 120)} s`);
	finish();
}, (300 + opt.trials * 120) * 1000);

let finished = false;
function finish() {
	if (finished)
		return;
	finished = true;
	clearTimeout(guard);
	for (const s of servers) {
		if (s.exit === null)
			s.p.kill('SIGKILL');
		if (SANITIZER.test(s.stderr))
			no('sanitizer report from a server', s.stderr.slice(-3000));
	}
	fs.rmSync(tmp, { recursive: true, force: true });
	out(`${passed} passed, ${failed} failed`);
	process.exit(failed ? 1 : 0);
}

main().catch((e) => no('runner', e.stack)).finally(finish);
