// SPDX-License-Identifier: Apache-2.0
// 90-firefox.js - the same UI in Firefox (Debian's firefox-esr over
// WebDriver BiDi, harness.js): every role signs in, in Japanese or English
// by turns, lands on its start page, and every page of its navigation
// loads without an error, passes axe and is photographed (firefox-…png);
// the language switch; a phone-sized screen; the page offline after load.
'use strict';

module.exports = async function (h) {
	const { test, assert, newPage, axe, shot, signIn, waitIdle, settled, CATALOG, PASSWORD, ADMIN_PASSWORD, PAGES, USERS } = h;
	const base = h.base;
	const ff = { firefox: true };

	if (!(await h.firefox())) {
		h.skipped('Firefox', h.firefoxMissing);
		return;
	}

	let n = 0;
	for (const role of Object.keys(PAGES)) {
		const lang = n++ % 2 ? 'en' : 'ja';
		await test(`firefox ${lang}: ${role} signs in and every page loads, passes axe`, async () => {
			const { context, page } = await newPage(lang, ff);
			try {
				await signIn(page, USERS[role], role === 'admin' ? ADMIN_PASSWORD : PASSWORD);
				await page.waitForURL(base + PAGES[role][0]);
				for (const p of PAGES[role]) {
					if (p !== PAGES[role][0]) {
						await page.locator(`.nav a[href="${p}"]`).click();
						await page.waitForURL(base + p);
					}
					await waitIdle(page);
					await settled(page);
					const alerts = await page.locator('main .notice-error').allTextContents();
					assert(alerts.length === 0, `${p}: ${alerts.join(' | ')}`);
					assert(await page.getAttribute('html', 'lang') === lang, 'lang');
					await axe(page);
					await shot(page, `firefox-${role}${p.replace(/\//g, '-')}-${lang}`);
				}
				const other = lang === 'en' ? 'ja' : 'en';
				await page.locator(`.lang-btn[data-lang="${other}"]`).click();
				await page.waitForFunction((l) => document.documentElement.lang === l, other);
				assert((await page.locator('.who .user').textContent()).includes(CATALOG[other]['role.' + role]), 'the switch');
				assert(page.errors.length === 0, page.errors.join('; '));
			} finally {
				await context.close();
			}
		});
	}

	await test('firefox: a phone-sized screen fits; offline after load keeps the input', async () => {
		const { context, page } = await newPage('ja', ff);
		try {
			await page.setViewportSize({ width: 375, height: 740 });
			await signIn(page, 'designator');
			await page.waitForURL(base + '/items');
			await waitIdle(page);
			/* The navigation wraps on a phone; the page must still fit. */
			const overItems = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
			assert(overItems <= 0, `/items is ${overItems}px wider than the screen`);
			await page.locator('.nav a[href="/decide"]').click();
			await page.waitForURL(base + '/decide');
			await waitIdle(page);
			const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
			assert(over <= 0, `the page is ${over}px wider than the screen`);
			await context.setOffline(true);
			await page.locator('#dec-subject').fill('p-demo-subject');
			await page.locator('#dec-item').fill('no-such-item');
			await page.locator('form button[type=submit]').click();
			await page.locator('main .notice-warn').waitFor();
			assert(await page.inputValue('#dec-subject') === 'p-demo-subject', 'input lost');
			await shot(page, 'firefox-offline-phone-ja');
			await context.setOffline(false);
			await page.locator('main .notice-warn button').click();
			await page.locator('.answer').waitFor();
		} finally {
			await context.close();
		}
	});
};
