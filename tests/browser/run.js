#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
//
// run.js - the browser tests of the SCS web UI.  Usage:
//
//     node tests/browser/run.js /abs/path/to/scs
//
// playwright-core (ui/node_modules, pinned by ui/package-lock.json)
// drives Debian's Chromium (/usr/bin/chromium; never a downloaded
// browser), headless, with a fresh profile, against a real `scs serve` on
// a fresh register (data/demo.jsonl and data/demo-cases.jsonl, one
// account per role, SCS_PWHASH_COST=min).  Each page is checked in both
// languages with axe-core (0 serious or critical violations) and
// photographed into tests/browser/out/.  Prints "ok - NAME" or
// "not ok - NAME: WHY" per test and "N passed, M failed, K skipped" last.
//
// Until the server serves the UI itself (branch h-web-server: static
// files at / and /ui/, cookie sign-in), the runner says "mode: shim" and
// stands in for it inside the browser: page.route() answers / and /ui/
// from BUILD/gen/ui with the server's CSP, and turns the cookie sign-in
// into the bearer token the server has.  The tests that need the server's
// own part (its headers, sessions, password change, the staff route) are
// then skipped, by name.  See tests/browser/README.md.
'use strict';

const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..');
const PW = path.join(REPO, 'ui', 'node_modules', 'playwright-core');
const AXE = path.join(REPO, 'ui', 'node_modules', 'axe-core', 'axe.min.js');
const OUT = path.join(__dirname, 'out');
const CHROMIUM = process.env.SCS_CHROMIUM || '/usr/bin/chromium';
const CATALOG = {
	en: JSON.parse(fs.readFileSync(path.join(REPO, 'ui', 'src', 'i18n', 'en.json'), 'utf8')),
	ja: JSON.parse(fs.readFileSync(path.join(REPO, 'ui', 'src', 'i18n', 'ja.json'), 'utf8')),
};
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const GLOBAL_TIMEOUT_MS = 8 * 60 * 1000; /* a guard against a hang, not a measurement */
const PASSWORD = 'browser-test-password-2026';
const ADMIN_PASSWORD = 'browser-test-admin-password-2026';

/* [username, org, role, person]; the subject is activated with its code. */
const ACCOUNTS = [
	['officer', 'owari-hi', 'security_officer', null],
	['misaki', 'owari-hi', 'subject', 'p-demo-subject'],
	['investigator', 'cao', 'investigator', null],
	['adjudicator', 'cao', 'adjudicator', null],
	['designator', 'mod', 'designator', null],
	['auditor', 'cao', 'auditor', null],
];
/* The pages of each role and where it lands: ui/src/routes.js. */
const PAGES = {
	admin: ['/cases', '/reports/timeliness', '/account'],
	security_officer: ['/staff', '/cases', '/decide', '/account'],
	subject: ['/cases', '/account'],
	investigator: ['/cases', '/account'],
	adjudicator: ['/cases', '/reports/timeliness', '/account'],
	designator: ['/decide', '/account'],
	auditor: ['/audit', '/reports/timeliness', '/account'],
};
const USERS = { admin: 'admin', security_officer: 'officer', subject: 'misaki', investigator: 'investigator',
	adjudicator: 'adjudicator', designator: 'designator', auditor: 'auditor' };
/* Pages whose data comes from routes of the h-web-server branch. */
const SERVER_PAGES = ['/staff', '/account'];

let pass = 0;
let fail = 0;
let skip = 0;
let tmp;
let server;
let browser;
let base;
let mode;
let uiDir;
let lastPage = null; /* photographed when a test fails */

function ok(name) {
	pass++;
	console.log(`ok - ${name}`);
}
function notOk(name, why) {
	fail++;
	console.log(`not ok - ${name}: ${String(why).split('\n')[0]}`);
}
function skipped(name, why) {
	skip++;
	console.log(`skip - ${name}: ${why}`);
}
async function test(name, fn) {
	if (process.env.SCS_BROWSER_ONLY && !new RegExp(process.env.SCS_BROWSER_ONLY).test(name))
		return;
	try {
		await fn();
		ok(name);
	} catch (e) {
		if (lastPage)
			await lastPage.screenshot({ path: path.join(OUT, 'FAILED-' + name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60) + '.png') }).catch(() => {});
		const at = e && e.stack ? /run\.js:(\d+)/.exec(e.stack) : null;
		notOk(name, (e && e.message ? e.message.split('\n')[0] : e) + (at ? ` (run.js:${at[1]})` : ''));
	}
}
function assert(cond, why) {
	if (!cond)
		throw new Error(why);
}

