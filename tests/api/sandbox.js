// SPDX-License-Identifier: Apache-2.0
//
// sandbox.js - what a running `scs serve` has given up (src/http/sandbox.c,
// docs/operations.md "Least privilege"), read from the kernel's account of
// the process (/proc/PID/status), not from what the server says of itself:
// the seccomp filter and no_new_privs by default, none with --no-seccomp,
// and with --user (as root) another user's ids, no groups, no
// capabilities, while the register still takes writes and the tree head
// is still signed.
// --user refuses root, unknown users and an empty name before serving.
//
// usage: node tests/api/sandbox.js /abs/path/to/scs
// Prints "ok - ..." / "not ok - ..." and a last line "N passed, N failed".
'use strict';

const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const BIN = path.resolve(process.argv[2] || '');
const PASSWORD = 'sandbox-pass-123456';
let passed = 0;
let failed = 0;
let skipped = 0;
const servers = [];

function out(line) {
	process.stdout.write(line + '\n');
}

function assert(c, m) {
	if (!c)
		throw new Error(m);
}

async function test(name, fn) {
	try {
		const r = await fn();
		if (r === 'skip') {
			skipped++;
			out(`skip - ${name}`);
			return;
		}
		passed++;
		out(`ok - ${name}`);
	} catch (e) {
		failed++;
		out(`not ok - ${name}: ${String(e.message).replace(/\s+/g, ' ')}`);
	}
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scs-sandbox-'));
fs.chmodSync(tmp, 0o755); // --user's user must reach the register below
const regdir = path.join(tmp, 'reg');
const keydir = path.join(tmp, 'keys');
const db = path.join(regdir, 'r.db');
fs.mkdirSync(regdir, { mode: 0o755 });

function env() {
	const e = Object.assign({}, process.env, {
		SCS_DB: db,
		SCS_KEYS: keydir,
		SCS_PWHASH_COST: 'min',
		SCS_ADMIN_PASSWORD: PASSWORD,
	});
	return e;
}

// Start `scs serve` with @flags; resolves to { p, base, stderr() } once it
// prints its URL, or rejects with its stderr if it exits first.
function start(flags) {
	return new Promise((resolve, reject) => {
		const p = spawn(BIN, ['serve', '--listen', '127.0.0.1:0', ...flags],
		    { cwd: tmp, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
		const s = { p, base: null, err: '', flags };
		servers.push(s);
		let so = '';
		p.stderr.setEncoding('utf8');
		p.stderr.on('data', (d) => { s.err += d; });
		p.stdout.setEncoding('utf8');
		p.stdout.on('data', (d) => {
			so += d;
			const m = /^scs serving .* on (http:\/\/127\.0\.0\.1:\d+)\/\n/.exec(so);
			if (m && s.base === null) {
				s.base = m[1];
				// The sandbox's lines come on stderr before the URL.
				resolve(s);
			}
		});
		p.on('exit', (code, sig) => {
			s.code = code;
			s.sig = sig;
			if (s.base === null)
				reject(Object.assign(new Error(`exited ${code ?? sig}: ${s.err}`), { code, stderr: s.err }));
		});
	});
}

function stop(s) {
	return new Promise((resolve) => {
		if (s.p.exitCode !== null || s.p.signalCode !== null) {
			resolve({ code: s.p.exitCode, signal: s.p.signalCode });
			return;
		}
		const t = setTimeout(() => s.p.kill('SIGKILL'), 20000);
		s.p.once('exit', (code, signal) => {
			clearTimeout(t);
			resolve({ code, signal });
		});
		s.p.kill('SIGTERM');
	});
}

async function stopClean(s) {
	const st = await stop(s);
	assert(st.code === 0, `exit ${st.code ?? st.signal}: ${s.err.slice(-1500)}`);
	assert(!/AddressSanitizer|LeakSanitizer|runtime error:/.test(s.err),
	    `sanitizer report: ${s.err.slice(-1500)}`);
}

// The kernel's account of process @pid: { Uid: [...], Seccomp: '2', ... }.
function status(pid) {
	const st = {};
	for (const line of fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n')) {
		const i = line.indexOf(':');
		if (i > 0)
			st[line.slice(0, i)] = line.slice(i + 1).trim();
	}
	return st;
}

async function call(s, method, p, token, body) {
	const headers = {};
	if (token)
		headers.authorization = `Bearer ${token}`;
	if (body !== undefined)
		headers['content-type'] = 'application/json';
	const r = await fetch(s.base + p, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
	const text = await r.text();
	let json = null;
	try {
		json = JSON.parse(text);
	} catch (e) {
		json = null;
	}
	return { status: r.status, text, json };
}

// Sign in as admin and write (a person, under a data key wrapped by the
// register's key), then ask for the tree head signed with the signing key.
async function works(s, id) {
	const h = await call(s, 'GET', '/v1/health');
	assert(h.status === 200, `health: ${h.status} ${h.text}`);
	const l = await call(s, 'POST', '/v1/login', null, { username: 'admin', password: PASSWORD });
	assert(l.status === 200, `sign-in: ${l.status} ${l.text}`);
	const tok = l.json.token;
	const o = await call(s, 'POST', '/v1/organizations', tok,
	    { id: `org-${id}`, name: `Org ${id}`, type: 'government', country: 'JPN' });
	assert(o.status === 201, `organization: ${o.status} ${o.text}`);
	const p = await call(s, 'POST', '/v1/persons', tok, {
		id, name: '山田 太郎', name_latin: 'YAMADA Taro', birth_date: '1980-04-01',
		nationalities: ['JPN'], org: `org-${id}`,
	});
	assert(p.status === 201, `person: ${p.status} ${p.text}`);
	const a = await call(s, 'GET', '/v1/audit/head', tok);
	assert(a.status === 200 && typeof a.json.signature === 'string' && a.json.size > 2,
	    `signed tree head: ${a.status} ${a.text.slice(0, 300)}`);
}

async function main() {
	assert(fs.existsSync(BIN), `usage: node tests/api/sandbox.js /abs/path/to/scs (${BIN})`);
	execFileSync(BIN, ['init', '--org', 'sbx', '--org-name', 'Sandbox', '--country', 'JPN'],
	    { cwd: tmp, env: env(), stdio: 'ignore' });

	await test('by default a server runs under seccomp with no_new_privs, and says so', async () => {
		const s = await start([]);
		const st = status(s.p.pid);
		assert(st.Seccomp === '2', `Seccomp: ${st.Seccomp} (2 is a filter)`);
		assert(st.NoNewPrivs === '1', `NoNewPrivs: ${st.NoNewPrivs}`);
		assert(/scs: seccomp: \d+ system calls allowed, execve refused \(EPERM\)/.test(s.err),
		    `stderr: ${s.err}`);
		// Every thread carries the filter, not only the one that set it.
		for (const t of fs.readdirSync(`/proc/${s.p.pid}/task`)) {
			const ts = status(`${s.p.pid}/task/${t}`);
			assert(ts.Seccomp === '2' && ts.NoNewPrivs === '1', `thread ${t}: Seccomp ${ts.Seccomp}`);
		}
		await works(s, 'sbx-p1');
		await stopClean(s);
	});

	await test('--no-seccomp: no filter, and stderr says it is off', async () => {
		const s = await start(['--no-seccomp']);
		const st = status(s.p.pid);
		assert(st.Seccomp === '0', `Seccomp: ${st.Seccomp}`);
		assert(/scs: seccomp: off \(--no-seccomp\)/.test(s.err), `stderr: ${s.err}`);
		const h = await call(s, 'GET', '/v1/health');
		assert(h.status === 200, `health: ${h.status}`);
		await stopClean(s);
	});

	await test('--user nobody: its ids, no groups or capabilities; writes and signatures after the switch', async () => {
		if (process.getuid() !== 0)
			return 'skip';
		const uid = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim());
		const gid = Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' }).trim());
		// The register and the keys belong to the service user.
		execFileSync('chown', ['-R', `${uid}:${gid}`, regdir, keydir]);
		const s = await start(['--user', 'nobody']);
		const st = status(s.p.pid);
		const ids = (v) => v.split(/\s+/).map(Number);
		assert(ids(st.Uid).every((v) => v === uid), `Uid: ${st.Uid}`);
		assert(ids(st.Gid).every((v) => v === gid), `Gid: ${st.Gid}`);
		assert(st.Groups === '', `Groups: "${st.Groups}"`);
		assert(/^0+$/.test(st.CapEff) && /^0+$/.test(st.CapPrm), `CapEff ${st.CapEff} CapPrm ${st.CapPrm}`);
		assert(st.Seccomp === '2' && st.NoNewPrivs === '1', `Seccomp ${st.Seccomp}`);
		for (const t of fs.readdirSync(`/proc/${s.p.pid}/task`)) {
			const ts = status(`${s.p.pid}/task/${t}`);
			assert(ids(ts.Uid).every((v) => v === uid), `thread ${t}: Uid ${ts.Uid}`);
		}
		assert(new RegExp(`scs: running as nobody \\(uid ${uid}, gid ${gid}\\)`).test(s.err), `stderr: ${s.err}`);
		await works(s, 'sbx-p2');
		await stopClean(s);
		execFileSync('chown', ['-R', '0:0', regdir, keydir]);
	});

	await test('--user refuses root, an unknown user and an empty name, before serving', async () => {
		for (const [user, want] of [['root', /user: "root" is root/],
		    ['no-such-user-scs', /user: no such user "no-such-user-scs"/],
		    ['', /--user takes a user name/]]) {
			let e = null;
			try {
				const s = await start(['--user', user]);
				await stop(s);
			} catch (x) {
				e = x;
			}
			assert(e !== null, `--user "${user}" served`);
			assert(e.code !== 0 && want.test(e.stderr), `--user "${user}": exit ${e.code}: ${e.stderr}`);
		}
	});
}

main().catch((e) => {
	failed++;
	out(`not ok - runner: ${e.stack || e}`);
}).finally(async () => {
	for (const s of servers)
		await stop(s);
	fs.rmSync(tmp, { recursive: true, force: true });
	out(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
	process.exitCode = failed ? 1 : 0;
});
