// SPDX-License-Identifier: Apache-2.0
// 40-account.js - the cookie session across a reload, my sessions and
// password, the security officer's staff list.
'use strict';

module.exports = async function (h) {
	const { test, assert, newPage, axe, shot, signIn, settled, waitIdle, CATALOG } = h;
	const base = h.base;

	await test('a reload keeps the session (cookie, GET /v1/me with csrf) and a change still works', async () => {
		const { context, page } = await newPage('en');
		try {
			await signIn(page, 'designator');
			await page.waitForURL(base + '/items'); /* a designator's start page */
			await page.goto(base + '/decide');
			await waitIdle(page);
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

	await test('my account: sessions listed, another ended; a wrong current password named by its field', async () => {
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

	await test('security officer: staff filtered by status and sorted', async () => {
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
};