function scs(args, env, input) {
	return execFileSync(server.bin, ['--db', server.db, ...args], {
		env: { ...process.env, ...env }, input: input || '', encoding: 'utf8', timeout: 60000,
	});
}

async function setup(bin) {
	tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scs-browser-'));
	server = { bin, db: path.join(tmp, 'r.db') };
	process.env.SCS_PWHASH_COST = 'min';
	delete process.env.SCS_KEYS;
	scs(['init'], { SCS_ADMIN_PASSWORD: ADMIN_PASSWORD });
	scs(['import', path.join(REPO, 'data', 'demo.jsonl')]);
	scs(['import', path.join(REPO, 'data', 'demo-cases.jsonl')]);
	for (const [user, org, role, person] of ACCOUNTS) {
		if (person) {
			const out = scs(['user', 'add', user, '--org', org, '--role', role, '--person', person]);
			const code = /activation code: (\S+)/.exec(out)[1];
			scs(['user', 'activate', user, '--code', code], { SCS_PASSWORD: PASSWORD });
		} else {
			scs(['user', 'add', user, '--org', org, '--role', role], { SCS_PASSWORD: PASSWORD });
		}
	}
	/* An account activated through the UI by its one-time code. */
	const out = scs(['user', 'add', 'p04', '--org', 'mod', '--role', 'subject', '--person', 'p04']);
	server.p04code = /activation code: (\S+)/.exec(out)[1];

	server.proc = spawn(bin, ['--db', server.db, 'serve', '--listen', '127.0.0.1:0'],
		{ stdio: ['ignore', 'pipe', 'pipe'] });
	server.stderr = '';
	server.proc.stderr.on('data', (d) => (server.stderr += d));
	base = await new Promise((resolve, reject) => {
		let buf = '';
		server.proc.stdout.on('data', (d) => {
			buf += d;
			const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(buf);
			if (m)
				resolve(m[1]);
		});
		server.proc.on('exit', (c) => reject(new Error('scs serve exited ' + c + ': ' + server.stderr)));
	});
}

function get(url) {
	return new Promise((resolve, reject) => {
		http.get(url, (res) => {
			let body = '';
			res.on('data', (d) => (body += d));
			res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
		}).on('error', reject);
	});
}

/* The stand-in for the server's static files and cookie sign-in (mode shim). */
async function shim(context) {
	let token = null;
	const types = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.html': 'text/html; charset=utf-8' };
	const headers = (type) => ({ 'content-type': type, 'content-security-policy': CSP,
		'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'cache-control': 'no-store' });
	await context.route(base + '/**', async (route) => {
		const req = route.request();
		if (context.shimOffline)
			return route.abort('internetdisconnected');
		const u = new URL(req.url());
		if (u.pathname.startsWith('/v1/')) {
			const h = { ...req.headers() };
			delete h['x-csrf-token'];
			if (token)
				h.authorization = 'Bearer ' + token;
			let postData = req.postData();
			if (u.pathname === '/v1/login' && postData) {
				const b = JSON.parse(postData);
				delete b.cookie;
				postData = JSON.stringify(b);
			}
			const res = await route.fetch(postData === null ? { headers: h } : { headers: h, postData });
			if (u.pathname === '/v1/login' && res.status() === 200) {
				const r = await res.json();
				token = r.token;
				return route.fulfill({ status: 200, contentType: 'application/json',
					body: JSON.stringify({ csrf: 'shim', user: r.user, expires: r.expires }) });
			}
			if (u.pathname === '/v1/logout' && res.ok())
				token = null;
			return route.fulfill({ response: res });
		}
		if (u.pathname.startsWith('/ui/')) {
			const f = path.join(uiDir, path.basename(u.pathname));
			if (!fs.existsSync(f))
				return route.fulfill({ status: 404, body: 'not found' });
			return route.fulfill({ status: 200, headers: headers(types[path.extname(f)] || 'application/octet-stream'),
				body: fs.readFileSync(f) });
		}
		if (u.pathname.includes('.'))
			return route.fulfill({ status: 404, body: 'not found' });
		return route.fulfill({ status: 200, headers: headers(types['.html']), body: fs.readFileSync(path.join(uiDir, 'index.html')) });
	});
}

async function newPage(lang) {
	const context = await browser.newContext({ locale: lang === 'ja' ? 'ja-JP' : 'en-US',
		timezoneId: 'Asia/Tokyo', viewport: { width: 1200, height: 900 } });
	if (mode === 'shim')
		await shim(context);
	const page = await context.newPage();
	lastPage = page;
	page.setDefaultTimeout(30000);
	page.errors = [];
	page.on('pageerror', (e) => page.errors.push(e.message));
	page.on('console', (m) => {
		if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text()))
			page.errors.push(m.text());
	});
	return { context, page };
}

