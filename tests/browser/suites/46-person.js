// SPDX-License-Identifier: Apache-2.0
// 46-person.js - a security officer adds a member of staff with a name in
// kanji (an itaiji, 髙) typed as an IME commits it, and in Latin letters;
// an identifier already taken is refused by the server under its field
// and the typed names stay; the person is listed with the name exactly as
// typed, then corrected (the nationalities typed as codes, named beside
// the field in the page's language), then offered for nomination.
'use strict';

module.exports = async function (h) {
	const { test, assert, newPage, axe, shot, signIn, waitIdle, settled, CATALOG } = h;
	const base = h.base;

	for (const lang of ['ja', 'en']) {
		const T = CATALOG[lang];
		const id = `per-t-${lang}`;
		await test(`${lang}: security officer adds a member of staff (kanji and Latin names), corrects the identity`, async () => {
			const { context, page } = await newPage(lang);
			try {
				await signIn(page, 'officer');
				await page.waitForURL(base + '/staff');
				await waitIdle(page);
				await page.locator('a[href="/staff/new"]').click();
				await page.waitForURL(base + '/staff/new');
				await waitIdle(page);
				/* An identifier the register already holds (a demo person of owari-hi). */
				await page.locator('#per-id').fill('p16');
				/* Text as an IME commits it: one insertion of the composed string. */
				await page.locator('#per-name').focus();
				await page.keyboard.insertText('髙橋 一郎');
				await page.locator('#per-name_latin').fill('TAKAHASHI Ichiro');
				await page.locator('#per-birth_date').fill('1988-07-07');
				await page.locator('button[type=submit]').click();
				await page.locator('#per-id-err').waitFor();
				assert(await page.getAttribute('#per-id', 'aria-invalid') === 'true', 'id not marked');
				assert(await page.inputValue('#per-name') === '髙橋 一郎', 'the name was lost');
				assert(await page.getAttribute('#per-name', 'lang') === 'ja', 'the kanji name is not marked Japanese');
				await axe(page);
				await shot(page, `person-new-error-${lang}`);
				await page.locator('#per-id').fill(id);
				await page.locator('button[type=submit]').click();
				const ok = page.locator('main .notice-ok');
				await ok.waitFor();
				assert((await ok.textContent()).includes('髙橋 一郎'), 'notice: ' + await ok.textContent());
				await shot(page, `person-added-${lang}`);
				/* Listed with the name exactly as typed. */
				await page.locator('main a[href="/staff"]').first().click();
				await page.waitForURL(base + '/staff');
				await settled(page);
				const row = page.locator('main tbody tr', { has: page.locator(`a[href="/persons/${id}"]`) });
				await row.waitFor();
				assert((await row.textContent()).includes('髙橋 一郎') && (await row.textContent()).includes('TAKAHASHI Ichiro'), 'row: ' + await row.textContent());
				/* Corrected: the name read back, changed, saved; the list shows the change. */
				await row.locator(`a[href="/persons/${id}"]`).click();
				await page.waitForURL(base + '/persons/' + id);
				await page.waitForFunction(() => { const e = document.getElementById('per-name'); return e && e.value !== ''; });
				assert(await page.inputValue('#per-name') === '髙橋 一郎', 'not read back: ' + await page.inputValue('#per-name'));
				await page.locator('#per-name').fill('');
				await page.locator('#per-name').focus();
				await page.keyboard.insertText('髙橋 一朗');
				await page.locator('#per-nationalities').fill('JPN, usa');
				/* The codes named beside the field, in the page's language, and read with it. */
				const want = lang === 'ja' ? '日本 (JPN)、アメリカ合衆国 (USA)' : 'Japan (JPN), United States (USA)';
				await page.locator('#per-nationalities-names', { hasText: want }).waitFor();
				assert((await page.getAttribute('#per-nationalities', 'aria-describedby')).split(' ').includes('per-nationalities-names'), 'the names not read with the field');
				assert(await page.locator('#per-nationalities-list option[value="JPN"]').textContent() === (lang === 'ja' ? '日本' : 'Japan'), 'the suggestions by name');
				/* The identity's form: the page holds the attestation and foreign-clearance forms too. */
				await page.locator('form', { has: page.locator('#per-name') }).locator('button[type=submit]').click();
				await page.locator('main .notice-ok', { hasText: T['person.saved'] }).waitFor();
				await axe(page);
				await shot(page, `person-edit-${lang}`);
				const p = await page.evaluate((pid) => fetch('/v1/persons/' + pid).then((r) => r.json()), id);
				assert(p.name === '髙橋 一朗' && p.nationalities.join(',') === 'JPN,USA', 'stored: ' + JSON.stringify(p));
				await page.locator('button.secondary', { hasText: T['person.nominate_now'] }).click();
				await page.waitForURL(base + '/cases/new?person=' + id);
			} finally {
				await context.close();
			}
		});
	}
};
