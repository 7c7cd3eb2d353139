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
};
