#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
//
// run.js - the API test suite of SCS.  Plain Node.js (18 or 20), no npm
// packages.  Usage:
//
//     node tests/api/run.js /abs/path/to/scs
//
// It builds a fresh register in a temporary directory (the demo data of
// data/demo.jsonl plus one user per role), starts `scs serve` on a free
// port, runs every test against it over HTTP and prints one line per test
// (`ok - NAME` or `not ok - NAME: REASON`), then exactly one summary line
// `N passed, M failed`.  Exit status 1 if anything failed.  See README.md.
'use strict';

const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const cases = require('./cases.js');
const web = require('./web.js');
const stats = require('./stats.js');
const sim = require('./sim.js');
const annual = require('./annual.js');
const tlsTests = require('./tls.js');
const abuse = require('./abuse.js');
const cv = require('./cv.js');
const attest = require('./attest.js');
const proofs = require('./proofs.js');

const GLOBAL_TIMEOUT_MS = 120 * 1000;
const REQUEST_TIMEOUT_MS = 30 * 1000; // generous: the server may run under ASan
const STARTUP_TIMEOUT_MS = 60 * 1000;
const CLI_TIMEOUT_MS = 60 * 1000;

const REPO = path.resolve(__dirname, '..', '..');
const DEMO = path.join(REPO, 'data', 'demo.jsonl');
const ROUTES_C = path.join(REPO, 'src', 'http', 'routes.c');
const MODEL_H = path.join(REPO, 'include', 'scs', 'model.h');

// ---------------------------------------------------------------------
// The route table of src/http/routes.c, as data.  `roles: null` is a
// public route (no sign-in).  Keep in step with routes.c: the first two
// tests fail when this copy, routes.c or docs/openapi.json drift apart.

const ROLES = ['admin', 'security_officer', 'subject', 'investigator',
	'adjudicator', 'designator', 'auditor', 'relying_system'];
const ROLE_BITS = {
	admin: 1 << 0, security_officer: 1 << 1, subject: 1 << 2,
	investigator: 1 << 3, adjudicator: 1 << 4, designator: 1 << 5,
	auditor: 1 << 6, relying_system: 1 << 7,
};
const SIGNED_IN = ROLES;
const PEOPLE = ROLES.filter((r) => r !== 'relying_system');
const VETTING = ['investigator', 'adjudicator'];
const ID_READERS = ['admin', 'security_officer', 'subject', ...VETTING];
const ID_LISTERS = ['admin', 'security_officer', ...VETTING];
const REL_ROLES = [...VETTING, 'subject'];
const REG_READERS = ['admin', 'designator'];
const DESIGNATORS = ['admin', 'designator'];
const ADJUDICATORS = ['admin', 'adjudicator'];
const OFFICERS = ['admin', 'security_officer'];
const DECIDERS = ['relying_system', 'designator', 'security_officer'];
const CASE_READERS = ['admin', 'security_officer', 'subject', ...VETTING];
const DOSSIER = ['subject', ...VETTING];

const ROUTES = [
	{ method: 'GET', path: '/v1/health', roles: null },
	{ method: 'GET', path: '/v1/openapi.json', roles: null },
	{ method: 'POST', path: '/v1/login', roles: null },
	{ method: 'POST', path: '/v1/activate', roles: null },
	{ method: 'POST', path: '/v1/logout', roles: PEOPLE },
	{ method: 'GET', path: '/v1/me', roles: SIGNED_IN },
	{ method: 'GET', path: '/v1/me/export', roles: ['subject'] },
	{ method: 'GET', path: '/v1/me/sessions', roles: PEOPLE },
	{ method: 'DELETE', path: '/v1/me/sessions/{id}', roles: PEOPLE },
	{ method: 'POST', path: '/v1/me/password', roles: PEOPLE },
	{ method: 'GET', path: '/v1/organizations', roles: PEOPLE },
	{ method: 'POST', path: '/v1/organizations', roles: ['admin'] },
	{ method: 'GET', path: '/v1/organizations/{id}', roles: PEOPLE },
	{ method: 'PUT', path: '/v1/organizations/{id}', roles: ['admin'] },
	{ method: 'GET', path: '/v1/organizations/{id}/staff', roles: OFFICERS },
	{ method: 'GET', path: '/v1/organizations/{id}/briefings', roles: OFFICERS },
	{ method: 'GET', path: '/v1/persons', roles: ID_LISTERS },
	{ method: 'POST', path: '/v1/persons', roles: ['admin', 'security_officer'] },
	{ method: 'GET', path: '/v1/persons/{id}', roles: ID_READERS },
	{ method: 'PUT', path: '/v1/persons/{id}', roles: ['admin', 'security_officer'] },
	{ method: 'GET', path: '/v1/persons/{id}/relatives', roles: REL_ROLES },
	{ method: 'PUT', path: '/v1/persons/{id}/relatives', roles: ['subject'] },
	{ method: 'GET', path: '/v1/persons/{id}/access', roles: ID_READERS },
	{ method: 'GET', path: '/v1/users', roles: ['admin'] },
	{ method: 'POST', path: '/v1/users', roles: ['admin'] },
	{ method: 'POST', path: '/v1/users/{id}/disable', roles: ['admin'] },
	{ method: 'POST', path: '/v1/users/{id}/enable', roles: ['admin'] },
	{ method: 'POST', path: '/v1/users/{id}/reset', roles: ['admin'] },
	{ method: 'PUT', path: '/v1/users/{id}/certificate', roles: ['admin'] },
	{ method: 'DELETE', path: '/v1/users/{id}/certificate', roles: ['admin'] },
	{ method: 'GET', path: '/v1/conforming', roles: REG_READERS },
	{ method: 'POST', path: '/v1/conforming', roles: DESIGNATORS },
	{ method: 'PUT', path: '/v1/conforming', roles: DESIGNATORS },
	{ method: 'POST', path: '/v1/clearances', roles: ADJUDICATORS },
	{ method: 'PUT', path: '/v1/clearances', roles: ADJUDICATORS },
	{ method: 'GET', path: '/v1/compartments', roles: REG_READERS },
	{ method: 'POST', path: '/v1/compartments', roles: DESIGNATORS },
	{ method: 'GET', path: '/v1/programs', roles: REG_READERS },
	{ method: 'POST', path: '/v1/programs', roles: DESIGNATORS },
	{ method: 'GET', path: '/v1/programs/{id}/members', roles: DESIGNATORS },
	{ method: 'GET', path: '/v1/levels', roles: PEOPLE },
	{ method: 'POST', path: '/v1/briefings', roles: OFFICERS },
	{ method: 'PUT', path: '/v1/briefings', roles: OFFICERS },
	{ method: 'POST', path: '/v1/memberships', roles: DESIGNATORS },
	{ method: 'PUT', path: '/v1/memberships', roles: DESIGNATORS },
	{ method: 'POST', path: '/v1/suspensions', roles: ADJUDICATORS },
	{ method: 'PUT', path: '/v1/suspensions', roles: ADJUDICATORS },
	{ method: 'GET', path: '/v1/items', roles: REG_READERS },
	{ method: 'POST', path: '/v1/items', roles: DESIGNATORS },
	{ method: 'GET', path: '/v1/items/{id}', roles: REG_READERS },
	{ method: 'POST', path: '/v1/items/{id}/renew', roles: DESIGNATORS },
	{ method: 'POST', path: '/v1/items/{id}/declassify', roles: DESIGNATORS },
	{ method: 'POST', path: '/v1/decisions', roles: DECIDERS },
	{ method: 'POST', path: '/v1/cases', roles: ['security_officer', 'admin'] },
	{ method: 'GET', path: '/v1/cases', roles: CASE_READERS },
	{ method: 'GET', path: '/v1/cases/{id}', roles: CASE_READERS },
	{ method: 'GET', path: '/v1/cases/{id}/history', roles: DOSSIER },
	{ method: 'POST', path: '/v1/cases/{id}/consent', roles: ['subject'] },
	{ method: 'POST', path: '/v1/cases/{id}/withdraw', roles: ['subject', 'security_officer'] },
	{ method: 'GET', path: '/v1/cases/{id}/answers', roles: DOSSIER },
	{ method: 'GET', path: '/v1/cases/{id}/answers/{section}', roles: DOSSIER },
	{ method: 'PUT', path: '/v1/cases/{id}/answers/{section}', roles: ['subject'] },
	{ method: 'POST', path: '/v1/cases/{id}/submit', roles: ['subject'] },
	{ method: 'POST', path: '/v1/cases/{id}/return', roles: VETTING },
	{ method: 'GET', path: '/v1/cases/{id}/note', roles: DOSSIER },
	{ method: 'POST', path: '/v1/cases/{id}/assign', roles: ADJUDICATORS },
	{ method: 'POST', path: '/v1/cases/{id}/record-checks', roles: ['investigator'] },
	{ method: 'GET', path: '/v1/cases/{id}/findings', roles: VETTING },
	{ method: 'POST', path: '/v1/cases/{id}/findings', roles: ['investigator'] },
	{ method: 'POST', path: '/v1/cases/{id}/investigation/close', roles: ['investigator'] },
	{ method: 'POST', path: '/v1/cases/{id}/decision', roles: ['adjudicator'] },
	{ method: 'GET', path: '/v1/cases/{id}/decision', roles: ['subject', 'adjudicator'] },
	{ method: 'POST', path: '/v1/cases/{id}/complaint', roles: ['subject'] },
	{ method: 'POST', path: '/v1/cases/{id}/complaint/review', roles: ['adjudicator'] },
	{ method: 'GET', path: '/v1/notifications', roles: ['subject', 'security_officer'] },
	{ method: 'GET', path: '/v1/reports/timeliness', roles: ['auditor', 'admin', 'adjudicator'] },
	{ method: 'GET', path: '/v1/reports/statistics', roles: ['auditor', 'admin'] },
	{ method: 'POST', path: '/v1/sim', roles: ['auditor', 'admin'] },
	{ method: 'GET', path: '/v1/sim/scenario', roles: ['auditor', 'admin'] },
	{ method: 'GET', path: '/v1/reports/forecast', roles: ['auditor', 'admin'] },
	{ method: 'POST', path: '/v1/sim/staff', roles: ['auditor', 'admin'] },
	{ method: 'GET', path: '/v1/reports/annual', roles: ['auditor', 'admin'] },
	{ method: 'GET', path: '/v1/clearances/due', roles: ['admin', 'adjudicator', 'security_officer'] },
	{ method: 'POST', path: '/v1/cv/feeds', roles: ['investigator'] },
	{ method: 'GET', path: '/v1/alerts', roles: ['investigator'] },
	{ method: 'GET', path: '/v1/alerts/stats', roles: ['investigator', 'auditor', 'admin'] },
	{ method: 'GET', path: '/v1/alerts/{id}', roles: ['investigator'] },
	{ method: 'GET', path: '/v1/self-reports/duties', roles: PEOPLE },
	{ method: 'POST', path: '/v1/me/self-reports', roles: ['subject'] },
	{ method: 'GET', path: '/v1/me/self-reports', roles: ['subject'] },
	{ method: 'GET', path: '/v1/attestations', roles: ['admin', 'security_officer', 'subject'] },
	{ method: 'POST', path: '/v1/attestations', roles: ['admin', 'security_officer', 'subject'] },
	{ method: 'POST', path: '/v1/attestations/verify', roles: ['admin', 'security_officer', 'relying_system', 'auditor'] },
	{ method: 'POST', path: '/v1/attestations/import', roles: ['admin', 'security_officer', 'adjudicator'] },
	{ method: 'POST', path: '/v1/attestations/{id}/revoke', roles: OFFICERS },
	{ method: 'GET', path: '/v1/attestations/status', roles: null },
	{ method: 'GET', path: '/v1/trust', roles: null },
	{ method: 'POST', path: '/v1/clearances/lookup', roles: ['admin', 'security_officer', 'relying_system'] },
	{ method: 'POST', path: '/v1/transfers', roles: OFFICERS },
	{ method: 'GET', path: '/v1/transfers', roles: ['admin', 'security_officer', 'adjudicator'] },
	{ method: 'POST', path: '/v1/transfers/{id}/accept', roles: ['admin', 'adjudicator'] },
	{ method: 'POST', path: '/v1/transfers/{id}/reject', roles: ['admin', 'adjudicator'] },
	{ method: 'POST', path: '/v1/transfers/{id}/cancel', roles: OFFICERS },
	{ method: 'POST', path: '/v1/visits', roles: OFFICERS },
	{ method: 'GET', path: '/v1/visits', roles: OFFICERS },
	{ method: 'POST', path: '/v1/visits/pass', roles: ['admin', 'security_officer', 'relying_system'] },
	{ method: 'GET', path: '/v1/visits/{id}', roles: OFFICERS },
	{ method: 'PUT', path: '/v1/visits/{id}', roles: OFFICERS },
	{ method: 'POST', path: '/v1/visits/{id}/submit', roles: OFFICERS },
	{ method: 'POST', path: '/v1/visits/{id}/certify', roles: OFFICERS },
	{ method: 'POST', path: '/v1/visits/{id}/approve', roles: OFFICERS },
	{ method: 'POST', path: '/v1/visits/{id}/reject', roles: OFFICERS },
	{ method: 'POST', path: '/v1/visits/{id}/return', roles: OFFICERS },
	{ method: 'POST', path: '/v1/visits/{id}/cancel', roles: OFFICERS },
	{ method: 'POST', path: '/v1/incidents', roles: ['admin', 'security_officer'] },
	{ method: 'GET', path: '/v1/incidents', roles: ['admin', 'security_officer', 'investigator', 'adjudicator'] },
	{ method: 'GET', path: '/v1/incidents/{id}', roles: ['security_officer', 'investigator', 'adjudicator'] },
	{ method: 'POST', path: '/v1/incidents/{id}/close', roles: ['admin', 'security_officer'] },
	{ method: 'GET', path: '/v1/reports/incidents', roles: ['auditor', 'admin'] },
	{ method: 'POST', path: '/v1/concerns', roles: PEOPLE },
	{ method: 'POST', path: '/v1/alerts/{id}/triage', roles: ['investigator'] },
	{ method: 'GET', path: '/v1/questionnaires/{authority}', roles: PEOPLE },
	{ method: 'GET', path: '/v1/consent/{authority}', roles: PEOPLE },
	{ method: 'POST', path: '/v1/labels/join', roles: ['relying_system', 'designator'] },
	{ method: 'GET', path: '/v1/audit', roles: ['auditor'] },
	{ method: 'GET', path: '/v1/audit/decisions', roles: ['auditor'] },
	{ method: 'GET', path: '/v1/audit/head', roles: ['auditor', 'admin'] },
	{ method: 'GET', path: '/v1/audit/proof/inclusion', roles: ['auditor', 'admin'] },
	{ method: 'GET', path: '/v1/audit/proof/consistency', roles: ['auditor', 'admin'] },
	{ method: 'GET', path: '/v1/keys', roles: ['admin'] },
	{ method: 'POST', path: '/v1/audit/verify', roles: ['auditor', 'admin'] },
];

// One account per role (created in setup), plus a few throw-away ones.
const PASSWORD = 'api-test-password-2026';
const ADMIN_PASSWORD = 'api-test-admin-password-2026';
const ACCOUNTS = [
	// [username, org, role, person]
	['officer', 'owari-hi', 'security_officer', null],
	['officer2', 'asakaze-semi', 'security_officer', null],
	['subject', 'owari-hi', 'subject', 'p-demo-subject'],
	['investigator', 'cao', 'investigator', null],
	['adjudicator', 'cao', 'adjudicator', null],
	['designator', 'mod', 'designator', null],
	['auditor', 'cao', 'auditor', null],
	['relying', 'mod', 'relying_system', null],
	['lockme', 'mod', 'designator', null],       // the lockout test
	['disposable', 'cao', 'auditor', null],      // the disable test
	['disable-target', 'mod', 'designator', null], // the matrix's disable probe
	['officer-mod', 'mod', 'security_officer', null],   // cases.js: a government sponsor
	['adjudicator2', 'cao', 'adjudicator', null],       // cases.js: reviews complaints
	['investigator-tokiwa', 'tokiwa-screening', 'investigator', null], // cases.js: another body
];
const USER_OF = {
	admin: 'admin', security_officer: 'officer', subject: 'subject',
	investigator: 'investigator', adjudicator: 'adjudicator',
	designator: 'designator', auditor: 'auditor', relying_system: 'relying',
};
const ORG_OF = {
	admin: 'registry', officer: 'owari-hi', officer2: 'asakaze-semi',
	subject: 'owari-hi', investigator: 'cao', adjudicator: 'cao',
	designator: 'mod', auditor: 'cao', relying: 'mod',
};

// ---------------------------------------------------------------------
// Output and bookkeeping.

let passed = 0;
let failed = 0;
let skipped = 0;
let finished = false;
let server = null;       // the `scs serve` child
let serverStderr = '';
let tmpdir = null;
let BASE = null;         // http://127.0.0.1:PORT
let SCS_BIN = null;      // the scs binary under test
const tokens = {};       // username -> bearer
const tests = [];
const relativesReads = []; // every 200 GET .../relatives this run made
const decisionDenies = []; // every deny answered to a signed-in `as` caller
const serviceAccounts = new Set(['relying']); // usernames that are relying systems

function out(line) {
	process.stdout.write(line + '\n');
}

function oneLine(s) {
	return String(s).replace(/\s+/g, ' ').trim();
}

function pass(name) {
	passed++;
	out(`ok - ${name}`);
}

function fail(name, why) {
	failed++;
	out(`not ok - ${name}: ${oneLine(why)}`);
}

function killServer(signal) {
	if (server !== null && server.exitCode === null &&
	    server.signalCode === null) {
		try {
			server.kill(signal);
		} catch (e) {
			// already gone
		}
	}
}

function cleanupTmp() {
	if (tmpdir !== null && !process.env.SCS_API_KEEP_TMP) {
		try {
			fs.rmSync(tmpdir, { recursive: true, force: true });
		} catch (e) {
			// best effort
		}
		tmpdir = null;
	}
}

function finish() {
	if (finished)
		return;
	finished = true;
	killServer('SIGKILL');
	cleanupTmp();
	if (skipped > 0)
		out(`# ${skipped} skipped (they need the SQLite file)`);
	out(`${passed} passed, ${failed} failed`);
	process.exit(failed > 0 ? 1 : 0);
}

