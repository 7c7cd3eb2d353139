#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
//
// harness.js - what every browser suite of the SCS web UI shares: a fresh
// register in a temporary directory (data/demo.jsonl and
// data/demo-cases.jsonl, one account per role, SCS_PWHASH_COST=min), a real
// `scs serve` on it, Debian's Chromium (/usr/bin/chromium; never a
// downloaded browser) driven by playwright-core from ui/node_modules
// (pinned by ui/package-lock.json), headless, with a fresh profile; and the
// helpers a test needs: test(), assert(), newPage(lang), signIn(),
// waitIdle(), settled(), axe() (0 serious or critical violations), shot()
// (a screenshot into tests/browser/out/), scs() (the command line on the
// same register), get() (a plain HTTP GET).  run.js runs the suites.
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
const FIREFOX = process.env.SCS_FIREFOX || '/usr/lib/firefox-esr/firefox-esr';
const CATALOG = require(path.join(REPO, 'ui', 'catalogs.cjs')).loadCatalogs();
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const GLOBAL_TIMEOUT_MS = 25 * 60 * 1000; /* a guard against a hang, not a measurement */
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
	/* The host's side of a visit request: a partner's security office. */
	['host', 'dcsa', 'security_officer', null],
];
/* The pages of each role and where it lands: ui/src/routes.js. */
const PAGES = {
	admin: ['/users', '/organizations', '/bodies', '/keys', '/cases', '/reports/timeliness', '/reports/statistics', '/reports/annual', '/reports/planner', '/alerts/stats',
		'/reports/incidents', '/concerns/new', '/account'],
	security_officer: ['/staff', '/cases', '/briefings', '/decide', '/incidents', '/visits', '/transfers', '/concerns/new', '/account'],
	subject: ['/cases', '/self-reports', '/codes', '/concerns/new', '/account'],
	investigator: ['/cases', '/alerts', '/alerts/stats', '/concerns/new', '/account'],
	adjudicator: ['/cases', '/cases/e-adjudicated', '/reports/timeliness', '/transfers', '/concerns/new', '/account'],
	designator: ['/items', '/programs', '/compartments', '/conforming', '/decide', '/concerns/new', '/account'],
	auditor: ['/audit', '/audit/decisions', '/reports/timeliness', '/reports/statistics', '/reports/annual', '/reports/planner', '/alerts/stats', '/reports/incidents',
		'/concerns/new', '/account'],
};
const USERS = { admin: 'admin', security_officer: 'officer', subject: 'misaki', investigator: 'investigator',
	adjudicator: 'adjudicator', designator: 'designator', auditor: 'auditor' };

let pass = 0;
let fail = 0;
let skip = 0;
let tmp;
let server;
let browser;
let base;
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
		const at = e && e.stack ? /([\w-]+\.js):(\d+)/.exec(e.stack.split('\n').slice(1).find((l) => l.includes(path.join(__dirname, 'suites'))) || '') : null;
		notOk(name, (e && e.message ? e.message.split('\n')[0] : e) + (at ? ` (${at[1]}:${at[2]})` : ''));
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
	/* Record checks read the demo's adverse-records feed (read at serve start). */
	scs(['checks', 'feed', path.join(REPO, 'data', 'demo-feed.jsonl')]);
	/* Attestation keys, as make run makes them: an offline root per
	 * authority (a file outside the register) and a signing key it
	 * certifies; server.trust is the exported key lists, for verifiers. */
	for (const a of ['JPN-SDS', 'JPN-CESI']) {
		const root = path.join(tmp, 'root-' + a + '.key');
		scs(['trust', 'root', 'new', '--authority', a, '--out', root]);
		scs(['trust', 'key', 'new', '--authority', a, '--root', root]);
	}
	server.trust = path.join(tmp, 'trust.json');
	scs(['trust', 'export', '-o', server.trust]);
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

/*
 * Firefox: Debian's firefox-esr (/usr/lib/firefox-esr/firefox-esr), driven
 * over WebDriver BiDi (playwright-core's 'moz-firefox' channel; never a
 * downloaded browser), headless, with a fresh profile.  playwright-core
 * sends emulation.setMediaFeaturesOverride at every new context, which
 * Firefox ESR 153 does not know yet; the harness runs a copy of
 * playwright-core in its temporary directory in which that one call may
 * fail (its sendMayFail), and says so.  null (with h.firefoxMissing saying
 * why) when Firefox is not installed or the copy cannot be made.
 */