/* axe-core in the page: the CSP refuses an injected <script>, so its source runs through evaluate. */
const axeSource = fs.readFileSync(AXE, 'utf8');
async function axe(page) {
	const has = await page.evaluate(() => typeof window.axe === 'object');
	if (!has)
		await page.evaluate(axeSource);
	const r = await page.evaluate(() => window.axe.run(document, {
		runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
	}));
	const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	assert(bad.length === 0, 'axe: ' + bad.map((v) => `${v.id} (${v.impact}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`).join('; '));
}

async function shot(page, name) {
	await page.screenshot({ path: path.join(OUT, name + '.png'), fullPage: true });
}

async function signIn(page, user, password) {
	await page.goto(base + '/');
	await page.locator('#login-username').fill(user);
	await page.locator('#login-password').fill(password || PASSWORD);
	await page.locator('form button[type=submit]').click();
}

/* No request in flight (ui/src/api.js marks them on <html data-busy>). */
async function settled(page) {
	await page.waitForFunction(() => !document.documentElement.dataset.busy && !document.querySelector('.loading'));
}

async function waitIdle(page) {
	await page.waitForFunction(() => !document.querySelector('.loading'));
	await page.locator('main h1').first().waitFor();
}

async function main() {
	const bin = process.argv[2];
	assert(bin, 'usage: run.js /path/to/scs');
	uiDir = path.join(path.dirname(path.resolve(bin)), 'gen', 'ui');
	assert(fs.existsSync(path.join(uiDir, 'index.html')), 'no built UI in ' + uiDir);
	assert(fs.existsSync(CHROMIUM), CHROMIUM + ' missing: apt-get install chromium (tools/deps.sh test)');
	fs.mkdirSync(OUT, { recursive: true });
	await setup(bin);
	const root = await get(base + '/');
	mode = root.status === 200 && /text\/html/.test(root.headers['content-type'] || '') ? 'server' : 'shim';
	console.log(`# mode: ${mode} (${base})`);

	const { chromium } = require(PW);
	/* launch() starts Chromium with a fresh --user-data-dir of its own (a
	 * temporary profile removed at close); it refuses one in args. */
	browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
			'--disable-sync', '--no-first-run'],
	});

	if (mode === 'server') {
		await test('security headers of /', async () => {
			const r = await get(base + '/');
			assert(r.headers['content-security-policy'] === CSP, 'CSP is ' + r.headers['content-security-policy']);
			assert(r.headers['x-content-type-options'] === 'nosniff', 'no nosniff');
			assert(/DENY/i.test(r.headers['x-frame-options'] || '') || /frame-ancestors 'none'/.test(r.headers['content-security-policy']), 'framing allowed');
			const js = await get(base + '/ui/app.js');
			assert(js.status === 200 && /javascript/.test(js.headers['content-type']), 'app.js: ' + js.status);
			const deep = await get(base + '/audit');
			assert(deep.status === 200 && deep.body === r.body, 'a client route is not index.html');
		});
	} else {
		skipped('security headers of /', 'the server does not serve the UI yet (h-web-server)');
	}

	for (const lang of ['en', 'ja']) {
		const T = CATALOG[lang];
		const other = lang === 'en' ? 'ja' : 'en';

		await test(`${lang}: the sign-in page follows the browser's language, passes axe`, async () => {
			const { context, page } = await newPage(lang);
			try {
				await page.goto(base + '/');
				await page.locator('#login-username').waitFor();
				assert(await page.getAttribute('html', 'lang') === lang, 'html lang is ' + await page.getAttribute('html', 'lang'));
				assert((await page.locator('main h1').textContent()) === T['login.title'], 'title not in ' + lang);
				await axe(page);
				await shot(page, `login-${lang}`);
				assert(page.errors.length === 0, page.errors.join('; '));
			} finally {
				await context.close();
			}
		});

		await test(`${lang}: a wrong password shows the server's message by the field`, async () => {
			const { context, page } = await newPage(lang);
			try {
				await signIn(page, 'auditor', 'not-the-password-at-all');
				const err = page.locator('#login-password-err');
				await err.waitFor();
				assert((await err.textContent()) === 'wrong username or password', 'message: ' + await err.textContent());
				assert(await page.getAttribute('#login-password', 'aria-invalid') === 'true', 'not marked invalid');
				assert((await page.getAttribute('#login-password', 'aria-describedby')).includes('login-password-err'), 'not described by the error');
				assert(await page.inputValue('#login-username') === 'auditor', 'user name lost');
				await axe(page);
				await shot(page, `login-error-${lang}`);
			} finally {
				await context.close();
			}
		});

		for (const role of Object.keys(PAGES)) {
			await test(`${lang}: ${role} signs in, lands on ${PAGES[role][0]}, every page passes axe and switches language, signs out`, async () => {
				const { context, page } = await newPage(lang);
				try {
					await signIn(page, USERS[role], role === 'admin' ? ADMIN_PASSWORD : PASSWORD);
					await page.waitForURL(base + PAGES[role][0]);
					await waitIdle(page);
					const who = await page.locator('.who .user').textContent();
					assert(who.includes(USERS[role]) && who.includes(T['role.' + role]), 'header: ' + who);
					for (const p of PAGES[role]) {
						if (p !== PAGES[role][0]) {
							await page.locator(`.nav a[href="${p}"]`).click();
							await page.waitForURL(base + p);
						}
						await waitIdle(page);
						await settled(page);
						if (!(mode === 'shim' && SERVER_PAGES.includes(p))) {
							const alerts = await page.locator('main .notice-error').allTextContents();
							assert(alerts.length === 0, `${p}: ${alerts.join(' | ')}`);
						}
						assert(await page.getAttribute(`.nav a[href="${p}"]`, 'aria-current') === 'page', p + ' not current');
						await axe(page);
						await shot(page, `${role}${p.replace(/\//g, '-')}-${lang}`);
						/* The switch: every label changes, the page stays, then back. */
						const h1 = await page.locator('main h1').first().textContent();
						await page.locator(`.lang-btn[data-lang="${other}"]`).click();
						await page.waitForFunction((l) => document.documentElement.lang === l, other);
						await waitIdle(page);
						const h1o = await page.locator('main h1').first().textContent();
						assert(h1o !== h1, `${p}: the title did not change with the language (${h1})`);
						assert(page.url() === base + p, 'the switch left the page');
						await page.locator(`.lang-btn[data-lang="${lang}"]`).click();
						await page.waitForFunction((l) => document.documentElement.lang === l, lang);
						await waitIdle(page);
						assert(await page.locator('main h1').first().textContent() === h1, `${p}: not back in ${lang}`);
					}
					assert(page.errors.length === 0, page.errors.join('; '));
					await page.locator('.who button', { hasText: T['app.sign_out'] }).click();
					await page.locator('#login-username').waitFor();
					assert((await page.locator('main .notice-ok').textContent()).includes(T['login.signed_out']), 'no signed-out notice');
					const me = await page.evaluate(() => fetch('/v1/me').then((r) => r.status));
					assert(me === 401, '/v1/me after sign-out: ' + me);
				} finally {
					await context.close();
				}
			});
		}
	}

	await test('the language chosen is remembered after a reload', async () => {
		const { context, page } = await newPage('en');
		try {
			await page.goto(base + '/login');
			await page.locator('.lang-btn[data-lang="ja"]').click();
			await page.reload();
			await page.locator('#login-username').waitFor();
			assert(await page.getAttribute('html', 'lang') === 'ja', 'not remembered');
			assert(await page.locator('main h1').textContent() === CATALOG.ja['login.title'], 'not in Japanese');
		} finally {
			await context.close();
		}
	});

	await test('a subject activates their account with the one-time code, then signs in', async () => {
		const { context, page } = await newPage('ja');
		try {
			await page.goto(base + '/login');
			await page.locator('a[href="/activate"]').click();
			await page.locator('#act-username').fill('p04');
			await page.locator('#act-code').fill(server.p04code.toLowerCase());
			await page.locator('#act-password').fill('short');
			await page.locator('#act-password2').fill('short');
			await page.locator('form button[type=submit]').click();
			await page.locator('#act-password-err').waitFor();
			assert(await page.inputValue('#act-code') === server.p04code.toLowerCase(), 'the code was cleared');
			await axe(page);
			await shot(page, 'activate-error-ja');
			await page.locator('#act-password').fill(PASSWORD);
			await page.locator('#act-password2').fill(PASSWORD);
			await page.locator('form button[type=submit]').click();
			await page.waitForURL(/\/login\?activated=1/);
			assert((await page.locator('main .notice-ok').textContent()) === CATALOG.ja['activate.done'], 'no notice');
			assert(await page.inputValue('#login-username') === 'p04', 'user name not carried');
			await page.locator('#login-password').fill(PASSWORD);
			await page.locator('form button[type=submit]').click();
			await page.waitForURL(base + '/cases');
		} finally {
			await context.close();
		}
	});

	await test('may P see X: the answer and its reason in words, at a time in the user\'s zone', async () => {
		const { context, page } = await newPage('en');
		try {
			await signIn(page, 'designator');
			await page.waitForURL(base + '/decide');
			await page.locator('#dec-subject').fill('p-demo-subject');
			await page.locator('#dec-item').fill('no-such-item');
			await page.locator('#dec-at').fill('2026-01-15T09:00:00');
			await page.locator('form button[type=submit]').click();
			const ans = page.locator('.answer');
			await ans.waitFor();
			const text = await ans.textContent();
			assert(text.includes(CATALOG.en['decide.deny']) && text.includes(CATALOG.en['reason.unknown_item']) &&
				text.includes(CATALOG.en['reason_text.unknown_item']), 'answer: ' + text);
			/* 09:00 in Tokyo is 00:00 UTC. */
			const at = await ans.locator('time').getAttribute('datetime');
			assert(Date.parse(at) === Date.UTC(2026, 0, 15), 'at: ' + at);
			await page.locator('#dec-at').fill('');
			await page.locator('#dec-subject').fill('');
			await page.locator('form button[type=submit]').click();
			await page.locator('#dec-subject-err').waitFor();
			await axe(page);
			await shot(page, 'designator-decide-answer-en');
		} finally {
			await context.close();
		}
	});

	await test('offline after load: typed input is kept and the page says it is offline; retry sends it', async () => {
		const { context, page } = await newPage('ja');
		try {
			await signIn(page, 'designator');
			await page.waitForURL(base + '/decide');
			await waitIdle(page);
			await context.setOffline(true);
			context.shimOffline = true; /* the shim's answers come from Node, not the network */
			await page.locator('.offline').waitFor();
			await page.locator('#dec-subject').fill('p-demo-subject');
			await page.locator('#dec-item').fill('no-such-item');
			await page.locator('form button[type=submit]').click();
			const n = page.locator('main .notice-warn');
			await n.waitFor();
			assert((await n.textContent()).includes(CATALOG.ja['error.network']), 'notice: ' + await n.textContent());
			assert(await page.inputValue('#dec-subject') === 'p-demo-subject' && await page.inputValue('#dec-item') === 'no-such-item', 'input lost');
			await shot(page, 'offline-ja');
			await context.setOffline(false);
			context.shimOffline = false;
			await page.locator('.offline').waitFor({ state: 'detached' });
			await n.locator('button').click();
			await page.locator('.answer').waitFor();
		} finally {
			await context.close();
		}
	});

	await test('a 5xx keeps typed input and offers a retry', async () => {
		const { context, page } = await newPage('en');
		try {
			await signIn(page, 'officer');
			await page.waitForURL(base + '/staff');
			await page.locator('.nav a[href="/decide"]').click();
			await page.waitForURL(base + '/decide');
			await page.route('**/v1/decisions', (r) => r.fulfill({ status: 503, contentType: 'application/json',
				body: '{"error":{"code":"busy","field":"","message":"busy"}}' }), { times: 1 });
			await page.locator('#dec-subject').fill('p16');
			await page.locator('#dec-item').fill('orca-mast-radar-supply');
			await page.locator('form button[type=submit]').click();
			const n = page.locator('main .notice-warn');
			await n.waitFor();
			assert((await n.textContent()).includes(CATALOG.en['error.server']), 'notice: ' + await n.textContent());
			assert(await page.inputValue('#dec-subject') === 'p16', 'input lost');
			await n.locator('button').click();
			await page.locator('.answer').waitFor();
		} finally {
			await context.close();
		}
	});

	await test('auditor: verify, filter by action, a bad filter named by its field, charts drawn', async () => {
		const { context, page } = await newPage('en');
		try {
			await signIn(page, 'auditor');
			await page.waitForURL(base + '/audit');
			await waitIdle(page);
			await page.locator('button', { hasText: CATALOG.en['audit.verify'] }).click();
			await page.locator('.notice-ok', { hasText: CATALOG.en['audit.verify_ok'] }).waitFor();
			await page.locator('#aud-action').fill('login');
			await page.locator('.filters button[type=submit]').click();
			await page.waitForFunction(() => {
				const a = [...document.querySelectorAll('main table tbody tr td:nth-child(4)')].map((x) => x.textContent);
				return a.length > 0 && a.every((x) => x === 'login');
			});
			await page.locator('#aud-from').fill('2026-02-01');
			await page.locator('#aud-to').fill('2026-01-01');
			await page.locator('.filters button[type=submit]').click();
			await page.locator('#aud-to-err').waitFor();
			await axe(page);
			await shot(page, 'auditor-audit-filtered-en');
			await page.locator('.nav a[href="/reports/timeliness"]').click();
			await waitIdle(page);
			await page.locator('svg[role=img]').first().waitFor();
			assert(await page.locator('svg[role=img]').count() === 3, 'charts: ' + await page.locator('svg[role=img]').count());
			assert(await page.locator('svg[role=img] rect').count() > 5, 'no bars');
		} finally {
			await context.close();
		}
	});

	await test('a phone-sized screen: the header and a table page fit the width', async () => {
		const { context, page } = await newPage('ja');
		try {
			await page.setViewportSize({ width: 375, height: 740 });
			await signIn(page, 'auditor');
			await page.waitForURL(base + '/audit');
			await waitIdle(page);
			const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
			assert(over <= 0, `the page is ${over}px wider than the screen`);
			await axe(page);
			await shot(page, 'auditor-audit-phone-ja');
		} finally {
			await context.close();
		}
	});

	const needServer = (name, fn) => (mode === 'server' ? test(name, fn) :
		skipped(name, 'needs the routes of h-web-server'));

	await needServer('a reload keeps the session (cookie, GET /v1/me with csrf) and a change still works', async () => {
		const { context, page } = await newPage('en');
		try {
			await signIn(page, 'designator');
			await page.waitForURL(base + '/decide');
			const cookies = await context.cookies();
			const c = cookies.find((x) => x.name === 'scs_session');
			assert(c && c.httpOnly && c.sameSite === 'Strict', 'cookie: ' + JSON.stringify(c));
			assert(await page.evaluate(() => document.cookie) === '', 'the cookie is visible to scripts');
			await page.reload();
			await waitIdle(page);
			await page.locator('#dec-subject').fill('p-demo-subject');
			await page.locator('#dec-item').fill('no-such-item');
			await page.locator('form button[type=submit]').click();
			await page.locator('.answer').waitFor();
			const r = await page.evaluate(() => fetch('/v1/decisions', { method: 'POST', headers: { 'Content-Type': 'application/json' },
				body: '{"subject":"p1","item":"x"}' }).then((x) => x.json()));
			assert(r.error && r.error.code === 'csrf', 'a POST without the token: ' + JSON.stringify(r));
		} finally {
			await context.close();
		}
	});

	await needServer('my account: sessions listed, another ended; a wrong current password named by its field', async () => {
		const other = await newPage('en');
		const { context, page } = await newPage('en');
		try {
			await signIn(other.page, 'investigator');
			await other.page.waitForURL(base + '/cases');
			await signIn(page, 'investigator');
			await page.waitForURL(base + '/cases');
			await page.locator('.nav a[href="/account"]').click();
			await waitIdle(page);
			const rows = page.locator('section[aria-labelledby="sess-h"] tbody tr');
			await rows.first().waitFor();
			const n = await rows.count();
			assert(n >= 2, 'sessions: ' + n);
			await page.locator('section[aria-labelledby="sess-h"] tbody button').first().click();
			await page.waitForFunction((k) => document.querySelectorAll('section[aria-labelledby="sess-h"] tbody tr').length === k - 1, n);
			await page.locator('#pw-current').fill('not-my-password-at-all');
			await page.locator('#pw-new').fill('another-password-2026');
			await page.locator('#pw-new2').fill('another-password-2026');
			await page.locator('section[aria-labelledby="pw-h"] button[type=submit]').click();
			await page.locator('#pw-current-err').waitFor();
			assert(await page.inputValue('#pw-new') === 'another-password-2026', 'input lost');
			await axe(page);
			await shot(page, 'investigator-account-sessions-en');
		} finally {
			await context.close();
			await other.context.close();
		}
	});

	await needServer('security officer: staff filtered by status and sorted', async () => {
		const { context, page } = await newPage('en');
		try {
			await signIn(page, 'officer');
			await page.waitForURL(base + '/staff');
			await waitIdle(page);
			await page.locator('main table tbody tr').first().waitFor();
			await page.locator('th button', { hasText: CATALOG.en['staff.until'] }).click();
			await page.waitForFunction(() => !!document.querySelector('th[aria-sort="ascending"] button'));
			await settled(page);
			/* Filter by the status of the first person listed: all rows then have it. */
			const first = await page.locator('main table tbody tr .status').first().getAttribute('class');
			const status = /status-(\w+)/.exec(first)[1];
			await page.locator('#staff-status').selectOption(status);
			await page.locator('.filters button[type=submit]').click();
			await page.waitForFunction((want) => {
				const st = [...document.querySelectorAll('main table tbody tr .status')].map((x) => x.className);
				return st.length > 0 && st.every((c) => c.includes('status-' + want));
			}, status);
			await shot(page, 'security_officer-staff-sorted-en');
			await axe(page);
		} finally {
			await context.close();
		}
	});
}

async function cleanup() {
	if (browser)
		await browser.close().catch(() => {});
	if (server && server.proc && server.proc.exitCode === null) {
		server.proc.kill('SIGTERM');
		await new Promise((r) => server.proc.once('exit', r));
	}
	if (tmp && !process.env.SCS_BROWSER_KEEP_TMP)
		fs.rmSync(tmp, { recursive: true, force: true });
}

const guard = setTimeout(() => {
	notOk('global limit', `not done after ${GLOBAL_TIMEOUT_MS / 1000} s`);
	cleanup().finally(() => {
		console.log(`${pass} passed, ${fail} failed, ${skip} skipped`);
		process.exit(1);
	});
}, GLOBAL_TIMEOUT_MS);

main().catch((e) => notOk('runner', e && e.stack ? e.stack : e)).finally(async () => {
	clearTimeout(guard);
	await cleanup();
	console.log(`${pass} passed, ${fail} failed, ${skip} skipped`);
	process.exit(fail ? 1 : 0);
});
