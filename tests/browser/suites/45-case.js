// SPDX-License-Identifier: Apache-2.0
// 45-case.js - a case opened from the list: the summary its reader may
// see (the sponsor's officer: the outcome view, never the state), the
// navigation marking Cases as where the page is, an unknown case named;
// the person, the sponsor and the screening body by name, not by id
// (ui/src/names.js), and the ids where the names cannot be read.
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

	/* The text of the fact named term in the case summary, once it reads want. */
	const factIs = async (page, term, want) => {
		try {
			await page.waitForFunction(([t, w]) => {
				const dt = [...document.querySelectorAll('main dl.facts dt')].find((d) => d.textContent === t);
				return dt && dt.nextElementSibling.textContent.replace(/\s+/g, ' ').trim() === w;
			}, [term, want], { timeout: 10000 });
		} catch (e) {
			const got = await page.evaluate((t) => {
				const dt = [...document.querySelectorAll('main dl.facts dt')].find((d) => d.textContent === t);
				return dt ? dt.nextElementSibling.textContent : '(no such term)';
			}, term);
			throw new Error(`${term}: "${got}", not "${want}"`);
		}
	};
	const json = (page, path) => page.evaluate((p) => fetch('/v1' + p).then((r) => r.json()), path);

	for (const [role, user, lang] of [['investigator', 'investigator', 'en'], ['security_officer', 'officer', 'ja'], ['subject', 'misaki', 'ja']]) {
		await test(`${role} (${lang}): the case summary names the person, the sponsor and the screening body`, async () => {
			const { context, page } = await newPage(lang);
			const T = CATALOG[lang];
			try {
				await signIn(page, user);
				await waitIdle(page);
				if (!page.url().endsWith('/cases'))
					await page.locator('.nav a[href="/cases"]').click();
				await page.locator('main table tbody tr a').first().waitFor();
				const id = (await page.locator('main table tbody tr a code').first().textContent()).trim();
				const c = await json(page, '/cases/' + encodeURIComponent(id));
				const p = await json(page, '/persons/' + encodeURIComponent(c.person));
				const orgs = (await json(page, '/organizations')).organizations;
				const orgName = (o) => orgs.find((x) => x.id === o).name;
				assert(p.name && p.name !== c.person, 'the reader may read the person: ' + JSON.stringify(p));
				await page.locator('main table tbody tr a').first().click();
				await page.waitForURL(base + '/cases/' + encodeURIComponent(id));
				await waitIdle(page);
				await settled(page);
				await factIs(page, T['field.person'], `${p.name} (${p.name_latin}) ${c.person}`);
				if (/[\u3040-\u9fff]/.test(p.name))
					assert(await page.getAttribute('main dl.facts .person-name', 'lang') === 'ja', 'a name in kanji is not lang=ja');
				await factIs(page, T['case.sponsor'], `${orgName(c.sponsor)} ${c.sponsor}`);
				if (c.body)
					await factIs(page, T['case.body'], `${orgName(c.body)} ${c.body}`);
				assert(await page.getAttribute('main dl.facts .org-name', 'title') === c.sponsor, 'the id in the title');
				await axe(page);
				await shot(page, `${role}-case-names-${lang}`);
			} finally {
				await context.close();
			}
		});
	}

	await test('the ids where the names cannot be read (the lookups refused)', async () => {
		const { context, page } = await newPage('en');
		try {
			await page.route(/\/v1\/(organizations|persons\/[^/?]+)(\?.*)?$/, (r) => r.fulfill({ status: 500, body: '' }));
			await signIn(page, 'investigator');
			await waitIdle(page);
			await page.locator('main table tbody tr a').first().waitFor();
			const id = (await page.locator('main table tbody tr a code').first().textContent()).trim();
			const c = await json(page, '/cases/' + encodeURIComponent(id));
			await page.locator('main table tbody tr a').first().click();
			await page.waitForURL(base + '/cases/' + encodeURIComponent(id));
			await waitIdle(page);
			await settled(page);
			await factIs(page, CATALOG.en['field.person'], c.person);
			await factIs(page, CATALOG.en['case.sponsor'], c.sponsor);
			assert((await page.locator('.who .org').textContent()).trim() === 'cao', 'the header: ' + await page.locator('.who .org').textContent());
			assert(await page.locator('main .notice-error').count() === 0, 'a failed lookup is no error of the page');
			await axe(page);
		} finally {
			await context.close();
		}
	});
};