process.on('exit', () => {
	killServer('SIGKILL');
	cleanupTmp();
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(sig, () => {
		fail('interrupted', `runner got ${sig}`);
		finish();
	});
}

const globalTimer = setTimeout(() => {
	fail('global timeout', `the suite did not finish in ${GLOBAL_TIMEOUT_MS / 1000} s`);
	if (serverStderr)
		out(`# server stderr: ${oneLine(serverStderr.slice(-2000))}`);
	finish();
}, GLOBAL_TIMEOUT_MS);

// ---------------------------------------------------------------------
// Assertions.

class AssertionError extends Error {}

function assert(cond, msg) {
	if (!cond)
		throw new AssertionError(msg);
}

function show(v) {
	const s = JSON.stringify(v);
	return s === undefined ? String(v) : (s.length > 300 ? s.slice(0, 300) + '...' : s);
}

function eq(got, want, what) {
	assert(got === want, `${what}: expected ${show(want)}, got ${show(got)}`);
}

function deepEq(got, want, what) {
	assert(canon(got) === canon(want),
	    `${what}: expected ${show(want)}, got ${show(got)}`);
}

function canon(v) {
	if (Array.isArray(v))
		return '[' + v.map(canon).join(',') + ']';
	if (v !== null && typeof v === 'object')
		return '{' + Object.keys(v).sort().map((k) =>
			JSON.stringify(k) + ':' + canon(v[k])).join(',') + '}';
	return JSON.stringify(v);
}

function describe(res) {
	return `${res.method} ${res.path} -> ${res.status} ${res.text.slice(0, 200)}`;
}

function expectStatus(res, status, what) {
	assert(res.status === status,
	    `${what ? what + ': ' : ''}expected ${status}, got ${describe(res)}`);
}

// The error envelope {"error":{"code","field","message"}}.
function expectError(res, status, code, field, what) {
	const w = what ? what + ': ' : '';
	expectStatus(res, status, what);
	assert(res.json !== undefined, `${w}error body is not JSON: ${describe(res)}`);
	const e = res.json && res.json.error;
	assert(e && typeof e === 'object', `${w}no "error" object: ${describe(res)}`);
	for (const k of ['code', 'field', 'message'])
		assert(typeof e[k] === 'string',
		    `${w}error.${k} is not a string: ${describe(res)}`);
	assert(Object.keys(res.json).length === 1,
	    `${w}envelope has extra top-level keys: ${describe(res)}`);
	if (code !== undefined)
		eq(e.code, code, `${w}${res.method} ${res.path} error.code`);
	if (field !== undefined)
		eq(e.field, field, `${w}${res.method} ${res.path} error.field`);
	assert(e.message.length > 0, `${w}empty error.message`);
}

// ---------------------------------------------------------------------
// HTTP.

// api(method, path, opts): opts.as = username (uses its token), or
// opts.token = a raw bearer, opts.body = a value sent as JSON, opts.raw =
// bytes sent as they are, opts.ctype = Content-Type, opts.headers.
async function api(method, p, opts = {}) {
	const headers = Object.assign({}, opts.headers || {});
	const bearer = opts.as !== undefined ? tokens[opts.as] : opts.token;
	if (opts.as !== undefined && bearer === undefined)
		throw new Error(`no token for ${opts.as}`);
	if (bearer !== undefined && bearer !== null)
		headers['Authorization'] = `Bearer ${bearer}`;
	let body;
	if (opts.raw !== undefined) {
		body = opts.raw;
		headers['Content-Type'] = opts.ctype || 'application/json';
	} else if (opts.body !== undefined) {
		body = JSON.stringify(opts.body);
		headers['Content-Type'] = opts.ctype || 'application/json';
	}
	const r = await fetch((opts.base || BASE) + p, {
		method,
		headers,
		body,
		redirect: 'manual',
		signal: AbortSignal.timeout(opts.timeout || REQUEST_TIMEOUT_MS),
	});
	const buf = Buffer.from(await r.arrayBuffer());
	const text = buf.toString('utf8');
	let json;
	try {
		json = text.length > 0 ? JSON.parse(text) : undefined;
	} catch (e) {
		json = undefined;
	}
	const m = /^\/v1\/persons\/([^/?]+)\/relatives\?(.*)$/.exec(p);
	if (method === 'GET' && m && r.status === 200 && opts.as !== undefined)
		relativesReads.push({ user: opts.as, person: m[1],
			purpose: new URLSearchParams(m[2]).get('purpose') });
	if (method === 'POST' && p === '/v1/decisions' && r.status === 200 &&
	    opts.as !== undefined && json !== undefined)
		for (const a of Array.isArray(json) ? json : [json])
			if (a && a.allow === false)
				decisionDenies.push({ actor: actorOf(opts.as),
					object: `${a.subject}/${a.item}`, reason: a.reason });
	return { method, path: p, status: r.status, headers: r.headers, buf, text, json };
}

async function login(username, password) {
	return api('POST', '/v1/login', { body: { username, password } });
}

async function activate(username, code, password) {
	return api('POST', '/v1/activate', { body: { username, code, password } });
}

// Every audit entry that passes @filter (a query string without paging, or
// ''), paging with after/limit and the answer's "next".
async function auditEntries(filter = '', limit = 1000) {
	const all = [];
	let after = null;
	for (let guard = 0; guard < 100000; guard++) {
		const page = [filter, after !== null ? `after=${after}` : '', `limit=${limit}`]
			.filter((x) => x).join('&');
		const r = await api('GET', `/v1/audit?${page}`, { as: 'auditor' });
		expectStatus(r, 200, `GET /v1/audit?${page}`);
		assert(Array.isArray(r.json.entries), 'GET /v1/audit: no entries array');
		all.push(...r.json.entries);
		if (r.json.entries.length === limit)
			eq(r.json.next, r.json.entries[limit - 1].seq, `next of a full page (${page})`);
		else
			eq(r.json.next, undefined, `next of the last page (${page})`);
		if (r.json.next === undefined)
			break;
		after = r.json.next;
	}
	return all;
}

function q(s) {
	return encodeURIComponent(s);
}

// The audit log's name for a caller.
function actorOf(username) {
	return serviceAccounts.has(username) ? `service:${username}` : `user:${username}`;
}

// Dates relative to today (UTC) as bare dates YYYY-MM-DD.  yearsFromNow
// gives the 1st of the current month n years on, so that adding whole
// years is exact (no 29 February) and the term rules can be hit exactly.
function ymd(y, m, d) {
	return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function yearsFromNow(n, day = 1) {
	const t = new Date();
	return ymd(t.getUTCFullYear() + n, t.getUTCMonth() + 1, day);
}

function daysFromNow(n) {
	return new Date(Date.now() + n * 86400 * 1000).toISOString().slice(0, 10);
}

// A user or service account made through the API and signed in (once).
async function account(username, org, role) {
	if (tokens[username] !== undefined)
		return;
	const body = { username, org, role };
	if (role !== 'relying_system')
		body.password = PASSWORD;
	const r = await api('POST', '/v1/users', { as: 'admin', body });
	expectStatus(r, 201, `create account ${username}`);
	if (role === 'relying_system') {
		serviceAccounts.add(username);
		tokens[username] = r.json.api_key;
		return;
	}
	const l = await login(username, PASSWORD);
	expectStatus(l, 200, `login ${username}`);
	tokens[username] = l.json.token;
}

// POST @body to @p as @as and expect 201; returns the created record.
async function created(as, p, body, what) {
	const r = await api('POST', p, { as, body });
	expectStatus(r, 201, what || `${as}: POST ${p} ${show(body)}`);
	return r.json;
}

// PUT @body to @p as @as and expect 200; returns the record.
async function changed(as, p, body, what) {
	const r = await api('PUT', p, { as, body });
	expectStatus(r, 200, what || `${as}: PUT ${p} ${show(body)}`);
	return r.json;
}

// One decision query; @want is undefined (plain allow), 'not_classified'
// (allow with that reason) or a deny reason.
async function expectDecision(query, want, what, as = 'relying') {
	const r = await api('POST', '/v1/decisions', { as, body: query });
	const w = `${what ? what + ': ' : ''}${show(query)}`;
	expectStatus(r, 200, w);
	deepEq(withoutAt(r.json, query, w), decisionAnswer(query, want), w);
}

// An answer echoes the time it was decided at: the query's, or now (the
// server's clock, within a minute).  Checked, then left out.
function withoutAt(answer, query, what) {
	if (Array.isArray(answer))
		return answer.map((a, i) => withoutAt(a, query[i], `${what}[${i}]`));
	assert(answer && typeof answer.at === 'string',
	    `${what}: no "at" in ${show(answer)}`);
	assert(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(answer.at),
	    `${what}: at ${show(answer.at)} is not an RFC 3339 time`);
	if (query.at !== undefined)
		eq(Date.parse(answer.at), Date.parse(query.at), `${what}: at is the query's`);
	else
		assert(Math.abs(Date.parse(answer.at) - Date.now()) < 60000,
		    `${what}: at ${answer.at} is not now`);
	const rest = Object.assign({}, answer);
	delete rest.at;
	return rest;
}

function decisionAnswer(query, want) {
	const a = { subject: query.subject, item: query.item,
		allow: want === undefined || want === 'not_classified' };
	if (want !== undefined)
		a.reason = want;
	return a;
}

// ---------------------------------------------------------------------
// Setup: a register, users, a server.

// SCS_TEST_PG_URL: run every test against that PostgreSQL database (made
// empty for this run) instead of a SQLite file; the keys stay in the
// temporary directory, where they would sit beside the file.
const PG_URL = process.env.SCS_TEST_PG_URL || '';

// A test that needs the SQLite file itself (raw SQL behind the server's
// back, bytes at rest) is skipped against PostgreSQL, and said so.
class Skip extends Error {}

function dbUrl() {
	return PG_URL || path.join(tmpdir, 'r.db');
}

function cliEnv() {
	const env = Object.assign({}, process.env, {
		SCS_DB: dbUrl(),
		SCS_PWHASH_COST: 'min',
		SCS_ADMIN_PASSWORD: ADMIN_PASSWORD,
		SCS_PASSWORD: PASSWORD,
	});
	delete env.SCS_KEYS; // keys live next to the temporary register
	if (PG_URL)
		env.SCS_KEYS = path.join(tmpdir, 'r.db.keys');
	return env;
}

function cli(bin, args, extraEnv) {
	try {
		return execFileSync(bin, args, {
			cwd: tmpdir,
			env: Object.assign(cliEnv(), extraEnv || {}),
			encoding: 'utf8',
			timeout: CLI_TIMEOUT_MS,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
	} catch (e) {
		throw new Error(`scs ${args.join(' ')} failed (status ${e.status}): ` +
		    `${(e.stderr || '').toString()} ${(e.stdout || '').toString()}`);
	}
}

function startServer(bin) {
	return new Promise((resolve, reject) => {
		// The suite fails sign-ins on purpose, all from one address, faster
		// than --limit-signin's default allows on a fast machine: its own
		// budget, so that no test depends on the machine's speed
		// (tests/api/abuse.js tests the limit on servers of its own).
		server = spawn(bin, ['serve', '--listen', '127.0.0.1:0', '--limit-signin', '100000'], {
			cwd: tmpdir,
			env: cliEnv(),
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let done = false;
		const timer = setTimeout(() => {
			if (!done) {
				done = true;
				reject(new Error(`scs serve printed no URL in ${STARTUP_TIMEOUT_MS / 1000} s; stderr: ${serverStderr}`));
			}
		}, STARTUP_TIMEOUT_MS);
		server.stderr.setEncoding('utf8');
		server.stderr.on('data', (d) => {
			serverStderr += d;
		});
		server.stdout.setEncoding('utf8');
		server.stdout.on('data', (d) => {
			if (done)
				return;
			stdout += d;
			const nl = stdout.indexOf('\n');
			if (nl < 0)
				return;
			const first = stdout.slice(0, nl);
			const m = /^scs serving .* on (http:\/\/127\.0\.0\.1:\d+)\/$/.exec(first);
			done = true;
			clearTimeout(timer);
			if (m)
				resolve(m[1]);
			else
				reject(new Error(`unexpected first line from scs serve: ${first}`));
		});
		server.on('error', (e) => {
			if (!done) {
				done = true;
				clearTimeout(timer);
				reject(e);
			}
		});
		server.on('exit', (code, sig) => {
			if (!done) {
				done = true;
				clearTimeout(timer);
				reject(new Error(`scs serve exited (${code ?? sig}) before serving: ${serverStderr}`));
			}
		});
	});
}

// Stop the server with SIGTERM and wait; returns {code, signal}.
function stopServer() {
	return new Promise((resolve) => {
		if (server === null || server.exitCode !== null || server.signalCode !== null) {
			resolve(server ? { code: server.exitCode, signal: server.signalCode } : null);
			return;
		}
		const t = setTimeout(() => {
			killServer('SIGKILL');
		}, 20 * 1000);
		server.once('exit', (code, signal) => {
			clearTimeout(t);
			resolve({ code, signal });
		});
		killServer('SIGTERM');
	});
}

function readDemo() {
	const recs = fs.readFileSync(DEMO, 'utf8').split('\n').filter((l) => l.trim() !== '')
		.map((l) => JSON.parse(l));
	const persons = {};
	for (const r of recs)
		if (r.kind === 'person')
			persons[r.id] = r;
	return { recs, persons };
}

let demo = null;

// ---------------------------------------------------------------------
// The tests.  Each is independent of the others' outcome: it uses its own
// ids, sessions and purposes.

// API_ONLY=REGEX runs only the tests whose names match (while working on
// them; `make test` runs all).
function test(name, fn) {
	if (process.env.API_ONLY && !new RegExp(process.env.API_ONLY).test(name))
		return;
	tests.push({ name, fn });
}

function fill(p) {
	return p.replace('{id}', 'X');
}

// Paths for the matrix: ids that exist, so only the role decides.  The
// item routes name an item made by the GET gate test (GATE_ITEM): the
// role check comes first, so a denied role gets 403 whether it exists yet
// or not, and a probe that wrongly passed the gate would get 404 or 400,
// never change an item the other tests use.
const GATE_ITEM = 't-gate-item';
const MATRIX_IDS = {
	'/v1/organizations/{id}': '/v1/organizations/mod',
	'/v1/organizations/{id}/staff': '/v1/organizations/owari-hi/staff',
	'/v1/organizations/{id}/briefings': '/v1/organizations/owari-hi/briefings',
	'/v1/programs/{id}/members': '/v1/programs/sub-radar/members',
	'/v1/persons/{id}': '/v1/persons/p14',
	'/v1/persons/{id}/relatives': '/v1/persons/p14/relatives?purpose=' +
	    q('denied-probe matrix'),
	'/v1/persons/{id}/access': '/v1/persons/p14/access',
	'/v1/users/{id}/disable': '/v1/users/disable-target/disable',
	'/v1/users/{id}/reset': '/v1/users/disable-target/reset',
	'/v1/users/{id}/enable': '/v1/users/disable-target/enable',
	'/v1/items/{id}': `/v1/items/${GATE_ITEM}`,
	'/v1/items/{id}/renew': `/v1/items/${GATE_ITEM}/renew`,
	'/v1/items/{id}/declassify': `/v1/items/${GATE_ITEM}/declassify`,
};

// The case routes name a case id that does not exist: the role gate
// answers before any case is looked up.  cases.js probes every role on a
// real case, with the finer rules of who sees which case.
function concretePath(route) {
	return MATRIX_IDS[route.path] || route.path.replace('{id}', 'C-0000000000')
		.replace('{section}', 'identity').replace('{authority}', 'JPN-SDS');
}

// --- drift between this table, routes.c and openapi.json ---

function parseRoutesC() {
	const src = fs.readFileSync(ROUTES_C, 'utf8');
	const model = fs.existsSync(MODEL_H) ? fs.readFileSync(MODEL_H, 'utf8') : '';
	const defs = {};
	for (const m of model.matchAll(/\b(SCS_ROLE_[A-Z_]+)\s*=\s*([^,\n]+),?/g))
		defs[m[1]] = m[2].trim();
	const joined = (model + '\n' + src).replace(/\\\n/g, ' ');
	for (const m of joined.matchAll(/^#define\s+([A-Z_][A-Z0-9_]*)\s+(.+)$/gm))
		defs[m[1]] = m[2].replace(/\/\*.*?\*\//g, '').trim();
	const evalExpr = (expr, depth = 0) => {
		assert(depth < 20, `routes.c: macro nesting too deep in ${expr}`);
		const replaced = expr.replace(/\b[A-Za-z_][A-Za-z0-9_]*\b/g, (id) => {
			assert(defs[id] !== undefined,
			    `routes.c uses ${id}, which this test cannot evaluate`);
			return '(' + evalExpr(defs[id], depth + 1) + ')';
		});
		assert(/^[\s0-9xa-fA-F|&~()<>]*$/.test(replaced),
		    `routes.c: cannot evaluate roles expression ${expr}`);
		return String(Function(`"use strict"; return (${replaced});`)());
	};
	const table = src.slice(src.indexOf('scs_http_routes[] = {'));
	const routes = [];
	const re = /\{\s*"([A-Z]+)",\s*"([^"]+)",\s*\w+,\s*([^,]+?),\s*"/g;
	for (const m of table.matchAll(re)) {
		const bits = Number(evalExpr(m[3].trim())) & 0xff;
		routes.push({
			method: m[1], path: m[2],
			roles: bits === 0 ? null : ROLES.filter((r) => bits & ROLE_BITS[r]),
		});
	}
	return routes;
}

function routeKey(r) {
	return `${r.method} ${r.path.replace(/\{[^}]*\}/g, '{id}')}`;
}

function rolesKey(roles) {
	return roles === null || roles.length === 0 ? 'public' : [...roles].sort().join(',');
}

function compareTables(want, got, gotName) {
	const w = new Map(want.map((r) => [routeKey(r), rolesKey(r.roles)]));
	const g = new Map(got.map((r) => [routeKey(r), rolesKey(r.roles)]));
	const problems = [];
	for (const [k, v] of w) {
		if (!g.has(k))
			problems.push(`${gotName} lacks ${k}`);
		else if (g.get(k) !== v)
			problems.push(`${k}: roles here [${v}], in ${gotName} [${g.get(k)}]`);
	}
	for (const k of g.keys())
		if (!w.has(k))
			problems.push(`${gotName} has ${k}, this test's table does not`);
	return problems;
}

test('route table of this test matches src/http/routes.c', async () => {
	assert(fs.existsSync(ROUTES_C), `${ROUTES_C} not found`);
	const got = parseRoutesC();
	assert(got.length > 0, 'no routes parsed from routes.c');
	const problems = compareTables(ROUTES, got, 'routes.c');
	assert(problems.length === 0, problems.join('; '));
});

test('openapi.json lists exactly the route table (paths, methods, x-roles)', async () => {
	const r = await api('GET', '/v1/openapi.json');
	expectStatus(r, 200);
	assert(r.json && typeof r.json === 'object', 'openapi.json is not a JSON object');
	const doc = r.json;
	assert(doc.paths && typeof doc.paths === 'object',
	    `openapi.json has no "paths" object (keys: ${show(Object.keys(doc))})`);
	// Paths may be written relative to a server URL such as "/v1".
	let prefix = '';
	const keys = Object.keys(doc.paths);
	if (keys.length > 0 && !keys.every((k) => k.startsWith('/v1/')) &&
	    Array.isArray(doc.servers) && doc.servers.length > 0) {
		const u = String(doc.servers[0].url || '');
		prefix = u.replace(/^[a-z]+:\/\/[^/]+/, '').replace(/\/$/, '');
	}
	const listed = [];
	const problems = [];
	for (const [p, item] of Object.entries(doc.paths)) {
		for (const m of ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']) {
			if (!item || !item[m])
				continue;
			const xr = item[m]['x-roles'];
			let roles = null;
			if (xr !== undefined) {
				if (!Array.isArray(xr)) {
					problems.push(`${m.toUpperCase()} ${p}: x-roles is not an array`);
				} else {
					for (const role of xr)
						if (!ROLES.includes(role))
							problems.push(`${m.toUpperCase()} ${p}: unknown role ${show(role)} in x-roles`);
					roles = xr.filter((x) => ROLES.includes(x));
				}
			}
			listed.push({ method: m.toUpperCase(), path: prefix + p, roles });
		}
	}
	problems.push(...compareTables(ROUTES, listed, 'openapi.json'));
	assert(problems.length === 0, problems.join('; '));
});

// --- public routes, headers ---

test('GET /v1/health is public and returns status ok', async () => {
	const r = await api('GET', '/v1/health');
	expectStatus(r, 200);
	assert(/^application\/json/.test(r.headers.get('content-type') || ''),
	    `content-type ${r.headers.get('content-type')}`);
	eq(r.json && r.json.status, 'ok', 'status');
	assert(typeof r.json.version === 'string' && r.json.version.length > 0, 'no version');
	// The decision index: checked against the register every 500 ms.
	eq(r.json.index && r.json.index.fresh, true, 'index.fresh');
	assert(Number.isInteger(r.json.index.age_ms) && r.json.index.age_ms >= 0 &&
	    r.json.index.age_ms < 30000, `index.age_ms ${r.json.index.age_ms}`);
});

test('GET /v1/openapi.json is public JSON with "openapi" and "paths"', async () => {
	const r = await api('GET', '/v1/openapi.json');
	expectStatus(r, 200);
	assert(/^application\/json/.test(r.headers.get('content-type') || ''),
	    `content-type ${r.headers.get('content-type')}`);
	assert(r.json && typeof r.json === 'object', 'not a JSON object');
	assert(typeof r.json.openapi === 'string' && /^3\./.test(r.json.openapi),
	    `"openapi" is ${show(r.json.openapi)}, expected a 3.x version string`);
	assert(r.json.paths && typeof r.json.paths === 'object' &&
	    Object.keys(r.json.paths).length > 0, 'no "paths"');
});

test('security headers on success, error and raw responses', async () => {
	const rs = [
		await api('GET', '/v1/health'),
		await api('GET', '/v1/openapi.json'),
		await api('GET', '/v1/me', { as: 'admin' }),
		await api('GET', '/v1/nope'),
		await api('GET', '/v1/me'),
	];
	for (const r of rs) {
		eq(r.headers.get('cache-control'), 'no-store', `${r.path} (${r.status}) Cache-Control`);
		eq(r.headers.get('x-content-type-options'), 'nosniff',
		    `${r.path} (${r.status}) X-Content-Type-Options`);
	}
});

// --- authentication ---

test('401 with the error envelope for a missing token', async () => {
	const r = await api('GET', '/v1/me');
	expectError(r, 401, 'unauthenticated', '');
	assert(/^Bearer/i.test(r.headers.get('www-authenticate') || ''),
	    `WWW-Authenticate is ${show(r.headers.get('www-authenticate'))}`);
	const r2 = await api('GET', '/v1/organizations');
	expectError(r2, 401, 'unauthenticated');
});

test('401 with the error envelope for garbage tokens', async () => {
	const cases = [
		{ token: 'garbage' },
		{ token: 'A'.repeat(43) },
		{ token: 'scs_' + 'A'.repeat(43) },
		{ token: 'x'.repeat(500) },
		{ token: '' },
	];
	for (const c of cases) {
		const r = await api('GET', '/v1/me', c);
		expectError(r, 401, 'unauthenticated', undefined, `token ${show(c.token.slice(0, 20))}`);
	}
	// A real token under another scheme is not a bearer token.
	const r = await api('GET', '/v1/me', { headers: { Authorization: `Basic ${tokens.admin}` } });
	expectError(r, 401, 'unauthenticated', undefined, 'Basic scheme');
});

test('401 for every protected route without a token', async () => {
	const problems = [];
	for (const route of ROUTES) {
		if (route.roles === null)
			continue;
		const opts = route.method === 'GET' ? {} : { body: {} };
		const r = await api(route.method, concretePath(route), opts);
		if (r.status !== 401 || !r.json || !r.json.error ||
		    r.json.error.code !== 'unauthenticated')
			problems.push(describe(r));
	}
	assert(problems.length === 0, problems.join('; '));
});

test('login: wrong password or unknown user is 401; bad bodies are 400', async () => {
	expectError(await login('no-such-user', 'whatever-password-1'), 401, 'unauthenticated');
	expectError(await login('bad user name!', 'whatever-password-1'), 401, 'unauthenticated');
	expectError(await api('POST', '/v1/login', { body: { username: 'admin' } }),
	    400, 'invalid', 'password');
	expectError(await api('POST', '/v1/login', {
		body: { username: 'admin', password: 'x', extra: 1 } }), 400, 'invalid', 'extra');
	expectError(await api('POST', '/v1/login', { body: { username: 7, password: 'x' } }),
	    400, 'invalid', 'username');
	expectError(await api('POST', '/v1/login', {}), 400, 'invalid');
});

test('login returns a token, its expiry and the user', async () => {
	const r = await login('designator', PASSWORD);
	expectStatus(r, 200);
	assert(typeof r.json.token === 'string' && r.json.token.length >= 32, 'no token');
	assert(!r.json.token.startsWith('scs_'), 'a session token must not look like an API key');
	assert(Number.isInteger(r.json.expires), 'no integer expires');
	eq(r.json.user && r.json.user.username, 'designator', 'user.username');
	eq(r.json.user.role, 'designator', 'user.role');
	assert(!('pwhash' in r.json.user) && !('password' in r.json.user),
	    'login response leaks the password hash');
	const me = await api('GET', '/v1/me', { token: r.json.token });
	expectStatus(me, 200);
	await api('POST', '/v1/logout', { token: r.json.token });
});

test('logout revokes the token (next call 401), other sessions live on', async () => {
	const l = await login('officer', PASSWORD);
	expectStatus(l, 200, 'login');
	const t = l.json.token;
	expectStatus(await api('GET', '/v1/me', { token: t }), 200, 'before logout');
	const lo = await api('POST', '/v1/logout', { token: t });
	assert(lo.status === 204 || lo.status === 200, `logout: ${describe(lo)}`);
	expectError(await api('GET', '/v1/me', { token: t }), 401, 'unauthenticated', undefined,
	    'after logout');
	expectError(await api('GET', '/v1/organizations', { token: t }), 401, 'unauthenticated',
	    undefined, 'after logout');
	expectError(await api('POST', '/v1/logout', { token: t }), 401, 'unauthenticated',
	    undefined, 'second logout');
	expectStatus(await api('GET', '/v1/me', { as: 'officer' }), 200, 'the other officer session');
});

test('GET /v1/me reports each role, organization and person', async () => {
	for (const role of ROLES) {
		const u = USER_OF[role];
		const r = await api('GET', '/v1/me', { as: u });
		expectStatus(r, 200, u);
		eq(r.json.username, u, `${u} username`);
		eq(r.json.role, role, `${u} role`);
		eq(r.json.org, ORG_OF[u], `${u} org`);
		if (role === 'subject')
			eq(r.json.person, 'p-demo-subject', 'subject person');
		else
			assert(!('person' in r.json), `${u} has a person`);
	}
});

// --- the role matrix ---

for (const route of ROUTES) {
	if (route.roles === null)
		continue;
	for (const role of ROLES) {
		if (route.roles.includes(role))
			continue;
		test(`403 forbidden: ${route.method} ${route.path} as ${role}`, async () => {
			const opts = { as: USER_OF[role] };
			if (route.method !== 'GET')
				opts.body = {};
			const r = await api(route.method, concretePath(route), opts);
			expectError(r, 403, 'forbidden');
		});
	}
}

test('allowed roles pass the role gate of every GET route (200)', async () => {
	const idFor = {
		subject: 'p-demo-subject', security_officer: 'p14',
	};
	// An item of mod, the designator's organ, for GET /v1/items/{id}.
	const it = await api('POST', '/v1/items', { as: 'admin', body: {
		id: GATE_ITEM, title: 'Gate probe item', owner: 'mod', field: 'defense',
		authority: 'JPN-MOD', level: 'HI', valid_from: yearsFromNow(-1),
		valid_until: yearsFromNow(4) } });
	assert(it.status === 201 || it.status === 409, `create ${GATE_ITEM}: ${describe(it)}`);
	const problems = [];
	for (const route of ROUTES) {
		if (route.method !== 'GET' || route.roles === null ||
		    route.path.startsWith('/v1/cases/') || // cases.js's matrix: on a real case
		    route.path === '/v1/alerts/{id}' || // cv.js: on a real alert
		    route.path === '/v1/incidents/{id}' || // cv.js: on a real incident
		    route.path === '/v1/visits/{id}') // attest.js: on a real visit, each side and admin
			continue;
		for (const role of route.roles) {
			const person = idFor[role] || 'p01';
			// The staff and briefings pages are its own organization's for an officer.
			const org = /\/(staff|briefings)$/.test(route.path) ? ORG_OF[USER_OF[role]] : 'cao';
			let p = route.path.replace('/v1/organizations/{id}', `/v1/organizations/${org}`)
				.replace('/v1/items/{id}', `/v1/items/${GATE_ITEM}`)
				.replace('/v1/programs/{id}', '/v1/programs/sub-radar')
				.replace('{authority}', 'JPN-SDS')
				.replace('{id}', person);
			if (route.path.endsWith('/relatives'))
				p += '?purpose=' + q('allowed-gate probe');
			if (route.path === '/v1/audit/decisions')
				p += '?subject=p01';
			if (route.path === '/v1/reports/annual')
				p += '?year=' + new Date().getUTCFullYear();
			if (route.path === '/v1/attestations') // the caller's own staff, or oneself
				p += '?person=' + person;
			if (route.path === '/v1/audit/proof/inclusion')
				p += '?leaf=0';
			if (route.path === '/v1/audit/proof/consistency') // from a signed size
				p += '?from=' + (await api('GET', '/v1/audit/head', { as: 'auditor' })).json.size;
			const r = await api('GET', p, { as: USER_OF[role] });
			if (r.status !== 200)
				problems.push(`as ${role}: ${describe(r)}`);
		}
	}
	assert(problems.length === 0, problems.join('; '));
});

test('the matrix probes of POST /v1/users/{id}/disable disabled nobody', async () => {
	const r = await api('GET', '/v1/users', { as: 'admin' });
	expectStatus(r, 200);
	const u = r.json.users.find((x) => x.username === 'disable-target');
	assert(u, 'disable-target not listed');
	eq(u.disabled, false, 'disable-target disabled');
});

// --- organizations ---

test('admin creates an organization (201) and reads it back', async () => {
	const org = { id: 'test-org-1', name: '株式会社テスト重工', type: 'contractor', country: 'JPN' };
	const r = await api('POST', '/v1/organizations', { as: 'admin', body: org });
	expectStatus(r, 201);
	deepEq(r.json, org, 'created body');
	const g = await api('GET', '/v1/organizations/test-org-1', { as: 'designator' });
	expectStatus(g, 200, 'GET');
	deepEq(g.json, org, 'read back');
	const l = await api('GET', '/v1/organizations', { as: 'subject' });
	expectStatus(l, 200, 'list');
	assert(l.json.organizations.some((o) => o.id === 'test-org-1'), 'not in the list');
	const ids = l.json.organizations.map((o) => o.id);
	for (const id of ['mod', 'meti', 'cao', 'ciro', 'owari-hi', 'asakaze-semi', 'kansai-ist-qsl', 'dcsa'])
		assert(ids.includes(id), `demo organization ${id} not listed`);
	// "kind" is accepted on input (the interchange shape).
	const k = await api('POST', '/v1/organizations', {
		as: 'admin', body: { kind: 'organization', id: 'test-org-kind', name: 'Kind Org',
			type: 'research', country: 'USA' } });
	expectStatus(k, 201, 'with kind');
});

test('bad organization bodies are 400 naming the field', async () => {
	const good = { id: 'test-org-bad', name: 'Bad Org', type: 'government', country: 'JPN' };
	const cases = [
		[{ country: 'XX' }, 'country'],
		[{ country: 'ZZZ' }, 'country'],
		[{ country: 'jpn' }, 'country'],
		[{ colour: 'red' }, 'colour'],
		[{ type: 'bank' }, 'type'],
		[{ type: 7 }, 'type'],
		[{ name: '' }, 'name'],
		[{ name: ' padded' }, 'name'],
		[{ id: 'bad id' }, 'id'],
		[{ id: '' }, 'id'],
		[{ kind: 'person' }, 'kind'],
	];
	for (const [patch, field] of cases) {
		const r = await api('POST', '/v1/organizations', {
			as: 'admin', body: Object.assign({}, good, patch) });
		expectError(r, 400, 'invalid', field, `patch ${show(patch)}`);
	}
	for (const k of ['id', 'name', 'type', 'country']) {
		const b = Object.assign({}, good);
		delete b[k];
		expectError(await api('POST', '/v1/organizations', { as: 'admin', body: b }),
		    400, 'invalid', k, `missing ${k}`);
	}
	expectError(await api('POST', '/v1/organizations', { as: 'admin', body: [good] }),
	    400, 'invalid', undefined, 'array body');
	// A NUL inside a string: rejected (by the JSON parser or by the field).
	expectError(await api('POST', '/v1/organizations', {
		as: 'admin', body: Object.assign({}, good, { name: 'nul\u0000inside' }) }),
	    400, 'invalid', undefined, 'NUL in name');
	const g = await api('GET', '/v1/organizations/test-org-bad', { as: 'admin' });
	expectError(g, 404, 'not_found', undefined, 'nothing was created');
});

test('duplicate organization id is 409 conflict', async () => {
	const org = { id: 'test-org-dup', name: 'Dup Org', type: 'research', country: 'JPN' };
	expectStatus(await api('POST', '/v1/organizations', { as: 'admin', body: org }), 201, 'first');
	expectError(await api('POST', '/v1/organizations', { as: 'admin', body: org }),
	    409, 'conflict', undefined, 'second');
	expectError(await api('POST', '/v1/organizations', {
		as: 'admin', body: { id: 'mod', name: 'Not MOD', type: 'government', country: 'JPN' } }),
	    409, 'conflict', undefined, 'demo id mod');
	const m = await api('GET', '/v1/organizations/mod', { as: 'admin' });
	eq(m.json.name, 'Ministry of Defense', 'mod unchanged');
});

test('GET /v1/organizations: a screening body\'s open cases for admins and adjudicators only', async () => {
	expectStatus(await api('POST', '/v1/organizations', { as: 'admin', body: {
		id: 't-body-load', name: 'Load Screening', type: 'screening', country: 'JPN',
		accredited_for: ['JPN-CESI'] } }), 201);
	const seen = {};
	for (const u of ['admin', 'adjudicator']) {
		const r = await api('GET', '/v1/organizations', { as: u });
		expectStatus(r, 200, u);
		for (const o of r.json.organizations) {
			if (o.type === 'screening')
				assert(Number.isInteger(o.open_cases) && o.open_cases >= 0, `${u}: ${o.id} ${show(o)}`);
			else
				assert(!('open_cases' in o), `${u}: ${o.id} is no body: ${show(o)}`);
		}
		seen[u] = r.json.organizations.find((o) => o.id === 't-body-load');
		eq(seen[u].open_cases, 0, `${u}: a new body holds no case`);
	}
	for (const u of ['auditor', 'officer', 'subject', 'investigator', 'designator']) {
		const r = await api('GET', '/v1/organizations', { as: u });
		expectStatus(r, 200, u);
		assert(r.json.organizations.every((o) => !('open_cases' in o)), `${u} sees a count`);
	}
	expectError(await api('POST', '/v1/organizations', { as: 'admin', body: {
		id: 't-body-load2', name: 'X', type: 'screening', country: 'JPN', open_cases: 3 } }), 400,
	    'invalid', 'open_cases', 'open_cases is not accepted');
});

test('PUT /v1/organizations/{id}: updates; body id must match the path; unknown is 404', async () => {
	const org = { id: 'test-org-put', name: 'Before', type: 'contractor', country: 'JPN' };
	expectStatus(await api('POST', '/v1/organizations', { as: 'admin', body: org }), 201, 'create');
	const u = await api('PUT', '/v1/organizations/test-org-put', {
		as: 'admin', body: { name: 'After', type: 'research', country: 'GBR' } });
	expectStatus(u, 200, 'PUT without id');
	deepEq(u.json, { id: 'test-org-put', name: 'After', type: 'research', country: 'GBR' }, 'PUT body');
	const g = await api('GET', '/v1/organizations/test-org-put', { as: 'admin' });
	eq(g.json.name, 'After', 'read back name');
	const same = await api('PUT', '/v1/organizations/test-org-put', {
		as: 'admin', body: { id: 'test-org-put', name: 'Again', type: 'research', country: 'GBR' } });
	expectStatus(same, 200, 'PUT with matching id');
	const bad = await api('PUT', '/v1/organizations/test-org-put', {
		as: 'admin', body: { id: 'other-id', name: 'X', type: 'research', country: 'GBR' } });
	expectError(bad, 400, 'invalid', 'id', 'PUT with another id');
	const g2 = await api('GET', '/v1/organizations/test-org-put', { as: 'admin' });
	eq(g2.json.name, 'Again', 'unchanged by the rejected PUT');
	expectError(await api('PUT', '/v1/organizations/test-org-none', {
		as: 'admin', body: { name: 'X', type: 'research', country: 'GBR' } }),
	    404, 'not_found', undefined, 'PUT unknown');
	expectError(await api('GET', '/v1/organizations/test-org-none', { as: 'admin' }),
	    404, 'not_found', undefined, 'not created by PUT');
	expectError(await api('PUT', '/v1/organizations/test-org-put', {
		as: 'admin', body: { name: 'X', type: 'bank', country: 'GBR' } }),
	    400, 'invalid', 'type', 'PUT bad type');
	// "unassigned" names the cases without a screening body in the
	// timeliness report: no screening body may take it.
	expectError(await api('POST', '/v1/organizations', {
		as: 'admin', body: { id: 'unassigned', name: 'X', type: 'screening', country: 'JPN' } }),
	    400, 'invalid', 'id', 'a screening body called unassigned');
	expectError(await api('GET', '/v1/organizations/unassigned', { as: 'admin' }),
	    404, 'not_found', undefined, 'not created');
});

// --- persons ---

// Names that a normalizing or re-encoding server would alter: a
// surrogate-pair kanji, IBM-extension kanji, a decomposed (NFD) kana.
const JP_PERSON = {
	id: 'test-person-jp',
	name: '𠮷野 髙﨑 カ\u3099ナ',
	name_latin: 'YOSHINO Takasaki',
	birth_date: '1990-02-28',
	nationalities: ['JPN', 'USA'],
	org: 'owari-hi',
};
const JP_RELATIVES = [
	{ relation: 'spouse', name: '𠮷野 花子', birth_date: '1992-12-31', nationalities: ['JPN'],
		address: '東京都千代田区霞が関１−１−１　合同庁舎', cohabitant: true },
	{ relation: 'spouse_parent', name: '髙橋 﨑太郎', birth_date: '1960-02-29',
		nationalities: ['JPN', 'KOR'], address: '大阪府大阪市北区梅田3-1-1', cohabitant: false },
];

test('admin creates a person; Japanese names round-trip byte-exactly', async () => {
	const r = await api('POST', '/v1/persons', { as: 'admin', body: JP_PERSON });
	expectStatus(r, 201, 'create');
	deepEq(r.json, JP_PERSON, 'created body');
	const g = await api('GET', '/v1/persons/test-person-jp', { as: 'admin' });
	expectStatus(g, 200, 'GET');
	deepEq(g.json, JP_PERSON, 'read back');
	eq(Buffer.from(g.json.name, 'utf8').toString('hex'),
	    Buffer.from(JP_PERSON.name, 'utf8').toString('hex'), 'name bytes');
	assert(!('relatives' in g.json), 'GET /v1/persons/{id} must not show relatives');
});

test('relatives are not collected at nomination: POST /v1/persons with relatives is 403', async () => {
	const body = Object.assign({}, JP_PERSON, { id: 'test-person-jp2', relatives: JP_RELATIVES });
	for (const u of ['admin', 'officer'])
		expectError(await api('POST', '/v1/persons', { as: u, body }), 403, 'forbidden',
		    'relatives', `${u} nominating with relatives`);
	expectStatus(await api('GET', '/v1/persons/test-person-jp2', { as: 'admin' }), 404,
	    'nothing created');
});

test('the subject declares relatives; an adjudicator reads them back byte-exactly', async () => {
	const u = await api('POST', '/v1/users', { as: 'admin', body: { username: 'jp-subject',
		org: 'owari-hi', role: 'subject', person: 'test-person-jp' } });
	expectStatus(u, 201, 'subject account');
	expectStatus(await activate('jp-subject', u.json.activation_code, PASSWORD), 200,
	    'the person activates the account');
	const li = await api('POST', '/v1/login', { body: { username: 'jp-subject', password: PASSWORD } });
	expectStatus(li, 200, 'subject login');
	tokens['jp-subject'] = li.json.token;
	const put = await api('PUT', '/v1/persons/test-person-jp/relatives', {
		as: 'jp-subject', body: { relatives: JP_RELATIVES } });
	expectStatus(put, 200, 'declare relatives');
	for (const v of ['adjudicator', 'investigator'])
		expectError(await api('PUT', '/v1/persons/test-person-jp/relatives', {
			as: v, body: { relatives: [] } }), 403, 'forbidden', undefined,
		    `${v} may not overwrite the declaration`);
	const rel = await api('GET', '/v1/persons/test-person-jp/relatives?purpose=' +
	    q('round-trip check'), { as: 'adjudicator' });
	expectStatus(rel, 200, 'relatives');
	eq(rel.json.person, 'test-person-jp', 'relatives person');
	deepEq(rel.json.relatives, JP_RELATIVES, 'relatives read back');
});

test('bad person bodies are 400 naming the field', async () => {
	const good = { id: 'test-person-bad', name: '山田 太郎', name_latin: 'YAMADA Taro',
		birth_date: '1980-04-01', nationalities: ['JPN'], org: 'mod' };
	const rel = { relation: 'spouse', name: '山田 花子', birth_date: '1982-02-02',
		nationalities: ['JPN'], address: '東京都', cohabitant: true };
	const cases = [
		[{ birth_date: '2023-02-29' }, 'birth_date'],
		[{ birth_date: '1980-13-01' }, 'birth_date'],
		[{ birth_date: '1980/04/01' }, 'birth_date'],
		[{ nationalities: ['ZZZ'] }, 'nationalities[0]'],
		[{ nationalities: ['JPN', 'ZZZ'] }, 'nationalities[1]'],
		[{ nationalities: ['JPN', 'JPN'] }, 'nationalities[1]'],
		[{ nationalities: [] }, 'nationalities'],
		[{ nationalities: 'JPN' }, 'nationalities'],
		[{ name: '' }, 'name'],
		[{ name: 'tab\there' }, 'name'],
		[{ org: 'no-such-org' }, 'org'],
		[{ shoe_size: 42 }, 'shoe_size'],
		[{ relatives: [Object.assign({}, rel, { relation: 'cousin' })] }, 'relatives[0].relation'],
		[{ relatives: [rel, Object.assign({}, rel, { birth_date: '2001-02-29' })] },
			'relatives[1].birth_date'],
		[{ relatives: [Object.assign({}, rel, { cohabitant: 'yes' })] }, 'relatives[0].cohabitant'],
		[{ relatives: [Object.assign({}, rel, { nationalities: ['ZZZ'] })] },
			'relatives[0].nationalities[0]'],
	];
	for (const [patch, field] of cases) {
		const r = await api('POST', '/v1/persons', { as: 'admin', body: Object.assign({}, good, patch) });
		expectError(r, 400, 'invalid', field, `patch ${show(patch)}`);
	}
	for (const k of ['id', 'name', 'name_latin', 'birth_date', 'nationalities', 'org']) {
		const b = Object.assign({}, good);
		delete b[k];
		expectError(await api('POST', '/v1/persons', { as: 'admin', body: b }),
		    400, 'invalid', k, `missing ${k}`);
	}
	expectError(await api('GET', '/v1/persons/test-person-bad', { as: 'admin' }),
	    404, 'not_found', undefined, 'nothing was created');
});

test('duplicate person id is 409; PUT person body id must match the path', async () => {
	const p = { id: 'test-person-dup', name: '重複 一郎', name_latin: 'CHOFUKU Ichiro',
		birth_date: '1970-01-01', nationalities: ['JPN'], org: 'meti' };
	expectStatus(await api('POST', '/v1/persons', { as: 'admin', body: p }), 201, 'first');
	expectError(await api('POST', '/v1/persons', { as: 'admin', body: p }), 409, 'conflict',
	    undefined, 'second');
	expectError(await api('POST', '/v1/persons', { as: 'admin', body: Object.assign({}, p, { id: 'p01' }) }),
	    409, 'conflict', undefined, 'demo id p01');
	const bad = await api('PUT', '/v1/persons/test-person-dup', {
		as: 'admin', body: Object.assign({}, p, { id: 'p02' }) });
	expectError(bad, 400, 'invalid', 'id', 'PUT with another id');
	const ok = await api('PUT', '/v1/persons/test-person-dup', {
		as: 'admin', body: Object.assign({}, p, { name_latin: 'CHOFUKU Jiro' }) });
	expectStatus(ok, 200, 'PUT');
	eq(ok.json.name_latin, 'CHOFUKU Jiro', 'PUT result');
	expectError(await api('PUT', '/v1/persons/test-person-none', {
		as: 'admin', body: Object.assign({}, p, { id: 'test-person-none' }) }),
	    404, 'not_found', undefined, 'PUT unknown');
	expectError(await api('PUT', '/v1/persons/test-person-dup', {
		as: 'admin', body: Object.assign({}, p, { relatives: [] }) }),
	    400, 'invalid', 'relatives', 'PUT with relatives');
	expectError(await api('GET', '/v1/persons/p99', { as: 'admin' }), 404, 'not_found',
	    undefined, 'GET unknown');
});

test('GET /v1/persons pages with limit/after/next', async () => {
	const all = await api('GET', '/v1/persons?limit=1000', { as: 'admin' });
	expectStatus(all, 200, 'all');
	const allIds = all.json.persons.map((p) => p.id);
	for (const id of Object.keys(demo.persons))
		assert(allIds.includes(id), `demo person ${id} not listed`);
	for (const p of all.json.persons)
		assert(!('relatives' in p), `${p.id} listed with relatives`);
	const seen = [];
	let after = null;
	for (let i = 0; i < 100; i++) {
		const r = await api('GET', '/v1/persons?limit=5' + (after ? '&after=' + q(after) : ''),
		    { as: 'admin' });
		expectStatus(r, 200, `page ${i}`);
		assert(r.json.persons.length <= 5, 'page larger than limit');
		seen.push(...r.json.persons.map((p) => p.id));
		if (!r.json.next)
			break;
		after = r.json.next;
	}
	deepEq(seen, allIds, 'pages concatenated');
	expectError(await api('GET', '/v1/persons?limit=0', { as: 'admin' }), 400, 'invalid', 'limit');
	expectError(await api('GET', '/v1/persons?limit=abc', { as: 'admin' }), 400, 'invalid', 'limit');
	expectError(await api('GET', '/v1/persons?limit=1001', { as: 'admin' }), 400, 'invalid', 'limit');
});

// --- security officer scope ---

function demoIdsOf(org) {
	return Object.values(demo.persons).filter((p) => p.org === org).map((p) => p.id);
}

test('security officer lists only their own organization\'s persons', async () => {
	for (const [u, org] of [['officer', 'owari-hi'], ['officer2', 'asakaze-semi']]) {
		const r = await api('GET', '/v1/persons?limit=1000', { as: u });
		expectStatus(r, 200, u);
		const bad = r.json.persons.filter((p) => p.org !== org).map((p) => `${p.id}@${p.org}`);
		assert(bad.length === 0, `${u} sees persons of other organizations: ${bad.join(', ')}`);
		const ids = r.json.persons.map((p) => p.id);
		for (const id of demoIdsOf(org))
			assert(ids.includes(id), `${u} does not see ${id} of ${org}`);
		// Paging must not leak either.
		const p1 = await api('GET', '/v1/persons?limit=1&after=' + q('p0'), { as: u });
		expectStatus(p1, 200, `${u} page`);
		for (const p of p1.json.persons)
			eq(p.org, org, `${u} paged person org`);
	}
});

test('GET /v1/persons?org= filters, and never widens a security officer\'s view', async () => {
	const a = await api('GET', '/v1/persons?limit=1000&org=mod', { as: 'adjudicator' });
	expectStatus(a, 200, 'adjudicator org=mod');
	deepEq(a.json.persons.map((p) => p.id).sort(), demoIdsOf('mod').sort(), 'mod persons');
	const own = await api('GET', '/v1/persons?limit=1000&org=owari-hi', { as: 'officer' });
	expectStatus(own, 200, 'officer org=owari-hi');
	assert(own.json.persons.every((p) => p.org === 'owari-hi'), 'officer own-org filter leaks');
	const other = await api('GET', '/v1/persons?limit=1000&org=mod', { as: 'officer' });
	assert(other.status === 403 ||
	    (other.status === 200 && other.json.persons.every((p) => p.org === 'owari-hi')),
	    `officer org=mod: ${describe(other)}`);
	if (other.status === 403)
		expectError(other, 403, 'forbidden', undefined, 'officer org=mod');
});

test('security officer reads own staff (200); others read as missing (404)', async () => {
	const own = await api('GET', '/v1/persons/p14', { as: 'officer' });
	expectStatus(own, 200, 'p14');
	eq(own.json.name, demo.persons.p14.name, 'p14 name');
	// Another organization's staff read as missing: the same answer as a
	// person who does not exist.
	expectError(await api('GET', '/v1/persons/p01', { as: 'officer' }), 404, 'not_found',
	    'person', 'p01 (mod)');
	expectError(await api('GET', '/v1/persons/p17', { as: 'officer' }), 404, 'not_found',
	    'person', 'p17 (asakaze-semi)');
	expectError(await api('GET', '/v1/persons/t-nobody', { as: 'officer' }), 404, 'not_found',
	    'person', 'nobody');
	expectError(await api('GET', '/v1/persons/p14', { as: 'officer2' }), 404, 'not_found',
	    'person', 'officer2 on p14');
	expectStatus(await api('GET', '/v1/persons/p17', { as: 'officer2' }), 200, 'officer2 on p17');
});

test('security officer creates persons in own organization only', async () => {
	const p = { id: 'test-person-so1', name: '尾張 次郎', name_latin: 'OWARI Jiro',
		birth_date: '1995-05-05', nationalities: ['JPN'], org: 'owari-hi' };
	const r = await api('POST', '/v1/persons', { as: 'officer', body: p });
	expectStatus(r, 201, 'own org');
	deepEq(r.json, p, 'created body');
	const mod = Object.assign({}, p, { id: 'test-person-so2', org: 'mod' });
	expectError(await api('POST', '/v1/persons', { as: 'officer', body: mod }), 403, 'forbidden',
	    undefined, 'in mod');
	expectError(await api('GET', '/v1/persons/test-person-so2', { as: 'admin' }), 404,
	    'not_found', undefined, 'not created');
	const l = await api('GET', '/v1/persons?limit=1000', { as: 'officer' });
	assert(l.json.persons.some((x) => x.id === 'test-person-so1'), 'new person not listed');
	const l2 = await api('GET', '/v1/persons?limit=1000', { as: 'officer2' });
	assert(!l2.json.persons.some((x) => x.id === 'test-person-so1'), 'officer2 sees it');
});

test('security officer changes own staff only and cannot move them out', async () => {
	const p = { id: 'test-person-so3', name: '尾張 三郎', name_latin: 'OWARI Saburo',
		birth_date: '1996-06-06', nationalities: ['JPN'], org: 'owari-hi' };
	expectStatus(await api('POST', '/v1/persons', { as: 'officer', body: p }), 201, 'create');
	const up = await api('PUT', '/v1/persons/test-person-so3', {
		as: 'officer', body: Object.assign({}, p, { name_latin: 'OWARI Saburou' }) });
	expectStatus(up, 200, 'PUT own');
	expectError(await api('PUT', '/v1/persons/test-person-so3', {
		as: 'officer', body: Object.assign({}, p, { org: 'mod' }) }), 403, 'forbidden',
	    undefined, 'move to mod');
	expectError(await api('PUT', '/v1/persons/test-person-so3', {
		as: 'officer2', body: Object.assign({}, p, { org: 'asakaze-semi' }) }), 404, 'not_found',
	    'person', 'officer2 takes over');
	const p01 = Object.assign({}, demo.persons.p01);
	delete p01.relatives;
	delete p01.kind;
	expectError(await api('PUT', '/v1/persons/p01', {
		as: 'officer', body: Object.assign({}, p01, { org: 'owari-hi' }) }), 404, 'not_found',
	    'person', 'take over p01');
	const g = await api('GET', '/v1/persons/test-person-so3', { as: 'admin' });
	eq(g.json.org, 'owari-hi', 'org after rejected moves');
	eq(g.json.name_latin, 'OWARI Saburou', 'name_latin after PUT');
	const g01 = await api('GET', '/v1/persons/p01', { as: 'admin' });
	eq(g01.json.org, 'mod', 'p01 org');
});

test('security officer may not read relatives, even of own staff (403)', async () => {
	for (const id of ['p14', 'p-demo-subject', 'p01']) {
		const r = await api('GET', `/v1/persons/${id}/relatives?purpose=` +
		    q('denied-probe officer'), { as: 'officer' });
		expectError(r, 403, 'forbidden', undefined, id);
		assert(!r.text.includes('relation'), 'relatives leaked in the error');
	}
	expectError(await api('PUT', '/v1/persons/p14/relatives', {
		as: 'officer', body: { relatives: [] } }), 403, 'forbidden', undefined, 'PUT');
});

// --- subject ---

test('subject reads own identity (200); nobody else\'s (404, as missing)', async () => {
	const r = await api('GET', '/v1/persons/p-demo-subject', { as: 'subject' });
	expectStatus(r, 200, 'own');
	eq(r.json.name, demo.persons['p-demo-subject'].name, 'name');
	eq(r.json.org, 'owari-hi', 'org');
	for (const id of ['p14', 'p01', 'p17'])
		expectError(await api('GET', `/v1/persons/${id}`, { as: 'subject' }), 404, 'not_found',
		    'person', id);
	expectError(await api('GET', '/v1/persons', { as: 'subject' }), 403, 'forbidden', undefined,
	    'list');
});

test('subject reads own relatives with a purpose (200); others\' read as missing (404)', async () => {
	const r = await api('GET', '/v1/persons/p-demo-subject/relatives?purpose=' +
	    q('self review'), { as: 'subject' });
	expectStatus(r, 200, 'own');
	deepEq(r.json.relatives, demo.persons['p-demo-subject'].relatives, 'own relatives');
	for (const id of ['p14', 'p01']) {
		const d = await api('GET', `/v1/persons/${id}/relatives?purpose=` +
		    q('denied-probe subject'), { as: 'subject' });
		expectError(d, 404, 'not_found', 'person', id);
	}
	expectError(await api('GET', '/v1/persons/p-demo-subject/relatives', { as: 'subject' }),
	    400, 'invalid', 'purpose', 'own without purpose');
});

test('subject replaces own relatives (200); others\' read as missing (404)', async () => {
	const orig = demo.persons['p-demo-subject'].relatives;
	const extra = { relation: 'child', name: '佐藤 陽菜', birth_date: '2020-02-29',
		nationalities: ['JPN'], address: '愛知県名古屋市千種区星が丘元町3-12-5', cohabitant: true };
	try {
		const r = await api('PUT', '/v1/persons/p-demo-subject/relatives', {
			as: 'subject', body: { relatives: [...orig, extra] } });
		expectStatus(r, 200, 'PUT own');
		eq(r.json.relatives, orig.length + 1, 'count');
		const g = await api('GET', '/v1/persons/p-demo-subject/relatives?purpose=' +
		    q('self review after update'), { as: 'subject' });
		deepEq(g.json.relatives, [...orig, extra], 'read back');
		expectError(await api('PUT', '/v1/persons/p-demo-subject/relatives', {
			as: 'subject', body: { relatives: [Object.assign({}, extra, { relation: 'pet' })] } }),
		    400, 'invalid', 'relatives[0].relation', 'bad relation');
		expectError(await api('PUT', '/v1/persons/p-demo-subject/relatives', {
			as: 'subject', body: { relatives: [], other: 1 } }),
		    400, 'invalid', 'relatives', 'extra key');
		expectError(await api('PUT', '/v1/persons/p14/relatives', {
			as: 'subject', body: { relatives: [extra] } }), 404, 'not_found', 'person',
		    'PUT other');
	} finally {
		await api('PUT', '/v1/persons/p-demo-subject/relatives', {
			as: 'subject', body: { relatives: orig } });
	}
	const back = await api('GET', '/v1/persons/p-demo-subject/relatives?purpose=' +
	    q('self review restored'), { as: 'subject' });
	deepEq(back.json.relatives, orig, 'restored');
});

// --- vetting roles and relatives ---

test('GET /v1/me/export: everything held on the subject, sealed values opened, on record', async () => {
	// A case of the subject's from before, with a canary in an answer and
	// one in a finding's narrative (imported: cases are of section 11).
	const cid = 'C-ME-EXPORT';
	const lines = [
		{ kind: 'case', id: cid, person: 'p-demo-subject', authority: 'JPN-SDS',
			level: 'TOKUTEI_HIMITSU', sponsor: 'owari-hi', need: 'export test',
			type: 'initial', state: 'withdrawn', opened: '2020-01-01',
			since: '2020-03-01', consent_version: '2026-1' },
		{ kind: 'case_event', case_id: cid, seq: 1, at: '2020-01-01', actor: 'user:officer',
			event: 'nominate', state: 'awaiting_consent' },
		{ kind: 'answers', case_id: cid, section: 'drugs', saved: '2020-02-01',
			certified: false, data: { note: 'ZZMEANSWER 薬物' } },
		{ kind: 'finding', case_id: cid, seq: 1, item: 'drugs', source: 'interview',
			date: '2019-05-01', severity: 'minor', author: 'user:investigator',
			at: '2020-02-15', narrative: 'ZZMEFINDING 面接', mitigation: 'none' },
	];
	const file = path.join(tmpdir, 'me-export.jsonl');
	fs.writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
	cli(SCS_BIN, ['import', file]);
	const filter = 'action=export&kind=person&object=p-demo-subject';
	const n0 = (await auditEntries(filter)).length;

	const r = await api('GET', '/v1/me/export', { as: 'subject' });
	expectStatus(r, 200, 'the subject exports');
	const doc = r.json;
	eq(doc.person.id, 'p-demo-subject', 'the person');
	assert(Array.isArray(doc.person.relatives), 'relatives opened');
	const c = doc.cases.find((x) => x.id === cid);
	assert(c, `${cid} in the export: ${show(doc.cases.map((x) => x.id))}`);
	eq(c.history.length, 1, 'its history');
	eq(c.answers[0].data.note, 'ZZMEANSWER 薬物', 'the answer, opened');
	eq(c.findings[0].narrative, 'ZZMEFINDING 面接', 'the narrative, opened');
	eq(c.findings[0].severity, 'minor', 'the finding\'s metadata');
	assert(Array.isArray(c.notifications), 'its notifications');
	assert(doc.clearances.some((x) => x.authority === 'JPN-CESI'), 'the clearances');
	assert(doc.briefings.some((x) => x.compartment === 'ORCA'), 'the briefings');
	for (const k of ['memberships', 'suspensions'])
		assert(Array.isArray(doc[k]), k);
	assert(!JSON.stringify(doc).includes('"p01"'), 'nobody else\'s records');
	// The register's export holds both canaries too.
	const ex = cli(SCS_BIN, ['export']);
	assert(ex.includes('ZZMEANSWER') && ex.includes('ZZMEFINDING'), 'scs export holds the canaries');

	// On record: one entry more, by the subject.
	const after = await auditEntries(filter);
	eq(after.length, n0 + 1, 'one export entry');
	eq(after[after.length - 1].actor, 'user:subject', 'by the subject');
	// Only a subject exports, only themself; nothing else goes on record.
	for (const u of ['admin', 'officer', 'investigator', 'adjudicator', 'designator', 'auditor', 'relying'])
		expectError(await api('GET', '/v1/me/export', { as: u }), 403, 'forbidden', undefined, u);
	expectError(await api('GET', '/v1/me/export?person=p01', { as: 'subject' }), 400, 'invalid', 'person');
	eq((await auditEntries(filter)).length, n0 + 1, 'refusals leave no export entry');
});

test('adjudicator and investigator read relatives with a purpose (200, demo data)', async () => {
	for (const u of ['adjudicator', 'investigator']) {
		for (const id of ['p01', 'p-demo-subject', 'p10']) {
			const r = await api('GET', `/v1/persons/${id}/relatives?purpose=` +
			    q(`suitability assessment ${id}`), { as: u });
			expectStatus(r, 200, `${u} ${id}`);
			eq(r.json.person, id, `${u} ${id} person`);
			deepEq(r.json.relatives, demo.persons[id].relatives || [], `${u} ${id} relatives`);
		}
		const r = await api('GET', '/v1/persons/p01/relatives?purpose=x', { as: u });
		const names = r.json.relatives.map((x) => x.name);
		deepEq(names, ['中村 由美子', '中村 翔太', '中村 勝'], `${u} p01 relative names`);
	}
});

test('relatives without a purpose are 400 field "purpose"; unknown person is 404', async () => {
	for (const u of ['adjudicator', 'investigator']) {
		expectError(await api('GET', '/v1/persons/p01/relatives', { as: u }),
		    400, 'invalid', 'purpose', `${u} no purpose`);
		expectError(await api('GET', '/v1/persons/p01/relatives?purpose=', { as: u }),
		    400, 'invalid', 'purpose', `${u} empty purpose`);
		expectError(await api('GET', '/v1/persons/p01/relatives?purpose=' + q(' padded'), { as: u }),
		    400, 'invalid', 'purpose', `${u} padded purpose`);
		expectError(await api('GET', '/v1/persons/p01/relatives?purpose=' + q('line\nbreak'),
		    { as: u }), 400, 'invalid', 'purpose', `${u} control character in purpose`);
		expectError(await api('GET', '/v1/persons/p01/relatives?purpose=' + q('x'.repeat(201)),
		    { as: u }), 400, 'invalid', 'purpose', `${u} long purpose`);
		expectError(await api('GET', '/v1/persons/p99/relatives?purpose=' + q('unknown person'),
		    { as: u }), 404, 'not_found', undefined, `${u} unknown person`);
	}
});

test('a purpose that is not UTF-8 is 400 field "purpose" and leaves no entry', async () => {
	for (const bad of ['%C3%28', '%ff%fe', 'ok%C3', '%ED%A0%80', '%C2%85']) {
		expectError(await api('GET', `/v1/persons/p01/relatives?purpose=${bad}`,
		    { as: 'adjudicator' }), 400, 'invalid', 'purpose', `purpose=${bad}`);
	}
	expectStatus(await api('GET', '/v1/audit?limit=1000', { as: 'auditor' }), 200,
	    'the audit log stays readable');
});

// Run SQL on the test register with the sqlite3 command line, beside the
// running server (which waits for the lock, as it would for `scs import`).
function sqlite(sql) {
	if (PG_URL)
		throw new Skip('writes the SQLite file behind the server');
	return execFileSync('sqlite3', ['-cmd', '.timeout 20000',
		path.join(tmpdir, 'r.db'), sql], { encoding: 'utf8', timeout: CLI_TIMEOUT_MS });
}

test('an audit entry holding bytes that are not UTF-8 (written behind the server\'s back) is still listed', async () => {
	const purpose = `raw-bytes probe ${process.pid}`;
	expectStatus(await api('GET', `/v1/persons/p01/relatives?purpose=${q(purpose)}`,
	    { as: 'adjudicator' }), 200, 'the read');
	const mine = (await auditEntries()).filter((e) => e.purpose === purpose);
	eq(mine.length, 1, 'entries of the read');
	const seq = mine[0].seq;
	sqlite(`UPDATE audit_log SET purpose = CAST(X'C328FFFE20C3' AS TEXT) WHERE seq = ${seq}`);
	try {
		eq(sqlite(`SELECT hex(purpose) FROM audit_log WHERE seq = ${seq}`).trim(),
		    'C328FFFE20C3', 'the raw bytes are stored');
		const r = await api('GET', '/v1/audit?limit=1000', { as: 'auditor' });
		expectStatus(r, 200, 'a page holding the entry');
		const page = await auditEntries();
		const e = page.find((x) => x.seq === seq);
		assert(e !== undefined, `entry ${seq} is not listed`);
		eq(e.purpose, '\ufffd(\ufffd\ufffd \ufffd', 'invalid bytes shown as U+FFFD');
		eq(e.object, 'p01', 'the rest of the entry');
	} finally {
		sqlite(`UPDATE audit_log SET purpose = '${purpose}' WHERE seq = ${seq}`);
	}
	const v = await api('POST', '/v1/audit/verify', { as: 'auditor' });
	eq(v.json && v.json.ok, true, `verify after the repair (problem: ${v.json && v.json.problem})`);
});

test('relatives are 403 for admin, auditor, designator, relying system, security officer', async () => {
	for (const u of ['admin', 'auditor', 'designator', 'relying', 'officer', 'officer2']) {
		const r = await api('GET', '/v1/persons/p01/relatives?purpose=' +
		    q(`denied-probe ${u}`), { as: u });
		expectError(r, 403, 'forbidden', undefined, u);
		assert(!r.text.includes('中村 由美子'), `${u}: relative name leaked`);
	}
});

test('every relatives read is an audit entry; denied reads are not', async () => {
	const tag = 'audit-check ' + process.pid;
	const reads = [
		['adjudicator', 'p01', `${tag} adjudicator 適性評価`],
		['investigator', 'p02', `${tag} investigator`],
		['subject', 'p-demo-subject', `${tag} subject`],
	];
	for (const [u, id, purpose] of reads)
		expectStatus(await api('GET', `/v1/persons/${id}/relatives?purpose=${q(purpose)}`,
		    { as: u }), 200, `${u} read`);
	const denied = [
		['admin', 'p01'], ['auditor', 'p01'], ['designator', 'p01'], ['relying', 'p01'],
		['officer', 'p14'], ['subject', 'p01'],
	];
	// Refused by role (403), or outside the subject's scope, where the
	// person reads as missing (404): either way, no read entry.
	for (const [u, id] of denied)
		expectStatus(await api('GET', `/v1/persons/${id}/relatives?purpose=` +
		    q(`denied-probe ${tag} ${u}`), { as: u }), u === 'subject' ? 404 : 403, `${u} denied`);
	// Failed reads (bad purpose, unknown person) leave no read entry either.
	await api('GET', '/v1/persons/p99/relatives?purpose=' + q(`denied-probe ${tag} 404`),
	    { as: 'adjudicator' });
	const entries = await auditEntries();
	for (const [u, id, purpose] of reads) {
		const actor = u === 'relying' ? `service:${u}` : `user:${u}`;
		const hit = entries.filter((e) => e.action === 'read' && e.purpose === purpose);
		assert(hit.length === 1, `expected one read entry for ${show(purpose)}, found ${hit.length}`);
		eq(hit[0].object, id, `${u} entry object`);
		eq(hit[0].actor, actor, `${u} entry actor`);
		eq(hit[0].kind, 'person', `${u} entry kind`);
		assert(Number.isInteger(hit[0].seq) && Number.isInteger(hit[0].time_us), 'seq/time_us');
	}
	const leaked = entries.filter((e) => e.action === 'read' && e.purpose.startsWith('denied-probe'));
	assert(leaked.length === 0, `denied reads were logged as reads: ${show(leaked)}`);
	// Every successful relatives read of the whole run (this test's and the
	// others') is exactly one "read" entry, and there are no other reads of
	// persons (alerts, self-reports and incidents have reads of their own).
	const key = (actor, object, purpose) => `${actor}|${object}|${purpose}`;
	const want = new Map();
	for (const x of relativesReads) {
		const k = key(`user:${x.user}`, x.person, x.purpose);
		want.set(k, (want.get(k) || 0) + 1);
	}
	const got = new Map();
	for (const e of entries.filter((x) => x.action === 'read' && x.kind === 'person')) {
		const k = key(e.actor, e.object, e.purpose);
		got.set(k, (got.get(k) || 0) + 1);
	}
	const diff = [];
	for (const k of new Set([...want.keys(), ...got.keys()]))
		if ((want.get(k) || 0) !== (got.get(k) || 0))
			diff.push(`${k}: ${want.get(k) || 0} reads, ${got.get(k) || 0} entries`);
	assert(diff.length === 0, `reads and read entries differ: ${diff.join('; ')}`);
});

test('GET /v1/audit validates after/limit; entries are ordered by seq and paged with next', async () => {
	expectError(await api('GET', '/v1/audit?limit=0', { as: 'auditor' }), 400, 'invalid', 'limit');
	expectError(await api('GET', '/v1/audit?limit=1001', { as: 'auditor' }), 400, 'invalid', 'limit');
	expectError(await api('GET', '/v1/audit?after=abc', { as: 'auditor' }), 400, 'invalid', 'after');
	expectError(await api('GET', '/v1/audit?after=-1', { as: 'auditor' }), 400, 'invalid', 'after');
	const r = await api('GET', '/v1/audit?limit=3', { as: 'auditor' });
	expectStatus(r, 200);
	eq(r.json.entries.length, 3, 'limit=3');
	const seqs = r.json.entries.map((e) => e.seq);
	eq(seqs[0], 0, 'the first page starts at the first entry');
	assert(seqs[0] < seqs[1] && seqs[1] < seqs[2], `not ascending: ${seqs}`);
	eq(r.json.next, seqs[2], 'next');
	const r2 = await api('GET', `/v1/audit?after=${seqs[0]}&limit=1`, { as: 'auditor' });
	eq(r2.json.entries[0].seq, seqs[1], 'after');
	for (const e of r.json.entries) {
		for (const k of ['actor', 'action', 'kind', 'object', 'purpose', 'state', 'time'])
			assert(typeof e[k] === 'string', `entry lacks ${k}`);
		assert(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(e.time),
		    `time is not RFC 3339 with microseconds: ${e.time}`);
		eq(e.time, rfc3339us(e.time_us), `time of entry ${e.seq}`);
	}
	const far = await api('GET', '/v1/audit?after=9223372036854775806', { as: 'auditor' });
	expectStatus(far, 200, 'after the end');
	eq(far.json.entries.length, 0, 'nothing after the end');
});

// Unix microseconds as RFC 3339 with six digits, as the server writes them.
function rfc3339us(us) {
	const s = Math.floor(us / 1e6);
	return new Date(s * 1000).toISOString().slice(0, 19) + '.' +
	    String(us - s * 1e6).padStart(6, '0') + 'Z';
}

test('GET /v1/audit filters by actor, action, kind, object and from/to, combined, with paging', async () => {
	const tag = `filter-probe ${process.pid}`;
	expectStatus(await api('GET', `/v1/persons/p01/relatives?purpose=${q(tag + ' a')}`,
	    { as: 'adjudicator' }), 200, 'adjudicator read');
	expectStatus(await api('GET', `/v1/persons/p02/relatives?purpose=${q(tag + ' i')}`,
	    { as: 'investigator' }), 200, 'investigator read');
	const all = await auditEntries();
	const same = (got, want, what) => deepEq(got.map((e) => e.seq), want.map((e) => e.seq), what);
	// Each filter alone, and combined: exactly what the whole log holds.
	const cases = [
		['actor=user:adjudicator', (e) => e.actor === 'user:adjudicator'],
		['action=read', (e) => e.action === 'read'],
		['kind=person', (e) => e.kind === 'person'],
		['object=p02', (e) => e.object === 'p02'],
		['actor=user%3Aadjudicator&action=read&kind=person&object=p01',
			(e) => e.actor === 'user:adjudicator' && e.action === 'read' &&
			    e.kind === 'person' && e.object === 'p01'],
		['actor=user:investigator&object=p01', (e) => e.actor === 'user:investigator' && e.object === 'p01'],
		['actor=nobody', () => false],
	];
	for (const [f, pred] of cases)
		same(await auditEntries(f), all.filter(pred), f);
	// Paging under a filter: pages of 2 give the same entries.
	same(await auditEntries('action=read', 2), all.filter((e) => e.action === 'read'),
	    'action=read in pages of 2');
	// Times: from inclusive, to exclusive, to the microsecond.
	const a = all.find((e) => e.purpose === tag + ' a');
	const i = all.find((e) => e.purpose === tag + ' i');
	assert(a && i, 'the two reads are in the log');
	const at = (us) => q(rfc3339us(us));
	same(await auditEntries(`from=${at(a.time_us)}&to=${at(a.time_us + 1)}`),
	    all.filter((e) => e.time_us === a.time_us), 'from = to - 1 us: that microsecond');
	same(await auditEntries(`to=${at(a.time_us)}`), all.filter((e) => e.time_us < a.time_us),
	    'to is exclusive');
	same(await auditEntries(`from=${at(a.time_us)}&object=p02`),
	    all.filter((e) => e.time_us >= a.time_us && e.object === 'p02'), 'from and object');
	assert((await auditEntries(`from=${at(a.time_us)}&object=p02`)).some((e) => e.seq === i.seq),
	    'the later read is found');
	const day = a.time.slice(0, 10);
	const next = new Date(Date.parse(day) + 86400e3).toISOString().slice(0, 10);
	same(await auditEntries(`from=${day}&to=${next}&action=read`),
	    all.filter((e) => e.time.slice(0, 10) === day && e.action === 'read'), 'a whole day');
	same(await auditEntries(`to=${day}`), all.filter((e) => e.time.slice(0, 10) < day), 'before the day');
	// An offset names the same instant.
	const utc = new Date(Math.floor(a.time_us / 1e6) * 1000);
	const tokyo = new Date(utc.getTime() + 9 * 3600e3).toISOString().slice(0, 19) +
	    '.' + String(a.time_us % 1e6).padStart(6, '0') + '+09:00';
	same(await auditEntries(`from=${q(tokyo)}&to=${at(a.time_us + 1)}`),
	    all.filter((e) => e.time_us === a.time_us), 'with an offset');
});

test('GET /v1/audit refuses unknown parameters and bad filters, naming them', async () => {
	for (const [query, field] of [
		['actr=user:admin', 'actr'], ['from=1', 'from'], ['from=abc', 'from'],
		['from=2026-02-30', 'from'], ['to=2026-01-01T10:00:00', 'to'],
		['from=2026-01-02&to=2026-01-01', 'to'], ['actor=', 'actor'],
		['actor=a%0Ab', 'actor'], ['actor=%C3%28', 'actor'], ['action=bad%20x', 'action'],
		['kind=' + 'k'.repeat(25), 'kind'], ['object=%00', 'object'],
		['object=' + 'o'.repeat(130), 'object'], ['action=read&action=login', 'action'],
	]) {
		const r = await api('GET', `/v1/audit?${query}`, { as: 'auditor' });
		expectError(r, 400, 'invalid', field, query);
	}
	const r = await api('GET', '/v1/audit?from=42', { as: 'auditor' });
	assert(r.json.error.message.includes('after='), `the old paging is pointed at after: ${describe(r)}`);
	// The role gate comes first.
	expectError(await api('GET', '/v1/audit?actor=user:admin', { as: 'admin' }), 403, 'forbidden');
});

test('GET /v1/audit/head is a signed tree head', async () => {
	const r = await api('GET', '/v1/audit/head', { as: 'auditor' });
	expectStatus(r, 200);
	assert(Number.isInteger(r.json.size) && r.json.size > 0, `size ${r.json.size}`);
	assert(/^[0-9a-f]{64}$/.test(r.json.root), 'root');
	assert(/^[0-9a-f]{128}$/.test(r.json.signature), 'signature');
	assert(/^[0-9a-f]{64}$/.test(r.json.public_key), 'public_key');
	eq(r.json.time, rfc3339us(r.json.time_us), 'time in RFC 3339');
});

test('POST /v1/audit/verify is ok for auditor and admin', async () => {
	for (const u of ['auditor', 'admin']) {
		const r = await api('POST', '/v1/audit/verify', { as: u });
		expectStatus(r, 200, u);
		eq(r.json.ok, true, `${u} ok (problem: ${r.json.problem})`);
		assert(r.json.entries > 0 && r.json.tree_heads > 0, `${u}: counts ${show(r.json)}`);
	}
});

// --- relying system, users ---

test('relying system: organizations 403, /v1/me 200, no password sign-in', async () => {
	expectError(await api('GET', '/v1/organizations', { as: 'relying' }), 403, 'forbidden');
	expectError(await api('GET', '/v1/organizations/mod', { as: 'relying' }), 403, 'forbidden');
	const me = await api('GET', '/v1/me', { as: 'relying' });
	expectStatus(me, 200, 'me');
	eq(me.json.role, 'relying_system', 'role');
	eq(me.json.username, 'relying', 'username');
	expectError(await login('relying', tokens.relying), 401, 'unauthenticated', undefined,
	    'login with the API key as password');
	expectError(await api('GET', '/v1/me', { token: tokens.relying.slice(0, -2) + 'xx' }),
	    401, 'unauthenticated', undefined, 'altered key');
});

test('admin creates users over the API; a service account gets an scs_ API key once', async () => {
	const u = await api('POST', '/v1/users', { as: 'admin', body: {
		username: 'api-made-designator', org: 'meti', role: 'designator', password: PASSWORD } });
	expectStatus(u, 201, 'designator');
	eq(u.json.username, 'api-made-designator', 'username');
	eq(u.json.role, 'designator', 'role');
	eq(u.json.disabled, false, 'disabled');
	assert(!('api_key' in u.json), 'a person account got an API key');
	assert(!('password' in u.json) && !('pwhash' in u.json), 'password echoed');
	const l = await login('api-made-designator', PASSWORD);
	expectStatus(l, 200, 'new user logs in');
	const s = await api('POST', '/v1/users', { as: 'admin', body: {
		username: 'api-made-relying', org: 'meti', role: 'relying_system' } });
	expectStatus(s, 201, 'relying');
	assert(typeof s.json.api_key === 'string' && s.json.api_key.startsWith('scs_'),
	    `api_key ${show(s.json.api_key)}`);
	eq(s.json.service_account, true, 'service_account');
	const me = await api('GET', '/v1/me', { token: s.json.api_key });
	expectStatus(me, 200, 'API key works');
	eq(me.json.role, 'relying_system', 'API key role');
	const list = await api('GET', '/v1/users', { as: 'admin' });
	const found = list.json.users.find((x) => x.username === 'api-made-relying');
	assert(found && !('api_key' in found), 'the API key is shown again in the list');
	expectError(await api('POST', '/v1/users', { as: 'admin', body: {
		username: 'api-made-relying2', org: 'meti', role: 'relying_system', password: PASSWORD } }),
	    400, 'invalid', 'password', 'service account with a password');
	expectError(await api('POST', '/v1/users', { as: 'admin', body: {
		username: 'api-made-designator', org: 'meti', role: 'designator', password: PASSWORD } }),
	    409, 'conflict', 'username', 'duplicate');
	expectError(await api('POST', '/v1/users', { as: 'admin', body: {
		username: 'api-short', org: 'meti', role: 'designator', password: 'short' } }),
	    400, 'invalid', 'password', 'short password');
	expectError(await api('POST', '/v1/users', { as: 'admin', body: {
		username: 'api-role', org: 'meti', role: 'king', password: PASSWORD } }),
	    400, 'invalid', 'role', 'bad role');
	expectError(await api('POST', '/v1/users', { as: 'admin', body: {
		username: 'api-org', org: 'no-such-org', role: 'auditor', password: PASSWORD } }),
	    400, 'invalid', 'org', 'unknown org');
	expectError(await api('POST', '/v1/users', { as: 'admin', body: {
		username: 'api-subj', org: 'mod', role: 'subject', person: 'p-demo-subject' } }),
	    400, 'invalid', 'org', 'subject of another org');
	expectError(await api('POST', '/v1/users', { as: 'admin', body: {
		username: 'api-subj2', org: 'owari-hi', role: 'subject' } }),
	    400, 'invalid', 'person', 'subject without person');
});

// --- transport-level errors ---

test('415 when a JSON route gets Content-Type text/plain', async () => {
	const body = JSON.stringify({ id: 'test-org-415', name: 'X', type: 'research', country: 'JPN' });
	const r = await api('POST', '/v1/organizations', { as: 'admin', raw: body, ctype: 'text/plain' });
	expectError(r, 415, 'unsupported_media_type');
	const r2 = await api('POST', '/v1/organizations', {
		as: 'admin', raw: body, ctype: 'application/jsonp' });
	expectError(r2, 415, 'unsupported_media_type', undefined, 'application/jsonp');
	expectError(await api('GET', '/v1/organizations/test-org-415', { as: 'admin' }), 404,
	    'not_found', undefined, 'not created');
	const ok = await api('POST', '/v1/organizations', {
		as: 'admin', raw: body, ctype: 'application/json; charset=utf-8' });
	expectStatus(ok, 201, 'with charset parameter');
});

test('415 naming the charset when a JSON body is not declared UTF-8', async () => {
	const body = (id) => JSON.stringify({ id, name: 'X', type: 'research', country: 'JPN' });
	for (const [cs, id] of [['iso-8859-1', 'test-org-cs1'], ['ISO-8859-1', 'test-org-cs2'],
		['"Shift_JIS"', 'test-org-cs3'], ['utf-16', 'test-org-cs4']]) {
		const r = await api('POST', '/v1/organizations', {
			as: 'admin', raw: body(id), ctype: `application/json; charset=${cs}` });
		expectError(r, 415, 'unsupported_media_type', 'Content-Type', `charset=${cs}`);
		assert(r.json.error.message.includes(cs.replace(/"/g, '')),
		    `the message names ${cs}: ${describe(r)}`);
		expectError(await api('GET', `/v1/organizations/${id}`, { as: 'admin' }), 404,
		    'not_found', undefined, `${id} not created`);
	}
	for (const [ct, id] of [['application/json', 'test-org-cs5'],
		['application/json; charset=UTF-8', 'test-org-cs6'],
		['Application/JSON;charset="utf-8"', 'test-org-cs7']]) {
		expectStatus(await api('POST', '/v1/organizations', { as: 'admin', raw: body(id), ctype: ct }),
		    201, ct);
	}
});

test('413 for a body over 1 MiB', async () => {
	const big = '{"id":"test-org-413","name":"' + 'a'.repeat(1024 * 1024) + '"}';
	// The server answers 413 from the Content-Length, before the body, and
	// closes: a client still sending may see the reset before it reads the
	// answer (the raw-socket test below reads it every time).  Anything but
	// a 413 or that reset fails.
	let r;
	try {
		r = await api('POST', '/v1/organizations', { as: 'admin', raw: big });
	} catch (e) {
		const code = e && e.cause && e.cause.code;
		assert(code === 'ECONNRESET' || code === 'EPIPE', `413 request: ${e}`);
	}
	if (r !== undefined)
		expectError(r, 413, 'too_large');
	expectStatus(await api('GET', '/v1/organizations/test-org-413', { as: 'admin' }), 404,
	    'nothing of the refused body was stored');
	// The server keeps serving afterwards.
	expectStatus(await api('GET', '/v1/health'), 200, 'health after 413');
});

// Send @head (the request line and header fields, CRLF-joined, without
// the blank line) over a fresh socket, and nothing more: the answer must
// come without a body being sent.  Resolves to {status, headers, text,
// json}.
function rawRequest(head) {
	const u = new URL(BASE);
	return new Promise((resolve, reject) => {
		const sock = net.connect(Number(u.port), u.hostname);
		let data = Buffer.alloc(0);
		const timer = setTimeout(() => {
			sock.destroy();
			reject(new Error(`no complete answer to ${head.split('\r\n')[0]}: ${data}`));
		}, REQUEST_TIMEOUT_MS);
		const done = () => {
			const text = data.toString('utf8');
			const end = text.indexOf('\r\n\r\n');
			if (end < 0)
				return false;
			const lines = text.slice(0, end).split('\r\n');
			const headers = {};
			for (const l of lines.slice(1)) {
				const i = l.indexOf(':');
				headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
			}
			const body = text.slice(end + 4);
			if (Buffer.byteLength(body) < Number(headers['content-length'] || 0))
				return false;
			let json;
			try {
				json = JSON.parse(body);
			} catch (e) {
				json = undefined;
			}
			clearTimeout(timer);
			sock.destroy();
			resolve({ method: 'RAW', path: lines[0], status: Number(lines[0].split(' ')[1]),
				headers, text: body, json });
			return true;
		};
		sock.on('data', (d) => {
			data = Buffer.concat([data, d]);
			done();
		});
		sock.on('error', (e) => {
			clearTimeout(timer);
			reject(e);
		});
		sock.on('end', () => {
			if (!done()) {
				clearTimeout(timer);
				reject(new Error(`connection closed: ${data}`));
			}
		});
		sock.write(head + '\r\n\r\n');
	});
}

// Send each of @heads (GETs, no body) in turn on ONE kept-alive connection;
// resolves to their answers { status, json }, in order.  A function among
// them is awaited between two requests (the connection stays open).
function keptAlive(steps) {
	const heads = steps.filter((x) => typeof x === 'string');
	const u = new URL(BASE);
	return new Promise((resolve, reject) => {
		const sock = net.connect(Number(u.port), u.hostname);
		const out = [];
		let data = Buffer.alloc(0);
		const timer = setTimeout(() => {
			sock.destroy();
			reject(new Error(`kept-alive: ${out.length} of ${heads.length} answered: ${data}`));
		}, REQUEST_TIMEOUT_MS);
		let step = 0;
		const next = async () => {
			while (typeof steps[step] === 'function')
				await steps[step++]();
			if (step === steps.length) {
				clearTimeout(timer);
				sock.destroy();
				resolve(out);
				return;
			}
			sock.write(steps[step++] + '\r\n\r\n');
		};
		sock.on('data', (d) => {
			data = Buffer.concat([data, d]);
			for (;;) {
				const end = data.indexOf('\r\n\r\n');
				if (end < 0)
					return;
				const head = data.subarray(0, end).toString('latin1');
				const m = /\r\ncontent-length: *(\d+)/i.exec(head);
				const len = m ? Number(m[1]) : 0;
				if (data.length < end + 4 + len)
					return;
				const body = data.subarray(end + 4, end + 4 + len).toString('utf8');
				data = data.subarray(end + 4 + len);
				let json;
				try {
					json = JSON.parse(body);
				} catch (e) {
					json = undefined;
				}
				out.push({ status: Number(head.split(' ')[1]), json });
				next().catch(reject);
			}
		});
		sock.on('error', (e) => {
			clearTimeout(timer);
			reject(e);
		});
		sock.on('end', () => {
			if (out.length < heads.length) {
				clearTimeout(timer);
				reject(new Error(`connection closed after ${out.length} answers: ${data}`));
			}
		});
		next().catch(reject);
	});
}

// The server hashes an API key once per connection (src/http/server.c,
// struct conn_key): another key, an altered one or a disabled one on the
// same kept-alive connection is each looked at as itself.
test('API keys on one kept-alive connection: each key is its own, a disabled one 401', async () => {
	const s = await api('POST', '/v1/users', { as: 'admin', body: {
		username: 'api-kept-alive', org: 'meti', role: 'relying_system' } });
	expectStatus(s, 201, 'create');
	const host = `Host: ${new URL(BASE).host}`;
	const me = (key) => ['GET /v1/me HTTP/1.1', host, `Authorization: Bearer ${key}`].join('\r\n');
	const altered = s.json.api_key.slice(0, -1) + (s.json.api_key.endsWith('A') ? 'B' : 'A');
	let r = await keptAlive([me(tokens.relying), me(s.json.api_key), me(altered),
		me(tokens.relying), me(s.json.api_key), me(s.json.api_key + 'x')]);
	eq(r.map((x) => x.status).join(','), '200,200,401,200,200,401', 'statuses');
	eq(r[0].json.username, 'relying', 'first key');
	eq(r[1].json.username, 'api-kept-alive', 'second key');
	eq(r[2].json.error.code, 'unauthenticated', 'altered key');
	eq(r[3].json.username, 'relying', 'first key again');
	eq(r[4].json.username, 'api-kept-alive', 'second key again');
	// Disabled between two requests of one connection: 401 at once.
	r = await keptAlive([me(s.json.api_key), async () => expectStatus(
		await api('POST', '/v1/users/api-kept-alive/disable', { as: 'admin' }), 200, 'disable'),
	me(s.json.api_key), me(tokens.relying), me(s.json.api_key)]);
	eq(r.map((x) => x.status).join(','), '200,401,200,401', 'before and after disable');
});

test('413 for a Content-Length over 1 MiB at once, as JSON, without reading the body', async () => {
	const r = await rawRequest(['POST /v1/organizations HTTP/1.1', `Host: ${new URL(BASE).host}`,
		`Authorization: Bearer ${tokens.admin}`, 'Content-Type: application/json',
		`Content-Length: ${1024 * 1024 + 1}`].join('\r\n'));
	expectError(r, 413, 'too_large');
	eq(r.headers['content-type'], 'application/json; charset=utf-8', 'content type');
	eq(r.headers['x-content-type-options'], 'nosniff', 'security headers');
	expectStatus(await api('GET', '/v1/health'), 200, 'health after');
});

test('414 for a request target over 8 KiB, 431 for header fields over 16 KiB: JSON envelopes', async () => {
	const long = await api('GET', '/v1/health?x=' + 'a'.repeat(8192));
	expectError(long, 414, 'uri_too_long');
	eq(long.headers.get('content-type'), 'application/json; charset=utf-8', '414 content type');
	expectStatus(await api('GET', '/v1/health?x=' + 'a'.repeat(8000)), 200, 'a target under 8 KiB');
	const big = await api('GET', '/v1/health', { headers: { 'X-Big': 'b'.repeat(17000) } });
	expectError(big, 431, 'headers_too_large');
	eq(big.headers.get('x-content-type-options'), 'nosniff', '431 security headers');
	expectStatus(await api('GET', '/v1/health', { headers: { 'X-Big': 'b'.repeat(8000) } }), 200,
	    'header fields under 16 KiB');
	// Refused before authentication, whatever the route.
	expectError(await api('GET', '/v1/audit?x=' + 'a'.repeat(9000), { as: 'auditor' }), 414,
	    'uri_too_long', undefined, 'signed in');
});

test('400 for malformed JSON and for a missing body', async () => {
	for (const raw of ['{"id": "x",', '{"id":"a","id":"b"}', 'nul', '\u00ff']) {
		const r = await api('POST', '/v1/organizations', { as: 'admin', raw });
		expectError(r, 400, 'invalid', undefined, `body ${show(raw)}`);
	}
	expectError(await api('POST', '/v1/organizations', { as: 'admin' }), 400, 'invalid',
	    undefined, 'no body');
	expectError(await api('PUT', '/v1/organizations/mod', { as: 'admin' }), 400, 'invalid',
	    undefined, 'PUT no body');
});

test('405 for DELETE /v1/organizations', async () => {
	expectError(await api('DELETE', '/v1/organizations', { as: 'admin' }), 405,
	    'method_not_allowed');
	expectError(await api('DELETE', '/v1/organizations/mod', { as: 'admin' }), 405,
	    'method_not_allowed', undefined, 'DELETE one');
	expectError(await api('GET', '/v1/login'), 405, 'method_not_allowed', undefined, 'GET login');
	const still = await api('GET', '/v1/organizations/mod', { as: 'admin' });
	expectStatus(still, 200, 'mod still there');
});

test('404 for unknown routes', async () => {
	expectError(await api('GET', '/v1/nope', { as: 'admin' }), 404, 'not_found');
	expectError(await api('GET', '/v1/nope'), 404, 'not_found', undefined, 'anonymous');
	expectError(await api('GET', '/v1/organizations/mod/extra', { as: 'admin' }), 404,
	    'not_found', undefined, 'extra segment');
	// Outside /v1 a GET of a path without a dot is the web UI's page when one
	// is built in (client-side routing, tests/api/web.js); with a dot, or
	// not a GET, it is the JSON 404.
	expectError(await api('GET', '/v2/health.json'), 404, 'not_found', undefined, '/v2 with a dot');
	expectError(await api('POST', '/v2/health', { body: {} }), 404, 'not_found', undefined, 'POST /v2');
	// A path that is not UTF-8 still gets a valid JSON envelope.
	const bad = await api('GET', '/v1/%ff%fe');
	expectError(bad, 404, 'not_found', undefined, 'a path that is not UTF-8');
	assert(!bad.text.includes('\u0000') && bad.text.endsWith('}'), `clean body: ${describe(bad)}`);
});

test('ids in the path are decoded per segment and checked: 400 naming the parameter', async () => {
	const p01 = await api('GET', '/v1/persons/p01%00x', { as: 'admin' });
	expectError(p01, 400, 'invalid', 'path', 'a NUL after a valid id');
	assert(!p01.text.includes('中村'), `p01 leaked: ${describe(p01)}`);
	expectError(await api('GET', '/v1/persons/p01%2Faccess', { as: 'admin' }), 400, 'invalid',
	    'id', 'an encoded slash is not a segment boundary');
	expectError(await api('GET', '/v1/persons/p01%2faccess', { as: 'admin' }), 400, 'invalid',
	    'id', 'lower-case hex');
	expectError(await api('GET', '/v1/persons/bad%20id', { as: 'admin' }), 400, 'invalid', 'id',
	    'a space in the id');
	expectError(await api('GET', '/v1/organizations/.hidden', { as: 'admin' }), 400, 'invalid',
	    'id', 'a leading dot');
	expectError(await api('POST', '/v1/users/disable-target%2F..%2Fadmin/disable', { as: 'admin' }),
	    400, 'invalid', 'id', 'a slash in a user id');
	expectError(await api('GET', '/v1/persons/%zz', { as: 'admin' }), 400, 'invalid', 'path',
	    'a bad escape');
	expectError(await api('GET', '/v1/persons/p01%2Faccess'), 400, 'invalid', 'id',
	    'before sign-in too');
	// Escapes of characters an id may hold are the same id.
	const r = await api('GET', '/v1/persons/%70%30%31', { as: 'admin' });
	expectStatus(r, 200, 'an escaped id');
	eq(r.json.id, 'p01', 'the escaped id');
	expectStatus(await api('GET', '/v1/persons/p01/access', { as: 'admin' }), 200, 'the real /access');
});

test('query strings: a NUL is 400 (no truncated purpose is logged), ids are checked, unknown or repeated parameters are 400', async () => {
	const tag = `nul-probe ${process.pid}`;
	expectError(await api('GET', `/v1/persons/p01/relatives?purpose=${q(tag)}%00tail`,
	    { as: 'adjudicator' }), 400, 'invalid', 'purpose', 'a NUL in the purpose');
	expectError(await api('GET', '/v1/persons/p01/relatives?purpose=%zz', { as: 'adjudicator' }),
	    400, 'invalid', 'purpose', 'a bad escape in the purpose');
	expectError(await api('GET', '/v1/persons/p01/relatives?purpose=a&purpose=b',
	    { as: 'adjudicator' }), 400, 'invalid', 'purpose', 'two purposes');
	expectError(await api('GET', '/v1/persons/p01/relatives?purpose=a&why=b',
	    { as: 'adjudicator' }), 400, 'invalid', 'why', 'an unknown parameter');
	const leaked = (await auditEntries()).filter((e) => e.purpose.startsWith(tag));
	assert(leaked.length === 0, `refused reads were logged: ${show(leaked)}`);
	expectError(await api('GET', '/v1/persons?org=a%2Fb', { as: 'admin' }), 400, 'invalid', 'org');
	expectError(await api('GET', '/v1/persons?org=mod%00', { as: 'admin' }), 400, 'invalid', 'org');
	expectError(await api('GET', '/v1/persons?after=.x', { as: 'admin' }), 400, 'invalid', 'after');
	expectError(await api('GET', '/v1/persons?org=mod&org=cao', { as: 'admin' }), 400, 'invalid', 'org');
	expectError(await api('GET', '/v1/persons?nope=1', { as: 'admin' }), 400, 'invalid', 'nope');
	const r = await api('GET', '/v1/persons?org=m%6Fd&limit=1', { as: 'admin' });
	expectStatus(r, 200, 'an escaped org');
	eq(r.json.persons[0].org, 'mod', 'the escaped org filter');
	const sp = await api('GET', `/v1/persons/p01/relatives?purpose=plus+is+space+${process.pid}`,
	    { as: 'adjudicator' });
	expectStatus(sp, 200, 'a purpose with +');
	const e = (await auditEntries()).filter((x) => x.purpose === `plus is space ${process.pid}`);
	eq(e.length, 1, 'the purpose decoded with + as a space');
});

test('decision queries with ids the register cannot hold are 400, and audit pages stay readable', async () => {
	for (const [body, field] of [
		[{ subject: 'a'.repeat(65), item: 'x' }, 'subject'],
		[{ subject: 'p01', item: 'é' }, 'item'],
		[[{ subject: 'p01', item: 'x' }, { subject: 'bad id', item: 'x' }], '[1].subject'],
	])
		expectError(await api('POST', '/v1/decisions', { as: 'relying', body }), 400, 'invalid',
		    field, `ids ${show(body)}`);
	const raw = await api('POST', '/v1/decisions', { as: 'relying',
		raw: Buffer.from('{"subject":"\xff\xfe","item":"x"}', 'latin1') });
	expectError(raw, 400, undefined, undefined, 'bytes that are not UTF-8');
	expectStatus(await api('GET', '/v1/audit?limit=1000', { as: 'auditor' }), 200, 'audit page');
});

// --- lockout, disable ---

test('lockout: 5 wrong passwords, then even the right one is 429 with Retry-After', async () => {
	for (let i = 1; i <= 5; i++) {
		const r = await login('lockme', `wrong-password-${i}-xx`);
		expectError(r, 401, 'unauthenticated', undefined, `attempt ${i}`);
	}
	const r = await login('lockme', PASSWORD);
	expectError(r, 429, 'locked', undefined, 'attempt 6 (right password)');
	const ra = r.headers.get('retry-after');
	assert(ra !== null && /^[0-9]+$/.test(ra) && Number(ra) > 0,
	    `Retry-After is ${show(ra)}`);
	assert(!('token' in (r.json || {})), 'a token was issued while locked');
	const r7 = await login('lockme', 'wrong-again-password');
	expectError(r7, 429, 'locked', undefined, 'attempt 7');
	// The lockout is per account: others still sign in.
	const other = await login('designator', PASSWORD);
	expectStatus(other, 200, 'another user');
	await api('POST', '/v1/logout', { token: other.json.token });
});

test('disable: the user\'s existing token is 401 at once; no new sign-in', async () => {
	const l = await login('disposable', PASSWORD);
	expectStatus(l, 200, 'login');
	const t = l.json.token;
	expectStatus(await api('GET', '/v1/audit/head', { token: t }), 200, 'before');
	const d = await api('POST', '/v1/users/disposable/disable', { as: 'admin' });
	expectStatus(d, 200, 'disable');
	eq(d.json.disabled, true, 'disabled');
	expectError(await api('GET', '/v1/audit/head', { token: t }), 401, 'unauthenticated',
	    undefined, 'old token');
	expectError(await api('GET', '/v1/me', { token: t }), 401, 'unauthenticated', undefined,
	    'old token /v1/me');
	expectError(await login('disposable', PASSWORD), 401, 'unauthenticated', undefined,
	    'new sign-in');
	const list = await api('GET', '/v1/users', { as: 'admin' });
	const u = list.json.users.find((x) => x.username === 'disposable');
	eq(u && u.disabled, true, 'listed as disabled');
	expectError(await api('POST', '/v1/users/no-such-user/disable', { as: 'admin' }), 404,
	    'not_found', undefined, 'unknown user');
	expectError(await api('POST', '/v1/users/admin/disable', { as: 'admin' }), 409,
	    'conflict', undefined, 'admin disables self');
	expectStatus(await api('GET', '/v1/me', { as: 'admin' }), 200, 'admin still in');
});

test('disable a service account: its API key is 401', async () => {
	const s = await api('POST', '/v1/users', { as: 'admin', body: {
		username: 'api-relying-disable', org: 'mod', role: 'relying_system' } });
	expectStatus(s, 201, 'create');
	expectStatus(await api('GET', '/v1/me', { token: s.json.api_key }), 200, 'before');
	expectStatus(await api('POST', '/v1/users/api-relying-disable/disable', { as: 'admin' }),
	    200, 'disable');
	expectError(await api('GET', '/v1/me', { token: s.json.api_key }), 401, 'unauthenticated',
	    undefined, 'after');
});

// --- subject accounts: activation codes (DESIGN.md section 2: an admin
// sees no dossier content, so an admin must not be able to become a
// subject) ---

const CODE_RE = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){7}$/;
const RFC3339_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const BAD_CODE = 'wrong username or activation code, or the code has expired or was used';

// A person of owari-hi made by the admin for one test.
async function subjectPerson(id) {
	await created('admin', '/v1/persons', { id, name: '試験 太郎', name_latin: 'SHIKEN Taro',
		birth_date: '1985-05-05', nationalities: ['JPN'], org: 'owari-hi' }, `person ${id}`);
}

// A subject account for @person made by the admin; returns the 201 body.
async function subjectAccount(username, person) {
	const r = await api('POST', '/v1/users', { as: 'admin', body: {
		username, org: 'owari-hi', role: 'subject', person } });
	expectStatus(r, 201, `subject account ${username}`);
	return r.json;
}

function secondsFromNow(t) {
	return (Date.parse(t) - Date.now()) / 1000;
}

// The 401 of a failed activation: one answer whatever was wrong.
function expectBadCode(r, what) {
	expectError(r, 401, 'unauthenticated', '', what);
	eq(r.json.error.message, BAD_CODE, `${what}: message`);
}

test('an admin cannot create a second subject account for a person', async () => {
	const r = await api('POST', '/v1/users', { as: 'admin', body: {
		username: 't-subj-second', org: 'owari-hi', role: 'subject', person: 'p-demo-subject' } });
	expectError(r, 409, 'conflict', 'person', 'a second account for p-demo-subject');
	const list = await api('GET', '/v1/users', { as: 'admin' });
	assert(!list.json.users.some((u) => u.username === 't-subj-second'), 'the second account exists');
});

test('an admin cannot set a subject\'s password, nor sign in as a subject they created', async () => {
	await subjectPerson('t-subj-p1');
	const refused = await api('POST', '/v1/users', { as: 'admin', body: {
		username: 't-subj-1', org: 'owari-hi', role: 'subject', person: 't-subj-p1',
		password: 'admins-own-choice-1' } });
	expectError(refused, 400, 'invalid', 'password', 'a password for a subject');
	const u = await subjectAccount('t-subj-1', 't-subj-p1');
	eq(u.username, 't-subj-1', 'username');
	eq(u.person, 't-subj-p1', 'person');
	eq(u.activation_pending, true, 'activation_pending');
	assert(!('password' in u) && !('api_key' in u), `unexpected secret in ${show(u)}`);
	assert(typeof u.activation_code === 'string' && CODE_RE.test(u.activation_code),
	    `activation_code ${show(u.activation_code)}`);
	assert(RFC3339_RE.test(u.activation_expires), `activation_expires ${show(u.activation_expires)}`);
	const ttl = secondsFromNow(u.activation_expires);
	assert(Math.abs(ttl - 14 * 86400) < 300, `the code expires in ${ttl} s, not 14 days`);
	// No password works before the person has activated the account:
	// not the one the admin wanted, not the code, not an empty one.
	for (const pw of ['admins-own-choice-1', u.activation_code, ''])
		expectError(await login('t-subj-1', pw), 401, 'unauthenticated', undefined,
		    `sign-in with ${show(pw)} before activation`);
	// The account is listed as pending, with no secret.
	const list = await api('GET', '/v1/users', { as: 'admin' });
	const listed = list.json.users.find((x) => x.username === 't-subj-1');
	eq(listed && listed.activation_pending, true, 'listed as pending');
	assert(!('activation_code' in listed), 'the code is shown again in the list');
	// And the admin still may not read the person's relatives.
	expectError(await api('GET', '/v1/persons/t-subj-p1/relatives?purpose=' + q('takeover probe'),
		{ as: 'admin' }), 403, 'forbidden');
});

test('POST /v1/users answers the real creation time (RFC 3339), as GET /v1/users does', async () => {
	const before = Date.now();
	const r = await api('POST', '/v1/users', { as: 'admin', body: {
		username: 't-created-at', org: 'cao', role: 'auditor', password: PASSWORD } });
	expectStatus(r, 201);
	assert(RFC3339_RE.test(r.json.created), `created ${show(r.json.created)}`);
	const t = Date.parse(r.json.created);
	assert(t >= Math.floor(before / 1000) * 1000 - 1000 && t <= Date.now() + 1000,
	    `created ${r.json.created} is not now`);
	const list = await api('GET', '/v1/users', { as: 'admin' });
	const u = list.json.users.find((x) => x.username === 't-created-at');
	eq(u && u.created, r.json.created, 'listed created');
	assert(!('activation_pending' in u), 'activation_pending on a non-subject');
});

test('activation: the person sets the password once; a wrong or used code is one 401', async () => {
	await subjectPerson('t-subj-p2');
	const u = await subjectAccount('t-subj-2', 't-subj-p2');
	const code = u.activation_code;
	expectBadCode(await activate('t-subj-2', 'ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ',
	    'subjects-password-1'), 'wrong code');
	expectBadCode(await activate('t-no-such-user', code, 'subjects-password-1'), 'unknown user');
	expectBadCode(await activate('designator', code, 'subjects-password-1'), 'another role');
	expectBadCode(await activate('t-subj-2', 'not a code', 'subjects-password-1'), 'malformed code');
	expectError(await activate('t-subj-2', code, 'short'), 400, 'invalid', 'password',
	    'a short password');
	expectError(await api('POST', '/v1/activate', { body: { username: 't-subj-2', code } }),
	    400, 'invalid', 'password', 'no password');
	expectError(await api('POST', '/v1/activate', { body: { username: 't-subj-2', code,
		password: 'subjects-password-1', role: 'admin' } }), 400, 'invalid', 'role', 'extra field');
	// Case, dashes and spaces do not matter.
	const typed = code.toLowerCase().replace(/-/g, ' ');
	const a = await activate('t-subj-2', typed, 'subjects-password-1');
	expectStatus(a, 200, 'activate');
	deepEq(a.json, { username: 't-subj-2', activated: true }, 'activate body');
	const l = await login('t-subj-2', 'subjects-password-1');
	expectStatus(l, 200, 'the person signs in');
	tokens['t-subj-2'] = l.json.token;
	eq(l.json.user.activation_pending, false, 'no longer pending');
	expectStatus(await api('GET', '/v1/persons/t-subj-p2/relatives?purpose=' + q('own check'),
		{ as: 't-subj-2' }), 200, 'the person reads their own relatives');
	// Used: the same code again cannot set another password.
	expectBadCode(await activate('t-subj-2', code, 'someone-elses-pw-1'), 'used code');
	expectError(await login('t-subj-2', 'someone-elses-pw-1'), 401, 'unauthenticated');
	expectStatus(await login('t-subj-2', 'subjects-password-1'), 200, 'the password stays');
});

test('wrong activation codes count towards the sign-in lockout (429)', async () => {
	await subjectPerson('t-subj-p3');
	const u = await subjectAccount('t-subj-3', 't-subj-p3');
	// A failed sign-in counts too; the 5th failure locks.
	expectError(await login('t-subj-3', 'guessed-password-1'), 401, 'unauthenticated');
	for (let i = 0; i < 4; i++)
		expectBadCode(await activate('t-subj-3', 'ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ',
		    'subjects-password-3'), `guess ${i + 1}`);
	const r = await activate('t-subj-3', u.activation_code, 'subjects-password-3');
	expectError(r, 429, 'locked', undefined, 'the right code while locked');
	assert(Number(r.headers.get('retry-after')) > 0, `Retry-After ${r.headers.get('retry-after')}`);
});

test('reset and re-link: a new code, the password and sessions gone; 409/404/400 cases', async () => {
	await subjectPerson('t-subj-p4');
	await subjectPerson('t-subj-p5');
	const u = await subjectAccount('t-subj-4', 't-subj-p4');
	expectStatus(await activate('t-subj-4', u.activation_code, 'subjects-password-4'), 200);
	const l = await login('t-subj-4', 'subjects-password-4');
	expectStatus(l, 200, 'login');
	const r = await api('POST', '/v1/users/t-subj-4/reset', { as: 'admin' });
	expectStatus(r, 200, 'reset');
	assert(CODE_RE.test(r.json.activation_code) && r.json.activation_code !== u.activation_code,
	    `new code ${show(r.json.activation_code)}`);
	assert(RFC3339_RE.test(r.json.activation_expires), 'activation_expires');
	eq(r.json.person, 't-subj-p4', 'person');
	eq(r.json.activation_pending, true, 'pending again');
	expectError(await api('GET', '/v1/me', { token: l.json.token }), 401, 'unauthenticated',
	    undefined, 'the old session');
	expectError(await login('t-subj-4', 'subjects-password-4'), 401, 'unauthenticated',
	    undefined, 'the old password');
	expectBadCode(await activate('t-subj-4', u.activation_code, 'subjects-password-5'), 'the old code');
	// Re-link to another person: again a new code; the reset code is void.
	const rl = await api('POST', '/v1/users/t-subj-4/reset', { as: 'admin',
		body: { person: 't-subj-p5' } });
	expectStatus(rl, 200, 'relink');
	eq(rl.json.person, 't-subj-p5', 'relinked person');
	expectBadCode(await activate('t-subj-4', r.json.activation_code, 'subjects-password-5'),
	    'the code before the re-link');
	expectStatus(await activate('t-subj-4', rl.json.activation_code, 'subjects-password-5'), 200,
	    'the new person activates');
	const me = await login('t-subj-4', 'subjects-password-5');
	expectStatus(me, 200);
	eq(me.json.user.person, 't-subj-p5', 'signed in as the new person');
	// Refusals.
	expectError(await api('POST', '/v1/users/t-subj-4/reset', { as: 'admin',
		body: { person: 'p-demo-subject' } }), 409, 'conflict', 'person', 'a person with an account');
	expectError(await api('POST', '/v1/users/t-subj-4/reset', { as: 'admin',
		body: { person: 'p01' } }), 400, 'invalid', 'person', 'a person of another organization');
	expectError(await api('POST', '/v1/users/t-subj-4/reset', { as: 'admin',
		body: { person: 't-no-such-person' } }), 400, 'invalid', 'person', 'an unknown person');
	expectError(await api('POST', '/v1/users/t-subj-4/reset', { as: 'admin',
		body: { person: 't-subj-p5' } }), 400, 'invalid', 'person', 'the same person');
	expectError(await api('POST', '/v1/users/t-subj-4/reset', { as: 'admin',
		body: { password: 'admins-own-choice-1' } }), 400, 'invalid', 'password', 'a password');
	expectError(await api('POST', '/v1/users/designator/reset', { as: 'admin' }), 409,
	    'conflict', 'role', 'another role');
	expectError(await api('POST', '/v1/users/t-no-such-user/reset', { as: 'admin' }), 404,
	    'not_found', undefined, 'unknown user');
	expectStatus(await login('t-subj-4', 'subjects-password-5'), 200,
	    'the refusals changed nothing');
});

test('enable: a disabled user signs in again with their password; audited once', async () => {
	expectStatus(await api('POST', '/v1/users', { as: 'admin', body: {
		username: 't-enable-me', org: 'cao', role: 'auditor', password: PASSWORD } }), 201);
	const count = async () => (await auditEntries()).filter((e) =>
		e.kind === 'user' && e.object === 't-enable-me' && e.action === 'enable').length;
	// Not disabled: nothing changes, nothing is written.
	const e0 = await api('POST', '/v1/users/t-enable-me/enable', { as: 'admin' });
	expectStatus(e0, 200, 'enable an enabled account');
	deepEq(e0.json, { username: 't-enable-me', disabled: false }, 'answer');
	eq(await count(), 0, 'entries before');
	expectStatus(await api('POST', '/v1/users/t-enable-me/disable', { as: 'admin' }), 200);
	expectError(await login('t-enable-me', PASSWORD), 401, 'unauthenticated', undefined,
	    'disabled');
	const e1 = await api('POST', '/v1/users/t-enable-me/enable', { as: 'admin' });
	expectStatus(e1, 200, 'enable');
	eq(e1.json.disabled, false, 'disabled');
	eq(await count(), 1, 'one enable entry');
	const l = await login('t-enable-me', PASSWORD);
	expectStatus(l, 200, 'sign-in with the old password');
	await api('POST', '/v1/logout', { token: l.json.token });
	const list = await api('GET', '/v1/users', { as: 'admin' });
	eq(list.json.users.find((x) => x.username === 't-enable-me').disabled, false, 'listed');
	expectStatus(await api('POST', '/v1/users/t-enable-me/enable', { as: 'admin' }), 200, 'again');
	eq(await count(), 1, 'still one entry');
	expectError(await api('POST', '/v1/users/no-such-user/enable', { as: 'admin' }), 404,
	    'not_found', undefined, 'unknown user');
	for (const role of ['auditor', 'security_officer', 'subject'].map((r) =>
		r === 'security_officer' ? 'officer' : r))
		expectError(await api('POST', '/v1/users/t-enable-me/enable', { as: role }), 403,
		    'forbidden', undefined, role);
});

test('GET /v1/keys: the data keys, counts, the public signing key; no secret; admins only', async () => {
	const r = await api('GET', '/v1/keys', { as: 'admin' });
	expectStatus(r, 200);
	const keys = r.json.data_keys;
	assert(Array.isArray(keys) && keys.length >= 1, `data_keys ${show(keys)}`);
	eq(keys.filter((k) => k.current).length, 1, 'exactly one current key');
	for (let i = 1; i < keys.length; i++)
		assert(keys[i].id > keys[i - 1].id, 'in id order');
	for (const k of keys) {
		deepEq(Object.keys(k).sort().filter((x) => x !== 'created'), ['current', 'id', 'person_keys'],
		    `fields of key ${k.id}`);
		assert(k.created === undefined || !Number.isNaN(Date.parse(k.created)), `created ${k.created}`);
		eq(String(k.person_keys), sqlValue('SELECT count(*) FROM person_keys WHERE wrapped_key = ' +
		    k.id + ' AND destroyed IS NULL'), `person keys under ${k.id}`);
	}
	const head = await api('GET', '/v1/audit/head', { as: 'admin' });
	deepEq(r.json.signing, { algorithm: 'Ed25519', public_key: head.json.public_key }, 'signing key');
	// No byte of any key file, in hex or base64, and no wrapped key.
	const text = JSON.stringify(r.json);
	const dir = path.join(tmpdir, 'r.db.keys');
	assert(fs.existsSync(dir), `no key directory ${dir}`);
	for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.key'))) {
		const b = fs.readFileSync(path.join(dir, f));
		for (const enc of ['hex', 'base64', 'base64url']) {
			const v = b.toString(enc).replace(/=+$/, '');
			assert(!text.includes(v.slice(0, 24)), `${f} appears (${enc})`);
		}
	}
	assert(!/wrapped|secret|private/i.test(text), `secret-looking field: ${text}`);
	for (const u of ['auditor', 'officer', 'subject', 'investigator', 'adjudicator', 'designator', 'relying'])
		expectError(await api('GET', '/v1/keys', { as: u }), 403, 'forbidden', undefined, u);
});

test('disabling a disabled user is 200 and writes no second audit entry', async () => {
	expectStatus(await api('POST', '/v1/users', { as: 'admin', body: {
		username: 't-disable-twice', org: 'cao', role: 'auditor', password: PASSWORD } }), 201);
	const count = async () => (await auditEntries()).filter((e) =>
		e.kind === 'user' && e.object === 't-disable-twice' && e.action === 'disable').length;
	const d1 = await api('POST', '/v1/users/t-disable-twice/disable', { as: 'admin' });
	expectStatus(d1, 200, 'first');
	eq(await count(), 1, 'entries after the first disable');
	const d2 = await api('POST', '/v1/users/t-disable-twice/disable', { as: 'admin' });
	expectStatus(d2, 200, 'second');
	deepEq(d2.json, d1.json, 'the same answer');
	eq(await count(), 1, 'entries after the second disable');
});

test('the auditor lists the subject-account events with GET /v1/audit', async () => {
	// Paging through GET /v1/audit?from=N&limit=1000 (auditEntries), the
	// account events are kind "user", object the username, and for a
	// subject's account the purpose names the person.
	const mine = (await auditEntries()).filter((e) => e.kind === 'user' &&
		/^t-subj-/.test(e.object));
	const has = (action, object, purpose, actor) => mine.some((e) => e.action === action &&
		e.object === object && (purpose === undefined || e.purpose === purpose) &&
		(actor === undefined || e.actor === actor));
	const want = [
		['create', 't-subj-1', 'person t-subj-p1', 'user:admin'],
		['create', 't-subj-4', 'person t-subj-p4', 'user:admin'],
		['activate', 't-subj-2', 'person t-subj-p2', 'user:t-subj-2'],
		['activate_failed', 't-subj-2', '', 'anonymous'],
		['activate_locked', 't-subj-3', '', 'anonymous'],
		['reset', 't-subj-4', 'person t-subj-p4', 'user:admin'],
		['relink', 't-subj-4', 'person t-subj-p5 (was t-subj-p4)', 'user:admin'],
		['activate', 't-subj-4', 'person t-subj-p5', 'user:t-subj-4'],
	];
	const missing = want.filter((w) => !has(...w));
	assert(missing.length === 0, `not in the audit log: ${show(missing)}`);
	// Refused requests left nothing: one create, one reset, one relink
	// for t-subj-4, and no entry for the refused second account.
	eq(mine.filter((e) => e.object === 't-subj-4' && e.action === 'relink').length, 1, 'relinks');
	eq(mine.filter((e) => e.object === 't-subj-4' && e.action === 'reset').length, 1, 'resets');
	assert(!(await auditEntries()).some((e) => e.object === 't-subj-second'),
	    'the refused second account left an entry');
	// The admin does not read the log.
	expectError(await api('GET', '/v1/audit', { as: 'admin' }), 403, 'forbidden');
});

// --- the register: compartments, programs, items ---

const METI_DESIGNATOR = 't-designator-meti';

test('designator creates compartments and programs of own organ (201), not of meti (403)', async () => {
	await account(METI_DESIGNATOR, 'meti', 'designator');
	for (const [p, key] of [['/v1/compartments', 'compartments'], ['/v1/programs', 'programs']]) {
		const own = { id: `t-own-${key}`, name: `Test ${key} of mod`, owner: 'mod' };
		const r = await api('POST', p, { as: 'designator', body: own });
		expectStatus(r, 201, `${p} owned by mod`);
		deepEq(r.json, own, `${p} created body`);
		expectError(await api('POST', p, { as: 'designator', body: own }), 409, 'conflict',
		    undefined, `${p} duplicate id`);
		const meti = { id: `t-meti-${key}`, name: `Test ${key} of meti`, owner: 'meti' };
		expectError(await api('POST', p, { as: 'designator', body: meti }), 403, 'forbidden',
		    undefined, `${p} owned by meti, as mod's designator`);
		expectError(await api('POST', p, { as: 'designator', body: Object.assign({}, own,
			{ id: `t-none-${key}`, owner: 't-no-such-org' }) }), 400, 'invalid', 'owner',
		    `${p} unknown owner`);
		expectError(await api('POST', p, { as: 'designator', body: Object.assign({}, own,
			{ id: `t-bad-${key}`, colour: 'red' }) }), 400, 'invalid', 'colour',
		    `${p} unknown key`);
		// The other organ's designator makes its own; each sees only its own.
		expectStatus(await api('POST', p, { as: METI_DESIGNATOR, body: meti }), 201,
		    `${p} owned by meti, as meti's designator`);
		const mine = await api('GET', p, { as: 'designator' });
		expectStatus(mine, 200, `GET ${p} as mod's designator`);
		const ids = mine.json[key].map((x) => x.id);
		assert(ids.includes(own.id), `${p}: mod's designator does not see ${own.id}`);
		assert(!ids.includes(meti.id), `${p}: mod's designator sees meti's ${meti.id}`);
		assert(mine.json[key].every((x) => x.owner === 'mod'),
		    `${p}: mod's designator sees other owners: ${show(mine.json[key])}`);
		const theirs = await api('GET', p, { as: METI_DESIGNATOR });
		expectStatus(theirs, 200, `GET ${p} as meti's designator`);
		assert(theirs.json[key].every((x) => x.owner === 'meti'),
		    `${p}: meti's designator sees other owners: ${show(theirs.json[key])}`);
		const all = await api('GET', p, { as: 'admin' });
		expectStatus(all, 200, `GET ${p} as admin`);
		const allIds = all.json[key].map((x) => x.id);
		assert(allIds.includes(own.id) && allIds.includes(meti.id), `${p}: admin sees ${show(allIds)}`);
	}
});

function itemBody(id, patch) {
	return Object.assign({ id, title: `Test item ${id}`, owner: 'mod', field: 'defense',
		authority: 'JPN-MOD', level: 'GOKUHI', valid_from: yearsFromNow(-1),
		valid_until: yearsFromNow(4) }, patch || {});
}

test('designator designates an item: a 5-year term 201, a 6-year term 400 on valid_until', async () => {
	const body = itemBody('t-item-term', { field: 'economic_security',
		compartments: [], releasable_to: ['USA'], programs: [] });
	const r = await api('POST', '/v1/items', { as: 'designator', body });
	expectStatus(r, 201, 'a 5-year term');
	deepEq(r.json, Object.assign({}, body, { declassified: null, cabinet_approval: false,
		exception: false }), 'designated item');
	const g = await api('GET', '/v1/items/t-item-term', { as: 'designator' });
	expectStatus(g, 200, 'GET as designator');
	deepEq(g.json, r.json, 'read back');
	const six = await api('POST', '/v1/items', { as: 'designator',
		body: itemBody('t-item-six', { valid_until: yearsFromNow(5) }) });
	expectError(six, 400, 'invalid', 'valid_until', 'a 6-year term');
	assert(/5 years/.test(six.json.error.message), `message does not name the 5 years: ${show(six.json)}`);
	const oneDay = await api('POST', '/v1/items', { as: 'designator',
		body: itemBody('t-item-six', { valid_until: yearsFromNow(4, 2) }) });
	expectError(oneDay, 400, 'invalid', 'valid_until', '5 years and a day');
	const never = itemBody('t-item-six');
	delete never.valid_until;
	expectError(await api('POST', '/v1/items', { as: 'designator', body: never }), 400, 'invalid',
	    'valid_until', 'no end');
	expectError(await api('GET', '/v1/items/t-item-six', { as: 'designator' }), 404, 'not_found',
	    undefined, 'refused items are not stored');
	expectError(await api('POST', '/v1/items', { as: 'designator', body }), 409, 'conflict',
	    undefined, 'duplicate id');
	const bad = [
		[{ owner: 'meti' }, 403, 'forbidden', undefined],
		[{ owner: 't-no-such-org' }, 400, 'invalid', 'owner'],
		[{ compartments: ['t-no-such-compartment'] }, 400, 'invalid', 'compartments[0]'],
		[{ programs: ['t-no-such-program'] }, 400, 'invalid', 'programs[0]'],
		[{ level: 'SECRET' }, 400, 'invalid', 'level'],
		[{ authority: 'ZZZ' }, 400, 'invalid', 'authority'],
		[{ field: 'sports' }, 400, 'invalid', 'field'],
		[{ releasable_to: ['ZZZ'] }, 400, 'invalid', 'releasable_to[0]'],
		[{ releasable_to: ['USA', 'USA'] }, 400, 'invalid', 'releasable_to[1]'],
		[{ declassified: yearsFromNow(0) }, 400, 'invalid', 'declassified'],
		[{ valid_from: '2023-02-29' }, 400, 'invalid', 'valid_from'],
	];
	for (const [patch, status, code, field] of bad)
		expectError(await api('POST', '/v1/items', { as: 'designator',
			body: itemBody('t-item-bad', patch) }), status, code, field, `patch ${show(patch)}`);
	expectError(await api('GET', '/v1/items/t-item-bad', { as: 'admin' }), 404, 'not_found',
	    undefined, 'nothing was created');
	const l = await api('GET', '/v1/items', { as: 'designator' });
	expectStatus(l, 200, 'list');
	assert(l.json.items.some((x) => x.id === 't-item-term'), 'not listed');
	expectError(await api('GET', '/v1/items/t-no-such-item', { as: 'designator' }), 404,
	    'not_found', undefined, 'unknown item');
});

test('renewals end at most 5 years after the renewal; past 30 years need cabinet_approval, past 60 an exception', async () => {
	const id = 't-item-renew';
	await created('designator', '/v1/items', itemBody(id));
	const renew = (body, item = id) => api('POST', `/v1/items/${item}/renew`,
	    { as: 'designator', body });
	let r = await renew({ valid_until: yearsFromNow(5, 28) });
	expectError(r, 400, 'invalid', 'valid_until', 'more than 5 years after the renewal');
	assert(/5 years after the renewal/.test(r.json.error.message),
	    `message does not name the 5 years: ${show(r.json)}`);
	assert(/Legacy defense/.test(r.json.error.message),
	    `message does not cite the law of the item's authority (JPN-MOD): ${show(r.json)}`);
	expectError(await renew({ valid_until: yearsFromNow(4) }), 400, 'invalid', 'valid_until',
	    'not after the current end');
	expectError(await renew({}), 400, 'invalid', 'valid_until', 'no valid_until');
	expectError(await renew({ valid_until: 'soon' }), 400, 'invalid', 'valid_until', 'bad time');
	expectError(await renew({ valid_until: yearsFromNow(5), cabinet_approval: 'yes' }), 400,
	    'invalid', 'cabinet_approval', 'cabinet_approval not a boolean');
	expectError(await renew({ valid_until: yearsFromNow(5), until: 1 }), 400, 'invalid', 'until',
	    'unknown key');
	expectError(await api('POST', '/v1/items/t-no-such-item/renew', { as: 'designator',
		body: { valid_until: yearsFromNow(5) } }), 404, 'not_found', undefined, 'unknown item');
	r = await renew({ valid_until: yearsFromNow(5) });
	expectStatus(r, 200, `renew to ${yearsFromNow(5)}`);
	eq(r.json.valid_until, yearsFromNow(5), 'valid_until after renewal');
	eq(r.json.valid_from, yearsFromNow(-1), 'valid_from is the first designation');
	// Renewing again at once cannot push the end further: the term left
	// never exceeds 5 years, however often it is renewed.
	expectError(await renew({ valid_until: yearsFromNow(10) }), 400, 'invalid', 'valid_until',
	    'a second renewal in the same moment');
	eq((await api('GET', `/v1/items/${id}`, { as: 'designator' })).json.valid_until,
	    yearsFromNow(5), 'the refused renewal changed nothing');
	// The totals: items first designated 28 and 58 years ago, renewed now.
	await created('designator', '/v1/items', itemBody('t-item-old30', {
		valid_from: yearsFromNow(-28), valid_until: yearsFromNow(-23) }));
	r = await renew({ valid_until: yearsFromNow(3) }, 't-item-old30');
	expectError(r, 400, 'invalid', 'valid_until', 'beyond 30 years without cabinet approval');
	assert(/30 years/.test(r.json.error.message) && /cabinet/.test(r.json.error.message),
	    `message does not name the 30 years and cabinet approval: ${show(r.json)}`);
	r = await renew({ valid_until: yearsFromNow(3), cabinet_approval: true }, 't-item-old30');
	expectStatus(r, 200, 'beyond 30 years with cabinet approval');
	eq(r.json.cabinet_approval, true, 'cabinet_approval recorded');
	await created('designator', '/v1/items', itemBody('t-item-old60', {
		valid_from: yearsFromNow(-58), valid_until: yearsFromNow(-53) }));
	r = await renew({ valid_until: yearsFromNow(3), cabinet_approval: true }, 't-item-old60');
	expectError(r, 400, 'invalid', 'valid_until', 'beyond 60 years without an exception');
	assert(/60 years/.test(r.json.error.message), `message does not name the 60 years: ${show(r.json)}`);
	r = await renew({ valid_until: yearsFromNow(3), exception: true }, 't-item-old60');
	expectStatus(r, 200, 'beyond 60 years as an exception');
	eq(r.json.exception, true, 'exception recorded');
	expectError(await renew({ valid_until: yearsFromNow(6) }, 't-item-old60'), 400, 'invalid',
	    'valid_until', 'an exception still renews at most 5 years ahead');
});

test('PUT /v1/suspensions without a reason keeps the stored reason', async () => {
	const sus = { person: 'p13', valid_from: '2025-02-03', valid_until: null, reason: 'incident 41' };
	expectStatus(await api('POST', '/v1/suspensions', { as: 'adjudicator', body: sus }), 201, 'suspend');
	const r = await api('PUT', '/v1/suspensions', { as: 'adjudicator',
		body: { person: 'p13', valid_from: '2025-02-03', valid_until: '2025-03-03' } });
	expectStatus(r, 200, 'lift without a reason');
	eq(r.json.reason, 'incident 41', 'the answer keeps the reason');
	const a = await api('GET', '/v1/persons/p13/access', { as: 'adjudicator' });
	deepEq(a.json.suspensions.filter((x) => x.valid_from === '2025-02-03'),
	    [Object.assign({}, sus, { valid_until: '2025-03-03' })], 'stored with its reason');
	const c = await api('PUT', '/v1/suspensions', { as: 'adjudicator',
		body: Object.assign({}, sus, { reason: 'incident 41, closed' }) });
	eq(c.json.reason, 'incident 41, closed', 'a given reason replaces it');
});

test('record lists page with limit and after; unknown parameters are 400', async () => {
	const all = await api('GET', '/v1/items', { as: 'admin' });
	expectStatus(all, 200, 'every item');
	assert(all.json.items.length >= 5, `too few items to page: ${all.json.items.length}`);
	eq(all.json.next, undefined, 'no next without a limit');
	const got = [];
	let after = null;
	for (let i = 0; i < 1000; i++) {
		const r = await api('GET', '/v1/items?limit=2' + (after ? `&after=${q(after)}` : ''),
		    { as: 'admin' });
		expectStatus(r, 200, `page ${i}`);
		assert(r.json.items.length <= 2, `page ${i} holds ${r.json.items.length}`);
		got.push(...r.json.items.map((x) => x.id));
		if (r.json.next === undefined)
			break;
		eq(r.json.next, r.json.items[r.json.items.length - 1].id, 'next is the last id');
		after = r.json.next;
	}
	deepEq(got, all.json.items.map((x) => x.id), 'the pages hold every item once, in order');
	// A designator's pages hold their organ's items only.
	const d = await api('GET', '/v1/items?limit=1000', { as: 'designator' });
	assert(d.json.items.every((x) => x.owner === 'mod'), 'another organ\'s item in a page');
	expectError(await api('GET', '/v1/items?limit=0', { as: 'admin' }), 400, 'invalid', 'limit',
	    'limit 0');
	expectError(await api('GET', '/v1/items?limit=1001', { as: 'admin' }), 400, 'invalid', 'limit',
	    'limit 1001');
	expectError(await api('GET', '/v1/items?after=bad%20id', { as: 'admin' }), 400, 'invalid', 'after',
	    'a bad id');
	expectError(await api('GET', '/v1/compartments?owner=mod', { as: 'admin' }), 400, 'invalid',
	    'owner', 'an unknown parameter');
	expectError(await api('GET', '/v1/conforming?limit=1', { as: 'admin' }), 400, 'invalid', 'limit',
	    'approvals have a composite key: no paging parameters');
});

test('a CESI item cites the CESI Act, not the SDS Act', async () => {
	const r = await api('POST', '/v1/items', { as: 'designator', body: itemBody('t-item-cesi-term', {
		field: 'economic_security', authority: 'JPN-CESI', level: 'JUYO_KEIZAI_ANPO',
		valid_until: yearsFromNow(5) }) });
	expectError(r, 400, 'invalid', 'valid_until', 'a 6-year CESI term');
	assert(/Critical Economic Security Information/.test(r.json.error.message) &&
	    !/Specially Designated Secrets/.test(r.json.error.message),
	    `a CESI item's error cites: ${show(r.json)}`);
});

test('declassify (200), then renewing or declassifying again is 409', async () => {
	const id = 't-item-declassify';
	await created('designator', '/v1/items', itemBody(id));
	expectError(await api('POST', `/v1/items/${id}/declassify`, { as: 'designator',
		body: { at: yearsFromNow(-2) } }), 400, 'invalid', 'declassified',
	    'declassified before the first designation');
	expectError(await api('POST', `/v1/items/${id}/declassify`, { as: 'designator',
		body: { at: 'now' } }), 400, 'invalid', 'at', 'bad time');
	const d = await api('POST', `/v1/items/${id}/declassify`, { as: 'designator', body: {} });
	expectStatus(d, 200, 'declassify');
	assert(typeof d.json.declassified === 'string' && /^\d{4}-\d\d-\d\d/.test(d.json.declassified),
	    `declassified is ${show(d.json.declassified)}`);
	eq(d.json.valid_until, yearsFromNow(4), 'the term is kept as history');
	const g = await api('GET', `/v1/items/${id}`, { as: 'admin' });
	eq(g.json.declassified, d.json.declassified, 'read back');
	expectError(await api('POST', `/v1/items/${id}/renew`, { as: 'designator',
		body: { valid_until: yearsFromNow(9) } }), 409, 'conflict', undefined, 'renew after declassify');
	expectError(await api('POST', `/v1/items/${id}/declassify`, { as: 'designator', body: {} }),
	    409, 'conflict', undefined, 'declassify twice');
	// A declassification at a stated time.
	await created('designator', '/v1/items', itemBody('t-item-declassify-at'));
	const at = await api('POST', '/v1/items/t-item-declassify-at/declassify', { as: 'designator',
		body: { at: yearsFromNow(0) } });
	expectStatus(at, 200, 'declassify at a date');
	eq(at.json.declassified, yearsFromNow(0), 'declassified at');
});

test('a designator of another organ cannot read or change mod\'s items (404: it reads as missing)', async () => {
	await account(METI_DESIGNATOR, 'meti', 'designator');
	const id = 't-item-mod-only';
	const item = await created('designator', '/v1/items', itemBody(id));
	// The same answer as for an item that does not exist: another organ
	// learns nothing of what it may not see.
	const missing = await api('GET', '/v1/items/t-item-nowhere', { as: METI_DESIGNATOR });
	expectError(missing, 404, 'not_found', 'item', 'read a missing item');
	const r = await api('GET', `/v1/items/${id}`, { as: METI_DESIGNATOR });
	expectError(r, 404, 'not_found', 'item', 'read');
	eq(r.json.error.message.replace(id, 'X'),
	    missing.json.error.message.replace('t-item-nowhere', 'X'), 'the same message');
	expectError(await api('POST', `/v1/items/${id}/renew`, { as: METI_DESIGNATOR,
		body: { valid_until: yearsFromNow(5) } }), 404, 'not_found', 'item', 'renew');
	expectError(await api('POST', `/v1/items/${id}/declassify`, { as: METI_DESIGNATOR, body: {} }),
	    404, 'not_found', 'item', 'declassify');
	expectError(await api('POST', '/v1/items', { as: METI_DESIGNATOR,
		body: itemBody('t-item-meti-for-mod') }), 403, 'forbidden', undefined, 'designate for mod');
	const l = await api('GET', '/v1/items', { as: METI_DESIGNATOR });
	expectStatus(l, 200, 'list');
	assert(l.json.items.every((x) => x.owner === 'meti'),
	    `meti's designator lists other organs' items: ${show(l.json.items.map((x) => x.id))}`);
	deepEq((await api('GET', `/v1/items/${id}`, { as: 'designator' })).json, item,
	    'the item is unchanged');
});

test('a foreign designator\'s refusal does not depend on the item\'s term or state (404, not 400/409)', async () => {
	// DESIGN.md section 2: a designator sees only its organ's items.  An
	// answer that depends on the item's term or declassification would
	// let another organ's designator read them off the error.
	await account(METI_DESIGNATOR, 'meti', 'designator');
	const id = 't-item-mod-state';
	await created('designator', '/v1/items', itemBody(id));
	const problems = [];
	const probe = async (what, op, body) => {
		const r = await api('POST', `/v1/items/${id}/${op}`, { as: METI_DESIGNATOR, body });
		if (r.status !== 404 || !r.json || !r.json.error || r.json.error.code !== 'not_found')
			problems.push(`${what}: expected 404, got ${describe(r)}`);
	};
	await probe('renew beyond the term limit', 'renew', { valid_until: yearsFromNow(20) });
	await probe('renew to before the current end', 'renew', { valid_until: yearsFromNow(2) });
	await probe('declassify before the first designation', 'declassify', { at: yearsFromNow(-2) });
	expectStatus(await api('POST', `/v1/items/${id}/declassify`, { as: 'designator', body: {} }),
	    200, 'mod declassifies');
	await probe('declassify a declassified item', 'declassify', {});
	await probe('renew a declassified item', 'renew', { valid_until: yearsFromNow(9) });
	assert(problems.length === 0, problems.join('; '));
});

// --- clearances, briefings, approvals, access ---

test('adjudicator records a clearance (201); duplicate 409; unknown person/level 400; PUT suspends (200)', async () => {
	const c = { person: 'p14', authority: 'USA', level: 'SECRET', status: 'active',
		valid_from: '2024-03-17T01:02:03Z', valid_until: '2029-03-17' };
	const r = await api('POST', '/v1/clearances', { as: 'adjudicator', body: c });
	expectStatus(r, 201, 'create');
	deepEq(r.json, c, 'created body');
	expectError(await api('POST', '/v1/clearances', { as: 'adjudicator', body: c }), 409,
	    'conflict', undefined, 'the same key again');
	expectError(await api('POST', '/v1/clearances', { as: 'adjudicator',
		body: Object.assign({}, c, { level: 'CONFIDENTIAL', status: 'interim' }) }), 409,
	    'conflict', undefined, 'the same key, other content');
	const bad = [
		[{ person: 't-no-such-person' }, 'person'],
		[{ level: 'GOKUHI' }, 'level'],
		[{ level: 'TOKUTEI_HIMITSU' }, 'level'],
		[{ authority: 'ZZZ' }, 'authority'],
		[{ status: 'pending' }, 'status'],
		[{ valid_until: '2020-01-01' }, 'valid_until'],
		// No longer than the authority's validity (USA: 5 years), never open.
		[{ valid_until: '2029-03-19' }, 'valid_until'],
		[{ valid_until: null }, 'valid_until'],
		[{ valid_from: '2024-02-30' }, 'valid_from'],
		[{ valid_from: undefined }, 'valid_from'],
		[{ kind: 'item' }, 'kind'],
		[{ rank: 3 }, 'rank'],
	];
	for (const [patch, field] of bad) {
		const b = Object.assign({}, c, { valid_from: '2024-03-18' }, patch);
		if (b.valid_from === undefined)
			delete b.valid_from;
		expectError(await api('POST', '/v1/clearances', { as: 'adjudicator', body: b }), 400,
		    'invalid', field, `patch ${show(patch)}`);
	}
	const s = await api('PUT', '/v1/clearances', { as: 'adjudicator',
		body: Object.assign({}, c, { status: 'suspended' }) });
	expectStatus(s, 200, 'PUT status suspended');
	eq(s.json.status, 'suspended', 'status after PUT');
	expectError(await api('PUT', '/v1/clearances', { as: 'adjudicator',
		body: Object.assign({}, c, { valid_from: '2024-03-19' }) }), 404, 'not_found', undefined,
	    'PUT of a key that does not exist');
	expectError(await api('PUT', '/v1/clearances', { as: 'adjudicator',
		body: Object.assign({}, c, { status: 'paused' }) }), 400, 'invalid', 'status', 'PUT bad status');
	const a = await api('GET', '/v1/persons/p14/access', { as: 'adjudicator' });
	expectStatus(a, 200, 'access');
	const mine = a.json.clearances.filter((x) => x.authority === 'USA' && x.valid_from === c.valid_from);
	deepEq(mine, [Object.assign({}, c, { status: 'suspended' })], 'the clearance as stored');
	// The admin may record clearances too; a kind in the body is accepted.
	expectStatus(await api('POST', '/v1/clearances', { as: 'admin', body: Object.assign({}, c,
		{ kind: 'clearance', valid_from: '2024-03-20T01:02:03Z' }) }), 201, 'admin with kind');
});

test('GET /v1/programs/{id}/members: the owner organ\'s designator sees person and validity; another organ\'s program reads as missing', async () => {
	await created('designator', '/v1/programs', { id: 't-prog-members', name: 'Members test', owner: 'mod' });
	const m = { program: 't-prog-members', person: 'p01', valid_from: '2025-02-01', valid_until: '2027-02-01' };
	await created('designator', '/v1/memberships', m);
	const r = await api('GET', '/v1/programs/t-prog-members/members', { as: 'designator' });
	expectStatus(r, 200, 'own organ');
	deepEq(r.json, { members: [m] }, 'the members');
	const a = await api('GET', '/v1/programs/t-prog-members/members', { as: 'admin' });
	expectStatus(a, 200, 'admin');
	// semicon-supply is meti's: to mod's designator the same as no program.
	expectError(await api('GET', '/v1/programs/semicon-supply/members', { as: 'designator' }), 404,
	    'not_found', 'program', 'another organ\'s program');
	expectError(await api('GET', '/v1/programs/t-no-such-program/members', { as: 'designator' }), 404,
	    'not_found', 'program', 'an unknown program');
	expectError(await api('GET', '/v1/programs/t-prog-members/members', { as: 'officer' }), 403,
	    'forbidden', undefined, 'an officer');
});

test('GET /v1/organizations/{id}/briefings: an officer lists own staff\'s briefings only', async () => {
	await created('admin', '/v1/compartments', { id: 't-cmp-list', name: 'Briefing list test', owner: 'mod' });
	const b = { person: 'p16', compartment: 't-cmp-list', nda_signed: '2025-03-01',
		valid_from: '2025-03-01', valid_until: null };
	await created('officer', '/v1/briefings', b);
	const r = await api('GET', '/v1/organizations/owari-hi/briefings', { as: 'officer' });
	expectStatus(r, 200, 'own organization');
	deepEq(r.json.briefings.filter((x) => x.compartment === 't-cmp-list'), [b], 'the new briefing listed');
	const persons = (await api('GET', '/v1/persons', { as: 'officer' })).json.persons.map((p) => p.id);
	assert(r.json.briefings.every((x) => persons.includes(x.person)), 'only own staff');
	expectError(await api('GET', '/v1/organizations/owari-hi/briefings', { as: 'officer2' }), 403,
	    'forbidden', 'id', 'another organization\'s officer');
	expectError(await api('GET', '/v1/organizations/t-no-such-org/briefings', { as: 'admin' }), 404,
	    'not_found', 'id', 'an unknown organization');
	const e = await api('GET', '/v1/organizations/asakaze-semi/briefings', { as: 'officer2' });
	expectStatus(e, 200, 'officer2');
	assert(!e.json.briefings.some((x) => x.compartment === 't-cmp-list'), 'owari-hi\'s briefing shown to officer2');
});

test('GET /v1/levels: the authorities with their levels and nations', async () => {
	const r = await api('GET', '/v1/levels', { as: 'subject' });
	expectStatus(r, 200);
	const sds = r.json.authorities.find((a) => a.authority === 'JPN-SDS');
	assert(sds, 'JPN-SDS listed');
	deepEq(sds.nations, ['JPN'], 'nations');
	deepEq(sds.levels.map((l) => l.level), ['TOKUTEI_HIMITSU'], 'levels');
	eq(sds.levels[0].rank, 3, 'rank');
	eq(sds.native_name, '特定秘密', 'native name');
	assert(r.json.authorities.some((a) => a.nations.includes('NATO')), 'NATO among the nations');
	const fvey = r.json.alliances.find((a) => a.code === 'FVEY');
	assert(fvey, 'FVEY among the alliances: ' + JSON.stringify(r.json.alliances.map((a) => a.code)));
	deepEq([...fvey.members].sort(), ['AUS', 'CAN', 'GBR', 'NZL', 'USA'], 'FVEY members');
	assert(r.json.alliances.find((a) => a.code === 'NATO').members.includes('USA'), 'USA in NATO');
});

test('security officer records a briefing for own staff (201); mod\'s staff read as missing; debrief via PUT', async () => {
	await created('admin', '/v1/compartments', { id: 't-cmp-brief', name: 'Briefing test', owner: 'mod' });
	const b = { person: 'p16', compartment: 't-cmp-brief', nda_signed: '2025-01-10',
		valid_from: '2025-01-10' };
	const r = await api('POST', '/v1/briefings', { as: 'officer', body: b });
	expectStatus(r, 201, 'own staff');
	deepEq(r.json, Object.assign({}, b, { valid_until: null }), 'created body');
	expectError(await api('POST', '/v1/briefings', { as: 'officer', body: b }), 409, 'conflict',
	    undefined, 'duplicate');
	expectError(await api('POST', '/v1/briefings', { as: 'officer',
		body: Object.assign({}, b, { person: 'p01' }) }), 400, 'invalid', 'person',
	    'p01 of mod: another organization\'s staff read as missing');
	expectError(await api('POST', '/v1/briefings', { as: 'officer2',
		body: Object.assign({}, b, { valid_from: '2025-01-11' }) }), 400, 'invalid', 'person',
	    'officer2 on p16');
	expectError(await api('POST', '/v1/briefings', { as: 'officer',
		body: Object.assign({}, b, { person: 't-no-such-person' }) }), 400, 'invalid', 'person',
	    'unknown person');
	expectError(await api('POST', '/v1/briefings', { as: 'officer',
		body: Object.assign({}, b, { valid_from: '2025-01-12', nda_signed: 'yesterday' }) }), 400,
	    'invalid', 'nda_signed', 'bad nda_signed');
	const debrief = Object.assign({}, b, { valid_until: '2025-06-10' });
	expectError(await api('PUT', '/v1/briefings', { as: 'officer2', body: debrief }), 404,
	    'not_found', undefined, 'officer2 debriefs p16: the briefing reads as missing');
	const d = await api('PUT', '/v1/briefings', { as: 'officer', body: debrief });
	expectStatus(d, 200, 'debrief');
	deepEq(d.json, debrief, 'debriefed body');
	expectError(await api('PUT', '/v1/briefings', { as: 'officer',
		body: Object.assign({}, debrief, { valid_until: '2025-01-01' }) }), 400, 'invalid',
	    'valid_until', 'debriefed before the briefing');
	expectError(await api('PUT', '/v1/briefings', { as: 'officer',
		body: Object.assign({}, debrief, { valid_from: '2025-02-01' }) }), 404, 'not_found',
	    undefined, 'PUT of a key that does not exist');
	const a = await api('GET', '/v1/persons/p16/access', { as: 'officer' });
	expectStatus(a, 200, 'access');
	deepEq(a.json.briefings.filter((x) => x.compartment === 't-cmp-brief'), [debrief],
	    'the briefing as stored');
});

test('conforming approval: for owari-hi (contractor) 201 by admin and by the granting organ\'s designator; for mod 400 on org', async () => {
	const c = { org: 'owari-hi', authority: 'JPN-CESI', level: 'JUYO_KEIZAI_ANPO',
		valid_from: '2025-05-16T00:00:01Z', valid_until: '2030-05-16' };
	const r = await api('POST', '/v1/conforming', { as: 'admin', body: c });
	expectStatus(r, 201, 'admin');
	deepEq(r.json, c, 'created body');
	const c2 = Object.assign({}, c, { organ: 'mod', valid_from: '2025-05-16T00:00:02Z',
		valid_until: null });
	// Only the organ that contracts with the business grants its approval.
	await account(METI_DESIGNATOR, 'meti', 'designator');
	expectError(await api('POST', '/v1/conforming', { as: METI_DESIGNATOR, body: c2 }), 403,
	    'forbidden', undefined, 'meti grants for mod');
	expectError(await api('POST', '/v1/conforming', { as: 'designator',
		body: Object.assign({}, c2, { organ: undefined }) }), 403, 'forbidden', undefined,
	    'a designator records an approval without its organ');
	expectError(await api('POST', '/v1/conforming', { as: 'admin',
		body: Object.assign({}, c2, { organ: 'owari-hi' }) }), 400, 'invalid', 'organ',
	    'a contractor as the granting organ');
	expectError(await api('POST', '/v1/conforming', { as: 'admin',
		body: Object.assign({}, c2, { organ: 't-no-such-org' }) }), 400, 'invalid', 'organ',
	    'an unknown granting organ');
	const r2 = await api('POST', '/v1/conforming', { as: 'designator', body: c2 });
	expectStatus(r2, 201, 'designator');
	deepEq(r2.json, c2, 'created body (no end)');
	expectError(await api('POST', '/v1/conforming', { as: 'admin', body: c }), 409, 'conflict',
	    undefined, 'duplicate');
	const m = await api('POST', '/v1/conforming', { as: 'designator',
		body: Object.assign({}, c2, { org: 'mod' }) });
	expectError(m, 400, 'invalid', 'org', 'government organ');
	expectError(await api('POST', '/v1/conforming', { as: 'admin',
		body: Object.assign({}, c, { org: 'cao' }) }), 400, 'invalid', 'org', 'screening body');
	expectError(await api('POST', '/v1/conforming', { as: 'admin',
		body: Object.assign({}, c, { org: 't-no-such-org' }) }), 400, 'invalid', 'org', 'unknown org');
	expectError(await api('POST', '/v1/conforming', { as: 'admin',
		body: Object.assign({}, c, { valid_from: '2025-05-17', level: 'SECRET' }) }), 400, 'invalid',
	    'level', 'a level of another authority');
	const research = Object.assign({}, c, { org: 'kansai-ist-qsl', valid_from: '2025-05-16T00:00:03Z' });
	expectStatus(await api('POST', '/v1/conforming', { as: 'admin', body: research }), 201,
	    'research institution');
	const ended = Object.assign({}, c, { valid_until: '2026-01-01' });
	// An approval recorded without its organ is the admins': to a
	// designator it reads as missing, whatever organ the new body names.
	expectError(await api('PUT', '/v1/conforming', { as: 'designator', body: ended }), 404,
	    'not_found', undefined, 'a designator changes an approval recorded without its organ');
	expectError(await api('PUT', '/v1/conforming', { as: 'designator',
		body: Object.assign({}, ended, { organ: 'mod' }) }), 404, 'not_found', undefined,
	    'a designator takes an approval recorded without its organ for their own');
	// Nor can another organ take over mod's approval by naming itself.
	expectError(await api('PUT', '/v1/conforming', { as: METI_DESIGNATOR,
		body: Object.assign({}, c2, { organ: 'meti', valid_until: '2026-01-01' }) }), 404,
	    'not_found', undefined, 'meti takes over mod\'s approval');
	expectError(await api('PUT', '/v1/conforming', { as: METI_DESIGNATOR,
		body: Object.assign({}, c2, { valid_from: '2025-05-16T00:00:09Z', organ: 'meti' }) }), 404,
	    'not_found', undefined, 'the same answer for an approval that does not exist');
	const u = await api('PUT', '/v1/conforming', { as: 'admin', body: ended });
	expectStatus(u, 200, 'PUT');
	deepEq(u.json, ended, 'changed body');
	expectError(await api('PUT', '/v1/conforming', { as: 'admin',
		body: Object.assign({}, c, { valid_from: '2025-05-18' }) }), 404, 'not_found', undefined,
	    'PUT of a key that does not exist');
	const l = await api('GET', '/v1/conforming', { as: 'admin' });
	expectStatus(l, 200, 'list');
	const mine = l.json.conforming.filter((x) => x.org === 'owari-hi' && x.authority === 'JPN-CESI' &&
	    x.valid_from.startsWith('2025-05-16T00:00:0'));
	deepEq(mine, [ended, c2], 'listed in key order as stored');
});

test('GET /v1/persons/{id}/access: the allowed roles see the clearance and briefing; another org\'s officer 403', async () => {
	const clr = { person: 'p15', authority: 'JPN-CESI', level: 'JUYO_KEIZAI_ANPO', status: 'interim',
		valid_from: '2025-07-07T07:07:07Z', valid_until: '2035-07-07T07:07:07Z' };
	await created('adjudicator', '/v1/clearances', clr);
	await created('admin', '/v1/compartments', { id: 't-cmp-access', name: 'Access test', owner: 'mod' });
	const brf = { person: 'p15', compartment: 't-cmp-access', nda_signed: '2025-07-08T09:00:00Z',
		valid_from: '2025-07-08T09:00:00Z', valid_until: null };
	await created('officer', '/v1/briefings', brf);
	for (const u of ['admin', 'officer', 'investigator', 'adjudicator']) {
		const r = await api('GET', '/v1/persons/p15/access', { as: u });
		expectStatus(r, 200, u);
		eq(r.json.person, 'p15', `${u} person`);
		for (const k of ['clearances', 'briefings', 'memberships', 'suspensions'])
			assert(Array.isArray(r.json[k]), `${u}: ${k} is not an array`);
		assert(r.json.clearances.some((x) => canon(x) === canon(clr)),
		    `${u}: clearance missing from ${show(r.json.clearances)}`);
		assert(r.json.briefings.some((x) => canon(x) === canon(brf)),
		    `${u}: briefing missing from ${show(r.json.briefings)}`);
		assert(r.json.clearances.every((x) => x.person === 'p15') &&
		    r.json.briefings.every((x) => x.person === 'p15'), `${u}: another person's records`);
	}
	expectError(await api('GET', '/v1/persons/p15/access', { as: 'officer2' }), 404, 'not_found',
	    'person', 'officer of asakaze-semi');
	expectError(await api('GET', '/v1/persons/p15/access', { as: 'subject' }), 404, 'not_found',
	    'person', 'another subject');
	const own = await api('GET', '/v1/persons/p-demo-subject/access', { as: 'subject' });
	expectStatus(own, 200, 'subject, own');
	eq(own.json.person, 'p-demo-subject', 'own person');
	for (const u of ['designator', 'auditor', 'relying'])
		expectError(await api('GET', '/v1/persons/p15/access', { as: u }), 403, 'forbidden',
		    undefined, u);
	expectError(await api('GET', '/v1/persons/t-no-such-person/access', { as: 'admin' }), 404,
	    'not_found', undefined, 'unknown person');
});

// --- the access decision (DESIGN.md section 5) ---

// A complete scenario built through the API: a contractor with an
// approval, a subject with a clearance, a briefing into the item's
// compartment and membership of its program, and the item.
const DEC = {
	org: 't-dec-corp', item: 't-dec-item', cmp: 't-dec-cmp', prog: 't-dec-prog',
	s1: 't-dec-s1', usa: 't-dec-usa', nocl: 't-dec-nocl', s2: 't-dec-s2',
};
let decScenario = null;

async function decisionScenario() {
	if (decScenario !== null)
		return decScenario;
	const F = yearsFromNow(-1);
	const END = yearsFromNow(4);
	await created('admin', '/v1/organizations', { id: DEC.org, name: 'Decision Test Works',
		type: 'contractor', country: 'JPN' });
	const person = (id, nationalities) => ({ id, name: `試験 ${id}`, name_latin: `TEST ${id}`,
		birth_date: '1980-01-01', nationalities, org: DEC.org });
	for (const [id, nat] of [[DEC.s1, ['JPN']], [DEC.usa, ['USA']], [DEC.nocl, ['JPN']], [DEC.s2, ['JPN']]])
		await created('admin', '/v1/persons', person(id, nat));
	const appr = { org: DEC.org, organ: 'mod', authority: 'JPN-MOD', level: 'GOKUHI', valid_from: F,
		valid_until: null };
	await created('designator', '/v1/conforming', appr);
	await created('designator', '/v1/compartments', { id: DEC.cmp, name: 'Decision test', owner: 'mod' });
	await created('designator', '/v1/programs', { id: DEC.prog, name: 'Decision test', owner: 'mod' });
	const sc = { F, END, appr, person, clr: {}, brf: {}, mem: {} };
	for (const s of [DEC.s1, DEC.usa, DEC.s2]) {
		sc.clr[s] = { person: s, authority: 'JPN-MOD', level: 'GOKUHI', status: 'active',
			valid_from: F, valid_until: END };
		await created('adjudicator', '/v1/clearances', sc.clr[s]);
	}
	// Only a clearance under an authority the item does not accept.
	await created('adjudicator', '/v1/clearances', { person: DEC.nocl, authority: 'USA',
		level: 'TOP_SECRET', status: 'active', valid_from: F, valid_until: END });
	for (const s of [DEC.s1, DEC.usa, DEC.nocl, DEC.s2]) {
		sc.brf[s] = { person: s, compartment: DEC.cmp, nda_signed: F, valid_from: F, valid_until: null };
		await created('admin', '/v1/briefings', sc.brf[s]);
		sc.mem[s] = { program: DEC.prog, person: s, valid_from: F, valid_until: null };
		await created('designator', '/v1/memberships', sc.mem[s]);
	}
	sc.itemBody = itemBody(DEC.item, { compartments: [DEC.cmp], programs: [DEC.prog],
		releasable_to: [] });
	await created('designator', '/v1/items', sc.itemBody);
	decScenario = sc;
	return sc;
}

test('decisions: the complete scenario allows; one change at a time gives each reason, at once', async () => {
	const sc = await decisionScenario();
	const Q = { subject: DEC.s1, item: DEC.item };
	const allow = (what) => expectDecision(Q, undefined, what);
	await allow('the complete scenario');
	// level: a lower level under the same authority.
	await changed('adjudicator', '/v1/clearances', Object.assign({}, sc.clr[DEC.s1], { level: 'HI' }));
	await expectDecision(Q, 'level', 'clearance HI for a GOKUHI item');
	await changed('adjudicator', '/v1/clearances', sc.clr[DEC.s1]);
	await allow('clearance back to GOKUHI');
	// compartment: debriefed yesterday.
	await changed('admin', '/v1/briefings', Object.assign({}, sc.brf[DEC.s1], { valid_until: daysFromNow(-1) }));
	await expectDecision(Q, 'compartment', 'debriefed');
	await changed('admin', '/v1/briefings', sc.brf[DEC.s1]);
	await allow('briefed again');
	// releasability: a USA-only national, otherwise the same.
	await expectDecision({ subject: DEC.usa, item: DEC.item }, 'releasability', 'USA-only national');
	await changed('admin', `/v1/persons/${DEC.usa}`, sc.person(DEC.usa, ['USA', 'JPN']));
	await expectDecision({ subject: DEC.usa, item: DEC.item }, undefined, 'a JPN nationality added');
	await changed('admin', `/v1/persons/${DEC.usa}`, sc.person(DEC.usa, ['USA']));
	await expectDecision({ subject: DEC.usa, item: DEC.item }, 'releasability', 'USA-only again');
	// need_to_know: the membership ended yesterday.
	await changed('designator', '/v1/memberships', Object.assign({}, sc.mem[DEC.s1], { valid_until: daysFromNow(-1) }));
	await expectDecision(Q, 'need_to_know', 'membership ended');
	await changed('designator', '/v1/memberships', sc.mem[DEC.s1]);
	await allow('member again');
	// organization: the employer's approval expired yesterday.
	await changed('designator', '/v1/conforming', Object.assign({}, sc.appr, { valid_until: daysFromNow(-1) }));
	await expectDecision(Q, 'organization', 'approval expired');
	await changed('designator', '/v1/conforming', sc.appr);
	await allow('approval renewed');
	// organization: an approval granted by another organ (meti) does not
	// count for mod's item; one recorded without its organ (legacy) does.
	await changed('admin', '/v1/conforming', Object.assign({}, sc.appr, { organ: 'meti' }));
	await expectDecision(Q, 'organization', 'approved by meti, not by mod');
	await changed('admin', '/v1/conforming', Object.assign({}, sc.appr, { organ: undefined }));
	await allow('an approval recorded without its organ');
	await changed('admin', '/v1/conforming', sc.appr);
	await allow('approved by mod again');
	// suspended: a suspension valid now (rule 4), then lifted.
	const sus = { person: DEC.s1, valid_from: daysFromNow(-3), reason: 'decision test' };
	const s = await api('POST', '/v1/suspensions', { as: 'adjudicator', body: sus });
	expectStatus(s, 201, 'suspend');
	deepEq(s.json, Object.assign({}, sus, { valid_until: null }), 'suspension body');
	await expectDecision(Q, 'suspended', 'suspension valid now');
	await changed('adjudicator', '/v1/suspensions', Object.assign({}, sus, { valid_until: daysFromNow(-2) }));
	await allow('suspension lifted');
	// suspended: the only clearance suspended (rule 5).
	await changed('adjudicator', '/v1/clearances', Object.assign({}, sc.clr[DEC.s1], { status: 'suspended' }));
	await expectDecision(Q, 'suspended', 'clearance suspended');
	await changed('adjudicator', '/v1/clearances', sc.clr[DEC.s1]);
	await allow('clearance active again');
	// not_cleared: a clearance only under an authority the item does not accept.
	await expectDecision({ subject: DEC.nocl, item: DEC.item }, 'not_cleared', 'only a USA clearance');
	// expired: the clearance ended yesterday; revoked counts as not usable too.
	await changed('adjudicator', '/v1/clearances', Object.assign({}, sc.clr[DEC.s1], { valid_until: daysFromNow(-1) }));
	await expectDecision(Q, 'expired', 'clearance ended');
	await changed('adjudicator', '/v1/clearances', Object.assign({}, sc.clr[DEC.s1], { status: 'revoked' }));
	await expectDecision(Q, 'expired', 'clearance revoked');
	await changed('adjudicator', '/v1/clearances', sc.clr[DEC.s1]);
	await allow('clearance restored');
	// unknown_item, unknown_subject.
	await expectDecision({ subject: DEC.s1, item: 't-dec-no-such-item' }, 'unknown_item', 'unknown item');
	await expectDecision({ subject: 't-dec-no-such-person', item: DEC.item }, 'unknown_subject',
	    'unknown subject');
	// not_classified: at the end of the term (exclusive), and before the first designation.
	await expectDecision(Object.assign({ at: sc.END }, Q), 'not_classified', 'at the end of the term');
	await expectDecision(Object.assign({ at: `${sc.END}T00:00:00Z` }, Q), 'not_classified',
	    'at the end of the term (RFC 3339)');
	await expectDecision(Object.assign({ at: yearsFromNow(-2) }, Q), 'not_classified',
	    'before the first designation');
	await expectDecision(Object.assign({ at: daysFromNow(1) }, Q), undefined, 'tomorrow');
	// A declassified item is not classified from then on, for any subject.
	await created('designator', '/v1/items', itemBody('t-dec-item-declassified'));
	await expectDecision({ subject: 't-dec-no-such-person', item: 't-dec-item-declassified' },
	    'unknown_subject', 'before declassification');
	expectStatus(await api('POST', '/v1/items/t-dec-item-declassified/declassify', { as: 'designator',
		body: {} }), 200, 'declassify');
	await expectDecision({ subject: 't-dec-no-such-person', item: 't-dec-item-declassified' },
	    'not_classified', 'after declassification');
	// The other deciding roles get the same answers.
	await expectDecision(Q, undefined, 'as the designator', 'designator');
	// A security officer asks only about their own organization's staff
	// (DESIGN.md section 2): to owari-hi's officer, t-dec-corp's staff read
	// as unknown, exactly like a person who does not exist, so the answer
	// tells nothing of who exists outside their organization.
	await expectDecision(Q, 'unknown_subject', 'a security officer asking about another organization',
	    'officer');
	await expectDecision({ subject: 't-dec-nobody', item: DEC.item }, 'unknown_subject',
	    'a security officer asking about nobody', 'officer');
	expectStatus(await api('POST', '/v1/decisions', { as: 'officer',
		body: { subject: 'p14', item: DEC.item } }), 200, 'a security officer asking about own staff');
	// A designator asks only about their own organ's items: another
	// organ's reads as unknown.
	await expectDecision({ subject: DEC.s1, item: 'semicon-chokepoints-2025' }, 'unknown_item',
	    'a designator asking about another organ\'s item', 'designator');
});

test('decisions follow changes of every decision input by updating the index, not building it afresh', async () => {
	const sc = await decisionScenario();
	const Q = { subject: DEC.s1, item: DEC.item };
	const counts = async () => {
		const h = await api('GET', '/v1/health');
		expectStatus(h, 200, 'health');
		assert(Number.isInteger(h.json.index.builds) && h.json.index.builds >= 1,
		    `index.builds ${show(h.json.index.builds)}`);
		assert(Number.isInteger(h.json.index.updates), `index.updates ${show(h.json.index.updates)}`);
		return h.json.index;
	};
	const before = await counts();
	await expectDecision(Q, undefined, 'the scenario');
	// A clearance, a briefing, a membership, a suspension, a person, an
	// approval, an organization and an item, each changed and put back.
	await changed('adjudicator', '/v1/clearances', Object.assign({}, sc.clr[DEC.s1], { level: 'HI' }));
	await expectDecision(Q, 'level', 'a lower clearance');
	await changed('adjudicator', '/v1/clearances', sc.clr[DEC.s1]);
	await changed('admin', '/v1/briefings', Object.assign({}, sc.brf[DEC.s1], { valid_until: daysFromNow(-1) }));
	await expectDecision(Q, 'compartment', 'debriefed');
	await changed('admin', '/v1/briefings', sc.brf[DEC.s1]);
	await changed('designator', '/v1/memberships', Object.assign({}, sc.mem[DEC.s1], { valid_until: daysFromNow(-1) }));
	await expectDecision(Q, 'need_to_know', 'membership ended');
	await changed('designator', '/v1/memberships', sc.mem[DEC.s1]);
	const sus = { person: DEC.s1, valid_from: daysFromNow(-2), reason: 'follow test' };
	await created('adjudicator', '/v1/suspensions', sus);
	await expectDecision(Q, 'suspended', 'suspended');
	await changed('adjudicator', '/v1/suspensions', Object.assign({}, sus, { valid_until: daysFromNow(-1) }));
	await changed('admin', `/v1/persons/${DEC.s1}`, sc.person(DEC.s1, ['USA']));
	await expectDecision(Q, 'releasability', 'a USA national now');
	await changed('admin', `/v1/persons/${DEC.s1}`, sc.person(DEC.s1, ['JPN']));
	await changed('designator', '/v1/conforming', Object.assign({}, sc.appr, { valid_until: daysFromNow(-1) }));
	await expectDecision(Q, 'organization', 'approval expired');
	const org = (type, country = 'JPN') => ({ id: DEC.org, name: 'Decision Test Works', type, country });
	await changed('admin', `/v1/organizations/${DEC.org}`, org('government'));
	await expectDecision(Q, undefined, 'a government organ needs no approval');
	await changed('admin', `/v1/organizations/${DEC.org}`, org('contractor'));
	await expectDecision(Q, 'organization', 'a contractor again, its approval expired');
	await changed('designator', '/v1/conforming', sc.appr);
	// A person and item new since the index was built are known at once.
	await created('admin', '/v1/persons', sc.person('t-dec-new', ['JPN']));
	await expectDecision({ subject: 't-dec-new', item: DEC.item }, 'not_cleared', 'a new person');
	await created('designator', '/v1/items', itemBody('t-dec-item-new'));
	await expectDecision({ subject: 't-dec-new', item: 't-dec-item-new' }, 'not_cleared', 'a new item');
	await expectDecision({ subject: DEC.s1, item: 't-dec-item-new' }, undefined, 'a new item, cleared');
	expectStatus(await api('POST', '/v1/items/t-dec-item-new/declassify', { as: 'designator', body: {} }),
	    200, 'declassify');
	await expectDecision({ subject: 't-dec-new', item: 't-dec-item-new' }, 'not_classified',
	    'the item declassified');
	await expectDecision(Q, undefined, 'everything put back');
	const after = await counts();
	// A full build in between is allowed only as the fold of an overlay
	// past its bound (then the overlay is smaller after than before).
	if (after.overlay >= before.overlay)
		eq(after.builds, before.builds, 'full builds of the index (each change an update)');
	assert(Number.isInteger(after.overlay) && after.overlay > 0, `index.overlay ${show(after.overlay)}`);
	// An organization that changes country cannot be followed (its items
	// carry its nation): a full build, and the answers stay right.
	await changed('admin', `/v1/organizations/${DEC.org}`, org('contractor', 'USA'));
	await expectDecision(Q, undefined, 'the employer moved to the USA');
	const moved = await counts();
	eq(moved.builds, after.builds + 1, 'a full build for a country change');
	eq(moved.overlay, 0, 'the overlay after a full build');
	await changed('admin', `/v1/organizations/${DEC.org}`, org('contractor', 'JPN'));
	await expectDecision(Q, undefined, 'the employer back in Japan');
	// 18 commits above; a refresh may take in several (they coalesce).
	assert(after.updates >= before.updates + 10,
	    `index.updates ${before.updates} -> ${after.updates}: too few for 18 changes`);
});

test('decisions: the first failing rule wins (DESIGN.md section 5 order)', async () => {
	const sc = await decisionScenario();
	const Q = { subject: DEC.s2, item: DEC.item };
	await expectDecision(Q, undefined, 'the complete scenario');
	// Break the rules from the last to the first; each new failure is
	// earlier in the order, so it becomes the answer.
	await changed('designator', '/v1/conforming', Object.assign({}, sc.appr, { valid_until: daysFromNow(-1) }));
	try {
		await expectDecision(Q, 'organization', 'approval expired');
		await changed('designator', '/v1/memberships', Object.assign({}, sc.mem[DEC.s2], { valid_until: daysFromNow(-1) }));
		await expectDecision(Q, 'need_to_know', '+ membership ended');
		await changed('admin', `/v1/persons/${DEC.s2}`, sc.person(DEC.s2, ['USA']));
		await expectDecision(Q, 'releasability', '+ USA-only');
		await changed('admin', '/v1/briefings', Object.assign({}, sc.brf[DEC.s2], { valid_until: daysFromNow(-1) }));
		await expectDecision(Q, 'compartment', '+ debriefed');
		await changed('adjudicator', '/v1/clearances', Object.assign({}, sc.clr[DEC.s2], { level: 'HI' }));
		await expectDecision(Q, 'level', '+ clearance HI');
		await changed('adjudicator', '/v1/clearances', Object.assign({}, sc.clr[DEC.s2],
			{ level: 'HI', valid_until: daysFromNow(-1) }));
		await expectDecision(Q, 'expired', '+ clearance ended');
		await changed('adjudicator', '/v1/clearances', Object.assign({}, sc.clr[DEC.s2],
			{ level: 'HI', valid_until: daysFromNow(-1), status: 'suspended' }));
		await expectDecision(Q, 'suspended', '+ clearance suspended');
		await created('adjudicator', '/v1/suspensions', { person: DEC.s2, valid_from: daysFromNow(-3) });
		await expectDecision(Q, 'suspended', '+ a suspension');
		await expectDecision(Object.assign({ at: sc.END }, Q), 'not_classified',
		    'not classified comes before everything about the subject');
		await expectDecision({ subject: 't-dec-no-such-person', item: DEC.item, at: sc.END },
		    'not_classified', 'not classified comes before an unknown subject');
		await expectDecision({ subject: 't-dec-no-such-person', item: 't-dec-no-such-item' },
		    'unknown_item', 'an unknown item comes first');
	} finally {
		// The approval is shared with the other decision test.
		await api('PUT', '/v1/conforming', { as: 'designator', body: sc.appr });
	}
	await expectDecision({ subject: DEC.s1, item: DEC.item }, undefined, 's1 unaffected');
});

test('decisions: the clearance rule accepts the same authority, accepted_for, and a foreign one the item is releasable to', async () => {
	const sc = await decisionScenario();
	// t-dec-nocl holds only a USA clearance: a foreign authority, accepted
	// when the item is releasable to the USA.
	await created('designator', '/v1/items', itemBody('t-dec-item-usa', { compartments: [DEC.cmp],
		programs: [DEC.prog], releasable_to: ['USA'] }));
	await created('designator', '/v1/items', itemBody('t-dec-item-gbr', { compartments: [DEC.cmp],
		programs: [DEC.prog], releasable_to: ['GBR'] }));
	await expectDecision({ subject: DEC.nocl, item: 't-dec-item-usa' }, undefined,
	    'a USA clearance for an item releasable to the USA');
	await expectDecision({ subject: DEC.nocl, item: 't-dec-item-gbr' }, 'not_cleared',
	    'a USA clearance for an item releasable to GBR only');
	await expectDecision({ subject: DEC.nocl, item: DEC.item }, 'not_cleared',
	    'a USA clearance for a NOFORN item');
	// An interim clearance counts like an active one.
	await changed('adjudicator', '/v1/clearances', Object.assign({}, sc.clr[DEC.s1], { status: 'interim' }));
	try {
		await expectDecision({ subject: DEC.s1, item: DEC.item }, undefined, 'interim clearance');
	} finally {
		await changed('adjudicator', '/v1/clearances', sc.clr[DEC.s1]);
	}
	// A JPN-SDS clearance covers a JPN-CESI item (accepted_for); a JPN-MOD one does not.
	const sds = 't-dec-sds';
	await created('admin', '/v1/persons', sc.person(sds, ['JPN']));
	await created('adjudicator', '/v1/clearances', { person: sds, authority: 'JPN-SDS',
		level: 'TOKUTEI_HIMITSU', status: 'active', valid_from: sc.F, valid_until: sc.END });
	await created('admin', '/v1/briefings', Object.assign({}, sc.brf[DEC.s1], { person: sds }));
	await created('designator', '/v1/memberships', Object.assign({}, sc.mem[DEC.s1], { person: sds }));
	await created('designator', '/v1/items', itemBody('t-dec-item-cesi', { field: 'economic_security',
		authority: 'JPN-CESI', level: 'JUYO_KEIZAI_ANPO', compartments: [DEC.cmp], programs: [DEC.prog] }));
	await expectDecision({ subject: sds, item: 't-dec-item-cesi' }, 'organization',
	    'JPN-SDS for a JPN-CESI item, the employer approved under JPN-MOD only');
	await created('admin', '/v1/conforming', { org: DEC.org, authority: 'JPN-CESI',
		level: 'JUYO_KEIZAI_ANPO', valid_from: sc.F });
	await expectDecision({ subject: sds, item: 't-dec-item-cesi' }, undefined,
	    'JPN-SDS for a JPN-CESI item, the employer approved under JPN-CESI');
	await expectDecision({ subject: DEC.s1, item: 't-dec-item-cesi' }, 'not_cleared',
	    'JPN-MOD for a JPN-CESI item');
});

test('decisions: releasable_to may name an alliance of data/alliances.csv: NATO admits a USA national', async () => {
	await decisionScenario();
	const body = itemBody('t-dec-item-nato', { compartments: [DEC.cmp], programs: [DEC.prog],
		releasable_to: ['NATO'] });
	const r = await created('designator', '/v1/items', body);
	deepEq(r.releasable_to, ['NATO'], 'stored as written');
	await expectDecision({ subject: DEC.usa, item: 't-dec-item-nato' }, undefined,
	    'a USA national, the item releasable to NATO');
	await expectDecision({ subject: DEC.usa, item: DEC.item }, 'releasability',
	    'the same USA national, a NOFORN item');
	// Rule 5 reads the alliance too: a USA clearance is a candidate.
	await expectDecision({ subject: DEC.nocl, item: 't-dec-item-nato' }, undefined,
	    'a USA clearance for an item releasable to NATO');
	await created('designator', '/v1/items', itemBody('t-dec-item-fvey', { compartments: [DEC.cmp],
		programs: [DEC.prog], releasable_to: ['FVEY'] }));
	await expectDecision({ subject: DEC.usa, item: 't-dec-item-fvey' }, undefined,
	    'a USA national, the item releasable to FVEY');
	const j = await api('POST', '/v1/labels/join', { as: 'relying',
		body: { items: ['t-dec-item-nato', 't-dec-item-fvey'] } });
	expectStatus(j, 200, 'join of NATO and FVEY');
	deepEq([...j.json.releasable_to].sort(), ['CAN', 'GBR', 'JPN', 'USA'],
	    'the join of NATO and FVEY: the common members, and the owner\'s nation');
	const bad = await api('POST', '/v1/items', { as: 'designator',
		body: itemBody('t-dec-item-asean', { releasable_to: ['ASEAN'] }) });
	expectError(bad, 400, 'invalid', 'releasable_to[0]', 'an alliance not in the table');
	assert(/alliances\.csv \(NATO, FVEY, EU\)/.test(bad.json.error.message),
	    `the message does not name the alliances: ${show(bad.json)}`);
});

test('decisions: an array is answered in order; a bad query is 400 naming its position; 20000 at most', async () => {
	const sc = await decisionScenario();
	const qs = [
		{ subject: DEC.s1, item: DEC.item },
		{ subject: DEC.usa, item: DEC.item },
		{ subject: DEC.nocl, item: DEC.item },
		{ subject: DEC.s1, item: 't-dec-no-such-item' },
		{ subject: 't-dec-no-such-person', item: DEC.item },
		{ subject: DEC.s1, item: DEC.item, at: sc.END },
		{ subject: DEC.s1, item: DEC.item, at: daysFromNow(1) },
	];
	const want = [undefined, 'releasability', 'not_cleared', 'unknown_item', 'unknown_subject',
		'not_classified', undefined];
	const r = await api('POST', '/v1/decisions', { as: 'relying', body: qs });
	expectStatus(r, 200, 'array');
	deepEq(withoutAt(r.json, qs, 'array'), qs.map((x, i) => decisionAnswer(x, want[i])),
	    'answers in order');
	const rev = await api('POST', '/v1/decisions', { as: 'relying', body: [...qs].reverse() });
	deepEq(withoutAt(rev.json, [...qs].reverse(), 'reversed'),
	    [...qs].reverse().map((x, i) => decisionAnswer(x, [...want].reverse()[i])),
	    'reversed answers in order');
	const one = await api('POST', '/v1/decisions', { as: 'relying', body: [qs[1]] });
	deepEq(withoutAt(one.json, [qs[1]], 'one'), [decisionAnswer(qs[1], 'releasability')],
	    'an array of one is an array');
	const none = await api('POST', '/v1/decisions', { as: 'relying', body: [] });
	expectStatus(none, 200, 'empty array');
	deepEq(none.json, [], 'no answers');
	// Arrays are decided a group of 32 at a time: answers stay in order
	// across groups, and a query the decision refuses past the first
	// group is named by its position.
	const long = Array.from({ length: 7 * 11 }, (_, i) => qs[(i * 3) % 7]);
	const lr = await api('POST', '/v1/decisions', { as: 'relying', body: long });
	expectStatus(lr, 200, '77 queries');
	deepEq(withoutAt(lr.json, long, 'long'), long.map((x, i) => decisionAnswer(x, want[(i * 3) % 7])),
	    '77 answers in order across groups');
	for (const [pos, q, field] of [
		[40, { subject: 'a b', item: DEC.item }, 'subject'],
		[33, { subject: DEC.s1, item: 'x'.repeat(65) }, 'item'],
		[64, { subject: DEC.s1, item: DEC.item, at: '2200-01-01T00:00:00Z' }, 'at'],
	]) {
		const body = long.slice(0, pos).concat([q], long.slice(pos));
		const b = await api('POST', '/v1/decisions', { as: 'relying', body });
		expectError(b, 400, 'invalid', undefined, `a bad ${field} at [${pos}]`);
		eq(b.json.error.field, `[${pos}].${field}`, `a bad ${field} at [${pos}] is named`);
	}
	const good = qs[0];
	const bad = [
		[[good, { item: DEC.item }], '[1].subject'],
		[[good, good, { subject: DEC.s1 }], '[2].item'],
		[[{ subject: DEC.s1, item: DEC.item, at: 'tomorrow' }], '[0].at'],
		[[good, { subject: DEC.s1, item: DEC.item, at: '2026-02-30' }], '[1].at'],
		[[good, { subject: DEC.s1, item: DEC.item, why: 'x' }], '[1].why'],
		[[good, { subject: 7, item: DEC.item }], '[1].subject'],
		[[good, 'p1'], '[1]'],
		[{ item: DEC.item }, 'subject'],
		[{ subject: DEC.s1, item: DEC.item, at: 5 }, 'at'],
	];
	for (const [body, field] of bad) {
		const b = await api('POST', '/v1/decisions', { as: 'relying', body });
		expectError(b, 400, 'invalid', undefined, `body ${show(body)}`);
		assert(b.json.error.field === field || b.json.error.field.startsWith(field + '.'),
		    `body ${show(body)}: error.field ${show(b.json.error.field)}, expected ${field}`);
	}
	expectError(await api('POST', '/v1/decisions', { as: 'relying', body: 'p1' }), 400, 'invalid',
	    undefined, 'a string body');
	expectError(await api('POST', '/v1/decisions', { as: 'relying' }), 400, 'invalid', undefined,
	    'no body');
	const many = new Array(20000).fill(good);
	const m = await api('POST', '/v1/decisions', { as: 'relying', body: many });
	expectStatus(m, 200, '20000 queries');
	eq(m.json.length, 20000, 'answers to 20000 queries');
	assert(m.json.every((a) => a.allow === true && !('reason' in a)), '20000 answers are allows');
	expectError(await api('POST', '/v1/decisions', { as: 'relying', body: many.concat([good]) }),
	    413, 'too_large', undefined, '20001 queries');
	for (const u of ['admin', 'auditor'])
		expectError(await api('POST', '/v1/decisions', { as: u, body: good }), 403, 'forbidden',
		    undefined, u);
});

// The recorded decisions of @q (a query string), every page of them.
async function recordedDecisions(q) {
	const r = await api('GET', `/v1/audit/decisions?${q}&limit=10000`, { as: 'auditor' });
	expectStatus(r, 200, `GET /v1/audit/decisions?${q}`);
	assert(Array.isArray(r.json.decisions), 'no decisions array');
	eq(r.json.more, false, `more decisions than 10000 for ${q}`);
	return r.json.decisions;
}

test('every deny is in a decision block: GET /v1/audit/decisions gives subject, item, time, reason, service actor', async () => {
	const sc = await decisionScenario();
	const svc = 't-relying-audit';
	await account(svc, 'mod', 'relying_system');
	const qs = [
		[{ subject: DEC.usa, item: DEC.item }, 'releasability'],
		[{ subject: DEC.nocl, item: DEC.item }, 'not_cleared'],
		[{ subject: DEC.s1, item: 't-audit-no-such-item' }, 'unknown_item'],
		[{ subject: 't-audit-no-such-person', item: DEC.item, at: '2026-01-02T03:04:05Z' }, 'unknown_subject'],
		[{ subject: DEC.s1, item: DEC.item }, undefined],
	];
	for (const [qq, want] of qs)
		await expectDecision(qq, want, 'as the audit test\'s service', svc);
	const arr = await api('POST', '/v1/decisions', { as: svc, body: qs.map((x) => x[0]) });
	expectStatus(arr, 200, 'array');
	// Decisions are written by a background writer in batches: poll.
	const mineOf = async () => {
		const got = [];
		for (const [qq] of qs)
			got.push(...(await recordedDecisions(`subject=${qq.subject}&item=${qq.item}`))
				.filter((d) => d.actor === `service:${svc}`));
		return got;
	};
	let mine = [];
	let missing = [];
	for (let i = 0; i < 100; i++) {
		mine = await mineOf();
		missing = qs.filter(([, want]) => want !== undefined).filter(([qq, want]) =>
			mine.filter((d) => d.subject === qq.subject && d.item === qq.item &&
			    d.allow === false && d.reason === want).length < 2);
		if (missing.length === 0)
			break;
		await new Promise((res) => setTimeout(res, 200));
	}
	assert(missing.length === 0, `not recorded (twice each) within the poll limit: ${show(missing)}`);
	eq(mine.length, 8, 'records of this service (4 denies, twice; allows are only counted)');
	for (const d of mine)
		assert(Number.isInteger(d.seq) && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(d.at),
		    `a recorded decision names its block and time: ${show(d)}`);
	const at = mine.find((d) => d.subject === 't-audit-no-such-person');
	assert(at && at.at === '2026-01-02T03:04:05Z', `the stated time is recorded: ${show(at)}`);
	// Each block is one audit entry whose state is the block's hash.
	const blocks = await auditEntries('kind=decision_block');
	for (const d of mine)
		assert(blocks.some((e) => e.seq === d.seq && e.action === 'decisions' &&
		    /^\d+ decisions: \d+ allowed, \d+ denied$/.test(e.purpose)),
		    `the block of ${show(d)} is an audit entry`);
	const summaries = await auditEntries('kind=decision&action=decisions');
	assert(summaries.some((e) => /^\d+ allowed, \d+ denied/.test(e.purpose)),
	    'no summary entry counting the allows');
	eq((await auditEntries('action=deny')).length, 0, 'entries of single denies (all are in blocks)');
	// Every deny answered during the whole run, to anyone, is one record.
	const key = (actor, subject, item, reason) => `${actor}|${subject}/${item}|${reason}`;
	const want = new Map();
	for (const d of decisionDenies) {
		const k = key(d.actor, ...d.object.split('/'), d.reason);
		want.set(k, (want.get(k) || 0) + 1);
	}
	const subjects = [...new Set(decisionDenies.map((d) => d.object.split('/')[0]))];
	let diff = [];
	for (let i = 0; i < 100; i++) {
		const got = new Map();
		for (const sub of subjects)
			for (const d of await recordedDecisions(`subject=${encodeURIComponent(sub)}`))
				if (d.allow === false) {
					const k = key(d.actor, d.subject, d.item, d.reason);
					got.set(k, (got.get(k) || 0) + 1);
				}
		diff = [];
		for (const k of new Set([...want.keys(), ...got.keys()]))
			if ((want.get(k) || 0) !== (got.get(k) || 0))
				diff.push(`${k}: ${want.get(k) || 0} denies, ${got.get(k) || 0} records`);
		if (diff.length === 0)
			break;
		await new Promise((res) => setTimeout(res, 200));
	}
	assert(diff.length === 0, `denies and recorded denies differ: ${diff.join('; ')}`);
	const v = await api('POST', '/v1/audit/verify', { as: 'auditor' });
	eq(v.json && v.json.ok, true, `audit verify after decisions (problem: ${v.json && v.json.problem})`);
	assert(v.json.decision_blocks >= new Set(mine.map((d) => d.seq)).size,
	    `verify checked the blocks (${v.json.decision_blocks})`);
	assert(sc !== undefined, 'scenario');
});

test('GET /v1/audit/decisions: auditors only; a subject or a whole time range; bad input is 400 naming it', async () => {
	for (const u of ['admin', 'relying', 'adjudicator'])
		expectError(await api('GET', '/v1/audit/decisions?subject=p1', { as: u }), 403, 'forbidden',
		    undefined, u);
	const bad = [
		['item=doc-1', 'subject'],
		['from=2026-01-01', 'subject'],
		['subject=a%20b', 'subject'],
		['subject=p1&item=a%20b', 'item'],
		['subject=p1&from=yesterday', 'from'],
		['subject=p1&from=2026-02-01&to=2026-01-01', 'to'],
		['subject=p1&limit=0', 'limit'],
		['subject=p1&limit=10001', 'limit'],
		['subject=p1&why=x', 'why'],
	];
	for (const [q, field] of bad) {
		const r = await api('GET', `/v1/audit/decisions?${q}`, { as: 'auditor' });
		expectError(r, 400, 'invalid', field, q);
	}
	const r = await api('GET', '/v1/audit/decisions?from=2000-01-01&to=2000-01-02', { as: 'auditor' });
	expectStatus(r, 200, 'a time range alone');
	deepEq(r.json, { decisions: [], more: false }, 'nothing decided for 2000-01-01');
});

// A second `scs serve` on the same register, for a test that kills it.
function spawnServer(bin) {
	return new Promise((resolve, reject) => {
		const child = spawn(bin, ['serve', '--listen', '127.0.0.1:0'], {
			cwd: tmpdir, env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stderr.setEncoding('utf8');
		child.stderr.on('data', (d) => { stderr += d; });
		child.stdout.setEncoding('utf8');
		child.stdout.on('data', (d) => {
			stdout += d;
			const m = /^scs serving .* on (http:\/\/127\.0\.0\.1:\d+)\/$/m.exec(stdout);
			if (m)
				resolve({ child, url: m[1], stderr: () => stderr });
		});
		child.on('exit', (code, sig) => reject(new Error(`second scs serve exited (${code ?? sig}): ${stderr}`)));
		child.on('error', reject);
	});
}

test('"durable": true: the decisions are on record when the answer comes, even if the server is killed -9 at once', async () => {
	const sc = await decisionScenario();
	const { child, url } = await spawnServer(SCS_BIN);
	const exited = new Promise((res) => child.once('exit', res));
	let r;
	const subject = 't-durable-nobody';
	try {
		// Two requests: an array with the flag on one query, and one.
		r = await api('POST', '/v1/decisions', { as: 'relying', base: url, body: [
			{ subject, item: DEC.item, at: '2026-03-04T05:06:07Z' },
			{ subject, item: 't-durable-no-item', at: '2026-03-04T05:06:08Z', durable: true },
		] });
		expectStatus(r, 200, 'durable array');
		r = await api('POST', '/v1/decisions', { as: 'relying', base: url,
			body: { subject, item: DEC.item, at: '2026-03-04T05:06:09Z', durable: true } });
		expectStatus(r, 200, 'durable single');
	} finally {
		child.kill('SIGKILL');
	}
	await exited;
	// Read at once (no polling): through the main server and the CLI.
	const got = await recordedDecisions(`subject=${subject}`);
	deepEq(got.map((d) => [d.item, d.at, d.reason, d.actor]), [
		[DEC.item, '2026-03-04T05:06:07Z', 'unknown_subject', 'service:relying'],
		['t-durable-no-item', '2026-03-04T05:06:08Z', 'unknown_item', 'service:relying'],
		[DEC.item, '2026-03-04T05:06:09Z', 'unknown_subject', 'service:relying'],
	], 'the durable decisions, recorded before the answers');
	const lines = cli(SCS_BIN, ['audit', 'decisions', '--subject', subject]).trim().split('\n');
	eq(lines.length, 3, `scs audit decisions finds them: ${lines.join(' | ')}`);
	expectError(await api('POST', '/v1/decisions', { as: 'relying',
		body: { subject, item: DEC.item, durable: 'yes' } }), 400, 'invalid', 'durable', 'durable: "yes"');
	assert(sc !== undefined, 'scenario');
});

test('a server started again reads its decision index from the index cache, and a changed cache is not believed', async () => {
	if (PG_URL)
		throw new Skip('the index cache sits beside a SQLite file');
	await decisionScenario();
	const cache = path.join(tmpdir, 'r.db.index');
	const qs = [
		{ subject: DEC.s1, item: DEC.item, at: '2026-06-01T00:00:00Z' },
		{ subject: 't-dec-nobody', item: DEC.item, at: '2026-06-01T00:00:00Z' },
		{ subject: DEC.s1, item: 't-dec-no-item', at: '2026-06-01T00:00:00Z' },
	];
	const want = await api('POST', '/v1/decisions', { as: 'relying', body: qs });
	expectStatus(want, 200, 'the first server');
	// Start a server, read its health and answers, stop it.
	const run = async (what) => {
		const { child, url, stderr } = await spawnServer(SCS_BIN);
		const exited = new Promise((res) => child.once('exit', res));
		try {
			const h = await api('GET', '/v1/health', { base: url });
			expectStatus(h, 200, `health of ${what}`);
			const got = await api('POST', '/v1/decisions', { as: 'relying', base: url, body: qs });
			expectStatus(got, 200, `decisions of ${what}`);
			deepEq(got.json, want.json, `${what} answers as the first server`);
			return { index: h.json.index, stderr: stderr() };
		} finally {
			child.kill('SIGTERM');
			await exited;
		}
	};
	await run('a second server'); // reads the cache, or builds and writes it
	assert(fs.existsSync(cache), 'the cache beside the register');
	eq(fs.statSync(cache).mode & 0o777, 0o600, 'the cache\'s mode');
	let r = await run('a third server');
	eq(r.index.cached, true, 'the third server\'s index from the cache');
	eq(r.index.builds, 0, 'full builds of the third server');
	// One byte changed at the end of the image: refused, built anew.
	const fd = fs.openSync(cache, 'r+');
	const b = Buffer.alloc(1);
	const at = fs.fstatSync(fd).size - 3;
	fs.readSync(fd, b, 0, 1, at);
	b[0] ^= 0x01;
	fs.writeSync(fd, b, 0, 1, at);
	fs.closeSync(fd);
	r = await run('a server given a changed cache');
	eq(r.index.cached, false, 'a changed cache is not read');
	eq(r.index.builds, 1, 'full builds with a changed cache');
	assert(/index cache .* not used \(.*MAC/.test(r.stderr), `the server says why: ${oneLine(r.stderr)}`);
	r = await run('a server after it');
	eq(r.index.cached, true, 'the cache written anew is read');
});

// --- labels ---

test('labels/join: highest rank, union of compartments, intersection of releasability', async () => {
	await created('designator', '/v1/compartments', { id: 't-lbl-c1', name: 'Label one', owner: 'mod' });
	await created('designator', '/v1/compartments', { id: 't-lbl-c2', name: 'Label two', owner: 'mod' });
	await created('designator', '/v1/items', itemBody('t-lbl-a', { level: 'HI',
		compartments: ['t-lbl-c1'], releasable_to: ['USA', 'GBR'] }));
	await created('designator', '/v1/items', itemBody('t-lbl-b', { level: 'GOKUHI',
		compartments: ['t-lbl-c2'], releasable_to: ['USA'] }));
	await created('designator', '/v1/items', itemBody('t-lbl-c', { level: 'HI',
		compartments: ['t-lbl-c1'], releasable_to: [] }));
	await created('designator', '/v1/items', itemBody('t-lbl-d', { level: 'GOKUHI',
		compartments: [], releasable_to: ['GBR', 'USA'] }));
	const join = async (items, as = 'relying') => {
		const r = await api('POST', '/v1/labels/join', { as, body: { items } });
		expectStatus(r, 200, `join ${show(items)} as ${as}`);
		return Object.assign({}, r.json, { compartments: [...r.json.compartments].sort(),
			releasable_to: [...r.json.releasable_to].sort() });
	};
	deepEq(await join(['t-lbl-a']), { rank: 2, authority: 'JPN-MOD', level: 'HI', from_item: 't-lbl-a',
		compartments: ['t-lbl-c1'], releasable_to: ['GBR', 'JPN', 'USA'] }, 'one item');
	deepEq(await join(['t-lbl-a', 't-lbl-b']), { rank: 3, authority: 'JPN-MOD', level: 'GOKUHI',
		from_item: 't-lbl-b', compartments: ['t-lbl-c1', 't-lbl-c2'], releasable_to: ['JPN', 'USA'] },
	'a and b');
	deepEq(await join(['t-lbl-b', 't-lbl-a', 't-lbl-c'], 'designator'), { rank: 3, authority: 'JPN-MOD',
		level: 'GOKUHI', from_item: 't-lbl-b', compartments: ['t-lbl-c1', 't-lbl-c2'],
		releasable_to: ['JPN'] }, 'b, a and c (NOFORN)');
	deepEq(await join(['t-lbl-a', 't-lbl-c'], 'designator'), { rank: 2, authority: 'JPN-MOD', level: 'HI',
		from_item: 't-lbl-a', compartments: ['t-lbl-c1'], releasable_to: ['JPN'] },
	'a and c: a compartment once');
	const ad = await join(['t-lbl-a', 't-lbl-d']);
	deepEq(ad, { rank: 3, authority: 'JPN-MOD', level: 'GOKUHI', from_item: 't-lbl-d',
		compartments: ['t-lbl-c1'], releasable_to: ['GBR', 'JPN', 'USA'] }, 'a and d');
	expectError(await api('POST', '/v1/labels/join', { as: 'relying',
		body: { items: ['t-lbl-a', 't-lbl-no-such-item'] } }), 400, 'invalid', 'items', 'unknown item');
	expectError(await api('POST', '/v1/labels/join', { as: 'relying', body: { items: [] } }), 400,
	    'invalid', 'items', 'no items');
	expectError(await api('POST', '/v1/labels/join', { as: 'relying', body: {} }), 400, 'invalid',
	    'items', 'no items key');
	expectError(await api('POST', '/v1/labels/join', { as: 'relying', body: { items: 't-lbl-a' } }),
	    400, 'invalid', 'items', 'not an array');
	expectError(await api('POST', '/v1/labels/join', { as: 'relying',
		body: { items: ['t-lbl-a'], extra: 1 } }), 400, 'invalid', 'extra', 'unknown key');
	for (const u of ['admin', 'auditor'])
		expectError(await api('POST', '/v1/labels/join', { as: u, body: { items: ['t-lbl-a'] } }),
		    403, 'forbidden', undefined, u);
});

// --- last: probes that have crashed the server (a crash ends the run) ---

// --- key rotation by another process while the server runs ---
// Near the end: the rotations re-seal every person and add audit entries
// (the audit-read test above has counted its reads already).

// `scs keys rotate` as a process of its own, the server still serving.
// Resolves to the key id it made current, or to null when @exitAfter
// batches made it die midway (SCS_TEST_EXIT_AFTER_BATCHES, exit 3).
function rotateKeys(exitAfter) {
	const env = cliEnv();
	if (exitAfter !== undefined)
		env.SCS_TEST_EXIT_AFTER_BATCHES = String(exitAfter);
	return new Promise((resolve, reject) => {
		const child = spawn(SCS_BIN, ['keys', 'rotate'], {
			cwd: tmpdir, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8');
		child.stdout.on('data', (d) => { stdout += d; });
		child.stderr.setEncoding('utf8');
		child.stderr.on('data', (d) => { stderr += d; });
		const timer = setTimeout(() => child.kill('SIGKILL'), CLI_TIMEOUT_MS);
		child.on('error', (e) => {
			clearTimeout(timer);
			reject(e);
		});
		child.on('exit', (code, sig) => {
			clearTimeout(timer);
			const m = /^data key (\d+) is current; re-wrapped \d+ person keys, re-sealed \d+ records$/m.exec(stdout);
			if (exitAfter === undefined && code === 0 && m)
				resolve(Number(m[1]));
			else if (exitAfter !== undefined && code === 3)
				resolve(null);
			else
				reject(new Error(`scs keys rotate: exit ${code ?? sig}: ${stdout} ${stderr}`));
		});
	});
}

// One value from the register file, read with the sqlite3 tool.
function sqlValue(query) {
	if (PG_URL)
		throw new Skip('reads the SQLite file with sqlite3');
	return execFileSync('sqlite3', ['-cmd', '.timeout 10000', path.join(tmpdir, 'r.db'), query],
	    { encoding: 'utf8', timeout: CLI_TIMEOUT_MS }).trim();
}

// The register key that wraps @id's data key, which seals @id's
// relatives (crypto.h: format 2, byte 0 the version 02, no key id in the
// header; the store's relatives_key column 0, as for no register key).
function sealedKeyOf(id) {
	const [col, head, wk] = sqlValue('SELECT p.relatives_key, hex(substr(p.relatives, 1, 1)), ' +
	    'k.wrapped_key FROM persons p JOIN person_keys k ON k.person = p.id ' +
	    `WHERE p.id = '${id}' AND k.destroyed IS NULL`).split('|');
	eq(head, '02', `${id}: sealed header`);
	eq(Number(col), 0, `${id}: relatives_key column of a format-2 value`);
	return Number(wk);
}

// How many persons' live data keys each register key wraps: {key: count}.
function keyCounts() {
	const counts = {};
	for (const line of sqlValue('SELECT wrapped_key, count(*) FROM person_keys ' +
	    'WHERE destroyed IS NULL GROUP BY wrapped_key').split('\n')) {
		const [k, n] = line.split('|');
		counts[k] = Number(n);
	}
	return counts;
}

function liveKeys() {
	return Number(sqlValue('SELECT count(*) FROM person_keys WHERE destroyed IS NULL'));
}

function rotRelatives(n) {
	return [{ relation: 'spouse', name: `回転 花子 ${n}`, birth_date: '1983-03-03',
		nationalities: ['JPN'], address: `東京都港区芝公園4-2-${n}`, cohabitant: true }];
}

// Persons imported for the rotation test, so that it re-wraps their keys
// in more than one batch of 256 and can be stopped between two (one in
// five declares no relatives, and so has no key).
const ROT_BULK = 400;

function bulkPerson(i) {
	const n = String(i).padStart(4, '0');
	return { kind: 'person', id: `t-rot-bulk-${n}`, name: `一括 ${n}`, name_latin: `IKKATSU ${n}`,
		birth_date: '1970-01-01', nationalities: ['JPN'], org: 'mod',
		relatives: i % 5 === 0 ? [] : [{ relation: 'sibling', name: `一括 兄弟 ${n}`,
			birth_date: '1972-02-02', nationalities: ['JPN'], address: `札幌市中央区 ${i}`,
			cohabitant: i % 2 === 0 }] };
}

// --- vetting cases: tests/api/cases.js ---

cases.register({ test, api, tokens, assert, eq, deepEq, canon, show, describe, expectStatus,
	expectError, created, login, activate, yearsFromNow, q, expectDecision, auditEntries,
	cli: (args, env) => cli(SCS_BIN, args, env), tmpdir: () => tmpdir, db: dbUrl, Skip, REPO, ROUTES, RFC3339_RE,
	CODE_RE });

// --- what the web UI needs: tests/api/web.js ---

web.register({ test, api, tokens, assert, eq, show, describe, expectStatus, expectError,
	created, login, auditEntries, q, RFC3339_RE, bin: () => SCS_BIN, env: () => cliEnv(),
	tmpdir: () => tmpdir });

// --- the oversight statistics: tests/api/stats.js ---

stats.register({ test, api, assert, eq, show, expectStatus, expectError, created,
	yearsFromNow });

// --- the capacity planner: tests/api/sim.js ---

sim.register({ test, api, assert, eq, expectStatus, expectError });

// --- the annual report to the Diet: tests/api/annual.js ---

annual.register({ test, api, tokens, assert, eq, deepEq, show, expectStatus, expectError, created,
	activate, login, yearsFromNow, Skip, REPO });

// --- continuous vetting: tests/api/cv.js ---

cv.register({ test, api, assert, eq, deepEq, show, expectStatus, expectError, created,
	yearsFromNow, auditEntries });

// --- attestation codes: tests/api/attest.js ---

attest.register({ test, api, assert, eq, show, expectStatus, expectError, created, yearsFromNow,
	auditEntries, cli: (args, env) => cli(SCS_BIN, args, env), tmpdir: () => tmpdir });

// --- audit proofs: tests/api/proofs.js ---

proofs.register({ test, api, assert, eq, show, expectStatus, expectError, created });

// --- scs serve with TLS: tests/api/tls.js ---

tlsTests.register({ test, api, tokens, assert, eq, show, expectStatus, expectError,
	cli: (args, env) => cli(SCS_BIN, args, env), bin: () => SCS_BIN, env: () => cliEnv(),
	tmpdir: () => tmpdir, adminPassword: ADMIN_PASSWORD, auditEntries });

// --- abuse resistance: tests/api/abuse.js ---

abuse.register({ test, api, tokens, assert, eq, show, expectStatus, expectError,
	cli: (args, env) => cli(SCS_BIN, args, env), bin: () => SCS_BIN, env: () => cliEnv(),
	tmpdir: () => tmpdir, db: dbUrl, auditEntries, Skip });

test('keys rotated by another process while serving: every value opens at once, new person keys use the new key', async () => {
	// A subject of our own to write relatives, and bulk persons imported by
	// another process while the server runs.
	const id = 't-rot-person';
	await created('admin', '/v1/persons', { id, name: '回転 太郎', name_latin: 'KAITEN Taro',
		birth_date: '1981-01-01', nationalities: ['JPN'], org: 'owari-hi' });
	const su = await created('admin', '/v1/users', { username: 'rot-subject', org: 'owari-hi',
		role: 'subject', person: id });
	expectStatus(await activate('rot-subject', su.activation_code, PASSWORD), 200,
	    'rot-subject activates');
	const li = await login('rot-subject', PASSWORD);
	expectStatus(li, 200, 'rot-subject login');
	tokens['rot-subject'] = li.json.token;
	const put = async (rel, what) => changed('rot-subject', `/v1/persons/${id}/relatives`,
	    { relatives: rel }, what);
	const bulk = [];
	for (let i = 1; i <= ROT_BULK; i++)
		bulk.push(bulkPerson(i));
	const bulkFile = path.join(tmpdir, 'rot-bulk.jsonl');
	fs.writeFileSync(bulkFile, bulk.map((p) => JSON.stringify(p)).join('\n') + '\n');
	cli(SCS_BIN, ['import', bulkFile]);
	await put(rotRelatives(0), 'declare before the rotation');
	const k0 = sealedKeyOf(id);

	const list = await api('GET', '/v1/persons?limit=1000', { as: 'admin' });
	expectStatus(list, 200, 'list persons');
	const ids = list.json.persons.map((p) => p.id);
	assert(liveKeys() > 256, `${liveKeys()} person keys: one batch would re-wrap them all`);
	const readAll = async (what) => {
		const all = {};
		for (const p of ids) {
			const r = await api('GET', `/v1/persons/${p}/relatives?purpose=` +
			    q(`key rotation check: ${what}`), { as: 'adjudicator' });
			expectStatus(r, 200, `${what}: ${p}`);
			all[p] = r.json.relatives;
		}
		return all;
	};
	const want = await readAll('before');
	deepEq(want[id], rotRelatives(0), 'read back before the rotation');
	for (const p of bulk)
		deepEq(want[p.id], p.relatives, `imported ${p.id} read back`);

	// Rotation 1 stops after its first batch, as kill -9 would: the new
	// key is current on disk, the persons' keys are wrapped under both.
	eq(await rotateKeys(1), null, 'rotation stopped after one batch');
	const mid = keyCounts();
	const k1 = Math.max(...Object.keys(mid).map(Number));
	assert(k1 > k0 && mid[k0] > 0 && mid[k1] > 0,
	    `mid-rotation person keys per register key: ${show(mid)} (old key ${k0})`);
	deepEq(await readAll('mid-rotation'), want, 'every relatives read mid-rotation');
	// A write between the rotation's batches: sealed under the person's
	// own key, which the rotation has not re-wrapped yet (values are
	// never re-sealed); a person's first key is wrapped under the new
	// register key at once (before, the server sealed under the key it
	// started with).
	eq(sealedKeyOf(id), k0, `${id}'s key is not re-wrapped yet`);
	await put(rotRelatives(1), 'write mid-rotation');
	eq(sealedKeyOf(id), k0, 'a write mid-rotation keeps the person\'s key');
	want[id] = rotRelatives(1);
	const lateFile = path.join(tmpdir, 'rot-late.jsonl');
	fs.writeFileSync(lateFile, JSON.stringify(bulkPerson(ROT_BULK + 1)) + '\n');
	cli(SCS_BIN, ['import', lateFile]);
	eq(sealedKeyOf(bulkPerson(ROT_BULK + 1).id), k1, 'key of a person made mid-rotation');

	// The rotation resumes and ends; the server was never restarted.
	eq(await rotateKeys(), k1, 'the resumed rotation ends on its key');
	eq(sealedKeyOf(id), k1, `${id}'s key re-wrapped by the resumed rotation`);
	deepEq(keyCounts(), { [k1]: liveKeys() }, 'person keys per register key after rotation 1');
	// (1) Every person's relatives: 200 and what was written.
	deepEq(await readAll('after rotation 1'), want, 'every relatives read after rotation 1');
	// (2) A write through the server is sealed under the new key.
	await put(rotRelatives(2), 'write after rotation 1');
	eq(sealedKeyOf(id), k1, 'key of a write after rotation 1');
	want[id] = rotRelatives(2);

	// (3) A second rotation, in one run.
	const k2 = await rotateKeys();
	eq(k2, k1 + 1, 'second rotation key');
	deepEq(keyCounts(), { [k2]: liveKeys() }, 'person keys per register key after rotation 2');
	deepEq(await readAll('after rotation 2'), want, 'every relatives read after rotation 2');
	await put(rotRelatives(3), 'write after rotation 2');
	eq(sealedKeyOf(id), k2, 'key of a write after rotation 2');
	const back = await api('GET', `/v1/persons/${id}/relatives?purpose=` +
	    q('key rotation check: last'), { as: 'rot-subject' });
	expectStatus(back, 200, 'the subject reads own relatives');
	deepEq(back.json.relatives, rotRelatives(3), 'read back after rotation 2');

	const v = await api('POST', '/v1/audit/verify', { as: 'auditor' });
	expectStatus(v, 200, 'audit verify after the rotations');
	eq(v.json.ok, true, `audit verify after the rotations (problem: ${v.json.problem})`);
});

test('a briefing or membership naming an unknown compartment or program is 400 naming it; the server stays up', async () => {
	await created('admin', '/v1/programs', { id: 't-prog-probe', name: 'Probe', owner: 'mod' });
	await created('admin', '/v1/compartments', { id: 't-cmp-probe', name: 'Probe', owner: 'mod' });
	const cases = [
		['officer', '/v1/briefings', { person: 'p16', compartment: 't-no-such-compartment',
			nda_signed: '2025-01-10', valid_from: '2025-01-10' }, 'compartment'],
		['admin', '/v1/briefings', { person: 'p01', compartment: 't-no-such-compartment',
			nda_signed: '2025-01-10', valid_from: '2025-01-10' }, 'compartment'],
		['officer', '/v1/briefings', { person: 't-no-such-person', compartment: 't-cmp-probe',
			nda_signed: '2025-01-10', valid_from: '2025-01-10' }, 'person'],
		['designator', '/v1/memberships', { program: 't-no-such-program', person: 'p01',
			valid_from: '2025-01-10' }, 'program'],
		['designator', '/v1/memberships', { program: 't-prog-probe', person: 't-no-such-person',
			valid_from: '2025-01-10' }, 'person'],
	];
	for (const [u, p, body, field] of cases) {
		for (const method of ['POST', 'PUT']) {
			const r = await api(method, p, { as: u, body });
			expectError(r, 400, 'invalid', field, `${u}: ${method} ${p} ${show(body)}`);
		}
		expectStatus(await api('GET', '/v1/health'), 200, `the server is up after ${p} ${show(body)}`);
	}
});

// ---------------------------------------------------------------------

async function setup(bin) {
	tmpdir = fs.mkdtempSync(path.join(os.tmpdir(), 'scs-api-'));
	SCS_BIN = bin;
	demo = readDemo();
	cli(bin, ['init']);
	cli(bin, ['import', DEMO]);
	// An investigator opens relatives only of persons with a case
	// assigned to its screening body: give cao one for each person the
	// relatives tests read (JPN-MOD, so the vetting tests' nominations
	// under JPN-SDS and JPN-CESI stay free).
	const fixture = path.join(tmpdir, 'assigned-cases.jsonl');
	fs.writeFileSync(fixture, ['p01', 'p02', 'p-demo-subject', 'p10'].map((p, i) => JSON.stringify({
		kind: 'case', id: `C-FIXTURE${i}`, person: p, authority: 'JPN-MOD', level: 'HI',
		sponsor: 'mod', need: 'relatives tests', type: 'initial', state: 'investigating',
		opened: '2026-01-05T00:00:00Z', since: '2026-01-10T00:00:00Z', body: 'cao',
		consent_version: 'GENERIC-2026-1',
	})).join('\n') + '\n');
	cli(bin, ['import', fixture]);
	for (const [name, org, role, person] of ACCOUNTS) {
		const args = ['user', 'add', name, '--org', org, '--role', role];
		if (person)
			args.push('--person', person);
		const o = cli(bin, args);
		if (role === 'relying_system') {
			const m = /^API key \(shown once\): (scs_\S+)$/m.exec(o);
			if (!m)
				throw new Error(`no API key in the output of scs user add ${name}: ${o}`);
			tokens[name] = m[1];
		}
		if (role === 'subject') {
			// No password for a subject: the person activates the
			// account with its code (SCS_PASSWORD is the new one).
			const m = /^activation code: (\S+)$/m.exec(o);
			if (!m)
				throw new Error(`no activation code in the output of scs user add ${name}: ${o}`);
			cli(bin, ['user', 'activate', name, '--code', m[1]]);
		}
	}
	// The record checks' feed: configured before the server starts, which
	// opens it at start.
	cases.beforeServe({ cli: (args) => cli(bin, args), tmpdir: () => tmpdir, db: dbUrl });
	BASE = await startServer(bin);
	const l = await login('admin', ADMIN_PASSWORD);
	if (l.status !== 200)
		throw new Error(`admin login: ${describe(l)}`);
	tokens.admin = l.json.token;
	for (const [name, , role] of ACCOUNTS) {
		if (role === 'relying_system' || name === 'lockme' || name === 'disposable' ||
		    name === 'disable-target')
			continue;
		const r = await login(name, PASSWORD);
		if (r.status !== 200)
			throw new Error(`login ${name}: ${describe(r)}`);
		tokens[name] = r.json.token;
	}
}

async function main() {
	const bin = process.argv[2];
	if (!bin) {
		process.stderr.write('usage: node tests/api/run.js /abs/path/to/scs\n');
		fail('usage', 'no scs binary given');
		finish();
		return;
	}
	if (!fs.existsSync(bin)) {
		fail('setup', `${bin} does not exist (run make all)`);
		finish();
		return;
	}
	try {
		await setup(path.resolve(bin));
	} catch (e) {
		fail('setup', e.message);
		if (serverStderr)
			out(`# server stderr: ${oneLine(serverStderr.slice(-2000))}`);
		finish();
		return;
	}
	for (const t of tests) {
		try {
			await t.fn();
			pass(t.name);
		} catch (e) {
			if (e instanceof Skip) {
				skipped++;
				out(`skip - ${t.name}: ${e.message}`);
				continue;
			}
			fail(t.name, e instanceof AssertionError ? e.message :
			    `${e.name}: ${e.message}${e.cause ? ' (' + e.cause + ')' : ''}`);
		}
		if (server.exitCode !== null || server.signalCode !== null) {
			fail('server stays up', `scs serve died (${server.exitCode ?? server.signalCode}) ` +
			    `during "${t.name}": ${serverStderr.slice(-2000)}`);
			break;
		}
	}
	const name = 'scs serve stops cleanly on SIGTERM with no sanitizer report';
	const st = await stopServer();
	const sanitizer = /AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:/
		.exec(serverStderr);
	if (st && st.code === 0 && !sanitizer)
		pass(name);
	else
		fail(name, `exit ${show(st)}; stderr: ${serverStderr.slice(-2000)}`);
	clearTimeout(globalTimer);
	finish();
}

main().catch((e) => {
	fail('runner', e && e.stack ? e.stack : String(e));
	finish();
});
