// SPDX-License-Identifier: Apache-2.0
// 30-auditor.js - the auditor's log and report, and a phone-sized screen.
'use strict';

module.exports = async function (h) {
	const { test, assert, newPage, axe, shot, signIn, waitIdle, CATALOG } = h;
	const base = h.base;

	await test('auditor: verify, filter by action, a bad filter named by its field, charts drawn', async () => {
		const { context, page } = await newPage('en');
		try {
			await signIn(page, 'auditor');
			await page.waitForURL(base + '/audit');
			await waitIdle(page);
			await page.locator('button', { hasText: CATALOG.en['audit.verify'] }).click();
			await page.locator('.notice-ok', { hasText: CATALOG.en['audit.verify_ok'] }).waitFor();
			/* The log shows each action by its name, its code in a title. */
			const names = () => page.locator('main table tbody tr td.action').evaluateAll((tds) =>
				tds.map((x) => [x.dataset.code, x.textContent, x.title]));
			await page.locator('main table tbody tr td.action').first().waitFor();
			for (const [code, text, title] of await names()) {
				assert(CATALOG.en['audit.action.' + code] === text, `action ${code} shown as ${text}`);
				assert(title === CATALOG.en['audit.action_code'].replace('{code}', code), 'title ' + title);
			}
			/* The filter offers the names; a code typed is taken as it is. */
			const offered = await page.locator('#aud-actions option').evaluateAll((os) => os.map((o) => [o.value, o.label]));
			assert(offered.length >= 40 && offered.some(([v, l]) => v === 'login_failed' && l === CATALOG.en['audit.action.login_failed']),
				'the datalist: ' + JSON.stringify(offered.slice(0, 5)));
			await page.locator('#aud-action').fill('login');
			await page.locator('.filters button[type=submit]').click();
			await page.waitForFunction((name) => {
				const a = [...document.querySelectorAll('main table tbody tr td:nth-child(4)')].map((x) => x.textContent);
				return a.length > 0 && a.every((x) => x === name);
			}, CATALOG.en['audit.action.login']);
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

	await test('auditor (ja): the actions by their Japanese names, a name typed in the filter searches by its code', async () => {
		const { context, page } = await newPage('ja');
		try {
			const ja = CATALOG.ja;
			await signIn(page, 'auditor');
			await page.waitForURL(base + '/audit');
			await waitIdle(page);
			await page.locator('main table tbody tr td.action').first().waitFor();
			const cells = await page.locator('main table tbody tr td.action').evaluateAll((tds) => tds.map((x) => [x.dataset.code, x.textContent]));
			assert(cells.every(([code, text]) => ja['audit.action.' + code] === text), 'names: ' + JSON.stringify(cells.slice(0, 5)));
			const labels = await page.locator('#aud-actions option').evaluateAll((os) => os.map((o) => o.label));
			assert(labels.includes(ja['audit.action.consent']), 'the datalist in Japanese');
			const req = page.waitForRequest((r) => r.url().includes('/v1/audit?') &&
				new URL(r.url()).searchParams.get('action') === 'login');
			await page.locator('#aud-action').fill(ja['audit.action.login']);
			await page.locator('.filters button[type=submit]').click();
			await req;
			await page.waitForFunction((name) => {
				const a = [...document.querySelectorAll('main table tbody tr td.action')].map((x) => x.textContent);
				return !document.documentElement.dataset.busy && a.length > 0 && a.every((x) => x === name);
			}, ja['audit.action.login']);
			await axe(page);
			await shot(page, 'auditor-audit-actions-ja');
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
};
