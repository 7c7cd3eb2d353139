// SPDX-License-Identifier: Apache-2.0
// 47-srvmsg.js - the server's refusal in the UI's language: a security
// officer adds a member of staff with an identifier the register already
// holds (p16, a demo person); the server refuses in English ("this person
// already exists"), and the page shows it under the identifier in
// Japanese on a Japanese page (ui/src/srvmsg.js over
// ui/src/i18n/server/ja.json), as the server wrote it on an English one.
// Nothing is saved: the demo records stay as they are.
'use strict';

module.exports = async function (h) {
	const { test, assert, newPage, axe, shot, signIn, waitIdle } = h;
	const base = h.base;
	const want = { ja: 'この人物はすでに存在します。', en: 'this person already exists' };

	for (const lang of ['ja', 'en']) {
		await test(`${lang}: the server's refusal is shown in the page's language beside its field`, async () => {
			const { context, page } = await newPage(lang);
			try {
				await signIn(page, 'officer');
				await page.waitForURL(base + '/staff');
				await waitIdle(page);
				await page.goto(base + '/staff/new');
				await waitIdle(page);
				await page.locator('#per-id').fill('p16');
				await page.locator('#per-name').fill('重複 太郎');
				await page.locator('#per-name_latin').fill('CHOFUKU Taro');
				await page.locator('#per-birth_date').fill('1990-01-02');
				await page.locator('#per-nationalities').fill('JPN');
				const answer = page.waitForResponse((r) => r.url().endsWith('/v1/persons') && r.request().method() === 'POST');
				await page.locator('button[type=submit]').click();
				const res = await answer;
				const env = await res.json();
				assert(res.status() === 409 && env.error.field === 'id', 'answer: ' + res.status() + ' ' + JSON.stringify(env));
				assert(env.error.message === 'this person already exists', 'the server no longer says: ' + env.error.message);
				const err = page.locator('#per-id-err');
				await err.waitFor();
				const text = (await err.textContent()).trim();
				assert(text === want[lang], `shown: ${JSON.stringify(text)}, not ${JSON.stringify(want[lang])}`);
				assert(await page.getAttribute('#per-id', 'aria-invalid') === 'true', 'id not marked');
				assert((await page.getAttribute('#per-id', 'aria-describedby') || '').includes('per-id-err'), 'error not tied to the field');
				assert(await page.inputValue('#per-name') === '重複 太郎', 'the name was lost');
				await axe(page);
				await shot(page, `srvmsg-refusal-${lang}`);
			} finally {
				await context.close();
			}
		});
	}
};
