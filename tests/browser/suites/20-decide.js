// SPDX-License-Identifier: Apache-2.0
// 20-decide.js - "may P see X at T?", and what a lost connection or a 5xx
// does to typed input.
'use strict';

module.exports = async function (h) {
	const { test, assert, newPage, axe, shot, signIn, waitIdle, CATALOG } = h;
	const base = h.base;

	await test('may P see X: the answer and its reason in words, at a time in the user\'s zone', async () => {
		const { context, page } = await newPage('en');
		try {
			await signIn(page, 'designator');
			/* A designator lands on their items; /decide is in their navigation. */
			await page.waitForURL(base + '/items');
			await page.locator('.nav a[href="/decide"]').click();
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
			/* A designator lands on their items; /decide is in their navigation. */
			await page.waitForURL(base + '/items');
			await page.locator('.nav a[href="/decide"]').click();
			await page.waitForURL(base + '/decide');
			await waitIdle(page);
			await context.setOffline(true);
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
};
