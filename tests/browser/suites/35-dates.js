// SPDX-License-Identifier: Apache-2.0
// 35-dates.js - dates in the user's zone and calendar: a bare date typed
// in Tokyo is midnight in Tokyo (the audit filter's from and to, as the
// request carries them), and the date style of "my account" (the
// language's way, 和暦, ISO 8601) applied at once and kept after a reload;
// times to the minute in every style and language (a table's column does
// not wrap), the instant to the second in the title.
'use strict';

module.exports = async function (h) {
	const { test, assert, newPage, axe, shot, signIn, waitIdle, settled } = h;
	const base = h.base;

	await test('a bare date typed in Tokyo means midnight in Tokyo (the audit filter sends UTC instants)', async () => {
		const { context, page } = await newPage('en');
		try {
			await signIn(page, 'auditor');
			await page.waitForURL(base + '/audit');
			await waitIdle(page);
			await page.locator('#aud-from').fill('2026-02-01');
			await page.locator('#aud-to').fill('2026-02-28');
			const req = page.waitForRequest((r) => r.url().includes('/v1/audit?') && r.url().includes('from='));
			await page.locator('.filters button[type=submit]').click();
			const u = new URL((await req).url());
			/* Tokyo is UTC+9: the first of February begins at 15:00Z on the 31st of January; "to" is
			 * inclusive, so the filter ends where the first of March begins. */
			assert(u.searchParams.get('from') === '2026-01-31T15:00:00Z', 'from=' + u.searchParams.get('from'));
			assert(u.searchParams.get('to') === '2026-02-28T15:00:00Z', 'to=' + u.searchParams.get('to'));
			await settled(page);
			assert(await page.locator('main .notice-error').count() === 0, 'refused');
		} finally {
			await context.close();
		}
	});

	await test('date style: 和暦 and ISO 8601 applied at once, kept after a reload, the ISO instant on hover', async () => {
		const { context, page } = await newPage('ja');
		try {
			await signIn(page, 'investigator');
			await page.waitForURL(base + '/cases');
			await page.locator('.nav a[href="/account"]').click();
			await waitIdle(page);
			await settled(page);
			const when = page.locator('section[aria-labelledby="sess-h"] tbody time').first();
			await when.waitFor();
			const iso = await when.getAttribute('datetime');
			assert(/^\d{4}\/\d{1,2}\/\d{1,2} \d{1,2}:\d{2}$/.test(await when.textContent()), 'local style, to the minute: ' + await when.textContent());
			await page.locator('#prefs-era').check();
			await page.waitForFunction(() => /令和/.test(document.querySelector('section[aria-labelledby="sess-h"] tbody time').textContent));
			assert(/^令和\d+年\d{1,2}月\d{1,2}日 \d{1,2}:\d{2}$/.test(await when.textContent()), '和暦, to the minute: ' + await when.textContent());
			await axe(page);
			await shot(page, 'account-dates-era-ja');
			await page.reload();
			await waitIdle(page);
			await settled(page);
			assert(/令和/.test(await page.locator('section[aria-labelledby="sess-h"] tbody time').first().textContent()), 'era not kept');
			assert(await page.isChecked('#prefs-era'), 'choice not kept');
			await page.locator('#prefs-iso').check();
			await page.waitForFunction(() => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} \+09:00$/.test(
				document.querySelector('section[aria-labelledby="sess-h"] tbody time').textContent));
			assert(await page.locator('section[aria-labelledby="sess-h"] tbody time').first().getAttribute('title') === iso, 'no ISO on hover');
			await page.locator('#prefs-local').check();
		} finally {
			await context.close();
		}
	});

	await test('en: times to the minute in a table, the instant to the second in its title', async () => {
		const { context, page } = await newPage('en');
		try {
			await signIn(page, 'investigator');
			await page.waitForURL(base + '/cases');
			await page.locator('.nav a[href="/account"]').click();
			await waitIdle(page);
			await settled(page);
			const when = page.locator('section[aria-labelledby="sess-h"] tbody time').first();
			await when.waitFor();
			const text = await when.textContent();
			/* "Dec 5, 2026, 2:13 PM": no seconds. */
			assert(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s[AP]M$/.test(text), 'to the minute: ' + text);
			const iso = await when.getAttribute('title');
			assert(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(iso) && await when.getAttribute('datetime') === iso, 'the instant: ' + iso);
			await axe(page);
		} finally {
			await context.close();
		}
	});
};
