// SPDX-License-Identifier: Apache-2.0
//
// abuse.js - the API tests of abuse resistance (issue 11, item 6;
// docs/operations.md, "Limits"): rate limits per client address and per
// account (429 with Retry-After), a sign-in lockout that nobody can use to
// lock a person out, made-up names that leave nothing in the register,
// connection limits that keep one client from starving the rest, idle
// connections closed, and oversized bodies refused before they are sent.
//
// Each group starts its own `scs serve` on the run's register with the
// limits it needs (small ones, so that a test reaches them quickly), and
// stops it at the end.  A second client address is 127.0.0.2 (the
// loopback network answers all of 127/8).  No test asserts on how long
// anything took: a closed connection is waited for, never timed.
//
// run.js loads this file and calls register(h) with its helpers.
'use strict';

const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const http = require('node:http');
const net = require('node:net');

function register(h) {
	const { test, assert, eq, show, expectStatus, expectError } = h;
	const PW = 'abuse-password-1';
	const live = new Set();

	process.on('exit', () => {
		for (const c of live)
			if (c.exitCode === null && c.signalCode === null)
				c.kill('SIGKILL');
	});

	// `scs serve` with @args: resolves {child, port, stop()}.  @env
	// replaces some of the run's environment (another register).
	function serve(args, env = {}) {
		return new Promise((resolve, reject) => {
			const child = spawn(h.bin(), ['serve', '--listen', '127.0.0.1:0', ...args], {
				cwd: h.tmpdir(), env: Object.assign(h.env(), env), stdio: ['ignore', 'pipe', 'pipe'],
			});
			live.add(child);
			let stdout = '';
			let stderr = '';
			child.stderr.setEncoding('utf8');
			child.stderr.on('data', (d) => { stderr += d; });
			child.stdout.setEncoding('utf8');
			child.stdout.on('data', (d) => {
				stdout += d;
				const m = /^scs serving .* on http:\/\/127\.0\.0\.1:(\d+)\/$/m.exec(stdout);
				if (m)
					resolve({ child, port: Number(m[1]), stderr: () => stderr, stop: () => stop(child) });
			});
			child.on('exit', (code, sig) => reject(new Error(`scs serve exited (${code ?? sig}): ${stderr}`)));
			child.on('error', reject);
		});
	}

	function stop(child) {
		return new Promise((resolve) => {
			if (child.exitCode !== null || child.signalCode !== null) {
				resolve(child.exitCode);
				return;
			}
			child.on('exit', (code) => {
				live.delete(child);
				resolve(code);
			});
			child.kill('SIGTERM');
		});
	}

	// A request to @srv from @from (a local address): {status, headers,
	// json, text}.  opts: body, token, cookie, headers.
	function req(srv, method, p, opts = {}, from = '127.0.0.1') {
		const headers = Object.assign({}, opts.headers || {});
		let body;
		if (opts.token)
			headers.Authorization = `Bearer ${opts.token}`;
		if (opts.cookie)
			headers.Cookie = opts.cookie;
		if (opts.body !== undefined) {
			body = JSON.stringify(opts.body);
			headers['Content-Type'] = 'application/json';
		}
		return new Promise((resolve, reject) => {
			const r = http.request({ method, host: '127.0.0.1', port: srv.port, path: p, headers,
				localAddress: from, agent: false }, (res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					let json;
					try {
						json = text ? JSON.parse(text) : undefined;
					} catch (e) {
						json = undefined;
					}
					resolve({ method, path: p, status: res.statusCode, headers: res.headers, text, json });
				});
			});
			r.on('error', reject);
			if (body !== undefined)
				r.write(body);
			r.end();
		});
	}

	// The HTTP edge is the same on every backend: these tests run on the
	// SQLite run only (the PostgreSQL run of the suite skips them).
	function sqliteOnly() {
		if (h.db().startsWith('postgres'))
			throw new h.Skip('the HTTP edge, tested on the SQLite run');
	}

	function signin(srv, username, password, extra = {}, from) {
		return req(srv, 'POST', '/v1/login', { body: Object.assign({ username, password }, extra) }, from);
	}

	// 429 with the code @code and a Retry-After of whole seconds.
	function expect429(r, code, what) {
		eq(r.status, 429, `${what}: status (${show(r.json)})`);
		eq(r.json && r.json.error && r.json.error.code, code, `${what}: code`);
		assert(/^[1-9][0-9]*$/.test(r.headers['retry-after'] || ''),
		    `${what}: Retry-After ${show(r.headers['retry-after'])}`);
	}

	async function makeUser(username, role = 'security_officer') {
		expectStatus(await h.api('POST', '/v1/users', { as: 'admin',
			body: { username, org: 'owari-hi', role, password: PW } }), 201, `create ${username}`);
	}

	async function auditCount() {
		const r = await h.api('GET', '/v1/audit/head', { as: 'auditor' });
		expectStatus(r, 200, 'audit head');
		return r.json.size;
	}

	test('abuse: failed sign-ins are limited per client address (429, Retry-After); other addresses and good sign-ins are not', async () => {
		sqliteOnly();
		await makeUser('t-ab-addr');
		const srv = await serve(['--limit-signin', '3']);
		try {
			// Good sign-ins never spend the budget.
			for (let i = 0; i < 5; i++)
				expectStatus(await signin(srv, 't-ab-addr', PW), 200, `good sign-in ${i}`);
			for (let i = 0; i < 3; i++)
				expectError(await signin(srv, `t-ab-ghost-${i}`, 'wrong-password-1'), 401,
				    'unauthenticated', '', `failure ${i}`);
			const r = await signin(srv, 't-ab-addr', PW);
			expect429(r, 'rate_limited', 'the fourth attempt, even with the right password');
			assert(/this address/.test(r.json.error.message), `message ${r.json.error.message}`);
			// Another address is not held.
			expectStatus(await signin(srv, 't-ab-addr', PW, {}, '127.0.0.2'), 200, 'from 127.0.0.2');
			// Activation counts against the same budget.
			expect429(await req(srv, 'POST', '/v1/activate', { body: { username: 'x', code: 'y',
				password: 'zzzzzzzzzzzzzz' } }), 'rate_limited', 'activation from the held address');
		} finally {
			eq(await srv.stop(), 0, 'server stops cleanly');
		}
	});

	test('abuse: made-up names lock like real accounts and leave no row and no entry of their own; refusals are summarized per caller', async () => {
		sqliteOnly();
		await makeUser('t-ab-real');
		const srv = await serve(['--limit-signin', '0']);
		const before = await auditCount();
		try {
			const ghost = [];
			const real = [];
			for (let i = 0; i < 6; i++) {
				ghost.push(await signin(srv, 't-ab-nobody', 'wrong-password-1', {}, '127.0.0.7'));
				real.push(await signin(srv, 't-ab-real', 'wrong-password-1', {}, '127.0.0.7'));
			}
			// The same answers, failure for failure: nothing tells which
			// name exists.
			for (let i = 0; i < 6; i++) {
				eq(ghost[i].status, real[i].status, `attempt ${i}: status`);
				eq(ghost[i].json.error.code, real[i].json.error.code, `attempt ${i}: code`);
				eq(ghost[i].headers['retry-after'], real[i].headers['retry-after'], `attempt ${i}: Retry-After`);
			}
			expect429(ghost[5], 'locked', 'the sixth attempt on a made-up name');
			for (let i = 0; i < 238; i++)
				expectError(await signin(srv, `t-ab-made-up-${i}`, 'wrong-password-1', {}, '127.0.0.7'), 401,
				    'unauthenticated', '', `made-up ${i}`);
		} finally {
			eq(await srv.stop(), 0, 'server stops cleanly');
		}
		// 238 made-up names: no entry for any of them.  The real account's
		// 4 failures and its lockout are entries; the refusals are summed
		// up per caller, status and route (at the latest when the server
		// stops): a few entries, whatever the number of attempts.
		const entries = (await h.auditEntries(`after=${before - 1}`)).filter((e) => e.seq >= before);
		const own = entries.filter((e) => e.action !== 'refused');
		deepEqActions(own.filter((e) => e.object === 't-ab-real'),
		    ['login_failed', 'login_failed', 'login_failed', 'login_failed', 'login_locked']);
		assert(!entries.some((e) => /t-ab-(nobody|made-up)/.test(e.object)), 'an entry names a made-up name');
		const sums = entries.filter((e) => e.action === 'refused' && e.actor === 'address:127.0.0.7');
		assert(sums.length >= 1 && sums.length <= 4, `refusal summaries ${show(sums)}`);
		let n401 = 0;
		let n429 = 0;
		for (const e of sums) {
			eq(e.kind, 'request', 'kind');
			eq(e.object, 'POST /v1/login', 'object');
			const m = /^(401|429) x([0-9]+)$/.exec(e.purpose);
			assert(m, `purpose ${e.purpose}`);
			if (m[1] === '401')
				n401 += Number(m[2]);
			else
				n429 += Number(m[2]);
		}
		eq(n401, 10 + 238, '401s summed (five failures of each name, then the made-up names)');
		eq(n429, 2, '429s summed (the sixth attempt of each name)');
	});

	function deepEqActions(entries, want) {
		eq(JSON.stringify(entries.map((e) => e.action)), JSON.stringify(want), 'actions');
	}

	test('abuse: nobody can lock a person out: a device that signed in before is not held by the account\'s lockout', async () => {
		sqliteOnly();
		await makeUser('t-ab-victim');
		await makeUser('t-ab-other');
		const srv = await serve(['--limit-signin', '0']);
		try {
			// The person signs in once from their device (an API client
			// keeps the token it is given; a browser gets a cookie).
			const first = await signin(srv, 't-ab-victim', PW);
			expectStatus(first, 200, 'first sign-in');
			const device = first.json.device;
			assert(/^d[0-9a-f]{64}$/.test(device || ''), `device token ${show(device)}`);
			const otherDev = (await signin(srv, 't-ab-other', PW)).json.device;
			// An attacker fails until the account locks.
			let r;
			for (let i = 0; i < 6; i++)
				r = await signin(srv, 't-ab-victim', 'guess-password-1', {}, '127.0.0.2');
			expect429(r, 'locked', 'the attacker is locked out');
			expect429(await signin(srv, 't-ab-victim', PW), 'locked', 'the right password from a new device');
			// The person, from their device, is not.
			const ok = await signin(srv, 't-ab-victim', PW, { device });
			expectStatus(ok, 200, 'the person from their device');
			eq(ok.json.device, device, 'the same device token back');
			// A device token of another account proves nothing here.
			expect429(await signin(srv, 't-ab-victim', PW, { device: otherDev }), 'locked',
			    'another account\'s device token');
			expectError(await signin(srv, 't-ab-victim', PW, { device: 'd' + '0'.repeat(64) }), 429,
			    'locked', '', 'a forged device token');
			expectError(await signin(srv, 't-ab-victim', PW, { device: 12 }), 400, 'invalid', 'device',
			    'a device that is not a string');
			// The device's own failures are limited too: 5, then it waits.
			for (let i = 0; i < 5; i++)
				expectError(await signin(srv, 't-ab-victim', 'typo-password-1', { device }), 401,
				    'unauthenticated', '', `device failure ${i}`);
			expect429(await signin(srv, 't-ab-victim', PW, { device }), 'locked', 'a device past its failures');
			// A browser's device cookie works the same way.
			const c = await signin(srv, 't-ab-other', PW, { cookie: true });
			const dc = [].concat(c.headers['set-cookie']).find((x) => x.startsWith('scs_device='));
			assert(dc, `device cookie: ${show(c.headers['set-cookie'])}`);
			for (let i = 0; i < 6; i++)
				await signin(srv, 't-ab-other', 'guess-password-1', {}, '127.0.0.2');
			const byCookie = await req(srv, 'POST', '/v1/login', { body: { username: 't-ab-other', password: PW },
				cookie: dc.slice(0, dc.indexOf(';')) });
			expectStatus(byCookie, 200, 'signed in by the device cookie while locked');
		} finally {
			eq(await srv.stop(), 0, 'server stops cleanly');
		}
	});

	test('abuse: decisions and exports are limited per account (429, Retry-After); other accounts go on; refusals are security events naming the caller', async () => {
		sqliteOnly();
		const srv = await serve(['--limit-decisions', '3', '--limit-exports', '2']);
		const before = await auditCount();
		try {
			const dq = { subject: 'p-nobody', item: 'doc-nobody' };
			const rs = h.tokens.relying;
			assert(rs, 'a relying-system token');
			for (let i = 0; i < 3; i++)
				expectStatus(await req(srv, 'POST', '/v1/decisions', { token: rs, body: dq }), 200, `decision ${i}`);
			expect429(await req(srv, 'POST', '/v1/decisions', { token: rs, body: dq }), 'rate_limited',
			    'the fourth decision request in a second');
			const aud = h.tokens.auditor;
			for (let i = 0; i < 2; i++)
				expectStatus(await req(srv, 'GET', '/v1/audit?limit=1', { token: aud }), 200, `export ${i}`);
			const r = await req(srv, 'GET', '/v1/audit?limit=1', { token: aud });
			expect429(r, 'rate_limited', 'the third export in a minute');
			assert(/GET \/v1\/audit/.test(r.json.error.message), `message ${r.json.error.message}`);
			// Another account has its own budget; a route that is no
			// export is not limited.
			expectStatus(await req(srv, 'GET', '/v1/persons?limit=1', { token: h.tokens.admin }), 200,
			    'the admin lists persons');
			expectStatus(await req(srv, 'GET', '/v1/audit/head', { token: aud }), 200, 'the audit head');
			// A 403 of a signed-in person: theirs too.
			expectError(await req(srv, 'GET', '/v1/users', { token: aud }), 403, 'forbidden', '',
			    'the auditor lists accounts');
		} finally {
			eq(await srv.stop(), 0, 'server stops cleanly');
		}
		const sums = (await h.auditEntries(`after=${before - 1}&action=refused`))
			.filter((e) => e.seq >= before).map((e) => `${e.actor} ${e.object} ${e.purpose}`);
		for (const want of ['service:relying POST /v1/decisions 429 x1', 'user:auditor GET /v1/audit 429 x1',
			'user:auditor GET /v1/users 403 x1'])
			assert(sums.includes(want), `no summary "${want}" in ${show(sums)}`);
	});

	// A socket to @srv from @from that has sent @bytes: resolves once
	// connected; its .gone resolves when the server closes it (not .closed,
	// which a socket already has as a stream).
	function openSocket(srv, from, bytes = '') {
		return new Promise((resolve, reject) => {
			const s = net.connect({ host: '127.0.0.1', port: srv.port, localAddress: from }, () => {
				if (bytes)
					s.write(bytes);
				resolve(s);
			});
			s.data = '';
			s.on('data', (d) => { s.data += d.toString('latin1'); });
			s.gone = new Promise((res) => s.on('close', res));
			s.on('error', (e) => {
				s.failed = e;
				reject(e);
			});
		});
	}

	test('abuse: 1,000 idle sockets from one client do not stop /v1/health for anyone else', async () => {
		sqliteOnly();
		const srv = await serve(['--max-conns-per-client', '16']);
		const socks = [];
		try {
			let refused = 0;
			for (let i = 0; i < 1000; i++) {
				try {
					// Half a request line, then nothing.
					socks.push(await openSocket(srv, '127.0.0.3', 'GET /v1/hea'));
				} catch (e) {
					refused++;
				}
			}
			// Past its 16, the server closes the client's connections at
			// once (the kernel may have accepted them first).
			let closed = 0;
			await Promise.all(socks.slice(16).map((s) => s.gone.then(() => { closed++; })));
			eq(closed + refused, 1000 - 16, 'connections past the per-client limit closed');
			const r = await req(srv, 'GET', '/v1/health', {}, '127.0.0.4');
			expectStatus(r, 200, '/v1/health from another address');
		} finally {
			for (const s of socks)
				s.destroy();
			eq(await srv.stop(), 0, 'server stops cleanly');
		}
	});

	test('abuse: a connection that stops sending mid-request is closed (slowloris), the server goes on', async () => {
		sqliteOnly();
		const srv = await serve(['--conn-timeout', '1']);
		try {
			const s = await openSocket(srv, '127.0.0.5', 'POST /v1/login HTTP/1.1\r\nHost: x\r\nContent-Le');
			await s.gone;
			assert(!s.data.startsWith('HTTP/1.1 200'), `no answer to half a request: ${show(s.data)}`);
			const b = await openSocket(srv, '127.0.0.5',
			    'POST /v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"user');
			await b.gone;
			expectStatus(await req(srv, 'GET', '/v1/health', {}, '127.0.0.5'), 200, 'health afterwards');
		} finally {
			eq(await srv.stop(), 0, 'server stops cleanly');
		}
	});

	test('abuse: a 10 GB Content-Length is refused before the body (413); Expect: 100-continue with 5 MB gets 413, never 100', async () => {
		sqliteOnly();
		const srv = await serve([]);
		try {
			const big = await openSocket(srv, '127.0.0.6', 'POST /v1/persons HTTP/1.1\r\nHost: x\r\n' +
			    'Content-Type: application/json\r\nContent-Length: 10000000000\r\n\r\n');
			while (!/\r\n\r\n/.test(big.data) && !big.destroyed)
				await new Promise((r) => big.once('data', r));
			assert(/^HTTP\/1\.1 413 /.test(big.data), `answer: ${show(big.data.slice(0, 80))}`);
			while (!/"too_large"/.test(big.data) && !big.destroyed && big.readable)
				await Promise.race([new Promise((r) => big.once('data', r)), big.gone]);
			assert(/"code":"too_large"/.test(big.data), `the JSON envelope: ${show(big.data)}`);
			big.destroy();
			const cont = await openSocket(srv, '127.0.0.6', 'POST /v1/persons HTTP/1.1\r\nHost: x\r\n' +
			    'Content-Type: application/json\r\nContent-Length: 5000000\r\nExpect: 100-continue\r\n\r\n');
			while (!/\r\n\r\n/.test(cont.data) && !cont.destroyed)
				await new Promise((r) => cont.once('data', r));
			assert(!/^HTTP\/1\.1 100/.test(cont.data), `100 Continue was sent: ${show(cont.data.slice(0, 80))}`);
			assert(/^HTTP\/1\.1 413 /.test(cont.data), `answer: ${show(cont.data.slice(0, 80))}`);
			cont.destroy();
		} finally {
			eq(await srv.stop(), 0, 'server stops cleanly');
		}
	});

	test('abuse: a storage failure is 500 with an incident number; its text (the SQL error) only in the server\'s log', async () => {
		sqliteOnly(); // and the failure is made with sqlite3 on a register file
		const dir = fs.mkdtempSync(path.join(h.tmpdir(), 'incident-'));
		const db = path.join(dir, 'r.db');
		const env = Object.assign(h.env(), { SCS_DB: db });
		delete env.SCS_KEYS;
		execFileSync(h.bin(), ['init'], { env, stdio: 'ignore' });
		const srv = await serve([], { SCS_DB: db, SCS_KEYS: '' });
		try {
			const l = await signin(srv, 'admin', env.SCS_ADMIN_PASSWORD);
			expectStatus(l, 200, 'admin signs in');
			execFileSync('sqlite3', [db, 'DROP TABLE programs']);
			const r = await req(srv, 'GET', '/v1/programs', { token: l.json.token });
			expectError(r, 500, 'io_error', '', 'a read of a table that is gone');
			const m = /^the server failed to answer \(incident ([0-9a-f]{8}) in its log\)$/.exec(r.json.error.message);
			assert(m, `message ${show(r.json.error.message)}`);
			assert(!/programs|sqlite|no such/i.test(r.text), `the answer tells the storage error: ${r.text}`);
			await srv.stop();
			assert(new RegExp(`incident ${m[1]}: io_error: .*no such table`).test(srv.stderr()),
			    `the log has the incident: ${srv.stderr()}`);
		} finally {
			await srv.stop();
		}
	});

	test('abuse: no request returns more than 1,000 records: lists page by default (next), accounts too', async () => {
		sqliteOnly();
		// 1,001 compartments, imported by the operator.
		const file = path.join(h.tmpdir(), 'many-compartments.jsonl');
		const lines = [];
		for (let i = 0; i <= 1000; i++)
			lines.push(JSON.stringify({ kind: 'compartment', id: `t-ab-c${String(i).padStart(4, '0')}`,
				name: `Compartment ${i}`, owner: 'mod' }));
		fs.writeFileSync(file, lines.join('\n') + '\n');
		h.cli(['import', file]);
		const all = [];
		let r = await h.api('GET', '/v1/compartments', { as: 'admin' });
		expectStatus(r, 200, 'compartments without a limit');
		assert(r.json.compartments.length === 1000, `a first page of 1,000, not ${r.json.compartments.length}`);
		assert(typeof r.json.next === 'string', 'next on a full page');
		all.push(...r.json.compartments);
		r = await h.api('GET', `/v1/compartments?after=${encodeURIComponent(r.json.next)}`, { as: 'admin' });
		expectStatus(r, 200, 'the next page');
		all.push(...r.json.compartments);
		eq(r.json.next, undefined, 'no next on the last page');
		const ours = all.filter((c) => c.id.startsWith('t-ab-c'));
		eq(ours.length, 1001, 'every compartment once across the pages');
		eq(new Set(all.map((c) => c.id)).size, all.length, 'no compartment twice');
		// Accounts page the same way.
		const p1 = await h.api('GET', '/v1/users?limit=2', { as: 'admin' });
		expectStatus(p1, 200, 'two accounts');
		eq(p1.json.users.length, 2, 'a page of 2');
		const p2 = await h.api('GET', `/v1/users?limit=2&after=${encodeURIComponent(p1.json.next)}`, { as: 'admin' });
		expectStatus(p2, 200, 'the next two');
		assert(p2.json.users[0].username > p1.json.users[1].username, 'in name order, after the first page');
		const every = await h.api('GET', '/v1/users', { as: 'admin' });
		assert(every.json.users.length <= 1000, 'at most 1,000 accounts in one answer');
		expectError(await h.api('GET', '/v1/users?limit=1001', { as: 'admin' }), 400, 'invalid', 'limit', 'a limit over 1,000');
		expectError(await h.api('GET', '/v1/users?limit=0', { as: 'admin' }), 400, 'invalid', 'limit', 'a limit of 0');
		expectError(await h.api('GET', '/v1/users?sort=x', { as: 'admin' }), 400, 'invalid', 'sort', 'an unknown parameter');
	});
}

module.exports = { register };
