// SPDX-License-Identifier: Apache-2.0
// 45-case.js - a case opened from the list: the summary its reader may
// see (the sponsor's officer: the outcome view, never the state), the
// navigation marking Cases as where the page is, an unknown case named.
'use strict';

module.exports = async function (h) {
	const { test, assert, newPage, axe, shot, signIn, waitIdle, settled, CATALOG } = h;
	const base = h.base;

	for (const [role, user, full] of [['investigator', 'investigator', true], ['security_officer', 'officer', false]]) {
		await test(`${role}: a case opened from the list shows ${full ? 'its state' : 'its outcome only'}`, async () => {
			const { context, page } = await newPage('en');
			try {
				await signIn(page, user);
				await waitIdle(page);
				if (!page.url().endsWith('/cases'))
					await page.locator('.nav a[href="/cases"]').click();
				await page.locator('main table tbody tr a').first().waitFor();
				const id = (await page.locator('main table tbody tr a code').first().textContent()).trim();
				await page.locator('main table tbody tr a').first().click();
				await page.waitForURL(base + '/cases/' + encodeURIComponent(id));
				await waitIdle(page);
				await settled(page);
				assert((await page.locator('main h1').textContent()).includes(id), 'title');
				assert(await page.getAttribute('.nav a[href="/cases"]', 'aria-current') === 'location', 'Cases not marked');
				const terms = await page.locator('main dl.facts dt').allTextContents();
				assert(terms.includes(CATALOG.en['cases.state']) === full, 'terms: ' + terms.join(', '));
				await axe(page);
				await shot(page, `${role}-case-en`);
				await page.goto(base + '/cases/no-such-case');
				await page.locator('main .notice-error').waitFor();
			} finally {
				await context.close();
			}
		});
	}
};
