#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
//
// bench/ui.js SCS [LOADS] - how fast the web UI paints, on loopback, in
// Debian's Chromium (headless, the flags of the browser tests), against a
// real `scs serve` on the demo register (tools/demo.sh in a temporary
// directory).  Each page of each role is loaded LOADS times (default 10),
// each time in a fresh browser context (empty cache, as a first visit),
// signed in by its cookie beforehand; per page it prints the median and
// the slowest of:
//   first paint  the browser's first-contentful-paint of the page
//   ready        the page's own data shown: <main> has its <h1>, no
//                "loading" and no request in flight (ui/src/api.js marks
//                them on <html data-busy>)
// and the bytes transferred.  The baseline, in the same run and browser:
// a static HTML file from disk (file://) with one heading and no script,
// the floor of a first paint on this machine.  TARGETS: first paint of any
// page <= 1 s on loopback (issue 9).  No figure here is a test: the
// machine is shared and noisy.
'use strict';

const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..');
const { chromium } = require(path.join(REPO, 'ui', 'node_modules', 'playwright-core'));
const CHROMIUM = process.env.SCS_CHROMIUM || '/usr/bin/chromium';
const PW = 'demo-password-2026';
/* [user, role, pages]: the demo's logins (tools/demo.sh). */
const ROLES = [
	[null, 'signed out', ['/login']],
	['officer', 'security_officer', ['/staff', '/cases', '/decide']],
	['misaki', 'subject', ['/cases', '/account']],
	['investigator', 'investigator', ['/cases']],
	['adjudicator', 'adjudicator', ['/cases', '/reports/timeliness']],
	['designator', 'designator', ['/decide']],
	['auditor', 'auditor', ['/audit', '/reports/timeliness']],
];

const median = (a) => {
	const s = [...a].sort((x, y) => x - y);
	return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
	const bin = path.resolve(process.argv[2] || path.join(REPO, 'build', 'scs'));
	const loads = Number(process.argv[3] || 10);
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scs-bench-ui-'));
	const db = path.join(tmp, 'scs.db');
	const env = { ...process.env, SCS_PWHASH_COST: 'min' };
	execFileSync('sh', [path.join(REPO, 'tools', 'demo.sh'), bin, db], { env, stdio: 'ignore' });
	const srv = spawn(bin, ['--db', db, 'serve', '--listen', '127.0.0.1:0'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
	const base = await new Promise((resolve, reject) => {
		let buf = '';
		srv.stdout.on('data', (d) => {
			buf += d;
			const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(buf);
			if (m)
				resolve(m[1]);
		});
		srv.on('exit', (c) => reject(new Error('scs serve exited ' + c)));
	});
	const floor = path.join(tmp, 'floor.html');
	fs.writeFileSync(floor, '<!doctype html><html lang="en"><meta charset="utf-8"><title>floor</title><h1>A heading</h1></html>\n');
	const browser = await chromium.launch({
		executablePath: CHROMIUM, headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
			'--disable-sync', '--no-first-run'],
	});
	const rows = [];
	try {
		const measure = async (user, url, ready) => {
			const fcp = [];
			const rdy = [];
			let bytes = 0;
			for (let i = 0; i < loads; i++) {
				const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
				if (user) {
					const r = await context.request.post(base + '/v1/login', { data: { username: user, password: PW, cookie: true } });
					if (!r.ok())
						throw new Error(`login ${user}: ${r.status()}`);
				}
				const page = await context.newPage();
				let sum = 0;
				page.on('response', async (res) => {
					const s = await res.request().sizes().catch(() => null);
					if (s)
						sum += s.responseBodySize + s.responseHeadersSize;
				});
				await page.goto(url);
				if (ready)
					await page.waitForFunction(() => document.querySelector('main h1') && !document.querySelector('.loading') &&
						!document.documentElement.dataset.busy, null, { polling: 'raf' });
				const t = await page.evaluate(() => new Promise((resolve) => {
					const now = performance.now();
					const get = () => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime;
					if (get() !== undefined)
						return resolve([get(), now]);
					new PerformanceObserver(() => resolve([get(), now])).observe({ type: 'paint', buffered: true });
				}));
				fcp.push(t[0]);
				rdy.push(t[1]);
				await page.waitForLoadState('networkidle');
				bytes = sum;
				await context.close();
			}
			return { fcp, rdy, bytes };
		};
		const f = await measure(null, 'file://' + floor, false);
		rows.push(['baseline: static HTML from disk', '—', f]);
		for (const [user, role, pages] of ROLES)
			for (const p of pages)
				rows.push([p, role, await measure(user, base + p, true)]);
	} finally {
		await browser.close();
		srv.kill('SIGTERM');
		fs.rmSync(tmp, { recursive: true, force: true });
	}
	const ms = (x) => x.toFixed(0);
	console.log(`Web UI on loopback: Chromium ${browser.version()}, ${loads} first visits per page (fresh context), demo register`);
	console.log('');
	console.log('| page | role | first paint ms (median / max) | ready ms (median / max) | bytes transferred | target |');
	console.log('|---|---|---:|---:|---:|---|');
	for (const [p, role, r] of rows)
		console.log(`| ${p} | ${role} | ${ms(median(r.fcp))} / ${ms(Math.max(...r.fcp))} | ${ms(median(r.rdy))} / ${ms(Math.max(...r.rdy))} | ${r.bytes} | ${p.startsWith('baseline') ? '' : 'first paint <= 1000 ms'} |`);
}

main().catch((e) => {
	console.error('bench/ui.js: ' + (e && e.stack ? e.stack : e));
	process.exit(1);
});
