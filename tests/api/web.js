// SPDX-License-Identifier: Apache-2.0
//
// web.js - the API tests of what the web UI needs from the server
// (docs/design.md, "Sessions for browsers" and "The web UI"): cookie
// sessions and their CSRF token, the idle timeout, signing out, one's own
// sessions and password, the security officer's staff page, and the
// server's answers outside /v1 when no UI is built in.
//
// run.js loads this file and calls register(h) with its helpers.  The
// idle-timeout test starts a second `scs serve` on the same register with
// `--idle-timeout 3s --secure-cookies` and waits past it; no test asserts
// on how long anything took.
'use strict';

const { spawn } = require('node:child_process');

const PW = 'web-test-password-2026';
const PW2 = 'web-test-password-2027';
const CSRF_RE = /^[0-9a-f]{64}$/;

function register(h) {
	const { test, api, assert, eq, show, describe, expectStatus, expectError,
		created, login, auditEntries } = h;

	// A user of @role in @org with password PW, made by the admin.
	async function user(username, org, role) {
		expectStatus(await api('POST', '/v1/users', { as: 'admin',
			body: { username, org, role, password: PW } }), 201, `create ${username}`);
	}

	// A cookie sign-in: {cookie: 'scs_session=...', setCookie, csrf, json}.
	async function cookieLogin(username, password = PW, base) {
		const r = base
			? await raw(base, 'POST', '/v1/login', { body: { username, password, cookie: true } })
			: await api('POST', '/v1/login', { body: { username, password, cookie: true } });
		expectStatus(r, 200, `cookie login ${username}`);
		const all = r.headers.getSetCookie();
		const sc = all.find((c) => c.startsWith('scs_session='));
		assert(sc, `no scs_session Set-Cookie: ${describe(r)}`);
		const m = /^scs_session=([A-Za-z0-9_-]{43});/.exec(sc);
		assert(m, `Set-Cookie ${sc}`);
		// The device cookie (a known device is not held by the account's
		// lockout): for the sign-in path only, never readable by a script.
		const dc = all.find((c) => c.startsWith('scs_device='));
		assert(dc && /^scs_device=d[0-9a-f]{64}; Path=\/v1\/login; Max-Age=31536000; HttpOnly; SameSite=Strict/.test(dc),
		    `device Set-Cookie ${show(all)}`);
		eq(all.length, 2, `two Set-Cookie: ${show(all)}`);
		return { cookie: `scs_session=${m[1]}`, token: m[1], setCookie: sc, deviceCookie: dc,
			device: dc.slice('scs_device='.length, dc.indexOf(';')), csrf: r.json.csrf, json: r.json };
	}

	function withCookie(s, extra = {}) {
		return { headers: Object.assign({ Cookie: s.cookie }, extra) };
	}

	function withCsrf(s, body) {
		const o = withCookie(s, { 'X-CSRF-Token': s.csrf });
		if (body !== undefined)
			o.body = body;
		return o;
	}

	// A request to another server than run.js's (the idle-timeout one).
	async function raw(base, method, p, opts = {}) {
		const headers = Object.assign({}, opts.headers || {});
		let body;
		if (opts.body !== undefined) {
			body = JSON.stringify(opts.body);
			headers['Content-Type'] = 'application/json';
		}
		const r = await fetch(base + p, { method, headers, body, redirect: 'manual',
			signal: AbortSignal.timeout(30000) });
		const text = Buffer.from(await r.arrayBuffer()).toString('utf8');
		let json;
		try {
			json = text.length > 0 ? JSON.parse(text) : undefined;
		} catch (e) {
			json = undefined;
		}
		return { method, path: p, status: r.status, headers: r.headers, text, json };
	}

	test('web: a cookie sign-in sets scs_session HttpOnly, SameSite=Strict, Path=/ and answers csrf, not the token', async () => {
		await user('t-web-1', 'owari-hi', 'security_officer');
		const s = await cookieLogin('t-web-1');
		eq(s.setCookie, `scs_session=${s.token}; Path=/; HttpOnly; SameSite=Strict`, 'Set-Cookie');
		eq(s.json.token, undefined, 'no token in the body');
		assert(!JSON.stringify(s.json).includes(s.token), 'the token is nowhere in the body');
		assert(CSRF_RE.test(s.csrf), `csrf ${show(s.csrf)}`);
		eq(typeof s.json.expires, 'number', 'expires');
		eq(s.json.idle_timeout, 1800, 'idle_timeout (the default 30m)');
		eq(s.json.user.username, 't-web-1', 'user');
		// me, by cookie: the same csrf; by bearer: none
		const me = await api('GET', '/v1/me', withCookie(s));
		expectStatus(me, 200, 'GET /v1/me by cookie');
		eq(me.json.csrf, s.csrf, 'csrf from /v1/me');
		eq(me.json.idle_timeout, s.json.idle_timeout, 'idle_timeout from /v1/me as at sign-in');
		const b = await login('t-web-1', PW);
		expectStatus(b, 200, 'bearer login');
		eq(b.headers.get('set-cookie'), null, 'no cookie without "cookie": true');
		assert(typeof b.json.token === 'string' && b.json.csrf === undefined, `bearer body ${show(b.json)}`);
		const mb = await api('GET', '/v1/me', { token: b.json.token });
		expectStatus(mb, 200, 'GET /v1/me by bearer');
		eq(mb.json.csrf, undefined, 'no csrf for a bearer session');
		eq(mb.json.idle_timeout, undefined, 'no idle_timeout for a bearer session');
		expectError(await api('POST', '/v1/login', { body: { username: 't-web-1', password: PW,
			cookie: 'yes' } }), 400, 'invalid', 'cookie', 'cookie must be a boolean');
		// An API key in the cookie is no session.
		expectError(await api('GET', '/v1/me', { headers: { Cookie: 'scs_session=scs_x' } }),
		    401, 'unauthenticated');
	});

	test('web: a cookie write without or with a wrong X-CSRF-Token is 403 csrf and changes nothing; with it 2xx; bearer needs none', async () => {
		await user('t-web-2', 'owari-hi', 'security_officer');
		const s = await cookieLogin('t-web-2');
		const person = { id: 't-web-p1', name: '試験 一郎', name_latin: 'SHIKEN Ichiro',
			birth_date: '1980-01-01', nationalities: ['JPN'], org: 'owari-hi' };
		for (const [what, hdr] of [['no token', {}], ['a wrong token', { 'X-CSRF-Token': '0'.repeat(64) }],
			['another session\'s token', { 'X-CSRF-Token': (await cookieLogin('t-web-2')).csrf }],
			['a short token', { 'X-CSRF-Token': s.csrf.slice(1) }]]) {
			expectError(await api('POST', '/v1/persons', Object.assign(withCookie(s, hdr), { body: person })),
			    403, 'csrf', 'X-CSRF-Token', what);
			expectError(await api('POST', '/v1/logout', withCookie(s, hdr)), 403, 'csrf',
			    'X-CSRF-Token', `logout with ${what}`);
		}
		expectError(await api('GET', '/v1/persons/t-web-p1', withCookie(s)), 404, 'not_found',
		    undefined, 'nothing was created');
		expectStatus(await api('GET', '/v1/me', withCookie(s)), 200, 'the session lives on');
		expectStatus(await api('POST', '/v1/persons', withCsrf(s, person)), 201, 'with the token');
		expectStatus(await api('GET', '/v1/persons/t-web-p1', withCookie(s)), 200, 'GET needs none');
		const b = await login('t-web-2', PW);
		expectStatus(await api('PUT', '/v1/persons/t-web-p1', { token: b.json.token,
			body: Object.assign({}, person, { name_latin: 'SHIKEN Ichiro B' }) }), 200,
		'bearer: no CSRF token');
		// A bearer header wins over a cookie: no CSRF asked.
		expectStatus(await api('PUT', '/v1/persons/t-web-p1', { token: b.json.token,
			headers: { Cookie: s.cookie }, body: person }), 200, 'bearer and cookie');
	});

	test('web: logout by cookie revokes the session and clears the cookie (Max-Age=0)', async () => {
		await user('t-web-3', 'cao', 'auditor');
		const s = await cookieLogin('t-web-3');
		const other = await cookieLogin('t-web-3');
		const r = await api('POST', '/v1/logout', withCsrf(s));
		expectStatus(r, 204, 'logout');
		eq(r.headers.get('set-cookie'), 'scs_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0',
		    'Set-Cookie');
		expectError(await api('GET', '/v1/me', withCookie(s)), 401, 'unauthenticated', undefined,
		    'the session is revoked');
		expectStatus(await api('GET', '/v1/me', withCookie(other)), 200, 'the other session lives');
		const b = await login('t-web-3', PW);
		const rb = await api('POST', '/v1/logout', { token: b.json.token });
		expectStatus(rb, 204, 'bearer logout');
		eq(rb.headers.get('set-cookie'), null, 'a bearer logout sets no cookie');
	});

	test('web: own sessions are listed with an opaque id, ended one by one; another user\'s is 404', async () => {
		await user('t-web-4', 'mod', 'designator');
		await user('t-web-5', 'mod', 'designator');
		const a = await cookieLogin('t-web-4');
		const b = await login('t-web-4', PW);
		const other = await login('t-web-5', PW);
		const l = await api('GET', '/v1/me/sessions', withCookie(a));
		expectStatus(l, 200, 'list');
		eq(l.json.sessions.length, 2, `two sessions: ${show(l.json)}`);
		const cur = l.json.sessions.filter((x) => x.current);
		eq(cur.length, 1, 'one is current');
		for (const x of l.json.sessions) {
			assert(/^[0-9a-f]{16}$/.test(x.id), `id ${x.id}`);
			for (const k of ['created', 'last_seen', 'expires'])
				assert(typeof x[k] === 'string' && h.RFC3339_RE.test(x[k]), `${k}: ${show(x)}`);
			assert(!a.token.includes(x.id) && !b.json.token.includes(x.id), 'the id is not the token');
			assert(!x.id.includes(a.csrf.slice(0, 16)), 'the id is not the CSRF token');
		}
		const lb = await api('GET', '/v1/me/sessions', { token: b.json.token });
		const bid = lb.json.sessions.find((x) => x.current).id;
		eq(cur[0].id !== bid, true, 'the two sessions differ');
		// Another user's session: 404, and it lives on.
		const lo = await api('GET', '/v1/me/sessions', { token: other.json.token });
		const oid = lo.json.sessions[0].id;
		expectError(await api('DELETE', `/v1/me/sessions/${oid}`, withCsrf(a)), 404, 'not_found', 'id',
		    'another user\'s session');
		expectStatus(await api('GET', '/v1/me', { token: other.json.token }), 200, 'still signed in');
		expectError(await api('DELETE', '/v1/me/sessions/zz', withCsrf(a)), 404, 'not_found', 'id',
		    'a malformed id');
		expectError(await api('DELETE', `/v1/me/sessions/${bid}`, withCookie(a)), 403, 'csrf',
		    'X-CSRF-Token', 'DELETE by cookie without the token');
		expectStatus(await api('DELETE', `/v1/me/sessions/${bid}`, withCsrf(a)), 204, 'end the bearer one');
		expectError(await api('GET', '/v1/me', { token: b.json.token }), 401, 'unauthenticated',
		    undefined, 'the ended session');
		expectError(await api('DELETE', `/v1/me/sessions/${bid}`, withCsrf(a)), 404, 'not_found', 'id',
		    'an ended session');
		const l2 = await api('GET', '/v1/me/sessions', withCookie(a));
		eq(l2.json.sessions.length, 1, 'one left');
		const e = await auditEntries(`actor=${h.q('user:t-web-4')}&action=session_end`);
		eq(e.length, 1, 'audited once');
		eq(e[0].purpose, `session ${bid}`, 'purpose');
		expectError(await api('GET', '/v1/me/sessions', { as: 'relying' }), 403, 'forbidden');
	});

	test('web: a password change needs the current one (a wrong one counts towards the lockout) and ends the other sessions', async () => {
		await user('t-web-6', 'cao', 'investigator');
		const s = await cookieLogin('t-web-6');
		const b = await login('t-web-6', PW);
		const c = await login('t-web-6', PW);
		expectError(await api('POST', '/v1/me/password', withCsrf(s, { current: 'wrong-password-000', new: PW2 })),
		    400, 'invalid', 'current', 'a wrong current password');
		expectError(await api('POST', '/v1/me/password', withCsrf(s, { current: PW, new: 'short' })),
		    400, 'invalid', 'new', 'a short new password');
		expectError(await api('POST', '/v1/me/password', withCsrf(s, { current: PW })),
		    400, 'invalid', 'new', 'no new password');
		expectError(await api('POST', '/v1/me/password', withCookie(s, {}),
		), 403, 'csrf', 'X-CSRF-Token', 'no CSRF token');
		expectStatus(await login('t-web-6', PW), 200, 'the old password still works');
		const ok = await api('POST', '/v1/me/password', withCsrf(s, { current: PW, new: PW2 }));
		expectStatus(ok, 200, 'change');
		eq(ok.json.changed, true, 'changed');
		expectStatus(await api('GET', '/v1/me', withCookie(s)), 200, 'this session lives on');
		for (const t of [b.json.token, c.json.token])
			expectError(await api('GET', '/v1/me', { token: t }), 401, 'unauthenticated', undefined,
			    'another session is revoked');
		expectError(await login('t-web-6', PW), 401, 'unauthenticated', undefined, 'the old password');
		expectStatus(await login('t-web-6', PW2), 200, 'the new password');
		const e = await auditEntries(`object=t-web-6&kind=user`);
		const acts = e.map((x) => x.action);
		assert(acts.includes('password_failed') && acts.includes('password'), `audit ${show(acts)}`);
		eq(e.find((x) => x.action === 'password').actor, 'user:t-web-6', 'actor');
		eq(e.find((x) => x.action === 'password_failed').actor, 'user:t-web-6', 'actor of the failure');
		// Wrong current passwords lock the account like failed sign-ins.
		await user('t-web-7', 'cao', 'investigator');
		const t7 = (await login('t-web-7', PW)).json.token;
		expectStatus(await login('t-web-7', 'wrong-password-000'), 401, 'one failed sign-in');
		let last;
		for (let i = 0; i < 4; i++)
			last = await api('POST', '/v1/me/password', { token: t7,
				body: { current: 'wrong-password-000', new: PW2 } });
		expectStatus(last, 429, 'the fifth failure locks');
		assert(Number(last.headers.get('retry-after')) > 0, 'Retry-After');
		expectStatus(await login('t-web-7', PW), 429, 'sign-in is locked too');
		expectStatus(await api('POST', '/v1/me/password', { token: t7,
			body: { current: PW, new: PW2 } }), 429, 'even the right password while locked');
		expectError(await api('POST', '/v1/me/password', { as: 'relying',
			body: { current: PW, new: PW2 } }), 403, 'forbidden');
	});

	test('web: staff of an organization with each status, filtered, sorted and paged; officer of another org and subject 403', async () => {
		const org = 't-web-org';
		expectStatus(await api('POST', '/v1/organizations', { as: 'admin', body: {
			id: org, name: 'Web staff test', type: 'contractor', country: 'JPN' } }), 201, 'org');
		await user('t-web-officer', org, 'security_officer');
		const off = (await login('t-web-officer', PW)).json.token;
		const day = 86400 * 1000;
		const d = (n) => new Date(Date.now() + n * day).toISOString().slice(0, 10);
		const persons = [
			['t-web-s-active', 'A Active', [['active', -400, 1000]]],
			['t-web-s-expiring', 'B Expiring', [['active', -400, 30], ['expired', -2000, -1000]]],
			['t-web-s-expired', 'C Expired', [['active', -1500, -5]]],
			['t-web-s-suspended', 'D Suspended', [['active', -400, 900]]],
			['t-web-s-susclr', 'E Suspended clearance', [['suspended', -400, 700]]],
			['t-web-s-none', 'F None', []],
		];
		for (const [id, name, cls] of persons) {
			await created('admin', '/v1/persons', { id, name, name_latin: name,
				birth_date: '1985-05-05', nationalities: ['JPN'], org });
			for (const [status, from, until] of cls)
				await created('adjudicator', '/v1/clearances', { person: id, authority: 'JPN-SDS',
					level: 'TOKUTEI_HIMITSU', status, valid_from: d(from), valid_until: d(until) });
		}
		await created('adjudicator', '/v1/suspensions', { person: 't-web-s-suspended',
			valid_from: d(-3), reason: 'web staff test' });
		const want = { 't-web-s-active': 'active', 't-web-s-expiring': 'expiring',
			't-web-s-expired': 'expired', 't-web-s-suspended': 'suspended',
			't-web-s-susclr': 'suspended', 't-web-s-none': 'none' };
		for (const as of [{ token: off }, { as: 'admin' }]) {
			const r = await api('GET', `/v1/organizations/${org}/staff`, as);
			expectStatus(r, 200, 'staff');
			eq(r.json.staff.map((x) => x.person).join(','), persons.map((p) => p[0]).join(','),
			    'by name');
			for (const x of r.json.staff) {
				eq(x.status, want[x.person], `${x.person} status`);
				for (const k of Object.keys(x))
					assert(['person', 'name', 'name_latin', 'status', 'valid_until', 'clearances'].includes(k),
					    `no dossier content: ${k}`);
			}
			const exp = r.json.staff.find((x) => x.person === 't-web-s-expiring');
			eq(exp.clearances.length, 2, 'both clearances');
			eq(exp.valid_until.slice(0, 10), d(30), 'valid_until of the standing');
			assert(exp.clearances.every((c) => c.authority === 'JPN-SDS' && c.level === 'TOKUTEI_HIMITSU'),
			    `clearances ${show(exp.clearances)}`);
			eq(exp.clearances.map((c) => c.status).sort().join(','), 'expired,expiring', 'per clearance');
			eq(r.json.staff.find((x) => x.person === 't-web-s-none').valid_until, null, 'none: null');
			eq(r.json.next, undefined, 'one page');
		}
		for (const [status, ids] of [['suspended', ['t-web-s-suspended', 't-web-s-susclr']],
			['active', ['t-web-s-active']], ['expiring', ['t-web-s-expiring']],
			['expired', ['t-web-s-expired']], ['none', ['t-web-s-none']]]) {
			const r = await api('GET', `/v1/organizations/${org}/staff?status=${status}`, { token: off });
			expectStatus(r, 200, status);
			eq(r.json.staff.map((x) => x.person).join(','), ids.join(','), `status=${status}`);
		}
		const s = await api('GET', `/v1/organizations/${org}/staff?sort=valid_until`, { token: off });
		eq(s.json.staff.map((x) => x.person).join(','), ['t-web-s-expired', 't-web-s-expiring',
			't-web-s-susclr', 't-web-s-suspended', 't-web-s-active', 't-web-s-none'].join(','),
		'by valid_until, none last');
		// Pages of 4 by valid_until, then the rest.
		const p1 = await api('GET', `/v1/organizations/${org}/staff?sort=valid_until&limit=4`, { token: off });
		eq(p1.json.staff.length, 4, 'page 1');
		eq(p1.json.next, 't-web-s-suspended', 'next');
		const p2 = await api('GET', `/v1/organizations/${org}/staff?sort=valid_until&limit=4&after=${p1.json.next}`,
			{ token: off });
		eq(p2.json.staff.map((x) => x.person).join(','), 't-web-s-active,t-web-s-none', 'page 2');
		eq(p2.json.next, undefined, 'last page');
		for (const [qs, field] of [['status=gone', 'status'], ['sort=age', 'sort'], ['limit=0', 'limit'],
			['after=p01', 'after'], ['org=x', 'org']])
			expectError(await api('GET', `/v1/organizations/${org}/staff?${qs}`, { token: off }), 400,
			    'invalid', field, qs);
		expectError(await api('GET', `/v1/organizations/${org}/staff`, { as: 'officer' }), 403,
		    'forbidden', 'id', 'an officer of another organization');
		expectError(await api('GET', '/v1/organizations/owari-hi/staff', { token: off }), 403,
		    'forbidden', 'id', 'this officer on another organization');
		expectError(await api('GET', `/v1/organizations/${org}/staff`, { as: 'subject' }), 403,
		    'forbidden', undefined, 'a subject');
		expectError(await api('GET', '/v1/organizations/t-no-such-org/staff', { as: 'admin' }), 404,
		    'not_found', 'id', 'an unknown organization');
	});

	// The build embeds the UI of ui/ (Makefile); a tree built without it
	// answers / and UI paths with the JSON 404.  Either way the API keeps
	// its own headers.
	const UI_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
		"font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
	test('web: / and client routes are the UI page (its CSP), /ui/ files by type, else the JSON 404; the API keeps its headers', async () => {
		const root = await api('GET', '/');
		if (root.status === 404) {
			for (const p of ['/', '/staff', '/ui/app.js', '/ui/index.html']) {
				const r = await api('GET', p);
				expectError(r, 404, 'not_found', undefined, p);
				eq(r.headers.get('content-security-policy'), "default-src 'none'; frame-ancestors 'none'", `${p} CSP`);
			}
		} else {
			expectStatus(root, 200, '/');
			const page = root.text;
			for (const [p, type] of [['/', 'text/html'], ['/staff', 'text/html'], ['/reports/timeliness', 'text/html'],
				['/ui/app.js', 'text/javascript'], ['/ui/app.css', 'text/css']]) {
				const r = await api('GET', p);
				expectStatus(r, 200, p);
				eq((r.headers.get('content-type') || '').split(';')[0], type, `${p} type`);
				eq(r.headers.get('content-security-policy'), UI_CSP, `${p} CSP`);
				eq(r.headers.get('x-content-type-options'), 'nosniff', `${p} nosniff`);
				if (type === 'text/html')
					eq(r.text, page, `${p} is the UI page`);
			}
			for (const p of ['/ui/nope.js', '/nope.js', '/v1/nope']) {
				const r = await api('GET', p);
				expectError(r, 404, 'not_found', undefined, p);
				eq(r.headers.get('content-security-policy'), "default-src 'none'; frame-ancestors 'none'", `${p} CSP`);
			}
		}
		const r = await api('GET', '/v1/health');
		eq(r.headers.get('content-security-policy'), "default-src 'none'; frame-ancestors 'none'", 'API CSP');
		eq(r.headers.get('cache-control'), 'no-store', 'API Cache-Control');
		eq(r.headers.get('x-frame-options'), 'DENY', 'X-Frame-Options');
		eq(r.headers.get('referrer-policy'), 'no-referrer', 'Referrer-Policy');
		eq(r.headers.get('x-content-type-options'), 'nosniff', 'nosniff');
	});

	test('web: a session unused past --idle-timeout is refused, cookie and bearer alike; API keys are not sessions (--secure-cookies adds Secure)', async () => {
		await user('t-web-idle', 'cao', 'auditor');
		const srv = spawn(h.bin(), ['serve', '--listen', '127.0.0.1:0', '--idle-timeout', '3s',
			'--secure-cookies'], { cwd: h.tmpdir(), env: h.env(), stdio: ['ignore', 'pipe', 'pipe'] });
		let errText = '';
		srv.stderr.setEncoding('utf8');
		srv.stderr.on('data', (x) => { errText += x; });
		try {
			const base = await new Promise((resolve, reject) => {
				let o = '';
				srv.stdout.setEncoding('utf8');
				srv.stdout.on('data', (x) => {
					o += x;
					const m = /on (http:\/\/127\.0\.0\.1:\d+)\//.exec(o);
					if (m)
						resolve(m[1]);
				});
				srv.on('exit', (code) => reject(new Error(`second server exited ${code}: ${errText}`)));
			});
			const s = await cookieLogin('t-web-idle', PW, base);
			eq(s.setCookie, `scs_session=${s.token}; Path=/; HttpOnly; SameSite=Strict; Secure`, 'Secure');
			assert(/; Secure$/.test(s.deviceCookie), `device cookie Secure: ${s.deviceCookie}`);
			eq(s.json.idle_timeout, 3, 'idle_timeout');
			const b = await raw(base, 'POST', '/v1/login', { body: { username: 't-web-idle', password: PW } });
			expectStatus(b, 200, 'bearer login');
			const lo = await raw(base, 'POST', '/v1/logout', { headers: { Cookie: s.cookie,
				'X-CSRF-Token': s.csrf } });
			// (logout by cookie: the clearing cookie is Secure too)
			eq(lo.headers.get('set-cookie'), 'scs_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure',
			    'clearing cookie');
			const s2 = await cookieLogin('t-web-idle', PW, base);
			await new Promise((r) => setTimeout(r, 5000));
			expectError(await raw(base, 'GET', '/v1/me', { headers: { Cookie: s2.cookie } }), 401,
			    'unauthenticated', undefined, 'an idle cookie session');
			expectError(await raw(base, 'GET', '/v1/me', { headers: { Authorization: `Bearer ${b.json.token}` } }),
			    401, 'unauthenticated', undefined, 'an idle bearer session');
			const k = await raw(base, 'GET', '/v1/me', { headers: { Authorization: `Bearer ${h.tokens.relying}` } });
			expectStatus(k, 200, 'an API key has no idle timeout');
			// A fresh sign-in works again.
			const s3 = await cookieLogin('t-web-idle', PW, base);
			expectStatus(await raw(base, 'GET', '/v1/me', { headers: { Cookie: s3.cookie } }), 200, 'fresh');
		} finally {
			srv.kill('SIGTERM');
			await new Promise((r) => (srv.exitCode !== null ? r() : srv.once('exit', r)));
		}
		assert(!/AddressSanitizer|runtime error:/.test(errText), `sanitizer: ${errText.slice(-1000)}`);
	});
}

module.exports = { register };
