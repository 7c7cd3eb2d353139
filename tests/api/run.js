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
const os = require('node:os');
const path = require('node:path');

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

const ROUTES = [
	{ method: 'GET', path: '/v1/health', roles: null },
	{ method: 'GET', path: '/v1/openapi.json', roles: null },
	{ method: 'POST', path: '/v1/login', roles: null },
	{ method: 'POST', path: '/v1/logout', roles: PEOPLE },
	{ method: 'GET', path: '/v1/me', roles: SIGNED_IN },
	{ method: 'GET', path: '/v1/organizations', roles: PEOPLE },
	{ method: 'POST', path: '/v1/organizations', roles: ['admin'] },
	{ method: 'GET', path: '/v1/organizations/{id}', roles: PEOPLE },
	{ method: 'PUT', path: '/v1/organizations/{id}', roles: ['admin'] },
	{ method: 'GET', path: '/v1/persons', roles: ID_LISTERS },
	{ method: 'POST', path: '/v1/persons', roles: ['admin', 'security_officer'] },
	{ method: 'GET', path: '/v1/persons/{id}', roles: ID_READERS },
	{ method: 'PUT', path: '/v1/persons/{id}', roles: ['admin', 'security_officer'] },
	{ method: 'GET', path: '/v1/persons/{id}/relatives', roles: REL_ROLES },
	{ method: 'PUT', path: '/v1/persons/{id}/relatives', roles: ['subject'] },
	{ method: 'GET', path: '/v1/users', roles: ['admin'] },
	{ method: 'POST', path: '/v1/users', roles: ['admin'] },
	{ method: 'POST', path: '/v1/users/{id}/disable', roles: ['admin'] },
	{ method: 'GET', path: '/v1/audit', roles: ['auditor'] },
	{ method: 'GET', path: '/v1/audit/head', roles: ['auditor', 'admin'] },
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
let finished = false;
let server = null;       // the `scs serve` child
let serverStderr = '';
let tmpdir = null;
let BASE = null;         // http://127.0.0.1:PORT
const tokens = {};       // username -> bearer
const tests = [];
const relativesReads = []; // every 200 GET .../relatives this run made

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
	const r = await fetch(BASE + p, {
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
	return { method, path: p, status: r.status, headers: r.headers, buf, text, json };
}

async function login(username, password) {
	return api('POST', '/v1/login', { body: { username, password } });
}

// Every audit entry, paging with from/limit.
async function auditEntries() {
	const all = [];
	let from = 0;
	for (let guard = 0; guard < 1000; guard++) {
		const r = await api('GET', `/v1/audit?from=${from}&limit=1000`, { as: 'auditor' });
		expectStatus(r, 200, 'GET /v1/audit');
		assert(Array.isArray(r.json.entries), 'GET /v1/audit: no entries array');
		if (r.json.entries.length === 0)
			break;
		all.push(...r.json.entries);
		from = r.json.entries[r.json.entries.length - 1].seq + 1;
		if (r.json.entries.length < 1000)
			break;
	}
	return all;
}

function q(s) {
	return encodeURIComponent(s);
}

// ---------------------------------------------------------------------
// Setup: a register, users, a server.

function cliEnv() {
	const env = Object.assign({}, process.env, {
		SCS_DB: path.join(tmpdir, 'r.db'),
		SCS_PWHASH_COST: 'min',
		SCS_ADMIN_PASSWORD: ADMIN_PASSWORD,
		SCS_PASSWORD: PASSWORD,
	});
	delete env.SCS_KEYS; // keys live next to the temporary register
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
		server = spawn(bin, ['serve', '--listen', '127.0.0.1:0'], {
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

function test(name, fn) {
	tests.push({ name, fn });
}

function fill(p) {
	return p.replace('{id}', 'X');
}

// Paths for the matrix: ids that exist, so only the role decides.
const MATRIX_IDS = {
	'/v1/organizations/{id}': '/v1/organizations/mod',
	'/v1/persons/{id}': '/v1/persons/p14',
	'/v1/persons/{id}/relatives': '/v1/persons/p14/relatives?purpose=' +
	    q('denied-probe matrix'),
	'/v1/users/{id}/disable': '/v1/users/disable-target/disable',
};

function concretePath(route) {
	return MATRIX_IDS[route.path] || route.path;
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
	const problems = [];
	for (const route of ROUTES) {
		if (route.method !== 'GET' || route.roles === null)
			continue;
		for (const role of route.roles) {
			const person = idFor[role] || 'p01';
			let p = route.path.replace('/v1/organizations/{id}', '/v1/organizations/cao')
				.replace('{id}', person);
			if (route.path.endsWith('/relatives'))
				p += '?purpose=' + q('allowed-gate probe');
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
		[{ country: 'XXX' }, 'country'],
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
		org: 'owari-hi', role: 'subject', person: 'test-person-jp', password: PASSWORD } });
	expectStatus(u, 201, 'subject account');
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
		[{ nationalities: ['XXX'] }, 'nationalities[0]'],
		[{ nationalities: ['JPN', 'XXX'] }, 'nationalities[1]'],
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
		[{ relatives: [Object.assign({}, rel, { nationalities: ['XXX'] })] },
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

test('security officer reads own staff (200) but not others (403)', async () => {
	const own = await api('GET', '/v1/persons/p14', { as: 'officer' });
	expectStatus(own, 200, 'p14');
	eq(own.json.name, demo.persons.p14.name, 'p14 name');
	expectError(await api('GET', '/v1/persons/p01', { as: 'officer' }), 403, 'forbidden',
	    undefined, 'p01 (mod)');
	expectError(await api('GET', '/v1/persons/p17', { as: 'officer' }), 403, 'forbidden',
	    undefined, 'p17 (asakaze-semi)');
	expectError(await api('GET', '/v1/persons/p14', { as: 'officer2' }), 403, 'forbidden',
	    undefined, 'officer2 on p14');
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
		as: 'officer2', body: Object.assign({}, p, { org: 'asakaze-semi' }) }), 403, 'forbidden',
	    undefined, 'officer2 takes over');
	const p01 = Object.assign({}, demo.persons.p01);
	delete p01.relatives;
	delete p01.kind;
	expectError(await api('PUT', '/v1/persons/p01', {
		as: 'officer', body: Object.assign({}, p01, { org: 'owari-hi' }) }), 403, 'forbidden',
	    undefined, 'take over p01');
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

test('subject reads own identity (200), nobody else\'s (403)', async () => {
	const r = await api('GET', '/v1/persons/p-demo-subject', { as: 'subject' });
	expectStatus(r, 200, 'own');
	eq(r.json.name, demo.persons['p-demo-subject'].name, 'name');
	eq(r.json.org, 'owari-hi', 'org');
	for (const id of ['p14', 'p01', 'p17'])
		expectError(await api('GET', `/v1/persons/${id}`, { as: 'subject' }), 403, 'forbidden',
		    undefined, id);
	expectError(await api('GET', '/v1/persons', { as: 'subject' }), 403, 'forbidden', undefined,
	    'list');
});

test('subject reads own relatives with a purpose (200), others\' are 403', async () => {
	const r = await api('GET', '/v1/persons/p-demo-subject/relatives?purpose=' +
	    q('self review'), { as: 'subject' });
	expectStatus(r, 200, 'own');
	deepEq(r.json.relatives, demo.persons['p-demo-subject'].relatives, 'own relatives');
	for (const id of ['p14', 'p01']) {
		const d = await api('GET', `/v1/persons/${id}/relatives?purpose=` +
		    q('denied-probe subject'), { as: 'subject' });
		expectError(d, 403, 'forbidden', undefined, id);
	}
	expectError(await api('GET', '/v1/persons/p-demo-subject/relatives', { as: 'subject' }),
	    400, 'invalid', 'purpose', 'own without purpose');
});

test('subject replaces own relatives (200), not others\' (403)', async () => {
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
			as: 'subject', body: { relatives: [extra] } }), 403, 'forbidden', undefined,
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
	for (const [u, id] of denied)
		expectStatus(await api('GET', `/v1/persons/${id}/relatives?purpose=` +
		    q(`denied-probe ${tag} ${u}`), { as: u }), 403, `${u} denied`);
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
	// others') is exactly one "read" entry, and there are no other reads.
	const key = (actor, object, purpose) => `${actor}|${object}|${purpose}`;
	const want = new Map();
	for (const x of relativesReads) {
		const k = key(`user:${x.user}`, x.person, x.purpose);
		want.set(k, (want.get(k) || 0) + 1);
	}
	const got = new Map();
	for (const e of entries.filter((x) => x.action === 'read')) {
		const k = key(e.actor, e.object, e.purpose);
		got.set(k, (got.get(k) || 0) + 1);
	}
	const diff = [];
	for (const k of new Set([...want.keys(), ...got.keys()]))
		if ((want.get(k) || 0) !== (got.get(k) || 0))
			diff.push(`${k}: ${want.get(k) || 0} reads, ${got.get(k) || 0} entries`);
	assert(diff.length === 0, `reads and read entries differ: ${diff.join('; ')}`);
});

test('GET /v1/audit validates from/limit; entries are ordered by seq', async () => {
	expectError(await api('GET', '/v1/audit?limit=0', { as: 'auditor' }), 400, 'invalid', 'limit');
	expectError(await api('GET', '/v1/audit?limit=1001', { as: 'auditor' }), 400, 'invalid', 'limit');
	expectError(await api('GET', '/v1/audit?from=abc', { as: 'auditor' }), 400, 'invalid', 'from');
	const r = await api('GET', '/v1/audit?limit=3', { as: 'auditor' });
	expectStatus(r, 200);
	eq(r.json.entries.length, 3, 'limit=3');
	const seqs = r.json.entries.map((e) => e.seq);
	assert(seqs[0] < seqs[1] && seqs[1] < seqs[2], `not ascending: ${seqs}`);
	const r2 = await api('GET', `/v1/audit?from=${seqs[1]}&limit=1`, { as: 'auditor' });
	eq(r2.json.entries[0].seq, seqs[1], 'from');
	for (const e of r.json.entries)
		for (const k of ['actor', 'action', 'kind', 'object', 'purpose', 'state'])
			assert(typeof e[k] === 'string', `entry lacks ${k}`);
});

test('GET /v1/audit/head is a signed tree head', async () => {
	const r = await api('GET', '/v1/audit/head', { as: 'auditor' });
	expectStatus(r, 200);
	assert(Number.isInteger(r.json.size) && r.json.size > 0, `size ${r.json.size}`);
	assert(/^[0-9a-f]{64}$/.test(r.json.root), 'root');
	assert(/^[0-9a-f]{128}$/.test(r.json.signature), 'signature');
	assert(/^[0-9a-f]{64}$/.test(r.json.public_key), 'public_key');
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
		username: 'api-subj', org: 'mod', role: 'subject', person: 'p-demo-subject',
		password: PASSWORD } }), 400, 'invalid', 'org', 'subject of another org');
	expectError(await api('POST', '/v1/users', { as: 'admin', body: {
		username: 'api-subj2', org: 'owari-hi', role: 'subject', password: PASSWORD } }),
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

test('413 for a body over 1 MiB', async () => {
	const big = '{"id":"test-org-413","name":"' + 'a'.repeat(1024 * 1024) + '"}';
	const r = await api('POST', '/v1/organizations', { as: 'admin', raw: big });
	expectError(r, 413, 'too_large');
	// The server keeps serving afterwards.
	expectStatus(await api('GET', '/v1/health'), 200, 'health after 413');
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
	expectError(await api('GET', '/v1/persons/bad%20id', { as: 'admin' }), 404, 'not_found',
	    undefined, 'invalid id in the path');
	expectError(await api('GET', '/v2/health'), 404, 'not_found', undefined, '/v2');
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

// ---------------------------------------------------------------------

async function setup(bin) {
	tmpdir = fs.mkdtempSync(path.join(os.tmpdir(), 'scs-api-'));
	demo = readDemo();
	cli(bin, ['init']);
	cli(bin, ['import', DEMO]);
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
	}
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
