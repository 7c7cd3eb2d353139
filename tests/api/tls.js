// SPDX-License-Identifier: Apache-2.0
//
// tls.js - the API tests of `scs serve --tls-cert --tls-key
// [--tls-client-ca]` (src/http/tls.c; docs/operations.md, "TLS").  A
// throwaway CA, a server certificate for 127.0.0.1 and client
// certificates are made with `openssl` in the run's temporary directory;
// a second `scs serve` on the same register serves HTTPS, and these tests
// talk to it with node's https and tls modules, trusting that CA only.
// The server is stopped by the last test, which checks that it stops
// cleanly.  No test asserts on how long anything took.
//
// run.js loads this file and calls register(h) with its helpers.
'use strict';

const { spawn, execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const path = require('node:path');
const tls = require('node:tls');

function register(h) {
	const { test, assert, eq, show, expectStatus, expectError } = h;

	let pki = null;   // the files made by makePki
	let srv = null;   // { child, url, port, stderr() }

	process.on('exit', () => {
		if (srv !== null && srv.child.exitCode === null && srv.child.signalCode === null)
			srv.child.kill('SIGKILL');
	});

	function openssl(args) {
		execFileSync('openssl', args, { cwd: pki.dir, stdio: ['ignore', 'pipe', 'pipe'] });
	}

	// A CA; the server's certificate (127.0.0.1) and key; a second key
	// that matches nothing; a file that is no PEM; client certificates:
	// two signed by the CA and one self-signed.
	function makePki() {
		if (pki !== null)
			return pki;
		const dir = path.join(h.tmpdir(), 'tls');
		fs.mkdirSync(dir, { recursive: true });
		pki = { dir, f: (n) => path.join(dir, n) };
		const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
		openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2',
			'-subj', '/CN=scs test CA']);
		fs.writeFileSync(pki.f('server.ext'), 'subjectAltName=IP:127.0.0.1\n');
		fs.writeFileSync(pki.f('client.ext'), 'extendedKeyUsage=clientAuth\n');
		const signed = (name, subj, ext) => {
			openssl(['req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subj]);
			openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key',
				'-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', ext]);
		};
		signed('server', '/CN=127.0.0.1', 'server.ext');
		signed('client1', '/CN=client one', 'client.ext');
		signed('client2', '/CN=client two', 'client.ext');
		openssl(['req', '-x509', ...ec, '-keyout', 'rogue.key', '-out', 'rogue.pem', '-days', '2',
			'-subj', '/CN=client one']);
		// Signed by the CA, but valid for one day in 2020 (`openssl ca`
		// sets the dates that `openssl x509` cannot).
		fs.writeFileSync(pki.f('index.txt'), '');
		fs.writeFileSync(pki.f('serial'), '1000\n');
		fs.writeFileSync(pki.f('ca.cnf'), '[ca]\ndefault_ca = d\n[d]\ndir = .\n' +
			'database = index.txt\nnew_certs_dir = .\nserial = serial\ndefault_md = sha256\n' +
			'policy = p\n[p]\ncommonName = supplied\n');
		openssl(['req', ...ec, '-keyout', 'expired.key', '-out', 'expired.csr', '-subj', '/CN=client old']);
		openssl(['ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key',
			'-in', 'expired.csr', '-out', 'expired.pem', '-notext',
			'-startdate', '20200101000000Z', '-enddate', '20200102000000Z']);
		openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256',
			'-out', 'other.key']);
		fs.writeFileSync(pki.f('junk.pem'), 'not a PEM file\n');
		return pki;
	}

	// The SHA-256 of a certificate's DER, as the server computes it.
	function fingerprint(name) {
		const pem = fs.readFileSync(pki.f(`${name}.pem`), 'utf8');
		return new crypto.X509Certificate(pem).fingerprint256.replace(/:/g, '').toLowerCase();
	}

	// `scs serve` with @args: resolves {child, url, port, stderr} once it
	// prints its URL; rejects with its stderr when it exits first.
	function serve(args) {
		return new Promise((resolve, reject) => {
			const child = spawn(h.bin(), ['serve', '--listen', '127.0.0.1:0', ...args], {
				cwd: h.tmpdir(), env: h.env(), stdio: ['ignore', 'pipe', 'pipe'],
			});
			let stdout = '';
			let stderr = '';
			child.stderr.setEncoding('utf8');
			child.stderr.on('data', (d) => { stderr += d; });
			child.stdout.setEncoding('utf8');
			child.stdout.on('data', (d) => {
				stdout += d;
				const m = /^scs serving .* on ((https?):\/\/127\.0\.0\.1:(\d+))\/$/m.exec(stdout);
				if (m)
					resolve({ child, url: m[1], scheme: m[2], port: Number(m[3]), stderr: () => stderr });
			});
			child.on('exit', (code, sig) => reject(Object.assign(
				new Error(`scs serve exited (${code ?? sig}): ${stderr}`), { code, stderr })));
			child.on('error', reject);
		});
	}

	// The TLS server of these tests, with the client CA (mutual TLS).
	async function server() {
		if (srv === null) {
			makePki();
			srv = await serve(['--tls-cert', pki.f('server.pem'), '--tls-key', pki.f('server.key'),
				'--tls-client-ca', pki.f('ca.pem')]);
		}
		return srv;
	}

	// An HTTPS request to the TLS server: {status, headers, text, json}.
	// opts: body, token (a bearer), client (a client certificate's name),
	// tlsopts (more options of tls.connect).
	async function req(method, p, opts = {}) {
		const s = await server();
		const headers = {};
		let body;
		if (opts.token)
			headers.Authorization = `Bearer ${opts.token}`;
		if (opts.body !== undefined) {
			body = JSON.stringify(opts.body);
			headers['Content-Type'] = 'application/json';
		}
		const o = Object.assign({ method, host: '127.0.0.1', port: s.port, path: p, headers,
			ca: fs.readFileSync(pki.f('ca.pem')), agent: false }, opts.tlsopts || {});
		if (opts.client) {
			o.cert = fs.readFileSync(pki.f(`${opts.client}.pem`));
			o.key = fs.readFileSync(pki.f(`${opts.client}.key`));
		}
		return new Promise((resolve, reject) => {
			const r = https.request(o, (res) => {
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
					resolve({ method, path: p, status: res.statusCode, text, json,
						headers: new Map(Object.entries(res.headers)) });
				});
				res.on('error', reject);
			});
			r.on('error', reject);
			r.end(body);
		});
	}

	// A TLS handshake with @opts: resolves the protocol, rejects on error.
	async function handshake(opts) {
		const s = await server();
		return new Promise((resolve, reject) => {
			const sock = tls.connect(Object.assign({ host: '127.0.0.1', port: s.port,
				ca: fs.readFileSync(pki.f('ca.pem')) }, opts), () => {
				const proto = sock.getProtocol();
				sock.end();
				resolve(proto);
			});
			sock.on('error', reject);
		});
	}

	async function refused(p, what) {
		try {
			const v = await p;
			return `${what}: expected a failure, got ${show(v)}`;
		} catch (e) {
			return null;
		}
	}

	test('tls: the server prints an https:// URL and answers over HTTPS with Strict-Transport-Security', async () => {
		const s = await server();
		eq(s.scheme, 'https', 'the startup line\'s scheme');
		const r = await req('GET', '/v1/health');
		expectStatus(r, 200, 'GET /v1/health over HTTPS');
		eq(r.json.status, 'ok', 'health status');
		eq(r.headers.get('strict-transport-security'), 'max-age=31536000', 'HSTS on a 200');
		const e = await req('GET', '/v1/persons');
		expectStatus(e, 401, 'an API route without a key');
		eq(e.headers.get('strict-transport-security'), 'max-age=31536000', 'HSTS on an error');
		const n = await req('GET', '/v1/no-such-route');
		eq(n.headers.get('strict-transport-security'), 'max-age=31536000', 'HSTS on a 404');
		const ui = await req('GET', '/');
		eq(ui.headers.get('strict-transport-security'), 'max-age=31536000',
		    `HSTS on the UI's answer (${ui.status})`);
	});

	test('tls: the plain-HTTP server sends no Strict-Transport-Security', async () => {
		const r = await h.api('GET', '/v1/health');
		expectStatus(r, 200, 'health over HTTP');
		eq(r.headers.get('strict-transport-security'), null, 'HSTS over plain HTTP');
	});

	test('tls: a cookie sign-in over TLS gets a Secure cookie without --secure-cookies; sign-out clears it Secure too', async () => {
		const r = await req('POST', '/v1/login', { body: { username: 'admin',
			password: h.adminPassword, cookie: true } });
		expectStatus(r, 200, 'cookie login over HTTPS');
		const sc = [].concat(r.headers.get('set-cookie') || []);
		eq(sc.length, 2, `the session's and the device's Set-Cookie: ${show(sc)}`);
		const m = /^scs_session=([A-Za-z0-9_-]{43});/.exec(sc[0]);
		assert(m, `Set-Cookie ${sc[0]}`);
		assert(/; Secure(;|$)/.test(sc[0]), `no Secure in ${sc[0]}`);
		assert(/^scs_device=d[0-9a-f]{64};.*; Secure$/.test(sc[1]), `device cookie not Secure: ${sc[1]}`);
		const o = await new Promise((resolve, reject) => {
			const x = https.request({ method: 'POST', host: '127.0.0.1', port: srv.port,
				path: '/v1/logout', agent: false, ca: fs.readFileSync(pki.f('ca.pem')),
				headers: { Cookie: `scs_session=${m[1]}`, 'X-CSRF-Token': r.json.csrf } }, (res) => {
				res.resume();
				res.on('end', () => resolve(res));
			});
			x.on('error', reject);
			x.end();
		});
		eq(o.statusCode, 204, 'sign-out by cookie over HTTPS');
		const out = [].concat(o.headers['set-cookie'] || []);
		assert(out.length === 1 && /Max-Age=0/.test(out[0]) && /; Secure(;|$)/.test(out[0]),
		    `the sign-out's Set-Cookie: ${show(out)}`);
	});

	test('tls: plain HTTP to the TLS port gets no HTTP answer', async () => {
		const s = await server();
		const got = await new Promise((resolve) => {
			const r = http.request({ host: '127.0.0.1', port: s.port, path: '/v1/health',
				agent: false }, (res) => {
				res.resume();
				resolve(`an HTTP answer ${res.statusCode}`);
			});
			r.on('error', (e) => resolve(`error ${e.code || e.message}`));
			r.end();
		});
		assert(got.startsWith('error'), `plain HTTP to the TLS port: ${got}`);
		// The server is still up.
		expectStatus(await req('GET', '/v1/health'), 200, 'HTTPS after a plain-HTTP attempt');
	});

	test('tls: TLS 1.2 and 1.3 are accepted; TLS 1.1 and 1.0 are refused', async () => {
		eq(await handshake({ minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' }), 'TLSv1.3', 'TLS 1.3');
		eq(await handshake({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' }), 'TLSv1.2', 'TLS 1.2');
		// OpenSSL refuses TLS < 1.2 at its default security level 1 or
		// above: level 0 lets node offer it, so that the server refuses.
		for (const v of ['TLSv1.1', 'TLSv1']) {
			const bad = await refused(handshake({ minVersion: v, maxVersion: v,
				ciphers: 'DEFAULT:@SECLEVEL=0' }), v);
			assert(bad === null, bad);
		}
	});

	test('tls: TLS 1.2 offers only AEAD ciphers with ECDHE; CBC and static RSA are refused', async () => {
		const ok = await new Promise((resolve, reject) => {
			const sock = tls.connect({ host: '127.0.0.1', port: srv.port, maxVersion: 'TLSv1.2',
				ca: fs.readFileSync(pki.f('ca.pem')) }, () => {
				const c = sock.getCipher();
				sock.end();
				resolve(c.name);
			});
			sock.on('error', reject);
		});
		assert(/^ECDHE-.*-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)$/.test(ok),
		    `the cipher chosen for TLS 1.2: ${ok}`);
		for (const c of ['ECDHE-ECDSA-AES128-SHA', 'ECDHE-ECDSA-AES128-SHA256', 'AES128-GCM-SHA256']) {
			const bad = await refused(handshake({ maxVersion: 'TLSv1.2', ciphers: c }), c);
			assert(bad === null, bad);
		}
	});

	test('tls: --tls-cert and --tls-key go together, and --tls-client-ca needs them: a usage error naming the flag', async () => {
		makePki();
		const cases = [
			[['--tls-cert', pki.f('server.pem')], /--tls-cert needs --tls-key/],
			[['--tls-key', pki.f('server.key')], /--tls-key needs --tls-cert/],
			[['--tls-client-ca', pki.f('ca.pem')], /--tls-client-ca needs --tls-cert and --tls-key/],
		];
		for (const [args, re] of cases) {
			const e = await serve(args).then(() => null, (x) => x);
			assert(e !== null, `${args.join(' ')}: the server started`);
			eq(e.code, 2, `${args.join(' ')}: the exit status of a usage error`);
			assert(re.test(e.stderr), `${args.join(' ')}: stderr ${show(e.stderr)}`);
		}
	});

	test('tls: a missing, unreadable, malformed or mismatched certificate or key refuses to start, naming the flag and the reason', async () => {
		makePki();
		const cert = pki.f('server.pem');
		const key = pki.f('server.key');
		const cases = [
			[cert.replace('server.pem', 'missing.pem'), key, null, /tls-cert: cannot read .*missing\.pem/],
			[pki.f('junk.pem'), key, null, /tls-cert: .*junk\.pem holds no PEM certificate/],
			[pki.dir, key, null, /tls-cert: .* is not a regular file/],
			[cert, pki.f('missing.key'), null, /tls-key: cannot read .*missing\.key/],
			[cert, pki.f('junk.pem'), null, /tls-key: .*junk\.pem holds no unencrypted PEM private key/],
			[cert, cert, null, /tls-key: .*server\.pem holds no unencrypted PEM private key/],
			[cert, pki.f('other.key'), null, /tls-key: .*other\.key is not the private key of the certificate of --tls-cert/],
			[cert, key, pki.f('junk.pem'), /tls-client-ca: .*junk\.pem holds no PEM certificate/],
			[cert, key, pki.f('missing-ca.pem'), /tls-client-ca: cannot read .*missing-ca\.pem/],
		];
		if (process.getuid && process.getuid() !== 0) {
			fs.copyFileSync(key, pki.f('noread.key'));
			fs.chmodSync(pki.f('noread.key'), 0o000);
			cases.push([cert, pki.f('noread.key'), null, /tls-key: cannot read .*noread\.key: Permission denied/]);
		}
		for (const [c, k, ca, re] of cases) {
			const args = ['--tls-cert', c, '--tls-key', k];
			if (ca)
				args.push('--tls-client-ca', ca);
			const e = await serve(args).then(() => null, (x) => x);
			assert(e !== null, `${args.join(' ')}: the server started`);
			eq(e.code, 1, `${args.join(' ')}: the exit status`);
			assert(re.test(e.stderr), `${args.join(' ')}: stderr ${show(e.stderr)}, want ${re}`);
		}
	});

	// ---- mutual TLS: client certificates bound to service accounts ----

	const SVC = 't-tls-svc';
	const SVC2 = 't-tls-svc2';
	const DECISION = { subject: 'p01', item: 'orca-mast-radar-supply' };
	let svcKeys = null; // username -> API key

	// Two service accounts of our own (made through the TLS server).
	async function services() {
		if (svcKeys !== null)
			return svcKeys;
		svcKeys = {};
		for (const username of [SVC, SVC2]) {
			const r = await req('POST', '/v1/users', { token: h.tokens.admin,
				body: { username, org: 'mod', role: 'relying_system' } });
			expectStatus(r, 201, `create ${username} over HTTPS`);
			svcKeys[username] = r.json.api_key;
		}
		return svcKeys;
	}

	const bind = (user, fingerprint) => req('PUT', `/v1/users/${user}/certificate`,
		{ token: h.tokens.admin, body: { fingerprint } });
	const unbind = (user) => req('DELETE', `/v1/users/${user}/certificate`, { token: h.tokens.admin });
	const me = (opts) => req('GET', '/v1/me', opts);

	test('mtls: a registered client certificate signs in as its service account with no bearer key; POST /v1/decisions works', async () => {
		await services();
		const before = await me({ client: 'client1' });
		expectError(before, 401, 'unauthenticated', '', 'client1 before it is bound');
		const b = await bind(SVC, fingerprint('client1'));
		expectStatus(b, 200, 'bind client1');
		eq(b.json.cert_fingerprint, fingerprint('client1'), 'the bound fingerprint');
		eq(b.json.username, SVC, 'the account bound');
		const m = await me({ client: 'client1' });
		expectStatus(m, 200, 'GET /v1/me with client1 and no key');
		eq(m.json.username, SVC, 'signed in as');
		eq(m.json.role, 'relying_system', 'role');
		const d = await req('POST', '/v1/decisions', { client: 'client1', body: DECISION });
		expectStatus(d, 200, 'POST /v1/decisions with client1 and no key');
		eq(d.json.subject, 'p01', 'the decision\'s subject');
		eq(typeof d.json.allow, 'boolean', 'the decision answers allow');
		// Without the certificate the same request is 401.
		expectError(await req('POST', '/v1/decisions', { body: DECISION }), 401, 'unauthenticated', '',
		    'POST /v1/decisions with neither key nor certificate');
		// A bearer key wins over the certificate.
		const k = await me({ client: 'client1', token: svcKeys[SVC2] });
		expectStatus(k, 200, 'client1 with the other account\'s key');
		eq(k.json.username, SVC2, 'the bearer key signs in, not the certificate');
		// A route the role may not call is 403, not 401.
		expectError(await req('GET', '/v1/organizations', { client: 'client1' }), 403, 'forbidden', '',
		    'a people-only route with client1');
		// Audited as the account, like its API key.
		const a = await h.auditEntries(`action=cert_bind&kind=user&object=${SVC}`);
		assert(a.some((e) => e.action === 'cert_bind' && e.object === SVC && e.actor === 'user:admin'),
		    `no cert_bind of ${SVC} by user:admin in ${show(a)}`);
	});

	test('mtls: an unregistered certificate, one the CA did not sign, an expired one, or none gives no identity (401)', async () => {
		await services();
		expectStatus(await bind(SVC, fingerprint('client1')), 200, 'bind client1');
		expectError(await me({ client: 'client2' }), 401, 'unauthenticated', '', 'client2 (signed, not bound)');
		expectError(await me({}), 401, 'unauthenticated', '', 'no certificate');
		expectError(await me({ client: 'rogue' }), 401, 'unauthenticated', '', 'rogue (self-signed)');
		// Bound, but not signed by --tls-client-ca: still nobody.
		expectStatus(await bind(SVC2, fingerprint('rogue')), 200, 'bind the rogue certificate');
		expectError(await me({ client: 'rogue' }), 401, 'unauthenticated', '',
		    'rogue (self-signed) though bound');
		expectError(await req('POST', '/v1/decisions', { client: 'rogue', body: DECISION }), 401,
		    'unauthenticated', '', 'POST /v1/decisions with the rogue certificate');
		// Signed by the CA and bound, but expired: nobody.
		expectStatus(await bind(SVC2, fingerprint('expired')), 200, 'bind the expired certificate');
		expectError(await me({ client: 'expired' }), 401, 'unauthenticated', '',
		    'an expired certificate though signed and bound');
		expectStatus(await unbind(SVC2), 200, 'unbind the expired certificate');
	});

	test('mtls: a disabled account or an unbound certificate no longer signs in; enabled or bound again, it does', async () => {
		await services();
		expectStatus(await bind(SVC, fingerprint('client1')), 200, 'bind client1');
		expectStatus(await me({ client: 'client1' }), 200, 'client1 bound');
		expectStatus(await req('POST', `/v1/users/${SVC}/disable`, { token: h.tokens.admin }), 200, 'disable');
		expectError(await me({ client: 'client1' }), 401, 'unauthenticated', '', 'client1 of a disabled account');
		expectStatus(await req('POST', `/v1/users/${SVC}/enable`, { token: h.tokens.admin }), 200, 'enable');
		expectStatus(await me({ client: 'client1' }), 200, 'client1 of the enabled account');
		const u = await unbind(SVC);
		expectStatus(u, 200, 'unbind');
		eq(u.json.cert_fingerprint, undefined, 'no fingerprint after unbinding');
		expectError(await me({ client: 'client1' }), 401, 'unauthenticated', '', 'client1 unbound');
		// The API key is untouched by all this.
		expectStatus(await me({ token: svcKeys[SVC] }), 200, 'the API key after unbinding');
		// Moved to the other account: client1 now signs in as it.
		expectStatus(await bind(SVC2, fingerprint('client1')), 200, 'bind client1 to the other account');
		const m = await me({ client: 'client1' });
		expectStatus(m, 200, 'client1 bound to the other account');
		eq(m.json.username, SVC2, 'client1 signs in as the other account');
		expectStatus(await unbind(SVC2), 200, 'unbind from the other account');
	});

	test('mtls: binding rules: 64 hex digits (colons and capitals allowed), service accounts only, one account per certificate; audited; no change, no entry', async () => {
		await services();
		const fp = fingerprint('client2');
		const colons = fp.toUpperCase().match(/../g).join(':');
		const b = await bind(SVC, colons);
		expectStatus(b, 200, 'bind with colons and capitals');
		eq(b.json.cert_fingerprint, fp, 'stored lowercase, without colons');
		expectError(await bind(SVC2, fp), 409, 'conflict', 'fingerprint', 'the same certificate on a second account');
		for (const bad of ['', 'abc', fp.slice(0, 62), fp + '00', fp.slice(0, 63) + 'g', `:${fp}`, `${fp}:`,
			colons.replace(':', '::')])
			expectError(await bind(SVC, bad), 400, 'invalid', 'fingerprint', `fingerprint ${show(bad)}`);
		expectError(await req('PUT', `/v1/users/${SVC}/certificate`, { token: h.tokens.admin,
			body: { fingerprint: fp, extra: 1 } }), 400, 'invalid', 'extra', 'an unknown field');
		expectError(await req('PUT', `/v1/users/${SVC}/certificate`, { token: h.tokens.admin }),
		    400, 'invalid', '', 'no body');
		expectError(await bind('auditor', fp), 409, 'conflict', 'username', 'a person\'s account');
		expectError(await unbind('auditor'), 409, 'conflict', 'username', 'unbind a person\'s account');
		expectError(await bind('t-tls-no-such-user', fp), 404, 'not_found', 'user', 'an unknown account');
		// The same binding again, and unbinding an account with none, write nothing.
		const count = async (action) =>
			(await h.auditEntries(`action=${action}&kind=user&object=${SVC}`)).length;
		const binds = await count('cert_bind');
		expectStatus(await bind(SVC, fp), 200, 'the same binding again');
		eq(await count('cert_bind'), binds, 'cert_bind entries after the same binding');
		const unbinds = await count('cert_unbind');
		expectStatus(await unbind(SVC), 200, 'unbind');
		eq(await count('cert_unbind'), unbinds + 1, 'cert_unbind entries after unbinding');
		expectStatus(await unbind(SVC), 200, 'unbind again');
		eq(await count('cert_unbind'), unbinds + 1, 'cert_unbind entries after unbinding again');
		// The users list shows the binding.
		expectStatus(await bind(SVC, fp), 200, 'bind again');
		const l = await req('GET', '/v1/users', { token: h.tokens.admin });
		const u = l.json.users.find((x) => x.username === SVC);
		eq(u && u.cert_fingerprint, fp, 'the users list');
		expectStatus(await unbind(SVC), 200, 'unbind at the end');
	});

	test('mtls: scs user cert binds from a PEM file or a fingerprint and removes; its usage and errors', async () => {
		await services();
		makePki();
		const o = h.cli(['user', 'cert', SVC2, '--file', pki.f('client2.pem')]);
		eq(o, `${SVC2} signs in with the client certificate ${fingerprint('client2')}\n`, 'cert --file');
		const l = await h.api('GET', '/v1/users', { as: 'admin' });
		eq(l.json.users.find((x) => x.username === SVC2).cert_fingerprint, fingerprint('client2'),
		    'the binding made by the command line');
		const line = h.cli(['user', 'list']).split('\n').find((x) => x.startsWith(`${SVC2} `));
		assert(/ \(client certificate\)$/.test(line), `scs user list: ${show(line)}`);
		eq(h.cli(['user', 'cert', SVC2, '--remove']), `${SVC2} has no client certificate\n`, 'cert --remove');
		const gone = h.cli(['user', 'list']).split('\n').find((x) => x.startsWith(`${SVC2} `));
		assert(!/client certificate/.test(gone), `scs user list after --remove: ${show(gone)}`);
		eq(h.cli(['user', 'cert', SVC2, '--fingerprint', fingerprint('client1')]),
		    `${SVC2} signs in with the client certificate ${fingerprint('client1')}\n`, 'cert --fingerprint');
		eq(h.cli(['user', 'cert', SVC2, '--remove']), `${SVC2} has no client certificate\n`, 'cert --remove again');
		const fails = [
			// A usage error of `scs user`: 1, as its other subcommands'.
			[['user', 'cert', SVC2], 1, /user cert NAME --fingerprint SHA256 \| --file CERT\.pem \| --remove/],
			[['user', 'cert', SVC2, '--remove', '--file', pki.f('client2.pem')], 1, /user cert NAME/],
			[['user', 'cert', '--remove'], 1, /user cert NAME/],
			[['user', 'cert', SVC2, '--file', pki.f('junk.pem')], 1, /file: is not a PEM certificate/],
			[['user', 'cert', SVC2, '--file', pki.f('missing.pem')], 1, /file: cannot read .*missing\.pem/],
			[['user', 'cert', SVC2, '--fingerprint', 'abc'], 1, /fingerprint: must be the SHA-256/],
			[['user', 'cert', 'auditor', '--remove'], 1, /username: only a service account/],
		];
		for (const [args, status, re] of fails) {
			let e = null;
			try {
				execFileSync(h.bin(), args, { cwd: h.tmpdir(), env: h.env(), stdio: ['ignore', 'pipe', 'pipe'] });
			} catch (x) {
				e = x;
			}
			assert(e !== null, `scs ${args.join(' ')} succeeded`);
			eq(e.status, status, `scs ${args.join(' ')}: exit status`);
			assert(re.test(e.stderr.toString()), `scs ${args.join(' ')}: stderr ${show(e.stderr.toString())}`);
		}
	});

	test('tls: the TLS server stops cleanly on SIGTERM with no sanitizer report', async () => {
		if (srv === null)
			return;
		const s = srv;
		const st = await new Promise((resolve) => {
			s.child.once('exit', (code, signal) => resolve({ code, signal }));
			s.child.kill('SIGTERM');
		});
		srv = null;
		const san = /AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:/.exec(s.stderr());
		assert(st.code === 0 && !san, `exit ${show(st)}; stderr: ${s.stderr().slice(-2000)}`);
	});
}

module.exports = { register };