let firefoxBrowser;
let firefoxMissing = '';
async function firefox() {
	if (firefoxBrowser !== undefined)
		return firefoxBrowser;
	firefoxBrowser = null;
	if (!fs.existsSync(FIREFOX)) {
		firefoxMissing = FIREFOX + ' missing: apt-get install firefox-esr (tools/deps.sh test)';
		return null;
	}
	const dir = path.join(tmp, 'playwright-core');
	fs.cpSync(PW, dir, { recursive: true, dereference: true });
	const bundle = path.join(dir, 'lib', 'coreBundle.js');
	const src = fs.readFileSync(bundle, 'utf8');
	const call = '.send("emulation.setMediaFeaturesOverride"';
	if (!src.includes(call)) {
		firefoxMissing = 'playwright-core no longer sends emulation.setMediaFeaturesOverride as the harness expects: look again';
		return null;
	}
	fs.writeFileSync(bundle, src.split(call).join('.sendMayFail("emulation.setMediaFeaturesOverride"'));
	console.log('# firefox: ' + FIREFOX + ' over WebDriver BiDi (emulation.setMediaFeaturesOverride may fail)');
	firefoxBrowser = await require(dir).firefox.launch({ channel: 'moz-firefox', executablePath: FIREFOX, headless: true });
	return firefoxBrowser;
}

/* Before a screenshot, playwright-core adds and removes a <style> holding
 * "body {}" (to sync animations, in Firefox); the page's CSP refuses it and
 * Firefox reports that as a page error naming the style's hash.  That one
 * report is the test tool's, not the page's: ignored, by its exact hash. */
const PW_SCREENSHOT_STYLE = 'sha256-' + require('node:crypto').createHash('sha256').update('body {}').digest('base64');

/* A page in a fresh context of Chromium, or of Firefox with opts.firefox. */
async function newPage(lang, opts) {
	const b = opts && opts.firefox ? await firefox() : browser;
	assert(b, firefoxMissing);
	const context = await b.newContext({ locale: lang === 'ja' ? 'ja-JP' : 'en-US',
		timezoneId: 'Asia/Tokyo', viewport: { width: 1200, height: 900 } });
	const page = await context.newPage();
	lastPage = page;
	page.setDefaultTimeout(30000);
	page.errors = [];
	page.on('pageerror', (e) => {
		if (!e.message.includes(PW_SCREENSHOT_STYLE))
			page.errors.push(e.message);
	});
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
	/* Done when the server has answered: signed in (the header names the
	 * user) or refused (an error on the page).  Without this, a test that
	 * goes on at once may navigate before the session cookie is set. */
	await page.waitForFunction(() => document.querySelector('.who .user') ||
		document.querySelector('main .field-error, main .notice-error, main .notice-warn'));
}

/* No request in flight (ui/src/api.js marks them on <html data-busy>). */
async function settled(page) {
	await page.waitForFunction(() => !document.documentElement.dataset.busy && !document.querySelector('.loading'));
}

async function waitIdle(page) {
	await page.waitForFunction(() => !document.querySelector('.loading'));
	await page.locator('main h1').first().waitFor();
}

/* The register, the server and the browser, before the first suite. */
async function start(bin) {
	assert(bin, 'usage: run.js /path/to/scs');
	const uiDir = path.join(path.dirname(path.resolve(bin)), 'gen', 'ui');
	assert(fs.existsSync(path.join(uiDir, 'index.html')), 'no built UI in ' + uiDir);
	assert(fs.existsSync(CHROMIUM), CHROMIUM + ' missing: apt-get install chromium (tools/deps.sh test)');
	fs.mkdirSync(OUT, { recursive: true });
	await setup(bin);
	const root = await get(base + '/');
	assert(root.status === 200 && /text\/html/.test(root.headers['content-type'] || ''), 'GET / is not the UI: ' + root.status);
	console.log(`# ${base}`);

	const { chromium } = require(PW);
	/* launch() starts Chromium with a fresh --user-data-dir of its own (a
	 * temporary profile removed at close); it refuses one in args. */
	browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
			'--disable-sync', '--no-first-run'],
	});
}

async function stop() {
	if (browser)
		await browser.close().catch(() => {});
	if (firefoxBrowser)
		await firefoxBrowser.close().catch(() => {});
	if (server && server.proc && server.proc.exitCode === null) {
		server.proc.kill('SIGTERM');
		await new Promise((r) => server.proc.once('exit', r));
	}
	if (tmp && !process.env.SCS_BROWSER_KEEP_TMP)
		fs.rmSync(tmp, { recursive: true, force: true });
}

/* Today (UTC, as the server counts) plus @n years, YYYY-MM-DD (the 28th
 * at the latest, so that any year has the day). */
function ymd(n) {
	const d = new Date();
	return String(d.getUTCFullYear() + (n || 0)) + '-' + String(d.getUTCMonth() + 1).padStart(2, '0') + '-' +
		String(Math.min(d.getUTCDate(), 28)).padStart(2, '0');
}

/* The counts so far, for the last line. */
function counts() {
	return { pass, fail, skip };
}

module.exports = {
	start, stop, counts, test, assert, ok, notOk, skipped, newPage, axe, shot, signIn, settled, waitIdle, scs, get,
	CATALOG, CSP, PASSWORD, ADMIN_PASSWORD, PAGES, USERS, GLOBAL_TIMEOUT_MS, ymd,
	get base() {
		return base;
	},
	get server() {
		return server;
	},
	firefox,
	get firefoxMissing() {
		return firefoxMissing;
	},
};
